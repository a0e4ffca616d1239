"""When the API still refuses a write, the result workbook's Message names the cell (sheet, Excel row, the
column's header as written) and says what to do, not only the API's "Le compte est invalide"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bulkio import pipeline
from bulkio.i18n import set_language
from bulkio.pipeline import run_import
from bulkio.validate import Validation
from tests.conftest import firm_target, read_sheet
from tests.workbook.builders import xlsx


def test_a_number_the_validator_let_through_is_named_with_its_cell_and_remedy(
        sandbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = xlsx(tmp_path / "c.xlsx", {"Comptes": [["Compte", "Intitulé"], ["401000", "Fournisseurs"],
                                                  ["411000", "Clients"]]})
    real = pipeline.load_and_validate

    def weaker(*args: Any, **kwargs: Any) -> Validation:
        """A validator that missed a rule: the row's number becomes what the user typed, '401000.'."""
        validation = real(*args, **kwargs)
        validation.sheets[0].rows[0].values["account_number"] = "401000."
        return validation

    monkeypatch.setattr(pipeline, "load_and_validate", weaker)
    run_import(book, firm_target(sandbox, 2), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")

    assert sandbox.stats()["refused_writes"] == {"POST /api/v1/account COMPTE1": 1}
    rows = read_sheet(tmp_path / "r.xlsx", "Comptes")
    assert [(r["Statut"], r["Code erreur"]) for r in rows] == [("Erreur", "COMPTE1"), ("Créé", None)]
    message = rows[0]["Message"]
    assert message.startswith("MyUnisoft a refusé « 401000. », colonne « Compte » (feuille « Comptes », ligne 2) : ")
    assert "(COMPTE1)" in message and "n'y laissez que des chiffres et des lettres sans accent" in message
    assert message.endswith("puis relancez l'import.")


def test_a_rule_on_live_data_names_the_cell_in_english_too(sandbox: Any, tmp_path: Path) -> None:
    # Dossier 3's key SIEGE uses section LYON: closing LYON is refused (SECTION004), which the workbook cannot show.
    book = xlsx(tmp_path / "s.xlsx", {"Sections": [["Axis code", "Section code", "Label", "Closed"],
                                                   ["SITE", "LYON", "Lyon", "Yes"]]})
    set_language("en")
    run_import(book, firm_target(sandbox, 3), tmp_path / "r.xlsx", journal_dir=tmp_path / "j", lang="en")

    row = read_sheet(tmp_path / "r.xlsx", "Sections")[0]
    assert row["Error code"] == "SECTION004"
    assert row["Message"].startswith("MyUnisoft refused 'Yes' in column 'Closed' (sheet 'Sections', row 2): ")
    assert "remove it from the keys or write No, then run the import again." in row["Message"]
