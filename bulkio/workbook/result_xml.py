"""The result workbook of an .xlsx/.xlsm, written by patching its XML instead of loading it with openpyxl.

openpyxl turns every cell into Python objects and back: 45 s for a 100,000-row sheet, and it drops what it
does not model (images, charts, pivot tables, some validations). Here every part of the input is copied as
it is, except:

    each data sheet    the five result cells appended to the header row and to each data row (inline
                       strings, so no shared-string table to rewrite); error rows light red, cell by cell
                       (each style used there gets a copy with the red fill); result column widths
    styles.xml         the fonts, fills and cell formats the new cells use, appended (existing indexes stay)
    workbook.xml       the Résumé sheet first and active, local defined names shifted by one, calculation
                       forced on load (formulas keep their formulas; their cached values may be stale)
    the Résumé         a new sheet part, its relationship and content type
    other sheets       no longer "selected" (only the Résumé tab is)

Anything unusual (result columns or a Résumé from a previous run, namespace prefixes, rows or cells without
a reference, column widths over the result columns) makes `patch_result` return False and the caller uses
openpyxl instead, which handles every case, slowly.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape

from openpyxl.utils import column_index_from_string, get_column_letter

from bulkio.errors import InputError
from bulkio.i18n import t
from bulkio.outcome import RESULT_COLUMNS, RowOutcome, Status
from bulkio.spec import fold
from bulkio.workbook.formula_scan import sheet_parts
from bulkio.workbook.read import SheetData
from bulkio.workbook.style import FORMULA_TRIGGERS, printable, write_zip

NOT_SENT = RowOutcome(Status.NOT_SENT)
EXCEL_COLUMNS = 16_384
_WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_SUMMARY_KEYS = frozenset({fold("Résumé"), fold("Summary")})

_ROW = re.compile(rb"<row\b([^>]*?)(/>|>(.*?)</row>)", re.S)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>.*?</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_SPANS = re.compile(rb'\s+spans="[^"]*"')
_XF = re.compile(rb"<xf\b[^>]*?(?:/>|>.*?</xf>)", re.S)
_COUNT = re.compile(rb'\bcount="\d+"')
_DIMENSION = re.compile(rb'(<dimension ref="[A-Z]+\d+:)[A-Z]+(\d+"\s*/>)')


class Unusual(Exception):
    """The file is valid but not the shape this writer patches: use openpyxl."""


@dataclass
class _Styles:
    """styles.xml with what the result adds: font/fill/xf indexes of the new formats, red copies of xfs."""

    xml: bytes
    fonts: list[bytes] = field(default_factory=list)
    fills: list[bytes] = field(default_factory=list)
    xfs: list[bytes] = field(default_factory=list)
    red: dict[int, int] = field(default_factory=dict)  # xf index -> its copy with the error fill
    quote: dict[int, int] = field(default_factory=dict)  # xf index -> its copy with the quote prefix
    base_xfs: list[bytes] = field(default_factory=list)
    base_fonts: int = 0
    base_fills: int = 0

    @classmethod
    def parse(cls, xml: bytes) -> _Styles:
        styles = cls(xml)
        styles.base_fonts = len(re.findall(rb"<font\b", _section(xml, b"fonts")))
        styles.base_fills = len(re.findall(rb"<fill\b", _section(xml, b"fills")))
        styles.base_xfs = _XF.findall(_section(xml, b"cellXfs"))
        if not styles.base_xfs:
            raise Unusual("no cellXfs")
        return styles

    def font(self, xml: bytes) -> int:
        self.fonts.append(xml)
        return self.base_fonts + len(self.fonts) - 1

    def fill(self, rgb: str) -> int:
        solid = f'<patternFill patternType="solid"><fgColor rgb="{rgb}"/></patternFill>'
        self.fills.append(f"<fill>{solid}</fill>".encode())
        return self.base_fills + len(self.fills) - 1

    def xf(self, xml: bytes) -> int:
        self.xfs.append(xml)
        return len(self.base_xfs) + len(self.xfs) - 1

    def red_copy(self, index: int, red_fill: int) -> int:
        """The cell format `index` with the error fill (made once per format)."""
        if index not in self.red:
            copy = re.sub(rb'\s(fillId|applyFill)="[^"]*"', b"", self._source(index))
            copy = copy.replace(b"<xf", f'<xf fillId="{red_fill}" applyFill="1"'.encode(), 1)
            self.red[index] = self.xf(copy)
        return self.red[index]

    def quoted(self, index: int) -> int:
        """The cell format `index` with Excel's quote prefix: text starting with "=" stays text when edited."""
        if index not in self.quote:
            copy = re.sub(rb'\squotePrefix="[^"]*"', b"", self._source(index))
            self.quote[index] = self.xf(copy.replace(b"<xf", b'<xf quotePrefix="1"', 1))
        return self.quote[index]

    def _source(self, index: int) -> bytes:
        if index < len(self.base_xfs):
            return self.base_xfs[index]
        if index - len(self.base_xfs) < len(self.xfs):
            return self.xfs[index - len(self.base_xfs)]
        raise Unusual("a cell style out of range")

    def render(self) -> bytes:
        xml = self.xml
        for tag, added, base in ((b"fonts", self.fonts, self.base_fonts), (b"fills", self.fills, self.base_fills),
                                 (b"cellXfs", self.xfs, len(self.base_xfs))):
            if added:
                xml = _append(xml, tag, b"".join(added), base + len(added))
        return xml


@dataclass
class _Formats:
    header: int  # a result header cell
    red_fill: int  # the fill index of error rows
    title: int
    section: int
    summary_header: int


class SummaryLayout(Protocol):
    def __call__(self, counts: dict[str, dict[Status, int]]) -> tuple[Sequence[Any], dict[int, float]]:
        """The Résumé's cells (row, column, value, style) and column widths, given the counts per sheet."""
        ...


def patch_result(
    source: Path,
    out_path: Path,
    sheets: Sequence[SheetData],
    outcomes: Mapping[tuple[str, int], RowOutcome],
    title: str,
    summary: SummaryLayout,
    lang: str,
) -> bool:
    """Write the result workbook; False (nothing written) when the file is not the shape this writer patches."""
    try:
        with zipfile.ZipFile(source) as archive:
            names = archive.namelist()
            parts = sheet_parts(archive)
            workbook = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
            types = archive.read("[Content_Types].xml")
            styles = _Styles.parse(archive.read("xl/styles.xml"))
            if _MAIN_NS not in workbook or b"<sheets>" not in workbook:
                raise Unusual("workbook.xml")
            if any(fold(name) in _SUMMARY_KEYS for name in parts) or any(s.has_result_columns for s in sheets):
                raise Unusual("the result of a previous run")
            formats = _formats(styles)
            replaced: dict[str, bytes] = {}
            counts: dict[str, dict[Status, int]] = {}
            for sheet in sheets:
                part = parts.get(sheet.name)
                if part is None or part not in names:
                    raise Unusual("sheet part")
                xml, counts[sheet.name] = _patch_sheet(archive.read(part), sheet, outcomes, styles, formats, lang)
                replaced[part] = xml
            for part in parts.values():
                if part in names and part not in replaced:
                    replaced[part] = _unselect(archive.read(part))
            cells, widths = summary(counts)
            summary_part = _free_part_name(names)
            replaced[summary_part] = _summary_sheet(cells, widths, formats)
            replaced["xl/workbook.xml"], rel_id = _add_sheet_to_workbook(workbook, rels, title)
            replaced["xl/_rels/workbook.xml.rels"] = rels.replace(
                b"</Relationships>",
                f'<Relationship Id="{rel_id}" Type="{_WORKSHEET_TYPE}" '
                f'Target="{summary_part.removeprefix("xl/")}"/></Relationships>'.encode())
            replaced["[Content_Types].xml"] = types.replace(
                b"</Types>", f'<Override PartName="/{summary_part}" ContentType="{_WORKSHEET_CONTENT}"/>'
                             f"</Types>".encode())
            replaced["xl/styles.xml"] = styles.render()

            def fill(target: zipfile.ZipFile) -> None:
                for info in archive.infolist():
                    data = replaced.pop(info.filename, None)
                    target.writestr(info.filename, archive.read(info) if data is None else data)
                for name, data in replaced.items():  # the new Résumé part
                    target.writestr(name, data)

            write_zip(out_path, fill)
            return True
    except (Unusual, KeyError, ValueError, UnicodeError, zipfile.BadZipFile):
        return False  # a part missing (styles.xml is optional), a shape not foreseen: openpyxl can do it


def _formats(styles: _Styles) -> _Formats:
    header_font = styles.font(b'<font><b val="1"/><color rgb="FF1F3864"/></font>')
    header_fill = styles.fill("FFDDEBF7")
    result_fill = styles.fill("FFE2EFDA")
    red_fill = styles.fill("FFFFC7CE")
    title_font = styles.font(b'<font><b val="1"/><sz val="14"/></font>')
    section_font = styles.font(b'<font><b val="1"/><sz val="12"/></font>')
    align = b'<alignment vertical="center" wrapText="1"/>'

    def xf(font: int, fill: int, alignment: bytes = b"") -> int:
        applies = (' applyFill="1"' if fill else "") + (' applyAlignment="1"' if alignment else "")
        body = f'<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="0" xfId="0" applyFont="1"{applies}'
        return styles.xf(body.encode() + (b">" + alignment + b"</xf>" if alignment else b"/>"))

    return _Formats(header=xf(header_font, result_fill, align), red_fill=red_fill, title=xf(title_font, 0),
                    section=xf(section_font, 0), summary_header=xf(header_font, header_fill, align))


def _patch_sheet(
    xml: bytes, sheet: SheetData, outcomes: Mapping[tuple[str, int], RowOutcome], styles: _Styles,
    formats: _Formats, lang: str,
) -> tuple[bytes, dict[Status, int]]:
    start, end = xml.find(b"<sheetData>"), xml.rfind(b"</sheetData>")
    if _MAIN_NS not in xml[:2000] or start == -1 or end == -1:
        raise Unusual("sheetData")
    rows = list(_ROW.finditer(xml, start, end))
    # After the last cell that holds something: formatted empty cells (a whole row formatted to XFD) do not count.
    last_used = max((_last_valued_column(match.group(3)) for match in rows if match.group(3)), default=0)
    positions = result_positions(sheet.name, last_used)
    letters = [get_column_letter(p) for p in positions]
    data_rows = {int(row) for row in sheet.frame.index}
    counts = dict.fromkeys(Status, 0)
    head = _widen(_unselect(xml[:start]), positions)
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
              red: bool, styles: _Styles, formats: _Formats) -> bytes:
    attributes = _SPANS.sub(b"", match.group(1))  # spans would no longer cover the row's cells
    body = match.group(3) or b""
    tail = b""
    if body and _last_column(body) >= positions[0]:  # formatted empty cells at or past the result columns
        body, tail = _split_around(body, positions)
    if red:
        body = _painted(body, number, positions[0] - 1, styles, formats)
        style = styles.red_copy(0, formats.red_fill)
    added = b"".join(_text_cell(f"{get_column_letter(position)}{number}", value, style, styles)
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


def _painted(body: bytes, number: int, last_input: int, styles: _Styles, formats: _Formats) -> bytes:
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


def _text_cell(ref: str, value: object, style: int, styles: _Styles | None = None) -> bytes:
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


def _unselect(xml: bytes) -> bytes:
    return re.sub(rb'(<sheetView\b[^>]*?)\s+tabSelected="(?:1|true)"', rb"\1", xml, count=1)


def _without_attributes(xml: bytes, element: bytes, names: tuple[bytes, ...]) -> bytes:
    """`xml` with the attributes `names` taken off every `element` start tag.

    The workbook is patched as text rather than loaded with openpyxl, which takes tens of seconds on a large sheet
    and drops what it does not model (see the module's docstring); so an attribute is taken off with a regex. One
    `re.sub` pass takes off one of them per tag only (the match consumes the tag's start, so the next attribute of
    the same tag is not matched again): one pass per name takes them all off, whatever their order."""
    pattern = re.compile(rb"(<" + element + rb"\b[^>]*?)\s(?:" + b"|".join(names) + rb')="[^"]*"')
    for _name in names:
        xml = pattern.sub(rb"\1", xml)
    return xml


def _add_sheet_to_workbook(workbook: bytes, rels: bytes, title: str) -> tuple[bytes, str]:
    prefix = re.search(rb'<sheet\b[^>]*\s(\w+):id="', workbook)
    if prefix is None:
        raise Unusual("sheets without relationship ids")
    used_ids = set(re.findall(rb'\bId="([^"]+)"', rels))
    number = 1
    while f"rIdBulkio{number}".encode() in used_ids:
        number += 1
    rel_id = f"rIdBulkio{number}"
    sheet_ids = [int(i) for i in re.findall(rb'<sheet\b[^>]*\ssheetId="(\d+)"', workbook)]
    element = (f'<sheet name="{escape(title)}" sheetId="{max(sheet_ids, default=0) + 1}" '
               f'{prefix.group(1).decode()}:id="{rel_id}"/>').encode()
    workbook = workbook.replace(b"<sheets>", b"<sheets>" + element, 1)
    workbook = _without_attributes(workbook, b"workbookView", (b"activeTab", b"firstSheet"))
    workbook = workbook.replace(b"<workbookView", b'<workbookView activeTab="0"', 1)
    workbook = re.sub(rb'\blocalSheetId="(\d+)"', lambda m: b'localSheetId="%d"' % (int(m.group(1)) + 1), workbook)
    if re.search(rb"<calcPr\b", workbook):
        workbook = re.sub(rb'(<calcPr\b[^>]*?)\s+fullCalcOnLoad="[^"]*"', rb"\1", workbook, count=1)
        workbook = workbook.replace(b"<calcPr", b'<calcPr fullCalcOnLoad="1"', 1)
    else:
        anchor = max(workbook.rfind(tag) + len(tag) for tag in (b"</sheets>", b"</definedNames>",
                                                                   b"</externalReferences>", b"</functionGroups>"))
        workbook = workbook[:anchor] + b'<calcPr fullCalcOnLoad="1"/>' + workbook[anchor:]
    return workbook, rel_id


def _free_part_name(names: list[str]) -> str:
    number = 1
    while f"xl/worksheets/sheet{number}.xml" in names:
        number += 1
    return f"xl/worksheets/sheet{number}.xml"


def _summary_sheet(cells: Sequence[Any], widths: dict[int, float], formats: _Formats) -> bytes:
    """The Résumé sheet from its layout (result.SummaryCell: row, column, value, style)."""
    styles = {"title": formats.title, "section": formats.section, "header": formats.summary_header}
    rows: dict[int, list[bytes]] = {}
    for cell in sorted(cells, key=lambda c: (c.row, c.column)):
        row, column, value, style = cell.row, cell.column, cell.value, cell.style
        ref, xf = f"{get_column_letter(column)}{row}", styles.get(style, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            rows.setdefault(row, []).append(_text_cell(ref, value, xf))
        else:
            style_attr = f' s="{xf}"' if xf else ""
            rows.setdefault(row, []).append(f'<c r="{ref}"{style_attr}><v>{value}</v></c>'.encode())
    data = b"".join(f'<row r="{row}">'.encode() + b"".join(cells_xml) + b"</row>" for row, cells_xml in rows.items())
    cols = b"".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'.encode()
                    for c, w in sorted(widths.items()))
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ' + _MAIN_NS + b">"
            b'<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
            b"<cols>" + cols + b"</cols><sheetData>" + data + b"</sheetData></worksheet>")


def _section(xml: bytes, tag: bytes) -> bytes:
    found = re.search(rb"<" + tag + rb"\b[^>]*>(.*?)</" + tag + rb">", xml, re.S)
    if found is None:
        raise Unusual(f"no {tag.decode()} in styles.xml")
    return found.group(1)


def _append(xml: bytes, tag: bytes, added: bytes, count: int) -> bytes:
    opening = re.search(rb"<" + tag + rb"\b[^>]*>", xml)
    closing = xml.find(b"</" + tag + b">")
    assert opening is not None and closing != -1
    head = _COUNT.sub(f'count="{count}"'.encode(), opening.group(0), count=1)
    return xml[:opening.start()] + head + xml[opening.end():closing] + added + xml[closing:]
