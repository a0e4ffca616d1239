"""An .xls (BIFF8 in an OLE2 compound file): the records of every sheet, DIMENSIONS and the position of every
cell, at most MAX_XLS_GRID_CELLS.

calamine's .xls reader reserves room for a sheet's DIMENSIONS rectangle and for its farthest cell: a record
claiming 4 billion rows, or one cell in IV65536 (16.7 million cells from a 5 kB file), would abort it.
xls_records and xls_short_name are shared with layout.py.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from pathlib import Path

from bulkio.errors import InputError
from bulkio.i18n import t
from bulkio.workbook.guard.limits import MAX_XLS_GRID_CELLS, XLS_COLUMNS, XLS_ROWS, check_grid
from bulkio.workbook.sniff import cfb_stream

_CELL_RECORDS = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006, 0x00BD})


def check_xls(path: Path) -> None:
    stream = cfb_stream(path.read_bytes(), ("Workbook", "Book"))
    if stream is None:
        return  # the parser will say what is wrong
    sheets: list[tuple[int, str]] = []
    for kind, offset, length in xls_records(stream, 0):
        if kind == 0x0085 and length >= 8:  # BOUNDSHEET8: where the sheet's substream starts, and its name
            position, = struct.unpack_from("<I", stream, offset)
            sheets.append((position, xls_short_name(stream[offset + 6:offset + length])))
        elif kind == 0x000A:
            break
    for position, name in sheets:
        _check_xls_sheet(path, stream, position, name)


def xls_short_name(data: bytes) -> str:
    if len(data) < 2:
        return ""
    count, flags = data[0], data[1]
    raw = data[2:]
    return raw[:count * 2].decode("utf-16-le", "replace") if flags & 1 else raw[:count].decode("latin-1")


def xls_records(stream: bytes, start: int) -> Iterable[tuple[int, int, int]]:
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
        check_grid(sheet, last_row, last_column, MAX_XLS_GRID_CELLS)


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
    if rows * columns <= MAX_XLS_GRID_CELLS:
        return
    if end_row > XLS_ROWS or end_column > XLS_COLUMNS or first_row >= end_row:
        raise InputError(t("workbook.damaged", path=path, reason=f"{sheet}: DIMENSIONS"))
    check_grid(sheet, rows - 1, columns - 1, MAX_XLS_GRID_CELLS)
