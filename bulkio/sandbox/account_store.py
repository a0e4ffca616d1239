"""Chart of accounts in SQLite: accounts, their complementary info, IBANs and secondary contacts.

Stored under the *write* names (`provider`, `intraco`, `repetition_index`, `way_type_id`, ...); the read
names of each route are produced by `account_shapes`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from bulkio.sandbox.store import Store, register_schema

FLAGS = ("provider", "intraco", "btp_autoliquidation", "exoneration", "das_2", "analytics", "ocr_autovalidation")

register_schema(
    """
    CREATE TABLE IF NOT EXISTS account (
        account_id INTEGER PRIMARY KEY AUTOINCREMENT,
        society_id INTEGER NOT NULL,
        account_number TEXT NOT NULL,
        label TEXT NOT NULL,
        provider INTEGER NOT NULL DEFAULT 0,
        intraco INTEGER NOT NULL DEFAULT 0,
        btp_autoliquidation INTEGER NOT NULL DEFAULT 0,
        exoneration INTEGER NOT NULL DEFAULT 0,
        das_2 INTEGER NOT NULL DEFAULT 0,
        analytics INTEGER NOT NULL DEFAULT 0,
        ocr_autovalidation INTEGER NOT NULL DEFAULT 0,
        ocr_threshold REAL NOT NULL DEFAULT 0,
        blocked INTEGER NOT NULL DEFAULT 0,
        closed INTEGER NOT NULL DEFAULT 0,
        vat_param_id INTEGER,
        counterpart_account_id INTEGER,
        comment TEXT,
        solde REAL NOT NULL DEFAULT 0,
        UNIQUE (society_id, account_number)
    );
    CREATE TABLE IF NOT EXISTS account_info (
        id_info_compte_tiers INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL UNIQUE REFERENCES account (account_id) ON DELETE CASCADE,
        data TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS account_iban (
        id_iban_compte_tiers INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
        iban TEXT NOT NULL,
        bic TEXT,
        etablissement TEXT,
        rum TEXT,
        rum_date_signature TEXT,
        first_prlv INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS account_contact (
        id_contact_compte_tiers INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
        ordre INTEGER NOT NULL,
        lastname TEXT,
        firstname TEXT,
        function TEXT,
        tel1 TEXT,
        tel2 TEXT,
        email TEXT
    );
    CREATE INDEX IF NOT EXISTS account_iban_account ON account_iban (account_id);
    CREATE INDEX IF NOT EXISTS account_contact_account ON account_contact (account_id);
    """
)

IBAN_FIELDS = ("iban", "bic", "etablissement", "rum", "rum_date_signature")
CONTACT_FIELDS = ("lastname", "firstname", "function", "tel1", "tel2", "email")


@dataclass
class AccountWrite:
    """A validated account, ready to store (numbers normalised, ids checked)."""

    account_number: str
    label: str
    flags: dict[str, bool] = field(default_factory=dict)
    vat_param_id: int | None = None
    counterpart_account_id: int | None = None
    ocr_threshold: float = 0
    info: dict[str, Any] | None = None  # complementary scalars, write names; None = no info
    ibans: list[dict[str, Any]] = field(default_factory=list)  # {"id": int|None, iban, bic, ...}
    contacts: list[dict[str, Any]] = field(default_factory=list)  # {"id": int|None, lastname, ...}


@dataclass
class Details:
    """Complementary data of one account."""

    id_info: int | None = None
    info: dict[str, Any] | None = None
    ibans: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)


def _account(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    for name in (*FLAGS, "blocked", "closed"):
        data[name] = bool(data[name])
    return data


def list_accounts(
    store: Store,
    society_id: int,
    *,
    begin_by: str | None = None,
    account_id: int | None = None,
    sort: tuple[str, str] = ("account_number", "asc"),
) -> list[dict[str, Any]]:
    """Accounts of a dossier, optionally by id or number prefix, sorted."""
    sql = "SELECT * FROM account WHERE society_id = ?"
    args: list[Any] = [society_id]
    if account_id is not None:
        sql += " AND account_id = ?"
        args.append(account_id)
    if begin_by:
        sql += " AND substr(account_number, 1, ?) = ?"
        args += [len(begin_by), begin_by]
    column, direction = sort
    collate = "NOCASE" if column == "label" else "BINARY"
    order = "DESC" if direction == "desc" else "ASC"
    sql += f" ORDER BY {column} COLLATE {collate} {order}, account_number {order}"
    with store.read() as conn:
        return [_account(row) for row in conn.execute(sql, args)]


def get_account(store: Store, account_id: int) -> dict[str, Any] | None:
    """One account by id, whatever its dossier."""
    with store.read() as conn:
        row = conn.execute("SELECT * FROM account WHERE account_id = ?", (account_id,)).fetchone()
    return None if row is None else _account(row)


def find_by_number(store: Store, society_id: int, number: str) -> dict[str, Any] | None:
    with store.read() as conn:
        row = conn.execute(
            "SELECT * FROM account WHERE society_id = ? AND account_number = ?", (society_id, number)
        ).fetchone()
    return None if row is None else _account(row)


def accounts_by_id(store: Store, ids: set[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    with store.read() as conn:
        rows = conn.execute(f"SELECT * FROM account WHERE account_id IN ({marks})", sorted(ids)).fetchall()
    return {row["account_id"]: _account(row) for row in rows}


def load_details(store: Store, ids: list[int]) -> dict[int, Details]:
    """Complementary info, IBANs and contacts of the given accounts (one query per table)."""
    result = {account_id: Details() for account_id in ids}
    if not ids:
        return result
    marks = ",".join("?" * len(ids))
    with store.read() as conn:
        for row in conn.execute(f"SELECT * FROM account_info WHERE account_id IN ({marks})", ids):
            details = result[row["account_id"]]
            details.id_info, details.info = row["id_info_compte_tiers"], json.loads(row["data"])
        query = f"SELECT * FROM account_iban WHERE account_id IN ({marks}) ORDER BY id_iban_compte_tiers"
        for row in conn.execute(query, ids):
            result[row["account_id"]].ibans.append(dict(row))
        query = f"SELECT * FROM account_contact WHERE account_id IN ({marks}) ORDER BY ordre"
        for row in conn.execute(query, ids):
            result[row["account_id"]].contacts.append(dict(row))
    return result


def _columns(write: AccountWrite) -> dict[str, Any]:
    columns: dict[str, Any] = {
        "account_number": write.account_number,
        "label": write.label,
        "vat_param_id": write.vat_param_id,
        "counterpart_account_id": write.counterpart_account_id,
        "ocr_threshold": write.ocr_threshold,
    }
    for name in FLAGS:
        columns[name] = int(bool(write.flags.get(name, False)))
    return columns


def insert_account(conn: sqlite3.Connection, society_id: int, write: AccountWrite) -> int:
    """Create an account with its complementary data; return its id."""
    columns = {"society_id": society_id, **_columns(write)}
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    cursor = conn.execute(f"INSERT INTO account ({names}) VALUES ({marks})", list(columns.values()))
    account_id = int(cursor.lastrowid or 0)
    _write_details(conn, account_id, write, replace=False)
    return account_id


def replace_account(conn: sqlite3.Connection, account_id: int, write: AccountWrite) -> None:
    """Full replacement of the writable fields (PUT /account semantics)."""
    columns = _columns(write)
    assignments = ", ".join(f"{name} = ?" for name in columns)
    conn.execute(f"UPDATE account SET {assignments} WHERE account_id = ?", [*columns.values(), account_id])
    _write_details(conn, account_id, write, replace=True)


def _write_details(conn: sqlite3.Connection, account_id: int, write: AccountWrite, *, replace: bool) -> None:
    if write.info is None:
        conn.execute("DELETE FROM account_info WHERE account_id = ?", (account_id,))
    else:
        data = json.dumps(write.info, ensure_ascii=False)
        updated = conn.execute("UPDATE account_info SET data = ? WHERE account_id = ?", (data, account_id))
        if updated.rowcount == 0:
            conn.execute("INSERT INTO account_info (account_id, data) VALUES (?, ?)", (account_id, data))
    if replace:
        _delete_unsent(conn, "account_iban", "id_iban_compte_tiers", account_id, write.ibans)
    for item in write.ibans:
        values = [item.get(name) for name in IBAN_FIELDS]
        if item.get("id") is None:
            conn.execute(
                f"INSERT INTO account_iban (account_id, {', '.join(IBAN_FIELDS)}) VALUES (?, ?, ?, ?, ?, ?)",
                [account_id, *values],
            )
        else:
            conn.execute(
                f"UPDATE account_iban SET {', '.join(f'{n} = ?' for n in IBAN_FIELDS)} "
                "WHERE id_iban_compte_tiers = ?",
                [*values, item["id"]],
            )
    if replace:
        _delete_unsent(conn, "account_contact", "id_contact_compte_tiers", account_id, write.contacts)
    for ordre, item in enumerate(write.contacts, start=1):
        values = [item.get(name) for name in CONTACT_FIELDS]
        if item.get("id") is None:
            conn.execute(
                f"INSERT INTO account_contact (account_id, ordre, {', '.join(CONTACT_FIELDS)}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [account_id, ordre, *values],
            )
        else:
            conn.execute(
                f"UPDATE account_contact SET ordre = ?, {', '.join(f'{n} = ?' for n in CONTACT_FIELDS)} "
                "WHERE id_contact_compte_tiers = ?",
                [ordre, *values, item["id"]],
            )


def _delete_unsent(
    conn: sqlite3.Connection, table: str, id_column: str, account_id: int, items: list[dict[str, Any]]
) -> None:
    """Delete the rows of `account_id` whose id is not among the items sent."""
    kept = [item["id"] for item in items if item.get("id") is not None]
    sql = f"DELETE FROM {table} WHERE account_id = ?"
    if kept:
        sql += f" AND {id_column} NOT IN ({','.join('?' * len(kept))})"
    conn.execute(sql, [account_id, *kept])


def iban_ids(store: Store, account_id: int) -> set[int]:
    with store.read() as conn:
        rows = conn.execute("SELECT id_iban_compte_tiers FROM account_iban WHERE account_id = ?", (account_id,))
        return {row[0] for row in rows}


def contact_ids(store: Store, account_id: int) -> set[int]:
    with store.read() as conn:
        query = "SELECT id_contact_compte_tiers FROM account_contact WHERE account_id = ?"
        return {row[0] for row in conn.execute(query, (account_id,))}
