"""Documented routes the sandbox does not emulate: 501 SANDBOX-NOT-EMULATED, not a 403 that reads as a rights
problem; 403 ERR-FORBIDDEN-ROUTE stays for what a token really cannot reach (docs/sandbox.md, "Not emulated")."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from sandbox_support import headers, society_token

from bulkio.sandbox import EmbeddedSandbox
from bulkio.sandbox.app import api_routes
from bulkio.sandbox.documented import DOCUMENTED
from bulkio.sandbox.routing import not_emulated_routes

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sandbox.md"


def error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, str(response.json()["error"]["code"])


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/mad/accounts"), ("PUT", "/account/contact"), ("GET", "/payment_type"), ("GET", "/society/ape"),
     ("PUT", "/society/exercice"),  # spelled out by the docs: not `PUT /society/:id_society` with id "exercice"
     ("PATCH", "/webhook/42")],
)
def test_a_documented_route_that_is_not_emulated_answers_501(api: httpx.Client, method: str, path: str) -> None:
    response = api.request(method, path, headers=headers(society=1), json={})
    assert error(response) == (501, "SANDBOX-NOT-EMULATED")
    body = response.json()["error"]
    assert body["message"] == (f"{method} /api/v1{path} is documented by MyUnisoft but the bulkio sandbox does not "
                               "emulate it (docs/sandbox.md, 'Not emulated').")
    assert set(body["details"]) == {"url", "method", "requestedAt", "requestId"}
    assert "X-Rate-Limit-Remaining" in response.headers  # authenticated and counted like any route


def test_403_stays_for_what_a_token_cannot_reach(api: httpx.Client) -> None:
    assert error(api.get("/nowhere", headers=headers())) == (403, "ERR-FORBIDDEN-ROUTE")
    assert error(api.delete("/account", headers=headers(society=1))) == (403, "ERR-FORBIDDEN-ROUTE")  # no such method
    # Firm-only in the docs: a society token cannot reach them live either.
    assert error(api.get("/users_v2", headers=headers(society_token(1)))) == (403, "ERR-FORBIDDEN-ROUTE")
    assert error(api.put("/account/contact", json={}, headers=headers(society_token(1)))) == (
        403, "ERR-FORBIDDEN-ROUTE")
    assert error(api.get("/users_v2", headers=headers())) == (501, "SANDBOX-NOT-EMULATED")
    assert error(api.get("/pers_physique", headers=headers(society_token(1)))) == (403, "ERR-FORBIDDEN-ROUTE")


def test_authentication_comes_first_except_on_the_authentication_host_routes(sandbox: EmbeddedSandbox) -> None:
    with httpx.Client(base_url=sandbox.url, timeout=10) as bare:
        assert error(bare.get("/api/v1/mad/accounts")) == (401, "ERR-SECRET-HEADER-NOT-SET")
        # Documented without secret nor token (reference §1.4): the SDK's user login gets the truth at once.
        refused = bare.post("/api/authenticate", json={"mail": "a@b.c", "password": "x"})
        assert error(refused) == (501, "SANDBOX-NOT-EMULATED")
        assert "X-Rate-Limit-Remaining" not in refused.headers


def test_not_emulated_routes_are_not_in_key_info(api: httpx.Client) -> None:
    listed = {(r["method"].upper(), r["path"]) for r in api.get("/key/info", headers=headers()).json()}
    gaps = not_emulated_routes(api_routes())
    assert gaps and not {(gap.method, gap.path) for gap in gaps} & listed


def test_the_list_in_docs_is_the_route_table_s() -> None:
    """docs/sandbox.md lists every documented route the sandbox does not serve, and only those."""
    text = DOCS.read_text(encoding="utf-8").split("### Not emulated", 1)[1]
    section = text.split("The documented routes not emulated", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`(GET|POST|PUT|DELETE|PATCH) (/[^`]+)`", section))
    expected = {(gap.method, gap.path.removeprefix("/api/v1")) for gap in not_emulated_routes(api_routes())}
    assert listed == expected
    assert len(DOCUMENTED) == 161 and len(expected) < len(DOCUMENTED)
