"""The push of every dossier of an import plan (multi.plan_import): lanes side by side, dossiers of one lane one
after the other, each dossier journaled on its own.

    resuming = prepare_journals(plan, input_path, restart)   --restart forgets this file's journals
    runs = execute_import(plan, input_path, on_progress, stop)

One dossier: its journal is finished when its push is complete, as `pipeline.execute` does. Several: each
journal is finished only once every dossier is complete (none failed, nothing interrupted), so that a re-run
after an interruption resumes the dossiers done before it instead of starting them afresh, and a dossier done
before the interruption keeps the outcomes its rows had (not "unchanged").
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from bulkio.errors import BulkioError
from bulkio.i18n import t
from bulkio.import_runs import ImportRuns
from bulkio.journal import Journal
from bulkio.multi import DossierPlan, ImportPlan
from bulkio.outcome import RowOutcome
from bulkio.pipeline import ImportRun, execute
from bulkio.push import Progress, RowKey, read_back_after_failure


def prepare_journals(plan: ImportPlan, input_path: Path, restart: bool = False,
                     journal_dir: Path | None = None) -> bool:
    """Before a push: forget this file's journals if `restart` (--restart); True when a run is being resumed."""
    resuming = False
    for part in plan.parts:
        journal = Journal.for_run(input_path, part.journal_key, journal_dir)
        if restart:
            journal.restart()
        resuming = resuming or journal.resuming
        journal.close()
    return resuming


def execute_import(
    plan: ImportPlan,
    input_path: Path,
    on_progress: Callable[[Progress], None] | None = None,
    stop: threading.Event | None = None,
    journal_dir: Path | None = None,
) -> ImportRuns:
    """Push every dossier; one that cannot be pushed (its settings refused, say) does not stop the others."""
    return _ImportExecution(plan, input_path, on_progress, stop or threading.Event(), journal_dir).run()


class _ImportExecution:
    """What the lanes' threads share while they push, every change made under one lock: the runs done, the
    dossiers failed and what their rows got, the progress of each dossier, and the dossier whose unexpected
    error stops the others."""

    def __init__(self, plan: ImportPlan, input_path: Path, on_progress: Callable[[Progress], None] | None,
                 stop: threading.Event, journal_dir: Path | None) -> None:
        self.plan, self.input_path, self.on_progress, self.stop = plan, input_path, on_progress, stop
        self.journal_dir = journal_dir
        self.several = len(plan.parts) > 1
        self.started = datetime.now()
        self.lock = threading.Lock()
        self.runs: dict[int, ImportRun] = {}
        self.journals: list[tuple[int, Path]] = []  # each finished run's journal, closed at the very end
        self.failures: dict[int, str] = {}
        self.recorded: dict[int, dict[RowKey, RowOutcome]] = {}  # a failed dossier's rows done
        self.done: dict[int, tuple[int, int]] = {}  # society id -> (rows done, errors)
        self.known: dict[int, dict[RowKey, RowOutcome]] = {}  # each row's outcome as the push reported it
        self.halted: list[str] = []  # the dossier whose unexpected error stopped the run

    def run(self) -> ImportRuns:
        by_lane: dict[int, list[DossierPlan]] = {}
        for part in self.plan.parts:
            by_lane.setdefault(id(part.lane), []).append(part)
        self._push_lanes(list(by_lane.values()))
        interrupted = any(run.result.interrupted for run in self.runs.values()) or (
            self.stop.is_set() and len(self.runs) + len(self.failures) < len(self.plan.parts))
        if self.several and len(self.runs) == len(self.plan.parts) and all(
                run.result.complete for run in self.runs.values()):
            self._finish_journals()
        halt = t("multi.halted", dossier=self.halted[0]) if self.halted else ""
        return ImportRuns(self.plan, self.runs, self.failures, self.started, datetime.now(), interrupted,
                          self.recorded, halted=halt)

    def _push_lanes(self, lanes: list[list[DossierPlan]]) -> None:
        if len(lanes) <= 1:
            for parts in lanes:
                self._push_lane(parts)
            return
        with ThreadPoolExecutor(max_workers=min(self.plan.lanes.concurrency, len(lanes)),
                                thread_name_prefix="bulkio-lane") as pool:
            futures = [pool.submit(self._push_lane, parts) for parts in lanes]
            try:
                for future in futures:
                    future.result()
            except KeyboardInterrupt:
                self.stop.set()  # each lane stops after its request in flight
                for future in futures:
                    future.result()

    def _push_lane(self, parts: list[DossierPlan]) -> None:
        """The dossiers of one lane, one after the other: they share its token's budget."""
        for part in parts:
            if self.stop.is_set() or self.halted:
                return
            run = self._push_dossier(part)
            if run is not None and run.result.interrupted:
                self.stop.set()
                return

    def _push_dossier(self, part: DossierPlan) -> ImportRun | None:
        society_id = part.dossier.society_id
        journal: Journal | None = None
        try:
            journal = Journal.for_run(self.input_path, part.journal_key, self.journal_dir)
            run = execute(part.plan, part.client, journal, self._progress_of(part), self.stop,
                          finish=not self.several)
        except Exception as error:
            self._record_failure(part, journal, error)
            return None
        finally:
            if journal is not None:
                with suppress(Exception):  # its rows are written already: a close that fails loses nothing
                    journal.close()
        with self.lock:
            self.runs[society_id] = run
            self.journals.append((society_id, journal.path))
        return run

    def _record_failure(self, part: DossierPlan, journal: Journal | None, error: Exception) -> None:
        """Writes may have been sent: the rows keep what the push reported, what the journal holds and, for a row
        sent without an answer, what a read-back finds; the others were not sent."""
        society_id = part.dossier.society_id
        if isinstance(error, BulkioError):
            reason = error.message
        else:  # a cause bulkio does not know: no other dossier is started after it
            reason = t("multi.unexpected", kind=type(error).__name__, error=part.client.redact(str(error)))
            with self.lock:
                self.halted.append(part.context.society_label)
        with self.lock:
            seen = dict(self.known.get(society_id, {}))
        done_rows = read_back_after_failure(part.plan, part.client, journal, seen)
        with self.lock:
            self.failures[society_id] = t("multi.dossier_failed", dossier=part.context.society_label, error=reason)
            self.recorded[society_id] = done_rows

    def _progress_of(self, part: DossierPlan) -> Callable[[Progress], None]:
        """One dossier's progress, reported as the whole run's (rows and errors of every dossier added up)."""
        society_id, label, total = part.dossier.society_id, part.context.society_label, self.plan.writes

        def report(progress: Progress) -> None:
            with self.lock:
                self.done[society_id] = (progress.done, progress.errors)
                if progress.row is not None and progress.outcome is not None:
                    seen = self.known.setdefault(society_id, {})
                    for member in progress.row.group or [progress.row]:
                        seen[(member.sheet, member.excel_row)] = progress.outcome
                rows = sum(d for d, _ in self.done.values())
                errors = sum(e for _, e in self.done.values())
            if self.on_progress is not None:
                self.on_progress(Progress(rows, total, errors, progress.row, progress.outcome, dossier=label))
        return report

    def _finish_journals(self) -> None:
        """Every dossier is complete: the next run with this input is a new run."""
        labels = {part.dossier.society_id: part.context.society_label for part in self.plan.parts}
        for society_id, path in self.journals:
            try:
                journal = Journal(path)
                journal.finish()
                journal.close()
            except Exception as error:  # everything was sent: the outcomes stand, only the next run resumes
                self.failures[society_id] = t("multi.unfinished", dossier=labels[society_id],
                                              error=f"{type(error).__name__}: {error}")
