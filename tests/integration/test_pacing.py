"""Pacing against a scaled rate limit: the budget is spent fully and never overrun."""

from __future__ import annotations

from bench.pacing import measure


def test_100_creates_under_a_scaled_limit_make_no_429_and_approach_the_ideal_time() -> None:
    figures = measure(count=100, limit=20, window=0.5)
    assert figures["writes"] == 100
    assert figures["rejected_429"] == 0
    assert figures["ratio"] > 0.6, figures  # ideal / actual; loose here, quoted from bench/ at full scale
