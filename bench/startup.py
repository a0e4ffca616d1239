"""Start-up benchmark: the first second of the command line, side by side with another Click-based CLI.

    python bench/startup.py                                  # median of 7
    python bench/startup.py --repeat 11 --sqlite-utils /tmp/su/bin/sqlite-utils
    python bench/startup.py --before /tmp/head     # also another checkout's bulkio, in the same rounds

Each run is a fresh process timed from spawn to exit (wall clock), its output discarded:

    bulkio --help            the help: parsed and answered before any command runs
    sqlite-utils --help      the yardstick, another Click (not Typer) CLI; install it apart, for the comparison only:
                             python -m venv /tmp/su && /tmp/su/bin/pip install sqlite-utils
    bulkio validate SAMPLE   a whole command on the 27-row demo sample (samples/comptes-demo.xlsx): imports, read,
                             validation, the report; the target is 0.8 s

Bytecode: an installed package has its modules compiled (.pyc), and so has sqlite-utils, but a checkout run with
PYTHONDONTWRITEBYTECODE=1 (as in this project's sessions) compiles bulkio's modules from source on every start. So
every command runs with bytecode caching on, into a cache outside the tree (PYTHONPYCACHEPREFIX, a temporary
directory the warm-up round fills), for bulkio and sqlite-utils alike; `--as-is` keeps the environment's setting.

The commands run in turns (one of each per round, the order rotating each round) after one untimed round that
warms the file cache, so that a load that comes and goes weighs on all of them alike; the medians and their ratio
come from the same rounds. `bulkio` is the console script beside this Python (the venv's), else `python -m bulkio`;
PYTHONPATH reaches it. `--before DIR` adds the same two bulkio commands run with PYTHONPATH=DIR, e.g. a worktree of
the last commit (`git worktree add --detach /tmp/head HEAD`), to compare before and after a change under the same
load. The load average is printed: the figures assume an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "comptes-demo.xlsx"
VALIDATE_TARGET = 0.8  # seconds, issue 16
ENV = dict(os.environ)  # what every timed command runs with


def _bulkio() -> list[str]:
    script = Path(sys.executable).parent / "bulkio"
    if script.exists():
        return [str(script)]
    found = shutil.which("bulkio")
    return [found] if found else [sys.executable, "-m", "bulkio"]


def _sqlite_utils(given: str | None) -> str:
    for candidate in (given, shutil.which("sqlite-utils"), "/tmp/su/bin/sqlite-utils"):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("sqlite-utils not found: python -m venv /tmp/su && /tmp/su/bin/pip install sqlite-utils, "
             "or pass --sqlite-utils PATH")


def _time(command: list[str], expect: set[int], pythonpath: str | None = None) -> float:
    env = dict(ENV) if pythonpath is None else {**ENV, "PYTHONPATH": pythonpath}
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd="/", env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in expect:
        sys.exit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr.decode(errors='replace')}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds (at least 5; default 7)")
    parser.add_argument("--sqlite-utils", dest="sqlite_utils", help="the sqlite-utils executable")
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="the workbook `bulkio validate` reads")
    parser.add_argument("--before", metavar="DIR", help="also time bulkio with PYTHONPATH=DIR (another checkout)")
    parser.add_argument("--as-is", dest="as_is", action="store_true",
                        help="keep the environment's bytecode setting (PYTHONDONTWRITEBYTECODE)")
    args = parser.parse_args()
    if args.repeat < 5:
        parser.error("--repeat: at least 5")
    with tempfile.TemporaryDirectory(prefix="bulkio-startup-pyc-") as cache:
        if not args.as_is:
            ENV.pop("PYTHONDONTWRITEBYTECODE", None)
            ENV["PYTHONPYCACHEPREFIX"] = cache
        _measure(args)


def _measure(args: argparse.Namespace) -> None:
    bulkio, sqlite_utils = _bulkio(), _sqlite_utils(args.sqlite_utils)
    sample = str(args.sample.resolve())
    runs: dict[str, tuple[list[str], set[int], str | None]] = {
        "bulkio --help": ([*bulkio, "--help"], {0}, None),
        "sqlite-utils --help": ([sqlite_utils, "--help"], {0}, None),
        f"bulkio validate {args.sample.name}": ([*bulkio, "validate", sample], {0}, None),
    }
    if args.before:
        runs["before: bulkio --help"] = ([*bulkio, "--help"], {0}, args.before)
        runs[f"before: bulkio validate {args.sample.name}"] = ([*bulkio, "validate", sample], {0}, args.before)
    names = list(runs)
    times: dict[str, list[float]] = {name: [] for name in names}
    print(f"bulkio: {' '.join(bulkio)}   PYTHONPATH={os.environ.get('PYTHONPATH', '')}"
          + (f"   before: PYTHONPATH={args.before}" if args.before else ""))
    print(f"sqlite-utils: {sqlite_utils}")
    print("bytecode: " + ("as the environment has it" if args.as_is else f"cached in {ENV['PYTHONPYCACHEPREFIX']}"))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name in names:  # warm-up: the file cache, the .pyc files
        _time(*runs[name])
    for round_ in range(args.repeat):
        order = names[round_ % len(names):] + names[:round_ % len(names)]
        for name in order:
            times[name].append(_time(*runs[name]))
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"\nmedian of {args.repeat}, wall time of a fresh process")
    width = max(len(name) for name in names)
    for name in names:
        values = times[name]
        print(f"  {name:<{width}}  median {statistics.median(values):.3f} s   min {min(values):.3f} s   "
              f"max {max(values):.3f} s")
    medians = [statistics.median(times[name]) for name in names]
    help_, yardstick, validate = medians[:3]
    print(f"\n  bulkio --help / sqlite-utils --help: {help_ / yardstick:.2f}x  (target <= 1.0x)")
    print(f"  bulkio validate: {validate:.3f} s  (target <= {VALIDATE_TARGET} s; "
          f"{validate / yardstick:.2f}x sqlite-utils --help)")
    if args.before:
        help_before, validate_before = medians[3:]
        print(f"  before: bulkio --help / sqlite-utils --help: {help_before / yardstick:.2f}x; "
              f"bulkio --help {help_before / help_:.2f}x faster, bulkio validate {validate_before / validate:.2f}x")


if __name__ == "__main__":
    main()
