"""Interruptions and faults: the final state equals the workbook and nothing is written twice."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from bulkio.outcome import Status
from bulkio.pipeline import connect
from bulkio.session import run_import
from tests.conftest import FIRM_TOKEN, SECRET, firm_target, read_sheet, write_xlsx
from tests.support.kill_rerun import bulkio_command, cli_env, kill_then_rerun

ACCOUNTS = [(f"{400000 + i * 10}" if i % 3 else f"401F{i:04d}", f"FOURNISSEUR {i}") for i in range(1, 121)]


def remote_accounts(sandbox, society_id: int = 2) -> dict[str, str]:  # type: ignore[no-untyped-def]
    client, _ = connect(firm_target(sandbox, society_id))
    with client:
        return {r["account_number"]: r["label"] for r in client.get("/account/v2").data}


def account_writes(sandbox) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {k: v for k, v in sandbox.stats()["writes_by_resource"].items() if k.startswith("account:")}


def test_sigkill_mid_run_then_rerun_completes_without_writing_twice(sandbox, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "in.xlsx", "Comptes", ["N° de compte", "Libellé"], ACCOUNTS)
    sandbox.set_faults(rate_limit="15/1")  # slow enough to kill it in the middle
    run = kill_then_rerun(sandbox, tmp_path, ["import", str(source), "--base-url", sandbox.url, "--society-id", "2",
                                              "--yes", "--result", str(tmp_path / "result.xlsx")], kill_after=40)
    assert 0 < run.writes_at_kill < len(ACCOUNTS)

    second = run.rerun
    assert second.returncode == 0, second.stderr
    assert "Reprise" in second.stderr

    assert remote_accounts(sandbox) == dict(ACCOUNTS)
    writes = account_writes(sandbox)
    assert len(writes) == len(ACCOUNTS) and set(writes.values()) == {1}
    rows = read_sheet(tmp_path / "result.xlsx", "Comptes")
    assert len(rows) == len(ACCOUNTS)
    assert {r["Statut"] for r in rows} == {"Créé"}


def test_errors_and_commit_then_timeout_faults_still_end_in_the_exact_state(sandbox, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "in.xlsx", "Comptes", ["N° de compte", "Libellé"], ACCOUNTS)
    sandbox.set_faults(error_rate=0.10, timeout_rate=0.05, stall_seconds=0.8, seed=20261120)
    target = firm_target(sandbox, 2, timeout=0.4)
    _v, run = run_import(source, target, tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    faults = sandbox.stats()
    sandbox.set_faults(error_rate=0.0, timeout_rate=0.0)
    assert {o.status for o in run.result.outcomes.values()} == {Status.CREATED}
    assert remote_accounts(sandbox) == dict(ACCOUNTS)
    assert set(account_writes(sandbox).values()) == {1}
    assert faults["faults"]["error"] >= 5 and faults["faults"]["timeout"] >= 2  # the run hit real faults


def test_secrets_never_reach_output_logs_results_or_journal(sandbox, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "in.xlsx", "Comptes", ["N° de compte", "Libellé"], ACCOUNTS[:10])
    command = bulkio_command(["import", str(source), "--base-url", sandbox.url, "--society-id", "2", "--yes",
                              "--verbose", "--result", str(tmp_path / "result.xlsx")])
    done = subprocess.run(command, env=cli_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "GET /key/info" in done.stderr or "/key/info" in done.stderr  # verbose did log requests
    produced = done.stdout + done.stderr
    with zipfile.ZipFile(tmp_path / "result.xlsx") as book:
        produced += "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file():
            produced += path.read_bytes().decode("utf-8", "replace")
    assert SECRET not in produced and FIRM_TOKEN not in produced
