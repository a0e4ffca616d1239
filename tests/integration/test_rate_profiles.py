"""A small import under each of the sandbox's rate-limit profiles (time scaled twenty times: the documented 20 per
10 s becomes 20 per 0.5 s): every row right, each write sent once, few 429s, the ceiling held, and the Résumé says
what was observed. Then a server that refuses everything: the rows are "Non envoyé", never failed nor left in doubt.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from bulkio.api import pacing
from bulkio.config import Target
from bulkio.lanes import open_lanes
from bulkio.load import load_and_validate
from bulkio.multi import plan_import
from bulkio.outcome import Status
from bulkio.push_all import execute_import
from bulkio.sandbox import EmbeddedSandbox, SandboxConfig
from bulkio.sandbox.config import RATE_PROFILES
from bulkio.session import run_import
from tests.conftest import FIRM_TOKEN, SECRET, write_xlsx

LIMIT = (20, 0.5)
# What the Résumé says the server announced, and the pace bulkio held: never an announced Reset taken for the window
# (sliding-wrong-reset's Reset = now + 0.06 s is no window), and what a stricter server taught.
# Under `capture` the window is so short (0.1 s / 20 here) that on a loaded machine an answer can arrive after its own
# Reset: the Résumé then rightly says a Reset was unusable; the pace is unchanged.
LATE_RESET = r"(, Reset inutilisable \(\d+ fois dans le passé ou trop loin\))?"
SAYS = {"docs": r"Total 20 annoncé ; 0 refus \(429\)", "capture": rf"Total 10 annoncé{LATE_RESET} ; 0 refus \(429\)",
        "sliding-wrong-reset": r"Total 20 annoncé ; 0 refus \(429\)",
        "skewed-clock": r"Total 10 annoncé, Reset inutilisable",
        "no-headers": r"aucun en-tête X-Rate-Limit ; 0 refus \(429\)",
        "strict-silent": r"aucun en-tête X-Rate-Limit ; 1 refus \(429\)"}
HELD = {"strict-silent": r"rythme tenu : 1\d / 0,5 s, 0,0[45]\d* s entre deux requêtes",  # 10, then steps up
        "skewed-clock": r"rythme tenu : 20 / 0,5 s, 0,025 s entre deux requêtes"}


def accounts(path: Path, count: int) -> Path:
    return write_xlsx(path, "Comptes", ["N° de compte", "Libellé"],
                      [[f"401P{i:03d}", f"FOURNISSEUR {i}"] for i in range(count)])


def summary_lines(result: Path) -> list[str]:
    book = openpyxl.load_workbook(result, read_only=True)
    lines = [" ".join(str(v) for v in row if v is not None) for row in book["Résumé"].iter_rows(values_only=True)]
    book.close()
    return lines


@pytest.mark.parametrize("profile", RATE_PROFILES)
def test_a_small_import_under_this_limiter(profile: str, tmp_path: Path) -> None:
    path = accounts(tmp_path / "comptes.xlsx", 30)
    with EmbeddedSandbox(SandboxConfig(rate_limit=LIMIT, rate_profile=profile)) as box:
        target = Target(box.api_url, SECRET, FIRM_TOKEN, 2, sandbox=True)
        _validation, runs = run_import(path, target, tmp_path / "result.xlsx", journal_dir=tmp_path / "j")
        stats = box.stats()
    assert {outcome.status for outcome in runs.outcomes.values()} == {Status.CREATED}
    assert len(stats["writes_by_resource"]) == 30 and set(stats["writes_by_resource"].values()) == {1}
    assert stats["noop_writes"] == {} and stats["rejected_429"] <= 3
    sent = list(runs.plan.lanes.all()[0].client.pacer.stats.recent)
    assert all(later - earlier >= LIMIT[1] for earlier, later in zip(sent, sent[LIMIT[0]:], strict=False))
    line = next(line for line in summary_lines(tmp_path / "result.xlsx") if line.startswith("Débit de l'API"))
    assert re.search(SAYS[profile], line) and "plafond 20 / 0,5 s)" in line, line
    assert re.search(HELD.get(profile, r"rythme tenu : 20 / 0,5 s \(plafond"), line), line
    peak = re.search(r"au plus (\d+) par fenêtre de 0,5 s", line)
    assert peak is not None and 10 <= int(peak.group(1)) <= LIMIT[0], line  # what went in one window, measured
    assert "/ 0,0" not in line, line  # no window of 0.06 s made up from a Reset


def test_a_server_that_refuses_for_minutes_leaves_rows_not_sent_and_a_rerun_sends_each_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pacing, "GIVE_UP_AFTER_S", 1.0)  # "minutes" of refusal, scaled
    path = accounts(tmp_path / "comptes.xlsx", 5)
    journals = tmp_path / "j"
    with EmbeddedSandbox(SandboxConfig(rate_limit=LIMIT)) as box:
        target = Target(box.api_url, SECRET, FIRM_TOKEN, 2, sandbox=True)
        lanes = open_lanes(target)
        try:
            plan = plan_import(load_and_validate(path), target, lanes)
            planned = box.stats()["requests"]
            box.set_faults(storm_rate=1.0, storm_length=1)  # every request refused from here on
            runs = execute_import(plan, path, journal_dir=journals)
        finally:
            lanes.close()
        refused = box.stats()
        assert {outcome.status for outcome in runs.outcomes.values()} == {Status.NOT_SENT}
        first = runs.outcomes[("Comptes", 2)]
        assert "429" in first.message and "relancez" in first.message and first.error_code == "ERR-TOO-MANY-REQUEST"
        assert refused["writes"] == 0 and refused["rejected_429"] <= 6  # held, not hammered
        pushed = {key for key, count in refused["requests"].items() if count != planned.get(key)}
        assert pushed == {"POST /api/v1/account"}  # no read-back: a 429 is not a doubt
        in_doubt = itertools.chain.from_iterable(
            sqlite3.connect(journal).execute("SELECT sheet, excel_row FROM entry WHERE state = 'sent'")
            for journal in journals.glob("*.sqlite"))
        assert list(in_doubt) == []
        box.set_faults(storm_rate=0.0)
        _validation, again = run_import(path, target, tmp_path / "result.xlsx", journal_dir=journals)
        stats = box.stats()
    assert {outcome.status for outcome in again.outcomes.values()} == {Status.CREATED}
    assert set(stats["writes_by_resource"].values()) == {1} and len(stats["writes_by_resource"]) == 5
