"""Capital and associates workbooks for dossiers 1, 2 and 3 of the demo, in the export's own format, and readers.

Dossier 1 has the PCG (its associate accounts exist); dossier 2 gets its accounts from a Comptes sheet;
dossier 3 has none and is imported with --create-accounts. Persons are given by name when the name is
unique in the firm, by ID for the homonyms (DURANT Arnaud 5003/5004, MARTIN Élodie 5005/5006). Dossiers
hold shares of one another (3 in 1, 1 and 4 in 2, 2 in 3). Every dossier's open links hold at most its
capital, and the shares that move (5003 -> 5004, 5012's second period) follow the sandbox's formula.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from bulkio.pipeline import connect
from tests.conftest import firm_target
from tests.integration import analytics_data
from tests.integration.analytics_data import read_rows as read_rows  # re-exported for the associates tests

CAPITAL_HEADERS = ["Dossier", "Date d'effet", "Capital", "Nombre de parts"]
PP_HEADERS = ["Dossier", "ID personne", "Nom", "Prénom", "Fonction signataire", "Fonction", "Date d'entrée",
              "Date de sortie", "Date d'effet", "Parts PP", "Parts NP", "Parts US", "Compte associé"]
PM_HEADERS = ["Dossier", "Société associée", "Fonction signataire", "Date d'entrée", "Date de sortie",
              "Date d'effet", "Parts PP", "Parts NP", "Parts US", "Compte associé", "Revenus professionnels"]
COMPTES_HEADERS = ["N° de compte", "Libellé"]
HEADERS = {"Capital": CAPITAL_HEADERS, "Associés PP": PP_HEADERS, "Associés PM": PM_HEADERS,
           "Comptes": COMPTES_HEADERS}


def day(text: str) -> datetime:
    return datetime.fromisoformat(text)


def pp(person_id: int | None, name: str, first: str, signatory: str, function: str, start: str, end: str | None,
       shares: tuple[int, int, int], account: str) -> list[Any]:
    return [None, person_id, name, first, signatory, function, day(start), day(end) if end else None, None,
            *shares, account]


def pm(company: str, signatory: str, start: str, end: str | None, shares: tuple[int, int, int], account: str,
       revenu_pro: str = "Non") -> list[Any]:
    return [None, company, signatory, day(start), day(end) if end else None, None, *shares, account, revenu_pro]


# Dossier -> sheets. Person ids of the rows given by name, for the export's 'ID personne' column.
BOOKS: dict[int, dict[str, list[list[Any]]]] = {
    1: {
        "Capital": [[None, day("2015-03-01"), 50000, 5000]],
        "Associés PP": [
            pp(None, "MARTIN", "Jean-Pierre", "Gérant", "Dirigeant associé", "2015-03-01", None, (2000, 0, 0),
               "455100"),
            pp(5003, "DURANT", "Arnaud", "Co-Gérant", "Associé", "2015-03-01", "2019-12-31", (1000, 0, 0), "455800"),
            pp(None, "Garçon", "François", "Président", "Associé sans part", "2016-01-01", None, (0, 0, 0),
               "467000"),
            pp(5004, "DURANT", "Arnaud", "Co-Gérant", "Associé", "2020-01-01", None, (1000, 0, 0), "456100"),
        ],
        # A company with shares of its own (ASSOCIE4): dossier 4's demo capital.
        "Associés PM": [pm("BOULANGERIE MARTIN EURL", "Co-Gérant", "2018-07-01", None, (1000, 0, 0), "462000")],
    },
    2: {
        "Comptes": [["455100", "ASSOCIE BENARD ZOE"], ["455200", "ASSOCIE DUBOIS-MOREAU"],
                    ["455300", "ASSOCIE PERRIN"], ["467100", "C/C DEMO PCG SARL"], ["467200", "C/C BOULANGERIE"]],
        "Capital": [[None, day("2021-03-22"), 1000, 100]],
        "Associés PP": [
            pp(None, "Bénard", "Zoé", "Président", "Dirigeant associé", "2021-03-22", None, (40, 0, 0), "455100"),
            pp(None, "Dubois-Moreau", "Chloé", "DG", "Associé", "2021-03-22", None, (0, 20, 0), "455200"),
            pp(None, "Perrin", "Noël", "Gérant", "Associé", "2021-03-22", None, (0, 0, 20), "455300"),
        ],
        "Associés PM": [
            pm("BOULANGERIE MARTIN EURL", "Gérant", "2021-03-22", "2021-12-31", (10, 0, 0), "467200"),
            pm("DEMO PCG SARL", "Président", "2022-01-01", None, (30, 0, 0), "467100", "Oui"),
        ],
    },
    3: {
        "Capital": [[None, day("2019-06-12"), 37000, 370]],
        "Associés PP": [
            pp(None, "Le Guével", "Gaëlle", "Gérant", "Dirigeant salarié", "2019-06-12", None, (200, 0, 0), "455100"),
            pp(None, "Crémieux", "Joël", "Co-Gérant", "Associé", "2019-06-12", "2022-06-30", (100, 0, 0), "455200"),
            pp(5005, "MARTIN", "Élodie", "Chef d'entreprise", "Administrateur", "2020-01-01", None, (0, 50, 50),
               "455300"),
            pp(None, "Crémieux", "Joël", "Co-Gérant", "Associé", "2023-01-01", None, (50, 0, 0), "455200"),
        ],
        "Associés PM": [pm("DOSSIER VIDE SAS", "Gérant", "2022-07-01", None, (70, 0, 0), "467100")],
    },
}
PERSON_IDS = {("MARTIN", "Jean-Pierre"): 5001, ("Garçon", "François"): 5007, ("Bénard", "Zoé"): 5008,
              ("Dubois-Moreau", "Chloé"): 5009, ("Perrin", "Noël"): 5010, ("Le Guével", "Gaëlle"): 5011,
              ("Crémieux", "Joël"): 5012}


def write_book(path: Path, sheets: dict[str, list[list[Any]]], headers: dict[str, list[str]] | None = None) -> Path:
    """A real .xlsx of the capital and associates sheets (see analytics_data.write_book)."""
    return analytics_data.write_book(path, sheets, headers or HEADERS)


def remote_associates(sandbox: Any, society_id: int) -> dict[str, Any]:
    """GET /society/:id/associate for `society_id`, read with the firm token."""
    client, _ = connect(firm_target(sandbox, society_id))
    with client:
        return dict(client.get(f"/society/{society_id}/associate").data)


def link_keys(state: dict[str, Any]) -> list[tuple[str, int, str]]:
    """(kind, holder id, start date) of every link: a duplicate shows as a repeated key."""
    lists = state["associate_list"]
    keys = [("pp", item["physical_person"]["id"], item["start_date"]) for item in lists["physical_person_list"]]
    keys += [("pm", item["society"]["id"], item["society"]["start_date"]) for item in lists["society_list"]]
    return keys


def shares_held(state: dict[str, Any]) -> int:
    """PP + NP + US over every link: shares counted twice would show here."""
    lists = state["associate_list"]
    return sum(item["social_part"][k] for item in lists["physical_person_list"] + lists["society_list"]
               for k in ("PP", "NP", "US"))


def workbook_shares(sheets: dict[str, list[list[Any]]]) -> int:
    return sum(sum(row[9:12]) for row in sheets.get("Associés PP", [])) + \
        sum(sum(row[6:9]) for row in sheets.get("Associés PM", []))
