"""A write whose answer was lost, and whose read-back the API then refuses (429) for longer than the client waits
(issue 14 review): the row is neither an error nor "not sent" for sure. It is "Non envoyé" as possibly sent, not
confirmed, kept in the journal as sent, and the next run reads it back before sending: the account is created
once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from bulkio.api import pacing
from bulkio.api.client import MyUnisoftClient
from bulkio.config import Target
from bulkio.journal import Journal
from bulkio.load import load_and_validate
from bulkio.outcome import Status
from bulkio.pipeline import connect, execute, make_plan
from bulkio.sandbox import EmbeddedSandbox, SandboxConfig
from bulkio.session import run_import
from tests.conftest import FIRM_TOKEN, SECRET, write_xlsx


class AnswerLostThenReadsRefused(httpx.BaseTransport):
    """The first POST /account reaches the sandbox (the account is created) but its answer is lost; from then on
    every read is refused with 429, as when another client spends the token's budget."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.lost = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.lost and request.method == "GET":
            return httpx.Response(429, json={"error": {"code": "ERR-TOO-MANY-REQUEST", "message": "Too many"}})
        response = self.inner.handle_request(request)
        if request.method == "POST" and request.url.path.endswith("/account") and not self.lost:
            response.read()
            self.lost = True
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


def test_a_read_back_refused_for_minutes_leaves_the_row_possibly_sent_and_the_rerun_creates_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pacing, "GIVE_UP_AFTER_S", 1.0)  # "minutes" of refusal, scaled
    path = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", ["N° de compte", "Libellé"],
                      [[f"401R{i:02d}", f"FOURNISSEUR {i}"] for i in range(3)])
    journals = tmp_path / "j"
    with EmbeddedSandbox(SandboxConfig(rate_limit=(20, 0.5))) as box:
        target = Target(box.api_url, SECRET, FIRM_TOKEN, 2, sandbox=True)
        with MyUnisoftClient(box.api_url, SECRET, FIRM_TOKEN, society_id=2,
                             transport=AnswerLostThenReadsRefused()) as client:
            dossier, context = connect(target, client)
            plan = make_plan(load_and_validate(path), dossier, context)
            journal = Journal.for_run(path, target.journal_key, journals)
            run = execute(plan, dossier, journal)
            journal.close()
        first = run.result.outcomes[("Comptes", 2)]
        assert first.status is Status.NOT_SENT and first.error_code == "ERR-TOO-MANY-REQUEST"
        assert first.message.startswith("peut-être envoyé, non confirmé") and "relira" in first.message
        assert {run.result.outcomes[("Comptes", row)].status for row in (3, 4)} == {Status.NOT_SENT}
        assert "429" in run.result.outcomes[("Comptes", 3)].message
        kept = [tuple(row) for journal_file in journals.glob("*.sqlite")
                for row in sqlite3.connect(journal_file).execute("SELECT excel_row, state FROM entry")]
        assert kept == [(2, "sent")]  # the next run reads it back before sending
        assert box.stats()["writes_by_resource"] == {"account:2:401R00": 1}

        _validation, again = run_import(path, target, tmp_path / "result.xlsx", journal_dir=journals)
        stats = box.stats()
    assert {outcome.status for outcome in again.outcomes.values()} == {Status.CREATED}
    assert "repris" in again.outcomes[("Comptes", 2)].message  # it had landed: found, not sent again
    assert stats["writes_by_resource"] == {f"account:2:401R{i:02d}": 1 for i in range(3)}
    assert stats["noop_writes"] == {}
