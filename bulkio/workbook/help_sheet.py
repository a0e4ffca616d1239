"""The Aide / Help sheet of templates and exports: the general rules, then each sheet's purpose and columns.

Everything comes from the specs (purpose, headers, required flags, kinds, help texts), so a new sheet
documents itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.workbook import Workbook

from bulkio.i18n import t, yes_no
from bulkio.spec import EntitySpec
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)
from bulkio.workbook.style import SECTION_FONT, TITLE_FONT, WRAP, style_header, write_text

RULES = (
    "workbook.help.rule.sheets",
    "workbook.help.rule.empty",
    "workbook.help.rule.bool",
    "workbook.help.rule.dates",
    "workbook.help.rule.accounts",
    "workbook.help.rule.result",
)
TABLE_HEADERS = ("workbook.help.col.header", "workbook.help.col.required", "workbook.help.col.kind",
                 "workbook.help.col.help")
WIDTHS = (28, 13, 22, 90)


def kind_label(kind: str, lang: str) -> str:
    key = f"workbook.kind.{kind}"
    text = t(key, lang)
    return kind if text == key else text  # a kind added to the specs later still shows something


def add_help_sheet(workbook: Workbook, specs: Sequence[EntitySpec], lang: str) -> None:
    sheet = workbook.create_sheet(t("workbook.help.sheet", lang))
    for letter, width in zip("ABCD", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width

    def line(row: int, text: str, font: object = None) -> None:
        cell = sheet.cell(row=row, column=1)
        write_text(cell, text)
        if font is not None:
            cell.font = font

    line(1, t("workbook.help.title", lang), TITLE_FONT)
    line(3, t("workbook.help.rules", lang), SECTION_FONT)
    row = 4
    for rule in RULES:
        line(row, "• " + t(rule, lang))
        row += 1

    for spec in specs:
        row += 1
        line(row, t("workbook.help.sheet_title", lang, sheet=spec.sheet_name(lang)), SECTION_FONT)
        row += 1
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        line(row, spec.help(lang))
        sheet.cell(row=row, column=1).alignment = WRAP
        sheet.row_dimensions[row].height = 15 * (len(spec.help(lang)) // 150 + 1)
        row += 1
        for position, key in enumerate(TABLE_HEADERS, start=1):
            cell = sheet.cell(row=row, column=position)
            write_text(cell, t(key, lang))
            style_header(cell)
        for column in spec.columns:
            row += 1
            values = (column.header(lang), yes_no(column.required, lang), kind_label(column.kind, lang),
                      column.help(lang))
            for position, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=position)
                write_text(cell, value)
                cell.alignment = WRAP
        row += 1
