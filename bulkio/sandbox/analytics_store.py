"""Analytics in SQLite: axes, sections, repartition keys and their rates (reference §5), plus the demo rows.

Functions take the caller's connection (from `Store.read()` or `Store.write()`) so that a route can check
its rules and write in one transaction. Lookups by id take the dossier: an object of another dossier is
"not found". Ids come from AUTOINCREMENT sequences (unique across dossiers, never reused after a delete),
each entity starting in its own range so that a client passing a section id where an axe id is expected
fails visibly.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from bulkio.sandbox.store import Store, register_schema

AXE_ID_START = 200_000
SECTION_ID_START = 300_000
KEY_ID_START = 400_000
RATE_ID_START = 500_000

register_schema(
    """
    CREATE TABLE IF NOT EXISTS analytic_axe (
        id_axe INTEGER PRIMARY KEY AUTOINCREMENT,
        society_id INTEGER NOT NULL,
        code TEXT NOT NULL,
        label TEXT NOT NULL,
        id_section_default INTEGER,
        UNIQUE (society_id, code)
    );
    CREATE TABLE IF NOT EXISTS analytic_section (
        id_section INTEGER PRIMARY KEY AUTOINCREMENT,
        id_axe INTEGER NOT NULL REFERENCES analytic_axe (id_axe) ON DELETE CASCADE,
        code TEXT NOT NULL,
        label TEXT,
        account TEXT,
        closed INTEGER NOT NULL DEFAULT 0,
        has_entries INTEGER NOT NULL DEFAULT 0,
        UNIQUE (id_axe, code)
    );
    CREATE TABLE IF NOT EXISTS analytic_key (
        id_key INTEGER PRIMARY KEY AUTOINCREMENT,
        id_axe INTEGER NOT NULL REFERENCES analytic_axe (id_axe) ON DELETE CASCADE,
        key TEXT NOT NULL,
        condition TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS analytic_rate (
        id_rate INTEGER PRIMARY KEY AUTOINCREMENT,
        id_key INTEGER NOT NULL REFERENCES analytic_key (id_key) ON DELETE CASCADE,
        id_section INTEGER NOT NULL REFERENCES analytic_section (id_section),
        rate INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS analytic_section_axe ON analytic_section (id_axe);
    CREATE INDEX IF NOT EXISTS analytic_key_axe ON analytic_key (id_axe);
    CREATE INDEX IF NOT EXISTS analytic_rate_key ON analytic_rate (id_key);
    CREATE INDEX IF NOT EXISTS analytic_rate_section ON analytic_rate (id_section);
    """
)

_SECTION_SELECT = (
    "SELECT s.*, a.code AS axe_code, a.society_id, "
    "COALESCE(a.id_section_default = s.id_section, 0) AS isdefault "
    "FROM analytic_section s JOIN analytic_axe a ON a.id_axe = s.id_axe"
)
_KEY_SELECT = (
    "SELECT k.*, a.code AS axe_code, a.society_id FROM analytic_key k JOIN analytic_axe a ON a.id_axe = k.id_axe"
)


def _section(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    for name in ("closed", "has_entries", "isdefault"):
        data[name] = bool(data[name])
    return data


# -- axes -----------------------------------------------------------------------------------------
def list_axes(conn: sqlite3.Connection, society_id: int) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT * FROM analytic_axe WHERE society_id = ? ORDER BY id_axe", (society_id,))
    return [dict(row) for row in rows]


def get_axe(conn: sqlite3.Connection, society_id: int, id_axe: int) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT * FROM analytic_axe WHERE id_axe = ? AND society_id = ?", (id_axe, society_id)
    ).fetchone()
    return None if row is None else dict(row)


def axe_code_taken(conn: sqlite3.Connection, society_id: int, code: str, *, except_id: int = 0) -> bool:
    """Case-sensitive (BINARY collation), as Q4 asks."""
    row = conn.execute(
        "SELECT 1 FROM analytic_axe WHERE society_id = ? AND code = ? AND id_axe != ?", (society_id, code, except_id)
    ).fetchone()
    return row is not None


def insert_axe(conn: sqlite3.Connection, society_id: int, code: str, label: str) -> int:
    cursor = conn.execute(
        "INSERT INTO analytic_axe (society_id, code, label) VALUES (?, ?, ?)", (society_id, code, label)
    )
    return int(cursor.lastrowid or 0)


def update_axe(conn: sqlite3.Connection, id_axe: int, changes: dict[str, Any]) -> None:
    if changes:
        assignments = ", ".join(f"{name} = ?" for name in changes)
        conn.execute(f"UPDATE analytic_axe SET {assignments} WHERE id_axe = ?", [*changes.values(), id_axe])


def delete_axe(conn: sqlite3.Connection, id_axe: int) -> None:
    """The axe with its sections, keys and rates (the caller checked that only the default section is left)."""
    conn.execute(
        "DELETE FROM analytic_rate WHERE id_key IN (SELECT id_key FROM analytic_key WHERE id_axe = ?)", (id_axe,)
    )
    conn.execute("DELETE FROM analytic_key WHERE id_axe = ?", (id_axe,))
    conn.execute("DELETE FROM analytic_section WHERE id_axe = ?", (id_axe,))
    conn.execute("DELETE FROM analytic_axe WHERE id_axe = ?", (id_axe,))


# -- sections -------------------------------------------------------------------------------------
def list_sections(conn: sqlite3.Connection, id_axe: int, *, include_closed: bool) -> list[dict[str, Any]]:
    sql = f"{_SECTION_SELECT} WHERE s.id_axe = ?"
    if not include_closed:
        sql += " AND s.closed = 0"
    return [_section(row) for row in conn.execute(sql + " ORDER BY s.id_section", (id_axe,))]


def get_section(conn: sqlite3.Connection, society_id: int, id_section: int) -> dict[str, Any] | None:
    row = conn.execute(f"{_SECTION_SELECT} WHERE s.id_section = ? AND a.society_id = ?", (id_section, society_id))
    found = row.fetchone()
    return None if found is None else _section(found)


def section_code_taken(conn: sqlite3.Connection, id_axe: int, code: str, *, except_id: int = 0) -> bool:
    row = conn.execute(
        "SELECT 1 FROM analytic_section WHERE id_axe = ? AND code = ? AND id_section != ?", (id_axe, code, except_id)
    ).fetchone()
    return row is not None


def insert_section(
    conn: sqlite3.Connection,
    id_axe: int,
    code: str,
    label: str | None,
    *,
    account: str | None = None,
    closed: bool = False,
    has_entries: bool = False,
) -> int:
    cursor = conn.execute(
        "INSERT INTO analytic_section (id_axe, code, label, account, closed, has_entries) VALUES (?, ?, ?, ?, ?, ?)",
        (id_axe, code, label, account, int(closed), int(has_entries)),
    )
    return int(cursor.lastrowid or 0)


def update_section(conn: sqlite3.Connection, id_section: int, changes: dict[str, Any]) -> None:
    if changes:
        assignments = ", ".join(f"{name} = ?" for name in changes)
        values = [int(v) if isinstance(v, bool) else v for v in changes.values()]
        conn.execute(f"UPDATE analytic_section SET {assignments} WHERE id_section = ?", [*values, id_section])


def delete_section(conn: sqlite3.Connection, id_section: int) -> None:
    conn.execute("DELETE FROM analytic_section WHERE id_section = ?", (id_section,))


def count_other_sections(conn: sqlite3.Connection, axe: dict[str, Any]) -> int:
    """Sections of the axe other than its default one (closed ones included)."""
    row = conn.execute(
        "SELECT COUNT(*) FROM analytic_section WHERE id_axe = ? AND id_section IS NOT ?",
        (axe["id_axe"], axe["id_section_default"]),
    ).fetchone()
    return int(row[0])


def section_in_rates(conn: sqlite3.Connection, id_section: int) -> bool:
    return conn.execute("SELECT 1 FROM analytic_rate WHERE id_section = ?", (id_section,)).fetchone() is not None


# -- repartition keys and rates -------------------------------------------------------------------
def list_keys(conn: sqlite3.Connection, id_axe: int) -> list[dict[str, Any]]:
    return [dict(row) for row in conn.execute(f"{_KEY_SELECT} WHERE k.id_axe = ? ORDER BY k.id_key", (id_axe,))]


def count_keys(conn: sqlite3.Connection, id_axe: int) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM analytic_key WHERE id_axe = ?", (id_axe,)).fetchone()[0])


def get_key(conn: sqlite3.Connection, society_id: int, id_key: int) -> dict[str, Any] | None:
    row = conn.execute(f"{_KEY_SELECT} WHERE k.id_key = ? AND a.society_id = ?", (id_key, society_id)).fetchone()
    return None if row is None else dict(row)


def insert_key(conn: sqlite3.Connection, id_axe: int, key: str, condition: str) -> int:
    cursor = conn.execute(
        "INSERT INTO analytic_key (id_axe, key, condition) VALUES (?, ?, ?)", (id_axe, key, condition)
    )
    return int(cursor.lastrowid or 0)


def update_key(conn: sqlite3.Connection, id_key: int, changes: dict[str, Any]) -> None:
    if changes:
        assignments = ", ".join(f"{name} = ?" for name in changes)
        conn.execute(f"UPDATE analytic_key SET {assignments} WHERE id_key = ?", [*changes.values(), id_key])


def delete_key(conn: sqlite3.Connection, id_key: int) -> None:
    conn.execute("DELETE FROM analytic_rate WHERE id_key = ?", (id_key,))
    conn.execute("DELETE FROM analytic_key WHERE id_key = ?", (id_key,))


def list_rates(conn: sqlite3.Connection, id_key: int) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT * FROM analytic_rate WHERE id_key = ? ORDER BY id_rate", (id_key,))
    return [dict(row) for row in rows]


def replace_rates(conn: sqlite3.Connection, id_key: int, rates: list[tuple[int, int]]) -> bool:
    """Replace the key's rates by `(id_section, rate)` pairs; False (nothing touched) when the set is the same."""
    current = sorted((row["id_section"], row["rate"]) for row in list_rates(conn, id_key))
    if current == sorted(rates):
        return False
    conn.execute("DELETE FROM analytic_rate WHERE id_key = ?", (id_key,))
    conn.executemany(
        "INSERT INTO analytic_rate (id_key, id_section, rate) VALUES (?, ?, ?)",
        [(id_key, id_section, rate) for id_section, rate in rates],
    )
    return True


# -- computed distribution (N19) ------------------------------------------------------------------
def matches(rule: str | None, account: str) -> bool:
    """Q9: `;`- or `,`-separated account roots, prefix match, a leading `-` excludes (case-insensitive)."""
    roots = [part.strip().upper() for part in re.split(r"[;,]", rule or "") if part.strip()]
    number = account.upper()
    if any(number.startswith(root[1:]) for root in roots if root.startswith("-") and len(root) > 1):
        return False
    return any(number.startswith(root) for root in roots if not root.startswith("-"))


def _axe_distribution(conn: sqlite3.Connection, axe: dict[str, Any], account: str) -> list[tuple[dict[str, Any], int]]:
    """(section, rate): the first key (by id) whose condition matches and that has rates, else the first open
    non-default section whose `account` matches, else the default section, else nothing."""
    sections = {s["id_section"]: s for s in list_sections(conn, axe["id_axe"], include_closed=True)}
    for key in list_keys(conn, axe["id_axe"]):
        rates = list_rates(conn, key["id_key"])
        if rates and matches(key["condition"], account):
            return [(sections[rate["id_section"]], rate["rate"]) for rate in rates]
    for section in sections.values():
        if not section["closed"] and not section["isdefault"] and matches(section["account"], account):
            return [(section, 100)]
    default = sections.get(axe["id_section_default"])
    return [] if default is None else [(default, 100)]


def distribution(conn: sqlite3.Connection, society_id: int, account: str, value: float) -> list[dict[str, Any]]:
    """What every axe of the dossier would apply to `value` on `account` (`id_reparition` null: nothing is
    stored, as in the Postman captures of this route)."""
    result = []
    for axe in list_axes(conn, society_id):
        lines = [
            {"code": section["code"], "rate": rate, "label": section["label"],
             "amount": round(value * rate / 100, 2), "id_section": section["id_section"], "id_reparition": None}
            for section, rate in _axe_distribution(conn, axe, account)
        ]
        result.append({"id_axe": axe["id_axe"], "code": axe["code"], "label": axe["label"], "repartition": lines})
    return result


# -- demo -----------------------------------------------------------------------------------------
DEMO_SOCIETY = 3

# axe code, label, [(section code, label, account, closed, has_entries)]; the first section is the default.
_DEMO_AXES: list[tuple[str, str, list[tuple[str, str, str | None, bool, bool]]]] = [
    ("ACTIVITE", "Activités", [
        ("ATTENTE", "Section d'attente", None, False, False),
        ("VENTE", "Ventes", "706;707", False, True),
        ("ATELIER", "Atelier", "601;-6011", False, False),
        ("ANCIEN", "Ancienne activité", None, True, False),
    ]),
    ("SITE", "Sites", [
        ("ATTENTE", "Section d'attente", None, False, False),
        ("LYON", "Lyon", None, False, False),
        ("PARIS", "Paris", None, False, False),
    ]),
]


def load_demo(store: Store, conn: sqlite3.Connection, empty: bool) -> None:
    """Demo loader (registered in `demo.py`): dossier 3 gets two axes, a key and its rates."""
    for table, start in (("analytic_axe", AXE_ID_START), ("analytic_section", SECTION_ID_START),
                         ("analytic_key", KEY_ID_START), ("analytic_rate", RATE_ID_START)):
        store.set_sequence(conn, table, start)
    if empty:
        return
    ids: dict[tuple[str, str], int] = {}
    for code, label, sections in _DEMO_AXES:
        id_axe = insert_axe(conn, DEMO_SOCIETY, code, label)
        for index, (s_code, s_label, account, closed, has_entries) in enumerate(sections):
            id_section = insert_section(
                conn, id_axe, s_code, s_label, account=account, closed=closed, has_entries=has_entries
            )
            ids[code, s_code] = id_section
            if index == 0:
                update_axe(conn, id_axe, {"id_section_default": id_section})
        ids[code, ""] = id_axe
    id_key = insert_key(conn, ids["SITE", ""], "SIEGE", "6")
    replace_rates(conn, id_key, [(ids["SITE", "LYON"], 60), (ids["SITE", "PARIS"], 40)])
