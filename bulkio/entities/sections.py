"""Sections: create, relabel, set the account condition, close, make default (reference §5.3, Q5, Q7).

`POST .../sections` takes code, label and `by_default` only (the account condition and the closed flag
are not create fields), so a section with a condition or closed needs a create then a `PUT`: both steps
are journaled, and a rerun after a crash between them only sends the PUT (the fresh snapshot shows the
section without its condition). POST is not idempotent: after an ambiguous failure the axe's sections
are re-listed and a section with the code is adopted; a UNIK1 "code exists" answer is handled the same way.
"""

from __future__ import annotations

from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.entities.analytics_refs import AnalyticsRefs, same_condition
from bulkio.entities.analytics_snapshot import AnalyticsSnapshot, Axe, Section, section_from_api
from bulkio.errors import ApiError
from bulkio.i18n import t, yes_no
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, Change, PlannedRow, RunContext, StepLog, invalid_rows, reject
from bulkio.spec.analytics import SECTIONS
from bulkio.spec.model import CLEAR
from bulkio.validate import SheetValidation, Validation

ALREADY_EXISTS = "UNIK1"  # reference Q5: the code exists on this axe


def plan_sheet(
    sheet: SheetValidation, snapshot: AnalyticsSnapshot, context: RunContext, validation: Validation
) -> list[PlannedRow]:
    refs = AnalyticsRefs.build(snapshot, validation)
    for record in (r for r in sheet.rows if r.valid):
        axe_code = str(record.values["axe_code"])
        problem, row = refs.axe_problem(axe_code)
        if problem:
            reject(sheet, record, "axe_code", problem.split(".")[1].upper(), t(problem, value=axe_code, row=row))
            continue
        default = refs.default_of(axe_code)
        code = str(record.values["section_code"])
        if default is not None and default.owner == "" and default.code == code \
                and record.values.get("is_default") is False:
            reject(sheet, record, "is_default", "NO_DEFAULT", t("analytics.no_default", value=code, axe=axe_code))
    planned = list(invalid_rows(SECTIONS.kind, sheet))
    for record in (r for r in sheet.rows if r.valid):
        axe_code, code = str(record.values["axe_code"]), str(record.values["section_code"])
        default = refs.default_of(axe_code)
        make_default = default is not None and default.owner == "section" and default.code == code
        row = PlannedRow(SECTIONS.kind, sheet.sheet.name, record.excel_row, f"{axe_code}/{code}", Action.CREATE,
                         record.values, extra={"axe": axe_code, "code": code, "make_default": make_default})
        axe = snapshot.axes.get(axe_code)
        section = axe.sections.get(code) if axe else None
        if axe is not None and section is not None:
            row.remote_id = str(section.id)
            row.changes = _changes(row, axe, section)
            row.action = Action.UPDATE if row.changes else Action.UNCHANGED
        planned.append(row)
    return planned


def _wanted(row: PlannedRow, key: str) -> Any:
    value = row.values.get(key)
    if value is CLEAR:
        return False if key == "closed" else ""
    return value.strip() if isinstance(value, str) else value


def _changes(row: PlannedRow, axe: Axe, section: Section) -> list[Change]:
    changes = []
    label, account, closed = _wanted(row, "label"), _wanted(row, "account"), _wanted(row, "closed")
    if label is not None and label != section.label:
        changes.append(Change("label", section.label, label))
    if account is not None and not same_condition(account, section.account):
        changes.append(Change("account", section.account, account))
    if closed is not None and bool(closed) != section.closed:
        changes.append(Change("closed", section.closed, bool(closed)))
    if row.extra.get("make_default") and axe.default_id != section.id:
        changes.append(Change("is_default", False, True))
    return changes


def execute(row: PlannedRow, client: MyUnisoftClient, snapshot: AnalyticsSnapshot, log: StepLog) -> RowOutcome:
    axe = snapshot.axes.get(row.extra["axe"])
    if axe is None:
        return RowOutcome(Status.ERROR, t("analytics.axe_failed", value=row.extra["axe"]), "PARENT_FAILED")
    code = row.extra["code"]
    request_id = ""
    section = axe.sections.get(code)
    if section is None:
        body: dict[str, Any] = {"code": code, "label": _wanted(row, "label")}
        if row.extra.get("make_default"):
            body["by_default"] = True
        try:
            response = client.post(f"/analytics/axes/{axe.id}/sections", body)
        except ApiError as error:
            if error.code != ALREADY_EXISTS:
                raise
            snapshot.refresh_sections(client, axe)
            if code not in axe.sections:
                raise
        else:
            created = section_from_api(response.data)
            axe.sections[code] = created
            if row.extra.get("make_default"):
                axe.default_id = created.id
            log("create", str(created.id))
            request_id = response.request_id
        section = axe.sections[code]
    update = {c.key: c.new for c in _changes(row, axe, section) if c.key != "is_default"}
    if update:
        response = client.put(f"/analytics/sections/{section.id}", update)
        if isinstance(response.data, dict) and response.data.get("id_section_analytique"):
            axe.sections[code] = section = section_from_api(response.data)
        log("update", str(section.id))
        request_id = response.request_id
    if row.extra.get("make_default") and axe.default_id != section.id:
        response = client.put(f"/analytics/axes/{axe.id}", {"id_section_default": section.id})
        axe.default_id = section.id
        log("default_section", str(section.id))
        request_id = response.request_id
    return row.landed(str(section.id), request_id, row.describe_changes())


def confirm(row: PlannedRow, client: MyUnisoftClient, snapshot: AnalyticsSnapshot) -> RowOutcome | None:
    axe = snapshot.axes.get(row.extra["axe"])
    if axe is None:
        return None
    snapshot.refresh_axes(client)
    axe = snapshot.axes.get(row.extra["axe"])
    if axe is None:
        return None
    snapshot.refresh_sections(client, axe)
    section = axe.sections.get(row.extra["code"])
    if section is None or _changes(row, axe, section):
        return None
    return row.landed(str(section.id))


def export_rows(snapshot: AnalyticsSnapshot, lang: str = "fr") -> list[dict[str, Any]]:
    rows = []
    for axe in sorted(snapshot.axes.values(), key=lambda a: a.id):
        for section in sorted(axe.sections.values(), key=lambda s: s.id):
            rows.append({
                "axe_code": axe.code, "section_code": section.code, "label": section.label,
                "account": section.account or None, "closed": yes_no(section.closed, lang),
                "is_default": yes_no(section.id == axe.default_id, lang),
            })
    return rows

