"""Refuse, before any parser touches the file, what would exhaust memory or time, or is not what Excel writes.

python-calamine is fast, but a few inputs make it allocate without bound, and a failed allocation in Rust
aborts the whole process (no exception, no message): a value far away (XFD1048576) makes it allocate the
dense rectangle from A1 (17 billion cells); a sharedStrings.xml announcing 10^11 strings makes it reserve
them; an .xls whose DIMENSIONS record claims 4 billion rows, or an .ods row of values repeated a million
times, the same. These checks run first, each in bounded time and memory:

    zip (xlsx, xlsm, ods)   every member's uncompressed size as the central directory declares it (the zip
                            readers, Python's and calamine's, both refuse to inflate past it): a part over
                            MAX_PART_BYTES, or compressed more than MAX_RATIO to 1, is refused (zip bomb)
    XML prologs             the first bytes of every XML part: a DTD (<!DOCTYPE, <!ENTITY) is refused
                            (billion laughs, XXE: Excel never writes one); the shared strings' count
                            must be plausible for the part's size
    worksheets (xlsx)       the rectangle of valued cells, from A1, at most MAX_GRID_CELLS: measured cell by
                            cell when the sheet is small, when its <dimension> is larger than the limit (Excel
                            writes one, and it covers the far value), or when it is suspiciously
                            compressible; a large sheet with a plausible dimension is left to the post-load
                            check (sources.py), which needs no scan (see the note below)
    .xls                    the BIFF8 records of every sheet: DIMENSIONS and the position of every cell
    .ods                    content.xml: rows and cells with their repeat counts
    .csv                    the file's size

Note: scanning every worksheet cell by cell before calamine would also catch a crafted sheet larger than
SMALL_SHEET_BYTES whose <dimension> lies; it costs about 0.3 s per 100,000 rows (inflating and scanning
80 MB of XML before calamine can start), about 10 % of the read, so large sheets are trusted to describe
themselves.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from bulkio.errors import InputError
from bulkio.i18n import t
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)
from bulkio.workbook.sniff import cfb_stream, read_member

MAX_PART_BYTES = 256 << 20  # one part of a zip, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for parts over RATIO_FLOOR (spreadsheet XML: 8 to 25)
RATIO_FLOOR = 8 << 20
MAX_GRID_CELLS = 5_000_000  # rows x columns from A1: 100,000 rows x 50 columns (about 400 MB once read)
MAX_FILE_BYTES = 256 << 20  # an .xls or a .csv, read whole
SMALL_SHEET_BYTES = 1 << 20  # worksheets up to this size are always measured cell by cell
SUSPECT_RATIO = 30  # a worksheet compressed more than this is measured cell by cell too
FEW_VALUES = 100_000  # up to this many values, a measured sheet's values are found one by one
PROLOG_BYTES = 64 << 10
PARSED = (".xml", ".rels")  # the parts calamine, or the formula scan, parses (not customXml/: user data)
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
XLS_ROWS, XLS_COLUMNS = 65_536, 256  # an Excel 97-2003 sheet

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT = re.compile(rb"<[A-Za-z_]")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')
_UNIQUE_COUNT = re.compile(rb'<(?:\w+:)?sst\b[^>]*?\buniqueCount="(\d+)"')
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")


def check_workbook(path: Path, fmt: str) -> None:
    """Raise InputError for a file that must not reach the parsers; return quietly otherwise."""
    if fmt in ("xlsx", "xlsm", "ods"):
        _check_zip(path, fmt)
    elif fmt in ("xls", "csv"):
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(t("workbook.file_too_big", path=path, size=_megabytes(size),
                               limit=_megabytes(MAX_FILE_BYTES)))
        if fmt == "xls":
            _check_xls(path)


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.0f}".replace(",", " ") + " Mo"


def cell_name(row: int, column: int) -> str:
    """0-based (row, column) -> "XFD1048576"."""
    letters, index = "", column + 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row + 1}"


def check_grid(sheet: str, last_row: int, last_column: int) -> None:
    """The grid from A1 to (last_row, last_column), 0-based, must hold at most MAX_GRID_CELLS cells."""
    rows, columns = last_row + 1, last_column + 1
    if rows * columns > MAX_GRID_CELLS:
        raise InputError(t("workbook.too_many_cells", sheet=sheet, cell=cell_name(last_row, last_column),
                           rows=_count(rows), columns=_count(columns), cells=_count(rows * columns),
                           limit=_count(MAX_GRID_CELLS)))


def _count(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


# --- zip containers ------------------------------------------------------------------------------------


def _check_zip(path: Path, fmt: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            for info in infos:
                _check_size(path, info)
            for info in infos:
                if _parsed(info):
                    _check_prolog(path, archive, info)
            if fmt in ("xlsx", "xlsm"):
                for name, part in _worksheet_parts(archive):
                    _check_worksheet(archive, archive.getinfo(part), name)
            elif "content.xml" in archive.namelist():
                content = _read(archive, archive.getinfo("content.xml"))
                if content is not None:
                    _check_ods(content)
    except (zipfile.BadZipFile, EOFError, OSError):
        return  # damaged: the parser will say so in its own words


_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int = -1) -> bytes | None:
    """A part's bytes (its first `size` bytes), or None when the part cannot be inflated: then the parser
    fails on it with its own message, and the other parts are still checked."""
    try:
        return read_member(archive, info, size)
    except _UNREADABLE:
        return None


def _check_size(path: Path, info: zipfile.ZipInfo) -> None:
    """A bomb is refused wherever it is (nothing but an attack compresses like that); a large part only if
    it is parsed (an embedded picture is never read)."""
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
        raise InputError(t("workbook.zip_bomb", path=path, part=info.filename, size=_megabytes(info.file_size),
                           compressed=_megabytes(info.compress_size), ratio=f"{ratio:,.0f}".replace(",", " ")))
    if info.file_size > MAX_PART_BYTES and _parsed(info):
        raise InputError(t("workbook.part_too_big", path=path, part=info.filename, size=_megabytes(info.file_size),
                           limit=_megabytes(MAX_PART_BYTES)))


def _parsed(info: zipfile.ZipInfo) -> bool:
    return info.filename.endswith(PARSED) and not info.filename.startswith("customXml/")


def _check_prolog(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No DTD before the root element (a DTD can only come there), and a root element early on."""
    head = _read(archive, info, PROLOG_BYTES)
    if head is None:
        return
    # A DTD can only come before the root element, but no XML that Excel or LibreOffice writes holds
    # "<!DOCTYPE" or "<!ENTITY" anywhere (text has "&lt;"): searching the whole head leaves no room for tricks.
    if _DTD.search(head) or (_ROOT.search(head) is None and len(head) == PROLOG_BYTES):
        raise InputError(t("workbook.xml_entities", path=path, part=info.filename))
    if info.filename.endswith("sharedStrings.xml"):
        announced = _UNIQUE_COUNT.search(head)
        if announced and int(announced.group(1)) > info.file_size // 5:  # "<si/>": 5 bytes at least
            raise InputError(t("workbook.damaged", path=path, reason=f"{info.filename}: uniqueCount"))


def _worksheet_parts(archive: zipfile.ZipFile) -> Iterable[tuple[str, str]]:
    from bulkio.workbook.formula_scan import sheet_parts

    names = set(archive.namelist())
    try:
        parts = sheet_parts(archive)
    except (*_UNREADABLE, KeyError, ValueError, SyntaxError):  # calamine will say what is wrong
        return
    for name, part in parts.items():
        if part in names:
            yield name, part


def _check_worksheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str) -> None:
    head = _read(archive, info, PROLOG_BYTES)
    if head is None:
        return
    dimension = _DIMENSION.search(head, 0, head.find(b"sheetData") % (len(head) + 1))
    declared = 0
    if dimension and dimension.group(4):
        declared = int(dimension.group(4)) * _column_number(dimension.group(3))
    small = info.file_size <= SMALL_SHEET_BYTES
    suspect = info.file_size > SUSPECT_RATIO * max(info.compress_size, 1)
    if small or suspect or declared > MAX_GRID_CELLS:
        xml = _read(archive, info)
        last = valued_extent(xml) if xml is not None else None
        if last is not None:
            check_grid(sheet, *last)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def valued_extent(xml: bytes) -> tuple[int, int] | None:
    """(last row, last column), 0-based, of the cells holding a value, positioned as calamine does; None when
    no cell holds one. A value is a <v> or an <is> (an empty formatted cell has neither, and calamine skips
    it, however many there are). Few values (a sheet of formatting): each is found with bytes.find; many:
    one regular expression, trusted only if it found them all."""
    found = _SHEET_DATA.search(xml)
    if found is None:
        return None
    prefix = found.group(1) or b""
    start = found.end()
    end = xml.find(b"</" + prefix + b"sheetData", start)
    end = len(xml) if end == -1 else end
    markers = [b"<" + prefix + name for name in (b"v>", b"v ", b"is>", b"is ")]
    values = sum(xml.count(marker, start, end) for marker in markers)
    if not values:
        return None
    if values <= FEW_VALUES:
        return _extent_by_values(xml, start, end, prefix, markers)
    p = re.escape(prefix)
    valued = re.compile(rb"<" + p + rb'c r="([A-Z]+)(\d+)"[^>]*(?<!/)>(?:<' + p + rb"f\b[^>]*(?:/>|>[^<]*</" + p
                        + rb"f>))?<" + p + rb"(?:v|is)[\s>]")
    refs = valued.findall(xml, start, end)
    if len(refs) != values:  # a cell whose reference is missing or not first: walk them all
        return _walk_cells(xml, start, prefix)
    rows = max(map(int, {digits for _, digits in refs}))
    letters = {letters for letters, _ in refs}
    longest = max(map(len, letters))
    return rows - 1, _column_number(max(x for x in letters if len(x) == longest)) - 1


_CELL_REFERENCE = re.compile(rb'\sr="([A-Z]+)(\d+)"')


def _extent_by_values(xml: bytes, start: int, end: int, prefix: bytes, markers: list[bytes]) -> tuple[int, int] | None:
    cell_tags = (b"<" + prefix + b"c ", b"<" + prefix + b"c>")
    last_row = last_column = -1
    for marker in markers:
        position = xml.find(marker, start, end)
        while position != -1:
            near = max(start, position - 4096)  # a cell's start tag is a few attributes before its value
            begin = max(xml.rfind(tag, near, position) for tag in cell_tags)
            tag_end = xml.find(b">", begin, position)
            reference = _CELL_REFERENCE.search(xml, begin, tag_end) if begin != -1 and tag_end != -1 else None
            if reference is None:  # a cell positioned by its order in the row
                return _walk_cells(xml, start, prefix)
            last_row = max(last_row, int(reference.group(2)) - 1)
            last_column = max(last_column, _column_number(reference.group(1)) - 1)
            position = xml.find(marker, position + 1, end)
    return None if last_row < 0 else (last_row, last_column)


def _walk_cells(xml: bytes, start: int, prefix: bytes) -> tuple[int, int] | None:
    """Cells without a reference take the next column of their row, rows without one the next row; a cell
    counts unless it is empty ("<c .../>", "<c ...></c>")."""
    token = re.compile(rb"<" + re.escape(prefix) + rb"(row|c)(?=[\s/>])([^>]*)>")
    reference = re.compile(rb'\br="([A-Z]*)(\d*)"')
    closing = b"</" + prefix + b"c>"
    row = column = -1
    last_row = last_column = -1
    for match in token.finditer(xml, start):
        attrs = match.group(2)
        ref = reference.search(attrs)
        if match.group(1) == b"row":
            row = int(ref.group(2)) - 1 if ref and ref.group(2) else row + 1
            column = -1
            continue
        if ref and ref.group(1) and ref.group(2):
            row, column = int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1
        else:
            column += 1
        if not attrs.endswith(b"/") and not xml.startswith(closing, match.end()):
            last_row, last_column = max(last_row, row), max(last_column, column)
    return None if last_row < 0 else (last_row, last_column)


# --- .ods ----------------------------------------------------------------------------------------------

_ODS_TABLE = re.compile(rb"<table:table[\s>]")
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')
_ROW, _ROW_END = b"<table:table-row", b"</table:table-row>"
_CELL, _COVERED = b"<table:table-cell", b"<table:covered-table-cell"


def _check_ods(content: bytes) -> None:
    """Each table's valued rectangle, repeats included (LibreOffice ends every table with a row repeated a
    million times, harmless when empty; the same row with a value in it is a million rows). Row by row with
    bytes.find: only the last value of a row, and what comes before it, are looked at."""
    starts = [match.start() for match in _ODS_TABLE.finditer(content)]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(content)
        named = _ODS_NAME.search(content, start, content.find(b">", start, end))
        sheet = named.group(1).decode("utf-8", "replace") if named else ""
        last = _ods_table_extent(content, start, end)
        if last is not None:
            check_grid(sheet, *last)


def _ods_table_extent(content: bytes, start: int, end: int) -> tuple[int, int] | None:
    row, last_row, last_column = 0, -1, -1
    position = content.find(_ROW, start, end)
    while position != -1:
        tag_end = content.find(b">", position, end)
        if tag_end == -1:
            break
        if content[position + len(_ROW):position + len(_ROW) + 1] not in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
            position = content.find(_ROW, tag_end, end)  # <table:table-rows>, a group of rows
            continue
        repeated = _ROWS_REPEATED.search(content, position, tag_end)
        repeats = min(int(repeated.group(1)), EXCEL_ROWS) if repeated else 1
        close = tag_end if content[tag_end - 1:tag_end] == b"/" else content.find(_ROW_END, tag_end, end)
        close = end if close == -1 else close
        value = max(content.rfind(b"value-type", tag_end, close), content.rfind(b"<text:p", tag_end, close))
        if value != -1:
            cell = max(content.rfind(_CELL, tag_end, value), content.rfind(_COVERED, tag_end, value))
            if cell != -1:
                before = content.count(_CELL, tag_end, cell) + content.count(_COVERED, tag_end, cell)
                before += sum(min(int(n), EXCEL_COLUMNS) - 1 for n in _COLUMNS_REPEATED.findall(content, tag_end, cell))
                own = _COLUMNS_REPEATED.search(content, cell, content.find(b">", cell, close))
                width = min(int(own.group(1)), EXCEL_COLUMNS) if own else 1
                last_row = max(last_row, row + repeats - 1)
                last_column = max(last_column, before + width - 1)
        row += repeats
        position = content.find(_ROW, close, end)
    return None if last_row < 0 else (last_row, last_column)


# --- .xls (BIFF8 in an OLE2 compound file) -------------------------------------------------------------

_CELL_RECORDS = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006, 0x00BD})


def _check_xls(path: Path) -> None:
    stream = cfb_stream(path.read_bytes(), ("Workbook", "Book"))
    if stream is None:
        return  # the parser will say what is wrong
    sheets: list[tuple[int, str]] = []
    for kind, offset, length in _records(stream, 0):
        if kind == 0x0085 and length >= 8:  # BOUNDSHEET8: where the sheet's substream starts, and its name
            position, = struct.unpack_from("<I", stream, offset)
            sheets.append((position, _short_name(stream[offset + 6:offset + length])))
        elif kind == 0x000A:
            break
    for position, name in sheets:
        _check_xls_sheet(path, stream, position, name)


def _short_name(data: bytes) -> str:
    if len(data) < 2:
        return ""
    count, flags = data[0], data[1]
    raw = data[2:]
    return raw[:count * 2].decode("utf-16-le", "replace") if flags & 1 else raw[:count].decode("latin-1")


def _records(stream: bytes, start: int) -> Iterable[tuple[int, int, int]]:
    """(record type, offset of its data, length) from `start` to the end of the stream."""
    offset, end = start, len(stream)
    while offset + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, offset)
        yield kind, offset + 4, min(length, end - offset - 4)
        offset += 4 + length


_HEADER = struct.Struct("<HH")


def _check_xls_sheet(path: Path, stream: bytes, start: int, sheet: str) -> None:
    """One sheet's substream, record by record (one loop, no call per record: a sheet may hold a million)."""
    unpack = _HEADER.unpack_from
    cells = _CELL_RECORDS
    offset, end = start, len(stream)
    last_row = last_column = -1
    depth = 0
    while offset + 4 <= end:
        kind, length = unpack(stream, offset)
        data = offset + 4
        offset = data + length
        if kind in cells:
            if depth <= 1 and length >= 4 and offset <= end:  # not in an embedded chart
                row, column = unpack(stream, data)
                if kind == 0x00BD and length >= 6:  # MULRK: the last column closes the record
                    column, = struct.unpack_from("<H", stream, offset - 2)
                if row > last_row:
                    last_row = row
                if column > last_column:
                    last_column = column
        elif kind == 0x0809:
            depth += 1
        elif kind == 0x000A:
            depth -= 1
            if depth <= 0:
                break
        elif kind == 0x0200 and depth <= 1 and length in (10, 14) and offset <= end:
            _check_dimensions(path, sheet, stream[data:offset])
    if last_row >= 0:
        check_grid(sheet, last_row, last_column)


def _check_dimensions(path: Path, sheet: str, data: bytes) -> None:
    """DIMENSIONS: calamine reserves room for its whole rectangle, computed in wrapping 32-bit arithmetic.
    Beyond an Excel 97 sheet (65,536 rows, 256 columns) the record is damaged, not a large sheet."""
    if len(data) == 14:
        first_row, end_row, first_column, end_column = struct.unpack_from("<IIHH", data)
    else:
        first_row, end_row, first_column, end_column = struct.unpack_from("<HHHH", data)
    if end_row < 1 or end_column < 1:
        return
    if first_column > 0xFF or end_column < first_column:
        first_column = 0
    rows = ((end_row - 1 - first_row) & 0xFFFFFFFF) + 1
    columns = ((end_column - 1 - first_column) & 0xFFFFFFFF) + 1
    if rows * columns <= MAX_GRID_CELLS:
        return
    if end_row > XLS_ROWS or end_column > XLS_COLUMNS or first_row >= end_row:
        raise InputError(t("workbook.damaged", path=path, reason=f"{sheet}: DIMENSIONS"))
    check_grid(sheet, rows - 1, columns - 1)
