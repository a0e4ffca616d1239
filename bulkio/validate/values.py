"""Turn one cell's text into the value the spec's kind says, or say why it can't be done.

Every parser takes the reader's normalised text (never None) and returns the typed value, or raises
CellError with a message key. Checksums live here too: they are properties of a value, not of a sheet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from bulkio.spec.model import CLEAR, CLEAR_MARKERS, Column, Kind, fold

_CLEAR_KEYS = frozenset(fold(m) for m in CLEAR_MARKERS)
_TRUE = frozenset(fold(v) for v in ("oui", "o", "x", "vrai", "true", "1", "yes", "y"))
_FALSE = frozenset(fold(v) for v in ("non", "n", "faux", "false", "0", "no"))
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$")


class CellError(ValueError):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def is_clear_marker(text: str) -> bool:
    # A marker is a short word in brackets: skip folding the other cells (most of a 100k-row sheet).
    return "(" in text and fold(text) in _CLEAR_KEYS


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(numeric) % 97 == 1


def parse_account(text: str) -> str:
    value = text.replace(" ", "").lstrip("'").upper()
    if not value:
        raise CellError("cell.account_empty")
    return value


def parse_bool(text: str) -> bool:
    key = fold(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError("cell.bad_bool")


def parse_int(text: str) -> int:
    number = parse_decimal(text)
    if number != number.to_integral_value():
        raise CellError("cell.not_whole")
    return int(number)


def parse_decimal(text: str) -> Decimal:
    cleaned = text.replace(" ", "").replace("\u202f", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise CellError("cell.bad_number") from None


def parse_date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y%m%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError("cell.bad_date")


def parse_email(text: str) -> str:
    if not _EMAIL.match(text):
        raise CellError("cell.bad_email")
    return text


def parse_siren(text: str) -> str:
    digits = text.replace(" ", "")
    if not (digits.isdigit() and len(digits) == 9):
        raise CellError("cell.siren_length")
    if not luhn_ok(digits):
        raise CellError("cell.siren_checksum")
    return digits


def parse_iban(text: str) -> str:
    iban = text.replace(" ", "").upper()
    if not _IBAN.match(iban):
        raise CellError("cell.iban_format")
    if not iban_ok(iban):
        raise CellError("cell.iban_checksum")
    return iban


def parse_bic(text: str) -> str:
    bic = text.replace(" ", "").upper()
    if not _BIC.match(bic):
        raise CellError("cell.bad_bic")
    return bic


_PARSERS: dict[Kind, Callable[[str], object]] = {
    Kind.TEXT: str,
    Kind.PHONE: str,
    Kind.ACCOUNT: parse_account,
    Kind.BOOL: parse_bool,
    Kind.INT: parse_int,
    Kind.DECIMAL: parse_decimal,
    Kind.DATE: parse_date,
    Kind.EMAIL: parse_email,
    Kind.SIREN: parse_siren,
    Kind.IBAN: parse_iban,
    Kind.BIC: parse_bic,
}


def parse_cell(column: Column, text: str) -> object:
    """The typed value of a non-empty cell; CLEAR for the '(vide)' marker."""
    if is_clear_marker(text):
        if column.required:
            raise CellError("cell.clear_required")
        return CLEAR
    if column.kind is Kind.CHOICE:
        choice = column.choice_for(text)
        if choice is None:
            raise CellError("cell.bad_choice", choices=", ".join(c.fr for c in column.choices[:12]))
        return choice.value
    return _PARSERS[column.kind](text)


def is_free_text(column: Column) -> bool:
    """A column whose text is its value as it stands (only a '(vide)' marker changes it)."""
    return column.kind is not Kind.CHOICE and _PARSERS[column.kind] is str
