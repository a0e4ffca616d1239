"""The fault campaign (bench/campaign.py) on a tiny budget, so that it does not rot between full runs.

The full campaign (10 minutes, 20 kills) is run by hand: `python bench/campaign.py`. Here: one small workbook
variant, each scenario once, two SIGKILLs; every invariant must still hold (exit code 0).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CAMPAIGN = Path(__file__).resolve().parents[2] / "bench" / "campaign.py"


def test_a_short_campaign_runs_every_scenario_and_every_invariant_holds(tmp_path: Path) -> None:
    command = [sys.executable, str(CAMPAIGN), "--seed", "7", "--seconds", "20", "--kills", "2", "--variants", "1",
               "--scale", "0.3", "--workdir", str(tmp_path / "campaign")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    output = done.stdout
    assert done.returncode == 0, output + done.stderr[-4000:]
    assert "every invariant held" in output
    table = output[output.index("scenario  "):]
    for scenario in ("mixed", "kill", "restart"):
        assert f"\n{scenario} " in table, table
    assert "kills made 2/2" in output and "crashes 0" in output
    assert "SIGKILL 2" in table and "restart (" in table
