"""Natural persons of the firm's schema (`GET /pers_physique`, reference §6.5): table, demo list, shapes.

Persons are firm-level (not tied to a dossier), so the demo keeps them even when loaded `empty`. Ids start
at 5001, apart from dossier ids (1-4) and account ids (100001+). The demo list deliberately holds homonyms:
two exact "DURANT Arnaud" (told apart by their e-mail) and "Élodie MARTIN" / " elodie  martin " (the same
name for a client that matches case-, accent- and space-insensitively, as reference §6.5 recommends).

Civility 1 "Monsieur"/"Mr", person type 2 "Interne" and coordinate types 1 "Mail"/2 "Tel. fixe" are from the
Postman capture; civility 2 "Madame"/"Mme" and person type 1 "Externe" are invented.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from bulkio.sandbox.store import Store, register_schema

PERSON_ID_START = 5000  # first demo person is 5001
COORD_ID_START = 12000
CIVILITIES: dict[int, tuple[str, str]] = {1: ("Monsieur", "Mr"), 2: ("Madame", "Mme")}
PERSON_TYPES: dict[int, str] = {1: "Externe", 2: "Interne"}
COORD_TYPES: dict[int, str] = {1: "Mail", 2: "Tel. fixe"}

register_schema(
    """
    CREATE TABLE IF NOT EXISTS pers_physique (
        pers_physique_id INTEGER PRIMARY KEY AUTOINCREMENT,
        data TEXT NOT NULL
    );
    """
)


@dataclass(frozen=True)
class DemoPerson:
    civility: int
    firstname: str
    name: str
    mail: str
    phone: str | None = None
    person_type: int = 1


# Order = ids 5001, 5002, ... (tests and the associates demo refer to them by id).
DEMO_PERSONS: list[DemoPerson] = [
    DemoPerson(1, "Jean-Pierre", "MARTIN", "jp.martin@boulangerie-martin.example", "0546000001"),  # 5001
    DemoPerson(2, "Hélène", "Lefèvre", "helene.lefevre@mail.example"),  # 5002
    DemoPerson(1, "Arnaud", "DURANT", "arnaud.durant@fakemail.example", "0140000003"),  # 5003
    DemoPerson(1, "Arnaud", "DURANT", "a.durant@autremail.example"),  # 5004: exact homonym of 5003
    DemoPerson(2, "Élodie", "MARTIN", "elodie.martin@mail.example"),  # 5005
    DemoPerson(2, " elodie", " martin ", "emartin@autremail.example"),  # 5006: 5005 modulo case/accents/spaces
    DemoPerson(1, "François", "Garçon", "f.garcon@mail.example", "0240000007"),  # 5007
    DemoPerson(2, "Zoé", "Bénard", "zoe.benard@mail.example"),  # 5008
    DemoPerson(2, "Chloé", "Dubois-Moreau", "chloe.dubois-moreau@mail.example"),  # 5009
    DemoPerson(1, "Noël", "Perrin", "noel.perrin@mail.example", "0320000010"),  # 5010
    DemoPerson(2, "Gaëlle", "Le Guével", "gaelle.leguevel@mail.example"),  # 5011
    DemoPerson(1, "Joël", "Crémieux", "joel.cremieux@mail.example"),  # 5012
    DemoPerson(2, "Anaïs", "Lemaître", "anais.lemaitre@cabinet.example", "0140000013", person_type=2),  # 5013
    DemoPerson(1, "Étienne", "Rousseau", "etienne.rousseau@cabinet.example", person_type=2),  # 5014
    DemoPerson(1, "Sébastien", "O'Neill", "sebastien.oneill@mail.example"),  # 5015
    DemoPerson(2, "Maëlys", "Kowalski", "maelys.kowalski@mail.example"),  # 5016
]


def load_demo(store: Store, conn: sqlite3.Connection) -> None:
    """Insert the demo persons (ids 5001...) and set the id sequence."""
    store.set_sequence(conn, "pers_physique", PERSON_ID_START)
    coord_id = COORD_ID_START
    for person in DEMO_PERSONS:
        coords = []
        for type_id, value in ((1, person.mail), (2, person.phone)):
            if value:
                coord_id += 1
                coords.append({"id": coord_id, "type_id": type_id, "value": value})
        data = {"name": person.name, "firstname": person.firstname, "civility_id": person.civility,
                "type_id": person.person_type, "actif": True, "coordonnee": coords}
        conn.execute("INSERT INTO pers_physique (data) VALUES (?)", (json.dumps(data, ensure_ascii=False),))


def _row(row: sqlite3.Row) -> dict[str, Any]:
    return {**json.loads(row["data"]), "pers_physique_id": row["pers_physique_id"]}


def get_person(conn: sqlite3.Connection, person_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM pers_physique WHERE pers_physique_id = ?", (person_id,)).fetchone()
    return None if row is None else _row(row)


def persons_by_id(conn: sqlite3.Connection, ids: set[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT * FROM pers_physique WHERE pers_physique_id IN ({marks})", sorted(ids))
    return {row["pers_physique_id"]: _row(row) for row in rows}


def list_persons(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [_row(row) for row in conn.execute("SELECT * FROM pers_physique ORDER BY pers_physique_id")]


def _type(type_id: int) -> dict[str, Any]:
    label = COORD_TYPES[type_id]
    return {"id": type_id, "label": label, "value": label}


def coord(person: dict[str, Any]) -> list[dict[str, Any]]:
    """`physical_person.coord` of `GET /society/:id/associate` (with `label: null`, as the doc example)."""
    return [{"id": c["id"], "type": _type(c["type_id"]), "label": None, "value": c["value"]}
            for c in person["coordonnee"]]


def pers_physique_item(person: dict[str, Any], companies: list[dict[str, Any]]) -> dict[str, Any]:
    """One item of `array_pers_physique`; `company` (the dossiers it is an associate of) only when any."""
    civility = CIVILITIES[person["civility_id"]]
    kind = PERSON_TYPES[person["type_id"]]
    item: dict[str, Any] = {
        "name": person["name"], "actif": person["actif"],
        "civility": {"id": person["civility_id"], "label": civility[0], "value": civility[1]},
        "firstname": person["firstname"],
        "coordonnee": [{"id": c["id"], "type": _type(c["type_id"]), "value": c["value"]}
                       for c in person["coordonnee"]],
        "company_number": len(companies),
        "pers_physique_id": person["pers_physique_id"],
        "physical_person_type": {"id": person["type_id"], "label": kind, "value": kind},
    }
    if companies:
        item["company"] = companies
    return item
