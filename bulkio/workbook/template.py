"""Templates and exports: one sheet per spec, laid out the way the reader reads it back (design §3).

    write_template(path, specs)          each sheet with one example row, plus an Aide/Help sheet
    write_sheets(path, [(spec, rows)])   the same layout with data rows (bulkio export)

Each data sheet: header row 1 (bold, filled, a comment explaining the column, "Obligatoire" when
required), frozen; widths from the spec; account-number columns formatted as text; dropdowns for
yes/no and choice columns, inline when short, else from a hidden Listes sheet through a named range.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bulkio.i18n import t, yes_no
from bulkio.spec import Column, EntitySpec, Kind
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)
from bulkio.workbook.example_row import EXAMPLE_MARKER, example_row
from bulkio.workbook.help_sheet import add_help_sheet
from bulkio.workbook.style import TEXT_FORMAT, header_comment, save_workbook, style_header, write_text, write_value

Row = Mapping[str, object]
LAST_EXCEL_ROW = 1_048_576
TEXT_ROWS = 5000  # account columns: these cells are formatted as text one by one, on top of the column style
INLINE_LIST_LIMIT = 255  # Excel refuses longer inline lists ("a,b,c") in a data validation
EXAMPLE_FONT = Font(italic=True, color="808080")


def write_template(path: Path, specs: Sequence[EntitySpec], lang: str = "fr") -> None:
    """An empty workbook to fill in: each sheet with its example row, and the help sheet."""
    workbook = build_workbook([(spec, [example_row(spec, lang)]) for spec in specs], lang, marked_example=True)
    save_workbook(workbook, path, deterministic=True)


def write_sheets(path: Path, sheets: Sequence[tuple[EntitySpec, Sequence[Row]]], lang: str = "fr") -> None:
    """The template's layout filled with data rows (values: str, bool, int, float, date or None)."""
    workbook = build_workbook(sheets, lang)
    save_workbook(workbook, path)


def dropdown_options(column: Column, lang: str) -> list[str]:
    """The labels offered by the dropdown of a column; [] for a free-text column."""
    if column.kind is Kind.BOOL:
        return [yes_no(True, lang), yes_no(False, lang)]
    if column.kind is Kind.CHOICE:
        return [choice.label(lang) for choice in column.choices]
    return []


def build_workbook(
    sheets: Sequence[tuple[EntitySpec, Sequence[Row]]], lang: str, marked_example: bool = False
) -> Workbook:
    """The data sheets, then the help sheet, then (hidden) the dropdown lists. `marked_example`: the first row
    is the template's example, marked as such beside it, so the reader never imports it (rows_not_imported.py)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    lists = _Lists(workbook, lang)
    for spec, rows in sheets:
        sheet = _add_data_sheet(workbook, spec, rows, lang, lists)
        if marked_example:
            marker = sheet.cell(row=2, column=len(spec.columns) + 1)
            write_text(marker, EXAMPLE_MARKER[lang])
            marker.font = EXAMPLE_FONT
    add_help_sheet(workbook, [spec for spec, _ in sheets], lang)
    lists.move_last()
    return workbook


def _add_data_sheet(
    workbook: Workbook, spec: EntitySpec, rows: Sequence[Row], lang: str, lists: _Lists
) -> Worksheet:
    sheet = workbook.create_sheet(spec.sheet_name(lang))
    for position, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(position)
        cell = sheet.cell(row=1, column=position)
        write_text(cell, column.header(lang))
        style_header(cell, column.required)
        cell.comment = header_comment(column, lang)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.kind is Kind.ACCOUNT:
            dimension.number_format = TEXT_FORMAT  # the whole column: what people type stays text
        options = dropdown_options(column, lang)
        if options:
            _add_dropdown(sheet, letter, lists.formula(spec, column, options), lang)
    row_count = 0
    for row_number, row in enumerate(rows, start=2):
        row_count += 1
        for position, column in enumerate(spec.columns, start=1):
            value = row.get(column.key)
            if value is not None:
                write_value(sheet.cell(row=row_number, column=position), value, column, lang)
    for position, column in enumerate(spec.columns, start=1):
        if column.kind is Kind.ACCOUNT:
            for row_number in range(2, max(TEXT_ROWS, row_count) + 2):
                sheet.cell(row=row_number, column=position).number_format = TEXT_FORMAT
    sheet.freeze_panes = "A2"
    return sheet


def _add_dropdown(sheet: Worksheet, letter: str, formula: str, lang: str) -> None:
    # A warning, not a stop: the reader also accepts other spellings (O/N, X, 1/0, ids).
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=t("workbook.validation.title", lang),
        error=t("workbook.validation.error", lang),
    )
    validation.add(f"{letter}2:{letter}{LAST_EXCEL_ROW}")
    sheet.add_data_validation(validation)


class _Lists:
    """Dropdown sources: an inline list when Excel allows it, else a column of the hidden Listes sheet."""

    def __init__(self, workbook: Workbook, lang: str) -> None:
        self._workbook = workbook
        self._lang = lang
        self._sheet: Worksheet | None = None
        self._names: dict[tuple[str, ...], str] = {}

    def formula(self, spec: EntitySpec, column: Column, options: list[str]) -> str:
        inline = ",".join(options)
        if len(inline) + 2 <= INLINE_LIST_LIMIT and not any("," in o or '"' in o for o in options):
            return f'"{inline}"'
        key = tuple(options)
        if key not in self._names:
            self._names[key] = self._add_list(f"{spec.kind}_{column.key}", options)
        return self._names[key]

    def _add_list(self, base: str, options: list[str]) -> str:
        sheet = self._sheet or self._create_sheet()
        position = len(self._names) + 1
        letter = get_column_letter(position)
        for row, option in enumerate(options, start=1):
            write_text(sheet.cell(row=row, column=position), option)
        name = "liste_" + re.sub(r"[^0-9A-Za-z_]", "_", base)
        reference = f"{quote_sheetname(sheet.title)}!${letter}$1:${letter}${len(options)}"
        self._workbook.defined_names[name] = DefinedName(name, attr_text=reference)
        return name

    def move_last(self) -> None:
        if self._sheet is not None:
            self._workbook.move_sheet(self._sheet, offset=len(self._workbook.sheetnames) - 1
                                      - self._workbook.index(self._sheet))

    def _create_sheet(self) -> Worksheet:
        self._sheet = self._workbook.create_sheet(t("workbook.lists.sheet", self._lang))
        self._sheet.sheet_state = "hidden"
        return self._sheet
