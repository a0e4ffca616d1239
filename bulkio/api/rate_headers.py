"""The rate headers of one answer, read leniently: `X-Rate-Limit-Total/-Remaining/-Reset`, `Retry-After`, `Date`
and the local sandbox's `X-Sandbox-Rate-Limit` (any case; a value that cannot be read is taken as absent).

What they are worth is the pacer's business (bulkio/api/pacing.py): this module only reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

CEILING_HINT = "x-sandbox-rate-limit"


@dataclass(frozen=True)
class RateHeaders:
    total: int | None = None
    remaining: int | None = None
    reset: float | None = None  # epoch seconds, as announced
    retry_after: float | None = None  # seconds from now
    hint: tuple[int, float] | None = None  # the sandbox's scaled documented limit (N, seconds)
    date: float | None = None  # the server's clock (the Date header), epoch seconds

    @property
    def any(self) -> bool:
        """At least one X-Rate-Limit-* header."""
        return self.total is not None or self.remaining is not None or self.reset is not None


def read_rate_headers(headers: Mapping[str, str], wall: Callable[[], float]) -> RateHeaders:
    return RateHeaders(
        total=header_int(headers, "x-rate-limit-total"),
        remaining=header_int(headers, "x-rate-limit-remaining"),
        reset=header_float(headers, "x-rate-limit-reset"),
        retry_after=retry_after(header(headers, "retry-after"), wall),
        hint=_hint(header(headers, CEILING_HINT)),
        date=_date(header(headers, "date")),
    )


def header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        for key, val in headers.items():
            if key.lower() == name:
                return val
    return value


def header_int(headers: Mapping[str, str], name: str) -> int | None:
    value = header(headers, name)
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def header_float(headers: Mapping[str, str], name: str) -> float | None:
    value = header(headers, name)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def retry_after(value: str | None, wall: Callable[[], float]) -> float | None:
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


def _date(value: str | None) -> float | None:
    try:
        return parsedate_to_datetime(value).timestamp() if value else None
    except (TypeError, ValueError):
        return None


def _hint(value: str | None) -> tuple[int, float] | None:
    if not value:
        return None
    try:
        count, seconds = value.split("/")
        ceiling = (int(count), float(seconds))
    except ValueError:
        return None
    return ceiling if ceiling[0] >= 1 and ceiling[1] > 0 else None


RESET_HORIZON_WINDOWS = 6.0  # a Reset further than this many ceiling windows, announced once, is not believed
LONGEST_WINDOWS = 360.0  # the longest window believed, repeated Reset or learned from 429s (1 h at 10 s)
RESET_SAME_S = 0.001  # two Resets this close announce the same instant
RESET_STABLE_S = 0.01  # ... and one is repeated once answers this far apart announced it (a `now + x` moves)
CLOCK_SKEW_S = 3.0  # a Date further than this from our clock: the Reset is read against the server's Date


class ResetReader:
    """How far an announced Reset lies, and whether to believe it: in the future, and within
    RESET_HORIZON_WINDOWS ceiling windows; or further (up to LONGEST_WINDOWS) once answers some time apart have
    announced that same instant (a long fixed window, where a clock an hour off would move with ours). Read
    against the server's Date when that is further than CLOCK_SKEW_S from our clock."""

    def __init__(self, wall: Callable[[], float]) -> None:
        self._wall = wall
        self._seen: tuple[float, float] | None = None  # the last Reset announced, and since when (caller's clock)

    def delay(self, found: RateHeaders, now: float, window: float) -> tuple[float | None, bool]:
        """(seconds to the Reset as announced, whether it is believed); (None, False) without a Reset."""
        if found.reset is None:
            return None, False
        wall = self._wall()
        delay = found.reset - wall
        if found.date is not None and abs(found.date - wall) > CLOCK_SKEW_S:
            delay = found.reset - found.date  # an instant on the server's clock, which is not ours
        if self._seen is None or abs(found.reset - self._seen[0]) > RESET_SAME_S:
            self._seen = (found.reset, now)
        repeated = now - self._seen[1] >= RESET_STABLE_S
        believed = 0 < delay <= window * (LONGEST_WINDOWS if repeated else RESET_HORIZON_WINDOWS)
        return delay, believed
