"""The Résumé added: its sheet part (from the layout result.py gives), and workbook.xml made to list it first, show it
as the active tab, shift the local defined names by one and force a calculation on load."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from bulkio.workbook.result_xml.sheet import text_cell
from bulkio.workbook.result_xml.styles import Formats
from bulkio.workbook.result_xml.text import MAIN_NS, Unusual, without_attributes


def add_sheet_to_workbook(workbook: bytes, rels: bytes, title: str) -> tuple[bytes, str]:
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
    workbook = without_attributes(workbook, b"workbookView", (b"activeTab", b"firstSheet"))
    workbook = workbook.replace(b"<workbookView", b'<workbookView activeTab="0"', 1)
    workbook = re.sub(rb'\blocalSheetId="(\d+)"', lambda m: b'localSheetId="%d"' % (int(m.group(1)) + 1), workbook)
    if re.search(rb"<calcPr\b", workbook):
        workbook = without_attributes(workbook, b"calcPr", (b"fullCalcOnLoad",))
        workbook = workbook.replace(b"<calcPr", b'<calcPr fullCalcOnLoad="1"', 1)
    else:
        anchor = max(workbook.rfind(tag) + len(tag) for tag in (b"</sheets>", b"</definedNames>",
                                                                   b"</externalReferences>", b"</functionGroups>"))
        workbook = workbook[:anchor] + b'<calcPr fullCalcOnLoad="1"/>' + workbook[anchor:]
    return workbook, rel_id


def free_part_name(names: list[str]) -> str:
    number = 1
    while f"xl/worksheets/sheet{number}.xml" in names:
        number += 1
    return f"xl/worksheets/sheet{number}.xml"


def summary_sheet(cells: Sequence[Any], widths: dict[int, float], formats: Formats) -> bytes:
    """The Résumé sheet from its layout (result.SummaryCell: row, column, value, style)."""
    styles = {"title": formats.title, "section": formats.section, "header": formats.summary_header}
    rows: dict[int, list[bytes]] = {}
    for cell in sorted(cells, key=lambda c: (c.row, c.column)):
        row, column, value, style = cell.row, cell.column, cell.value, cell.style
        ref, xf = f"{get_column_letter(column)}{row}", styles.get(style, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            rows.setdefault(row, []).append(text_cell(ref, value, xf))
        else:
            style_attr = f' s="{xf}"' if xf else ""
            rows.setdefault(row, []).append(f'<c r="{ref}"{style_attr}><v>{value}</v></c>'.encode())
    data = b"".join(f'<row r="{row}">'.encode() + b"".join(cells_xml) + b"</row>" for row, cells_xml in rows.items())
    cols = b"".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'.encode()
                    for c, w in sorted(widths.items()))
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ' + MAIN_NS + b">"
            b'<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
            b"<cols>" + cols + b"</cols><sheetData>" + data + b"</sheetData></worksheet>")
