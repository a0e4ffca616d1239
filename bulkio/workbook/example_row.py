"""The template's example row and the mark beside it: what the template writes (template.py) and what the reader
recognises (rows_not_imported.py). Apart from template.py, which imports openpyxl: reading needs neither."""

from __future__ import annotations

from bulkio.spec import EntitySpec, Kind, fold

_TRUE_WORDS = frozenset({"oui", "o", "yes", "y", "x", "vrai", "true", "1"})
# Beside the template's example row: what it is, for the user and for the reader (rows_not_imported.py).
EXAMPLE_MARKER = {"fr": "← Exemple : cette ligne n'est jamais importée", "en": "← Example: this row is never imported"}


def example_row(spec: EntitySpec, lang: str) -> dict[str, object]:
    """The example row of the template, from each column's `example` (yes/no columns default to No)."""
    row: dict[str, object] = {}
    for column in spec.columns:
        if column.kind is Kind.BOOL:
            row[column.key] = fold(column.example) in _TRUE_WORDS
        elif column.kind is Kind.CHOICE and column.example:
            choice = column.choice_for(column.example)
            row[column.key] = choice.label(lang) if choice else column.example
        elif column.example:
            row[column.key] = column.example
    return row
