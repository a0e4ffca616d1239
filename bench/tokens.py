"""Several tokens benchmark: four dossiers imported with four society tokens against one firm token.

    python bench/tokens.py                     # 4 dossiers x 40 accounts, limit 20/1 (scaled), median of 3
    python bench/tokens.py --accounts 60 --limit 20/2 --repeat 5

The API's budget is per token (20 requests per 10 s). A firm token reaches every dossier, so the four
dossiers share its budget and go one after the other; a tokens file (--tokens) gives each dossier its own
society token, budget and lane, and `concurrency` lanes run at once. The sandbox runs its production rate
limit scaled in time (20 per 1 s by default: ten times faster, same shape), from a fresh empty state each run.

Figures per mode: the whole import (read, route, plan, push, result workbook) in seconds, the requests the
sandbox served, and the 429s it sent (the pacers must make that zero). The figure quoted is the ratio of
the medians, one token / four tokens (4.0 would be perfect: the same work on four budgets).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl

from bulkio.config import Target
from bulkio.outcome import Status
from bulkio.sandbox import FIRM_TOKEN, SECRET, EmbeddedSandbox, SandboxConfig, society_token
from bulkio.session import run_import
from bulkio.tokens import load_tokens

DOSSIERS = (5, 6, 7, 8)


def write_book(path: Path, accounts: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Comptes"
    sheet.append(["Dossier", "N° de compte", "Libellé"])
    for i in range(accounts):  # interleaved, as a firm's workbook would be sorted by account
        for dossier in DOSSIERS:
            sheet.append([str(dossier), f"401T{i:05d}", f"FOURNISSEUR {dossier}-{i}"])
    book.save(path)
    return path


def write_tokens(path: Path, concurrency: int) -> Path:
    lines = [f"concurrency = {concurrency}", "[tokens]", *(f'{d} = "{society_token(d)}"' for d in DOSSIERS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def one_run(box: EmbeddedSandbox, folder: Path, book: Path, four_tokens: bool) -> dict[str, float]:
    box.reset(empty=True)
    tokens = load_tokens(write_tokens(folder / "tokens.toml", len(DOSSIERS))) if four_tokens else None
    target = Target(box.api_url, SECRET, FIRM_TOKEN, None, sandbox=True)
    journals = folder / f"journals-{time.monotonic_ns()}"
    started = time.monotonic()
    _validation, runs = run_import(book, target, folder / "result.xlsx", journal_dir=journals, tokens=tokens)
    seconds = time.monotonic() - started
    stats = box.stats()
    created = sum(1 for outcome in runs.outcomes.values() if outcome.status is Status.CREATED)
    assert created == len(runs.outcomes), "every row must be created"
    return {"seconds": seconds, "requests": float(sum(stats["requests"].values())),
            "429s": float(stats["rejected_429"]), "writes": float(stats["writes"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=40, help="accounts per dossier")
    parser.add_argument("--limit", default="20/1", help="the sandbox's rate limit, requests/seconds per token")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    count, seconds = args.limit.split("/")
    limit = (int(count), float(seconds))
    print("load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    results: dict[str, list[dict[str, float]]] = {"1 firm token": [], "4 society tokens": []}
    with tempfile.TemporaryDirectory() as tmp, EmbeddedSandbox(SandboxConfig(rate_limit=limit)) as box:
        folder = Path(tmp)
        book = write_book(folder / "cabinet.xlsx", args.accounts)
        for _ in range(args.repeat):
            for mode, runs in results.items():
                runs.append(one_run(box, folder, book, mode.startswith("4")))
                last = runs[-1]
                print(f"  {mode:<18} {last['seconds']:6.2f} s  {last['requests']:5.0f} requests  "
                      f"{last['writes']:4.0f} writes  {last['429s']:.0f} x 429", flush=True)
    print(f"\n{len(DOSSIERS)} dossiers x {args.accounts} accounts, limit {args.limit} per token, "
          f"median of {args.repeat}")
    medians = {mode: statistics.median(r["seconds"] for r in runs) for mode, runs in results.items()}
    for mode, runs in results.items():
        print(f"{mode:<18} {medians[mode]:6.2f} s   429s in all runs: {sum(r['429s'] for r in runs):.0f}")
    ratio = medians["1 firm token"] / medians["4 society tokens"]
    print(f"speed-up with four tokens: {ratio:.2f}x (4.00 would be perfect)")


if __name__ == "__main__":
    main()
