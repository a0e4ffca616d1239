"""SQLite state of the sandbox: connection, schema, transactions, and the dossiers (societies).

One connection per Store, guarded by a lock (the ASGI app may run in a thread while tests call the store
directly). A file database is in WAL mode with a busy timeout, so two processes sharing `--db` (an import
and an export) see each other's writes. Entities other than societies keep their data access in their
own module and register their tables with `register_schema`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

_SCHEMAS: list[str] = [
    """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS society (
        society_id INTEGER PRIMARY KEY,
        data TEXT NOT NULL
    );
    """
]


def register_schema(ddl: str) -> None:
    """Add `CREATE TABLE IF NOT EXISTS ...` statements run by every Store at open."""
    if ddl not in _SCHEMAS:
        _SCHEMAS.append(ddl)


class Store:
    """The sandbox database. Use `read()` for queries and `write()` for a transaction."""

    def __init__(self, db_path: Path | None) -> None:
        self.path = db_path
        target = str(db_path) if db_path is not None else ":memory:"
        if db_path is not None:
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None, timeout=10.0)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        with self._lock:
            self._conn.execute("PRAGMA busy_timeout = 10000")
            self._conn.execute("PRAGMA foreign_keys = ON")
            if db_path is not None:
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
            self.ensure_schema()

    def ensure_schema(self) -> None:
        with self._lock:
            for ddl in _SCHEMAS:
                self._conn.executescript(ddl)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # -- meta ---------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        with self.read() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def set_meta(self, conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def wipe(self, conn: sqlite3.Connection) -> None:
        """Delete every row of every table (inside the caller's transaction)."""
        conn.execute("PRAGMA defer_foreign_keys = ON")
        names = [
            row["name"]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for name in names:
            conn.execute(f'DELETE FROM "{name}"')
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
            conn.execute("DELETE FROM sqlite_sequence")

    def set_sequence(self, conn: sqlite3.Connection, table: str, value: int) -> None:
        """Make the next AUTOINCREMENT id of `table` be `value + 1`."""
        conn.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, value))

    # -- societies ----------------------------------------------------------------------------
    def societies(self) -> list[dict[str, Any]]:
        with self.read() as conn:
            rows = conn.execute("SELECT society_id, data FROM society ORDER BY society_id").fetchall()
        return [{**json.loads(row["data"]), "society_id": row["society_id"]} for row in rows]

    def society(self, society_id: int) -> dict[str, Any] | None:
        with self.read() as conn:
            row = conn.execute(
                "SELECT society_id, data FROM society WHERE society_id = ?", (society_id,)
            ).fetchone()
        return None if row is None else {**json.loads(row["data"]), "society_id": row["society_id"]}

    def society_exists(self, society_id: int) -> bool:
        with self.read() as conn:
            row = conn.execute("SELECT 1 FROM society WHERE society_id = ?", (society_id,)).fetchone()
        return row is not None

    def put_society(self, conn: sqlite3.Connection, society: dict[str, Any]) -> None:
        data = {key: value for key, value in society.items() if key != "society_id"}
        conn.execute(
            "INSERT OR REPLACE INTO society (society_id, data) VALUES (?, ?)",
            (society["society_id"], json.dumps(data, ensure_ascii=False)),
        )
