"""Access: secret and token errors, society-id rules, firm-only routes, error envelope, key/info."""

from __future__ import annotations

import re

import httpx
import pytest
from sandbox_support import FIRM, SECRET, headers, society_token


def error_code(response: httpx.Response) -> str:
    return str(response.json()["error"]["code"])


@pytest.mark.parametrize(
    ("sent", "status", "code"),
    [
        ({"Authorization": f"Bearer {FIRM}"}, 401, "ERR-SECRET-HEADER-NOT-SET"),
        ({"X-Third-Party-Secret": "nope", "Authorization": f"Bearer {FIRM}"}, 401, "ERR-INVALID-SECRET"),
        ({"X-Third-Party-Secret": SECRET, "Authorization": FIRM}, 401, "ERR-INVALID-AUTH-HEADER"),
        ({"X-Third-Party-Secret": SECRET}, 401, "ERR-INVALID-AUTH-HEADER"),
        ({"X-Third-Party-Secret": SECRET, "Authorization": "Bearer unknown"}, 401, "ERR-API-TOKEN-NOT-FOUND"),
        ({"X-Third-Party-Secret": SECRET, "Authorization": "Bearer sandbox-society-99-token"}, 401,
         "ERR-API-TOKEN-NOT-FOUND"),
    ],
)
def test_authentication_errors(api: httpx.Client, sent: dict[str, str], status: int, code: str) -> None:
    response = api.get("/key/info", headers=sent)
    assert response.status_code == status
    assert error_code(response) == code
    assert "X-Rate-Limit-Total" not in response.headers  # no token, no budget


def test_header_names_are_case_insensitive(api: httpx.Client) -> None:
    sent = {"x-third-party-secret": SECRET, "AUTHORIZATION": f"Bearer {FIRM}", "Society-Id": "1"}
    assert api.get("/society/accountingParameters", headers=sent).status_code == 200


def test_error_envelope_and_request_id(api: httpx.Client, sandbox) -> None:
    response = api.get("/society/accountingParameters", headers=headers())
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == "GBL10"
    assert error["message"] == "Le paramètre society-id est manquant ou invalide"
    details = error["details"]
    assert set(details) == {"url", "method", "requestedAt", "requestId"}
    assert details["url"] == sandbox.api_url + "/society/accountingParameters"
    assert details["method"] == "GET"
    assert re.fullmatch(r"\d{2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}", details["requestedAt"])
    assert details["requestId"] == response.headers["request-id"]


def test_request_id_on_every_response(api: httpx.Client, sandbox) -> None:
    answers = [
        api.get("/key/info"),  # 401
        api.get("/key/info", headers=headers()),  # 200
        api.get("/nowhere", headers=headers()),  # 403
        httpx.get(sandbox.url + "/_sandbox/stats"),  # operator
        httpx.get(sandbox.url + "/api/partners/health"),  # public
        httpx.get(sandbox.url + "/elsewhere"),  # outside the API
    ]
    ids = [r.headers.get("request-id", "") for r in answers]
    assert all(re.fullmatch(r"req-[0-9a-f]{16}", rid) for rid in ids), ids
    assert len(set(ids)) == len(ids)


def test_unknown_route_is_forbidden(api: httpx.Client) -> None:
    response = api.get("/nowhere", headers=headers())
    assert response.status_code == 403
    assert error_code(response) == "ERR-FORBIDDEN-ROUTE"


def test_firm_token_needs_society_id_on_dossier_routes(api: httpx.Client) -> None:
    missing = api.get("/account", params={"mode": 1}, headers=headers())
    assert (missing.status_code, error_code(missing)) == (400, "GBL10")
    not_numeric = api.get("/account", params={"mode": 1}, headers=headers(society="abc"))
    assert (not_numeric.status_code, error_code(not_numeric)) == (400, "GBL10")
    foreign = api.get("/account", params={"mode": 1}, headers=headers(society=999))
    assert (foreign.status_code, error_code(foreign)) == (403, "DROIT1")
    assert api.get("/account", params={"mode": 1}, headers=headers(society=1)).status_code == 200


def test_society_token_society_id_rules(api: httpx.Client) -> None:
    token = society_token(3)
    assert api.get("/account", params={"mode": 1}, headers=headers(token)).status_code == 200
    assert api.get("/account", params={"mode": 1}, headers=headers(token, society=3)).status_code == 200
    other = api.get("/account", params={"mode": 1}, headers=headers(token, society=1))
    assert (other.status_code, error_code(other)) == (403, "DROIT1")


def test_society_token_sees_only_its_dossier(api: httpx.Client) -> None:
    mine = api.get("/account", params={"mode": 1, "limit": 100}, headers=headers(society_token(3)))
    numbers = {item["account_number"] for item in mine.json()}
    assert "706000" in numbers and len(numbers) == 11  # dossier 3's small chart, not the PCG


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [("GET", "/society/search", {"reference": "DEMO-PCG"}), ("PUT", "/account", None)],
)
def test_firm_only_routes_refuse_society_tokens(api: httpx.Client, method: str, path: str, params) -> None:
    response = api.request(method, path, params=params, json={"account_id": 1}, headers=headers(society_token(1)))
    assert response.status_code == 403
    assert error_code(response) == "ERR-FORBIDDEN-ROUTE"
    assert "X-Rate-Limit-Remaining" in response.headers  # authenticated: budget headers on errors too


def test_key_info_depends_on_token_kind(api: httpx.Client) -> None:
    firm_routes = api.get("/key/info", headers=headers()).json()
    society_routes = api.get("/key/info", headers=headers(society_token(2))).json()
    assert {"path": "/api/v1/account", "method": "put"} in firm_routes
    assert {"path": "/api/v1/account", "method": "put"} not in society_routes
    assert {"path": "/api/v1/account", "method": "post"} in society_routes
    assert {"path": "/api/v1/society/:id_society", "method": "put"} in society_routes


def test_key_info_extended(api: httpx.Client) -> None:
    firm = api.get("/key/info", params={"mode": "extended"}, headers=headers()).json()
    assert firm["target"] == {"type": "firm", "schemaId": 1, "thirdPartyId": 1, "societyId": None}
    society = api.get("/key/info", params={"mode": "extended"}, headers=headers(society_token(2))).json()
    assert society["target"]["type"] == "api" and society["target"]["societyId"] == 2
    assert society["isActivated"] is True and society["version"]["current"] == 1
    assert society["routes"] == api.get("/key/info", headers=headers(society_token(2))).json()


def test_health_needs_no_credentials(sandbox) -> None:
    response = httpx.get(sandbox.url + "/api/partners/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_referential_routes(api: httpx.Client) -> None:
    countries = api.get("/country", headers=headers()).json()
    assert {"id": 78, "iso": "FR", "label": "FRANCE"} in countries
    ways = api.get("/way_type", headers=headers()).json()
    assert {"idTypeVoie": "9", "lib": "Rue", "abvr": "RUE"} in ways
