"""Axes, Sections, Répartitions: the analytics of one dossier (reference §5).

An axe is one dimension of analysis; a section is a value on an axe, and every axe has exactly one default
section (conventionally ATTENTE); a repartition key on an axe splits amounts over sections by whole-number
rates that add up to 100. References are by code: a section names its axe, a rate names its key and
section. The sheet and workbook rules below need nothing but the workbook; references that may live in
MyUnisoft are resolved when the plan is made (entities/analytics_*.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace

from bulkio.spec.api_rules import RATE_TOTAL, rate_ok
from bulkio.spec.common import DOSSIER
from bulkio.spec.model import CLEAR, Column, EntitySpec, Finding, Kind, Rule, SheetRows

DEFAULT_SECTION_CODE = "ATTENTE"

# A condition is a list of account roots separated by ';' or ',', a leading '-' excluding a root:
# "601;602;-601A" (reference §5.3 and Q9, where the key example uses a comma).
CONDITION_PATTERN = r"\s*-?\s*[1-9][0-9A-Za-z]*\s*([;,]\s*-?\s*[1-9][0-9A-Za-z]*\s*)*$"


def condition_roots(condition: str) -> list[str]:
    """'601; -601A,602' -> ['601', '-601A', '602']: the normalised form compared with MyUnisoft's."""
    return [part.replace(" ", "") for part in condition.replace(",", ";").split(";") if part.strip()]


def _code_column(key: str, fr: str, en: str, synonyms: tuple[str, ...], example: str, **kw: object) -> Column:
    return Column(key=key, fr=fr, en=en, required=True, synonyms=synonyms, example=example, width=14,
                  **kw)  # type: ignore[arg-type]


AXE_CODE = _code_column(
    "axe_code", "Code axe", "Axis code", ("Axe", "Code de l'axe", "Axis", "Code axe analytique"), "ACTIVITE",
    read="code", help_fr="Code de l'axe analytique, tel qu'il apparaît dans MyUnisoft (majuscules comprises).",
    help_en="Code of the analytic axis, as MyUnisoft shows it (case matters).",
)
SECTION_CODE = _code_column(
    "section_code", "Code section", "Section code", ("Section", "Code de la section"), "VENTE",
    read="code", help_fr="Code de la section analytique (unique sur son axe).",
    help_en="Code of the analytic section (unique on its axis).",
)


def _label(example: str) -> Column:
    return Column(key="label", fr="Libellé", en="Label", required=True, synonyms=("Intitulé", "Nom", "Name"),
                  read="label", write="label", example=example, width=28,
                  help_fr="Libellé affiché dans MyUnisoft.", help_en="Label shown in MyUnisoft.")


def _condition(key: str, fr: str, en: str, synonyms: tuple[str, ...], read: str, **kw: object) -> Column:
    return Column(
        key=key, fr=fr, en=en, synonyms=synonyms, read=read, write=read, example="601;602;-601A", width=22,
        rules=(Rule("BAD_CONDITION", pattern=CONDITION_PATTERN),),
        help_fr="Racines de comptes séparées par « ; » (ou « , »), un « - » devant exclut : 601;602;-601A.",
        help_en="Account roots separated by ';' (or ','), a leading '-' excludes: 601;602;-601A.",
        **kw,  # type: ignore[arg-type]
    )


# --- sheet and workbook rules -------------------------------------------------------------------------


def _group(rows: SheetRows, *keys: str) -> dict[tuple[object, ...], list[tuple[int, Mapping[str, object]]]]:
    groups: dict[tuple[object, ...], list[tuple[int, Mapping[str, object]]]] = defaultdict(list)
    for excel_row, values in rows:
        groups[tuple(values.get(k) for k in ("dossier", *keys))].append((excel_row, values))
    return groups


def one_default_per_axe(rows: SheetRows) -> list[Finding]:
    """Two sections marked 'Par défaut' on one axe: every such row is flagged, naming the others."""
    findings = []
    for (_dossier, axe), members in _group(rows, "axe_code").items():
        defaults = [(r, v) for r, v in members if v.get("is_default") is True]
        if len(defaults) > 1:
            codes = ", ".join(f"{v.get('section_code')} (ligne {r})" for r, v in defaults)
            findings.extend(Finding(r, "is_default", "TWO_DEFAULTS", {"axe": axe, "sections": codes})
                            for r, _v in defaults)
    return findings


def rates_add_up(rows: SheetRows) -> list[Finding]:
    """Each key's rates add up to 100 (ANALYT001 on the API); the message names the key and the sum."""
    findings = []
    for (_dossier, axe, key), members in _group(rows, "axe_code", "key").items():
        rates = [v.get("rate") for _r, v in members]
        if any(not isinstance(rate, int) for rate in rates):
            continue  # a bad rate is already reported on its own cell
        total = sum(rates)  # type: ignore[arg-type]
        if total != RATE_TOTAL:
            lines = ", ".join(str(r) for r, _v in members)
            findings.extend(Finding(r, "rate", "RATE_SUM", {"rkey": key, "axe": axe, "total": total, "rows": lines})
                            for r, _v in members)
    return findings


def one_condition_per_key(rows: SheetRows) -> list[Finding]:
    """The rows of a key may repeat its condition or leave it empty, but not contradict each other."""
    findings = []
    for (_dossier, _axe, key), members in _group(rows, "axe_code", "key").items():
        first: tuple[int, list[str]] | None = None
        for excel_row, values in members:
            condition = values.get("condition")
            if not isinstance(condition, str):
                continue
            roots = condition_roots(condition)
            if first is None:
                first = (excel_row, roots)
            elif roots != first[1]:
                findings.append(Finding(excel_row, "condition", "CONDITION_MISMATCH", {"rkey": key, "first": first[0]}))
    return findings


def rate_in_range(row: Mapping[str, object]) -> tuple[str, str] | None:
    rate = row.get("rate")
    if isinstance(rate, int) and not rate_ok(rate):  # a 0 rate is refused too (ANALYT001)
        return ("rate", "RATE_RANGE")
    return None


def defaults_agree(sheets: Mapping[str, SheetRows]) -> list[tuple[str, Finding]]:
    """The Axes sheet's 'Section par défaut' and the Sections sheet's 'Par défaut' must name the same section."""
    named = {(v.get("dossier"), v.get("axe_code")): v.get("default_section") for _r, v in sheets.get("axes", ())
             if isinstance(v.get("default_section"), str)}
    findings = []
    for excel_row, values in sheets.get("sections", ()):
        wanted = named.get((values.get("dossier"), values.get("axe_code")))
        if wanted is None:
            continue
        is_default, code = values.get("is_default"), values.get("section_code")
        if (is_default is True and code != wanted) or (is_default is False and code == wanted):
            findings.append(("sections", Finding(excel_row, "is_default", "DEFAULT_CONFLICT",
                                                 {"axe": values.get("axe_code"), "section": wanted})))
    return findings


def no_rates_on_closed_sections(sheets: Mapping[str, SheetRows]) -> list[tuple[str, Finding]]:
    """A closed section cannot carry a rate (SECTION004 forbids closing a section a key uses)."""
    closed = {(v.get("dossier"), v.get("axe_code"), v.get("section_code")) for _r, v in sheets.get("sections", ())
              if v.get("closed") is True}
    return [
        ("repartitions", Finding(r, "section_code", "CLOSED_SECTION_RATE", {"section": v.get("section_code")}))
        for r, v in sheets.get("repartitions", ())
        if (v.get("dossier"), v.get("axe_code"), v.get("section_code")) in closed
    ]


# --- specs --------------------------------------------------------------------------------------------

AXES = EntitySpec(
    kind="axes",
    sheet_fr="Axes",
    sheet_en="Axes",
    sheet_synonyms=("Axes analytiques", "Analytic axes", "Axe"),
    natural_key=("axe_code",),
    signature=("axe_code", "label"),
    depends_on=(),
    help_fr=(
        "Les axes analytiques du dossier, un par ligne. Un axe absent est créé avec sa section par défaut : "
        "celle que nomme la colonne « Section par défaut » ou la feuille Sections, sinon ATTENTE. "
        "L'analytique doit être activée sur le dossier (--enable-analytics)."
    ),
    help_en=(
        "The dossier's analytic axes, one per row. A missing axis is created with its default section: the one "
        "the 'Default section' column or the Sections sheet names, else ATTENTE. Analytics must be enabled "
        "on the dossier (--enable-analytics)."
    ),
    columns=(
        DOSSIER,
        replace(AXE_CODE, write="code"),
        _label("Activités"),
        Column(
            key="default_section", fr="Section par défaut", en="Default section",
            synonyms=("Défaut", "Section défaut", "Default"), read="default_section_code",
            write="id_section_default", reference="section", example="ATTENTE", width=16,
            help_fr="Code de la section par défaut de l'axe (vide : celle de la feuille Sections, sinon ATTENTE "
            "pour un nouvel axe, ou la section actuelle).",
            help_en="Code of the axis's default section (empty: the one the Sections sheet marks, else ATTENTE "
            "for a new axis, or the current one).",
        ),
    ),
)

SECTIONS = EntitySpec(
    kind="sections",
    sheet_fr="Sections",
    sheet_en="Sections",
    sheet_synonyms=("Sections analytiques", "Analytic sections"),
    natural_key=("axe_code", "section_code"),
    signature=("axe_code", "section_code", "label"),
    depends_on=("axes",),
    sheet_rules=(one_default_per_axe,),
    help_fr=(
        "Les sections de chaque axe. « Comptes » est la règle d'affectation (racines séparées par « ; », "
        "« - » pour exclure). Une section clôturée reste dans MyUnisoft mais n'est plus proposée. "
        "Chaque axe a une et une seule section par défaut."
    ),
    help_en=(
        "The sections of each axis. 'Accounts' is the matching rule (roots separated by ';', '-' to exclude). "
        "A closed section stays in MyUnisoft but is no longer offered. Every axis has exactly one default section."
    ),
    columns=(
        DOSSIER,
        replace(AXE_CODE, reference="axe"),
        replace(SECTION_CODE, write="code"),
        _label("Ventes"),
        _condition("account", "Comptes", "Accounts", ("Condition", "Comptes (condition)", "Account condition",
                                                      "Règle", "Account"), "account", update_only=True),
        Column(key="closed", fr="Clôturée", en="Closed", kind=Kind.BOOL, synonyms=("Fermée", "Close", "Inactive"),
               read="closed", write="closed", update_only=True, example="Non", width=10,
               help_fr="Oui : la section est clôturée (inactive). Oui/Non.",
               help_en="Yes: the section is closed (inactive). Yes/No."),
        Column(key="is_default", fr="Par défaut", en="Default", kind=Kind.BOOL,
               synonyms=("Section par défaut", "Défaut", "Default section"), read="isdefault",
               write="id_section_default", example="Non", width=10,
               help_fr="Oui : section par défaut de son axe (une seule par axe). Oui/Non.",
               help_en="Yes: the default section of its axis (one per axis). Yes/No."),
    ),
)

REPARTITIONS = EntitySpec(
    kind="repartitions",
    sheet_fr="Répartitions",
    sheet_en="Repartitions",
    sheet_synonyms=("Clés de répartition", "Repartition keys", "Clés", "Taux"),
    natural_key=("axe_code", "key", "section_code"),
    signature=("axe_code", "key", "section_code", "rate"),
    depends_on=("sections",),
    row_rules=(rate_in_range,),
    sheet_rules=(rates_add_up, one_condition_per_key),
    help_fr=(
        "Les clés de répartition : une ligne par section de la clé, avec son taux en pourcentage entier. "
        "Les taux d'une clé totalisent 100 ; ils sont envoyés ensemble, en une requête, et toutes les lignes "
        "de la clé partagent le même statut."
    ),
    help_en=(
        "Repartition keys: one row per section of the key, with its rate as a whole percentage. A key's rates "
        "add up to 100; they are sent together in one request, and every row of the key shares its status."
    ),
    columns=(
        DOSSIER,
        replace(AXE_CODE, reference="axe"),
        Column(key="key", fr="Clé", en="Key", required=True,
               synonyms=("Clé de répartition", "Code clé", "Repartition key", "Key code", "Cle"), read="key",
               write="key", example="SIEGE", width=14,
               help_fr="Code de la clé de répartition (unique sur son axe).",
               help_en="Code of the repartition key (unique on its axis)."),
        _condition("condition", "Condition", "Condition", ("Comptes", "Condition comptes", "Accounts"),
                   "condition"),
        replace(SECTION_CODE, reference="section"),
        Column(key="rate", fr="Taux", en="Rate", kind=Kind.INT, required=True,
               synonyms=("Taux %", "Pourcentage", "%", "Percent", "Rate %"), read="rate", write="rate",
               example="100", width=8, percent=True,
               help_fr="Pourcentage entier (pas de décimales) ; les taux d'une clé totalisent 100.",
               help_en="Whole percentage (no decimals); a key's rates add up to 100."),
    ),
)

ANALYTICS_WORKBOOK_RULES = (defaults_agree, no_rates_on_closed_sections)

__all__ = ["AXES", "CLEAR", "DEFAULT_SECTION_CODE", "REPARTITIONS", "SECTIONS", "condition_roots"]
