"""Analytics routes, part 1: axes and sections (reference §5.2-5.3, Q4-Q7, Q10), access and faults."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from sandbox_support import headers, society_token

from bulkio.sandbox import EmbeddedSandbox

D3 = {"society-id": "3"}


def axe_id(firm: httpx.Client, code: str, society: int = 3) -> int:
    axes = firm.get("/analytics/axes", headers={"society-id": str(society)}).json()
    return next(axe["id_axe"] for axe in axes if axe["code"] == code)


def sections(firm: httpx.Client, axe: int, closed: bool = True) -> dict[str, dict[str, Any]]:
    params = {"closed_section": "true"} if closed else {}
    found = firm.get(f"/analytics/axes/{axe}/sections", params=params, headers=D3).json()
    return {section["code"]: section for section in found}


def section_id(firm: httpx.Client, axe_code: str, code: str) -> int:
    return int(sections(firm, axe_id(firm, axe_code))[code]["id_section_analytique"])


def error(response: httpx.Response, code: str, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()["error"]
    assert body["code"] == code, body
    return body


# -- axes -----------------------------------------------------------------------------------------
def test_list_axes_demo(firm: httpx.Client) -> None:
    axes = firm.get("/analytics/axes", headers=D3)
    assert axes.status_code == 200
    site = sections(firm, axe_id(firm, "SITE"))
    activite = sections(firm, axe_id(firm, "ACTIVITE"))
    assert axes.json() == [
        {"id_axe": axe_id(firm, "ACTIVITE"), "code": "ACTIVITE", "label": "Activités", "id_societe": 3,
         "id_section_default": activite["ATTENTE"]["id_section_analytique"]},
        {"id_axe": axe_id(firm, "SITE"), "code": "SITE", "label": "Sites", "id_societe": 3,
         "id_section_default": site["ATTENTE"]["id_section_analytique"]},
    ]
    for other in (1, 2, 4):
        assert firm.get("/analytics/axes", headers={"society-id": str(other)}).json() == []


def test_get_one_axe_is_a_one_element_array(firm: httpx.Client) -> None:
    site = axe_id(firm, "SITE")
    answer = firm.get(f"/analytics/axes/{site}", headers=D3)
    assert answer.status_code == 200
    assert answer.json() == [a for a in firm.get("/analytics/axes", headers=D3).json() if a["id_axe"] == site]
    body = error(firm.get("/analytics/axes/999999", headers=D3), "AXE2")
    assert body["message"] == "l'axe 999999 n'a pas été trouvé"
    for raw in ("abc", "-1", "1.5", str(section_id(firm, "SITE", "LYON"))):
        error(firm.get(f"/analytics/axes/{raw}", headers=D3), "AXE2")


def test_create_axe(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    created = firm.post("/analytics/axes", json={"code": "EQUIPE", "label": "AxeEquipe"}, headers=D3)
    assert created.status_code == 201
    body = created.json()
    assert body == {"id_axe": body["id_axe"], "code": "EQUIPE", "label": "AxeEquipe", "id_societe": 3,
                    "id_section_default": None}
    assert body["id_axe"] > axe_id(firm, "SITE")
    assert firm.get(f"/analytics/axes/{body['id_axe']}", headers=D3).json() == [body]
    assert sandbox.stats()["writes_by_resource"] == {"axe:3:EQUIPE": 1}


@pytest.mark.parametrize("body, param", [
    ({"label": "x"}, "code"), ({"code": "X"}, "label"), ({"code": "", "label": "x"}, "code"),
    ({"code": "X", "label": "  "}, "label"), ({"code": 12, "label": "x"}, "code"),
    ({"code": "X", "label": None}, "label"), ([{"code": "X", "label": "x"}], "body"),
    ({"code": "X", "label": "x", "id_section_default": "12"}, "id_section_default"),
])
def test_create_axe_validation(sandbox: EmbeddedSandbox, firm: httpx.Client, body: Any, param: str) -> None:
    body_error = error(firm.post("/analytics/axes", json=body, headers=D3), "GBL10")
    assert body_error["message"] == f"Le paramètre {param} est manquant ou invalide"
    assert len(firm.get("/analytics/axes", headers=D3).json()) == 2
    assert sandbox.stats()["writes"] == 0


def test_create_axe_with_a_default_section_is_refused(firm: httpx.Client) -> None:
    """A new axe has no section, so no id can name one of its sections (Q7 rule applied to create)."""
    lyon = section_id(firm, "SITE", "LYON")
    body = {"code": "NEW", "label": "x", "id_section_default": lyon}
    error(firm.post("/analytics/axes", json=body, headers=D3), "SECTION002")
    assert "NEW" not in [a["code"] for a in firm.get("/analytics/axes", headers=D3).json()]
    ok = firm.post("/analytics/axes", json={"code": "NEW", "label": "x", "id_section_default": None}, headers=D3)
    assert ok.status_code == 201 and ok.json()["id_section_default"] is None


def test_duplicate_axe_code_is_gbl6_case_sensitive(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    body = error(firm.post("/analytics/axes", json={"code": "SITE", "label": "again"}, headers=D3), "GBL6")
    assert body["message"] == "Cet élément existe déjà."
    assert firm.post("/analytics/axes", json={"code": "site", "label": "lower"}, headers=D3).status_code == 201
    activite = axe_id(firm, "ACTIVITE")
    error(firm.put(f"/analytics/axes/{activite}", json={"code": "SITE"}, headers=D3), "GBL6")
    assert sandbox.stats()["writes_by_resource"] == {"axe:3:site": 1}


def test_update_axe_is_partial(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    site = axe_id(firm, "SITE")
    before = firm.get(f"/analytics/axes/{site}", headers=D3).json()[0]
    answer = firm.put(f"/analytics/axes/{site}", json={"code": "TEAM"}, headers=D3)
    assert answer.status_code == 200
    assert answer.json() == {**before, "code": "TEAM"}
    assert firm.put(f"/analytics/axes/{site}", json={"label": "Lieux"}, headers=D3).json()["label"] == "Lieux"
    same = firm.put(f"/analytics/axes/{site}", json={}, headers=D3)
    assert same.status_code == 200 and same.json() == {**before, "code": "TEAM", "label": "Lieux"}
    assert firm.put(f"/analytics/axes/{site}", json={"label": "Lieux"}, headers=D3).status_code == 200
    assert sandbox.stats()["writes_by_resource"] == {"axe:3:TEAM": 2}  # no-op PUTs are not writes
    error(firm.put(f"/analytics/axes/{site}", json={"label": ""}, headers=D3), "GBL10")
    error(firm.put("/analytics/axes/999999", json={"label": "x"}, headers=D3), "AXE2")


def test_put_axe_default_section(firm: httpx.Client) -> None:
    site = axe_id(firm, "SITE")
    lyon = section_id(firm, "SITE", "LYON")
    answer = firm.put(f"/analytics/axes/{site}", json={"id_section_default": lyon}, headers=D3)
    assert answer.status_code == 200 and answer.json()["id_section_default"] == lyon
    flags = {code: s["isdefault"] for code, s in sections(firm, site).items()}
    assert flags == {"ATTENTE": False, "LYON": True, "PARIS": False}
    default = firm.get(f"/analytics/axes/{site}/defaultsection", headers=D3).json()
    assert default == {"id_section_analytique": lyon, "code": "LYON", "label": "Lyon", "id_axe": site}
    vente = section_id(firm, "ACTIVITE", "VENTE")
    body = error(firm.put(f"/analytics/axes/{site}", json={"id_section_default": vente}, headers=D3), "SECTION002")
    assert body["message"] == f"la section {vente} n'a pas été trouvé"
    error(firm.put(f"/analytics/axes/{site}", json={"id_section_default": 999999}, headers=D3), "SECTION002")
    for bad in ("x", None, True, str(lyon)):
        error(firm.put(f"/analytics/axes/{site}", json={"id_section_default": bad}, headers=D3), "GBL10")


def test_delete_axe(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    error(firm.delete(f"/analytics/axes/{axe_id(firm, 'ACTIVITE')}", headers=D3), "AXE1")
    bare = firm.post("/analytics/axes", json={"code": "BARE", "label": "no section"}, headers=D3).json()["id_axe"]
    deleted = firm.delete(f"/analytics/axes/{bare}", headers=D3)
    assert deleted.status_code == 202
    assert deleted.json() == {"success": True, "message": "Suppression effectuée avec succès"}
    error(firm.get(f"/analytics/axes/{bare}", headers=D3), "AXE2")
    error(firm.delete(f"/analytics/axes/{bare}", headers=D3), "AXE2")  # a replay: not found

    axe = firm.post("/analytics/axes", json={"code": "TMP", "label": "x"}, headers=D3).json()["id_axe"]
    default = firm.post(f"/analytics/axes/{axe}/sections", json={"code": "ATTENTE", "by_default": True},
                        headers=D3).json()["id_section_analytique"]
    key = firm.post(f"/analytics/axes/{axe}/repartition_keys", json={"key": "K", "condition": "6"}, headers=D3)
    error(firm.delete(f"/analytics/axes/{axe}", headers=D3), "AXE1")  # a key left: refused
    firm.delete(f"/analytics/axes/{axe}/repartition_keys/{key.json()['id_repartition_key']}", headers=D3)
    assert firm.delete(f"/analytics/axes/{axe}", headers=D3).status_code == 202  # with its default section
    error(firm.get(f"/analytics/sections/{default}", headers=D3), "SECTION002")
    writes = sandbox.stats()["writes_by_resource"]
    assert writes["axe:3:TMP"] == 2 and writes["axe-default:3:TMP"] == 1 and writes["section:3:TMP:ATTENTE"] == 2
    assert writes["axe:3:BARE"] == 2


def test_delete_axe_whose_default_section_has_entries(firm: httpx.Client) -> None:
    activite = axe_id(firm, "ACTIVITE")
    found = sections(firm, activite)
    firm.put(f"/analytics/axes/{activite}", json={"id_section_default": found["VENTE"]["id_section_analytique"]},
             headers=D3)
    for code in ("ATTENTE", "ATELIER", "ANCIEN"):
        assert firm.delete(f"/analytics/sections/{found[code]['id_section_analytique']}", headers=D3).status_code == 202
    error(firm.delete(f"/analytics/axes/{activite}", headers=D3), "SECTION003")
    assert firm.get(f"/analytics/axes/{activite}", headers=D3).status_code == 200


# -- sections -------------------------------------------------------------------------------------
def test_sections_hide_closed_by_default(firm: httpx.Client) -> None:
    activite = axe_id(firm, "ACTIVITE")
    default_list = firm.get(f"/analytics/axes/{activite}/sections", headers=D3)
    assert default_list.status_code == 200
    assert [s["code"] for s in default_list.json()] == ["ATTENTE", "VENTE", "ATELIER"]
    explicit = firm.get(f"/analytics/axes/{activite}/sections", params={"closed_section": "false"}, headers=D3)
    assert explicit.json() == default_list.json()
    everything = sections(firm, activite)
    assert list(everything) == ["ATTENTE", "VENTE", "ATELIER", "ANCIEN"]
    assert everything["ATELIER"] == {
        "id_section_analytique": everything["ATELIER"]["id_section_analytique"], "code": "ATELIER",
        "label": "Atelier", "id_axe": activite, "account": "601;-6011", "closed": False, "isdefault": False,
    }
    assert everything["ANCIEN"]["closed"] is True and everything["ATTENTE"]["isdefault"] is True
    assert everything["VENTE"]["account"] == "706;707"
    bad = firm.get(f"/analytics/axes/{activite}/sections", params={"closed_section": "yes"}, headers=D3)
    error(bad, "GBL10")
    error(firm.get("/analytics/axes/1/sections", headers=D3), "AXE2")


def test_get_one_section(firm: httpx.Client) -> None:
    activite = axe_id(firm, "ACTIVITE")
    ancien = sections(firm, activite)["ANCIEN"]
    answer = firm.get(f"/analytics/sections/{ancien['id_section_analytique']}", headers=D3)
    assert answer.status_code == 200 and answer.json() == [ancien]  # closed sections are readable by id
    body = error(firm.get("/analytics/sections/42", headers=D3), "SECTION002")
    assert body["message"] == "la section 42 n'a pas été trouvé"
    error(firm.get("/analytics/sections/x", headers=D3), "SECTION002")
    other = firm.get(f"/analytics/sections/{ancien['id_section_analytique']}", headers={"society-id": "4"})
    error(other, "SECTION002")


def test_default_section(firm: httpx.Client) -> None:
    site = axe_id(firm, "SITE")
    answer = firm.get(f"/analytics/axes/{site}/defaultsection", headers=D3)
    assert answer.status_code == 200
    assert answer.json() == {"id_section_analytique": section_id(firm, "SITE", "ATTENTE"), "code": "ATTENTE",
                             "label": "Section d'attente", "id_axe": site}
    axe = firm.post("/analytics/axes", json={"code": "NODEF", "label": "x"}, headers=D3).json()["id_axe"]
    body = error(firm.get(f"/analytics/axes/{axe}/defaultsection", headers=D3), "SECTION002")
    assert body["message"] == "la section par défaut n'a pas été trouvé"
    error(firm.get("/analytics/axes/7/defaultsection", headers=D3), "AXE2")


def test_create_section_ignores_account_and_closed(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    site = axe_id(firm, "SITE")
    body = {"code": "NANTES", "label": "Nantes", "account": "601", "closed": True, "by_default": False}
    created = firm.post(f"/analytics/axes/{site}/sections", json=body, headers=D3)
    assert created.status_code == 201
    new = created.json()
    assert new == {"id_section_analytique": new["id_section_analytique"], "code": "NANTES", "label": "Nantes",
                   "id_axe": site, "account": None, "closed": False}
    assert sections(firm, site, closed=False)["NANTES"]["isdefault"] is False
    no_label = firm.post(f"/analytics/axes/{site}/sections", json={"code": "BREST"}, headers=D3).json()
    assert no_label["label"] is None
    assert sandbox.stats()["writes_by_resource"] == {"section:3:SITE:NANTES": 1, "section:3:SITE:BREST": 1}


def test_by_default_sets_then_moves_the_default(firm: httpx.Client) -> None:
    axe = firm.post("/analytics/axes", json={"code": "EQUIPE", "label": "x"}, headers=D3).json()["id_axe"]
    first = firm.post(f"/analytics/axes/{axe}/sections", json={"code": "ATTENTE", "label": "Attente",
                                                               "by_default": True}, headers=D3).json()
    assert "isdefault" not in first
    assert firm.get(f"/analytics/axes/{axe}", headers=D3).json()[0]["id_section_default"] == \
        first["id_section_analytique"]
    second = firm.post(f"/analytics/axes/{axe}/sections", json={"code": "B", "by_default": True}, headers=D3).json()
    assert firm.get(f"/analytics/axes/{axe}", headers=D3).json()[0]["id_section_default"] == \
        second["id_section_analytique"]
    assert {c: s["isdefault"] for c, s in sections(firm, axe).items()} == {"ATTENTE": False, "B": True}
    assert firm.get(f"/analytics/axes/{axe}/defaultsection", headers=D3).json()["code"] == "B"
    assert firm.delete(f"/analytics/sections/{first['id_section_analytique']}", headers=D3).status_code == 202


def test_section_code_unique_per_axe(firm: httpx.Client) -> None:
    site, activite = axe_id(firm, "SITE"), axe_id(firm, "ACTIVITE")
    body = error(firm.post(f"/analytics/axes/{site}/sections", json={"code": "LYON"}, headers=D3), "UNIK1")
    assert body["message"] == "Ce code section existe déjà pour cette société"
    assert firm.post(f"/analytics/axes/{activite}/sections", json={"code": "LYON"}, headers=D3).status_code == 201
    assert firm.post(f"/analytics/axes/{site}/sections", json={"code": "lyon"}, headers=D3).status_code == 201
    paris = section_id(firm, "SITE", "PARIS")
    error(firm.put(f"/analytics/sections/{paris}", json={"code": "LYON"}, headers=D3), "UNIK1")
    assert firm.put(f"/analytics/sections/{paris}", json={"code": "PARIS"}, headers=D3).status_code == 200


def test_update_section_is_partial(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    activite = axe_id(firm, "ACTIVITE")
    atelier = sections(firm, activite)["ATELIER"]
    sid = atelier["id_section_analytique"]
    answer = firm.put(f"/analytics/sections/{sid}", json={"account": "601;-6011,-6012", "label": "Atelier B"},
                      headers=D3)
    assert answer.status_code == 200
    expected = {**atelier, "account": "601;-6011,-6012", "label": "Atelier B"}
    del expected["isdefault"]
    assert answer.json() == expected
    closed = firm.put(f"/analytics/sections/{sid}", json={"closed": True}, headers=D3).json()
    assert closed == {**expected, "closed": True}
    assert "ATELIER" not in sections(firm, activite, closed=False)
    reopened = firm.put(f"/analytics/sections/{sid}", json={"closed": False, "account": None}, headers=D3).json()
    assert reopened["closed"] is False and reopened["account"] is None
    assert sandbox.stats()["writes_by_resource"] == {"section:3:ACTIVITE:ATELIER": 3}


@pytest.mark.parametrize("body", [{"closed": "true"}, {"account": 601}, {"code": ""}, {"label": None}, [1]])
def test_update_section_validation(firm: httpx.Client, body: Any) -> None:
    sid = section_id(firm, "ACTIVITE", "ATELIER")
    error(firm.put(f"/analytics/sections/{sid}", json=body, headers=D3), "GBL10")


@pytest.mark.parametrize("body", [{}, {"code": ""}, {"code": 5}, {"code": "X", "label": 5},
                                  {"code": "X", "by_default": "yes"}])
def test_create_section_validation(firm: httpx.Client, body: Any) -> None:
    site = axe_id(firm, "SITE")
    error(firm.post(f"/analytics/axes/{site}/sections", json=body, headers=D3), "GBL10")
    assert len(sections(firm, site)) == 3


def test_cannot_close_a_section_used_in_a_key(firm: httpx.Client) -> None:
    lyon = section_id(firm, "SITE", "LYON")
    body = error(firm.put(f"/analytics/sections/{lyon}", json={"closed": True}, headers=D3), "SECTION004")
    assert body["message"] == "Impossible de fermer une section utilisée dans une clé de répartition"
    assert firm.get(f"/analytics/sections/{lyon}", headers=D3).json()[0]["closed"] is False
    assert firm.put(f"/analytics/sections/{lyon}", json={"label": "Lyon 3e"}, headers=D3).status_code == 200


def test_delete_section_rules(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    error(firm.delete(f"/analytics/sections/{section_id(firm, 'ACTIVITE', 'ATTENTE')}", headers=D3), "SECTION001")
    error(firm.delete(f"/analytics/sections/{section_id(firm, 'ACTIVITE', 'VENTE')}", headers=D3), "SECTION003")
    error(firm.delete(f"/analytics/sections/{section_id(firm, 'SITE', 'LYON')}", headers=D3), "SECTION004")
    atelier = section_id(firm, "ACTIVITE", "ATELIER")
    deleted = firm.delete(f"/analytics/sections/{atelier}", headers=D3)
    assert deleted.status_code == 202
    assert deleted.content == b""
    error(firm.delete(f"/analytics/sections/{atelier}", headers=D3), "SECTION002")
    assert sandbox.stats()["writes_by_resource"] == {"section:3:ACTIVITE:ATELIER": 1}


# -- access, dossiers, faults ---------------------------------------------------------------------
def test_society_token_is_confined_to_its_dossier(api: httpx.Client, firm: httpx.Client) -> None:
    assert firm.put("/society/1", json={"analytics": True}).status_code == 200
    other = firm.post("/analytics/axes", json={"code": "ACTIVITE", "label": "dossier 1"}, headers={"society-id": "1"})
    assert other.status_code == 201  # codes are unique per dossier only
    other_id = other.json()["id_axe"]
    token3 = headers(society_token(3))
    listed = api.get("/analytics/axes", headers=token3)
    assert listed.status_code == 200 and listed.json() == firm.get("/analytics/axes", headers=D3).json()
    assert other_id not in [axe["id_axe"] for axe in listed.json()]
    error(api.get(f"/analytics/axes/{other_id}", headers=token3), "AXE2")
    error(api.put(f"/analytics/axes/{other_id}", json={"label": "x"}, headers=token3), "AXE2")
    error(api.get(f"/analytics/axes/{other_id}/sections", headers=token3), "AXE2")
    error(firm.delete(f"/analytics/axes/{other_id}", headers=D3), "AXE2")
    created = api.post(f"/analytics/axes/{axe_id(firm, 'SITE')}/sections", json={"code": "LILLE"}, headers=token3)
    assert created.status_code == 201
    error(api.get("/analytics/axes", headers=headers(society_token(3), society=1)), "DROIT1", 403)


def test_timeout_fault_commits_the_axe(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    sandbox.set_faults(timeout_rate=1.0, stall_seconds=3)
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        firm.post("/analytics/axes", json={"code": "SLOW", "label": "x"}, headers=D3, timeout=0.5)
    assert time.monotonic() - started < 2
    sandbox.set_faults(timeout_rate=0.0)
    assert "SLOW" in [axe["code"] for axe in firm.get("/analytics/axes", headers=D3).json()]
    retry = firm.post("/analytics/axes", json={"code": "SLOW", "label": "x"}, headers=D3)  # blind retry
    error(retry, "GBL6")
    assert sandbox.stats()["writes_by_resource"] == {"axe:3:SLOW": 1}


def test_empty_demo_has_no_analytics(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    sandbox.reset(empty=True)
    assert firm.get("/analytics/axes", headers=D3).json() == []
    created = firm.post("/analytics/axes", json={"code": "A", "label": "x"}, headers=D3).json()
    assert created["id_axe"] > 200_000  # ids keep their own range
