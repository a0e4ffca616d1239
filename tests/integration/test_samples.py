"""The committed demo workbooks do what the README says: the valid ones import, the error ones explain."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from bulkio.load import load_and_validate
from bulkio.outcome import Status
from bulkio.session import run_import
from tests.conftest import firm_target

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize("name", ["comptes-demo.xlsx", "analytique-demo.xlsx"])
def test_the_demo_workbooks_import_cleanly_into_the_empty_dossier(sandbox, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    source = shutil.copy(SAMPLES / name, tmp_path / name)
    validation, run = run_import(Path(source), firm_target(sandbox, 2), tmp_path / "r.xlsx",
                                 journal_dir=tmp_path / "j", enable_analytics=True)
    assert validation.ok
    assert set(Counter(o.status for o in run.result.outcomes.values())) == {Status.CREATED}


def test_the_error_workbooks_show_each_kind_of_mistake() -> None:
    comptes = Counter(i.code for i in load_and_validate(SAMPLES / "comptes-erreurs.xlsx").issues)
    assert {"DUPLICATE", "COMPTE6", "COMPTE7", "REQUIRED", "COMPTE8", "SIREN_CHECKSUM", "IBAN_CHECKSUM",
            "BAD_EMAIL", "BAD_BOOL"} <= set(comptes)
    analytics = Counter(i.code for i in load_and_validate(SAMPLES / "analytique-erreurs.xlsx").issues)
    assert set(analytics) == {"DUPLICATE", "RATE_SUM", "NOT_WHOLE", "CLOSED_SECTION_RATE", "TWO_DEFAULTS",
                              "BAD_CONDITION", "DEFAULT_CONFLICT"}
