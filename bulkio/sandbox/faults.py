"""Injected faults: latency, 500 errors, write timeouts (commit, then stall), failing dossiers, 429 storms,
latency spikes and dropped connections. Every one is off by default (the live API's behaviour).

`storm_rate` / `storm_length`: a request starts a storm with probability `storm_rate`; it and the next
`storm_length - 1` requests answer 429 ERR-TOO-MANY-REQUEST (budget untouched, as any 429), as when another
client spends the token's budget. `spike_rate` / `spike_ms`: a request waits `spike_ms` more, in flight.
`drop_rate`: a request's connection is closed without an answer, before the handler (nothing changes) or,
as often, after it (a write is committed and its answer lost).

`failing_societies`: every request about one of these dossiers (its `society-id`, or a society token's own
dossier) answers 500 ERR-INTERNAL before its handler runs, so a multi-dossier run meets one unreachable
dossier among reachable ones. Off by default; `reset()` turns it off.

Draws come from one `random.Random`, seeded when `seed` is given, so a run is reproducible.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any

from bulkio.sandbox.config import (
    ACCOUNT_SHAPES,
    RATE_PROFILES,
    SandboxConfig,
    format_rate_limit,
    parse_rate_limit,
)


@dataclass
class Faults:
    error_rate: float = 0.0
    timeout_rate: float = 0.0
    latency_ms: int = 0
    stall_seconds: float = 65.0
    seed: int | None = None
    rate_limit: tuple[int, float] = (20, 10.0)
    failing_societies: frozenset[int] = frozenset()
    storm_rate: float = 0.0
    storm_length: int = 5
    spike_rate: float = 0.0
    spike_ms: int = 2000
    drop_rate: float = 0.0
    account_shape: str = "docs"  # not a fault: how GET /account/v2 answers (config.ACCOUNT_SHAPES)
    rate_profile: str = "docs"  # not a fault: how the limiter counts and announces (config.RATE_PROFILES)
    _storm_left: int = field(default=0, repr=False)
    _rng: random.Random = field(default_factory=random.Random, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_config(cls, config: SandboxConfig) -> Faults:
        faults = cls(
            error_rate=config.error_rate,
            timeout_rate=config.timeout_rate,
            latency_ms=config.latency_ms,
            stall_seconds=config.stall_seconds,
            seed=config.seed,
            rate_limit=tuple(config.rate_limit),  # type: ignore[arg-type]
            storm_rate=config.storm_rate,
            storm_length=config.storm_length,
            spike_rate=config.spike_rate,
            spike_ms=config.spike_ms,
            drop_rate=config.drop_rate,
            account_shape=config.account_shape,
            rate_profile=config.rate_profile,
        )
        faults._rng = random.Random(config.seed)
        faults._check()
        return faults

    def as_dict(self) -> dict[str, Any]:
        return {
            "error_rate": self.error_rate,
            "timeout_rate": self.timeout_rate,
            "latency_ms": self.latency_ms,
            "rate_limit": format_rate_limit(self.rate_limit),
            "stall_seconds": self.stall_seconds,
            "seed": self.seed,
            "failing_societies": sorted(self.failing_societies),
            "storm_rate": self.storm_rate,
            "storm_length": self.storm_length,
            "spike_rate": self.spike_rate,
            "spike_ms": self.spike_ms,
            "drop_rate": self.drop_rate,
            "account_shape": self.account_shape,
            "rate_profile": self.rate_profile,
        }

    def update(self, changes: dict[str, Any]) -> bool:
        """Apply operator changes (ValueError on a bad value); True when the rate limit or its profile changed."""
        unknown = set(changes) - {"error_rate", "timeout_rate", "latency_ms", "rate_limit", "stall_seconds",
                                  "seed", "failing_societies", "account_shape", "rate_profile", *_RATES, *_COUNTS}
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        kept = {k: v for k, v in self.as_dict().items() if k not in ("rate_limit", "failing_societies")}
        candidate = Faults(**kept, rate_limit=self.rate_limit, failing_societies=self.failing_societies)
        for name in ("error_rate", "timeout_rate", "stall_seconds", *_RATES):
            if name in changes:
                value = changes[name]
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"{name} must be a number")
                setattr(candidate, name, float(value))
        for name in ("latency_ms", *_COUNTS):
            if name in changes:
                value = changes[name]
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ValueError(f"{name} must be an integer")
                setattr(candidate, name, value)
        if "rate_limit" in changes:
            candidate.rate_limit = parse_rate_limit(changes["rate_limit"])
        if "seed" in changes:
            seed = changes["seed"]
            if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
                raise ValueError("seed must be an integer or null")
            candidate.seed = seed
        if "failing_societies" in changes:
            candidate.failing_societies = _society_ids(changes["failing_societies"])
        if "account_shape" in changes:
            candidate.account_shape = changes["account_shape"]
        if "rate_profile" in changes:
            candidate.rate_profile = changes["rate_profile"]
        candidate._check()
        rate_changed = (candidate.rate_limit, candidate.rate_profile) != (self.rate_limit, self.rate_profile)
        with self._lock:
            self.error_rate, self.timeout_rate = candidate.error_rate, candidate.timeout_rate
            self.latency_ms, self.stall_seconds = candidate.latency_ms, candidate.stall_seconds
            self.rate_limit = candidate.rate_limit
            self.failing_societies = candidate.failing_societies
            self.account_shape = candidate.account_shape
            self.rate_profile = candidate.rate_profile
            for name in (*_RATES, *_COUNTS):
                setattr(self, name, getattr(candidate, name))
            if self.storm_rate == 0:
                self._storm_left = 0
            if "seed" in changes:
                self.seed = candidate.seed
                self._rng = random.Random(self.seed)
        return rate_changed

    def _check(self) -> None:
        for name in ("error_rate", "timeout_rate", *_RATES):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.latency_ms < 0 or self.stall_seconds < 0 or self.spike_ms < 0:
            raise ValueError("latency_ms, spike_ms and stall_seconds must be >= 0")
        if self.storm_length < 1:
            raise ValueError("storm_length must be >= 1")
        if self.account_shape not in ACCOUNT_SHAPES:
            raise ValueError(f"account_shape must be one of {', '.join(ACCOUNT_SHAPES)}")
        if self.rate_profile not in RATE_PROFILES:
            raise ValueError(f"rate_profile must be one of {', '.join(RATE_PROFILES)}")

    def draw_error(self) -> bool:
        with self._lock:
            return self.error_rate > 0 and self._rng.random() < self.error_rate

    def draw_timeout(self) -> bool:
        with self._lock:
            return self.timeout_rate > 0 and self._rng.random() < self.timeout_rate

    def draw_storm(self) -> bool:
        """This request is part of a 429 storm (one that starts here, or one under way)."""
        with self._lock:
            if self._storm_left > 0:
                self._storm_left -= 1
                return True
            if self.storm_rate > 0 and self._rng.random() < self.storm_rate:
                self._storm_left = self.storm_length - 1
                return True
            return False

    def draw_spike(self) -> bool:
        with self._lock:
            return self.spike_rate > 0 and self._rng.random() < self.spike_rate

    def draw_drop(self) -> str | None:
        """None, or when to close this request's connection: "before" the handler or "after" it."""
        with self._lock:
            if not (self.drop_rate > 0 and self._rng.random() < self.drop_rate):
                return None
            return "before" if self._rng.random() < 0.5 else "after"

    def society_fails(self, society_id: int | None) -> bool:
        """The request is about a dossier of `failing_societies`: it answers 500."""
        return society_id is not None and society_id in self.failing_societies


_RATES = ("storm_rate", "spike_rate", "drop_rate")  # probabilities, 0-1
_COUNTS = ("storm_length", "spike_ms")  # integers


def _society_ids(value: Any) -> frozenset[int]:
    if not isinstance(value, list | tuple) or any(isinstance(v, bool) or not isinstance(v, int) or v < 1
                                                  for v in value):
        raise ValueError("failing_societies must be a list of dossier ids (positive integers)")
    return frozenset(value)
