"""Each resume state of push.py, reached on purpose: the journal is written as a stopped run leaves it, the
dossier holds what that run's requests landed, then the same import runs again against the sandbox.

    DONE             the journal's outcome is reported as it was; nothing is sent
    SENT_LANDED      nothing is sent; reported as what was sent ("Créé" / "Mis à jour"), "repris", marked done
    SENT_NOT_LANDED  what is missing is sent once; a create whose update was left is reported "Créé", "repris"
    NOT_SENT         planned afresh: sent once if it has writes, else the plan's outcome

`writes_by_resource` (one entry per account written, by the sandbox) proves how often each account was written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bulkio.config import Target
from bulkio.journal import Journal
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, PlannedRow
from bulkio.push import ResumeState, resume_state
from bulkio.session import run_import
from tests.conftest import firm_target, read_sheet, write_xlsx

HEADERS = ["N° de compte", "Libellé"]
SHEET = "Comptes"
RESUMED = "repris d'une exécution précédente"


class Dossier:
    """Dossier 2 of the sandbox, and what this test wrote to it (an account's resource: `account:2:<number>`)."""

    def __init__(self, sandbox: Any, tmp_path: Path) -> None:
        self.sandbox, self.tmp_path = sandbox, tmp_path
        self.target: Target = firm_target(sandbox, 2)
        self._landings = 0

    def writes(self) -> dict[str, int]:
        return {key.removeprefix("account:2:"): count
                for key, count in self.sandbox.stats()["writes_by_resource"].items() if key.startswith("account:2:")}

    def land(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> dict[str, str]:
        """What a stopped run's requests left in the dossier (sent by an import of its own, with its own journal):
        the account ids by number."""
        self._landings += 1
        book = write_xlsx(self.tmp_path / f"landed{self._landings}.xlsx", SHEET, headers, rows)
        _v, runs = run_import(book, self.target, self.tmp_path / f"landed{self._landings}-result.xlsx",
                              journal_dir=self.tmp_path / f"landed{self._landings}-journal")
        assert {o.status for o in runs.outcomes.values()} <= {Status.CREATED, Status.UPDATED, Status.UNCHANGED}
        return {str(row[0]): outcome.remote_id for row, outcome in zip(rows, runs.outcomes.values(), strict=True)}


def _stopped_run_journal(dossier: Dossier, source: Path) -> Journal:
    """The journal a run of `source` opened before it stopped (the path the next run will find)."""
    return Journal.for_run(source, dossier.target.journal_key, dossier.tmp_path / "journal")


def _resume(dossier: Dossier, source: Path) -> tuple[dict[int, RowOutcome], list[dict[str, Any]]]:
    """The same import again: each row's outcome (by Excel row), and the result workbook's rows."""
    _v, runs = run_import(source, dossier.target, dossier.tmp_path / "result.xlsx",
                          journal_dir=dossier.tmp_path / "journal")
    assert not runs.failures and not runs.interrupted
    outcomes = {row: outcome for (sheet, row), outcome in sorted(runs.outcomes.items()) if sheet == SHEET}
    return outcomes, read_sheet(dossier.tmp_path / "result.xlsx", SHEET)


def _reported(rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(str(r["N° de compte"]), str(r["Statut"]), str(r["Message"] or "")) for r in rows]


def _new_writes(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {key: after[key] - before.get(key, 0) for key in after if after[key] != before.get(key, 0)}


def test_the_state_is_decided_from_the_journal_entry_and_the_fresh_plan() -> None:
    from bulkio.journal import JournalEntry

    def row(action: Action) -> PlannedRow:
        return PlannedRow("comptes", SHEET, 2, "401X", action, {})

    done = JournalEntry("create", "done", RowOutcome(Status.CREATED))
    sent = JournalEntry("create", "sent", None)
    assert resume_state(None, row(Action.CREATE)) is ResumeState.NOT_SENT
    assert resume_state(done, row(Action.CREATE)) is ResumeState.DONE
    assert resume_state(done, row(Action.UNCHANGED)) is ResumeState.DONE
    assert resume_state(sent, row(Action.UNCHANGED)) is ResumeState.SENT_LANDED
    assert resume_state(sent, row(Action.CREATE)) is ResumeState.SENT_NOT_LANDED
    assert resume_state(sent, row(Action.UPDATE)) is ResumeState.SENT_NOT_LANDED


def test_done_rows_keep_the_journal_s_outcome_and_are_not_sent_again(sandbox: Any, tmp_path: Path) -> None:
    """The stopped run created 401DONE1 and had 401DONE2 refused: both are done in its journal. The dossier has
    401DONE1 as the workbook says (a fresh plan would call it "Inchangé") and no 401DONE2 (a fresh plan would
    create it): the journal wins, nothing is sent, each row says what the first run said."""
    dossier = Dossier(sandbox, tmp_path)
    rows = [["401DONE1", "FOURNISSEUR FAIT"], ["401DONE2", "FOURNISSEUR REFUSE"]]
    source = write_xlsx(tmp_path / "in.xlsx", SHEET, HEADERS, rows)
    ids = dossier.land(HEADERS, rows[:1])
    created = RowOutcome(Status.CREATED, remote_id=ids["401DONE1"], request_id="req-first-run")
    refused = RowOutcome(Status.ERROR, "refusé par l'API lors du premier passage", "ERR-FIRST-RUN")
    journal = _stopped_run_journal(dossier, source)
    for excel_row, outcome in ((2, created), (3, refused)):
        journal.mark_sent(SHEET, excel_row, Action.CREATE.value)
        journal.mark_done(SHEET, excel_row, Action.CREATE.value, outcome)
    journal.close()
    before = dossier.writes()

    outcomes, result = _resume(dossier, source)

    assert outcomes == {2: created, 3: refused}
    assert _reported(result) == [("401DONE1", "Créé", ""), ("401DONE2", "Erreur", refused.message)]
    assert _new_writes(before, dossier.writes()) == {}


def test_sent_rows_whose_write_landed_are_reported_as_sent_without_sending_again(
    sandbox: Any, tmp_path: Path
) -> None:
    """The stopped run sent the create of 401LANDED1 and the update of 401LANDED2 and stopped before the answers;
    both landed. Nothing is sent again; the create is "Créé" (not "Mis à jour", not "Inchangé"), the update
    "Mis à jour", both "repris", and both are done in the journal."""
    dossier = Dossier(sandbox, tmp_path)
    rows = [["401LANDED1", "FOURNISSEUR CREE"], ["401LANDED2", "NOUVEAU LIBELLE"]]
    source = write_xlsx(tmp_path / "in.xlsx", SHEET, HEADERS, rows)
    ids = dossier.land(HEADERS, [rows[0], ["401LANDED2", "ANCIEN LIBELLE"]])  # before the stopped run
    dossier.land(HEADERS, rows[1:])  # the stopped run's update, landed
    journal = _stopped_run_journal(dossier, source)
    journal.mark_sent(SHEET, 2, Action.CREATE.value)
    journal.mark_sent(SHEET, 3, Action.UPDATE.value)
    journal_path = journal.path
    journal.close()
    before = dossier.writes()

    outcomes, result = _resume(dossier, source)

    assert outcomes == {2: RowOutcome(Status.CREATED, RESUMED, remote_id=ids["401LANDED1"]),
                        3: RowOutcome(Status.UPDATED, RESUMED, remote_id=ids["401LANDED2"])}
    assert _reported(result) == [("401LANDED1", "Créé", RESUMED), ("401LANDED2", "Mis à jour", RESUMED)]
    assert _new_writes(before, dossier.writes()) == {}
    entries = Journal(journal_path).entries()
    assert {row: entries[(SHEET, row)].outcome for row in (2, 3)} == outcomes


def test_sent_rows_whose_write_did_not_land_are_sent_exactly_once_more(sandbox: Any, tmp_path: Path) -> None:
    """The stopped run sent three writes without getting the answers: the create of 401LOST1 and the update of
    401LOST2 did not land; 401HALF1's create landed but not the update after it (Analytique, which only PUT
    sets). Each account is written once: 401LOST1 created, 401LOST2 updated, 401HALF1 only updated, and
    reported "Créé" (repris), since the run that created it never said so."""
    dossier = Dossier(sandbox, tmp_path)
    headers = [*HEADERS, "Analytique"]
    rows = [["401LOST1", "FOURNISSEUR PERDU", None], ["401LOST2", "NOUVEAU LIBELLE", None],
            ["401HALF1", "FOURNISSEUR A MOITIE", "Oui"]]
    source = write_xlsx(tmp_path / "in.xlsx", SHEET, headers, rows)
    ids = dossier.land(HEADERS, [["401LOST2", "ANCIEN LIBELLE"], ["401HALF1", "FOURNISSEUR A MOITIE"]])
    journal = _stopped_run_journal(dossier, source)
    for excel_row, action in ((2, Action.CREATE), (3, Action.UPDATE), (4, Action.CREATE)):
        journal.mark_sent(SHEET, excel_row, action.value)
    journal.close()
    before = dossier.writes()

    outcomes, result = _resume(dossier, source)

    assert _new_writes(before, dossier.writes()) == {"401LOST1": 1, "401LOST2": 1, "401HALF1": 1}
    assert [(o.status, o.message) for o in outcomes.values()] == [
        (Status.CREATED, ""), (Status.UPDATED, "label: ANCIEN LIBELLE → NOUVEAU LIBELLE"), (Status.CREATED, RESUMED)]
    assert (outcomes[3].remote_id, outcomes[4].remote_id) == (ids["401LOST2"], ids["401HALF1"])
    assert [(number, status) for number, status, _message in _reported(result)] == [
        ("401LOST1", "Créé"), ("401LOST2", "Mis à jour"), ("401HALF1", "Créé")]


def test_rows_not_in_the_journal_are_planned_afresh(sandbox: Any, tmp_path: Path) -> None:
    """The stopped run got as far as 401SENT1 (done); 401NEW1 and 401SAME1 it never sent. 401NEW1 is created
    once; 401SAME1, already in the dossier as the workbook says, is "Inchangé", with no write."""
    dossier = Dossier(sandbox, tmp_path)
    rows = [["401SENT1", "FOURNISSEUR ENVOYE"], ["401NEW1", "FOURNISSEUR NOUVEAU"], ["401SAME1", "FOURNISSEUR SAME"]]
    source = write_xlsx(tmp_path / "in.xlsx", SHEET, HEADERS, rows)
    ids = dossier.land(HEADERS, [rows[0], rows[2]])
    journal = _stopped_run_journal(dossier, source)
    journal.mark_sent(SHEET, 2, Action.CREATE.value)
    journal.mark_done(SHEET, 2, Action.CREATE.value, RowOutcome(Status.CREATED, remote_id=ids["401SENT1"]))
    journal.close()
    before = dossier.writes()

    outcomes, result = _resume(dossier, source)

    assert _new_writes(before, dossier.writes()) == {"401NEW1": 1}
    assert [(o.status, o.message) for o in outcomes.values()] == [
        (Status.CREATED, ""), (Status.CREATED, ""), (Status.UNCHANGED, "")]
    assert outcomes[4].remote_id == ids["401SAME1"]
    assert [status for _number, status, _message in _reported(result)] == ["Créé", "Créé", "Inchangé"]


def test_a_journal_of_the_previous_version_with_its_step_table_resumes(sandbox: Any, tmp_path: Path) -> None:
    """A journal written before the `step` table was dropped (it recorded each request that landed, and nothing
    read it) resumes as any other: the landed create is "Créé", repris, not sent again; the table is gone."""
    dossier = Dossier(sandbox, tmp_path)
    rows = [["401OLD1", "FOURNISSEUR ANCIEN"]]
    source = write_xlsx(tmp_path / "in.xlsx", SHEET, HEADERS, rows)
    ids = dossier.land(HEADERS, rows)
    journal = _stopped_run_journal(dossier, source)
    journal.mark_sent(SHEET, 2, Action.CREATE.value)
    journal_path = journal.path
    journal.close()
    with sqlite3.connect(journal_path) as old:
        old.execute("CREATE TABLE step (sheet TEXT NOT NULL, excel_row INTEGER NOT NULL, step TEXT NOT NULL, "
                    "remote_id TEXT, at TEXT NOT NULL)")
        old.execute("INSERT INTO step VALUES (?, 2, 'create', ?, '2026-11-30T10:00:00+00:00')", (SHEET, ids["401OLD1"]))
    old.close()
    before = dossier.writes()

    outcomes, _result = _resume(dossier, source)

    assert outcomes == {2: RowOutcome(Status.CREATED, RESUMED, remote_id=ids["401OLD1"])}
    assert _new_writes(before, dossier.writes()) == {}
    with sqlite3.connect(journal_path) as reopened:
        tables = {name for (name,) in reopened.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    reopened.close()
    assert tables == {"run", "entry"}
