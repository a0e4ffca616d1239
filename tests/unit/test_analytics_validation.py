"""What the analytics sheets refuse on their own (no API): each error located by sheet, Excel row and column."""

from __future__ import annotations

from pathlib import Path

from bulkio.load import load_and_validate
from bulkio.spec.analytics import condition_roots
from tests.integration.analytics_data import write_book


def _issues(path: Path) -> set[tuple[str, int | None, str | None, str]]:
    return {(i.sheet, i.row, i.column, i.code) for i in load_and_validate(path).issues}


def test_rates_that_add_up_to_99_or_101_name_the_key_and_the_sum(tmp_path: Path) -> None:
    path = write_book(tmp_path / "r.xlsx", {"Répartitions": [
        ["SITE", "K99", "6", "LYON", 60], ["SITE", "K99", "6", "PARIS", 39],
        ["SITE", "K101", "6", "LYON", 61], ["SITE", "K101", "6", "PARIS", 40],
        ["SITE", "K100", "6", "LYON", 60], ["SITE", "K100", "6", "PARIS", 40],
    ]})
    issues = load_and_validate(path).issues
    assert {(i.sheet, i.row, i.column, i.code) for i in issues} == {
        ("Répartitions", row, "Taux", "RATE_SUM") for row in (2, 3, 4, 5)
    }
    messages = {i.row: i.message for i in issues}
    assert "« K99 »" in messages[2] and "totalisent 99 au lieu de 100" in messages[2]
    assert "« K101 »" in messages[4] and "totalisent 101" in messages[4]


def test_a_rate_of_33_5_is_refused_on_its_cell_without_a_second_sum_error(tmp_path: Path) -> None:
    path = write_book(tmp_path / "r.xlsx", {"Répartitions": [
        ["SITE", "K", "6", "LYON", 33.5], ["SITE", "K", "6", "PARIS", 33], ["SITE", "K", "6", "NICE", 33.5],
    ]})
    issues = load_and_validate(path).issues
    assert {(i.row, i.column, i.code) for i in issues} == {(2, "Taux", "NOT_WHOLE"), (4, "Taux", "NOT_WHOLE")}
    assert "« 33.5 » doit être un nombre entier" in issues[0].message


def test_two_default_sections_on_one_axis_flag_both_rows(tmp_path: Path) -> None:
    path = write_book(tmp_path / "s.xlsx", {"Sections": [
        ["ACT", "ATTENTE", "Attente", None, None, "Oui"],
        ["ACT", "VENTE", "Ventes", None, None, "Oui"],
        ["SITE", "ATTENTE", "Attente", None, None, "Oui"],
    ]})
    assert _issues(path) == {("Sections", 2, "Par défaut", "TWO_DEFAULTS"),
                             ("Sections", 3, "Par défaut", "TWO_DEFAULTS")}


def test_a_malformed_condition_is_refused_on_sections_and_keys(tmp_path: Path) -> None:
    path = write_book(tmp_path / "c.xlsx", {
        "Sections": [["ACT", "A", "A", "601;;602", None, None], ["ACT", "B", "B", "601;-601A", None, None],
                     ["ACT", "C", "C", "0601", None, None], ["ACT", "D", "D", "601, 602", None, None]],
        "Répartitions": [["ACT", "K", "6;-607,-606", "A", 100], ["ACT", "L", "six", "B", 100]],
    })
    assert _issues(path) == {("Sections", 2, "Comptes", "BAD_CONDITION"), ("Sections", 4, "Comptes", "BAD_CONDITION"),
                             ("Répartitions", 3, "Condition", "BAD_CONDITION")}


def test_the_axes_sheet_and_the_sections_sheet_must_agree_on_the_default(tmp_path: Path) -> None:
    path = write_book(tmp_path / "d.xlsx", {
        "Axes": [["ACT", "Activités", "ATTENTE"]],
        "Sections": [["ACT", "ATTENTE", "Attente", None, None, "Non"], ["ACT", "VENTE", "Ventes", None, None, "Oui"]],
    })
    assert _issues(path) == {("Sections", 2, "Par défaut", "DEFAULT_CONFLICT"),
                             ("Sections", 3, "Par défaut", "DEFAULT_CONFLICT")}


def test_a_closed_section_cannot_carry_a_rate_and_a_key_has_one_condition(tmp_path: Path) -> None:
    path = write_book(tmp_path / "k.xlsx", {
        "Sections": [["ACT", "OLD", "Ancienne", None, "Oui", None]],
        "Répartitions": [["ACT", "K", "6", "OLD", 40], ["ACT", "K", "7", "NEW", 30], ["ACT", "K", None, "X", 30],
                         ["ACT", "Z", "6", "X", 0], ["ACT", "Z", "6", "OLD", 100]],
    })
    assert _issues(path) == {("Répartitions", 2, "Code section", "CLOSED_SECTION_RATE"),
                             ("Répartitions", 3, "Condition", "CONDITION_MISMATCH"),
                             ("Répartitions", 5, "Taux", "RATE_RANGE"),
                             ("Répartitions", 6, "Code section", "CLOSED_SECTION_RATE")}


def test_condition_roots_normalise_separators_and_spaces() -> None:
    assert condition_roots("601; -601A,602 ") == ["601", "-601A", "602"]
    assert condition_roots("") == []
