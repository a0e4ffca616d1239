"""One sheet of the preview: a line of counts above its grid, and the label of its tab."""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from bulkio.i18n import language, t
from bulkio.outcome import Status
from bulkio.plan import Action
from bulkio.tui.grid import SheetGrid
from bulkio.tui.model import RowFilter, SheetModel
from bulkio.workbook.recognise import GUESSED


class SheetPane(Vertical):
    """One sheet: a line of counts above its grid. `first_rows`: the model holds only the first rows of the
    sheet (the rest is still being read), so the counts say that rather than a row count."""

    DEFAULT_CSS = """
    SheetPane { height: 1fr; }
    SheetPane > .counts { height: 1; padding: 0 1; color: $text-muted; }
    SheetPane > SheetGrid { height: 1fr; }
    """

    def __init__(self, model: SheetModel, first_rows: bool = False) -> None:
        super().__init__()
        self.model = model
        self.first_rows = first_rows
        self.grid = SheetGrid(model)
        self.counts = Static("", classes="counts")

    def compose(self) -> ComposeResult:
        yield self.counts
        yield self.grid

    def on_mount(self) -> None:
        self.update_counts()

    def replace_model(self, model: SheetModel) -> None:
        """The whole sheet, read, in place of its first rows: the cursor stays on its cell."""
        self.model = self.grid.model = model
        self.first_rows = False
        self.grid.model_changed()
        self.update_counts()

    def set_filter(self, wanted: RowFilter) -> None:
        self.model.apply_filter(wanted)
        self.grid.model_changed()
        self.update_counts()

    def update_counts(self) -> None:
        model = self.model
        if self.first_rows:
            self.counts.update(Text(t("tui.counts.first_rows", rows=model.row_count)))
            return
        line = Text(t("tui.counts.rows", rows=model.row_count))
        if model.invalid_rows:
            line.append(" · ")
            line.append(t("tui.counts.invalid", rows=model.invalid_rows), style="bold red")
        if model.planned:
            styles = {Action.CREATE: "green", Action.UPDATE: "yellow", Action.BLOCKED: "bold red"}
            for action, count in model.action_counts().items():
                if count:
                    line.append(" · ")
                    line.append(f"{action.label()} {count}", style=styles.get(action, ""))
        if model.outcomes:
            done: dict[Status, int] = {}
            for outcome in model.outcomes.values():
                done[outcome.status] = done.get(outcome.status, 0) + 1
            line.append("  │ ")
            line.append(" · ".join(f"{s.label()} {n}" for s, n in done.items()))
        if model.filter is not RowFilter.ALL:
            line.append("  │ ")
            line.append(t(f"tui.counts.filter.{model.filter.value}", shown=len(model.visible)), style="bold")
        self.counts.update(line)


def tab_label(model: SheetModel, first_rows: bool = False) -> str:
    """The sheet's name, as what if taken by its headers alone, its row count (… while still read), its problems."""
    label = escape(model.name)
    if model.sheet.sheet.recognised_by in GUESSED:  # taken by its headers alone: say as what
        label += f" [i]→ {escape(model.spec.sheet_name(language()))} ?[/]"
    label += " [dim]…[/]" if first_rows else f" [dim]{model.row_count}[/]"
    if model.issue_count:
        label += f" [b red]✗{model.issue_count}[/]"
    return label
