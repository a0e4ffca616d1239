"""Helpers for driving the preview: a workbook with problems and changes, waiting, reading what is shown."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console, RenderableType
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from tests.conftest import write_xlsx

HEADERS = ["N° de compte", "Libellé", "DAS2"]
# For dossier 1 (the PCG): one update, one unchanged row, two creates and two invalid rows.
ROWS = [
    ["401000", "FOURNISSEURS FRANCE", None],  # 2: update (the PCG label is "Fournisseurs")
    ["411000", "Clients", None],  # 3: unchanged
    ["401DUPONT", "Dupont SARL", "Oui"],  # 4: create
    ["AB411", "Numéro invalide", None],  # 5: COMPTE6
    ["401MARTIN", "Martin et fils", None],  # 6: create
    ["401ZETA", "Oui/Non illisible", "Peut-être"],  # 7: BAD_BOOL
]
INVALID_ROWS = {5, 7}


def preview_book(path: Path) -> Path:
    return write_xlsx(path, "Comptes", HEADERS, ROWS)


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the preview did not get there in time")
        await pilot.pause(0.05)


def text_of(content: object) -> str:
    if isinstance(content, str):
        return Text.from_markup(content).plain
    if isinstance(content, Text):
        return content.plain
    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(content if isinstance(content, RenderableType) else str(content))
    return console.export_text()


def shown(app: App, selector: str) -> str:
    return text_of(app.query_one(selector, Static).content)


def screen_text(app: App) -> str:
    """Every Static of the active screen, as plain text."""
    return "\n".join(text_of(widget.content) for widget in app.screen.query(Static))


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await asyncio.sleep(0)


def grid_text(grid: Widget) -> str:
    """The lines the grid draws, as plain text."""
    return "\n".join(grid.render_line(y).text for y in range(grid.size.height))
