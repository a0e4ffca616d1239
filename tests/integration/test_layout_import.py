"""What reaches the dossier when the workbook shows the user something its cells do not hold (docs/trust.md §5):
a value merged over several rows, a column the user hid."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from bulkio.outcome import Status
from bulkio.session import run_import
from tests.conftest import firm_target, read_sheet
from tests.workbook.builders import xlsx


def accounts(sandbox, society_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with firm_target(sandbox, society_id).client() as client:
        return {a["account_number"]: a["label"] for a in client.get("/account/v2").data}


def summary(path: Path) -> list[list[object]]:
    return [[cell.value for cell in row] for row in openpyxl.load_workbook(path)["Résumé"].iter_rows()]


def test_a_dossier_merged_over_three_rows_sends_nothing_to_the_default_dossier(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The firm's workbook: the Dossier cell "5" merged over the cave's three accounts, "6" for the garage's; the
    # run names --society-id 3 for rows without a dossier. Meant: three accounts in dossier 5, one in dossier 6.
    # Rows 3-4 hold no dossier in the file: they are refused, never written to dossier 3.
    xlsx(tmp_path / "cabinet.xlsx", {"Comptes": [
        ["Dossier", "N° de compte", "Libellé"], [5, "401CAVE", "Fournisseur cave"], [None, "411CAVE", "Client cave"],
        [None, "512CAVE", "Banque cave"], [6, "401GARAGE", "Garage"]]},
        empty_cells=True, tweak=lambda book: book["Comptes"].merge_cells("A2:A4"))
    before = accounts(sandbox, 3)
    writes = sandbox.stats()["writes"]
    _validation, run = run_import(tmp_path / "cabinet.xlsx", firm_target(sandbox, 3), tmp_path / "r.xlsx",
                                  journal_dir=tmp_path / "j")

    assert accounts(sandbox, 3) == before
    assert accounts(sandbox, 5) == {"401CAVE": "Fournisseur cave"}
    assert accounts(sandbox, 6) == {"401GARAGE": "Garage"}
    assert sandbox.stats()["writes"] - writes == 2
    statuses = {row: (outcome.status, outcome.error_code) for (_sheet, row), outcome in run.outcomes.items()}
    assert statuses == {2: (Status.CREATED, ""), 3: (Status.ERROR, "MERGED_CELL"), 4: (Status.ERROR, "MERGED_CELL"),
                        5: (Status.CREATED, "")}
    result = {r["N° de compte"]: r for r in read_sheet(tmp_path / "r.xlsx", "Comptes")}
    assert "la cellule A4 est fusionnée avec A2 (« 5 »)" in result["512CAVE"]["Message"]


def test_a_hidden_column_of_old_labels_is_not_what_is_written(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The chart relabelled in a new column D; last year's labels kept in C, hidden. Meant: the labels on screen.
    def hide_b(book: openpyxl.Workbook) -> None:
        book["Comptes"].column_dimensions["B"].hidden = True

    xlsx(tmp_path / "plan.xlsx", {"Comptes": [
        ["N° de compte", "Libellé", "Libellé"], ["401100", "Fourn. BV", "Bureau Vallée"],
        ["401200", "Fourn. LR", "Lyreco"]]}, empty_cells=True, tweak=hide_b)
    _validation, run = run_import(tmp_path / "plan.xlsx", firm_target(sandbox, 3), tmp_path / "r.xlsx",
                                  journal_dir=tmp_path / "j")

    after = accounts(sandbox, 3)
    assert (after["401100"], after["401200"]) == ("Bureau Vallée", "Lyreco")
    assert {outcome.status for outcome in run.outcomes.values()} == {Status.CREATED}
    said = [row for row in summary(tmp_path / "r.xlsx") if any("colonne B masquée" in str(cell) for cell in row)]
    assert said, summary(tmp_path / "r.xlsx")
