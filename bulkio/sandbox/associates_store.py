"""Capital history and associate links in SQLite (reference §6), plus their demo rows.

Three tables: `capital_history` (one row per dossier and date), `associate_pp` (natural persons) and
`associate_pm` (legal entities: `holder_id` is the dossier that holds the shares). The two link tables have
the same columns and separate id sequences, as the live API's `physical_person_link_id` and
`society_link_id` (the Postman capture shows both equal to 35). Open links have `end_date = ''`.

The functions take a connection: reads under `store.read()`, checks and writes inside one `store.write()`
transaction so that an upsert is atomic across processes sharing the database.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from typing import Literal

from bulkio.sandbox import account_store as accounts
from bulkio.sandbox import persons
from bulkio.sandbox.store import Store, register_schema

Kind = Literal["pp", "pm"]
KINDS: tuple[Kind, ...] = ("pp", "pm")
TABLES: dict[str, str] = {"pp": "associate_pp", "pm": "associate_pm"}
HISTORICAL_ID_START = 1500
LINK_ID_START: dict[str, int] = {"pp": 2500, "pm": 2000}

_LINK_COLUMNS = """
        link_id INTEGER PRIMARY KEY AUTOINCREMENT,
        society_id INTEGER NOT NULL,
        holder_id INTEGER NOT NULL,
        signatory_function_id INTEGER NOT NULL,
        function_id INTEGER,
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        effective_date TEXT NOT NULL,
        pp INTEGER NOT NULL,
        np INTEGER NOT NULL,
        us INTEGER NOT NULL,
        account_id INTEGER NOT NULL,
        revenu_pro INTEGER NOT NULL DEFAULT 0,
        UNIQUE (society_id, holder_id, start_date)
"""

register_schema(
    f"""
    CREATE TABLE IF NOT EXISTS capital_history (
        historical_id INTEGER PRIMARY KEY AUTOINCREMENT,
        society_id INTEGER NOT NULL,
        date TEXT NOT NULL,
        capital REAL NOT NULL,
        social_part INTEGER NOT NULL,
        UNIQUE (society_id, date)
    );
    CREATE TABLE IF NOT EXISTS associate_pp ({_LINK_COLUMNS});
    CREATE TABLE IF NOT EXISTS associate_pm ({_LINK_COLUMNS});
    """
)


@dataclass
class Capital:
    historical_id: int
    society_id: int
    date: str
    capital: float
    social_part: int


@dataclass
class Link:
    """One associate link. `holder_id`: the person id (pp) or the holder dossier id (pm)."""

    holder_id: int
    signatory_function_id: int
    function_id: int | None
    start_date: str
    end_date: str  # "" = open
    effective_date: str
    pp: int
    np: int
    us: int
    account_id: int
    revenu_pro: bool = False
    link_id: int | None = None

    @property
    def shares(self) -> int:
        """Shares the link holds: PP + NP (NP and US describe the same dismembered shares)."""
        return self.pp + self.np

    def same_content(self, other: Link) -> bool:
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self) if f.name != "link_id")


_WRITTEN = [f.name for f in fields(Link) if f.name != "link_id"]


# -- capital ------------------------------------------------------------------------------------
def _capital(row: sqlite3.Row) -> Capital:
    return Capital(row["historical_id"], row["society_id"], row["date"], row["capital"], row["social_part"])


def latest_capital(conn: sqlite3.Connection, society_id: int) -> Capital | None:
    """The capital row with the latest date, or None."""
    row = conn.execute(
        "SELECT * FROM capital_history WHERE society_id = ? ORDER BY date DESC LIMIT 1", (society_id,)
    ).fetchone()
    return None if row is None else _capital(row)


def upsert_capital(
    conn: sqlite3.Connection, society_id: int, day: str, capital: float, social_part: int
) -> tuple[Capital, bool]:
    """Insert or update the row of `day`; returns the row and whether anything changed."""
    row = conn.execute(
        "SELECT * FROM capital_history WHERE society_id = ? AND date = ?", (society_id, day)
    ).fetchone()
    if row is None:
        cursor = conn.execute(
            "INSERT INTO capital_history (society_id, date, capital, social_part) VALUES (?, ?, ?, ?)",
            (society_id, day, capital, social_part),
        )
        return Capital(int(cursor.lastrowid or 0), society_id, day, capital, social_part), True
    current = _capital(row)
    if current.capital == capital and current.social_part == social_part:
        return current, False
    conn.execute(
        "UPDATE capital_history SET capital = ?, social_part = ? WHERE historical_id = ?",
        (capital, social_part, current.historical_id),
    )
    return Capital(current.historical_id, society_id, day, capital, social_part), True


# -- links --------------------------------------------------------------------------------------
def _link(row: sqlite3.Row) -> Link:
    data = {name: row[name] for name in _WRITTEN}
    data["revenu_pro"] = bool(data["revenu_pro"])
    return Link(**data, link_id=row["link_id"])


def links(conn: sqlite3.Connection, society_id: int, kind: Kind) -> list[Link]:
    """Links of a dossier, by start date then id."""
    sql = f"SELECT * FROM {TABLES[kind]} WHERE society_id = ? ORDER BY start_date, link_id"
    return [_link(row) for row in conn.execute(sql, (society_id,))]


def dossiers_by_person(conn: sqlite3.Connection) -> dict[int, list[int]]:
    """Person id -> the dossiers it has a natural-person link with (open or closed)."""
    result: dict[int, list[int]] = {}
    for row in conn.execute("SELECT DISTINCT holder_id, society_id FROM associate_pp ORDER BY holder_id, society_id"):
        result.setdefault(row["holder_id"], []).append(row["society_id"])
    return result


def save_link(conn: sqlite3.Connection, society_id: int, kind: Kind, link: Link) -> int:
    """Insert (link_id None) or update a link; returns its id."""
    values = [int(v) if isinstance(v, bool) else v for v in (getattr(link, name) for name in _WRITTEN)]
    if link.link_id is None:
        names = ", ".join(["society_id", *_WRITTEN])
        marks = ", ".join("?" * (len(_WRITTEN) + 1))
        cursor = conn.execute(f"INSERT INTO {TABLES[kind]} ({names}) VALUES ({marks})", [society_id, *values])
        return int(cursor.lastrowid or 0)
    assignments = ", ".join(f"{name} = ?" for name in _WRITTEN)
    conn.execute(f"UPDATE {TABLES[kind]} SET {assignments} WHERE link_id = ?", [*values, link.link_id])
    return link.link_id


def committed_shares(
    conn: sqlite3.Connection, society_id: int, start_date: str, exclude: tuple[Kind, int | None]
) -> int:
    """Shares (PP + NP) of the dossier's links, both kinds, that are open or end after `start_date`,
    leaving out the link `exclude` (kind, link_id) - the ASSOCIE2 sum."""
    total = 0
    for kind in KINDS:
        for link in links(conn, society_id, kind):
            if (kind, link.link_id) == exclude:
                continue
            if link.end_date == "" or link.end_date > start_date:
                total += link.shares
    return total


def open_shares(conn: sqlite3.Connection, society_id: int) -> int:
    """Shares (PP + NP) of the dossier's open links (end_date ''), both kinds - the ASSOCIE3 sum."""
    return sum(link.shares for kind in KINDS for link in links(conn, society_id, kind) if link.end_date == "")


# -- demo -----------------------------------------------------------------------------------------
DEMO_DOSSIER = 4
DEMO_HOLDER = 3  # ANALYTIQUE SA holds shares of BOULANGERIE MARTIN EURL
DEMO_ACCOUNTS: list[tuple[str, str]] = [
    ("455100", "ASSOCIE MARTIN JEAN-PIERRE"), ("455200", "ASSOCIE LEFEVRE HELENE"),
    ("467100", "C/C ANALYTIQUE SA"),
]


def load_demo(store: Store, conn: sqlite3.Connection, empty: bool) -> None:
    """Persons (always); for a full load, dossier 4's capital, associate accounts and three links."""
    persons.load_demo(store, conn)
    store.set_sequence(conn, "capital_history", HISTORICAL_ID_START)
    for kind, start in LINK_ID_START.items():
        store.set_sequence(conn, TABLES[kind], start)
    if empty:
        return
    ids = [accounts.insert_account(conn, DEMO_DOSSIER, accounts.AccountWrite(number, label))
           for number, label in DEMO_ACCOUNTS]
    upsert_capital(conn, DEMO_DOSSIER, "2010-01-04", 5000, 500)
    martin, lefevre = persons.PERSON_ID_START + 1, persons.PERSON_ID_START + 2
    save_link(conn, DEMO_DOSSIER, "pp", Link(martin, 1, 3, "2010-01-04", "", "2010-01-04", 350, 0, 0, ids[0]))
    save_link(conn, DEMO_DOSSIER, "pp",
              Link(lefevre, 6, 5, "2010-01-04", "2018-06-30", "2010-01-04", 100, 0, 0, ids[1]))
    save_link(conn, DEMO_DOSSIER, "pm", Link(DEMO_HOLDER, 6, None, "2018-07-01", "", "2018-07-01", 100, 0, 0, ids[2]))
