"""Preview benchmark: opening a 100,000-row Comptes workbook in `bulkio preview` and moving around in it.

    python bench/tui_open.py                  # 100,000 rows against 1,000 rows, median of 3 (~1 min)
    python bench/tui_open.py --rows 20000 --repeat 5 --bad-every 50

Headless, with Textual's pilot (`app.run_test(size=(120, 40))`), no target (validation only, no network), on
real .xlsx files written with openpyxl (write_only) into a temporary directory: 14 Comptes columns, valid
values (--bad-every K makes every K-th email invalid, so that the problems filter has rows to show). Per file:

    mounted       PreviewApp(ImportSession(path, None)) created -> app mounted, status line on the reading spinner
    first screen  the same start -> the grid mounted with the sheet's first rows (workbook/first_rows.py), read-only
                  under "lecture en cours" while the whole sheet is read (timed to the end of
                  PreviewApp._show_first_rows; "rows" when the first rows cannot be read apart); the target is
                  0.5 s at 100,000 rows
    rows          the same start -> the SheetGrid mounted with all the rows as read, validation still running
                  (timed to the end of PreviewApp._show_rows): the moment the whole sheet can be scrolled
    checked       the same start -> the rows marked with their problems, tabs counting them (timed to the end
                  of PreviewApp._show_sheets); both polled with pilot.pause(0.05), too coarse to time alone
    read+valid    bulkio.load.load_and_validate(path) alone, in the same process: the stages the app runs
                  in its worker thread
    tui own       checked - read+valid: what the preview adds; it should not grow with the row count, so the
                  ratio at N rows / 1,000 rows is printed (1.0 is flat, the row count ratio is linear)
    breakdown     in the app: read and validate (in its worker thread, sharing the GIL with the event loop),
                  show rows (models built and the tabs and grid mounted) and show problems (the validation
                  attached and drawn); "tui own, in app" is checked - the app's own read and validate
    end, pageup, e   one key each through the pilot on the focused grid (last row, a page up, the problems
                  filter); pilot.press waits until the app is idle in 20 ms steps, so "idle key" (an unbound
                  key) is the floor; "redraw" is every line of the grid drawn once, called directly
    peak RSS      the high-water mark (VmHWM; ru_maxrss off Linux) of a fresh process that opens the file once
                  in the preview, and of one that only runs load_and_validate: the difference is what the
                  preview adds to the memory the read needs at its peak (ru_maxrss is not used on Linux: a
                  child started by this process inherits this process's figure across exec)

One untimed warm-up (a 10-row file) pays the one-off costs (imports, Textual's CSS, pandera's schemas) so that
the first repeat is like the others. The load average is printed: the figures assume an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl

from bulkio.load import load_and_validate
from bulkio.session import ImportSession
from bulkio.tui.app import PreviewApp
from bulkio.tui.model import RowFilter, SheetModel
from bulkio.validate import Validation
from bulkio.workbook.read import WorkbookData

HEADERS = ["N° de compte", "Libellé", "Fournisseur", "Intracommunautaire", "Raison sociale", "Adresse",
           "Code postal", "Ville", "Email", "Téléphone", "Analytique", "DAS2", "Exonéré", "Pays"]
SIZE = (120, 40)
POLL_S = 0.05
TIMEOUT_S = 300.0
KEYS = (("end", "end"), ("pageup", "pageup"), ("e", "e (filter)"), ("z", "idle key"))
ROWS = ("mounted", "first screen", "rows", "checked", "read+valid", "tui own", "  app: read", "  app: show rows",
        "  app: validate", "  app: show problems", "tui own, in app", *(name for _key, name in KEYS), "redraw (ms)")


def account(i: int) -> str:
    """Suppliers 401xxxxxxx on even rows, 6-digit expense accounts 6xxxxx on odd rows: all distinct."""
    if i % 2 == 0:
        return f"401{i:07d}"
    half = i // 2
    return f"6{half:05d}" if half < 100_000 else f"6{half:07d}"  # past 200,000 rows: 8 digits, still distinct


def write_comptes(path: Path, rows: int, bad_every: int = 0) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Comptes")
    sheet.append(HEADERS)
    for i in range(rows):
        yes = "Oui" if i % 3 == 0 else "Non"
        email = f"contact{i}.exemple.fr" if bad_every and i % bad_every == bad_every - 1 else f"contact{i}@exemple.fr"
        sheet.append([account(i), f"TIERS {i}", yes, "Non", f"SOCIETE {i} SARL", f"{i % 200 + 1} RUE DE LA PAIX",
                      f"{75001 + i % 20:05d}", "PARIS", email, f"01{i % 100_000_000:08d}", "Non", yes, "Non",
                      "FRANCE"])
    book.save(path)
    return path


class TimedSession(ImportSession):
    """The session as is, with its read and validate timed (they run in the app's worker thread)."""

    read_s = validate_s = 0.0
    read_at = 0.0

    def read(self) -> WorkbookData:
        before = time.perf_counter()
        workbook = super().read()
        self.read_at = time.perf_counter()
        self.read_s = self.read_at - before
        return workbook

    def validate(self) -> Validation:
        before = time.perf_counter()
        validation = super().validate()
        self.validate_s = time.perf_counter() - before
        return validation


assert all(hasattr(PreviewApp, name) for name in ("_show_first_rows", "_show_rows", "_show_sheets")), \
    "PreviewApp changed: TimedApp below must hook its new methods"


class TimedApp(PreviewApp):
    """The preview as is, with the moments its sheets reach the event loop and are on screen noted."""

    first_at: float | None = None
    rows_at: float | None = None
    show_from: float | None = None
    shown_at: float | None = None

    async def _show_first_rows(self, models: list[SheetModel]) -> None:
        await super()._show_first_rows(models)
        self.first_at = time.perf_counter()

    async def _show_rows(self, models: list[SheetModel]) -> None:
        await super()._show_rows(models)
        self.rows_at = time.perf_counter()

    async def _show_sheets(self, validation: Validation) -> None:
        self.show_from = time.perf_counter()
        await super()._show_sheets(validation)
        self.shown_at = time.perf_counter()


def _status_text(app: PreviewApp) -> str:
    return str(app.query_one("#status").render())


async def open_and_move(path: Path, rows: int) -> dict[str, float]:
    started = time.perf_counter()
    session = TimedSession(path, None)
    app = TimedApp(session)
    figures: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        figures["mounted"] = time.perf_counter() - started
        figures["spinner"] = float(any(word in _status_text(app) for word in ("Lecture", "Reading")))
        while not (app.models and app.panes and all(p.grid.is_mounted for p in app.panes.values())
                   and app.shown_at is not None):
            if app.fatal_message:
                raise RuntimeError(app.fatal_message)
            if time.perf_counter() - started > TIMEOUT_S:
                raise TimeoutError(f"no grid after {TIMEOUT_S:.0f} s")
            await pilot.pause(POLL_S)
        assert app.shown_at is not None and app.show_from is not None and app.rows_at is not None
        figures["first screen"] = (app.first_at if app.first_at is not None else app.rows_at) - started
        figures["rows"] = app.rows_at - started
        figures["checked"] = app.shown_at - started
        figures["  app: read"] = session.read_s
        figures["  app: show rows"] = app.rows_at - session.read_at
        figures["  app: validate"] = session.validate_s
        figures["  app: show problems"] = app.shown_at - app.show_from
        pane = app.active_pane
        assert pane is not None and pane.model.row_count == rows, (pane and pane.model.row_count, rows)
        grid = pane.grid
        await pilot.pause()  # the first paint: the keys below start from an idle app
        await pilot.press("z")  # the first key after the load often waits 0.3 s for the app to settle: untimed
        for key, name in KEYS:
            before = time.perf_counter()
            await pilot.press(key)
            figures[name] = time.perf_counter() - before
            if key == "end":
                assert grid.cursor_position == rows - 1, grid.cursor_position
                before = time.perf_counter()
                for y in range(grid.size.height):
                    grid.render_line(y)
                figures["redraw (ms)"] = (time.perf_counter() - before) * 1000
        assert pane.model.filter is RowFilter.PROBLEMS
    return figures


def measure(path: Path, rows: int, repeat: int) -> dict[str, float]:
    runs: list[dict[str, float]] = []
    for _ in range(repeat):
        gc.collect()  # Textual's reference cycles from the previous run: not on this run's clock
        before = time.perf_counter()
        load_and_validate(path)
        read = time.perf_counter() - before
        figures = asyncio.run(open_and_move(path, rows))
        figures["read+valid"] = read
        figures["tui own"] = figures["checked"] - read
        figures["tui own, in app"] = figures["checked"] - figures["  app: read"] - figures["  app: validate"]
        runs.append(figures)
    medians = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    medians["spinner"] = min(run["spinner"] for run in runs)  # 1.0: the status line said so in every run
    for what in ("preview", "read+valid"):
        done = subprocess.run([sys.executable, __file__, "--peak-rss", what, str(path), "--rows", str(rows)],
                              capture_output=True, text=True, check=True)
        medians[f"peak RSS MB, {what}"] = float(done.stdout)
    return medians


def peak_rss(what: str, path: Path, rows: int) -> float:
    """In a fresh process: the high-water mark of one preview (or one read+validate) of the file, in MB."""
    if what == "preview":
        asyncio.run(open_and_move(path, rows))
    else:
        load_and_validate(path)
    status = Path("/proc/self/status")
    if status.exists():
        line = next(line for line in status.read_text().splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, kB elsewhere


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000, help="the row count it is compared with")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bad-every", type=int, default=0, help="every K-th row has an invalid email (0: none)")
    parser.add_argument("--peak-rss", nargs=2, metavar=("preview|read+valid", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak_rss:
        print(peak_rss(args.peak_rss[0], Path(args.peak_rss[1]), args.rows))
        return
    results: dict[int, dict[str, float]] = {}
    print("load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        asyncio.run(open_and_move(write_comptes(folder / "warmup.xlsx", 10), 10))
        for rows in (args.small, args.rows):
            before = time.perf_counter()
            path = write_comptes(folder / f"comptes_{rows}.xlsx", rows, args.bad_every)
            print(f"{rows:>9,} rows written in {time.perf_counter() - before:4.1f} s "
                  f"({path.stat().st_size / 1e6:.1f} MB)", flush=True)
            results[rows] = measure(path, rows, args.repeat)
    sizes = list(results)
    print(f"\n{f'median of {args.repeat}, in s':<24}" + "".join(f"{rows:>12,}" for rows in sizes))
    for name in ROWS:
        print(f"{name:<24}" + "".join(f"{results[rows][name]:>12.3f}" for rows in sizes))
    for what in ("preview", "read+valid"):
        name = f"peak RSS MB, {what}"
        print(f"{name:<24}" + "".join(f"{results[rows][name]:>12.0f}" for rows in sizes))
    print(f"{'spinner when mounted':<24}" + "".join(f"{'yes' if results[rows]['spinner'] else 'no':>12}"
                                                   for rows in sizes))
    print()
    for name in ("tui own", "tui own, in app"):
        small, large = results[args.small][name], results[args.rows][name]
        print(f"{name} at {args.rows:,} / {args.small:,} rows: {large / small:.2f}x "
              f"(for {args.rows / args.small:.0f}x the rows)")
    print("load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
