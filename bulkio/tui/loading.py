"""Reading, validating and planning, PreviewApp's side: every slow step in a worker thread, each result drawn as
soon as it comes.

    first rows   the top of the sheet, read in milliseconds (workbook/first_rows.py), shown read-only with
                 "lecture en cours" while the whole workbook is read; when that reading cannot promise the full
                 read's rows (an .ods, several sheets, --map...), the screen waits for the full read as before
    rows         the whole workbook read: its rows replace the first ones (the cursor stays), marked "checking"
    validation   the problems marked; then the plan, when there is a target (reads only)

Mixed into PreviewApp (app.py): its `self` is the app, whose session, panes and status line it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.widgets import Static, TabbedContent, TabPane

from bulkio.errors import BulkioError
from bulkio.i18n import t
from bulkio.plan import Action
from bulkio.tui.model import SheetModel, checking_models, sheet_models
from bulkio.tui.sheet_pane import SheetPane, tab_label
from bulkio.validate import Validation

if TYPE_CHECKING:
    from bulkio.session import ImportSession


class LoadingActions:
    """The load worker (first rows, rows, validation) and the plan worker, and how their results reach the screen."""

    session: ImportSession
    models: list[SheetModel]
    panes: dict[str, SheetPane]
    loaded = False  # the sheets are on screen, validated
    first_screen = False  # the first rows alone are on screen: read-only until the whole workbook is read
    planning = False
    pushed = False
    fatal_message = ""

    @work(thread=True, exclusive=True, group="load")
    def load_workbook(self) -> None:
        """The first rows go on screen at once, the others as soon as they are read; validation then marks them
        (a second or so at 100k)."""
        first = self.session.first_rows()
        if first is not None:
            self.call_from_thread(self._show_first_rows, checking_models(first))
        try:
            workbook = self.session.read()
            self.call_from_thread(self._show_rows, checking_models(workbook))
            validation = self.session.validate()
        except BulkioError as error:
            self.call_from_thread(self._fatal, str(error))
            return
        self.call_from_thread(self._show_sheets, validation)

    def _fatal(self, message: str) -> None:
        self.fatal_message = message  # the command line prints it once the screen is restored
        self.exit(2)

    async def _show_first_rows(self, models: list[SheetModel]) -> None:
        """The top of the sheet while the rest is read: the grid moves, but nothing that needs the whole sheet
        (filters, problems, mapping) acts until _show_rows replaces these rows."""
        if self.models:  # the whole workbook got there first
            return
        self.first_screen = True
        await self._mount_sheets(models, first_rows=True)
        self.refresh_bindings()
        self._busy(t("tui.status.first_rows", path=self.session.path.name))

    async def _show_rows(self, models: list[SheetModel]) -> None:
        if self.first_screen and [m.name for m in models] == [m.name for m in self.models]:
            self.models = models  # in place of the first rows: the cursor stays where the person put it
            for model in models:
                self.panes[model.name].replace_model(model)
            self._refresh_all()
        else:
            await self._mount_sheets(models)
        self.first_screen = False
        self.refresh_bindings()
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

    async def _mount_sheets(self, models: list[SheetModel], first_rows: bool = False) -> None:
        self.models = models
        tabs = self.query_one("#sheets", TabbedContent)
        await tabs.clear_panes()
        self.panes = {}
        for index, model in enumerate(models):
            pane = SheetPane(model, first_rows)
            self.panes[model.name] = pane
            await tabs.add_pane(TabPane(tab_label(model, first_rows), pane, id=f"sheet-{index}"))
        tabs.loading = False
        if models:
            self.panes[models[0].name].grid.focus()
        self._update_detail()

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
            tabs.get_tab(f"sheet-{index}").label = tab_label(model, pane.first_rows)  # type: ignore[assignment]
        self._update_detail()

