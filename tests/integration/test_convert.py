"""`bulkio convert` (issue 15): a source into the bulkio template, and the round-trip guarantee.

The invariant: importing the converted workbook plans exactly as importing the source, row for row (kind, key,
action, values, field changes, error code, remote id), against the embedded sandbox; the source's rows that are not
in the converted workbook are exactly those the source would not import (Ignoré) or whose problem a template cannot
hold (Bloqué), and each is listed on the Transformations sheet. The source is never modified.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bulkio.convert import Conversion, convert_source
from bulkio.errors import BulkioError
from bulkio.load import load_and_validate
from bulkio.pipeline import connect, make_plan
from bulkio.plan import Action, Plan, PlannedRow
from bulkio.spec import COMPTES
from bulkio.spec.model import header_key
from bulkio.workbook.read import read_workbook
from bulkio.workbook.source_options import SourceOptions
from bulkio.workbook.template import EXAMPLE_MARKER, write_template
from tests.conftest import firm_target
from tests.integration.test_cli_input import run_cli
from tests.workbook.builders import xlsx

DOSSIER = 3  # ANALYTIQUE SA: a small chart (401000, 512000, 601000...), axes ACTIVITE and SITE, analytics on


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan_of(sandbox: Any, path: Path, **read: Any) -> Plan:
    validation = load_and_validate(path, read.pop("kinds", None), source=read.pop("options", None), **read)
    client, context = connect(firm_target(sandbox, DOSSIER))
    with client:
        return make_plan(validation, client, context, create_accounts=True)


def comparable(row: PlannedRow) -> tuple[Any, ...]:
    group = [member.natural_key for member in row.group] if row.group else None
    return (row.kind, row.natural_key, row.action, row.values, [(c.key, c.old, c.new) for c in row.changes],
            row.error_code, row.remote_id, group)


def assert_same_plan(sandbox: Any, source: Path, conversion: Conversion, **read: Any) -> tuple[Plan, Plan]:
    """Row for row: each row carried over plans as its source row; every other source row is left out, listed,
    and would not have been imported anyway (Ignoré, or Bloqué by a problem a template cannot hold)."""
    before = plan_of(sandbox, source, **read)
    after = plan_of(sandbox, conversion.output)
    converted = {(row.sheet, row.excel_row): row for row in after.rows}
    assert len(converted) == len(after.rows)
    listed = {(line.sheet, line.row) for line in conversion.lines if line.what == "row_left_out"}
    for row in before.rows:
        where = (row.sheet, row.excel_row)
        if where in conversion.rows:
            twin = converted.pop(conversion.rows[where])
            assert comparable(twin) == comparable(row), where
        else:
            assert where in conversion.left_out and where in listed, where
            assert row.action in (Action.SKIP, Action.BLOCKED), (where, row.action)
    assert not converted, f"rows of the converted workbook with no source row: {sorted(converted)}"
    in_order(conversion)
    # The sheet of transformations is for the reader: importing the converted workbook says nothing about it.
    assert not [note for note in read_workbook(conversion.output).notes if note.sheet in ("Transformations", "Changes")]
    return before, after


def in_order(conversion: Conversion) -> None:
    """Each template sheet holds its rows from row 2 on, in the source's order (sheet after sheet, row after row)."""
    by_target: dict[str, list[tuple[tuple[str, int], int]]] = {}
    for source, (target, row) in conversion.rows.items():
        by_target.setdefault(target, []).append((source, row))
    for target, rows in by_target.items():
        assert [row for _source, row in rows] == list(range(2, len(rows) + 2)), target
        for (sheet, row), (next_sheet, next_row) in pairwise(source for source, _row in rows):
            assert sheet != next_sheet or row < next_row, target


def transformations(path: Path, sheet: str = "Transformations") -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    headers = [str(h) for h in rows[2]]
    return [dict(zip(headers, row, strict=False)) for row in rows[3:] if any(v is not None for v in row)]


def codes(path: Path, sheet: str = "Transformations") -> set[tuple[Any, Any, Any]]:
    return {(line["Feuille source"], line["Ligne source"], line["Code"]) for line in transformations(path, sheet)}


# --- sources ---


def csv_source(tmp_path: Path) -> Path:
    """An accountant's CSV: a title line, synonym headers, a column of its own, leading zeros, an ambiguous number
    written as text, a formula-looking label, Oui/x/1 flags."""
    path = tmp_path / "plan comptable.csv"
    lines = [
        "Plan comptable ANALYTIQUE SA au 31/12/2024",
        "",
        "Compte;Intitulé;Contrepartie;Fournisseur;DAS 2;SIREN;Code postal;Notes internes",
        "401000;FOURNISSEURS;;;;;;déjà là",
        "512000;BANQUE POPULAIRE;;;;;;nouveau libellé",
        "0123;Caisse;;;;;;",
        "401DUPONT;Dupont SARL;601000;x;Oui;552100554;01000;",
        "411CLIENT;10.000;;Non;1;;;",
        "467100;=SOMME(A1);;;;;;formule ?",
        "401000;Doublon;;;;;;",
        "4.01E+05;Scientifique;;;;;;",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def xlsx_source(tmp_path: Path) -> Path:
    """Comptes, analytics and associates in one workbook, with what an accountant's workbook holds: numbers and
    percentages typed as such, dates as dates and as text, a hidden row, a hidden column, a merged label, a #REF!,
    a column of its own, a ledger sheet and a notes sheet that are not to be read."""
    chart = [
        ["N° compte", "Intitulé", "Contrepartie", "DAS 2", "Fournisseur", "SIREN", "Code postal", "Notes internes"],
        ["401000", "FOURNISSEURS", None, None, None, None, None, "inchangé"],  # 2
        [512000, "BANQUE POPULAIRE", None, None, None, None, None, None],  # 3: an account typed as a number
        ["0123", "Caisse", None, None, None, None, None, None],  # 4: COMPTE6
        [401.5, "Décimal", None, None, None, None, None, None],  # 5: a typed account with decimals
        ["401DUPONT", "Dupont SARL", "601000", True, "x", 552100554, "01000", None],  # 6
        ["622600", "Masquée", None, None, None, None, None, None],  # 7: hidden
        ["445660", "#REF!", None, None, None, None, None, None],  # 8: an error value
        ["606100", "Fusion", None, None, None, None, None, None],  # 9: top of a merged label
        ["613200", None, None, None, None, None, None, None],  # 10: under the merge
        ["706000", "Prestations", None, False, "Non", None, "75001", None],  # 11
    ]
    axes = [["Code axe", "Libellé", "Section par défaut"], ["ACTIVITE", "Activités", None],
            ["NOUVEL", "Nouvel axe", "ATTENTE"]]
    sections = [["Code axe", "Code section", "Libellé", "Clôturée", "Par défaut"],
                ["NOUVEL", "ATTENTE", "Attente", "Non", "Oui"], ["NOUVEL", "S1", "Section 1", "Non", "Non"],
                ["NOUVEL", "S2", "Section 2", None, None], ["NOUVEL", "S3", "Section 3", None, None]]
    keys = [["Code axe", "Clé", "Condition", "Section", "Taux %"],
            ["NOUVEL", "K1", "6", "ATTENTE", 0.5],  # 2: 50 % as a percentage cell
            ["NOUVEL", "K1", "6", "S1", 50],  # 3: typed 50
            ["NOUVEL", "K2", "60", "S1", "100 %"],  # 4: text
            ["NOUVEL", "K3", "61", "S2", "10.000"],  # 5: ambiguous text
            ["NOUVEL", "K4", "62", "S2", 0.335],  # 6: 33.5 % as a percentage cell: not whole
            ["NOUVEL", "K4", "62", "S3", 0.665]]  # 7
    capital = [["Date d'effet", "Capital", "Nombre de parts"], [datetime(2024, 1, 1), 40000, 400],
               ["15/06/2024", "10.000", 100], ["2024-09-01", 12500.5, "1 000"]]
    persons = [["Nom", "Prénom", "Fonction", "Date d'entrée", "Parts PP", "Compte associé"],
               ["Le Guével", "Gaëlle", "Associé", datetime(2019, 6, 12), 200, "455100"],
               ["Nouveau", "Jean", "Associé", "01/01/2024", "10", 455200]]
    companies = [["Société associée", "Date d'entrée", "Parts PP", "Compte associé", "Revenus professionnels"],
                 ["BOULANGERIE MARTIN EURL", date(2024, 2, 1), 5, "467100", True]]
    ledger = [["Date", "Journal", "Compte", "Libellé", "Débit", "Crédit"],
              ["02/01/2024", "AC", "401000", "Facture", None, 120]]

    def dress(book: openpyxl.Workbook) -> None:
        plan = book["Plan comptable"]
        plan.row_dimensions[7].hidden = True
        plan.merge_cells("B9:B10")
        plan.column_dimensions["G"].hidden = True  # Code postal: a hidden recognised column is not read
        rates = book["Clés de répartition"]
        rates["E2"].number_format = "0%"
        rates["E6"].number_format = "0.0%"
        rates["E7"].number_format = "0.0%"
        book["Capital"]["A2"].number_format = "dd/mm/yyyy"

    return xlsx(tmp_path / "dossier complet.xlsx", {
        "Plan comptable": chart, "Axes": axes, "Sections": sections, "Clés de répartition": keys, "Capital": capital,
        "Associés PP": persons, "Associés PM": companies, "Écritures janvier": ledger,
        "Notes": [["Reprise du dossier : voir avec le client"]],
    }, empty_cells=True, tweak=dress)


def template_source(tmp_path: Path) -> Path:
    """bulkio's own template filled below its example, with a second copy of the example partly typed over."""
    path = tmp_path / "modele.xlsx"
    write_template(path, [COMPTES], "fr")
    book = openpyxl.load_workbook(path)
    sheet = book["Comptes"]
    for row, (number, label) in enumerate([("606100", "Fournitures de bureau"), ("401100", "Bureau Vallée")], 3):
        sheet.cell(row=row, column=2, value=number)
        sheet.cell(row=row, column=3, value=label)
    sheet.cell(row=5, column=2, value="401DUPONT")
    sheet.cell(row=5, column=3, value="Autre libellé")  # the example's number kept: EXAMPLE_ROW_EDITED
    sheet.cell(row=5, column=len(COMPTES.columns) + 1, value=EXAMPLE_MARKER["fr"])
    book.save(path)
    return path


# --- the round trip ---


def test_csv_with_a_title_and_synonym_headers_plans_the_same(sandbox: Any, tmp_path: Path) -> None:
    source = csv_source(tmp_path)
    before = digest(source)
    conversion = convert_source(source, tmp_path / "converti.xlsx")
    assert digest(source) == before
    _plan, again = assert_same_plan(sandbox, source, conversion)
    actions = {row.natural_key: row.action for row in again.rows if row.natural_key}
    assert actions["401000"] is Action.UNCHANGED and actions["512000"] is Action.UPDATE
    assert actions["401DUPONT"] is Action.CREATE
    assert {row.error_code for row in again.rows if row.action is Action.BLOCKED} >= {
        "COMPTE6", "DUPLICATE", "ACCOUNT_SCIENTIFIC"}

    book = openpyxl.load_workbook(conversion.output)
    assert book.sheetnames == ["Comptes", "Aide", "Transformations", "Listes"]
    chart = book["Comptes"]
    assert [c.value for c in chart[1]][:3] == ["Dossier", "N° de compte", "Libellé"]
    values = {chart.cell(row=r, column=2).value: r for r in range(2, chart.max_row + 1)}
    zero = values["0123"]
    assert chart.cell(row=zero, column=2).data_type == "s"  # the leading zero stays: text
    assert chart.cell(row=values["411CLIENT"], column=3).value == "10.000"  # text, never a number
    formula = chart.cell(row=values["467100"], column=3)
    assert formula.value == "=SOMME(A1)" and formula.data_type == "s" and formula.quotePrefix
    dupont = values["401DUPONT"]
    flags = {chart.cell(row=1, column=c).value: chart.cell(row=dupont, column=c).value
             for c in range(1, chart.max_column + 1)}
    assert flags["Fournisseur"] == "x" and flags["DAS2"] == "Oui" and flags["Code postal"] == "01000"
    assert flags["SIREN"] == "552100554"
    assert book["Listes"].sheet_state == "hidden"

    found = codes(conversion.output)
    assert ("plan comptable", 3, "COLUMN_NOT_READ") in found  # Notes internes
    assert ("plan comptable", 3, "COLUMN_RENAMED") in found
    assert ("plan comptable", 6, "COMPTE6") in found  # the source's problems, on its rows
    lines = transformations(conversion.output)
    renamed = {line["Avant"]: line["Après"] for line in lines if line["Code"] == "COLUMN_RENAMED"}
    assert renamed["Compte"] == "N° de compte" and renamed["Intitulé"] == "Libellé"
    problem = next(line for line in lines if line["Code"] == "COMPTE6")
    assert problem["Dans ce classeur"] == f"« Comptes » ligne {zero}"


def test_xlsx_with_every_kind_plans_the_same(sandbox: Any, tmp_path: Path) -> None:
    source = xlsx_source(tmp_path)
    before = digest(source)
    conversion = convert_source(source, tmp_path / "converti.xlsx")
    assert digest(source) == before
    plan, _again = assert_same_plan(sandbox, source, conversion)
    assert {row.kind for row in plan.rows} == {"comptes", "axes", "sections", "repartitions", "capital",
                                               "associes_pp", "associes_pm"}
    assert set(conversion.left_out) == {("Plan comptable", 7), ("Plan comptable", 10)}
    assert conversion.left_out["Plan comptable", 7].code == "HIDDEN_ROW"
    assert conversion.left_out["Plan comptable", 10].code == "MERGED_CELL"
    by_key = {(row.kind, row.natural_key, row.excel_row): row for row in plan.rows}
    blocked = {(row.sheet, row.excel_row): row.error_code for row in plan.rows if row.action is Action.BLOCKED}
    assert blocked[("Plan comptable", 5)] == "ACCOUNT_DECIMAL" and ("Plan comptable", 8) in blocked  # #REF!
    assert blocked[("Clés de répartition", 5)] == "AMBIGUOUS_NUMBER"
    assert blocked[("Capital", 3)] == "AMBIGUOUS_NUMBER"
    assert by_key["comptes", "512000", 3].action is Action.UPDATE
    assert blocked[("Clés de répartition", 6)] == "PERCENT_NOT_WHOLE"

    book = openpyxl.load_workbook(conversion.output)
    assert book.sheetnames[:7] == ["Comptes", "Axes", "Sections", "Répartitions", "Capital", "Associés PP",
                                   "Associés PM"]
    assert book.sheetnames[7:] == ["Aide", "Transformations", "Listes"]
    rates = book["Répartitions"]
    rate = {(rates.cell(row=r, column=3).value, rates.cell(row=r, column=5).value): rates.cell(row=r, column=6)
            for r in range(2, rates.max_row + 1)}
    assert rate["K1", "ATTENTE"].value == 0.5 and rate["K1", "ATTENTE"].number_format == "0%"
    assert rate["K1", "S1"].value == 50 and rate["K1", "S1"].number_format == "General"
    assert rate["K2", "S1"].value == "100 %" and rate["K3", "S2"].value == "10.000"
    assert rate["K4", "S2"].value == 0.335 and rate["K4", "S2"].number_format == "0.0%"
    chart = book["Comptes"]
    numbers = [chart.cell(row=r, column=2) for r in range(2, 10)]
    assert chart.cell(row=10, column=2).value is None
    assert [c.value for c in numbers] == ["401000", "512000", "0123", 401.5, "401DUPONT", "445660", "606100",
                                          "706000"]
    assert numbers[3].data_type == "n" and all(c.data_type == "s" for c in numbers if c.value != 401.5)
    assert chart.cell(row=7, column=3).value == "#REF!"  # written back as its text: still an error
    capital = book["Capital"]
    assert capital["B2"].value == date(2024, 1, 1) or capital["B2"].value == datetime(2024, 1, 1)
    assert capital["C3"].value == "10.000" and capital["D4"].value == "1 000" and capital["C4"].value == 12500.5
    assert capital["B3"].value == "15/06/2024"  # text as it was: never re-read another way

    found = codes(conversion.output)
    assert ("Plan comptable", 7, "HIDDEN_ROW") in found
    assert ("Plan comptable", 10, "MERGED_CELL") in found
    assert ("Plan comptable", 8, "FORMULA_ERROR") in found
    assert ("Plan comptable", 1, "COLUMN_NOT_READ") in found  # Notes internes
    assert ("Plan comptable", None, "HIDDEN_COLUMN") in found
    assert ("Écritures janvier", None, "SHEET_OTHER_DOCUMENT") in found
    assert ("Notes", None, "SHEET_UNKNOWN") in found
    left = next(line for line in transformations(conversion.output) if line["Ligne source"] == 7)
    assert "622600" in left["Avant"] and "Masquée" in left["Avant"]  # its values, so nothing is lost


def test_template_source_leaves_its_example_out_and_keeps_an_edited_one_marked(sandbox: Any, tmp_path: Path) -> None:
    source = template_source(tmp_path)
    conversion = convert_source(source, tmp_path / "converti.xlsx")
    _plan, again = assert_same_plan(sandbox, source, conversion)
    assert conversion.left_out["Comptes", 2].code == "EXAMPLE_ROW"
    edited = conversion.rows["Comptes", 5]
    assert next(r for r in again.rows if (r.sheet, r.excel_row) == edited).error_code == "EXAMPLE_ROW_EDITED"
    sheet = openpyxl.load_workbook(conversion.output)["Comptes"]
    assert sheet.cell(row=edited[1], column=len(COMPTES.columns) + 1).value == EXAMPLE_MARKER["fr"]
    assert sheet.cell(row=2, column=2).value == "606100"  # no example row of its own


def test_converting_the_converted_workbook_changes_nothing(sandbox: Any, tmp_path: Path) -> None:
    first = convert_source(xlsx_source(tmp_path), tmp_path / "un.xlsx")
    second = convert_source(first.output, tmp_path / "deux.xlsx")
    assert not second.left_out
    assert [(c, r) for (c, r) in second.rows] == list(second.rows.values())  # row for row, same places
    assert {line.code for line in second.lines if line.what in ("change", "column", "column_left_out")} == set()
    assert_same_plan(sandbox, first.output, second)


# --- FEC and other programs' layouts, once their readers are in the tree ---


FEC_HEADER = ("JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\t"
              "PieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\t"
              "Idevise")
FEC_LINES = (
    "AC\tAchats\t1\t20240102\t606100\tFournitures\t\t\tF1\t20240102\tBureau\t100,00\t0,00\t\t\t20240102\t\t",
    "AC\tAchats\t1\t20240102\t401000\tFournisseurs\tF0001\tBureau Vallée\tF1\t20240102\tBureau\t0,00\t100,00\t\t\t"
    "20240102\t\t",
    "VE\tVentes\t2\t20240103\t411000\tClients\tC0002\tClient Martin\tV1\t20240103\tVente\t240,00\t0,00\t\t\t20240103"
    "\t\t",
    "VE\tVentes\t2\t20240103\t706000\tPrestations\t\t\tV1\t20240103\tVente\t0,00\t240,00\t\t\t20240103\t\t",
)


def test_fec_source_plans_the_same(sandbox: Any, tmp_path: Path) -> None:
    from bulkio.workbook.sniff import detect_format

    source = tmp_path / "123456789FEC20241231.txt"
    source.write_text(FEC_HEADER + "\n" + "\n".join(FEC_LINES) + "\n", encoding="utf-8")
    assert detect_format(source) == "fec"
    before = digest(source)
    conversion = convert_source(source, tmp_path / "fec.xlsx")
    assert digest(source) == before
    _plan, again = assert_same_plan(sandbox, source, conversion)
    assert conversion.sheets == {"Comptes": 6}
    assert {row.natural_key for row in again.rows} == {"606100", "401000", "401F0001", "411000", "411C0002",
                                                        "706000"}
    data = read_workbook(source)
    changes = [line for line in conversion.lines if line.what == "change"]
    assert len(changes) == len(data.changes) >= 2  # every account the reader built is listed, with its origin
    built = next(line for line in transformations(conversion.output) if line["Après"] == "411C0002")
    assert built["Quoi"] == "Valeur transformée" and "C0002" in built["Avant"] and "411000" in built["Avant"]
    here = conversion.rows[built["Feuille source"], built["Ligne source"]]
    assert built["Dans ce classeur"] == f"« Comptes » ligne {here[1]}"
    assert any(line["Code"] == "FEC_BUILT" for line in transformations(conversion.output))


ODOO_CSV = "\n".join((
    "code,name,account_type,reconcile",
    "401100,Fournisseurs divers,liability_payable,True",
    "411100,Clients divers,asset_receivable,True",
    "512100,Banque 2,asset_cash,False",
)) + "\n"
ERPNEXT_CSV = "\n".join((
    "Account Name,Parent Account,Account Number,Parent Account Number,Is Group,Account Type,Root Type,Account Currency",
    "Actifs,,,,1,,Asset,",
    "Banque 2,Actifs,512100,,0,Bank,Asset,EUR",
    "Clients divers,Actifs,411100,,0,Receivable,Asset,EUR",
    "Fournisseurs,Passifs,401000,,0,Payable,Liability,EUR",
)) + "\n"


@pytest.mark.parametrize(("name", "text", "rows", "left_out"), [
    ("account.account.csv", ODOO_CSV, 3, set()),
    ("coa_importer.csv", ERPNEXT_CSV, 3, {2}),
])
def test_layout_source_plans_the_same(
    sandbox: Any, tmp_path: Path, name: str, text: str, rows: int, left_out: set[int]
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    conversion = convert_source(source, tmp_path / "export.xlsx")
    assert_same_plan(sandbox, source, conversion)
    assert conversion.sheets == {"Comptes": rows}
    assert {row for _sheet, row in conversion.left_out} == left_out  # ERPNext's group heading: no account
    found = codes(conversion.output)
    assert any(code == "SHEET_BY_LAYOUT" for _s, _r, code in found)
    assert any(code == "COLUMN_NOT_READ" for _s, _r, code in found)  # the export's own columns, listed


def test_mapping_options_reach_the_reader_and_their_changes_are_listed(sandbox: Any, tmp_path: Path) -> None:
    """What --map gives the reader (bulkio/workbook/source_options.py), through convert_source(options=...)."""
    source = tmp_path / "export.csv"
    source.write_text("Référence;Nom complet;Catégorie\n0F001;Bureau Vallée;fournisseur\n512;Banque;banque\n"
                      "401000;Fournisseurs;collectif\n", encoding="utf-8")
    options = SourceOptions(origin="plan.toml", sheets={"export.csv": "comptes"},
                            columns={"comptes": {header_key("Référence"): "account_number",
                                                 header_key("Nom complet"): "label"}},
                            ignored_columns=frozenset({header_key("Catégorie")}),
                            account_prefixes={"0F": "401F"}, account_length=6)
    conversion = convert_source(source, tmp_path / "c.xlsx", options=options)
    _plan, again = assert_same_plan(sandbox, source, conversion, options=options)
    assert {row.natural_key for row in again.rows} == {"401F001", "512000", "401000"}
    changed = {(line.before, line.after) for line in conversion.lines if line.what == "change"}
    assert {("0F001", "401F001"), ("512", "512000")} <= changed
    sheet = openpyxl.load_workbook(conversion.output)["Comptes"]
    assert [sheet.cell(row=r, column=2).value for r in (2, 3, 4)] == ["401F001", "512000", "401000"]


def test_map_option_of_the_command_line(sandbox: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bulkio.workbook.mapping import load_mapping

    source = tmp_path / "export.csv"
    source.write_text("Référence;Nom complet;Catégorie\n0F001;Bureau Vallée;fournisseur\n512;Banque;banque\n",
                      encoding="utf-8")
    mapping = tmp_path / "plan.toml"
    mapping.write_text('colonnes_ignorees = ["Catégorie"]\n\n[feuilles]\n"export.csv" = "comptes"\n\n[colonnes]\n'
                       '"Référence" = "N° de compte"\n"Nom complet" = "Libellé"\n\n[valeurs]\nlongueur_compte = 6\n\n'
                       '[valeurs.prefixes_compte]\n"0F" = "401F"\n', encoding="utf-8")
    output = tmp_path / "c.xlsx"
    code, _out, err = run_cli(["convert", str(source), "--map", str(mapping), "-o", str(output)], capsys)
    assert code == 0, err
    sheet = openpyxl.load_workbook(output)["Comptes"]
    assert [sheet.cell(row=r, column=2).value for r in (2, 3)] == ["401F001", "512000"]
    lines = transformations(output)
    assert {(line["Avant"], line["Après"]) for line in lines if line["Quoi"] == "Valeur transformée"} >= {
        ("0F001", "401F001"), ("512", "512000")}
    conversion = convert_source(source, tmp_path / "d.xlsx", options=load_mapping(mapping))
    assert_same_plan(sandbox, source, conversion, options=load_mapping(mapping))

    mapping.write_text("[feuilles\n", encoding="utf-8")  # a broken mapping file: one sentence, nothing written
    code, _out, err = run_cli(["convert", str(source), "--map", str(mapping), "-o", str(tmp_path / "e.xlsx")],
                              capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "plan.toml" in err
    assert not (tmp_path / "e.xlsx").exists()


def test_a_result_workbook_and_rows_a_template_cannot_hold(sandbox: Any, tmp_path: Path) -> None:
    """A result workbook's columns are dropped; a header written twice, a formula never calculated: rows left out,
    listed with their values; a control character: the one value changed, listed."""
    source = xlsx(tmp_path / "resultat.xlsx", {
        "Comptes": [["N° de compte", "Libellé", "Statut", "Code erreur", "ID MyUnisoft"],
                    ["401000", "FOURNISSEURS", "Inchangé", None, "100001"],
                    ["512000", "BANQUE 2", "Erreur", "X", None]],
        "Axes": [["Code axe", "Libellé", "Intitulé"], ["AX1", "Un", "One"]],
        "Sections": [["Code axe", "Code section", "Libellé"], ["SITE", "NICE", "=B2&\"x\""],
                     ["SITE", "LILLE", "Lille"]],
    }, empty_cells=True)
    conversion = convert_source(source, tmp_path / "c.xlsx")
    assert_same_plan(sandbox, source, conversion)
    assert {where: issue.code for where, issue in conversion.left_out.items()} == {
        ("Axes", 2): "DUPLICATE_HEADER", ("Sections", 2): "FORMULA_NOT_CALCULATED"}
    found = codes(conversion.output)
    assert ("Comptes", 1, "RESULT_COLUMNS") in found and ("Axes", 2, "DUPLICATE_HEADER") in found
    left = next(line for line in transformations(conversion.output) if line["Ligne source"] == 2
                and line["Feuille source"] == "Axes" and line["Quoi"] == "Ligne non reprise")
    assert left["Avant"] == "Code axe = AX1 ; Libellé = Un"
    headers = [c.value for c in openpyxl.load_workbook(conversion.output)["Comptes"][1]]
    assert "Statut" not in headers and "ID MyUnisoft" not in headers

    text = tmp_path / "axes.csv"
    text.write_text("Code axe;Libellé\nAX;Bip\x07bip\n", encoding="utf-8")
    cleaned = convert_source(text, tmp_path / "t.xlsx")
    line = next(line for line in cleaned.lines if line.code == "TEXT_CLEANED")
    assert (line.before, line.after, line.here) == ("Bip\x07bip", "Bipbip", ("Axes", 2))


# --- the output, refused before anything is read or written ---


def test_refusals_are_one_sentence_and_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = csv_source(tmp_path)
    (tmp_path / "dossier").mkdir()
    (tmp_path / "existant.xlsx").write_bytes(b"earlier")
    before = digest(source)
    cases = {
        "the input": ([str(source)], "est le fichier d'entrée"),
        "missing folder": ([str(tmp_path / "absent" / "c.xlsx")], "n'existe pas"),
        "a folder": ([str(tmp_path / "dossier")], "est un dossier"),
        "csv suffix": ([str(tmp_path / "c.csv")], "nommez-le « " + str(tmp_path / "c.xlsx") + " »"),
        "no suffix": ([str(tmp_path / "converti")], "nommez-le"),
        "exists": ([str(tmp_path / "existant.xlsx")], "--overwrite"),
    }
    for case, (output, fragment) in cases.items():
        listing = sorted(os.listdir(tmp_path))
        code, out, err = run_cli(["convert", str(source), "-o", *output], capsys)
        assert code == 2, (case, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("bulkio : "), (case, err)
        assert fragment in lines[0], (case, lines[0])
        assert "Traceback" not in out + err
        assert sorted(os.listdir(tmp_path)) == listing, case
    assert (tmp_path / "existant.xlsx").read_bytes() == b"earlier"
    assert digest(source) == before

    code, _out, err = run_cli(["convert", str(source), "-o", str(tmp_path / "existant.xlsx"), "--overwrite"], capsys)
    assert code == 1, err  # written; the source has problems (COMPTE6, ...): 1, as validate
    assert "Classeur converti" in err and "Transformations" in err
    assert openpyxl.load_workbook(tmp_path / "existant.xlsx").sheetnames[0] == "Comptes"
    code, _out, err = run_cli(["convert", str(tmp_path / "absent.csv")], capsys)
    assert code == 2 and "n'existe pas" in err


def test_default_output_beside_the_source_and_exit_zero_without_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "comptes.csv"
    source.write_text("Compte;Intitulé\n401000;Fournisseurs\n512000;Banque\n", encoding="utf-8")
    code, _out, err = run_cli(["convert", str(source)], capsys)
    assert code == 0, err
    output = tmp_path / "comptes-bulkio.xlsx"
    assert output.exists() and str(output) in err
    code, _out, err = run_cli(["convert", str(source)], capsys)  # the default path too is never replaced unasked
    assert code == 2 and "le chemin par défaut (-o)" in err and "--overwrite" in err
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".")]  # no temporary file left


def test_english_sheets_and_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = xlsx_source(tmp_path)
    output = tmp_path / "converted.xlsx"
    code, _out, err = run_cli(["convert", str(source), "-o", str(output), "--lang", "en"], capsys)
    assert code == 1, err
    assert "Converted workbook" in err and "'Changes' sheet" in err
    book = openpyxl.load_workbook(output)
    assert book.sheetnames[:2] == ["Accounts", "Axes"] and "Help" in book.sheetnames and "Changes" in book.sheetnames
    lines = transformations(output, "Changes")
    assert {"What", "Source sheet", "Source row", "In this workbook", "Before", "After", "Why"} <= set(lines[0])
    hidden = next(line for line in lines if line["Code"] == "HIDDEN_ROW")
    assert hidden["What"] == "Row not carried over" and "hidden row" in hidden["Why"]
    help_texts = [str(c.value) for row in book["Help"].iter_rows() for c in row if c.value]
    assert any("'Changes' sheet" in text and "never imported" in text for text in help_texts)


def test_the_help_sheet_says_what_the_transformations_sheet_is(tmp_path: Path) -> None:
    conversion = convert_source(csv_source(tmp_path), tmp_path / "c.xlsx")
    book = openpyxl.load_workbook(conversion.output)
    texts = [str(c.value) for row in book["Aide"].iter_rows() for c in row if c.value]
    assert "Feuille « Transformations »" in texts
    assert any("n'est jamais importée" in text and "plan comptable.csv" in text for text in texts)
    assert str(book["Transformations"]["A1"].value).endswith("« plan comptable.csv »")
    # The converted workbook's own notes: the Transformations sheet is not read as data.
    data = read_workbook(conversion.output)
    assert [sheet.name for sheet in data.sheets] == ["Comptes"]
    assert "Transformations" in data.ignored_sheets


def test_a_cell_that_would_read_back_differently_stops_the_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bulkio.convert.cells

    # 0.5 would read as 0.5, not 50 %
    monkeypatch.setattr(bulkio.convert.cells, "_percent_format", lambda text: "General")
    output = tmp_path / "c.xlsx"
    with pytest.raises(BulkioError) as refused:
        convert_source(xlsx_source(tmp_path), output)
    assert "ne se relit pas comme la source" in refused.value.message and "Répartitions!rate2" in refused.value.message
    assert not output.exists()
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".")]


def test_only_and_sheet_options_are_the_readers(sandbox: Any, tmp_path: Path) -> None:
    source = xlsx_source(tmp_path)
    conversion = convert_source(source, tmp_path / "c.xlsx", kinds=["comptes", "capital"],
                                sheet_map={"Notes": "ignorer"})
    assert list(conversion.sheets) == ["Comptes", "Capital"]
    assert ("Notes", None, "SHEET_IGNORED_BY_OPTION") in codes(conversion.output)
    assert ("Axes", None, "SHEET_NOT_READ") in codes(conversion.output)
    assert_same_plan(sandbox, source, conversion, kinds=["comptes", "capital"], sheet_map={"Notes": "ignorer"})
