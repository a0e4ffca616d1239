"""Any workbook -> one table of text (table.py) per recognised sheet, indexed by the Excel row numbers the user sees.

    read_workbook(path)
      detect_format            (sniff.py)  refuse what is not a workbook, with one sentence
      check_workbook           (guard.py)  refuse what would exhaust memory or time: zip and XML bombs, a far
                                           value making a grid of billions of cells
      open the sheets          (sources.py) calamine grids or a csv grid; (fec.py) a FEC's accounts as a Comptes grid
      for each sheet
        hidden sheets          never read; one that holds data is named in an Issue (HIDDEN_SHEET), or in
                               the refusal when no visible sheet holds any
        recognise              (recognise.py) --sheet, then the name, then the headers on strong evidence only;
                               the header row (through --map's columns and other programs' layouts: layouts.py);
                               a sheet not taken is a note saying why, never fatal alone
        map the columns        spec.match_header; result columns (Statut, ...) dropped; duplicates -> Issue
        the sheet's layout     (layout.py) of the sheets read only: a hidden column is not read (a note); a
                               data cell under a merge -> Issue; hidden rows -> skipped (rows_not_imported.py)
        build the table        cells -> str | None (cells.py), fully empty rows skipped
        formula problems       error values and uncalculated formulas -> None + Issue
        source rules           (value_rules.py) rows an export's layout says are no account; --map's value rules
                               on account numbers, each changed cell a Change

Nothing here knows a column by name: everything comes from the EntitySpec objects.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from bulkio.errors import InputError, UsageError
from bulkio.i18n import language, t
from bulkio.issues import Issue
from bulkio.spec import SPECS, Column, EntitySpec, fold
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)
from bulkio.workbook.cells import column_texts, is_error_literal, number_positions
from bulkio.workbook.column_letters import column_letter
from bulkio.workbook.fec import read_fec
from bulkio.workbook.formula_scan import ERROR, CellProblems, scan_formula_problems
from bulkio.workbook.guard import check_workbook
from bulkio.workbook.layout import NO_LAYOUT, merged_cell_issues, read_layout, visible_header
from bulkio.workbook.number_formats import mark_percent_cells
from bulkio.workbook.recognise import (
    AUXILIARY_SHEET_KEYS,
    BY_NAME,
    HEADER_SCAN_ROWS,
    RESULT_HEADER_KEYS,
    HeaderRow,
    Recognised,
    fec_kind,
    find_header_row,
    mapped_specs,
    quote,
    recognise,
    skipped_note,
)
from bulkio.workbook.recognised_notes import recognised_notes
from bulkio.workbook.rows_not_imported import rows_not_imported
from bulkio.workbook.sniff import detect_format
from bulkio.workbook.source_options import Change, SourceOptions
from bulkio.workbook.sources import VERY_HIDDEN, VISIBLE, Grid, RawSheet, open_csv, open_spreadsheet
from bulkio.workbook.table import SheetTable
from bulkio.workbook.value_rules import account_rules, layout_skips


@dataclass
class SheetData:
    spec: EntitySpec
    name: str  # sheet name as in the file
    header_row: int  # Excel row number of the header row
    headers: dict[str, str]  # column key -> header text as written in the file
    letters: dict[str, str]  # column key -> Excel column letter
    table: SheetTable  # rows = Excel row numbers; columns = recognised keys; values str | None
    extra_headers: list[str]  # headers not recognised (result columns excluded)
    has_result_columns: bool = False  # the header row holds result columns (Statut, ...): a result workbook
    recognised_by: str = BY_NAME  # BY_NAME, BY_HEADERS (say so wherever the plan is shown) or BY_OPTION
    # Rows in the table that are not to be imported (hidden, the template's example): Excel row -> why.
    not_imported: dict[int, Issue] = field(default_factory=dict)
    # column key -> Excel rows whose cell was a number in the file, not text (cells.number_positions) ...
    number_cells: dict[str, frozenset[int]] = field(default_factory=dict)
    # ... and of those, the percentage-formatted ones (xlsx, xlsm, ods: number_formats.py)
    percent_cells: dict[str, frozenset[int]] = field(default_factory=dict)


@dataclass
class WorkbookData:
    path: Path
    format: str  # "xlsx", "xlsm", "xls", "ods", "csv", "fec"
    sheets: list[SheetData]
    issues: list[Issue] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    # Sheet-level words that are not problems: a sheet read by its headers alone, a sheet skipped and why.
    notes: list[Issue] = field(default_factory=list)
    # Values built or transformed rather than read as written (FEC accounts, mapping rules): convert lists them.
    changes: list[Change] = field(default_factory=list)


def read_workbook(
    path: Path, kinds: Collection[str] | None = None, sheet_map: Mapping[str, str] | None = None,
    source: SourceOptions | None = None,
) -> WorkbookData:
    """Read every recognised sheet of `path` (never modified). Raise InputError when nothing usable is found.

    `sheet_map`: sheet name as written -> kind (`--sheet`), the user's word over every other clue; `source`: the
    mapping file (--map: its [feuilles] under --sheet, its columns, its value rules) and a FEC's roots."""
    path = Path(path)
    specs = _select_specs(kinds)
    fmt = detect_format(path)
    check_workbook(path, fmt)
    fec = read_fec(path, source) if fmt == "fec" else None  # its grid is one row per account, not per line
    raw_sheets = [fec.sheet] if fec is not None else open_csv(path) if fmt == "csv" else open_spreadsheet(path)
    if not raw_sheets:
        raise InputError(t("workbook.no_worksheet", path=path))

    # The formula scan reads the zip itself; it runs beside calamine, which parses without holding the GIL.
    with ThreadPoolExecutor(max_workers=1) as pool:
        names = [raw.name for raw in raw_sheets]
        scan = pool.submit(scan_formula_problems, path, names) if fmt in ("xlsx", "xlsm") else None
        data = WorkbookData(path=path, format=fmt, sheets=[])
        by_option = mapped_specs(sheet_map, names, specs, list(SPECS.values()),
                                 csv_file=path.name if fmt in ("csv", "fec") else None, source=source, notes=data.notes)
        if fec is not None:  # what was built from the FEC; its sheet is a Comptes sheet unless --sheet says otherwise
            data.changes.extend(fec.changes)
            data.notes.extend(fec.notes)
            data.issues.extend(fec.problems)
            by_option.setdefault(fec.sheet.name, fec_kind(specs))
        excluded = [spec for spec in SPECS.values() if spec not in specs]
        found: list[tuple[RawSheet, Recognised]] = []
        hidden: list[RawSheet] = []
        reasons: list[Issue] = []  # why each sheet not read is not, for the refusal when none is
        for raw in raw_sheets:
            if raw.visibility != VISIBLE:
                data.ignored_sheets.append(raw.name)
                if _holds_data(raw, specs):
                    hidden.append(raw)
                continue
            verdict = recognise(raw, specs, by_option.get(raw.name), excluded, source)
            if isinstance(verdict, Recognised):
                found.append((raw, verdict))
                data.notes.extend(recognised_notes(raw.name, verdict))
            else:
                data.ignored_sheets.append(raw.name)
                said = skipped_note(verdict)
                if said is not None:
                    reasons.append(said)
                    if verdict.problem:  # a sheet meant to be read: an error, the other sheets go on
                        data.issues.append(said)
                    elif not verdict.quiet:
                        data.notes.append(said)
        if not found and hidden:
            sheets = ", ".join(quote(raw.name) for raw in hidden)
            raise InputError(t("workbook.only_hidden", path=path.name, sheets=sheets))
        if not found:
            raise InputError(_no_sheet_message(path, fmt, raw_sheets, reasons, specs))
        data.issues.extend(_hidden_issue(raw) for raw in hidden)
        # Hidden rows and columns, merges: only of the sheets read, after the formula scan, beside calamine.
        layouts = pool.submit(read_layout, path, fmt, [raw.name for raw, _ in found])
        for raw, verdict in found:
            grid = raw.grid()
            problems = scan.result() if scan is not None else {}
            layout = layouts.result().get(raw.name, NO_LAYOUT)
            header, said, hidden_required = visible_header(raw.name, verdict.spec, verdict.header, grid,
                                                           layout.hidden_columns)
            if hidden_required is not None:  # as if the column were missing: the sheet is not read
                data.notes = [note for note in data.notes if note.sheet != raw.name]
                data.ignored_sheets.append(raw.name)
                data.issues.append(hidden_required)
                reasons.append(hidden_required)
                continue
            data.notes.extend(said)
            sheet = sheet_data(raw.name, grid, verdict.spec, header, problems.get(raw.name, {}), data.issues)
            sheet.recognised_by = verdict.by
            data.issues.extend(merged_cell_issues(raw.name, header, set(sheet.table.rows) if layout.merges else (),
                                                 grid, layout.merges))
            sheet.not_imported, problems = rows_not_imported(raw.name, verdict.spec, sheet.table, grid, header, layout)
            sheet.not_imported.update(layout_skips(raw.name, header, sheet.table, grid, sheet.not_imported))
            ruled = account_rules(raw.name, verdict.spec, sheet.table, sheet.headers, source, sheet.not_imported)
            data.changes.extend(ruled.changes)
            data.notes.extend(ruled.notes)
            problems += ruled.problems
            if sheet.not_imported:  # a #REF! in a row that is not imported is no problem of this run
                data.issues = [i for i in data.issues if i.sheet != raw.name or i.row not in sheet.not_imported]
            data.issues.extend(problems)
            data.sheets.append(sheet)
    if not data.sheets:
        raise InputError(_no_sheet_message(path, fmt, raw_sheets, reasons, specs))
    mark_percent_cells(path, fmt, data.sheets)
    return data


def _select_specs(kinds: Collection[str] | None) -> list[EntitySpec]:
    if kinds is None:
        return list(SPECS.values())
    selected: list[EntitySpec] = []
    for kind in kinds:
        matching = [spec for spec in SPECS.values() if fold(kind) in spec.sheet_keys]
        if not matching:
            raise UsageError(t("workbook.unknown_kind", kind=kind, known=", ".join(SPECS)))
        selected.extend(spec for spec in matching if spec not in selected)
    return selected


def _holds_data(raw: RawSheet, specs: Sequence[EntitySpec]) -> bool:
    """A hidden sheet named like a data sheet, or whose header row would make it one."""
    key = fold(raw.name)
    if key in AUXILIARY_SHEET_KEYS:
        return False
    if any(key in spec.sheet_keys for spec in specs):
        return True
    head = raw.head(HEADER_SCAN_ROWS)
    return any(find_header_row(spec, head) is not None for spec in specs)


def _no_sheet_message(
    path: Path, fmt: str, raw_sheets: Sequence[RawSheet], notes: Sequence[Issue], specs: Sequence[EntitySpec]
) -> str:
    """Every sheet and why it was not taken, then what to do."""
    found = ", ".join(quote(raw.name) for raw in raw_sheets) or "—"
    reasons = " ".join(f"{note.located()} : {note.message}" for note in notes)
    if fmt == "csv":
        names = ", ".join(f"{spec.kind}.csv" for spec in specs[:3])
        return t("workbook.no_sheet_csv", path=path.name, reasons=reasons, names=names, stem=path.stem,
                 kind=specs[0].kind if specs else "comptes")
    lang = language()
    other = "fr" if lang == "en" else "en"
    expected = ", ".join(f"{quote(spec.sheet_name(lang))} ({quote(spec.sheet_name(other))})" for spec in specs)
    return t("workbook.no_sheet", path=path.name, found=found, expected=expected, reasons=reasons)


# --- reading the rows of a recognised sheet ---


def sheet_data(
    name: str, grid: Grid, spec: EntitySpec, header: HeaderRow, problems: CellProblems, issues: list[Issue]
) -> SheetData:
    """One recognised sheet's rows as text under its header (the full read, and the first rows of first_rows.py)."""
    header_row = header.index + 1
    columns: list[Column] = [col for col in spec.columns if col.key in header.columns]
    positions = [header.columns[col.key] for col in columns]
    headers = {col.key: header.texts[header.columns[col.key]] for col in columns}

    for key, position in header.duplicates:
        issues.append(_duplicate_issue(name, header_row, headers[key], header.columns[key], position))

    body = grid[header.index + 1 :]
    shortest = min(map(len, body), default=0)
    first_row = header.index + 2  # Excel row number of body[0]
    texts: list[list[str | None]] = []
    checked_for_errors: list[bool] = []
    number_cells: dict[str, frozenset[int]] = {}
    for position, column in zip(positions, columns, strict=True):
        cells = _cells_at(body, position, shortest)
        values, hashes = column_texts(cells, column)
        texts.append(values)
        checked_for_errors.append(hashes)
        numbers = number_positions(cells, column)
        if numbers:
            number_cells[column.key] = frozenset(first_row + i for i in numbers)

    # Error values and uncalculated formulas: only rows the formula scan named, or with a '#' in a column
    # that may hold one, are looked at cell by cell.
    suspects = {row - first_row for row, _ in problems}
    for values, hashes in zip(texts, checked_for_errors, strict=True):
        if hashes:
            suspects.update(i for i, value in enumerate(values) if value is not None and value[0] == "#")
    located = [(headers[col.key], position) for col, position in zip(columns, positions, strict=True)]
    for i in sorted(index for index in suspects if 0 <= index < len(body)):
        record = [values[i] for values in texts]
        _drop_formula_problems(record, name, first_row + i, located, problems, issues)
        for values, value in zip(texts, record, strict=True):
            values[i] = value

    kept = [i for i, row in enumerate(zip(*texts, strict=True)) if any(row)]  # fully empty rows are not rows
    if len(kept) < len(body):
        texts = [[values[i] for i in kept] for values in texts]
    table = SheetTable([first_row + i for i in kept], dict(zip([c.key for c in columns], texts, strict=True)))
    return SheetData(
        spec=spec,
        name=name,
        header_row=header_row,
        headers=headers,
        letters={col.key: column_letter(header.columns[col.key] + 1) for col in columns},
        table=table,
        extra_headers=_extra_headers(header),
        has_result_columns=any(fold(text) in RESULT_HEADER_KEYS for text in header.texts.values()),
        number_cells=number_cells,
    )


def _cells_at(body: Grid, position: int, shortest: int) -> list[object]:
    """One column of the grid; rows too short to reach it (a csv line) give None."""
    if shortest > position:
        return list(map(itemgetter(position), body))
    return [cells[position] if position < len(cells) else None for cells in body]


def _drop_formula_problems(
    record: list[str | None],
    sheet: str,
    excel_row: int,
    located: list[tuple[str, int]],  # (header text, 0-based column) of each slot of the record
    problems: CellProblems,
    issues: list[Issue],
) -> None:
    """Error values (#REF!, ...) and uncalculated formulas become None, each with an Issue."""
    for slot, (header, position) in enumerate(located):
        value = record[slot]
        problem = problems.get((excel_row, position)) if value is None else None
        if problem is not None:
            issues.append(_formula_issue(sheet, excel_row, header, problem.value, problem.problem))
        elif is_error_literal(value):
            issues.append(_formula_issue(sheet, excel_row, header, value, ERROR))
            record[slot] = None


def _extra_headers(header: HeaderRow) -> list[str]:
    used = set(header.columns.values()) | {position for _, position in header.duplicates}
    return [
        text
        for position, text in sorted(header.texts.items())
        if position not in used and fold(text) not in RESULT_HEADER_KEYS
    ]


def _formula_issue(sheet: str, row: int, column: str, value: str | None, kind: str) -> Issue:
    if kind == ERROR:
        code, message = "FORMULA_ERROR", "workbook.issue.formula_error"
    else:
        code, message = "FORMULA_NOT_CALCULATED", "workbook.issue.formula_not_calculated"
    return Issue(
        sheet=sheet, row=row, column=column, value=value or None, code=code,
        message=t(message, sheet=sheet, row=row, column=column, value=value),
    )


def _hidden_issue(raw: RawSheet) -> Issue:
    message = "workbook.issue.very_hidden_sheet" if raw.visibility == VERY_HIDDEN else "workbook.issue.hidden_sheet"
    return Issue(sheet=raw.name, row=None, column=None, value=None, code="HIDDEN_SHEET",
                 message=t(message, sheet=raw.name))


def _duplicate_issue(sheet: str, row: int, column: str, first: int, second: int) -> Issue:
    first_letter, second_letter = column_letter(first + 1), column_letter(second + 1)
    return Issue(
        sheet=sheet, row=row, column=column, value=None, code="DUPLICATE_HEADER",
        message=t("workbook.issue.duplicate_header", sheet=sheet, row=row, column=column,
                  first=first_letter, second=second_letter),
    )
