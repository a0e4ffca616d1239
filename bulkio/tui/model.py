"""What the preview shows of one sheet, as plain data: no textual here, so it is fast to test and to page.

A SheetModel never copies the sheet into widgets: the grid asks it for the few rows on screen. Positions are
0-based indexes into the sheet's rows (the order of the file); the Excel row number is what people see.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bulkio.i18n import t
from bulkio.issues import Issue
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, Plan, PlannedRow
from bulkio.spec.model import CLEAR
from bulkio.tui import texts as _texts  # noqa: F401  (registers the messages)
from bulkio.validate import SheetValidation, Validation
from bulkio.workbook.read import SheetData, WorkbookData

if TYPE_CHECKING:
    from bulkio.multi import ImportPlan

# Columns are as wide as their header and the first rows need, within these bounds.
MIN_WIDTH, MAX_WIDTH, SAMPLE_ROWS = 4, 28, 200
ROW_NUMBER_WIDTH, STATE_WIDTH = 6, 12


class RowFilter(StrEnum):
    ALL = "all"
    PROBLEMS = "problems"  # invalid, blocked or failed rows
    CHANGES = "changes"  # rows the push writes (or wrote)


@dataclass(frozen=True)
class GridColumn:
    key: str
    title: str  # the header as written in the file
    width: int


class RowState(StrEnum):
    """One word per row for the state column and its colour."""

    CHECKING = "checking"  # read, validation still running
    VALID = "valid"
    INVALID = "invalid"
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"
    BLOCKED = "blocked"
    CREATED = "created"
    UPDATED = "updated"
    FAILED = "failed"
    NOT_SENT = "not_sent"


_STATE_OF_ACTION = {
    Action.CREATE: RowState.CREATE, Action.UPDATE: RowState.UPDATE, Action.UNCHANGED: RowState.UNCHANGED,
    Action.SKIP: RowState.SKIP, Action.BLOCKED: RowState.BLOCKED,
}
_STATE_OF_STATUS = {
    Status.CREATED: RowState.CREATED, Status.UPDATED: RowState.UPDATED, Status.UNCHANGED: RowState.UNCHANGED,
    Status.SKIPPED: RowState.SKIP, Status.ERROR: RowState.FAILED, Status.NOT_SENT: RowState.NOT_SENT,
}


def state_label(state: RowState) -> str:
    return t(f"tui.state.{state.value}")


class SheetModel:
    def __init__(self, sheet: SheetValidation, workbook_issues: Sequence[Issue] = (), validated: bool = True) -> None:
        self.sheet = sheet
        self.validated = validated
        self.name = sheet.sheet.name
        self.spec = sheet.spec
        table = sheet.sheet.table
        self.excel_rows: list[int] = list(table.rows)
        self._position_of_row = {row: pos for pos, row in enumerate(self.excel_rows)}
        self._table = table
        self._key_of_header = {header: key for key, header in sheet.sheet.headers.items()}
        self.columns = [GridColumn(key, header, self._width(key, header))
                        for key, header in sheet.sheet.headers.items()]
        # Problems the reader found (formula errors...) belong to the sheet but not to a validated row.
        self.sheet_issues = [i for i in workbook_issues if i.sheet == self.name]
        self.planned: dict[int, PlannedRow] = {}
        self.outcomes: dict[int, RowOutcome] = {}
        self.filter = RowFilter.ALL
        self._visible: Sequence[int] = range(len(self.excel_rows))
        self.reindex_issues()

    @classmethod
    def checking(cls, data: SheetData, workbook_issues: Sequence[Issue] = ()) -> SheetModel:
        """The rows as read, shown while validation runs: a big sheet is on screen sooner."""
        return cls(SheetValidation(data, []), workbook_issues, validated=False)

    # --- building ----------------------------------------------------------------------------------

    def _width(self, key: str, header: str) -> int:
        sample = self._table.column(key)[:SAMPLE_ROWS]
        longest = max((len(text) for text in sample if text), default=0)
        return max(MIN_WIDTH, min(MAX_WIDTH, max(len(header), longest)))

    def column_texts(self, key: str) -> list[str | None]:
        return self._table.column(key)

    def reindex_issues(self) -> None:
        """Where the problems are, by position and column key (after validation, and again after planning)."""
        self.cell_issues: dict[tuple[int, str | None], list[Issue]] = {}
        self.issue_count = 0
        records = self.sheet.rows
        on_rows = set()
        # Rows not to import (hidden, the example): shown as skipped, with why, from validation on.
        self.skipped = {pos: record.skip for pos, record in enumerate(records) if record.skip is not None}
        for pos, record in enumerate(records):
            for issue in record.issues:
                self._add_issue(pos, issue)
                on_rows.add(id(issue))
        for issue in (i for i in self.sheet_issues if id(i) not in on_rows):
            pos = self._position_of_row.get(issue.row) if issue.row is not None else None
            if pos is not None:
                self._add_issue(pos, issue)
            else:
                self.issue_count += 1
        self._problem_set = {pos for pos, _ in self.cell_issues}
        self.problem_positions = sorted(self._problem_set)
        self.apply_filter(self.filter)

    def _add_issue(self, pos: int, issue: Issue) -> None:
        key = self._key_of_header.get(issue.column or "")
        self.cell_issues.setdefault((pos, key), []).append(issue)
        self.issue_count += 1

    def attach_validation(self, sheet: SheetValidation) -> None:
        assert sheet.sheet is self.sheet.sheet, "the validation of another read"
        self.sheet = sheet
        self.validated = True
        self.reindex_issues()

    def attach_plan(self, plan: Plan | ImportPlan) -> None:
        """`plan`: an import plan, whose rows as planned carry planning's findings (an unknown reference) on a
        copy of the validated rows (plan.planning_view); a Plan of one dossier alone keeps this model's rows."""
        if not isinstance(plan, Plan):
            self.sheet = next((sheet for sheet in plan.validation.sheets if sheet.sheet is self.sheet.sheet),
                              self.sheet)
        self.planned = {pos: row for row in plan.rows if row.sheet == self.name
                        and (pos := self._position_of_row.get(row.excel_row)) is not None}
        self.outcomes = {}
        self.reindex_issues()  # planning may have found unknown references: issues on their cells

    def attach_outcome(self, excel_row: int, outcome: RowOutcome) -> int | None:
        pos = self._position_of_row.get(excel_row)
        if pos is not None:
            self.outcomes[pos] = outcome
            visible = self._visible
            if self.filter is RowFilter.PROBLEMS and outcome.status is Status.ERROR and isinstance(visible, list):
                i = bisect_left(visible, pos)
                if i == len(visible) or visible[i] != pos:
                    visible.insert(i, pos)  # a row that fails during the push joins the problems on screen
        return pos

    # --- reading -----------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.excel_rows)

    def text(self, pos: int, key: str) -> str:
        value = self.column_texts(key)[pos]
        return "" if value is None else value

    def position_of(self, excel_row: int) -> int | None:
        return self._position_of_row.get(excel_row)

    def key_of_header(self, header: str | None) -> str | None:
        return self._key_of_header.get(header or "")

    def issues_at(self, pos: int, key: str | None) -> list[Issue]:
        return self.cell_issues.get((pos, key), [])

    def row_issues(self, pos: int) -> list[Issue]:
        found = list(self.cell_issues.get((pos, None), []))
        for column in self.columns:
            found.extend(self.cell_issues.get((pos, column.key), []))
        return found

    def has_problem_cell(self, pos: int, key: str) -> bool:
        return (pos, key) in self.cell_issues

    def changed_keys(self, pos: int) -> frozenset[str]:
        row = self.planned.get(pos)
        return frozenset(change.key for change in row.changes) if row else frozenset()

    def state(self, pos: int) -> RowState:
        outcome = self.outcomes.get(pos)
        row = self.planned.get(pos)
        if outcome is not None and not (row is not None and row.action is Action.BLOCKED):
            return _STATE_OF_STATUS[outcome.status]  # a blocked row stays "blocked": it was never sent
        if row is not None:
            return _STATE_OF_ACTION[row.action]
        if pos in self._problem_set:
            return RowState.INVALID
        if pos in self.skipped:
            return RowState.SKIP
        return RowState.VALID if self.validated else RowState.CHECKING

    def action_counts(self) -> dict[Action, int]:
        counts = dict.fromkeys(Action, 0)
        for row in self.planned.values():
            counts[row.action] += 1
        return counts

    @property
    def invalid_rows(self) -> int:
        return len(self.problem_positions)

    # --- filtering ---------------------------------------------------------------------------------

    def apply_filter(self, wanted: RowFilter) -> None:
        self.filter = wanted
        if wanted is RowFilter.ALL:
            self._visible = range(self.row_count)
        elif wanted is RowFilter.PROBLEMS:
            self._visible = self.problem_rows()
        else:
            self._visible = sorted(pos for pos, row in self.planned.items() if row.writes)

    def problem_rows(self) -> list[int]:
        """Positions of rows with a problem: invalid, blocked by the plan, or failed during the push."""
        blocked = {pos for pos, row in self.planned.items() if row.action is Action.BLOCKED}
        failed = {pos for pos, outcome in self.outcomes.items() if outcome.status is Status.ERROR}
        return sorted(self._problem_set | blocked | failed)

    @property
    def visible(self) -> Sequence[int]:
        return self._visible

    # --- what the detail pane says ----------------------------------------------------------------

    def describe(self, pos: int, key: str | None) -> list[tuple[str, str]]:
        """Lines for the detail pane as (style name, text): the cell, its problems, the plan, the outcome."""
        lines: list[tuple[str, str]] = []
        excel_row = self.excel_rows[pos]
        column = next((c for c in self.columns if c.key == key), None)
        if column is not None:
            value = self.text(pos, column.key)
            lines.append(("title", t("tui.detail.cell", row=excel_row, column=column.title,
                                     value=value or t("tui.detail.empty"))))
        here = self.issues_at(pos, key) + (self.issues_at(pos, None) if key is not None else [])
        for issue in here:
            lines.append(("error", f"{issue.code} — {issue.message}"))
        others = [i for i in self.row_issues(pos) if i not in here]
        if others:
            columns = ", ".join(dict.fromkeys(i.column or "" for i in others))
            lines.append(("warning", t("tui.detail.other_issues", count=len(others), columns=columns)))
        planned = self.planned.get(pos)
        skipped = self.skipped.get(pos)
        if skipped is not None and planned is None:
            lines.append(("plan", f"{skipped.code} — {skipped.message}"))
        if planned is not None:
            lines.append(("plan", t("tui.detail.action", action=planned.action.label(),
                                    name=planned.natural_key or "")))
            for change in planned.changes:
                title = next((c.title for c in self.columns if c.key == change.key), change.key)
                lines.append(("change", f"  {title} : {_shown(change.old)} → {_shown(change.new)}"))
            if planned.message and not (planned.action is Action.BLOCKED and self.row_issues(pos)):
                lines.append(("error" if planned.action is Action.BLOCKED else "plan", planned.message))
        outcome = self.outcomes.get(pos)
        if outcome is not None:
            text = outcome.status.label()
            if outcome.remote_id:
                text += f" · ID {outcome.remote_id}"
            if outcome.error_code:
                text += f" · {outcome.error_code}"
            lines.append(("error" if outcome.status is Status.ERROR else "done", text))
            if outcome.message:
                lines.append(("error" if outcome.status is Status.ERROR else "done", outcome.message))
        return lines


def _shown(value: object) -> str:
    if value is None or value is CLEAR or value == "":
        return t("tui.detail.empty")
    if isinstance(value, bool):
        return t("bool.yes" if value else "bool.no")
    return str(value)


def sheet_models(validation: Validation) -> list[SheetModel]:
    return [SheetModel(sheet, validation.workbook.issues) for sheet in validation.sheets]


def checking_models(workbook: WorkbookData) -> list[SheetModel]:
    """One model per sheet read, before validation: attach_validation() completes each."""
    return [SheetModel.checking(sheet, workbook.issues) for sheet in workbook.sheets]


@dataclass(frozen=True)
class IssueGroup:
    code: str
    issues: list[Issue]


def issues_by_rule(validation: Validation) -> list[IssueGroup]:
    """Every problem, grouped by its rule (error code), the largest group first; then the notes (sheets not
    read, rows not imported), grouped the same way."""
    found: list[IssueGroup] = []
    for issues in (validation.issues, validation.notes):
        groups: dict[str, list[Issue]] = {}
        for issue in issues:
            groups.setdefault(issue.code, []).append(issue)
        ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        found += [IssueGroup(code, group) for code, group in ordered]
    return found
