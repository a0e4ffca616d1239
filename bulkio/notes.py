"""Notes, as the command line says them: what is no problem but must not pass silently.

A note is an Issue that blocks nothing: a sheet read by its headers alone, a sheet not read and why, a row
not imported (hidden, the template's example). Sheet notes are said one per line; row notes of one kind on
one sheet are said together once there are more than a few, so 2,000 filtered-out rows are one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bulkio.i18n import language, register, t
from bulkio.issues import Issue

if TYPE_CHECKING:
    from bulkio.validate import Validation

register(
    {
        "notes.prefix": {"fr": "Remarque", "en": "Note"},
        "notes.by_headers": {"fr": "{sheet} (lue comme {kind})", "en": "{sheet} (read as {kind})"},
        "notes.rows": {
            "fr": "{count} lignes ({rows}) : {message}",
            "en": "{count} rows ({rows}): {message}",
        },
    }
)

LISTED_ROWS = 5  # up to this many rows of one kind on one sheet are said one by one


def note_lines(notes: Sequence[Issue]) -> list[str]:
    lines: list[str] = []
    by_kind: dict[tuple[str, str], list[Issue]] = {}
    for note in notes:
        if note.row is None:
            lines.append(f"{t('notes.prefix')} — {note.located()} : {note.message}")
        else:
            by_kind.setdefault((note.sheet, note.code), []).append(note)
    for found in by_kind.values():
        if len(found) <= LISTED_ROWS:
            lines += [f"{t('notes.prefix')} — {note.located()} : {note.message}" for note in found]
            continue
        rows = ", ".join(str(note.row) for note in found[:LISTED_ROWS]) + ", …"
        sheet = Issue(found[0].sheet, None, None, None, found[0].code, "").located()
        said = t("notes.rows", count=len(found), rows=rows, message=found[0].message)
        lines.append(f"{t('notes.prefix')} — {sheet} : {said}")
    return lines


def sheet_labels(validation: Validation) -> dict[str, str]:
    """A sheet read by its headers alone (or as another program's export) is named with the kind it was taken for,
    wherever counts are shown."""
    from bulkio.workbook.recognise import GUESSED

    return {s.sheet.name: t("notes.by_headers", sheet=s.sheet.name, kind=s.spec.sheet_name(language()))
            for s in validation.sheets if s.sheet.recognised_by in GUESSED}
