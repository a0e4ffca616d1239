"""An import taken one step at a time, for a front end that shows each step before the next (the preview).

    session = ImportSession(path, target, ImportOptions())
    session.load()            read and validate: no network (or session.read() then session.validate())
    session.make_plan()       connect, read the live data, diff every row (reads only)
    session.push(on_progress, stop)   the writes, journaled and resumable, then the result workbook

The command line runs the same pipeline functions in one go (`pipeline.run_import`); nothing here imports
textual, so the preview stays a thin view over this.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from bulkio.api.client import MyUnisoftClient
from bulkio.config import Target
from bulkio.journal import Journal
from bulkio.pipeline import ImportRun, connect, execute, gc_paused, make_plan, write_report
from bulkio.plan import Plan, RunContext
from bulkio.push import Progress
from bulkio.validate import Validation, validate_workbook
from bulkio.workbook.read import WorkbookData, read_workbook
from bulkio.workbook.result import default_result_path

# The API counts its budget per window of this many seconds (20 requests per 10 s).
API_WINDOW_S = 10.0


@dataclass
class ImportOptions:
    kinds: Collection[str] | None = None
    enable_analytics: bool = False
    create_accounts: bool = False
    restart: bool = False
    result_path: Path | None = None
    lang: str = "fr"


@dataclass
class PushFigures:
    """What a progress display shows: rows done and left, the request rate against the budget, an ETA."""

    done: int
    total: int
    errors: int
    rate: float  # requests per second over the last window
    ceiling: float | None  # the budget in requests per second, once the API has announced it
    eta_s: float | None

    @property
    def left(self) -> int:
        return self.total - self.done


@dataclass
class PushMeter:
    """Turns push progress and the pacer's figures into PushFigures; the ETA comes from the rate limit."""

    planned_requests: int
    started_requests: int  # the pacer's request count when the push began (reads before it do not count)
    clock: Callable[[], float] = time.monotonic
    started_at: float = field(default_factory=time.monotonic)

    def figures(self, progress: Progress, client: MyUnisoftClient) -> PushFigures:
        stats = client.pacer.stats
        now = self.clock()
        # Over the last window, or since the push began if that is shorter (else the first seconds look slow).
        span = max(1e-3, min(API_WINDOW_S, now - self.started_at))
        rate = sum(1 for at in stats.recent if now - at <= span) / span
        ceiling = stats.budget_total / API_WINDOW_S if stats.budget_total else None
        sent = stats.requests - self.started_requests
        if progress.done:
            # Rows of a group share one request, a section with a condition takes two: learn the ratio.
            requests_left = (progress.total - progress.done) * sent / progress.done
        else:
            requests_left = float(self.planned_requests)
        pace = ceiling or (rate if rate > 0 else None)
        eta = requests_left / pace if pace else None
        return PushFigures(progress.done, progress.total, progress.errors, rate, ceiling, eta)


class ImportSession:
    def __init__(self, path: Path, target: Target | None, options: ImportOptions | None = None) -> None:
        self.path = Path(path)
        self.target = target  # None: no target given, the preview shows validation only
        self.options = options or ImportOptions()
        self.workbook: WorkbookData | None = None
        self.validation: Validation | None = None
        self.plan: Plan | None = None
        self.client: MyUnisoftClient | None = None
        self.context: RunContext | None = None
        self.run: ImportRun | None = None
        self.result_path: Path | None = None
        self.resumed = False

    def load(self) -> Validation:
        self.read()
        return self.validate()

    def read(self) -> WorkbookData:
        """The workbook's rows, not yet validated (the preview shows them while validation runs)."""
        with gc_paused():
            self.workbook = read_workbook(self.path, self.options.kinds)
        self.validation = None
        self.plan = None
        return self.workbook

    def validate(self) -> Validation:
        if self.workbook is None or self.validation is not None:
            self.read()  # a validation adds the plan's findings to the rows: a new one starts from a fresh read
        assert self.workbook is not None
        with gc_paused():
            self.validation = validate_workbook(self.workbook)
        return self.validation

    def make_plan(self) -> Plan:
        if self.target is None:
            raise RuntimeError("no target")
        if self.validation is None or self.plan is not None:
            self.load()  # planning adds its findings to the rows: a second plan starts from a fresh read
        assert self.validation is not None
        if self.client is None or self.context is None:
            self.client, self.context = connect(self.target)
        self.plan = make_plan(self.validation, self.client, self.context,
                              enable_analytics=self.options.enable_analytics,
                              create_accounts=self.options.create_accounts)
        return self.plan

    def describe_target(self) -> str:
        if self.target is None:
            return ""
        return self.target.describe(self.context.society_label if self.context else None)

    def meter(self) -> PushMeter:
        assert self.plan is not None and self.client is not None
        return PushMeter(self.plan.requests, self.client.pacer.stats.requests)

    def push(self, on_progress: Callable[[Progress], None] | None = None,
             stop: threading.Event | None = None) -> ImportRun:
        """The writes, then the result workbook. Call from one thread: the journal is a SQLite connection."""
        assert self.plan is not None and self.client is not None and self.target is not None
        assert self.validation is not None
        journal = Journal.for_run(self.path, self.target.journal_key)
        if self.options.restart:
            journal.restart()
            journal = Journal.for_run(self.path, self.target.journal_key)
        self.resumed = journal.resuming
        try:
            self.run = execute(self.plan, self.client, journal, on_progress, stop)
        finally:
            journal.close()
        self.result_path = self.options.result_path or default_result_path(self.path)
        write_report(self.validation, self.run, self.target, self.result_path, "import", self.options.lang)
        return self.run

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
