"""Writing the corpus's inputs in code: xlsx as Excel users leave them (number formats, hidden and filtered rows,
merged titles, several sheets), csv as French Excel saves it, .ods and .xls through tests/corpus/writers.py."""

from __future__ import annotations

import csv
import io
import shutil
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.worksheet.filters import CustomFilter, CustomFilters, FilterColumn, Filters
from openpyxl.worksheet.worksheet import Worksheet

from tests.corpus.writers import XlsSheet, biff8_xls, ods_content, ods_table, write_ods
from tests.workbook.builders import xlsx as write_workbook

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates"

# Number formats French Excel offers (Format > Cellule), as stored in the file.
EURO = '#,##0.00\\ "€"'  # shown "1 000,00 €" in a French Excel
EURO_NEG = '#,##0.00\\ "€";\\-#,##0.00\\ "€"'
PERCENT = "0%"
PERCENT_2 = "0.00%"
DATE_FR = "dd/mm/yyyy"  # "jj/mm/aaaa" in the French UI
SCIENTIFIC = "0.00E+00"
TEXT = "@"


@dataclass
class Sheet:
    """One worksheet: rows from `first_row`, None for an empty cell."""

    name: str
    rows: Sequence[Sequence[object]]
    first_row: int = 1
    hidden: Sequence[int] = ()  # Excel rows hidden by hand
    autofilter: str | None = None  # the filtered range, e.g. "A1:C9"
    filtered: tuple[int, Sequence[str]] | None = None  # (0-based column, values kept) of the autofilter
    text_filter: tuple[int, str] | None = None  # (0-based column, pattern) of a "does not contain" custom filter
    filtered_out: Sequence[int] = ()  # the rows that filter hides (Excel stores them as hidden rows)
    merges: Sequence[str] = ()
    hidden_columns: Sequence[str] = ()  # column letters hidden by hand
    formats: Mapping[str, str] = field(default_factory=dict)  # "B3" or "B" (whole data column) -> number format
    heights: Mapping[int, float] = field(default_factory=dict)
    outline: Sequence[int] = ()  # rows in a collapsed group (outline level 1, hidden)
    state: str | None = None  # "hidden", "veryHidden"


def xlsx(path: Path, *sheets: Sheet) -> Path:
    """The sheets' rows written by the tests' one workbook builder, then each sheet dressed as its spec says."""
    def dress_all(book: openpyxl.Workbook) -> None:
        for spec in sheets:
            dress(book[spec.name], spec)

    rows = {spec.name: [*([()] * (spec.first_row - 1)), *spec.rows] for spec in sheets}
    return write_workbook(path, rows, tweak=dress_all)


def dress(sheet: Worksheet, spec: Sheet) -> None:
    """Number formats, merges, hidden rows and columns, heights, outline, autofilter and state."""
    last = spec.first_row + len(spec.rows) - 1
    for ref, number_format in spec.formats.items():
        if ref.isalpha():
            for row in range(spec.first_row + 1, last + 1):
                sheet[f"{ref}{row}"].number_format = number_format
        else:
            sheet[ref].number_format = number_format
    for ref in spec.merges:
        sheet.merge_cells(ref)
    for row in spec.hidden:
        sheet.row_dimensions[row].hidden = True
    for letter in spec.hidden_columns:
        sheet.column_dimensions[letter].hidden = True
    for row, height in spec.heights.items():
        sheet.row_dimensions[row].height = height
    for row in spec.outline:
        sheet.row_dimensions[row].outlineLevel = 1
        sheet.row_dimensions[row].hidden = True
    if spec.autofilter:
        sheet.auto_filter.ref = spec.autofilter
        if spec.filtered is not None:
            column, kept = spec.filtered
            sheet.auto_filter.filterColumn.append(FilterColumn(colId=column, filters=Filters(filter=list(kept))))
        if spec.text_filter is not None:
            column, pattern = spec.text_filter
            custom = CustomFilters(customFilter=[CustomFilter(operator="notEqual", val=pattern)])
            sheet.auto_filter.filterColumn.append(FilterColumn(colId=column, customFilters=custom))
        for row in spec.filtered_out:
            sheet.row_dimensions[row].hidden = True
    if spec.state:
        sheet.sheet_state = spec.state


def table(*lines: str, sep: str = ";") -> list[list[str]]:
    """Rows from 'a;b;c' lines (an empty field is an empty string, as a csv reader gives it)."""
    return [line.split(sep) for line in lines]


def nones(rows: Sequence[Sequence[object]]) -> list[list[object]]:
    """Empty strings -> empty cells (for xlsx sheets built from `table`)."""
    return [[None if value == "" else value for value in row] for row in rows]


def text_file(path: Path, rows: Sequence[Sequence[object]], *, encoding: str = "cp1252", delimiter: str = ";",
              newline: str = "\r\n", bom: bool = False, before: Sequence[str] = (), quoting: int = csv.QUOTE_MINIMAL) \
        -> Path:
    """A csv as French Excel writes it by default ("CSV (séparateur : point-virgule)": Windows-1252, ';', CRLF);
    `before`: lines written as they are above the table (a title)."""
    buffer = io.StringIO()
    for line in before:
        buffer.write(line + newline)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline, quoting=quoting)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def ods(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    return write_ods(path, ods_content("".join(ods_table(name, rows) for name, rows in sheets.items())))


def xls(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    path.write_bytes(biff8_xls([XlsSheet(name, list(rows)) for name, rows in sheets.items()]))
    return path


def from_template(path: Path, template: str, fill: Mapping[str, Sequence[Mapping[str, object]]],
                  start: int = 3, example: Mapping[str, Mapping[str, object]] | None = None) -> Path:
    """bulkio's published template (templates/), filled by a user from row `start` (row 2 is its example row),
    by header text; `example`: cells of the example row the user overwrote (None clears a cell)."""
    source = TEMPLATES / template
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(source)
    for sheet_name, records in fill.items():
        sheet = book[sheet_name]
        columns = {cell.value: cell.column for cell in sheet[1] if cell.value}
        for offset, record in enumerate(records):
            for header, value in record.items():
                sheet.cell(start + offset, columns[header]).value = value
    for sheet_name, record in (example or {}).items():
        sheet = book[sheet_name]
        columns = {cell.value: cell.column for cell in sheet[1] if cell.value}
        for header, value in record.items():
            sheet.cell(2, columns[header]).value = value  # None clears the cell
    if path.suffix == source.suffix and not fill and not example:
        shutil.copyfile(source, path)
    else:
        book.save(path)
    return path


def ods_with_visibility(path: Path, sheet: str, rows: Sequence[Sequence[object]],
                        visibility: Mapping[int, str]) -> Path:
    """An .ods as LibreOffice Calc saves it when rows are hidden (table:visibility="collapse") or filtered out
    ("filter"): `visibility` maps 1-based row numbers to either."""
    from xml.sax.saxutils import escape, quoteattr

    def cell(value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = ""
    for number, row in enumerate(rows, start=1):
        state = visibility.get(number)
        attribute = f' table:visibility="{state}"' if state else ""
        body += f"<table:table-row{attribute}>" + "".join(map(cell, row)) + "</table:table-row>"
    return write_ods(path, ods_content(f"<table:table table:name={quoteattr(sheet)}>{body}</table:table>"))
