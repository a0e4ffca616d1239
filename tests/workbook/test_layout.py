"""What a sheet says beyond its values (layout.py): cells merged over rows, hidden columns, in xlsx, ods and xls.

The files are those accountants send: a firm's workbook whose Dossier cell is merged over the three accounts of
one dossier, an old Libellé column hidden beside the new one, a LibreOffice sheet named "R&D" filtered down to
the rows being worked on.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import openpyxl
import pytest

from bulkio.errors import InputError
from bulkio.load import load_and_validate
from bulkio.validate import Validation
from bulkio.workbook import layout, read
from tests.corpus.writers import XlsSheet, biff8_xls, ods_content, write_ods
from tests.workbook.builders import xlsx

FIRM = [["Dossier", "N° de compte", "Libellé"], [5, "401CAVE", "Fournisseur cave"],
        [None, "411CAVE", "Client cave"], [None, "512CAVE", "Banque cave"], [6, "401GARAGE", "Fournisseur garage"]]
# Column B (a counterpart never meant to be imported) and C (last year's labels) hidden; D holds the new labels.
RELABELLED = [["N° de compte", "Contrepartie", "Libellé", "Libellé"], ["401000", "ABC", "Fourn.", "Fournisseurs"],
              ["411000", "XYZ", "Cli.", "Clients"]]


def codes(validation: Validation) -> dict[int, list[str]]:
    """Excel row -> codes of its problems, for every row read."""
    return {r.excel_row: [i.code for i in r.issues] for s in validation.sheets for r in s.rows}


def column(validation: Validation, key: str) -> dict[int, object]:
    return {r.excel_row: r.values.get(key) for s in validation.sheets for r in s.rows}


# --- ods and xls written as LibreOffice and Excel 97-2003 write them -------------------------------------------


def _ods_cell(value: object, spanned: int = 1) -> str:
    span = f' table:number-rows-spanned="{spanned}"' if spanned > 1 else ""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, tuple):  # ("percentage", 0.5): a cell showing 50 %
        kind, number = value
        return (f'<table:table-cell office:value-type="{kind}" office:value="{number}"{span}>'
                f"<text:p>{number}</text:p></table:table-cell>")
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"{span}>'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="string"{span}><text:p>{escape(str(value))}</text:p>'
            "</table:table-cell>")


def ods(path: Path, name: str, rows: Sequence[Sequence[object]], *, columns: str = "", hidden_rows: Sequence[int] = (),
        spans: dict[tuple[int, int], int] | None = None) -> Path:
    """`hidden_rows`: Excel rows filtered out; `spans`: (Excel row, 0-based column) -> rows the cell is merged over,
    the cells below it written as covered cells, as LibreOffice does."""
    spans = spans or {}
    covered = {(row + offset, col) for (row, col), count in spans.items() for offset in range(1, count)}
    body = ""
    for number, cells in enumerate(rows, start=1):
        visibility = ' table:visibility="filter"' if number in hidden_rows else ""
        body += f"<table:table-row{visibility}>" + "".join(
            "<table:covered-table-cell/>" if (number, i) in covered else _ods_cell(value, spans.get((number, i), 1))
            for i, value in enumerate(cells)) + "</table:table-row>"
    filters = ('<table:database-ranges><table:database-range table:name="__Anonymous_Sheet_DB__0" '
               'table:display-filter-buttons="true"/></table:database-ranges>') if hidden_rows else ""
    return write_ods(path, ods_content(f"<table:table table:name={quoteattr(name)}>{columns}{body}</table:table>"
                                       + filters))


def xls(path: Path, sheet: XlsSheet) -> Path:
    path.write_bytes(biff8_xls([sheet]))
    return path


# --- merged cells ---------------------------------------------------------------------------------------------


def _merged_dossier(tmp_path: Path, fmt: str) -> Path:
    if fmt == "xlsx":
        return xlsx(tmp_path / "cabinet.xlsx", {"Comptes": FIRM}, empty_cells=True,
                    tweak=lambda book: book["Comptes"].merge_cells("A2:A4"))
    if fmt == "ods":
        return ods(tmp_path / "cabinet.ods", "Comptes", FIRM, spans={(2, 0): 3})
    return xls(tmp_path / "cabinet.xls", XlsSheet("Comptes", FIRM, merged=[(1, 3, 0, 0)]))


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_a_dossier_cell_merged_over_three_rows_refuses_the_rows_it_covers(tmp_path: Path, fmt: str) -> None:
    # Meant: the three accounts of rows 2-4 go to dossier 5. The file holds 5 on row 2 only: rows 3-4 would go
    # to --society-id. They are refused, located, never guessed; row 2 and row 5 are imported.
    validation = load_and_validate(_merged_dossier(tmp_path, fmt))
    assert codes(validation) == {2: [], 3: ["MERGED_CELL"], 4: ["MERGED_CELL"], 5: []}
    assert column(validation, "dossier")[2] in ("5", 5)
    issue = next(i for i in validation.issues if i.row == 3)
    assert (issue.sheet, issue.column) == ("Comptes", "Dossier")
    assert issue.message == (
        "Feuille « Comptes », ligne 3, colonne « Dossier » : la cellule A3 est fusionnée avec A2 (« 5 ») et n'a "
        "donc aucune valeur à elle ; défusionnez-la (Accueil > Fusionner et centrer) et recopiez la valeur sur "
        "chaque ligne.")


def test_a_label_merged_over_two_rows_refuses_the_second(tmp_path: Path) -> None:
    # Meant: both supplier accounts labelled "Fournisseurs"; the second row's label cell is empty in the file, and
    # "Libellé obligatoire" alone would tell the user to type what they see typed: the merge is named.
    xlsx(tmp_path / "plan.xlsx", {"Comptes": [
        ["N° de compte", "Libellé"], ["401100", "Fournisseurs"], ["401200", None], ["512000", "Banque"]]},
        empty_cells=True, tweak=lambda book: book["Comptes"].merge_cells("B2:B3"))
    validation = load_and_validate(tmp_path / "plan.xlsx")
    assert "MERGED_CELL" in codes(validation)[3]
    assert [r for r, found in codes(validation).items() if not found] == [2, 4]
    merged = next(i for i in validation.issues if i.code == "MERGED_CELL")
    assert (merged.row, merged.column) == (3, "Libellé")
    assert "la cellule B3 est fusionnée avec B2 (« Fournisseurs »)" in merged.message


def test_merges_above_the_data_and_within_a_row_change_nothing(tmp_path: Path) -> None:
    # A merged title, a header two rows high (each title merged over rows 2-3), a label spread over two columns.
    def merge(book: openpyxl.Workbook) -> None:
        for ref in ("A1:C1", "A2:A3", "B2:B3", "C2:C3", "B4:C4"):
            book["Comptes"].merge_cells(ref)

    xlsx(tmp_path / "plan.xlsx", {"Comptes": [
        ["Plan comptable — ACME"], ["N° de compte", "Libellé", "Contrepartie"], [],
        ["401000", "Fournisseurs", None], ["411000", "Clients", "706000"]]}, empty_cells=True, tweak=merge)
    validation = load_and_validate(tmp_path / "plan.xlsx")
    assert validation.ok, validation.issues
    assert codes(validation) == {4: [], 5: []}


# --- hidden columns -------------------------------------------------------------------------------------------


def _relabelled(tmp_path: Path, fmt: str) -> Path:
    if fmt == "xlsx":
        def hide_b_and_c(book: openpyxl.Workbook) -> None:
            book["Comptes"].column_dimensions["B"].hidden = True
            book["Comptes"].column_dimensions["C"].hidden = True

        return xlsx(tmp_path / "plan.xlsx", {"Comptes": RELABELLED}, tweak=hide_b_and_c)
    if fmt == "ods":  # B and C hidden by one column definition repeated twice
        columns = ('<table:table-column/><table:table-column table:visibility="collapse" '
                   'table:number-columns-repeated="2"/><table:table-column/>')
        return ods(tmp_path / "plan.ods", "Comptes", RELABELLED, columns=columns)
    return xls(tmp_path / "plan.xls", XlsSheet("Comptes", RELABELLED, hidden_columns=(1, 2)))


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_a_hidden_column_is_not_read_and_a_note_says_so(tmp_path: Path, fmt: str) -> None:
    # Meant: the labels the user sees (column D); last year's (C) and a counterpart column (B) are hidden.
    validation = load_and_validate(_relabelled(tmp_path, fmt))
    assert validation.ok, validation.issues
    assert column(validation, "label") == {2: "Fournisseurs", 3: "Clients"}
    assert column(validation, "counterpart") == {2: None, 3: None}
    notes = [(n.column, n.code) for n in validation.notes]
    assert notes == [("Contrepartie", "HIDDEN_COLUMN"), ("Libellé", "HIDDEN_COLUMN")]
    assert validation.notes[1].message == (
        "colonne C masquée : elle n'est pas lue, comme si elle était absente ; pour l'importer, affichez-la (clic "
        "droit sur les lettres de colonnes > Afficher), enregistrez et relancez.")


def test_a_hidden_required_column_stops_its_sheet_and_only_it(tmp_path: Path) -> None:
    # Meant: import the axes; the chart's only Libellé column is hidden, so the chart cannot be read as shown.
    chart = [["N° de compte", "Libellé"], ["401000", "Fournisseurs"]]

    def hide_labels(book: openpyxl.Workbook) -> None:
        book["Comptes"].column_dimensions["B"].hidden = True

    xlsx(tmp_path / "dossier.xlsx", {
        "Comptes": chart, "Axes": [["Code axe", "Libellé", "Section par défaut"], ["ACTIVITE", "Activités", "ATTENTE"]],
    }, tweak=hide_labels)
    validation = load_and_validate(tmp_path / "dossier.xlsx")
    assert [s.sheet.name for s in validation.sheets] == ["Axes"]
    [problem] = validation.issues
    assert (problem.sheet, problem.row, problem.code) == ("Comptes", None, "MISSING_COLUMN")
    assert problem.message == (
        "ligne d'en-tête 1 : la colonne obligatoire « Libellé » (B) est masquée, donc non lue : la feuille n'est pas "
        "lue ; affichez-la (clic droit sur les lettres de colonnes > Afficher), enregistrez et relancez.")

    xlsx(tmp_path / "plan.xlsx", {"Comptes": chart}, tweak=hide_labels)  # the same chart, without the axes
    with pytest.raises(InputError, match="masquée"):
        load_and_validate(tmp_path / "plan.xlsx")


# --- one ODS walk -----------------------------------------------------------------------------------------------


def test_an_ods_sheet_named_r_and_d_keeps_its_hidden_rows_and_percentages(tmp_path: Path) -> None:
    # Meant: key K split 50 % / 50 % between sections A and B; the row for C, filtered out, is not imported.
    # content.xml names the sheet "R&amp;D": read as such, the sheet lost both its hidden row and its percentages.
    path = ods(tmp_path / "analytique.ods", "R&D", [
        ["Code axe", "Clé", "Condition", "Code section", "Taux"], ["ACT", "K", None, "A", ("percentage", 0.5)],
        ["ACT", "K", None, "C", ("percentage", 0.25)], ["ACT", "K", None, "B", ("percentage", 0.5)],
    ], hidden_rows=[3])
    validation = load_and_validate(path, sheet_map={"R&D": "repartitions"})
    assert validation.ok, validation.issues
    assert {r.excel_row: r.skip.code for s in validation.sheets for r in s.rows if r.skip} == {3: "HIDDEN_ROW"}
    assert {row: rate for row, rate in column(validation, "rate").items() if row != 3} == {2: 50, 4: 50}


# --- cost -------------------------------------------------------------------------------------------------------


def test_only_the_sheets_read_are_looked_at_and_a_plain_sheet_is_never_held_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hide_the_note(book: openpyxl.Workbook) -> None:
        book["Notes"].row_dimensions[1].hidden = True

    # Notes is not a referential: its hidden row is none of the reader's business.
    xlsx(tmp_path / "plan.xlsx", {"Comptes": [["N° de compte", "Libellé"], ["401000", "Fournisseurs"]],
                                  "Notes": [["à revoir"]]}, tweak=hide_the_note)
    asked: list[list[str]] = []

    def spy(path: Path, fmt: str, names: list[str]) -> dict[str, layout.SheetLayout]:
        asked.append(list(names))
        return layout.read_layout(path, fmt, names)

    def refuse(*_args: object) -> bytes:
        raise AssertionError("a sheet without hidden rows, columns or merges was inflated whole")

    monkeypatch.setattr(read, "read_layout", spy)
    monkeypatch.setattr(layout, "read_member", refuse)
    assert load_and_validate(tmp_path / "plan.xlsx").ok
    assert asked == [["Comptes"]]
