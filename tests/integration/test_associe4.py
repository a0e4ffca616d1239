"""ASSOCIE4 on both sides: a legal-entity associate whose company has no share of its own.

The rule lives in spec/api_rules.py (`holder_shares_problem`); the sandbox answers it (400, error-codes.csv) and
the plan blocks the row before any request, with a real .xlsx through a real import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bulkio.errors import ApiError
from bulkio.outcome import Status
from bulkio.pipeline import connect
from bulkio.session import run_import
from bulkio.spec.api_rules import holder_shares_problem
from tests.conftest import firm_target, read_sheet
from tests.integration.associates_data import pm, write_book


def test_the_rule_is_shared() -> None:
    assert holder_shares_problem(0) == "ASSOCIE4"
    assert holder_shares_problem(1) is None
    assert holder_shares_problem(None) is None  # not readable (a society token): left to the API


def test_a_company_without_shares_is_blocked_before_sending_then_linked_once_it_has_some(
    sandbox: Any, tmp_path: Path
) -> None:
    # Dossier 4 has a capital; DOSSIER VIDE SAS (dossier 2) has none: it cannot hold shares.
    source = write_book(tmp_path / "pm.xlsx", {"Associés PM": [
        pm("DOSSIER VIDE SAS", "Gérant", "2024-01-01", None, (10, 0, 0), "467100")]})
    _v, run = run_import(source, firm_target(sandbox, 4), tmp_path / "r1.xlsx", journal_dir=tmp_path / "j1")
    [outcome] = run.result.outcomes.values()
    assert (outcome.status, outcome.error_code) == (Status.ERROR, "ASSOCIE4")
    [row] = read_sheet(tmp_path / "r1.xlsx", "Associés PM")
    assert row["Message"] == (
        "Société associée: la société DOSSIER VIDE SAS (id 2) n'a aucune part dans MyUnisoft (ASSOCIE4) : saisissez "
        "d'abord le capital de son propre dossier (feuille Capital de ce dossier, ou dans MyUnisoft), puis relancez.")
    stats = sandbox.stats()
    assert stats["writes"] == 0 and stats["refused_writes"] == {}
    assert not any(key.startswith("POST") for key in stats["requests"])

    with connect(firm_target(sandbox, 2))[0] as client:
        client.post("/society/capital", {"effective_date": "2021-03-22", "capital": 1000, "social_part": 100})
    _v, run = run_import(source, firm_target(sandbox, 4), tmp_path / "r2.xlsx", journal_dir=tmp_path / "j2")
    assert [o.status for o in run.result.outcomes.values()] == [Status.CREATED]
    assert sandbox.stats()["refused_writes"] == {}


def test_the_sandbox_answers_associe4_to_a_client_that_did_not_check(sandbox: Any) -> None:
    with connect(firm_target(sandbox, 4))[0] as client:
        account = next(a for a in client.get("/account/v2", {"begin_by": "467100"}).data)
        body = {"society_id": 2, "signatory_function_id": 1, "start_date": "2024-01-01", "end_date": "",
                "social_part": {"PP": 10, "NP": 0, "US": 0}, "account_id": account["account_id"],
                "effective_date": "2024-01-01", "revenu_pro": False}
        with pytest.raises(ApiError) as refused:
            client.post("/associate/legal_entity", body)
    assert (refused.value.http_status, refused.value.code) == (400, "ASSOCIE4")
    assert refused.value.api_message == 'Il n\'y a aucune part renseignée sur la société "DOSSIER VIDE SAS".'
    assert sandbox.stats()["refused_writes"] == {"POST /api/v1/associate/legal_entity ASSOCIE4": 1}
