"""What the login service's answers become (issue 14 review): bad credentials are the only "check the e-mail and
password"; a 429 is waited for and asked again; any other refusal says what it is. A token that cannot be renewed
stops the run once (TokenExpired), and a run that would outlast its token asks for the password or warns."""

from __future__ import annotations

import httpx
import pytest

import bulkio.login as login
from bulkio.errors import ApiUnavailable, TokenExpired
from bulkio.login import Identity, LoginFailed, LoginRefused, TokenKeeper, firm_login, prepare_for_run

AUTH = "https://auth.example.fr"
TOKEN = {"api_token": "tok-new-1", "expiresIn": "2099-01-01 00:00:00", "firm": {"id": 1, "label": "CABINET"}}


def service(*answers: httpx.Response) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    asked: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return answers[min(len(asked), len(answers)) - 1]

    return httpx.MockTransport(handler), asked


def refusal(status: int, code: str, message: str = "") -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": message}})


@pytest.mark.parametrize("code", ["GBL20", "DROIT5"])
def test_bad_credentials_say_check_the_mail_and_password(code: str) -> None:
    transport, _asked = service(refusal(401 if code == "DROIT5" else 400, code))
    with pytest.raises(LoginRefused) as refused:
        firm_login(AUTH, "a@b.fr", "pw-secret-1", transport=transport)
    assert "vérifiez l'e-mail et le mot de passe" in refused.value.message and code in refused.value.message


def test_a_429_is_waited_for_and_asked_again() -> None:
    slept: list[float] = []
    transport, asked = service(httpx.Response(429, headers={"Retry-After": "2"}, json={}),
                               refusal(429, "ERR-TOO-MANY-REQUEST"), httpx.Response(200, json=TOKEN))
    answer = firm_login(AUTH, "a@b.fr", "pw-secret-1", transport=transport, sleep=slept.append)
    assert answer.token == "tok-new-1" and len(asked) == 3
    assert slept == [2.0, 2.0]  # its Retry-After, then a back-off (1 s doubled)


def test_429s_for_longer_than_a_minute_say_so_not_check_the_password() -> None:
    slept: list[float] = []
    transport, asked = service(httpx.Response(429, headers={"Retry-After": "30"}, json={}))
    with pytest.raises(ApiUnavailable) as failed:
        firm_login(AUTH, "a@b.fr", "pw-secret-1", transport=transport, sleep=slept.append)
    assert "429" in failed.value.api_message and "mot de passe" not in failed.value.api_message
    assert slept == [30.0, 30.0] and len(asked) == 3  # a minute waited: the next 30 s would pass it, given up


def test_another_refusal_says_what_it_is() -> None:
    transport, _asked = service(refusal(403, "ERR-FORBIDDEN-ROUTE", "Route interdite"))
    with pytest.raises(LoginFailed) as failed:
        firm_login(AUTH, "a@b.fr", "pw-secret-1", transport=transport)
    message = failed.value.message
    assert "HTTP 403" in message and "ERR-FORBIDDEN-ROUTE" in message and "Route interdite" in message
    assert "ce n'est pas un refus de l'e-mail ou du mot de passe" in message


def test_a_renewal_that_fails_stops_the_run_once_for_every_later_refusal() -> None:
    transport, asked = service(httpx.Response(503, json={}))
    keeper = TokenKeeper(Identity(AUTH, "a@b.fr", 1), "tok-0", 1000.0, password="pw-secret-1",
                         clock=lambda: 2000.0, transport=transport)
    with pytest.raises(TokenExpired) as first:
        keeper.renew_after("tok-0")
    assert "n'a pas pu être renouvelé" in first.value.message and "bulkio login" in first.value.message
    with pytest.raises(TokenExpired):
        keeper.renew_after("tok-0")  # another row, another dossier: no new attempt
    assert len(asked) == 1


def test_a_run_that_would_outlast_the_token_asks_for_the_password_or_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]

    def keeper() -> TokenKeeper:  # 10 minutes left, no password
        return TokenKeeper(Identity(AUTH, "a@b.fr", 1), "tok-0", 1600.0, clock=lambda: now[0])

    warned: list[str] = []
    monkeypatch.setattr(login, "interactive", lambda: False)
    short = keeper()
    prepare_for_run(short, 100, 2.0, warned.append)  # 50 s at 2 requests per second: it lasts
    assert warned == [] and short.outlasts(50.0) is False
    long = keeper()
    prepare_for_run(long, 2000, 2.0, warned.append)  # 1000 s: it does not
    assert len(warned) == 1 and "17 min" in warned[0] and "MYUNISOFT_PASSWORD" in warned[0]
    monkeypatch.setattr(login, "interactive", lambda: True)
    monkeypatch.setattr(login, "ask", lambda prompt, secret=False: "pw-typed-1")
    asked = keeper()
    prepare_for_run(asked, 2000, 2.0, warned.append)
    assert len(warned) == 1 and asked.outlasts(1000.0) is False  # the password renews it: nothing to warn
