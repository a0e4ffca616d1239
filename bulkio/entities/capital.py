"""Capital: the dossier's capital history (reference §6.2, Q13; docs/sandbox.md "Capital and associates").

`POST /society/capital` is an upsert keyed on the effective date, but `GET /society/:id/associate` shows only
the latest row. So, against the live latest capital:
- a row newer than it (or any row of a dossier without capital) is created;
- a row of the same date is compared (amount, shares): unchanged costs nothing, else it is updated;
- a row older than it cannot be read back, hence never compared: it is not sent, and its status is
  Skipped with a message that says why (sending it on every import would spend a request each time).
Rows go out by date, before the associates, so that the latest capital is in place when their shares are
checked. After an ambiguous failure the capital is re-read: the write landed if the latest row is this
one, with its figures.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.entities.associates_refs import Projection
from bulkio.entities.associates_snapshot import AssociatesSnapshot, Capital
from bulkio.i18n import t
from bulkio.outcome import RowOutcome
from bulkio.plan import Action, Change, PlannedRow, RunContext, StepLog, invalid_rows, reject
from bulkio.spec.associates import CAPITAL
from bulkio.validate import SheetValidation, Validation


def _figures(values: dict[str, Any]) -> Capital:
    day = values["effective_date"]
    return Capital(day.isoformat() if isinstance(day, date) else str(day), Decimal(values["capital"]),
                   int(values["shares"]))


def plan_sheet(
    sheet: SheetValidation, snapshot: AssociatesSnapshot, context: RunContext, validation: Validation
) -> list[PlannedRow]:
    projection = Projection.of(snapshot)
    live = snapshot.capital
    order = sorted((r for r in sheet.rows if r.valid), key=lambda r: (_figures(r.values).date, r.excel_row))
    decided: dict[int, PlannedRow] = {}
    for record in order:
        wanted = _figures(record.values)
        row = PlannedRow(CAPITAL.kind, sheet.sheet.name, record.excel_row, wanted.date, Action.CREATE,
                         record.values, extra={"capital": wanted})
        if live is not None and wanted.date < live.date:
            row.action = Action.SKIP
            row.message = t("associates.capital_older", latest=live.date)
            decided[record.excel_row] = row
            continue
        if live is not None and wanted.date == live.date:
            row.remote_id = str(live.historical_id or "")
            row.changes = [Change(key, old, new) for key, old, new in (
                ("capital", live.amount, wanted.amount), ("shares", live.shares, wanted.shares)) if old != new]
            row.action = Action.UPDATE if row.changes else Action.UNCHANGED
        if row.writes:
            refusal = projection.capital_refusal(wanted)
            if refusal is not None:
                reject(sheet, record, "shares", refusal.code, t(refusal.message_key, **refusal.params))
                continue
            projection.apply_capital(wanted)
        decided[record.excel_row] = row
    planned = list(invalid_rows(CAPITAL.kind, sheet))
    planned.extend(decided[r.excel_row] for r in order if r.valid and r.excel_row in decided)
    return planned


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def execute(row: PlannedRow, client: MyUnisoftClient, snapshot: AssociatesSnapshot, log: StepLog) -> RowOutcome:
    wanted: Capital = row.extra["capital"]
    message = row.describe_changes()
    live = snapshot.capital
    if live is not None and live.date == wanted.date and live.same_figures(wanted.amount, wanted.shares):
        return row.landed(str(live.historical_id or ""), message=message)  # landed already
    body = {"effective_date": wanted.date, "capital": _number(wanted.amount), "social_part": wanted.shares}
    response = client.post("/society/capital", body)
    written = Capital.from_api(response.data or {}) if isinstance(response.data, dict) else wanted
    if live is None or wanted.date >= live.date:
        snapshot.capital = Capital(wanted.date, wanted.amount, wanted.shares, written.historical_id)
    log("create" if row.action is Action.CREATE else "update", str(written.historical_id or ""))
    return row.landed(str(written.historical_id or ""), response.request_id, message)


def confirm(row: PlannedRow, client: MyUnisoftClient, snapshot: AssociatesSnapshot) -> RowOutcome | None:
    snapshot.refresh(client)
    wanted: Capital = row.extra["capital"]
    live = snapshot.capital
    if live is None or live.date != wanted.date or not live.same_figures(wanted.amount, wanted.shares):
        return None
    return row.landed(str(live.historical_id or ""))


def export_rows(snapshot: AssociatesSnapshot, lang: str = "fr") -> list[dict[str, Any]]:
    """The latest capital only: the API shows no other row."""
    capital = snapshot.capital
    if capital is None:
        return []
    return [{"effective_date": date.fromisoformat(capital.date), "capital": _number(capital.amount),
             "shares": capital.shares}]
