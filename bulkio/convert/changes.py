"""The Transformations sheet: every sheet, column and row carried over, renamed or left out, every value changed,
every note and problem of the source, as lines in the source's order; the sheet itself, and its paragraph on the
Aide sheet."""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl.styles import Font
from openpyxl.workbook import Workbook

from bulkio.convert.model import (
    CHANGE,
    COLUMN,
    COLUMN_LEFT_OUT,
    NOTE,
    PROBLEM,
    ROW_LEFT_OUT,
    SHEET,
    SHEET_LEFT_OUT,
    CarriedRow,
    Conversion,
    Line,
)
from bulkio.i18n import t
from bulkio.spec import fold
from bulkio.validate import Validation
from bulkio.validate.numbers import Origin
from bulkio.workbook.read import SheetData, WorkbookData
from bulkio.workbook.recognise import AUXILIARY_SHEET_KEYS, BY_HEADERS, BY_LAYOUT, BY_NAME, BY_OPTION
from bulkio.workbook.style import HEADER_FONT, SECTION_FONT, TITLE_FONT, WRAP, printable, put, style_header, write_text

# The order of a sheet's lines, by category.
_ORDER = {what: position for position, what in enumerate(
    (SHEET, SHEET_LEFT_OUT, COLUMN, COLUMN_LEFT_OUT, NOTE, CHANGE, ROW_LEFT_OUT, PROBLEM))}
_WIDTHS = (22, 24, 12, 22, 26, 30, 30, 24, 90)


def transformation_lines(
    data: WorkbookData, validation: Validation, conversion: Conversion, carried: Mapping[str, list[CarriedRow]]
) -> list[Line]:
    """Every line of the Transformations sheet, sheet by sheet in the source's order, then row by row."""
    lang = conversion.lang
    here = conversion.rows
    lines: list[Line] = []
    by_kind: dict[str, list[SheetData]] = {}
    for sheet in data.sheets:
        by_kind.setdefault(sheet.spec.kind, []).append(sheet)
    for sheet in data.sheets:
        target = sheet.spec.sheet_name(lang)
        lines.append(Line(SHEET, sheet.name, None, None, sheet.name, target, "SHEET_READ", t(
            "convert.sheet_read", lang, by=_by(sheet.recognised_by, data.format, lang), header_row=sheet.header_row,
            rows=len(carried[sheet.name]), target=target)))
        same_kind = by_kind[sheet.spec.kind]
        if len(same_kind) > 1 and sheet is same_kind[0]:
            names = ", ".join(f"« {s.name} »" if lang == "fr" else f"'{s.name}'" for s in same_kind)
            lines.append(Line(SHEET, sheet.name, None, None, None, target, "SHEETS_MERGED",
                              t("convert.sheets_merged", lang, target=target, sheets=names)))
        for key, header in sheet.headers.items():
            wanted = sheet.spec.column(key).header(lang)
            if header != wanted:
                lines.append(Line(COLUMN, sheet.name, sheet.header_row, header, header, wanted, "COLUMN_RENAMED",
                                  t("convert.column_renamed", lang, source=header, target=wanted)))
        help_name = t("workbook.help.sheet", lang)
        unknown = t("convert.fec_origin", lang) if data.format == "fec" else \
            t("convert.column_unknown", lang, help=help_name)
        for header in sheet.extra_headers:
            lines.append(Line(COLUMN_LEFT_OUT, sheet.name, sheet.header_row, header, None, None, "COLUMN_NOT_READ",
                              unknown))
        if sheet.has_result_columns:
            lines.append(Line(COLUMN_LEFT_OUT, sheet.name, sheet.header_row, None, None, None, "RESULT_COLUMNS",
                              t("convert.result_columns", lang)))
    said = {(note.sheet, note.row) for note in [*data.notes, *data.issues]}
    for name in data.ignored_sheets:
        if (name, None) in said:
            continue
        key = "convert.sheet_auxiliary" if fold(name) in AUXILIARY_SHEET_KEYS else "convert.sheet_not_read"
        lines.append(Line(SHEET_LEFT_OUT, name, None, None, name, None, "SHEET_NOT_READ", t(key, lang)))
    for note in data.notes:
        lines.append(Line(NOTE, note.sheet, note.row, note.column, note.value, None, note.code, note.message,
                          here.get((note.sheet, note.row)) if note.row is not None else None))
    for change in data.changes:
        column = change.column
        sheet = next((s for s in data.sheets if s.name == change.sheet), None)
        if sheet is not None and column is not None and column in {c.key for c in sheet.spec.columns}:
            column = sheet.spec.column(column).header(lang)
        where = here.get((change.sheet, change.row)) if change.row is not None else None
        lines.append(Line(CHANGE, change.sheet, change.row, column, change.before, change.after, "CHANGE",
                          change.why, where))
    for (sheet_name, row), issue in conversion.left_out.items():
        sheet = next(s for s in data.sheets if s.name == sheet_name)
        values = _row_values(sheet, row)
        if row in sheet.not_imported:
            why = t("convert.row_not_imported", lang, message=issue.message)
        else:
            why = t("convert.row_problem", lang, code=issue.code)
        lines.append(Line(ROW_LEFT_OUT, sheet_name, row, None, values, None, issue.code, why))
    for sheet in data.sheets:
        for row in carried[sheet.name]:
            for key, cell in row.cells.items():
                if cell.text is not None and cell.literal is None and cell.origin is Origin.TEXT and \
                        printable(cell.text) != cell.text:
                    lines.append(Line(CHANGE, sheet.name, row.source[1], sheet.headers.get(key, key), cell.text,
                                      printable(cell.text), "TEXT_CLEANED", t("convert.text_cleaned", lang),
                                      here.get(row.source)))
    for issue in validation.issues:
        where = here.get((issue.sheet, issue.row)) if issue.row is not None else None
        lines.append(Line(PROBLEM, issue.sheet, issue.row, issue.column, issue.value, None, issue.code,
                          issue.message, where))
    order = {name: position for position, name in enumerate(
        dict.fromkeys([*(sheet.name for sheet in data.sheets), *data.ignored_sheets]))}
    return sorted(lines, key=lambda line: (order.get(line.sheet or "", len(order)), line.row or 0,
                                           _ORDER[line.what]))


def _by(recognised_by: str, fmt: str, lang: str) -> str:
    if fmt == "fec":
        return t("convert.by.fec", lang)
    known = {BY_NAME: "convert.by.name", BY_HEADERS: "convert.by.headers", BY_OPTION: "convert.by.option",
             BY_LAYOUT: "convert.by.layout"}
    key = known.get(recognised_by)
    return t(key, lang) if key else t("convert.by.other", lang, by=recognised_by)


def _row_values(sheet: SheetData, row: int) -> str:
    """A row left out, as text: each filled cell under the source's header."""
    texts = sheet.table.row(row)
    return " ; ".join(f"{sheet.headers[key]} = {text}" for key, text in texts.items() if text is not None)


def add_changes_sheet(workbook: Workbook, conversion: Conversion) -> None:
    """After the Aide sheet, before the hidden lists: a title, the table, frozen under its header, filtered."""
    lang = conversion.lang
    help_index = workbook.sheetnames.index(t("workbook.help.sheet", lang))
    sheet = workbook.create_sheet(conversion.sheet_name, help_index + 1)
    put(sheet, 1, 1, t("convert.title", lang, source=conversion.source.name), TITLE_FONT)
    headers = ("what", "source_sheet", "source_row", "here", "column", "before", "after", "code", "why")
    for position, (key, width) in enumerate(zip(headers, _WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=3, column=position)
        write_text(cell, t(f"convert.col.{key}", lang))
        style_header(cell)
        sheet.column_dimensions[cell.column_letter].width = width
    for number, line in enumerate(conversion.lines, start=4):
        where = t("convert.here", lang, sheet=line.here[0], row=line.here[1]) if line.here else None
        values = (t(f"convert.what.{line.what}", lang), line.sheet, line.row, where, line.column, line.before,
                  line.after, line.code, line.why)
        for position, value in enumerate(values, start=1):
            if value is not None and value != "":
                put(sheet, number, position, value)
        sheet.cell(row=number, column=9).alignment = WRAP
        if line.what in (ROW_LEFT_OUT, PROBLEM, COLUMN_LEFT_OUT, SHEET_LEFT_OUT):
            sheet.cell(row=number, column=1).font = _STRONG
    last = 3 + len(conversion.lines)
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:I{last}"


_STRONG = Font(bold=True, color=HEADER_FONT.color)


def add_help(workbook: Workbook, conversion: Conversion) -> None:
    """The Aide sheet's paragraph on the Transformations sheet, after the template's own help."""
    lang = conversion.lang
    sheet = workbook[t("workbook.help.sheet", lang)]
    row = sheet.max_row + 2
    put(sheet, row, 1, t("convert.help.title", lang, sheet=conversion.sheet_name), SECTION_FONT)
    row += 1
    text = t("convert.help.text", lang, source=conversion.source.name, sheet=conversion.sheet_name)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    put(sheet, row, 1, text)
    sheet.cell(row=row, column=1).alignment = WRAP
    sheet.row_dimensions[row].height = 15 * (len(text) // 150 + 1)
