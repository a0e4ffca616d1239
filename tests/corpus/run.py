"""Running `bulkio` on a corpus file, in-process or in a capped subprocess, and judging its answer."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bulkio.cli import main
from tests.corpus.cases import Case
from tests.support.files import digest

MEMORY_CAP = 1536 << 20  # RLIMIT_AS of the subprocess: an allocation past it fails
KILL_AFTER = 30.0  # seconds: a subprocess still running is killed (and the case fails)
MAX_SECONDS_IN_PROCESS = 8.0  # the same kind of bound, for the light cases (well under 1 s alone)
# A bound that tells "answers in bounded time" from a hang or a quadratic walk (minutes), not a speed target
# (those live in bench/): the heavy cases take 2-4 s alone and past 10 s on a loaded 2-core machine.
MAX_SECONDS_SUBPROCESS = 20.0  # including about 1 s of interpreter start and imports
MAX_PEAK_MB = 768

# What bulkio says when it gives up on a bug, and what Python, Rust or a killed process leave behind.
NEVER = ("Traceback", "erreur inattendue", "unexpected error", "panicked", "memory allocation of", "MemoryError",
         "RUST_BACKTRACE")
ISSUE_LINE = re.compile(r"^(« [^»]+ »|'[^']+')(, (ligne|row) \d+)?(, (colonne « [^»]+ »|column '[^']+'))? : \S.*$")


@dataclass
class Run:
    code: int  # the exit code; negative: killed by that signal
    out: str
    err: str
    seconds: float
    peak_mb: float | None = None  # the subprocess's maximum resident set size


def in_process(args: list[str], capsys: pytest.CaptureFixture[str]) -> Run:
    old = sys.argv
    sys.argv = ["bulkio", *args]
    started = time.perf_counter()
    try:
        with pytest.raises(SystemExit) as exit_:
            main()
    finally:
        sys.argv = old
    seconds = time.perf_counter() - started
    captured = capsys.readouterr()
    return Run(int(exit_.value.code or 0), captured.out, captured.err, seconds)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def capped(args: list[str]) -> Run:
    """`python -m bulkio ARGS` under a memory cap, killed after KILL_AFTER seconds; its own peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "bulkio", *args], stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL, preexec_fn=_cap_memory)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > KILL_AFTER:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        return Run(process.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   seconds, usage.ru_maxrss / 1024)


def check_answer(case: Case, run: Run) -> None:
    """The exit code, and the shape of what was printed: one sentence for a refusal, one located line per
    problem, the count of valid rows; never a traceback or a crash."""
    shown = run.out + run.err
    assert run.code == case.code, f"exit code {run.code}, expected {case.code}\n{shown}"
    # Notes (a sheet read by its headers, a row not imported) come first on stderr, each located.
    notes = [line for line in run.err.splitlines() if line.startswith(("Remarque — ", "Note — "))]
    for line in notes:
        assert ISSUE_LINE.match(line.split(" — ", 1)[1]), f"not a located note: {line!r}"
    err = "\n".join(line for line in run.err.splitlines() if line not in notes)
    for word in (*NEVER, *case.never):
        assert word not in shown, f"{word!r} in the output:\n{shown}"
    if case.code == 2:
        assert run.out == "", run.out
        lines = run.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("bulkio : "), run.err
        text = lines[0]
    elif case.code == 1:
        lines = run.out.strip().splitlines()
        assert lines, "no problem listed"
        for line in lines:
            assert ISSUE_LINE.match(line), f"not a located problem: {line!r}"
        assert re.fullmatch(r"\d+ problème\(s\) dans \d+ ligne\(s\) : corrigez-les puis relancez\.", err.strip()), \
            run.err
        text = run.out
    else:
        assert run.out == "", run.out
        summary = err.strip()
        expected = {"fr": f"Aucune erreur : {case.rows} lignes valides.", "en": f"No errors: {case.rows} valid rows."}
        assert summary == expected[case.lang], summary
        text = summary
    text = "\n".join([*notes, text])
    for fragment in case.says:
        assert fragment in text, f"{fragment!r} not in:\n{text}"


def issues_of(run: Run) -> set[tuple[str, int | None, str]]:
    return {(issue["sheet"], issue["row"], issue["code"]) for issue in json.loads(run.out)}


def untouched(path: Path, action: Callable[[], Run]) -> Run:
    """Run the action and check the input file did not change, byte for byte."""
    before = digest(path)
    run = action()
    assert digest(path) == before, f"{path.name} was modified"
    return run
