"""Per-token rate limiting under a selectable profile, and the per-(token, route) in-flight cap, in memory.

Reference §1.8 [EMU]: a fixed window per token (default 20 requests per 10 s), weight 1 per request,
at most 10 in-flight calls per route, 429 for both. A rejected request does not consume budget.
Counters live in this process only; `/_sandbox/reset` and a change of limit or profile clear them.

The profiles (docs/sandbox.md, "Rate-limit profiles") are the readings of the limiter that the publisher's
documentation and its Postman captures allow. `limit`/`window_seconds` is the documented 20/10 at the sandbox's
time scale; each profile is defined relative to it, so `--rate-limit 20/1` runs every profile ten times faster:

    docs                 a fixed window of N per W, Reset at its end (the documentation)
    capture              a fixed window of N/2 per W/10, Total N/2, Reset at its end (≈ now + 1 s at 20/10)
    sliding-wrong-reset  N in any W (sliding), Remaining true, Reset announced at now + 0.12 W (1.2 s)
    skewed-clock         the capture's window and Total N/2, its Reset 0.2 W to 2.7 W in the past (2 to 27 s)
    no-headers           the docs window, no X-Rate-Limit-* header at all
    strict-silent        a fixed window of N/2 per W, no X-Rate-Limit-* header: stricter than the documentation
                         (and than the ceiling X-Sandbox-Rate-Limit tells bulkio), known only by its 429s

Every authenticated answer also carries `X-Sandbox-Rate-Limit: N/W`, a sandbox extension: the documented
limit at this sandbox's time scale, which bulkio's client (to a loopback address only) takes as its ceiling.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from bulkio.sandbox.config import format_rate_limit

MAX_IN_FLIGHT = 10
CEILING_HEADER = "X-Sandbox-Rate-Limit"
# skewed-clock: the announced Reset lies this many windows in the past (2 to 27 s at 20/10, as captured).
SKEW_WINDOWS = (0.2, 2.7)
# sliding-wrong-reset: the announced Reset, in windows from now (1.2 s at 20/10).
WRONG_RESET_WINDOWS = 0.12


@dataclass
class Window:
    start: float
    used: int = 0
    admitted: deque[float] = field(default_factory=deque)  # sliding profile: when each admitted request came


@dataclass(frozen=True)
class Budget:
    """What the headers say after a decision."""

    total: int
    remaining: int
    reset: float | None  # unix epoch seconds (with fraction) announced as the window's end; None: no rate headers
    ceiling: str = ""  # the documented limit at this sandbox's time scale ("20/1")

    def headers(self) -> dict[str, str]:
        hint = {CEILING_HEADER: self.ceiling} if self.ceiling else {}
        if self.reset is None:
            return hint
        return {
            "X-Rate-Limit-Total": str(self.total),
            "X-Rate-Limit-Remaining": str(self.remaining),
            "X-Rate-Limit-Reset": f"{self.reset:.6f}",
            **hint,
        }


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float, profile: str = "docs") -> None:
        self._windows: dict[str, Window] = {}
        self._in_flight: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        self._rng = random.Random(0)  # the skewed clock's draws, reproducible
        self.limit, self.window_seconds, self.profile = limit, window_seconds, profile

    def configure(self, limit: int, window_seconds: float, profile: str | None = None) -> None:
        with self._lock:
            self.limit, self.window_seconds = limit, window_seconds
            self.profile = profile or self.profile
            self._windows.clear()
            self._rng = random.Random(0)

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()
            self._in_flight.clear()

    @property
    def _enforced(self) -> tuple[int, float]:
        """(requests, seconds) the profile admits per window."""
        if self.profile in ("capture", "skewed-clock"):
            return max(1, self.limit // 2), self.window_seconds / 10
        if self.profile == "strict-silent":
            return max(1, self.limit // 2), self.window_seconds
        return self.limit, self.window_seconds

    def _window(self, token: str, now: float) -> Window:
        window = self._windows.get(token)
        if window is None:
            window = self._windows[token] = Window(start=now)
        if self.profile == "sliding-wrong-reset":
            while window.admitted and now - window.admitted[0] >= self.window_seconds:
                window.admitted.popleft()
            window.used = len(window.admitted)
        elif now >= window.start + self._enforced[1]:
            window = self._windows[token] = Window(start=now)
        return window

    def _budget(self, window: Window, now: float) -> Budget:
        total, seconds = self._enforced
        remaining = max(total - window.used, 0)
        reset: float | None = window.start + seconds
        if self.profile == "sliding-wrong-reset":
            reset = now + WRONG_RESET_WINDOWS * seconds
        elif self.profile == "skewed-clock":
            reset = now - self._rng.uniform(*SKEW_WINDOWS) * self.window_seconds  # the documented W: 2 to 27 s
        elif self.profile in ("no-headers", "strict-silent"):
            reset = None
        return Budget(total, remaining, reset, format_rate_limit((self.limit, self.window_seconds)))

    def admit(self, token: str, route_key: str, now: float | None = None) -> tuple[str | None, Budget]:
        """Admit one request: (None, budget) when admitted (budget consumed, one more in flight), or
        (error code, budget) when rejected (nothing consumed). Call `leave` after an admitted request."""
        now = time.time() if now is None else now
        with self._lock:
            window = self._window(token, now)
            if window.used >= self._enforced[0]:
                return "ERR-TOO-MANY-REQUEST", self._budget(window, now)
            key = (token, route_key)
            if self._in_flight.get(key, 0) >= MAX_IN_FLIGHT:
                return "ERR-TOO-MANY-CONCURRENT-REQUEST", self._budget(window, now)
            window.used += 1
            window.admitted.append(now)
            self._in_flight[key] = self._in_flight.get(key, 0) + 1
            return None, self._budget(window, now)

    def exhausted(self, token: str, now: float | None = None) -> Budget:
        """The headers of a 429 sent on top of the limiter (a storm fault): nothing left until the end of the
        token's window (of a window starting now when none is open). Consumes nothing."""
        now = time.time() if now is None else now
        with self._lock:
            window = self._windows.get(token)
            if window is None or (self.profile != "sliding-wrong-reset" and now >= window.start + self._enforced[1]):
                window = Window(start=now)
            budget = self._budget(window, now)
            return Budget(budget.total, 0, budget.reset, budget.ceiling)

    def leave(self, token: str, route_key: str) -> None:
        with self._lock:
            key = (token, route_key)
            count = self._in_flight.get(key, 0) - 1
            if count > 0:
                self._in_flight[key] = count
            else:
                self._in_flight.pop(key, None)
