"""A data sheet's part patched: the five result cells appended to the header row and to each data row (inline
strings), error rows painted red cell by cell, the result columns' widths, the dimension widened, the tab unselected."""

from __future__ import annotations

import re
from collections.abc import Mapping
from xml.sax.saxutils import escape

from openpyxl.utils import column_index_from_string, get_column_letter

from bulkio.errors import InputError
from bulkio.i18n import t
from bulkio.outcome import RESULT_COLUMNS, RowOutcome, Status
from bulkio.workbook.read import SheetData
from bulkio.workbook.result_xml.styles import Formats, Styles
from bulkio.workbook.result_xml.text import MAIN_NS, Unusual, without_attributes
from bulkio.workbook.style import FORMULA_TRIGGERS, printable

NOT_SENT = RowOutcome(Status.NOT_SENT)
EXCEL_COLUMNS = 16_384

_ROW = re.compile(rb"<row\b([^>]*?)(/>|>(.*?)</row>)", re.S)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>.*?</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_SPANS = re.compile(rb'\s+spans="[^"]*"')
_DIMENSION = re.compile(rb'(<dimension ref="[A-Z]+\d+:)[A-Z]+(\d+"\s*/>)')


def patch_sheet(
    xml: bytes, sheet: SheetData, outcomes: Mapping[tuple[str, int], RowOutcome], styles: Styles,
    formats: Formats, lang: str,
) -> tuple[bytes, dict[Status, int]]:
    start, end = xml.find(b"<sheetData>"), xml.rfind(b"</sheetData>")
    if MAIN_NS not in xml[:2000] or start == -1 or end == -1:
        raise Unusual("sheetData")
    rows = list(_ROW.finditer(xml, start, end))
    # After the last cell that holds something: formatted empty cells (a whole row formatted to XFD) do not count.
    last_used = max((_last_valued_column(match.group(3)) for match in rows if match.group(3)), default=0)
    positions = result_positions(sheet.name, last_used)
    letters = [get_column_letter(p) for p in positions]
    data_rows = set(sheet.table.rows)
    counts = dict.fromkeys(Status, 0)
    head = _widen(unselect(xml[:start]), positions)
    head = _DIMENSION.sub(lambda m: m.group(1) + letters[-1].encode() + m.group(2), head, count=1)
    out = [head]
    cursor = start
    seen = 0
    for match in rows:
        out.append(xml[cursor:match.start()])
        cursor = match.end()
        number_found = _ROW_NUMBER.search(match.group(1))
        if number_found is None:
            raise Unusual("a row without a number")
        number = int(number_found.group(1))
        if number == sheet.header_row:
            values = [pair[1 if lang == "en" else 0] for pair in RESULT_COLUMNS]
            out.append(_row_with(match, positions, number, values, formats.header, False, styles, formats))
        elif number in data_rows:
            seen += 1
            outcome = outcomes.get((sheet.name, number), NOT_SENT)
            counts[outcome.status] += 1
            values = [outcome.status.label(lang), outcome.error_code, outcome.message, outcome.remote_id,
                      outcome.request_id]
            red = outcome.status is Status.ERROR
            out.append(_row_with(match, positions, number, values, 0, red, styles, formats))
        else:
            out.append(match.group(0))
    if seen != len(data_rows):
        raise Unusual("a data row without its <row>")
    out.append(xml[cursor:])
    return b"".join(out), counts


def result_positions(sheet: str, last_used: int) -> list[int]:
    """The 1-based columns of the result columns, right after the last column that holds something."""
    positions = list(range(last_used + 1, last_used + 1 + len(RESULT_COLUMNS)))
    if positions[-1] > EXCEL_COLUMNS:
        raise InputError(t("workbook.no_room_for_results", sheet=sheet, column=get_column_letter(last_used),
                           count=len(RESULT_COLUMNS)))
    return positions


def _row_with(match: re.Match[bytes], positions: list[int], number: int, values: list[object], style: int,
              red: bool, styles: Styles, formats: Formats) -> bytes:
    attributes = _SPANS.sub(b"", match.group(1))  # spans would no longer cover the row's cells
    body = match.group(3) or b""
    tail = b""
    if body and _last_column(body) >= positions[0]:  # formatted empty cells at or past the result columns
        body, tail = _split_around(body, positions)
    if red:
        body = _painted(body, number, positions[0] - 1, styles, formats)
        style = styles.red_copy(0, formats.red_fill)
    added = b"".join(text_cell(f"{get_column_letter(position)}{number}", value, style, styles)
                     for position, value in zip(positions, values, strict=True))
    return b"<row" + attributes + b">" + body + added + tail + b"</row>"


def _cell_column(cell: bytes) -> int:
    found = _REF.search(cell)
    if found is None:
        raise Unusual("a cell without a reference")
    return column_index_from_string(found.group(1).decode())


def _last_column(body: bytes) -> int:
    last = body.rfind(b"<c ")  # cells are in column order
    return _cell_column(body[last:]) if last != -1 else 0


def _last_valued_column(body: bytes) -> int:
    """The column of the row's last cell holding a value or a formula (0: none)."""
    end = len(body)
    while (at := body.rfind(b"<c ", 0, end)) != -1:
        cell = _CELL.match(body, at)
        if cell is None:
            raise Unusual("a cell that does not parse")
        if any(tag in cell.group(0) for tag in (b"<v>", b"<is>", b"<f>", b"<f ")):
            return _cell_column(cell.group(0))
        end = at
    return 0


def _split_around(body: bytes, positions: list[int]) -> tuple[bytes, bytes]:
    """The row's cells before the result columns, and after them; empty cells on the result columns go."""
    before, after = [], []
    for cell in _CELL.finditer(body):
        column = _cell_column(cell.group(1))
        if column < positions[0]:
            before.append(cell.group(0))
        elif column > positions[-1]:
            after.append(cell.group(0))
    return b"".join(before), b"".join(after)


def _painted(body: bytes, number: int, last_input: int, styles: Styles, formats: Formats) -> bytes:
    """An error row's cells in red, and red empty cells where the row has none, up to the result columns."""
    present: dict[int, bytes] = {}
    for cell in _CELL.finditer(body):
        found = _REF.search(cell.group(1))
        if found is None:
            raise Unusual("a cell without a reference")
        column = column_index_from_string(found.group(1).decode())
        style_found = _STYLE.search(cell.group(1))
        red = styles.red_copy(int(style_found.group(1)) if style_found else 0, formats.red_fill)
        text = cell.group(0)
        if style_found:
            text = text[:cell.start(1) - cell.start()] + _STYLE.sub(f's="{red}"'.encode(), cell.group(1), count=1) + \
                text[cell.end(1) - cell.start():]
        else:
            text = text.replace(b"<c", f'<c s="{red}"'.encode(), 1)
        present[column] = text
    empty = styles.red_copy(0, formats.red_fill)
    return b"".join(present.get(column) or f'<c r="{get_column_letter(column)}{number}" s="{empty}"/>'.encode()
                    for column in range(1, max([last_input, *present]) + 1))


def text_cell(ref: str, value: object, style: int, styles: Styles | None = None) -> bytes:
    """A text cell as an inline string (never a formula); one that starts like a formula gets the quote prefix."""
    text = printable(str(value)) if value not in (None, "") else ""
    if text.startswith(FORMULA_TRIGGERS) and styles is not None:
        style = styles.quoted(style)
    style_attr = f' s="{style}"' if style else ""
    if not text:
        return f'<c r="{ref}"{style_attr}/>'.encode() if style else b""
    return f'<c r="{ref}"{style_attr} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'.encode()


def _widen(xml: bytes, positions: list[int]) -> bytes:
    cols = b"".join(f'<col min="{p}" max="{p}" width="{40 if i == 2 else 14}" customWidth="1"/>'.encode()
                    for i, p in enumerate(positions))
    existing = re.search(rb"<cols>(.*?)</cols>", xml, re.S)
    if existing is None:
        return xml + b"<cols>" + cols + b"</cols>"  # `xml` ends where <sheetData> begins
    if any(int(m) >= positions[0] for m in re.findall(rb'\bmax="(\d+)"', existing.group(1))):
        raise Unusual("column widths over the result columns")
    return xml[:existing.end(1)] + cols + xml[existing.end(1):]


def unselect(xml: bytes) -> bytes:
    """A sheet's tab no longer selected (only the Résumé's is)."""
    return without_attributes(xml, b"sheetView", (b"tabSelected",))
