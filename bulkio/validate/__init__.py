"""Validation: the spec's column rules on the text, then kinds, then cross-row rules.

Order matters for speed and for clear messages (design §6): the text rules check the raw text columns first
(required, patterns, lengths: text_rules.py, pandera for a large sheet); each non-empty cell is then parsed to
its kind (the API's rules on a cell: spec/api_rules.py); then the row rules (COMPTE8/9...); then duplicates,
across sheets; last the sheet and workbook rules, over the rows that are not duplicates (a sum counts each record
once).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from bulkio.i18n import t
from bulkio.issues import Issue
from bulkio.spec import WORKBOOK_RULES
from bulkio.spec.model import CLEAR, Column, EntitySpec, Finding, SheetRows
from bulkio.validate import messages as _messages  # noqa: F401  (registers the catalogue)
from bulkio.validate.duplicates import DUPLICATE, flag_duplicates
from bulkio.validate.numbers import Origin, cell_origins
from bulkio.validate.text_rules import text_rule_failures
from bulkio.validate.values import CellError, is_free_text, parse_cell
from bulkio.workbook.read import SheetData, WorkbookData


@dataclass
class RowRecord:
    excel_row: int
    values: dict[str, object]  # typed values of non-empty cells; CLEAR for '(vide)'
    issues: list[Issue] = field(default_factory=list)
    # A row not to import (hidden by a filter, the template's example): why. Never validated nor planned.
    skip: Issue | None = None

    @property
    def valid(self) -> bool:
        return not self.issues and self.skip is None


@dataclass
class SheetValidation:
    sheet: SheetData
    rows: list[RowRecord]

    @property
    def spec(self) -> EntitySpec:
        return self.sheet.spec

    @property
    def issues(self) -> list[Issue]:
        return [issue for row in self.rows for issue in row.issues]


@dataclass
class Validation:
    workbook: WorkbookData
    sheets: list[SheetValidation]

    @property
    def issues(self) -> list[Issue]:
        # One Issue may sit on many rows (a duplicate header blocks them all): each is said once.
        found = list({id(issue): issue for sheet in self.sheets for issue in sheet.issues}.values())
        on_rows = {id(issue) for issue in found}  # the reader's problems of a data row are that row's too
        found += [issue for issue in self.workbook.issues if id(issue) not in on_rows]
        return sorted(found, key=lambda i: (i.sheet, i.row or 0, i.column or ""))

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def notes(self) -> list[Issue]:
        """What the user must hear but is no problem: sheets read by their headers or skipped, rows not imported."""
        skipped = [record.skip for sheet in self.sheets for record in sheet.rows if record.skip is not None]
        return [*self.workbook.notes, *skipped]

    @property
    def sheet_level_issues(self) -> list[Issue]:
        """The reader's problems that are on no data row (a hidden sheet, a duplicate header): no row shows them."""
        on_rows = {id(issue) for sheet in self.sheets for issue in sheet.issues}
        return [issue for issue in self.workbook.issues if id(issue) not in on_rows]


def validate_workbook(workbook: WorkbookData) -> Validation:
    sheets = [_validate_seen_rows(sheet) for sheet in workbook.sheets]
    # Duplicates first (across sheets, on the key as MyUnisoft stores it: duplicates.py), so that the rules over
    # several rows count each record once: a duplicate row would add its rates or shares a second time.
    flag_duplicates(sheets)
    for sheet in sheets:
        _apply_sheet_rules(sheet)
    _apply_workbook_rules(sheets)
    _attach_reader_issues(workbook, sheets)
    return Validation(workbook, sheets)


def _validate_seen_rows(sheet: SheetData) -> SheetValidation:
    """Rows the user cannot see or did not write (reader's `rows_not_imported`) are kept, as skipped records, but
    take no part in validation: their cells are not judged, nor counted in duplicates or sums."""
    if not sheet.not_imported:
        return check_cells(sheet)
    seen = replace(sheet, table=sheet.table.without_rows(sheet.not_imported))
    validated = check_cells(seen)
    skipped = [RowRecord(row, {}, skip=issue) for row, issue in sheet.not_imported.items()]
    rows = sorted([*validated.rows, *skipped], key=lambda record: record.excel_row)
    return SheetValidation(sheet, rows)


def _attach_reader_issues(workbook: WorkbookData, sheets: list[SheetValidation]) -> None:
    """A problem the reader found in a data row (#REF!, a formula never calculated) makes that row invalid:
    its cell reads as empty, and an empty cell would import as "keep the current value".

    A column header written twice makes every row of its sheet invalid: which of the two columns the user
    meant cannot be told, and reading the first one wrote line numbers as account numbers."""
    records = {(sheet.sheet.name, record.excel_row): record for sheet in sheets for record in sheet.rows}
    for issue in workbook.issues:
        if issue.code == "DUPLICATE_HEADER":
            for sheet in sheets:
                if sheet.sheet.name == issue.sheet:
                    for record in sheet.rows:
                        if record.skip is None:
                            record.issues.append(issue)
            continue
        record = records.get((issue.sheet, issue.row)) if issue.row is not None else None
        if record is not None:
            record.issues.append(issue)


def _rows(sheet: SheetValidation) -> SheetRows:
    """The rows a rule over several rows judges, with the values that parsed (a rule skips what it cannot judge: a
    cell already in error): not the rows not imported, nor the duplicates of an earlier row."""
    return [(r.excel_row, r.values) for r in sheet.rows
            if r.skip is None and not (r.issues and any(issue.code == DUPLICATE for issue in r.issues))]


def _add_finding(sheet: SheetValidation, finding: Finding) -> None:
    header = sheet.sheet.headers.get(finding.key) or sheet.spec.column(finding.key).fr
    record = next(r for r in sheet.rows if r.excel_row == finding.row)
    value = record.values.get(finding.key)
    text = "" if value is None or value is CLEAR else str(value)
    message = t(f"rule.{finding.code}", value=text, column=header, **finding.params)
    record.issues.append(Issue(sheet.sheet.name, finding.row, header, text, finding.code, message))


def _apply_sheet_rules(sheet: SheetValidation) -> None:
    for sheet_rule in sheet.spec.sheet_rules:
        for finding in sheet_rule(_rows(sheet)):
            _add_finding(sheet, finding)


def _apply_workbook_rules(sheets: list[SheetValidation]) -> None:
    """Rules across sheets; two sheets of one kind (e.g. accounts split in two) are read as one."""
    rows: dict[str, list[tuple[int, Mapping[str, object]]]] = {}
    for sheet in sheets:
        rows.setdefault(sheet.spec.kind, []).extend(_rows(sheet))
    for rule in WORKBOOK_RULES:
        for kind, finding in rule(rows):
            owner = next(s for s in sheets if s.spec.kind == kind and any(r.excel_row == finding.row for r in s.rows))
            _add_finding(owner, finding)


def check_cells(sheet: SheetData) -> SheetValidation:
    """Each row on its own: its cells (the text rules, then each kind) and the spec's row rules."""
    spec, table = sheet.spec, sheet.table
    in_order = [RowRecord(row, {}) for row in table.rows]
    records = {record.excel_row: record for record in in_order}

    def add(row: int, key: str, value: object, code: str, **params: object) -> None:
        header = sheet.headers.get(key) or spec.column(key).fr
        text = "" if value is None else str(value)
        message = t(f"rule.{code}", value=text, column=header, **params)
        records[row].issues.append(Issue(sheet.name, int(row), header, text, code, message))

    for row, key, value, code in text_rule_failures(spec, table):
        add(row, key, value, code)
    failed_cells = {(r.excel_row, i.column) for r in in_order for i in r.issues}
    position_of = {record.excel_row: position for position, record in enumerate(in_order)} if failed_cells else {}

    typed_columns: dict[str, list[object]] = {}
    for column in spec.columns:
        if not table.has_column(column.key):
            continue
        header = sheet.headers[column.key]
        texts = table.column(column.key)
        failed = [position_of[row] for row, failed_header in failed_cells if failed_header == header]
        if failed:
            texts = list(texts)
            for position in failed:
                texts[position] = None  # already reported: not parsed again
        numbers = sheet.number_cells.get(column.key)
        origins = cell_origins(table.rows, numbers, sheet.percent_cells.get(column.key, ())) \
            if numbers else None
        typed, errors = _parse_column(column, texts, origins)
        for position, error in errors:
            add(in_order[position].excel_row, column.key, texts[position], error.code.split(".", 1)[1].upper(),
                **error.params)
        typed_columns[column.key] = typed

    keys = list(typed_columns)
    if keys:
        for record, row_values in zip(in_order, zip(*typed_columns.values(), strict=True), strict=True):
            record.values = {key: value for key, value in zip(keys, row_values, strict=True) if value is not None}

    for record in in_order:
        for rule in spec.row_rules:
            found = rule(record.values)
            if found:
                key, code = found
                add(record.excel_row, key, record.values.get(key), code)

    return SheetValidation(sheet, in_order)


def _parse_column(
    column: Column, texts: list[str | None], origins: list[Origin] | None = None
) -> tuple[list[object], list[tuple[int, CellError]]]:
    """Each cell's typed value (None when empty or wrong) and the errors by position.

    Parsing is pure, so each distinct text is parsed once: columns repeat the same few values. Free text
    is its own value, so only its '(vide)' markers are looked at. `origins` (numbers and account numbers
    only): what each cell was in the file, since a typed 10.125 and the text "10.125" read differently.
    """
    if origins is not None:
        cells = list(zip(texts, origins, strict=True))
        by_cell: dict[tuple[str | None, Origin], object] = {}
        for text, origin in set(cells):
            try:
                by_cell[text, origin] = None if text is None else parse_cell(column, text, origin)
            except CellError as err:
                by_cell[text, origin] = err
        return _errors_apart(list(map(by_cell.__getitem__, cells)))
    free_text = is_free_text(column)
    # Free text without a '(vide)' marker is its own value: one scan in C rather than a set of 100k texts.
    if free_text and "(" not in "\0".join(filter(None, texts)):
        return texts, []  # type: ignore[return-value]
    distinct = set(texts)
    distinct.discard(None)
    if free_text:
        distinct = {text for text in distinct if "(" in text}  # type: ignore[operator]
        if not distinct:
            return texts, []  # type: ignore[return-value]
    parsed: dict[str | None, object] = {None: None}
    failed = False
    for text in distinct:
        try:
            parsed[text] = parse_cell(column, text)  # type: ignore[arg-type]
        except CellError as err:
            parsed[text], failed = err, True
    if free_text:
        typed: list[object] = [parsed.get(text, text) for text in texts]
    else:
        typed = list(map(parsed.__getitem__, texts))
    if not failed:
        return typed, []
    return _errors_apart(typed)


def _errors_apart(typed: list[object]) -> tuple[list[object], list[tuple[int, CellError]]]:
    """The CellErrors of a parsed column by position, each replaced by None."""
    errors: list[tuple[int, CellError]] = []
    for position, value in enumerate(typed):
        if isinstance(value, CellError):
            errors.append((position, value))
            typed[position] = None
    return typed, errors
