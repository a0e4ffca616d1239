"""Chart-of-accounts routes: GET /account (mode 1 and 2), GET /account/v2, POST /account (find or
create), PUT /account (full update, firm only). Reference §4.1-4.5 and §10 Q1-3, Q16, Q17."""

from __future__ import annotations

import json
import math
import re
import sqlite3

from bulkio.sandbox import account_rules as rules
from bulkio.sandbox import account_store as db
from bulkio.sandbox.account_shapes import Shaper
from bulkio.sandbox.errors import ApiError, missing
from bulkio.sandbox.routing import ApiRoute, Ctx, Reply

V2_FLAGS = ("details", "compta", "vat", "counterpart", "quantity")


def _resource(society_id: int, number: str) -> str:
    return f"account:{society_id}:{number}"


def _sort(ctx: Ctx) -> tuple[str, str]:
    """`sort_` (Postman/SDK spelling) or `sort`: JSON {column, direction} on account_number or label."""
    raw = ctx.query.get("sort_") or ctx.query.get("sort")
    if not raw:
        return "account_number", "asc"
    try:
        sort = json.loads(raw)
        column, direction = sort["column"], str(sort.get("direction", "asc")).lower()
    except (ValueError, TypeError, KeyError):
        raise missing("sort") from None
    if column not in ("account_number", "label") or direction not in ("asc", "desc"):
        raise missing("sort")
    return column, direction


def get_accounts(ctx: Ctx) -> Reply:
    mode = ctx.query.get("mode")
    if mode == "1":
        return _mode1(ctx)
    if mode == "2":
        return _mode2(ctx)
    raise missing("mode")


def _mode1(ctx: Ctx) -> Reply:
    """Bare array; `q` = label contains OR number starts with; `limit` defaults to 5, no cap."""
    limit = ctx.int_param("limit", default=5)
    assert limit is not None
    q = ctx.query.get("q") or ""
    accounts = db.list_accounts(ctx.store, ctx.dossier)
    if q:
        needle = q.lower()
        accounts = [a for a in accounts if needle in a["label"].lower() or a["account_number"].startswith(q.upper())]
    accounts = accounts[:limit]
    shaper = Shaper(ctx.store, ctx.dossier)
    shaper.prefetch(accounts)
    return Reply([shaper.mode1(acc) for acc in accounts])


def _mode2(ctx: Ctx) -> Reply:
    begin_by = ctx.query.get("begin_by") or None
    account_id = ctx.int_param("account_id")
    if begin_by is not None and account_id is not None:
        raise missing("account_id")
    sort = _sort(ctx)
    offset = ctx.int_param("offset", default=0) or 0
    limit = ctx.int_param("limit", minimum=1)
    shaper = Shaper(ctx.store, ctx.dossier)
    prefix = begin_by.upper() if begin_by else None
    accounts = db.list_accounts(ctx.store, ctx.dossier, begin_by=prefix, account_id=account_id, sort=sort)
    shaper.prefetch(accounts)
    single = account_id is not None or (len(accounts) == 1 and accounts[0]["account_number"] == prefix)
    if single:
        details = db.load_details(ctx.store, [a["account_id"] for a in accounts])
        return Reply({"account_array": [shaper.mode2_full(a, details[a["account_id"]]) for a in accounts]})
    total = len(accounts)
    page = accounts[offset : offset + limit if limit else None]
    details = db.load_details(ctx.store, [a["account_id"] for a in page])
    rows = [shaper.mode2_row(offset + i, a, details[a["account_id"]]) for i, a in enumerate(page, start=1)]
    pages = 0 if total == 0 else (math.ceil(total / limit) if limit else 1)
    return Reply({"rows_number": total, "pages_number": pages, "account_array": rows})


def get_accounts_v2(ctx: Ctx) -> Reply:
    begin_by = ctx.query.get("begin_by") or None
    account_id = ctx.int_param("account_id")
    if begin_by is not None and account_id is not None:
        raise missing("begin_by")
    entry_date = ctx.query.get("entry_date")
    if entry_date is not None and (account_id is None or not re.fullmatch(r"\d{8}", entry_date)):
        raise missing("entry_date")
    flags = {name for name in V2_FLAGS if ctx.bool_param(name)}
    prefix = begin_by.upper() if begin_by else None
    accounts = db.list_accounts(ctx.store, ctx.dossier, begin_by=prefix, account_id=account_id)
    shaper = Shaper(ctx.store, ctx.dossier)
    shaper.prefetch(accounts)
    details = db.load_details(ctx.store, [a["account_id"] for a in accounts]) if "details" in flags else {}
    shape = ctx.state.faults.account_shape
    if shape == "capture-list":  # the captures for the list, the documentation page for one account by id
        shape = "docs" if account_id is not None else "capture"
    return Reply([shaper.v2(a, flags, details.get(a["account_id"]), shape) for a in accounts])


def post_account(ctx: Ctx) -> Reply:
    """Find or create by number: an existing account is returned unchanged (no write)."""
    body = ctx.json_object()
    number = rules.normalize_number(body.get("account_number"), rules.numbering(ctx.store, ctx.dossier))
    shaper = Shaper(ctx.store, ctx.dossier)
    existing = db.find_by_number(ctx.store, ctx.dossier, number)
    if existing is not None:
        return Reply(shaper.upsert_answer(existing))
    label = rules.parse_label(body.get("label"))
    write = rules.parse_write(ctx.store, ctx.dossier, body, number=number, label=label)
    with ctx.store.write() as conn:
        found = conn.execute(
            "SELECT account_id FROM account WHERE society_id = ? AND account_number = ?", (ctx.dossier, number)
        ).fetchone()
        created = found is None
        account_id = db.insert_account(conn, ctx.dossier, write) if created else found["account_id"]
    acc = db.get_account(ctx.store, account_id)
    assert acc is not None
    return Reply(shaper.upsert_answer(acc), writes=[_resource(ctx.dossier, number)] if created else [])


def put_account(ctx: Ctx) -> Reply:
    """Full replacement of the writable fields; omitted optional fields are reset. Answers the mode=2
    by-id item."""
    body = ctx.json_object()
    raw_id = body.get("account_id")
    if raw_id is None or isinstance(raw_id, bool) or not isinstance(raw_id, int):
        raise missing("account_id")
    current = db.get_account(ctx.store, raw_id)
    if current is None:
        raise ApiError("COMPTE2")
    if current["society_id"] != ctx.dossier:
        raise ApiError("COMPTE5")
    if "account_number" not in body and "label" not in body:
        raise missing("account_number")
    numbers = rules.numbering(ctx.store, ctx.dossier)
    number = rules.normalize_number(body["account_number"], numbers) if "account_number" in body else current[
        "account_number"]
    label = rules.parse_label(body["label"]) if "label" in body else current["label"]
    write = rules.parse_write(ctx.store, ctx.dossier, body, number=number, label=label, update_of=raw_id)
    try:
        with ctx.store.write() as conn:
            db.replace_account(conn, raw_id, write)
    except sqlite3.IntegrityError:
        raise ApiError("GBL6") from None
    acc = db.get_account(ctx.store, raw_id)
    assert acc is not None
    details = db.load_details(ctx.store, [raw_id])[raw_id]
    shaper = Shaper(ctx.store, ctx.dossier)
    return Reply(shaper.mode2_full(acc, details), writes=[_resource(ctx.dossier, number)])


ROUTES: list[ApiRoute] = [
    ApiRoute("GET", "/account/v2", get_accounts_v2),
    ApiRoute("GET", "/account", get_accounts),
    ApiRoute("POST", "/account", post_account, write=True),
    ApiRoute("PUT", "/account", put_account, firm_only=True, write=True),
]
