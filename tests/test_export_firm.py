"""`bulkio export --all-societies | --society ID ... [--split]`: several dossiers against the real sandbox."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest

from bulkio.api.client import MyUnisoftClient
from bulkio.dossiers import Dossier
from bulkio.export import export_dossiers, file_name, slug
from bulkio.load import load_and_validate
from bulkio.sandbox import EmbeddedSandbox
from bulkio.session import run_import
from tests.conftest import FIRM_TOKEN, SECRET, firm_target, read_sheet, society_target
from tests.integration.test_cli_input import run_cli

# The demo data, per sheet kind and dossier (bulkio/sandbox/demo.py): 1 the PCG, 3 analytics, 4 associates.
DEMO_ROWS: dict[str, dict[int, int]] = {
    "comptes": {1: 932, 3: 11, 4: 16},
    "axes": {3: 2},
    "sections": {3: 7},
    "repartitions": {3: 2},
    "capital": {4: 1},
    "associes_pp": {4: 2},
    "associes_pm": {4: 1},
}
NAMES = {1: "DEMO PCG SARL", 2: "DOSSIER VIDE SAS", 3: "ANALYTIQUE SA", 4: "BOULANGERIE MARTIN EURL",
         5: "CAVE DES COTEAUX SARL", 6: "GARAGE DU CENTRE SNC", 7: "PHARMACIE DES HALLES SELARL",
         8: "ATELIER BOIS ET FER SAS"}


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client still retries a failing GET (max_attempts), without sleeping between attempts."""
    monkeypatch.setattr(MyUnisoftClient, "_backoff", lambda self, attempt: None)


def export(sandbox: EmbeddedSandbox, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code, _out, err = run_cli(["export", *args, "--base-url", sandbox.url], capsys)
    assert "Traceback" not in err
    return code, err


def counts_by_dossier(path: Path) -> dict[str, dict[int, int]]:
    """Rows per sheet kind and dossier, as bulkio reads the workbook back (zero issues required)."""
    validation = load_and_validate(path)
    assert validation.issues == [], validation.issues[:5]
    found: dict[str, dict[int, int]] = {}
    for sheet in validation.sheets:
        dossiers = [int(str(r.values["dossier"])) for r in sheet.rows]
        assert dossiers == sorted(dossiers), f"{sheet.spec.kind}: rows not grouped by ascending dossier"
        if dossiers:
            found[sheet.spec.kind] = dict(Counter(dossiers))
    return found


def summary_rows(path: Path, sheet: str = "Résumé") -> dict[int, tuple[Any, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames[0] == sheet
    return {row[0]: row for row in book[sheet].iter_rows(values_only=True) if isinstance(row[0], int)}


def api_accounts(sandbox: EmbeddedSandbox, society_id: int) -> list[str]:
    response = httpx.get(f"{sandbox.api_url}/account/v2", headers={
        "X-Third-Party-Secret": SECRET, "Authorization": f"Bearer {FIRM_TOKEN}", "society-id": str(society_id)})
    return sorted(str(a["account_number"]) for a in response.json())


# --- one workbook -----------------------------------------------------------------------------------------


def test_all_societies_writes_one_workbook_with_every_dossier_and_its_id(
    sandbox: EmbeddedSandbox, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "firm.xlsx"
    code, err = export(sandbox, capsys, "all", "-o", str(out), "--all-societies")
    assert code == 0, err
    assert counts_by_dossier(out) == DEMO_ROWS
    assert "974 ligne(s) exportée(s) de 8 dossier(s)" in err
    accounts = read_sheet(out, "Comptes")
    for society_id in (1, 3, 4):  # each dossier's rows are its live accounts, in account order
        mine = [r["N° de compte"] for r in accounts if r["Dossier"] == society_id]
        assert mine == api_accounts(sandbox, society_id)
    assert {r["Dossier"] for r in read_sheet(out, "Associés PM")} == {4}
    summary = summary_rows(out)
    assert sorted(summary) == list(range(1, 9))
    assert summary[1][:3] == (1, "DEMO PCG SARL", 932) and summary[3][1] == "ANALYTIQUE SA"
    assert {row[-3] for row in summary.values()} == {"Exporté"}
    assert sandbox.stats()["writes"] == 0


def test_society_list_exports_those_dossiers_only_with_few_requests(
    sandbox: EmbeddedSandbox, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "two.xlsx"
    code, err = export(sandbox, capsys, "comptes", "-o", str(out), "--society", "4", "--society", "ANALYTIQUE SA",
                       "--society", "3")
    assert code == 0, err
    assert counts_by_dossier(out) == {"comptes": {3: 11, 4: 16}}
    assert sorted(summary_rows(out)) == [3, 4]
    # /key/info and GET /society once, then per dossier its accounting parameters and its accounts.
    assert sum(sandbox.stats()["requests"].values()) == 2 + 2 * 2


def test_single_dossier_export_is_unchanged(
    sandbox: EmbeddedSandbox, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "one.xlsx"
    code, err = export(sandbox, capsys, "comptes", "-o", str(out), "--society-id", "3")
    assert code == 0, err
    assert "Résumé" not in openpyxl.load_workbook(out, read_only=True).sheetnames
    rows = read_sheet(out, "Comptes")
    assert len(rows) == 11 and {r["Dossier"] for r in rows} == {None}


def test_wrong_selections_are_one_sentence_and_exit_2(
    sandbox: EmbeddedSandbox, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.xlsx"
    for args, words in (
        (["--society", "99"], ["99", "aucun dossier"]),
        (["--society", "GROUPE-A"], ["plusieurs dossiers", "3 ANALYTIQUE SA", "4 BOULANGERIE"]),
        (["--society", "3", "--all-societies"], ["--all-societies"]),
        (["--split"], ["--split"]),
    ):
        code, err = export(sandbox, capsys, "comptes", "-o", str(out), *args)
        assert code == 2, (args, err)
        assert err.startswith("bulkio :") and len(err.strip().splitlines()) == 1, err
        assert all(word in err for word in words), err
        assert not out.exists()


# --- one file per dossier ---------------------------------------------------------------------------------


def test_split_writes_one_file_per_dossier_that_reimports_to_its_dossier(
    sandbox: EmbeddedSandbox, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "audit" / "2024-Q1"
    code, err = export(sandbox, capsys, "all", "-o", str(directory), "--all-societies", "--split", "--lang", "en")
    assert code == 0, err
    assert "974 row(s) exported from 8 dossier(s) as 8 file(s)" in err
    names = sorted(p.name for p in directory.iterdir())
    assert names == sorted(f"{i}-{NAMES[i].replace(' ', '-')}.xlsx" for i in NAMES)
    for society_id in NAMES:
        path = directory / file_name(Dossier(society_id, NAMES[society_id]))
        expected = {kind: {society_id: n[society_id]} for kind, n in DEMO_ROWS.items() if society_id in n}
        assert counts_by_dossier(path) == expected
        assert sorted(summary_rows(path, "Summary")) == [society_id]
    # No default dossier: every row reaches dossier 4 through the file's Dossier column alone.
    _validation, run = run_import(directory / "4-BOULANGERIE-MARTIN-EURL.xlsx", firm_target(sandbox, None),
                                  tmp_path / "result.xlsx", journal_dir=tmp_path / "journal")
    assert not run.failed and sandbox.stats()["writes"] == 0
    assert run.result.outcomes and {o.status.name for o in run.result.outcomes.values()} == {"UNCHANGED"}


# --- one unreachable dossier ------------------------------------------------------------------------------


def test_one_failing_dossier_is_reported_and_the_others_are_exported(
    sandbox: EmbeddedSandbox, credentials: None, no_backoff: None, tmp_path: Path,
    capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox.set_faults(failing_societies=[3])
    out = tmp_path / "firm.xlsx"
    code, err = export(sandbox, capsys, "all", "-o", str(out), "--all-societies")
    assert code == 1, err
    assert "Dossier 3 ANALYTIQUE SA : non exporté (ERR-INTERNAL" in err
    assert "952 ligne(s) exportée(s) de 7 dossier(s)" in err and "1 dossier(s) non exporté(s) sur 8" in err
    expected = {kind: {k: v for k, v in n.items() if k != 3} for kind, n in DEMO_ROWS.items()}
    assert counts_by_dossier(out) == {kind: n for kind, n in expected.items() if n}
    summary = summary_rows(out)
    assert summary[3][-3:-1] == ("Erreur", "ERR-INTERNAL") and summary[3][2] is None
    assert summary[4][-3] == "Exporté"
    # the client retried the dossier's first read (an idempotent GET) before giving it up
    assert sandbox.stats()["faults"] == {"society": 6}


def test_split_with_a_failing_dossier_writes_the_others(
    sandbox: EmbeddedSandbox, credentials: None, no_backoff: None, tmp_path: Path,
    capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox.set_faults(failing_societies=[1, 4])
    code, err = export(sandbox, capsys, "comptes", "-o", str(tmp_path / "out"), "--society", "1",
                       "--society", "3", "--society", "4", "--split")
    assert code == 1, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["3-ANALYTIQUE-SA.xlsx"]
    assert "Dossier 1 DEMO PCG SARL : non exporté" in err and "Dossier 4 BOULANGERIE MARTIN EURL" in err


def test_export_dossiers_reports_progress_and_failures(sandbox: EmbeddedSandbox, no_backoff: None) -> None:
    sandbox.set_faults(failing_societies=[2])
    started: list[tuple[int, int, str]] = []
    done: list[tuple[int, bool]] = []
    run = export_dossiers(firm_target(sandbox, None), ["comptes", "axes"], all_societies=True,
                          on_start=lambda i, n, d: started.append((i, n, d.label)),
                          on_done=lambda r: done.append((r.dossier.society_id, r.failed)))
    assert started == [(i, 8, f"{i} {NAMES[i]}") for i in range(1, 9)]
    assert done == [(i, i == 2) for i in range(1, 9)]
    assert run.failed and [d.dossier.society_id for d in run.failures] == [2]
    assert run.failures[0].error is not None and run.failures[0].error.http_status == 500
    assert run.row_count == 932 + 11 + 2 + 16
    assert "dossier" not in run.target  # the target names no single dossier


# --- society tokens ---------------------------------------------------------------------------------------


def test_society_token_reaches_its_own_dossier_only(
    sandbox: EmbeddedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MYUNISOFT_SECRET", SECRET)
    monkeypatch.setenv("MYUNISOFT_TOKEN", society_target(sandbox, 4).token)
    out = tmp_path / "own.xlsx"
    code, err = export(sandbox, capsys, "all", "-o", str(out), "--all-societies")
    assert code == 0, err
    assert counts_by_dossier(out) == {kind: {4: n[4]} for kind, n in DEMO_ROWS.items() if 4 in n}
    code, err = export(sandbox, capsys, "comptes", "-o", str(tmp_path / "own2.xlsx"), "--society", "4")
    assert code == 0, err
    other = tmp_path / "other.xlsx"
    code, err = export(sandbox, capsys, "comptes", "-o", str(other), "--society", "3")
    assert code == 2 and not other.exists()
    assert err.startswith("bulkio :") and "4 BOULANGERIE MARTIN EURL" in err and "jeton" in err, err


# --- the sandbox fault and the file names -----------------------------------------------------------------


def test_failing_societies_fault_answers_500_for_that_dossier_only(sandbox: EmbeddedSandbox) -> None:
    assert sandbox.set_faults()["failing_societies"] == []
    sandbox.set_faults(failing_societies=[3])
    headers = {"X-Third-Party-Secret": SECRET, "Authorization": f"Bearer {FIRM_TOKEN}"}
    failing = httpx.get(f"{sandbox.api_url}/account/v2", headers={**headers, "society-id": "3"})
    assert failing.status_code == 500 and failing.json()["error"]["code"] == "ERR-INTERNAL"
    assert failing.headers["request-id"]
    assert httpx.get(f"{sandbox.api_url}/account/v2", headers={**headers, "society-id": "4"}).status_code == 200
    assert httpx.get(f"{sandbox.api_url}/society", headers=headers).status_code == 200  # firm level
    own = {**headers, "Authorization": f"Bearer {society_target(sandbox, 3).token}"}
    assert httpx.get(f"{sandbox.api_url}/society", headers=own).status_code == 500
    for bad in ("3", [0], [True], ["3"]):
        with pytest.raises(ValueError):
            sandbox.set_faults(failing_societies=bad)
    sandbox.reset()
    assert sandbox.set_faults()["failing_societies"] == []


def test_file_names_are_safe() -> None:
    assert slug("Cave d'Été & Fils") == "CAVE-D-ETE-FILS"
    assert slug("../../etc/passwd") == "ETC-PASSWD"
    assert slug("***") == ""
    assert file_name(Dossier(7, "***")) == "7.xlsx"
    assert file_name(Dossier(12, "SCI  Les Pins / Nord")) == "12-SCI-LES-PINS-NORD.xlsx"
    assert len(slug("A" * 300)) == 60
