"""Pace one token's requests under whatever limiter the server runs, within a ceiling of our own.

The documentation says 20 requests per 10 s per token, with `X-Rate-Limit-Total/-Remaining/-Reset` on every
answer and Reset at the window's end. The publisher's captures show Total 10, a Reset about 1 s away, and
Resets 2 s and 27 s in the past. So the pacer believes no single source:

- **The ceiling** (the documented 20 per 10 s, or `limit=`: a tokens file's `budget`) is a sliding window over
  the times the *answers* came back. The server counted each request no later than its answer came, so N per
  W counted here is never more than N in any W seconds there: it holds under a fixed window of W aligned
  anywhere, a sliding window of W, and a token bucket of N refilled over W, whatever the headers say.
- **The headers are evidence.** `Remaining` makes it wait when the server has less left than the ceiling
  would allow (a lower Total, another client, a route that weighs more). A `Reset` is used only when it lies
  in the future and within RESET_HORIZON_WINDOWS ceiling windows; one in the past, absent or further is
  ignored, and the wait is then a ceiling window. A Total above the ceiling's changes nothing (believed only
  downwards). A route whose answer shows `Remaining` dropping by more than one is counted at that weight.
- **Every 429 teaches** (multiplicative decrease). Refused in the middle of a burst, the allowance per window
  drops to what the server admitted (by one at least, by half at most). Refused as our oldest request was
  leaving our window, or with none of ours left in it, the server counts over a longer window: ours doubles.
  The token then holds for a Retry-After, a plausible Reset or a window, doubled while refusals go on. After
  RECOVERY_WINDOWS calm windows (more after each lesson) the pace takes one step back towards the ceiling.
- **It never gives up by itself**: `refused_for()` says how long the server has refused without a break, and
  the client gives up past `give_up_after` (minutes, not a count of attempts).
- **A local sandbox** (the client says so, for a loopback URL only) may announce its scaled documented limit
  in `X-Sandbox-Rate-Limit`; it replaces the default ceiling, never one that was configured. That is how
  tests and benches run in scaled time; the real API never sends it and any other host is not listened to.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

log = logging.getLogger("bulkio.api")

DOCUMENTED_CEILING: tuple[int, float] = (20, 10.0)  # reference §1.8
GIVE_UP_AFTER_S = 300.0  # minutes of continuous refusal before a request is abandoned
RESET_HORIZON_WINDOWS = 6.0  # a Reset further than this many ceiling windows is a skewed clock, not a window
# Past a Reset the server's budget did not explain by our own requests, by how much later to send: its clock
# decides. Doubled (up to a quarter window) when a refusal follows a wait for a Reset.
RESET_MARGIN_S = 0.02
DECREASE = 0.5
RECOVERY_WINDOWS = 6
CEILING_HINT = "x-sandbox-rate-limit"


@dataclass
class Ticket:
    """One request: what it counts for, when it left, when its answer came back."""

    route: str
    units: int
    sent_at: float
    remaining_before: int | None = None  # the server's budget as known when it left with nothing else in flight
    ended_at: float | None = None
    refused: bool = False


@dataclass
class PacingStats:
    requests: int = 0
    throttled_429: int = 0
    waits: int = 0
    waited_s: float = 0.0
    budget_total: int | None = None  # the lowest X-Rate-Limit-Total announced
    recent: deque[float] = field(default_factory=lambda: deque(maxlen=200))
    window_s: float | None = None  # the longest plausible time to Reset announced: the window the server seems to use
    resets_ignored: int = 0  # answers whose Reset was in the past or beyond the horizon
    answers: int = 0
    answers_with_headers: int = 0
    first_sent: float | None = None
    last_answer: float | None = None
    ceiling: tuple[int, float] = DOCUMENTED_CEILING
    pace: tuple[int, float] = DOCUMENTED_CEILING  # the ceiling after what the refusals taught (fewer, or longer)

    def rate(self, now: float, span: float = 10.0) -> float:
        """Requests per second over the last `span` seconds (for progress displays)."""
        count = sum(1 for at in self.recent if now - at <= span)
        return count / span

    def effective_rate(self) -> float | None:
        """Requests per second from the first request to the last answer."""
        if self.first_sent is None or self.last_answer is None or self.last_answer <= self.first_sent:
            return None
        return self.requests / (self.last_answer - self.first_sent)


class Pacer:
    """One per token. Thread-safe; callers call `before_request`, then `after_response` or `after_failure` with
    the ticket it returned."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        wall: Callable[[], float] = time.time,
        limit: tuple[int, float] | None = None,
        *,
        give_up_after: float | None = None,
    ) -> None:
        self._clock, self._sleep, self._wall = clock, sleep, wall
        self._configured = limit is not None
        self.accept_ceiling_hint = False  # the client sets it for a loopback URL (a local sandbox)
        self.give_up_after = GIVE_UP_AFTER_S if give_up_after is None else give_up_after
        self._lock = threading.Lock()
        self._log: deque[Ticket] = deque()
        self._weights: dict[str, int] = {}
        self._remaining: int | None = None
        self._reset_at: float | None = None  # on our monotonic clock
        self._hold_until = 0.0
        self._refusing_since: float | None = None
        self._streak = 0  # refusals since the last answer that was not one
        self._calm_since = clock()
        self._lessons = 0  # runs of refusals so far: each one makes the next probe upwards wait longer
        self._margin = RESET_MARGIN_S
        self.stats = PacingStats()
        self._set_ceiling(limit or DOCUMENTED_CEILING)

    @property
    def ceiling(self) -> tuple[int, float]:
        return self._ceiling

    @property
    def allowance(self) -> int:
        return self._allowance

    @property
    def pace(self) -> tuple[int, float]:
        """What the pacer holds to now: at most this many requests in any window of this many seconds."""
        return self._allowance, self._window

    def _set_ceiling(self, ceiling: tuple[int, float]) -> None:
        self._ceiling = ceiling
        self._allowance, self._window = ceiling
        self.stats.ceiling, self.stats.pace = ceiling, ceiling

    # --- before a request ---------------------------------------------------------------------------------------

    def before_request(self, route: str = "") -> Ticket:
        """Wait until the request may leave; `route` ("POST /account") is how a route's weight is remembered."""
        slept_until = -math.inf
        while True:
            with self._lock:
                # A sleep that returned early (a test's) counts as slept: the next look starts where it ended.
                now = max(self._clock(), slept_until)
                units = self._weights.get(route, 1)
                wait = self._wait_needed(now, units)
                if wait <= 0:
                    alone = all(ticket.ended_at is not None for ticket in self._log)
                    ticket = Ticket(route, units, now, self._remaining if alone else None)
                    self._log.append(ticket)
                    if self._remaining is not None:
                        self._remaining -= units
                    self.stats.requests += 1
                    self.stats.recent.append(now)
                    if self.stats.first_sent is None:
                        self.stats.first_sent = now
                    return ticket
            self.stats.waits += 1
            self.stats.waited_s += wait
            self._sleep(wait)
            slept_until = now + wait

    def _wait_needed(self, now: float, units: int) -> float:
        waits = [self._hold_until - now, self._ceiling_wait(now, units)]
        if self._remaining is not None and self._remaining < units:
            if self._reset_at is None:  # no usable Reset: the server's window is taken to be the ceiling's
                self._reset_at = self._window_end(now)
            if self._reset_at <= now:
                self._remaining, self._reset_at = None, None  # a new window: its budget is told by the next answer
            else:
                waits.append(self._reset_at - now)
        return max(waits)

    def _live(self, now: float) -> list[Ticket]:
        """Requests that still count against the ceiling: in flight, or answered less than a window ago."""
        seconds = self._window
        while self._log and self._log[0].ended_at is not None and now - self._log[0].ended_at >= seconds:
            self._log.popleft()
        return [t for t in self._log if not t.refused and (t.ended_at is None or now - t.ended_at < seconds)]

    def _used(self, now: float) -> int:
        return sum(ticket.units for ticket in self._live(now))

    def _ceiling_wait(self, now: float, units: int) -> float:
        live = self._live(now)
        used = sum(ticket.units for ticket in live)
        if used == 0 or used + units <= self._allowance:
            return 0.0
        excess, freed = used + units - self._allowance, 0
        for ticket in sorted((t for t in live if t.ended_at is not None), key=lambda t: t.ended_at or 0.0):
            freed += ticket.units
            if freed >= excess:
                return (ticket.ended_at or now) + self._window - now
        return self._window / 100  # requests in flight hold the rest: look again shortly

    def _window_end(self, now: float) -> float:
        """When a window that began with our oldest request still counted would end."""
        ended = [t.ended_at for t in self._live(now) if t.ended_at is not None]
        return (min(ended) if ended else now) + self._window

    # --- after it -----------------------------------------------------------------------------------------------

    def after_response(
        self, headers: Mapping[str, str], status: int, ticket: Ticket | None = None, refusal: str | None = None
    ) -> None:
        """`refusal`: the error code of a 429 (ERR-TOO-MANY-REQUEST, or the in-flight cap's)."""
        total = _header_int(headers, "x-rate-limit-total")
        remaining = _header_int(headers, "x-rate-limit-remaining")
        reset = _header_float(headers, "x-rate-limit-reset")
        retry_after = _retry_after(_header(headers, "retry-after"), self._wall)
        hint = _header(headers, CEILING_HINT)
        with self._lock:
            now = self._clock()
            ticket = ticket or self._oldest_in_flight()
            if ticket is not None:
                ticket.ended_at = now
            self._take_hint(hint)
            stats = self.stats
            stats.answers += 1
            stats.last_answer = now
            if total is not None or remaining is not None or reset is not None:
                stats.answers_with_headers += 1
            if total is not None:
                stats.budget_total = total if stats.budget_total is None else min(stats.budget_total, total)
            reset_in = self._plausible_reset(reset)
            if status == 429:
                self._refused(ticket, now, refusal, reset_in, retry_after)
                return
            self._refusing_since, self._streak = None, 0
            self._reset_at = None
            if remaining is None:
                self._remaining = None
            else:
                self._learn_weight(ticket, remaining)
                # Requests still in flight were sent after this one was counted, or counted already: either way,
                # the lower figure is the safe one.
                in_flight = sum(t.units for t in self._log if t.ended_at is None)
                self._remaining = max(0, remaining - in_flight)
                if reset_in is not None:
                    # Our own requests explain an empty budget: the server's clock needs no benefit of the doubt;
                    # and if its window is no longer than ours, nor its budget smaller, the ceiling holds already.
                    # (One request of slack: the two counts may differ on one that sits on the window's edge.)
                    used = self._used(now)
                    explained = total - remaining <= used + 1 if total is not None else used >= self._allowance
                    covered = explained and total is not None and total >= self._allowance \
                        and reset_in <= self._window
                    if not covered:
                        self._reset_at = now + reset_in + (0.0 if explained else self._margin)
            self._recover(now)

    def _recover(self, now: float) -> None:
        """After calm windows, one step back towards the ceiling; each lesson doubles the calm needed."""
        calm = RECOVERY_WINDOWS * self._ceiling[1] * 2 ** min(3, max(0, self._lessons - 1))
        if now - self._calm_since < calm or (self._allowance, self._window) == self._ceiling:
            return
        if self._window > self._ceiling[1]:
            self._window = max(self._ceiling[1], self._window * 7 / 8)
        else:
            self._allowance += 1
        self._calm_since = now
        self.stats.pace = self.pace

    def after_failure(self, ticket: Ticket | None = None, sent: bool = True) -> None:
        """No answer. `sent=False`: the request never left (refused connection), so it counts for nothing."""
        with self._lock:
            ticket = ticket or self._oldest_in_flight()
            if ticket is None:
                return
            if sent:
                ticket.ended_at = self._clock()
                return
            self._log.remove(ticket)
            if self._remaining is not None:
                self._remaining += ticket.units

    def refused_for(self) -> float:
        """Seconds since the first of the refusals (429) the server has answered without a break; 0 when none."""
        with self._lock:
            return 0.0 if self._refusing_since is None else self._clock() - self._refusing_since

    def _oldest_in_flight(self) -> Ticket | None:
        return next((t for t in self._log if t.ended_at is None), None)

    def _take_hint(self, value: str | None) -> None:
        if not value or not self.accept_ceiling_hint or self._configured:
            return
        try:
            count, seconds = value.split("/")
            ceiling = (int(count), float(seconds))
        except ValueError:
            return
        if ceiling != self._ceiling and ceiling[0] >= 1 and ceiling[1] > 0:
            self._set_ceiling(ceiling)

    def _plausible_reset(self, reset: float | None) -> float | None:
        """Seconds to the announced Reset, or None when it is absent, past, or further than the horizon."""
        if reset is None:
            return None
        delay = reset - self._wall()
        if 0 < delay <= RESET_HORIZON_WINDOWS * self._ceiling[1]:
            self.stats.window_s = max(self.stats.window_s or 0.0, delay)
            return delay
        if self.stats.resets_ignored == 0:
            log.info("X-Rate-Limit-Reset %+.1f s from now: ignored (in the past or beyond %.0f s)", delay,
                     RESET_HORIZON_WINDOWS * self._ceiling[1])
        self.stats.resets_ignored += 1
        return None

    def _learn_weight(self, ticket: Ticket | None, remaining: int) -> None:
        """A request alone in flight whose answer shows the budget down by more than one weighs that much."""
        if ticket is None or ticket.remaining_before is None or any(t.ended_at is None for t in self._log):
            return
        cost = ticket.remaining_before - remaining
        if ticket.units < cost <= self._ceiling[0]:  # a new window (cost <= 0) or an aged-out one says nothing
            log.info("%s counts for %d requests of the budget", ticket.route or "a request", cost)
            ticket.units = cost
            self._weights[ticket.route] = cost

    def _refused(
        self, ticket: Ticket | None, now: float, refusal: str | None, reset_in: float | None,
        retry_after: float | None,
    ) -> None:
        self.stats.throttled_429 += 1
        if ticket is not None:
            ticket.refused = True  # not processed: it spent nothing
        if self._refusing_since is None:
            self._refusing_since = now
        self._streak += 1
        self._remaining = self._reset_at = None
        seconds = self._ceiling[1]
        horizon = RESET_HORIZON_WINDOWS * seconds
        if refusal is not None and refusal.startswith("ERR-TOO-MANY-CONCURRENT"):
            # Too many requests in flight on one route: not the budget; theirs end soon.
            self._hold_until = max(self._hold_until, now + min(seconds, seconds / 10 * 2 ** (self._streak - 1)))
            return
        before, admitted = self._allowance, self._used(now)
        answered = [t.ended_at for t in self._live(now) if t.ended_at is not None and t is not ticket]
        if admitted == 0 or (self._streak == 1 and answered and now - min(answered) >= self._window / 2):
            # Refused with nothing of ours left in our window, or once the oldest was leaving it: the server
            # counts over a longer window. Halve the rate by doubling the window; the bursts stay whole.
            self._window = min(horizon, self._window / DECREASE)
        elif self._streak == 1:
            # Refused in the middle of a burst: the server's budget is what it admitted (at most halved at once).
            self._allowance = max(1, min(before - 1, max(admitted, math.floor(before * DECREASE))))
        if self._streak == 1:
            self._lessons += 1
        if self.pace != self.stats.pace:
            self.stats.pace = self.pace
            log.info("429 after %d requests in %.0f s: now at most %d per %.0f s", admitted, seconds,
                     self._allowance, self._window)
        self._calm_since = now
        if retry_after is not None and 0 < retry_after <= horizon:
            hold = retry_after
        elif reset_in is not None:
            hold = reset_in + self._margin
            if self._streak > 1:  # the Reset we waited for came too early for the server
                self._margin = min(seconds / 4, self._margin * 2)
        else:
            hold = max(self._window_end(now) - now, seconds / 10)
        if self._streak > 1:
            hold = max(hold, seconds * 2 ** (self._streak - 2))
        self._hold_until = max(self._hold_until, now + min(hold, horizon))


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        for key, val in headers.items():
            if key.lower() == name:
                return val
    return value


def _header_int(headers: Mapping[str, str], name: str) -> int | None:
    value = _header(headers, name)
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def _header_float(headers: Mapping[str, str], name: str) -> float | None:
    value = _header(headers, name)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _retry_after(value: str | None, wall: Callable[[], float]) -> float | None:
    """Retry-After in seconds: a number of seconds, or an HTTP date."""
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).timestamp() - wall()
    except (TypeError, ValueError):
        return None
