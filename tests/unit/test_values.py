from __future__ import annotations

from pathlib import Path

import pytest

from bulkio.load import load_and_validate
from bulkio.spec import CLEAR, COMPTES
from bulkio.spec.api_rules import iban_checksum_ok
from bulkio.validate.values import CellError, luhn_ok, parse_cell
from tests.workbook.builders import xlsx


def test_checksums() -> None:
    assert luhn_ok("732829320")  # a valid SIREN
    assert not luhn_ok("732829321")
    assert iban_checksum_ok("FR7630006000011234567890189")
    assert not iban_checksum_ok("FR7630006000011234567890188")


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


def test_an_account_number_is_judged_as_sent_without_its_spaces(tmp_path: Path) -> None:
    # Meant: the 20-digit account 40100000000000000000, typed in groups for reading (MyUnisoft gets it without the
    # spaces); 21 digits are one too many, said once.
    path = xlsx(tmp_path / "c.xlsx", {"Comptes": [["N° de compte", "Libellé"], ["401 000 000 000 000 000 00", "A"],
                                                  ["401 000 000 000 000 000 000", "B"]]})
    validation = load_and_validate(path)
    assert [(i.row, i.code) for i in validation.issues] == [(3, "COMPTE7")]
    assert validation.sheets[0].rows[0].values["account_number"] == "40100000000000000000"
