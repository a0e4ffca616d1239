"""The heavy cases of the corpus (sheets as large as Excel allows, XML and zip bombs, what makes calamine
allocate without bound) through `python -m bulkio validate FILE` in a subprocess: under a 1.5 GB address
space cap (RLIMIT_AS), killed after 30 s. Each must give its answer in bounded time and memory: neither
killed, nor out of memory (a Rust allocation failure aborts the process, a Python one is a MemoryError), nor
slow, and the input untouched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.cases import CASES
from tests.corpus.run import MAX_PEAK_MB, MAX_SECONDS_SUBPROCESS, capped, check_answer, untouched

HEAVY = sorted(name for name, case in CASES.items() if case.heavy)


@pytest.mark.parametrize("name", HEAVY)
def test_case(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    path = tmp_path / case.file
    case.build(path)
    run = untouched(path, lambda: capped(["validate", str(path), "--lang", case.lang]))
    assert run.code >= 0, f"killed by signal {-run.code} after {run.seconds:.1f} s\n{run.err[-2000:]}"
    check_answer(case, run)
    assert run.seconds < MAX_SECONDS_SUBPROCESS, f"{run.seconds:.1f} s"
    assert run.peak_mb is not None and run.peak_mb < MAX_PEAK_MB, f"{run.peak_mb:.0f} MB"


def test_far_value_refused_in_english(tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    CASES["far_value"].build(path)
    run = capped(["validate", str(path), "--lang", "en"])
    assert run.code == 2
    assert run.err.startswith("bulkio : Sheet 'Comptes': it extends to cell XFD1048576"), run.err
    assert "delete the rows and columns after your data" in run.err


def test_too_many_cells_says_what_to_do(tmp_path: Path) -> None:
    """Far cells: delete them; data that really fills the grid: split it into several workbooks."""
    path = tmp_path / "far-column.xlsx"
    CASES["far_column_large"].build(path)
    run = capped(["validate", str(path), "--lang", "en"])
    assert run.code == 2
    expected = ("bulkio : Sheet 'Comptes': it extends to cell AAA200000, that is 200\u202f000 rows × 703 columns "
                "(140\u202f600\u202f000 cells, bulkio reads at most 20\u202f000\u202f000)")
    assert run.err.startswith(expected), run.err
    assert "delete the rows and columns after your data" in run.err
    assert "split it into several workbooks" in run.err


def test_hidden_sheet_is_not_imported(tmp_path: Path) -> None:
    """The import plans the visible sheet's rows only: the hidden old copy's 512000 is not created."""
    path = tmp_path / "copie.xlsx"
    CASES["hidden_copy"].build(path)
    run = untouched(path, lambda: capped(["import", str(path), "--sandbox", "--dry-run"]))
    assert run.code == 0, run.out + run.err
    assert "401000" in run.out and "411000" in run.out
    assert "512000" not in run.out + run.err
