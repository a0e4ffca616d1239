"""Analytics rows that take several requests: default sections, create-then-update, resume between the two."""

from __future__ import annotations

from pathlib import Path

from bulkio.journal import Journal
from bulkio.outcome import Status
from bulkio.pipeline import connect
from bulkio.session import run_import
from tests.conftest import firm_target
from tests.integration.analytics_data import write_book


def _requests(sandbox, prefix: str) -> int:  # type: ignore[no-untyped-def]
    return sum(n for k, n in sandbox.stats()["requests"].items() if k.startswith(prefix))


def _axe(sandbox, society_id: int, code: str) -> tuple[dict, list[dict]]:  # type: ignore[no-untyped-def,type-arg]
    client, _ = connect(firm_target(sandbox, society_id))
    with client:
        axe = next(a for a in client.get("/analytics/axes").data if a["code"] == code)
        sections = client.get(f"/analytics/axes/{axe['id_axe']}/sections", {"closed_section": "true"}).data
    return axe, sections


def test_a_new_axis_without_a_named_default_gets_attente(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_book(tmp_path / "a.xlsx", {"Axes": [["PROJ", "Projets", None]],
                                              "Sections": [["PROJ", "P1", "Projet 1", None, None, None]]})
    _v, run = run_import(source, firm_target(sandbox, 3), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert {o.status for o in run.result.outcomes.values()} == {Status.CREATED}
    axe, sections = _axe(sandbox, 3, "PROJ")
    default = next(s for s in sections if s["isdefault"])
    assert (default["code"], default["label"], axe["id_section_default"]) == \
        ("ATTENTE", "Section d'attente", default["id_section_analytique"])
    assert [s["code"] for s in sections] == ["ATTENTE", "P1"]


def test_moving_the_default_of_an_existing_axis_is_one_put(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_book(tmp_path / "a.xlsx", {"Axes": [["SITE", "Sites", "LYON"]]})
    _v, run = run_import(source, firm_target(sandbox, 3), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert [o.status for o in run.result.outcomes.values()] == [Status.UPDATED]
    assert sandbox.stats()["writes"] == 1
    _axe_row, sections = _axe(sandbox, 3, "SITE")
    assert next(s["code"] for s in sections if s["isdefault"]) == "LYON"


def test_a_section_with_a_condition_is_created_then_updated(
    sandbox, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    source = write_book(tmp_path / "s.xlsx", {"Sections": [["SITE", "NICE", "Nice", "601;-6011", "Oui", None]]})
    run_import(source, firm_target(sandbox, 3), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert _requests(sandbox, "POST /api/v1/analytics/axes/:id_axe/sections") == 1
    assert _requests(sandbox, "PUT /api/v1/analytics/sections/:id_section") == 1
    _axe_row, sections = _axe(sandbox, 3, "SITE")
    nice = next(s for s in sections if s["code"] == "NICE")
    assert (nice["account"], nice["closed"]) == ("601;-6011", True)


def test_a_run_stopped_between_create_and_update_resumes_with_the_update_only(
    sandbox, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    source = write_book(tmp_path / "s.xlsx", {"Sections": [["SITE", "NICE", "Nice", "601", None, None]]})
    target = firm_target(sandbox, 3)
    # What a crash right after the create leaves behind: the section without its condition, the row `sent`.
    client, _ = connect(target)
    with client:
        axe = next(a for a in client.get("/analytics/axes").data if a["code"] == "SITE")
        client.post(f"/analytics/axes/{axe['id_axe']}/sections", {"code": "NICE", "label": "Nice"})
    journal = Journal.for_run(source, target.journal_key, tmp_path / "j")
    journal.mark_sent("Sections", 2, "create")
    journal.close()
    before_posts = _requests(sandbox, "POST /api/v1/analytics/axes/:id_axe/sections")

    _v, run = run_import(source, target, tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    outcome = run.result.outcomes[("Sections", 2)]
    assert outcome.status is Status.CREATED and "repris" in outcome.message
    assert _requests(sandbox, "POST /api/v1/analytics/axes/:id_axe/sections") == before_posts  # no second create
    assert _requests(sandbox, "PUT /api/v1/analytics/sections/:id_section") == 1
    _axe_row, sections = _axe(sandbox, 3, "SITE")
    assert [s["account"] for s in sections if s["code"] == "NICE"] == ["601"]


def test_the_rows_of_a_key_share_one_request_and_one_outcome(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_book(tmp_path / "k.xlsx", {"Répartitions": [
        ["SITE", "SIEGE", None, "LYON", 50], ["SITE", "SIEGE", None, "PARIS", 30],
        ["SITE", "SIEGE", None, "ATTENTE", 20],
    ]})
    _v, run = run_import(source, firm_target(sandbox, 3), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    outcomes = [run.result.outcomes[("Répartitions", row)] for row in (2, 3, 4)]
    assert len(set(outcomes)) == 1 and outcomes[0].status is Status.UPDATED
    assert "LYON 60, PARIS 40 → LYON 50, PARIS 30, ATTENTE 20" in outcomes[0].message
    assert _requests(sandbox, "POST /api/v1/analytics/repartition_keys/:id_repartition_key/repartition") == 1
    assert sandbox.stats()["writes"] == 1
