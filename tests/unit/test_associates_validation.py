"""What the Capital and associate sheets refuse on their own (no API): each error located by sheet, row, column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bulkio.cli import _kinds
from bulkio.load import load_and_validate
from bulkio.spec import ASSOCIES_PM, ASSOCIES_PP, CAPITAL
from bulkio.spec.api_rules import associate_account_ok
from bulkio.spec.associates import company_identifier
from bulkio.spec.associates_rules import account_rule
from bulkio.workbook.template import write_template
from tests.integration.associates_data import day, pm, pp, write_book


def _issues(path: Path) -> dict[tuple[str, int | None, str | None], tuple[str, str]]:
    return {(i.sheet, i.row, i.column): (i.code, i.message) for i in load_and_validate(path).issues}


def _codes(path: Path) -> dict[tuple[str, int | None, str | None], str]:
    return {key: code for key, (code, _m) in _issues(path).items()}


def _person(**cells: Any) -> list[Any]:
    row = pp(None, "MARTIN", "Jean-Pierre", "Gérant", "Associé", "2020-01-01", None, (10, 0, 0), "455100")
    for key, value in cells.items():
        row[{"id": 1, "name": 2, "first": 3, "function": 5, "start": 6, "end": 7, "effective": 8, "pp": 9, "np": 10,
             "us": 11, "account": 12}[key]] = value
    return row


@pytest.mark.parametrize(("number", "ok"), [
    ("455100", True), ("456000", True), ("451000", True), ("450000", True), ("462000", True), ("467000", True),
    ("468600", True), ("457000", False), ("458100", False), ("46", False), ("460", False), ("460000", False),
    ("401000", False), ("421000", False),
])
def test_the_45_46_rule_as_the_api_and_the_validator_apply_it(number: str, ok: bool) -> None:
    # The one definition (spec/api_rules.py, which the sandbox's POST calls too) and the sheet's row check built on it.
    assert associate_account_ok(number) is ok
    assert account_rule({"account": number}) == (None if ok else ("account", "ASSOCIE7", {}))


def test_an_account_that_is_not_45_or_46_is_refused_with_the_rule_and_an_example(tmp_path: Path) -> None:
    path = write_book(tmp_path / "a.xlsx", {
        "Associés PP": [_person(account="401000"), _person(name="PERRIN", account="457000")],
        "Associés PM": [pm("ANALYTIQUE SA", "Gérant", "2020-01-01", None, (1, 0, 0), "460000")],
    })
    found = _issues(path)
    assert {k: c for k, (c, _m) in found.items()} == {
        ("Associés PP", 2, "Compte associé"): "ASSOCIE7", ("Associés PP", 3, "Compte associé"): "ASSOCIE7",
        ("Associés PM", 2, "Compte associé"): "ASSOCIE7",
    }
    assert found[("Associés PP", 2, "Compte associé")][1] == (
        "le compte « 401000 » ne peut pas être un compte d'associé (ASSOCIE7) : choisissez un compte commençant par "
        "45 (sauf 457 et 458) ou par 46 (sauf 46 seul), par exemple 455100.")


def test_exit_before_entry_and_an_effective_date_outside_the_period(tmp_path: Path) -> None:
    path = write_book(tmp_path / "d.xlsx", {"Associés PP": [
        _person(end=day("2019-12-31")),
        _person(name="PERRIN", end=day("2020-12-31"), effective=day("2021-01-01")),
        _person(name="DUBOIS", effective=day("2019-06-30")),
        _person(name="LEROY", end=day("2020-01-01"), effective=day("2020-01-01")),  # one day: fine
    ]})
    found = _issues(path)
    assert {k: c for k, (c, _m) in found.items()} == {
        ("Associés PP", 2, "Date de sortie"): "ASSOCIE6", ("Associés PP", 3, "Date d'effet"): "ASSOCIE8",
        ("Associés PP", 4, "Date d'effet"): "ASSOCIE8",
    }
    assert found[("Associés PP", 2, "Date de sortie")][1] == (
        "la date de sortie 2019-12-31 précède la date d'entrée 2020-01-01 (ASSOCIE6) : corrigez l'une des deux.")
    assert "entre la date d'entrée 2020-01-01 et la date de sortie 2020-12-31 (ASSOCIE8)" in \
        found[("Associés PP", 3, "Date d'effet")][1]


def test_dates_are_read_as_excel_dates_french_and_iso_text(tmp_path: Path) -> None:
    path = write_book(tmp_path / "t.xlsx", {"Associés PP": [
        _person(start="01/02/2020", end="2020-03-31"), _person(name="PERRIN", start="2020-13-01")]})
    assert _codes(path) == {("Associés PP", 3, "Date d'entrée"): "BAD_DATE"}
    values = load_and_validate(path).sheets[0].rows[0].values
    assert (str(values["start_date"]), str(values["end_date"])) == ("2020-02-01", "2020-03-31")


def test_shares_over_the_workbook_s_capital_name_the_total_and_the_capital(tmp_path: Path) -> None:
    path = write_book(tmp_path / "s.xlsx", {
        "Capital": [[None, day("2010-01-01"), 1000, 1000], [None, day("2020-01-01"), 1000, 100]],
        "Associés PP": [_person(pp=60), _person(name="PERRIN", pp=0, np=30, us=30),
                        _person(name="OLD", pp=500, start=day("2010-01-01"), end=day("2019-12-31"))],  # ended
        "Associés PM": [pm("ANALYTIQUE SA", "Gérant", "2020-01-01", None, (20, 0, 0), "467100")],
    })
    found = _issues(path)
    assert {k: c for k, (c, _m) in found.items()} == {
        ("Associés PP", 2, "Parts PP"): "SHARES_OVER_CAPITAL", ("Associés PP", 3, "Parts PP"): "SHARES_OVER_CAPITAL",
        ("Associés PM", 2, "Parts PP"): "SHARES_OVER_CAPITAL",
    }
    assert found[("Associés PM", 2, "Parts PP")][1] == (
        "les associés sans date de sortie détiennent ensemble 110 parts (PP + NP), plus que les 100 parts du capital "
        "(feuille Capital, ligne 3) : réduisez leurs parts ou augmentez le nombre de parts du capital.")


def test_shares_are_non_negative_counts_and_at_least_one_unless_partner_without_shares(tmp_path: Path) -> None:
    path = write_book(tmp_path / "n.xlsx", {"Associés PP": [
        _person(pp=-5), _person(name="A", pp=2.5), _person(name="B", pp=0, np=0, us=0),
        _person(name="C", function="Associé sans part", pp=0, np=3, us=0),
        _person(name="D", function="Associé sans part", pp=0, np=0, us=0),  # fine
        _person(name="E", pp=0, np=0, us=4),  # usufruct only: a share all the same
    ]})
    found = _issues(path)
    assert {k: c for k, (c, _m) in found.items()} == {
        ("Associés PP", 2, "Parts PP"): "SHARE_NEGATIVE", ("Associés PP", 3, "Parts PP"): "NOT_WHOLE",
        ("Associés PP", 4, "Parts PP"): "NO_SHARE", ("Associés PP", 5, "Parts NP"): "SHARES_WITHOUT_SHARE_FUNCTION",
    }
    assert "« Associé sans part »" in found[("Associés PP", 4, "Parts PP")][1]


def test_a_person_is_an_id_or_both_names(tmp_path: Path) -> None:
    path = write_book(tmp_path / "p.xlsx", {"Associés PP": [
        _person(name=None, first=None), _person(first=None), _person(id=5003, name=None, first=None)]})
    found = _issues(path)
    assert {k: c for k, (c, _m) in found.items()} == {("Associés PP", 2, "Nom"): "PERSON_REQUIRED",
                                                      ("Associés PP", 3, "Prénom"): "NAME_INCOMPLETE"}
    assert found[("Associés PP", 2, "Nom")][1] == \
        "la personne n'est pas désignée : renseignez « ID personne », ou « Nom » et « Prénom »."


def test_a_company_by_siret_or_siren_passes_the_checksum(tmp_path: Path) -> None:
    path = write_book(tmp_path / "c.xlsx", {"Associés PM": [
        pm("85210987500017", "Gérant", "2020-01-01", None, (1, 0, 0), "467100"),
        pm("85210987500018", "Gérant", "2020-01-01", None, (1, 0, 0), "467100"),
        pm("852 109 876", "Gérant", "2020-01-01", None, (1, 0, 0), "467100"),
        pm("SCI 2000", "Gérant", "2020-01-01", None, (1, 0, 0), "467100"),
    ]})
    assert _codes(path) == {("Associés PM", 3, "Société associée"): "SIRET_CHECKSUM",
                            ("Associés PM", 4, "Société associée"): "SIREN_CHECKSUM"}
    assert company_identifier("852 109 875 00017") == ("siret", "85210987500017")
    assert company_identifier("812345676") == ("siren", "812345676")
    assert company_identifier("0003") == ("id", "3")
    assert company_identifier(" SCI Immo ") == ("name", "SCI Immo")


def test_capital_figures_and_one_row_per_date(tmp_path: Path) -> None:
    path = write_book(tmp_path / "k.xlsx", {"Capital": [
        [None, day("2020-01-01"), 1000, 0], [None, day("2021-01-01"), -1, 10], [None, day("2022-01-01"), 10.555, 10],
        [None, day("2023-01-01"), 1000.5, 10], [None, day("2023-01-01"), 1000, 10],
    ]})
    assert _codes(path) == {("Capital", 2, "Nombre de parts"): "CAPITAL_SHARES",
                            ("Capital", 3, "Capital"): "CAPITAL_AMOUNT", ("Capital", 4, "Capital"): "CAPITAL_AMOUNT",
                            ("Capital", 6, "Date d'effet"): "DUPLICATE"}


def test_empty_marker_cannot_clear_a_field_every_write_carries(tmp_path: Path) -> None:
    rows = [_person(account="(vide)"), _person(end="(vide)", name="DURAND")]  # two persons: not one link twice
    path = write_book(tmp_path / "v.xlsx", {"Associés PP": rows})
    assert _codes(path) == {("Associés PP", 2, "Compte associé"): "CLEAR_NOT_ALLOWED"}


def test_english_headers_and_a_sheet_recognised_by_its_headers(tmp_path: Path) -> None:
    headers = {"Natural persons": ["Person ID", "Last name", "First name", "Signatory function", "Function",
                                   "Entry date", "Exit date", "PP shares", "Associate account"],
               "Feuil1": ["Holding company", "Signatory", "Start", "PP", "Account", "Professional income"]}
    path = write_book(tmp_path / "e.xlsx", {
        "Natural persons": [[None, "DURANT", "Arnaud", "Manager", "Partner", "2020-01-01", None, 5, "455100"]],
        "Feuil1": [["ANALYTIQUE SA", "Co-manager", "2020-01-01", 5, "467100", "Yes"]],
    }, headers)
    validation = load_and_validate(path)
    assert validation.ok, validation.issues
    kinds = {s.spec.kind: s.rows[0].values for s in validation.sheets}
    assert kinds["associes_pp"]["signatory_function"] == 1 and kinds["associes_pp"]["function"] == 5
    assert kinds["associes_pm"]["revenu_pro"] is True and kinds["associes_pm"]["signatory_function"] == 6


def test_the_template_example_rows_pass_validation(tmp_path: Path) -> None:
    for lang in ("fr", "en"):
        path = tmp_path / f"t-{lang}.xlsx"
        write_template(path, [CAPITAL, ASSOCIES_PP, ASSOCIES_PM], lang)
        validation = load_and_validate(path)
        assert validation.ok, validation.issues
        assert [s.spec.kind for s in validation.sheets] == ["capital", "associes_pp", "associes_pm"]


def test_command_line_words_for_the_associate_sheets() -> None:
    assert _kinds(["associes"]) == _kinds(["Associés"]) == _kinds(["associates"]) == ["associes_pp", "associes_pm"]
    assert _kinds(["capital", "associes"]) == ["capital", "associes_pp", "associes_pm"]
    assert _kinds(["all"])[-3:] == ["capital", "associes_pp", "associes_pm"]
