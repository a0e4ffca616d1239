"""The pacer's decisions on the header sequences of the publisher's Postman captures, against a fake clock.

The captures (docs/sandbox.md, "Rate-limit profiles") show `X-Rate-Limit-Total: 10`, `Remaining: 9` and a Reset
0.87 s to 1.43 s after the Date header, or 2.07 s and 27.67 s before it. The documentation says 20 per 10 s.
"""

from __future__ import annotations

import pytest

from bulkio.api.pacing import DOCUMENTED_CEILING, Pacer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.now + 1_700_000_000.0

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def rate_headers(clock: FakeClock, total: int, remaining: int, reset_in: float | None) -> dict[str, str]:
    headers = {"X-Rate-Limit-Total": str(total), "X-Rate-Limit-Remaining": str(remaining)}
    if reset_in is not None:
        headers["X-Rate-Limit-Reset"] = f"{clock.wall() + reset_in:.6f}"
    return headers


def make(clock: FakeClock, **kwargs: object) -> Pacer:
    return Pacer(clock.monotonic, clock.sleep, clock.wall, **kwargs)  # type: ignore[arg-type]


def send(pacer: Pacer, clock: FakeClock, headers: dict[str, str], status: int = 200, latency: float = 0.01,
         refusal: str | None = None) -> float:
    """One request through the pacer; when it left."""
    ticket = pacer.before_request("GET /account/v2")
    left = clock.now
    clock.now += latency
    pacer.after_response(headers, status, ticket, refusal)
    return left


@pytest.mark.parametrize("reset_in", [-2.07, -27.67, None], ids=["reset-2s-ago", "reset-27s-ago", "no-reset"])
def test_an_empty_budget_with_a_reset_in_the_past_or_absent_waits_a_window_not_50_ms(reset_in: float | None) -> None:
    clock = FakeClock()
    pacer = make(clock)
    first = send(pacer, clock, rate_headers(clock, 10, 0, reset_in))
    second = send(pacer, clock, rate_headers(clock, 10, 9, reset_in))
    # The server said nothing is left and gave no usable time: a ceiling window from the first answer.
    assert second - first >= DOCUMENTED_CEILING[1]
    assert pacer.stats.resets_ignored == (0 if reset_in is None else 2)


def test_the_captures_total_10_and_1s_reset_are_spent_and_waited_for_within_the_ceiling() -> None:
    clock = FakeClock()
    pacer = make(clock)
    start, used_in_window, sent = clock.now, 0, []
    for _ in range(40):
        ticket = pacer.before_request("GET /society")
        if clock.now >= start + 1.0:
            start, used_in_window = clock.now, 0
        used_in_window += 1
        assert used_in_window <= 10, "the server's 10 per 1 s would refuse this one"
        sent.append(clock.now)
        clock.now += 0.01
        pacer.after_response(rate_headers(clock, 10, 10 - used_in_window, start + 1.0 - clock.now), 200, ticket)
    # Never more than the ceiling (20 per 10 s), even though the server's window is 1 s long.
    assert all(later - earlier >= 10.0 for earlier, later in zip(sent, sent[20:], strict=False))
    assert sent[10] - sent[0] < 1.1  # the second ten went as soon as the 1 s window reset, not 10 s later
    assert pacer.stats.budget_total == 10 and pacer.pace == DOCUMENTED_CEILING and pacer.spacing == 0.0
    assert pacer.stats.throttled_429 == 0


def test_a_total_above_the_documented_one_is_not_believed() -> None:
    clock = FakeClock()
    pacer = make(clock)
    sent = [send(pacer, clock, rate_headers(clock, 100, 99 - i, 10.0 - 0.01 * i)) for i in range(45)]
    assert all(later - earlier >= 10.0 for earlier, later in zip(sent, sent[20:], strict=False))


def test_a_far_reset_is_ignored_and_a_window_of_the_ceiling_is_waited_instead() -> None:
    clock = FakeClock()
    pacer = make(clock)
    first = send(pacer, clock, rate_headers(clock, 20, 0, 3600.0))  # a server clock an hour ahead
    second = send(pacer, clock, rate_headers(clock, 20, 19, 3600.0))
    assert 10.0 <= second - first <= 10.1
    assert pacer.stats.resets_ignored == 2


def test_a_429_slows_down_holds_and_never_gives_up_by_a_count_of_attempts() -> None:
    clock = FakeClock()
    pacer = make(clock, give_up_after=300.0)
    for _ in range(12):  # the server admits 12 and then refuses, saying nothing useful
        send(pacer, clock, {})
    refused_at = send(pacer, clock, {}, status=429, refusal="ERR-TOO-MANY-REQUEST")
    assert pacer.allowance == 12  # what the server admitted in the last window
    again = send(pacer, clock, {}, status=429, refusal="ERR-TOO-MANY-REQUEST")
    assert again - refused_at >= 9.8  # held a window (from the first answer of the 12), not hammering
    for _ in range(6):
        send(pacer, clock, {}, status=429, refusal="ERR-TOO-MANY-REQUEST")
    assert pacer.allowance == 12  # one decrease per run of refusals; the holds double instead
    assert 0 < pacer.refused_for() < 300.0  # 8 refusals in a row, but minutes are the bound
    assert max(clock.slept) <= 60.0 + 1e-9  # a hold never exceeds the horizon (6 windows)
    send(pacer, clock, {})
    assert pacer.refused_for() == 0.0 and pacer.stats.throttled_429 == 8


def test_a_429_with_retry_after_or_a_plausible_reset_holds_that_long() -> None:
    clock = FakeClock()
    pacer = make(clock)
    send(pacer, clock, {"Retry-After": "3"}, status=429, refusal="ERR-TOO-MANY-REQUEST")
    left = clock.now
    send(pacer, clock, {})
    assert 2.9 <= clock.now - left - 0.01 <= 3.0
    pacer = make(clock)
    send(pacer, clock, rate_headers(clock, 20, 0, 4.0), status=429, refusal="ERR-TOO-MANY-REQUEST")
    left = clock.now
    send(pacer, clock, {})
    assert 3.9 <= clock.now - left - 0.01 <= 4.1


def test_the_in_flight_correction_counts_requests_still_out() -> None:
    clock = FakeClock()
    pacer = make(clock)
    first = pacer.before_request()
    second = pacer.before_request()  # two requests on one token at once (a shared client)
    clock.now += 0.01
    pacer.after_response(rate_headers(clock, 20, 1, 5.0), 200, first)  # the second one is still out
    pacer.after_response(rate_headers(clock, 20, 0, 5.0), 200, second)
    pacer.before_request()
    assert clock.slept and clock.slept[0] >= 4.9
    pacer = make(clock)
    first, second = pacer.before_request(), pacer.before_request()
    clock.now += 0.01
    pacer.after_response(rate_headers(clock, 10, 1, 0.5), 200, first)  # 1 left, minus the one in flight: 0
    pacer.after_failure(second)
    slept = len(clock.slept)
    pacer.before_request()
    assert len(clock.slept) == slept + 1 and 0.45 <= clock.slept[-1] <= 0.55


def test_a_route_that_weighs_more_is_counted_at_its_weight() -> None:
    clock = FakeClock()
    pacer = make(clock)
    remaining = 20
    for _ in range(2):
        ticket = pacer.before_request("POST /bulk")
        clock.now += 0.01
        remaining -= 3
        pacer.after_response(rate_headers(clock, 20, remaining, 9.0), 200, ticket)
    assert pacer.before_request("POST /bulk").units == 3


def test_only_a_loopback_sandbox_sets_the_ceiling_and_never_over_a_configured_one() -> None:
    clock = FakeClock()
    hint = {"X-Sandbox-Rate-Limit": "20/1"}
    deaf = make(clock)
    send(deaf, clock, hint)
    assert deaf.ceiling == DOCUMENTED_CEILING
    local = make(clock)
    local.accept_ceiling_hint = True
    send(local, clock, hint)
    assert local.ceiling == (20, 1.0)
    configured = make(clock, limit=(10, 10.0))
    configured.accept_ceiling_hint = True
    send(configured, clock, hint)
    assert configured.ceiling == (10, 10.0)


def test_a_far_reset_announced_again_and_again_is_a_long_window_and_is_waited_for() -> None:
    # A fixed window of 300 s: its Reset, 5 minutes away, is the same instant in every answer. Believed, it is
    # waited for; a 429 there would only be the pacer's fault.
    clock = FakeClock()
    pacer = make(clock)
    end = clock.wall() + 300.0
    sent = [send(pacer, clock, {"X-Rate-Limit-Total": "20", "X-Rate-Limit-Remaining": str(19 - i),
                                "X-Rate-Limit-Reset": f"{end:.6f}"}) for i in range(20)]
    after = send(pacer, clock, rate_headers(clock, 20, 19, 300.0))
    assert 299.99 <= after - sent[0] <= 300.3
    assert pacer.stats.resets_ignored <= 2  # the first answers only, before it had been repeated


def test_a_reset_is_read_against_the_servers_date_when_its_clock_is_an_hour_off() -> None:
    # A server whose clock runs an hour ahead (a time zone mistaken): its Reset, read against its own Date, is 4 s
    # away, not an hour.
    from email.utils import formatdate

    clock = FakeClock()
    pacer = make(clock)
    server_now = clock.wall() + 3600.0
    first = send(pacer, clock, {"Date": formatdate(server_now, usegmt=True), "X-Rate-Limit-Total": "20",
                                "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": f"{int(server_now) + 4:.6f}"})
    second = send(pacer, clock, rate_headers(clock, 20, 19, 10.0))
    assert 3.0 <= second - first <= 4.1 and pacer.stats.resets_ignored == 0
