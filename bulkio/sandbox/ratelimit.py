"""Per-token rate limiting (fixed window) and per-(token, route) in-flight cap, in memory.

Reference §1.8 [EMU]: a fixed window per token (default 20 requests per 10 s), weight 1 per request,
at most 10 in-flight calls per route, 429 for both. A rejected request does not consume budget.
Counters live in this process only; `/_sandbox/reset` and a change of limit clear them.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

MAX_IN_FLIGHT = 10


@dataclass
class Window:
    start: float
    used: int = 0


@dataclass(frozen=True)
class Budget:
    """What the `X-Rate-Limit-*` headers say after a decision."""

    total: int
    remaining: int
    reset: float  # unix epoch seconds (with fraction) at which the current window ends

    def headers(self) -> dict[str, str]:
        return {
            "X-Rate-Limit-Total": str(self.total),
            "X-Rate-Limit-Remaining": str(self.remaining),
            "X-Rate-Limit-Reset": f"{self.reset:.6f}",
        }


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._windows: dict[str, Window] = {}
        self._in_flight: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def configure(self, limit: int, window_seconds: float) -> None:
        with self._lock:
            self.limit, self.window_seconds = limit, window_seconds
            self._windows.clear()

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()
            self._in_flight.clear()

    def _window(self, token: str, now: float) -> Window:
        window = self._windows.get(token)
        if window is None or now >= window.start + self.window_seconds:
            window = self._windows[token] = Window(start=now)
        return window

    def _budget(self, window: Window) -> Budget:
        remaining = max(self.limit - window.used, 0)
        return Budget(self.limit, remaining, window.start + self.window_seconds)

    def admit(self, token: str, route_key: str, now: float | None = None) -> tuple[str | None, Budget]:
        """Admit one request: (None, budget) when admitted (budget consumed, one more in flight), or
        (error code, budget) when rejected (nothing consumed). Call `leave` after an admitted request."""
        now = time.time() if now is None else now
        with self._lock:
            window = self._window(token, now)
            if window.used >= self.limit:
                return "ERR-TOO-MANY-REQUEST", self._budget(window)
            key = (token, route_key)
            if self._in_flight.get(key, 0) >= MAX_IN_FLIGHT:
                return "ERR-TOO-MANY-CONCURRENT-REQUEST", self._budget(window)
            window.used += 1
            self._in_flight[key] = self._in_flight.get(key, 0) + 1
            return None, self._budget(window)

    def exhausted(self, token: str, now: float | None = None) -> Budget:
        """The headers of a 429 sent on top of the limiter (a storm fault): nothing left until the end of the
        token's window (of a window starting now when none is open). Consumes nothing."""
        now = time.time() if now is None else now
        with self._lock:
            window = self._windows.get(token)
            if window is None or now >= window.start + self.window_seconds:
                return Budget(self.limit, 0, now + self.window_seconds)
            return Budget(self.limit, 0, window.start + self.window_seconds)

    def leave(self, token: str, route_key: str) -> None:
        with self._lock:
            key = (token, route_key)
            count = self._in_flight.get(key, 0) - 1
            if count > 0:
                self._in_flight[key] = count
            else:
                self._in_flight.pop(key, None)
