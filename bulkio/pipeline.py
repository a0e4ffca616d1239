"""The import pipeline as plain functions: read -> validate -> connect -> plan -> push -> report.

The command line and the TUI both drive these; nothing here prints or imports textual.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bulkio import __version__
from bulkio.api.client import MyUnisoftClient
from bulkio.config import Target
from bulkio.entities import HANDLERS, plan_workbook
from bulkio.entities.analytics_refs import ANALYTICS_KINDS
from bulkio.errors import ApiError, ApiUnavailable, UsageError
from bulkio.i18n import register, t
from bulkio.issues import Issue
from bulkio.journal import Journal
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, Plan, RunContext
from bulkio.push import Progress, PushResult, push
from bulkio.spec.model import fold
from bulkio.validate import Validation, validate_workbook
from bulkio.workbook.read import read_workbook
from bulkio.workbook.result import RunSummary, write_result

register(
    {
        "pipeline.need_society": {
            "fr": "ce jeton cabinet donne accès à plusieurs dossiers : précisez lequel avec --society-id "
            "(ou MYUNISOFT_SOCIETY_ID).",
            "en": "this firm token reaches several dossiers: say which one with --society-id "
            "(or MYUNISOFT_SOCIETY_ID).",
        },
        "pipeline.society_mismatch": {
            "fr": "ce jeton de dossier est lié au dossier {own}, pas au dossier {asked} : retirez --society-id "
            "ou utilisez le jeton du bon dossier.",
            "en": "this dossier token belongs to dossier {own}, not {asked}: drop --society-id or use the "
            "right dossier's token.",
        },
        "pipeline.auth_failed": {
            "fr": "la connexion à l'API a été refusée ({code} : {message}) : vérifiez MYUNISOFT_SECRET et "
            "MYUNISOFT_TOKEN.",
            "en": "the API refused the connection ({code}: {message}): check MYUNISOFT_SECRET and "
            "MYUNISOFT_TOKEN.",
        },
        "pipeline.unreachable": {
            "fr": "l'API ne répond pas ({message}) : vérifiez l'adresse ({url}) et le réseau.",
            "en": "the API does not answer ({message}): check the address ({url}) and the network.",
        },
        "pipeline.society_change_failed": {
            "fr": "l'activation de l'analytique du dossier a été refusée ({code} : {message}) : rien n'a été "
            "envoyé ; activez-la dans MyUnisoft puis relancez.",
            "en": "enabling the dossier's analytics was refused ({code}: {message}): nothing was sent; enable "
            "it in MyUnisoft and run again.",
        },
        "pipeline.dossier_mismatch": {
            "fr": "ce fichier vise le dossier « {value} », mais la cible est le dossier {society} : corrigez la "
            "colonne Dossier ou la cible.",
            "en": "this row targets dossier '{value}', but the target is dossier {society}: fix the Dossier "
            "column or the target.",
        },
    }
)


def load_and_validate(path: Path, kinds: Collection[str] | None = None) -> Validation:
    with gc_paused():
        return validate_workbook(read_workbook(path, kinds))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Reading makes millions of small objects, none in a cycle; the cyclic collector would scan them over
    and over as they pile up (a quarter of the read and validate time of a 100,000-row sheet)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def connect(target: Target, client: MyUnisoftClient | None = None) -> tuple[MyUnisoftClient, RunContext]:
    """Who the token is, and which dossier the run writes to (2 requests)."""
    client = client or target.client()
    try:
        info = client.get("/key/info", {"mode": "extended"}, scoped=False).data or {}
        kind = str((info.get("target") or {}).get("type") or "api")
        own = (info.get("target") or {}).get("societyId")
        society_id = target.society_id
        if kind != "firm":
            if society_id is not None and own is not None and int(own) != society_id:
                raise UsageError(t("pipeline.society_mismatch", own=own, asked=society_id))
            society_id = int(own) if own is not None else society_id
        elif society_id is None:
            raise UsageError(t("pipeline.need_society"))
        client = client.with_society(society_id)
        society = client.get("/society").data or {}
    except ApiError as error:
        if error.code == "ERR-TRANSPORT":
            raise UsageError(t("pipeline.unreachable", message=error.api_message, url=target.base_url)) from None
        raise UsageError(t("pipeline.auth_failed", code=error.code, message=error.api_message)) from None
    label = f"{society_id} {society.get('name', '')}".strip()
    return client, RunContext(society_id=society_id, token_kind=kind, society_label=label, society=society)


def check_dossier_column(validation: Validation, context: RunContext) -> None:
    """Rows that name another dossier are not written (many dossiers in one workbook come later)."""
    society = context.society
    accepted = {fold(str(v)) for v in (context.society_id, society.get("siret"), society.get("name"),
                                       society.get("folder_reference")) if v not in (None, "")}
    for sheet in validation.sheets:
        header = sheet.sheet.headers.get("dossier")
        for record in sheet.rows:
            value = record.values.get("dossier")
            if isinstance(value, str) and fold(value) not in accepted:
                message = t("pipeline.dossier_mismatch", value=value, society=context.society_label)
                record.issues.append(Issue(sheet.sheet.name, record.excel_row, header, value, "DOSSIER", message))


def needs_analytics(validation: Validation, context: RunContext) -> bool:
    """The workbook has analytics rows and the dossier's analytics are off (ANALYT005)."""
    has_rows = any(s.spec.kind in ANALYTICS_KINDS and any(r.valid for r in s.rows) for s in validation.sheets)
    return has_rows and not context.society.get("analytics")


def make_plan(
    validation: Validation,
    client: MyUnisoftClient,
    context: RunContext,
    *,
    enable_analytics: bool = False,
    create_accounts: bool = False,
) -> Plan:
    check_dossier_column(validation, context)
    plan = plan_workbook(validation, client, context, create_accounts=create_accounts)
    if needs_analytics(validation, context):
        if enable_analytics:
            plan.society_changes["analytics"] = True
        else:
            message = t("analytics.disabled", society=context.society_label)
            for row in plan.rows:
                if row.kind in ANALYTICS_KINDS and row.writes:
                    row.action, row.error_code, row.message = Action.BLOCKED, "ANALYT005", message
    return plan


def apply_society_changes(plan: Plan, client: MyUnisoftClient) -> None:
    """Dossier settings the plan needs (analytics on) before any row: one idempotent PUT /society/:id."""
    if not plan.society_changes:
        return
    for attempt in range(1, 5):
        try:
            client.put(f"/society/{plan.context.society_id}", plan.society_changes)
            break
        except ApiError as error:  # the same partial PUT again is harmless: retry what may be transient
            transient = isinstance(error, ApiUnavailable) or error.is_server_side or error.is_rate_limit
            if not transient or attempt == 4:
                message = t("pipeline.society_change_failed", code=error.code, message=error.api_message)
                raise UsageError(message) from None
    plan.context.society.update(plan.society_changes)


@dataclass
class ImportRun:
    plan: Plan
    result: PushResult
    started_at: datetime
    finished_at: datetime

    def counts(self) -> dict[str, dict[Status, int]]:
        table: dict[str, dict[Status, int]] = {}
        for (sheet, _row), outcome in self.result.outcomes.items():
            per = table.setdefault(sheet, {s: 0 for s in Status})
            per[outcome.status] += 1
        return table

    @property
    def failed(self) -> bool:
        return any(o.status in (Status.ERROR, Status.NOT_SENT) for o in self.result.outcomes.values())


def execute(
    plan: Plan,
    client: MyUnisoftClient,
    journal: Journal,
    on_progress: Callable[[Progress], None] | None = None,
    stop: threading.Event | None = None,
) -> ImportRun:
    started = datetime.now()
    apply_society_changes(plan, client)
    result = push(plan, client, HANDLERS, journal, on_progress, stop=stop)
    return ImportRun(plan, result, started, datetime.now())


def write_report(
    validation: Validation, run: ImportRun, target: Target, out_path: Path, mode: str, lang: str
) -> None:
    summary = RunSummary(
        target=target.describe(run.plan.context.society_label),
        started_at=run.started_at, finished_at=run.finished_at, tool_version=__version__, mode=mode,
    )
    outcomes: dict[tuple[str, int], RowOutcome] = dict(run.result.outcomes)
    write_result(validation.workbook, outcomes, summary, out_path, lang)


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
) -> tuple[Validation, ImportRun]:
    """The whole import without questions: for scripts and tests (the CLI adds the confirmation)."""
    validation = load_and_validate(path, kinds)
    client, context = connect(target)
    with client:
        plan = make_plan(validation, client, context, enable_analytics=enable_analytics,
                         create_accounts=create_accounts)
        journal = Journal.for_run(path, target.journal_key, journal_dir)
        try:
            run = execute(plan, client, journal, on_progress)
        finally:
            journal.close()
    write_report(validation, run, target, result_path, "import", lang)
    return validation, run
