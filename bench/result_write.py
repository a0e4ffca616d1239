"""Writing the result workbook of a 100,000-row Comptes import: patching the input's XML against openpyxl.

    python bench/result_write.py                  # 100,000 rows, the patch median of 3, openpyxl once (~1 min)
    python bench/result_write.py --rows 20000 --repeat 5

The input is the preview bench's workbook (14 Comptes columns); the outcomes are those of a real run's
shape: most rows created, one in 50 refused (its row painted red), one in 100 not sent. Figures:

    patch       bulkio.workbook.result.write_result as it runs: the sheet XML patched, other parts copied
    openpyxl    write_result(..., patch=False): load the workbook with openpyxl, set the cells, save it
                (what every result took before; still used for a result workbook imported again)

The ratio quoted is openpyxl / patch. Both results are read back: the same status on every row.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import python_calamine
from tui_open import write_comptes

from bulkio.outcome import RowOutcome, Status
from bulkio.workbook.read import WorkbookData, read_workbook
from bulkio.workbook.result import RunSummary, write_result

SUMMARY = RunSummary("sandbox http://127.0.0.1 — dossier 2", datetime.now(), datetime.now(), "bench", "import")


def outcomes_for(data: WorkbookData) -> dict[tuple[str, int], RowOutcome]:
    found = {}
    for sheet in data.sheets:
        for n, row in enumerate(sheet.table.rows):
            if n % 100 == 99:
                continue  # not sent
            if n % 50 == 49:
                found[(sheet.name, row)] = RowOutcome(Status.ERROR, "Compte refusé par MyUnisoft", "ERR-X",
                                                      request_id=f"req-{n}")
            else:
                found[(sheet.name, row)] = RowOutcome(Status.CREATED, remote_id=str(100_000 + n),
                                                      request_id=f"req-{n}")
    return found


def timed(data: WorkbookData, outcomes: dict[tuple[str, int], RowOutcome], out: Path, patch: bool) -> float:
    started = time.perf_counter()
    write_result(data, outcomes, SUMMARY, out, patch=patch)
    return time.perf_counter() - started


def statuses(path: Path) -> list[str]:
    grid = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Comptes").to_python()
    column = grid[0].index("Statut")
    return [str(row[column]) for row in grid[1:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = write_comptes(folder / "comptes.xlsx", args.rows)
        data = read_workbook(source)
        outcomes = outcomes_for(data)
        patched = [timed(data, outcomes, folder / "patched.xlsx", True) for _ in range(args.repeat)]
        reference = timed(data, outcomes, folder / "openpyxl.xlsx", False)
        assert statuses(folder / "patched.xlsx") == statuses(folder / "openpyxl.xlsx"), "the two results differ"
        patch_s = statistics.median(patched)
        print(f"{args.rows:,} rows: patch {patch_s:.2f} s (median of {args.repeat}), openpyxl {reference:.2f} s "
              f"(one run): {reference / patch_s:.1f}x faster; "
              f"{(folder / 'patched.xlsx').stat().st_size / 1e6:.1f} MB against "
              f"{(folder / 'openpyxl.xlsx').stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
