"""When the API still refuses a write, the result workbook's Message names the cell (sheet, Excel row, the
column's header as written) and says what to do, not only the API's "Le compte est invalide"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bulkio import session
from bulkio.i18n import set_language
from bulkio.plan import Action, Change, PlannedRow
from bulkio.refusals import refusal_message
from bulkio.session import run_import
from bulkio.validate import Validation
from tests.conftest import firm_target, read_sheet
from tests.workbook.builders import xlsx


def test_a_number_the_validator_let_through_is_named_with_its_cell_and_remedy(
        sandbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = xlsx(tmp_path / "c.xlsx", {"Comptes": [["Compte", "Intitulé"], ["401000", "Fournisseurs"],
                                                  ["411000", "Clients"]]})
    real = session.validate_workbook

    def weaker(*args: Any, **kwargs: Any) -> Validation:
        """A validator that missed a rule: the row's number becomes what the user typed, '401000.'."""
        validation = real(*args, **kwargs)
        validation.sheets[0].rows[0].values["account_number"] = "401000."
        return validation

    monkeypatch.setattr(session, "validate_workbook", weaker)  # where the session's validate step looks it up
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


def _account_row(action: Action, counterpart: str | None, changes: tuple[str, ...] = ()) -> PlannedRow:
    values: dict[str, Any] = {"account_number": "401AAA", "label": "Fournisseur A"}
    if counterpart is not None:
        values["counterpart"] = counterpart
    return PlannedRow("comptes", "Plan", 7, "401AAA", action, values,
                      [Change(key, None, values.get(key)) for key in changes], remote_id="" if
                      action is Action.CREATE else "12")


HEADERS = {"account_number": "Compte", "counterpart": "Contrepartie"}


@pytest.mark.parametrize("code", ["COMPTE2", "COMPTE5"])
@pytest.mark.parametrize(("row", "blames"), [
    (_account_row(Action.UPDATE, None, ("label",)), "account"),
    (_account_row(Action.UPDATE, "607000", ("label",)), "account"),  # its counterpart unchanged: not sent by it
    (_account_row(Action.UPDATE, "607000", ("counterpart",)), "counterpart"),
    (_account_row(Action.CREATE, "607000"), "counterpart"),
], ids=["update without counterpart", "update keeping its counterpart", "update changing its counterpart",
        "create with a counterpart"])
def test_an_account_id_the_dossier_lacks_blames_the_counterpart_only_when_the_row_sends_one(
        row: PlannedRow, blames: str, code: str) -> None:
    """On PUT /account, COMPTE2/COMPTE5 are first about the account itself: deleted (or moved) in MyUnisoft since
    the plan. Only a row that sends a counterpart of its own gets the counterpart's cell named."""
    message = refusal_message(row, code, "Le compte n'existe pas.", HEADERS)
    if blames == "account":
        assert message.startswith("le compte « 401AAA » (feuille « Plan », ligne 7) n'est plus dans ce dossier : il a "
                                  "été supprimé dans MyUnisoft depuis la préparation de l'import"), message
        assert f"({code})" not in message and code in message and "relancez l'import" in message
        assert "Contrepartie" not in message
    else:
        assert message.startswith("MyUnisoft a refusé « 607000 », colonne « Contrepartie » (feuille « Plan », "
                                  "ligne 7) : "), message
        assert "vérifiez que ce compte existe dans le dossier" in message


def test_an_account_deleted_between_the_plan_and_the_push_says_so_and_the_rerun_creates_it(
        sandbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user relabels an account that a colleague deletes in MyUnisoft while the import runs: the result says
    the account was deleted since the plan and to run again (not to check a counterpart the row does not have);
    the rerun creates it with the new label."""
    import bulkio.session

    target = firm_target(sandbox, 2)
    first = xlsx(tmp_path / "a.xlsx", {"Comptes": [["Compte", "Intitulé"], ["401AAA", "Fournisseur A"]]})
    run_import(first, target, tmp_path / "r1.xlsx", journal_dir=tmp_path / "j")
    account_id = int(read_sheet(tmp_path / "r1.xlsx", "Comptes")[0]["ID MyUnisoft"])

    plan_import = bulkio.session.plan_import

    def plan_then_delete(*args: Any, **kwargs: Any) -> Any:
        plan = plan_import(*args, **kwargs)
        with sandbox._app.state.sandbox.store.write() as conn:
            conn.execute("DELETE FROM account WHERE account_id = ?", (account_id,))
        return plan

    monkeypatch.setattr(bulkio.session, "plan_import", plan_then_delete)
    renamed = xlsx(tmp_path / "b.xlsx", {"Comptes": [["Compte", "Intitulé"], ["401AAA", "Fournisseur A renommé"]]})
    run_import(renamed, target, tmp_path / "r2.xlsx", journal_dir=tmp_path / "j")

    row = read_sheet(tmp_path / "r2.xlsx", "Comptes")[0]
    assert (row["Statut"], row["Code erreur"]) == ("Erreur", "COMPTE2")
    assert "supprimé dans MyUnisoft depuis la préparation de l'import" in row["Message"]
    assert "contrepartie" not in row["Message"].lower()

    monkeypatch.setattr(bulkio.session, "plan_import", plan_import)
    run_import(renamed, target, tmp_path / "r3.xlsx", journal_dir=tmp_path / "j")
    assert read_sheet(tmp_path / "r3.xlsx", "Comptes")[0]["Statut"] == "Créé"
