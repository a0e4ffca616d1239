from __future__ import annotations

import pytest

from bulkio.spec import CLEAR, COMPTES
from bulkio.validate.values import CellError, iban_ok, luhn_ok, parse_cell


def test_checksums() -> None:
    assert luhn_ok("732829320")  # a valid SIREN
    assert not luhn_ok("732829321")
    assert iban_ok("FR7630006000011234567890189")
    assert not iban_ok("FR7630006000011234567890188")


@pytest.mark.parametrize(("text", "expected"), [("Oui", True), ("x", True), ("FALSE", False), ("n", False),
                                                ("1", True), ("Vrai", True), ("No", False)])
def test_yes_no_spellings(text: str, expected: bool) -> None:
    assert parse_cell(COMPTES.column("das_2"), text) is expected


def test_clear_marker_in_any_language() -> None:
    assert parse_cell(COMPTES.column("email"), "(vide)") is CLEAR
    assert parse_cell(COMPTES.column("email"), "(Empty)") is CLEAR
    with pytest.raises(CellError):
        parse_cell(COMPTES.column("label"), "(vide)")


def test_choice_by_label_to_api_id() -> None:
    assert parse_cell(COMPTES.column("way_type"), "rue") == 9
    with pytest.raises(CellError):
        parse_cell(COMPTES.column("way_type"), "Autoroute du soleil")


def test_account_numbers_are_text_without_spaces() -> None:
    assert parse_cell(COMPTES.column("account_number"), "401 000") == "401000"
    assert parse_cell(COMPTES.column("account_number"), "'411foo") == "411FOO"
