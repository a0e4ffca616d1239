"""Analytics routes, part 2: repartition keys, rates, the computed distribution (reference §5.4-5.6, Q8, Q9,
Q11), ANALYT005 (Q26) and the write statistics."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sandbox_support import headers, society_token

from bulkio.sandbox import EmbeddedSandbox

D3 = {"society-id": "3"}


def ids(firm: httpx.Client) -> dict[str, int]:
    """Demo ids by name: axes by code, sections as AXE/SECTION, the key as SIEGE."""
    found: dict[str, int] = {}
    for axe in firm.get("/analytics/axes", headers=D3).json():
        found[axe["code"]] = axe["id_axe"]
        listed = firm.get(f"/analytics/axes/{axe['id_axe']}/sections", params={"closed_section": "true"}, headers=D3)
        for section in listed.json():
            found[f"{axe['code']}/{section['code']}"] = section["id_section_analytique"]
    keys = firm.get(f"/analytics/axes/{found['SITE']}/repartition_keys", headers=D3).json()
    found["SIEGE"] = keys[0]["id_repartion_key"]
    return found


def error(response: httpx.Response, code: str, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()["error"]
    assert body["code"] == code, body
    return body


def rates_path(key: int) -> str:
    return f"/analytics/repartition_keys/{key}/repartition"


# -- keys -----------------------------------------------------------------------------------------
def test_list_and_get_keys_use_the_typo(firm: httpx.Client) -> None:
    n = ids(firm)
    listed = firm.get(f"/analytics/axes/{n['SITE']}/repartition_keys", headers=D3)
    assert listed.status_code == 200
    assert listed.json() == [{"id_axe": n["SITE"], "id_repartion_key": n["SIEGE"], "condition": "6", "key": "SIEGE"}]
    one = firm.get(f"/analytics/axes/{n['SITE']}/repartition_keys/{n['SIEGE']}", headers=D3)
    assert one.status_code == 200 and one.json() == listed.json()
    assert firm.get(f"/analytics/axes/{n['ACTIVITE']}/repartition_keys", headers=D3).json() == []


def test_unknown_keys(firm: httpx.Client) -> None:
    n = ids(firm)
    for axe, key in ((n["SITE"], 999999), (n["SITE"], "abc"), (n["ACTIVITE"], n["SIEGE"]), (n["SITE"], n["SITE"])):
        body = error(firm.get(f"/analytics/axes/{axe}/repartition_keys/{key}", headers=D3), "GBL10")
        assert body["message"] == "Le paramètre id_repartition_key est manquant ou invalide"
    error(firm.get(f"/analytics/axes/999999/repartition_keys/{n['SIEGE']}", headers=D3), "AXE2")
    error(firm.get(rates_path(999999), headers=D3), "GBL10")
    error(firm.get(rates_path(n["SIEGE"]), headers={"society-id": "4"}), "GBL10")  # other dossier


def test_create_key(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    n = ids(firm)
    created = firm.post(f"/analytics/axes/{n['SITE']}/repartition_keys", json={"key": "PAYS", "condition":
                        "6;-607,-606"}, headers=D3)
    assert created.status_code == 201
    body = created.json()
    assert body == {"condition": "6;-607,-606", "id_axe": n["SITE"], "id_repartition_key": body["id_repartition_key"],
                    "key": "PAYS"}
    one = firm.get(f"/analytics/axes/{n['SITE']}/repartition_keys/{body['id_repartition_key']}", headers=D3).json()
    assert one == [{"id_axe": n["SITE"], "id_repartion_key": body["id_repartition_key"], "condition": "6;-607,-606",
                    "key": "PAYS"}]
    assert firm.get(rates_path(body["id_repartition_key"]), headers=D3).json() == []
    # no uniqueness rule is documented for keys: a replay creates a second one, and the stats show it
    again = firm.post(f"/analytics/axes/{n['SITE']}/repartition_keys", json={"key": "PAYS", "condition": "6"},
                      headers=D3)
    assert again.status_code == 201 and again.json()["id_repartition_key"] != body["id_repartition_key"]
    assert sandbox.stats()["writes_by_resource"] == {"key:3:SITE:PAYS": 2}


@pytest.mark.parametrize("body", [{}, {"key": "K"}, {"condition": "6"}, {"key": "", "condition": "6"},
                                  {"key": "K", "condition": 6}, {"key": None, "condition": "6"}, ["K"]])
def test_create_key_validation(firm: httpx.Client, body: Any) -> None:
    n = ids(firm)
    error(firm.post(f"/analytics/axes/{n['SITE']}/repartition_keys", json=body, headers=D3), "GBL10")
    assert len(firm.get(f"/analytics/axes/{n['SITE']}/repartition_keys", headers=D3).json()) == 1


def test_update_key_is_partial(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    n = ids(firm)
    path = f"/analytics/axes/{n['SITE']}/repartition_keys/{n['SIEGE']}"
    answer = firm.put(path, json={"key": "COUNTRY"}, headers=D3)
    assert answer.status_code == 200
    assert answer.json() == {"condition": "6", "id_axe": n["SITE"], "id_repartition_key": n["SIEGE"], "key": "COUNTRY"}
    answer = firm.put(path, json={"condition": "60;61"}, headers=D3)
    assert answer.json()["condition"] == "60;61" and answer.json()["key"] == "COUNTRY"
    assert firm.put(path, json={}, headers=D3).status_code == 200
    error(firm.put(path, json={"condition": ""}, headers=D3), "GBL10")
    error(firm.put(f"/analytics/axes/{n['ACTIVITE']}/repartition_keys/{n['SIEGE']}", json={"key": "X"},
                   headers=D3), "GBL10")
    assert sandbox.stats()["writes_by_resource"] == {"key:3:SITE:COUNTRY": 2}


def test_delete_key_deletes_its_rates(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    n = ids(firm)
    path = f"/analytics/axes/{n['SITE']}/repartition_keys/{n['SIEGE']}"
    deleted = firm.delete(path, headers=D3)
    assert deleted.status_code == 202 and deleted.json() is True
    error(firm.get(path, headers=D3), "GBL10")
    error(firm.delete(path, headers=D3), "GBL10")
    error(firm.get(rates_path(n["SIEGE"]), headers=D3), "GBL10")
    # LYON is no longer used by a key: it can be closed and deleted
    assert firm.put(f"/analytics/sections/{n['SITE/LYON']}", json={"closed": True}, headers=D3).status_code == 200
    assert firm.delete(f"/analytics/sections/{n['SITE/LYON']}", headers=D3).status_code == 202
    assert sandbox.stats()["writes_by_resource"]["key:3:SITE:SIEGE"] == 1


# -- rates ----------------------------------------------------------------------------------------
def test_get_rates(firm: httpx.Client) -> None:
    n = ids(firm)
    rates = firm.get(rates_path(n["SIEGE"]), headers=D3)
    assert rates.status_code == 200
    body = rates.json()
    assert [{k: v for k, v in r.items() if k != "id_section_from_key"} for r in body] == [
        {"id_section": n["SITE/LYON"], "id_repartition_key": n["SIEGE"], "rate": 60},
        {"id_section": n["SITE/PARIS"], "id_repartition_key": n["SIEGE"], "rate": 40},
    ]
    assert all(isinstance(r["id_section_from_key"], int) for r in body)


def test_post_rates_replaces_the_set(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    n = ids(firm)
    old_ids = {r["id_section_from_key"] for r in firm.get(rates_path(n["SIEGE"]), headers=D3).json()}
    body = [{"id_section": n["SITE/PARIS"], "rate": 10}, {"id_section": n["SITE/ATTENTE"], "rate": 90}]
    answer = firm.post(rates_path(n["SIEGE"]), json=body, headers=D3)
    assert answer.status_code == 200 and answer.json() is True
    rates = firm.get(rates_path(n["SIEGE"]), headers=D3).json()
    assert [(r["id_section"], r["rate"]) for r in rates] == [(n["SITE/PARIS"], 10), (n["SITE/ATTENTE"], 90)]
    new_ids = {r["id_section_from_key"] for r in rates}
    assert not new_ids & old_ids and min(new_ids) > max(old_ids)  # ids are never reused
    replay = firm.post(rates_path(n["SIEGE"]), json=list(reversed(body)), headers=D3)  # same set: no change
    assert replay.status_code == 200 and replay.json() is True
    assert {r["id_section_from_key"] for r in firm.get(rates_path(n["SIEGE"]), headers=D3).json()} == new_ids
    assert sandbox.stats()["writes_by_resource"] == {"rates:3:SITE:SIEGE": 1}
    # LYON left the key: it can be closed now
    assert firm.put(f"/analytics/sections/{n['SITE/LYON']}", json={"closed": True}, headers=D3).status_code == 200


def _closed_site_section(firm: httpx.Client, n: dict[str, int]) -> int:
    created = firm.post(f"/analytics/axes/{n['SITE']}/sections", json={"code": "OLD"}, headers=D3).json()
    firm.put(f"/analytics/sections/{created['id_section_analytique']}", json={"closed": True}, headers=D3)
    return int(created["id_section_analytique"])


@pytest.mark.parametrize("case", ["99", "101", "33.5", "string", "bool", "negative", "zero", "duplicate",
                                  "foreign", "closed", "empty"])
def test_post_rates_analyt001(sandbox: EmbeddedSandbox, firm: httpx.Client, case: str) -> None:
    n = ids(firm)
    lyon, paris = n["SITE/LYON"], n["SITE/PARIS"]
    bodies: dict[str, list[dict[str, Any]]] = {
        "99": [{"id_section": lyon, "rate": 59}, {"id_section": paris, "rate": 40}],
        "101": [{"id_section": lyon, "rate": 61}, {"id_section": paris, "rate": 40}],
        "33.5": [{"id_section": lyon, "rate": 66.5}, {"id_section": paris, "rate": 33.5}],
        "string": [{"id_section": lyon, "rate": "60"}, {"id_section": paris, "rate": 40}],
        "bool": [{"id_section": lyon, "rate": True}, {"id_section": paris, "rate": 99}],
        "negative": [{"id_section": lyon, "rate": 110}, {"id_section": paris, "rate": -10}],
        "zero": [{"id_section": lyon, "rate": 100}, {"id_section": paris, "rate": 0}],
        "duplicate": [{"id_section": lyon, "rate": 50}, {"id_section": lyon, "rate": 50}],
        "foreign": [{"id_section": lyon, "rate": 50}, {"id_section": n["ACTIVITE/ATELIER"], "rate": 50}],
        "closed": [{"id_section": lyon, "rate": 50}, {"id_section": _closed_site_section(firm, n), "rate": 50}]
        if case == "closed" else [],
        "empty": [],
    }
    before = firm.get(rates_path(n["SIEGE"]), headers=D3).json()
    body = error(firm.post(rates_path(n["SIEGE"]), json=bodies[case], headers=D3), "ANALYT001")
    assert body["message"] == "erreur de repartition sur l'axe SITE"
    assert firm.get(rates_path(n["SIEGE"]), headers=D3).json() == before
    assert "rates:3:SITE:SIEGE" not in sandbox.stats()["writes_by_resource"]


def test_post_rates_other_errors(firm: httpx.Client) -> None:
    n = ids(firm)
    lyon = n["SITE/LYON"]
    unknown = [{"id_section": lyon, "rate": 50}, {"id_section": 999999, "rate": 50}]
    assert error(firm.post(rates_path(n["SIEGE"]), json=unknown, headers=D3), "SECTION002")["message"] == \
        "la section 999999 n'a pas été trouvé"
    other_dossier = firm.post("/analytics/axes", json={"code": "X", "label": "x"}, headers=D3)
    assert other_dossier.status_code == 201
    for body, param in (({"id_section": lyon, "rate": 100}, "body"), ([{"id_section": lyon}], "rate"),
                        ([{"rate": 100}], "id_section"), ([{"id_section": str(lyon), "rate": 100}], "id_section"),
                        ([[lyon, 100]], "body"), (None, "body")):
        found = error(firm.post(rates_path(n["SIEGE"]), json=body, headers=D3), "GBL10")
        assert found["message"] == f"Le paramètre {param} est manquant ou invalide"
    error(firm.post(rates_path(424242), json=[{"id_section": lyon, "rate": 100}], headers=D3), "GBL10")
    # a section of dossier 3 named from dossier 4's key context does not exist there
    firm.put("/society/4", json={"analytics": True})
    axe4 = firm.post("/analytics/axes", json={"code": "A4", "label": "x"}, headers={"society-id": "4"}).json()
    key4 = firm.post(f"/analytics/axes/{axe4['id_axe']}/repartition_keys", json={"key": "K", "condition": "6"},
                     headers={"society-id": "4"}).json()["id_repartition_key"]
    error(firm.post(rates_path(key4), json=[{"id_section": lyon, "rate": 100}], headers={"society-id": "4"}),
          "SECTION002")


# -- ANALYT005 (Q26) ------------------------------------------------------------------------------
def test_analytics_disabled_dossier_refuses_writes(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    d2 = {"society-id": "2"}
    assert firm.get("/analytics/axes", headers=d2).json() == []
    body = error(firm.post("/analytics/axes", json={"code": "A", "label": "x"}, headers=d2), "ANALYT005")
    assert body["message"] == "La société n'a pas l'analytique d'activé"
    error(firm.post("/analytics/axes", json=[], headers=d2), "ANALYT005")  # checked before the body
    enabled = firm.put("/society/2", json={"analytics": True})
    assert enabled.status_code == 200 and enabled.json()["analytics"] is True
    created = firm.post("/analytics/axes", json={"code": "A", "label": "x"}, headers=d2)
    assert created.status_code == 201 and created.json()["id_societe"] == 2
    assert sandbox.stats()["writes_by_resource"] == {"society:2": 1, "axe:2:A": 1}


def test_every_write_needs_analytics(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    n = ids(firm)
    assert firm.put("/society/3", json={"analytics": False}).json()["analytics"] is False
    key_path = f"/analytics/axes/{n['SITE']}/repartition_keys/{n['SIEGE']}"
    writes = [
        ("POST", "/analytics/axes", {"code": "A", "label": "x"}),
        ("PUT", f"/analytics/axes/{n['SITE']}", {"label": "x"}),
        ("DELETE", f"/analytics/axes/{n['SITE']}", None),
        ("POST", f"/analytics/axes/{n['SITE']}/sections", {"code": "X"}),
        ("PUT", f"/analytics/sections/{n['SITE/LYON']}", {"label": "x"}),
        ("DELETE", f"/analytics/sections/{n['ACTIVITE/ATELIER']}", None),
        ("POST", f"/analytics/axes/{n['SITE']}/repartition_keys", {"key": "K", "condition": "6"}),
        ("PUT", key_path, {"key": "K"}),
        ("DELETE", key_path, None),
        ("POST", rates_path(n["SIEGE"]), [{"id_section": n["SITE/LYON"], "rate": 100}]),
    ]
    for method, path, body in writes:
        error(firm.request(method, path, json=body, headers=D3), "ANALYT005")
    assert sandbox.stats()["writes_by_resource"] == {"society:3": 1}
    reads = ["/analytics/axes", f"/analytics/axes/{n['SITE']}", f"/analytics/axes/{n['SITE']}/sections",
             f"/analytics/sections/{n['SITE/LYON']}", f"/analytics/axes/{n['SITE']}/defaultsection",
             f"/analytics/axes/{n['SITE']}/repartition_keys", key_path, rates_path(n["SIEGE"])]
    for path in reads:
        assert firm.get(path, headers=D3).status_code == 200, path
    firm.put("/society/3", json={"analytics": True})
    assert firm.put(f"/analytics/axes/{n['SITE']}", json={"label": "x"}, headers=D3).status_code == 200


def test_society_token_on_keys_and_rates(api: httpx.Client, firm: httpx.Client) -> None:
    n = ids(firm)
    token3 = headers(society_token(3))
    assert api.get(rates_path(n["SIEGE"]), headers=token3).json() == firm.get(rates_path(n["SIEGE"]), headers=D3).json()
    body = [{"id_section": n["SITE/PARIS"], "rate": 100}]
    assert api.post(rates_path(n["SIEGE"]), json=body, headers=token3).json() is True
    error(api.get(rates_path(n["SIEGE"]), headers=headers(society_token(4))), "GBL10")


# -- computed distribution (N19) ------------------------------------------------------------------
def _distribution(firm: httpx.Client, account: str, value: str = "1000") -> dict[str, list[tuple[str, int, float]]]:
    answer = firm.get("/analytics/repartitions", params={"account": account, "value": value}, headers=D3)
    assert answer.status_code == 200
    return {axe["code"]: [(line["code"], line["rate"], line["amount"]) for line in axe["repartition"]]
            for axe in answer.json()}


def test_repartitions(firm: httpx.Client) -> None:
    assert _distribution(firm, "601000") == {"ACTIVITE": [("ATELIER", 100, 1000)],
                                             "SITE": [("LYON", 60, 600), ("PARIS", 40, 400)]}
    assert _distribution(firm, "601100")["ACTIVITE"] == [("ATTENTE", 100, 1000)]  # "-6011" excludes it
    assert _distribution(firm, "707000", "250.5") == {"ACTIVITE": [("VENTE", 100, 250.5)],
                                                      "SITE": [("ATTENTE", 100, 250.5)]}
    n = ids(firm)
    line = firm.get("/analytics/repartitions", params={"account": "707000", "value": "10"}, headers=D3).json()[0]
    assert line == {"id_axe": n["ACTIVITE"], "code": "ACTIVITE", "label": "Activités", "repartition": [
        {"code": "VENTE", "rate": 100, "label": "Ventes", "amount": 10, "id_section": n["ACTIVITE/VENTE"],
         "id_reparition": None}]}
    for params in ({"value": "10"}, {"account": "601000"}, {"account": "601000", "value": "abc"},
                   {"account": " ", "value": "1"}, {"account": "601000", "value": "nan"}):
        error(firm.get("/analytics/repartitions", params=params, headers=D3), "GBL10")
    assert firm.get("/analytics/repartitions", params={"account": "601", "value": "1"},
                    headers={"society-id": "1"}).json() == []
