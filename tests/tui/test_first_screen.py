"""The preview shows the sheet's first rows before the whole sheet is read, then the whole sheet in their place."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from bulkio.config import Target
from bulkio.session import ImportOptions, ImportSession
from bulkio.tui.app import PreviewApp
from bulkio.tui.grid import SheetGrid
from bulkio.tui.model import RowFilter, RowState
from bulkio.workbook.read import WorkbookData
from tests.conftest import write_xlsx
from tests.tui.support import grid_text, shown, wait_for

ROWS = 3_000
BAD_ROW = 2_500  # an invalid account far below the first screen: only the full read and validation find it


class HeldSession(ImportSession):
    """The full read waits until the test releases it: what is on screen before that came from the first rows."""

    def __init__(self, path: Path, target: Target | None, release: threading.Event,
                 options: ImportOptions | None = None) -> None:
        super().__init__(path, target, options)
        self.release = release
        self.reads = 0

    def read(self) -> WorkbookData:
        self.release.wait(60)
        self.reads += 1
        return super().read()


def comptes(path: Path) -> Path:
    rows = [[f"401{i:05d}" if i != BAD_ROW else "AB411", f"Tiers {i}", "Oui" if i % 2 else "Non"] for i in range(ROWS)]
    return write_xlsx(path, "Comptes", ["N° de compte", "Libellé", "DAS2"], rows, header_row=2, title="Plan des tiers")


def test_the_first_rows_then_the_whole_validated_sheet(tmp_path: Path) -> None:
    release = threading.Event()
    session = HeldSession(comptes(tmp_path / "comptes.xlsx"), None, release)
    app = PreviewApp(session)

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            try:
                await wait_for(pilot, lambda: any(grid.size.height > 0 for grid in app.query(SheetGrid)))
                await pilot.pause()
                assert session.reads == 0 and app.first_screen and not app.loaded
                grid = app.query_one(SheetGrid)
                first = grid.model
                assert 0 < first.row_count < ROWS and first.excel_rows[:2] == [3, 4]
                text = grid_text(grid)
                assert "40100016" in text and "Tiers 1 " in text and "Tiers 16" in text
                assert first.state(0) is RowState.CHECKING
                assert "lecture en cours" in shown(app, ".counts")
                assert "Lecture en cours de comptes.xlsx" in shown(app, "#status")
                assert "Comptes …" in app.query_one("#sheets").get_tab("sheet-0").label.plain
                await pilot.press("down", "down", "right")  # the grid moves ...
                await pilot.press("e")  # ... but the problems filter waits for the whole sheet
                assert first.filter is RowFilter.ALL and grid.cursor_position == 2
            finally:
                release.set()
            await wait_for(pilot, lambda: app.loaded)
            grid = app.query_one(SheetGrid)
            model = grid.model
            assert model is not first and model.row_count == ROWS and model.validated and not app.first_screen
            assert [model.text(pos, "label") for pos in range(first.row_count)] == \
                [first.text(pos, "label") for pos in range(first.row_count)]
            assert grid.cursor_position == 2 and grid.cursor_key == "label"  # where the person left it
            assert model.state(model.position_of(BAD_ROW + 3)) is RowState.INVALID
            tab = app.query_one("#sheets").get_tab("sheet-0").label.plain
            assert f"Comptes {ROWS}" in tab and "✗1" in tab
            assert "lecture en cours" not in shown(app, ".counts")
            await pilot.press("e")
            assert model.filter is RowFilter.PROBLEMS

    asyncio.run(drive())


def test_without_first_rows_the_screen_waits_for_the_full_read(tmp_path: Path) -> None:
    """--map (here, an empty one) is among what the first rows cannot promise: nothing before the full read."""
    from bulkio.workbook.source_options import SourceOptions

    release = threading.Event()
    session = HeldSession(comptes(tmp_path / "comptes.xlsx"), None, release, ImportOptions(source=SourceOptions()))
    app = PreviewApp(session)

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.5)
            assert not app.panes and not app.first_screen
            release.set()
            await wait_for(pilot, lambda: app.loaded)
            assert app.query_one(SheetGrid).model.row_count == ROWS

    asyncio.run(drive())
