"""The limiter's profiles (docs/sandbox.md, "Rate-limit profiles"), each scaled by the configured limit."""

from __future__ import annotations

import httpx
import pytest
from sandbox_support import headers

from bulkio.sandbox import EmbeddedSandbox
from bulkio.sandbox.ratelimit import CEILING_HEADER, RateLimiter

T0 = 1_700_000_000.0


def admit(limiter: RateLimiter, at: float) -> tuple[str | None, dict[str, str]]:
    code, budget = limiter.admit("token", "GET /x", now=T0 + at)
    limiter.leave("token", "GET /x")
    return code, budget.headers()


def test_docs_is_the_documented_fixed_window_with_reset_at_its_end() -> None:
    limiter = RateLimiter(20, 10.0)
    answers = [admit(limiter, 0.1 * i) for i in range(21)]
    assert [code for code, _ in answers].count("ERR-TOO-MANY-REQUEST") == 1
    first = answers[0][1]
    assert (first["X-Rate-Limit-Total"], first["X-Rate-Limit-Remaining"]) == ("20", "19")
    assert float(first["X-Rate-Limit-Reset"]) == pytest.approx(T0 + 10.0)
    assert first[CEILING_HEADER] == "20/10"
    assert admit(limiter, 10.0)[0] is None  # a new window


def test_capture_is_ten_per_tenth_of_the_window_announcing_total_10() -> None:
    limiter = RateLimiter(20, 10.0, profile="capture")
    codes = [admit(limiter, 0.01 * i)[0] for i in range(11)]
    assert codes == [None] * 10 + ["ERR-TOO-MANY-REQUEST"]
    code, first = admit(limiter, 1.0)  # the window is 1 s at 20/10
    assert code is None and first["X-Rate-Limit-Total"] == "10" and first["X-Rate-Limit-Remaining"] == "9"
    assert float(first["X-Rate-Limit-Reset"]) == pytest.approx(T0 + 2.0)  # Reset ≈ now + 1 s, as captured
    assert first[CEILING_HEADER] == "20/10"  # the documented limit, not the enforced one


def test_sliding_wrong_reset_counts_the_last_window_and_announces_a_reset_it_does_not_keep() -> None:
    limiter = RateLimiter(20, 10.0, profile="sliding-wrong-reset")
    for i in range(20):
        code, last = admit(limiter, 0.1 * i)  # 0 .. 1.9 s
        assert code is None
    assert float(last["X-Rate-Limit-Reset"]) == pytest.approx(T0 + 1.9 + 1.2)
    assert admit(limiter, 3.2)[0] == "ERR-TOO-MANY-REQUEST"  # past the announced Reset: still 20 in 10 s
    assert admit(limiter, 10.0)[0] is None  # the first one (at 0 s) has left the window
    assert admit(limiter, 10.05)[0] == "ERR-TOO-MANY-REQUEST"  # the second (at 0.1 s) has not


def test_skewed_clock_is_the_captures_window_with_their_reset_2_to_27_s_in_the_past() -> None:
    # "society (all accounting folders)" and "TRA/partial" (2020-06-10): Total 10, Remaining 9, Reset − Date =
    # −2.07 s and −27.67 s; the other captures of that server show its 10 per ~1 s window.
    limiter = RateLimiter(20, 10.0, profile="skewed-clock")
    answers = [admit(limiter, 0.01 * i) for i in range(11)]
    assert [code for code, _ in answers] == [None] * 10 + ["ERR-TOO-MANY-REQUEST"]
    first = answers[0][1]
    assert (first["X-Rate-Limit-Total"], first["X-Rate-Limit-Remaining"]) == ("10", "9")
    resets = [float(found["X-Rate-Limit-Reset"]) - (T0 + 0.01 * i) for i, (_code, found) in enumerate(answers)]
    assert all(-27.0 <= delta <= -2.0 for delta in resets), resets
    assert admit(limiter, 1.0)[0] is None  # the window is 1 s at 20/10


def test_strict_silent_admits_half_the_documented_budget_and_says_nothing() -> None:
    limiter = RateLimiter(20, 10.0, profile="strict-silent")
    answers = [admit(limiter, 0.01 * i) for i in range(11)]
    assert [code for code, _ in answers] == [None] * 10 + ["ERR-TOO-MANY-REQUEST"]
    assert all(set(found) == {CEILING_HEADER} for _, found in answers)
    assert answers[0][1][CEILING_HEADER] == "20/10"  # it tells bulkio the documented limit, and enforces half
    assert admit(limiter, 5.0)[0] == "ERR-TOO-MANY-REQUEST" and admit(limiter, 10.0)[0] is None


def test_no_headers_enforces_the_window_silently() -> None:
    limiter = RateLimiter(4, 1.0, profile="no-headers")
    answers = [admit(limiter, 0.01 * i) for i in range(5)]
    assert [code for code, _ in answers] == [None] * 4 + ["ERR-TOO-MANY-REQUEST"]
    assert all(set(found) == {CEILING_HEADER} for _, found in answers)


def test_rate_limit_scales_every_profile() -> None:
    limiter = RateLimiter(20, 1.0, profile="capture")  # --rate-limit 20/1: ten times faster
    assert [admit(limiter, 0.001 * i)[0] for i in range(11)][-1] == "ERR-TOO-MANY-REQUEST"
    assert admit(limiter, 0.1)[0] is None  # a window of 0.1 s


def test_the_profile_is_chosen_through_the_operator_endpoint(sandbox: EmbeddedSandbox, api: httpx.Client) -> None:
    assert sandbox.set_faults(rate_profile="capture", rate_limit="20/10")["rate_profile"] == "capture"
    answer = api.get("/key/info", headers=headers())
    assert answer.headers["X-Rate-Limit-Total"] == "10" and answer.headers[CEILING_HEADER] == "20/10"
    sandbox.set_faults(rate_profile="no-headers")
    assert "X-Rate-Limit-Total" not in api.get("/key/info", headers=headers()).headers
    with pytest.raises(ValueError, match="rate_profile"):
        sandbox.set_faults(rate_profile="leaky-bucket")
    sandbox.reset()
    assert httpx.get(sandbox.url + "/_sandbox/faults").json()["rate_profile"] == "docs"  # the start-up profile
