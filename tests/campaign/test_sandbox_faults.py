"""The sandbox faults the fault campaign added: 429 storms, latency spikes, dropped connections, noop_writes."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from bulkio.sandbox import EmbeddedSandbox
from bulkio.sandbox.faults import Faults
from tests.conftest import FIRM_TOKEN, SECRET

D2 = {"society-id": "2"}


@pytest.fixture
def firm(sandbox: EmbeddedSandbox) -> Iterator[httpx.Client]:
    headers = {"X-Third-Party-Secret": SECRET, "Authorization": f"Bearer {FIRM_TOKEN}"}
    with httpx.Client(base_url=sandbox.api_url, headers=headers, timeout=5) as client:
        yield client


def accounts(firm: httpx.Client) -> list[str]:
    return [a["account_number"] for a in firm.get("/account/v2", headers=D2).json()]


def test_every_new_fault_is_off_by_default_and_checked(sandbox: EmbeddedSandbox) -> None:
    current = httpx.get(sandbox.url + "/_sandbox/faults").json()
    assert (current["storm_rate"], current["spike_rate"], current["drop_rate"]) == (0.0, 0.0, 0.0)
    for bad in ({"storm_length": 0}, {"drop_rate": 2}, {"spike_rate": -0.1}, {"spike_ms": -1}, {"spike_ms": 1.5},
                {"storm_length": True}, {"storm_rate": "0.1"}):
        with pytest.raises(ValueError):
            sandbox.set_faults(**bad)
    wanted = {"storm_rate": 0.5, "storm_length": 2, "spike_rate": 0.1, "spike_ms": 50, "drop_rate": 0.2}
    current = sandbox.set_faults(**wanted)
    assert {key: current[key] for key in wanted} == wanted
    assert httpx.get(sandbox.url + "/_sandbox/faults").json() == current
    sandbox.reset()
    assert httpx.get(sandbox.url + "/_sandbox/faults").json()["drop_rate"] == 0.0


def test_a_storm_answers_429_with_the_documented_headers_and_consumes_nothing(
    sandbox: EmbeddedSandbox, firm: httpx.Client
) -> None:
    sandbox.set_faults(rate_limit="20/10")
    firm.get("/key/info")  # opens the token's window: 19 left
    sandbox.set_faults(storm_rate=1.0, storm_length=3)
    answers = [firm.get("/key/info") for _ in range(3)]
    for answer in answers:
        assert answer.status_code == 429
        assert answer.json()["error"]["code"] == "ERR-TOO-MANY-REQUEST"
        assert answer.headers["X-Rate-Limit-Total"] == "20" and answer.headers["X-Rate-Limit-Remaining"] == "0"
        assert time.time() < float(answer.headers["X-Rate-Limit-Reset"]) <= time.time() + 10
    sandbox.set_faults(storm_rate=0.0)
    assert firm.get("/key/info").headers["X-Rate-Limit-Remaining"] == "18"  # the storm consumed nothing
    stats = sandbox.stats()
    assert stats["rejected_429"] == 3 and stats["faults"] == {"storm": 3}


class Scripted:
    """A random source that answers the given draws in turn."""

    def __init__(self, *draws: float) -> None:
        self.draws = list(draws)

    def random(self) -> float:
        return self.draws.pop(0)


def test_a_storm_lasts_storm_length_requests_then_draws_again() -> None:
    faults = Faults(storm_rate=0.1, storm_length=3)
    faults._rng = Scripted(0.05, 0.5, 0.5)  # type: ignore[assignment]  # starts a storm; later draws miss
    assert [faults.draw_storm() for _ in range(5)] == [True, True, True, False, False]


def test_a_latency_spike_delays_a_request_and_a_client_gone_by_then_is_not_served(
    sandbox: EmbeddedSandbox, firm: httpx.Client
) -> None:
    sandbox.set_faults(spike_rate=1.0, spike_ms=400)
    started = time.monotonic()
    assert firm.get("/key/info").status_code == 200
    assert time.monotonic() - started >= 0.4
    with pytest.raises(httpx.ReadTimeout):
        firm.post("/account", json={"account_number": "411SPIKE", "label": "x"}, headers=D2, timeout=0.1)
    time.sleep(0.6)  # the spike is over: the handler would have run by now
    sandbox.set_faults(spike_rate=0.0)
    assert accounts(firm) == []
    assert sandbox.stats()["faults"] == {"spike": 2}


def test_a_dropped_connection_gets_no_answer_and_the_write_lands_only_when_dropped_after(
    sandbox: EmbeddedSandbox, firm: httpx.Client
) -> None:
    sandbox.set_faults(drop_rate=1.0, seed=3)
    for i in range(8):
        # Not a byte of answer: "Server disconnected without sending a response", or a reset connection.
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            firm.post("/account", json={"account_number": f"411DROP{i}", "label": "x"}, headers=D2)
    sandbox.set_faults(drop_rate=0.0)
    faults = sandbox.stats()["faults"]
    assert faults["drop_before"] + faults["drop_after"] == 8 and faults["drop_before"] and faults["drop_after"]
    assert len(accounts(firm)) == faults["drop_after"]  # committed, then the answer was lost
    assert sandbox.stats()["writes"] == faults["drop_after"]


def test_noop_writes_count_identical_writes_that_changed_nothing(sandbox: EmbeddedSandbox,
                                                                 firm: httpx.Client) -> None:
    body = {"account_number": "411NOOP", "label": "x"}
    firm.post("/account", json=body, headers=D2)
    firm.post("/account", json=body, headers=D2)  # find-or-create: the same account, nothing written
    stats = sandbox.stats()
    assert stats["writes_by_resource"] == {"account:2:411NOOP": 1}
    assert stats["noop_writes"] == {"POST /api/v1/account": 1}
