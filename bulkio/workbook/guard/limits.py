"""The guard's limits, and what every format's check shares: the grid check, cell names, the whole-file size.

An .xls and a .csv are read whole, so their one common check is the file's size (check_file_size): a .csv
needs no other, having neither parts nor a grid to declare.
"""

from __future__ import annotations

from pathlib import Path

from bulkio.errors import InputError
from bulkio.i18n import t
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)

MAX_PART_BYTES = 256 << 20  # one part of a zip, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for parts over RATIO_FLOOR (spreadsheet XML: 8 to 25)
RATIO_FLOOR = 8 << 20
MAX_GRID_CELLS = 20_000_000  # rows x columns from A1: 400,000 accounts x 26 columns (A..Z) is 10.4 million.
# 20 million cells are about 640 MB in calamine (32 bytes a cell); one value in Z769000 (20 million empty
# cells) makes `bulkio validate` peak at about 1 GB, one in Z400000 at 580 MB
MAX_XLS_GRID_CELLS = 5_000_000  # an .xls sheet (65,536 rows at most): calamine's .xls reader takes about 80 bytes
# a cell, IV65536 (16.7 million cells, from a 5 kB file) 1.3 GB; 65,536 rows x 76 columns is still read
MAX_FILE_BYTES = 256 << 20  # an .xls or a .csv, read whole
SMALL_SHEET_BYTES = 1 << 20  # worksheets up to this size are always measured cell by cell
SUSPECT_RATIO = 30  # a worksheet compressed more than this is measured cell by cell too
PROLOG_BYTES = 64 << 10
PARSED = (".xml", ".rels")  # the parts calamine, or the formula scan, parses (not customXml/: user data)
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
XLS_ROWS, XLS_COLUMNS = 65_536, 256  # an Excel 97-2003 sheet


def check_file_size(path: Path) -> None:
    """An .xls or a .csv: at most MAX_FILE_BYTES, since it is read whole."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(t("workbook.file_too_big", path=path, size=megabytes(size),
                           limit=megabytes(MAX_FILE_BYTES)))


def megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.0f}".replace(",", " ") + " Mo"


def cell_name(row: int, column: int) -> str:
    """0-based (row, column) -> "XFD1048576"."""
    letters, index = "", column + 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row + 1}"


def check_grid(sheet: str, last_row: int, last_column: int, limit: int = MAX_GRID_CELLS) -> None:
    """The grid from A1 to (last_row, last_column), 0-based, must hold at most `limit` cells."""
    rows, columns = last_row + 1, last_column + 1
    if rows * columns > limit:
        raise InputError(t("workbook.too_many_cells", sheet=sheet, cell=cell_name(last_row, last_column),
                           rows=_count(rows), columns=_count(columns), cells=_count(rows * columns),
                           limit=_count(limit)))


def _count(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def row_number(digits: bytes) -> int:
    """A row number as written; a crafted one of thousands of digits is just "too far" (int() refuses
    more than 4,300 digits)."""
    return int(digits) if len(digits) <= 12 else 10**12


def column_number(letters: bytes) -> int:
    """b"XFD" -> 16384; in either case, as calamine reads them (b"xfd" is XFD too)."""
    if len(letters) > 6:
        return 10**9
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number
