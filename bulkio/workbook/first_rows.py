"""The first rows of a workbook's one data sheet, read in milliseconds: the preview's first screen.

read_workbook() needs seconds for 100,000 rows (calamine builds the whole grid, then every column is turned into
text). A person looking at the preview first needs the rows at the top. This reads them straight from the
.xlsx: the sheet's XML parsed as a stream and left after `rows` rows, the shared strings read only up to the
highest one those rows use. The rows then go through the full reader's own steps (recognise, the header row,
hidden columns, the cells turned into text: read.sheet_data), so that they are what the full read gives for
the same rows.

Anything this reading does not know exactly as calamine does (an .ods, .xls, .csv, a FEC, several data sheets,
a hidden sheet, --map, --sheet, --only, error cells, 1904 dates, durations, a date before March 1900, escaped
characters) gives None: the caller then waits for the full read, as before. Never an error either: the full
read says what is wrong with the file in its own words.

Of the guard, the zip's sizes and the XML prologs are checked first (a bomb, a DTD never reach this parser, which
is defusedxml's besides). Not the worksheet's extent: it protects calamine's dense grid, and streams the whole
sheet (0.25 s at 100,000 rows); this reading never holds more than `rows` rows. A file refused for its extent
shows its first rows, then the refusal, once the full read gets there.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO

from defusedxml import ElementTree

from bulkio.spec import SPECS, fold
from bulkio.workbook.column_letters import column_index
from bulkio.workbook.guard import EXCEL_COLUMNS
from bulkio.workbook.guard.zip_parts import check_parts
from bulkio.workbook.layout import visible_header
from bulkio.workbook.read import WorkbookData, sheet_data
from bulkio.workbook.recognise import AUXILIARY_SHEET_KEYS, HEADER_SCAN_ROWS, Recognised, recognise
from bulkio.workbook.sniff import detect_format, part_path, read_member
from bulkio.workbook.source_options import SourceOptions
from bulkio.workbook.sources import VISIBLE, Grid

# The header row may be anywhere in the first 30 rows; the preview sizes its columns on the first 200 rows
# (tui/model.py SAMPLE_ROWS): with these, the first screen's columns are as wide as the full read's.
FIRST_ROWS = HEADER_SCAN_ROWS + 200

_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ESCAPED = re.compile(r"_x[0-9A-Fa-f]{4}_")  # Excel's escape of a control character: left to calamine
_CELL = re.compile(r"([A-Z]{1,3})(\d+)")
_EXCEL_EPOCH = date(1899, 12, 30)
# Built-in number formats calamine reads as dates (14 to 22, 45, 47) and as durations (46).
_BUILTIN_DATES = frozenset({*range(14, 23), 45, 47})
_BUILTIN_DURATIONS = frozenset({46})
DATE, DURATION, NUMBER = "date", "duration", "number"


class _Unsupported(Exception):
    """Something calamine may read otherwise than this module would: the full read alone decides."""


@dataclass
class FirstSheet:
    """The first rows of one sheet, as calamine's grid would hold them (a RawSheet for recognise())."""

    name: str
    rows: Grid
    hidden_columns: frozenset[int] = frozenset()
    visibility: str = VISIBLE
    shared: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # string index -> cells using it

    def head(self, nrows: int) -> Grid:
        return self.rows[:nrows]

    def grid(self) -> Grid:
        return self.rows


def read_first_rows(path: Path, kinds: Collection[str] | None = None, sheet_map: Mapping[str, str] | None = None,
                    source: SourceOptions | None = None, rows: int = FIRST_ROWS) -> WorkbookData | None:
    """The workbook's one data sheet with its first `rows` rows of the file (fewer once the empty rows are left
    out), as read_workbook() would give them; None when this reading cannot promise that."""
    if kinds is not None or sheet_map or source is not None:
        return None
    path = Path(path)
    try:
        fmt = detect_format(path)
        if fmt not in ("xlsx", "xlsm"):
            return None
        with zipfile.ZipFile(path) as archive:
            check_parts(path, archive)  # sizes and prologs: no bomb, no DTD reaches the parser below
            sheet = _first_sheet(archive, rows)
        verdict = recognise(sheet, list(SPECS.values()))
        if not isinstance(verdict, Recognised):
            return None
        header, _notes, hidden_required = visible_header(sheet.name, verdict.spec, verdict.header, sheet.rows,
                                                         sheet.hidden_columns)
        if hidden_required is not None:
            return None
        data = sheet_data(sheet.name, sheet.rows, verdict.spec, header, {}, [])
    except Exception:  # whatever it is, the full read says it in its own words, or reads what this could not
        return None
    data.recognised_by = verdict.by
    return WorkbookData(path=path, format=fmt, sheets=[data])


# --- the workbook: which sheet, its part, the shared strings and the styles ----------------------------------


def _first_sheet(archive: zipfile.ZipFile, rows: int) -> FirstSheet:
    workbook = ElementTree.fromstring(read_member(archive, "xl/workbook.xml"))
    rels = ElementTree.fromstring(read_member(archive, "xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): (rel.get("Target", ""), rel.get("Type", "")) for rel in rels.iter(_RELS)}
    for element in workbook.iter():
        if _local(element.tag) == "workbookPr" and element.get("date1904", "0").lower() in ("1", "true"):
            raise _Unsupported("1904 dates")
    data_sheets = []
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        name = element.get("name", "")
        if fold(name) in AUXILIARY_SHEET_KEYS:  # bulkio's own help and lists: never read, never said
            continue
        target, kind = targets.get(element.get(_REL_ID), ("", ""))
        if element.get("state", VISIBLE) != VISIBLE or not kind.endswith("/worksheet"):
            raise _Unsupported("a hidden sheet or a chart sheet")  # the full read decides what to say of it
        data_sheets.append((name, part_path(target)))
    if len(data_sheets) != 1:
        raise _Unsupported("not one data sheet")
    name, part = data_sheets[0]
    styles = _date_styles(archive, targets)
    with archive.open(part) as member:
        sheet = _read_rows(name, member, rows, styles)
    if sheet.shared:
        strings = next((part_path(target) for target, kind in targets.values() if kind.endswith("/sharedStrings")), "")
        texts = _shared_strings(archive, strings, max(sheet.shared))
        for index, cells in sheet.shared.items():
            for row, column in cells:
                sheet.rows[row][column] = texts[index]
    return sheet


def _shared_strings(archive: zipfile.ZipFile, part: str, last: int) -> list[str]:
    """The shared strings up to index `last`: a 100,000-row sheet has a million, its first rows use the first."""
    texts: list[str] = []
    with archive.open(part) as member:
        for _event, element in ElementTree.iterparse(member, events=("end",)):
            if _local(element.tag) != "si":
                continue
            texts.append(_string(element))
            element.clear()
            if len(texts) > last:
                return texts
    raise _Unsupported("a shared string index past the table")


def _string(element: ElementTree.Element) -> str:
    """A shared or inline string: its <t>, or the <t> of its runs; the phonetic guide (<rPh>) is not text."""
    parts = []
    for child in element:
        local = _local(child.tag)
        if local == "t":
            parts.append(child.text or "")
        elif local == "r":
            parts.extend(grand.text or "" for grand in child if _local(grand.tag) == "t")
    text = "".join(parts)
    if "_x" in text and _ESCAPED.search(text):
        raise _Unsupported("an escaped character")
    return text


def _date_styles(archive: zipfile.ZipFile, targets: Mapping[str | None, tuple[str, str]]) -> list[str]:
    """For each cell style (the s of a cell), whether calamine reads a number in it as a date, a duration or a
    number (formats.rs: the built-in ids, then its reading of a custom format's code)."""
    part = next((part_path(target) for target, kind in targets.values() if kind.endswith("/styles")), "")
    if not part:
        return []
    styles = ElementTree.fromstring(read_member(archive, part))
    custom: dict[str, str] = {}
    kinds: list[str] = []
    for element in styles:
        local = _local(element.tag)
        if local == "numFmts":
            custom = {fmt.get("numFmtId", ""): _format_kind(fmt.get("formatCode", "")) for fmt in element}
        elif local == "cellXfs":
            for xf in element:
                number_format = xf.get("numFmtId", "0")
                found = custom.get(number_format)
                if found is None:
                    code = int(number_format) if number_format.isdigit() else 0
                    found = DATE if code in _BUILTIN_DATES else DURATION if code in _BUILTIN_DURATIONS else NUMBER
                kinds.append(found)
    return kinds


def _format_kind(code: str) -> str:
    """calamine's detect_custom_number_format, read the same way: the first section, quoted text, escapes and
    [colours] aside; a date letter makes a date, [h] [m] [s] a duration."""
    escaped = quoted = ampm = hms = False
    brackets = 0
    previous = " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\*":
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == ";":
            return NUMBER
        elif char == "[":
            brackets += 1
        elif char == "]" and brackets == 1 and hms:
            return DURATION
        elif char == "]":
            brackets = max(0, brackets - 1)
        elif char in "aA" and not ampm and brackets == 0:
            ampm = True
        elif brackets == 0 and char in ("pm/PM" if ampm else "dmhysDMHYS"):
            return DATE
        elif not (hms and char.lower() == previous.lower()):
            hms = previous == "[" and char in "mhsMHS"
        previous = char
    return NUMBER


# --- the sheet's first rows -----------------------------------------------------------------------------------


def _read_rows(name: str, member: IO[bytes], limit: int, styles: list[str]) -> FirstSheet:
    sheet = FirstSheet(name, [])
    hidden: set[int] = set()
    number = 0
    for element in _row_elements(member, hidden):
        explicit = element.get("r")
        number = int(explicit) if explicit else number + 1
        if number <= len(sheet.rows):
            raise _Unsupported("rows out of order")
        if number > limit:
            break
        sheet.rows.extend([] for _ in range(number - 1 - len(sheet.rows)))
        sheet.rows.append(_cells(element, number, len(sheet.rows), styles, sheet.shared))
        element.clear()
    sheet.hidden_columns = frozenset(hidden)
    return sheet


def _row_elements(member: IO[bytes], hidden: set[int]) -> Iterator[ElementTree.Element]:
    """The <row> elements, in order; the hidden columns (<col hidden>, before the rows) noted on the way."""
    for _event, element in ElementTree.iterparse(member, events=("end",)):
        local = _local(element.tag)
        if local == "row":
            yield element
        elif local == "col" and element.get("hidden") in ("1", "true"):  # as layout.py reads it
            first, last = int(element.get("min", "0")), int(element.get("max", "0"))
            hidden.update(range(max(0, first - 1), min(last, EXCEL_COLUMNS)))


def _cells(row: ElementTree.Element, number: int, index: int, styles: list[str],
           shared: dict[int, list[tuple[int, int]]]) -> list[object]:
    """One row as calamine gives it: "" for an empty cell, str, float, bool or date."""
    values: list[object] = []
    for cell in row:
        if _local(cell.tag) != "c":
            continue
        reference = cell.get("r")
        column = len(values)
        if reference is not None:
            found = _CELL.fullmatch(reference)
            if found is None or int(found.group(2)) != number:
                raise _Unsupported("a cell reference written otherwise")
            column = column_index(found.group(1)) - 1
            if column < len(values):
                raise _Unsupported("cells out of order")
        values.extend("" for _ in range(column - len(values)))
        values.append(_value(cell, styles, shared, index, column))
    return values


def _value(cell: ElementTree.Element, styles: list[str], shared: dict[int, list[tuple[int, int]]], row: int,
           column: int) -> object:
    kind = cell.get("t", "n")
    text: str | None = None
    inline: ElementTree.Element | None = None
    for child in cell:
        local = _local(child.tag)
        if local == "v":
            text = child.text or ""
        elif local == "is":
            inline = child
    if kind == "inlineStr":
        return _string(inline) if inline is not None else ""
    if text is None:
        return ""  # no value: empty, or a formula never calculated (the full read says so)
    if kind == "s":
        shared.setdefault(int(text), []).append((row, column))
        return ""  # filled in once the shared strings are read
    if kind == "str":
        if "_x" in text and _ESCAPED.search(text):
            raise _Unsupported("an escaped character")
        return text
    if kind == "b":
        return text != "0"
    if kind != "n":
        raise _Unsupported(f"a cell of type {kind}")  # e (an error value), d (an ISO date)
    number = float(text)
    style = int(cell.get("s", "0"))
    if style >= len(styles) and style != 0:
        raise _Unsupported("a style the workbook does not have")
    reading = styles[style] if style < len(styles) else NUMBER
    if reading == NUMBER:
        return number
    if reading == DURATION or not math.isfinite(number) or not 61 <= number < 2_958_466:
        raise _Unsupported("a duration, a time alone or a date before March 1900")
    day = math.floor(number)
    if number - day > 1 - 1e-6:  # a time so close to midnight that rounding could make it the next day
        raise _Unsupported("a date at midnight's edge")
    return _EXCEL_EPOCH + timedelta(days=day)  # a date's text is its day, with or without a time


_LOCAL_NAMES: dict[object, str] = {}


def _local(tag: object) -> str:
    """The tag's name without its namespace (a dozen tags, met thousands of times: remembered)."""
    local = _LOCAL_NAMES.get(tag)
    if local is None:
        local = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
        if len(_LOCAL_NAMES) < 1000:
            _LOCAL_NAMES[tag] = local
    return local
