"""Any workbook -> one DataFrame of text per recognised sheet, indexed by the Excel row numbers the user sees.

    read_workbook(path)
      detect_format            (sniff.py)  refuse what is not a workbook, with one sentence
      check_workbook           (guard.py)  refuse what would exhaust memory or time: zip and XML bombs, a far
                                           value making a grid of billions of cells
      open the sheets          (sources.py) calamine grids or a csv grid
      for each sheet
        hidden sheets          never read; one that holds data is named in an Issue (HIDDEN_SHEET), or in
                               the refusal when no visible sheet holds any
        recognise              by name (spec.sheet_keys), else by a header row holding spec.signature
        find the header row    the first of the first HEADER_SCAN_ROWS rows holding the signature
        map the columns        spec.match_header; result columns (Statut, ...) dropped; duplicates -> Issue
        build the frame        cells -> str | None (cells.py), fully empty rows skipped
        formula problems       error values and uncalculated formulas -> None + Issue

Nothing here knows a column by name: everything comes from the EntitySpec objects.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from bulkio.errors import InputError, UsageError
from bulkio.i18n import language, t
from bulkio.issues import Issue
from bulkio.outcome import RESULT_COLUMNS
from bulkio.spec import SPECS, Column, EntitySpec, fold
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)
from bulkio.workbook.cells import column_texts, is_error_literal, to_text
from bulkio.workbook.formula_scan import ERROR, CellProblems, scan_formula_problems
from bulkio.workbook.guard import check_workbook
from bulkio.workbook.sniff import detect_format
from bulkio.workbook.sources import VERY_HIDDEN, VISIBLE, Grid, RawSheet, open_csv, open_spreadsheet

HEADER_SCAN_ROWS = 30
RESULT_HEADER_KEYS = frozenset(fold(name) for pair in RESULT_COLUMNS for name in pair)
# Sheets bulkio writes for people (help, run summary, dropdown lists): never data, never reported.
AUXILIARY_SHEET_KEYS = frozenset(fold(n) for n in ("Aide", "Help", "Résumé", "Summary", "Listes", "Lists"))


@dataclass
class SheetData:
    spec: EntitySpec
    name: str  # sheet name as in the file
    header_row: int  # Excel row number of the header row
    headers: dict[str, str]  # column key -> header text as written in the file
    letters: dict[str, str]  # column key -> Excel column letter
    frame: pd.DataFrame  # index = Excel row numbers; columns = recognised keys; values str | None
    extra_headers: list[str]  # headers not recognised (result columns excluded)
    has_result_columns: bool = False  # the header row holds result columns (Statut, ...): a result workbook


@dataclass
class WorkbookData:
    path: Path
    format: str  # "xlsx", "xlsm", "xls", "ods", "csv"
    sheets: list[SheetData]
    issues: list[Issue] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)


@dataclass
class _HeaderRow:
    """A header row found in a grid: where it is and which column index holds which spec column."""

    index: int  # 0-based row index in the grid
    columns: dict[str, int]  # column key -> 0-based column index (first occurrence)
    texts: dict[int, str]  # 0-based column index -> header text, for every non-empty header cell
    duplicates: list[tuple[str, int]]  # (column key, index of the ignored repeat)


def read_workbook(path: Path, kinds: Collection[str] | None = None) -> WorkbookData:
    """Read every recognised sheet of `path` (never modified). Raise InputError when nothing usable is found."""
    path = Path(path)
    specs = _select_specs(kinds)
    fmt = detect_format(path)
    check_workbook(path, fmt)
    raw_sheets = open_csv(path) if fmt == "csv" else open_spreadsheet(path)
    if not raw_sheets:
        raise InputError(t("workbook.no_worksheet", path=path))

    # The formula scan reads the zip itself; it runs beside calamine, which parses without holding the GIL.
    with ThreadPoolExecutor(max_workers=1) as pool:
        names = [raw.name for raw in raw_sheets]
        scan = pool.submit(scan_formula_problems, path, names) if fmt in ("xlsx", "xlsm") else None
        data = WorkbookData(path=path, format=fmt, sheets=[])
        found: list[tuple[RawSheet, EntitySpec, _HeaderRow]] = []
        hidden: list[RawSheet] = []
        for raw in raw_sheets:
            if raw.visibility != VISIBLE:
                data.ignored_sheets.append(raw.name)
                if _holds_data(raw, specs):
                    hidden.append(raw)
                continue
            recognised = _recognise(raw, specs)
            if recognised is None:
                data.ignored_sheets.append(raw.name)
            else:
                found.append((raw, *recognised))
        if not found and hidden:
            sheets = ", ".join(_quote(raw.name) for raw in hidden)
            raise InputError(t("workbook.only_hidden", path=path.name, sheets=sheets))
        if not found:
            raise InputError(_no_sheet_message(path, raw_sheets, specs))
        data.issues.extend(_hidden_issue(raw) for raw in hidden)
        for raw, spec, header in found:
            grid = raw.grid()
            problems = scan.result() if scan is not None else {}
            data.sheets.append(_read_sheet(raw.name, grid, spec, header, problems.get(raw.name, {}), data.issues))
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


# --- recognising a sheet and its header row ---


def _recognise(raw: RawSheet, specs: Sequence[EntitySpec]) -> tuple[EntitySpec, _HeaderRow] | None:
    """By name first; else the spec whose signature a header row holds (the most specific one wins)."""
    key = fold(raw.name)
    if key in AUXILIARY_SHEET_KEYS:
        return None
    head = raw.head(HEADER_SCAN_ROWS)
    for spec in specs:
        if key in spec.sheet_keys:
            return spec, _header_row_or_fail(raw.name, spec, head)
    candidates = [(spec, header) for spec in specs if (header := _find_header_row(spec, head)) is not None]
    if not candidates:
        return None
    spec, header = max(candidates, key=lambda c: (len(c[0].signature), len(c[1].columns), -c[1].index))
    _check_required(raw.name, spec, header)
    return spec, header


def _holds_data(raw: RawSheet, specs: Sequence[EntitySpec]) -> bool:
    """A hidden sheet named like a data sheet, or whose header row would make it one."""
    key = fold(raw.name)
    if key in AUXILIARY_SHEET_KEYS:
        return False
    if any(key in spec.sheet_keys for spec in specs):
        return True
    head = raw.head(HEADER_SCAN_ROWS)
    return any(_find_header_row(spec, head) is not None for spec in specs)


def _find_header_row(spec: EntitySpec, head: Grid) -> _HeaderRow | None:
    """The first row holding every signature column of the spec."""
    for index in range(min(len(head), HEADER_SCAN_ROWS)):
        header = _map_header(spec, head, index)
        if header.columns and all(key in header.columns for key in _signature(spec)):
            return header
    return None


def _signature(spec: EntitySpec) -> tuple[str, ...]:
    return spec.signature or tuple(col.key for col in spec.required_columns) or spec.natural_key


def _quote(text: str) -> str:
    return f"'{text}'" if language() == "en" else f"« {text} »"


def _header_row_or_fail(sheet: str, spec: EntitySpec, head: Grid) -> _HeaderRow:
    """A sheet named like the spec: its header row, or an InputError saying which required column is missing."""
    header = _find_header_row(spec, head)
    if header is None:
        mapped = [_map_header(spec, head, index) for index in range(min(len(head), HEADER_SCAN_ROWS))]
        best = max(mapped, key=lambda h: (len(h.columns), -h.index), default=None)
        if best is None or not best.columns:
            columns = ", ".join(_quote(spec.column(key).header(language())) for key in _signature(spec))
            raise InputError(t("workbook.no_header", sheet=sheet, limit=HEADER_SCAN_ROWS, columns=columns))
        header = best
    _check_required(sheet, spec, header)
    return header


def _check_required(sheet: str, spec: EntitySpec, header: _HeaderRow) -> None:
    missing = [col for col in spec.required_columns if col.key not in header.columns]
    if len(missing) == 1:
        column = missing[0].header(language())
        raise InputError(t("workbook.missing_column", sheet=sheet, row=header.index + 1, column=column))
    if missing:
        columns = ", ".join(_quote(col.header(language())) for col in missing)
        raise InputError(t("workbook.missing_columns", sheet=sheet, row=header.index + 1, columns=columns))


def _map_header(spec: EntitySpec, grid: Grid, index: int) -> _HeaderRow:
    header = _HeaderRow(index=index, columns={}, texts={}, duplicates=[])
    for position, cell in enumerate(grid[index]):
        text = to_text(cell)
        if text is None:
            continue
        header.texts[position] = text
        column = spec.match_header(text)
        if column is None:
            continue
        if column.key in header.columns:
            header.duplicates.append((column.key, position))
        else:
            header.columns[column.key] = position
    return header


def _no_sheet_message(path: Path, raw_sheets: Sequence[RawSheet], specs: Sequence[EntitySpec]) -> str:
    found = ", ".join(_quote(raw.name) for raw in raw_sheets) or "—"
    lang = language()
    other = "fr" if lang == "en" else "en"
    expected = ", ".join(f"{_quote(spec.sheet_name(lang))} ({_quote(spec.sheet_name(other))})" for spec in specs)
    return t("workbook.no_sheet", path=path.name, found=found, expected=expected)


# --- reading the rows of a recognised sheet ---


def _read_sheet(
    name: str, grid: Grid, spec: EntitySpec, header: _HeaderRow, problems: CellProblems, issues: list[Issue]
) -> SheetData:
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
    for position, column in zip(positions, columns, strict=True):
        values, hashes = column_texts(_cells_at(body, position, shortest), column)
        texts.append(values)
        checked_for_errors.append(hashes)

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
    frame = pd.DataFrame(
        dict(zip([c.key for c in columns], texts, strict=True)),
        index=pd.Index([first_row + i for i in kept], dtype="int64"),
        columns=[c.key for c in columns],
        dtype=object,
    )
    return SheetData(
        spec=spec,
        name=name,
        header_row=header_row,
        headers=headers,
        letters={col.key: get_column_letter(header.columns[col.key] + 1) for col in columns},
        frame=frame,
        extra_headers=_extra_headers(header),
        has_result_columns=any(fold(text) in RESULT_HEADER_KEYS for text in header.texts.values()),
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


def _extra_headers(header: _HeaderRow) -> list[str]:
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
    first_letter, second_letter = get_column_letter(first + 1), get_column_letter(second + 1)
    return Issue(
        sheet=sheet, row=row, column=column, value=None, code="DUPLICATE_HEADER",
        message=t("workbook.issue.duplicate_header", sheet=sheet, row=row, column=column,
                  first=first_letter, second=second_letter),
    )
