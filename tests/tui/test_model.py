"""The preview's SheetModel on real workbooks: where problems land, row states, filters, the detail pane, the plan.

Every workbook is a real .xlsx read through `load_and_validate`, so positions, Excel row numbers and headers
are the reader's, not hand-made. The sheet below skips Excel row 4 (an empty row), so that a position and its
Excel row number differ by more than the header, and writes two headers with synonyms (Intitulé, Courriel):
the model must show them as written.

    position  Excel row  account     problem
    0         2          401000001   -
    1         3          401000002   Courriel: BAD_EMAIL
    2         5          601000      -
    3         6          401000004   Fournisseur: BAD_BOOL
    4         7          401000005   Courriel: BAD_EMAIL
    5         8          401000006   -
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkio.i18n import language, set_language
from bulkio.load import load_and_validate
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, Change, Plan, PlannedRow, RunContext
from bulkio.tui.model import RowFilter, RowState, SheetModel, checking_models, issues_by_rule, sheet_models
from bulkio.tui.texts import duration
from bulkio.validate import Validation, validate_workbook
from bulkio.workbook.read import read_workbook
from tests.conftest import write_xlsx

HEADERS = ["N° de compte", "Intitulé", "Courriel", "Fournisseur"]
ROWS = [
    ["401000001", "DUPONT", "compta@dupont.fr", "Oui"],
    ["401000002", "DURAND", "pas-un-email", "Non"],
    [None, None, None, None],
    ["601000", "ACHATS", None, "Non"],
    ["401000004", "MARTIN", None, "Peut-être"],
    ["401000005", "PETIT", "x@", None],
    ["401000006", "ROBERT", None, None],
]
EXCEL_ROWS = [2, 3, 5, 6, 7, 8]
BAD = [1, 3, 4]  # positions of the rows in error


@pytest.fixture
def validation(tmp_path: Path) -> Validation:
    return load_and_validate(write_xlsx(tmp_path / "comptes.xlsx", "Comptes", HEADERS, ROWS))


@pytest.fixture
def model(validation: Validation) -> SheetModel:
    models = sheet_models(validation)
    assert [m.name for m in models] == ["Comptes"]
    return models[0]


def planned(excel_row: int, action: Action, key: str, changes: list[Change] | None = None,
            sheet: str = "Comptes") -> PlannedRow:
    return PlannedRow("comptes", sheet, excel_row, key, action, {}, changes=changes or [])


def the_plan() -> Plan:
    rows = [
        planned(2, Action.UPDATE, "401000001", [Change("label", "Old", "New")]),
        planned(3, Action.BLOCKED, ""),
        planned(5, Action.CREATE, "601000"),
        planned(6, Action.BLOCKED, ""),
        planned(7, Action.BLOCKED, ""),
        planned(8, Action.UNCHANGED, "401000006"),
        planned(2, Action.CREATE, "471000", sheet="Autre feuille"),  # another sheet's row 2: not this model's
        planned(4, Action.CREATE, "999999"),  # no such row in the sheet (the empty one): ignored
    ]
    return Plan(context=RunContext(society_id=2, token_kind="firm"), rows=rows, snapshots={})


# --- validation only ---------------------------------------------------------------------------------


def test_rows_read_but_not_yet_validated_are_checking_then_take_their_states(tmp_path: Path) -> None:
    workbook = read_workbook(write_xlsx(tmp_path / "comptes.xlsx", "Comptes", HEADERS, ROWS))
    [model] = checking_models(workbook)
    assert model.excel_rows == EXCEL_ROWS and model.text(0, "label") == "DUPONT"
    assert {model.state(p) for p in range(model.row_count)} == {RowState.CHECKING}
    assert model.issue_count == 0 and model.problem_positions == []
    model.apply_filter(RowFilter.PROBLEMS)

    model.attach_validation(validate_workbook(workbook).sheets[0])
    assert [p for p in range(model.row_count) if model.state(p) is RowState.INVALID] == BAD
    assert {model.state(p) for p in range(model.row_count) if p not in BAD} == {RowState.VALID}
    assert list(model.visible) == BAD  # the filter chosen while checking now shows the bad rows
    assert model.issue_count == 3


def test_rows_keep_their_excel_numbers_and_headers_as_written(model: SheetModel) -> None:
    assert model.row_count == 6
    assert model.excel_rows == EXCEL_ROWS
    assert [model.position_of(row) for row in EXCEL_ROWS] == list(range(6))
    assert model.position_of(4) is None  # the empty row is not a row of the sheet
    titles = {column.key: column.title for column in model.columns}
    assert titles == {"account_number": "N° de compte", "label": "Intitulé", "email": "Courriel",
                      "provider": "Fournisseur"}
    assert model.text(2, "account_number") == "601000"
    assert model.text(2, "email") == ""  # an empty cell


def test_cell_issues_land_on_their_position_and_column(model: SheetModel) -> None:
    assert set(model.cell_issues) == {(1, "email"), (3, "provider"), (4, "email")}
    assert [i.code for i in model.issues_at(1, "email")] == ["BAD_EMAIL"]
    assert [i.code for i in model.issues_at(3, "provider")] == ["BAD_BOOL"]
    assert [(i.row, i.value) for i in model.issues_at(4, "email")] == [(7, "x@")]
    assert model.issues_at(1, "label") == [] and model.issues_at(0, "email") == []
    assert model.has_problem_cell(1, "email") and not model.has_problem_cell(1, "provider")
    assert [i.code for i in model.row_issues(3)] == ["BAD_BOOL"]
    assert model.issue_count == 3
    assert model.problem_positions == BAD
    assert model.invalid_rows == 3


def test_state_is_invalid_for_a_bad_row_only(model: SheetModel) -> None:
    states = [model.state(pos) for pos in range(model.row_count)]
    assert states == [RowState.VALID, RowState.INVALID, RowState.VALID, RowState.INVALID, RowState.INVALID,
                      RowState.VALID]


def test_problems_filter_shows_exactly_the_bad_rows(model: SheetModel) -> None:
    assert list(model.visible) == list(range(6))
    model.apply_filter(RowFilter.PROBLEMS)
    assert model.filter is RowFilter.PROBLEMS
    assert list(model.visible) == BAD
    model.apply_filter(RowFilter.ALL)
    assert list(model.visible) == list(range(6))


def test_changes_filter_without_a_plan_shows_nothing(model: SheetModel) -> None:
    model.apply_filter(RowFilter.CHANGES)
    assert list(model.visible) == []


def test_describe_a_bad_cell(model: SheetModel, validation: Validation) -> None:
    issue = next(i for i in validation.issues if i.row == 3)
    lines = model.describe(1, "email")
    assert lines[0] == ("title", "Ligne 3 · Courriel : pas-un-email")  # the Excel row, the header as written
    assert ("error", f"BAD_EMAIL — {issue.message}") in lines
    assert "pas-un-email" in issue.message
    assert not any(style == "warning" for style, _ in lines)  # the row has no other problem


def test_describe_after_a_skipped_row_uses_the_excel_row_number(model: SheetModel) -> None:
    lines = model.describe(3, "provider")
    assert lines[0] == ("title", "Ligne 6 · Fournisseur : Peut-être")
    assert lines[1][0] == "error" and lines[1][1].startswith("BAD_BOOL — ")


def test_describe_a_good_cell_of_a_bad_row_points_to_the_other_problem(model: SheetModel) -> None:
    lines = model.describe(1, "label")
    assert lines == [("title", "Ligne 3 · Intitulé : DURAND"),
                     ("warning", "1 autre(s) problème(s) sur cette ligne : Courriel")]


def test_describe_a_valid_empty_cell(model: SheetModel) -> None:
    assert model.describe(2, "email") == [("title", "Ligne 5 · Courriel : (vide)")]


def test_issues_by_rule_largest_group_first(validation: Validation) -> None:
    groups = issues_by_rule(validation)
    # BAD_BOOL sorts first by name: the two BAD_EMAIL must come first by size.
    assert [(g.code, len(g.issues)) for g in groups] == [("BAD_EMAIL", 2), ("BAD_BOOL", 1)]
    assert [i.row for i in groups[0].issues] == [3, 7]


def test_issues_by_rule_ties_by_code(tmp_path: Path) -> None:
    rows = [["401000001", "A", "pas-un-email", "Peut-être"], ["0BAD", "B", None, None]]
    validation = load_and_validate(write_xlsx(tmp_path / "ties.xlsx", "Comptes", HEADERS, rows))
    assert [g.code for g in issues_by_rule(validation)] == ["BAD_BOOL", "BAD_EMAIL", "COMPTE6"]


def test_reader_issues_land_on_their_cell(tmp_path: Path) -> None:
    """A formula with no cached value is the reader's issue (the workbook's), not a validation one."""
    rows = [["401000001", "A", None, "Oui"], ["401000002", "B", None, "=IF(TRUE,\"Oui\",\"Non\")"]]
    validation = load_and_validate(write_xlsx(tmp_path / "formula.xlsx", "Comptes", HEADERS, rows))
    assert [(i.row, i.column) for i in validation.workbook.issues] == [(3, "Fournisseur")]
    model = sheet_models(validation)[0]
    assert set(model.cell_issues) == {(1, "provider")}
    assert model.state(1) is RowState.INVALID and model.state(0) is RowState.VALID
    assert model.issue_count == 1
    model.apply_filter(RowFilter.PROBLEMS)
    assert list(model.visible) == [1]


# --- with a plan ------------------------------------------------------------------------------------


def test_attach_plan_states_changes_and_counts(model: SheetModel) -> None:
    model.attach_plan(the_plan())
    assert [model.state(pos) for pos in range(6)] == [
        RowState.UPDATE, RowState.BLOCKED, RowState.CREATE, RowState.BLOCKED, RowState.BLOCKED, RowState.UNCHANGED]
    assert model.changed_keys(0) == {"label"}
    assert model.changed_keys(2) == frozenset() and model.changed_keys(5) == frozenset()
    assert model.action_counts() == {Action.CREATE: 1, Action.UPDATE: 1, Action.UNCHANGED: 1, Action.SKIP: 0,
                                     Action.BLOCKED: 3}
    assert set(model.cell_issues) == {(1, "email"), (3, "provider"), (4, "email")}  # the issues are kept


def test_describe_an_update_shows_old_and_new(model: SheetModel) -> None:
    model.attach_plan(the_plan())
    lines = model.describe(0, "label")
    assert lines[0] == ("title", "Ligne 2 · Intitulé : DUPONT")
    assert ("plan", "Plan : Mise à jour 401000001") in lines
    assert ("change", "  Intitulé : Old → New") in lines  # the header as written, not the spec's "Libellé"
    assert any("Old → New" in text for _, text in lines)


def test_describe_shows_empty_and_yes_no_values_in_words(model: SheetModel) -> None:
    changes = [Change("provider", False, True), Change("email", None, "a@b.fr"), Change("label", "X", "")]
    plan = Plan(RunContext(2, "firm"), [planned(8, Action.UPDATE, "401000006", changes)], {})
    model.attach_plan(plan)
    changes_shown = [text for style, text in model.describe(5, "label") if style == "change"]
    assert changes_shown == ["  Fournisseur : Non → Oui", "  Courriel : (vide) → a@b.fr", "  Intitulé : X → (vide)"]
    assert model.changed_keys(5) == {"provider", "email", "label"}


def test_changes_filter_shows_only_creates_and_updates(model: SheetModel) -> None:
    model.attach_plan(the_plan())
    model.apply_filter(RowFilter.CHANGES)
    assert list(model.visible) == [0, 2]
    model.apply_filter(RowFilter.PROBLEMS)
    assert list(model.visible) == BAD  # blocked rows, the same as the invalid ones here
    model.apply_filter(RowFilter.ALL)
    assert list(model.visible) == list(range(6))


def test_problems_filter_includes_rows_the_plan_blocked(model: SheetModel) -> None:
    """A valid row blocked by the plan (e.g. analytics off) is a problem too."""
    plan = the_plan()
    plan.rows[5].action = Action.BLOCKED  # Excel row 8, valid in the file
    plan.rows[5].message = "analytique désactivée"
    model.attach_plan(plan)
    model.apply_filter(RowFilter.PROBLEMS)
    assert list(model.visible) == [1, 3, 4, 5]
    assert ("error", "analytique désactivée") in model.describe(5, "label")


def test_a_filter_set_before_the_plan_is_applied_to_it(model: SheetModel) -> None:
    model.apply_filter(RowFilter.CHANGES)
    model.attach_plan(the_plan())
    assert list(model.visible) == [0, 2]


# --- with outcomes ---------------------------------------------------------------------------------


def test_attach_outcome_created_and_failed(model: SheetModel) -> None:
    model.attach_plan(the_plan())
    assert model.attach_outcome(5, RowOutcome(Status.CREATED, remote_id="1234")) == 2
    assert model.attach_outcome(2, RowOutcome(Status.ERROR, "refusé par l'API", error_code="API042")) == 0
    assert model.attach_outcome(4, RowOutcome(Status.CREATED)) is None  # not a row of this sheet
    assert model.state(2) is RowState.CREATED
    assert model.state(0) is RowState.FAILED
    assert model.state(5) is RowState.UNCHANGED  # no outcome: still the plan's word
    model.apply_filter(RowFilter.PROBLEMS)
    assert list(model.visible) == [0, 1, 3, 4]  # the failed row joins the invalid ones
    model.apply_filter(RowFilter.CHANGES)
    assert list(model.visible) == [0, 2]  # what the push wrote, or tried to
    lines = model.describe(0, "label")
    assert ("error", "Erreur · API042") in lines and ("error", "refusé par l'API") in lines
    assert ("done", "Créé · ID 1234") in model.describe(2, "label")


def test_a_blocked_row_stays_blocked_after_the_push(model: SheetModel) -> None:
    """The push settles a blocked row as an error (push.settled_outcome): it was never sent, not "failed"."""
    model.attach_plan(the_plan())
    model.attach_outcome(3, RowOutcome(Status.ERROR, "invalide", "BAD_EMAIL"))
    assert model.state(1) is RowState.BLOCKED
    model.apply_filter(RowFilter.PROBLEMS)
    assert list(model.visible) == BAD


def test_a_new_plan_forgets_the_outcomes(model: SheetModel) -> None:
    model.attach_plan(the_plan())
    model.attach_outcome(2, RowOutcome(Status.ERROR, "refusé"))
    model.attach_plan(the_plan())
    assert model.state(0) is RowState.UPDATE


# --- durations -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("seconds", "expected"), [
    (0, "0 s"), (42, "42 s"), (59.4, "59 s"), (60, "1 min 00 s"), (185, "3 min 05 s"), (3599, "59 min 59 s"),
    (3600, "1 h 00 min"), (7800, "2 h 10 min"), (-3, "0 s"), (None, "?"),
])
def test_duration(seconds: float | None, expected: str) -> None:
    assert language() == "fr"
    assert duration(seconds) == expected


def test_duration_in_english() -> None:
    set_language("en")
    try:
        assert [duration(s) for s in (42, 185, 7800, None)] == ["42 s", "3 min 05 s", "2 h 10 min", "?"]
    finally:
        set_language("fr")


def test_a_row_failing_during_the_push_joins_the_problems_on_screen(model: SheetModel) -> None:
    model.attach_plan(the_plan())
    model.apply_filter(RowFilter.PROBLEMS)
    assert 0 not in model.visible
    model.attach_outcome(2, RowOutcome(Status.ERROR, "refusé", error_code="API042"))
    assert list(model.visible) == [0, 1, 3, 4]  # without re-filtering
    model.attach_outcome(2, RowOutcome(Status.ERROR, "refusé encore", error_code="API042"))
    assert list(model.visible) == [0, 1, 3, 4]  # once only
    assert model.problem_rows() == [0, 1, 3, 4]

