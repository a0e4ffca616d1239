"""`bulkio preview`: the workbook's sheets and problems, then the plan against live data, then the push.

Everything slow runs in worker threads over the same ImportSession the command line's pipeline uses:
reading (a 100,000-row workbook takes seconds), planning (reads from the API) and pushing (hours, paced by the
rate limit). The screen stays responsive throughout and only ever draws the rows in view; a big sheet's first
rows are on screen before the rest is read.

This module holds the app's layout, keys and status line; what the keys and workers do is mixed in from one
module per concern: loading.py, navigation.py, push_actions.py, mapping.py (the widgets: sheet_pane.py, grid.py,
screens.py).
"""

from __future__ import annotations

import os
import threading

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, ProgressBar, Static, TabbedContent

from bulkio.i18n import t
from bulkio.session import ImportSession, PushFigures, PushMeter
from bulkio.tui.loading import LoadingActions
from bulkio.tui.mapping_actions import MappingActions
from bulkio.tui.model import SheetModel
from bulkio.tui.navigation import NavigationActions
from bulkio.tui.push_actions import PROGRESS_REDRAW_S, PushActions
from bulkio.tui.screens import translate_bindings
from bulkio.tui.sheet_pane import SheetPane

__all__ = ["PROGRESS_REDRAW_S", "PreviewApp", "SheetPane"]

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
# Actions that need the whole sheet: while its first rows alone are on screen, shown but inactive.
NEED_WHOLE_SHEET = frozenset({"filter", "next_problem", "issues"})


class PreviewApp(LoadingActions, NavigationActions, PushActions, MappingActions, App[int]):
    TITLE = "bulkio"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #title { height: 1; background: $primary; color: $text; padding: 0 1; text-style: bold; }
    #title.real { background: $error; }
    #sheets { height: 1fr; }
    #sheets ContentSwitcher { height: 1fr; }
    TabPane { padding: 0; height: 1fr; }
    #detail { height: 6; border-top: solid $primary; padding: 0 1; }
    #push { height: 2; display: none; padding: 0 1; }
    #push.active { display: block; }
    #push ProgressBar { width: 1fr; }
    #push-figures { height: 1; }
    #status { height: 1; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding("e", "filter('problems')", "tui.key.problems"),
        Binding("m", "filter('changes')", "tui.key.changes"),
        Binding("n", "next_problem(1)", "tui.key.next", show=False),
        Binding("N", "next_problem(-1)", "tui.key.previous", show=False),
        Binding("i", "issues", "tui.key.issues"),
        Binding("c", "columns", "tui.key.columns"),
        Binding("s", "push", "tui.key.push"),
        Binding("x", "stop", "tui.key.stop"),
        Binding("a", "enable_analytics", "tui.key.analytics"),
        Binding("r", "replan", "tui.key.replan", show=False),
        Binding("right_square_bracket", "sheet(1)", "tui.key.sheet", show=False),
        Binding("left_square_bracket", "sheet(-1)", "tui.key.sheet", show=False),
        Binding("question_mark,f1", "help", "tui.key.help"),
        Binding("q", "quit_preview", "tui.key.quit"),
    ]

    def __init__(self, session: ImportSession) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = session
        self.models: list[SheetModel] = []
        self.panes: dict[str, SheetPane] = {}
        self.stop_event = threading.Event()
        self.pushing = False
        self.pushed = False
        self.planning = False
        self.quit_after_push = False
        self._meter: PushMeter | None = None
        self._last_redraw = 0.0
        self._redraw_scheduled = False
        self._pending_figures: PushFigures | None = None
        self._spinner_step = 0
        self._status_base = ""
        self.fatal_message = ""
        self.loaded = False  # the sheets are on screen, validated
        self.first_screen = False  # the first rows alone are on screen (loading.py)

    # --- layout --------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._title_text(), id="title", markup=False)
        yield TabbedContent(id="sheets")
        yield Static("", id="detail")
        with Vertical(id="push"):
            yield ProgressBar(show_eta=False, show_percentage=True, id="push-bar")
            yield Static("", id="push-figures", markup=False)
        yield Static("", id="status")
        yield Footer()

    def _title_text(self) -> str:
        """File → where it goes; the base URL is in the confirmation (it does not fit 80 columns here)."""
        session = self.session
        if session.target is None:
            where = t("tui.title.offline")
        else:
            kind = t("tui.title.sandbox") if session.target.sandbox else t("tui.title.real")
            plan = session.plan
            if plan is not None and len(plan.parts) > 1:
                where = f"{kind} · {plan.label}"
            else:
                dossier = session.context.society_label if session.context else session.target.society_id
                where = f"{kind} · dossier {dossier}" if dossier is not None else kind
        return f"bulkio · {session.path.name} → {where}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that cannot act now leave the footer: Send once there is a plan, Stop while sending; those that
        need the whole sheet stay, dimmed, while its first rows alone are on screen."""
        if self.first_screen and action in NEED_WHOLE_SHEET:
            return None
        if action == "stop":
            return self.pushing
        if action == "columns":
            return self.can_map()
        if action == "enable_analytics":
            return self._analytics_off() and not self.pushing
        if action == "push":
            plan = self.session.plan
            return plan is not None and plan.writes > 0 and not self.pushing and not self.pushed
        return True

    def on_mount(self) -> None:
        if self.session.target is not None and not self.session.target.sandbox:
            self.query_one("#title").add_class("real")
        self.query_one("#sheets").loading = True
        self._busy(t("tui.status.reading", path=self.session.path.name))
        self.set_interval(0.1, self._spin)
        self.load_workbook()

    # --- the status line and its spinner ---------------------------------------------------------------

    def _busy(self, text: str) -> None:
        self._status_base = text
        self._spin()

    def _say(self, text: str | Text) -> None:
        self._status_base = ""
        self.query_one("#status", Static).update(text)

    def _spin(self) -> None:
        if self._status_base:
            self._spinner_step = (self._spinner_step + 1) % len(SPINNER)
            self.query_one("#status", Static).update(Text(f"{SPINNER[self._spinner_step]} {self._status_base}"))

    def _fatal_error(self) -> None:
        # Textual's default prints a traceback with local variables (a client holds the token): users get one
        # sentence instead, like every other command, without the secret nor any token of the session (the crash
        # may come before any client exists); BULKIO_DEBUG=1 adds the plain traceback, just as cleaned.
        import traceback

        from textual.worker import WorkerFailed

        from bulkio.api.client import redact_secrets

        error = self._exception
        session = self.session
        secrets = [session.target.secret, session.target.token] if session.target is not None else []
        if session.options.tokens is not None:
            secrets += [entry.token for entry in session.options.tokens.entries]
        text = t("cli.unexpected", kind=type(error).__name__, error=error)
        if os.environ.get("BULKIO_DEBUG") and error is not None:
            failed = error.error if isinstance(error, WorkerFailed) else error  # where the worker really failed
            text += "\n" + "".join(traceback.format_exception(failed))
        self.fatal_message = redact_secrets(text, secrets)
        self._return_code = 2
        self._close_messages_no_wait()

    def action_replan(self) -> None:
        if self.pushing:
            self._say(t("tui.status.busy"))
            return
        if self.session.target is None or self.planning:
            return
        self.pushed = False
        self.load_plan()

    def action_quit_preview(self) -> None:
        if self.pushing:
            self.quit_after_push = True
            self.action_stop()
            return
        self.exit(0)
