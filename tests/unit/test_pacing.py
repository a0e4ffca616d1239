"""The pacer spends exactly the budget the server announces, then waits for the reset."""

from __future__ import annotations

from bulkio.api.pacing import Pacer


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


def headers(remaining: int, reset_in: float, clock: FakeClock, total: int = 20) -> dict[str, str]:
    return {
        "X-Rate-Limit-Total": str(total),
        "x-rate-limit-remaining": str(remaining),  # case-insensitive, as newer captures show
        "X-Rate-Limit-Reset": f"{clock.wall() + reset_in:.6f}",
    }


def test_sends_without_waiting_while_budget_remains() -> None:
    clock = FakeClock()
    pacer = Pacer(clock.monotonic, clock.sleep, clock.wall)
    for remaining in range(19, 0, -1):
        pacer.before_request()
        pacer.after_response(headers(remaining, 5.0, clock), 200)
    assert clock.slept == []
    assert pacer.stats.budget_total == 20


def test_waits_until_reset_when_budget_is_spent() -> None:
    clock = FakeClock()
    pacer = Pacer(clock.monotonic, clock.sleep, clock.wall)
    pacer.before_request()
    pacer.after_response(headers(0, 4.0, clock), 200)
    pacer.before_request()
    assert len(clock.slept) == 1
    assert 4.0 <= clock.slept[0] <= 4.2


def test_a_429_parks_until_reset_and_is_counted() -> None:
    clock = FakeClock()
    pacer = Pacer(clock.monotonic, clock.sleep, clock.wall)
    pacer.before_request()
    pacer.after_response(headers(0, 2.0, clock), 429)
    pacer.before_request()
    assert pacer.stats.throttled_429 == 1
    assert clock.slept and 2.0 <= clock.slept[0] <= 2.2


def test_a_skewed_reset_never_parks_longer_than_the_cap() -> None:
    clock = FakeClock()
    pacer = Pacer(clock.monotonic, clock.sleep, clock.wall)
    pacer.before_request()
    pacer.after_response(headers(0, 3600.0, clock), 200)
    pacer.before_request()
    assert clock.slept[0] <= 15.1


def test_a_budget_of_its_own_holds_even_when_the_server_says_nothing() -> None:
    clock = FakeClock()
    pacer = Pacer(clock.monotonic, clock.sleep, clock.wall, limit=(3, 2.0))
    sent_at = []
    for _ in range(7):
        pacer.before_request()
        sent_at.append(clock.now)
        clock.now += 0.1
        pacer.after_response({}, 200)
    # Never more than 3 requests in any 2 seconds: each fourth one waits for the first of its window to age.
    assert all(later - earlier >= 2.0 for earlier, later in zip(sent_at, sent_at[3:], strict=False))
    assert sent_at[3] - sent_at[0] < 2.11  # counted from the first one's answer, 0.1 s after it left
    assert pacer.stats.requests == 7 and pacer.stats.peak == 3  # 3 per 2 s at most, and it got there
