"""Columns shared by every sheet."""

from __future__ import annotations

from bulkio.spec.model import Column

DOSSIER = Column(
    key="dossier",
    fr="Dossier",
    en="Dossier",
    synonyms=("Société", "Society", "Company folder", "Accounting folder"),
    help_fr="Dossier visé (id, SIRET, nom ou référence). Vide : le dossier de la cible (--society-id ou jeton).",
    help_en="Target dossier (id, SIRET, name or reference). Empty: the target's dossier (--society-id or token).",
    width=12,
)
