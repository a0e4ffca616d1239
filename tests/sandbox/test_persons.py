"""GET /pers_physique: firm only, every natural person of the schema, homonyms on purpose."""

from __future__ import annotations

import unicodedata

import httpx
from sandbox_support import headers, society_token

from bulkio.sandbox import EmbeddedSandbox


def persons(firm: httpx.Client) -> list[dict]:
    response = firm.get("/pers_physique")
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"array_pers_physique"}
    return list(body["array_pers_physique"])


def folded(text: str) -> str:
    """Case-, accent- and space-insensitive form, as a client matching names would use."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


def test_shape(firm: httpx.Client) -> None:
    everyone = persons(firm)
    assert len(everyone) == 16
    assert [p["pers_physique_id"] for p in everyone] == list(range(5001, 5017))
    helene = everyone[1]
    assert helene == {
        "name": "Lefèvre", "actif": True, "civility": {"id": 2, "label": "Madame", "value": "Mme"},
        "firstname": "Hélène",
        "coordonnee": [{"id": 12003, "type": {"id": 1, "label": "Mail", "value": "Mail"},
                        "value": "helene.lefevre@mail.example"}],
        "company_number": 1, "pers_physique_id": 5002,
        "physical_person_type": {"id": 1, "label": "Externe", "value": "Externe"},
        "company": [{"society_id": 4, "society_name": "BOULANGERIE MARTIN EURL"}],
    }
    lone = everyone[2]
    assert lone["company_number"] == 0 and "company" not in lone
    assert {p["physical_person_type"]["label"] for p in everyone} == {"Externe", "Interne"}


def test_homonyms(firm: httpx.Client) -> None:
    everyone = persons(firm)
    durant = [p for p in everyone if (p["name"], p["firstname"]) == ("DURANT", "Arnaud")]
    assert [p["pers_physique_id"] for p in durant] == [5003, 5004]
    assert {p["coordonnee"][0]["value"] for p in durant} == {"arnaud.durant@fakemail.example",
                                                            "a.durant@autremail.example"}
    elodie = [p for p in everyone if folded(p["firstname"] + " " + p["name"]) == "elodie martin"]
    assert [p["pers_physique_id"] for p in elodie] == [5005, 5006]
    assert elodie[0]["firstname"] != elodie[1]["firstname"] and elodie[0]["name"] != elodie[1]["name"]


def test_firm_only(api: httpx.Client) -> None:
    refused = api.get("/pers_physique", headers=headers(society_token(4)))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "ERR-FORBIDDEN-ROUTE"
    assert api.get("/pers_physique", headers=headers(society=2)).status_code == 200  # society-id is ignored


def test_company_follows_new_links(firm: httpx.Client) -> None:
    capital = {"effective_date": "2020-01-01", "capital": 1000, "social_part": 10}
    assert firm.post("/society/capital", json=capital, headers={"society-id": "1"}).status_code == 200
    account = firm.get("/account/v2", params={"begin_by": "455100"}, headers={"society-id": "1"}).json()[0]
    body = {"physical_person_id": 5001, "signatory_function_id": 1, "function_id": 3, "start_date": "2020-01-01",
            "end_date": "", "social_part": {"PP": 10, "NP": 0, "US": 0}, "account_id": account["account_id"],
            "effective_date": "2020-01-01"}
    assert firm.post("/associate/natural_person", json=body, headers={"society-id": "1"}).status_code == 200
    martin = persons(firm)[0]
    assert martin["company_number"] == 2
    assert [c["society_id"] for c in martin["company"]] == [1, 4]


def test_persons_survive_an_empty_reset(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    sandbox.reset(empty=True)
    everyone = persons(firm)
    assert len(everyone) == 16 and all(p["company_number"] == 0 for p in everyone)
    found = firm.get("/society/4/associate", headers={"society-id": "4"}).json()
    assert found == {"capital": None, "associate_list": {"physical_person_list": [], "society_list": []}}
