"""One import sequence (session.py) that the command line, the preview and scripts all drive; no step changes
another's input behind its back.

The case that drifted: `bulkio import` plans, sees the dossier's analytics off, asks, and plans again with
analytics on. The second plan used to start from the rows as the first plan had left them, its findings added
to them: a row refused by planning carried its refusal twice, and the session's validation held planning's
findings as if the file were wrong."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from bulkio.session import ImportOptions, ImportSession
from tests.conftest import firm_target, read_sheet
from tests.integration.analytics_data import remote_state, write_book
from tests.integration.test_cli_input import run_cli

# An axe the workbook does not declare and dossier 2 does not have: planning refuses its section on the cell.
BOOK = {
    "Axes": [["AX01", "Activité", "ATTENTE"]],
    "Sections": [["AX01", "ATTENTE", "Section d'attente", None, "Non", "Oui"],
                 ["AX01", "LYON", "Lyon", None, "Non", "Non"],
                 ["FANTOME", "S1", "Section d'un axe inconnu", None, "Non", "Non"]],
}
GHOST_ROW = 4  # Excel row of the FANTOME section


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_cli_asks_to_enable_analytics_and_its_second_plan_says_each_refusal_once(
    sandbox: Any, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The accountant answers yes to "enable analytics?" then to "send?": dossier 2 ends with analytics on, the
    axe AX01 and its two sections; the section of the unknown axe is refused with one sentence, said once. (What
    the second plan starts from is checked below, on the session the command drives.)"""
    source = write_book(tmp_path / "analytique.xlsx", BOOK)
    questions: list[str] = []

    def answer_yes(text: str, *args: object, **kwargs: object) -> bool:
        questions.append(text)
        return True

    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("typer.confirm", answer_yes)
    code, _out, err = run_cli(["import", str(source), "--base-url", sandbox.url, "--society-id", "2",
                               "--result", str(tmp_path / "r.xlsx")], capsys)

    assert code == 1, err  # one row refused
    assert len(questions) == 2 and "analytique" in questions[0].lower()
    state = remote_state(sandbox)
    assert state["axe_codes"] == ["AX01"]
    rows = dict(enumerate(read_sheet(tmp_path / "r.xlsx", "Sections"), start=2))  # by Excel row
    ghost = rows[GHOST_ROW]
    assert ghost["Statut"] == "Erreur"
    assert ghost["Message"].count("FANTOME") == 1, ghost["Message"]
    assert [rows[row]["Statut"] for row in (2, 3)] == ["Créé", "Créé"]


def test_planning_twice_leaves_the_validation_as_it_was_and_each_plan_says_its_findings_once(
    sandbox: Any, tmp_path: Path
) -> None:
    source = write_book(tmp_path / "analytique.xlsx", BOOK)
    session = ImportSession(source, firm_target(sandbox, 2), ImportOptions(journal_dir=tmp_path / "j"))
    try:
        validation = session.load()
        as_validated = [list(record.issues) for sheet in validation.sheets for record in sheet.rows]
        first = session.make_plan()
        second = session.make_plan(enable_analytics=True)
    finally:
        session.close()

    assert [list(record.issues) for sheet in validation.sheets for record in sheet.rows] == as_validated
    assert session.validation is validation
    for plan in (first, second):
        ghost = next(row for row in plan.rows if row.sheet == "Sections" and row.excel_row == GHOST_ROW)
        assert ghost.message.count("FANTOME") == 1, ghost.message
        planned = next(sheet for sheet in plan.validation.sheets if sheet.sheet.name == "Sections")
        findings = [issue.code for record in planned.rows if record.excel_row == GHOST_ROW for issue in record.issues]
        assert len(findings) == 1
    assert session.problems is second.validation
    # The first plan blocked every analytics write (analytics off); the second, asked to turn them on, plans them.
    assert not first.writes and second.writes == 3  # the settings change aside: the axe and its two sections
