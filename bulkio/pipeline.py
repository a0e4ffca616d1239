"""The import pipeline as plain functions: read -> validate -> connect -> plan -> push -> report.

The command line and the TUI both drive these; nothing here prints or imports textual.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bulkio import __version__
from bulkio.api.client import MyUnisoftClient
from bulkio.api.pacing_report import describe_pacing
from bulkio.config import Target
from bulkio.entities import HANDLERS, plan_workbook
from bulkio.entities.analytics_refs import ANALYTICS_KINDS
from bulkio.errors import ApiError, ApiUnavailable, UsageError
from bulkio.i18n import register, t
from bulkio.journal import Journal
from bulkio.journal import journal_dir as default_journal_dir
from bulkio.outcome import RowOutcome, Status
from bulkio.outputs import (
    Written,
    check_journal_dir,
    check_output,
    result_suffixes,
    unused_path,
    write_with_fallback,
)
from bulkio.plan import Action, Plan, RunContext
from bulkio.push import Progress, PushResult, push
from bulkio.validate import Validation
from bulkio.workbook.result import RunSummary, default_result_path, write_result

log = logging.getLogger("bulkio.api")

if TYPE_CHECKING:
    from bulkio.import_runs import ImportRuns

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
    }
)


def check_run_outputs(input_path: Path, result_path: Path | None, journals: Path | None = None,
                      option: str = "--result", *, overwrite: bool = False,
                      overwrite_flag: str = "--overwrite") -> None:
    """Before anything is sent: the result workbook (None: the default one) and the journals can be written, and
    an existing result, the record of an earlier run, is not replaced unless `overwrite`; UsageError otherwise."""
    default = result_path_for(input_path, None)
    check_output(result_path or default, input_path=input_path, suffixes=result_suffixes(input_path),
                 option=option, given=result_path is not None, default_name=default.name, replace=overwrite,
                 replace_flag=overwrite_flag)
    check_journal_dir(journals or default_journal_dir())


def result_path_for(input_path: Path, result_path: Path | None) -> Path:
    """The path given, else a time-stamped one beside the input that no earlier run wrote (two runs in one second
    would otherwise share it)."""
    return result_path if result_path is not None else unused_path(default_result_path(input_path))


def connect(target: Target, client: MyUnisoftClient | None = None) -> tuple[MyUnisoftClient, RunContext]:
    """Who the token is, and the one dossier the run writes to (2 requests)."""
    client = client or target.client()
    kind, own = identify(target, client)
    society_id = own if kind != "firm" and own is not None else target.society_id
    if society_id is None:
        raise UsageError(t("pipeline.need_society"))
    try:
        return open_dossier(client, society_id, kind)
    except ApiError as error:
        raise connect_error(error, target) from None


def identify(target: Target, client: MyUnisoftClient) -> tuple[str, int | None]:
    """The token's kind ("firm" or "api") and, for a society token, its dossier (GET /key/info)."""
    try:
        info = client.get("/key/info", {"mode": "extended"}, scoped=False).data or {}
    except ApiError as error:
        raise connect_error(error, target) from None
    kind = str((info.get("target") or {}).get("type") or "api")
    own = (info.get("target") or {}).get("societyId")
    own_id = int(own) if own is not None and kind != "firm" else None
    if kind != "firm" and own_id is not None and target.society_id is not None and own_id != target.society_id \
            and not target.default_society:
        raise UsageError(t("pipeline.society_mismatch", own=own_id, asked=target.society_id))
    return kind, own_id


def open_dossier(client: MyUnisoftClient, society_id: int, kind: str) -> tuple[MyUnisoftClient, RunContext]:
    """The client aimed at one dossier, and the dossier as GET /society describes it (1 request)."""
    client = client.with_society(society_id)
    society = client.get("/society").data or {}
    label = f"{society_id} {society.get('name', '')}".strip()
    return client, RunContext(society_id=society_id, token_kind=kind, society_label=label, society=society)


def connect_error(error: ApiError, target: Target) -> UsageError:
    if error.code == "ERR-TRANSPORT":
        return UsageError(t("pipeline.unreachable", message=error.api_message, url=target.base_url))
    return UsageError(t("pipeline.auth_failed", code=error.code, message=error.api_message))


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
    """Dossier settings the plan needs (analytics on) before any row: one PUT /society/:id.

    A PUT that may have landed (no answer, a 5xx) is read back before it is sent again, as every write is."""
    if not plan.society_changes:
        return
    for attempt in range(1, 5):
        try:
            client.put(f"/society/{plan.context.society_id}", plan.society_changes)
            break
        except ApiError as error:  # retry what may be transient, once the read-back says it did not land
            transient = isinstance(error, ApiUnavailable) or error.is_server_side or error.is_rate_limit
            if not transient or attempt == 4:
                message = t("pipeline.society_change_failed", code=error.code, message=error.api_message)
                raise UsageError(message) from None
            if not error.is_rate_limit and _society_changed(client, plan.society_changes):
                break
    plan.context.society.update(plan.society_changes)


def _society_changed(client: MyUnisoftClient, changes: dict[str, object]) -> bool:
    """The dossier already holds these settings (GET /society); False when that cannot be read either."""
    try:
        society = client.get("/society").data or {}
    except ApiError:
        return False  # the settings PUT is idempotent: sending it again is harmless, failing the run is not
    return isinstance(society, dict) and all(society.get(key) == value for key, value in changes.items())


@dataclass
class ImportRun:
    plan: Plan
    result: PushResult
    started_at: datetime
    finished_at: datetime

    @property
    def label(self) -> str:
        return self.plan.context.society_label

    def describe(self, target: Target) -> str:
        return target.describe(self.label)

    @property
    def outcomes(self) -> dict[tuple[str, int], RowOutcome]:
        return self.result.outcomes

    def counts_by_dossier(self) -> dict[str, dict[Status, int]]:
        return {}  # one dossier: the per-sheet counts say it all

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
    *,
    finish: bool = True,
) -> ImportRun:
    """The dossier's settings, then its writes; `finish`: see `push`."""
    started = datetime.now()
    apply_society_changes(plan, client)
    result = push(plan, client, HANDLERS, journal, on_progress, stop=stop, finish=finish)
    return ImportRun(plan, result, started, datetime.now())


def write_report(
    validation: Validation, run: ImportRun | ImportRuns, target: Target, out_path: Path, mode: str, lang: str
) -> Written:
    """The result workbook at `out_path` or, when that fails after the writes were sent, at a fallback path;
    Written.path is None when no place would take it (the caller then prints every row's outcome)."""
    lanes = getattr(run.plan, "lanes", None)  # a run of several dossiers (multi.ImportRuns) keeps its clients
    pacing = describe_pacing([lane.client.pacer.stats for lane in lanes.all()] if lanes else [], lang)
    for line in pacing:
        log.info("%s", line)
    summary = RunSummary(
        target=run.describe(target),
        started_at=run.started_at, finished_at=run.finished_at, tool_version=__version__, mode=mode,
        dossiers=run.counts_by_dossier(), pacing=pacing,
    )
    outcomes = dict(run.outcomes)
    data = validation.workbook
    return write_with_fallback(lambda path: write_result(data, outcomes, summary, path, lang), out_path,
                               default_result_path(data.path).name)
