"""Commands that push: `import` (plan, confirm, push with progress, report) and `preview` (the TUI)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bulkio.cli.app import (
    BaseUrl,
    CreateAccounts,
    EnableAnalytics,
    Lang,
    MapFile,
    Profile,
    Restart,
    ResultPath,
    Sandbox,
    SheetKinds,
    SocietyId,
    Tokens,
    Verbose,
    _input,
    _kinds,
    _language,
    _sheet_map,
    _source,
    _verbose,
    app,
    err,
    out,
)
from bulkio.errors import UsageError
from bulkio.i18n import t

# The result workbook is the record of what a run wrote (the IDs of its creations): never replaced unasked.
Overwrite = Annotated[bool, typer.Option(
    "--overwrite", help="Replace the --result file if it exists (the record of an earlier run).")]

if TYPE_CHECKING:
    from bulkio.config import Target
    from bulkio.import_runs import ImportRuns
    from bulkio.multi import ImportPlan
    from bulkio.outcome import RowOutcome, Status
    from bulkio.outputs import Written
    from bulkio.plan import PlannedRow
    from bulkio.session import ImportSession
    from bulkio.tokens import TokensFile
    from bulkio.validate import Validation


def _print_plan(plan: ImportPlan, target: str, detailed: bool, validation: Validation) -> None:
    from bulkio.notes import sheet_labels
    from bulkio.plan import Action

    names = sheet_labels(validation)
    _print_counts(t("cli.plan_title", target=target), "", [(names.get(r.sheet, r.sheet), r) for r in plan.rows])
    dossier_of = plan.dossier_of_rows()
    if len(plan.parts) > 1:
        labelled = [(dossier_of.get((r.sheet, r.excel_row), "—"), r) for r in plan.rows]
        _print_counts("", t("cli.by_dossier"), labelled)
    if detailed:
        width = max((len(r.sheet) for r in plan.rows), default=0)
        for row in plan.rows:
            if row.action is Action.UNCHANGED:
                continue
            detail = row.describe_changes() or row.message
            where = f"{dossier_of.get((row.sheet, row.excel_row), '—').split()[0]:>6}  " if len(plan.parts) > 1 else ""
            out.print(f"{where}{row.sheet:<{width}} {row.excel_row:>6}  {row.action.label():<12} {row.natural_key}  "
                      f"{detail}", markup=False)


def _print_counts(title: str, first: str, rows: list[tuple[str, PlannedRow]]) -> None:
    from rich.table import Table

    from bulkio.plan import Action

    table = Table(title=title or None)
    table.add_column(first)
    for action in Action:
        table.add_column(action.label(), justify="right")
    for name in dict.fromkeys(name for name, _row in rows):
        table.add_row(name, *(str(sum(1 for n, r in rows if n == name and r.action is a)) for a in Action))
    err.print(table)


@app.command(name="import")
def import_(
    file: Path,
    sandbox: Sandbox = False,
    base_url: BaseUrl = None,
    society_id: SocietyId = None,
    profile: Profile = "default",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the plan, send nothing.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    result: ResultPath = None,
    overwrite: Overwrite = False,
    only: Annotated[list[str] | None, typer.Option("--only", help="Import only these sheet kinds.")] = None,
    sheet: SheetKinds = None,
    map_file: MapFile = None,
    restart: Restart = False,
    enable_analytics: EnableAnalytics = False,
    create_accounts: CreateAccounts = False,
    tokens: Tokens = None,
    lang: Lang = "fr",
    verbose: Verbose = False,
) -> None:
    """Validate, plan, confirm, push and write the result workbook."""
    from bulkio.config import open_target
    from bulkio.notes import note_lines
    from bulkio.plan import Action
    from bulkio.session import ImportOptions, ImportSession

    _language(lang)
    _verbose(verbose)
    options = ImportOptions(kinds=_kinds(only) if only else None, enable_analytics=enable_analytics,
                            create_accounts=create_accounts, restart=restart, result_path=result, lang=lang,
                            sheet_map=_sheet_map(sheet), source=_source(map_file), overwrite=overwrite)
    _input(file)
    session = ImportSession(file, None, options)
    if not dry_run or result is not None:  # a dry run writes nothing: only a path the user gave is checked
        session.check_outputs(overwrite=overwrite or dry_run)
    validation = session.load()
    for issue in validation.sheet_level_issues:  # no row carries them: say them before the plan
        err.print(f"{issue.located()} : {issue.message}", markup=False, soft_wrap=True)
    for line in note_lines(validation.notes):  # sheets read by headers alone or not read, rows not imported
        err.print(line, markup=False, soft_wrap=True)
    options.tokens = _tokens(tokens)
    with open_target(sandbox, base_url, society_id, profile) as target:
        session.target = target
        try:
            plan = session.make_plan()
            where = plan.describe(target)
            analytics_off = [p.context.society_label for p in plan.parts
                             if any(r.error_code == "ANALYT005" for r in p.plan.rows)]
            if analytics_off and not enable_analytics:
                for label in analytics_off:
                    err.print(t("analytics.disabled", society=label), markup=False, soft_wrap=True)
                if not (yes or dry_run) and sys.stdin.isatty() and typer.confirm(
                        t("cli.enable_analytics", target=where)):
                    plan = session.make_plan(enable_analytics=True)
            _print_plan(plan, where, dry_run, validation)
            for label, changes in plan.society_changes.items():
                err.print(t("cli.society_changes", changes=changes) + f" ({label})", markup=False)
            if dry_run:
                raise typer.Exit(1 if plan.count(Action.BLOCKED) else 0)
            _prepare_login(target, plan)
            if plan.writes and not yes:
                if not sys.stdin.isatty():
                    raise UsageError(t("cli.need_yes"))
                if not typer.confirm(t("cli.confirm", writes=plan.writes, target=where)):
                    err.print(t("cli.cancelled"))
                    raise typer.Exit(1)
            runs = _push_with_progress(session)
        finally:
            session.close()
    written = session.report
    assert written is not None
    _print_summary(runs.counts())
    if len(plan.parts) > 1:
        _print_summary(runs.counts_by_dossier(), t("cli.by_dossier"))
    for message in runs.failures.values():
        err.print(message, markup=False, soft_wrap=True)
    if runs.interrupted:
        err.print(t("cli.interrupted"))
    _print_written(written, runs.outcomes)
    raise typer.Exit(130 if runs.interrupted else (1 if runs.failed or not written.complete else 0))


def _prepare_login(target: Target, plan: ImportPlan) -> None:
    """A `bulkio login` token the push would outlive at the pacer's pace: its password now (a terminal), or a
    warning before the first write (bulkio/login.py)."""
    from bulkio.login import prepare_for_run

    main = plan.lanes.main
    if target.login is None or main is None or not plan.writes:
        return
    requests = sum(part.plan.requests for part in plan.parts if part.lane is main)
    prepare_for_run(target.login, requests, main.client.pacer.expected_rate(),
                    lambda text: err.print(text, markup=False, soft_wrap=True))


def _print_written(written: Written, outcomes: dict[tuple[str, int], RowOutcome]) -> None:
    """Where the result workbook is; when it is not where it was asked for, why; when it is nowhere, every row's
    outcome, so that what was sent is never lost."""
    from bulkio.outputs import outcome_lines

    if written.fallback:
        err.print(t("outputs.fallback", wanted=written.wanted, reason=written.failure, path=written.path),
                  markup=False, soft_wrap=True)
    if not written.lost:
        err.print(t("cli.result_written", path=written.path), markup=False, soft_wrap=True)
        return
    err.print(t("outputs.lost", wanted=written.wanted, reason=written.failure), markup=False, soft_wrap=True)
    for line in outcome_lines(outcomes):  # tab-separated as they are: pasted into a spreadsheet, they are columns
        sys.stderr.write(line + "\n")


def _tokens(path: Path | None) -> TokensFile | None:
    from bulkio.tokens import load_tokens

    if path is None:
        return None
    tokens = load_tokens(path)
    if tokens.open_permissions:
        err.print(t("tokens.open_permissions", path=path), markup=False, soft_wrap=True)
    return tokens


def _push_with_progress(session: ImportSession) -> ImportRuns:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    assert session.plan is not None
    if session.prepare_journals():
        err.print(t("cli.resuming"))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[errors]}"), TextColumn("{task.fields[dossier]}"), console=err,
                  disable=not err.is_terminal) as progress:
        task = progress.add_task(t("cli.progress"), total=session.plan.writes, errors="", dossier="")
        return session.push(
            lambda p: progress.update(task, completed=p.done, total=p.total, dossier=p.dossier,
                                      errors=f"✗ {p.errors}" if p.errors else ""))


@app.command()
def preview(
    file: Path,
    sandbox: Sandbox = False,
    base_url: BaseUrl = None,
    society_id: SocietyId = None,
    profile: Profile = "default",
    result: ResultPath = None,
    overwrite: Overwrite = False,
    only: Annotated[list[str] | None, typer.Option("--only", help="Show only these sheet kinds.")] = None,
    sheet: SheetKinds = None,
    map_file: MapFile = None,
    restart: Restart = False,
    enable_analytics: EnableAnalytics = False,
    create_accounts: CreateAccounts = False,
    tokens: Tokens = None,
    lang: Lang = "fr",
) -> None:
    """Look at a workbook, its problems and its plan against live data; confirm, push and watch (Textual)."""
    from contextlib import ExitStack

    from bulkio.config import open_target
    from bulkio.session import ImportOptions, ImportSession
    from bulkio.tui.app import PreviewApp

    _language(lang)
    sheet_map, source = _sheet_map(sheet), _source(map_file)
    if not file.exists():
        raise UsageError(t("cli.no_file", path=file))
    _input(file)
    options = ImportOptions(kinds=_kinds(only) if only else None, enable_analytics=enable_analytics,
                            create_accounts=create_accounts, restart=restart, result_path=result, lang=lang,
                            tokens=_tokens(tokens), sheet_map=sheet_map, source=source, overwrite=overwrite)
    with ExitStack() as stack:
        try:
            target = stack.enter_context(open_target(sandbox, base_url, society_id, profile))
        except UsageError:
            if sandbox or base_url:
                raise
            target = None  # no target named and no credentials: the preview shows validation only
        session = ImportSession(file, target, options)
        if target is not None:  # a preview without a target writes nothing
            session.check_outputs()
        stack.callback(session.close)
        app = PreviewApp(session)
        code = app.run()
    code = code if isinstance(code, int) else 0
    if app.fatal_message:
        err.print(f"bulkio : {app.fatal_message}", markup=False, soft_wrap=True)
    elif session.report is not None and session.run is not None:
        for message in session.run.failures.values():  # the screen is gone: the error that stopped a dossier
            err.print(message, markup=False, soft_wrap=True)
        _print_written(session.report, session.run.outcomes)
        if (session.run.failures or not session.report.complete) and code == 0:
            code = 1
    raise typer.Exit(code)


def _print_summary(counts: dict[str, dict[Status, int]], first: str = "") -> None:
    from rich.table import Table

    from bulkio.outcome import Status

    table = Table()
    table.add_column(first)
    for status in Status:
        table.add_column(status.label(), justify="right")
    for sheet, per in counts.items():
        table.add_row(sheet, *(str(per[s]) for s in Status))
    out.print(table)
