"""Rows that are in the file but that the user does not mean to import: hidden ones, and the template's example.

    hidden           hidden by hand or filtered out (hidden_rows.py): the user cannot see them, so they are
                     not imported; clearing the filter and running again imports them (docs/trust.md §5)
    the example row  marked "← Exemple" beside it by the template, every filled cell still the example's (in
                     French or English), wherever a sort moved it: the user filled the template below it.
                     Without the mark (older templates), only the Comptes example, which no real account is

Each becomes an Issue (HIDDEN_ROW, EXAMPLE_ROW) on its row: validation leaves the row out and the plan marks it
Ignoré, so it is named in `validate`, the plan, the preview and the result, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd

from bulkio.i18n import register, t
from bulkio.issues import Issue
from bulkio.spec import EntitySpec, Kind, fold
from bulkio.workbook.hidden_rows import HiddenRows
from bulkio.workbook.recognise import HeaderRow
from bulkio.workbook.sources import Grid
from bulkio.workbook.template import EXAMPLE_MARKER, example_row

register(
    {
        "unseen.filtered": {
            "fr": "ligne masquée par le filtre : elle n'est pas importée ; pour l'importer, effacez le filtre "
            "(Données > Effacer), enregistrez et relancez.",
            "en": "row hidden by the filter: it is not imported; to import it, clear the filter (Data > Clear), "
            "save and run again.",
        },
        "unseen.hidden": {
            "fr": "ligne masquée : elle n'est pas importée ; pour l'importer, affichez-la (clic droit sur les "
            "numéros de ligne > Afficher), enregistrez et relancez.",
            "en": "hidden row: it is not imported; to import it, unhide it (right-click the row numbers > "
            "Unhide), save and run again.",
        },
        "unseen.example": {
            "fr": "ligne d'exemple du modèle ({value}) : elle n'est jamais importée ; vos lignes le sont. "
            "Supprimez-la si vous le souhaitez.",
            "en": "the template's example row ({value}): it is never imported; your rows are. Delete it if "
            "you like.",
        },
    }
)

HIDDEN_ROW, EXAMPLE_ROW = "HIDDEN_ROW", "EXAMPLE_ROW"
# Templates made before the mark: only their Comptes example (401DUPONT, DUPONT SARL) is surely no real data.
# The other sheets' examples (an axis ACTIVITE, a 10 000 € capital, MARTIN Jean-Pierre) may well be, so an
# unmarked row equal to them is imported: an export of such a dossier must round-trip.
UNMARKED_EXAMPLES = frozenset({"comptes"})
_MARKS = (fold(EXAMPLE_MARKER["fr"])[:7], fold(EXAMPLE_MARKER["en"])[:7])  # "exemple", "example"


def has_example_marker(cells: Sequence[object], header: HeaderRow) -> bool:
    """A cell beside the data of a row (under no recognised header) says "Exemple …"."""
    used = set(header.columns.values())
    return any(isinstance(cell, str) and fold(cell).startswith(_MARKS)
               for position, cell in enumerate(cells) if position not in used)


def unseen_rows(
    sheet_name: str, spec: EntitySpec, frame: pd.DataFrame, grid: Grid, header: HeaderRow, hidden: HiddenRows | None,
) -> dict[int, Issue]:
    """Excel row -> why it is not imported. `frame`: the sheet's texts by Excel row; `grid`: its raw cells, where
    the template's mark sits beside the example (under no header)."""
    found: dict[int, Issue] = {}
    if hidden is not None:
        message = t("unseen.filtered" if hidden.filtered else "unseen.hidden")
        for row in frame.index.tolist():
            if row in hidden.rows:
                found[row] = Issue(sheet_name, row, None, None, HIDDEN_ROW, message)
    for row in _example_candidates(spec, frame):
        texts = frame.loc[row].to_dict()
        marked = has_example_marker(grid[row - 1], header)
        if row not in found and (marked or spec.kind in UNMARKED_EXAMPLES) and _is_example(spec, texts):
            value = " / ".join(text for key in spec.signature if (text := texts.get(key)))
            found[row] = Issue(sheet_name, row, None, value, EXAMPLE_ROW, t("unseen.example", value=value))
    return found


def _example_candidates(spec: EntitySpec, frame: pd.DataFrame) -> list[int]:
    """Rows whose first signature cell is the example's, wherever a sort put them: one vectorised test."""
    key = spec.signature[0] if spec.signature else None
    if key is None or key not in frame.columns or frame.empty:
        return []
    texts: set[str] = set()
    for lang in ("fr", "en"):
        value = example_row(spec, lang).get(key)
        if value is not None:
            texts.add(str(value))
            if (typed := _date(str(value))) is not None:
                texts.add(typed.isoformat())  # a date cell reads as ISO text
    return [int(row) for row in frame.index[frame[key].isin(texts)]]


def _is_example(spec: EntitySpec, row: dict[str, str | None]) -> bool:
    """Every filled cell is the template's example, in one language, and the signature's cells are filled."""
    if not spec.signature or any(not row.get(key) for key in spec.signature):
        return False
    return any(_matches(spec, row, example_row(spec, lang)) for lang in ("fr", "en"))


def _matches(spec: EntitySpec, row: dict[str, str | None], example: dict[str, object]) -> bool:
    for key, text in row.items():
        if not text or key == "dossier":
            continue
        expected, kind = example.get(key), spec.column(key).kind
        if kind is Kind.BOOL:
            same = fold(text) in (_TRUE_WORDS if expected else _FALSE_WORDS)
        elif kind is Kind.DATE:
            same = expected is not None and (typed := _date(text)) is not None and typed == _date(str(expected))
        else:
            same = expected is not None and fold(text) == fold(str(expected))
        if not same:
            return False
    return True


def _date(text: str) -> date | None:
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


_TRUE_WORDS = frozenset(fold(word) for word in ("oui", "o", "x", "vrai", "true", "1", "yes", "y"))
_FALSE_WORDS = frozenset(fold(word) for word in ("non", "n", "faux", "false", "0", "no"))
