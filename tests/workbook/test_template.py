"""Templates and exports: what a user sees in Excel, and what read_workbook gets back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from bulkio.spec import COMPTES, Choice, Column, EntitySpec, Kind
from bulkio.workbook.read import read_workbook
from bulkio.workbook.template import dropdown_options, example_row, write_sheets, write_template


@pytest.fixture
def template_fr(tmp_path: Path) -> Path:
    path = tmp_path / "modele.xlsx"
    write_template(path, [COMPTES], "fr")
    return path


def test_template_round_trip_gives_the_example_row(template_fr: Path) -> None:
    data = read_workbook(template_fr)
    [sheet] = data.sheets
    assert (sheet.name, sheet.header_row, sheet.table.rows) == ("Comptes", 1, [2])
    assert sheet.table.cell(2, "account_number") == "401DUPONT"
    assert sheet.table.cell(2, "label") == "DUPONT SARL"
    assert sheet.table.cell(2, "provider") == "Non"
    assert set(sheet.table.keys) == {c.key for c in COMPTES.columns}
    assert sheet.extra_headers == [] and data.issues == []
    assert data.ignored_sheets[0] == "Aide"  # then the hidden "Listes" when a dropdown list is long


def test_template_sheet_features(template_fr: Path) -> None:
    book = openpyxl.load_workbook(template_fr)
    sheet = book["Comptes"]
    assert sheet.freeze_panes == "A2"
    headers = [cell.value for cell in sheet[1]]
    assert headers == [*(c.fr for c in COMPTES.columns), None]  # the last column: the example row's mark
    assert sheet.cell(row=2, column=len(COMPTES.columns) + 1).value == "← Exemple : cette ligne n'est jamais importée"
    for cell, column in zip(sheet[1][:len(COMPTES.columns)], COMPTES.columns, strict=True):
        assert cell.font.bold and cell.fill.fgColor.rgb not in (None, "00000000")
        assert cell.comment is not None and column.help_fr in cell.comment.text
        assert ("Obligatoire." in cell.comment.text) == column.required
        assert sheet.column_dimensions[cell.column_letter].width == column.width
    for column in COMPTES.columns:
        letter = sheet.cell(row=1, column=COMPTES.columns.index(column) + 1).column_letter
        is_account = column.kind is Kind.ACCOUNT
        assert (sheet.column_dimensions[letter].number_format == "@") == is_account
        assert all((sheet[f"{letter}{row}"].number_format == "@") == is_account for row in (2, 3, 2500, 5001))
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists[f"{_letter(sheet, 'Fournisseur')}2:{_letter(sheet, 'Fournisseur')}1048576"] == '"Oui,Non"'
    assert len(lists) == sum(c.kind in (Kind.BOOL, Kind.CHOICE) for c in COMPTES.columns)
    for column in COMPTES.columns:
        if column.kind in (Kind.BOOL, Kind.CHOICE):
            letter = _letter(sheet, column.fr)
            assert _dropdown_labels(book, lists[f"{letter}2:{letter}1048576"]) == dropdown_options(column, "fr")


def test_help_sheet_documents_every_column(template_fr: Path) -> None:
    help_sheet = openpyxl.load_workbook(template_fr)["Aide"]
    texts = [cell.value for row in help_sheet.iter_rows() for cell in row if cell.value]
    assert COMPTES.help_fr in texts
    for column in COMPTES.columns:
        assert column.fr in texts and column.help_fr in texts
    assert any("(vide)" in text for text in texts)
    assert any("JJ/MM/AAAA" in text for text in texts)


def test_english_template(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path, [COMPTES], "en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["Accounts", "Help"]
    sheet = book["Accounts"]
    assert sheet["A1"].value == "Dossier" and sheet["B1"].value == "Account number"
    assert "Required." in sheet["B1"].comment.text
    formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert '"Yes,No"' in formulas
    assert read_workbook(path).sheets[0].table.cell(2, "provider") == "No"


def test_long_choice_lists_go_to_a_hidden_sheet(tmp_path: Path) -> None:
    many = tuple(Choice(i, f"Fonction numéro {i}", f"Role number {i}") for i in range(40))
    spec = EntitySpec(
        kind="essai", sheet_fr="Essai", sheet_en="Test", natural_key=("code",), signature=("code",),
        columns=(Column(key="code", fr="Code", en="Code", required=True),
                 Column(key="role", fr="Fonction", en="Role", kind=Kind.CHOICE, choices=many)),
    )
    path = tmp_path / "long.xlsx"
    write_template(path, [spec], "fr")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-1] == "Listes" and book["Listes"].sheet_state == "hidden"
    [validation] = book["Essai"].data_validations.dataValidation
    name = validation.formula1
    destination = book.defined_names[name].attr_text
    assert destination.replace("'", "") == "Listes!$A$1:$A$40"
    assert book["Listes"]["A40"].value == "Fonction numéro 39"


def test_example_row_is_built_from_the_specs() -> None:
    row = example_row(COMPTES, "en")
    assert row["account_number"] == "401DUPONT"
    assert row["provider"] is False  # written "No" / "Non"
    assert "dossier" not in row


def test_write_sheets_exports_data_rows(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    rows = [
        {"account_number": "401000", "label": "Fournisseurs", "provider": True, "intraco": False},
        {"account_number": 411000, "label": "Clients", "postal_code": 75001, "city": date(2024, 1, 2)},
        {"account_number": "00512", "label": None},
    ]
    write_sheets(path, [(COMPTES, rows)], "fr")
    sheet = openpyxl.load_workbook(path)["Comptes"]
    provider = _letter(sheet, "Fournisseur")
    assert sheet[f"{provider}2"].value == "Oui" and sheet[f"{provider}2"].data_type == "s"
    assert sheet["B3"].value == "411000" and sheet["B3"].number_format == "@"
    table = read_workbook(path).sheets[0].table
    assert table.rows == [2, 3, 4]
    assert table.column("account_number") == ["401000", "411000", "00512"]
    assert table.cell(2, "intraco") == "Non"
    assert table.cell(3, "city") == "2024-01-02"


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://evil\",\"x\")", "+33 1 23", "-2+3", "@SUM(A1)", "=1+1"])
def test_formula_injection_is_neutralised(tmp_path: Path, text: str) -> None:
    path = tmp_path / "export.xlsx"
    write_sheets(path, [(COMPTES, [{"account_number": "401000", "label": text, "city": text}])], "fr")
    sheet = openpyxl.load_workbook(path)["Comptes"]
    cell = sheet.cell(row=2, column=COMPTES.columns.index(COMPTES.column("label")) + 1)
    assert cell.data_type == "s" and cell.value == text and cell.quotePrefix
    assert "<f>" not in _sheet_xml(path)
    table = read_workbook(path).sheets[0].table
    assert table.cell(2, "label") == text and table.cell(2, "city") == text


def _dropdown_labels(book: openpyxl.Workbook, formula: str) -> list[str]:
    """The labels a list validation offers: inline ("a,b") or through a named range of the Listes sheet."""
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet_name, cells = book.defined_names[formula].attr_text.replace("$", "").split("!")
    listes = book[sheet_name.strip("'")]
    assert listes.sheet_state == "hidden"
    return [cell.value for row in listes[cells] for cell in row]


def _letter(sheet: openpyxl.worksheet.worksheet.Worksheet, header: str) -> str:
    return next(cell.column_letter for cell in sheet[1] if cell.value == header)


def _sheet_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()
