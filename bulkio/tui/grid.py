"""A sheet as a table that draws only the lines on screen (Textual's line API).

A DataTable keeps every row as widgets' data and takes ~33 s to show 100,000 rows (design §6); this grid asks
its SheetModel for the ~20 rows in view, so opening costs the same at 100 rows and at 100,000. The first
columns (Excel row number and state) stay put when the table scrolls sideways.
"""

from __future__ import annotations

from bisect import bisect_left

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from bulkio.i18n import t
from bulkio.tui.model import ROW_NUMBER_WIDTH, GridColumn, RowState, SheetModel, state_label

SEPARATOR = " "


class SheetGrid(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "sheet-grid--header",
        "sheet-grid--fixed",
        "sheet-grid--cursor",
        "sheet-grid--cursor-row",
        "sheet-grid--error",
        "sheet-grid--changed",
        *(f"sheet-grid--state-{state.value}" for state in RowState),
    }
    DEFAULT_CSS = """
    SheetGrid { background: $surface; }
    SheetGrid > .sheet-grid--header { background: $panel; color: $text; text-style: bold; }
    SheetGrid > .sheet-grid--fixed { color: $text-muted; }
    SheetGrid > .sheet-grid--cursor { background: $accent; color: $text; text-style: bold; }
    SheetGrid > .sheet-grid--cursor-row { background: $primary-muted; }
    SheetGrid > .sheet-grid--error { background: $error-muted; color: $text; }
    SheetGrid > .sheet-grid--changed { color: $warning; text-style: bold; }
    SheetGrid > .sheet-grid--state-checking { color: $text-muted; text-style: dim; }
    SheetGrid > .sheet-grid--state-valid { color: $text-muted; }
    SheetGrid > .sheet-grid--state-invalid { color: $error; text-style: bold; }
    SheetGrid > .sheet-grid--state-create { color: $success; }
    SheetGrid > .sheet-grid--state-update { color: $warning; }
    SheetGrid > .sheet-grid--state-unchanged { color: $text-muted; }
    SheetGrid > .sheet-grid--state-skip { color: $text-muted; }
    SheetGrid > .sheet-grid--state-blocked { color: $error; text-style: bold; }
    SheetGrid > .sheet-grid--state-created { color: $success; text-style: bold; }
    SheetGrid > .sheet-grid--state-updated { color: $success; text-style: bold; }
    SheetGrid > .sheet-grid--state-failed { color: $error; text-style: bold reverse; }
    SheetGrid > .sheet-grid--state-not_sent { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up", "move(-1, 0)", show=False),
        Binding("down", "move(1, 0)", show=False),
        Binding("left", "move(0, -1)", show=False),
        Binding("right", "move(0, 1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(-1)", show=False),
        Binding("end", "edge(1)", show=False),
    ]

    class CursorMoved(Message):
        """The cell under the cursor changed (or what the table shows did)."""

        def __init__(self, grid: SheetGrid) -> None:
            super().__init__()
            self.grid = grid

    def __init__(self, model: SheetModel, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        self.cursor_index = 0  # into model.visible
        self.cursor_column = 0  # into model.columns
        self.state_width = max(len(t("tui.col.state")), *(len(state_label(s)) for s in RowState))
        self._offsets: list[int] = []
        self._layout()

    # --- geometry ----------------------------------------------------------------------------------

    @property
    def fixed_width(self) -> int:
        return ROW_NUMBER_WIDTH + len(SEPARATOR) + self.state_width + len(SEPARATOR)

    def _layout(self) -> None:
        offset, self._offsets = 0, []
        for column in self.model.columns:
            self._offsets.append(offset)
            offset += column.width + len(SEPARATOR)
        self.virtual_size = Size(self.fixed_width + offset, len(self.model.visible) + 1)

    @property
    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    # --- what is under the cursor ------------------------------------------------------------------

    @property
    def cursor_position(self) -> int | None:
        """The row's position in the sheet, or None when the filter shows nothing."""
        visible = self.model.visible
        return visible[self.cursor_index] if 0 <= self.cursor_index < len(visible) else None

    @property
    def cursor_key(self) -> str | None:
        columns = self.model.columns
        return columns[self.cursor_column].key if 0 <= self.cursor_column < len(columns) else None

    def go_to(self, pos: int, key: str | None = None) -> bool:
        """Put the cursor on a row (by position in the sheet) and column; False if the filter hides the row."""
        visible = self.model.visible
        index = pos if isinstance(visible, range) else bisect_left(visible, pos)
        if not (0 <= index < len(visible) and visible[index] == pos):
            return False
        self.cursor_index = index
        if key is not None:
            self.cursor_column = next((i for i, c in enumerate(self.model.columns) if c.key == key),
                                      self.cursor_column)
        self._cursor_changed()
        return True

    def model_changed(self, keep_position: bool = True) -> None:
        """The model's rows, filter or states changed: relayout, keep the cursor on the same row if it can."""
        pos = self.cursor_position
        self._layout()
        if not (keep_position and pos is not None and self.go_to(pos)):
            visible = self.model.visible
            index = bisect_left(visible, pos) if pos is not None and not isinstance(visible, range) else 0
            self.cursor_index = min(index, max(0, len(visible) - 1))
            self._cursor_changed()
        self.refresh()

    # --- actions ----------------------------------------------------------------------------------

    def action_move(self, rows: int, columns: int) -> None:
        self.cursor_index = max(0, min(len(self.model.visible) - 1, self.cursor_index + rows))
        self.cursor_column = max(0, min(len(self.model.columns) - 1, self.cursor_column + columns))
        self._cursor_changed()

    def action_page(self, direction: int) -> None:
        self.action_move(direction * self.page_height, 0)

    def action_edge(self, direction: int) -> None:
        self.cursor_index = 0 if direction < 0 else max(0, len(self.model.visible) - 1)
        self._cursor_changed()

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if index < len(self.model.visible):
            self.cursor_index = index
        data_x = event.x - self.fixed_width
        if data_x >= 0:
            x = int(self.scroll_offset.x) + data_x
            for i, (offset, column) in enumerate(zip(self._offsets, self.model.columns, strict=True)):
                if offset <= x < offset + column.width + len(SEPARATOR):
                    self.cursor_column = i
        self._cursor_changed()

    def _cursor_changed(self) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def _scroll_to_cursor(self) -> None:
        height = self.page_height
        y = int(self.scroll_offset.y)
        if self.cursor_index < y:
            y = self.cursor_index
        elif self.cursor_index >= y + height:
            y = self.cursor_index - height + 1
        x = int(self.scroll_offset.x)
        if self.model.columns:
            visible_width = max(1, self.scrollable_content_region.width - self.fixed_width)
            start = self._offsets[self.cursor_column]
            end = start + self.model.columns[self.cursor_column].width
            if start < x:
                x = start
            elif end > x + visible_width:
                x = max(0, end - visible_width)
        self.scroll_to(x=x, y=y, animate=False, immediate=True)

    # --- drawing -----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header_line(width)
        index = int(self.scroll_offset.y) + y - 1
        visible = self.model.visible
        if index >= len(visible):
            return Strip.blank(width, self.rich_style)
        return self._row_line(index, visible[index], width)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"sheet-grid--{name}", partial=True)

    def _header_line(self, width: int) -> Strip:
        header = self._style("header")
        fixed = [
            Segment(set_cell_size(t("tui.col.row").rjust(ROW_NUMBER_WIDTH), ROW_NUMBER_WIDTH) + SEPARATOR),
            Segment(set_cell_size(t("tui.col.state"), self.state_width) + SEPARATOR),
        ]
        cells = [Segment(_fit(column.title, column) + SEPARATOR) for column in self.model.columns]
        return self._assemble(fixed, cells, width, self.rich_style + header)

    def _row_line(self, index: int, pos: int, width: int) -> Strip:
        model = self.model
        base = self.rich_style
        on_cursor_row = index == self.cursor_index
        if on_cursor_row:
            base = base + self._style("cursor-row")
        state = model.state(pos)
        fixed = [
            Segment(str(model.excel_rows[pos]).rjust(ROW_NUMBER_WIDTH) + SEPARATOR, base + self._style("fixed")),
            Segment(set_cell_size(state_label(state), self.state_width) + SEPARATOR,
                    base + self._style(f"state-{state.value}")),
        ]
        changed = model.changed_keys(pos)
        cells = []
        for i, column in enumerate(model.columns):
            style = base
            if column.key in changed:
                style = style + self._style("changed")
            if model.has_problem_cell(pos, column.key):
                style = style + self._style("error")
            if on_cursor_row and i == self.cursor_column:
                style = style + self._style("cursor")
            cells.append(Segment(_fit(model.text(pos, column.key), column), style))
            cells.append(Segment(SEPARATOR, base))
        return self._assemble(fixed, cells, width, base)

    def _assemble(self, fixed: list[Segment], cells: list[Segment], width: int, style: Style) -> Strip:
        fixed_strip = Strip(fixed)
        data_width = max(0, width - fixed_strip.cell_length)
        scroll_x = int(self.scroll_offset.x)
        data = Strip(cells).crop_extend(scroll_x, scroll_x + data_width, style)
        return Strip.join([fixed_strip, data]).adjust_cell_length(width, style)


def _fit(text: str, column: GridColumn) -> str:
    """The cell's text on one line, cut or padded to the column (wide characters count double)."""
    flat = text.replace("\n", " ⏎ ")
    if len(flat) > column.width:
        flat = flat[: column.width - 1] + "…"
    return set_cell_size(flat, column.width)
