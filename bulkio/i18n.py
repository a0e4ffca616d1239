"""One message catalogue, French by default, English on request.

Modules register their messages next to the code that raises them (`register({...})`), and everything that
speaks to the user goes through `t(key, **params)`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGUAGES = ("fr", "en")
_catalogue: dict[str, dict[str, str]] = {}
_current = os.environ.get("BULKIO_LANG", "fr") if os.environ.get("BULKIO_LANG") in LANGUAGES else "fr"


def register(messages: Mapping[str, Mapping[str, str]]) -> None:
    for key, texts in messages.items():
        if key in _catalogue and _catalogue[key] != dict(texts):
            raise ValueError(f"message {key!r} registered twice with different texts")
        _catalogue[key] = dict(texts)


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current = lang


def language() -> str:
    return _current


def t(key: str, lang: str | None = None, **params: object) -> str:
    texts = _catalogue.get(key)
    if texts is None:
        return key if not params else f"{key} {params}"
    text = texts.get(lang or _current) or texts["fr"]
    return text.format(**params) if params else text


def yes_no(value: bool, lang: str | None = None) -> str:
    return t("bool.yes" if value else "bool.no", lang)


register(
    {
        "bool.yes": {"fr": "Oui", "en": "Yes"},
        "bool.no": {"fr": "Non", "en": "No"},
    }
)
