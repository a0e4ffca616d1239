"""The kill-and-rerun harness: `bulkio` run as a real process against the sandbox, killed with SIGKILL in the
middle of its writes (no handler, no cleanup: a power cut), then the same command run again to the end.

Each test keeps its own scenario (workbook, pace, options) and its own assertions on what this returns.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import FIRM_TOKEN, SECRET

KILL_DEADLINE = 60.0  # seconds the first run gets to reach the kill point (then it is killed anyway)
RERUN_TIMEOUT = 120.0


def cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a `bulkio` process: the sandbox's credentials, journals under tmp_path/data, unbuffered."""
    return {**os.environ, "MYUNISOFT_SECRET": SECRET, "MYUNISOFT_TOKEN": FIRM_TOKEN,
            "XDG_DATA_HOME": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}


def bulkio_command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "bulkio", *args]


def writes(sandbox: Any) -> int:
    """The writes the sandbox has accepted since its last reset."""
    return int(sandbox.stats()["writes"])


@dataclass(frozen=True)
class KillRerun:
    writes_at_kill: int  # the sandbox's writes counted once the killed process was gone, since `since`
    rerun: subprocess.CompletedProcess[str]  # the second, complete run (text output captured)


def kill_then_rerun(sandbox: Any, tmp_path: Path, args: list[str], *, kill_after: int, since: int = 0) -> KillRerun:
    """Run `bulkio <args>`, SIGKILL it once the sandbox has counted `kill_after` writes more than `since` (or
    after KILL_DEADLINE, or at once if it already ended), then run the same command again and wait for it."""
    command, env = bulkio_command(args), cli_env(tmp_path)
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + KILL_DEADLINE
    while writes(sandbox) - since < kill_after and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait()
    writes_at_kill = writes(sandbox) - since
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=RERUN_TIMEOUT)
    return KillRerun(writes_at_kill, rerun)
