"""Bugs the fault campaign (bench/campaign.py) found, each pinned by a deterministic test.

Each test loses the answer of one write after the sandbox committed it (a transport that forwards the
request, then raises a read timeout), exactly what a commit-then-timeout or a dropped connection does, and
checks that nothing that landed is sent again: the sandbox counts an identical re-POST in `noop_writes`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bulkio.api.client import MyUnisoftClient
from bulkio.journal import Journal
from bulkio.load import load_and_validate
from bulkio.outcome import Status
from bulkio.pipeline import connect, execute, make_plan
from bulkio.sandbox import EmbeddedSandbox
from tests.conftest import FIRM_TOKEN, SECRET, firm_target, write_xlsx


class LosingTransport(httpx.HTTPTransport):
    """Forwards every request; the answers of the first `count` requests `lose` matches are lost."""

    def __init__(self, lose: Callable[[httpx.Request], bool], count: int = 1) -> None:
        super().__init__()
        self.lose, self.left = lose, count
        self.sent: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(f"{request.method} {request.url.path}")
        response = super().handle_request(request)
        if self.left > 0 and self.lose(request):
            self.left -= 1
            response.read()
            response.close()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


def import_with(sandbox: EmbeddedSandbox, source: Path, tmp_path: Path, transport: LosingTransport,
                **plan: Any) -> dict[tuple[str, int], Any]:
    target = firm_target(sandbox, 2)
    client = MyUnisoftClient(target.base_url, SECRET, FIRM_TOKEN, society_id=2, transport=transport,
                             sleep=lambda _s: None)
    with client:
        scoped, context = connect(target, client)
        built = make_plan(load_and_validate(source), scoped, context, **plan)
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            return execute(built, scoped, journal).result.outcomes
        finally:
            journal.close()


def test_an_account_whose_create_answer_was_lost_is_not_posted_again(sandbox: EmbeddedSandbox,
                                                                        tmp_path: Path) -> None:
    # Analytique is update-only: the row is a POST then a PUT. The POST lands, its answer is lost, the
    # read-back finds the account without its analytics flag: only the PUT is left to send.
    source = write_xlsx(tmp_path / "in.xlsx", "Comptes", ["N° de compte", "Libellé", "Analytique"],
                        [["606400", "FOURNITURES", "Oui"]])
    transport = LosingTransport(lambda r: r.method == "POST" and r.url.path.endswith("/account"))
    outcomes = import_with(sandbox, source, tmp_path, transport)

    assert [o.status for o in outcomes.values()] == [Status.CREATED]
    assert transport.sent.count("POST /api/v1/account") == 1
    assert transport.sent.count("PUT /api/v1/account") == 1
    stats = sandbox.stats()
    assert stats["noop_writes"] == {}
    assert stats["writes_by_resource"] == {"account:2:606400": 2}  # the create, then the analytics flag
    account = httpx.get(f"{sandbox.api_url}/account/v2", params={"details": "true"},
                        headers={"X-Third-Party-Secret": SECRET, "Authorization": f"Bearer {FIRM_TOKEN}",
                                 "society-id": "2"}).json()
    assert [(a["account_number"], a["analytics"]) for a in account] == [("606400", True)]


def test_the_analytics_switch_whose_answer_was_lost_is_read_back_not_sent_again(sandbox: EmbeddedSandbox,
                                                                                 tmp_path: Path) -> None:
    # --enable-analytics: one PUT /society/2 before the rows. It lands, its answer is lost: the dossier is read
    # back (analytics on) and the run goes on without sending it again.
    sandbox.reset(empty=True)
    source = tmp_path / "in.xlsx"
    write_xlsx(source, "Axes", ["Code axe", "Libellé"], [["SITE", "Sites"]])
    transport = LosingTransport(lambda r: r.method == "PUT" and r.url.path.endswith("/society/2"))
    outcomes = import_with(sandbox, source, tmp_path, transport, enable_analytics=True)

    assert [o.status for o in outcomes.values()] == [Status.CREATED]
    assert transport.sent.count("PUT /api/v1/society/2") == 1
    writes = sandbox.stats()["writes_by_resource"]
    assert writes["society:2"] == 1 and writes["axe:2:SITE"] >= 1
