"""Analytics routes (reference §5, N1-N19; §10 Q4-Q11, Q26): axes, sections, repartition keys, rates, and
the computed distribution. Every route is dossier-scoped.

Order of the checks on a write: ANALYT005 (dossier without analytics), then the objects named by the path
(AXE2 / SECTION002 / GBL10 for keys), then the body (GBL10), then the business rules - all inside one
transaction, so a refused request changes nothing. What a request carries is read in analytics_inputs.py, what
an answer holds is shaped in analytics_shapes.py, and the rows are kept by analytics_store.py.
"""

from __future__ import annotations

import math
import sqlite3
from typing import Any

from bulkio.sandbox import analytics_store as db
from bulkio.sandbox.analytics_inputs import flag_field, path_axe, path_key, path_section, require_analytics, text_field
from bulkio.sandbox.analytics_shapes import DELETED, axe_shape, key_shape, rate_shape, resource, section_shape
from bulkio.sandbox.errors import ApiError, missing
from bulkio.sandbox.routing import ApiRoute, Ctx, Reply
from bulkio.spec.api_rules import RATE_TOTAL, rate_ok


# -- axes (N1-N5) ---------------------------------------------------------------------------------
def list_axes(ctx: Ctx) -> Reply:
    with ctx.store.read() as conn:
        return Reply([axe_shape(axe) for axe in db.list_axes(conn, ctx.dossier)])


def get_axe(ctx: Ctx) -> Reply:
    with ctx.store.read() as conn:
        return Reply([axe_shape(path_axe(ctx, conn))])


def _default_section(conn: sqlite3.Connection, ctx: Ctx, axe: dict[str, Any], value: Any) -> int:
    """`id_section_default` must be an integer naming a section of this axe (Q7)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise missing("id_section_default")
    section = db.get_section(conn, ctx.dossier, value)
    if section is None or section["id_axe"] != axe["id_axe"]:
        raise ApiError("SECTION002", value)
    return value


def create_axe(ctx: Ctx) -> Reply:
    require_analytics(ctx)
    body = ctx.json_object()
    code, label = text_field(body, "code", required=True), text_field(body, "label", required=True)
    assert code is not None and label is not None
    with ctx.store.write() as conn:
        if db.axe_code_taken(conn, ctx.dossier, code):
            raise ApiError("GBL6")
        id_axe = db.insert_axe(conn, ctx.dossier, code, label)
        axe = db.get_axe(conn, ctx.dossier, id_axe)
        assert axe is not None
        if body.get("id_section_default") is not None:  # a new axe has no section yet: always SECTION002
            _default_section(conn, ctx, axe, body["id_section_default"])
    return Reply(axe_shape(axe), status=201, writes=[resource("axe", ctx.dossier, code)])


def update_axe(ctx: Ctx) -> Reply:
    require_analytics(ctx)
    with ctx.store.write() as conn:
        axe = path_axe(ctx, conn)
        body = ctx.json_object()
        changes: dict[str, Any] = {}
        for name in ("code", "label"):
            value = text_field(body, name)
            if value is not None and value != axe[name]:
                changes[name] = value
        if "code" in changes and db.axe_code_taken(conn, ctx.dossier, changes["code"], except_id=axe["id_axe"]):
            raise ApiError("GBL6")
        if "id_section_default" in body:
            default = _default_section(conn, ctx, axe, body["id_section_default"])
            if default != axe["id_section_default"]:
                changes["id_section_default"] = default
        db.update_axe(conn, axe["id_axe"], changes)
        updated = {**axe, **changes}
    return Reply(axe_shape(updated), writes=[resource("axe", ctx.dossier, updated["code"])] if changes else [])


def delete_axe(ctx: Ctx) -> Reply:
    """Q6: AXE1 while a non-default section or a key exists; else the axe goes with its default section
    (SECTION003 if that section has entries)."""
    require_analytics(ctx)
    with ctx.store.write() as conn:
        axe = path_axe(ctx, conn)
        if db.count_other_sections(conn, axe) or db.count_keys(conn, axe["id_axe"]):
            raise ApiError("AXE1")
        writes = [resource("axe", ctx.dossier, axe["code"])]
        if axe["id_section_default"] is not None:
            default = db.get_section(conn, ctx.dossier, axe["id_section_default"])
            if default is not None:
                if default["has_entries"]:
                    raise ApiError("SECTION003")
                writes.append(resource("section", ctx.dossier, axe["code"], default["code"]))
        db.delete_axe(conn, axe["id_axe"])
    return Reply(dict(DELETED), status=202, writes=writes)


# -- sections (N6-N11) ----------------------------------------------------------------------------
def list_sections(ctx: Ctx) -> Reply:
    include_closed = ctx.bool_param("closed_section")
    with ctx.store.read() as conn:
        axe = path_axe(ctx, conn)
        sections = db.list_sections(conn, axe["id_axe"], include_closed=include_closed)
    return Reply([section_shape(s, with_default=True) for s in sections])


def get_section(ctx: Ctx) -> Reply:
    with ctx.store.read() as conn:
        return Reply([section_shape(path_section(ctx, conn), with_default=True)])


def default_section(ctx: Ctx) -> Reply:
    """Plain object; an axe without a default section -> 400 SECTION002 ("la section par défaut ...")."""
    with ctx.store.read() as conn:
        axe = path_axe(ctx, conn)
        section = None
        if axe["id_section_default"] is not None:
            section = db.get_section(conn, ctx.dossier, axe["id_section_default"])
    if section is None:
        raise ApiError("SECTION002", "par défaut")
    return Reply({"id_section_analytique": section["id_section"], "code": section["code"],
                  "label": section["label"], "id_axe": section["id_axe"]})


def create_section(ctx: Ctx) -> Reply:
    """`account` and `closed` in the body are ignored: a new section is open and has no account."""
    require_analytics(ctx)
    with ctx.store.write() as conn:
        axe = path_axe(ctx, conn)
        body = ctx.json_object()
        code = text_field(body, "code", required=True)
        label = text_field(body, "label", blank=True)
        by_default = flag_field(body, "by_default")
        assert code is not None
        if db.section_code_taken(conn, axe["id_axe"], code):
            raise ApiError("UNIK1")
        id_section = db.insert_section(conn, axe["id_axe"], code, label)
        writes = [resource("section", ctx.dossier, axe["code"], code)]
        if by_default:
            db.update_axe(conn, axe["id_axe"], {"id_section_default": id_section})
            # A new axe has no section, so its default is set by its first section: not a second write of
            # the axe's own fields, which a client can never do in one request (see docs/sandbox.md).
            writes.append(resource("axe-default", ctx.dossier, axe["code"]))
        section = db.get_section(conn, ctx.dossier, id_section)
        assert section is not None
    return Reply(section_shape(section, with_default=False), status=201, writes=writes)


def update_section(ctx: Ctx) -> Reply:
    require_analytics(ctx)
    with ctx.store.write() as conn:
        section = path_section(ctx, conn)
        body = ctx.json_object()
        changes: dict[str, Any] = {}
        code, label = text_field(body, "code"), text_field(body, "label", blank=True)
        closed = flag_field(body, "closed")
        if "account" in body and body["account"] is not None and not isinstance(body["account"], str):
            raise missing("account")
        for name, value in (("code", code), ("label", label), ("closed", closed)):
            if value is not None and value != section[name]:
                changes[name] = value
        if "account" in body and body["account"] != section["account"]:
            changes["account"] = body["account"]  # Q9: verbatim
        if "code" in changes and db.section_code_taken(conn, section["id_axe"], code or "",
                                                       except_id=section["id_section"]):
            raise ApiError("UNIK1")
        if closed and db.section_in_rates(conn, section["id_section"]):
            raise ApiError("SECTION004")
        db.update_section(conn, section["id_section"], changes)
        updated = {**section, **changes}
    writes = [resource("section", ctx.dossier, section["axe_code"], updated["code"])] if changes else []
    return Reply(section_shape(updated, with_default=False), writes=writes)


def delete_section(ctx: Ctx) -> Reply:
    """SECTION001 default, SECTION003 with entries, SECTION004 used in a key's rates (sandbox choice)."""
    require_analytics(ctx)
    with ctx.store.write() as conn:
        section = path_section(ctx, conn)
        if section["isdefault"]:
            raise ApiError("SECTION001")
        if section["has_entries"]:
            raise ApiError("SECTION003")
        if db.section_in_rates(conn, section["id_section"]):
            raise ApiError("SECTION004")
        db.delete_section(conn, section["id_section"])
    return Reply(None, status=202, writes=[resource("section", ctx.dossier, section["axe_code"], section["code"])])


# -- repartition keys (N12-N16) -------------------------------------------------------------------
def list_keys(ctx: Ctx) -> Reply:
    with ctx.store.read() as conn:
        axe = path_axe(ctx, conn)
        return Reply([key_shape(key, typo=True) for key in db.list_keys(conn, axe["id_axe"])])


def get_key(ctx: Ctx) -> Reply:
    with ctx.store.read() as conn:
        return Reply([key_shape(path_key(ctx, conn, path_axe(ctx, conn)), typo=True)])


def create_key(ctx: Ctx) -> Reply:
    """`key` and `condition` required non-blank strings; duplicates allowed (nothing documented forbids them)."""
    require_analytics(ctx)
    with ctx.store.write() as conn:
        axe = path_axe(ctx, conn)
        body = ctx.json_object()
        name, condition = text_field(body, "key", required=True), text_field(body, "condition", required=True)
        assert name is not None and condition is not None
        id_key = db.insert_key(conn, axe["id_axe"], name, condition)
        key = db.get_key(conn, ctx.dossier, id_key)
        assert key is not None
    return Reply(key_shape(key, typo=False), status=201, writes=[resource("key", ctx.dossier, axe["code"], name)])


def update_key(ctx: Ctx) -> Reply:
    require_analytics(ctx)
    with ctx.store.write() as conn:
        key = path_key(ctx, conn, path_axe(ctx, conn))
        body = ctx.json_object()
        changes: dict[str, Any] = {}
        for name in ("key", "condition"):
            value = text_field(body, name)
            if value is not None and value != key[name]:
                changes[name] = value
        db.update_key(conn, key["id_key"], changes)
        updated = {**key, **changes}
    writes = [resource("key", ctx.dossier, key["axe_code"], updated["key"])] if changes else []
    return Reply(key_shape(updated, typo=False), writes=writes)


def delete_key(ctx: Ctx) -> Reply:
    require_analytics(ctx)
    with ctx.store.write() as conn:
        key = path_key(ctx, conn, path_axe(ctx, conn))
        db.delete_key(conn, key["id_key"])
    return Reply(True, status=202, writes=[resource("key", ctx.dossier, key["axe_code"], key["key"])])


# -- rates (N17, N18) -----------------------------------------------------------------------------
def list_rates(ctx: Ctx) -> Reply:
    with ctx.store.read() as conn:
        key = path_key(ctx, conn, None)
        return Reply([rate_shape(rate) for rate in db.list_rates(conn, key["id_key"])])


def _rate_items(body: Any) -> list[tuple[int, Any]]:
    """The array's shape (GBL10): objects with an integer `id_section` and a `rate` (checked later)."""
    if not isinstance(body, list):
        raise missing("body")
    items = []
    for item in body:
        if not isinstance(item, dict):
            raise missing("body")
        if "rate" not in item:
            raise missing("rate")
        id_section = item.get("id_section")
        if isinstance(id_section, bool) or not isinstance(id_section, int):
            raise missing("id_section")
        items.append((id_section, item["rate"]))
    return items


def replace_rates(ctx: Ctx) -> Reply:
    """Q8: the array replaces the key's whole set. Unknown section -> SECTION002; ANALYT001 (axe code) for an
    empty array, a rate that is not an integer from 1 to 100, a sum other than 100, a section twice, a
    section of another axe, a closed section."""
    require_analytics(ctx)
    with ctx.store.write() as conn:
        key = path_key(ctx, conn, None)
        items = _rate_items(ctx.json())
        sections = []
        for id_section, _rate in items:
            section = db.get_section(conn, ctx.dossier, id_section)
            if section is None:
                raise ApiError("SECTION002", id_section)
            sections.append(section)
        refused = ApiError("ANALYT001", key["axe_code"])
        rates = [rate for _id, rate in items]
        if not items or not all(rate_ok(r) for r in rates):
            raise refused
        if sum(rates) != RATE_TOTAL or len({s["id_section"] for s in sections}) != len(sections):
            raise refused
        if any(s["id_axe"] != key["id_axe"] or s["closed"] for s in sections):
            raise refused
        changed = db.replace_rates(conn, key["id_key"], [(s, r) for s, r in items])
    writes = [resource("rates", ctx.dossier, key["axe_code"], key["key"])] if changed else []
    return Reply(True, writes=writes)


# -- computed distribution (N19) ------------------------------------------------------------------
def repartitions(ctx: Ctx) -> Reply:
    """`account` (non-blank) and `value` (a number) both required, else GBL10."""
    account = (ctx.query.get("account") or "").strip()
    if not account:
        raise missing("account")
    try:
        value = float(ctx.query.get("value") or "")
    except ValueError:
        raise missing("value") from None
    if not math.isfinite(value):
        raise missing("value")
    with ctx.store.read() as conn:
        return Reply(db.distribution(conn, ctx.dossier, account, value))


ROUTES: list[ApiRoute] = [
    ApiRoute("GET", "/analytics/axes", list_axes),
    ApiRoute("POST", "/analytics/axes", create_axe, write=True),
    ApiRoute("GET", "/analytics/axes/:id_axe", get_axe),
    ApiRoute("PUT", "/analytics/axes/:id_axe", update_axe, write=True),
    ApiRoute("DELETE", "/analytics/axes/:id_axe", delete_axe, write=True),
    ApiRoute("GET", "/analytics/axes/:id_axe/sections", list_sections),
    ApiRoute("POST", "/analytics/axes/:id_axe/sections", create_section, write=True),
    ApiRoute("GET", "/analytics/axes/:id_axe/defaultsection", default_section),
    ApiRoute("GET", "/analytics/sections/:id_section", get_section),
    ApiRoute("PUT", "/analytics/sections/:id_section", update_section, write=True),
    ApiRoute("DELETE", "/analytics/sections/:id_section", delete_section, write=True),
    ApiRoute("GET", "/analytics/axes/:id_axe/repartition_keys", list_keys),
    ApiRoute("POST", "/analytics/axes/:id_axe/repartition_keys", create_key, write=True),
    ApiRoute("GET", "/analytics/axes/:id_axe/repartition_keys/:id_repartition_key", get_key),
    ApiRoute("PUT", "/analytics/axes/:id_axe/repartition_keys/:id_repartition_key", update_key, write=True),
    ApiRoute("DELETE", "/analytics/axes/:id_axe/repartition_keys/:id_repartition_key", delete_key, write=True),
    ApiRoute("GET", "/analytics/repartition_keys/:id_repartition_key/repartition", list_rates),
    ApiRoute("GET", "/analytics/repartitions", repartitions),
    ApiRoute("POST", "/analytics/repartition_keys/:id_repartition_key/repartition", replace_rates, write=True),
]
