"""What planning finds (a reference unknown here and in MyUnisoft) shows in the preview like validation's
problems: on its cell and in the problems list. Planning puts its findings on its own copy of the rows
(plan.planning_view), so the preview reads them from the plan (session.problems), not from the validation."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bulkio.session import ImportSession
from bulkio.tui.app import PreviewApp
from bulkio.tui.screens import IssuesScreen
from tests.conftest import firm_target
from tests.integration.analytics_data import write_book
from tests.tui.support import wait_for

BOOK = {
    "Axes": [["AX01", "Activité", "ATTENTE"]],
    "Sections": [["AX01", "ATTENTE", "Section d'attente", None, "Non", "Oui"],
                 ["FANTOME", "S1", "Section d'un axe inconnu", None, "Non", "Non"]],
}


def test_an_unknown_axe_found_by_planning_is_on_its_cell_and_in_the_problems_list(sandbox: Any, tmp_path: Path
                                                                                   ) -> None:
    session = ImportSession(write_book(tmp_path / "analytique.xlsx", BOOK), firm_target(sandbox, 3))
    app = PreviewApp(session)

    async def drive() -> None:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_for(pilot, lambda: session.plan is not None and not app.planning)
            sections = next(model for model in app.models if model.name == "Sections")
            position = sections.position_of(3)
            assert [issue.code for issue in sections.row_issues(position)] == ["UNKNOWN_AXE"]
            assert session.validation is not None and session.validation.ok  # the file itself is right
            await pilot.press("i")
            await wait_for(pilot, lambda: isinstance(app.screen, IssuesScreen))
            text = "\n".join(str(o.prompt) for o in app.screen.query_one("OptionList")._options)
            assert "UNKNOWN_AXE — 1" in text

    asyncio.run(drive())
    session.close()
