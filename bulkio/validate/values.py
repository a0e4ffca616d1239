"""Turn one cell's text into the value the spec's kind says, or say why it can't be done.

Every parser takes the reader's normalised text (never None) and returns the typed value, or raises
CellError with a message key. Checksums live here too: they are properties of a value, not of a sheet.
python-stdnum computes them (stdnum.luhn for a SIREN, stdnum.fr.siret with La Poste's establishments, and in
spec/api_rules.py ISO 7064 Mod 97-10 for an IBAN); bulkio keeps its own normalisation (spaces removed, upper
case), its own order of checks and its own messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from stdnum import luhn
from stdnum.fr import siret

from bulkio.spec.api_rules import (
    ACCEPTED_NUMBER,
    account_number_problem,
    bic_problem,
    compact_code,
    iban_checksum_ok,
    iban_format_ok,
    siren_problem,
)
from bulkio.spec.model import CLEAR, CLEAR_MARKERS, Column, Kind, fold
from bulkio.validate.errors import CellError
from bulkio.validate.numbers import Origin, french, read_number

_CLEAR_KEYS = frozenset(fold(m) for m in CLEAR_MARKERS)
_TRUE = frozenset(fold(v) for v in ("oui", "o", "x", "vrai", "true", "1", "yes", "y"))
_FALSE = frozenset(fold(v) for v in ("non", "n", "faux", "false", "0", "no"))
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
# How Excel shows a number too wide for its cell, or of more than 15 digits: 4.01E+05, 1E+15.
_SCIENTIFIC = re.compile(r"\d+[.,]\d+E[+-]?\d+|\d+E[+-]\d+")


def is_clear_marker(text: str) -> bool:
    # A marker is a short word in brackets: skip folding the other cells (most of a 100k-row sheet).
    return "(" in text and fold(text) in _CLEAR_KEYS


def luhn_ok(digits: str) -> bool:
    """The Luhn check of a string of ASCII digits (python-stdnum's)."""
    return luhn.is_valid(digits)


def siren_ok(digits: str) -> bool:
    """A SIREN's key: 9 ASCII digits passing the Luhn check. stdnum.fr.siren.is_valid says the same, but first
    compacts and tests again the digits siren_problem has tested, which doubles the time a value takes."""
    return len(digits) == 9 and luhn.is_valid(digits)


def siret_ok(digits: str) -> bool:
    """A SIRET's key (stdnum.fr.siret): 14 ASCII digits passing the Luhn check, and so does their SIREN; except
    La Poste's establishments (SIREN 356 000 000 but the head office 356 000 000 00048), whose 14 digits add up
    to a multiple of 5 instead."""
    return siret.is_valid(digits)


def parse_account(text: str, origin: Origin = Origin.TEXT) -> str:
    if origin is Origin.TEXT and ACCEPTED_NUMBER.fullmatch(text):  # the usual number: no check below can fail
        return text.upper()
    value = text.replace(" ", "").lstrip("'").upper()
    if not value:
        raise CellError("cell.account_empty")
    if "E" in value and _SCIENTIFIC.fullmatch(value):
        raise CellError("cell.account_scientific")
    if origin is not Origin.TEXT:  # the reader names only typed numbers with decimals (401000.0 is 401000)
        raise CellError("cell.account_decimal")
    problem = account_number_problem(value)  # the API's own rules (spec/api_rules.py): COMPTE1, COMPTE6, COMPTE7
    if problem is not None:
        raise CellError(f"cell.{problem.lower()}")
    return value


def parse_bool(text: str) -> bool:
    key = fold(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError("cell.bad_bool")


def parse_int(text: str, origin: Origin = Origin.TEXT, percent: bool = False) -> int:
    """A whole number; in a percentage column (`percent`), a whole percentage."""
    number = read_number(text, origin, percent, whole=True)
    if number == number.to_integral_value():
        return int(number)
    if percent and origin is Origin.PERCENT:
        raise CellError("cell.percent_not_whole", shown=f"{french(number)} %")
    if percent and origin is Origin.NUMBER and 0 < number < 1:  # 50 % is 0.5 when bulkio cannot see the format
        raise CellError("cell.rate_fraction", percent=french(number * 100))
    raise CellError("cell.not_whole")


def parse_decimal(text: str, origin: Origin = Origin.TEXT, percent: bool = False) -> Decimal:
    return read_number(text, origin, percent)


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
    if siren_problem(digits):
        raise CellError("cell.siren_length")
    if not siren_ok(digits):
        raise CellError("cell.siren_checksum")
    return digits


def parse_iban(text: str) -> str:
    iban = compact_code(text)
    if not iban_format_ok(iban):
        raise CellError("cell.iban_format")
    if not iban_checksum_ok(iban):
        raise CellError("cell.iban_checksum")
    return iban


def parse_bic(text: str) -> str:
    bic = compact_code(text)
    if bic_problem(bic):
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


def parse_cell(column: Column, text: str, origin: Origin = Origin.TEXT) -> object:
    """The typed value of a non-empty cell; CLEAR for the '(vide)' marker. `origin`: what the cell was in the
    file (numbers.Origin), for numbers and account numbers."""
    if is_clear_marker(text):
        if column.required:
            raise CellError("cell.clear_required")
        return CLEAR
    if column.kind is Kind.INT:
        return parse_int(text, origin, column.percent)
    if column.kind is Kind.DECIMAL:
        return parse_decimal(text, origin, column.percent)
    if column.kind is Kind.ACCOUNT:
        return parse_account(text, origin)
    if column.kind is Kind.CHOICE:
        choice = column.choice_for(text)
        if choice is None:
            raise CellError("cell.bad_choice", choices=", ".join(c.fr for c in column.choices[:12]))
        return choice.value
    return _PARSERS[column.kind](text)


def is_free_text(column: Column) -> bool:
    """A column whose text is its value as it stands (only a '(vide)' marker changes it)."""
    return column.kind is not Kind.CHOICE and _PARSERS[column.kind] is str
