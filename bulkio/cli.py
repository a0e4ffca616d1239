"""The command line: thin commands over the pipeline. Every BulkioError becomes one sentence and an exit code."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import click
import typer
from rich.console import Console
from rich.table import Table

from bulkio import __version__
from bulkio.errors import BulkioError, UsageError
from bulkio.i18n import register, set_language, t
from bulkio.outcome import Status
from bulkio.plan import Action, PlannedRow
from bulkio.spec import SPECS, spec_for

if TYPE_CHECKING:
    from bulkio.multi import ImportPlan, ImportRuns
    from bulkio.tokens import TokensFile

register(
    {
        "cli.unknown_kind": {
            "fr": "type de feuille inconnu « {kind} » : choisissez parmi {known} ou all.",
            "en": "unknown sheet kind '{kind}': choose among {known} or all.",
        },
        "cli.template_written": {"fr": "Modèle écrit : {path}", "en": "Template written: {path}"},
        "cli.valid": {"fr": "Aucune erreur : {rows} lignes valides.", "en": "No errors: {rows} valid rows."},
        "cli.invalid": {
            "fr": "{issues} problème(s) dans {rows} ligne(s) : corrigez-les puis relancez.",
            "en": "{issues} problem(s) in {rows} row(s): fix them and run again.",
        },
        "cli.plan_title": {"fr": "Plan — {target}", "en": "Plan — {target}"},
        "cli.confirm": {
            "fr": "Envoyer {writes} écriture(s) vers {target} ?",
            "en": "Send {writes} write(s) to {target}?",
        },
        "cli.need_yes": {
            "fr": "confirmation impossible sans terminal : ajoutez --yes pour envoyer sans confirmation.",
            "en": "cannot ask for confirmation without a terminal: add --yes to send without confirmation.",
        },
        "cli.enable_analytics": {
            "fr": "Activer l'analytique du dossier {target} avant l'envoi ?",
            "en": "Enable analytics on dossier {target} before sending?",
        },
        "cli.society_changes": {
            "fr": "Le dossier sera modifié avant l'envoi : {changes}",
            "en": "The dossier will be changed before sending: {changes}",
        },
        "cli.cancelled": {"fr": "Annulé : rien n'a été envoyé.", "en": "Cancelled: nothing was sent."},
        "cli.by_dossier": {"fr": "Dossier", "en": "Dossier"},
        "cli.resuming": {
            "fr": "Reprise de l'exécution interrompue : les lignes déjà traitées ne seront pas renvoyées.",
            "en": "Resuming the interrupted run: rows already processed will not be sent again.",
        },
        "cli.interrupted": {
            "fr": "Interrompu. Relancez la même commande pour reprendre là où l'envoi s'est arrêté.",
            "en": "Interrupted. Run the same command again to resume where it stopped.",
        },
        "cli.result_written": {"fr": "Classeur résultat : {path}", "en": "Result workbook: {path}"},
        "cli.exported": {"fr": "{rows} ligne(s) exportée(s) vers {path}", "en": "{rows} row(s) exported to {path}"},
        "cli.no_file": {
            "fr": "le fichier {path} n'existe pas : vérifiez le chemin.",
            "en": "the file {path} does not exist: check the path.",
        },
        "cli.nothing_to_send": {"fr": "Rien à envoyer.", "en": "Nothing to send."},
        "cli.progress": {"fr": "Envoi", "en": "Sending"},
        "cli.unexpected": {
            "fr": "erreur inattendue ({kind}: {error}) : relancez avec BULKIO_DEBUG=1 et signalez-la.",
            "en": "unexpected error ({kind}: {error}): run again with BULKIO_DEBUG=1 and report it.",
        },
    }
)

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="Import and export MyUnisoft referentials from Excel.")
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

Lang = Annotated[str, typer.Option("--lang", help="fr | en", envvar="BULKIO_LANG")]
Sandbox = Annotated[bool, typer.Option("--sandbox", help="Use the embedded sandbox (no credentials needed).")]
BaseUrl = Annotated[str | None, typer.Option("--base-url", help="API root, default https://api.myunisoft.fr/api/v1")]
SocietyId = Annotated[str | None, typer.Option("--society-id", help="Target dossier id (firm tokens).")]
Profile = Annotated[str, typer.Option("--profile", help="Profile of the config file.")]
Tokens = Annotated[Path | None, typer.Option(
    "--tokens", help="TOML file of society tokens, one per dossier: the dossiers are pushed side by side.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log every request (secrets redacted).")]
# The options `import` and `preview` share.
ResultPath = Annotated[Path | None, typer.Option("--result", help="Where to write the result workbook.")]
Restart = Annotated[bool, typer.Option("--restart", help="Ignore an interrupted run's journal.")]
EnableAnalytics = Annotated[bool, typer.Option(
    "--enable-analytics", help="Turn the dossier's analytics on if the workbook needs them.")]
CreateAccounts = Annotated[bool, typer.Option(
    "--create-accounts", help="Create an associate's missing account (POST /account).")]


def _language(lang: str) -> str:
    if lang not in ("fr", "en"):
        raise UsageError(f"--lang: fr | en ({lang!r})")
    set_language(lang)
    return lang


# Words that name several sheets at once on the command line.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "analytique": ("axes", "sections", "repartitions"),
    "analytics": ("axes", "sections", "repartitions"),
    "associes": ("associes_pp", "associes_pm"),
    "associés": ("associes_pp", "associes_pm"),
    "associates": ("associes_pp", "associes_pm"),
}


def _kinds(kinds: list[str] | None) -> list[str]:
    if not kinds or "all" in kinds:
        return list(SPECS)
    found: list[str] = []
    for kind in kinds:
        if kind.lower() in KIND_GROUPS:
            found.extend(k for k in KIND_GROUPS[kind.lower()] if k not in found)
            continue
        try:
            found.append(spec_for(kind).kind)
        except KeyError:
            known = ", ".join([*SPECS, *KIND_GROUPS])
            raise UsageError(t("cli.unknown_kind", kind=kind, known=known)) from None
    return found


def _verbose(enabled: bool) -> None:
    if enabled:
        logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
        for noisy in ("httpx", "httpcore", "uvicorn", "uvicorn.access"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


@app.command()
def template(
    kinds: Annotated[list[str] | None, typer.Argument(help="comptes ... | all")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    lang: Lang = "fr",
) -> None:
    """Write an empty template workbook."""
    from bulkio.workbook.template import write_template

    _language(lang)
    chosen = _kinds(kinds)
    path = output or Path(f"bulkio-{'-'.join(chosen) if len(chosen) < len(SPECS) else 'all'}.xlsx")
    write_template(path, [SPECS[k] for k in chosen], lang)
    err.print(t("cli.template_written", path=path))


@app.command()
def validate(
    file: Path,
    as_json: Annotated[bool, typer.Option("--json", help="Print the issues as JSON.")] = False,
    lang: Lang = "fr",
) -> None:
    """Check a workbook without sending anything."""
    from bulkio.pipeline import load_and_validate

    _language(lang)
    validation = load_and_validate(file)
    issues = validation.issues
    if as_json:
        out.print_json(json.dumps([i.to_json() for i in issues], ensure_ascii=False))
    else:
        for issue in issues:
            out.print(f"{issue.located()} : {issue.message}", markup=False, soft_wrap=True)
        rows = sum(len(s.rows) for s in validation.sheets)
        bad = len({(i.sheet, i.row) for i in issues})
        err.print(t("cli.valid", rows=rows) if not issues else t("cli.invalid", issues=len(issues), rows=bad))
    raise typer.Exit(1 if issues else 0)


def _print_plan(plan: ImportPlan, target: str, detailed: bool) -> None:
    _print_counts(t("cli.plan_title", target=target), "", [(r.sheet, r) for r in plan.rows])
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
    only: Annotated[list[str] | None, typer.Option("--only", help="Import only these sheet kinds.")] = None,
    restart: Restart = False,
    enable_analytics: EnableAnalytics = False,
    create_accounts: CreateAccounts = False,
    tokens: Tokens = None,
    lang: Lang = "fr",
    verbose: Verbose = False,
) -> None:
    """Validate, plan, confirm, push and write the result workbook."""
    from bulkio.config import open_target
    from bulkio.multi import open_lanes, plan_import
    from bulkio.pipeline import load_and_validate, write_report
    from bulkio.workbook.result import default_result_path

    _language(lang)
    _verbose(verbose)
    validation = load_and_validate(file, _kinds(only) if only else None)
    for issue in validation.sheet_level_issues:  # no row carries them: say them before the plan
        err.print(f"{issue.located()} : {issue.message}", markup=False, soft_wrap=True)
    token_file = _tokens(tokens)
    with open_target(sandbox, base_url, society_id, profile) as target:
        lanes = open_lanes(target, token_file)
        try:
            plan = plan_import(validation, target, lanes, enable_analytics=enable_analytics,
                               create_accounts=create_accounts)
            where = plan.describe(target)
            analytics_off = [p.context.society_label for p in plan.parts
                             if any(r.error_code == "ANALYT005" for r in p.plan.rows)]
            if analytics_off and not enable_analytics:
                for label in analytics_off:
                    err.print(t("analytics.disabled", society=label), markup=False, soft_wrap=True)
                if not (yes or dry_run) and sys.stdin.isatty() and typer.confirm(
                        t("cli.enable_analytics", target=where)):
                    plan = plan_import(validation, target, lanes, enable_analytics=True,
                                       create_accounts=create_accounts)
            _print_plan(plan, where, detailed=dry_run)
            for label, changes in plan.society_changes.items():
                err.print(t("cli.society_changes", changes=changes) + f" ({label})", markup=False)
            if dry_run:
                raise typer.Exit(1 if plan.count(Action.BLOCKED) else 0)
            if plan.writes and not yes:
                if not sys.stdin.isatty():
                    raise UsageError(t("cli.need_yes"))
                if not typer.confirm(t("cli.confirm", writes=plan.writes, target=where)):
                    err.print(t("cli.cancelled"))
                    raise typer.Exit(1)
            if restart:
                _restart_journals(file, plan)
            runs = _push_with_progress(plan, file)
        finally:
            lanes.close()
        out_path = result or default_result_path(file)
        write_report(validation, runs, target, out_path, "import", lang)
    _print_summary(runs.counts())
    if len(plan.parts) > 1:
        _print_summary(runs.counts_by_dossier(), t("cli.by_dossier"))
    for message in runs.failures.values():
        err.print(message, markup=False, soft_wrap=True)
    if runs.interrupted:
        err.print(t("cli.interrupted"))
    err.print(t("cli.result_written", path=out_path))
    raise typer.Exit(130 if runs.interrupted else (1 if runs.failed else 0))


def _tokens(path: Path | None) -> TokensFile | None:
    from bulkio.tokens import load_tokens

    if path is None:
        return None
    tokens = load_tokens(path)
    if tokens.open_permissions:
        err.print(t("tokens.open_permissions", path=path), markup=False, soft_wrap=True)
    return tokens


def _restart_journals(file: Path, plan: ImportPlan) -> None:
    """--restart: forget the journals of this file's dossiers (a new run, not a resume)."""
    from bulkio.journal import Journal

    for part in plan.parts:
        journal = Journal.for_run(file, part.journal_key)
        journal.restart()
        journal.close()


def _push_with_progress(plan: ImportPlan, file: Path) -> ImportRuns:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from bulkio.journal import Journal
    from bulkio.multi import execute_import

    resuming = False
    for part in plan.parts:
        journal = Journal.for_run(file, part.journal_key)
        resuming = resuming or journal.resuming
        journal.close()
    if resuming:
        err.print(t("cli.resuming"))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[errors]}"), TextColumn("{task.fields[dossier]}"), console=err,
                  disable=not err.is_terminal) as progress:
        task = progress.add_task(t("cli.progress"), total=plan.writes, errors="", dossier="")
        return execute_import(
            plan, file,
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
    only: Annotated[list[str] | None, typer.Option("--only", help="Show only these sheet kinds.")] = None,
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
    if not file.exists():
        raise UsageError(t("cli.no_file", path=file))
    options = ImportOptions(kinds=_kinds(only) if only else None, enable_analytics=enable_analytics,
                            create_accounts=create_accounts, restart=restart, result_path=result, lang=lang,
                            tokens=_tokens(tokens))
    with ExitStack() as stack:
        try:
            target = stack.enter_context(open_target(sandbox, base_url, society_id, profile))
        except UsageError:
            if sandbox or base_url:
                raise
            target = None  # no target named and no credentials: the preview shows validation only
        session = ImportSession(file, target, options)
        stack.callback(session.close)
        app = PreviewApp(session)
        code = app.run()
    if app.fatal_message:
        err.print(f"bulkio : {app.fatal_message}", markup=False, soft_wrap=True)
    elif session.result_path is not None:
        err.print(t("cli.result_written", path=session.result_path))
    raise typer.Exit(code if isinstance(code, int) else 0)


def _print_summary(counts: dict[str, dict[Status, int]], first: str = "") -> None:
    table = Table()
    table.add_column(first)
    for status in Status:
        table.add_column(status.label(), justify="right")
    for sheet, per in counts.items():
        table.add_row(sheet, *(str(per[s]) for s in Status))
    out.print(table)


@app.command()
def export(
    kinds: Annotated[list[str] | None, typer.Argument(help="comptes ... | all")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Workbook to write (export.xlsx); with --split, a directory (export).")] = None,
    sandbox: Sandbox = False,
    base_url: BaseUrl = None,
    society_id: SocietyId = None,
    societies: Annotated[list[str] | None, typer.Option(
        "--society", help="Export this dossier (id, SIRET, name or reference); repeat for several.")] = None,
    all_societies: Annotated[bool, typer.Option(
        "--all-societies", help="Export every dossier the token reaches.")] = False,
    split: Annotated[bool, typer.Option("--split", help="One workbook per dossier, in the -o directory.")] = False,
    profile: Profile = "default",
    lang: Lang = "fr",
    verbose: Verbose = False,
) -> None:
    """Write the dossier's referentials in the template format, ready to edit and import again."""
    from bulkio.config import open_target
    from bulkio.entities import HANDLERS
    from bulkio.pipeline import connect
    from bulkio.workbook.template import write_sheets

    _language(lang)
    _verbose(verbose)
    chosen = _kinds(kinds)
    if societies or all_societies or split:
        _export_dossiers(chosen, output, sandbox, base_url, society_id, societies or [], all_societies, split,
                         profile, lang)
    output = output or Path("export.xlsx")
    with open_target(sandbox, base_url, society_id, profile) as target:
        client, _context = connect(target)
        sheets = []
        snapshots: dict[str, object] = {}
        for kind in chosen:
            handler = HANDLERS[kind]
            if handler.family not in snapshots:  # axes, sections and repartitions share one read
                snapshots[handler.family] = handler.load_snapshot(client, None)
            sheets.append((handler.spec, handler.export_rows(snapshots[handler.family], lang)))
    write_sheets(output, sheets, lang)
    err.print(t("cli.exported", rows=sum(len(rows) for _, rows in sheets), path=output))


def _export_dossiers(
    kinds: list[str], output: Path | None, sandbox: bool, base_url: str | None, society_id: str | None,
    societies: list[str], all_societies: bool, split: bool, profile: str, lang: str,
) -> None:
    """`export --society ID ... | --all-societies [--split]`: several dossiers, progress per dossier."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from bulkio.config import open_target
    from bulkio.export import DossierExport, export_dossiers, write_export

    if not (societies or all_societies):
        raise UsageError(t("export.split_needs_dossiers"))

    def done(result: DossierExport) -> None:
        progress.advance(task)
        if result.failed:
            err.print(result.describe_error(), markup=False, soft_wrap=True)

    with open_target(sandbox, base_url, society_id, profile) as target, \
            Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err,
                     disable=not err.is_terminal) as progress:
        task = progress.add_task("", total=None)
        run = export_dossiers(
            target, kinds, societies=societies, all_societies=all_societies, lang=lang, on_done=done,
            on_start=lambda index, total, dossier: progress.update(
                task, total=total, description=t("export.progress", dossier=dossier.label, index=index, total=total)),
        )
    for line in write_export(run, output, split, lang):
        err.print(line, markup=False, soft_wrap=True)
    raise typer.Exit(1 if run.failed else 0)


@app.command()
def diff(
    file: Path,
    sandbox: Sandbox = False,
    base_url: BaseUrl = None,
    society_id: SocietyId = None,
    profile: Profile = "default",
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Report to write (default: <file>.audit-<timestamp>.xlsx next to the file).")] = None,
    lang: Lang = "fr",
    verbose: Verbose = False,
) -> None:
    """Audit: compare a workbook with live data, per dossier and sheet, without writing anything."""
    from bulkio.audit import all_identical, audit_target, default_audit_path, write_audit_report
    from bulkio.audit.report import COUNTED, check_report_path
    from bulkio.config import open_target
    from bulkio.pipeline import load_and_validate

    _language(lang)
    _verbose(verbose)
    if not file.exists():
        raise UsageError(t("cli.no_file", path=file))
    out_path = output or default_audit_path(file)
    check_report_path(out_path, file)
    validation = load_and_validate(file)
    with open_target(sandbox, base_url, society_id, profile) as target:
        audits = audit_target(validation, target, lang)
        where = target.describe(", ".join(a.label for a in audits))
    write_audit_report(out_path, audits, lang, source=file, target=where)
    table = Table(title=t("audit.report.title"))
    for header in (t("audit.report.dossier"), t("audit.report.sheet")):
        table.add_column(header)
    for kind in COUNTED:
        table.add_column(kind.short(), justify="right")
    for audit in audits:
        for sheet in audit.sheets:
            counts = sheet.counts()
            if sum(counts.values()):  # the xlsx summary lists every sheet; the terminal only those with rows
                dossier = audit.label if audit.society_id is None else str(audit.society_id)
                table.add_row(dossier, sheet.sheet, *(str(counts[kind]) for kind in COUNTED))
    err.print(table)
    for audit in audits:
        if audit.error:
            err.print(audit.error, markup=False, soft_wrap=True)
    err.print(t("audit.report_written", path=out_path), markup=False, soft_wrap=True)
    raise typer.Exit(0 if all_identical(audits) else 1)


@app.command()
def check(
    sandbox: Sandbox = False,
    base_url: BaseUrl = None,
    society_id: SocietyId = None,
    profile: Profile = "default",
    lang: Lang = "fr",
) -> None:
    """Who the token is, and which routes it can reach."""
    from bulkio.check import describe_access
    from bulkio.config import open_target

    _language(lang)
    with open_target(sandbox, base_url, society_id, profile) as target:
        for line in describe_access(target):
            out.print(line, markup=False)


@app.command()
def sandbox(
    host: Annotated[str, typer.Option(help="Loopback address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8765,
    db: Annotated[Path | None, typer.Option(help="SQLite state file.")] = None,
    rate_limit: Annotated[str, typer.Option("--rate-limit", help="Requests/seconds per token.")] = "20/10",
    latency_ms: Annotated[int, typer.Option("--latency-ms")] = 0,
    fault_rate: Annotated[float, typer.Option("--fault-rate", help="Share of requests answered 500.")] = 0.0,
    empty: Annotated[bool, typer.Option("--empty", help="Dossiers without accounts.")] = False,
    allow_public: Annotated[bool, typer.Option("--allow-public", help="Allow a non-loopback host.")] = False,
) -> None:
    """Run the local MyUnisoft emulator."""
    from bulkio.config import sandbox_db_path
    from bulkio.sandbox import SandboxConfig, serve

    try:
        count, seconds = rate_limit.split("/")
        limit = (int(count), float(seconds))
    except ValueError:
        raise UsageError(f"--rate-limit: N/SECONDS, e.g. 20/10 ({rate_limit!r})") from None
    path = db or sandbox_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    config = SandboxConfig(db_path=path, rate_limit=limit, latency_ms=latency_ms, error_rate=fault_rate,
                           empty=empty)
    try:
        serve(config, host=host, port=port, allow_public=allow_public)
    except ValueError as error:  # a non-loopback host without --allow-public
        raise UsageError(str(error)) from None


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


def _redacted(text: str) -> str:
    """No secret nor token of this run in what the command line prints (an API or a proxy may echo them)."""
    from bulkio.api.client import redact_secrets

    return redact_secrets(text, (os.environ.get("MYUNISOFT_SECRET"), os.environ.get("MYUNISOFT_TOKEN")))


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except click.exceptions.UsageError as error:
        error.show()
        code = 2
    except click.exceptions.Abort:
        code = 130
    except BulkioError as error:
        err.print(f"bulkio : {_redacted(error.message)}", markup=False, soft_wrap=True)
        code = error.exit_code
    except KeyboardInterrupt:
        err.print(t("cli.interrupted"))
        code = 130
    except Exception as error:  # a bug: still one sentence, the traceback only on request
        message = t("cli.unexpected", kind=type(error).__name__, error=_redacted(str(error)))
        if os.environ.get("BULKIO_DEBUG"):  # the traceback, for developers, still without secrets
            import traceback

            message += "\n" + _redacted("".join(traceback.format_exception(error)))
        err.print(f"bulkio : {message}", markup=False, soft_wrap=True)
        code = 2
    sys.exit(code if isinstance(code, int) else 0)
