"""Snapshots of the preview's main screens at 80×24 (pytest-textual-snapshot; `--snapshot-update` to accept).

What changes from run to run is kept off the screen: the result path is relative to a chdir'd directory, the
cursor sits on rows without a MyUnisoft id, and the push-in-progress figures are fixed (the pilot tests cover a
real push; this one is about how progress looks).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action
from bulkio.push import Progress
from bulkio.session import ImportOptions, ImportSession, PushFigures
from bulkio.tui.app import PreviewApp
from bulkio.tui.grid import SheetGrid
from bulkio.tui.screens import ConfirmScreen, SummaryScreen
from tests.conftest import firm_target
from tests.tui.support import preview_book, wait_for


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return preview_book(Path("comptes.xlsx"))


def test_errors_filtered_with_the_message_of_the_cell(snap_compare, book: Path) -> None:
    app = PreviewApp(ImportSession(book, None))

    async def run_before(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.loaded)
        await pilot.press("e", "home", "right")

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


def test_plan_with_an_update_old_to_new(snap_compare, sandbox, book: Path) -> None:
    app = PreviewApp(ImportSession(book, firm_target(sandbox, society_id=1)))

    async def run_before(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.session.plan is not None and not app.planning)
        app.query_one(SheetGrid).go_to(0, "label")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


def test_push_in_progress(snap_compare, sandbox, book: Path) -> None:
    app = PreviewApp(ImportSession(book, firm_target(sandbox, society_id=1)))

    async def run_before(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.session.plan is not None and not app.planning)
        plan = app.session.plan
        writes = [row for row in plan.rows if row.writes]
        # Two of the three writes done, as the push thread would report them.
        app.pushing = True
        app.query_one("#push").add_class("active")
        app.refresh_bindings()
        for done, row in enumerate(writes[:2], start=1):
            status = Status.UPDATED if row.action is Action.UPDATE else Status.CREATED
            app._show_progress(Progress(done, len(writes), 0, row, RowOutcome(status)),
                               PushFigures(done, len(writes), 0, rate=1.9, ceiling=2.0, eta_s=0.5))
        app._draw_progress()  # the second report may wait for the redraw timer: draw it now
        app._say("Envoi")
        app.query_one(SheetGrid).go_to(3)
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


def test_summary_after_a_push(snap_compare, sandbox, book: Path) -> None:
    options = ImportOptions(result_path=Path("resultat.xlsx"))
    app = PreviewApp(ImportSession(book, firm_target(sandbox, society_id=1), options))

    async def run_before(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: app.session.plan is not None and not app.planning)
        app.query_one(SheetGrid).go_to(3)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))
