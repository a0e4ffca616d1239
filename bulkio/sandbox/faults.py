"""Injected faults: latency, 500 errors, write timeouts (commit, then stall), and failing dossiers.

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

from bulkio.sandbox.config import SandboxConfig, format_rate_limit, parse_rate_limit


@dataclass
class Faults:
    error_rate: float = 0.0
    timeout_rate: float = 0.0
    latency_ms: int = 0
    stall_seconds: float = 65.0
    seed: int | None = None
    rate_limit: tuple[int, float] = (20, 10.0)
    failing_societies: frozenset[int] = frozenset()
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
        }

    def update(self, changes: dict[str, Any]) -> bool:
        """Apply operator changes (ValueError on a bad value); True when the rate limit changed."""
        unknown = set(changes) - {"error_rate", "timeout_rate", "latency_ms", "rate_limit",
                                  "stall_seconds", "seed", "failing_societies"}
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        kept = {k: v for k, v in self.as_dict().items() if k not in ("rate_limit", "failing_societies")}
        candidate = Faults(**kept, rate_limit=self.rate_limit, failing_societies=self.failing_societies)
        for name in ("error_rate", "timeout_rate", "stall_seconds"):
            if name in changes:
                value = changes[name]
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"{name} must be a number")
                setattr(candidate, name, float(value))
        if "latency_ms" in changes:
            value = changes["latency_ms"]
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError("latency_ms must be an integer")
            candidate.latency_ms = value
        if "rate_limit" in changes:
            candidate.rate_limit = parse_rate_limit(changes["rate_limit"])
        if "seed" in changes:
            seed = changes["seed"]
            if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
                raise ValueError("seed must be an integer or null")
            candidate.seed = seed
        if "failing_societies" in changes:
            candidate.failing_societies = _society_ids(changes["failing_societies"])
        candidate._check()
        rate_changed = candidate.rate_limit != self.rate_limit
        with self._lock:
            self.error_rate, self.timeout_rate = candidate.error_rate, candidate.timeout_rate
            self.latency_ms, self.stall_seconds = candidate.latency_ms, candidate.stall_seconds
            self.rate_limit = candidate.rate_limit
            self.failing_societies = candidate.failing_societies
            if "seed" in changes:
                self.seed = candidate.seed
                self._rng = random.Random(self.seed)
        return rate_changed

    def _check(self) -> None:
        for name in ("error_rate", "timeout_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.latency_ms < 0 or self.stall_seconds < 0:
            raise ValueError("latency_ms and stall_seconds must be >= 0")

    def draw_error(self) -> bool:
        with self._lock:
            return self.error_rate > 0 and self._rng.random() < self.error_rate

    def draw_timeout(self) -> bool:
        with self._lock:
            return self.timeout_rate > 0 and self._rng.random() < self.timeout_rate

    def society_fails(self, society_id: int | None) -> bool:
        """The request is about a dossier of `failing_societies`: it answers 500."""
        return society_id is not None and society_id in self.failing_societies


def _society_ids(value: Any) -> frozenset[int]:
    if not isinstance(value, list | tuple) or any(isinstance(v, bool) or not isinstance(v, int) or v < 1
                                                  for v in value):
        raise ValueError("failing_societies must be a list of dossier ids (positive integers)")
    return frozenset(value)
