"""Requests per unchanged row on re-import: what importing again a workbook MyUnisoft already holds costs.

    python bench/reimport.py                    # 2,000 accounts + 10 axes/200 sections/40 keys + associates
    python bench/reimport.py --accounts 10000

Every sheet kind (Comptes, Axes, Sections, Répartitions, Capital, Associés PP, Associés PM) for dossier 2
of a fresh sandbox, from the integration tests' builders, imported once, then imported again. The second
import must write nothing: its requests are only the reads that build the snapshots (a few per dossier, and
per analytic axis; none per account), so writes per unchanged row are 0 and requests per unchanged row fall
towards 0 as the rows grow. Counts come from the sandbox's statistics; they are deterministic (one run).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl

from bulkio.config import Target
from bulkio.outcome import Status
from bulkio.sandbox import FIRM_TOKEN, SECRET, EmbeddedSandbox, SandboxConfig
from bulkio.session import run_import
from tests.integration import analytics_data, associates_data


def write_workbook(path: Path, accounts: int) -> Path:
    """Every sheet kind for dossier 2: accounts, analytics, then capital and associates (with their accounts)."""
    associates = dict(associates_data.BOOKS[2])
    comptes = [[f"401{i:06d}", f"FOURNISSEUR {i}", "Oui", "LYON"] for i in range(accounts)]
    comptes += [[number, label, None, None] for number, label in associates.pop("Comptes")]
    headers = {**analytics_data.HEADERS, **associates_data.HEADERS,
               "Comptes": ["N° de compte", "Libellé", "Fournisseur", "Ville"]}
    analytics_data.write_book(path, {"Comptes": comptes, **analytics_data.analytics_rows(), **associates}, headers)
    return path


def one_import(box: EmbeddedSandbox, path: Path, folder: Path, name: str) -> dict[str, int]:
    before = box.stats()
    target = Target(box.api_url, SECRET, FIRM_TOKEN, 2, sandbox=True)
    _validation, runs = run_import(path, target, folder / f"{name}.xlsx", journal_dir=folder / f"j-{name}",
                                   enable_analytics=True)
    after = box.stats()
    rows = len(runs.outcomes)
    unchanged = sum(1 for outcome in runs.outcomes.values() if outcome.status is Status.UNCHANGED)
    requests = sum(after["requests"].values()) - sum(before["requests"].values())
    return {"rows": rows, "unchanged": unchanged, "requests": requests, "writes": after["writes"] - before["writes"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, EmbeddedSandbox(SandboxConfig(rate_limit=(100_000, 1.0))) as box:
        folder = Path(tmp)
        box.reset(empty=True)
        path = write_workbook(folder / "all.xlsx", args.accounts)
        sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
        first = one_import(box, path, folder, "first")
        again = one_import(box, path, folder, "again")
    print(f"sheets: {', '.join(sheets)}")
    print(f"{'run':<12}{'rows':>8}{'unchanged':>11}{'requests':>10}{'writes':>8}")
    for name, figures in (("first", first), ("re-import", again)):
        print(f"{name:<12}{figures['rows']:>8}{figures['unchanged']:>11}{figures['requests']:>10}"
              f"{figures['writes']:>8}")
    print(f"re-import: {again['writes'] / again['rows']:.3f} writes and {again['requests'] / again['rows']:.4f} "
          f"requests per unchanged row ({again['requests']} reads for {again['rows']} rows)")


if __name__ == "__main__":
    main()
