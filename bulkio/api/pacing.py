"""Spend the rate budget the server announces, and no more.

The API counts requests per token in fixed windows and says, on every response, how many are left
(`X-Rate-Limit-Remaining`) and when the window ends (`X-Rate-Limit-Reset`, epoch seconds with a fraction).
Sending as fast as the budget allows and then sleeping until the reset is the maximal rate with zero 429s;
smoothing to 2 req/s instead could straddle a window boundary and still overrun it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# Sleep a little past the announced reset: the server's clock decides, and a request that lands a few
# milliseconds early is refused.
RESET_MARGIN_S = 0.05
# Never trust a reset further away than this: a skewed clock must not park a run for minutes.
MAX_WAIT_S = 15.0


@dataclass
class PacingStats:
    requests: int = 0
    throttled_429: int = 0
    waits: int = 0
    waited_s: float = 0.0
    budget_total: int | None = None
    recent: deque[float] = field(default_factory=lambda: deque(maxlen=200))

    def rate(self, now: float, span: float = 10.0) -> float:
        """Requests per second over the last `span` seconds (for progress displays)."""
        count = sum(1 for at in self.recent if now - at <= span)
        return count / span


class Pacer:
    """One per token. Thread-safe; callers call `before_request` then `after_response`."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        wall: Callable[[], float] = time.time,
        limit: tuple[int, float] | None = None,
    ) -> None:
        self._clock, self._sleep, self._wall = clock, sleep, wall
        # A budget of our own (a tokens file's "budget"): at most N requests in any W seconds, on top of what
        # the server announces; a sliding window is never looser than the server's fixed one of the same size.
        self._limit = limit
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()
        self._remaining: int | None = None
        self._reset_at: float | None = None  # on our monotonic clock
        self._in_flight = 0
        self.stats = PacingStats()

    def before_request(self) -> None:
        while True:
            with self._lock:
                wait = self._wait_needed()
                if wait <= 0:
                    self._in_flight += 1
                    if self._remaining is not None:
                        self._remaining -= 1
                    now = self._clock()
                    if self._limit is not None:
                        self._sent.append(now)
                    self.stats.requests += 1
                    self.stats.recent.append(now)
                    return
            self.stats.waits += 1
            self.stats.waited_s += wait
            self._sleep(wait)

    def _wait_needed(self) -> float:
        own = self._own_limit_wait()
        if own > 0:
            return own
        if self._remaining is None or self._remaining > 0:
            return 0.0
        if self._reset_at is None:
            return 0.0
        wait = self._reset_at - self._clock()
        if wait <= 0:
            # The window is over: the budget is unknown until the next answer says it.
            self._remaining = None
            self._reset_at = None
            return 0.0
        return min(wait, MAX_WAIT_S)

    def _own_limit_wait(self) -> float:
        if self._limit is None:
            return 0.0
        count, seconds = self._limit
        now = self._clock()
        while self._sent and now - self._sent[0] >= seconds:
            self._sent.popleft()
        if len(self._sent) < count:
            return 0.0
        return self._sent[0] + seconds - now

    def after_response(self, headers: Mapping[str, str], status: int) -> None:
        total = _header_int(headers, "x-rate-limit-total")
        remaining = _header_int(headers, "x-rate-limit-remaining")
        reset = _header_float(headers, "x-rate-limit-reset")
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
            if total is not None:
                self.stats.budget_total = total
            if reset is not None:
                delay = max(0.0, min(reset - self._wall(), MAX_WAIT_S))
                self._reset_at = self._clock() + delay + RESET_MARGIN_S
            if status == 429:
                self.stats.throttled_429 += 1
                self._remaining = 0
                if reset is None:
                    self._reset_at = self._clock() + 1.0
            elif remaining is not None:
                # Requests sent after this one but answered earlier already counted: keep the lower figure.
                in_flight_after = self._in_flight
                self._remaining = max(0, remaining - in_flight_after)

    def after_failure(self) -> None:
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)


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
