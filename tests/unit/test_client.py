"""The client: auth headers, one error type, retries only where they cannot duplicate."""

from __future__ import annotations

import httpx
import pytest

from bulkio.api.client import MyUnisoftClient
from bulkio.errors import ApiError, ApiUnavailable

SECRET, TOKEN = "partner-s3cr3t", "tok-abcdef123456"


def make(handler, **kw) -> MyUnisoftClient:  # type: ignore[no-untyped-def]
    return MyUnisoftClient("https://example.test", SECRET, TOKEN, society_id=7,
                           transport=httpx.MockTransport(handler), sleep=lambda s: None, **kw)


def error(status: int, code: str, message: str = "boom") -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": message,
                                                  "details": {"requestId": "req-body"}}},
                          headers={"request-id": "req-1"})


def test_sends_auth_headers_society_and_user_agent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[], headers={"request-id": "req-9"})

    response = make(handler).get("/account/v2")
    request = seen[0]
    assert request.url.path == "/api/v1/account/v2"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["x-third-party-secret"] == SECRET
    assert request.headers["society-id"] == "7"
    assert request.headers["user-agent"].startswith("bulkio/")
    assert response.request_id == "req-9"


def test_firm_level_routes_do_not_send_society_id() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    make(handler).get("/key/info", scoped=False)
    assert "society-id" not in seen[0].headers


def test_error_envelope_becomes_one_exception_with_code_status_and_request_id() -> None:
    client = make(lambda r: error(400, "COMPTE6", "Le premier caractère..."))
    with pytest.raises(ApiError) as caught:
        client.post("/account", {"account_number": "AB411"})
    assert (caught.value.code, caught.value.http_status, caught.value.request_id) == ("COMPTE6", 400, "req-1")


def test_flat_error_body_is_accepted() -> None:
    client = make(lambda r: httpx.Response(400, json={"code": "OCR1", "message": "bad", "details": ""}))
    with pytest.raises(ApiError) as caught:
        client.get("/x")
    assert caught.value.code == "OCR1"


def test_get_is_retried_on_5xx_but_a_post_is_not() -> None:
    calls = {"GET": 0, "POST": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls[request.method] += 1
        if calls[request.method] == 1:
            return error(500, "ERR-INTERNAL")
        return httpx.Response(200, json={"ok": True})

    client = make(handler)
    assert client.get("/account/v2").data == {"ok": True}
    with pytest.raises(ApiError):
        client.post("/account", {})
    assert calls == {"GET": 2, "POST": 1}


def test_a_429_is_retried_for_writes_too_because_it_was_not_processed() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if len(calls) == 1:
            return error(429, "ERR-TOO-MANY-REQUEST")
        return httpx.Response(200, json={"account_id": 1})

    assert make(handler).post("/account", {}).data == {"account_id": 1}
    assert calls == ["POST", "POST"]


def test_a_read_timeout_on_a_write_is_reported_as_maybe_sent() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(ApiUnavailable) as caught:
        make(handler).post("/account", {})
    assert caught.value.maybe_sent is True


def test_secrets_never_appear_in_error_messages() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout(f"timeout with {TOKEN} and {SECRET}", request=request)

    with pytest.raises(ApiUnavailable) as caught:
        make(handler).post("/account", {})
    assert TOKEN not in str(caught.value) and SECRET not in str(caught.value)
