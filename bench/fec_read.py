"""Read a 1,000,000-line FEC: the time, and the memory it takes beyond the interpreter's.

    python bench/fec_read.py                          # 1,000,000 lines, 20,000 customers, median of 3
    python bench/fec_read.py --lines 200000 --repeat 5 --customers 5000
    python bench/fec_read.py --tracemalloc            # and tracemalloc's peak (one more, much slower, run each)

The FEC is written once into a temporary folder (tests/fec_builder.big_fec: tab-separated, ISO-8859-15, entries
of 3 lines: a customer under 411000, a PCG account, VAT). Each figure is measured in a fresh process, imports
done before the clock starts:

    read_fec        bulkio.workbook.fec.read_fec: the line-by-line pass that derives the accounts
    read_workbook   bulkio.workbook.read.read_workbook: the same, then the Comptes sheet it makes read like any
                    sheet (header, cells, SheetTable), what `validate` and `import` start with

Time: wall clock and CPU time of the process (the CPU time is the steadier figure on a shared machine).
Memory: the process's high-water mark (VmHWM), and how much the call added to the imports' mark; with
--tracemalloc, also the peak of Python allocations during the call, in a separate run (tracing slows the pass
down tenfold, so its time is not the one reported).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MODES = ("read_fec", "read_workbook")


def high_water_mb() -> float:
    line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def run_once(mode: str, path: Path, traced: bool) -> dict[str, float]:
    from bulkio.workbook.fec import read_fec

    if mode == "read_workbook":
        from bulkio.workbook.read import read_workbook
    imports_mb = high_water_mb()
    if traced:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    accounts = 0
    if mode == "read_fec":
        accounts = len(read_fec(path).sheet.rows) - 1
    elif mode == "read_workbook":
        accounts = len(read_workbook(path).sheets[0].table)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    traced_mb = tracemalloc.get_traced_memory()[1] / (1 << 20) if traced else 0.0
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": high_water_mb(), "imports_mb": imports_mb,
            "traced_mb": traced_mb, "accounts": accounts}


def measure(mode: str, path: Path, traced: bool = False) -> dict[str, float]:
    args = [sys.executable, __file__, "--child", mode, str(path)] + (["--traced"] if traced else [])
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc", action="store_true", help="also measure tracemalloc's peak (slow)")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_once(args.child[0], Path(args.child[1]), args.traced)))
        return
    from tests.fec_builder import big_fec

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        path = big_fec(Path(tmp) / "123456789FEC20241231.txt", args.lines, customers=args.customers)
        print(f"{args.lines:,} lines, {path.stat().st_size / 1e6:.0f} MB, written in "
              f"{time.perf_counter() - started:.1f} s; median of {args.repeat}", flush=True)
        runs: dict[str, list[dict[str, float]]] = {mode: [measure(mode, path) for _ in range(args.repeat)]
                                                   for mode in MODES}
        keys = ("seconds", "cpu_seconds", "peak_mb", "imports_mb")
        medians = {mode: {key: statistics.median(run[key] for run in found) for key in keys}
                   for mode, found in runs.items()}
        for mode in MODES:
            median = medians[mode]
            traced = f"; tracemalloc peak {measure(mode, path, traced=True)['traced_mb']:.0f} MB" \
                if args.tracemalloc else ""
            print(f"{mode:<14} {median['seconds']:6.2f} s ({median['cpu_seconds']:.2f} s CPU)  "
                  f"{median['peak_mb']:6.0f} MB peak (+{median['peak_mb'] - median['imports_mb']:.0f} MB over its "
                  f"imports{traced}; "
                  f"{int(runs[mode][0]['accounts']):,} accounts)")


if __name__ == "__main__":
    main()
