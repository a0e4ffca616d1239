"""How the analytics sheets refer to each other and to MyUnisoft: by code, the workbook first.

`AnalyticsRefs` is built once per plan from the valid rows of the Axes, Sections and Répartitions sheets
and the snapshot. It answers "does this axe / section exist (here or there)?" and "which section is the
default of this axe, and which row creates or designates it?".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bulkio.entities.analytics_snapshot import AnalyticsSnapshot
from bulkio.i18n import register
from bulkio.spec.analytics import DEFAULT_SECTION_CODE, condition_roots
from bulkio.validate import RowRecord, Validation

register(
    {
        "analytics.unknown_axe": {
            "fr": "l'axe « {value} » n'existe ni dans la feuille Axes ni dans MyUnisoft : ajoutez-le à la "
            "feuille Axes ou corrigez le code.",
            "en": "axis '{value}' exists neither in the Axes sheet nor in MyUnisoft: add it to the Axes sheet "
            "or fix the code.",
        },
        "analytics.axe_row_invalid": {
            "fr": "l'axe « {value} » est en erreur dans la feuille Axes (ligne {row}) : corrigez d'abord cette ligne.",
            "en": "axis '{value}' is in error on the Axes sheet (row {row}): fix that row first.",
        },
        "analytics.unknown_section": {
            "fr": "la section « {value} » n'existe sur l'axe « {axe} » ni dans la feuille Sections ni dans "
            "MyUnisoft : ajoutez-la à la feuille Sections ou corrigez le code.",
            "en": "section '{value}' exists on axis '{axe}' neither in the Sections sheet nor in MyUnisoft: add "
            "it to the Sections sheet or fix the code.",
        },
        "analytics.section_row_invalid": {
            "fr": "la section « {value} » est en erreur dans la feuille Sections (ligne {row}) : corrigez d'abord "
            "cette ligne.",
            "en": "section '{value}' is in error on the Sections sheet (row {row}): fix that row first.",
        },
        "analytics.closed_section": {
            "fr": "la section « {value} » est clôturée dans MyUnisoft et ne peut pas recevoir de taux : rouvrez-la "
            "dans la feuille Sections (Clôturée = Non) ou retirez-la de la clé.",
            "en": "section '{value}' is closed in MyUnisoft and cannot carry a rate: reopen it in the Sections "
            "sheet (Closed = No) or remove it from the key.",
        },
        "analytics.no_default": {
            "fr": "un axe a toujours une section par défaut : pour retirer « {value} », mettez « Par défaut » à Oui "
            "sur une autre section de l'axe « {axe} ».",
            "en": "an axis always has one default section: to replace '{value}', set 'Default' to Yes on another "
            "section of axis '{axe}'.",
        },
        "analytics.axe_failed": {
            "fr": "l'axe « {value} » n'a pas pu être créé plus haut dans cet envoi : corrigez sa ligne puis relancez.",
            "en": "axis '{value}' could not be created earlier in this run: fix its row and run again.",
        },
        "analytics.section_failed": {
            "fr": "la section « {value} » n'a pas pu être créée plus haut dans cet envoi : corrigez sa ligne puis "
            "relancez.",
            "en": "section '{value}' could not be created earlier in this run: fix its row and run again.",
        },
        "analytics.disabled": {
            "fr": "l'analytique n'est pas activée sur le dossier {society} (ANALYT005) : relancez avec "
            "--enable-analytics pour l'activer, ou activez-la dans MyUnisoft.",
            "en": "analytics is not enabled on dossier {society} (ANALYT005): run again with --enable-analytics "
            "to enable it, or enable it in MyUnisoft.",
        },
        "analytics.group_invalid": {
            "fr": "la clé « {value} » a une ligne en erreur (ligne {row}) : ses taux partent ensemble, corrigez "
            "cette ligne.",
            "en": "key '{value}' has a row in error (row {row}): its rates are sent together, fix that row.",
        },
        "analytics.key_needs_condition": {
            "fr": "la clé « {value} » n'existe pas encore : renseignez sa condition (colonne « Condition », les "
            "comptes auxquels elle s'applique, ex. 6;-607) sur au moins une de ses lignes.",
            "en": "key '{value}' does not exist yet: fill in its condition ('Condition' column, the accounts it "
            "applies to, e.g. 6;-607) on at least one of its rows.",
        },
        "analytics.waiting_label": {"fr": "Section d'attente", "en": "Waiting section"},
    }
)

ANALYTICS_KINDS = ("axes", "sections", "repartitions")


def same_condition(a: Any, b: Any) -> bool:
    """Conditions compare by their roots: '601, 602' and '601;602' say the same thing."""
    return condition_roots(a or "") == condition_roots(b or "")


@dataclass
class DefaultSection:
    code: str
    owner: str  # "section": a Sections row makes it the default; "axe": the Axes row does; "" nobody
    owner_row: int | None = None


@dataclass
class AnalyticsRefs:
    snapshot: AnalyticsSnapshot
    axes_rows: dict[str, RowRecord] = field(default_factory=dict)  # axe code -> first row (valid or not)
    section_rows: dict[tuple[str, str], RowRecord] = field(default_factory=dict)

    @classmethod
    def build(cls, snapshot: AnalyticsSnapshot, validation: Validation) -> AnalyticsRefs:
        refs = cls(snapshot)
        for sheet in validation.sheets:
            for record in sheet.rows:
                axe = record.values.get("axe_code")
                if not isinstance(axe, str):
                    continue
                if sheet.spec.kind == "axes":
                    refs.axes_rows.setdefault(axe, record)
                elif sheet.spec.kind == "sections" and isinstance(record.values.get("section_code"), str):
                    refs.section_rows.setdefault((axe, str(record.values["section_code"])), record)
        return refs

    # --- does it exist? ("" = yes; otherwise the i18n key of the problem and the row at fault) ---

    def axe_problem(self, axe: str) -> tuple[str, int | None]:
        record = self.axes_rows.get(axe)
        if record is not None:
            return ("", None) if record.valid else ("analytics.axe_row_invalid", record.excel_row)
        return ("", None) if axe in self.snapshot.axes else ("analytics.unknown_axe", None)

    def section_problem(self, axe: str, section: str) -> tuple[str, int | None]:
        record = self.section_rows.get((axe, section))
        if record is not None:
            return ("", None) if record.valid else ("analytics.section_row_invalid", record.excel_row)
        remote = self.snapshot.axes.get(axe)
        found = remote.sections.get(section) if remote else None
        if found is None:
            return ("analytics.unknown_section", None)
        return ("analytics.closed_section", None) if found.closed else ("", None)

    # --- the default section ---

    def default_of(self, axe: str) -> DefaultSection | None:
        """The section that must be the axe's default after the run, and which row sees to it."""
        code: str | None = None
        axe_row = self.axes_rows.get(axe)
        if axe_row is not None and isinstance(axe_row.values.get("default_section"), str):
            code = str(axe_row.values["default_section"])
        if code is None:
            code = next((s for (a, s), r in self.section_rows.items()
                         if a == axe and r.values.get("is_default") is True), None)
        remote = self.snapshot.axes.get(axe)
        if code is None and remote is not None and remote.default_code is not None:
            return DefaultSection(remote.default_code, "")  # keep the current one
        if code is None:
            code = DEFAULT_SECTION_CODE
        section_row = self.section_rows.get((axe, code))
        if section_row is not None:
            return DefaultSection(code, "section", section_row.excel_row)
        return DefaultSection(code, "axe", axe_row.excel_row if axe_row else None)
