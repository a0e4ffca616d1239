"""The real-world corpus of issue 13: every case imported into the sandbox, judged on the dossier it leaves and on
its result workbook (test_outcome), then on the invariants every import must keep (test_invariants)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.realworld import (  # noqa: F401  (each module registers its cases)
    cases_charts,
    cases_duplicates,
    cases_files,
    cases_habits,
    cases_hidden,
    cases_layouts,
    cases_mapping,
    cases_numbers,
    cases_outputs,
    cases_parity,
    cases_sheets,
)
from tests.realworld.conftest import Runs
from tests.realworld.harness import best_judgement, invariants
from tests.realworld.model import CASES, CLASSES

NAMES = sorted(CASES)
IMPORTING = sorted(name for name, case in CASES.items() if any(e.reaches_import for e in case.alternatives))


@pytest.mark.parametrize("name", NAMES)
def test_outcome(name: str, runs: Runs) -> None:
    record = runs.get(name)
    _expect, problems = best_judgement(record)
    assert not problems, f"meant: {record.case.meant}\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", IMPORTING)
def test_invariants(name: str, runs: Runs) -> None:
    record = runs.get(name)
    problems = invariants(record)
    assert not problems, f"meant: {record.case.meant}\n  " + "\n  ".join(problems)


def test_the_corpus_is_large_and_covers_every_class() -> None:
    """At least 150 cases, every class of docs/trust.md and issue 13 with many variants, each saying what the user
    meant; the sources it draws on are cited."""
    assert len(CASES) >= 150, len(CASES)
    per_class = Counter(case.klass for case in CASES.values())
    assert set(per_class) == set(CLASSES), set(CLASSES) - set(per_class)
    assert min(per_class.values()) >= 8, per_class
    assert all(case.meant.strip() for case in CASES.values())
    sources = (Path(__file__).with_name("SOURCES.md")).read_text(encoding="utf-8")
    for cited in ("odoo/odoo", "tryton/tryton", "frappe/erpnext", "bulkio/data/pcg.tsv", "FEC"):
        assert cited in sources, cited
    names = {re.sub(r"\W", "", name) for name in CASES}
    assert len(names) == len(CASES)
