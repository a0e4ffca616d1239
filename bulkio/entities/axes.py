"""Axes: create or relabel an axe, and see that it has its default section (reference §5.2, Q4, Q7).

A new axe is `POST /analytics/axes` (201; no default section is created by the API). Its default section
is created by the row that names it: a Sections row when the workbook has one for it, otherwise this
Axes row (`POST .../sections` with `by_default: true`; code ATTENTE unless the sheet names another).
POST axes is not idempotent: after an ambiguous failure the axes are re-listed and an axe with the code
is adopted instead of created again; a GBL6 "already exists" answer is handled the same way.
"""

from __future__ import annotations

from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.entities.analytics_refs import AnalyticsRefs
from bulkio.entities.analytics_snapshot import AnalyticsSnapshot, Axe, axe_from_api, section_from_api
from bulkio.errors import ApiError
from bulkio.i18n import t
from bulkio.outcome import RowOutcome
from bulkio.plan import Action, Change, PlannedRow, RunContext, StepLog, invalid_rows
from bulkio.spec.analytics import AXES, DEFAULT_SECTION_CODE
from bulkio.validate import SheetValidation, Validation

ALREADY_EXISTS = "GBL6"  # reference Q4: a duplicate axe code


def plan_sheet(
    sheet: SheetValidation, snapshot: AnalyticsSnapshot, context: RunContext, validation: Validation
) -> list[PlannedRow]:
    refs = AnalyticsRefs.build(snapshot, validation)
    planned = list(invalid_rows(AXES.kind, sheet))
    for record in (r for r in sheet.rows if r.valid):
        code = str(record.values["axe_code"])
        default = refs.default_of(code)
        extra: dict[str, Any] = {}
        if default is not None and default.owner == "axe":
            extra["default_code"] = default.code
        remote = snapshot.axes.get(code)
        row = PlannedRow(AXES.kind, sheet.sheet.name, record.excel_row, code, Action.CREATE, record.values,
                         extra=extra)
        if remote is not None:
            row.remote_id = str(remote.id)
            row.changes = _changes(row, remote)
            row.action = Action.UPDATE if row.changes else Action.UNCHANGED
        planned.append(row)
    return planned


def _changes(row: PlannedRow, axe: Axe) -> list[Change]:
    changes = []
    label = row.values.get("label")
    if isinstance(label, str) and label.strip() != axe.label:
        changes.append(Change("label", axe.label, label.strip()))
    wanted = row.extra.get("default_code")
    if wanted is not None and wanted != axe.default_code:
        changes.append(Change("default_section", axe.default_code, wanted))
    return changes


def execute(row: PlannedRow, client: MyUnisoftClient, snapshot: AnalyticsSnapshot, log: StepLog) -> RowOutcome:
    code = row.natural_key
    label = str(row.values["label"]).strip()
    axe = snapshot.axes.get(code)
    request_id = ""
    if axe is None:
        try:
            response = client.post("/analytics/axes", {"code": code, "label": label})
        except ApiError as error:
            if error.code != ALREADY_EXISTS or _adopt(client, snapshot, code) is None:
                raise
        else:
            axe = snapshot.axes[code] = axe_from_api(response.data)
            log("create", str(axe.id))
            request_id = response.request_id
        axe = snapshot.axes[code]
    if label != axe.label:
        response = client.put(f"/analytics/axes/{axe.id}", {"label": label})
        axe.label, request_id = label, response.request_id
        log("update", str(axe.id))
    wanted = row.extra.get("default_code")
    if wanted is not None and wanted != axe.default_code:
        request_id = _ensure_default(client, axe, wanted, log) or request_id
    return row.landed(str(axe.id), request_id, row.describe_changes())


def _ensure_default(client: MyUnisoftClient, axe: Axe, code: str, log: StepLog) -> str:
    section = axe.sections.get(code)
    if section is None:
        label = t("analytics.waiting_label") if code == DEFAULT_SECTION_CODE else code
        response = client.post(f"/analytics/axes/{axe.id}/sections",
                               {"code": code, "label": label, "by_default": True})
        section = section_from_api(response.data)
        axe.sections[code] = section
        axe.default_id = section.id
        log("default_section", str(section.id))
        return response.request_id
    response = client.put(f"/analytics/axes/{axe.id}", {"id_section_default": section.id})
    axe.default_id = section.id
    log("default_section", str(section.id))
    return response.request_id


def _adopt(client: MyUnisoftClient, snapshot: AnalyticsSnapshot, code: str) -> Axe | None:
    """Re-list the axes; the one with this code, with its sections, if it exists now."""
    snapshot.refresh_axes(client)
    axe = snapshot.axes.get(code)
    if axe is not None:
        snapshot.refresh_sections(client, axe)
    return axe


def confirm(row: PlannedRow, client: MyUnisoftClient, snapshot: AnalyticsSnapshot) -> RowOutcome | None:
    axe = _adopt(client, snapshot, row.natural_key)
    if axe is None or _changes(row, axe):
        return None
    return row.landed(str(axe.id))


def export_rows(snapshot: AnalyticsSnapshot, lang: str = "fr") -> list[dict[str, Any]]:
    return [{"axe_code": axe.code, "label": axe.label, "default_section": axe.default_code}
            for axe in sorted(snapshot.axes.values(), key=lambda a: a.id)]

