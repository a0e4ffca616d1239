"""Two rows that name one MyUnisoft record, end to end against the sandbox: the first row wins, the second is an
error that names it, one write is sent, and a second import sends none. The plan judges with the dossier's
own numbering (GET /society/accountingParameters), not the default that `bulkio validate` assumes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bulkio.load import load_and_validate
from bulkio.outcome import Status
from bulkio.sandbox import account_store as db
from bulkio.session import run_import
from tests.conftest import firm_target, read_sheet
from tests.workbook.builders import xlsx

ACCOUNTS = ["N° de compte", "Libellé"]


def accounts(sandbox: Any, society_id: int) -> dict[str, str]:
    with firm_target(sandbox, society_id).client() as client:
        return {a["account_number"]: a["label"] for a in client.get("/account/v2").data}


def set_numbering(sandbox: Any, society_id: int, **settings: object) -> None:
    """The dossier's accounting parameters, as its record in the sandbox holds them."""
    store = sandbox._app.state.sandbox.store
    society = store.society(society_id)
    with store.write() as conn:
        store.put_society(conn, {**society, **settings})


def posts(sandbox: Any) -> int:
    return int(sandbox.stats()["requests"].get("POST /api/v1/account", 0))


def test_512_and_512000_import_as_one_account_with_the_first_rows_label(sandbox: Any, tmp_path: Path) -> None:
    book = xlsx(tmp_path / "banque.xlsx", {"Comptes": [ACCOUNTS, ["512", "Banque"], [512000, "Banque Populaire"]]})
    target = firm_target(sandbox, 2)

    _validation, run = run_import(book, target, tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert accounts(sandbox, 2) == {"512000": "Banque"}
    assert posts(sandbox) == 1 and sandbox.stats()["writes"] == 1
    assert sandbox.stats()["refused_writes"] == {}
    rows = read_sheet(tmp_path / "r.xlsx", "Comptes")
    assert [(r["Statut"], r["Code erreur"]) for r in rows] == [("Créé", None), ("Erreur", "DUPLICATE")]
    assert "« 512 » (ligne 2 de la feuille « Comptes ») et « 512000 » sont le même compte 512000 dans MyUnisoft" \
        in rows[1]["Message"]
    assert run.result.outcomes[("Comptes", 3)].status is Status.ERROR

    before = sandbox.stats()["writes"]
    _validation, again = run_import(book, target, tmp_path / "r2.xlsx", journal_dir=tmp_path / "j")
    assert sandbox.stats()["writes"] == before and posts(sandbox) == 1
    assert [o.status for _k, o in sorted(again.result.outcomes.items())] == [Status.UNCHANGED, Status.ERROR]


def test_the_same_account_on_two_sheets_is_written_once(sandbox: Any, tmp_path: Path) -> None:
    book = xlsx(tmp_path / "deux.xlsx", {
        "Comptes": [ACCOUNTS, ["401martin", "Martin"], ["607", "Achats"]],
        "Plan comptable": [ACCOUNTS, ["401MARTIN", "Martin SARL"], ["607000", "Achats de marchandises"],
                           ["411000", "Clients"]],
    })
    _validation, run = run_import(book, firm_target(sandbox, 2), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert accounts(sandbox, 2) == {"401MARTIN": "Martin", "607000": "Achats", "411000": "Clients"}
    assert sandbox.stats()["writes"] == 3
    codes = {key: outcome.error_code for key, outcome in run.result.outcomes.items()}
    assert codes == {("Comptes", 2): "", ("Comptes", 3): "", ("Plan comptable", 2): "DUPLICATE",
                     ("Plan comptable", 3): "DUPLICATE", ("Plan comptable", 4): ""}
    second = read_sheet(tmp_path / "r.xlsx", "Plan comptable")
    assert "ligne 2 de la feuille « Comptes »" in second[0]["Message"]


def test_a_dossier_that_does_not_pad_keeps_512_and_512000_apart(sandbox: Any, tmp_path: Path) -> None:
    set_numbering(sandbox, 2, auto_complete_account=False)
    book = xlsx(tmp_path / "banque.xlsx", {"Comptes": [ACCOUNTS, ["512", "Banque"], ["512000", "Banque Populaire"]]})
    assert [i.code for i in load_and_validate(book).issues] == ["DUPLICATE"]  # no dossier known: 6 digits

    _validation, run = run_import(book, firm_target(sandbox, 2), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert accounts(sandbox, 2) == {"512": "Banque", "512000": "Banque Populaire"}
    assert {o.status for o in run.result.outcomes.values()} == {Status.CREATED}
    assert [r["Statut"] for r in read_sheet(tmp_path / "r.xlsx", "Comptes")] == ["Créé", "Créé"]


def test_a_dossier_padding_to_8_digits_is_judged_at_plan_time(sandbox: Any, tmp_path: Path) -> None:
    set_numbering(sandbox, 2, max_car_general_account=8)
    book = xlsx(tmp_path / "banque.xlsx", {"Comptes": [ACCOUNTS, ["512000", "Banque"], ["51200000", "Banque bis"],
                                                       ["6061", "Fournitures"]]})
    assert load_and_validate(book).issues == []  # 512000 and 51200000 differ at 6 digits

    _validation, run = run_import(book, firm_target(sandbox, 2), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert accounts(sandbox, 2) == {"51200000": "Banque", "60610000": "Fournitures"}
    assert posts(sandbox) == 2
    outcome = run.result.outcomes[("Comptes", 3)]
    assert outcome.error_code == "DUPLICATE"
    assert "le même compte 51200000 dans MyUnisoft, qui complète les numéros de comptes généraux à 8 chiffres" \
        in outcome.message


def test_each_dossier_has_its_own_accounts(sandbox: Any, tmp_path: Path) -> None:
    book = xlsx(tmp_path / "cabinet.xlsx", {"Comptes": [["Dossier", *ACCOUNTS], ["5", "512", "Banque cave"],
                                                        ["6", "512000", "Banque garage"],
                                                        ["5", "5120", "Banque cave bis"]]})
    _validation, run = run_import(book, firm_target(sandbox, None), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert accounts(sandbox, 5) == {"512000": "Banque cave"}
    assert accounts(sandbox, 6) == {"512000": "Banque garage"}
    assert run.result.outcomes[("Comptes", 4)].error_code == "DUPLICATE"
    assert sandbox.stats()["writes"] == 2


def test_rows_the_dossier_keeps_apart_are_read_and_updated_like_any_other(sandbox: Any, tmp_path: Path) -> None:
    # Meant: relabel the dossier's two accounts 512 and 512000 (it does not pad, so they are two). `validate` saw one
    # account twice; the plan judges again with the dossier's numbering *before* it reads what the updates need (the
    # captures' list shape lacks fields a full PUT sends): both rows are read and updated, none blocked.
    set_numbering(sandbox, 2, auto_complete_account=False)
    store = sandbox._app.state.sandbox.store
    with store.write() as conn:
        for number, label in (("512", "Banque"), ("512000", "Banque Populaire")):
            db.insert_account(conn, 2, db.AccountWrite(number, label))
    sandbox.set_faults(account_shape="capture-list")
    book = xlsx(tmp_path / "banque.xlsx", {"Comptes": [ACCOUNTS, ["512", "Banque cave"], ["512000", "BP Lyon"]]})

    _validation, run = run_import(book, firm_target(sandbox, 2), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert {key: (o.status, o.error_code) for key, o in run.result.outcomes.items()} == {
        ("Comptes", 2): (Status.UPDATED, ""), ("Comptes", 3): (Status.UPDATED, "")}
    assert accounts(sandbox, 2) == {"512": "Banque cave", "512000": "BP Lyon"}
    before = sandbox.stats()["writes"]
    run_import(book, firm_target(sandbox, 2), tmp_path / "r2.xlsx", journal_dir=tmp_path / "j")
    assert sandbox.stats()["writes"] == before
