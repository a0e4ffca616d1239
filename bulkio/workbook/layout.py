"""What a sheet says beyond its values: rows and columns the user cannot see, and cells merged over several rows.

calamine gives every cell's value, but not whether the spreadsheet shows its row or column, nor that a value
shown over three rows is stored in the first one only. So the reader asks the file, for the sheets it reads:

    hidden rows     xlsx <row r="12" hidden="1">, an <autoFilter> with a <filterColumn> saying a filter is on;
                    ods <table:table-row table:visibility="collapse" | "filter">; xls ROW records with fDyZero set,
                    an AUTOFILTERINFO record saying a filter is on
    hidden columns  xlsx <col min max hidden="1">; ods <table:table-column table:visibility="collapse">; xls COLINFO
                    records with fHidden set
    merged cells    xlsx <mergeCell ref="A2:A4"/>; ods a cell's table:number-rows-spanned; xls MERGEDCELLS records.
                    Only merges over several rows are kept: one within a row changes nothing that is read
    csv             nothing: a text file shows every cell

What it means for the reader (docs/trust.md §5): a hidden row is not imported (rows_not_imported.py); a hidden column
is not read, as if it were absent (`visible_header`); a cell of a data row covered by a merge holds no value of
its own, so its row is refused with a located error (`merged_cell_issues`), never imported under a guess.

A sheet with none of these costs, once inflated, a substring test per marker (xlsx: inflated a MiB at a time,
never held whole). An unusual or damaged structure gives nothing rather than an error: the guard and calamine
have already judged the file, and this refines what they read.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from defusedxml import ElementTree

from bulkio.i18n import register, t
from bulkio.issues import Issue
from bulkio.spec import EntitySpec
from bulkio.workbook.cells import to_text
from bulkio.workbook.column_letters import column_letter
from bulkio.workbook.formula_scan import sheet_parts
from bulkio.workbook.guard import xls_records, xls_short_name
from bulkio.workbook.ods_walk import EXCEL_COLUMNS, EXCEL_ROWS, OdsRow, ods_cells, ods_columns, ods_rows, ods_tables
from bulkio.workbook.recognise import HeaderRow, map_header, quote
from bulkio.workbook.sniff import cfb_stream, read_member
from bulkio.workbook.sources import Grid

register(
    {
        # A sheet-level note, located on the sheet and the column's header.
        "layout.hidden_column": {
            "fr": "colonne {letter} masquée : elle n'est pas lue, comme si elle était absente ; pour l'importer, "
            "affichez-la (clic droit sur les lettres de colonnes > Afficher), enregistrez et relancez.",
            "en": "column {letter} is hidden: it is not read, as if it were absent; to import it, unhide it "
            "(right-click the column letters > Unhide), save and run again.",
        },
        "layout.hidden_required": {
            "fr": "ligne d'en-tête {row} : la colonne obligatoire {columns} est masquée, donc non lue : la feuille "
            "n'est pas lue ; affichez-la (clic droit sur les lettres de colonnes > Afficher), enregistrez et relancez.",
            "en": "header row {row}: the required column {columns} is hidden, so not read: the sheet is not read; "
            "unhide it (right-click the column letters > Unhide), save and run again.",
        },
        "layout.hidden_required_many": {
            "fr": "ligne d'en-tête {row} : les colonnes obligatoires {columns} sont masquées, donc non lues : la "
            "feuille n'est pas lue ; affichez-les (clic droit sur les lettres de colonnes > Afficher), enregistrez "
            "et relancez.",
            "en": "header row {row}: the required columns {columns} are hidden, so not read: the sheet is not read; "
            "unhide them (right-click the column letters > Unhide), save and run again.",
        },
        "layout.merged_cell": {
            "fr": "Feuille « {sheet} », ligne {row}, colonne « {column} » : la cellule {cell} est fusionnée avec "
            "{top} (« {value} ») et n'a donc aucune valeur à elle ; défusionnez-la (Accueil > Fusionner et "
            "centrer) et recopiez la valeur sur chaque ligne.",
            "en": "Sheet '{sheet}', row {row}, column '{column}': the cell {cell} is merged with {top} ('{value}') "
            "and so holds no value of its own; unmerge it (Home > Merge & Center) and copy the value onto each row.",
        },
        "layout.merged_cell_empty": {
            "fr": "Feuille « {sheet} », ligne {row}, colonne « {column} » : la cellule {cell} est fusionnée avec "
            "{top}, vide, et n'a donc aucune valeur à elle ; défusionnez-la (Accueil > Fusionner et centrer) et "
            "saisissez la valeur de chaque ligne.",
            "en": "Sheet '{sheet}', row {row}, column '{column}': the cell {cell} is merged with {top}, empty, and "
            "so holds no value of its own; unmerge it (Home > Merge & Center) and type each row's value.",
        },
    }
)

HIDDEN_COLUMN, MERGED_CELL, MISSING_COLUMN = "HIDDEN_COLUMN", "MERGED_CELL", "MISSING_COLUMN"


@dataclass(frozen=True)
class Merge:
    """Cells merged over several rows, the value in the top-left one."""

    first_row: int  # Excel row numbers
    last_row: int
    first_column: int  # 0-based columns
    last_column: int


@dataclass(frozen=True)
class SheetLayout:
    hidden_rows: frozenset[int] = frozenset()  # Excel row numbers
    filtered: bool = False  # a filter is on in the sheet: the rows were most likely hidden by it
    hidden_columns: frozenset[int] = frozenset()  # 0-based
    merges: tuple[Merge, ...] = ()  # over several rows only

    def __bool__(self) -> bool:
        return bool(self.hidden_rows or self.hidden_columns or self.merges)


NO_LAYOUT = SheetLayout()


def read_layout(path: Path, fmt: str, sheet_names: Collection[str]) -> dict[str, SheetLayout]:
    """For each named sheet that hides rows or columns or merges cells over rows, what; the others are left out."""
    try:
        if fmt in ("xlsx", "xlsm"):
            return _xlsx(path, sheet_names)
        if fmt == "ods":
            return _ods(path, sheet_names)
        if fmt == "xls":
            return _xls(path, sheet_names)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, ValueError, EOFError, zlib.error,
            struct.error):
        return {}
    return {}


# --- what it means for the reader ----------------------------------------------------------------------------


def visible_header(
    sheet: str, spec: EntitySpec, header: HeaderRow, grid: Grid, hidden: frozenset[int]
) -> tuple[HeaderRow, list[Issue], Issue | None]:
    """The header row as the user sees it: hidden columns taken out, as if absent (a visible column of the same
    title then is the one read). Returns that header, a note per recognised column hidden, and the problem that
    stops the sheet when a required column is hidden (then no note: the problem says it)."""
    hidden = hidden & header.texts.keys()
    if not hidden:
        return header, [], None
    seen = [None if position in hidden else cell for position, cell in enumerate(grid[header.index])]
    visible = replace(map_header(spec, [seen], 0, header.vocabulary), index=header.index)
    lost = [col for col in spec.required_columns if col.key in header.columns and col.key not in visible.columns]
    if lost:
        columns = ", ".join(f"{quote(header.texts[header.columns[col.key]])} ({_letter(header.columns[col.key])})"
                            for col in lost)
        key = "layout.hidden_required" if len(lost) == 1 else "layout.hidden_required_many"
        message = t(key, row=header.index + 1, columns=columns)
        return visible, [], Issue(sheet, None, None, None, MISSING_COLUMN, message)
    notes = [Issue(sheet, None, text, None, HIDDEN_COLUMN, t("layout.hidden_column", letter=_letter(position)))
             for position in sorted(hidden - header.ignored.keys())
             if header.vocabulary.column_for(spec, text := header.texts[position])]
    return visible, notes, None


def merged_cell_issues(
    sheet: str, header: HeaderRow, rows: Collection[int], grid: Grid, merges: Iterable[Merge]
) -> list[Issue]:
    """An Issue for each cell of a recognised column, on a data row (`rows`: Excel rows read), that a merge covers
    without being its top cell: the value the user sees there is stored in the top cell only."""
    issues: list[Issue] = []
    first_data_row = header.index + 2
    recognised = sorted(header.columns.values())
    for merge in merges:
        columns = [position for position in recognised if merge.first_column <= position <= merge.last_column]
        if not columns:
            continue
        covered = range(max(merge.first_row + 1, first_data_row), min(merge.last_row, len(grid)) + 1)
        found = [row for row in covered if row in rows]
        if not found:
            continue
        top_row = grid[merge.first_row - 1] if merge.first_row <= len(grid) else []
        value = to_text(top_row[merge.first_column]) if merge.first_column < len(top_row) else None
        top = f"{_letter(merge.first_column)}{merge.first_row}"
        key = "layout.merged_cell" if value is not None else "layout.merged_cell_empty"
        for row in found:
            for position in columns:
                column = header.texts[position]
                issues.append(Issue(sheet, row, column, None, MERGED_CELL, t(
                    key, sheet=sheet, row=row, column=column, cell=f"{_letter(position)}{row}", top=top,
                    value=value)))
    return issues


def _letter(position: int) -> str:
    return column_letter(position + 1)


# --- xlsx ----------------------------------------------------------------------------------------------------

_MARKERS = (b"hidden", b"mergeCell")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL_TAG = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_MERGE = re.compile(rb"""<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Z]+)(\d+):([A-Z]+)(\d+)["']""")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_MIN = re.compile(rb"""\bmin\s*=\s*["'](\d+)["']""")
_MAX = re.compile(rb"""\bmax\s*=\s*["'](\d+)["']""")
_HIDDEN = re.compile(rb"""\bhidden\s*=\s*["'](1|true)["']""")
_FILTER_ON = re.compile(rb"<(?:\w+:)?filterColumn\b")


def _xlsx(path: Path, sheet_names: Collection[str]) -> dict[str, SheetLayout]:
    found: dict[str, SheetLayout] = {}
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
        members = set(archive.namelist())
        for name in sheet_names:
            part = parts.get(name)
            if part is None or part not in members or not _holds_any(archive, part, _MARKERS):
                continue
            layout = _xlsx_layout(read_member(archive, part))
            if layout:
                found[name] = layout
    return found


def _holds_any(archive: zipfile.ZipFile, part: str, markers: tuple[bytes, ...]) -> bool:
    """Whether the part holds one of the markers: inflated a MiB at a time, so that the usual sheet, which holds
    none, is never held whole (a 100,000-row sheet is some 80 MB of XML)."""
    overlap = max(map(len, markers)) - 1
    tail = b""
    with archive.open(part) as member:
        while chunk := member.read(1 << 20):
            if any(marker in chunk for marker in markers):
                return True
            seam = tail + chunk[:overlap]  # a marker cut in two by the chunks
            if any(marker in seam for marker in markers):
                return True
            tail = chunk[-overlap:]
    return False


def _xlsx_layout(xml: bytes) -> SheetLayout:
    rows: list[int] = []
    columns: set[int] = set()
    if b"hidden" in xml:
        number = 0
        for match in _ROW_TAG.finditer(xml):
            attributes = match.group(1)
            explicit = _ROW_NUMBER.search(attributes)
            number = int(explicit.group(1)) if explicit else number + 1  # rows may omit r= (valid OOXML)
            if _HIDDEN.search(attributes):
                rows.append(number)
        for match in _COL_TAG.finditer(xml):
            attributes = match.group(1)
            first, last = _MIN.search(attributes), _MAX.search(attributes)
            if first and last and _HIDDEN.search(attributes):
                columns.update(range(int(first.group(1)) - 1, min(int(last.group(1)), EXCEL_COLUMNS)))
    merges = []
    if b"mergeCell" in xml:
        for match in _MERGE.finditer(xml):
            first_row, last_row = int(match.group(2)), int(match.group(4))
            if last_row > first_row:
                merges.append(Merge(first_row, last_row, _column(match.group(1)), _column(match.group(3))))
    return SheetLayout(frozenset(rows), _FILTER_ON.search(xml) is not None, frozenset(columns), tuple(merges))


def _column(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


# --- ods -----------------------------------------------------------------------------------------------------

_VISIBILITY = b"table:visibility"
_INVISIBLE = re.compile(rb'table:visibility="(collapse|filter)"')
_ROWS_SPANNED = re.compile(rb'number-rows-spanned="(\d+)"')
_COLUMNS_SPANNED = re.compile(rb'number-columns-spanned="(\d+)"')
_SPANNED = b"number-rows-spanned"
_FILTER = b"<table:database-range"


def _ods(path: Path, sheet_names: Collection[str]) -> dict[str, SheetLayout]:
    with zipfile.ZipFile(path) as archive:
        content = read_member(archive, "content.xml")
    if _VISIBILITY not in content and _SPANNED not in content:
        return {}
    filtered = _FILTER in content and b"table:display-filter-buttons" in content
    found: dict[str, SheetLayout] = {}
    for table in ods_tables(content):
        if table.name not in sheet_names:
            continue
        visibility = content.find(_VISIBILITY, table.start, table.end) != -1
        spans = content.find(_SPANNED, table.start, table.end) != -1
        if not visibility and not spans:
            continue
        columns: set[int] = set()
        if visibility:
            for column in ods_columns(content, table):
                if _INVISIBLE.search(content, column.tag, column.tag_end):
                    columns.update(range(column.column, min(column.column + column.repeats, EXCEL_COLUMNS)))
        rows: list[int] = []
        merges: list[Merge] = []
        for row in ods_rows(content, table):
            if row.index >= EXCEL_ROWS:  # past Excel's last row: nothing the reader kept
                break
            if visibility and _INVISIBLE.search(content, row.tag, row.tag_end) and _holds_value(content, row):
                rows.extend(range(row.index + 1, min(row.index + row.repeats, EXCEL_ROWS) + 1))
            if spans and content.find(_SPANNED, row.tag_end, row.close) != -1:
                merges.extend(_ods_merges(content, row))
        layout = SheetLayout(frozenset(rows), filtered, frozenset(columns), tuple(merges))
        if layout:
            found[table.name] = layout
    return found


def _holds_value(content: bytes, row: OdsRow) -> bool:
    """Empty rows are not read: hiding every row below the data (a million, repeated) costs nothing."""
    return content.find(b"<text:p", row.tag_end, row.close) != -1 or \
        content.find(b"value-type", row.tag_end, row.close) != -1


def _ods_merges(content: bytes, row: OdsRow) -> list[Merge]:
    merges: list[Merge] = []
    for cell in ods_cells(content, row):
        spanned = None if cell.covered else _ROWS_SPANNED.search(content, cell.tag, cell.tag_end)
        if spanned is None or int(spanned.group(1)) <= 1:
            continue
        wide = _COLUMNS_SPANNED.search(content, cell.tag, cell.tag_end)
        first_row = row.index + 1
        last_column = cell.column + (int(wide.group(1)) if wide else 1) - 1
        merges.append(Merge(first_row, first_row + int(spanned.group(1)) - 1, cell.column, last_column))
    return merges


# --- xls -----------------------------------------------------------------------------------------------------

_BOUNDSHEET, _EOF, _BOF = 0x0085, 0x000A, 0x0809
_ROW_RECORD, _AUTOFILTERINFO, _COLINFO, _MERGEDCELLS = 0x0208, 0x009D, 0x007D, 0x00E5
_ROW_HIDDEN = 0x20  # fDyZero, in the ROW record's flags (MS-XLS 2.4.221)
_COLUMN_HIDDEN = 0x01  # fHidden, in the COLINFO record's flags (MS-XLS 2.4.53)
_XLS_COLUMNS = 256
_WANTED = frozenset({_BOF, _EOF, _ROW_RECORD, _AUTOFILTERINFO, _COLINFO, _MERGEDCELLS})
_HEADER = struct.Struct("<HH")


def _xls(path: Path, sheet_names: Collection[str]) -> dict[str, SheetLayout]:
    stream = cfb_stream(path.read_bytes(), ("Workbook", "Book"))
    if stream is None:
        return {}
    positions: dict[str, int] = {}
    for kind, offset, length in xls_records(stream, 0):
        if kind == _BOUNDSHEET and length >= 8:
            position, = struct.unpack_from("<I", stream, offset)
            positions[xls_short_name(stream[offset + 6:offset + length])] = position
        elif kind == _EOF:
            break
    found: dict[str, SheetLayout] = {}
    for name in sheet_names:
        if name in positions:
            layout = _xls_sheet(stream, positions[name])
            if layout:
                found[name] = layout
    return found


def _xls_sheet(stream: bytes, start: int) -> SheetLayout:
    """One sheet's substream, in one loop (a sheet may hold a million records); a chart's inside it skipped."""
    unpack = _HEADER.unpack_from
    rows: list[int] = []
    columns: set[int] = set()
    merges: list[Merge] = []
    filtered = False
    depth = 0
    offset, end = start, len(stream)
    while offset + 4 <= end:
        kind, length = unpack(stream, offset)
        data = offset + 4
        offset = data + length
        if kind not in _WANTED:
            continue
        length = min(length, end - data)
        if kind == _BOF:
            depth += 1
        elif kind == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth > 1:
            continue
        elif kind == _ROW_RECORD and length >= 16:
            row, = struct.unpack_from("<H", stream, data)
            flags, = struct.unpack_from("<H", stream, data + 12)
            if flags & _ROW_HIDDEN:
                rows.append(row + 1)
        elif kind == _COLINFO and length >= 10:
            first, last, _width, _style, flags = struct.unpack_from("<HHHHH", stream, data)
            if flags & _COLUMN_HIDDEN:
                columns.update(range(first, min(last, _XLS_COLUMNS - 1) + 1))
        elif kind == _MERGEDCELLS and length >= 2:
            count, = struct.unpack_from("<H", stream, data)
            for index in range(min(count, (length - 2) // 8)):
                first_row, last_row, first, last = struct.unpack_from("<HHHH", stream, data + 2 + 8 * index)
                if last_row > first_row:
                    merges.append(Merge(first_row + 1, last_row + 1, first, last))
        elif kind == _AUTOFILTERINFO:
            filtered = True
    return SheetLayout(frozenset(rows), filtered, frozenset(columns), tuple(merges))
