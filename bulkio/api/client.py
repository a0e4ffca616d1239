"""An httpx client for the partner API: auth headers, one error type, pacing and safe retries.

Retries happen here only when they cannot duplicate anything:
- a 429 (the server did not process the request), after the pacer's wait, for as long as the refusals
  last less than the pacer's `give_up_after` (minutes) without a break;
- a connection that was never established (the request never left);
- any failure of an idempotent call (GET), but a 501: the server does not implement the route.
A write that may have reached the server (timeout after sending, 5xx, dropped connection) is not retried
here: it raises, and the caller reads back before deciding (see push.py).
"""

from __future__ import annotations

import ipaddress
import logging
import random
import re
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from bulkio import __version__
from bulkio.api.pacing import Pacer
from bulkio.errors import ApiError, ApiUnavailable, UsageError
from bulkio.i18n import register, t

log = logging.getLogger("bulkio.api")

register(
    {
        "api.tls_unverified": {
            "fr": "le certificat TLS de {url} n'a pas pu être vérifié ({reason}) : bulkio ne se connecte qu'à un "
            "serveur au certificat valide ; vérifiez l'adresse, ou, si votre réseau intercepte TLS, donnez son "
            "autorité de certification dans SSL_CERT_FILE.",
            "en": "the TLS certificate of {url} could not be verified ({reason}): bulkio only connects to a server "
            "with a valid certificate; check the address, or, if your network intercepts TLS, give its certificate "
            "authority in SSL_CERT_FILE.",
        },
        "api.plain_http": {
            "fr": "{url} est en http (sans TLS) : le secret et le jeton y passeraient en clair ; utilisez https "
            "(http n'est accepté que vers cette machine, 127.0.0.1 ou localhost).",
            "en": "{url} is plain http (no TLS): the secret and the token would travel in clear text; use https "
            "(http is only accepted to this machine, 127.0.0.1 or localhost).",
        },
    }
)

USER_AGENT = f"bulkio/{__version__} (+https://github.com/bulkio; MyUnisoft partner import tool)"
DEFAULT_BASE_URL = "https://api.myunisoft.fr/api/v1"
API_PREFIX = "/api/v1"
_IDS_IN_PATH = re.compile(r"/\d+(?=/|$)")


# What the gateway answers for a token that expired or is not (or no longer) valid (reference §1.7, §10 Q21,
# error-codes.csv): refused at the door, the request was not processed. Only a token from a firm login is renewed.
EXPIRED_TOKEN_CODES = frozenset({
    "ERR-INVALID-FIRM-JWT", "ERR-FIRM-TOKEN-NOT-FOUND", "ERR-INVALID-JWT", "ERR-INVALID-API-JWT",
    "ERR-INVALID-USER-JWT", "ERR-API-TOKEN-NOT-FOUND", "TOKEN1", "TOKEN2", "DROIT5",
})


class TokenSource(Protocol):
    """A token that changes during a run (bulkio.login.TokenKeeper)."""

    def current(self) -> str: ...

    def renew_after(self, refused: str) -> str: ...


@dataclass(frozen=True)
class ApiResponse:
    data: Any
    status: int
    request_id: str


def normalise_base_url(url: str) -> str:
    url = url.rstrip("/")
    if not url.endswith(API_PREFIX):
        url += API_PREFIX
    return url


# --- redaction: no secret or token in a message, a log record, a report or a journal ----------------------

REDACTED = "***"
_MIN_SECRET_LENGTH = 4  # shorter values are no secrets, and replacing them would garble every message
_known_secrets: set[str] = set()  # every secret and token this process was given (clients, targets)
_known_longest_first: tuple[str, ...] = ()
_known_lock = threading.Lock()


def _secret_forms(value: str) -> set[str]:
    """The ways a secret shows in a text: as is, and without surrounding blanks. A secret holding other characters
    than printable ASCII is shown escaped, once or more ("Illegal header value b'Bearer abc\\n'", and the repr of
    that exception in httpcore's log): then each of its printable runs is a form of its own."""
    forms = {value, value.strip()}
    if not all(" " < char <= "~" for char in value.strip()):
        forms.update(re.findall(r"[!-~]+", value))
    return {form for form in forms if len(form.strip()) >= _MIN_SECRET_LENGTH}


def remember_secrets(*values: str | None) -> None:
    """Register secrets and tokens: from then on `redact_secrets` and every log record hide them."""
    global _known_longest_first
    forms = set().union(*(_secret_forms(value) for value in values if value))
    with _known_lock:
        if not forms <= _known_secrets:
            _known_secrets.update(forms)
            _known_longest_first = tuple(sorted(_known_secrets, key=len, reverse=True))


def redact_secrets(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` without `secrets` nor any secret registered in this process (longest first)."""
    forms = _known_longest_first
    extra = set().union(*(_secret_forms(secret) for secret in secrets if secret)) - _known_secrets
    if extra:
        forms = tuple(sorted({*forms, *extra}, key=len, reverse=True))
    for form in forms:
        if form in text:
            text = text.replace(form, REDACTED)
    return text


def _install_log_redaction() -> None:
    """Every log record (bulkio, httpx, httpcore, uvicorn, ... at any level) is cleaned of known secrets when it
    is created, before any handler, formatter or pytest's caplog sees it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "bulkio_redacts", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if _known_secrets:
            try:
                message = record.getMessage()
                clean = redact_secrets(message)
                if clean != message:
                    record.msg, record.args = clean, None
                if record.exc_info and record.exc_info[0] is not None:
                    record.exc_text = redact_secrets(logging.Formatter().formatException(record.exc_info))
            except Exception:  # a malformed record is logging's to report, not ours to raise
                pass
        return record

    factory.bulkio_redacts = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


_install_log_redaction()


# --- TLS: always verified, never plain http to another machine ---------------------------------------------


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_tls(base_url: str) -> None:
    """Credentials never travel in clear: http is for a local sandbox only (UsageError otherwise)."""
    url = httpx.URL(base_url)
    if url.scheme != "https" and not _is_loopback(url.host):
        raise UsageError(t("api.plain_http", url=base_url))


def unverified_certificate(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate failure behind an httpx connection error, if that is what it is."""
    seen: BaseException | None = exc
    for _depth in range(16):  # httpx -> httpcore -> ssl: a short chain, and never a loop
        if seen is None:
            break
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class CertificateError(UsageError):
    """The server's certificate cannot be verified: no retry, one sentence, exit 2."""


class MyUnisoftClient:
    def __init__(
        self,
        base_url: str,
        secret: str,
        token: str,
        *,
        society_id: int | None = None,
        timeout: float = 30.0,
        pacer: Pacer | None = None,
        max_attempts: int = 6,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        renewal: TokenSource | None = None,
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        require_tls(self.base_url)
        remember_secrets(secret, token)
        self.society_id = society_id
        self.pacer = pacer or Pacer(sleep=sleep)
        # Only a local sandbox may tell the pacer its (scaled) documented limit: see pacing.py.
        self.pacer.accept_ceiling_hint = _is_loopback(httpx.URL(self.base_url).host)
        self.max_attempts = max_attempts
        self._sleep = sleep
        self._secret = secret
        self._token = token
        self._renewal = renewal  # its token replaces `token`, renewed between requests
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={
                "X-Third-Party-Secret": secret,
                "Authorization": f"Bearer {token}",
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
            transport=transport,
            verify=True,
        )

    # --- plumbing -------------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> MyUnisoftClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def on_response(self, hook: Callable[[httpx.Response], None]) -> None:
        """Call `hook` with every raw response (the conformance probe reads headers the client does not keep)."""
        self._http.event_hooks["response"].append(hook)

    def redact(self, text: str) -> str:
        return redact_secrets(text, (self._secret, self._token))

    def with_society(self, society_id: int | None) -> MyUnisoftClient:
        """The same connection and budget, aimed at another dossier."""
        clone = object.__new__(MyUnisoftClient)
        clone.__dict__.update(self.__dict__)
        clone.society_id = society_id
        return clone

    # --- requests -------------------------------------------------------------------------------

    def get(self, path: str, params: Mapping[str, Any] | None = None, *, scoped: bool = True) -> ApiResponse:
        return self.request("GET", path, params=params, scoped=scoped)

    def post(self, path: str, body: Any, *, scoped: bool = True) -> ApiResponse:
        return self.request("POST", path, json=body, scoped=scoped)

    def put(self, path: str, body: Any, *, scoped: bool = True) -> ApiResponse:
        return self.request("PUT", path, json=body, scoped=scoped)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        scoped: bool = True,
    ) -> ApiResponse:
        idempotent = method in ("GET", "HEAD", "OPTIONS")
        headers: dict[str, str] = {}
        if scoped and self.society_id is not None:
            headers["society-id"] = str(self.society_id)
        attempt = 0
        renewed = False
        route = f"{method} {_IDS_IN_PATH.sub('/:id', path)}"  # the pacer learns a route's weight by this
        while True:
            attempt += 1
            ticket = self.pacer.before_request(route)
            if self._renewal is not None:
                headers["Authorization"] = f"Bearer {self._renewal.current()}"
            started = time.monotonic()
            try:
                response = self._http.request(method, path, params=params, json=json, headers=headers)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                certificate = unverified_certificate(exc)
                if certificate is not None:  # sending again cannot help: the same certificate comes back
                    reason = certificate.verify_message or str(certificate)
                    raise CertificateError(t("api.tls_unverified", url=self.base_url, reason=reason)) from None
                # The request never left: any method may be sent again.
                self.pacer.after_failure(ticket, sent=False)
                if attempt >= self.max_attempts:
                    raise ApiUnavailable(self._describe(exc, method, path), maybe_sent=False) from None
                self._backoff(attempt)
                continue
            except httpx.TransportError as exc:
                self.pacer.after_failure(ticket)
                if idempotent and attempt < self.max_attempts:
                    self._backoff(attempt)
                    continue
                raise ApiUnavailable(self._describe(exc, method, path), maybe_sent=True) from None
            request_id = redact_secrets(response.headers.get("request-id", ""))  # never echo a secret back
            log.debug(
                "%s %s -> %s (%s, %.0f ms)", method, path, response.status_code, request_id,
                (time.monotonic() - started) * 1000,
            )
            if response.is_success:
                self.pacer.after_response(response.headers, response.status_code, ticket)
                return ApiResponse(_json_or_text(response), response.status_code, request_id)
            error = parse_error(response, request_id)
            self.pacer.after_response(response.headers, response.status_code, ticket,
                                      error.code if error.is_rate_limit else None)
            if self._renewal is not None and not renewed and error.code in EXPIRED_TOKEN_CODES:
                # Refused at the door, not processed: send it again, once, with a new token.
                renewed = True
                self._renewal.renew_after(headers["Authorization"].removeprefix("Bearer "))
                continue
            if error.is_rate_limit:
                # Not processed by the server: sent again when the pacer allows it, until the refusals have
                # lasted `give_up_after` without a break (a bound in minutes, never a count of attempts).
                if self.pacer.refused_for() < self.pacer.give_up_after:
                    attempt -= 1
                    continue
                raise error
            if error.is_server_side and idempotent and attempt < self.max_attempts:  # (never a 501: errors.py)
                self._backoff(attempt)
                continue
            raise error

    def _backoff(self, attempt: int) -> None:
        delay = min(8.0, 0.25 * 2 ** (attempt - 1)) * (0.5 + random.random() / 2)
        self._sleep(delay)

    def _describe(self, exc: Exception, method: str, path: str) -> str:
        kind = type(exc).__name__
        return self.redact(f"{method} {self.base_url}{path}: {kind} {exc}".strip())


def _json_or_text(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def parse_error(response: httpx.Response, request_id: str) -> ApiError:
    """The API's error envelope (documented, or flat as one capture shows), or the HTTP status, as an ApiError;
    nothing the server echoed of our secrets."""
    body = _json_or_text(response)
    code, message = f"HTTP-{response.status_code}", response.reason_phrase
    if isinstance(body, dict):
        # The documented envelope wraps the error; one capture shows it flat. Accept both.
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("code"):
            code = redact_secrets(str(err.get("code")))
            message = str(err.get("message") or "")
            details = err.get("details")
            if isinstance(details, dict) and not request_id:
                request_id = str(details.get("requestId") or details.get("correlationId") or "")
    # An API, a proxy or a gateway may echo the request (headers included) in its error: never pass it on.
    return ApiError(code, redact_secrets(message), http_status=response.status_code,
                    request_id=redact_secrets(request_id))
