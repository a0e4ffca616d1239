"""Numbers as a French user means them: a cell's text, and what the cell was in the file, -> a Decimal.

    a number typed in a cell     that number, whatever its display ("12.5" is the reader's exact text of it)
    a percentage-formatted cell  the percentage it shows, in a percentage column (0.5 shown 50 % -> 50);
                                 elsewhere an error saying what the cell shows
    text (csv, text cell)        the French way: spaces (NBSP, narrow NBSP) group thousands (1-3 digits, then
                                 groups of 3: "1 5" is refused), a comma is the decimal separator, €/EUR/euros
                                 and % around the number are dropped;
                                 "1.234,56" and "1,234.56" say which separator is which; "10.000" does not
                                 (ten thousand, or ten?) and is refused with both readings, never guessed

Every failure is a CellError whose code names the issue and whose params fill its message (validate/messages.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from decimal import Decimal, InvalidOperation
from enum import IntEnum

from bulkio.i18n import t
from bulkio.validate.errors import CellError


class Origin(IntEnum):
    """What a cell was in the file, which decides how its text is read."""

    TEXT = 0  # text: a csv, a text-formatted cell, a pasted value
    NUMBER = 1  # a number, displayed any way but as a percentage (or with an unknown display: .xls)
    PERCENT = 2  # a number in a percentage-formatted cell: 0.5 displayed 50 %


_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\t": " "})
_MINUS = ("-", "\u2212")  # U+2212 comes with numbers pasted from a web page or a PDF
_CURRENCY = re.compile(r"^(?:€|eur|euros?)(?![a-z])\s*|(?<![a-z])\s*(?:€|eur|euros?)$", re.IGNORECASE)
_PERCENT = re.compile(r"^%\s*|\s*%$")
# One separator between 1-3 digits (not starting with 0) and exactly 3: a thousands group or decimals.
_AMBIGUOUS = re.compile(r"([1-9]\d{0,2})([.,])(\d{3})")
_GROUPS = re.compile(r"\d{1,3}")
# Spaces group thousands only: 1-3 digits, then groups of exactly 3, then the decimals if any. "1 5" or "12 34"
# are two values in one cell, never fifteen or 1234.
_SPACED = re.compile(r"[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d*)?")


def cell_origins(rows: Sequence[int], numbers: Collection[int], percents: Collection[int]) -> list[Origin]:
    """The origin of each Excel row's cell, from the reader's typed-number and percentage cells."""
    return [
        Origin.PERCENT if row in percents else Origin.NUMBER if row in numbers else Origin.TEXT for row in rows
    ]


def read_number(text: str, origin: Origin = Origin.TEXT, percent: bool = False, whole: bool = False) -> Decimal:
    """The number a cell holds; `percent`: the column is a percentage (a rate), where "50 %" is 50; `whole`: the
    column holds whole numbers, so "1.250" cannot be 1,25 (the message then says so)."""
    if origin is Origin.TEXT:
        return _read_text(text, percent, whole_column=whole)
    number = _exact(text)
    if origin is Origin.PERCENT:
        number = number * 100  # exact: the reader's text has Excel's 15 digits, not the float's
        if not percent:
            raise CellError("cell.percent_not_expected", shown=f"{french(number)} %")
    return number


def french(number: Decimal) -> str:
    """12.5 -> "12,5", 10000 -> "10 000" (narrow spaces are hard to type: plain ones)."""
    sign = "-" if number < 0 else ""
    whole, _, decimals = format(abs(number), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    decimals = decimals.rstrip("0")
    return f"{sign}{grouped},{decimals}" if decimals else f"{sign}{grouped}"


def _exact(text: str) -> Decimal:
    """A typed number's text, as the reader wrote it ("12.5", "401000")."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _bad(text, "number.why.symbols", chars=_quoted(text)) from None
    if not number.is_finite():
        raise _bad(text, "number.why.symbols", chars=_quoted(text))
    return number


def _read_text(text: str, percent: bool, whole_column: bool = False) -> Decimal:
    body = text.translate(_SPACES).strip()
    if body.startswith("(") and body.endswith(")"):
        raise _bad(text, "number.why.parentheses")
    body, percent_sign = _strip_units(body, currency=not percent)  # a rate in euros is no rate
    sign = ""
    if body[:1] in ("+", *_MINUS):
        sign = "" if body[0] == "+" else "-"
        body, more = _strip_units(body[1:].lstrip(), currency=not percent)  # "- 10 €", "-€10"
        percent_sign = percent_sign or more
    if percent_sign and not percent:
        raise CellError("cell.percent_not_expected", shown=text.strip())
    digits = body.replace(" ", "")
    others = [char for char in dict.fromkeys(digits) if not (char.isdigit() and char.isascii()) and char not in ".,"]
    if others:
        raise _bad(text, "number.why.symbols", chars=", ".join(map(_quoted, others)))
    if not any(char.isdigit() for char in digits):
        raise _bad(text, "number.why.no_digit")
    if " " in body and not _SPACED.fullmatch(" ".join(body.split())):
        raise _bad(text, "number.why.spaces")
    return Decimal(sign + _plain(text, digits, sign, whole_column))


def _strip_units(body: str, currency: bool) -> tuple[str, bool]:
    """Percent signs and (`currency`) euros at either end, in any order; whether a % was among them."""
    percent_sign = False
    while True:
        stripped = _CURRENCY.sub("", body, count=1) if currency else body
        without_percent = _PERCENT.sub("", stripped, count=1)
        percent_sign = percent_sign or without_percent != stripped
        if without_percent == body:
            return body, percent_sign
        body = without_percent.strip()


def _plain(text: str, digits: str, sign: str, whole_column: bool = False) -> str:
    """Digits and separators -> the digits with "." as the decimal point; refuse what could mean two things."""
    separators = [char for char in digits if char in ".,"]
    if not separators:
        return digits
    if len(set(separators)) == 2:  # both: the last one is the decimal separator
        decimal = separators[-1]
        group = "," if decimal == "." else "."
        if separators.count(decimal) > 1:
            raise _bad(text, "number.why.two_decimal", separator=_separator_name(decimal))
        whole, fraction = digits.rsplit(decimal, 1)
        return _ungrouped(text, whole, group, "number.why.groups") + "." + fraction
    separator = separators[0]
    if len(separators) > 1:  # the same one repeated: thousands groups (1.234.567)
        return _ungrouped(text, digits, separator, "number.why.repeated")
    ambiguous = _AMBIGUOUS.fullmatch(digits)
    if ambiguous:
        raise _ambiguous(ambiguous.group(1), ambiguous.group(3), sign, whole_column, separator)
    whole, fraction = digits.split(separator)
    return f"{whole or '0'}.{fraction or '0'}"


def _ungrouped(text: str, whole: str, group: str, why: str) -> str:
    parts = whole.split(group)
    if not _GROUPS.fullmatch(parts[0]) or any(len(part) != 3 or not part.isdigit() for part in parts[1:]):
        raise _bad(text, why, separator=_separator_name(group), count=len(parts) - 1)
    return "".join(parts)


def _ambiguous(whole: str, fraction: str, sign: str, whole_column: bool, separator: str) -> CellError:
    thousands = Decimal(f"{sign}{whole}{fraction}")
    small = Decimal(f"{sign}{whole}.{fraction}")
    whole_small = small == small.to_integral_value()
    plain = f"{sign}{whole}{fraction}"
    if whole_column and not whole_small:  # 1,25 shares cannot be meant: one reading left, still never guessed
        reading = t("number.ambiguous.whole", big=french(thousands), plain=plain, separator=separator)
        return CellError("cell.ambiguous_number", reading=reading)
    small_en = format(small.normalize(), "f")
    reading = t("number.ambiguous.two", big=french(thousands), plain=plain, small=french(small),
                small_typed=f"{sign}{whole},0" if whole_small else french(small),  # "10,0": plainly not ten thousand
                small_en=small_en, small_en_typed=f"{sign}{whole}.0" if whole_small else small_en)
    return CellError("cell.ambiguous_number", reading=reading)


def _bad(text: str, why: str, **params: object) -> CellError:
    return CellError("cell.bad_number", why=t(why, **params))


def _separator_name(separator: str) -> str:
    return t("number.comma" if separator == "," else "number.dot")


def _quoted(text: str) -> str:
    return t("number.quoted", text=text)
