"""Static lists the API refers to by id: way types, countries, VAT codes, APE codes, payment settings.

`WAY_TYPES` and `COUNTRIES` are meant to be shared with the client side (templates, dropdowns), so the
sandbox and the tool agree on ids and labels.
"""

from __future__ import annotations

from typing import Any

from bulkio.sandbox.countries import COUNTRIES, Country

__all__ = [
    "APE_CODES",
    "COUNTRIES",
    "PAYMENT_DEADLINES",
    "PAYMENT_TYPES",
    "VAT_PARAMS",
    "WAY_TYPES",
    "WAY_TYPE_ROWS",
    "Country",
    "country_id",
]

# (id, label, abbreviation) from api-partenaires docs/accounting/specs/road_types.md, the list of ids
# accepted as `way_type_id` / `road_type_id`. Two fixes: the doc swaps label and abbreviation of id 10
# ("RES"/"Residence"), and id 19 has an empty label (kept in WAY_TYPE_ROWS, left out of WAY_TYPES).
# Note: one Postman capture shows a society `road_type` {"id": 43, "label": "Rond Point"}, whereas this
# list gives 42 = Rond Point, 43 = Sente-Sentier; the sandbox follows the documented list.
WAY_TYPE_ROWS: tuple[tuple[int, str, str | None], ...] = (
    (1, "Allée", "ALL"), (2, "Avenue", "AV"), (3, "Boulevard", "BD"), (4, "Chemin", "CHE"),
    (5, "Cours", "CRS"), (6, "Faubourg", "FG"), (7, "Impasse", "IMP"), (8, "Lieu dit", "LD"),
    (9, "Rue", "RUE"), (10, "Residence", "RES"), (11, "Place", "PL"), (12, "Quai", "QUAI"),
    (13, "Villa", "VLA"), (14, "Route", "RTE"), (15, "Square", "SQ"), (16, "Domaine", "DOM"),
    (17, "Voie", None), (18, "Cité", "CITE"), (19, "", None), (21, "Corniche", "COR"),
    (22, "Chaussée", "CHS"), (23, "Carrefour", "CAR"), (25, "Descente", "DSC"), (26, "Ecart", "ECA"),
    (27, "Esplanade", "ESP"), (28, "Grande Rue", "GR"), (29, "Hameau", "HAM"), (30, "Halle", "HLE"),
    (31, "Lotissement", "LOT"), (32, "Marché", "MAR"), (33, "Montée", "MTE"), (34, "Passage", "PAS"),
    (35, "Plaine", "PLN"), (36, "Plateau", "PLT"), (37, "Promenade", "PRO"), (38, "Parvis", "PRV"),
    (39, "Quartier", "QUA"), (40, "Ruelle", "RLE"), (41, "Rocade", "ROC"), (42, "Rond Point", "RPT"),
    (43, "Sente-Sentier", "SEN"), (44, "Terre-plein", "TPL"), (45, "Village", "VLGE"), (46, "Mail", None),
    (47, "Terasse", "TER"),
)

WAY_TYPES: dict[int, str] = {wid: label for wid, label, _abbr in WAY_TYPE_ROWS if label}
"""Way type id -> label (`way_type_id` on writes; `typevoie.lib` / `way_type.label` on reads)."""


def country_id(text: str) -> int | None:
    """Country id from a label or an ISO code (case-insensitive), else None."""
    wanted = text.strip().upper()
    for country in COUNTRIES.values():
        if wanted in (country.iso, country.label.upper()):
            return country.id
    return None


# VAT codes of every dossier (shape of the Postman `GET /vat_param` capture, ids 41-44 as there).
# `ded`/`coll` are account numbers, resolved to the dossier's accounts when rendered.
VAT_PARAMS: dict[int, dict[str, Any]] = {
    41: {"code": "01", "ded": "445660", "coll": "445712", "vat": (4, 20), "type": 1, "exig": 1},
    42: {"code": "02", "ded": "445660", "coll": "445711", "vat": (3, 10), "type": 1, "exig": 1},
    43: {"code": "03", "ded": "445660", "coll": "445712", "vat": (4, 20), "type": 1, "exig": 2},
    44: {"code": "04", "ded": "445620", "coll": "445712", "vat": (4, 20), "type": 2, "exig": 1},
}
VAT_TYPES: dict[int, tuple[str, str]] = {
    1: ("Bien et service", "BIEN"), 2: ("Immobilisation", "IMMO"), 3: ("Auto-liquidation", "AUTO"),
    4: ("non soumis", "NS"), 5: ("import/export", "IMEX"),
}
VAT_EXIGIBILITIES: dict[int, tuple[str, str]] = {
    1: ("Débit (facturation)", "DEB"), 2: ("Encaissement / Décaissement", "ENC"), 3: ("Mixte", "MIX"),
}

# id_ape -> (code, label). 534 and 385 are the ids seen in captures; the other ids are invented.
APE_CODES: dict[int, tuple[str, str]] = {
    534: ("5829C", "Édition de logiciels applicatifs"),
    385: ("4618Z", "Intermédiaires spécialisés dans le commerce d'autres produits spécifiques"),
    610: ("6201Z", "Programmation informatique"),
    641: ("6920Z", "Activités comptables"),
    112: ("1071C", "Boulangerie et boulangerie-pâtisserie"),
    290: ("4321A", "Travaux d'installation électrique dans tous locaux"),
}

# payment_type_id -> (code, label). 13 "CB" is from the docs' example; the others are invented.
PAYMENT_TYPES: dict[int, tuple[str, str]] = {
    1: ("VIR", "Virement"), 2: ("CHQ", "Chèque"), 3: ("PRLV", "Prélèvement"),
    4: ("ESP", "Espèces"), 13: ("CB", "Carte bleue"),
}

# id_payment_deadline -> (label, number_of_days, end_month). 3 is from the docs' example.
PAYMENT_DEADLINES: dict[int, tuple[str, int, bool]] = {
    1: ("Comptant", 0, False), 2: ("30 jours", 30, False), 3: ("30 jours fin de mois", 30, True),
    4: ("45 jours fin de mois", 45, True), 5: ("60 jours", 60, False),
}
