"""Resuming a run of several dossiers: what was done before the stop keeps its outcome, nothing is sent twice."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bulkio.api.client import CertificateError
from bulkio.entities import HANDLERS
from bulkio.outcome import Status
from bulkio.push import Progress
from bulkio.session import run_import
from tests.conftest import firm_target, read_sheet, write_xlsx

HEADERS = ["Dossier", "N° de compte", "Libellé"]


def _book(tmp_path: Path, per_dossier: int = 3) -> Path:
    return write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", HEADERS, [
        [dossier, f"401D{dossier}N{i}", f"Fournisseur {dossier}-{i}"] for dossier in ("5", "6")
        for i in range(per_dossier)
    ])


def _statuses(path: Path) -> dict[str, str]:
    return {row["N° de compte"]: row["Statut"] for row in read_sheet(path, "Comptes")}


def _created_by_dossier(path: Path) -> dict[str, int]:
    rows = [[cell.value for cell in row] for row in openpyxl.load_workbook(path)["Résumé"].iter_rows()]
    header = next(row for row in rows if row[0] == "Dossier")
    created = header.index("Créé")
    return {row[0]: row[created] for row in rows if isinstance(row[0], str) and row[0][:1] in "56"}


def test_a_dossier_done_before_the_interruption_keeps_its_outcomes_when_the_run_resumes(
    sandbox: Any, tmp_path: Path
) -> None:
    book = _book(tmp_path)
    target = firm_target(sandbox, None)
    writes = sandbox.stats()["writes"]

    def stop_in_the_second_dossier(progress: Progress) -> None:
        if progress.dossier.startswith("6 "):  # dossier 5 is complete, dossier 6 has one row written
            raise KeyboardInterrupt

    _v, first = run_import(book, target, tmp_path / "r1.xlsx", journal_dir=tmp_path / "j",
                           on_progress=stop_in_the_second_dossier)
    assert first.interrupted
    assert [o.status for o in first.outcomes.values()] == [Status.CREATED] * 4 + [Status.NOT_SENT] * 2

    _v, second = run_import(book, target, tmp_path / "r2.xlsx", journal_dir=tmp_path / "j")
    assert not second.interrupted
    assert set(_statuses(tmp_path / "r2.xlsx").values()) == {"Créé"}  # dossier 5's rows too, not "Inchangé"
    assert _created_by_dossier(tmp_path / "r2.xlsx") == {"5 CAVE DES COTEAUX SARL": 3, "6 GARAGE DU CENTRE SNC": 3}
    assert sandbox.stats()["writes"] - writes == 6  # one write per row: nothing sent twice

    # Every dossier is complete now: the next run with this input is a new run, with nothing left to do.
    _v, third = run_import(book, target, tmp_path / "r3.xlsx", journal_dir=tmp_path / "j")
    assert {o.status for o in third.outcomes.values()} == {Status.UNCHANGED}
    assert sandbox.stats()["writes"] - writes == 6


def test_a_dossier_that_fails_mid_push_reports_the_rows_it_wrote(
    sandbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _book(tmp_path, per_dossier=4)
    target = firm_target(sandbox, None)
    writes = sandbox.stats()["writes"]
    handler = HANDLERS["comptes"]
    calls: list[int] = []

    def certificate_changes_on_the_third_row(row: Any, client: Any, snapshot: Any, log: Any) -> Any:
        calls.append(row.excel_row)
        if len(calls) == 3:
            raise CertificateError("le certificat du serveur ne peut pas être vérifié")
        return handler.execute(row, client, snapshot, log)

    monkeypatch.setitem(HANDLERS, "comptes", dataclasses.replace(handler, execute=certificate_changes_on_the_third_row))
    _v, run = run_import(book, target, tmp_path / "r1.xlsx", journal_dir=tmp_path / "j")
    assert list(run.failures) == [5] and "certificat" in run.failures[5]
    statuses = {row: outcome.status for (_sheet, row), outcome in run.outcomes.items()}
    assert statuses == {2: Status.CREATED, 3: Status.CREATED, 4: Status.NOT_SENT, 5: Status.NOT_SENT,
                        6: Status.CREATED, 7: Status.CREATED, 8: Status.CREATED, 9: Status.CREATED}
    assert "certificat" in run.outcomes[("Comptes", 4)].message
    assert list(_statuses(tmp_path / "r1.xlsx").values()) == ["Créé"] * 2 + ["Non envoyé"] * 2 + ["Créé"] * 4
    assert sandbox.stats()["writes"] - writes == 6

    # Once the certificate is fixed, the same command finishes dossier 5 without sending a row twice.
    monkeypatch.setitem(HANDLERS, "comptes", handler)
    _v, again = run_import(book, target, tmp_path / "r2.xlsx", journal_dir=tmp_path / "j")
    assert not again.failures and {o.status for o in again.outcomes.values()} == {Status.CREATED}
    assert sandbox.stats()["writes"] - writes == 8
