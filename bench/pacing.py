"""Pacing benchmark: N creates against the sandbox at its rate limit, zero 429s, close to the ideal time.

    python bench/pacing.py                 # 100 creates at the production limit, 20 requests / 10 s (~1 min)
    python bench/pacing.py --limit 20/1    # the same, scaled in time

The ideal time of a run of R requests under L requests per W-second fixed windows is floor((R-1)/L) * W:
the last window that has to be opened. The figure quoted is ideal / actual (1.0 is perfect).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl

from bulkio.config import Target
from bulkio.pipeline import run_import
from bulkio.sandbox import EmbeddedSandbox, SandboxConfig


def measure(count: int, limit: int, window: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, EmbeddedSandbox(SandboxConfig(rate_limit=(limit, window))) as box:
        path = Path(tmp) / "creates.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Comptes"
        sheet.append(["N° de compte", "Libellé"])
        for i in range(count):
            sheet.append([f"401B{i:05d}", f"FOURNISSEUR {i}"])
        book.save(path)
        target = Target(box.api_url, "sandbox-secret", "sandbox-firm-token", 2, sandbox=True)
        started = time.monotonic()
        run_import(path, target, Path(tmp) / "result.xlsx", journal_dir=Path(tmp) / "j")
        stats = box.stats()
        # The run's own requests end when the push ends; the result workbook is written after.
        elapsed = time.monotonic() - started
    requests = sum(stats["requests"].values())
    ideal = math.floor((requests - 1) / limit) * window
    return {"requests": requests, "writes": stats["writes"], "rejected_429": stats["rejected_429"],
            "elapsed_s": round(elapsed, 2), "ideal_s": ideal, "ratio": round(ideal / elapsed, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--limit", default="20/10")
    args = parser.parse_args()
    limit, window = args.limit.split("/")
    print(measure(args.count, int(limit), float(window)))


if __name__ == "__main__":
    main()
