"""The push, PreviewApp's side: the confirmation, the writes in a worker thread with live progress, the summary.

Mixed into PreviewApp (app.py): its `self` is the app, whose session, panes and status line it uses.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import ProgressBar, Static

from bulkio.errors import BulkioError
from bulkio.i18n import t
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, PlannedRow
from bulkio.push import Progress
from bulkio.session import API_WINDOW_S, PushFigures, PushMeter
from bulkio.tui.screens import ConfirmScreen, PushProposal, PushReport, SummaryScreen
from bulkio.tui.texts import duration

if TYPE_CHECKING:
    from bulkio.session import ImportSession
    from bulkio.tui.model import SheetModel
    from bulkio.tui.sheet_pane import SheetPane

# Progress from the push thread is drawn at most this often (a fast sandbox reports hundreds per second).
PROGRESS_REDRAW_S = 0.1


class PushActions:
    """The `s` key (confirm, then send), `x` (stop), and what the push thread reports, drawn at most every
    PROGRESS_REDRAW_S."""

    session: ImportSession
    models: list[SheetModel]
    panes: dict[str, SheetPane]
    stop_event: threading.Event
    pushing = False
    pushed = False
    planning = False
    quit_after_push = False
    _meter: PushMeter | None = None
    _last_redraw = 0.0
    _redraw_scheduled = False
    _pending_figures: PushFigures | None = None

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

