"""Analytics end to end against the sandbox: round trip, analytics switch, plan-time references, faults."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bulkio.load import load_and_validate
from bulkio.outcome import Status
from bulkio.pipeline import connect, make_plan
from bulkio.session import run_import
from tests.conftest import firm_target, read_sheet
from tests.integration.analytics_data import HEADERS, analytics_rows, read_rows, remote_state, write_book
from tests.integration.test_cli_input import run_cli
from tests.support.kill_rerun import kill_then_rerun


def _writes(sandbox) -> int:  # type: ignore[no-untyped-def]
    return sandbox.stats()["writes"]


def test_round_trip_of_10_axes_200_sections_40_keys_then_reimport_costs_nothing(
    sandbox, credentials, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    data = analytics_rows()
    assert (len(data["Axes"]), len(data["Sections"]), len({(r[0], r[1]) for r in data["Répartitions"]})) \
        == (10, 200, 40)
    source = write_book(tmp_path / "analytique.xlsx", data)
    remote = ["--base-url", sandbox.url, "--society-id", "2"]
    code, _o, err = run_cli(["import", str(source), *remote, "--yes", "--enable-analytics",
                             "--result", str(tmp_path / "r1.xlsx")], capsys)
    assert code == 0, err
    first_writes = _writes(sandbox)
    for sheet in ("Axes", "Sections", "Répartitions"):
        assert {r["Statut"] for r in read_sheet(tmp_path / "r1.xlsx", sheet)} == {"Créé"}

    exported = tmp_path / "export.xlsx"
    code, _o, err = run_cli(["export", "axes", "sections", "repartitions", "-o", str(exported), *remote], capsys)
    assert code == 0, err
    for sheet, rows in data.items():
        assert read_rows(exported, sheet, HEADERS[sheet]) == rows, sheet

    code, _o, err = run_cli(["import", str(exported), *remote, "--yes", "--result", str(tmp_path / "r2.xlsx")],
                            capsys)
    assert code == 0, err
    assert _writes(sandbox) == first_writes  # the re-import of the export wrote nothing
    for sheet in ("Axes", "Sections", "Répartitions"):
        assert {r["Statut"] for r in read_sheet(tmp_path / "r2.xlsx", sheet)} == {"Inchangé"}


def test_analytics_off_is_refused_with_a_clear_sentence_then_accepted_with_the_flag(
    sandbox, credentials, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    data = analytics_rows(axes=1, sections_per_axe=4, keys_per_axe=1)
    source = write_book(tmp_path / "a.xlsx", data)
    remote = ["--base-url", sandbox.url, "--society-id", "2", "--yes"]
    code, _o, err = run_cli(["import", str(source), *remote, "--result", str(tmp_path / "r.xlsx")], capsys)
    assert code == 1
    assert "l'analytique n'est pas activée sur le dossier 2" in err and "--enable-analytics" in err
    assert _writes(sandbox) == 0
    rows = read_sheet(tmp_path / "r.xlsx", "Sections")
    assert {(r["Statut"], r["Code erreur"]) for r in rows} == {("Erreur", "ANALYT005")}

    code, _o, err = run_cli(["import", str(source), *remote, "--enable-analytics", "--result",
                             str(tmp_path / "r2.xlsx")], capsys)
    assert code == 0, err
    client, context = connect(firm_target(sandbox, 2))
    client.close()
    assert context.society["analytics"] is True
    assert remote_state(sandbox)["axe_codes"] == ["AX01"]


def test_references_unknown_here_and_in_myunisoft_are_errors_on_their_cell(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Dossier 3 has axes ACTIVITE and SITE (sections ATTENTE, LYON, PARIS) in the demo data.
    source = write_book(tmp_path / "refs.xlsx", {
        "Sections": [["GHOST", "S1", "Fantôme", None, None, None], ["SITE", "NICE", "Nice", None, None, None]],
        "Répartitions": [["SITE", "SIEGE", "6", "LYON", 50], ["SITE", "SIEGE", "6", "NOPE", 50],
                         ["SITE", "NOUV", "6", "NICE", 100]],
    })
    validation = load_and_validate(source)
    assert validation.ok  # nothing the workbook alone can refuse
    client, context = connect(firm_target(sandbox, 3))
    with client:
        plan = make_plan(validation, client, context)
    found = {(i.sheet, i.row, i.column, i.code) for i in validation.issues}
    assert found == {
        ("Sections", 2, "Code axe", "UNKNOWN_AXE"),
        ("Répartitions", 3, "Code section", "UNKNOWN_SECTION"),
    }
    by_row = {(r.sheet, r.excel_row): r for r in plan.rows}
    assert by_row[("Répartitions", 2)].error_code == "GROUP_INVALID"  # its key's other row is wrong
    assert by_row[("Répartitions", 4)].action.value == "create"  # NICE comes from the Sections sheet
    message = next(i.message for i in validation.issues if i.code == "UNKNOWN_SECTION")
    assert "« NOPE »" in message and "« SITE »" in message and "feuille Sections" in message


def test_faults_and_commit_then_timeout_end_in_the_workbook_state_without_duplicates(
    sandbox, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    data = analytics_rows(axes=4, sections_per_axe=8, keys_per_axe=2)
    source = write_book(tmp_path / "a.xlsx", data)
    sandbox.set_faults(error_rate=0.10, timeout_rate=0.05, stall_seconds=0.8, seed=20261121)
    _v, run = run_import(source, firm_target(sandbox, 2, timeout=0.4), tmp_path / "r.xlsx",
                         journal_dir=tmp_path / "j", enable_analytics=True)
    stats = sandbox.stats()
    sandbox.set_faults(error_rate=0.0, timeout_rate=0.0)
    assert stats["faults"]["error"] >= 5 and stats["faults"]["timeout"] >= 2  # the campaign really hit faults
    assert Counter(o.status for o in run.result.outcomes.values()) == {Status.CREATED: 4 + 32 + 24}
    _assert_state_is_the_workbook(sandbox, data)


def test_sigkill_mid_run_then_rerun_never_creates_twice(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = analytics_rows(axes=4, sections_per_axe=10, keys_per_axe=2)
    source = write_book(tmp_path / "a.xlsx", data)
    sandbox.set_faults(rate_limit="15/1")
    run = kill_then_rerun(sandbox, tmp_path, ["import", str(source), "--base-url", sandbox.url, "--society-id", "2",
                                              "--yes", "--enable-analytics", "--result", str(tmp_path / "result.xlsx")],
                          kill_after=20)
    assert 0 < run.writes_at_kill < 40

    second = run.rerun
    assert second.returncode == 0, second.stderr
    _assert_state_is_the_workbook(sandbox, data)
    for sheet, rows in data.items():
        result = read_sheet(tmp_path / "result.xlsx", sheet)
        assert len(result) == len(rows)
        assert {r["Statut"] for r in result} <= {"Créé", "Inchangé"}


def _assert_state_is_the_workbook(sandbox, data: dict[str, list[list[object]]]) -> None:  # type: ignore[no-untyped-def]
    state = remote_state(sandbox)
    assert sorted(state["axe_codes"]) == sorted(r[0] for r in data["Axes"])
    assert sorted(state["section_codes"]) == sorted((r[0], r[1]) for r in data["Sections"])
    assert sorted(state["key_codes"]) == sorted({(r[0], r[1]) for r in data["Répartitions"]})  # no duplicate key
    wanted: dict[tuple[str, str], dict[str, int]] = {}
    for axe, key, _condition, section, rate in data["Répartitions"]:
        wanted.setdefault((axe, key), {})[section] = rate  # type: ignore[index]
    assert state["rates"] == wanted
