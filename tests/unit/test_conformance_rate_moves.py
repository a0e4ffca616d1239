"""`bulkio check --conformance` on a server whose Reset lies in the past (issue 14 review): a past Reset tells no
window's end, so its changes from one answer to the next are no sign of a sliding window. The probe names the past
Reset (and the Total), not a sliding window."""

from __future__ import annotations

from email.utils import formatdate

from bulkio.conformance_rates import Answer, rate_differences

T0 = 1_700_000_000.0


def test_a_reset_in_the_past_each_time_different_is_not_read_as_a_sliding_window() -> None:
    # As the skewed-clock captures show it: Total 10, Remaining going down, each Reset 2 s to 27 s in the past.
    past = [-2.07, -27.67, -5.0, -12.3, -8.8]
    answers = [Answer("GET /api/v1/key/info", 200, {
        "date": formatdate(int(T0 + 0.3 * n), usegmt=True), "x-rate-limit-total": "10",
        "x-rate-limit-remaining": str(9 - n), "x-rate-limit-reset": f"{T0 + 0.3 * n + delta:.6f}"}, T0 + 0.3 * n)
        for n, delta in enumerate(past)]
    found = rate_differences(answers, [])
    assert not any("change" in line for line in found), found
    assert found == ["X-Rate-Limit-Total = 10 (documentation : 20 requêtes par fenêtre)",
                     "X-Rate-Limit-Reset dans le passé : 27.7 s avant l'heure de la réponse (attendu : la fin de la "
                     "fenêtre en cours)"], found
