"""Which sheets bulkio reads: by --sheet, by name, by headers only on strong evidence (docs/trust.md §1).

Each workbook is one an accountant really sends: the chart beside January's entries, a staff list, a VAT
rates table, an export with a title line. The question each test answers: which sheet is read as what, and
what the user is told about the others.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkio.errors import InputError, UsageError
from bulkio.load import load_and_validate
from bulkio.workbook.read import read_workbook
from bulkio.workbook.recognise import BY_HEADERS, BY_NAME, BY_OPTION
from tests.workbook.builders import digest, xlsx

ENTRIES = [["Date", "Journal", "Compte", "Libellé", "Débit", "Crédit"],
           ["02/01/2024", "AC", "401100", "Facture Bureau Vallée", None, 120],
           ["02/01/2024", "AC", "606400", "Facture Bureau Vallée", 100, None]]
CHART = [["N° de compte", "Libellé"], ["401100", "Fournisseurs Bureau"], ["606400", "Fournitures administratives"]]


def read(path: Path, **options: object) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """{sheet: (kind, recognised by)} and {sheet: note code} of what the reader made of the file."""
    data = read_workbook(path, **options)  # type: ignore[arg-type]
    taken = {sheet.name: (sheet.spec.kind, sheet.recognised_by) for sheet in data.sheets}
    return taken, {note.sheet: note.code for note in data.notes}


def test_an_entries_sheet_beside_the_chart_is_not_read_as_accounts(tmp_path: Path) -> None:
    # The user meant: import the chart; January's entries are there for reference. Read as accounts, the
    # entries' labels would rename 401100 and 606400.
    path = xlsx(tmp_path / "dossier.xlsx", {"Plan comptable": CHART, "Écritures janvier": ENTRIES})
    taken, notes = read(path)
    assert taken == {"Plan comptable": ("comptes", BY_NAME)}
    assert notes == {"Écritures janvier": "SHEET_OTHER_DOCUMENT"}


def test_entries_on_a_sheet_with_a_plain_name_are_refused_by_their_debit_and_credit_columns(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "dossier.xlsx", {"Comptes": CHART, "Feuil2": ENTRIES})
    data = read_workbook(path)
    assert [sheet.name for sheet in data.sheets] == ["Comptes"]
    note = next(note for note in data.notes if note.sheet == "Feuil2")
    assert note.code == "SHEET_OTHER_DOCUMENT"
    assert "« Débit »" in note.message and "« Crédit »" in note.message and '--sheet "Feuil2=comptes"' in note.message


def test_a_trial_balance_is_not_a_chart_of_accounts(tmp_path: Path) -> None:
    balance = [["Compte", "Intitulé", "Débit", "Crédit", "Solde"], ["401100", "Fournisseurs", 0, 1200, -1200]]
    path = xlsx(tmp_path / "b.xlsx", {"Comptes": CHART, "Feuil1": balance})
    taken, notes = read(path)
    assert taken == {"Comptes": ("comptes", BY_NAME)} and notes == {"Feuil1": "SHEET_OTHER_DOCUMENT"}


def test_a_staff_list_is_not_read_as_associates(tmp_path: Path) -> None:
    # Nom, Prénom, Date d'entrée and Fonction: a staff list has them too; nothing only associates have.
    staff = [["Nom", "Prénom", "Date d'entrée", "Fonction"], ["DURAND", "Léa", "01/03/2021", "Associé"]]
    path = xlsx(tmp_path / "rh.xlsx", {"Comptes": CHART, "Feuil1": staff})
    taken, notes = read(path)
    assert taken == {"Comptes": ("comptes", BY_NAME)} and notes == {"Feuil1": "SHEET_WEAK_EVIDENCE"}


def test_a_staff_list_named_personnel_or_with_salaries_is_not_read_either(tmp_path: Path) -> None:
    staff = [["Nom", "Prénom", "Date d'entrée", "Parts PP"], ["DURAND", "Léa", "01/03/2021", 10]]
    payroll = [["Nom", "Prénom", "Date d'entrée", "Compte associé", "Salaire brut"], ["DURAND", "Léa", "01/03/2021",
                                                                                       "421000", 2100]]
    path = xlsx(tmp_path / "rh.xlsx", {"Comptes": CHART, "Personnel": staff, "Paie": payroll})
    taken, notes = read(path)
    assert taken == {"Comptes": ("comptes", BY_NAME)}
    assert notes == {"Personnel": "SHEET_OTHER_DOCUMENT", "Paie": "SHEET_OTHER_DOCUMENT"}


def test_associates_with_their_shares_are_read_by_their_headers(tmp_path: Path) -> None:
    associates = [["Nom", "Prénom", "Date d'entrée", "Parts PP"], ["DURAND", "Léa", "01/03/2021", 10]]
    path = xlsx(tmp_path / "a.xlsx", {"Feuil1": associates})
    taken, notes = read(path)
    assert taken == {"Feuil1": ("associes_pp", BY_HEADERS)} and notes == {"Feuil1": "SHEET_BY_HEADERS"}


def test_a_vat_table_named_taux_is_skipped_not_fatal(tmp_path: Path) -> None:
    # "Taux" is also a name of the Répartitions sheet; this one holds VAT rates and none of its columns.
    vat = [["Code TVA", "Libellé", "Taux"], ["TN", "Taux normal", 20], ["TR", "Taux réduit", 5.5]]
    path = xlsx(tmp_path / "tva.xlsx", {"Comptes": CHART, "Taux": vat})
    taken, notes = read(path)
    assert taken == {"Comptes": ("comptes", BY_NAME)} and notes == {"Taux": "SHEET_NAMED_WITHOUT_COLUMNS"}
    assert load_and_validate(path).ok


def test_a_chart_named_feuil1_with_other_softwares_headers_is_read_and_said_so(tmp_path: Path) -> None:
    chart = [["Numéro compte", "Intitulé du compte", "Commentaire"], ["512000", "Banque Populaire", "principal"]]
    path = xlsx(tmp_path / "export.xlsx", {"Feuil1": chart})
    data = read_workbook(path)
    assert [(s.name, s.spec.kind, s.recognised_by) for s in data.sheets] == [("Feuil1", "comptes", BY_HEADERS)]
    assert data.sheets[0].table.cell(2, "label") == "Banque Populaire"
    [note] = data.notes
    assert note.code == "SHEET_BY_HEADERS" and "« Numéro compte »" in note.message and "=ignorer" in note.message


@pytest.mark.parametrize(("number", "label"), [
    ("N° compte", "Intitulé"), ("Numéro de compte", "Libellé du compte"), ("No compte", "Libellé compte"),
    ("Compte général", "Désignation"), ("Account number", "Account name"), ("Compte", "Intitulé du compte"),
])
def test_header_spellings_of_accounting_software(tmp_path: Path, number: str, label: str) -> None:
    path = xlsx(tmp_path / "c.xlsx", {"Comptes": [[number, label], ["401000", "Fournisseurs"]]})
    [sheet] = read_workbook(path).sheets
    assert sheet.table.cell(2, "account_number") == "401000" and sheet.table.cell(2, "label") == "Fournisseurs"


def test_more_unknown_columns_than_known_ones_is_too_little_evidence(tmp_path: Path) -> None:
    export = [["N° compte", "Intitulé", "Type", "Nature", "Report", "Budget"], ["401000", "Fourn.", "D", "F", 0, 0]]
    path = xlsx(tmp_path / "c.xlsx", {"Comptes": CHART, "Export": export})
    taken, notes = read(path)
    assert taken == {"Comptes": ("comptes", BY_NAME)} and notes == {"Export": "SHEET_WEAK_EVIDENCE"}


def test_the_users_sheet_option_wins_over_every_clue(tmp_path: Path) -> None:
    # A balance the user does mean as the chart (its labels), and a look-alike they mean to leave out.
    balance = [["Compte", "Intitulé", "Solde"], ["401100", "Fournisseurs", -1200]]
    look_alike = [["N° de compte", "Libellé"], ["999999", "Brouillon"]]
    path = xlsx(tmp_path / "b.xlsx", {"Balance 2024": balance, "Feuil1": look_alike})
    taken, notes = read(path, sheet_map={"Balance 2024": "comptes", "Feuil1": "ignorer"})
    assert taken == {"Balance 2024": ("comptes", BY_OPTION)} and notes == {"Feuil1": "SHEET_IGNORED_BY_OPTION"}


def test_a_sheet_option_naming_no_sheet_is_a_usage_error_listing_the_sheets(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", {"Comptes": CHART, "Feuil2": [["x"]]})
    with pytest.raises(UsageError) as caught:
        read_workbook(path, sheet_map={"Plan": "comptes"})
    assert "« Plan »" in caught.value.message and "« Comptes », « Feuil2 »" in caught.value.message


def test_when_nothing_is_read_the_message_says_why_for_each_sheet(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", {"Écritures janvier": ENTRIES, "Taux": [["Code TVA", "Taux"], ["TN", 20]],
                                      "Vide": [[None]]})
    before = digest(path)
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    message = caught.value.message
    assert "« Écritures janvier » : ses en-têtes sont ceux d'une feuille Comptes" in message
    assert "« Taux » : nommée comme une feuille Répartitions" in message
    assert "« Vide » : feuille vide" in message and "--sheet" in message
    assert digest(path) == before


def test_a_sheet_named_with_a_year_is_read_by_its_name(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", {"Comptes 2024": CHART})
    taken, notes = read(path)
    assert taken == {"Comptes 2024": ("comptes", BY_NAME)} and notes == {}


def test_a_csv_takes_its_kind_from_its_name_and_reads_under_a_title_line(tmp_path: Path) -> None:
    # Exported with a comma and a title line, as many programs do: the title must not decide the separator.
    path = tmp_path / "comptes.csv"
    path.write_text("Plan comptable au 31/12/2024\nN° de compte,Libellé,Commentaire\n401000,Fournisseurs,\n"
                    "512000,\"Banque, compte courant\",principal\n", encoding="utf-8")
    data = read_workbook(path)
    [sheet] = data.sheets
    assert (sheet.spec.kind, sheet.recognised_by, sheet.header_row) == ("comptes", BY_NAME, 2)
    assert sheet.table.cell(4, "label") == "Banque, compte courant"


def test_a_csv_named_anyhow_is_read_by_its_headers_or_by_the_option(tmp_path: Path) -> None:
    path = tmp_path / "export_2024.csv"
    path.write_text("Compte;Intitulé;Débit;Crédit\n401000;Fournisseurs;0;1200\n", encoding="cp1252")
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    assert "« Débit »" in caught.value.message and '--sheet "export_2024=comptes"' in caught.value.message
    [sheet] = read_workbook(path, sheet_map={"export_2024.csv": "comptes"}).sheets
    assert sheet.recognised_by == BY_OPTION and sheet.table.cell(2, "label") == "Fournisseurs"


def test_a_line_number_column_is_never_taken_for_the_account_number(tmp_path: Path) -> None:
    # "N°" numbers the lines, as many hand-made lists do; the account number is the next column.
    path = xlsx(tmp_path / "c.xlsx", {"Comptes": [["N°", "N° de compte", "Libellé"], [1, "401000", "Fournisseurs"],
                                                  [2, "512000", "Banque"]]})
    [sheet] = read_workbook(path).sheets
    assert sheet.table.column("account_number") == ["401000", "512000"]
    assert sheet.extra_headers == ["N°"]


def test_a_header_written_twice_blocks_its_sheet(tmp_path: Path) -> None:
    # Two label columns: which one the user means cannot be told, so no row of the sheet is imported.
    path = xlsx(tmp_path / "c.xlsx", {"Comptes": [["N° de compte", "Libellé", "Intitulé"],
                                                  ["401000", "Fournisseurs", "Fournisseurs divers"]]})
    validation = load_and_validate(path)
    assert [r.valid for s in validation.sheets for r in s.rows] == [False]
    assert [i.code for i in validation.issues] == ["DUPLICATE_HEADER"]


def test_a_csv_saved_by_excel_for_mac_is_read_with_its_accents(tmp_path: Path) -> None:
    path = tmp_path / "comptes.csv"
    path.write_bytes("N° de compte;Libellé\r401000;Fournisseurs généraux\r512000;Crédit Agricole\r"
                     .encode("mac_roman"))
    [sheet] = read_workbook(path).sheets
    assert sheet.table.column("label") == ["Fournisseurs généraux", "Crédit Agricole"]


@pytest.mark.parametrize(("sheet", "headers"), [
    ("Feuil1", ["Compte", "Libellé", "2024", "2023"]),  # a comparative balance: figures per year
    ("Feuil1", ["Compte", "Libellé", "N", "N-1"]),
    ("Feuil1", ["N° compte", "Intitulé", "Janvier", "Février"]),  # a budget by month
    ("Comptes 2024", ["Compte", "Intitulé", "Débit", "Crédit", "Solde"]),  # a trial balance named like the chart
])
def test_figures_of_a_period_mean_another_document_even_under_a_referentials_name(
        tmp_path: Path, sheet: str, headers: list[str]) -> None:
    row = ["401000", "Fourn. divers", *([1200] * (len(headers) - 2))]
    path = xlsx(tmp_path / "b.xlsx", {"Plan comptable": CHART, sheet: [headers, row]})
    taken, notes = read(path)
    assert taken == {"Plan comptable": ("comptes", BY_NAME)} and notes == {sheet: "SHEET_OTHER_DOCUMENT"}


def test_as_many_unknown_columns_as_known_ones_is_not_enough(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", {"Comptes": CHART, "Feuil1": [["N° compte", "Intitulé", "Famille", "Responsable"],
                                                                   ["401000", "Fourn.", "Achats", "Léa"]]})
    taken, notes = read(path)
    assert taken == {"Comptes": ("comptes", BY_NAME)} and notes == {"Feuil1": "SHEET_WEAK_EVIDENCE"}


def test_a_staff_list_with_an_id_column_is_still_no_associates_sheet(tmp_path: Path) -> None:
    staff = [["ID", "Nom", "Prénom", "Date d'entrée", "Service"], [7, "DURAND", "Léa", "01/03/2021", "Compta"]]
    path = xlsx(tmp_path / "rh.xlsx", {"Comptes": CHART, "Feuil1": staff})
    taken, notes = read(path)
    assert taken == {"Comptes": ("comptes", BY_NAME)} and notes == {"Feuil1": "SHEET_WEAK_EVIDENCE"}


def test_a_named_sheet_missing_a_required_column_is_a_problem_of_its_own_not_of_the_workbook(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", {"Plan comptable": CHART, "Capital": [["Date d'effet", "Capital"],
                                                                           ["01/01/2024", 10000]]})
    validation = load_and_validate(path)
    assert [s.sheet.name for s in validation.sheets] == ["Plan comptable"]
    [issue] = validation.issues
    assert (issue.sheet, issue.code) == ("Capital", "MISSING_COLUMN") and "« Nombre de parts »" in issue.message


@pytest.mark.parametrize(("sheet", "headers", "kind"), [
    ("Clés d'affectation", ["Code axe", "Clé", "Code section", "Taux"], "repartitions"),  # "fec" inside a word
    ("Classe 5 - Trésorerie", ["N° compte", "Intitulé"], "comptes"),
    ("Comptes de TVA", ["N° compte", "Intitulé"], "comptes"),
])
def test_a_sheet_name_is_judged_by_its_words(tmp_path: Path, sheet: str, headers: list[str], kind: str) -> None:
    row = ["ACTIVITE", "SIEGE", "VENTE", 100] if kind == "repartitions" else ["512000", "Banque"]
    path = xlsx(tmp_path / "c.xlsx", {sheet: [headers, row]})
    taken, _notes = read(path)
    assert taken == {sheet: (kind, BY_HEADERS)}


def test_empty_sheets_are_no_news(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", {"Comptes": CHART, "Feuil2": [[None]], "Feuil3": [[None]]})
    assert read(path)[1] == {}
