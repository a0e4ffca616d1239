"""The import, one step at a time: the one sequence the command line, the preview and scripts all drive.

    session = ImportSession(path, target, ImportOptions())
    session.check_outputs()   the result workbook and the journals can be written (before anything is sent)
    session.load()            read and validate: no network (or session.read() then session.validate(); the
                              preview shows session.first_rows() before read() is done)
    session.make_plan()       connect, route the rows to their dossiers, read the live data, diff every row;
                              again with enable_analytics=True after asking: each plan starts from the rows as
                              validated (planning's findings go to plan.validation, never to session.validation)
    session.prepare_journals()  --restart applied; True when an interrupted run is being resumed
    session.push(on_progress, stop)   the writes, journaled per dossier and resumable, then the result workbook
    session.close()

`import` (cli/runs.py) takes the steps with its questions between them, the preview (tui/) one screen per step,
and `run_import` below all of them without a question, for scripts, tests and benches. Nothing here imports
textual, so the preview stays a thin view over this.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bulkio.api.client import MyUnisoftClient
from bulkio.api.pacing import Pacer
from bulkio.config import Target
from bulkio.import_runs import ImportRuns
from bulkio.lanes import Lanes, open_lanes
from bulkio.load import gc_paused
from bulkio.multi import ImportPlan, plan_import
from bulkio.outputs import Written
from bulkio.pipeline import check_run_outputs, result_path_for, write_report
from bulkio.plan import RunContext
from bulkio.push import Progress
from bulkio.push_all import execute_import, prepare_journals
from bulkio.tokens import TokensFile
from bulkio.validate import Validation, validate_workbook
from bulkio.workbook.first_rows import read_first_rows
from bulkio.workbook.read import WorkbookData, read_workbook
from bulkio.workbook.source_options import SourceOptions

# The span over which the rate shown is measured (the documented window: 20 requests per 10 s).
API_WINDOW_S = 10.0


@dataclass
class ImportOptions:
    kinds: Collection[str] | None = None
    enable_analytics: bool = False
    create_accounts: bool = False
    restart: bool = False
    result_path: Path | None = None
    lang: str = "fr"
    tokens: TokensFile | None = None  # one society token per dossier (--tokens)
    sheet_map: Mapping[str, str] | None = None  # sheet name as written -> kind (--sheet)
    source: SourceOptions | None = None  # the mapping file (--map); --sheet wins over its [feuilles]
    overwrite: bool = False  # an existing result_path may be replaced (--overwrite)
    journal_dir: Path | None = None  # None: the user's journal folder
    # How the front end names the result path and the overwrite flag in its messages.
    result_option: str = "--result"
    overwrite_flag: str = "--overwrite"


@dataclass
class PushFigures:
    """What a progress display shows: rows done and left, the request rate against the budget, an ETA."""

    done: int
    total: int
    errors: int
    rate: float  # requests per second over the last window
    ceiling: float | None  # requests per second the pacers hold to: their budget, after what the server taught
    eta_s: float | None

    @property
    def left(self) -> int:
        return self.total - self.done


@dataclass
class PushMeter:
    """Turns push progress and the pacer's figures into PushFigures; the ETA comes from the pace the pacers hold
    (the configured or documented budget, slowed by what the server taught), never from an announced Total alone:
    a Total says nothing of its window."""

    planned_requests: int
    started_requests: int  # the pacer's request count when the push began (reads before it do not count)
    clock: Callable[[], float] = time.monotonic
    started_at: float = field(default_factory=time.monotonic)

    def figures(self, progress: Progress, pacers: Sequence[Pacer]) -> PushFigures:
        """`pacers`: one per token the push uses; their rates and budgets add up."""
        now = self.clock()
        # Over the last window, or since the push began if that is shorter (else the first seconds look slow).
        span = max(1e-3, min(API_WINDOW_S, now - self.started_at))
        rate = sum(1 for pacer in pacers for at in pacer.stats.recent if now - at <= span) / span
        ceiling = sum(pacer.expected_rate() for pacer in pacers) or None
        sent = sum(pacer.stats.requests for pacer in pacers) - self.started_requests
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
        self.plan: ImportPlan | None = None
        self.lanes: Lanes | None = None
        self.run: ImportRuns | None = None
        self.result_path: Path | None = None  # where the result workbook is, once written
        self.report: Written | None = None  # and where it was meant to be, when that failed
        self.resumed = False
        self._journals_prepared = False

    @property
    def client(self) -> MyUnisoftClient | None:
        """The target's client (its token is what an error message must never show)."""
        return self.lanes.main.client if self.lanes is not None and self.lanes.main is not None else None

    @property
    def context(self) -> RunContext | None:
        """The dossier, when the workbook goes to one."""
        return self.plan.context if self.plan is not None else None

    def load(self) -> Validation:
        self.read()
        return self.validate()

    def first_rows(self) -> WorkbookData | None:
        """The top of the one sheet a simple workbook has, read in milliseconds, to show before read() is done;
        None when the file is not that simple (workbook/first_rows.py): then read() alone."""
        options = self.options
        return read_first_rows(self.path, options.kinds, options.sheet_map, options.source)

    def read(self) -> WorkbookData:
        """The workbook's rows, not yet validated (the preview shows them while validation runs)."""
        with gc_paused():
            self.workbook = read_workbook(self.path, self.options.kinds, sheet_map=self.options.sheet_map,
                                          source=self.options.source)
        self.validation = None
        self.plan = None
        return self.workbook

    def validate(self) -> Validation:
        if self.workbook is None:
            self.read()
        assert self.workbook is not None
        with gc_paused():
            self.validation = validate_workbook(self.workbook)
        self.plan = None
        return self.validation

    def make_plan(self, *, enable_analytics: bool | None = None) -> ImportPlan:
        """`enable_analytics`: None keeps the option's; the command line asks, then plans again with True."""
        if self.target is None:
            raise RuntimeError("no target")
        if self.validation is None:
            self.load()
        assert self.validation is not None
        if enable_analytics is not None:
            self.options.enable_analytics = enable_analytics
        if self.lanes is None:
            self.lanes = open_lanes(self.target, self.options.tokens)
        self.plan = plan_import(self.validation, self.target, self.lanes,
                                enable_analytics=self.options.enable_analytics,
                                create_accounts=self.options.create_accounts)
        return self.plan

    @property
    def problems(self) -> Validation | None:
        """The rows with every problem found so far: validation's, and once planned, planning's findings too."""
        return self.plan.validation if self.plan is not None else self.validation

    def describe_target(self) -> str:
        if self.target is None:
            return ""
        return self.plan.describe(self.target) if self.plan else self.target.describe()

    def pacers(self) -> list[Pacer]:
        return [lane.client.pacer for lane in self.lanes.all()] if self.lanes is not None else []

    def meter(self) -> PushMeter:
        assert self.plan is not None
        return PushMeter(self.plan.requests, sum(p.stats.requests for p in self.pacers()))

    def wanted_result_path(self) -> Path:
        return result_path_for(self.path, self.options.result_path)

    def check_outputs(self, *, overwrite: bool | None = None) -> None:
        """The result workbook and the journals can be written, an earlier result is not replaced unasked:
        UsageError otherwise, before any write. `overwrite`: None keeps the option's (a dry run writes nothing,
        so an existing result is no reason to stop it)."""
        options = self.options
        check_run_outputs(self.path, options.result_path, options.journal_dir, option=options.result_option,
                          overwrite=options.overwrite if overwrite is None else overwrite,
                          overwrite_flag=options.overwrite_flag)

    def prepare_journals(self) -> bool:
        """--restart applied to this file's journals, once; True when an interrupted run is being resumed."""
        if not self._journals_prepared:
            assert self.plan is not None
            self.resumed = prepare_journals(self.plan, self.path, self.options.restart, self.options.journal_dir)
            self._journals_prepared = True
        return self.resumed

    def push(self, on_progress: Callable[[Progress], None] | None = None,
             stop: threading.Event | None = None) -> ImportRuns:
        """The writes, then the result workbook. Each dossier's journal lives in the thread that pushes it; an
        error during the writes stops its dossier, and `run.failures` says why (the result holds what was sent)."""
        assert self.plan is not None and self.target is not None and self.validation is not None
        self.check_outputs()  # again: the folder may have gone since the preview opened
        self.prepare_journals()
        self.run = execute_import(self.plan, self.path, on_progress, stop, self.options.journal_dir)
        self.report = write_report(self.validation, self.run, self.target, self.wanted_result_path(), "import",
                                   self.options.lang)
        self.run.report = self.report
        self.result_path = self.report.path
        return self.run

    def close(self) -> None:
        if self.lanes is not None:
            self.lanes.close()


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
    """The whole import without questions, every dossier of the workbook: for scripts and tests (the command line
    adds the confirmation). Where the result workbook went: `runs.report` (a fallback path when `result_path`
    failed at the end). An existing `result_path` is refused (UsageError) unless `overwrite`. An error during the
    push does not raise: the dossier's rows keep what was sent (`runs.failures` says why it stopped)."""
    options = ImportOptions(kinds=kinds, enable_analytics=enable_analytics, create_accounts=create_accounts,
                            result_path=result_path, lang=lang, tokens=tokens, sheet_map=sheet_map, source=source,
                            overwrite=overwrite, journal_dir=journal_dir, result_option="result_path",
                            overwrite_flag="overwrite=True")
    session = ImportSession(path, target, options)
    try:
        session.check_outputs()
        validation = session.load()
        session.make_plan()
        runs = session.push(on_progress)
    finally:
        session.close()
    return validation, runs
