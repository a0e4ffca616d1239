"""Pace one token's requests under whatever limiter the server runs, within a ceiling of our own.

The documentation says 20 requests per 10 s per token, with `X-Rate-Limit-Total/-Remaining/-Reset` on every
answer and Reset at the window's end. The publisher's captures show Total 10, a Reset about 1 s away, and
Resets 2 s and 27 s in the past. So the pacer believes no single source:

- **The ceiling** (the documented 20 per 10 s, or `limit=`: a tokens file's `budget`) is a sliding window over
  the times the *answers* came back: N per W counted here is never more than N in any W seconds at the server,
  under a fixed window, a sliding one or a token bucket, whatever the headers say.
- **The headers are evidence** (rate_headers.py reads them and says which Reset to believe). `Remaining` makes
  it wait when the server has less left than the ceiling would allow, until a believed Reset, else a ceiling
  window. A Total below our allowance with no usable Reset spreads the requests over the window (one every
  W/N s): a short window of the server's is never emptied by a burst. A Total above ours changes nothing.
  A route whose answer shows `Remaining` dropping by more than one is counted at that weight.
- **Every 429 teaches.** In the middle of a burst: the allowance drops to what was admitted (by half at most)
  and the requests are spaced (window / allowance from an answer to the next request), which a token bucket
  or a short window admits. While so spaced: the spacing doubles. With our oldest request leaving our window,
  or none left in it: the server counts over a longer window; ours doubles at each refusal, the first
  admission bounds it. After a step back up that is refused: back for good. The token holds for a
  Retry-After, a believed Reset or a window, doubled while refusals go on; after RECOVERY_WINDOWS calm windows
  (more after each lesson) the pace takes one step back towards the ceiling (the spacing stays).
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

from bulkio.api.pacing_lessons import Lessons
from bulkio.api.rate_headers import (
    RESET_HORIZON_WINDOWS,
    RateHeaders,
    ResetReader,
    read_rate_headers,
)
from bulkio.i18n import register, t

log = logging.getLogger("bulkio.api")

register(
    {
        "pacing.log.reset_ignored": {
            "fr": "X-Rate-Limit-Reset à {delay} s de maintenant : ignoré (dans le passé, ou au-delà de {horizon} s "
            "sans être répété)",
            "en": "X-Rate-Limit-Reset {delay} s from now: ignored (in the past, or beyond {horizon} s without being "
            "repeated)",
        },
        "pacing.log.weight": {"fr": "{route} compte pour {cost} requêtes du budget",
                              "en": "{route} counts for {cost} requests of the budget"},
        "pacing.log.spread": {
            "fr": "le serveur annonce {total} requêtes par fenêtre sans Reset utilisable : une requête toutes les "
            "{gap} s au plus, sans rafale",
            "en": "the server announces {total} requests per window with no usable Reset: one request every {gap} s "
            "at most, no bursts",
        },
    }
)

DOCUMENTED_CEILING: tuple[int, float] = (20, 10.0)  # reference §1.8
GIVE_UP_AFTER_S = 300.0  # minutes of continuous refusal before a request is abandoned


@dataclass
class Ticket:
    """One request: what it counts for and when its answer came back."""

    route: str
    units: int
    remaining_before: int | None = None  # the server's budget as known when it left with nothing else in flight
    ended_at: float | None = None
    refused: bool = False


@dataclass
class PacingStats:
    requests: int = 0
    throttled_429: int = 0
    budget_total: int | None = None  # the lowest X-Rate-Limit-Total announced
    recent: deque[float] = field(default_factory=lambda: deque(maxlen=200))  # when the last requests left
    resets_ignored: int = 0  # answers whose Reset was in the past or beyond the horizon
    answers: int = 0
    answers_with_headers: int = 0
    first_sent: float | None = None
    last_answer: float | None = None
    ceiling: tuple[int, float] = DOCUMENTED_CEILING
    pace: tuple[int, float] = DOCUMENTED_CEILING  # the ceiling after what the refusals taught (fewer, or longer)
    spacing: float = 0.0  # the least time between two requests the refusals or the headers impose (0: bursts)
    peak: int = 0  # the most requests sent within one window of the ceiling's length


class Pacer(Lessons):
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
        self._sends: deque[float] = deque()  # when the requests of the last ceiling window left (stats.peak)
        self._weights: dict[str, int] = {}
        self._remaining: int | None = None
        self._reset_at: float | None = None  # on our monotonic clock
        self._resets = ResetReader(wall)
        self._hold_until = 0.0
        self._spread = 0.0  # from the headers: the least time between two requests leaving
        self._last_sent = self._last_answer = -math.inf
        self._init_lessons(clock())
        self.stats = PacingStats()
        self._set_ceiling(limit or DOCUMENTED_CEILING)

    @property
    def ceiling(self) -> tuple[int, float]:
        return self._ceiling

    @property
    def allowance(self) -> int:
        return self._allowance

    @property
    def spacing(self) -> float:
        """The least time between two requests it holds to now (0: bursts are allowed)."""
        return max(self._gap, self._spread)

    def expected_rate(self) -> float:
        """Requests per second it will hold to from now on, as far as it knows (for an ETA)."""
        with self._lock:
            rate = self._allowance / self._window
            spacing = max(self._gap, self._spread)
            return min(rate, 1 / spacing) if spacing > 0 else rate

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
                    ticket = Ticket(route, units, self._remaining if alone else None)
                    self._log.append(ticket)
                    if self._remaining is not None:
                        self._remaining -= units
                    self._count_send(now)
                    return ticket
            self._sleep(wait)
            slept_until = now + wait

    def _count_send(self, now: float) -> None:
        stats = self.stats
        stats.requests += 1
        stats.recent.append(now)
        if stats.first_sent is None:
            stats.first_sent = now
        self._last_sent = now
        self._sends.append(now)
        while now - self._sends[0] >= self._ceiling[1]:
            self._sends.popleft()
        stats.peak = max(stats.peak, len(self._sends))

    def _wait_needed(self, now: float, units: int) -> float:
        waits = [self._hold_until - now, self._ceiling_wait(now, units), self._last_sent + self._spread - now]
        if self._gap > 0:
            in_flight = any(ticket.ended_at is None for ticket in self._log)
            waits.append(self._gap / 10 if in_flight else self._last_answer + self._gap - now)
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
        for ticket in sorted((one for one in live if one.ended_at is not None), key=lambda one: one.ended_at or 0.0):
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
        found = read_rate_headers(headers, self._wall)
        total, remaining = found.total, found.remaining
        with self._lock:
            now = self._clock()
            ticket = ticket or self._oldest_in_flight()
            if ticket is not None:
                ticket.ended_at = now
            self._last_answer = now
            self._take_hint(found.hint)
            stats = self.stats
            stats.answers += 1
            stats.last_answer = now
            if found.any:
                stats.answers_with_headers += 1
            if total is not None:
                stats.budget_total = total if stats.budget_total is None else min(stats.budget_total, total)
            reset_in = self._plausible_reset(found, now)
            if status == 429:
                self._refused(ticket, now, refusal, reset_in, found.retry_after)
                return
            self._admitted(now)
            self._reset_at = None
            self._spread_over_window(total, reset_in)
            if remaining is None:
                self._remaining = None
            else:
                self._learn_weight(ticket, remaining)
                # Requests still in flight were sent after this one was counted, or counted already: either way,
                # the lower figure is the safe one. Only threads sharing this token's pacer have any in flight
                # here (bulkio's lanes each have their own today); tests/unit/test_pacing_in_flight.py shows the
                # 429 it spares them.
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

    def _spread_over_window(self, total: int | None, reset_in: float | None) -> None:
        """A budget smaller than our allowance with no usable Reset: its window may be much shorter than ours
        (the captures: 10 per 1 s), or not. Spent evenly over ours, it is never emptied by a burst; a long
        window of the server's still empties it, and the wait for Remaining then follows."""
        spread = self._window / self._allowance if total is not None and total < self._allowance \
            and reset_in is None else 0.0
        if spread and not self._spread:
            log.info("%s", t("pacing.log.spread", total=total, gap=f"{spread:.3g}"))
        self._spread = spread
        self.stats.spacing = self.spacing

    def after_failure(self, ticket: Ticket | None = None, sent: bool = True) -> None:
        """No answer. `sent=False`: the request never left (refused connection), so it counts for nothing."""
        with self._lock:
            ticket = ticket or self._oldest_in_flight()
            if ticket is None:
                return
            if sent:
                ticket.ended_at = self._last_answer = self._clock()
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

    def _take_hint(self, hint: tuple[int, float] | None) -> None:
        if hint is not None and self.accept_ceiling_hint and not self._configured and hint != self._ceiling:
            self._set_ceiling(hint)

    def _plausible_reset(self, found: RateHeaders, now: float) -> float | None:
        """Seconds to the announced Reset, or None when it is absent or not believed."""
        delay, believed = self._resets.delay(found, now, self._ceiling[1])
        if delay is None or believed:
            return delay
        if self.stats.resets_ignored == 0:
            log.info("%s", t("pacing.log.reset_ignored", delay=f"{delay:+.1f}",
                             horizon=f"{RESET_HORIZON_WINDOWS * self._ceiling[1]:.0f}"))
        self.stats.resets_ignored += 1
        return None

    def _learn_weight(self, ticket: Ticket | None, remaining: int) -> None:
        """A request alone in flight whose answer shows the budget down by more than one weighs that much."""
        if ticket is None or ticket.remaining_before is None or any(t.ended_at is None for t in self._log):
            return
        cost = ticket.remaining_before - remaining
        if ticket.units < cost <= self._ceiling[0]:  # a new window (cost <= 0) or an aged-out one says nothing
            log.info("%s", t("pacing.log.weight", route=ticket.route or "?", cost=cost))
            ticket.units = cost
            self._weights[ticket.route] = cost
