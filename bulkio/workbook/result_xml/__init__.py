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

patch.py reads the parts and writes the result; sheet.py patches a data sheet, styles.py styles.xml, summary.py adds
the Résumé and its place in workbook.xml; text.py holds what patching XML as text needs (Unusual, attributes taken
off a tag).
"""

from __future__ import annotations

from bulkio.workbook.result_xml.patch import SummaryLayout, patch_result
from bulkio.workbook.result_xml.sheet import EXCEL_COLUMNS, NOT_SENT, result_positions
from bulkio.workbook.result_xml.text import Unusual

__all__ = ["EXCEL_COLUMNS", "NOT_SENT", "SummaryLayout", "Unusual", "patch_result", "result_positions"]
