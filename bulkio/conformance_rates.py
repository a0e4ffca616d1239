"""The rate headers of `bulkio check --conformance`: what the answers say about the server's limiter that bulkio's
pacing does not assume (the documentation: Total 20, Reset the end of a fixed 10 s window, the same all through
it, one unit per request, the server's clock close to this machine's)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from bulkio.i18n import register, t

register(
    {
        "conf.headers_absent": {
            "fr": "en-têtes de débit absents sur {count}/{total} réponse(s) ({names}) : bulkio les attend sur "
            "chacune",
            "en": "rate headers missing on {count}/{total} answer(s) ({names}): bulkio expects them on each",
        },
        "conf.total": {"fr": "X-Rate-Limit-Total = {value} (documentation : {doc} requêtes par fenêtre)",
                       "en": "X-Rate-Limit-Total = {value} (documentation: {doc} requests per window)"},
        "conf.reset_past": {
            "fr": "X-Rate-Limit-Reset dans le passé : {seconds} s avant l'heure de la réponse (attendu : la fin de "
            "la fenêtre en cours)",
            "en": "X-Rate-Limit-Reset in the past: {seconds} s before the answer's time (expected: the end of the "
            "current window)",
        },
        "conf.reset_far": {
            "fr": "X-Rate-Limit-Reset {seconds} s après l'heure de la réponse, au-delà d'une fenêtre de {doc} s",
            "en": "X-Rate-Limit-Reset {seconds} s after the answer's time, beyond a {doc} s window",
        },
        "conf.window": {
            "fr": "fenêtre apparente de {seconds} s (Reset au début d'une fenêtre ; documentation : {doc} s)",
            "en": "apparent window of {seconds} s (Reset at the start of a window; documentation: {doc} s)",
        },
        "conf.reset_moves": {
            "fr": "X-Rate-Limit-Reset change {count} fois au sein d'une même fenêtre : fenêtre glissante ou Reset "
            "approximatif, pas la fenêtre fixe documentée",
            "en": "X-Rate-Limit-Reset changes {count} time(s) within one window: a sliding window or an approximate "
            "Reset, not the documented fixed window",
        },
        "conf.weight": {"fr": "une requête GET a consommé jusqu'à {cost} unités de budget (bulkio compte 1)",
                        "en": "a GET request used up to {cost} units of budget (bulkio counts 1)"},
        "conf.clock": {
            "fr": "l'horloge du serveur (en-tête Date) diffère de {seconds} s de celle de cette machine (bulkio lit "
            "Reset avec l'horloge locale)",
            "en": "the server's clock (Date header) differs by {seconds} s from this machine's (bulkio reads Reset "
            "with the local clock)",
        },
        "conf.throttled": {"fr": "{count} réponse(s) 429 pendant la sonde ({requests} requêtes)",
                           "en": "{count} 429 answer(s) during the probe ({requests} requests)"},
        "conf.no_date": {"fr": "pas d'en-tête Date : Reset n'a pas pu être comparé à l'heure du serveur",
                         "en": "no Date header: Reset could not be compared with the server's time"},
    }
)

DOC_TOTAL = 20
DOC_WINDOW_S = 10.0
RATE_HEADERS = ("x-rate-limit-total", "x-rate-limit-remaining", "x-rate-limit-reset")
# Date has a one-second resolution and some servers refresh it once a second (uvicorn): it may lag by 2 s.
DATE_LAG_S = 2.0
CLOCK_TOLERANCE_S = DATE_LAG_S + 1.0
SPACING_S = 0.3  # between the probe's requests: a Reset that follows the clock moves visibly


@dataclass(frozen=True)
class Answer:
    """One response as the probe saw it: route, status, rate and date headers, when it arrived (local clock)."""

    route: str
    status: int
    headers: dict[str, str]
    received: float

    def number(self, name: str) -> float | None:
        try:
            return float(self.headers[name])
        except (KeyError, ValueError):
            return None

    @property
    def date(self) -> float | None:
        try:
            return parsedate_to_datetime(self.headers["date"]).timestamp()
        except (KeyError, TypeError, ValueError):
            return None


def rate_differences(answers: Sequence[Answer], unverified: list[str]) -> list[str]:
    """What the rate headers of these answers say that bulkio's pacing does not assume."""
    found: list[str] = []
    if not answers:
        return found
    lacking = [a for a in answers if any(name not in a.headers for name in RATE_HEADERS)]
    if lacking:
        names = sorted({n for a in lacking for n in RATE_HEADERS if n not in a.headers})
        found.append(t("conf.headers_absent", count=len(lacking), total=len(answers), names=", ".join(names)))
    totals = sorted({int(v) for a in answers if (v := a.number("x-rate-limit-total")) is not None})
    if any(total != DOC_TOTAL for total in totals):
        found.append(t("conf.total", value=", ".join(map(str, totals)), doc=DOC_TOTAL))
    if any(a.date is None for a in answers):
        unverified.append(t("conf.no_date"))
    skews = sorted(a.date - a.received for a in answers if a.date is not None)
    skew = skews[len(skews) // 2] if skews else 0.0
    deltas = [(a, reset - at) for a in answers
              if (reset := a.number("x-rate-limit-reset")) is not None and a.date is not None
              and (at := _server_time(a, skew)) is not None]
    past = [delta for _a, delta in deltas if delta < -0.5]
    if past:
        found.append(t("conf.reset_past", seconds=seconds(-min(past))))
    far = [delta for _a, delta in deltas if delta > DOC_WINDOW_S + DATE_LAG_S + 0.5]
    if far:
        found.append(t("conf.reset_far", seconds=seconds(max(far)), doc=seconds(DOC_WINDOW_S)))
    # At a window's first request (Remaining = Total - 1), Reset - Date is the window's length (or a little
    # more: Date lags).
    fresh = [delta for a, delta in deltas if a.number("x-rate-limit-remaining") is not None
             and a.number("x-rate-limit-total") is not None
             and a.number("x-rate-limit-remaining") == (a.number("x-rate-limit-total") or 0) - 1]
    short = [delta for delta in fresh if 0 <= delta < DOC_WINDOW_S - 1.5]
    if short:
        found.append(t("conf.window", seconds=seconds(max(short)), doc=seconds(DOC_WINDOW_S)))
    moves, cost = _window_behaviour(answers, skew)
    if moves:
        found.append(t("conf.reset_moves", count=moves))
    if cost > 1:
        found.append(t("conf.weight", cost=cost))
    if abs(skew) > CLOCK_TOLERANCE_S:
        found.append(t("conf.clock", seconds=seconds(skew, signed=True)))
    throttled = sum(1 for a in answers if a.status == 429)
    if throttled:
        found.append(t("conf.throttled", count=throttled, requests=len(answers)))
    return found


def _server_time(answer: Answer, skew: float) -> float | None:
    """When the server answered, on its clock: this machine's (to the millisecond) when Date agrees with it, else
    Date (to the second)."""
    return answer.received if abs(skew) <= CLOCK_TOLERANCE_S else answer.date


def _window_behaviour(answers: Sequence[Answer], skew: float = 0.0) -> tuple[int, int]:
    """(how often Reset moved while Remaining went down, the largest drop of Remaining between two answers of
    one window) over consecutive answers. A Reset in the past tells no window's end (it is reported as such):
    a pair with one is left out, or a skewed clock would read as a sliding window."""
    moves, cost = 0, 0
    for before, after in itertools.pairwise(answers):
        values = [a.number(n) for a in (before, after) for n in ("x-rate-limit-remaining", "x-rate-limit-reset")]
        if any(v is None for v in values) or after.status == 429:
            continue
        if any((at := _server_time(a, skew)) is None or (a.number("x-rate-limit-reset") or 0.0) < at - 0.5
               for a in (before, after)):
            continue
        left_before, reset_before, left_after, reset_after = (float(v or 0) for v in values)
        if left_after >= left_before:
            continue  # a new window began
        if abs(reset_after - reset_before) > SPACING_S / 2:
            moves += 1
        else:
            cost = max(cost, int(left_before - left_after))
    return moves, cost


def seconds(value: float, signed: bool = False) -> str:
    return f"{value:+.1f}" if signed else f"{value:.1f}"
