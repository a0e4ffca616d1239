"""SIREN, SIRET and IBAN keys, computed by python-stdnum: the same answers as the hand-written checks they
replace, except the SIRETs of La Poste's establishments, which stdnum.fr.siret knows."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

from bulkio.load import load_and_validate
from bulkio.spec import COMPTES
from bulkio.spec.api_rules import iban_checksum_ok, iban_problem
from bulkio.spec.associates_rules import company_checksum
from bulkio.validate.values import CellError, parse_cell, siren_ok, siret_ok
from tests.integration.associates_data import pm, write_book


def _luhn_by_hand(digits: str) -> bool:
    """The check bulkio wrote before python-stdnum."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _mod97_by_hand(iban: str) -> bool:
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def _outcome(column: str, text: str) -> object:
    try:
        return parse_cell(COMPTES.column(column), text)
    except CellError as error:
        return error.code


def test_siren_keys_are_the_luhn_check_as_before() -> None:
    rng = random.Random(16)
    numbers = ["".join(rng.choices(string.digits, k=9)) for _ in range(5000)]
    assert sum(map(siren_ok, numbers)) > 400  # about one in ten passes: both answers are exercised
    assert [siren_ok(n) for n in numbers] == [_luhn_by_hand(n) for n in numbers]


@pytest.mark.parametrize(("text", "expected"), [
    ("732829320", "732829320"), ("732 829 320", "732829320"), ("732829321", "cell.siren_checksum"),
    ("73282932", "cell.siren_length"), ("732.829.320", "cell.siren_length"),
    ("７３２８２９３２０", "cell.siren_length"), ("73282932O", "cell.siren_length"),
])
def test_a_siren_cell_is_read_as_before(text: str, expected: str) -> None:
    # Spaces only are removed (stdnum would also remove dots): the normalisation stays bulkio's.
    assert _outcome("siren", text) == expected


def test_iban_keys_are_mod_97_as_before() -> None:
    rng = random.Random(13616)
    ibans = []
    for _ in range(3000):
        bban = "".join(rng.choices(string.ascii_uppercase + string.digits, k=rng.randint(10, 30)))
        country = "".join(rng.choices(string.ascii_uppercase, k=2))
        check = 98 - int("".join(str(int(ch, 36)) for ch in bban + country + "00")) % 97
        ibans.append(f"{country}{check:02d}{bban}")  # a valid key
        ibans.append(f"{country}{rng.randint(0, 99):02d}{bban}")  # mostly not
    assert [iban_checksum_ok(i) for i in ibans] == [_mod97_by_hand(i) for i in ibans]
    assert sum(map(iban_checksum_ok, ibans)) > 3000
    # The API's rule, form and mod 97, not stdnum.iban's registry: a French IBAN one character short, whose key
    # happens to be right, passes as before (the API takes it too); stdnum.iban.is_valid would say no.
    assert iban_problem("FR133000600001123456789018") is None
    assert _outcome("iban", "FR133000600001123456789018") == "FR133000600001123456789018"


@pytest.mark.parametrize(("text", "expected"), [
    ("FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189"),
    ("fr7630006000011234567890189", "FR7630006000011234567890189"),
    ("FR7630006000011234567890188", "cell.iban_checksum"), ("FR76-3000-6000-0112", "cell.iban_format"),
])
def test_an_iban_cell_is_read_as_before(text: str, expected: str) -> None:
    assert _outcome("iban", text) == expected


@pytest.mark.parametrize(("siret", "ok"), [
    ("73282932000074", True), ("73282932000079", False),
    ("35600000000048", True),  # La Poste's head office: the Luhn check, as any SIRET
    ("35600000049837", True),  # a La Poste establishment: digits adding up to 45, no Luhn key
    ("35600000049838", False),
    ("35600000049839", False),  # passes the Luhn check, but La Poste's rule is the sum
    ("73282932110006", False),  # passes the Luhn check, but its SIREN 732 829 321 does not
])
def test_siret_keys_follow_stdnum_with_la_poste(siret: str, ok: bool) -> None:
    assert siret_ok(siret) is ok
    assert company_checksum({"company": f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"}) == (
        None if ok else ("company", "SIRET_CHECKSUM", {}))


def test_a_la_poste_establishment_holds_shares(tmp_path: Path) -> None:
    # Refused before python-stdnum: its SIRET has no Luhn key.
    path = write_book(tmp_path / "c.xlsx", {"Associés PM": [
        pm("356 000 000 49837", "Gérant", "2020-01-01", None, (1, 0, 0), "467100"),
        pm("35600000049838", "Gérant", "2020-01-01", None, (1, 0, 0), "467100"),
    ]})
    codes = {(i.sheet, i.row, i.column): i.code for i in load_and_validate(path).issues}
    assert codes == {("Associés PM", 3, "Société associée"): "SIRET_CHECKSUM"}
