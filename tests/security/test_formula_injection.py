"""Text bulkio writes never becomes a formula (nor an error value) in Excel: export workbooks, the result workbook
(values and the API's messages), the audit report. And the neutralised text still round-trips: re-importing an
export of hostile-looking labels costs 0 writes.

A workbook is checked twice: with openpyxl (each such cell is a string, data_type 's') and in its XML (no <f>
element anywhere in a sheet bulkio wrote).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell

from bulkio.spec import COMPTES, Column, Kind
from bulkio.workbook.style import write_text, write_value
from tests.conftest import firm_target, read_sheet, write_xlsx
from tests.integration.test_cli_input import run_cli
from tests.security.support import echoing_proxy

HYPERLINK = '=HYPERLINK("http://evil","x")'
HOSTILE = {  # account number -> label
    "401EVIL1": HYPERLINK,
    "401EVIL2": "@SUM(A1)",
    "401EVIL3": "+1+1",
    "401EVIL4": "-2+3",
    "401EVIL5": "- remise",  # a legitimate label: must come back as typed
    "401EVIL6": "\t=1+1",
}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "#")
DOSSIER = 2  # the sandbox's empty dossier


def seed(sandbox) -> None:  # type: ignore[no-untyped-def]
    with firm_target(sandbox, DOSSIER).client() as client:
        for number, label in HOSTILE.items():
            client.post("/account", {"account_number": number, "label": label})


def typed_text(cell: Cell, text: str) -> None:
    """What Excel stores when a user types '=1+1 (a string, quote prefix): input, independent of write_text."""
    cell.value = text
    cell.data_type = "s"
    cell.quotePrefix = True


def formulas_in(path: Path) -> list[str]:
    """Every <f> element of every sheet, as `member: cell`."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                found += [f"{name}: {xml[max(0, m.start() - 80):m.end() + 40]}"
                          for m in re.finditer(r"<(?:\w+:)?f[\s>/]", xml)]
    return found


def hostile_cells(path: Path) -> list[Cell]:
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str) and cell.value.startswith(TRIGGERS)]


def assert_all_text(path: Path, expected: set[str]) -> None:
    cells = hostile_cells(path)
    assert expected <= {cell.value for cell in cells}, {cell.value for cell in cells}
    assert [(cell.coordinate, cell.value, cell.data_type) for cell in cells if cell.data_type != "s"] == []
    assert formulas_in(path) == []


def test_an_export_keeps_hostile_labels_as_text_and_reimports_them_with_zero_writes(
    sandbox, credentials, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    seed(sandbox)
    exported = tmp_path / "export.xlsx"
    code, _o, err = run_cli(["export", "comptes", "-o", str(exported), "--base-url", sandbox.url, "--society-id",
                             str(DOSSIER)], capsys)
    assert code == 0, err
    assert_all_text(exported, set(HOSTILE.values()))
    assert {row["N° de compte"]: row["Libellé"] for row in read_sheet(exported, "Comptes")} == HOSTILE

    writes = sandbox.stats()["writes"]
    result = tmp_path / "resultat.xlsx"
    code, _o, err = run_cli(["import", str(exported), "--base-url", sandbox.url, "--society-id", str(DOSSIER),
                             "--yes", "--result", str(result)], capsys)
    assert code == 0, err
    assert sandbox.stats()["writes"] == writes, "the neutralised labels read back as they were exported"
    assert {row["Statut"] for row in read_sheet(result, "Comptes")} == {"Inchangé"}
    assert_all_text(result, set(HOSTILE.values()))


def test_a_firm_export_split_per_dossier_keeps_them_as_text(
    sandbox, credentials, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    seed(sandbox)
    folder = tmp_path / "cabinet"
    code, _o, err = run_cli(["export", "comptes", "-o", str(folder), "--base-url", sandbox.url,
                             "--society", str(DOSSIER), "--society", "1", "--split"], capsys)
    assert code == 0, err
    files = sorted(folder.glob("*.xlsx"))
    assert len(files) == 2
    assert_all_text(next(f for f in files if f.name.startswith(f"{DOSSIER}-")), set(HOSTILE.values()))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_result_keeps_api_messages_and_echoed_values_as_text(
    sandbox, credentials, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str  # type: ignore[no-untyped-def]
) -> None:
    rows = [["401RES1", "=1+1"], ["401RES2", "@SUM(A1)"]]
    if suffix == ".csv":  # rebuilt into a new sheet by the result writer: the input's values are written again
        book = tmp_path / "comptes.csv"
        book.write_text("N° de compte;Libellé\n" + "".join(f"{n};{label}\n" for n, label in rows), encoding="utf-8")
    else:
        book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", ["N° de compte", "Libellé"], [])
        sheet_book = openpyxl.load_workbook(book)
        for row, (number, label) in enumerate(rows, start=2):
            sheet_book["Comptes"].cell(row=row, column=1, value=number)
            typed_text(sheet_book["Comptes"].cell(row=row, column=2), label)
        sheet_book.save(book)
    answer = {"error": {"code": "@ERR", "message": HYPERLINK}}
    result = tmp_path / "resultat.xlsx"
    with echoing_proxy(sandbox.url, write_answer=(400, answer, {"request-id": "+cmd|' /C calc'!A0"})) as proxy:
        code, _o, err = run_cli(["import", str(book), "--base-url", proxy.url, "--society-id", str(DOSSIER), "--yes",
                                 "--result", str(result)], capsys)
    assert code == 1, err
    outcome = read_sheet(result, "Comptes" if suffix == ".xlsx" else "comptes")
    assert {row["Statut"] for row in outcome} == {"Erreur"}
    assert {row["Message"] for row in outcome} == {HYPERLINK}, outcome
    assert_all_text(result, {HYPERLINK, "@ERR", "+cmd|' /C calc'!A0", "=1+1", "@SUM(A1)"})


def test_the_audit_report_keeps_both_sides_as_text(
    sandbox, credentials, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    seed(sandbox)
    book = tmp_path / "reference.xlsx"
    write_xlsx(book, "Comptes", ["N° de compte", "Libellé"], [])
    reference = openpyxl.load_workbook(book)
    reference["Comptes"].cell(row=2, column=1, value="401EVIL2")
    typed_text(reference["Comptes"].cell(row=2, column=2), "=2+2")  # differs from the live "@SUM(A1)"
    reference["Comptes"].cell(row=3, column=1, value="401EVIL4")
    typed_text(reference["Comptes"].cell(row=3, column=2), "+cmd|' /C calc'!A0")  # differs from the live "-2+3"
    reference.save(book)
    report = tmp_path / "audit.xlsx"
    code, _o, err = run_cli(["diff", str(book), "--base-url", sandbox.url, "--society-id", str(DOSSIER), "-o",
                             str(report)], capsys)
    assert code == 1, err
    assert_all_text(report, {"=2+2", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3"})


@pytest.mark.parametrize("text", [HYPERLINK, "@SUM(A1)", "+1+1", "-2+3", "- remise", "\t=1", "\r=1", "#N/A", "#REF!"])
def test_write_text_stores_a_string_with_the_quote_prefix(text: str) -> None:
    cell = openpyxl.Workbook().active.cell(row=1, column=1)  # type: ignore[union-attr]
    write_text(cell, text)
    assert cell.value == text and cell.data_type == "s"
    assert cell.quotePrefix is text.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("value", [-5, -2.5, 0, 12])
def test_numbers_stay_numbers_negative_ones_included(value: float) -> None:
    """Neutralising text must not turn a number into text: -5 is a number, written and read back as -5."""
    cell = openpyxl.Workbook().active.cell(row=1, column=1)  # type: ignore[union-attr]
    write_value(cell, value, Column(key="n", fr="N", en="N", kind=Kind.DECIMAL), "fr")
    assert cell.value == value and cell.data_type == "n" and not cell.quotePrefix


def test_a_label_column_exists() -> None:  # the tests above rely on the Comptes template's headers
    assert COMPTES.column("label").fr == "Libellé" and COMPTES.column("account_number").fr == "N° de compte"
