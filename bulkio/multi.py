"""An import across every dossier a workbook goes to: lanes, routing, one plan per dossier, one run.

    lanes = open_lanes(target, tokens)       (lanes.py) one client per token, each with its own budget: the
                                             target's token, and each token of a tokens file (--tokens)
    plan = plan_import(validation, target, lanes, enable_analytics=..., create_accounts=...)
                                             rows routed to dossiers (routing.py), each dossier planned with
                                             the client of the lane that reaches it
    runs = execute_import(plan, input_path, on_progress, stop)
                                             the lanes side by side (at most `concurrency` at once), the
                                             dossiers of one lane one after the other: they share its budget

A firm token reaches every dossier, so a firm-scale run with it is one lane; a tokens file adds one lane per
dossier token, and as many dossiers progress at once, each at its own token's pace. Every dossier has its own
journal, so an interrupted run resumes dossier by dossier without sending a write twice. The journals of a run
of several dossiers are finished together, once every dossier is complete: until then a re-run resumes them
all, and a dossier done before the interruption keeps the outcomes its rows had (not "unchanged").

    validation, runs = run_import(path, target, result_path, ...)
                                             all of it without questions, for scripts, tests and benches: it
                                             sits here, above the steps of one dossier (pipeline.py), so that
                                             pipeline -> lanes -> multi import one way only
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bulkio.api.client import MyUnisoftClient
from bulkio.config import Target
from bulkio.dossiers import Dossier, DossierDirectory
from bulkio.errors import ApiError, BulkioError, UsageError
from bulkio.i18n import register, t
from bulkio.import_runs import ImportRuns
from bulkio.journal import Journal
from bulkio.lanes import Lane, Lanes, open_lanes
from bulkio.outcome import RowOutcome
from bulkio.pipeline import (
    ImportRun,
    check_run_outputs,
    connect_error,
    execute,
    load_and_validate,
    make_plan,
    open_dossier,
    write_report,
)
from bulkio.plan import Action, Plan, PlannedRow, RunContext, invalid_rows
from bulkio.push import Progress, RowKey, read_back_after_failure
from bulkio.routing import Routing, default_dossier_id, names_a_dossier, route
from bulkio.validate import SheetValidation, Validation
from bulkio.workbook.source_options import SourceOptions

if TYPE_CHECKING:
    from bulkio.tokens import TokensFile

_T = TypeVar("_T")
_R = TypeVar("_R")

register(
    {
        "multi.need_society": {
            "fr": "aucune ligne n'indique de dossier : donnez le dossier avec --society-id, ou remplissez "
            "la colonne Dossier.",
            "en": "no row names a dossier: give the dossier with --society-id, or fill in the Dossier column.",
        },
        "multi.dossier_failed": {
            "fr": "le dossier {dossier} n'a pas pu être traité : {error}",
            "en": "dossier {dossier} could not be processed: {error}",
        },
        "multi.dossiers": {"fr": "{count} dossiers", "en": "{count} dossiers"},
        "multi.unexpected": {
            "fr": "l'envoi s'est arrêté sur une erreur ({kind} : {error}) : corrigez-en la cause, puis relancez la "
            "même commande, elle reprendra sans rien envoyer deux fois.",
            "en": "the push stopped on an error ({kind}: {error}): fix its cause, then run the same command again, "
            "it will resume without sending anything twice.",
        },
        "multi.halted": {
            "fr": "non envoyé : l'envoi s'est arrêté sur l'erreur du dossier {dossier} ; relancez la même commande "
            "une fois la cause corrigée.",
            "en": "not sent: the push stopped on dossier {dossier}'s error; run the same command again once the "
            "cause is fixed.",
        },
        "multi.unfinished": {
            "fr": "le journal du dossier {dossier} n'a pas pu être clos ({error}) : tout a été envoyé ; la prochaine "
            "exécution de ce fichier reprendra celle-ci sans rien renvoyer.",
            "en": "dossier {dossier}'s journal could not be closed ({error}): everything was sent; the next run of "
            "this file will resume this one without sending anything again.",
        },
    }
)


@dataclass
class DossierPlan:
    dossier: Dossier
    lane: Lane
    client: MyUnisoftClient  # aimed at the dossier
    context: RunContext
    validation: Validation  # this dossier's rows
    plan: Plan

    @property
    def journal_key(self) -> str:
        """The target's own key for its dossier (what a single-dossier run always used), else with the dossier."""
        if self.lane.keyed_society == self.dossier.society_id:
            return self.lane.journal_key
        return f"{self.lane.journal_key}|dossier={self.dossier.society_id}"


@dataclass
class ImportPlan:
    parts: list[DossierPlan]
    unrouted: list[PlannedRow]  # rows whose Dossier cell goes nowhere (blocked), rows not to import (skipped)
    lanes: Lanes
    multi: bool

    @property
    def rows(self) -> list[PlannedRow]:
        return [row for part in self.parts for row in part.plan.rows] + self.unrouted

    def count(self, action: Action, kind: str | None = None) -> int:
        return sum(part.plan.count(action, kind) for part in self.parts) + sum(
            1 for r in self.unrouted if r.action is action and (kind is None or r.kind == kind))

    @property
    def writes(self) -> int:
        return sum(part.plan.writes for part in self.parts)

    @property
    def requests(self) -> int:
        return sum(part.plan.requests for part in self.parts)

    @property
    def society_changes(self) -> dict[str, dict[str, object]]:
        """Dossier settings to change first, by dossier label."""
        return {part.context.society_label: part.plan.society_changes for part in self.parts
                if part.plan.society_changes}

    @property
    def label(self) -> str:
        """The dossier, or how many."""
        if len(self.parts) == 1:
            return self.parts[0].context.society_label
        return t("multi.dossiers", count=len(self.parts))

    def describe(self, target: Target) -> str:
        """Where the run goes: the target and its dossier, or how many dossiers."""
        return target.describe(self.label if len(self.parts) == 1 else None, dossiers=len(self.parts))

    @property
    def context(self) -> RunContext | None:
        return self.parts[0].context if len(self.parts) == 1 else None

    def dossier_of_rows(self) -> dict[tuple[str, int], str]:
        return {(row.sheet, row.excel_row): part.context.society_label for part in self.parts for row in part.plan.rows}


def plan_import(
    validation: Validation,
    target: Target,
    lanes: Lanes,
    *,
    enable_analytics: bool = False,
    create_accounts: bool = False,
) -> ImportPlan:
    """Route the rows, then plan each dossier against its live data (reads only)."""
    routing = _route(validation, target, lanes)

    def plan_dossier(society_id: int) -> DossierPlan:
        lane = lanes.for_dossier(society_id)
        assert lane is not None, "the directory only holds dossiers a lane reaches"
        try:
            client, context = open_dossier(lane.client, society_id, lane.token_kind)
        except ApiError as error:
            raise connect_error(error, target) from None
        view = routing.views[society_id]
        plan = make_plan(view, client, context, enable_analytics=enable_analytics, create_accounts=create_accounts)
        return DossierPlan(routing.dossiers[society_id], lane, client, context, view, plan)

    def plan_lane(society_ids: list[int]) -> list[DossierPlan]:
        return [plan_dossier(society_id) for society_id in society_ids]

    # The snapshots are read lane by lane, the lanes side by side: each on its own budget.
    by_lane: dict[int, list[int]] = {}
    for society_id in routing.views:
        by_lane.setdefault(id(lanes.for_dossier(society_id)), []).append(society_id)
    planned = {part.dossier.society_id: part for parts in _side_by_side(plan_lane, list(by_lane.values()),
                                                                            lanes.concurrency) for part in parts}
    parts = [planned[society_id] for society_id in routing.views]
    return ImportPlan(parts, _unrouted_rows(routing), lanes, routing.multi)


def _side_by_side(work: Callable[[_T], _R], items: list[_T], concurrency: int) -> list[_R]:
    """work(item) for each item, up to `concurrency` at once (inline when there is only one)."""
    if len(items) <= 1 or concurrency <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(items)), thread_name_prefix="bulkio-lane") as pool:
        return list(pool.map(work, items))


def _route(validation: Validation, target: Target, lanes: Lanes) -> Routing:
    multi = names_a_dossier(validation)
    main = lanes.main
    directory = _directory(lanes) if multi or lanes.by_society else None
    default_id = default_dossier_id(target, main.token_kind if main else "firm", main.own_society if main else None,
                                    multi)
    if default_id is None and not multi:
        raise UsageError(t("multi.need_society"))
    default = None
    if default_id is not None:
        default = directory.get(default_id) if directory is not None else None
        default = default or Dossier(default_id)
    return route(validation, directory, default)


def _directory(lanes: Lanes) -> DossierDirectory:
    """The dossiers the run can reach: the firm's (one request), or each society token's own."""
    if lanes.main is not None and lanes.main.firm:
        directory = DossierDirectory.load(lanes.main.client, firm=True)
    else:
        directory = DossierDirectory({}, firm=False)
        if lanes.main is not None:
            directory.dossiers.update(DossierDirectory.load(lanes.main.client, firm=False).dossiers)
    for society_id, lane in lanes.by_society.items():
        if society_id not in directory.dossiers:
            directory.dossiers.update(DossierDirectory.load(lane.client, firm=False).dossiers)
    return directory


def _unrouted_rows(routing: Routing) -> list[PlannedRow]:
    by_sheet: dict[int, tuple[SheetValidation, list]] = {}
    for sheet, record in routing.unrouted:
        by_sheet.setdefault(id(sheet), (sheet, []))[1].append(record)
    rows: list[PlannedRow] = []
    for sheet, records in by_sheet.values():
        rows.extend(invalid_rows(sheet.spec.kind, SheetValidation(sheet.sheet, records)))
    return rows


# --- the push ------------------------------------------------------------------------------------------


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
    """Push every dossier; one that cannot be pushed (its settings refused, say) does not stop the others.

    One dossier: its journal is finished when its push is complete, as `execute` does. Several: each journal
    is finished only once every dossier is complete (none failed, nothing interrupted), so that a re-run after
    an interruption resumes the dossiers done before it instead of starting them afresh."""
    stop = stop or threading.Event()
    started = datetime.now()
    runs: dict[int, ImportRun] = {}
    failures: dict[int, str] = {}
    recorded: dict[int, dict[RowKey, RowOutcome]] = {}
    journals: list[tuple[int, Path]] = []
    plan_labels = {part.dossier.society_id: part.context.society_label for part in plan.parts}
    several = len(plan.parts) > 1
    lock = threading.Lock()
    done: dict[int, tuple[int, int]] = {}  # society id -> (rows done, errors)
    known: dict[int, dict[RowKey, RowOutcome]] = {}  # society id -> each row's outcome as the push reported it
    halted: list[str] = []  # the dossier whose unexpected error stopped the run
    total = plan.writes

    def progress_of(society_id: int, label: str) -> Callable[[Progress], None]:
        def report(progress: Progress) -> None:
            with lock:
                done[society_id] = (progress.done, progress.errors)
                if progress.row is not None and progress.outcome is not None:
                    seen = known.setdefault(society_id, {})
                    for member in progress.row.group or [progress.row]:
                        seen[(member.sheet, member.excel_row)] = progress.outcome
                rows = sum(d for d, _ in done.values())
                errors = sum(e for _, e in done.values())
            if on_progress is not None:
                on_progress(Progress(rows, total, errors, progress.row, progress.outcome, dossier=label))
        return report

    def push_lane(parts: list[DossierPlan]) -> None:
        for part in parts:
            if stop.is_set() or halted:
                return
            society_id = part.dossier.society_id
            journal: Journal | None = None
            try:
                journal = Journal.for_run(input_path, part.journal_key, journal_dir)
                journal_path = journal.path
                run = execute(part.plan, part.client, journal, progress_of(society_id, part.context.society_label),
                              stop, finish=not several)
            except Exception as error:
                # Writes may have been sent: the rows keep what the push reported, what the journal holds and,
                # for a row sent without an answer, what a read-back finds; the others were not sent.
                if isinstance(error, BulkioError):
                    reason = error.message
                else:  # a cause bulkio does not know: no other dossier is started after it
                    reason = t("multi.unexpected", kind=type(error).__name__, error=part.client.redact(str(error)))
                    halted.append(part.context.society_label)
                with lock:
                    seen = dict(known.get(society_id, {}))
                done_rows = read_back_after_failure(part.plan, part.client, journal, seen)
                with lock:
                    failures[society_id] = t("multi.dossier_failed", dossier=part.context.society_label,
                                             error=reason)
                    recorded[society_id] = done_rows
                continue
            finally:
                if journal is not None:
                    with suppress(Exception):  # its rows are written already: a close that fails loses nothing
                        journal.close()
            with lock:
                runs[society_id] = run
                journals.append((society_id, journal_path))
            if run.result.interrupted:
                stop.set()
                return

    by_lane: dict[int, list[DossierPlan]] = {}
    for part in plan.parts:
        by_lane.setdefault(id(part.lane), []).append(part)
    lanes = list(by_lane.values())
    if len(lanes) <= 1:
        for parts in lanes:
            push_lane(parts)
    else:
        with ThreadPoolExecutor(max_workers=min(plan.lanes.concurrency, len(lanes)),
                                thread_name_prefix="bulkio-lane") as pool:
            futures = [pool.submit(push_lane, parts) for parts in lanes]
            try:
                for future in futures:
                    future.result()
            except KeyboardInterrupt:
                stop.set()  # each lane stops after its request in flight
                for future in futures:
                    future.result()
    interrupted = any(run.result.interrupted for run in runs.values()) or (
        stop.is_set() and len(runs) + len(failures) < len(plan.parts))
    if several and len(runs) == len(plan.parts) and all(run.result.complete for run in runs.values()):
        for society_id, path in journals:  # every dossier is complete: the next run with this input is a new run
            try:
                journal = Journal(path)
                journal.finish()
                journal.close()
            except Exception as error:  # everything was sent: the outcomes stand, only the next run resumes
                failures[society_id] = t("multi.unfinished", dossier=plan_labels[society_id],
                                         error=f"{type(error).__name__}: {error}")
    halt = t("multi.halted", dossier=halted[0]) if halted else ""
    return ImportRuns(plan, runs, failures, started, datetime.now(), interrupted, recorded, halted=halt)


def run_import(
    path: Path,
    target: Target,
    result_path: Path,
    *,
    journal_dir: Path | None = None,
    kinds: Collection[str] | None = None,
    lang: str = "fr",
    on_progress: Callable[[Progress], None] | None = None,
    enable_analytics: bool = False,
    create_accounts: bool = False,
    tokens: TokensFile | None = None,
    sheet_map: Mapping[str, str] | None = None,
    overwrite: bool = False,
    source: SourceOptions | None = None,
) -> tuple[Validation, ImportRuns]:
    """The whole import without questions, every dossier of the workbook: for scripts and tests (the CLI adds
    the confirmation). Where the result workbook went: `runs.report` (a fallback path when `result_path` failed
    at the end). An existing `result_path` is refused (UsageError) unless `overwrite`. An error during the push
    does not raise: the dossier's rows keep what was sent (`runs.failures` says why it stopped)."""
    check_run_outputs(path, result_path, journal_dir, option="result_path", overwrite=overwrite,
                      overwrite_flag="overwrite=True")
    validation = load_and_validate(path, kinds, sheet_map=sheet_map, source=source)
    lanes = open_lanes(target, tokens)
    try:
        plan = plan_import(validation, target, lanes, enable_analytics=enable_analytics,
                           create_accounts=create_accounts)
        runs = execute_import(plan, path, on_progress, journal_dir=journal_dir)
    finally:
        lanes.close()
    runs.report = write_report(validation, runs, target, result_path, "import", lang)
    return validation, runs
