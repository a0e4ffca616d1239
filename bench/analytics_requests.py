"""Request budget of an analytics import: what a first import, a re-import and an export cost.

    python bench/analytics_requests.py                # 10 axes, 200 sections, 40 keys (issue 3's workbook)
    python bench/analytics_requests.py --axes 20 --sections 30 --keys 5

Counts come from the sandbox's `/_sandbox/stats` (every request by route), with a rate limit high enough
not to wait; the time at the production limit (20 requests / 10 s) is derived: requests / 2 per second.
Request counts are deterministic, so one run is the figure (no median needed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bulkio.config import Target
from bulkio.entities import HANDLERS
from bulkio.pipeline import connect
from bulkio.sandbox import EmbeddedSandbox, SandboxConfig
from bulkio.session import run_import
from bulkio.workbook.template import write_sheets
from tests.integration.analytics_data import analytics_rows, write_book


def _counts(box: EmbeddedSandbox) -> tuple[int, int]:
    stats = box.stats()
    total = sum(stats["requests"].values())
    return total, stats["writes"]


def measure(axes: int, sections: int, keys: int) -> dict[str, tuple[int, int]]:
    figures: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory() as tmp, EmbeddedSandbox(SandboxConfig(rate_limit=(100_000, 1.0))) as box:
        folder = Path(tmp)
        source = write_book(folder / "in.xlsx", analytics_rows(axes, sections, keys))
        target = Target(box.api_url, "sandbox-secret", "sandbox-firm-token", 2, sandbox=True)
        box.reset()
        run_import(source, target, folder / "r1.xlsx", journal_dir=folder / "j", enable_analytics=True)
        figures["first import"] = _counts(box)
        before = _counts(box)
        client, _context = connect(target)
        with client:
            snapshot = HANDLERS["axes"].load_snapshot(client, None)
            sheets = [(HANDLERS[k].spec, HANDLERS[k].export_rows(snapshot, "fr"))
                      for k in ("axes", "sections", "repartitions")]
        after_export = _counts(box)
        figures["export (incl. /key/info + /society)"] = (after_export[0] - before[0], after_export[1] - before[1])
        exported = folder / "export.xlsx"
        write_sheets(exported, sheets, "fr")
        run_import(exported, target, folder / "r2.xlsx", journal_dir=folder / "j2")
        after = _counts(box)
        figures["re-import of the export"] = (after[0] - after_export[0], after[1] - after_export[1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--axes", type=int, default=10)
    parser.add_argument("--sections", type=int, default=20, help="sections per axe, ATTENTE included")
    parser.add_argument("--keys", type=int, default=4, help="keys per axe")
    args = parser.parse_args()
    figures = measure(args.axes, args.sections, args.keys)
    print(f"{args.axes} axes, {args.axes * args.sections} sections, {args.axes * args.keys} keys")
    print(f"{'run':<40}{'requests':>10}{'writes':>8}{'at 20/10':>10}")
    for name, (requests, writes) in figures.items():
        print(f"{name:<40}{requests:>10}{writes:>8}{requests / 2:>9.0f}s")


if __name__ == "__main__":
    main()
