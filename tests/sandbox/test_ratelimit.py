"""Rate limiting per token: headers, 429, rejected requests cost nothing, in-flight cap per route."""

from __future__ import annotations

import concurrent.futures
import time

import httpx
import pytest
from sandbox_support import headers, society_token

from bulkio.sandbox import EmbeddedSandbox


def test_headers_count_down_per_token(sandbox: EmbeddedSandbox, api: httpx.Client) -> None:
    sandbox.set_faults(rate_limit="5/10")
    before = time.time()
    first = api.get("/key/info", headers=headers())
    second = api.get("/key/info", headers=headers())
    other_token = api.get("/key/info", headers=headers(society_token(1)))
    assert first.headers["X-Rate-Limit-Total"] == "5"
    assert first.headers["X-Rate-Limit-Remaining"] == "4"
    assert second.headers["X-Rate-Limit-Remaining"] == "3"
    assert other_token.headers["X-Rate-Limit-Remaining"] == "4"  # budgets are per token
    reset = float(first.headers["X-Rate-Limit-Reset"])
    assert before + 9 < reset < time.time() + 10.5  # epoch seconds, end of the 10 s window
    assert "." in first.headers["X-Rate-Limit-Reset"]


def test_over_budget_is_429_and_rejected_requests_cost_nothing(sandbox: EmbeddedSandbox, api: httpx.Client) -> None:
    sandbox.set_faults(rate_limit="3/1")
    answers = [api.get("/key/info", headers=headers()) for _ in range(6)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429, 429, 429]
    rejected = answers[3]
    assert rejected.json()["error"]["code"] == "ERR-TOO-MANY-REQUEST"
    assert rejected.headers["X-Rate-Limit-Remaining"] == "0"
    assert sandbox.stats()["rejected_429"] == 3
    # once the window ends the full budget is back: the three rejections consumed nothing
    time.sleep(max(float(rejected.headers["X-Rate-Limit-Reset"]) - time.time(), 0) + 0.05)
    again = [api.get("/key/info", headers=headers()) for _ in range(3)]
    assert [r.status_code for r in again] == [200, 200, 200]
    assert again[0].headers["X-Rate-Limit-Remaining"] == "2"


def test_errors_consume_budget_and_carry_headers(sandbox: EmbeddedSandbox, api: httpx.Client) -> None:
    sandbox.set_faults(rate_limit="2/10")
    failed = api.get("/account", params={"mode": 1}, headers=headers())  # 400 GBL10, no society-id
    assert failed.status_code == 400
    assert failed.headers["X-Rate-Limit-Remaining"] == "1"


def test_changing_the_limit_resets_windows(sandbox: EmbeddedSandbox, api: httpx.Client) -> None:
    sandbox.set_faults(rate_limit="1/10")
    assert api.get("/key/info", headers=headers()).status_code == 200
    assert api.get("/key/info", headers=headers()).status_code == 429
    sandbox.set_faults(rate_limit="2/10")
    assert api.get("/key/info", headers=headers()).status_code == 200


def test_concurrent_cap_per_route(sandbox: EmbeddedSandbox) -> None:
    sandbox.set_faults(latency_ms=600)

    def call(path: str) -> httpx.Response:
        return httpx.get(sandbox.api_url + path, headers=headers(), timeout=10)

    with concurrent.futures.ThreadPoolExecutor(max_workers=14) as pool:
        same_route = [pool.submit(call, "/key/info") for _ in range(12)]
        other_route = [pool.submit(call, "/country") for _ in range(2)]
        answers = [f.result() for f in same_route]
        others = [f.result() for f in other_route]
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [200] * 10 + [429] * 2
    rejected = [r for r in answers if r.status_code == 429]
    assert {r.json()["error"]["code"] for r in rejected} == {"ERR-TOO-MANY-CONCURRENT-REQUEST"}
    assert [r.status_code for r in others] == [200, 200]  # the cap is per route
    assert sandbox.stats()["rejected_429"] == 2


@pytest.mark.parametrize("bad", ["20", "0/10", "x/y", "20/0"])
def test_bad_rate_limit_is_refused(sandbox: EmbeddedSandbox, bad: str) -> None:
    with pytest.raises(ValueError):
        sandbox.set_faults(rate_limit=bad)
