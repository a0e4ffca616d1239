"""One cell value as read (str, float, bool, date, ...) -> the text the rest of bulkio sees, or None.

The rules are those of the workbook contract (design §3): numbers never gain a ".0", account numbers
lose the spaces and the apostrophe people type to force text, dates become ISO text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from bulkio.spec import Column, Kind

# Non-breaking and narrow spaces become spaces; zero-width characters and the BOM disappear.
_INVISIBLES = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)
_ACCOUNT_WITH_ZERO_DECIMALS = re.compile(r"(\d+)[.,]0+")

# What a formula error looks like once it has become text (a csv export, an .ods, a French Excel).
ERROR_LITERALS = frozenset(
    {
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
        "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!",
        "#NUL!", "#VALEUR!", "#NOM?", "#NOMBRE!", "#CHAMP!", "#CALCUL!", "#PROPAGATION!",
    }
)

Normaliser = Callable[[object], "str | None"]


def to_text(value: object) -> str | None:
    """Any cell value -> stripped text, None when empty."""
    if isinstance(value, str):
        if not value.isascii():  # only non-ASCII text can hold invisible characters (and it is rare)
            value = value.translate(_INVISIBLES)
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return to_text(str(value))


def number_text(value: float) -> str:
    """401000.0 -> "401000", 33.5 -> "33.5", 1e-07 -> "0.0000001" (Excel's 15 significant digits)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if not math.isfinite(value):
        return str(value)
    exact = Decimal(format(value, ".15g"))
    if exact == exact.to_integral_value():
        return str(int(exact))
    return format(exact.normalize(), "f")


def to_account(value: object) -> str | None:
    """An account number: text as typed, without spaces, apostrophe or a ".0" that a float left."""
    text = to_text(value)
    if text is None:
        return None
    text = "".join(text.split()).lstrip("'")
    zero_decimals = _ACCOUNT_WITH_ZERO_DECIMALS.fullmatch(text)
    if zero_decimals:
        text = zero_decimals.group(1)
    return text or None


def normaliser_for(column: Column) -> Normaliser:
    return to_account if column.kind is Kind.ACCOUNT else to_text


def is_error_literal(text: str | None) -> bool:
    return text is not None and text.startswith("#") and text.upper() in ERROR_LITERALS
