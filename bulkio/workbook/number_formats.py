"""Which typed numbers of a workbook are formatted as percentages: 50 % is stored 0.5, and calamine gives 0.5.

Only the cells that matter are looked for: typed numbers (SheetData.number_cells) of the numeric columns.
A sheet without any costs nothing; a workbook without a percentage style costs its styles part. Then:

    xlsx, xlsm   xl/styles.xml: the cell styles (cellXfs) whose number format is a percentage, built-in 9
                 (0%) and 10 (0.00%) or a custom code with a '%' outside quotes; then each sheet's cells with
                 such a style (s="N"), found with bytes.find as in formula_scan.py
    ods          content.xml: the cells of office:value-type="percentage", rows and cells counted with
                 their repeats (ods_walk.py)
    xls, csv     nothing: an .xls's formats are not read (a rate of 0.5 is then an error saying "type 50")

On anything unusual the answer is "none": the rates then fail loudly (RATE_FRACTION), never silently.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from defusedxml import ElementTree

from bulkio.workbook.cells import NUMBER_KINDS
from bulkio.workbook.column_letters import column_index, column_letter
from bulkio.workbook.formula_scan import sheet_parts
from bulkio.workbook.ods_walk import OdsTable, ods_cells, ods_rows, ods_tables
from bulkio.workbook.sniff import part_path, read_member

if TYPE_CHECKING:
    from bulkio.workbook.read import SheetData

Cells = set[tuple[int, int]]  # (Excel row, 0-based column)

_BUILTIN_PERCENT = frozenset({9, 10})
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")
_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, ValueError, EOFError, zlib.error)


def mark_percent_cells(path: Path, fmt: str, sheets: Sequence[SheetData]) -> None:
    """Fill each sheet's `percent_cells` (column key -> Excel rows) among its typed numbers."""
    if fmt not in ("xlsx", "xlsm", "ods"):
        return
    wanted: dict[str, dict[int, str]] = {}  # sheet name -> 0-based column -> column key
    for sheet in sheets:
        columns = {column_index(sheet.letters[key]) - 1: key for key in sheet.number_cells
                   if sheet.spec.column(key).kind in NUMBER_KINDS}
        if columns:
            wanted.setdefault(sheet.name, {}).update(columns)
    if not wanted:
        return
    found = percent_cells(path, fmt, wanted)
    for sheet in sheets:
        by_key: dict[str, set[int]] = {}
        columns = wanted.get(sheet.name, {})
        for row, column in found.get(sheet.name, ()):
            key = columns.get(column)
            if key is not None and row in sheet.number_cells[key]:
                by_key.setdefault(key, set()).add(row)
        sheet.percent_cells = {key: frozenset(rows) for key, rows in by_key.items()}


def percent_cells(path: Path, fmt: str, wanted: Mapping[str, Collection[int]]) -> dict[str, Cells]:
    """For each sheet named in `wanted` (with its 0-based columns), its percentage-formatted cells there."""
    try:
        with zipfile.ZipFile(path) as archive:
            if fmt == "ods":
                return _ods_cells(read_member(archive, "content.xml"), wanted)
            styles = percent_styles(archive)
            if not styles:
                return {}
            parts = sheet_parts(archive)
            members = set(archive.namelist())
            found: dict[str, Cells] = {}
            for name, columns in wanted.items():
                part = parts.get(name)
                if part is not None and part in members:
                    found[name] = _styled_cells(read_member(archive, part), styles, columns)
            return found
    except _ERRORS:
        return {}


# --- xlsx ---------------------------------------------------------------------------------------------


def percent_styles(archive: zipfile.ZipFile) -> list[int]:
    """The indexes of the cell styles (cellXfs) whose number format shows a percentage."""
    members = set(archive.namelist())
    part = _styles_part(archive) if "xl/_rels/workbook.xml.rels" in members else "xl/styles.xml"
    if part not in members:
        return []
    root = ElementTree.fromstring(read_member(archive, part))
    codes = {element.get("numFmtId", ""): element.get("formatCode", "")
             for element in root.iter() if _local(element.tag) == "numFmt"}
    styles: list[int] = []
    for holder in root:
        if _local(holder.tag) != "cellXfs":
            continue
        for index, xf in enumerate(child for child in holder if _local(child.tag) == "xf"):
            number_format = xf.get("numFmtId", "0")
            code = codes.get(number_format)
            if is_percent_code(code) if code is not None else _builtin(number_format) in _BUILTIN_PERCENT:
                styles.append(index)
    return styles


def is_percent_code(code: str) -> bool:
    """A '%' that Excel shows as a percent sign: not in quotes, not escaped, not in [...] or after _ or *."""
    position = 0
    while position < len(code):
        char = code[position]
        if char == '"':
            closing = code.find('"', position + 1)
            position = len(code) if closing == -1 else closing + 1
            continue
        if char == "[":
            closing = code.find("]", position + 1)
            position = len(code) if closing == -1 else closing + 1
            continue
        if char in "\\_*":
            position += 2
            continue
        if char == "%":
            return True
        position += 1
    return False


def _styles_part(archive: zipfile.ZipFile) -> str:
    rels = ElementTree.fromstring(read_member(archive, "xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PKG_REL_NS}Relationship"):
        target = rel.get("Target", "")
        if rel.get("Type", "").endswith("/styles") and target:
            return part_path(target)
    return "xl/styles.xml"


def _builtin(number_format: str) -> int:
    return int(number_format) if number_format.isdigit() else -1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _styled_cells(xml: bytes, styles: Collection[int], columns: Collection[int]) -> Cells:
    """The cells (in `columns`) of the sheet whose style is one of `styles`: each style's s="N" marker is
    searched for, and kept when it is in a cell's start tag (a row's style only fills empty cells).
    Writers put one space before each attribute; a cell without its r="A1" reference is left out."""
    found = _SHEET_DATA.search(xml)
    if found is None:
        return set()
    prefix = found.group(1) or b""
    start = found.end()
    end = xml.find(b"</" + prefix + b"sheetData", start)
    end = len(xml) if end == -1 else end
    cell_ref = re.compile(rb"<" + re.escape(prefix) + rb'c\s[^>]*?\br="([A-Z]+)(\d+)"')
    letters = {column_letter(column + 1).encode("ascii"): column for column in columns}
    cells: Cells = set()
    for style in styles:
        marker = b' s="%d"' % style
        position = xml.find(marker, start, end)
        while position != -1:
            begin = xml.rfind(b"<", start, position)
            located = cell_ref.match(xml, begin, xml.find(b">", position, end)) if begin != -1 else None
            if located is not None:
                column = letters.get(located.group(1))
                if column is not None:
                    cells.add((int(located.group(2)), column))
            position = xml.find(marker, position + len(marker), end)
    return cells


# --- ods ----------------------------------------------------------------------------------------------

_PERCENTAGE = b'value-type="percentage"'


def _ods_cells(content: bytes, wanted: Mapping[str, Collection[int]]) -> dict[str, Cells]:
    if _PERCENTAGE not in content:
        return {}
    found: dict[str, Cells] = {}
    for table in ods_tables(content):
        if table.name in wanted and content.find(_PERCENTAGE, table.start, table.end) != -1:
            found[table.name] = _ods_table_cells(content, table, wanted[table.name])
    return found


def _ods_table_cells(content: bytes, table: OdsTable, columns: Collection[int]) -> Cells:
    """Row by row; only a row holding a percentage cell is walked cell by cell."""
    cells: Cells = set()
    for row in ods_rows(content, table):
        if content.find(_PERCENTAGE, row.tag_end, row.close) == -1:
            continue
        for cell in ods_cells(content, row):
            if content.find(_PERCENTAGE, cell.tag, cell.tag_end) != -1:
                for column in (index for index in columns if cell.column <= index < cell.column + cell.repeats):
                    cells.update((row.index + offset + 1, column) for offset in range(row.repeats))
    return cells
