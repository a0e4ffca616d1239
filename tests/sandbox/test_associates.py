"""Capital and associates: shapes, upserts (Q12, Q13), Q14, share formula, faults and write statistics."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from sandbox_support import headers, society_token

from bulkio.sandbox import EmbeddedSandbox


def account_id(firm: httpx.Client, society: int, number: str) -> int:
    found = firm.get("/account/v2", params={"begin_by": number}, headers={"society-id": str(society)}).json()
    return next(int(a["account_id"]) for a in found if a["account_number"] == number)


def associates(firm: httpx.Client, society: int) -> dict[str, Any]:
    response = firm.get(f"/society/{society}/associate", headers={"society-id": str(society)})
    assert response.status_code == 200, response.text
    return dict(response.json())


def post(firm: httpx.Client, path: str, body: dict[str, Any], society: int = 1, **kwargs: Any) -> httpx.Response:
    return firm.post(path, json=body, headers={"society-id": str(society)}, **kwargs)


def capital(firm: httpx.Client, society: int = 1, day: str = "2020-01-01", amount: float = 10000,
            shares: int = 100) -> dict[str, Any]:
    response = post(firm, "/society/capital", {"effective_date": day, "capital": amount, "social_part": shares},
                    society)
    assert response.status_code == 200, response.text
    return dict(response.json())


def person_body(firm: httpx.Client, person_id: int = 5003, *, start: str = "2020-01-01", end: str = "",
                pp: int = 50, np: int = 0, us: int = 0, number: str = "455100", society: int = 1,
                **changes: Any) -> dict[str, Any]:
    return {"physical_person_id": person_id, "signatory_function_id": 3, "function_id": 10,
            "start_date": start, "end_date": end, "social_part": {"PP": pp, "NP": np, "US": us},
            "account_id": account_id(firm, society, number), "effective_date": start, **changes}


def person(firm: httpx.Client, person_id: int = 5003, *, society: int = 1, **changes: Any) -> httpx.Response:
    return post(firm, "/associate/natural_person", person_body(firm, person_id, society=society, **changes), society)


def entity(firm: httpx.Client, holder: int = 3, *, start: str = "2020-01-01", end: str = "", pp: int = 50,
           np: int = 0, us: int = 0, number: str = "467000", society: int = 1, **changes: Any) -> httpx.Response:
    body = {"society_id": holder, "signatory_function_id": 6, "start_date": start, "end_date": end,
            "social_part": {"PP": pp, "NP": np, "US": us}, "account_id": account_id(firm, society, number),
            "effective_date": start, "revenu_pro": False, **changes}
    return post(firm, "/associate/legal_entity", body, society)


def code(response: httpx.Response) -> str:
    assert response.status_code >= 400, response.text
    return str(response.json()["error"]["code"])


# -- GET ------------------------------------------------------------------------------------------
def test_demo_dossier_4(firm: httpx.Client) -> None:
    found = associates(firm, 4)
    assert found["capital"] == {"historical_id": 1501, "date": "2010-01-04", "capital": 5000, "social_part": 500,
                                "social_part_value": 10}
    people = found["associate_list"]["physical_person_list"]
    assert [(p["physical_person"]["id"], p["end_date"]) for p in people] == [(5001, ""), (5002, "2018-06-30")]
    martin = people[0]
    assert set(martin) == {"physical_person_link_id", "physical_person", "signatory_function", "function",
                           "start_date", "end_date", "social_part"}  # no effective_date in GET
    assert martin["physical_person"]["firstname"] == "Jean-Pierre" and martin["physical_person"]["name"] == "MARTIN"
    assert martin["physical_person"]["account_id"] == account_id(firm, 4, "455100")
    assert martin["physical_person"]["coord"][0] == {
        "id": 12001, "type": {"id": 1, "label": "Mail", "value": "Mail"}, "label": None,
        "value": "jp.martin@boulangerie-martin.example"}
    assert martin["signatory_function"] == {"id": 1, "label": "Gérant"}
    assert martin["function"] == {"id": 3, "label": "Dirigeant associé"}
    assert martin["social_part"] == {"PP": 350, "NP": 0, "US": 0, "percent": 70}
    assert people[1]["physical_person"]["name"] == "Lefèvre"
    [holder] = found["associate_list"]["society_list"]
    assert set(holder) == {"society_link_id", "society", "signatory_function", "social_part"}
    assert holder["society"] == {
        "revenu_pro": False, "id": 3, "name": "ANALYTIQUE SA", "siret": "85210987500017", "capital": 37000,
        "nb_part": 0, "date_capital": "",
        "address": "152 Avenue GABRIEL PERI 91700 SAINTE-GENEVIEVE-DES-BOIS FRANCE",
        "account_id": account_id(firm, 4, "467100"), "start_date": "2018-07-01", "end_date": "",
        "id_type_company": 1, "head_group_if": False, "fiscal_integration": False, "assujetti_unique": False,
        "vat_start_date": "", "vat_end_date": ""}
    assert holder["social_part"]["percent"] == 20


@pytest.mark.parametrize("society", [1, 2, 3])
def test_other_dossiers_have_no_capital_nor_associates(firm: httpx.Client, society: int) -> None:
    assert associates(firm, society) == {
        "capital": None, "associate_list": {"physical_person_list": [], "society_list": []}}


def test_holder_capital_shows_in_society_list(firm: httpx.Client) -> None:
    capital(firm, society=3, day="2019-06-12", amount=37000, shares=3700)
    holder = associates(firm, 4)["associate_list"]["society_list"][0]["society"]
    assert (holder["capital"], holder["nb_part"], holder["date_capital"]) == (37000, 3700, "20190612")


def test_q14_path_must_match_the_dossier(firm: httpx.Client, api: httpx.Client) -> None:
    assert code(firm.get("/society/3/associate", headers={"society-id": "4"})) == "DROIT1"
    assert firm.get("/society/3/associate", headers={"society-id": "4"}).status_code == 403
    assert code(firm.get("/society/4/associate")) == "GBL10"  # firm token without society-id
    assert code(firm.get("/society/abc/associate", headers={"society-id": "4"})) == "GBL10"
    assert code(firm.get("/society/9/associate", headers={"society-id": "9"})) == "DROIT1"
    token = headers(society_token(4))
    assert api.get("/society/4/associate", headers=token).status_code == 200
    assert code(api.get("/society/3/associate", headers=token)) == "DROIT1"


def test_routes_in_key_info(api: httpx.Client) -> None:
    firm_routes = api.get("/key/info", headers=headers()).json()
    society_routes = api.get("/key/info", headers=headers(society_token(4))).json()
    for path, method in (("/society/:id_society/associate", "get"), ("/society/capital", "post"),
                         ("/associate/natural_person", "post"), ("/associate/legal_entity", "post")):
        assert {"path": "/api/v1" + path, "method": method} in firm_routes
        assert {"path": "/api/v1" + path, "method": method} in society_routes
    assert {"path": "/api/v1/pers_physique", "method": "get"} in firm_routes
    assert {"path": "/api/v1/pers_physique", "method": "get"} not in society_routes


# -- capital ------------------------------------------------------------------------------------
def test_capital_upsert_by_date(firm: httpx.Client, sandbox: EmbeddedSandbox) -> None:
    first = capital(firm, day="2023-07-01", amount=30000, shares=100)
    assert first == {"historical_id": 1502, "date": "2023-07-01", "capital": 30000, "social_part": 100,
                     "social_part_value": 300}
    updated = capital(firm, day="2023-07-01", amount=35000, shares=100)
    assert updated["historical_id"] == 1502 and updated["social_part_value"] == 350
    older = capital(firm, day="2020-01-01", amount=100000, shares=10250)
    assert older["historical_id"] == 1503 and older["social_part_value"] == 9.76
    assert associates(firm, 1)["capital"]["historical_id"] == 1502  # the latest by date, not by id
    capital(firm, day="2023-07-01", amount=35000, shares=100)  # identical: no write
    listing = firm.get("/society").json()["society_array"]
    assert [s["capital"] for s in listing if s["society_id"] == 1] == [35000]  # follows the latest row
    stats = sandbox.stats()
    assert stats["writes_by_resource"] == {"capital:1:2023-07-01": 2, "capital:1:2020-01-01": 1}
    assert stats["writes"] == 3


def test_capital_with_cents(firm: httpx.Client) -> None:
    row = capital(firm, amount=1000.5, shares=3)
    assert row["capital"] == 1000.5 and row["social_part_value"] == 333.5


def test_capital_cannot_drop_below_open_shares(firm: httpx.Client) -> None:
    too_few = post(firm, "/society/capital", {"effective_date": "2024-01-01", "capital": 4000, "social_part": 449},
                   4)
    assert code(too_few) == "ASSOCIE3"
    assert associates(firm, 4)["capital"]["date"] == "2010-01-04"  # rolled back
    assert capital(firm, society=4, day="2024-01-01", amount=4500, shares=450)["social_part_value"] == 10
    found = associates(firm, 4)
    assert found["capital"]["date"] == "2024-01-01"
    assert found["associate_list"]["physical_person_list"][0]["social_part"]["percent"] == 77.8  # 350/450


# -- natural persons ----------------------------------------------------------------------------
def test_natural_person_post_shape(firm: httpx.Client, sandbox: EmbeddedSandbox) -> None:
    capital(firm, shares=100)
    created = person(firm, 5003, start="2023-08-10", effective_date="2023-08-11")
    assert created.status_code == 200, created.text
    assert created.json() == {
        "physical_person_link_id": 2503,
        "physical_person": {"id": 5003, "firstname": "Arnaud", "name": "DURANT",
                            "account_id": account_id(firm, 1, "455100")},
        "effective_date": "2023-08-11", "start_date": "2023-08-10", "end_date": "",
        "signatory_function": {"id": 3, "label": "Chef d'entreprise"},
        "function": {"id": 10, "label": "Administrateur"},
        "social_part": {"PP": 50, "NP": 0, "US": 0, "percent": 50},
    }
    [listed] = associates(firm, 1)["associate_list"]["physical_person_list"]
    assert listed["physical_person_link_id"] == 2503 and "effective_date" not in listed
    assert sandbox.stats()["writes_by_resource"]["associate_pp:1:5003:2023-08-10"] == 1


def test_natural_person_upsert_same_start_updates(firm: httpx.Client, sandbox: EmbeddedSandbox) -> None:
    capital(firm, shares=100)
    first = person(firm, pp=50).json()
    again = person(firm, pp=50)
    assert again.json() == first  # identical re-POST: same link, no write
    changed = person(firm, pp=30, np=10, us=10, end="2022-12-31", number="467000", function_id=5,
                     signatory_function_id=1, effective_date="2021-06-01").json()
    assert changed["physical_person_link_id"] == first["physical_person_link_id"]
    [link] = associates(firm, 1)["associate_list"]["physical_person_list"]
    assert link["end_date"] == "2022-12-31" and link["function"]["id"] == 5
    assert link["social_part"] == {"PP": 30, "NP": 10, "US": 10, "percent": 40}
    assert link["physical_person"]["account_id"] == account_id(firm, 1, "467000")
    assert sandbox.stats()["writes_by_resource"]["associate_pp:1:5003:2020-01-01"] == 2


def test_natural_person_history(firm: httpx.Client) -> None:
    capital(firm, shares=100)
    assert person(firm, start="2015-01-01", end="2017-12-31").status_code == 200
    assert person(firm, start="2019-01-01").status_code == 200  # after the closed period: new link
    assert code(person(firm, start="2021-01-01")) == "PERS_PHYSIQUE8"  # an open link exists
    assert code(person(firm, start="2010-01-01", end="2014-12-31")) == "PERS_PHYSIQUE8"  # even before it
    assert person(firm, start="2015-01-01", end="2017-12-31", pp=40).status_code == 200  # same key: update
    assert code(person(firm, start="2015-01-01", end="2019-01-01")) == "ASSOCIE9"  # update into the next one
    links = associates(firm, 1)["associate_list"]["physical_person_list"]
    assert [(p["start_date"], p["end_date"], p["social_part"]["PP"]) for p in links] == [
        ("2015-01-01", "2017-12-31", 40), ("2019-01-01", "", 50)]


def test_overlapping_closed_periods(firm: httpx.Client) -> None:
    capital(firm, shares=100)
    assert person(firm, start="2015-01-01", end="2017-12-31").status_code == 200
    assert code(person(firm, start="2017-12-31", end="2018-06-30")) == "ASSOCIE9"  # bounds included
    assert code(person(firm, start="2014-01-01", end="2015-01-01")) == "ASSOCIE9"
    assert code(person(firm, start="2016-01-01")) == "ASSOCIE9"  # open, starting inside
    assert person(firm, start="2018-01-01", end="2018-06-30").status_code == 200


def test_share_formula(firm: httpx.Client) -> None:
    """available = capital.social_part - sum(PP + NP) of the other links that are open or end after the new
    link's start (natural persons and legal entities alike); US is not counted."""
    capital(firm, society=2, amount=100000, shares=10250)
    capital(firm, society=3, day="2019-06-12", amount=37000, shares=3700)  # the holder's own shares (ASSOCIE4)
    number = "455000"
    post(firm, "/account", {"account_number": number, "label": "ASSOCIES"}, 2)
    post(firm, "/account", {"account_number": "467000", "label": "DIVERS"}, 2)
    made = person(firm, 5001, pp=7860, np=500, us=500, number=number, society=2)
    assert made.json()["social_part"]["percent"] == 81.6
    refused = entity(firm, 3, pp=1000, np=891, us=0, society=2)
    assert code(refused) == "ASSOCIE2"
    assert refused.json()["error"]["message"] == (
        "Vous essayez d'ajouter 1891 parts, alors qu'il y a que 1890 parts de disponibles sur la société")
    holder = entity(firm, 3, pp=1000, np=890, us=890, society=2)
    assert holder.json()["social_part"] == {"NP": 890, "PP": 1000, "US": 890, "percent": 18.4}
    assert code(person(firm, 5002, pp=1, number=number, society=2)) == "ASSOCIE2"
    assert person(firm, 5002, pp=0, np=0, us=5, number=number, society=2).status_code == 200  # US only


def test_share_formula_ignores_links_ended_before_the_start(firm: httpx.Client) -> None:
    """Dossier 4: 500 shares; MARTIN 350 open, Lefèvre 100 until 2018-06-30, ANALYTIQUE SA 100 open."""
    counted = person(firm, 5007, start="2018-06-29", pp=1, number="455100", society=4)
    assert code(counted) == "ASSOCIE2" and "il y a que 0 parts" in counted.json()["error"]["message"]
    too_many = person(firm, 5007, start="2018-06-30", pp=51, number="455100", society=4)  # ends on the start
    assert "il y a que 50 parts" in too_many.json()["error"]["message"]
    assert person(firm, 5007, start="2018-06-30", pp=50, number="455100", society=4).status_code == 200


def test_associate_without_shares(firm: httpx.Client) -> None:
    capital(firm, shares=100)
    assert person(firm, pp=0, function_id=13).json()["social_part"]["percent"] == 0


def test_society_token_may_write(api: httpx.Client, firm: httpx.Client) -> None:
    token = headers(society_token(1))
    body = {"effective_date": "2020-01-01", "capital": 1000, "social_part": 10}
    assert api.post("/society/capital", json=body, headers=token).status_code == 200
    assert code(api.post("/society/capital", json=body, headers={**token, "society-id": "2"})) == "DROIT1"
    assert associates(firm, 1)["capital"]["social_part"] == 10


# -- legal entities -----------------------------------------------------------------------------
def test_legal_entity_post_shape_and_upsert(firm: httpx.Client, sandbox: EmbeddedSandbox) -> None:
    capital(firm, shares=100)
    capital(firm, society=2, day="2022-03-24", amount=1000, shares=10)
    created = entity(firm, 2, start="2023-08-15", function_id=10, revenu_pro=True)  # function_id is ignored
    assert created.status_code == 200, created.text
    assert created.json() == {
        "society_link_id": 2002,
        "society": {"id": 2, "address": "4 Rue GALVANI 91300 MASSY FRANCE", "name": "DOSSIER VIDE SAS",
                    "siret": "79345612000013", "id_type_company": 1, "account_id": account_id(firm, 1, "467000"),
                    "assujetti_unique": False, "capital": 1000, "date_capital": "2022-03-24", "nb_part": 10,
                    "revenu_pro": True, "start_date": "2023-08-15", "end_date": "", "effective_date": "2023-08-15"},
        "social_part": {"NP": 0, "PP": 50, "US": 0, "percent": 50},
        "signatory_function": {"id": 6, "label": "Co-Gérant"},
    }
    again = entity(firm, 2, start="2023-08-15", pp=60, revenu_pro=True).json()
    assert again["society_link_id"] == 2002 and again["social_part"]["PP"] == 60
    assert code(entity(firm, 2, start="2024-01-01")) == "ASSOCIE9"  # open link of the same holder
    [listed] = associates(firm, 1)["associate_list"]["society_list"]
    assert listed["society"]["date_capital"] == "20220324" and listed["society"]["revenu_pro"] is True
    assert "effective_date" not in listed["society"] and "effective_date" not in listed
    assert sandbox.stats()["writes_by_resource"]["associate_pm:1:2:2023-08-15"] == 2


# -- faults and statistics ----------------------------------------------------------------------
def test_timeout_commits_and_blind_repost_is_an_update(firm: httpx.Client, sandbox: EmbeddedSandbox) -> None:
    capital(firm, shares=100)
    sandbox.set_faults(timeout_rate=1.0, stall_seconds=3)
    started = time.monotonic()
    body = person_body(firm, 5004, pp=60)
    with pytest.raises(httpx.ReadTimeout):
        post(firm, "/associate/natural_person", body, timeout=0.5)
    assert time.monotonic() - started < 2.5
    sandbox.set_faults(timeout_rate=0.0)
    [link] = associates(firm, 1)["associate_list"]["physical_person_list"]  # committed before the stall
    retried = post(firm, "/associate/natural_person", body)  # the blind retry: same body
    assert retried.status_code == 200
    assert retried.json()["physical_person_link_id"] == link["physical_person_link_id"]
    assert len(associates(firm, 1)["associate_list"]["physical_person_list"]) == 1
    assert sandbox.stats()["writes_by_resource"]["associate_pp:1:5004:2020-01-01"] == 1


def test_writes_by_resource(firm: httpx.Client, sandbox: EmbeddedSandbox) -> None:
    capital(firm, shares=100)
    capital(firm, society=3, day="2019-06-12", amount=37000, shares=3700)  # the holder's own shares (ASSOCIE4)
    person(firm, 5003)
    entity(firm, 3)
    code(person(firm, 5003, start="2021-01-01"))  # refused: no write
    assert sandbox.stats()["writes_by_resource"] == {
        "capital:1:2020-01-01": 1, "capital:3:2019-06-12": 1, "associate_pp:1:5003:2020-01-01": 1,
        "associate_pm:1:3:2020-01-01": 1}
