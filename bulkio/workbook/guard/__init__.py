"""Refuse, before any parser touches the file, what would exhaust memory or time, or is not what Excel writes.

python-calamine is fast, but a few inputs make it allocate without bound, and a failed allocation in Rust
aborts the whole process (no exception, no message): a value far away (XFD1048576) makes it allocate the
dense rectangle from A1 (17 billion cells); a sharedStrings.xml announcing 10^11 strings makes it reserve
them; an .xls whose DIMENSIONS record claims 4 billion rows, or an .ods row of values repeated a million
times, the same. These checks run first, each in bounded time and memory, one module per format:

    zip_parts.py   zip (xlsx, xlsm, ods): every part's declared size and ratio (zip bomb), every XML part's
                   prolog (a DTD: billion laughs, XXE), the shared strings' announced count
    xlsx.py        worksheets: the rectangle of the cells holding something, from A1, at most MAX_GRID_CELLS,
                   bounded in one streaming pass or measured exactly
    ods.py         content.xml: rows and cells with their repeat counts
    xls.py         the BIFF8 records of every sheet: DIMENSIONS and the position of every cell, at most
                   MAX_XLS_GRID_CELLS
    limits.py      the limits, the grid check they all end in, and the .csv's one check: the file's size
                   (an .xls's too: both are read whole)

The names below are the guard's public API (read.py, sources.py, layout.py import them from here).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from bulkio.workbook.guard.limits import (
    EXCEL_COLUMNS,
    EXCEL_ROWS,
    MAX_FILE_BYTES,
    MAX_GRID_CELLS,
    MAX_PART_BYTES,
    MAX_RATIO,
    MAX_XLS_GRID_CELLS,
    PARSED,
    PROLOG_BYTES,
    RATIO_FLOOR,
    SMALL_SHEET_BYTES,
    SUSPECT_RATIO,
    XLS_COLUMNS,
    XLS_ROWS,
    cell_name,
    check_file_size,
    check_grid,
)
from bulkio.workbook.guard.ods import check_ods
from bulkio.workbook.guard.xls import check_xls, xls_records, xls_short_name
from bulkio.workbook.guard.xlsx import MAX_IGNORED, MAX_TAG_BYTES, SCAN_CHUNK, check_worksheets, valued_extent
from bulkio.workbook.guard.zip_parts import check_parts

__all__ = [
    "EXCEL_COLUMNS", "EXCEL_ROWS", "MAX_FILE_BYTES", "MAX_GRID_CELLS", "MAX_IGNORED", "MAX_PART_BYTES", "MAX_RATIO",
    "MAX_TAG_BYTES", "MAX_XLS_GRID_CELLS", "PARSED", "PROLOG_BYTES", "RATIO_FLOOR", "SCAN_CHUNK", "SMALL_SHEET_BYTES",
    "SUSPECT_RATIO", "XLS_COLUMNS", "XLS_ROWS", "cell_name", "check_grid", "check_workbook", "valued_extent",
    "xls_records", "xls_short_name",
]


def check_workbook(path: Path, fmt: str) -> None:
    """Raise InputError for a file that must not reach the parsers; return quietly otherwise."""
    if fmt in ("xlsx", "xlsm", "ods"):
        try:
            with zipfile.ZipFile(path) as archive:
                check_parts(path, archive)
                if fmt in ("xlsx", "xlsm"):
                    check_worksheets(archive)
                else:
                    check_ods(archive)
        except (zipfile.BadZipFile, EOFError, OSError):
            return  # damaged: the parser will say so in its own words
    elif fmt in ("xls", "csv"):
        check_file_size(path)
        if fmt == "xls":
            check_xls(path)
