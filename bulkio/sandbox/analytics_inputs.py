"""What the emulated analytics routes read from a request: path ids, body fields (GBL10 when malformed), the
dossier's analytics flag (ANALYT005), and the axe, section or repartition key a path names (AXE2 / SECTION002 /
GBL10)."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from bulkio.sandbox import analytics_store as db
from bulkio.sandbox.errors import ApiError, missing
from bulkio.sandbox.routing import Ctx
from bulkio.spec.api_rules import is_blank


def path_id(raw: str) -> int | None:
    """A path id: plain decimal digits, else None (answered as "not found", never a 500)."""
    return int(raw) if re.fullmatch(r"\d{1,18}", raw) else None


def text_field(body: dict[str, Any], name: str, *, required: bool = False, blank: bool = False) -> str | None:
    """A string field: None when absent (GBL10 if required); wrong type or blank (unless allowed) -> GBL10."""
    if name not in body:
        if required:
            raise missing(name)
        return None
    value = body[name]
    if not isinstance(value, str) or (not blank and is_blank(value)):
        raise missing(name)
    return value


def flag_field(body: dict[str, Any], name: str) -> bool | None:
    """A boolean field: None when absent; any other type -> GBL10."""
    if name not in body:
        return None
    if not isinstance(body[name], bool):
        raise missing(name)
    return bool(body[name])


def require_analytics(ctx: Ctx) -> None:
    """Q26 (stricter than the reference's suggestion): every analytics write needs `analytics: true`."""
    society = ctx.store.society(ctx.dossier)
    if society is None or not society["analytics"]:
        raise ApiError("ANALYT005")


def path_axe(ctx: Ctx, conn: sqlite3.Connection) -> dict[str, Any]:
    """The axe `:id_axe` names in this dossier, else AXE2."""
    raw = ctx.params["id_axe"]
    id_axe = path_id(raw)
    axe = None if id_axe is None else db.get_axe(conn, ctx.dossier, id_axe)
    if axe is None:
        raise ApiError("AXE2", raw)
    return axe


def path_section(ctx: Ctx, conn: sqlite3.Connection) -> dict[str, Any]:
    """The section `:id_section` names in this dossier, else SECTION002."""
    raw = ctx.params["id_section"]
    id_section = path_id(raw)
    section = None if id_section is None else db.get_section(conn, ctx.dossier, id_section)
    if section is None:
        raise ApiError("SECTION002", raw)
    return section


def path_key(ctx: Ctx, conn: sqlite3.Connection, axe: dict[str, Any] | None) -> dict[str, Any]:
    """Unknown key (or a key of another axe/dossier) -> GBL10 on `id_repartition_key` (no code documented)."""
    id_key = path_id(ctx.params["id_repartition_key"])
    key = None if id_key is None else db.get_key(conn, ctx.dossier, id_key)
    if key is None or (axe is not None and key["id_axe"] != axe["id_axe"]):
        raise missing("id_repartition_key")
    return key
