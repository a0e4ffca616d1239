"""The preview's ETA (issue 14 review): from the pace the pacer holds (its configured or documented budget, slowed
by what the server taught), not from an announced Total taken as "per 10 s"."""

from __future__ import annotations

from bulkio.api.pacing import Pacer
from bulkio.push import Progress
from bulkio.session import PushMeter

EPOCH = 1_700_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def eta(pacer: Pacer, clock: Clock, requests: int = 100) -> float | None:
    meter = PushMeter(requests, pacer.stats.requests, clock=lambda: clock.now, started_at=clock.now)
    return meter.figures(Progress(0, requests, 0), [pacer]).eta_s


def test_a_total_of_10_per_second_window_does_not_halve_the_documented_pace() -> None:
    # The captures' server: Total 10 with a Reset 1 s away. bulkio holds its ceiling, 20 per 10 s: 100 requests
    # take 50 s, not the 100 s of "10 per 10 s".
    clock = Clock()
    pacer = Pacer(lambda: clock.now, clock.sleep, lambda: EPOCH + clock.now)
    ticket = pacer.before_request()
    pacer.after_response({"X-Rate-Limit-Total": "10", "X-Rate-Limit-Remaining": "9",
                          "X-Rate-Limit-Reset": f"{EPOCH + clock.now + 1.0:.6f}"}, 200, ticket)
    assert eta(pacer, clock) == 50.0


def test_a_configured_budget_and_a_learned_spacing_set_the_eta() -> None:
    clock = Clock()
    budget = Pacer(lambda: clock.now, clock.sleep, lambda: EPOCH + clock.now, limit=(5, 10.0))  # a tokens file's
    assert eta(budget, clock) == 200.0
    taught = Pacer(lambda: clock.now, clock.sleep, lambda: EPOCH + clock.now)
    taught.after_response({}, 200, taught.before_request())
    taught.after_response({}, 429, taught.before_request(), "ERR-TOO-MANY-REQUEST")  # one per second, silently
    assert taught.spacing == 1.0 and eta(taught, clock) == 100.0
