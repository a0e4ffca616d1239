"""What Associés PP and Associés PM have in common: a link per row, planned, pushed and read back alike.

Planning, in push order (entry date, then Excel row, so that a holder's links go out chronologically as
PERS_PHYSIQUE8 / ASSOCIE9 require, and a link that ends is written before the one that takes its shares):
resolve the holder and the account, merge the row with the live link of the same (holder, entry date) -
an empty cell keeps the current value, '(vide)' clears it - then compare on everything `GET .../associate`
shows: an identical link costs nothing. `effective_date` is write-only: sent (the row's, else the entry
date), never compared. A changed link must pass the Projection's replay of the API's checks, or it is an
error on its row and is never sent.

Pushing: POST is an upsert on (holder, start date) in the sandbox, but the reference calls it unsafe (a
duplicate, or shares counted twice): after an ambiguous failure `confirm_link` re-reads
`GET .../associate` and matches on (holder, start date) and content before any retry. A missing account is
created first (`POST /account`, find-or-create, journaled as step "account") when the Comptes sheet
or --create-accounts asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.entities.associates_refs import AccountRef, Holder, Projection, resolve_account
from bulkio.entities.associates_snapshot import PP, AssociatesSnapshot, Link
from bulkio.i18n import language, t
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, Change, PlannedRow, StepLog, invalid_rows, reject
from bulkio.spec.api_rules import NO_SHARE_FUNCTION
from bulkio.spec.model import CLEAR, EntitySpec
from bulkio.validate import RowRecord, SheetValidation

ACCOUNT_LABEL_MAX = 50


@dataclass(frozen=True)
class Side:
    """One kind of associate: how its holder is resolved and how its write body looks."""

    kind: str  # PP or PM
    spec: EntitySpec
    path: str  # the POST route
    resolve: Callable[[SheetValidation, RowRecord, AssociatesSnapshot], Holder | None]
    body: Callable[[Link, str], dict[str, Any]]  # (link, effective date) -> write body
    link_id: Callable[[Any], int | None]  # the POST answer -> link id
    required_for_create: tuple[str, ...]  # fields every body carries that the row must give for a new link


def iso(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _pick(values: dict[str, object], key: str, current: Any, cleared: Any) -> Any:
    value = values.get(key)
    if value is CLEAR:
        return cleared
    return current if value is None else value


def merge(values: dict[str, object], live: Link | None, side: Side, holder_id: int,
          account: AccountRef | None) -> tuple[Link, str]:
    """The link the row asks for (empty cells keep the live values) and the effective date to send."""
    start = iso(values["start_date"])
    end = _pick(values, "end_date", live.end_date if live else "", "")
    effective = values.get("effective_date")
    link = Link(
        kind=side.kind, holder_id=holder_id, start_date=start, end_date=iso(end) if end else "",
        pp=_pick(values, "pp", live.pp if live else 0, 0), np=_pick(values, "np", live.np if live else 0, 0),
        us=_pick(values, "us", live.us if live else 0, 0),
        signatory_function_id=_pick(values, "signatory_function", live.signatory_function_id if live else None,
                                    None),
        function_id=_pick(values, "function", live.function_id if live else None, None) if side.kind == PP
        else None,
        account_id=account.account_id if account else (live.account_id if live else None),
        revenu_pro=bool(_pick(values, "revenu_pro", live.revenu_pro if live else False, False)),
        link_id=live.link_id if live else None,
    )
    return link, iso(effective) if effective not in (None, CLEAR) else start


def _header(sheet: SheetValidation, key: str) -> str:
    return sheet.sheet.headers.get(key) or sheet.spec.column(key).fr


def _merged_problem(sheet: SheetValidation, record: RowRecord, side: Side, link: Link, live: Link | None,
                    account: AccountRef | None, effective: str) -> bool:
    """Rules that only the merged link can be judged on (a cell left empty keeps the live value)."""
    if live is None:
        wanted = {"signatory_function": link.signatory_function_id, "function": link.function_id,
                  "account": account}
        missing = next((key for key in side.required_for_create if wanted[key] is None), None)
        if missing is not None:
            reject(sheet, record, missing, "REQUIRED_FOR_CREATE",
                   t("associates.required_for_create", column=_header(sheet, missing)))
            return True
    counts = {"pp": link.pp, "np": link.np, "us": link.us}
    if link.function_id == NO_SHARE_FUNCTION and any(counts.values()):
        key = next(k for k, v in counts.items() if v)
        reject(sheet, record, key, "SHARES_WITHOUT_SHARE_FUNCTION",
               t("rule.SHARES_WITHOUT_SHARE_FUNCTION", column=_header(sheet, key)))
        return True
    if link.function_id != NO_SHARE_FUNCTION and not any(counts.values()):
        reject(sheet, record, "pp", "ASSOCIE1", t("rule.NO_SHARE"))
        return True
    if link.end_date and link.end_date < link.start_date:
        reject(sheet, record, "end_date", "ASSOCIE6", t("rule.ASSOCIE6", value=link.end_date, start=link.start_date))
        return True
    if link.end_date and effective > link.end_date:
        reject(sheet, record, "effective_date", "ASSOCIE8",
               t("rule.ASSOCIE8", value=effective, start=link.start_date, end=link.end_date))
        return True
    return False


def _changes(live: Link, link: Link, numbers: dict[int, str], account: AccountRef | None,
             spec: EntitySpec) -> list[Change]:
    """What the row changes, as the plan and the result show it (labels for the choice columns)."""
    changes = []
    for key, old, new in (
        ("end_date", live.end_date, link.end_date), ("pp", live.pp, link.pp), ("np", live.np, link.np),
        ("us", live.us, link.us), ("signatory_function", live.signatory_function_id, link.signatory_function_id),
        ("function", live.function_id, link.function_id), ("revenu_pro", live.revenu_pro, link.revenu_pro),
    ):
        if old != new:
            if key in ("signatory_function", "function"):
                old, new = choice_label(spec, key, old, language()), choice_label(spec, key, new, language())
            changes.append(Change(key, old, new))
    if account is not None and account.account_id != live.account_id:
        changes.append(Change("account", numbers.get(live.account_id or 0, live.account_id), account.number))
    return changes


def plan_links(sheet: SheetValidation, snapshot: AssociatesSnapshot, side: Side) -> list[PlannedRow]:
    projection = Projection.of(snapshot)
    numbers = snapshot.account_numbers_by_id()
    order = sorted((r for r in sheet.rows if r.valid), key=lambda r: (iso(r.values["start_date"]), r.excel_row))
    seen = snapshot.planned_links  # one link, one row, on any sheet of the kind
    decided: dict[int, PlannedRow] = {}
    for record in order:
        holder = side.resolve(sheet, record, snapshot)
        if holder is None:
            continue
        account: AccountRef | None = None
        if record.values.get("account") is not None:
            account = resolve_account(sheet, record, snapshot)
            if account is None:
                continue
        start = iso(record.values["start_date"])
        if (side.kind, holder.id, start) in seen:
            first_sheet, first = seen[(side.kind, holder.id, start)]
            message = t("associates.duplicate_link", holder=holder.label, start=start, first=first) \
                if first_sheet == sheet.sheet.name else \
                t("associates.duplicate_link_sheet", holder=holder.label, start=start, first=first, sheet=first_sheet)
            reject(sheet, record, "start_date", "DUPLICATE_LINK", message)
            continue
        seen[(side.kind, holder.id, start)] = (sheet.sheet.name, record.excel_row)
        live = snapshot.links.get((side.kind, holder.id, start))
        link, effective = merge(record.values, live, side, holder.id, account)
        if _merged_problem(sheet, record, side, link, live, account, effective):
            continue
        extra = {"link": link, "effective_date": effective, "holder": holder.label,
                 "account_number": account.number if account else None,
                 "account_source": account.source if account else "live",
                 "account_name": holder.name or holder.label}
        row = PlannedRow(side.spec.kind, sheet.sheet.name, record.excel_row, f"{holder.label} {start}",
                         Action.CREATE, record.values, extra=extra)
        if live is not None:
            row.remote_id = str(live.link_id or "")
            row.changes = _changes(live, link, numbers, account, side.spec)
            row.action = Action.UPDATE if row.changes else Action.UNCHANGED
        if row.writes:
            shares = snapshot.holder_shares(holder.id) if side.kind != PP else None
            refusal = projection.refusal(link, holder.label, shares)
            if refusal is not None:
                cell = {"ASSOCIE2": "pp", "ASSOCIE4": "company"}.get(refusal.code, "start_date")
                reject(sheet, record, cell, refusal.code, t(refusal.message_key, **refusal.params))
                continue
            projection.apply(link)
        decided[record.excel_row] = row
    planned = list(invalid_rows(side.spec.kind, sheet))
    planned.extend(decided[r.excel_row] for r in order if r.valid and r.excel_row in decided)
    return planned


# --- push --------------------------------------------------------------------------------------


def _ensure_account(row: PlannedRow, client: MyUnisoftClient, snapshot: AssociatesSnapshot,
                    log: StepLog) -> int | RowOutcome:
    """The id of the row's account: known, created by the Comptes sheet earlier in this run, or created now."""
    number = str(row.extra["account_number"])
    found = snapshot.account_id(number)
    if found is not None:
        return found
    assert snapshot.accounts is not None
    if row.extra["account_source"] == "workbook":
        snapshot.reread_accounts(client)
        found = snapshot.account_id(number)
        if found is not None:
            return found
        if not snapshot.create_accounts:
            return RowOutcome(Status.ERROR, t("associates.account_failed", value=number), "ACCOUNT_FAILED")
    label = t("associates.account_label", name=row.extra["account_name"])[:ACCOUNT_LABEL_MAX]
    response = client.post("/account", {"account_number": number, "label": label})
    snapshot.accounts.add(response.data)
    log("account", str(response.data["account_id"]))
    return int(response.data["account_id"])


def execute_link(row: PlannedRow, client: MyUnisoftClient, snapshot: AssociatesSnapshot, log: StepLog,
                 side: Side) -> RowOutcome:
    link: Link = row.extra["link"]
    if link.account_id is None:
        account = _ensure_account(row, client, snapshot, log)
        if isinstance(account, RowOutcome):
            return account
        link = replace(link, account_id=account)
    message = row.describe_changes()
    live = snapshot.links.get(link.key)
    if live is not None and live.same_content(link):  # landed in an earlier attempt or run
        return row.landed(str(live.link_id or ""), message=message)
    response = client.post(side.path, side.body(link, row.extra["effective_date"]))
    link_id = side.link_id(response.data)
    snapshot.links[link.key] = replace(link, link_id=link_id)
    log("create" if live is None else "update", str(link_id))
    return row.landed(str(link_id or ""), response.request_id, message)


def confirm_link(row: PlannedRow, client: MyUnisoftClient, snapshot: AssociatesSnapshot) -> RowOutcome | None:
    """After an ambiguous failure: the link of (holder, start date), if it now holds what the row asks."""
    snapshot.refresh(client)
    number = row.extra.get("account_number")
    wanted = snapshot.with_account(row.extra["link"], number)
    live = snapshot.links.get(wanted.key)
    if live is None or wanted.account_id is None or not live.same_content(wanted):
        return None
    return row.landed(str(live.link_id or ""))


def shares_body(link: Link) -> dict[str, int]:
    return {"PP": link.pp, "NP": link.np, "US": link.us}


def choice_label(spec: EntitySpec, key: str, value: int | None, lang: str) -> str | None:
    choice = spec.column(key).choice_by_value(value) if value is not None else None
    return choice.label(lang) if choice else None


def period_and_shares(link: Link, numbers: dict[int, str]) -> dict[str, Any]:
    """The export's cells common to both sheets (the effective date is write-only: left empty)."""
    return {
        "start_date": date.fromisoformat(link.start_date),
        "end_date": date.fromisoformat(link.end_date) if link.end_date else None,
        "pp": link.pp, "np": link.np, "us": link.us,
        "account": numbers.get(link.account_id or 0),
    }


def links_of(snapshot: AssociatesSnapshot, kind: str) -> list[Link]:
    """A kind's links in GET order: start date, then link id."""
    return sorted((link for link in snapshot.links.values() if link.kind == kind),
                  key=lambda link: (link.start_date, link.link_id or 0))
