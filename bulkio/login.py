"""Firm login by e-mail and password (reference §1.4), and keeping its token alive during a long run.

`POST {auth host}/api/authenticate/firm` with `{mail, password, firm?}` answers `{api_token, expiresIn, firm}`,
or `{"status": "firm-selection", ...}` when the account reaches several schemas and `firm` was not sent. The
token lasts 4 hours; `expiresIn` is a local time without a zone: it is read as Paris time, which is never
later than the same text read in UTC, so a renewal comes early rather than late.

The password is never written anywhere. A run renews the token with the password held in memory for that run
only: MYUNISOFT_PASSWORD (unattended runs), else asked on a terminal at the start when the token has less than
an hour left, or once the plan is known when its requests at the pacer's pace would outlast the token
(`prepare_for_run`; without a terminal, a warning before the first write). Never later: a question in the middle
of a progress bar or of the preview would go unseen. A run whose token expires and cannot be renewed (no
password, the login service refusing or down) stops between two requests (TokenExpired: the refused row and
the rest "Non envoyé"); running `bulkio login` then the same command resumes it (the journal does not depend on
the token).
"""

from __future__ import annotations

import getpass
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

import httpx

from bulkio.api.client import (
    USER_AGENT,
    CertificateError,
    parse_error,
    redact_secrets,
    remember_secrets,
    require_tls,
    unverified_certificate,
)
from bulkio.api.rate_headers import header, retry_after
from bulkio.errors import ApiUnavailable, BulkioError, TokenExpired, UsageError
from bulkio.i18n import register, t
from bulkio.login_messages import LOGIN_MESSAGES

log = logging.getLogger("bulkio.login")

register(LOGIN_MESSAGES)

DEFAULT_AUTH_URL = "https://app.prodcomptable.myunisoft.fr"
LOGIN_PATH = "/api/authenticate/firm"
DOCUMENTED_LIFETIME_S = 4 * 3600.0
RENEW_MARGIN_S = 300.0  # renew this long before the expiry (less for a token that lives less: a quarter of it)
PROMPT_HORIZON_S = 3600.0  # a run starting with less than this left is likely to outlive its token
PASSWORD_VARIABLE = "MYUNISOFT_PASSWORD"
_RETRY_RENEWAL_S = 10.0  # after a failed early renewal, keep the still-valid token that long before trying again
LOGIN_PATIENCE_S = 60.0  # how long a login refused with 429 is asked again (after each Retry-After or back-off)
CREDENTIAL_CODES = frozenset({"GBL20", "DROIT5"})  # reference §1.4/erreurs.md: e-mail or password refused


def paris_zone() -> tzinfo:
    """Europe/Paris; without a time-zone database, its summer offset (the earlier reading of a local time)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Paris")
    except Exception:  # no tzdata (Windows without the package)
        return timezone(timedelta(hours=2))


def auth_endpoint(auth_url: str) -> str:
    """The login URL from an auth host given with or without the route's path."""
    url = auth_url.strip().rstrip("/")
    for tail in (LOGIN_PATH, "/api/authenticate", "/api"):
        if url.endswith(tail):
            url = url[: -len(tail)]
            break
    return url + LOGIN_PATH


def expiry_of(expires_in: object, sent_at: float) -> float:
    """Epoch seconds when the token stops working: `expiresIn` read as Paris time, never later than the
    documented lifetime after the request was sent (also the answer when `expiresIn` cannot be read)."""
    cap = sent_at + DOCUMENTED_LIFETIME_S
    try:
        local = datetime.strptime(str(expires_in).strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return cap
    return min(cap, local.replace(tzinfo=paris_zone()).timestamp())


def shown_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class Firm:
    id: int | str
    label: str

    def matches(self, text: str) -> bool:
        text = text.strip()
        return text == str(self.id) or text.casefold() == self.label.casefold()


@dataclass(frozen=True)
class LoginAnswer:
    token: str
    expires_at: float  # epoch seconds
    firm: Firm | None


class FirmSelectionNeeded(BulkioError):
    """The account reaches several schemas: say which (`firm`)."""

    def __init__(self, firms: list[Firm]) -> None:
        super().__init__(", ".join(f"{f.id} {f.label}" for f in firms))
        self.firms = firms


class LoginRefused(UsageError):
    pass


def _firms(body: Mapping[str, Any]) -> list[Firm]:
    """The schemas of a firm-selection answer, whatever the list is called (its shape is undocumented)."""
    for key in ("firms", "schemas", "choices", "firm"):
        items = body.get(key)
        if isinstance(items, list):
            found = []
            for item in items:
                if isinstance(item, Mapping) and item.get("id") is not None:
                    found.append(Firm(item["id"], str(item.get("label") or item.get("name") or "")))
            return found
    return []


class LoginFailed(UsageError):
    """The login service refused for another reason than the credentials (a code bulkio does not expect)."""


def firm_login(
    auth_url: str, mail: str, password: str, firm: int | str | None = None, *, timeout: float = 30.0,
    transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] = time.sleep,
) -> LoginAnswer:
    """Log in; FirmSelectionNeeded, LoginRefused (the e-mail, the password or the schema), LoginFailed, ApiUnavailable
    (no answer, a 5xx, or 429s for LOGIN_PATIENCE_S) or CertificateError otherwise. No partner secret is sent: the
    reference, the publisher's Postman request and its SDK send none to this host."""
    url = auth_endpoint(auth_url)
    require_tls(url)
    remember_secrets(password)
    body: dict[str, Any] = {"mail": mail.strip(), "password": password}
    if firm not in (None, ""):
        body["firm"] = int(firm) if isinstance(firm, str) and firm.strip().isdigit() else firm
    waited, delay = 0.0, 1.0
    while True:
        sent_at = time.time()
        response = _post_login(url, body, password, timeout, transport)
        if response.status_code != 429:
            return _login_answer(response, url, body, sent_at)
        # Refused by the service's rate limit, not processed: asked again after its Retry-After (or a back-off
        # doubling from 1 s), for LOGIN_PATIENCE_S at most.
        wait = retry_after(header(response.headers, "retry-after"), time.time)
        wait = delay if wait is None or wait <= 0 else wait
        if waited + wait > LOGIN_PATIENCE_S:
            raise ApiUnavailable(t("login.rate_limited", url=url, seconds=f"{waited:.0f}"), maybe_sent=False)
        sleep(wait)
        waited, delay = waited + wait, min(delay * 2, 16.0)


def _post_login(url: str, body: Mapping[str, Any], password: str, timeout: float,
                transport: httpx.BaseTransport | None) -> httpx.Response:
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), transport=transport,
                          headers={"User-Agent": USER_AGENT, "Accept": "application/json"}) as http:
            return http.post(url, json=body)
    except httpx.TransportError as exc:
        certificate = unverified_certificate(exc)
        if certificate is not None:
            reason = certificate.verify_message or str(certificate)
            raise CertificateError(t("api.tls_unverified", url=url, reason=reason)) from None
        error = redact_secrets(f"{type(exc).__name__} {exc}".strip(), (password,))
        raise ApiUnavailable(t("login.unavailable", url=url, error=error), maybe_sent=True) from None


def _login_answer(response: httpx.Response, url: str, body: Mapping[str, Any], sent_at: float) -> LoginAnswer:
    try:
        data = response.json() if response.content else None
    except ValueError:
        data = None
    if isinstance(data, Mapping) and data.get("status") == "firm-selection":
        raise FirmSelectionNeeded(_firms(data))
    if response.is_success and isinstance(data, Mapping) and isinstance(data.get("api_token"), str):
        token = data["api_token"].strip()
        remember_secrets(token)
        who = data.get("firm") if isinstance(data.get("firm"), Mapping) else None
        chosen = Firm(who["id"], str(who.get("label") or "")) if who and who.get("id") is not None else None
        return LoginAnswer(token, expiry_of(data.get("expiresIn"), sent_at), chosen)
    if response.is_success:
        raise UsageError(t("login.bad_answer", url=url))
    error = parse_error(response, redact_secrets(response.headers.get("request-id", "")))
    if error.is_server_side:
        raise ApiUnavailable(t("login.unavailable", url=url, error=error.code), maybe_sent=True)
    if error.code == "ERR-SCHEMA-NOT-FOUND" and "firm" in body:
        raise LoginRefused(t("login.unknown_firm", firm=body["firm"], code=error.code))
    if error.code in CREDENTIAL_CODES:
        raise LoginRefused(t("login.refused", code=error.code))
    said = f" — {error.api_message}" if error.api_message and error.api_message != error.code else ""
    raise LoginFailed(t("login.failed", url=url, status=response.status_code, code=error.code,
                        message=redact_secrets(said, (str(body.get("password") or ""),))))


# --- asking ----------------------------------------------------------------------------------------------


def interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def ask(prompt: str, *, secret: bool = False) -> str:
    """One line from the user; a secret is not echoed on a terminal (piped input is read as is). Prompts go to
    stderr, so that stdout stays the command's output."""
    if secret and interactive():
        return getpass.getpass(prompt, stream=sys.stderr)
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not interactive():
        sys.stderr.write("\n")  # piped input is not echoed: end the prompt's line
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


# --- keeping the token alive -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """Who logs in again: never the password."""

    auth_url: str
    mail: str
    firm: int | str | None


class TokenKeeper:
    """The token of a firm login, renewed between requests: before it expires (`current`) or after the API
    refused it (`renew_after`). Shared by every client of a run (one lock: one renewal at a time)."""

    def __init__(
        self, identity: Identity, token: str, expires_at: float, *, password: str | None = None,
        save: Callable[[LoginAnswer], None] | None = None, clock: Callable[[], float] = time.time,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.identity = identity
        self._token, self._password, self._save = token, None, save
        self._clock, self._transport = clock, transport
        self._lock = threading.Lock()
        self._retry_at = 0.0
        self._failed: TokenExpired | None = None  # why the refused token could not be renewed: the run stops
        self.renewals = 0
        self._set(token, expires_at)
        if password:
            self.use_password(password)

    def _set(self, token: str, expires_at: float) -> None:
        self._token, self.expires_at = token, expires_at
        left = expires_at - self._clock()
        self.margin = max(0.0, min(RENEW_MARGIN_S, left / 4))

    def due(self) -> bool:
        return self._clock() >= self.expires_at - self.margin

    def current(self) -> str:
        """The token to send now; renewed first when it is about to expire and a password is at hand. A failed
        early renewal keeps the token: the API's answer says whether it still works (then `renew_after`)."""
        with self._lock:
            if self._password and self.due() and self._clock() >= self._retry_at:
                try:
                    self._renew()
                except BulkioError as error:
                    log.warning("%s", error.message)
                    self._retry_at = self._clock() + _RETRY_RENEWAL_S
            return self._token

    def renew_after(self, refused: str) -> str:
        """The API refused `refused` as expired or invalid: a new token (unless another request already got
        one). The refused request was not processed; the caller sends it again. TokenExpired when no new token
        can be had: without a password, or when the login fails; then at once for every later refusal of the
        same token (one attempt, not one per row)."""
        with self._lock:
            if refused == self._token:
                if self._failed is not None:
                    raise self._failed
                try:
                    self._renew()
                except TokenExpired as error:
                    self._failed = error
                    raise
            return self._token

    def outlasts(self, seconds: float) -> bool:
        """A run of `seconds` from now would outlive the token, and there is no password to renew it."""
        return not self._password and self._clock() + seconds > self.expires_at - self.margin

    def use_password(self, password: str) -> None:
        remember_secrets(password)
        self._password = password

    def _renew(self) -> None:
        until = shown_time(self.expires_at)
        if not self._password:
            raise TokenExpired(t("login.expired", until=until))
        who = self.identity
        try:
            answer = firm_login(who.auth_url, who.mail, self._password, who.firm, transport=self._transport)
        except BulkioError as error:  # the API request that needed the token was not sent
            raise TokenExpired(t("login.renew_failed", until=until, error=error.message)) from None
        self._set(answer.token, answer.expires_at)
        self.renewals += 1
        log.info("%s", t("login.renewed", until=shown_time(answer.expires_at)))
        if self._save is not None:
            try:
                self._save(answer)
            except (OSError, BulkioError) as error:  # the run goes on with the token in memory
                log.warning("%s", t("login.save_failed", error=error))


def keeper_for(
    values: Mapping[str, object], token: str, save: Callable[[LoginAnswer], None] | None = None,
) -> TokenKeeper | None:
    """The keeper of a profile's token when `bulkio login` saved it (the profile has `token_expires` and `email`),
    else None (a static token). The password: MYUNISOFT_PASSWORD, else asked now on a terminal when the token
    has less than PROMPT_HORIZON_S left."""
    expires, mail = values.get("token_expires"), values.get("email")
    if not expires or not mail or token != str(values.get("token") or "").strip():
        return None
    try:
        expires_at = datetime.fromisoformat(str(expires)).timestamp()
    except ValueError:
        expires_at = time.time()  # unreadable: treat it as expired, renew at the first request
    firm = values.get("firm")
    identity = Identity(str(os.environ.get("MYUNISOFT_AUTH_URL") or values.get("auth_url") or DEFAULT_AUTH_URL),
                        str(mail), firm if isinstance(firm, int | str) else None)
    password = os.environ.get(PASSWORD_VARIABLE) or None
    if not password and interactive() and expires_at - time.time() < PROMPT_HORIZON_S:
        try:  # once, at the start: the run may outlive the token
            password = ask(t("login.renew_prompt", until=shown_time(expires_at)), secret=True) or None
        except EOFError:
            password = None
    return TokenKeeper(identity, token, expires_at, password=password, save=save)


def prepare_for_run(keeper: TokenKeeper | None, requests: int, rate: float, warn: Callable[[str], None]) -> None:
    """Before the first write: when the plan's `requests` at `rate` (requests per second, the pacer's) would
    outlast the token and no password is at hand, ask for it on a terminal; without one (or without an answer),
    `warn` that the run will stop at the expiry."""
    if keeper is None or rate <= 0 or not keeper.outlasts(requests / rate):
        return
    minutes, until = f"{requests / rate / 60:.0f}", shown_time(keeper.expires_at)
    if interactive():
        try:
            password = ask(t("login.long_run_prompt", minutes=minutes, until=until), secret=True)
        except EOFError:
            password = ""
        if password:
            keeper.use_password(password)
            return
    warn(t("login.long_run_warning", minutes=minutes, until=until))


def profile_values(answer: LoginAnswer, mail: str, auth_url: str | None) -> dict[str, object | None]:
    """What `bulkio login` and a renewal keep in the profile: the token and its expiry (UTC), who logs in."""
    values: dict[str, object | None] = {
        "token": answer.token,
        "token_expires": datetime.fromtimestamp(answer.expires_at, UTC).isoformat(timespec="seconds"),
        "email": mail.strip(),
        "auth_url": auth_url,
    }
    if answer.firm is not None:
        values["firm"], values["firm_label"] = answer.firm.id, answer.firm.label
    return values
