"""The mapping in the preview, PreviewApp's side (issue 15): the `c` key opens the mapping screen, applying reads
the workbook again with the mapping (no network write: only the plan's reads), saving writes it beside the input,
never over an existing file unasked. What is offered and merged is mapping.py; the dialogs are screens.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bulkio.errors import BulkioError
from bulkio.i18n import t
from bulkio.tui.mapping import (
    MappingChoice,
    MappingRequest,
    describe_choice,
    free_path,
    mapping_path,
    mapping_request,
    merged_source,
    skipped_sheets,
    unrecognised,
    written_headers,
)
from bulkio.tui.model import checking_models
from bulkio.tui.screens import MappingScreen, OverwriteScreen
from bulkio.workbook.mapping import save_mapping
from bulkio.workbook.source_options import SourceOptions

if TYPE_CHECKING:
    from bulkio.session import ImportSession



class MappingActions:
    """Mixed into PreviewApp: the `c` key opens the mapping screen on the active sheet; applying reads the workbook
    again with the mapping (then validates, and plans again when a target is connected: reads only); saving writes
    the accumulated mapping (the --map file's and this preview's) beside the input. Its `self` is the app: it uses
    the app's panes, status line and loading steps (app.py)."""

    session: ImportSession
    mapped_here = False  # something was mapped in this preview: there is something to save
    mapping_saved: Path | None = None  # where the mapping was last saved

    def can_map(self) -> bool:
        """The key shows once the workbook is read, when there is something to map or to save."""
        workbook = self.session.workbook
        if workbook is None or self.pushing:
            return False
        source = self.session.options.source
        return self.mapped_here or any(unrecognised(sheet, source) for sheet in workbook.sheets) \
            or bool(skipped_sheets(workbook, self.session.options.sheet_map))

    def action_columns(self) -> None:
        if len(self.screen_stack) > 1:  # a dialog is open (the mapping screen's own selects take letters)
            return
        pane = self.active_pane
        if self.pushing or self.planning or not self.loaded or pane is None or self.session.workbook is None:
            self._say(t("tui.mapping.busy"))
            return
        options = self.session.options
        request = mapping_request(pane.model.sheet.sheet, self.session.workbook, options.source, options.sheet_map,
                                  options.kinds, self.mapped_here)
        self.push_screen(MappingScreen(request), lambda choice: self._mapping_chosen(request, choice))

    def _mapping_chosen(self, request: MappingRequest, choice: MappingChoice | None) -> None:
        if choice is None:
            return
        previous = self.session.options.source
        if not choice:  # "save" alone: what is mapped already
            if previous is not None:
                self.save_mapping_file(previous)
            return
        self.mapped_here = True
        self.session.options.source = merged_source(previous, request.kind, choice)
        self.loaded = False
        self.pushed = False  # as a reload (r): the plan is made again from the dossier's data
        self._busy(t("tui.status.reading", path=self.session.path.name))
        what = describe_choice(choice, request.kind)
        self.run_worker(lambda: self._read_again(previous, request.sheet, what, choice.save),
                        thread=True, exclusive=True, group="load")

    def _read_again(self, previous: SourceOptions | None, sheet: str, what: str, save: bool) -> None:
        """In a worker thread: read, show the rows on the same sheet, validate, show (then plan, if a target);
        then save the mapping if asked: only one the workbook was read with."""
        try:
            workbook = self.session.read()
        except BulkioError as error:  # the sheets on screen are still those of the last good read
            self.session.options.source = previous
            self.call_from_thread(self._mapping_failed, str(error))
            return
        self.call_from_thread(self._show_rows, checking_models(workbook))
        self.call_from_thread(self._select_sheet, sheet)
        try:
            validation = self.session.validate()
        except BulkioError as error:
            self.call_from_thread(self._fatal, str(error))
            return
        self.call_from_thread(self._show_sheets, validation)
        self.call_from_thread(self._mapping_applied, t("tui.mapping.applied", what=what), save)

    def _select_sheet(self, name: str) -> None:
        for index, model in enumerate(self.models):
            if model.name == name:
                self.query_one("#sheets").active = f"sheet-{index}"
                self.panes[name].grid.focus()
                return

    def _mapping_applied(self, text: str, save: bool) -> None:
        self.notify(text, timeout=8)
        self._say(text)  # the plan, if any, has the last word
        self.refresh_bindings()
        source = self.session.options.source
        if save and source is not None:
            self.save_mapping_file(source)

    def _mapping_failed(self, error: str) -> None:
        self.loaded = True
        text = t("tui.mapping.failed", error=error)
        self._say(text)
        self.notify(text, severity="error", timeout=12)

    # --- saving ---

    def save_mapping_file(self, options: SourceOptions) -> None:
        """Beside the input; an existing file is replaced only if the user says so, else a new name is taken."""
        path = mapping_path(self.session.path)
        if not path.exists():
            self._write_mapping(options, path, overwrite=False)
            return

        def answered(wanted: Path | None) -> None:  # the same path (replace it), the free one, or None (cancel)
            if wanted is not None:
                self._write_mapping(options, wanted, overwrite=wanted == path)

        self.push_screen(OverwriteScreen(path, free_path(path)), answered)

    def _write_mapping(self, options: SourceOptions, path: Path, overwrite: bool) -> None:
        try:
            written = save_mapping(options, path, written_headers(self.session.workbook), overwrite=overwrite)
        except FileExistsError:  # taken since the question: never replaced unasked
            self._write_mapping(options, free_path(path), overwrite=False)
            return
        except OSError as error:
            text = t("tui.mapping.save_failed", path=path, error=error.strerror or error)
            self._say(text)
            self.notify(text, severity="error", timeout=15)
            return
        self.mapping_saved = written
        text = t("tui.mapping.saved", path=written.resolve())
        self._say(text)
        self.notify(text, timeout=15)
