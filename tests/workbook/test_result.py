"""The result workbook: the input plus one status per data row, a Résumé, and the input left untouched."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from bulkio.errors import InputError
from bulkio.outcome import RowOutcome, Status
from bulkio.workbook.read import read_workbook
from bulkio.workbook.result import RunSummary, default_result_path, write_result
from bulkio.workbook.style import ERROR_FILL
from tests.workbook.builders import digest, xlsx

SUMMARY = RunSummary(
    target="sandbox http://127.0.0.1:8765 — dossier 2 DOSSIER VIDE SAS",
    started_at=datetime(2024, 5, 1, 10, 0, 0),
    finished_at=datetime(2024, 5, 1, 11, 2, 3),
    tool_version="0.1.0",
    mode="import",
)


@pytest.fixture
def input_path(tmp_path: Path) -> Path:
    path = xlsx(tmp_path / "plan.xlsx", {"Comptes": [
        ["Plan comptable"],
        ["N° de compte", "Libellé", "Remarque"],
        ["401000", "Fournisseurs", "garder"],
        [None, None, None],
        ["411000", "Clients", None],
        ["512000", "=1/0", None],
        ["606000", "Achats", None],
    ]})
    book = openpyxl.load_workbook(path)
    book["Comptes"]["B3"].font = openpyxl.styles.Font(italic=True)
    book.save(path)
    return path


def outcomes() -> dict[tuple[str, int], RowOutcome]:
    return {
        ("Comptes", 3): RowOutcome(Status.CREATED, remote_id="1001", request_id="req-1"),
        ("Comptes", 5): RowOutcome(Status.ERROR, "Compte refusé", "ERR-ACCOUNT", request_id="req-2"),
        ("Comptes", 7): RowOutcome(Status.UNCHANGED, remote_id="1003"),
    }


def rows_of(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_every_data_row_gets_exactly_one_status(tmp_path: Path, input_path: Path) -> None:
    before = digest(input_path)
    data = read_workbook(input_path)
    out = tmp_path / "resultat.xlsx"
    write_result(data, outcomes(), SUMMARY, out)
    assert digest(input_path) == before

    rows = rows_of(out, "Comptes")
    assert rows[1] == ("N° de compte", "Libellé", "Remarque", "Statut", "Code erreur", "Message", "ID MyUnisoft",
                       "Request-ID")
    assert rows[2][3:] == ("Créé", None, None, "1001", "req-1")
    assert rows[3] == (None,) * 8  # the empty row stays empty
    assert rows[4][3:] == ("Erreur", "ERR-ACCOUNT", "Compte refusé", None, "req-2")
    assert rows[5][3] == "Non envoyé"  # no outcome: not sent
    assert rows[6][3] == "Inchangé"
    assert rows[2][2] == "garder"  # unknown columns kept


def test_formatting_formulas_and_error_highlight(tmp_path: Path, input_path: Path) -> None:
    out = tmp_path / "resultat.xlsx"
    write_result(read_workbook(input_path), outcomes(), SUMMARY, out)
    sheet = openpyxl.load_workbook(out)["Comptes"]
    assert sheet["B3"].font.i  # the input's formatting is kept
    assert sheet["B6"].value == "=1/0"  # and its formulas
    assert all(sheet.cell(row=5, column=c).fill == ERROR_FILL for c in range(1, 9))
    assert sheet["A3"].fill != ERROR_FILL and sheet["A6"].fill != ERROR_FILL


def test_summary_sheet(tmp_path: Path, input_path: Path) -> None:
    out = tmp_path / "resultat.xlsx"
    write_result(read_workbook(input_path), outcomes(), SUMMARY, out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Résumé"
    rows = [row for row in book["Résumé"].iter_rows(values_only=True) if any(v is not None for v in row)]
    facts = {row[0]: row[1] for row in rows if row[0] and row[1] is not None}
    assert facts["Cible"] == SUMMARY.target
    assert facts["Début"] == "2024-05-01 10:00:00" and facts["Fin"] == "2024-05-01 11:02:03"
    assert facts["Durée"] == "1:02:03" and facts["Version de bulkio"] == "0.1.0" and facts["Mode"] == "import"
    header = next(row for row in rows if row[0] == "Feuille")
    assert header[1:] == ("Créé", "Mis à jour", "Inchangé", "Erreur", "Ignoré", "Non envoyé", "Total")
    counts = dict(zip(header, next(row for row in rows if row[0] == "Comptes"), strict=True))
    assert (counts["Créé"], counts["Erreur"], counts["Inchangé"], counts["Non envoyé"], counts["Total"]) == (
        1, 1, 1, 1, 4)
    assert counts["Mis à jour"] == 0


def test_result_reimports_and_rerun_overwrites_result_columns(tmp_path: Path, input_path: Path) -> None:
    first = tmp_path / "first.xlsx"
    write_result(read_workbook(input_path), outcomes(), SUMMARY, first)
    data = read_workbook(first)  # a result workbook imports again as it is
    assert [s.name for s in data.sheets] == ["Comptes"]
    assert data.ignored_sheets == ["Résumé"]
    assert data.sheets[0].extra_headers == ["Remarque"]
    assert data.sheets[0].table.keys == ["account_number", "label"]

    second = tmp_path / "second.xlsx"
    fixed = {("Comptes", row): RowOutcome(Status.UPDATED) for row in (3, 5, 6, 7)}
    write_result(data, fixed, SUMMARY, second, lang="en")
    book = openpyxl.load_workbook(second)
    sheet = book["Comptes"]
    assert [c.value for c in sheet[2]] == ["N° de compte", "Libellé", "Remarque", "Status", "Error code", "Message",
                                           "MyUnisoft ID", "Request-ID"]
    assert sheet.max_column == 8  # overwritten, not appended again
    assert [sheet.cell(row=r, column=4).value for r in (3, 5, 6, 7)] == ["Updated"] * 4
    assert sheet["E5"].value is None and sheet["F5"].value is None  # the old error is gone
    assert sheet["A5"].fill != ERROR_FILL  # and so is its red
    assert book.sheetnames.count("Summary") == 1 and "Résumé" not in book.sheetnames


def test_refuses_to_overwrite_the_input(input_path: Path) -> None:
    before = digest(input_path)
    with pytest.raises(InputError, match="fichier d'entrée"):
        write_result(read_workbook(input_path), {}, SUMMARY, input_path)
    with pytest.raises(InputError):
        write_result(read_workbook(input_path), {}, SUMMARY, input_path.parent / "." / input_path.name)
    assert digest(input_path) == before


def test_csv_input_gives_a_new_xlsx_with_original_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes("Titre\nN° de compte;Libellé\n401000;=cmd\n\n411000;Clients\n".encode("cp1252"))
    data = read_workbook(path)
    out = tmp_path / "plan.resultat.xlsx"
    write_result(data, {("plan", 5): RowOutcome(Status.CREATED)}, SUMMARY, out)
    rows = rows_of(out, "plan")
    assert rows[1][:3] == ("N° de compte", "Libellé", "Statut")
    assert rows[2][:3] == ("401000", "=cmd", "Non envoyé")  # injected text stays text
    assert rows[4][:3] == ("411000", "Clients", "Créé")
    again = read_workbook(out)
    assert again.sheets[0].table.rows == [3, 5]


def test_default_result_path() -> None:
    now = datetime(2024, 5, 1, 9, 8, 7, tzinfo=UTC)
    assert default_result_path(Path("/d/plan.xlsx"), now) == Path("/d/plan.resultat-20240501-090807.xlsx")
    assert default_result_path(Path("/d/plan.csv"), now).name == "plan.resultat-20240501-090807.xlsx"
    again = default_result_path(Path("/d/plan.resultat-20240101-000000.xlsx"), now)
    assert again.name == "plan.resultat-20240501-090807.xlsx"
    assert default_result_path(Path("plan.xlsx")).name.startswith("plan.resultat-")
