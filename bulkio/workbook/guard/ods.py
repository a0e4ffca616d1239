"""An .ods: content.xml, rows and cells with their repeat counts, each table's valued rectangle at most
MAX_GRID_CELLS.

LibreOffice ends every table with a row repeated a million times, harmless when empty; the same row with a
value in it is a million rows, which calamine would allocate.
"""

from __future__ import annotations

import zipfile

from bulkio.workbook.guard.limits import check_grid
from bulkio.workbook.guard.zip_parts import read_part
from bulkio.workbook.ods_walk import CELL, COVERED_CELL, OdsTable, cell_repeats, ods_column_of, ods_rows, ods_tables


def check_ods(archive: zipfile.ZipFile) -> None:
    """content.xml's tables, when the part is there and can be inflated (else the parser says what is wrong)."""
    if "content.xml" in archive.namelist():
        content = read_part(archive, archive.getinfo("content.xml"))
        if content is not None:
            check_content(content)


def check_content(content: bytes) -> None:
    """Each table's valued rectangle, repeats included. Row by row with bytes.find: only the last value of a
    row, and what comes before it, are looked at."""
    for table in ods_tables(content):
        last = _ods_table_extent(content, table)
        if last is not None:
            check_grid(table.name, *last)


def _ods_table_extent(content: bytes, table: OdsTable) -> tuple[int, int] | None:
    last_row, last_column = -1, -1
    for row in ods_rows(content, table):
        value = max(content.rfind(b"value-type", row.tag_end, row.close),
                    content.rfind(b"<text:p", row.tag_end, row.close))
        if value == -1:
            continue
        cell = max(content.rfind(CELL, row.tag_end, value), content.rfind(COVERED_CELL, row.tag_end, value))
        if cell != -1:
            width = cell_repeats(content, cell, content.find(b">", cell, row.close))
            last_row = max(last_row, row.index + row.repeats - 1)
            last_column = max(last_column, ods_column_of(content, row, cell) + width - 1)
    return None if last_row < 0 else (last_row, last_column)

