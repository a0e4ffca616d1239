"""The chart of accounts end to end against the sandbox, over HTTP on a real loopback socket."""

from __future__ import annotations

from pathlib import Path

import httpx

from bulkio.entities import HANDLERS
from bulkio.outcome import Status
from bulkio.pipeline import connect
from bulkio.session import run_import
from bulkio.spec import COMPTES
from bulkio.workbook.template import write_sheets
from tests.conftest import firm_target, pcg_accounts, read_sheet, society_target, write_xlsx


def statuses(run) -> dict[Status, int]:  # type: ignore[no-untyped-def]
    counts: dict[Status, int] = {}
    for outcome in run.result.outcomes.values():
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts


def test_pcg_round_trip_creates_exports_and_reimports_with_zero_writes(sandbox, tmp_path: Path) -> None:
    accounts = pcg_accounts()
    assert 950 < len(accounts) < 1010
    source = write_xlsx(tmp_path / "pcg.xlsx", "Comptes", ["N° de compte", "Libellé"], accounts)
    target = firm_target(sandbox, society_id=2)

    _validation, run = run_import(source, target, tmp_path / "result.xlsx", journal_dir=tmp_path / "j")
    assert statuses(run) == {Status.CREATED: len(accounts)}
    result_rows = read_sheet(tmp_path / "result.xlsx", "Comptes")
    assert [r["Statut"] for r in result_rows] == ["Créé"] * len(accounts)

    client, _context = connect(target)
    exported = HANDLERS["comptes"].export_rows(HANDLERS["comptes"].load_snapshot(client, None), "fr")
    assert [(r["account_number"], r["label"]) for r in exported] == accounts
    export_path = tmp_path / "export.xlsx"
    write_sheets(export_path, [(COMPTES, exported)], "fr")

    before = sandbox.stats()["writes"]
    _validation, again = run_import(export_path, target, tmp_path / "result2.xlsx", journal_dir=tmp_path / "j")
    assert statuses(again) == {Status.UNCHANGED: len(accounts)}
    assert sandbox.stats()["writes"] == before


def test_update_with_firm_token_changes_only_what_the_row_says(sandbox, tmp_path: Path) -> None:
    source = write_xlsx(
        tmp_path / "upd.xlsx", "Comptes",
        ["N° de compte", "Libellé", "DAS2", "Email"],
        [["401000", "FOURNISSEURS FRANCE", "Oui", "compta@example.fr"], ["411000", "Clients", None, None]],
    )
    target = firm_target(sandbox, society_id=1)
    client, _ = connect(target)
    before = {r["account_number"]: r for r in client.get("/account/v2", {"details": "true"}).data}
    assert before["411000"]["label"] == "Clients"  # sanity: the PCG label, so the second row is unchanged

    _v, run = run_import(source, target, tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert statuses(run) == {Status.UPDATED: 1, Status.UNCHANGED: 1}
    after = {r["account_number"]: r for r in client.get("/account/v2", {"details": "true"}).data}
    assert after["401000"]["label"] == "FOURNISSEURS FRANCE"
    assert after["401000"]["das_2"] is True
    assert after["401000"]["complementary_informations"]["email"] == "compta@example.fr"
    assert after["411000"] == before["411000"]


def test_update_with_a_society_token_is_refused_before_any_request(sandbox, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "upd.xlsx", "Comptes", ["N° de compte", "Libellé"],
                        [["401000", "AUTRE LIBELLE"], ["401NEW", "NOUVEAU FOURNISSEUR"]])
    target = society_target(sandbox, 1)
    _v, run = run_import(source, target, tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    outcomes = sorted(run.result.outcomes.items())
    assert [o.status for _k, o in outcomes] == [Status.ERROR, Status.CREATED]
    assert "jeton cabinet" in outcomes[0][1].message
    assert not any(k.startswith("PUT") for k in sandbox.stats()["requests"])


def test_counterpart_created_in_the_same_file_is_resolved(sandbox, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "cp.xlsx", "Comptes", ["N° de compte", "Libellé", "Compte de contrepartie"],
                        [["401ACME", "ACME", "607100"], ["607100", "ACHATS ACME", None]])
    target = firm_target(sandbox, society_id=2)
    _v, run = run_import(source, target, tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert statuses(run) == {Status.CREATED: 2}
    client, _ = connect(target)
    accounts = {r["account_number"]: r for r in client.get("/account/v2", {"counterpart": "true"}).data}
    assert accounts["401ACME"]["counterpart_account"]["account_number"] == "607100"


def test_numbers_are_normalised_like_the_api_so_a_rerun_is_unchanged(sandbox, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "pad.xlsx", "Comptes", ["N° de compte", "Libellé"], [[251, "test25"]])
    target = firm_target(sandbox, society_id=2)
    _v, first = run_import(source, target, tmp_path / "r1.xlsx", journal_dir=tmp_path / "j1")
    assert statuses(first) == {Status.CREATED: 1}
    response = httpx.get(f"{sandbox.api_url}/account/v2", params={"begin_by": "251"},
                         headers={"X-Third-Party-Secret": "sandbox-secret",
                                  "Authorization": "Bearer sandbox-society-2-token"})
    assert [r["account_number"] for r in response.json()] == ["251000"]
    _v, second = run_import(source, target, tmp_path / "r2.xlsx", journal_dir=tmp_path / "j2")
    assert statuses(second) == {Status.UNCHANGED: 1}
