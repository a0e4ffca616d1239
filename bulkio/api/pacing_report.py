"""What the pacer saw, one sentence per token, for the Résumé sheet and `--verbose`:

    20 requêtes / 10 s annoncées ; 0 refus (429) ; 104 requêtes en 50 s (2,1 req/s) ; plafond 20 / 10 s
"""

from __future__ import annotations

from collections.abc import Sequence

from bulkio.api.pacing import PacingStats
from bulkio.i18n import language, register, t

register(
    {
        "pacing.summary": {"fr": "Débit de l'API", "en": "API rate"},
        "pacing.line": {
            "fr": "{announced} ; {refused} refus (429) ; {requests} requêtes en {span} s ({rate} req/s) ; plafond "
            "{allowance} / {seconds} s",
            "en": "{announced}; {refused} refused (429); {requests} requests in {span} s ({rate} req/s); ceiling "
            "{allowance} / {seconds} s",
        },
        "pacing.announced": {"fr": "{total} requêtes / {window} s annoncées",
                             "en": "{total} requests / {window} s announced"},
        "pacing.announced_no_window": {
            "fr": "{total} requêtes annoncées, Reset inutilisable ({ignored} fois dans le passé ou trop loin)",
            "en": "{total} requests announced, Reset unusable ({ignored} times in the past or too far)",
        },
        "pacing.no_headers": {"fr": "aucun en-tête X-Rate-Limit", "en": "no X-Rate-Limit header"},
    }
)


def describe_pacing(stats: Sequence[PacingStats], lang: str | None = None) -> list[str]:
    """One line per token that sent something: what the server announced, its refusals, the rate achieved and
    the ceiling the pacer ended with."""
    lang = lang or language()
    lines = []
    for one in stats:
        if not one.requests:
            continue
        if not one.answers_with_headers:
            announced = t("pacing.no_headers", lang)
        elif one.window_s is None:
            announced = t("pacing.announced_no_window", lang, total=one.budget_total if one.budget_total else "?",
                          ignored=one.resets_ignored)
        else:
            announced = t("pacing.announced", lang, total=one.budget_total if one.budget_total else "?",
                          window=_number(one.window_s, lang))
        rate = one.effective_rate()
        span = (one.last_answer or 0.0) - (one.first_sent or 0.0)
        lines.append(t("pacing.line", lang, announced=announced, refused=one.throttled_429, requests=one.requests,
                       span=_number(span, lang), rate=_number(rate, lang) if rate is not None else "?",
                       allowance=one.pace[0], seconds=_number(one.pace[1], lang)))
    return lines


def _number(value: float, lang: str) -> str:
    if value >= 100:
        return f"{value:.0f}"
    text = f"{value:.2g}" if value < 1 else f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "fr" else text
