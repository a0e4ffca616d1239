"""What the pacer learns from a 429 (see pacing.py): the Pacer's half that answers refusals and steps back up.

A mixin: the state is the Pacer's (`_init_lessons` sets this half of it), the methods run under its lock.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

from bulkio.api.rate_headers import LONGEST_WINDOWS, RESET_HORIZON_WINDOWS
from bulkio.i18n import register, t

if TYPE_CHECKING:
    from bulkio.api.pacing import PacingStats, Ticket

log = logging.getLogger("bulkio.api")

register(
    {
        "pacing.log.learned": {
            "fr": "429 après {admitted} requêtes : désormais au plus {allowance} par {window} s{spacing}",
            "en": "429 after {admitted} requests: now at most {allowance} per {window} s{spacing}",
        },
        "pacing.log.spacing": {"fr": ", {gap} s au moins entre deux requêtes",
                               "en": ", at least {gap} s between two requests"},
    }
)

# Past a Reset the server's budget did not explain by our own requests, by how much later to send: its clock
# decides. Doubled (up to a quarter window) when a refusal follows a wait for a Reset.
RESET_MARGIN_S = 0.02
DECREASE = 0.5
RECOVERY_WINDOWS = 6


class Lessons:
    stats: PacingStats
    _ceiling: tuple[int, float]
    _allowance: int
    _window: float
    _remaining: int | None
    _reset_at: float | None
    _hold_until: float

    def _init_lessons(self, now: float) -> None:
        self._gap = 0.0  # learned from refusals: the least time from an answer to the next request
        self._run: tuple[float, int] | None = None  # the first answer since the last refusal, and how many since
        self._widening: float | None = None  # refused over a longer window: when the batch it counted began
        self._refusing_since: float | None = None
        self._streak = 0  # refusals since the last answer that was not one
        self._calm_since = now
        self._lessons = 0  # runs of refusals so far: each one makes the next probe upwards wait longer
        self._probe: tuple[tuple[int, float], float] | None = None  # the pace before the last step up, and when
        self._refused_rate = math.inf  # the lowest rate (requests per second) a step up was refused at
        self._margin = RESET_MARGIN_S

    @property
    def pace(self) -> tuple[int, float]:
        """What the pacer holds to now: at most this many requests in any window of this many seconds."""
        return self._allowance, self._window

    @property
    def spacing(self) -> float:
        raise NotImplementedError

    def _used(self, now: float) -> int:
        raise NotImplementedError

    def _live(self, now: float) -> list[Ticket]:
        raise NotImplementedError

    def _window_end(self, now: float) -> float:
        raise NotImplementedError

    def _admitted(self, now: float) -> None:
        """An answer that was not a refusal: the run goes on, and a widening window is bounded."""
        self._refusing_since, self._streak = None, 0
        self._run = (now, 1) if self._run is None else (self._run[0], self._run[1] + 1)
        if self._widening is not None:
            # Admitted at last: the server's window is no longer than the time since the batch it refused
            # after began (a fixed window opened by that batch; a sliding one where it has aged out).
            self._window = max(self._ceiling[1], min(LONGEST_WINDOWS * self._ceiling[1], now - self._widening))
            self._widening = None
            self.stats.pace = self.pace

    def _recover(self, now: float) -> None:
        """After calm windows, one step back towards the ceiling; each lesson doubles the calm needed."""
        if self._probe is not None and now - self._probe[1] >= 2 * self._window:
            self._probe = None  # the step up held for two windows: it stays
        calm = RECOVERY_WINDOWS * self._ceiling[1] * 2 ** min(3, max(0, self._lessons - 1))
        if now - self._calm_since < calm or (self._allowance, self._window) == self._ceiling:
            return
        allowance, window = self.pace
        if window > self._ceiling[1]:
            window = max(self._ceiling[1], window * 7 / 8)
        else:
            allowance += 1
        self._calm_since = now
        if allowance / window >= self._refused_rate:
            return  # the server refused that rate already: no probing it again
        self._probe = (self.pace, now)
        self._allowance, self._window = allowance, window
        self.stats.pace = self.pace

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
        horizon, longest = RESET_HORIZON_WINDOWS * seconds, LONGEST_WINDOWS * seconds
        if refusal is not None and refusal.startswith("ERR-TOO-MANY-CONCURRENT"):
            # Too many requests in flight on one route: not the budget; theirs end soon.
            self._hold_until = max(self._hold_until, now + min(seconds, seconds / 10 * 2 ** (self._streak - 1)))
            return
        run, self._run = self._run, None
        hold = self._learn(ticket, now, run) if self._streak == 1 else None
        if self._widening is not None:
            # Refused over a longer window than ours: the next try is when a window twice as long as the last
            # guess, opened by that batch, ends (a few refusals find any length; the first admission bounds it).
            if self._streak > 1:
                self._window = min(longest, self._window / DECREASE)
                self.stats.pace = self.pace
            hold = max(seconds / 10, self._widening + self._window - now)  # at most a horizon away (below)
        self._calm_since = now
        if retry_after is not None and 0 < retry_after <= longest:
            hold = retry_after
        elif reset_in is not None:
            hold = reset_in + self._margin
            if self._streak > 1:  # the Reset we waited for came too early for the server
                self._margin = min(seconds / 4, self._margin * 2)
        elif hold is None:
            hold = min(horizon, max(self._window_end(now) - now, seconds / 10))
        if self._streak > 1 and self._widening is None:
            hold = max(hold, min(horizon, seconds * 2 ** (self._streak - 2)))
        told = retry_after is not None or reset_in is not None  # the server said how long: believed that far
        self._hold_until = max(self._hold_until, now + min(hold, longest if told else horizon))

    def _learn(self, ticket: Ticket | None, now: float, run: tuple[float, int] | None) -> float | None:
        """The lesson of the first refusal of a run: a longer window, a wider spacing, or a smaller allowance
        with a spacing. Returns how long to hold when the lesson says (None: the caller decides)."""
        self._lessons += 1
        if self._probe is not None:
            # Refused after a step up: that step was one too many. Back to the pace that held, for good.
            self._refused_rate = min(self._refused_rate, self._allowance / self._window)
            (self._allowance, self._window), self._probe = self._probe[0], None
            self.stats.pace = self.pace
            return None
        before, admitted = self._allowance, self._used(now)
        answered = [t.ended_at for t in self._live(now) if t.ended_at is not None and t is not ticket]
        hold = None
        if self._gap > 0 and admitted > 0:
            # Refused although spaced: the server's rate is lower. Halve ours; its window began with this run
            # (the first answer after the last refusal), which the new spacing must have covered.
            self._gap = min(self._window, self._gap / DECREASE)
            if run is not None:
                hold = max(self._gap, run[0] + run[1] * self._gap - now)
        elif admitted == 0 or (answered and now - min(answered) >= self._window / 2):
            # Refused with nothing of ours left in our window, or once the oldest was leaving it: the server
            # counts over a longer window. Halve the rate by doubling the window; the bursts stay whole.
            self._window = min(LONGEST_WINDOWS * self._ceiling[1], self._window / DECREASE)
            self._widening = min(answered, default=run[0] if run is not None else now)
        else:
            # Refused in the middle of a burst: the server's budget is what it admitted (at most halved at once),
            # and its window may be shorter than ours (or a bucket): the new allowance is spread evenly over ours.
            self._allowance = max(1, min(before - 1, max(admitted, math.floor(before * DECREASE))))
            self._gap = self._window / self._allowance
        self.stats.spacing = self.spacing
        if self.pace != self.stats.pace or hold is not None:
            self.stats.pace = self.pace
            spacing = t("pacing.log.spacing", gap=f"{self._gap:.3g}") if self._gap else ""
            log.info("%s", t("pacing.log.learned", admitted=admitted, allowance=self._allowance,
                             window=f"{self._window:.3g}", spacing=spacing))
        return hold
