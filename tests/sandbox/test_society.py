"""Dossier routes: list, one, ?siret=, search by reference, PUT (partial), accounting parameters."""

from __future__ import annotations

import json

import httpx
from sandbox_support import headers, society_token

from bulkio.sandbox import EmbeddedSandbox


def luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def test_firm_list(firm: httpx.Client) -> None:
    listing = firm.get("/society").json()
    assert listing["row_numbers"] == 8 and listing["pages_number"] is None
    names = [s["name"] for s in listing["society_array"]]
    assert names[:2] == ["DEMO PCG SARL", "DOSSIER VIDE SAS"]
    first = listing["society_array"][0]
    assert first["road_type"] == "Rue" and first["address"].startswith("12 Rue DES LILAS")
    assert all(luhn(s["siret"]) and luhn(s["siret"][:9]) for s in listing["society_array"])
    analytics = {s["society_id"]: s["analytics"] for s in listing["society_array"]}
    assert analytics == {1: False, 2: False, 3: True, 4: False, 5: False, 6: False, 7: False, 8: False}


def test_list_q_and_sort(firm: httpx.Client) -> None:
    found = firm.get("/society", params={"q": "vide"}).json()
    assert [s["society_id"] for s in found["society_array"]] == [2] and found["row_numbers"] == 1
    ordered = firm.get("/society", params={"sort": json.dumps({"column": "name", "direction": "desc"})}).json()
    names = [s["name"] for s in ordered["society_array"]]
    assert names == sorted(names, reverse=True)
    bad = firm.get("/society", params={"sort": json.dumps({"column": "society_id"})})
    assert bad.status_code == 400


def test_one_dossier_detail(firm: httpx.Client, api: httpx.Client) -> None:
    by_header = firm.get("/society", headers={"society-id": "3"}).json()
    by_token = api.get("/society", headers=headers(society_token(3))).json()
    assert by_header == by_token
    assert by_header["society_id"] == 3 and by_header["analytics"] is True
    assert by_header["ape"] == {"id": 534, "label": "5829C", "value": "Édition de logiciels applicatifs"}
    assert by_header["road_type"] == {"id": 2, "label": "Avenue", "value": "Avenue"}
    assert by_header["city"] == {"label": "SAINTE-GENEVIEVE-DES-BOIS", "value": "SAINTE-GENEVIEVE-DES-BOIS"}


def test_by_siret_and_siren(firm: httpx.Client) -> None:
    assert firm.get("/society", params={"siret": "79345612000013"}).json()["society_id"] == 2
    assert firm.get("/society", params={"siret": "793456120"}).json()["society_id"] == 2
    unknown = firm.get("/society", params={"siret": "12345678901234"})
    assert unknown.json()["error"]["code"] == "SOCIETE16"
    assert firm.get("/society", params={"siret": "123"}).json()["error"]["code"] == "SOCIETE11"


def test_search_by_reference(firm: httpx.Client) -> None:
    found = firm.get("/society/search", params={"reference": "CLIENT-002"})
    assert found.json() == {"name": "DOSSIER VIDE SAS", "siret": "79345612000013", "society_id": 2}
    none = firm.get("/society/search", params={"reference": "NOPE"})
    assert (none.status_code, none.json()["error"]["code"]) == (400, "SOCIETE16")
    several = firm.get("/society/search", params={"reference": "GROUPE-A"})
    assert (several.status_code, several.json()["error"]["code"]) == (400, "SOCIETE17")
    assert several.json()["error"]["message"] == "Plusieurs sociétés ont été trouvées"


def test_put_society_partial(firm: httpx.Client, sandbox: EmbeddedSandbox) -> None:
    answer = firm.put("/society/2", json={"analytics": True})
    assert answer.status_code == 200
    assert answer.json()["analytics"] is True and answer.json()["name"] == "DOSSIER VIDE SAS"
    renamed = firm.put("/society", json={"name": "NOUVEAU NOM"}, headers={"society-id": "2"}).json()
    assert renamed["name"] == "NOUVEAU NOM" and renamed["analytics"] is True
    assert firm.get("/society", headers={"society-id": "2"}).json()["name"] == "NOUVEAU NOM"
    assert sandbox.stats()["writes_by_resource"] == {"society:2": 2}


def test_put_society_rules(firm: httpx.Client, api: httpx.Client) -> None:
    assert firm.put("/society/2", json={"name": ""}).json()["error"]["code"] == "SOCIETE4"
    assert firm.put("/society/2", json={"analytics": "yes"}).json()["error"]["code"] == "GBL10"
    assert firm.put("/society/2", json={"siret": "81234567600017"}).json()["error"]["code"] == "SOCIETE19"
    assert firm.put("/society/99", json={"analytics": True}).json()["error"]["code"] == "DROIT1"
    mismatch = firm.put("/society/2", json={"analytics": True}, headers={"society-id": "3"})
    assert mismatch.json()["error"]["code"] == "DROIT1"
    own = api.put("/society/3", json={"analytics": False}, headers=headers(society_token(3)))
    assert own.status_code == 200
    other = api.put("/society/2", json={"analytics": True}, headers=headers(society_token(3)))
    assert (other.status_code, other.json()["error"]["code"]) == (403, "DROIT1")


def test_accounting_parameters(firm: httpx.Client) -> None:
    params = firm.get("/society/accountingParameters", headers={"society-id": "1"}).json()
    assert params["max_car_third_p_account"] == 10 and params["max_car_general_account"] == 6
    assert params["auto_complete_account"] is True
    assert params["account_purchases"]["label"] == "607000"
    empty = firm.get("/society/accountingParameters", headers={"society-id": "2"}).json()
    assert empty["account_purchases"] is None
