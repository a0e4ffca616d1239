"""Rows that are in the file but that the user does not mean to import: hidden ones, the template's example, and
a second table under the first.

    hidden           hidden by hand or filtered out (layout.py): the user cannot see them, so they are
                     not imported; clearing the filter and running again imports them (docs/trust.md §5)
    the example row  marked "← Exemple" beside it by the template, every filled cell still the example's (in
                     French or English), wherever a sort moved it: the user filled the template below it.
                     Without the mark (older templates), only the Comptes example, which no real account is.
                     A marked row the user partly typed over is a problem (EXAMPLE_ROW_EDITED): which of its
                     cells are theirs and which the example's cannot be told; one with none of the
                     example's values left is theirs
    a second table   a row whose key cell holds the key column's own header ("N° de compte") starts a new table:
                     the same columns (a header repeated at a page break) skip that row and its title; other
                     columns ("N° de compte | Motif": accounts to delete) skip the whole table below

Each skipped row becomes an Issue (HIDDEN_ROW, EXAMPLE_ROW, REPEATED_HEADER, SECOND_TABLE) on its row: validation
leaves it out and the plan marks it Ignoré, so it is named in `validate`, the plan, the preview and the result,
never silently dropped.
"""

from __future__ import annotations

from datetime import date, datetime

from bulkio.i18n import register, t
from bulkio.issues import Issue
from bulkio.spec import EntitySpec, Kind, fold
from bulkio.workbook.cells import normaliser_for, to_text
from bulkio.workbook.column_letters import column_letter
from bulkio.workbook.example_row import EXAMPLE_MARKER, example_row
from bulkio.workbook.layout import SheetLayout
from bulkio.workbook.recognise import HeaderRow
from bulkio.workbook.sources import Grid
from bulkio.workbook.table import SheetTable

register(
    {
        "not_imported.filtered": {
            "fr": "ligne masquée par le filtre : elle n'est pas importée ; pour l'importer, effacez le filtre "
            "(Données > Effacer), enregistrez et relancez.",
            "en": "row hidden by the filter: it is not imported; to import it, clear the filter (Data > Clear), "
            "save and run again.",
        },
        "not_imported.hidden": {
            "fr": "ligne masquée : elle n'est pas importée ; pour l'importer, affichez-la (clic droit sur les "
            "numéros de ligne > Afficher), enregistrez et relancez.",
            "en": "hidden row: it is not imported; to import it, unhide it (right-click the row numbers > "
            "Unhide), save and run again.",
        },
        "not_imported.example_edited": {
            "fr": "ligne d'exemple du modèle (marquée « ← Exemple » en colonne {letter}) où vous avez tapé vos "
            "données{kept} : bulkio ne peut savoir ce que vous voulez importer ; retapez ou videz ces cellules, "
            "ou effacez la mention « ← Exemple » si elles sont bien les vôtres.",
            "en": "the template's example row (marked '← Example' in column {letter}) where you typed your own "
            "data{kept}: bulkio cannot tell what you mean to import; retype or clear those cells, or delete the "
            "'← Example' mark if they are indeed yours.",
        },
        "not_imported.example_kept": {
            "fr": ", mais qui garde des valeurs de l'exemple ({columns})",
            "en": ", but which keeps values of the example ({columns})",
        },
        "not_imported.repeated_header": {
            "fr": "l'en-tête de la feuille, répété (saut de page ou copier-coller) : ligne ignorée.",
            "en": "the sheet's header, repeated (a page break or a paste): row skipped.",
        },
        "not_imported.second_table": {
            "fr": "une deuxième table commence ligne {row} (en-tête {headers}) : elle n'est pas importée ; "
            "mettez-la sur une feuille à elle, avec les colonnes attendues, pour l'importer.",
            "en": "a second table starts on row {row} (header {headers}): it is not imported; put it on a sheet "
            "of its own, with the expected columns, to import it.",
        },
        "not_imported.example": {
            "fr": "ligne d'exemple du modèle ({value}) : elle n'est jamais importée ; vos lignes le sont. "
            "Supprimez-la si vous le souhaitez.",
            "en": "the template's example row ({value}): it is never imported; your rows are. Delete it if "
            "you like.",
        },
    }
)

HIDDEN_ROW, EXAMPLE_ROW, EXAMPLE_ROW_EDITED = "HIDDEN_ROW", "EXAMPLE_ROW", "EXAMPLE_ROW_EDITED"
REPEATED_HEADER, SECOND_TABLE = "REPEATED_HEADER", "SECOND_TABLE"
TITLE_ROWS = 3  # at most this many rows right above a second header, after a blank row, are its title
# Templates made before the mark: only their Comptes example (401DUPONT, DUPONT SARL) is surely no real data.
# The other sheets' examples (an axis ACTIVITE, a 10 000 € capital, MARTIN Jean-Pierre) may well be, so an
# unmarked row equal to them is imported: an export of such a dossier must round-trip.
UNMARKED_EXAMPLES = frozenset({"comptes"})
_MARKS = (fold(EXAMPLE_MARKER["fr"])[:7], fold(EXAMPLE_MARKER["en"])[:7])  # "exemple", "example"


def rows_not_imported(
    sheet_name: str, spec: EntitySpec, table: SheetTable, grid: Grid, header: HeaderRow, layout: SheetLayout,
) -> tuple[dict[int, Issue], list[Issue]]:
    """(Excel row -> why it is not imported, problems on rows). `table`: the sheet's texts by Excel row; `grid`:
    its raw cells, where the template's mark sits beside the example (under no header)."""
    found: dict[int, Issue] = {}
    problems: list[Issue] = []
    if layout.hidden_rows:
        message = t("not_imported.filtered" if layout.filtered else "not_imported.hidden")
        for row in table.rows:
            if row in layout.hidden_rows:
                found[row] = Issue(sheet_name, row, None, None, HIDDEN_ROW, message)
    for row, issue in _later_tables(sheet_name, spec, table, grid, header).items():
        found.setdefault(row, issue)
    marks = _marked_rows(grid, header)
    for row in sorted(set(_example_candidates(spec, table)) | (marks.keys() & set(table.rows))):
        if row in found:
            continue
        texts = table.row(row)
        if (row in marks or spec.kind in UNMARKED_EXAMPLES) and _is_example(spec, texts):
            value = " / ".join(text for key in spec.signature if (text := texts.get(key)))
            found[row] = Issue(sheet_name, row, None, value, EXAMPLE_ROW, t("not_imported.example", value=value))
        elif row in marks and (kept := _example_cells(spec, texts, header)):
            problems.append(_edited_example(sheet_name, row, kept, marks[row]))
        # A marked row with none of the example's values left is the user's own (typed over, or sorted in
        # while the mark's column stayed out of the sort): imported.
    return found, problems


def _marked_rows(grid: Grid, header: HeaderRow) -> dict[int, int]:
    """Excel row -> 0-based column of the template's "← Exemple" mark, looked for right of the headers."""
    after = max(header.texts, default=-1) + 1
    found: dict[int, int] = {}
    if all(len(cells) <= after for cells in grid[header.index + 1:header.index + 2]) and \
            max(map(len, grid), default=0) <= after:  # no cell right of the headers (a calamine grid is square)
        return found
    for index in range(header.index + 1, len(grid)):
        cells = grid[index]
        for position in range(after, min(len(cells), after + 3)):
            cell = cells[position]
            if isinstance(cell, str) and fold(cell).startswith(_MARKS):
                found[index + 1] = position
                break
    return found


def _example_cells(spec: EntitySpec, texts: dict[str, str | None], header: HeaderRow) -> list[str]:
    """Headers of the row's cells that still hold the example's value (its "Non" flags are anyone's)."""
    return [header_text for key, text in texts.items() if text and key != "dossier"
            and spec.column(key).kind is not Kind.BOOL and _example_value(spec, key, text)
            and (header_text := _header_text(header, key))]


def _edited_example(sheet_name: str, row: int, kept: list[str], mark: int) -> Issue:
    said = t("not_imported.example_kept", columns=", ".join(f"« {k} »" for k in kept))
    return Issue(sheet_name, row, None, None, EXAMPLE_ROW_EDITED,
                 t("not_imported.example_edited", letter=column_letter(mark + 1), kept=said))


def _header_text(header: HeaderRow, key: str) -> str:
    return header.texts.get(header.columns.get(key, -1), key)


def _example_value(spec: EntitySpec, key: str, text: str) -> bool:
    return any(_matches(spec, {key: text}, example_row(spec, lang)) for lang in ("fr", "en"))


def _later_tables(
    sheet_name: str, spec: EntitySpec, table: SheetTable, grid: Grid, header: HeaderRow
) -> dict[int, Issue]:
    """Rows of a header repeated below the first one, or of a second table: see the module's docstring."""
    key = spec.signature[0] if spec.signature else None
    if key is None or not table.has_column(key) or table.empty:
        return {}
    # One look for the column's own names, as the reader normalised them (no spaces in an account
    # column); the few rows found are then judged on their cells as typed.
    column = spec.column(key)
    names = {name for text in (header.texts[header.columns[key]], column.fr, column.en, *column.synonyms)
             if (name := normaliser_for(column)(text))}
    folded_names = {name.casefold() for name in names}
    rows = table.rows
    again = [row for row, text in zip(rows, table.column(key), strict=True)
             if text is not None and text.casefold() in folded_names
             and _names_column(spec, header, key, str(grid[row - 1][header.columns[key]]))]
    found: dict[int, Issue] = {}
    for start in again:
        if start in found:
            continue
        position = rows.index(start)
        first = position
        while first > 0 and position - first < TITLE_ROWS and rows[first - 1] == rows[first] - 1:
            first -= 1
        if first > 0 and rows[first - 1] == rows[first] - 1:
            first = position  # no blank row above: the rows above are data, not a title
        typed = grid[start - 1]
        cells = {key: str(typed[position]) for key, position in header.columns.items()
                 if position < len(typed) and table.cell(start, key) is not None}
        if all(_names_column(spec, header, key, text) for key, text in cells.items()):
            issue = Issue(sheet_name, start, None, None, REPEATED_HEADER, t("not_imported.repeated_header"))
            found.update({row: issue for row in rows[first:position + 1]})
            continue
        headers = ", ".join(f"« {text} »" for cell in typed if (text := to_text(cell)))
        issue = Issue(sheet_name, start, None, None, SECOND_TABLE, t("not_imported.second_table", row=start,
                                                                      headers=headers))
        found.update({row: issue for row in rows[first:]})
        break
    return found


def _names_column(spec: EntitySpec, header: HeaderRow, key: str, text: str) -> bool:
    """The text is a header of that very column ("N° de compte" in the account number column), as the header row
    was read (through the mapping file or an export's layout: "CompteNum")."""
    return not header.vocabulary.ignores(text) and header.vocabulary.column_for(spec, text) == key


def _example_candidates(spec: EntitySpec, table: SheetTable) -> list[int]:
    """Rows whose first signature cell is the example's, wherever a sort put them."""
    key = spec.signature[0] if spec.signature else None
    if key is None or not table.has_column(key) or table.empty:
        return []
    texts: set[str] = set()
    for lang in ("fr", "en"):
        value = example_row(spec, lang).get(key)
        if value is not None:
            texts.add(str(value))
            if (typed := _date(str(value))) is not None:
                texts.add(typed.isoformat())  # a date cell reads as ISO text
    return [row for row, text in zip(table.rows, table.column(key), strict=True) if text in texts]


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
