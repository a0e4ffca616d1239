"""Sandbox configuration: what an operator can tune (CLI flags, `POST /_sandbox/faults`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_RATE_LIMIT: tuple[int, float] = (20, 10.0)
# How GET /account/v2 renders an account (docs/sandbox.md, "Account shapes"): the publisher's documentation page
# (default), its Postman captures, or the captures for the list and the documentation for `account_id=`.
ACCOUNT_SHAPES = ("docs", "capture", "capture-list")
# How the rate limiter counts and what its headers say (docs/sandbox.md, "Rate-limit profiles"): the documented fixed
# window (default), the Postman captures' 10 per 1 s, a sliding window announcing a wrong Reset, the captures' window
# with their Reset in the past, no rate headers, and a silent limiter stricter than the documentation (and than
# bulkio's ceiling). Each is scaled by `rate_limit` (the documented 20/10 at its own time scale).
RATE_PROFILES = ("docs", "capture", "sliding-wrong-reset", "skewed-clock", "no-headers", "strict-silent")


@dataclass
class SandboxConfig:
    """How a sandbox behaves. Every field has the live API's behaviour as default (no faults)."""

    db_path: Path | None = None  # None -> a private in-memory database
    rate_limit: tuple[int, float] = DEFAULT_RATE_LIMIT  # requests per window (seconds), per token
    latency_ms: int = 0
    error_rate: float = 0.0
    timeout_rate: float = 0.0
    stall_seconds: float = 65.0  # how long a 'timeout' fault stalls after committing the write
    seed: int | None = None
    # 429 storms, latency spikes and dropped connections (see faults.py); off by default.
    storm_rate: float = 0.0
    storm_length: int = 5
    spike_rate: float = 0.0
    spike_ms: int = 2000
    drop_rate: float = 0.0
    empty: bool = False  # dossiers and tokens exist, but hold no accounts / analytics / associates
    account_shape: str = "docs"  # one of ACCOUNT_SHAPES
    rate_profile: str = "docs"  # one of RATE_PROFILES
    # Lifetime of a token minted by POST /api/authenticate/firm (reference §1.4: 4 hours); tests scale it down.
    token_lifetime: float = 4 * 3600.0


def parse_rate_limit(text: str) -> tuple[int, float]:
    """Parse `"20/10"` (requests / seconds) into `(20, 10.0)`; raise ValueError on anything else."""
    parts = str(text).strip().split("/")
    if len(parts) != 2:
        raise ValueError(f"rate limit must look like 20/10 (requests/seconds), got {text!r}")
    count, seconds = int(parts[0]), float(parts[1])
    if count < 1 or seconds <= 0:
        raise ValueError(f"rate limit needs at least 1 request per positive window, got {text!r}")
    return count, seconds


def format_rate_limit(limit: tuple[int, float]) -> str:
    """`(20, 10.0)` -> `"20/10"`."""
    count, seconds = limit
    return f"{count}/{seconds:g}"
