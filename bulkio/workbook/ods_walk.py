"""The tables, rows and cells of an OpenDocument spreadsheet's content.xml, found with bytes.find.

One walk for every reader of the raw XML (guard/ods.py, number_formats.py, layout.py):

    ods_tables   each <table:table>, by its name as the user sees it: attribute escapes undone ("R&amp;D" is R&D)
    ods_columns  a table's column definitions (<table:table-column>), with their repeats
    ods_rows     a table's rows (<table:table-row>), with their repeats; groups (<table:table-row-group>) are
                 walked through
    ods_cells    one row's cells, covered ones included (what a merged cell hides), with their repeats

No tree is built: a content.xml may hold a million rows, and LibreOffice ends each table with a row repeated
a million times. Repeats are bounded by Excel's grid, so that such a row costs no more than Excel's last row.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import NamedTuple

EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384

ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')
CELL, COVERED_CELL = b"<table:table-cell", b"<table:covered-table-cell"
_TABLE = re.compile(rb"<table:table[\s>]")
_NAME = re.compile(rb"""\stable:name\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ROW, _ROW_END = b"<table:table-row", b"</table:table-row>"
_COLUMN = b"<table:table-column"
_NAME_ENDS = (b" ", b">", b"/", b"\t", b"\n", b"\r")  # what may follow an element's name in its tag


class OdsTable(NamedTuple):
    name: str
    start: int  # where its start tag begins
    end: int  # where the next table begins, or the end of the content


class OdsRow(NamedTuple):
    index: int  # 0-based row of its first repeat
    repeats: int
    tag: int  # where its start tag begins ...
    tag_end: int  # ... and ends (its '>')
    close: int  # where its end tag begins (tag_end for an empty <table:table-row/>)


class OdsCell(NamedTuple):
    column: int  # 0-based column of its first repeat
    repeats: int
    tag: int  # where its start tag begins ...
    tag_end: int  # ... and ends
    covered: bool  # a <table:covered-table-cell>: hidden under a merged cell


def ods_tables(content: bytes) -> Iterator[OdsTable]:
    starts = [match.start() for match in _TABLE.finditer(content)]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(content)
        tag_end = content.find(b">", start, end)
        named = _NAME.search(content, start, end if tag_end == -1 else tag_end)
        raw = b"" if named is None else named.group(1) if named.group(1) is not None else named.group(2)
        yield OdsTable(html.unescape(raw.decode("utf-8", "replace")), start, end)


def ods_columns(content: bytes, table: OdsTable) -> Iterator[OdsCell]:
    """The column definitions, which come before the rows (in groups or header columns or not)."""
    first_row = content.find(_ROW, table.start, table.end)
    end = table.end if first_row == -1 else first_row
    column = 0
    for position, tag_end in _elements(content, _COLUMN, table.start, end):
        repeats = cell_repeats(content, position, tag_end)
        yield OdsCell(column, repeats, position, tag_end, False)
        column += repeats


def ods_rows(content: bytes, table: OdsTable) -> Iterator[OdsRow]:
    index = 0
    position = content.find(_ROW, table.start, table.end)
    while position != -1:
        tag_end = content.find(b">", position, table.end)
        if tag_end == -1:
            return
        if content[position + len(_ROW):position + len(_ROW) + 1] not in _NAME_ENDS:
            position = content.find(_ROW, tag_end, table.end)  # <table:table-row-group>: its rows come next
            continue
        repeated = ROWS_REPEATED.search(content, position, tag_end)
        repeats = min(int(repeated.group(1)), EXCEL_ROWS) if repeated else 1
        if content[tag_end - 1:tag_end] == b"/":
            close = tag_end
        else:
            close = content.find(_ROW_END, tag_end, table.end)
            close = table.end if close == -1 else close
        yield OdsRow(index, repeats, position, tag_end, close)
        index += repeats
        position = content.find(_ROW, close, table.end)


def ods_cells(content: bytes, row: OdsRow) -> Iterator[OdsCell]:
    start, end = row.tag_end, row.close
    column = 0
    cell, covered = content.find(CELL, start, end), content.find(COVERED_CELL, start, end)
    while cell != -1 or covered != -1:
        is_covered = cell == -1 or (covered != -1 and covered < cell)
        position = covered if is_covered else cell
        tag_end = content.find(b">", position, end)
        if tag_end == -1:
            return
        repeats = cell_repeats(content, position, tag_end)
        yield OdsCell(column, repeats, position, tag_end, is_covered)
        column += repeats
        if is_covered:
            covered = content.find(COVERED_CELL, tag_end, end)
        else:
            cell = content.find(CELL, tag_end, end)


def ods_column_of(content: bytes, row: OdsRow, position: int) -> int:
    """The 0-based column of the cell whose tag starts at `position` in `row`, from the cells and repeats before
    it, without walking them one by one: guard/ods.py finds a row's last value from the row's end."""
    before = content.count(CELL, row.tag_end, position) + content.count(COVERED_CELL, row.tag_end, position)
    repeats = COLUMNS_REPEATED.findall(content, row.tag_end, position)
    return before + sum(min(int(n), EXCEL_COLUMNS) - 1 for n in repeats)


def cell_repeats(content: bytes, position: int, tag_end: int) -> int:
    repeated = COLUMNS_REPEATED.search(content, position, tag_end)
    return min(int(repeated.group(1)), EXCEL_COLUMNS) if repeated else 1


def _elements(content: bytes, name: bytes, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, '>' of the start tag) of each element `name`, not of one whose name only begins so (table-columns)."""
    position = content.find(name, start, end)
    while position != -1:
        tag_end = content.find(b">", position, end)
        if tag_end == -1:
            return
        if content[position + len(name):position + len(name) + 1] in _NAME_ENDS:
            yield position, tag_end
        position = content.find(name, tag_end, end)
