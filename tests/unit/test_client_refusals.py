"""The client and 429s: a refusal is not an attempt; it gives up only after minutes of refusal without a break."""

from __future__ import annotations

import itertools

import httpx
import pytest

from bulkio.api.client import MyUnisoftClient
from bulkio.api.pacing import Pacer
from bulkio.errors import ApiError


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def refused(code: str = "ERR-TOO-MANY-REQUEST") -> httpx.Response:
    return httpx.Response(429, json={"error": {"code": code, "message": "Too many requests"}})


def client(handler, clock: Clock, give_up_after: float = 300.0) -> MyUnisoftClient:  # type: ignore[no-untyped-def]
    pacer = Pacer(lambda: clock.now, clock.sleep, lambda: 1_700_000_000.0 + clock.now, give_up_after=give_up_after)
    return MyUnisoftClient("https://example.test", "partner-s3cr3t", "tok-abcdef123456",
                           transport=httpx.MockTransport(handler), pacer=pacer, sleep=clock.sleep)


def test_a_write_refused_six_times_is_sent_again_until_it_passes() -> None:
    clock, calls = Clock(), []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(clock.now)
        return refused() if len(calls) <= 6 else httpx.Response(201, json={"account_id": 1})

    assert client(handler, clock).post("/account", {}).data == {"account_id": 1}
    assert len(calls) == 7  # six attempts used to be the end of it
    gaps = [later - earlier for earlier, later in itertools.pairwise(calls)]
    assert min(gaps) >= 1.0  # never hammering: at least a tenth of a window between two refused requests
    assert clock.now <= 301.0  # within the bound: it was never given up


def test_it_gives_up_after_the_bound_in_minutes_of_continuous_refusal() -> None:
    clock, calls = Clock(), []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(clock.now)
        return refused()

    with pytest.raises(ApiError) as caught:
        client(handler, clock, give_up_after=120.0).get("/account/v2")
    assert caught.value.is_rate_limit
    assert 120.0 <= calls[-1] - calls[0] <= 120.0 + 60.0  # the bound, plus at most one hold
    assert len(calls) < 12  # held ever longer (up to six windows), not hammering


def test_a_bare_429_from_a_proxy_is_a_refusal_too() -> None:
    clock, calls = Clock(), []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(429, text="slow down") if len(calls) == 1 else httpx.Response(200, json=[])

    assert client(handler, clock).get("/account/v2").data == []
    assert len(calls) == 2


def test_the_concurrency_cap_holds_briefly_and_does_not_lower_the_budget() -> None:
    clock, calls = Clock(), []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(clock.now)
        return refused("ERR-TOO-MANY-CONCURRENT-REQUEST") if len(calls) == 1 else httpx.Response(200, json=[])

    api = client(handler, clock)
    api.get("/account/v2")
    assert 0.9 <= calls[1] - calls[0] <= 1.1 and api.pacer.pace == (20, 10.0)


def test_a_501_is_an_answer_not_a_failure_to_retry() -> None:
    # A route the server does not implement (the sandbox's SANDBOX-NOT-EMULATED): asking again cannot change it.
    clock, calls = Clock(), []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(501, json={"error": {"code": "SANDBOX-NOT-EMULATED", "message": "not emulated"}})

    with pytest.raises(ApiError) as caught:
        client(handler, clock).get("/diary")
    assert caught.value.code == "SANDBOX-NOT-EMULATED" and not caught.value.is_server_side
    assert len(calls) == 1 and clock.now == 0.0  # one request, no back-off

    calls.clear()
    with pytest.raises(ApiError):
        client(lambda request: calls.append(request) or httpx.Response(503), clock).get("/diary")
    assert len(calls) == 6  # a 503 may pass: retried as before
