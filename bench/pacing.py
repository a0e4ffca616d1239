"""Pacing benchmark: N creates against the sandbox under each rate-limit profile, few 429s, close to the ideal.

    python bench/pacing.py                          # 100 creates, every profile, scaled ten times (20 per 1 s)
    python bench/pacing.py --limit 20/10 --profile docs   # the production limit (~1 min)

Each profile (docs/sandbox.md, "Rate-limit profiles") is scaled by --limit, the documented 20 per 10 s at the
bench's time scale, which is also bulkio's ceiling there (the sandbox tells it). No profile lets bulkio go
faster than its ceiling of L requests per W seconds, and `strict-silent` allows only L/2, so the ideal time of
R requests (the snapshot reads and the creates) is floor((R-1)/A) * W with A the requests the profile allows per
window (L, or L/2): the last window that has to be opened. The time measured runs from
the first request to the last answer (the pacer's own clock): Python's start-up, reading the workbook and
writing the result are left out. The figure quoted is ideal / actual (1.0 is perfect).
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
from bulkio.outcome import Status
from bulkio.sandbox import EmbeddedSandbox, SandboxConfig
from bulkio.sandbox.config import RATE_PROFILES
from bulkio.session import run_import


def measure(count: int, limit: int, window: float, profile: str = "docs") -> dict[str, float | str]:
    config = SandboxConfig(rate_limit=(limit, window), rate_profile=profile)
    with tempfile.TemporaryDirectory() as tmp, EmbeddedSandbox(config) as box:
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
        _validation, runs = run_import(path, target, Path(tmp) / "result.xlsx", journal_dir=Path(tmp) / "j")
        whole = time.monotonic() - started
        stats = box.stats()
    pacer = runs.plan.lanes.all()[0].client.pacer.stats
    assert pacer.first_sent is not None and pacer.last_answer is not None
    elapsed = pacer.last_answer - pacer.first_sent
    requests = sum(stats["requests"].values())
    allowed = max(1, limit // 2) if profile == "strict-silent" else limit  # stricter than the ceiling there
    ideal = math.floor((requests - 1) / allowed) * window
    failed = sum(o.status in (Status.ERROR, Status.NOT_SENT) for o in runs.outcomes.values())
    return {"profile": profile, "requests": requests, "reads": requests - stats["writes"] - stats["rejected_429"],
            "writes": stats["writes"], "rejected_429": stats["rejected_429"], "failed_rows": failed,
            "elapsed_s": round(elapsed, 2), "whole_run_s": round(whole, 2), "ideal_s": ideal,
            "ratio": round(ideal / elapsed, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--limit", default="20/1", help="the documented 20/10 at the bench's time scale")
    parser.add_argument("--profile", action="append", choices=RATE_PROFILES, help="default: every profile")
    args = parser.parse_args()
    limit, window = args.limit.split("/")
    for profile in args.profile or RATE_PROFILES:
        print(measure(args.count, int(limit), float(window), profile), flush=True)


if __name__ == "__main__":
    main()
