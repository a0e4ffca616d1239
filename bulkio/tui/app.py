"""`bulkio preview`: the workbook's sheets and problems, then the plan against live data, then the push.

Everything slow runs in worker threads over the same ImportSession the command line's pipeline uses:
reading (a 100,000-row workbook takes seconds), planning (reads from the API) and pushing (hours, paced by the
rate limit). The screen stays responsive throughout and only ever draws the rows in view.
"""

from __future__ import annotations

import os
import threading
import time

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, ProgressBar, Static, TabbedContent, TabPane

from bulkio.errors import BulkioError
from bulkio.i18n import language, t
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, PlannedRow
from bulkio.push import Progress
from bulkio.session import API_WINDOW_S, ImportSession, PushFigures, PushMeter
from bulkio.tui.grid import SheetGrid
from bulkio.tui.mapping import MappingActions
from bulkio.tui.model import RowFilter, SheetModel, checking_models, issues_by_rule, sheet_models
from bulkio.tui.screens import (
    CellRef,
    ConfirmScreen,
    HelpScreen,
    IssuesScreen,
    PushProposal,
    PushReport,
    SummaryScreen,
    translate_bindings,
)
from bulkio.tui.texts import duration
from bulkio.validate import Validation
from bulkio.workbook.recognise import GUESSED

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
# Progress from the push thread is drawn at most this often (a fast sandbox reports hundreds per second).
PROGRESS_REDRAW_S = 0.1


class SheetPane(Vertical):
    """One sheet: a line of counts above its grid."""

    DEFAULT_CSS = """
    SheetPane { height: 1fr; }
    SheetPane > .counts { height: 1; padding: 0 1; color: $text-muted; }
    SheetPane > SheetGrid { height: 1fr; }
    """

    def __init__(self, model: SheetModel) -> None:
        super().__init__()
        self.model = model
        self.grid = SheetGrid(model)
        self.counts = Static("", classes="counts")

    def compose(self) -> ComposeResult:
        yield self.counts
        yield self.grid

    def on_mount(self) -> None:
        self.update_counts()

    def set_filter(self, wanted: RowFilter) -> None:
        self.model.apply_filter(wanted)
        self.grid.model_changed()
        self.update_counts()

    def update_counts(self) -> None:
        model = self.model
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


class PreviewApp(MappingActions, App[int]):
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
        self.loaded = False  # the sheets are on screen

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
        """Keys that cannot act now leave the footer: Send once there is a plan, Stop while sending."""
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

    # --- reading and validating ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_workbook(self) -> None:
        """The rows go on screen as soon as they are read; validation then marks them (a second or so at 100k)."""
        try:
            workbook = self.session.read()
            self.call_from_thread(self._show_rows, checking_models(workbook))
            validation = self.session.validate()
        except BulkioError as error:
            self.call_from_thread(self._fatal, str(error))
            return
        self.call_from_thread(self._show_sheets, validation)

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

    def _fatal(self, message: str) -> None:
        self.fatal_message = message  # the command line prints it once the screen is restored
        self.exit(2)

    async def _show_rows(self, models: list[SheetModel]) -> None:
        await self._mount_sheets(models)
        self._busy(t("tui.status.checking", rows=sum(model.row_count for model in models)))

    async def _show_sheets(self, validation: Validation) -> None:
        """The workbook validated: its problems on screen, then the plan if there is a target."""
        for model, sheet in zip(self.models, validation.sheets, strict=True):
            model.attach_validation(sheet)
        self._refresh_all()
        self._say_validation()
        self.loaded = True
        if self.session.target is not None:
            self.load_plan()

    async def _mount_sheets(self, models: list[SheetModel]) -> None:
        self.models = models
        tabs = self.query_one("#sheets", TabbedContent)
        await tabs.clear_panes()
        self.panes = {}
        for index, model in enumerate(models):
            pane = SheetPane(model)
            self.panes[model.name] = pane
            await tabs.add_pane(TabPane(self._tab_label(model), pane, id=f"sheet-{index}"))
        tabs.loading = False
        if models:
            self.panes[models[0].name].grid.focus()
        self._update_detail()

    def _tab_label(self, model: SheetModel) -> str:
        label = escape(model.name)
        if model.sheet.sheet.recognised_by in GUESSED:  # taken by its headers alone: say as what
            label += f" [i]→ {escape(model.spec.sheet_name(language()))} ?[/]"
        label += f" [dim]{model.row_count}[/]"
        if model.issue_count:
            label += f" [b red]✗{model.issue_count}[/]"
        return label

    def _say_validation(self) -> None:
        issues = sum(m.issue_count for m in self.models)
        notes = self.session.validation.notes if self.session.validation is not None else []
        said = t("tui.status.notes", count=len(notes)) if notes else ""
        if self.session.target is None:
            text = t("tui.status.no_target")
            if issues:
                text = f"{t('tui.status.invalid_only', issues=issues)} {text}"
            self._say(f"{text} {said}".strip())
        else:
            self._say(f"{t('tui.status.invalid_only', issues=issues) if issues else t('tui.status.valid')} {said}"
                      .strip())

    # --- the plan --------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="plan")
    def load_plan(self) -> None:
        self.planning = True
        target = self.session.target.describe() if self.session.target else ""
        self.call_from_thread(self._busy, t("tui.status.planning", target=target))
        replanning = self.session.plan is not None
        try:
            self.session.make_plan()
        except BulkioError as error:
            self.planning = False
            self.call_from_thread(self._say, Text(t("tui.status.plan_failed", error=str(error)), style="bold red"))
            return
        assert self.session.validation is not None
        models = sheet_models(self.session.validation) if replanning else None
        self.call_from_thread(self._show_plan, models)

    async def _show_plan(self, models: list[SheetModel] | None) -> None:
        plan = self.session.plan
        assert plan is not None
        if models is not None:  # a reload reads the workbook again: fresh models
            await self._mount_sheets(models)
        for model in self.models:
            model.attach_plan(plan)
        self._refresh_all()
        self.query_one("#title", Static).update(self._title_text())
        self.planning = False
        self.refresh_bindings()
        blocked = plan.count(Action.BLOCKED)
        if self._analytics_off():
            self._say(Text(t("tui.status.analytics_off"), style="bold yellow"))
        elif plan.writes:
            self._say(t("tui.status.planned", writes=plan.writes, blocked=blocked))
        elif blocked:
            self._say(t("tui.status.all_blocked", blocked=blocked))
        else:
            self._say(t("tui.status.nothing"))

    def _analytics_off(self) -> bool:
        """Rows wait on the dossier's analytics (ANALYT005) and the user has not yet asked to turn them on."""
        plan = self.session.plan
        return plan is not None and not self.session.options.enable_analytics and any(
            row.error_code == "ANALYT005" for row in plan.rows)

    def action_enable_analytics(self) -> None:
        """Plan again as --enable-analytics would: the confirmation then names the change to the dossier."""
        if not self._analytics_off() or self.pushing or self.planning:
            return
        self.session.options.enable_analytics = True
        self.pushed = False
        self.load_plan()

    def _refresh_all(self) -> None:
        tabs = self.query_one("#sheets", TabbedContent)
        for index, model in enumerate(self.models):
            pane = self.panes[model.name]
            pane.model.apply_filter(model.filter)
            pane.grid.model_changed()
            pane.update_counts()
            tabs.get_tab(f"sheet-{index}").label = self._tab_label(model)  # type: ignore[assignment]
        self._update_detail()

    # --- moving around ----------------------------------------------------------------------------------

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
        if self.session.validation is None:
            return
        self.push_screen(IssuesScreen(issues_by_rule(self.session.validation)), self._jump_to)

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

    def action_replan(self) -> None:
        if self.pushing:
            self._say(t("tui.status.busy"))
            return
        if self.session.target is None or self.planning:
            return
        self.pushed = False
        self.load_plan()

    # --- the push --------------------------------------------------------------------------------------

    def action_push(self) -> None:
        plan = self.session.plan
        if self.pushing:
            self._say(t("tui.status.busy"))
            return
        if self.session.target is None:
            self._say(t("tui.status.no_target"))
            return
        if plan is None or self.planning:
            self._say(t("tui.status.no_plan_yet"))
            return
        if self.pushed:
            self._say(t("tui.status.already_pushed"))
            return
        if not plan.writes:
            self._say(t("tui.status.nothing_to_send"))
            return
        per_second = sum(pacer.expected_rate() for pacer in self.session.pacers()) or 20 / API_WINDOW_S
        changes = ", ".join(dict.fromkeys(t(f"tui.society.{key}") for per in plan.society_changes.values()
                                          for key in per))
        proposal = PushProposal(
            target=self.session.describe_target(), sandbox=self.session.target.sandbox, writes=plan.writes,
            requests=plan.requests, eta=duration(plan.requests / per_second), blocked=plan.count(Action.BLOCKED),
            society_changes=changes,
        )
        self.push_screen(ConfirmScreen(proposal), self._confirmed)

    def _confirmed(self, send: bool | None) -> None:
        if not send:
            return
        self.pushing = True
        self.stop_event.clear()
        self._meter = self.session.meter()
        self.query_one("#push").add_class("active")
        bar = self.query_one("#push-bar", ProgressBar)
        bar.update(total=max(1, self.session.plan.writes if self.session.plan else 1), progress=0)
        self._busy(t("cli.progress"))
        self.refresh_bindings()
        self.push_rows()

    @work(thread=True, exclusive=True, group="push")
    def push_rows(self) -> None:
        failure = ""
        try:
            self.session.push(self._progress_from_thread, self.stop_event)
        except BulkioError as error:
            failure = str(error)
        except Exception as error:  # shown, never a traceback: the journal keeps what was sent
            failure = f"{type(error).__name__}: {self.session.client.redact(str(error)) if self.session.client else ''}"
        self.call_from_thread(self._push_finished, failure)

    def _progress_from_thread(self, progress: Progress) -> None:
        assert self._meter is not None
        figures = self._meter.figures(progress, self.session.pacers())
        self.call_from_thread(self._show_progress, progress, figures)

    def _show_progress(self, progress: Progress, figures: PushFigures) -> None:
        if progress.row is not None and progress.outcome is not None:
            self._record_outcome(progress.row, progress.outcome)
        self._pending_figures = figures
        wait = self._last_redraw + PROGRESS_REDRAW_S - time.monotonic()
        if wait > 0 and progress.done < progress.total:
            if not self._redraw_scheduled:  # draw the latest figures soon, even if no other progress comes
                self._redraw_scheduled = True
                self.set_timer(wait, self._draw_progress)
            return
        self._draw_progress()

    def _draw_progress(self) -> None:
        self._redraw_scheduled = False
        figures = self._pending_figures
        if figures is None:
            return
        self._last_redraw = time.monotonic()
        self.query_one("#push-bar", ProgressBar).update(total=max(1, figures.total), progress=figures.done)
        ceiling = f"{figures.ceiling:.1f}" if figures.ceiling is not None else "?"
        self.query_one("#push-figures", Static).update(t(
            "tui.progress", done=figures.done, total=figures.total, left=figures.left, rate=f"{figures.rate:.1f}",
            ceiling=ceiling, eta=duration(figures.eta_s), errors=figures.errors))
        pane = self.active_pane
        if pane is not None:
            pane.grid.refresh()
            pane.update_counts()
            self._update_detail()

    def _record_outcome(self, row: PlannedRow, outcome: RowOutcome) -> None:
        for member in row.group or [row]:
            pane = self.panes.get(member.sheet)
            if pane is not None:
                pane.model.attach_outcome(member.excel_row, outcome)

    def _push_finished(self, failure: str) -> None:
        self.pushing = False
        self.pushed = True
        self.query_one("#push").remove_class("active")
        self.refresh_bindings()
        run = self.session.run
        counts: dict[str, dict[Status, int]] = {}
        if run is not None:
            for (sheet, excel_row), outcome in run.result.outcomes.items():
                pane = self.panes.get(sheet)
                if pane is not None:
                    pane.model.attach_outcome(excel_row, outcome)
            counts = run.counts()
        for model in self.models:
            model.reindex_issues()
        self._refresh_all()
        interrupted = bool(run and run.result.interrupted)
        report = PushReport(counts, interrupted, self.session.resumed, self.session.result_path, failure)
        self._say(t("tui.summary.interrupted") if interrupted or failure else t("tui.summary.done"))
        if self.quit_after_push:
            self.exit(self._exit_code(report))
            return
        self.push_screen(SummaryScreen(report), lambda quit_now: self.exit(self._exit_code(report))
                         if quit_now else None)

    @staticmethod
    def _exit_code(report: PushReport) -> int:
        """As `bulkio import`: 130 when stopped, 1 when a row failed, was invalid or was not sent."""
        if report.interrupted:
            return 130
        return 1 if report.failed else 0

    def action_stop(self) -> None:
        if self.pushing:
            self.stop_event.set()
            self._busy(t("tui.status.stopping"))

    def action_quit_preview(self) -> None:
        if self.pushing:
            self.quit_after_push = True
            self.action_stop()
            return
        self.exit(0)
