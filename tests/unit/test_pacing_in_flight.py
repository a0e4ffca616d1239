"""The pacer's in-flight correction (pacing.py, `after_response`): an answer's `X-Rate-Limit-Remaining` does not
count the requests still in flight, so the pacer takes them off it.

That only matters when one token's pacer has several requests in flight at once: several threads (lanes,
dossiers side by side) sharing a token. No bulkio path does that today (each lane has its own pacer, and its
dossiers go one after the other); the pacer is thread-safe by contract, and this is the part of it that keeps
such threads within the server's budget. The interleaving is played step by step on a fake clock, as two lanes
would produce it, against a server that refuses what goes over its budget.
"""

from __future__ import annotations

from bulkio.api.pacing import Pacer, Ticket

WALL_OFFSET = 1_700_000_000.0
RESET_PRECISION = 1e-6  # the Reset header is written to the microsecond


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.now + WALL_OFFSET

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class FixedWindowServer:
    """One token's budget at the server: `budget` requests per window, a window starting at the first request
    after the previous one ended. A request over the budget would be refused (429): the test fails."""

    def __init__(self, clock: FakeClock, budget: int, window: float) -> None:
        self.clock, self.budget, self.window = clock, budget, window
        self.window_end = -1.0
        self.counted = 0

    def count(self) -> int:
        """A request arrives: what is left of the budget after it."""
        if self.clock.now >= self.window_end - RESET_PRECISION:
            self.window_end, self.counted = self.clock.now + self.window, 0
        self.counted += 1
        remaining = self.budget - self.counted
        assert remaining >= 0, "the server refuses this request (429): the pacer let one too many go"
        return remaining

    def headers(self, remaining: int) -> dict[str, str]:
        return {"X-Rate-Limit-Total": str(self.budget), "X-Rate-Limit-Remaining": str(remaining),
                "X-Rate-Limit-Reset": f"{self.window_end + WALL_OFFSET:.6f}"}


def _sent(pacer: Pacer, server: FixedWindowServer) -> tuple[Ticket, int]:
    """A request leaves when the pacer lets it, and the server counts it: its ticket, and what its answer will say
    is left."""
    ticket = pacer.before_request("GET /account/v2")
    return ticket, server.count()


def test_an_answer_does_not_give_back_the_budget_of_a_request_still_in_flight() -> None:
    """Two lanes share a token whose server budget is 4 per 5 s; a first request learns that 3 are left. Lanes A
    and B send one request each, both in flight. A's answer says 2 are left (B's request is not in that figure)
    and A sends its next request. Then B's answer says 1 is left (A's next is not in it): nothing is, and B's next
    request waits for the Reset. Taken as they are, those figures would let it go, and the server refuse it."""
    clock = FakeClock()
    pacer = Pacer(clock.monotonic, clock.sleep, clock.wall)
    server = FixedWindowServer(clock, budget=4, window=5.0)

    first, left = _sent(pacer, server)
    clock.now += 0.05
    pacer.after_response(server.headers(left), 200, first)

    lane_a, left_after_a = _sent(pacer, server)
    lane_b, left_after_b = _sent(pacer, server)
    clock.now += 0.05
    pacer.after_response(server.headers(left_after_a), 200, lane_a)  # B's request still in flight
    next_of_a, left_after_next_of_a = _sent(pacer, server)
    assert (left_after_a, left_after_b, left_after_next_of_a) == (2, 1, 0)
    assert clock.now < server.window_end, "one request was left: A's next went at once"
    clock.now += 0.05
    pacer.after_response(server.headers(left_after_b), 200, lane_b)  # A's next still in flight

    window_end = server.window_end
    next_of_b, left = _sent(pacer, server)  # the server refuses it if it leaves before its window ends
    assert clock.now >= window_end - RESET_PRECISION, "it waited for the Reset"
    assert left == 3  # counted in the server's next window
    clock.now += 0.05
    pacer.after_response(server.headers(left_after_next_of_a), 200, next_of_a)
    pacer.after_response(server.headers(left), 200, next_of_b)
    assert pacer.stats.throttled_429 == 0


def test_with_nothing_else_in_flight_an_answer_s_remaining_is_taken_as_it_is() -> None:
    """One lane alone: 4 per 5 s, and every request of the window goes at once; the fifth waits for the Reset."""
    clock = FakeClock()
    pacer = Pacer(clock.monotonic, clock.sleep, clock.wall)
    server = FixedWindowServer(clock, budget=4, window=5.0)
    start = clock.now
    for _ in range(4):
        ticket, left = _sent(pacer, server)
        clock.now += 0.05
        pacer.after_response(server.headers(left), 200, ticket)
    assert clock.now - start < 0.25  # no wait within the budget
    window_end = server.window_end
    _ticket, left = _sent(pacer, server)
    assert clock.now >= window_end - RESET_PRECISION and left == 3
