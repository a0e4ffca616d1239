"""Répartitions: a key, its condition and its rates (reference §5.4, §5.5, Q8, Q11).

The rows of one key form a group: the rates are one `POST .../repartition` that replaces the whole set,
so the group is planned and pushed as one unit and every row shares its outcome. Creating the key
(`POST .../repartition_keys`) is not idempotent and has no uniqueness rule: keys are matched on their
code before any create, and re-listed after an ambiguous failure so that a key that landed is adopted.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.entities.analytics_refs import AnalyticsRefs, same_condition
from bulkio.entities.analytics_snapshot import AnalyticsSnapshot, Axe, Key
from bulkio.i18n import t
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, Change, PlannedRow, RunContext, StepLog, blocked, invalid_rows, reject
from bulkio.spec.analytics import REPARTITIONS
from bulkio.spec.model import CLEAR
from bulkio.validate import RowRecord, SheetValidation, Validation


def plan_sheet(
    sheet: SheetValidation, snapshot: AnalyticsSnapshot, context: RunContext, validation: Validation
) -> list[PlannedRow]:
    refs = AnalyticsRefs.build(snapshot, validation)
    for record in (r for r in sheet.rows if r.valid):
        axe_code, section = str(record.values["axe_code"]), str(record.values["section_code"])
        problem, row = refs.axe_problem(axe_code)
        if problem:
            reject(sheet, record, "axe_code", problem.split(".")[1].upper(), t(problem, value=axe_code, row=row))
            continue
        problem, row = refs.section_problem(axe_code, section)
        if problem:
            reject(sheet, record, "section_code", problem.split(".")[1].upper(),
                   t(problem, value=section, axe=axe_code, row=row))

    groups: dict[tuple[str, str], list[RowRecord]] = defaultdict(list)
    for record in sheet.rows:
        groups[(str(record.values.get("axe_code")), str(record.values.get("key")))].append(record)
    planned = list(invalid_rows(REPARTITIONS.kind, sheet))
    for (axe_code, key_code), members in groups.items():
        bad = next((r for r in members if not r.valid), None)
        if bad is not None:
            message = t("analytics.group_invalid", value=key_code, row=bad.excel_row)
            planned.extend(blocked(REPARTITIONS.kind, sheet, r, f"{axe_code}/{key_code}", "GROUP_INVALID", message)
                           for r in members if r.valid)
            continue
        planned.extend(_plan_group(sheet, snapshot, axe_code, key_code, members))
    return planned


def _plan_group(
    sheet: SheetValidation, snapshot: AnalyticsSnapshot, axe_code: str, key_code: str, members: list[RowRecord]
) -> list[PlannedRow]:
    condition = next((r.values["condition"] for r in members if r.values.get("condition") is not None), None)
    extra = {
        "axe": axe_code, "key": key_code,
        "condition": "" if condition is CLEAR else condition,
        "rates": [(str(r.values["section_code"]), int(r.values["rate"])) for r in members],  # type: ignore[call-overload]
    }
    group: list[PlannedRow] = []
    for record in members:
        group.append(PlannedRow(REPARTITIONS.kind, sheet.sheet.name, record.excel_row, f"{axe_code}/{key_code}",
                                Action.CREATE, record.values, extra=extra, group=group))
    axe = snapshot.axes.get(axe_code)
    key = axe.keys.get(key_code) if axe else None
    if key is None and not extra["condition"]:
        # The sandbox requires a condition on create (a key applies to the accounts its condition selects).
        message = t("analytics.key_needs_condition", value=key_code)
        return [blocked(REPARTITIONS.kind, sheet, r, f"{axe_code}/{key_code}", "KEY_CONDITION", message)
                for r in members]
    if axe is not None and key is not None:
        changes = _changes(extra, axe, key)
        for row in group:
            row.remote_id = str(key.id)
            row.action = Action.UPDATE if changes else Action.UNCHANGED
        group[0].changes = changes
    return group


def _describe(rates: dict[str, int]) -> str:
    return ", ".join(f"{code} {rate}" for code, rate in rates.items())


def _remote_rates(axe: Axe, key: Key) -> dict[str, int]:
    found = {}
    for section_id, rate in (key.rates or {}).items():
        section = axe.section_by_id(section_id)
        found[section.code if section else f"#{section_id}"] = rate
    return found


def _changes(extra: dict[str, Any], axe: Axe, key: Key) -> list[Change]:
    changes = []
    condition = extra["condition"]
    if condition is not None and not same_condition(condition, key.condition):
        changes.append(Change("condition", key.condition, condition))
    wanted, current = dict(extra["rates"]), _remote_rates(axe, key)
    if wanted != current:
        changes.append(Change("rate", _describe(current), _describe(wanted)))
    return changes


def execute(row: PlannedRow, client: MyUnisoftClient, snapshot: AnalyticsSnapshot, log: StepLog) -> RowOutcome:
    extra = row.extra
    axe = snapshot.axes.get(extra["axe"])
    if axe is None:
        return RowOutcome(Status.ERROR, t("analytics.axe_failed", value=extra["axe"]), "PARENT_FAILED")
    missing = next((code for code, _ in extra["rates"] if code not in axe.sections), None)
    if missing is not None:
        return RowOutcome(Status.ERROR, t("analytics.section_failed", value=missing), "PARENT_FAILED")
    request_id = ""
    key = axe.keys.get(extra["key"])
    if key is None:
        body: dict[str, Any] = {"key": extra["key"]}
        if extra["condition"] is not None:
            body["condition"] = extra["condition"]
        response = client.post(f"/analytics/axes/{axe.id}/repartition_keys", body)
        key = axe.keys[extra["key"]] = Key.from_api(response.data)
        key.rates = {}
        log("create", str(key.id))
        request_id = response.request_id
    elif extra["condition"] is not None and not same_condition(extra["condition"], key.condition):
        response = client.put(f"/analytics/axes/{axe.id}/repartition_keys/{key.id}", {"condition": extra["condition"]})
        key.condition = extra["condition"]
        log("update", str(key.id))
        request_id = response.request_id
    wanted = {axe.sections[code].id: rate for code, rate in extra["rates"]}
    if key.rates != wanted:
        body_rates = [{"id_section": section_id, "rate": rate} for section_id, rate in wanted.items()]
        response = client.post(f"/analytics/repartition_keys/{key.id}/repartition", body_rates)
        key.rates = wanted
        log("rates", str(key.id))
        request_id = response.request_id
    return row.landed(str(key.id), request_id, row.describe_changes())


def confirm(row: PlannedRow, client: MyUnisoftClient, snapshot: AnalyticsSnapshot) -> RowOutcome | None:
    axe = snapshot.axes.get(row.extra["axe"])
    if axe is None:
        return None
    snapshot.refresh_keys(client, axe)
    key = axe.keys.get(row.extra["key"])
    if key is None:
        return None
    snapshot.refresh_rates(client, key)
    if _changes(row.extra, axe, key):
        return None
    return row.landed(str(key.id))


def export_rows(snapshot: AnalyticsSnapshot, lang: str = "fr") -> list[dict[str, Any]]:
    rows = []
    for axe in sorted(snapshot.axes.values(), key=lambda a: a.id):
        for key in sorted(axe.keys.values(), key=lambda k: k.id):
            for code, rate in _remote_rates(axe, key).items():
                rows.append({"axe_code": axe.code, "key": key.code, "condition": key.condition or None,
                             "section_code": code, "rate": rate})
    return rows
