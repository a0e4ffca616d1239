"""Moving around the preview, PreviewApp's side: the active sheet, the detail pane under the cursor, the filters,
the next problem, the problems list and the help.

Mixed into PreviewApp (app.py): its `self` is the app, whose models, panes and status line it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static, TabbedContent

from bulkio.i18n import t
from bulkio.tui.grid import SheetGrid
from bulkio.tui.model import RowFilter, issues_by_rule
from bulkio.tui.screens import CellRef, HelpScreen, IssuesScreen

if TYPE_CHECKING:
    from bulkio.session import ImportSession
    from bulkio.tui.model import SheetModel
    from bulkio.tui.sheet_pane import SheetPane


class NavigationActions:
    """The keys that look without changing anything: e, m, n / N, i, [ ], ? (the grid moves its own cursor)."""

    session: ImportSession
    models: list[SheetModel]
    panes: dict[str, SheetPane]

    @property
    def active_pane(self) -> SheetPane | None:
        tabs = self.query_one("#sheets", TabbedContent)
        active = tabs.active
        if not active.startswith("sheet-"):
            return None
        index = int(active.removeprefix("sheet-"))
        return self.panes.get(self.models[index].name) if index < len(self.models) else None

    def on_sheet_grid_cursor_moved(self, message: SheetGrid.CursorMoved) -> None:
        if self.active_pane is not None and message.grid is self.active_pane.grid:
            self._update_detail()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = self.active_pane
        if pane is not None:
            pane.grid.focus()
        self._update_detail()

    def _update_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        pane = self.active_pane
        if pane is None:
            detail.update("")
            return
        pos = pane.grid.cursor_position
        if pos is None:
            detail.update(Text(t("tui.detail.no_rows"), style="dim"))
            return
        styles = {"title": "bold", "error": "red", "warning": "yellow", "plan": "cyan", "change": "yellow",
                  "done": "green"}
        text = Text()
        for style, line in pane.model.describe(pos, pane.grid.cursor_key):
            if text:
                text.append("\n")
            text.append(line, style=styles.get(style, ""))
        detail.update(text)

    def action_filter(self, which: str) -> None:
        pane = self.active_pane
        if pane is None:
            return
        wanted = RowFilter(which)
        pane.set_filter(RowFilter.ALL if pane.model.filter is wanted else wanted)
        self._update_detail()

    def action_next_problem(self, direction: int) -> None:
        """The next (or previous) row with a problem, on its first cell in error."""
        pane = self.active_pane
        if pane is None:
            return
        model, grid = pane.model, pane.grid
        problems = model.problem_rows()
        if not problems:
            return
        current = grid.cursor_position if grid.cursor_position is not None else -1
        after = [p for p in problems if (p > current if direction > 0 else p < current)]
        pos = (after[0] if direction > 0 else after[-1]) if after else (problems[0] if direction > 0 else problems[-1])
        if model.filter is RowFilter.CHANGES:
            pane.set_filter(RowFilter.ALL)
        first = next((model.key_of_header(i.column) for i in model.row_issues(pos)), None)
        grid.go_to(pos, first)

    def action_issues(self) -> None:
        problems = self.session.problems  # validation's, and once planned, planning's findings too
        if problems is None:
            return
        self.push_screen(IssuesScreen(issues_by_rule(problems)), self._jump_to)

    def _jump_to(self, ref: CellRef | None) -> None:
        if ref is None:
            return
        for index, model in enumerate(self.models):
            if model.name != ref.sheet:
                continue
            self.query_one("#sheets", TabbedContent).active = f"sheet-{index}"
            pane = self.panes[model.name]
            pos = model.position_of(ref.row) if ref.row is not None else None
            if pos is None:
                return
            if not pane.grid.go_to(pos, model.key_of_header(ref.column)):
                pane.set_filter(RowFilter.ALL)  # the row was filtered out
                pane.grid.go_to(pos, model.key_of_header(ref.column))
            pane.grid.focus()
            self._update_detail()
            return

    def action_sheet(self, step: int) -> None:
        if not self.models:
            return
        tabs = self.query_one("#sheets", TabbedContent)
        index = int(tabs.active.removeprefix("sheet-") or 0) if tabs.active.startswith("sheet-") else 0
        tabs.active = f"sheet-{(index + step) % len(self.models)}"

    def action_help(self) -> None:
        keys = [
            ("↑ ↓ ← →  PgUp PgDn  Home End", t("tui.key.move")),
            ("[ ]", t("tui.key.sheet")),
            ("e", t("tui.key.problems")), ("m", t("tui.key.changes")),
            ("n / N", f"{t('tui.key.next')} / {t('tui.key.previous')}"),
            ("i", t("tui.key.issues")), ("c", t("tui.key.columns")), ("s", t("tui.key.push")),
            ("x", t("tui.key.stop")),
            ("r", t("tui.key.replan")), ("a", t("tui.key.analytics")),
            ("? F1", t("tui.key.help")), ("q", t("tui.key.quit")),
        ]
        self.push_screen(HelpScreen(keys))

