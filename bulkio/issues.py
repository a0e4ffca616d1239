"""An Issue is one problem found in the input, located the way the user sees it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from bulkio.i18n import register, t

register(
    {
        "issue.sheet": {"fr": "« {sheet} »", "en": "'{sheet}'"},
        "issue.row": {"fr": "ligne {row}", "en": "row {row}"},
        "issue.column": {"fr": "colonne « {column} »", "en": "column '{column}'"},
    }
)


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None  # the Excel row number the user sees; None for a sheet-level issue
    column: str | None  # the header as written in the file
    value: str | None
    code: str
    message: str  # one sentence: where, what is wrong, what to do

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    def located(self) -> str:
        parts = [t("issue.sheet", sheet=self.sheet)]
        if self.row is not None:
            parts.append(t("issue.row", row=self.row))
        if self.column:
            parts.append(t("issue.column", column=self.column))
        return ", ".join(parts)
