"""Firm login (reference §1.4): the demo accounts, and the tokens `POST /api/authenticate/firm` mints.

The live route is on another host (`app.prodcomptable.myunisoft.fr`); the sandbox serves it on its own
address at the same path. Demo accounts (password `sandbox-password` for both):

    cabinet@sandbox.test   schema 1 "CABINET SANDBOX" (the demo dossiers): a token at once
    multi@sandbox.test     schemas 1 and 2 "CABINET SANDBOX BIS": firm selection unless `firm` is sent

A minted token is a firm token of its schema until `expires_at` (SandboxConfig.token_lifetime, 4 h by
default). Tokens live in the store, so a `--db` file shared by two processes knows them; `/_sandbox/reset`
forgets them (every table is emptied).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bulkio.login import paris_zone
from bulkio.sandbox.errors import ApiError, missing
from bulkio.sandbox.store import Store, register_schema

TOKEN_PREFIX = "sandbox-login-"
PASSWORD = "sandbox-password"
SCHEMAS: dict[int, str] = {1: "CABINET SANDBOX", 2: "CABINET SANDBOX BIS"}


@dataclass(frozen=True)
class Account:
    mail: str
    password: str
    schemas: tuple[int, ...]


ACCOUNTS: dict[str, Account] = {
    account.mail: account
    for account in (
        Account("cabinet@sandbox.test", PASSWORD, (1,)),
        Account("multi@sandbox.test", PASSWORD, (1, 2)),
    )
}

register_schema(
    """
    CREATE TABLE IF NOT EXISTS login_token (
        token TEXT PRIMARY KEY,
        schema_id INTEGER NOT NULL,
        expires_at REAL NOT NULL
    );
    """
)

# Tokens expired for longer than this are dropped when a new one is minted (they are refused the same way
# as unknown ones from then on, with ERR-API-TOKEN-NOT-FOUND).
_KEEP_EXPIRED_S = 24 * 3600.0


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise missing(name)
    return value


def _schema(account: Account, firm: object) -> int | None:
    """The schema `firm` names among the account's (id as a number or digits, or label, case-insensitive);
    None when `firm` is absent; ERR-SCHEMA-NOT-FOUND when it names none of them."""
    if firm is None or firm == "":
        return None
    for schema_id in account.schemas:
        if isinstance(firm, bool):
            break
        if isinstance(firm, int) and firm == schema_id:
            return schema_id
        if isinstance(firm, str) and (firm.strip() == str(schema_id)
                                      or firm.strip().casefold() == SCHEMAS[schema_id].casefold()):
            return schema_id
    raise ApiError("ERR-SCHEMA-NOT-FOUND")


def login(store: Store, body: object, lifetime: float, now: float | None = None) -> dict[str, Any]:
    """The answer to `POST /api/authenticate/firm` (ApiError for a refusal)."""
    if not isinstance(body, dict):
        raise missing("body")
    mail, password = _text(body, "mail"), _text(body, "password")
    account = ACCOUNTS.get(mail.strip().casefold())
    if account is None or password != account.password:
        raise ApiError("GBL20")  # same answer for an unknown mail and a wrong password
    schema_id = _schema(account, body.get("firm"))
    if schema_id is None:
        if len(account.schemas) > 1:
            return {"status": "firm-selection",
                    "firms": [{"id": s, "label": SCHEMAS[s]} for s in account.schemas]}
        schema_id = account.schemas[0]
    now = time.time() if now is None else now
    token = TOKEN_PREFIX + secrets.token_hex(16)
    with store.write() as conn:
        conn.execute("DELETE FROM login_token WHERE expires_at < ?", (now - _KEEP_EXPIRED_S,))
        conn.execute("INSERT INTO login_token (token, schema_id, expires_at) VALUES (?, ?, ?)",
                     (token, schema_id, now + lifetime))
    # Local (Paris) time to the second, truncated: never later than the real end.
    expires = datetime.fromtimestamp(now + lifetime, paris_zone()).strftime("%Y-%m-%d %H:%M:%S")
    return {"api_token": token, "expiresIn": expires, "firm": {"id": schema_id, "label": SCHEMAS[schema_id]}}


def schema_of(store: Store, token: str, now: float | None = None) -> int:
    """The schema of a minted token; 401 ERR-INVALID-FIRM-JWT once expired, ERR-API-TOKEN-NOT-FOUND when
    unknown."""
    with store.read() as conn:
        row = conn.execute("SELECT schema_id, expires_at FROM login_token WHERE token = ?", (token,)).fetchone()
    if row is None:
        raise ApiError("ERR-API-TOKEN-NOT-FOUND")
    if (time.time() if now is None else now) >= float(row["expires_at"]):
        raise ApiError("ERR-INVALID-FIRM-JWT")
    return int(row["schema_id"])
