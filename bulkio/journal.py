"""The run journal: a small SQLite file that lets a stopped run resume without writing anything twice.

One journal per (input file content, target, dossier). Before a write is sent its row is marked `sent`;
after the answer it is marked `done` with the outcome. On resume:
- `done` rows keep their outcome and cost nothing;
- `sent` rows are the uncertain ones: the fresh snapshot taken by the new plan is their read-back
  (unchanged now means the write landed; still different means it did not);
- everything else is planned again.
(push.py names these states and acts on them: see its docstring.)

A journal written by an earlier version also has a `step` table (each request of a multi-request row that
landed), which nothing ever read: it is dropped when the journal is opened, the rest resumes as before.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from bulkio.outcome import RowOutcome, Status

SCHEMA = """
CREATE TABLE IF NOT EXISTS run (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    input_sha256 TEXT NOT NULL,
    target TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE TABLE IF NOT EXISTS entry (
    sheet TEXT NOT NULL,
    excel_row INTEGER NOT NULL,
    action TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sent', 'done')),
    status TEXT,
    message TEXT,
    error_code TEXT,
    remote_id TEXT,
    request_id TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (sheet, excel_row)
);
"""
# An earlier version's table, written and never read (see the docstring).
DROP_LEGACY_TABLES = "DROP TABLE IF EXISTS step;"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def journal_dir() -> Path:
    return Path(platformdirs.user_data_dir("bulkio", appauthor=False)) / "journals"


@dataclass(frozen=True)
class JournalEntry:
    action: str
    state: str
    outcome: RowOutcome | None


class Journal:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA + DROP_LEGACY_TABLES)

    @classmethod
    def for_run(cls, input_path: Path, target_key: str, directory: Path | None = None) -> Journal:
        sha = file_sha256(input_path)
        name = hashlib.sha256(f"{sha}|{target_key}".encode()).hexdigest()[:24]
        journal = cls((directory or journal_dir()) / f"{name}.sqlite")
        journal._start(sha, target_key)
        return journal

    def _start(self, sha: str, target_key: str) -> None:
        row = self._db.execute("SELECT finished_at FROM run WHERE id = 1").fetchone()
        if row is not None and row[0] is not None:
            # The previous run with this input finished: this is a new run, not a resume.
            self.restart()
            row = None
        if row is None:
            self._db.execute(
                "INSERT INTO run (id, input_sha256, target, started_at) VALUES (1, ?, ?, ?)",
                (sha, target_key, _now()),
            )

    @property
    def resuming(self) -> bool:
        return self._db.execute("SELECT count(*) FROM entry").fetchone()[0] > 0

    def restart(self) -> None:
        self._db.execute("DELETE FROM entry")
        self._db.execute("DELETE FROM run")

    def entries(self) -> dict[tuple[str, int], JournalEntry]:
        found = {}
        for sheet, row, action, state, status, message, code, remote_id, request_id in self._db.execute(
            "SELECT sheet, excel_row, action, state, status, message, error_code, remote_id, request_id FROM entry"
        ):
            outcome = (
                RowOutcome(Status(status), message or "", code or "", remote_id or "", request_id or "")
                if state == "done"
                else None
            )
            found[(sheet, row)] = JournalEntry(action, state, outcome)
        return found

    def mark_sent(self, sheet: str, excel_row: int, action: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO entry (sheet, excel_row, action, state, updated_at) VALUES (?, ?, ?, 'sent', ?)",
            (sheet, excel_row, action, _now()),
        )

    def forget(self, sheet: str, excel_row: int) -> None:
        """A row marked `sent` whose request the API certainly did not process (a 429, a token refused as expired):
        nothing to resume."""
        self._db.execute("DELETE FROM entry WHERE sheet = ? AND excel_row = ? AND state = 'sent'", (sheet, excel_row))

    def mark_done(self, sheet: str, excel_row: int, action: str, outcome: RowOutcome) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO entry (sheet, excel_row, action, state, status, message, error_code, remote_id,"
            " request_id, updated_at) VALUES (?, ?, ?, 'done', ?, ?, ?, ?, ?, ?)",
            (sheet, excel_row, action, outcome.status.value, outcome.message, outcome.error_code,
             outcome.remote_id, outcome.request_id, _now()),
        )

    def finish(self) -> None:
        self._db.execute("UPDATE run SET finished_at = ? WHERE id = 1", (_now(),))

    def close(self) -> None:
        self._db.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
