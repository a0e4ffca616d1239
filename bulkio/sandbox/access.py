"""Who is calling and on which dossier: secret, bearer token, `society-id` rules.

Tokens are fixed (design §4): the firm token `sandbox-firm-token` (target.type "firm", every dossier of
schema 1) and one society token per dossier, `sandbox-society-<id>-token` (target.type "api"). Tokens minted by
the firm login (`sandbox-login-…`, logins.py) are firm tokens of schema 1 until they expire.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bulkio.sandbox import logins
from bulkio.sandbox.errors import ApiError, missing
from bulkio.sandbox.store import Store

SECRET = "sandbox-secret"
FIRM_TOKEN = "sandbox-firm-token"
SCHEMA_ID = 1
THIRD_PARTY_ID = 1
_SOCIETY_TOKEN = re.compile(r"^sandbox-society-(\d+)-token$")

# How a route relates to dossiers:
#   "public"   no authentication at all (health check)
#   "none"     authenticated, not about one dossier; `society-id` is ignored
#   "optional" GET /society style: firm token without `society-id` = firm level, else one dossier
#   "dossier"  one dossier: a firm token must send `society-id`
Scope = Literal["public", "none", "optional", "dossier"]


@dataclass(frozen=True)
class Token:
    value: str
    kind: Literal["firm", "api"]
    society_id: int | None = None

    @property
    def is_firm(self) -> bool:
        return self.kind == "firm"


def society_token(society_id: int) -> str:
    return f"sandbox-society-{society_id}-token"


def authenticate(headers: Mapping[str, str], store: Store) -> Token:
    """Check `X-Third-Party-Secret` then `Authorization: Bearer <token>` (names case-insensitive)."""
    secret = headers.get("x-third-party-secret")
    if not secret:
        raise ApiError("ERR-SECRET-HEADER-NOT-SET")
    if secret != SECRET:
        raise ApiError("ERR-INVALID-SECRET")
    authorization = headers.get("authorization") or ""
    if not authorization.startswith("Bearer "):
        raise ApiError("ERR-INVALID-AUTH-HEADER")
    value = authorization[len("Bearer ") :].strip()
    if value == FIRM_TOKEN:
        return Token(value, "firm")
    if value.startswith(logins.TOKEN_PREFIX):  # minted by POST /api/authenticate/firm: a firm token until it expires
        if logins.schema_of(store, value) != SCHEMA_ID:
            raise ApiError("ERR-FOLDER-NOT-FOUND")  # schema 2 holds no dossier in the sandbox
        return Token(value, "firm")
    match = _SOCIETY_TOKEN.match(value)
    if match and store.society_exists(int(match.group(1))):
        return Token(value, "api", int(match.group(1)))
    raise ApiError("ERR-API-TOKEN-NOT-FOUND")


def _header_id(headers: Mapping[str, str]) -> int | None:
    """The `society-id` header as an int; None when absent; GBL10 when not a positive integer."""
    raw = headers.get("society-id")
    if raw is None:
        return None
    raw = raw.strip()
    if not raw.isdigit() or raw.startswith("0"):
        raise missing("society-id")
    return int(raw)


def resolve_society(scope: Scope, token: Token, headers: Mapping[str, str], store: Store) -> int | None:
    """The dossier a request works on, or None (firm level / not about a dossier).

    - firm token: `society-id` required on dossier routes (400 GBL10 when missing or not numeric);
      a dossier outside the firm -> 403 DROIT1.
    - society token: no header or its own dossier is fine; another dossier -> 403 DROIT1.
    """
    if scope in ("public", "none"):
        return None
    header = _header_id(headers)
    if not token.is_firm:
        if header is not None and header != token.society_id:
            raise ApiError("DROIT1")
        return token.society_id
    if header is None:
        if scope == "dossier":
            raise missing("society-id")
        return None
    if not store.society_exists(header):
        raise ApiError("DROIT1")
    return header
