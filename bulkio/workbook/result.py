"""The result workbook: the input workbook, with what happened to each row, and a Résumé sheet.

    .xlsx / .xlsm input   loaded with openpyxl (formatting, formulas, comments and macros kept); on each
                          recognised sheet the result columns (Statut, Code erreur, Message, ID MyUnisoft,
                          Request-ID) are written after the last used column, or over the result columns
                          already there (a result workbook imported again); error rows turn light red.
    .csv / .xls / .ods    a new .xlsx rebuilt from the read data, each value at its original row and column
                          letter, so that row numbers in messages still match.

Every data row of every recognised sheet gets exactly one status; a row without an outcome is "Non envoyé".
The input file is never written: the workbook is saved once, at the end, under another name.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bulkio.errors import InputError
from bulkio.i18n import t
from bulkio.outcome import RESULT_COLUMNS, RowOutcome, Status
from bulkio.outputs import same_file
from bulkio.spec import Kind, fold
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)
from bulkio.workbook.read import SheetData, WorkbookData
from bulkio.workbook.recognise import GUESSED
from bulkio.workbook.result_xml import patch_result, result_positions
from bulkio.workbook.style import (
    ERROR_FILL,
    RESULT_HEADER_FILL,
    SECTION_FONT,
    TEXT_FORMAT,
    TITLE_FONT,
    first_sheet,
    printable,
    put,
    save_workbook,
    style_header,
    write_text,
)

NOT_SENT = RowOutcome(Status.NOT_SENT)
_RESULT_KEYS = [frozenset({fold(fr), fold(en)}) for fr, en in RESULT_COLUMNS]
_SUMMARY_KEYS = frozenset({fold("Résumé"), fold("Summary")})
_NO_FILL = PatternFill(fill_type=None)
_PREVIOUS_RESULT_SUFFIX = re.compile(r"\.resultat-\d{8}-\d{6}$")


@dataclass
class RunSummary:
    target: str  # e.g. "sandbox http://127.0.0.1:8765 — dossier 2 DOSSIER VIDE SAS"
    started_at: datetime
    finished_at: datetime
    tool_version: str
    mode: str  # "import", "dry-run", ...
    dossiers: dict[str, dict[Status, int]] = field(default_factory=dict)  # per dossier, when several
    pacing: list[str] = field(default_factory=list)  # per token: the rate observed (api/pacing_report.py)


def default_result_path(input_path: Path, now: datetime | None = None) -> Path:
    """<stem>.resultat-YYYYMMDD-HHMMSS.xlsx next to the input (.xlsm for an .xlsm, to keep its macros)."""
    input_path = Path(input_path)
    stem = _PREVIOUS_RESULT_SUFFIX.sub("", input_path.stem)
    suffix = ".xlsm" if input_path.suffix.lower() == ".xlsm" else ".xlsx"
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return input_path.with_name(f"{stem}.resultat-{stamp}{suffix}")


def write_result(
    data: WorkbookData,
    outcomes: Mapping[tuple[str, int], RowOutcome],
    summary: RunSummary,
    out_path: Path,
    lang: str = "fr",
    patch: bool = True,
) -> None:
    """`patch=False` always goes through openpyxl (the tests compare both ways)."""
    out_path = Path(out_path)
    if same_file(out_path, data.path):
        raise InputError(t("workbook.same_path", path=out_path))
    same_kind = not (data.format == "xlsm" and out_path.suffix.lower() != ".xlsm")  # macros go only to .xlsm
    if patch and data.format in ("xlsx", "xlsm") and same_kind:
        # The fast way: the input's XML patched, every other part copied as it is (False: an unusual file).
        def layout(counts: dict[str, dict[Status, int]]) -> tuple[list[SummaryCell], dict[int, float]]:
            return summary_layout(data, counts, summary, lang)

        if patch_result(data.path, out_path, data.sheets, outcomes, t("workbook.summary.sheet", lang), layout, lang):
            return
    if data.format in ("xlsx", "xlsm"):
        keep_vba = data.format == "xlsm" and out_path.suffix.lower() == ".xlsm"
        with warnings.catch_warnings():  # openpyxl warns about extensions it drops (e.g. x14 validations)
            warnings.simplefilter("ignore")
            workbook = load_workbook(data.path, keep_vba=keep_vba, rich_text=True)
        workbook.calculation.fullCalcOnLoad = True  # openpyxl keeps formulas but not their values
        sheets = [(workbook[sheet.name], sheet) for sheet in data.sheets]
    else:
        workbook = Workbook()
        workbook.remove(workbook.active)
        sheets = [(_rebuilt_sheet(workbook, sheet), sheet) for sheet in data.sheets]

    counts: dict[str, dict[Status, int]] = {}
    for worksheet, sheet in sheets:
        counts[sheet.name] = _write_outcomes(worksheet, sheet, outcomes, lang)
    _write_summary(workbook, data, counts, summary, lang)
    save_workbook(workbook, out_path)


def _rebuilt_sheet(workbook: Workbook, sheet: SheetData) -> Worksheet:
    """A csv/xls/ods sheet as an openpyxl sheet: headers and values where they were in the input."""
    title = re.sub(r"[\[\]:*?/\\]", "_", sheet.name)[:31] or sheet.spec.sheet_fr
    worksheet = workbook.create_sheet(title)
    for key, header in sheet.headers.items():
        cell = worksheet.cell(row=sheet.header_row, column=column_index_from_string(sheet.letters[key]))
        write_text(cell, header)
        style_header(cell)
    for key, texts in sheet.table.columns():
        position = column_index_from_string(sheet.letters[key])
        is_account = sheet.spec.column(key).kind is Kind.ACCOUNT
        for row, value in zip(sheet.table.rows, texts, strict=True):
            if value is not None:
                cell = worksheet.cell(row=row, column=position)
                write_text(cell, value)
                if is_account:
                    cell.number_format = TEXT_FORMAT
    worksheet.freeze_panes = f"A{sheet.header_row + 1}"
    return worksheet


def _existing_result_columns(worksheet: Worksheet, header_row: int) -> dict[int, int]:
    """Result columns a previous run left on the header row: index in RESULT_COLUMNS -> 1-based column."""
    found: dict[int, int] = {}
    for cell in worksheet[header_row]:
        if isinstance(cell.value, str):
            key = fold(cell.value)
            for index, keys in enumerate(_RESULT_KEYS):
                if key in keys and index not in found:
                    found[index] = cell.column
    return found


def _result_positions(found: dict[int, int], last_used: int, sheet: str) -> list[int]:
    """1-based column of each result column: where it already is, else appended after the last used column."""
    free = iter(result_positions(sheet, last_used))
    return [found[index] if index in found else next(free) for index in range(len(RESULT_COLUMNS))]


def _last_valued_column(worksheet: Worksheet, results: dict[int, int]) -> int:
    """The last column holding a value, result columns included (formatted empty cells do not count)."""
    last = max(results.values(), default=0)
    for row in worksheet.iter_rows():
        for cell in reversed(row):
            if cell.value is not None:
                last = max(last, cell.column)
                break
    return last


def _write_outcomes(
    worksheet: Worksheet, sheet: SheetData, outcomes: Mapping[tuple[str, int], RowOutcome], lang: str
) -> dict[Status, int]:
    existing = _existing_result_columns(worksheet, sheet.header_row)
    positions = _result_positions(existing, _last_valued_column(worksheet, existing), sheet.name)
    rerun = bool(existing)  # only a result workbook can hold bulkio's red: no need to look for it otherwise
    for index, position in enumerate(positions):
        cell = worksheet.cell(row=sheet.header_row, column=position)
        write_text(cell, RESULT_COLUMNS[index][1 if lang == "en" else 0])
        style_header(cell)
        cell.fill = RESULT_HEADER_FILL
        letter = get_column_letter(position)
        if (worksheet.column_dimensions[letter].width or 0) < 14:
            worksheet.column_dimensions[letter].width = 40 if index == 2 else 14
    last_column = max(positions)
    data_rows = set(sheet.table.rows)
    if rerun:
        _clear_stale_results(worksheet, sheet.header_row, data_rows, positions, last_column)

    counts = dict.fromkeys(Status, 0)
    for row in sorted(data_rows):
        outcome = outcomes.get((sheet.name, row), NOT_SENT)
        counts[outcome.status] += 1
        values = (outcome.status.label(lang), outcome.error_code, outcome.message, outcome.remote_id,
                  outcome.request_id)
        for position, value in zip(positions, values, strict=True):
            cell = worksheet.cell(row=row, column=position)
            if value:
                write_text(cell, printable(str(value)))
            else:
                cell.value = None
        if outcome.status is Status.ERROR or rerun:
            _paint_row(worksheet, row, last_column, ERROR_FILL if outcome.status is Status.ERROR else None)
    return counts


def _clear_stale_results(
    worksheet: Worksheet, header_row: int, data_rows: set[int], positions: list[int], last_column: int
) -> None:
    """Rows that are no longer data rows lose the status and the red of a previous run."""
    for row in range(header_row + 1, worksheet.max_row + 1):
        if row in data_rows:
            continue
        for position in positions:
            worksheet.cell(row=row, column=position).value = None
        _paint_row(worksheet, row, last_column, None)


def _paint_row(worksheet: Worksheet, row: int, last_column: int, fill: PatternFill | None) -> None:
    """Light red on an error row; elsewhere only the red bulkio itself put there is removed."""
    for column in range(1, last_column + 1):
        cell = worksheet.cell(row=row, column=column)
        if fill is not None:
            cell.fill = fill
        elif cell.has_style and cell.fill == ERROR_FILL:
            cell.fill = _NO_FILL


@dataclass(frozen=True)
class SummaryCell:
    row: int
    column: int
    value: object
    style: str = ""  # "", "title", "section" or "header"


def summary_layout(
    data: WorkbookData, counts: dict[str, dict[Status, int]], summary: RunSummary, lang: str
) -> tuple[list[SummaryCell], dict[int, float]]:
    """The Résumé sheet as cells and column widths, for either writer."""
    cells = [SummaryCell(1, 1, t("workbook.summary.title", lang), "title")]
    facts = (
        ("workbook.summary.input", data.path.name),
        ("workbook.summary.target", summary.target),
        ("workbook.summary.mode", summary.mode),
        ("workbook.summary.started", _timestamp(summary.started_at)),
        ("workbook.summary.finished", _timestamp(summary.finished_at)),
        ("workbook.summary.duration", _duration(summary.started_at, summary.finished_at)),
        ("workbook.summary.version", summary.tool_version),
        *(("pacing.summary" if index == 0 else "", line) for index, line in enumerate(summary.pacing)),
    )
    for row, (key, value) in enumerate(facts, start=3):
        cells += [SummaryCell(row, 1, t(key, lang) if key else "", "section"), SummaryCell(row, 2, value)]
    by_headers = {sheet.name for sheet in data.sheets if sheet.recognised_by in GUESSED}
    labelled = {(t("workbook.summary.by_headers", lang, sheet=name, kind=_kind_of(data, name, lang))
                 if name in by_headers else name): per for name, per in counts.items()}
    row = _count_table(cells, 3 + len(facts) + 1, t("workbook.summary.sheet_col", lang), labelled, lang)
    if len(summary.dossiers) > 1:
        row = _count_table(cells, row + 2, t("workbook.summary.dossier_col", lang), summary.dossiers, lang)
    if data.notes:  # sheets read by their headers alone, sheets not read: said where the counts are
        row += 2
        cells.append(SummaryCell(row, 1, t("workbook.summary.sheets_notes", lang), "section"))
        for note in data.notes:
            row += 1
            cells += [SummaryCell(row, 1, note.sheet), SummaryCell(row, 2, note.message)]
    widths = {1: 24.0, 2: 60.0, **{column: 13.0 for column in range(3, len(Status) + 3)}}
    return cells, widths


def _kind_of(data: WorkbookData, name: str, lang: str) -> str:
    return next(sheet.spec.sheet_name(lang) for sheet in data.sheets if sheet.name == name)


def _count_table(cells: list[SummaryCell], table: int, first: str, counts: dict[str, dict[Status, int]],
                 lang: str) -> int:
    """A table of counts by status, one line per sheet (or dossier) and a total line; its last row."""
    headers = [first, *(status.label(lang) for status in Status), t("workbook.summary.total", lang)]
    cells += [SummaryCell(table, column, header, "header") for column, header in enumerate(headers, start=1)]
    totals = dict.fromkeys(Status, 0)
    row = table
    for name, by_status in counts.items():
        row += 1
        cells.append(SummaryCell(row, 1, name))
        for column, status in enumerate(Status, start=2):
            cells.append(SummaryCell(row, column, by_status[status]))
            totals[status] += by_status[status]
        cells.append(SummaryCell(row, len(headers), sum(by_status.values())))
    row += 1
    cells.append(SummaryCell(row, 1, t("workbook.summary.total", lang), "section"))
    for column, status in enumerate(Status, start=2):
        cells.append(SummaryCell(row, column, totals[status], "section"))
    cells.append(SummaryCell(row, len(headers), sum(totals.values()), "section"))
    return row


def _write_summary(
    workbook: Workbook,
    data: WorkbookData,
    counts: dict[str, dict[Status, int]],
    summary: RunSummary,
    lang: str,
) -> None:
    for name in list(workbook.sheetnames):
        if fold(name) in _SUMMARY_KEYS:
            workbook.remove(workbook[name])
    sheet = first_sheet(workbook, t("workbook.summary.sheet", lang))
    cells, widths = summary_layout(data, counts, summary, lang)
    fonts = {"title": TITLE_FONT, "section": SECTION_FONT}
    for cell in cells:
        put(sheet, cell.row, cell.column, cell.value, fonts.get(cell.style))
        if cell.style == "header":
            style_header(sheet.cell(row=cell.row, column=cell.column))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def _timestamp(moment: datetime) -> str:
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return local.strftime("%Y-%m-%d %H:%M:%S")


def _duration(started: datetime, finished: datetime) -> str:
    seconds = max(0, int((finished - started).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
