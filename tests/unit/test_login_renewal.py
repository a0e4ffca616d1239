"""The firm-login token at the client's level: the expiry read from `expiresIn`, a write refused as expired sent
again once with a new token (it was not processed), one renewal for many refused requests, a journal key that
survives renewals."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from bulkio.api.client import MyUnisoftClient
from bulkio.api.pacing import Pacer
from bulkio.config import Target
from bulkio.errors import ApiError, BulkioError
from bulkio.login import DOCUMENTED_LIFETIME_S, Identity, TokenKeeper, auth_endpoint, expiry_of


def refusal(code: str, status: int = 401) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": "expired", "details": ""}})


class FakeRenewal:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.refused = tokens, []  # type: ignore[var-annotated]

    def current(self) -> str:
        return self.tokens[0]

    def renew_after(self, refused: str) -> str:
        self.refused.append(refused)
        if refused == self.tokens[0]:
            self.tokens.pop(0)
        return self.tokens[0]


def client_with(handler, renewal=None) -> MyUnisoftClient:  # type: ignore[no-untyped-def]
    return MyUnisoftClient("http://127.0.0.1:9/api/v1", "secret-x", "token-static",
                           transport=httpx.MockTransport(handler), pacer=Pacer(), sleep=lambda _s: None,
                           renewal=renewal)


def test_a_write_refused_as_expired_is_sent_again_once_with_the_new_token() -> None:
    seen: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        token = request.headers["authorization"].removeprefix("Bearer ")
        seen.append((request.method, token))
        if token == "token-old":
            return refusal("ERR-INVALID-FIRM-JWT")
        return httpx.Response(201, json={"account_id": 7, "body": json.loads(request.content)})

    renewal = FakeRenewal(["token-old", "token-new"])
    answer = client_with(handler, renewal).post("/account", {"account_number": "401X"})
    assert answer.status == 201 and answer.data["body"] == {"account_number": "401X"}
    assert seen == [("POST", "token-old"), ("POST", "token-new")]
    assert renewal.refused == ["token-old"]


def test_a_second_refusal_after_renewal_is_an_error_not_a_loop() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return refusal("ERR-FIRM-TOKEN-NOT-FOUND")

    with pytest.raises(ApiError) as raised:
        client_with(handler, FakeRenewal(["a-token", "b-token", "c-token"])).put("/account", {})
    assert raised.value.code == "ERR-FIRM-TOKEN-NOT-FOUND" and len(calls) == 2


def test_a_static_token_is_never_renewed() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.headers["authorization"])
        return refusal("ERR-API-TOKEN-NOT-FOUND")

    with pytest.raises(ApiError):
        client_with(handler).post("/account", {})
    assert calls == ["Bearer token-static"]


def test_expires_in_is_read_as_paris_time_and_never_beyond_four_hours() -> None:
    sent = datetime(2021, 4, 12, 8, 0, 0, tzinfo=ZoneInfo("UTC")).timestamp()
    paris = datetime(2021, 4, 12, 11, 54, 46, tzinfo=ZoneInfo("Europe/Paris")).timestamp()
    assert expiry_of("2021-04-12 11:54:46", sent) == paris  # 09:54:46 UTC (summer time)
    assert expiry_of("2021-04-12 23:00:00", sent) == sent + DOCUMENTED_LIFETIME_S
    assert expiry_of("dans quatre heures", sent) == sent + DOCUMENTED_LIFETIME_S
    assert auth_endpoint("https://app.example.fr/api/authenticate/") == "https://app.example.fr/api/authenticate/firm"
    assert auth_endpoint("http://127.0.0.1:8765") == "http://127.0.0.1:8765/api/authenticate/firm"


def login_server(counter: list[int], lifetime_text: str = "2099-01-01 00:00:00") -> httpx.MockTransport:
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        assert body["firm"] == 80 and body["password"] == "pw-secret-1"
        with lock:
            counter.append(1)
            number = len(counter)
        return httpx.Response(200, json={"api_token": f"tok-{number}", "expiresIn": lifetime_text,
                                         "firm": {"id": 80, "label": "TESTS"}})

    return httpx.MockTransport(handler)


def keeper(counter: list[int], expires_at: float, now: list[float], password: str | None = "pw-secret-1"
           ) -> TokenKeeper:
    return TokenKeeper(Identity("https://auth.example.fr", "a@b.fr", 80), "tok-0", expires_at, password=password,
                       clock=lambda: now[0], transport=login_server(counter))


def test_renewal_comes_before_the_expiry_and_only_once_for_many_refusals() -> None:
    logins: list[int] = []
    now = [1000.0]
    kept = keeper(logins, expires_at=1000.0 + 4 * 3600, now=now)
    assert kept.current() == "tok-0" and logins == []
    now[0] = 1000.0 + 4 * 3600 - 200  # inside the 5-minute margin
    assert kept.current() == "tok-1" and logins == [1]
    threads = [threading.Thread(target=kept.renew_after, args=("tok-1",)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert logins == [1, 1] and kept.current() == "tok-2"  # eight refusals of tok-1: one login
    assert kept.renew_after("tok-0") == "tok-2" and len(logins) == 2  # an old refusal: nothing to do


def test_without_a_password_the_token_is_used_to_the_end_then_the_run_stops() -> None:
    logins: list[int] = []
    now = [1000.0]
    kept = keeper(logins, expires_at=1010.0, now=now, password=None)
    now[0] = 1009.0
    assert kept.current() == "tok-0"  # nothing to renew with: the API will say when it no longer works
    with pytest.raises(BulkioError) as raised:
        kept.renew_after("tok-0")
    assert "bulkio login" in raised.value.message and logins == []


def test_the_journal_key_survives_a_renewal() -> None:
    identity = Identity("https://auth.example.fr", "a@b.fr", 80)
    first = TokenKeeper(identity, "tok-a", 2e9)
    second = TokenKeeper(identity, "tok-b", 2e9)
    key_a = Target("https://api.example.fr", "secret-x", "tok-a", 5, login=first).journal_key
    key_b = Target("https://api.example.fr", "secret-x", "tok-b", 5, login=second).journal_key
    assert key_a == key_b and "tok" not in key_a
    assert Target("https://api.example.fr", "secret-x", "tok-a", 5).journal_key != key_a


def test_the_password_is_asked_once_at_the_start_only_when_the_token_may_not_last_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    import bulkio.login as login

    asked: list[str] = []
    monkeypatch.delenv("MYUNISOFT_PASSWORD", raising=False)
    monkeypatch.setattr(login, "interactive", lambda: True)
    monkeypatch.setattr(login, "ask", lambda prompt, secret=False: asked.append(prompt) or "pw-typed-1")

    def profile(hours: float) -> dict[str, object]:
        expires = datetime.fromtimestamp(time.time() + hours * 3600, ZoneInfo("UTC")).isoformat()
        return {"token": "tok-p", "token_expires": expires, "email": "a@b.fr", "firm": 80}

    assert login.keeper_for(profile(3), "tok-p") is not None and asked == []  # most runs end well before
    kept = login.keeper_for(profile(0.5), "tok-p")
    assert kept is not None and kept._password == "pw-typed-1" and len(asked) == 1
    assert "expire" in asked[0]
    monkeypatch.setenv("MYUNISOFT_PASSWORD", "pw-from-env-1")
    kept = login.keeper_for(profile(0.5), "tok-p")
    assert kept is not None and kept._password == "pw-from-env-1" and len(asked) == 1
    assert login.keeper_for(profile(0.5), "tok-from-MYUNISOFT_TOKEN") is None  # a static token: never renewed
    assert login.keeper_for({"token": "tok-p"}, "tok-p") is None
