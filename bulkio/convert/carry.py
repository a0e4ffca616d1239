"""Which source rows travel into the converted workbook, each with its filled cells (text, number or percentage,
or an error value written back as its text), and which are left out, with the problem that leaves them out."""

from __future__ import annotations

from collections.abc import Sequence

from bulkio.convert.model import CarriedCell, CarriedRow
from bulkio.issues import Issue
from bulkio.validate.numbers import Origin
from bulkio.workbook.read import SheetData, WorkbookData
from bulkio.workbook.rows_not_imported import EXAMPLE_ROW_EDITED

# Reader problems on a row that the converted workbook reproduces as they are (the row stays blocked, same code).
_KEPT_PROBLEMS = frozenset({"FORMULA_ERROR", EXAMPLE_ROW_EDITED})
_SHEET_WIDE = frozenset({"DUPLICATE_HEADER"})  # a reader problem that blocks every row of its sheet


def carry(data: WorkbookData) -> tuple[dict[str, list[CarriedRow]], dict[tuple[str, int], Issue]]:
    """Each sheet's rows to write, in its order, each with its filled cells only; and the rows left out with why."""
    carried: dict[str, list[CarriedRow]] = {}
    left_out: dict[tuple[str, int], Issue] = {}
    for sheet in data.sheets:
        problems = _row_problems(data.issues, sheet)
        keys = {header: key for key, header in sheet.headers.items()}
        columns = [(key, texts, sheet.number_cells.get(key), sheet.percent_cells.get(key, ()))
                   for key, texts in sheet.table.columns()]
        rows: list[CarriedRow] = []
        for position, excel_row in enumerate(sheet.table.rows):
            if excel_row in sheet.not_imported:
                left_out[sheet.name, excel_row] = sheet.not_imported[excel_row]
                continue
            found = problems.get(excel_row, [])
            lost = next((issue for issue in found if issue.code not in _KEPT_PROBLEMS or (
                issue.code == "FORMULA_ERROR" and not (issue.value and issue.column in keys))), None)
            if lost is not None:
                left_out[sheet.name, excel_row] = lost
                continue
            cells: dict[str, CarriedCell] = {}
            for key, texts, numbers, percents in columns:
                text = texts[position]
                if text is not None:
                    origin = Origin.TEXT if not numbers or excel_row not in numbers else \
                        Origin.PERCENT if excel_row in percents else Origin.NUMBER
                    cells[key] = CarriedCell(text, origin)
            for issue in found:
                if issue.code == "FORMULA_ERROR":
                    cells[keys[issue.column]] = CarriedCell(None, literal=issue.value)  # type: ignore[index]
            rows.append(CarriedRow((sheet.name, excel_row), cells,
                                   marked=any(issue.code == EXAMPLE_ROW_EDITED for issue in found)))
        carried[sheet.name] = rows
    return carried, left_out


def _row_problems(issues: Sequence[Issue], sheet: SheetData) -> dict[int, list[Issue]]:
    """The reader's problems on the sheet's rows; one blocking the whole sheet counts on each of them."""
    found: dict[int, list[Issue]] = {}
    wide = [issue for issue in issues if issue.sheet == sheet.name and issue.code in _SHEET_WIDE]
    for issue in issues:
        if issue.sheet == sheet.name and issue.row is not None and issue.code not in _SHEET_WIDE:
            found.setdefault(issue.row, []).append(issue)
    if wide:
        for row in sheet.table.rows:
            found.setdefault(row, []).extend(wide)
    return found
