"""The API's rules on a value that comes from a cell, defined once for the validator and the sandbox.

The sandbox answers a write that breaks one of these with the API's code; the validator (the specs'
`Rule`s, the parsers of validate/values.py, the row and sheet rules) refuses the cell before any request.
Both call what is here, so they cannot drift: a row `bulkio validate` accepts is a write the sandbox
accepts (tests/integration/test_hostile_cells.py). Where the reference is silent the sandbox's stricter
reading is the rule (docs/sandbox.md); the validator may be stricter still (a SIREN's checksum), never
more lenient. Core code: nothing here imports the sandbox.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stdnum.iso7064 import mod_97_10

from bulkio.spec.referentials import WAY_TYPE_ROWS

# --- account numbers (reference §4.4, Q16) ---------------------------------------------------------------

MAX_NUMBER_LENGTH = 20  # COMPTE7
FIRST_CHARACTER_PATTERN = r"[1-9]"  # COMPTE6, matched at the start of the number
THIRD_PARTY_PREFIXES = ("40", "41", "421")  # never padded
# The number every rule below accepts, in one compiled match: nearly every cell of a chart, so the rules one by one
# run only on the others (and say which one fails).
ACCEPTED_NUMBER = re.compile(f"{FIRST_CHARACTER_PATTERN}[0-9A-Za-z]{{0,{MAX_NUMBER_LENGTH - 1}}}")


def account_number_problem(number: str) -> str | None:
    """The code the API answers for this number (as typed, before upper-casing), or None when it is accepted.

    In the API's order: COMPTE3 empty, COMPTE6 first character not 1-9, COMPTE7 over 20 characters, COMPTE1
    anything but ASCII letters and digits (a dot, a dash, a slash, a space, an accent, an emoji)."""
    if ACCEPTED_NUMBER.fullmatch(number):
        return None
    number = number.upper()
    if number == "":
        return "COMPTE3"
    if not re.match(FIRST_CHARACTER_PATTERN, number):
        return "COMPTE6"
    if len(number) > MAX_NUMBER_LENGTH:
        return "COMPTE7"
    if not (number.isascii() and number.isalnum()):
        return "COMPTE1"
    return None


@dataclass(frozen=True)
class Numbering:
    """How a dossier stores account numbers (`GET /society/accountingParameters`): upper-cased, and purely
    numeric general numbers (not 40/41/421) right-padded with 0 to `max_general` when `auto_complete`."""

    max_general: int = 6  # max_car_general_account
    auto_complete: bool = True  # auto_complete_account

    def stored(self, number: str) -> str:
        """The number as MyUnisoft stores it: '512' -> '512000', '401dupont' -> '401DUPONT'."""
        number = number.upper()
        if self.auto_complete and number.isascii() and number.isdigit() \
                and not number.startswith(THIRD_PARTY_PREFIXES):
            return number.ljust(self.max_general, "0")
        return number

    @classmethod
    def from_parameters(cls, parameters: dict[str, object]) -> Numbering:
        """From the answer of `GET /society/accountingParameters` (the documented default when a field is absent)."""
        return cls(int(parameters.get("max_car_general_account") or 6),  # type: ignore[call-overload]
                   bool(parameters.get("auto_complete_account", True)))


# What `bulkio validate` assumes before any dossier is known (reference §3.5 and the 251 -> 251000 capture).
DEFAULT_NUMBERING = Numbering()


def counterpart_problem(number: str, counterpart: str) -> str | None:
    """COMPTE8 when a 40x account's counterpart is not in class 2, 6 or 7; COMPTE9 when a 41x account's is not in
    class 6 or 7 (both numbers as typed or as stored: padding and case change neither prefix)."""
    if number.startswith("40") and counterpart[:1] not in ("2", "6", "7"):
        return "COMPTE8"
    if number.startswith("41") and counterpart[:1] not in ("6", "7"):
        return "COMPTE9"
    return None

# --- texts ---------------------------------------------------------------------------------------------------

NON_BLANK_PATTERN = r"\s*\S"  # an account label (COMPTE4), an axe's code and label, a key and its condition


def is_blank(value: object) -> bool:
    """Not a string, or nothing but spaces: refused where the API needs a text (COMPTE4, GBL10)."""
    return not isinstance(value, str) or re.match(NON_BLANK_PATTERN, value) is None


# --- third parties' complementary info (reference §4.4, §4.5) -------------------------------------------------


def siren_problem(siren: str) -> str | None:
    """SOCIETE18 unless exactly 9 ASCII digits (the checksum is the validator's own, stricter, check)."""
    return None if len(siren) == 9 and siren.isascii() and siren.isdigit() else "SOCIETE18"


IBAN_PATTERN = r"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}"
BIC_PATTERN = r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?"


def compact_code(text: str) -> str:
    """An IBAN or a BIC as sent and stored: without spaces, upper-cased."""
    return text.replace(" ", "").upper()


def iban_format_ok(iban: str) -> bool:
    return re.fullmatch(IBAN_PATTERN, iban) is not None


def iban_checksum_ok(iban: str) -> bool:
    """ISO 13616: the number with its first four characters moved to the end, letters as 10-35, mod 97 == 1
    (python-stdnum's ISO 7064 Mod 97-10, the check stdnum.iban runs first). `iban`: compacted, upper case.

    Not stdnum.iban.validate as a whole: it also holds each country's BBAN to its registered length and
    structure, and checks a few countries' national keys (Belgium's, Spain's); that would refuse IBANs
    the API accepts (IBAN1 is this form and checksum), and IBANs of a country newer than the installed registry."""
    return mod_97_10.is_valid(iban[4:] + iban[:4])


def iban_problem(iban: str) -> str | None:
    """IBAN1 unless the compacted IBAN has the ISO 13616 form and checksum."""
    return None if iban_format_ok(iban) and iban_checksum_ok(iban) else "IBAN1"


def bic_problem(bic: str) -> str | None:
    """BIC1 unless 8 or 11 characters: bank (4 letters), country (2), place (2), branch (3, optional). A BIC has
    no key; stdnum.bic would only add a list of ISO 3166 countries, refusing codes the API accepts."""
    return None if re.fullmatch(BIC_PATTERN, bic) else "BIC1"


BIC_WITHOUT_IBAN = "BIC_WITHOUT_IBAN"


def bic_without_iban(bic: object, iban: object) -> str | None:
    """BIC_WITHOUT_IBAN when a BIC would be written on no IBAN: the API (and the sandbox) drop an `iban_list` entry
    without `iban`, its BIC with it, and answer success. `iban`: the one the write would carry, the row's or the
    account's current one; a falsy value is none."""
    return BIC_WITHOUT_IBAN if bic and not iban else None


WAY_TYPE_IDS = frozenset(row[0] for row in WAY_TYPE_ROWS)  # ROADTYP1 for any other id

# --- analytics rates (reference §5.5, Q8) ---------------------------------------------------------------------

RATE_MIN, RATE_MAX = 1, 100
RATE_TOTAL = 100  # a key's rates add up to this


def rate_ok(rate: object) -> bool:
    """ANALYT001 unless a whole number (a JSON integer) from 1 to 100."""
    return isinstance(rate, int) and not isinstance(rate, bool) and RATE_MIN <= rate <= RATE_MAX


# --- capital and associates (reference §6, docs/sandbox.md "Capital and associates") -------------------------

NO_SHARE_FUNCTION = 13  # 'Associé sans part': the one function that must hold no share
# The largest count or id the sandbox stores (a 32-bit integer, as a PostgreSQL `integer` column): the
# reference gives no bound; a larger one is refused (GBL10) rather than stored, the stricter reading.
MAX_INTEGER = 2_147_483_647


def whole_ok(value: object, minimum: int = 0) -> bool:
    """A JSON integer (not a boolean) from `minimum` to MAX_INTEGER."""
    return isinstance(value, int) and not isinstance(value, bool) and minimum <= value <= MAX_INTEGER


def associate_account_ok(number: str) -> bool:
    """ASSOCIE7: 45 except 457/458, or 46 except the bare root (46, 460, 4600, ... once trailing zeros go)."""
    if number.startswith("45"):
        return not number.startswith(("457", "458"))
    return number.startswith("46") and number.rstrip("0") != "46"


def holder_shares_problem(holder_shares: int | None) -> str | None:
    """ASSOCIE4 when a legal-entity associate's company (the holder dossier) has no share: no capital row, so
    `nb_part` 0 in `GET .../associate`. None: the caller cannot read the holder's capital (not judged)."""
    if holder_shares is None:
        return None
    return None if holder_shares > 0 else "ASSOCIE4"


def share_count_ok(count: object) -> bool:
    """PP, NP and US are whole numbers >= 0 (GBL10 otherwise)."""
    return whole_ok(count)


SHARES_ON_NO_SHARE_FUNCTION = "SHARES_ON_NO_SHARE_FUNCTION"


def shares_problem(counts: tuple[int, int, int], function_id: int | None) -> str | None:
    """ASSOCIE1 when a link holds no share; SHARES_ON_NO_SHARE_FUNCTION when 'Associé sans part' holds some
    (the API answers GBL10 "social_part")."""
    if function_id == NO_SHARE_FUNCTION:
        return SHARES_ON_NO_SHARE_FUNCTION if any(counts) else None
    return None if any(counts) else "ASSOCIE1"


Day = str | date  # ISO text on the API side, a date on the workbook side: the same order either way


def period_problem(start: Day, end: Day | None, effective: Day | None) -> str | None:
    """ASSOCIE6 when the exit is before the entry; ASSOCIE8 when the effective date is outside [entry, exit]
    (bounds included; no exit: unbounded). `end` None: open link; `effective` None: not judged."""
    if end is not None and end < start:  # type: ignore[operator]
        return "ASSOCIE6"
    if effective is not None and (effective < start or (end is not None and effective > end)):  # type: ignore[operator]
        return "ASSOCIE8"
    return None


def capital_amount_ok(amount: object) -> bool:
    """A number >= 0 (GBL10 "capital" otherwise); the validator also wants cents at most."""
    if isinstance(amount, bool) or not isinstance(amount, int | float | Decimal):
        return False
    return math.isfinite(amount) and amount >= 0


def capital_shares_ok(shares: object) -> bool:
    """A whole number >= 1 (SOCIETE3 for 0, GBL10 for the rest)."""
    return whole_ok(shares, 1)
