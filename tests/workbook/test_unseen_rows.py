"""Rows the user cannot see, and the template's example row: read, named, never imported (docs/trust.md §5).

The files are those accountants send: a list filtered down to the rows they were working on, a row hidden
by hand, the bulkio template filled in below its example row, in xlsx, ods and xls.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from bulkio.load import load_and_validate
from bulkio.spec import COMPTES, SPECS
from bulkio.workbook.template import write_template
from tests.corpus.writers import XlsSheet, biff8_xls, ods_content, ods_table, write_ods
from tests.workbook.builders import xlsx

HEADER = ["N° de compte", "Libellé"]
ROWS = [["401100", "Fournisseur A"], ["401200", "Fournisseur B"], ["401300", "Fournisseur C"]]


def skipped(path: Path) -> dict[int, str]:
    """Excel row -> code of every row validation keeps out of the import."""
    validation = load_and_validate(path)
    return {r.excel_row: r.skip.code for s in validation.sheets for r in s.rows if r.skip is not None}


def valid_rows(path: Path) -> list[int]:
    return [r.excel_row for s in load_and_validate(path).sheets for r in s.rows if r.valid]


def test_rows_filtered_out_by_an_autofilter_are_not_imported(tmp_path: Path) -> None:
    def filtered(book: openpyxl.Workbook) -> None:
        sheet = book["Comptes"]
        sheet.auto_filter.ref = "A1:B4"
        sheet.auto_filter.add_filter_column(1, ["Fournisseur A", "Fournisseur C"])
        sheet.row_dimensions[3].hidden = True  # what Excel writes for the row the filter hides

    xlsx(tmp_path / "filtre.xlsx", {"Comptes": [HEADER, *ROWS]}, empty_cells=True, tweak=filtered)
    assert skipped(tmp_path / "filtre.xlsx") == {3: "HIDDEN_ROW"}
    assert valid_rows(tmp_path / "filtre.xlsx") == [2, 4]
    [note] = load_and_validate(tmp_path / "filtre.xlsx").notes
    assert "filtre" in note.message and "Effacer" in note.message


def test_a_row_hidden_by_hand_is_not_imported_and_its_problems_do_not_count(tmp_path: Path) -> None:
    def hidden(book: openpyxl.Workbook) -> None:
        book["Comptes"].row_dimensions[5].hidden = True  # an old draft row, hidden: its bad number is no problem

    xlsx(tmp_path / "masque.xlsx", {"Comptes": [HEADER, *ROWS, ["AB411", "Brouillon"]]}, empty_cells=True,
         tweak=hidden)
    validation = load_and_validate(tmp_path / "masque.xlsx")
    assert validation.ok
    assert skipped(tmp_path / "masque.xlsx") == {5: "HIDDEN_ROW"}
    assert "Afficher" in validation.notes[0].message


def test_hidden_rows_of_an_ods_file(tmp_path: Path) -> None:
    head, *rows = ods_table("Comptes", [HEADER, *ROWS]).split("<table:table-row>")
    tags = ["<table:table-row>"] * len(rows)
    tags[2] = '<table:table-row table:visibility="filter">'  # Excel row 3, as LibreOffice's autofilter hides it
    path = write_ods(tmp_path / "filtre.ods", ods_content(head + "".join(map(str.__add__, tags, rows))))
    assert skipped(path) == {3: "HIDDEN_ROW"}
    assert valid_rows(path) == [2, 4]


def test_hidden_rows_of_an_xls_file(tmp_path: Path) -> None:
    path = tmp_path / "ancien.xls"
    path.write_bytes(biff8_xls([XlsSheet("Comptes", [HEADER, *ROWS], hidden_rows=(1,), autofilter=True)]))
    assert skipped(path) == {2: "HIDDEN_ROW"}
    assert valid_rows(path) == [3, 4]


def test_the_template_filled_below_its_example_row_imports_only_the_users_rows(tmp_path: Path) -> None:
    for lang in ("fr", "en"):
        path = tmp_path / f"modele-{lang}.xlsx"
        write_template(path, [COMPTES], lang)
        book = openpyxl.load_workbook(path)
        sheet = book[COMPTES.sheet_name(lang)]
        sheet.cell(row=3, column=2, value="401100")
        sheet.cell(row=3, column=3, value="Fournisseur A")
        book.save(path)
        assert skipped(path) == {2: "EXAMPLE_ROW"}, lang
        assert valid_rows(path) == [3]


def test_an_example_row_the_user_typed_over_is_a_problem_until_the_mark_goes(tmp_path: Path) -> None:
    # The user typed their supplier over the example's number and label, and left its counterpart (607000) and
    # the mark: which cells are theirs cannot be told. Once they delete the mark, the row is theirs.
    path = tmp_path / "modele.xlsx"
    write_template(path, [COMPTES], "fr")
    book = openpyxl.load_workbook(path)
    sheet = book["Comptes"]
    sheet.cell(row=2, column=2, value="401MARTIN")
    sheet.cell(row=2, column=3, value="MARTIN SA")
    book.save(path)
    validation = load_and_validate(path)
    assert skipped(path) == {} and valid_rows(path) == []
    [issue] = validation.issues
    assert (issue.row, issue.code) == (2, "EXAMPLE_ROW_EDITED")
    assert "« Compte de contrepartie »" in issue.message and "colonne AA" in issue.message
    sheet.cell(row=2, column=len(COMPTES.columns) + 1).value = None
    book.save(path)
    assert valid_rows(path) == [2]


def test_every_sheet_of_the_template_marks_its_example_row(tmp_path: Path) -> None:
    path = tmp_path / "modele-complet.xlsx"
    write_template(path, list(SPECS.values()), "fr")
    validation = load_and_validate(path)
    assert {(s.sheet.name, r.excel_row, r.skip.code if r.skip else None) for s in validation.sheets for r in s.rows} \
        == {(spec.sheet_fr, 2, "EXAMPLE_ROW") for spec in SPECS.values()}


def test_an_old_template_without_the_mark_still_skips_the_comptes_example(tmp_path: Path) -> None:
    # The first templates had no mark; 401DUPONT / DUPONT SARL is no real account.
    path = xlsx(tmp_path / "ancien-modele.xlsx", {"Comptes": [HEADER, ["401DUPONT", "DUPONT SARL"], *ROWS]})
    assert skipped(path) == {2: "EXAMPLE_ROW"}


def test_real_data_equal_to_another_sheets_example_is_imported_without_the_mark(tmp_path: Path) -> None:
    # An export of a dossier whose axis is ACTIVITE "Activités" (the demo's): the user means it.
    path = xlsx(tmp_path / "export.xlsx", {"Axes": [["Code axe", "Libellé", "Section par défaut"],
                                                    ["ACTIVITE", "Activités", "ATTENTE"]]})
    assert skipped(path) == {}
    assert valid_rows(path) == [2]


def test_the_example_row_is_recognised_wherever_a_sort_moved_it(tmp_path: Path) -> None:
    path = tmp_path / "trie.xlsx"
    write_template(path, [COMPTES], "fr")
    book = openpyxl.load_workbook(path)
    sheet = book["Comptes"]
    example = [cell.value for cell in sheet[2]]
    for row, (number, label) in enumerate([("101000", "Capital"), ("164000", "Emprunts"), ("512000", "Banque")],
                                          start=2):
        for column, value in enumerate([None, number, label], start=1):
            sheet.cell(row=row, column=column, value=value)
    for column in range(4, len(example) + 1):  # the user's rows leave the other cells of row 2 empty
        sheet.cell(row=2, column=column).value = None
    for column, value in enumerate(example, start=1):  # sorted by number: the example is now row 5
        sheet.cell(row=5, column=column, value=value)
    book.save(path)
    assert skipped(path) == {5: "EXAMPLE_ROW"}
    assert valid_rows(path) == [2, 3, 4]


def test_a_second_table_below_the_chart_is_not_imported(tmp_path: Path) -> None:
    # Under the chart, after a blank row, the accountant listed the accounts to delete, with their own header.
    path = xlsx(tmp_path / "deux-tables.xlsx", {"Comptes": [
        HEADER, *ROWS, [None, None], ["Comptes à supprimer", None], ["N° de compte", "Motif"],
        ["401OLD", "Doublon de 401100"], ["658000", "Plus utilisé"]]})
    assert skipped(path) == {6: "SECOND_TABLE", 7: "SECOND_TABLE", 8: "SECOND_TABLE", 9: "SECOND_TABLE"}
    [note] = {n.message for n in load_and_validate(path).notes}
    assert "ligne 7" in note and "« N° de compte », « Motif »" in note
    assert valid_rows(path) == [2, 3, 4]


def test_a_header_repeated_at_a_page_break_is_skipped_and_the_rows_below_imported(tmp_path: Path) -> None:
    # Pasted from a printed report: every page repeats its title and the header.
    path = xlsx(tmp_path / "pages.xlsx", {"Comptes": [
        HEADER, *ROWS, [None, None], ["Plan comptable (suite)", None], HEADER, ["512000", "Banque"]]})
    assert skipped(path) == {6: "REPEATED_HEADER", 7: "REPEATED_HEADER"}
    assert valid_rows(path) == [2, 3, 4, 8]
