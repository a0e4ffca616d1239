"""Other programs' exports recognised by their real column names (bulkio/workbook/layouts.py, docs/layouts.md), and
the limits that keep it conservative: an export's own columns are no evidence against it, anything else still is.
The imports into the sandbox are in tests/realworld/cases_layouts.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkio.errors import InputError
from bulkio.spec import SPECS
from bulkio.spec.model import header_key
from bulkio.workbook.layouts import LAYOUTS, Layout
from bulkio.workbook.read import read_workbook
from bulkio.workbook.recognise import BY_LAYOUT, BY_NAME, BY_OPTION
from tests.workbook.builders import xlsx

ENTRIES = [["Date", "Journal", "Compte", "Libellé", "Débit", "Crédit"],
           ["02/01/2024", "AC", "401100", "Facture Bureau Vallée", None, 120]]


def export_of(layout: Layout, extra: tuple[str, ...] = ()) -> list[list[object]]:
    """A header row of the layout's signature (first spellings) and one account row."""
    head = [alternatives[0] for alternatives in layout.signature] + list(extra)
    keys = {header_key(text): key for text, key in layout.columns.items()}
    row = [{"account_number": "401100", "label": "Fournisseurs Bureau"}.get(keys.get(header_key(text), ""), "x")
           for text in head]
    return [head, row]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_every_layout_is_declared_whole(layout: Layout) -> None:
    """Its signature columns are its own (read or ignored), it reads only columns of its kind, it cites where its
    names come from, and no column is both read and ignored."""
    spec = SPECS[layout.kind]
    known = set(layout.column_keys) | layout.ignored_keys
    assert all(any(header_key(text) in known for text in alternatives) for alternatives in layout.signature)
    assert set(layout.columns.values()) <= {column.key for column in spec.columns}
    assert {"account_number", "label"} <= set(layout.columns.values())
    assert not layout.ignored_keys & set(layout.column_keys)
    assert layout.source.strip()


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_every_layout_claims_its_export_on_a_plain_sheet(layout: Layout, tmp_path: Path) -> None:
    data = read_workbook(xlsx(tmp_path / "export.xlsx", {"Feuil1": export_of(layout)}))
    [sheet] = data.sheets
    assert (sheet.spec.kind, sheet.recognised_by) == (layout.kind, BY_LAYOUT)
    assert sheet.table.cell(2, "account_number") == "401100" and sheet.table.cell(2, "label") == "Fournisseurs Bureau"
    [note] = data.notes
    assert note.code == "SHEET_BY_LAYOUT" and layout.name in note.message and '"Feuil1=ignorer"' in note.message


def test_the_note_names_the_export_and_the_columns_ignored(tmp_path: Path) -> None:
    sage = [["N° compte", "Intitulé", "Type", "Nature"], ["401000", "Fournisseurs", "Détail", "Fournisseur"]]
    [note] = read_workbook(xlsx(tmp_path / "s.xlsx", {"Feuil1": sage})).notes
    assert note.message.startswith("lue comme un export de plan comptable Sage 100 d'après ses en-têtes (ligne 1 : "
                                   "« N° compte », « Intitulé ») ; colonnes ignorées : « Type », « Nature »")


def test_the_note_in_english(tmp_path: Path, english: None) -> None:
    sage = [["N° compte", "Intitulé", "Type", "Nature"], ["401000", "Fournisseurs", "Détail", "Fournisseur"]]
    [note] = read_workbook(xlsx(tmp_path / "s.xlsx", {"Feuil1": sage})).notes
    assert note.message.startswith("read as a Sage 100 chart of accounts export from its headers (row 1: 'N° compte',"
                                   " 'Intitulé'); columns ignored: 'Type', 'Nature'")


def test_an_entries_sheet_beside_an_export_is_still_refused(tmp_path: Path) -> None:
    sage = [["N° compte", "Intitulé", "Type", "Nature"], ["401100", "Fournisseurs", "Détail", "Fournisseur"]]
    data = read_workbook(xlsx(tmp_path / "d.xlsx", {"Export Sage": sage, "Feuil2": ENTRIES}))
    assert [(sheet.name, sheet.recognised_by) for sheet in data.sheets] == [("Export Sage", BY_LAYOUT)]
    assert {note.sheet: note.code for note in data.notes}["Feuil2"] == "SHEET_OTHER_DOCUMENT"


def test_a_fec_in_a_spreadsheet_is_entries_even_with_comptenum_and_comptelib(tmp_path: Path) -> None:
    fec = [["JournalCode", "EcritureDate", "CompteNum", "CompteLib", "Debit", "Credit"],
           ["AC", "20240102", "401100", "Fournisseurs", "0,00", "120,00"]]
    with pytest.raises(InputError, match="« Debit », « Credit »"):
        read_workbook(xlsx(tmp_path / "fec.xlsx", {"Feuil1": fec}))


def test_a_declared_balance_column_is_no_evidence_but_an_undeclared_one_is(tmp_path: Path) -> None:
    odoo = [["Code", "Account Name", "Type", "Opening Balance"], ["401100", "Suppliers", "Payable", 0]]
    [sheet] = read_workbook(xlsx(tmp_path / "o.xlsx", {"Sheet1": odoo})).sheets
    assert sheet.recognised_by == BY_LAYOUT and sheet.extra_headers == ["Type", "Opening Balance"]
    balance = [["Code", "Account Name", "Type", "Balance"], ["401100", "Suppliers", "Payable", 0]]
    with pytest.raises(InputError, match="« Balance »"):
        read_workbook(xlsx(tmp_path / "b.xlsx", {"Sheet1": balance}))


def test_a_column_the_export_does_not_have_refuses_it_alone_not_on_a_named_sheet(tmp_path: Path) -> None:
    sage = [["N° compte", "Intitulé", "Type", "Nature", "Budget"], ["401100", "Fourn.", "D", "F", 0]]
    with pytest.raises(InputError, match="export de plan comptable Sage 100, mais « Budget » n'en sont pas"):
        read_workbook(xlsx(tmp_path / "a.xlsx", {"Feuil1": sage}))
    data = read_workbook(xlsx(tmp_path / "b.xlsx", {"Comptes": sage}))
    assert data.sheets[0].recognised_by == BY_NAME and data.sheets[0].extra_headers == ["Type", "Nature", "Budget"]
    assert [note.code for note in data.notes] == ["SHEET_LAYOUT_COLUMNS"]


def test_code_and_nom_are_tryton_only_on_a_sheet_named_as_accounts(tmp_path: Path) -> None:
    tryton = [["Code", "Nom", "Parent", "Société"], ["4011", "Fournisseurs", "401", "Garage du Centre"]]
    with pytest.raises(InputError, match="aucune ligne d'en-tête"):
        read_workbook(xlsx(tmp_path / "a.xlsx", {"Feuil1": tryton}))
    [sheet] = read_workbook(xlsx(tmp_path / "b.xlsx", {"Plan comptable": tryton})).sheets
    # "Société" is Tryton's company, not bulkio's Dossier column: the layout's word wins over the synonym.
    assert sheet.recognised_by == BY_NAME and sheet.table.keys == ["account_number", "label"]
    [sheet] = read_workbook(xlsx(tmp_path / "c.xlsx", {"Export": tryton}), sheet_map={"Export": "comptes"}).sheets
    assert sheet.recognised_by == BY_OPTION and sheet.table.cell(2, "label") == "Fournisseurs"


def test_an_exports_own_description_is_not_a_second_label(tmp_path: Path) -> None:
    """Paheko's "description" would be bulkio's Libellé too (a synonym): two label columns block a sheet."""
    paheko = [["code", "label", "description", "position"], ["512", "Banque", "Compte courant", "Actif"]]
    data = read_workbook(xlsx(tmp_path / "p.xlsx", {"Feuil1": paheko}))
    assert data.sheets[0].table.cell(2, "label") == "Banque" and not data.issues


def test_group_rows_without_a_number_are_not_imported(tmp_path: Path) -> None:
    erpnext = [["Account Name", "Parent Account", "Account Number", "Is Group", "Root Type"],
               ["Application Of Funds(Assets)", None, None, 1, "Asset"],
               ["Accounts Receivable", "Application Of Funds(Assets)", "411000", 1, "Asset"],
               ["Stock Expenses", "Expenses", None, 0, "Expense"]]
    [sheet] = read_workbook(xlsx(tmp_path / "e.xlsx", {"Feuil1": erpnext})).sheets
    assert {row: issue.code for row, issue in sheet.not_imported.items()} == {2: "GROUP_ROW"}
    assert "ligne de regroupement de l'export ERPNext (« Is Group » : 1)" in sheet.not_imported[2].message


def test_the_same_account_for_another_vat_rate_is_not_imported_twice(tmp_path: Path) -> None:
    pennylane = [["id", "number", "label", "vat_rate"], [1, "706", "Prestations", "any"],
                 [2, "706", "Prestations", "FR_200"], [3, "706", "Autres prestations", "FR_55"]]
    [sheet] = read_workbook(xlsx(tmp_path / "p.xlsx", {"Feuil1": pennylane})).sheets
    assert list(sheet.not_imported) == [3]  # the third has another label: a duplicate for validation to say
    assert "même compte 706 et même libellé que la ligne 2" in sheet.not_imported[3].message


def test_odoos_french_label_chosen_with_a_mapping_file(tmp_path: Path) -> None:
    """docs/layouts.md: the newer template's English `name` and French `name@fr`, the French one read by --map."""
    from bulkio.workbook.mapping import load_mapping

    (tmp_path / "odoo.toml").write_text('colonnes_ignorees = ["name"]\n[colonnes]\n"name@fr" = "Libellé"\n',
                                        encoding="utf-8")
    template = [["id", "name", "code", "account_type", "reconcile", "name@fr"],
                ["pcg_401", "Suppliers", "401000", "liability_payable", "True", "Fournisseurs"]]
    data = read_workbook(xlsx(tmp_path / "o.xlsx", {"Feuil1": template}), source=load_mapping(tmp_path / "odoo.toml"))
    assert data.sheets[0].recognised_by == BY_LAYOUT and data.sheets[0].table.cell(2, "label") == "Fournisseurs"


def test_an_exports_header_repeated_below_is_no_account(tmp_path: Path) -> None:
    fec = [["CompteNum", "CompteLib"], ["401000", "Fournisseurs"], [None, None], ["CompteNum", "CompteLib"],
           ["411000", "Clients"]]
    [sheet] = read_workbook(xlsx(tmp_path / "f.xlsx", {"Feuil1": fec})).sheets
    assert {row: issue.code for row, issue in sheet.not_imported.items()} == {4: "REPEATED_HEADER"}
    assert sheet.table.without_rows(sheet.not_imported).column("account_number") == ["401000", "411000"]
