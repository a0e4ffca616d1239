"""`patch_result`: the input's parts read, each patched (data sheets, styles, workbook, the new Résumé), all the
others copied as they are, the whole written to the output; False when the file is not the shape it patches."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from bulkio.outcome import RowOutcome, Status
from bulkio.spec import fold
from bulkio.workbook.formula_scan import sheet_parts
from bulkio.workbook.read import SheetData
from bulkio.workbook.result_xml.sheet import patch_sheet, unselect
from bulkio.workbook.result_xml.styles import Styles, result_formats
from bulkio.workbook.result_xml.summary import add_sheet_to_workbook, free_part_name, summary_sheet
from bulkio.workbook.result_xml.text import MAIN_NS, Unusual
from bulkio.workbook.style import write_zip

_WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_SUMMARY_KEYS = frozenset({fold("Résumé"), fold("Summary")})


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
            styles = Styles.parse(archive.read("xl/styles.xml"))
            if MAIN_NS not in workbook or b"<sheets>" not in workbook:
                raise Unusual("workbook.xml")
            if any(fold(name) in _SUMMARY_KEYS for name in parts) or any(s.has_result_columns for s in sheets):
                raise Unusual("the result of a previous run")
            formats = result_formats(styles)
            replaced: dict[str, bytes] = {}
            counts: dict[str, dict[Status, int]] = {}
            for sheet in sheets:
                part = parts.get(sheet.name)
                if part is None or part not in names:
                    raise Unusual("sheet part")
                xml, counts[sheet.name] = patch_sheet(archive.read(part), sheet, outcomes, styles, formats, lang)
                replaced[part] = xml
            for part in parts.values():
                if part in names and part not in replaced:
                    replaced[part] = unselect(archive.read(part))
            cells, widths = summary(counts)
            summary_part = free_part_name(names)
            replaced[summary_part] = summary_sheet(cells, widths, formats)
            replaced["xl/workbook.xml"], rel_id = add_sheet_to_workbook(workbook, rels, title)
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
