"""One record, one row, before any dossier is known: rows compared on the key as MyUnisoft stores it, across
every sheet of a kind (bulkio/validate/duplicates.py), and the plan's guard against two writes on one record."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bulkio.errors import BulkioError
from bulkio.load import load_and_validate
from bulkio.plan import Action, DoubleWrite, Plan, PlannedRow, RunContext
from tests.workbook.builders import xlsx

ACCOUNTS = ["N° de compte", "Libellé"]


def _duplicates(path: Path) -> dict[tuple[str, int], str]:
    return {(i.sheet, i.row or 0): i.message for i in load_and_validate(path).issues if i.code == "DUPLICATE"}


def test_512_and_512000_are_one_account_with_the_default_padding(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", {"Comptes": [ACCOUNTS, ["512", "Banque"], [512000, "Banque Populaire"],
                                                  ["5120001", "Banque 7 chiffres"], ["401", "Fournisseurs"],
                                                  ["401000", "Fournisseurs France"]]})
    found = _duplicates(path)
    assert list(found) == [("Comptes", 3)]  # 401 is a third-party root: never padded, so not 401000
    assert found["Comptes", 3].startswith("« 512 » (ligne 2 de la feuille « Comptes ») et « 512000 » sont le même "
                                          "compte 512000 dans MyUnisoft, qui complète les numéros de comptes "
                                          "généraux à 6 chiffres")


def test_the_same_account_on_two_sheets_and_in_two_cases(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", {
        "Comptes": [ACCOUNTS, ["401martin", "Martin"], ["607", "Achats"]],
        "Plan comptable": [ACCOUNTS, ["411000", "Clients"], ["401MARTIN", "Martin SARL"], ["607000", "Achats 2"]],
    })
    found = _duplicates(path)
    assert set(found) == {("Plan comptable", 3), ("Plan comptable", 4)}
    assert "« 401martin » (ligne 2 de la feuille « Comptes ») et « 401MARTIN » sont le même compte 401MARTIN" \
        in found["Plan comptable", 3] and "majuscules" in found["Plan comptable", 3]
    assert "compte 607000" in found["Plan comptable", 4]


def test_a_row_key_includes_its_dossier(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", {"Comptes": [["Dossier", *ACCOUNTS], ["5", "512", "Banque"],
                                                  ["6", "512000", "Banque"], ["5", "512000", "Banque bis"]]})
    assert list(_duplicates(path)) == [("Comptes", 4)]


def test_rows_not_imported_take_no_part(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", {"Comptes": [ACCOUNTS, ["512000", "Banque (masquée)"], ["512", "Banque"],
                                                  ["5120", "Banque bis"]]})
    book = openpyxl.load_workbook(path)
    book["Comptes"].row_dimensions[2].hidden = True
    book.save(path)
    validation = load_and_validate(path)
    assert [r.excel_row for s in validation.sheets for r in s.rows if getattr(r, "skip", None)] == [2]
    found = _duplicates(path)
    assert list(found) == [("Comptes", 4)] and "(ligne 3 de la feuille « Comptes »)" in found["Comptes", 4]


def test_analytics_codes_are_compared_as_the_api_does_case_sensitively_across_sheets(tmp_path: Path) -> None:
    sections = ["Code axe", "Code section", "Libellé"]
    path = xlsx(tmp_path / "a.xlsx", {
        "Sections": [sections, ["SITE", "LYON", "Lyon"], ["SITE", "lyon", "Lyon (minuscules)"], ["AUTRE", "LYON", "x"]],
        "Sections analytiques": [sections, ["SITE", "LYON", "Lyon encore"]],
    })
    found = _duplicates(path)
    assert list(found) == [("Sections analytiques", 2)]
    assert found["Sections analytiques", 2].startswith(
        "Code axe « SITE », Code section « LYON » figure déjà ligne 2 de la feuille « Sections »")


def test_a_key_spread_over_two_sheets_is_refused_on_the_second(tmp_path: Path) -> None:
    head = ["Code axe", "Clé", "Condition", "Code section", "Taux"]
    path = xlsx(tmp_path / "r.xlsx", {
        "Répartitions": [head, ["SITE", "SIEGE", "6", "LYON", 100]],
        "Clés de répartition": [head, ["SITE", "SIEGE", "6", "PARIS", 100], ["SITE", "AUTRE", "6", "PARIS", 100]],
    })
    found = _duplicates(path)
    assert list(found) == [("Clés de répartition", 2)]
    assert "la clé « SIEGE » de l'axe « SITE » a déjà des taux ligne 2 de la feuille « Répartitions »" \
        in found["Clés de répartition", 2]


def test_associates_by_name_and_capital_by_date(tmp_path: Path) -> None:
    people = ["Nom", "Prénom", "Fonction signataire", "Date d'entrée", "Parts PP", "Compte associé"]
    companies = ["Société associée", "Fonction signataire", "Date d'entrée", "Parts PP", "Compte associé"]
    path = xlsx(tmp_path / "s.xlsx", {
        "Capital": [["Date d'effet", "Capital", "Nombre de parts"], ["01/01/2024", 1000, 100],
                    ["2024-01-01", 1000, 100]],
        "Associés PP": [people, ["MARTIN", "Élodie", "Gérant", "2024-01-01", 10, "455100"],
                        ["martin ", "elodie", "Gérant", "2024-01-01", 10, "455100"],
                        ["MARTIN", "Élodie", "Gérant", "2025-01-01", 10, "455100"]],
        "Associés PM": [companies, ["ANALYTIQUE SA", "Gérant", "2024-01-01", 10, "467100"],
                        ["analytique  sa", "Gérant", "2024-01-01", 10, "467100"]],
    })
    found = _duplicates(path)
    assert set(found) == {("Capital", 3), ("Associés PP", 3), ("Associés PM", 3)}
    # The whole key, as typed on each row: the holder and the date, not the date alone.
    assert found["Capital", 3] == (
        "Date d'effet « 2024-01-01 » figure déjà ligne 2 de la feuille « Capital » (écrit Date d'effet "
        "« 01/01/2024 ») : c'est le même enregistrement dans MyUnisoft ; supprimez ou fusionnez l'une des deux lignes.")
    assert found["Associés PP", 3].startswith(
        "Nom « martin », Prénom « elodie », Date d'entrée « 2024-01-01 » figure déjà ligne 2 de la feuille "
        "« Associés PP » (écrit Nom « MARTIN », Prénom « Élodie », Date d'entrée « 2024-01-01 »)")
    assert found["Associés PM", 3].startswith(
        "Société associée « analytique  sa », Date d'entrée « 2024-01-01 » figure déjà ligne 2")


def test_a_duplicate_row_is_not_counted_again_in_a_keys_rates(tmp_path: Path) -> None:
    # Meant: key MIXTE at 60 % VENTE and 40 % ATELIER; the VENTE row was pasted twice. The second is the error, and
    # the key's rates still add up to 100: no RATE_SUM beside the DUPLICATE.
    head = ["Code axe", "Clé", "Condition", "Code section", "Taux"]
    path = xlsx(tmp_path / "r.xlsx", {"Répartitions": [head, ["SITE", "MIXTE", "6", "VENTE", 60],
                                                       ["SITE", "MIXTE", "6", "ATELIER", 40],
                                                       ["SITE", "MIXTE", "6", "VENTE", 60]]})
    assert [(i.row, i.code) for i in load_and_validate(path).issues] == [(4, "DUPLICATE")]


def test_a_duplicate_associate_row_does_not_count_its_shares_twice(tmp_path: Path) -> None:
    # Meant: MARTIN holds 60 of the capital's 100 shares; the row was typed twice. Only the second row is an error.
    people = ["Nom", "Prénom", "Fonction signataire", "Date d'entrée", "Parts PP", "Compte associé"]
    path = xlsx(tmp_path / "s.xlsx", {
        "Capital": [["Date d'effet", "Capital", "Nombre de parts"], ["2024-01-01", 1000, 100]],
        "Associés PP": [people, ["MARTIN", "Élodie", "Gérant", "2024-01-01", 60, "455100"],
                        ["MARTIN", "Élodie", "Gérant", "2024-01-01", 60, "455100"]],
    })
    assert [(i.sheet, i.row, i.code) for i in load_and_validate(path).issues] == [("Associés PP", 3, "DUPLICATE")]


def _row(kind: str, sheet: str, excel_row: int, key: str, action: Action = Action.CREATE) -> PlannedRow:
    return PlannedRow(kind, sheet, excel_row, key, action, {})


def test_a_plan_never_holds_two_writes_to_one_record() -> None:
    context = RunContext(society_id=2, token_kind="firm", society_label="2 DOSSIER VIDE SAS")
    with pytest.raises(DoubleWrite, match=r"« 512000 ».*« Comptes » ligne 2.*« Autres » ligne 5") as refused:
        Plan(context, [_row("comptes", "Comptes", 2, "512000"), _row("comptes", "Autres", 5, "512000", Action.UPDATE)],
             {})
    # A bug guard, told as one sentence like every error bulkio knows (not "erreur inattendue"), asking for a report.
    assert isinstance(refused.value, BulkioError)
    assert "une erreur de bulkio" in refused.value.message and "signalez-la" in refused.value.message
    group: list[PlannedRow] = []
    group.extend([PlannedRow("repartitions", "R", row, "SITE/SIEGE", Action.CREATE, {}, group=group) for row in (2, 3)])
    plan = Plan(context, [_row("comptes", "Comptes", 2, "512000"), _row("comptes", "Comptes", 3, "512000",
                                                                         Action.BLOCKED),
                          _row("comptes", "Comptes", 4, "512000", Action.UNCHANGED), _row("axes", "Axes", 2, "512000"),
                          *group], {})
    assert plan.writes == 4
