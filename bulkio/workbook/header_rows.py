"""Which row of a grid holds a sheet's headers, and which column index holds which spec column.

Each row's texts are read through a Vocabulary (vocabulary.py): the user's mapping file, then the export the row
is (layouts.py) when its signature is there, then the spec's own names. Headers a vocabulary ignores are kept
apart (`HeaderRow.ignored`): neither columns nor unknown, so never evidence against the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bulkio.errors import InputError
from bulkio.i18n import language, t
from bulkio.outcome import RESULT_COLUMNS
from bulkio.spec import EntitySpec, fold
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)
from bulkio.workbook.cells import to_text
from bulkio.workbook.sources import Grid
from bulkio.workbook.vocabulary import EMPTY, Vocabulary, row_vocabulary

HEADER_SCAN_ROWS = 30
RESULT_HEADER_KEYS = frozenset(fold(name) for pair in RESULT_COLUMNS for name in pair)


@dataclass
class HeaderRow:
    """A header row found in a grid: where it is and which column index holds which spec column."""

    index: int  # 0-based row index in the grid
    columns: dict[str, int]  # column key -> 0-based column index (first occurrence)
    texts: dict[int, str]  # 0-based column index -> header text, for every non-empty header cell
    duplicates: list[tuple[str, int]]  # (column key, index of the ignored repeat)
    ignored: dict[int, str] = field(default_factory=dict)  # columns known not to be ours: index -> header text
    vocabulary: Vocabulary = EMPTY  # how the texts were read (the user's mapping, an export's layout)

    def unknown(self) -> list[str]:
        """Header texts that are no column of the spec, nor a result column, nor known not to be ours."""
        used = set(self.columns.values()) | {position for _, position in self.duplicates} | self.ignored.keys()
        return [text for position, text in sorted(self.texts.items())
                if position not in used and fold(text) not in RESULT_HEADER_KEYS]


def find_header_row(spec: EntitySpec, head: Grid, user: Vocabulary = EMPTY, named: bool = False
                    ) -> HeaderRow | None:
    """The first row holding every signature column of the spec (`named`: the kind is already said, so an
    export's shorter signature is enough: layouts.Layout.named_signature)."""
    for index in range(min(len(head), HEADER_SCAN_ROWS)):
        header = map_header(spec, head, index, row_vocabulary(spec, _texts(head[index]), user, named))
        if header.columns and all(key in header.columns for key in signature_of(spec)):
            return header
    return None


def best_row(spec: EntitySpec, head: Grid, user: Vocabulary = EMPTY, named: bool = False) -> HeaderRow | None:
    rows = range(min(len(head), HEADER_SCAN_ROWS))
    mapped = [map_header(spec, head, index, row_vocabulary(spec, _texts(head[index]), user, named)) for index in rows]
    best = max(mapped, key=lambda h: (len(h.columns), -h.index), default=None)
    return best if best is not None and best.columns else None


def signature_of(spec: EntitySpec) -> tuple[str, ...]:
    return spec.signature or tuple(col.key for col in spec.required_columns) or spec.natural_key


def header_row_or_fail(sheet: str, spec: EntitySpec, head: Grid, user: Vocabulary = EMPTY) -> HeaderRow:
    """A sheet the user named as this kind (--sheet): its header row, or an InputError saying what is missing."""
    header = find_header_row(spec, head, user, named=True) or best_row(spec, head, user, named=True)
    if header is None:
        columns = ", ".join(quote(spec.column(key).header(language())) for key in signature_of(spec))
        raise InputError(t("workbook.no_header", sheet=sheet, limit=HEADER_SCAN_ROWS, columns=columns))
    check_required(sheet, spec, header)
    return header


def check_required(sheet: str, spec: EntitySpec, header: HeaderRow) -> None:
    missing = [col for col in spec.required_columns if col.key not in header.columns]
    if len(missing) == 1:
        column = missing[0].header(language())
        raise InputError(t("workbook.missing_column", sheet=sheet, row=header.index + 1, column=column))
    if missing:
        columns = ", ".join(quote(col.header(language())) for col in missing)
        raise InputError(t("workbook.missing_columns", sheet=sheet, row=header.index + 1, columns=columns))


def map_header(spec: EntitySpec, grid: Grid, index: int, vocabulary: Vocabulary = EMPTY) -> HeaderRow:
    header = HeaderRow(index=index, columns={}, texts={}, duplicates=[], vocabulary=vocabulary)
    for position, cell in enumerate(grid[index]):
        text = to_text(cell)
        if text is None:
            continue
        header.texts[position] = text
        if vocabulary.ignores(text):
            header.ignored[position] = text
            continue
        key = vocabulary.column_for(spec, text)
        if key is None:
            continue
        if key in header.columns:
            header.duplicates.append((key, position))
        else:
            header.columns[key] = position
    return header


def _texts(row: list[object]) -> list[str]:
    return [text for cell in row if (text := to_text(cell)) is not None]


def quote(text: str) -> str:
    return f"'{text}'" if language() == "en" else f"« {text} »"
