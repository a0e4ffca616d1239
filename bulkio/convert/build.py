"""The converted workbook: the template (build_workbook) with the carried rows, their cells typed, the example mark
kept, the Transformations sheet and the Aide's paragraph; and what each written cell must read back as."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from bulkio.convert.cells import cell_value, type_cell
from bulkio.convert.changes import add_changes_sheet, add_help
from bulkio.convert.model import CarriedRow, Conversion
from bulkio.convert.readback import Expected
from bulkio.spec import EntitySpec, Kind
from bulkio.validate.numbers import Origin
from bulkio.workbook.cells import NUMBER_KINDS
from bulkio.workbook.style import printable, write_text
from bulkio.workbook.template import EXAMPLE_FONT, EXAMPLE_MARKER, build_workbook


def build(sheets: list[tuple[EntitySpec, list[CarriedRow]]], conversion: Conversion) -> tuple[Workbook, Expected]:
    """The template (build_workbook) with the rows, the cells typed, the Transformations sheet and the Aide's
    paragraph; and what each written cell must read back as."""
    lang = conversion.lang
    values = [(spec, [{key: cell_value(spec, key, cell) for key, cell in row.cells.items()} for row in rows])
              for spec, rows in sheets]
    workbook = build_workbook(values, lang)
    expected: Expected = {}
    for spec, rows in sheets:
        name = spec.sheet_name(lang)
        worksheet = workbook[name]
        positions = {column.key: position for position, column in enumerate(spec.columns, start=1)}
        typed = {key for key in positions if spec.column(key).kind in NUMBER_KINDS or
                 spec.column(key).kind is Kind.ACCOUNT}
        for number, row in enumerate(rows, start=2):
            cells: dict[str, tuple[str, Origin]] = {}
            for key, cell in row.cells.items():
                if cell.literal is not None:  # an error value reads as no value (and as its problem)
                    continue
                if cell.origin is not Origin.TEXT:
                    type_cell(worksheet.cell(row=number, column=positions[key]), spec, key, cell)
                text = cell.text if cell.origin is not Origin.TEXT else printable(cell.text)  # type: ignore[arg-type]
                if text:
                    cells[key] = (text, cell.origin if key in typed else Origin.TEXT)
            if row.marked:
                marker = worksheet.cell(row=number, column=len(spec.columns) + 1)
                write_text(marker, EXAMPLE_MARKER[lang])
                marker.font = EXAMPLE_FONT
            expected[name, number] = cells
    add_changes_sheet(workbook, conversion)
    add_help(workbook, conversion)
    return workbook, expected
