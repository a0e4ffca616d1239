"""The audit report: a summary sheet (counts per dossier and sheet) and a detail sheet (one line per field
that differs, one line per row found on one side only or not compared), French or English.

Values are shown as the workbook writes them (Oui/Non, list labels, dates), an empty value as '(vide)',
and always as text written through `write_text` (a value from MyUnisoft never becomes a formula).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bulkio import __version__
from bulkio.audit.model import DossierAudit, Finding, FindingKind, SheetAudit
from bulkio.errors import InputError
from bulkio.i18n import register, t, yes_no
from bulkio.outputs import same_file
from bulkio.spec import SPECS, Kind
from bulkio.spec.model import CLEAR_MARKERS
from bulkio.workbook.style import SECTION_FONT, TITLE_FONT, WRAP, put, save_workbook, style_header

register(
    {
        "audit.report.summary": {"fr": "Résumé", "en": "Summary"},
        "audit.report.detail": {"fr": "Écarts", "en": "Differences"},
        "audit.report.title": {"fr": "Audit : classeur ↔ MyUnisoft", "en": "Audit: workbook ↔ MyUnisoft"},
        "audit.report.input": {"fr": "Classeur audité", "en": "Audited workbook"},
        "audit.report.target": {"fr": "Cible", "en": "Target"},
        "audit.report.date": {"fr": "Date", "en": "Date"},
        "audit.report.version": {"fr": "Version de bulkio", "en": "bulkio version"},
        "audit.report.reading": {"fr": "Lecture", "en": "How to read"},
        "audit.report.reading_text": {
            "fr": "« Valeur MyUnisoft » : ce que MyUnisoft contient maintenant ; « Valeur classeur » : ce que dit "
            "le classeur audité. Rien n'a été écrit dans MyUnisoft.",
            "en": "'MyUnisoft value': what MyUnisoft holds now; 'Workbook value': what the audited workbook says. "
            "Nothing was written to MyUnisoft.",
        },
        "audit.report.dossier": {"fr": "Dossier", "en": "Dossier"},
        "audit.report.sheet": {"fr": "Feuille", "en": "Sheet"},
        "audit.report.total": {"fr": "Total", "en": "Total"},
        "audit.report.remark": {"fr": "Remarque", "en": "Remark"},
        "audit.report.row": {"fr": "Ligne", "en": "Row"},
        "audit.report.key": {"fr": "Clé", "en": "Key"},
        "audit.report.finding": {"fr": "Constat", "en": "Finding"},
        "audit.report.field": {"fr": "Champ", "en": "Field"},
        "audit.report.live": {"fr": "Valeur MyUnisoft", "en": "MyUnisoft value"},
        "audit.report.workbook": {"fr": "Valeur classeur", "en": "Workbook value"},
        "audit.report.message": {"fr": "Message", "en": "Message"},
        "audit.report_written": {"fr": "Rapport d'audit : {path}", "en": "Audit report: {path}"},
        "audit.report.none": {"fr": "Aucun écart : le classeur et MyUnisoft sont identiques.",
                              "en": "No difference: the workbook and MyUnisoft are identical."},
    }
)

FILLS = {
    FindingKind.ONLY_WORKBOOK: PatternFill("solid", fgColor="FFE2EFDA"),  # light green
    FindingKind.ONLY_LIVE: PatternFill("solid", fgColor="FFFCE4D6"),  # light orange
    FindingKind.DIFFERENT: PatternFill("solid", fgColor="FFFFF2CC"),  # light yellow
    FindingKind.NOT_COMPARED: PatternFill("solid", fgColor="FFEDEDED"),  # light grey
}
COUNTED = (FindingKind.IDENTICAL, FindingKind.ONLY_WORKBOOK, FindingKind.ONLY_LIVE, FindingKind.DIFFERENT,
           FindingKind.NOT_COMPARED)
_DETAIL_WIDTHS = (24, 16, 8, 30, 24, 22, 34, 34, 60)
_PREVIOUS_SUFFIX = re.compile(r"\.(audit|resultat)-\d{8}-\d{6}$")


def default_audit_path(input_path: Path, now: datetime | None = None) -> Path:
    """<stem>.audit-YYYYMMDD-HHMMSS.xlsx next to the input (as default_result_path names a result)."""
    input_path = Path(input_path)
    stem = _PREVIOUS_SUFFIX.sub("", input_path.stem)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return input_path.with_name(f"{stem}.audit-{stamp}.xlsx")


def summary_rows(audits: list[DossierAudit]) -> list[tuple[str, str, dict[FindingKind, int], str]]:
    """(dossier, sheet, counts, remark) per dossier and sheet: the report's summary and the CLI's table."""
    rows = []
    for audit in audits:
        for sheet in audit.sheets:
            rows.append((audit.label, sheet.sheet, sheet.counts(), audit.error))
    return rows


def display(kind: str, key: str, value: Any, lang: str) -> str:
    """A compared value as the workbook would write it; empty is '(vide)'."""
    if value is None or value == "":
        return CLEAR_MARKERS[1 if lang == "en" else 0]
    column = SPECS[kind].column(key)
    if column.kind is Kind.BOOL:
        return yes_no(bool(value), lang)
    if column.kind is Kind.CHOICE:
        choice = column.choice_by_value(value)
        return choice.label(lang) if choice else str(value)
    if isinstance(value, date):
        return value.isoformat() if lang == "en" else value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _header(sheet: SheetAudit, key: str, lang: str) -> str:
    return sheet.headers.get(key) or SPECS[sheet.kind].column(key).header(lang)


def _one_side(sheet: SheetAudit, finding: Finding, lang: str) -> str:
    return " ; ".join(f"{_header(sheet, k, lang)} : {display(sheet.kind, k, v, lang)}"
                      for k, v in finding.values.items())


def detail_lines(audits: list[DossierAudit], lang: str) -> list[tuple[FindingKind, list[Any]]]:
    """The detail sheet's lines: (finding kind, cells), one per differing field, else one per row."""
    lines: list[tuple[FindingKind, list[Any]]] = []
    for audit in audits:
        for sheet in audit.sheets:
            for finding in sheet.differences:
                base = [audit.label, finding.sheet or sheet.sheet, finding.excel_row, finding.key,
                        finding.kind.label(lang)]
                if finding.kind is FindingKind.DIFFERENT:
                    for change in finding.fields:
                        lines.append((finding.kind, [*base, _header(sheet, change.key, lang),
                                                     display(sheet.kind, change.key, change.live, lang),
                                                     display(sheet.kind, change.key, change.workbook, lang), ""]))
                elif finding.kind is FindingKind.ONLY_LIVE:
                    lines.append((finding.kind, [*base, "", _one_side(sheet, finding, lang), "", ""]))
                elif finding.kind is FindingKind.ONLY_WORKBOOK:
                    lines.append((finding.kind, [*base, "", "", _one_side(sheet, finding, lang), ""]))
                else:
                    lines.append((finding.kind, [*base, "", "", "", finding.message]))
    return lines


def check_report_path(path: Path, source: Path | None) -> None:
    """The report never replaces the audited workbook (the command line refuses it earlier, with check_output:
    this guards the callers that do not go through it)."""
    if source is not None and same_file(Path(path), Path(source)):
        raise InputError(t("workbook.same_path", path=path))


def write_audit_report(
    path: Path, audits: list[DossierAudit], lang: str = "fr", *, source: Path | None = None, target: str = ""
) -> None:
    path = Path(path)
    check_report_path(path, source)
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = t("audit.report.summary", lang)
    _write_summary(summary, audits, lang, source, target)
    _write_detail(workbook.create_sheet(t("audit.report.detail", lang)), audits, lang)
    save_workbook(workbook, path)


def _write_summary(sheet: Worksheet, audits: list[DossierAudit], lang: str, source: Path | None,
                   target: str) -> None:
    put(sheet, 1, 1, t("audit.report.title", lang), TITLE_FONT)
    facts = [
        ("audit.report.input", source.name if source else ""),
        ("audit.report.target", target),
        ("audit.report.date", datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
        ("audit.report.version", __version__),
        ("audit.report.reading", t("audit.report.reading_text", lang)),
    ]
    for row, (key, value) in enumerate(facts, start=3):
        put(sheet, row, 1, t(key, lang), SECTION_FONT)
        put(sheet, row, 2, value)
    top = 3 + len(facts) + 1
    headers = [t("audit.report.dossier", lang), t("audit.report.sheet", lang),
               *(kind.plural(lang) for kind in COUNTED), t("audit.report.total", lang), t("audit.report.remark", lang)]
    for column, header in enumerate(headers, start=1):
        put(sheet, top, column, header)
        style_header(sheet.cell(row=top, column=column))
    totals = dict.fromkeys(COUNTED, 0)
    row = top
    for dossier, name, counts, remark in summary_rows(audits):
        row += 1
        put(sheet, row, 1, dossier)
        put(sheet, row, 2, name)
        for column, kind in enumerate(COUNTED, start=3):
            put(sheet, row, column, counts[kind])
            totals[kind] += counts[kind]
            if counts[kind] and kind in FILLS:
                sheet.cell(row=row, column=column).fill = FILLS[kind]
        put(sheet, row, len(COUNTED) + 3, sum(counts.values()))
        if remark:
            put(sheet, row, len(COUNTED) + 4, remark)
    row += 1
    bold = Font(bold=True)
    put(sheet, row, 1, t("audit.report.total", lang), bold)
    for column, kind in enumerate(COUNTED, start=3):
        put(sheet, row, column, totals[kind], bold)
    put(sheet, row, len(COUNTED) + 3, sum(totals.values()), bold)
    for column, width in enumerate((26, 60, 12, 16, 16, 12, 12, 10, 50), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{top + 1}"


def _write_detail(sheet: Worksheet, audits: list[DossierAudit], lang: str) -> None:
    headers = [t(f"audit.report.{key}", lang) for key in
               ("dossier", "sheet", "row", "key", "finding", "field", "live", "workbook", "message")]
    for column, (header, width) in enumerate(zip(headers, _DETAIL_WIDTHS, strict=True), start=1):
        put(sheet, 1, column, header)
        style_header(sheet.cell(row=1, column=column))
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    lines = detail_lines(audits, lang)
    if not lines:
        put(sheet, 2, 1, t("audit.report.none", lang))
        return
    for row, (kind, cells) in enumerate(lines, start=2):
        for column, value in enumerate(cells, start=1):
            if value not in (None, ""):
                put(sheet, row, column, value)
            cell = sheet.cell(row=row, column=column)
            cell.fill = FILLS[kind]
            if column >= 7:
                cell.alignment = WRAP
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(lines) + 1}"
