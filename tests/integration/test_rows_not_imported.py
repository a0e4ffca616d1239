"""What reaches the dossier when the workbook holds more than the user means to import (docs/trust.md §1, §5).

The accountant's workbook: the bulkio template filled below its example row, one row hidden by the filter
they were working with, and January's entries on a second sheet for reference. They mean: update 606100,
create 401100, nothing else.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from bulkio.outcome import Status
from bulkio.session import run_import
from bulkio.spec import COMPTES
from bulkio.workbook.template import write_template
from tests.conftest import firm_target, read_sheet


def accounts(sandbox, society_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with firm_target(sandbox, society_id).client() as client:
        return {a["account_number"]: a["label"] for a in client.get("/account/v2").data}


def workbook(path: Path) -> Path:
    write_template(path, [COMPTES], "fr")
    book = openpyxl.load_workbook(path)
    chart = book["Comptes"]
    for row, (number, label) in enumerate([("606100", "Fournitures de bureau"), ("401100", "Bureau Vallée"),
                                           ("622600", "Honoraires (ancien libellé)")], start=3):
        chart.cell(row=row, column=2, value=number)
        chart.cell(row=row, column=3, value=label)
    chart.auto_filter.ref = "A1:C5"
    chart.auto_filter.add_filter_column(1, ["Fournitures de bureau", "Bureau Vallée"])
    chart.row_dimensions[5].hidden = True
    entries = book.create_sheet("Écritures janvier")
    for line in (["Date", "Journal", "Compte", "Libellé", "Débit", "Crédit"],
                 ["02/01/2024", "AC", "401000", "Facture Bureau Vallée n°123", None, 120],
                 ["02/01/2024", "AC", "622600", "Honoraires expert janvier", 900, None]):
        entries.append(line)
    book.save(path)
    return path


def test_only_the_visible_rows_of_the_chart_reach_the_dossier(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = workbook(tmp_path / "dossier.xlsx")
    before = accounts(sandbox, 3)
    writes = sandbox.stats()["writes"]
    _validation, run = run_import(path, firm_target(sandbox, 3), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")

    after = accounts(sandbox, 3)
    assert after["606100"] == "Fournitures de bureau" and after["401100"] == "Bureau Vallée"
    assert {n: after[n] for n in before if n != "606100"} == {n: v for n, v in before.items() if n != "606100"}
    assert "401DUPONT" not in after
    assert sandbox.stats()["writes"] - writes == 2

    statuses = {row: (outcome.status, outcome.error_code) for (_sheet, row), outcome in run.outcomes.items()}
    assert statuses == {2: (Status.SKIPPED, "EXAMPLE_ROW"), 3: (Status.UPDATED, ""), 4: (Status.CREATED, ""),
                        5: (Status.SKIPPED, "HIDDEN_ROW")}
    result = read_sheet(tmp_path / "r.xlsx", "Comptes")
    assert [(r["N° de compte"], r["Statut"], r["Code erreur"]) for r in result] == [
        ("401DUPONT", "Ignoré", "EXAMPLE_ROW"), ("606100", "Mis à jour", None), ("401100", "Créé", None),
        ("622600", "Ignoré", "HIDDEN_ROW")]
    summary = [[c.value for c in row] for row in openpyxl.load_workbook(tmp_path / "r.xlsx")["Résumé"].iter_rows()]
    assert any(row[0] == "Écritures janvier" and "autre document" in str(row[1]) for row in summary)

    writes = sandbox.stats()["writes"]
    run_import(path, firm_target(sandbox, 3), tmp_path / "r2.xlsx", journal_dir=tmp_path / "j2")
    assert sandbox.stats()["writes"] == writes
