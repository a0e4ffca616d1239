"""read_workbook on real .xlsx files: recognition, header rows, row numbers, cell normalisation, formulas."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from bulkio.errors import UsageError
from bulkio.workbook.read import read_workbook
from tests.workbook.builders import patch_sheet_xml, xlsx


def test_header_under_a_title_keeps_excel_row_numbers(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": {
        "A1": "Plan comptable du client DUPONT",
        "A4": "N° de compte", "B4": "Libellé",
        "A5": "401000", "B5": "Fournisseurs",
        "A6": "411000", "B6": "Clients",
    }})
    sheet = read_workbook(path).sheets[0]
    assert sheet.header_row == 4
    assert sheet.table.rows == [5, 6]
    assert sheet.table.cell(6, "label") == "Clients"
    assert sheet.headers == {"account_number": "N° de compte", "label": "Libellé"}


def test_data_starting_at_row_5_and_column_c_keeps_row_numbers_and_letters(tmp_path: Path) -> None:
    # Nothing at all above row 5 or left of column C: calamine would drop that empty area by default.
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": {
        "C5": "N° de compte", "D5": "Libellé", "C6": "401000", "D6": "Fournisseurs",
    }})
    sheet = read_workbook(path).sheets[0]
    assert sheet.header_row == 5
    assert sheet.table.rows == [6]
    assert sheet.letters == {"account_number": "C", "label": "D"}


def test_english_headers_and_synonyms(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Accounts": [
        ["Account number", "Intitulé", "CONTREPARTIE", "Tél", "Courriel"],
        ["401000", "Suppliers", "607000", "0102030405", "a@b.fr"],
    ]})
    sheet = read_workbook(path).sheets[0]
    assert sheet.table.keys == ["account_number", "label", "counterpart", "tel", "email"]
    assert sheet.table.cell(2, "email") == "a@b.fr"
    assert sheet.headers["label"] == "Intitulé"


def test_sheet_name_matching_ignores_case_accents_and_spaces(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {" plan  COMPTABLE ": [["N° de compte", "Libellé"], ["401", "x"]]})
    data = read_workbook(path)
    assert [s.spec.kind for s in data.sheets] == ["comptes"]


def test_sheet_recognised_by_its_headers_when_named_feuil1(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {
        "Notes": [["Ceci n'est pas une feuille de données"]],
        "Feuil1": [["Mon export"], [], ["Numéro de compte", "Libellé"], ["512000", "Banque"]],
    })
    data = read_workbook(path)
    assert [(s.name, s.header_row) for s in data.sheets] == [("Feuil1", 3)]
    assert data.ignored_sheets == ["Notes"]
    assert data.sheets[0].table.cell(4, "account_number") == "512000"


def test_kinds_restricts_the_specs_considered(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [["N° de compte", "Libellé"], ["401", "x"]]})
    assert len(read_workbook(path, kinds=["Accounts"]).sheets) == 1
    with pytest.raises(UsageError):
        read_workbook(path, kinds=["unknown-kind"])


def test_numeric_account_numbers_read_as_text(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [
        ["N° de compte", "Libellé", "Compte de contrepartie", "N° voie"],
        [401000, "typed as a number", 607000.0, 12],
        [401000.0, "a float", None, 12.0],
        [411000, "thousands format", None, None],
        ["401 000", "typed with a space", None, None],
        ["'401100", "leading apostrophe kept as text", None, None],
        ["00123", "leading zeros typed as text", None, None],
    ]})
    book = openpyxl.load_workbook(path)
    book["Comptes"]["A4"].number_format = "#,##0"
    book.save(path)
    table = read_workbook(path).sheets[0].table
    assert table.column("account_number") == ["401000", "401000", "411000", "401000", "401100", "00123"]
    assert table.cell(2, "counterpart") == "607000"
    assert table.cell(3, "address_number") == "12"  # integral floats lose ".0" in every column


def test_cell_normalisation(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [
        ["N° de compte", "Libellé", "Fournisseur", "Ville", "Code postal", "Adresse"],
        ["401000", "  DUPONT\u00a0SARL\u200b  ", True, date(2024, 3, 1), 33.5, datetime(2024, 3, 1, 12, 30)],
        ["401001", "   ", False, "\u200b", 0.1 + 0.2, "n/a"],
    ]})
    table = read_workbook(path).sheets[0].table
    assert table.row(2) == {
        "account_number": "401000", "label": "DUPONT SARL", "provider": "TRUE",
        "city": "2024-03-01", "postal_code": "33.5", "address": "2024-03-01",
    }
    assert table.cell(3, "label") is None  # whitespace only -> empty
    assert table.cell(3, "provider") == "FALSE"
    assert table.cell(3, "city") is None  # a zero-width space alone is empty
    assert table.cell(3, "postal_code") == "0.3"  # Excel's 15 significant digits, not 0.30000000000000004
    assert table.cell(3, "address") == "n/a"  # no silent NA conversion
    assert all(type(v) is str or v is None for _, texts in table.columns() for v in texts)


def test_blank_rows_are_skipped_with_correct_row_numbers(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [
        ["N° de compte", "Libellé"], ["401000", "a"], [None, None], ["  ", None], ["411000", "b"], [], ["512000", None],
    ]})
    table = read_workbook(path).sheets[0].table
    assert table.rows == [2, 5, 7]
    assert table.cell(7, "label") is None


def test_result_columns_unknown_columns_and_duplicates(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [
        ["N° de compte", "Libellé", "Remarque", "Libellé", "Statut", "Code erreur", "Message", "ID MyUnisoft",
         "Request-ID", "Status"],
        ["401000", "first wins", "note", "second", "Erreur", "ERR-X", "boom", "12", "req-1", "Error"],
    ]})
    data = read_workbook(path)
    sheet = data.sheets[0]
    assert sheet.table.keys == ["account_number", "label"]
    assert sheet.table.cell(2, "label") == "first wins"
    assert sheet.extra_headers == ["Remarque"]
    [issue] = data.issues
    assert (issue.code, issue.row, issue.column) == ("DUPLICATE_HEADER", 1, "Libellé")
    assert "B" in issue.message and "D" in issue.message


def test_formula_cells_read_their_cached_value(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [["N° de compte", "Libellé"], ["401000", '="Fourn"&"isseurs"']]})
    # openpyxl writes the formula without a value; Excel would store the calculated one next to it.
    patch_sheet_xml(path, {'<c r="B2"><f>"Fourn"&amp;"isseurs"</f><v /></c>':
                           '<c r="B2" t="str"><f>"Fourn"&amp;"isseurs"</f><v>Fournisseurs</v></c>'})
    data = read_workbook(path)
    assert data.sheets[0].table.cell(2, "label") == "Fournisseurs"
    assert data.issues == []


def test_formula_error_value_becomes_empty_with_an_issue(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [
        ["Titre"], [], ["N° de compte", "Libellé"], ["401000", "=Feuil9!A1"], ["411000", "ok"],
    ]})
    patch_sheet_xml(path, {'<c r="B4"><f>Feuil9!A1</f><v /></c>': '<c r="B4" t="e"><f>#REF!</f><v>#REF!</v></c>'})
    data = read_workbook(path)
    assert data.sheets[0].table.cell(4, "label") is None
    [issue] = data.issues
    assert (issue.sheet, issue.row, issue.column, issue.value, issue.code) == (
        "Comptes", 4, "Libellé", "#REF!", "FORMULA_ERROR")
    assert "#REF!" in issue.message and "ligne 4" in issue.message


def test_uncalculated_formula_is_reported(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [["N° de compte", "Libellé"], ["401000", "=UPPER(\"x\")"]]})
    data = read_workbook(path)
    assert data.sheets[0].table.cell(2, "label") is None
    assert [i.code for i in data.issues] == ["FORMULA_NOT_CALCULATED"]


def test_error_text_in_a_cell_is_an_issue_too(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [["N° de compte", "Libellé"], ["401000", "#N/A"]]})
    data = read_workbook(path)
    assert data.sheets[0].table.cell(2, "label") is None
    assert [(i.code, i.value) for i in data.issues] == [("FORMULA_ERROR", "#N/A")]


def test_help_and_summary_sheets_are_ignored(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {
        "Résumé": [["Feuille", "N° de compte", "Libellé"]],
        "Comptes": [["N° de compte", "Libellé"], ["401", "x"]],
        "Aide": [["N° de compte", "Libellé"], ["Colonne", "Explication"]],
    })
    data = read_workbook(path)
    assert [s.name for s in data.sheets] == ["Comptes"]
    assert data.ignored_sheets == ["Résumé", "Aide"]


def test_empty_recognised_sheet_gives_an_empty_table(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [["N° de compte", "Libellé"]]})
    table = read_workbook(path).sheets[0].table
    assert table.empty and len(table) == 0 and table.keys == ["account_number", "label"]
