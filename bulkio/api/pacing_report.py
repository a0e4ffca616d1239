"""What the pacer saw, one sentence per token, for the Résumé sheet and `--verbose`:

    Total 20 annoncé ; 0 refus (429) ; 104 requêtes en 50 s, au plus 20 par fenêtre de 10 s ; rythme tenu :
    20 / 10 s (plafond 20 / 10 s)

Only what was observed or decided: the headers as announced (never a Reset taken for a window), the refusals,
the most requests that left within one ceiling window (an average over the run would count its last burst
without its window, and show more than the ceiling), and the pace the pacer held at the end, with the spacing
the refusals or the headers imposed.
"""

from __future__ import annotations

from collections.abc import Sequence

from bulkio.api.pacing import PacingStats
from bulkio.i18n import language, register, t

register(
    {
        "pacing.summary": {"fr": "Débit de l'API", "en": "API rate"},
        "pacing.line": {
            "fr": "{announced} ; {refused} refus (429) ; {requests} requêtes en {span} s, au plus {peak} par fenêtre "
            "de {window} s ; rythme tenu : {pace} (plafond {allowance} / {seconds} s)",
            "en": "{announced}; {refused} refused (429); {requests} requests in {span} s, at most {peak} per "
            "{window} s window; pace held: {pace} (ceiling {allowance} / {seconds} s)",
        },
        "pacing.pace": {"fr": "{allowance} / {window} s", "en": "{allowance} / {window} s"},
        "pacing.pace_spaced": {"fr": "{allowance} / {window} s, {gap} s entre deux requêtes",
                               "en": "{allowance} / {window} s, {gap} s between two requests"},
        "pacing.announced": {"fr": "Total {total} annoncé", "en": "Total {total} announced"},
        "pacing.announced_no_reset": {
            "fr": "Total {total} annoncé, Reset inutilisable ({ignored} fois dans le passé ou trop loin)",
            "en": "Total {total} announced, Reset unusable ({ignored} times in the past or too far)",
        },
        "pacing.no_headers": {"fr": "aucun en-tête X-Rate-Limit", "en": "no X-Rate-Limit header"},
    }
)


def describe_pacing(stats: Sequence[PacingStats], lang: str | None = None) -> list[str]:
    """One line per token that sent something: what the server announced, its refusals, the most requests sent
    in one window, and the pace the pacer held (and its ceiling)."""
    lang = lang or language()
    lines = []
    for one in stats:
        if not one.requests:
            continue
        total = one.budget_total if one.budget_total else "?"
        if not one.answers_with_headers:
            announced = t("pacing.no_headers", lang)
        elif one.resets_ignored:
            announced = t("pacing.announced_no_reset", lang, total=total, ignored=one.resets_ignored)
        else:
            announced = t("pacing.announced", lang, total=total)
        allowance, window = one.pace
        pace = t("pacing.pace_spaced", lang, allowance=allowance, window=_number(window, lang),
                 gap=_number(one.spacing, lang)) if one.spacing else \
            t("pacing.pace", lang, allowance=allowance, window=_number(window, lang))
        span = (one.last_answer or 0.0) - (one.first_sent or 0.0)
        lines.append(t("pacing.line", lang, announced=announced, refused=one.throttled_429, requests=one.requests,
                       span=_number(span, lang), peak=one.peak, window=_number(one.ceiling[1], lang), pace=pace,
                       allowance=one.ceiling[0], seconds=_number(one.ceiling[1], lang)))
    return lines


def _number(value: float, lang: str) -> str:
    if value >= 100:
        return f"{value:.0f}"
    text = f"{value:.2g}" if value < 1 else f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "fr" else text
