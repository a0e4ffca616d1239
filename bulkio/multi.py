"""An import across every dossier a workbook goes to: lanes, routing, one plan per dossier, one run.

    lanes = open_lanes(target, tokens)       one client per token, each with its own budget: the target's
                                             token, and each token of a tokens file (--tokens)
    plan = plan_import(validation, target, lanes, enable_analytics=..., create_accounts=...)
                                             rows routed to dossiers (routing.py), each dossier planned with
                                             the client of the lane that reaches it
    runs = execute_import(plan, input_path, on_progress, stop)
                                             the lanes side by side (at most `concurrency` at once), the
                                             dossiers of one lane one after the other: they share its budget

A firm token reaches every dossier, so a firm-scale run with it is one lane; a tokens file adds one lane per
dossier token, and as many dossiers progress at once, each at its own token's pace. Every dossier has its own
journal, so an interrupted run resumes dossier by dossier without sending a write twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from bulkio.api.client import MyUnisoftClient
from bulkio.api.pacing import Pacer
from bulkio.config import Target
from bulkio.dossiers import Dossier, DossierDirectory, DossierError
from bulkio.errors import ApiError, BulkioError, UsageError
from bulkio.i18n import register, t
from bulkio.journal import Journal
from bulkio.outcome import RowOutcome, Status
from bulkio.pipeline import ImportRun, connect_error, execute, identify, make_plan, open_dossier
from bulkio.plan import Action, Plan, PlannedRow, RunContext, invalid_rows
from bulkio.push import Progress, PushResult, settled_outcome
from bulkio.routing import Routing, names_a_dossier, route
from bulkio.tokens import TokenEntry, TokensFile
from bulkio.validate import SheetValidation, Validation

_T = TypeVar("_T")
_R = TypeVar("_R")

register(
    {
        "multi.token_not_society": {
            "fr": "fichier de jetons, dossier « {dossier} » : ce jeton n'est pas un jeton de dossier ({kind}) ; "
            "mettez-y le jeton de ce dossier.",
            "en": "tokens file, dossier '{dossier}': this token is not a dossier token ({kind}); put that "
            "dossier's token there.",
        },
        "multi.token_other_dossier": {
            "fr": "fichier de jetons, dossier « {dossier} » : ce jeton est celui du dossier {own} ; "
            "vérifiez la ligne.",
            "en": "tokens file, dossier '{dossier}': this token belongs to dossier {own}; check the line.",
        },
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
    }
)


@dataclass
class Lane:
    """One token: one client, one budget, one token kind ("firm" or "api")."""

    client: MyUnisoftClient  # not aimed at a dossier
    token_kind: str
    own_society: int | None  # a society token's dossier
    journal_key: str  # identifies the target and the token, without the token
    keyed_society: int | None = None  # the dossier journal_key already names (the target's --society-id)

    @property
    def firm(self) -> bool:
        return self.token_kind == "firm"


@dataclass
class Lanes:
    main: Lane | None  # the target's token
    by_society: dict[int, Lane] = field(default_factory=dict)  # a tokens file's society tokens
    concurrency: int = 1

    def all(self) -> list[Lane]:
        return ([self.main] if self.main else []) + [lane for lane in self.by_society.values() if lane is not self.main]

    def close(self) -> None:
        for lane in self.all():
            lane.client.close()

    def for_dossier(self, society_id: int) -> Lane | None:
        lane = self.by_society.get(society_id)
        if lane is not None:
            return lane
        if self.main is not None and (self.main.firm or self.main.own_society == society_id):
            return self.main
        return None


def open_lanes(target: Target, tokens: TokensFile | None = None) -> Lanes:
    """A client per token; a tokens file's tokens are checked against their dossiers (2 requests each)."""
    client = target.client()
    kind, own = identify(target, client)
    main = Lane(client, kind, own, target.journal_key, target.society_id)
    lanes = Lanes(main, concurrency=1)
    if tokens is None:
        return lanes
    lanes.concurrency = tokens.concurrency
    for entry in tokens.entries:
        lane = _token_lane(target, entry)
        lanes.by_society[lane.own_society or 0] = lane
    return lanes


def _token_lane(target: Target, entry: TokenEntry) -> Lane:
    budget = (entry.budget.requests, entry.budget.seconds) if entry.budget else None
    token_target = Target(target.base_url, target.secret, entry.token, None, sandbox=target.sandbox,
                          timeout=target.timeout)
    client = token_target.client(pacer=Pacer(limit=budget))
    kind, own = identify(token_target, client)
    if kind == "firm" or own is None:
        client.close()
        raise UsageError(t("multi.token_not_society", dossier=entry.dossier, kind=kind))
    directory = DossierDirectory.load(client, firm=False)
    try:
        named = directory.resolve(entry.dossier)
    except DossierError:
        named = None
    if named is None or named.society_id != own:
        label = directory.get(own).label if directory.get(own) else str(own)  # type: ignore[union-attr]
        client.close()
        raise UsageError(t("multi.token_other_dossier", dossier=entry.dossier, own=label))
    return Lane(client, kind, own, token_target.journal_key)


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
    unrouted: list[PlannedRow]  # rows whose Dossier cell goes nowhere: blocked
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
    explicit = target.society_id if not target.default_society else None
    if main is not None and not main.firm:
        explicit = main.own_society  # a society token's rows go to its own dossier
    default_id = explicit if multi else (explicit or target.society_id)
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


@dataclass
class ImportRuns:
    plan: ImportPlan
    runs: dict[int, ImportRun]  # by society id
    failures: dict[int, str]  # dossiers that could not be pushed at all: why
    started_at: datetime
    finished_at: datetime
    interrupted: bool = False

    @property
    def label(self) -> str:
        return self.plan.label

    def describe(self, target: Target) -> str:
        return self.plan.describe(target)

    @property
    def outcomes(self) -> dict[tuple[str, int], RowOutcome]:
        found: dict[tuple[str, int], RowOutcome] = {}
        for part in self.plan.parts:
            run = self.runs.get(part.dossier.society_id)
            if run is not None:
                found.update(run.result.outcomes)
                continue
            message = self.failures.get(part.dossier.society_id, "")
            for row in part.plan.rows:
                found[(row.sheet, row.excel_row)] = (RowOutcome(Status.NOT_SENT, message) if row.writes
                                                     else settled_outcome(row))
        for row in self.plan.unrouted:
            found[(row.sheet, row.excel_row)] = settled_outcome(row)
        return found

    def counts(self) -> dict[str, dict[Status, int]]:
        table: dict[str, dict[Status, int]] = {}
        for (sheet, _row), outcome in self.outcomes.items():
            table.setdefault(sheet, dict.fromkeys(Status, 0))[outcome.status] += 1
        return table

    def counts_by_dossier(self) -> dict[str, dict[Status, int]]:
        """Per dossier label; rows that reached no dossier are left out (they are in the per-sheet counts)."""
        dossier_of = self.plan.dossier_of_rows()
        table: dict[str, dict[Status, int]] = {part.context.society_label: dict.fromkeys(Status, 0)
                                               for part in self.plan.parts}
        for key, outcome in self.outcomes.items():
            label = dossier_of.get(key)
            if label is not None:
                table[label][outcome.status] += 1
        return table

    @property
    def failed(self) -> bool:
        return bool(self.failures) or any(o.status in (Status.ERROR, Status.NOT_SENT) for o in self.outcomes.values())

    @property
    def result(self) -> PushResult:
        """All dossiers' outcomes as one push result (what the single-dossier front ends read)."""
        return PushResult(self.outcomes, self.interrupted, sum(r.result.sent for r in self.runs.values()))


def execute_import(
    plan: ImportPlan,
    input_path: Path,
    on_progress: Callable[[Progress], None] | None = None,
    stop: threading.Event | None = None,
    journal_dir: Path | None = None,
) -> ImportRuns:
    """Push every dossier; one that cannot be pushed (its settings refused, say) does not stop the others."""
    stop = stop or threading.Event()
    started = datetime.now()
    runs: dict[int, ImportRun] = {}
    failures: dict[int, str] = {}
    lock = threading.Lock()
    done: dict[int, tuple[int, int]] = {}  # society id -> (rows done, errors)
    total = plan.writes

    def progress_of(society_id: int, label: str) -> Callable[[Progress], None]:
        def report(progress: Progress) -> None:
            with lock:
                done[society_id] = (progress.done, progress.errors)
                rows = sum(d for d, _ in done.values())
                errors = sum(e for _, e in done.values())
            if on_progress is not None:
                on_progress(Progress(rows, total, errors, progress.row, progress.outcome, dossier=label))
        return report

    def push_lane(parts: list[DossierPlan]) -> None:
        for part in parts:
            if stop.is_set():
                return
            society_id = part.dossier.society_id
            journal = Journal.for_run(input_path, part.journal_key, journal_dir)
            try:
                run = execute(part.plan, part.client, journal, progress_of(society_id, part.context.society_label),
                              stop)
            except BulkioError as error:
                with lock:
                    failures[society_id] = t("multi.dossier_failed", dossier=part.context.society_label,
                                             error=error.message)
                continue
            finally:
                journal.close()
            with lock:
                runs[society_id] = run
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
    return ImportRuns(plan, runs, failures, started, datetime.now(), interrupted)
