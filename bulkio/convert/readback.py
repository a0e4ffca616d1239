"""The read-back check: the converted workbook is saved under a temporary name beside the output, read back and
compared cell by cell with what was meant, and only then renamed to the output; a difference is a bug of bulkio's."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from openpyxl.workbook import Workbook

from bulkio.errors import BulkioError
from bulkio.i18n import t
from bulkio.validate.numbers import Origin
from bulkio.workbook.read import WorkbookData, read_workbook
from bulkio.workbook.style import save_workbook

# (sheet, row) -> column key -> (text, origin) of each filled cell, as it must read back
Expected = dict[tuple[str, int], dict[str, tuple[str, Origin]]]


def save_checked(workbook: Workbook, output: Path, expected: Expected, kinds: list[str]) -> None:
    """Save beside `output`, read back, compare, then rename: a workbook that would not read as the source did is
    never left at `output` (nor is one half written)."""
    temp = output.with_name(f".{output.stem}.{uuid.uuid4().hex[:8]}.convert{output.suffix}")
    try:
        save_workbook(workbook, temp)
        _compare(read_workbook(temp, kinds), expected)
        os.replace(temp, output)
    except OSError as error:
        raise BulkioError(t("workbook.write_failed", path=output, reason=error.strerror or error)) from error
    finally:
        temp.unlink(missing_ok=True)


def _compare(back: WorkbookData, expected: Expected) -> None:
    """Every written row reads back as meant: the same rows, the same filled cells, each with its text and what it
    was in the file (a number, a percentage). Column by column: a sheet of 100,000 rows has millions of cells."""
    found: Expected = {}
    for sheet in back.sheets:
        rows = sheet.table.rows
        for row in rows:
            found[sheet.name, row] = {}
        for key, texts in sheet.table.columns():
            numbers, percents = sheet.number_cells.get(key, ()), sheet.percent_cells.get(key, ())
            for row, text in zip(rows, texts, strict=True):
                if text is not None:
                    origin = Origin.PERCENT if row in percents else Origin.NUMBER if row in numbers else Origin.TEXT
                    found[sheet.name, row][key] = (text, origin)
    for (sheet_name, row), cells in expected.items():
        read = found.pop((sheet_name, row), {})
        if read == cells:
            continue
        key = next(key for key in [*cells, *read] if cells.get(key) != read.get(key))
        raise BulkioError(t("convert.readback", where=t("convert.readback.cell", cell=f"{sheet_name}!{key}{row}"),
                            expected=_shown(cells.get(key)), found=_shown(read.get(key))))
    if found:
        (sheet_name, row), _cells = next(iter(found.items()))
        raise BulkioError(t("convert.readback", where=t("convert.readback.rows", sheet=sheet_name),
                            expected="—", found=f"{sheet_name}!{row}"))


def _shown(cell: tuple[str, Origin] | None) -> str:
    return "—" if cell is None else f"{cell[0]!r} ({cell[1].name.lower()})"
