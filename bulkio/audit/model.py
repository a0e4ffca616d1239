"""What an audit finds: per dossier, per sheet, one finding per row, and for a difference its fields.

The two sides are named, never "old" and "new": `live` is what MyUnisoft holds now, `workbook` what the
classeur says. Which one is the reference depends on the user (a target plan, or last quarter's export).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bulkio.i18n import register, t

register(
    {
        "audit.kind.identical": {"fr": "Identique", "en": "Identical"},
        "audit.kind.only_workbook": {"fr": "Seulement dans le classeur", "en": "Only in the workbook"},
        "audit.kind.only_live": {"fr": "Seulement dans MyUnisoft", "en": "Only in MyUnisoft"},
        "audit.kind.different": {"fr": "Différent", "en": "Different"},
        "audit.kind.not_compared": {"fr": "Non comparé", "en": "Not compared"},
        "audit.count.identical": {"fr": "Identiques", "en": "Identical"},
        "audit.count.only_workbook": {"fr": "Seulement dans le classeur", "en": "Only in the workbook"},
        "audit.count.only_live": {"fr": "Seulement dans MyUnisoft", "en": "Only in MyUnisoft"},
        "audit.count.different": {"fr": "Différents", "en": "Different"},
        "audit.count.not_compared": {"fr": "Non comparés", "en": "Not compared"},
        "audit.short.identical": {"fr": "Identiques", "en": "Identical"},
        "audit.short.only_workbook": {"fr": "Classeur seul", "en": "Workbook only"},
        "audit.short.only_live": {"fr": "MyUnisoft seul", "en": "MyUnisoft only"},
        "audit.short.different": {"fr": "Différents", "en": "Different"},
        "audit.short.not_compared": {"fr": "Non comparés", "en": "Not compared"},
    }
)


class FindingKind(StrEnum):
    IDENTICAL = "identical"
    ONLY_WORKBOOK = "only_workbook"
    ONLY_LIVE = "only_live"
    DIFFERENT = "different"
    NOT_COMPARED = "not_compared"

    def label(self, lang: str | None = None) -> str:
        return t(f"audit.kind.{self.value}", lang)

    def plural(self, lang: str | None = None) -> str:
        """The column title of a count (the report's summary)."""
        return t(f"audit.count.{self.value}", lang)

    def short(self, lang: str | None = None) -> str:
        """The plural column title of a count (the command line's table)."""
        return t(f"audit.short.{self.value}", lang)


@dataclass(frozen=True)
class FieldDiff:
    """One column whose value differs: typed and normalised on both sides (None = empty)."""

    key: str  # column key of the spec
    live: Any  # MyUnisoft
    workbook: Any  # the classeur


@dataclass
class Finding:
    kind: FindingKind
    key: str  # the row's natural key as people read it: '401000', 'SITE/LYON', 'MARTIN Jean-Pierre (id 5001) …'
    excel_row: int | None = None  # None: a row only in MyUnisoft
    fields: list[FieldDiff] = field(default_factory=list)  # DIFFERENT only
    values: dict[str, Any] = field(default_factory=dict)  # the row's compared values (only-in-one-side rows)
    message: str = ""  # NOT_COMPARED: why
    sheet: str = ""  # the workbook sheet of the row ("" : the SheetAudit's, e.g. a row only in MyUnisoft)


@dataclass
class SheetAudit:
    kind: str  # spec kind: "comptes", "sections", ...
    sheet: str  # sheet name(s) in the workbook
    columns: list[str]  # the column keys compared, in spec order
    headers: dict[str, str]  # column key -> header text as the workbook writes it
    findings: list[Finding] = field(default_factory=list)

    def counts(self) -> dict[FindingKind, int]:
        found = Counter(f.kind for f in self.findings)
        return {kind: found[kind] for kind in FindingKind}

    @property
    def differences(self) -> list[Finding]:
        return [f for f in self.findings if f.kind is not FindingKind.IDENTICAL]


@dataclass
class DossierAudit:
    society_id: int | None  # None: rows that could not be routed to any dossier
    label: str  # '3 ANALYTIQUE SA'
    sheets: list[SheetAudit] = field(default_factory=list)
    error: str = ""  # the dossier could not be read: every row is 'not compared' with this message

    @property
    def identical(self) -> bool:
        return all(not s.differences for s in self.sheets) and not self.error


def all_identical(audits: list[DossierAudit]) -> bool:
    return all(audit.identical for audit in audits)
