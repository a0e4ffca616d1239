"""Read + validate a 100,000-row Comptes workbook, against a plain pandas.read_excel of the same file.

    python bench/read_validate.py                 # 100,000 rows x 14 columns, median of 3 (~2 min)
    python bench/read_validate.py --rows 20000 --repeat 5

Each figure is measured in a fresh process (the time of the call, imports done before; the peak memory,
VmHWM, of the whole process, the same imports in each), so one run's memory does not hide another's:

    bulkio          bulkio.load.load_and_validate: read every sheet (calamine), recognise the headers,
                    normalise the cells, then pandera and the kind, row and cross-row rules
    pandas          pandas.read_excel(path, dtype=str): the baseline a data engineer would write (openpyxl,
                    the default engine), reading only, no validation
    pandas+calamine pandas.read_excel(path, dtype=str, engine="calamine"): the same with the fast reader

The ratio quoted is pandas / bulkio: how many times faster bulkio reads *and* validates than pandas reads.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MODES = ("bulkio", "pandas", "pandas+calamine")


def run_once(mode: str, path: Path) -> dict[str, float]:
    """In this (fresh) process: the time of one read (imports done before), and the memory high-water mark."""
    import pandas as pd
    import pandera.pandas  # noqa: F401  (imported by the first large sheet's text rules: an import, not the call)

    from bulkio.load import load_and_validate

    started = time.perf_counter()
    if mode == "bulkio":
        validation = load_and_validate(path)
        rows = sum(len(sheet.rows) for sheet in validation.sheets)
    else:
        engine = "calamine" if mode == "pandas+calamine" else None
        frame = pd.read_excel(path, sheet_name="Comptes", dtype=str, engine=engine)
        rows = len(frame)
    seconds = time.perf_counter() - started
    line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:"))
    return {"seconds": seconds, "peak_mb": int(line.split()[1]) / 1024, "rows": rows}


def measure(mode: str, path: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(path)], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_once(args.child[0], Path(args.child[1]))))
        return
    from tui_open import write_comptes  # the preview bench's workbook: 14 Comptes columns, all valid

    with tempfile.TemporaryDirectory() as tmp:
        path = write_comptes(Path(tmp) / "comptes.xlsx", args.rows)
        print(f"{args.rows:,} rows x 14 columns, {path.stat().st_size / 1e6:.1f} MB, median of {args.repeat}",
              flush=True)
        results: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
        for _ in range(args.repeat):
            for mode in MODES:
                results[mode].append(measure(mode, path))
        medians = {mode: {key: statistics.median(run[key] for run in runs) for key in ("seconds", "peak_mb")}
                   for mode, runs in results.items()}
        for mode in MODES:
            print(f"{mode:<16} {medians[mode]['seconds']:7.2f} s  {medians[mode]['peak_mb']:7.0f} MB peak "
                  f"({int(results[mode][0]['rows']):,} rows)")
        bulkio = medians["bulkio"]
        for baseline in ("pandas", "pandas+calamine"):
            print(f"{baseline} / bulkio: time {medians[baseline]['seconds'] / bulkio['seconds']:.2f}x, "
                  f"peak memory {medians[baseline]['peak_mb'] / bulkio['peak_mb']:.2f}x")


if __name__ == "__main__":
    main()
