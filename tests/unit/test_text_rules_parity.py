"""The two executors of the spec's text rules (validate/text_rules.py), pandera for large sheets and the plain loop
for small ones, give the same failures in the same order, on real workbooks read back from disk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bulkio.spec import SPECS, EntitySpec
from bulkio.spec.model import Rule
from bulkio.validate import text_rules
from bulkio.validate.text_rules import (
    PANDERA_MIN_ROWS,
    REQUIRED,
    TextFailure,
    direct_failures,
    pandera_failures,
    text_rule_failures,
)
from bulkio.workbook.read import read_workbook
from bulkio.workbook.table import SheetTable
from tests.workbook.builders import xlsx

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PATTERN = "BAD_CONDITION"  # the Sections' "Comptes" and the Répartitions' "Condition" rule
TOO_LONG = "LABEL_TOO_LONG"  # no spec has a length rule today: the sheet's spec gets one (see `_with_length_rule`)


def _both(spec: EntitySpec, path: Path, sheet_name: str) -> tuple[list[TextFailure], list[TextFailure]]:
    [sheet] = [sheet for sheet in read_workbook(path).sheets if sheet.name == sheet_name]
    return direct_failures(spec, sheet.table), pandera_failures(spec, sheet.table)


def _with_length_rule(spec: EntitySpec, key: str, limit: int) -> EntitySpec:
    """The spec with a max-length rule after the column's own rules (two rules on one column: their order)."""
    columns = tuple(replace(column, rules=(*column.rules, Rule(TOO_LONG, max_length=limit)))
                    if column.key == key else column for column in spec.columns)
    return replace(spec, columns=columns)


@pytest.mark.parametrize("sample", sorted(path.name for path in SAMPLES.glob("*.xlsx")))
def test_the_samples_fail_the_same_way_through_both(sample: str) -> None:
    data = read_workbook(SAMPLES / sample)
    assert data.sheets
    for sheet in data.sheets:
        direct, pandera = direct_failures(sheet.spec, sheet.table), pandera_failures(sheet.spec, sheet.table)
        assert direct == pandera, (sample, sheet.name)
        assert sorted(direct, key=repr) == sorted(pandera, key=repr)


def test_the_error_samples_do_fail() -> None:
    """The samples above are not all clean: the comparison saw failures."""
    found = [failure for name in ("comptes-erreurs.xlsx", "analytique-erreurs.xlsx")
             for sheet in read_workbook(SAMPLES / name).sheets for failure in direct_failures(sheet.spec, sheet.table)]
    assert {code for *_, code in found} == {REQUIRED, PATTERN}


def test_a_sheet_breaking_every_rule_fails_the_same_way_through_both(tmp_path: Path) -> None:
    """Missing required cells, patterns not matched, texts too long, two rules failing on one cell, and '(vide)'
    markers, which pass every rule."""
    rows = [
        ["Code axe", "Code section", "Libellé", "Comptes"],
        ["ACT", "S1", "Vente", "607;707"],                       # valid
        [None, "S2", "Vente de marchandises", "0707"],           # axis missing, label too long, account pattern
        ["ACT", None, None, "607;;707"],                         # section and label missing, account pattern
        ["ACT", "S4", "(vide)", "(vide)"],                       # markers: no rule fails
        ["ACT", "S5", "Achats de marchandises et fournitures", None],  # too long
        ["ACT", "S6", "   ", "x"],                               # spaces only: empty; pattern
        ["ACT", "S7", "Loyers", "607, 6xx, -613"],                # valid
        ["ACT", "S8", "Frais", "abcdefghijklmnopqrstu"],         # pattern and too long on one cell
    ]
    path = xlsx(tmp_path / "rules.xlsx", {"Sections": rows})
    spec = _with_length_rule(_with_length_rule(SPECS["sections"], "label", 12), "account", 20)
    direct, pandera = _both(spec, path, "Sections")
    assert direct == pandera
    assert sorted(direct, key=repr) == sorted(pandera, key=repr)
    assert {code for *_, code in direct} == {REQUIRED, PATTERN, TOO_LONG}
    assert (3, "axe_code", None, REQUIRED) in direct and (4, "label", None, REQUIRED) in direct
    assert (3, "label", "Vente de marchandises", TOO_LONG) in direct
    assert (9, "account", "abcdefghijklmnopqrstu", PATTERN) in direct
    assert (9, "account", "abcdefghijklmnopqrstu", TOO_LONG) in direct
    assert not [failure for failure in direct if failure[0] == 5]  # the '(vide)' row


def test_an_empty_sheet_has_no_failures_through_either(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "empty.xlsx", {"Sections": [["Code axe", "Code section", "Libellé"]]})
    assert _both(SPECS["sections"], path, "Sections") == ([], [])


def test_the_executor_is_chosen_by_the_number_of_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    chosen: list[tuple[str, int]] = []
    for name in ("direct_failures", "pandera_failures"):
        monkeypatch.setattr(text_rules, name, lambda spec, table, name=name: chosen.append((name, len(table))) or [])
    for rows in (PANDERA_MIN_ROWS - 1, PANDERA_MIN_ROWS):
        table = SheetTable(range(2, rows + 2), {"account_number": ["401000"] * rows, "label": ["Fournisseurs"] * rows})
        assert text_rule_failures(SPECS["comptes"], table) == []
    assert chosen == [("direct_failures", PANDERA_MIN_ROWS - 1), ("pandera_failures", PANDERA_MIN_ROWS)]
