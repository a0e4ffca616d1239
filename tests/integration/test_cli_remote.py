"""`bulkio export` and `bulkio check` through the command line against the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SECRET, read_sheet
from tests.integration.test_cli_input import run_cli


def test_export_writes_the_template_format_and_reimports_as_unchanged(
    sandbox, credentials, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "export.xlsx"
    code, _o, err = run_cli(["export", "comptes", "-o", str(out), "--base-url", sandbox.url, "--society-id", "1"],
                            capsys)
    assert code == 0, err
    rows = read_sheet(out, "Comptes")
    assert len(rows) == 932 and rows[0]["N° de compte"] == "101000"
    before = sandbox.stats()["writes"]
    code, _o, err = run_cli(["import", str(out), "--base-url", sandbox.url, "--society-id", "1", "--yes",
                             "--result", str(tmp_path / "r.xlsx")], capsys)
    assert code == 0, err
    assert sandbox.stats()["writes"] == before
    assert {r["Statut"] for r in read_sheet(tmp_path / "r.xlsx", "Comptes")} == {"Inchangé"}


def test_check_says_who_the_token_is(sandbox, credentials, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli(["check", "--base-url", sandbox.url], capsys)
    assert code == 0, err
    assert "Jeton cabinet" in out
    assert "PUT    /api/v1/account" in out


def test_dry_run_prints_the_plan_and_writes_nothing(
    sandbox, credentials, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    from tests.conftest import write_xlsx

    path = write_xlsx(tmp_path / "d.xlsx", "Comptes", ["N° de compte", "Libellé"],
                      [["401000", "FOURNISSEURS X"], ["401NEW", "NOUVEAU"]])
    code, out, err = run_cli(["import", str(path), "--base-url", sandbox.url, "--society-id", "1", "--dry-run"],
                             capsys)
    assert code == 0, err
    assert "401NEW" in out and "Création" in out
    assert "label: Fournisseurs → FOURNISSEURS X" in out
    assert sandbox.stats()["writes"] == 0


def test_check_with_a_refused_token_is_one_translated_sentence(
    sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("MYUNISOFT_SECRET", SECRET)
    monkeypatch.setenv("MYUNISOFT_TOKEN", "not-a-token")
    code, _out, err = run_cli(["check", "--base-url", sandbox.url], capsys)
    assert code == 2
    assert err.startswith("bulkio : la connexion à l'API a été refusée") and "pipeline." not in err, err
