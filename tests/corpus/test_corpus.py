"""Every light case of the corpus through the real command line, in-process: `bulkio validate FILE`.

For each: the exit code; one sentence naming the file or the sheet and what to do (exit 2), or one line per
problem located by sheet, Excel row and column (exit 1), or the count of valid rows (exit 0); the exact
problems (--json); the values read where a case is about reading them right; the time; the input untouched;
never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bulkio.workbook.read import read_workbook
from tests.corpus import cases as corpus
from tests.corpus.cases import CASES
from tests.corpus.run import MAX_SECONDS_IN_PROCESS, check_answer, in_process, issues_of, untouched

LIGHT = sorted(name for name, case in CASES.items() if not case.heavy)


@pytest.mark.parametrize("name", LIGHT)
def test_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES[name]
    path = tmp_path / case.file
    case.build(path)
    run = untouched(path, lambda: in_process(["validate", str(path), "--lang", case.lang], capsys))
    check_answer(case, run)
    assert run.seconds < MAX_SECONDS_IN_PROCESS, f"{run.seconds:.2f} s"
    if case.code == 1:
        found = issues_of(in_process(["validate", str(path), "--json"], capsys))
        assert found == set(case.issues)
    if case.values:
        sheets = {sheet.name: sheet.table for sheet in read_workbook(path).sheets}
        for (sheet, row, key), expected in case.values.items():
            assert sheets[sheet].cell(row, key) == expected, (sheet, row, key)


def test_the_corpus_is_large_and_documented() -> None:
    """At least 40 files, and the module's docstring lists every one of them (and nothing else)."""
    assert len(CASES) >= 40
    assert corpus.__doc__ is not None
    listed = set(re.findall(r"^\s{4}(\w+)\s", corpus.__doc__, re.MULTILINE))
    assert listed == set(CASES), (set(CASES) - listed, listed - set(CASES))


def test_the_same_answers_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = {
        "hidden_copy": ("'Comptes 2023' : Sheet 'Comptes 2023': this sheet is hidden", "unhide it"),
        "csv_unclosed_quote": ("line 3", "is never closed", "double it"),
        "missing_required": ("'Comptes' : header row 1", "'Label' is missing", "add a column"),
    }
    for name, words in answers.items():
        case = CASES[name]
        path = tmp_path / case.file
        case.build(path)
        run = in_process(["validate", str(path), "--lang", "en"], capsys)
        assert run.code == case.code
        for word in words:
            assert word in run.out + run.err, (word, run.out + run.err)
