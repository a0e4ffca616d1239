"""An httpx client for the partner API: auth headers, one error type, pacing and safe retries.

Retries happen here only when they cannot duplicate anything:
- a 429 (the server did not process the request), after the window resets;
- a connection that was never established (the request never left);
- any failure of an idempotent call (GET).
A write that may have reached the server (timeout after sending, 5xx, dropped connection) is not retried
here: it raises, and the caller reads back before deciding (see push.py).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from bulkio import __version__
from bulkio.api.pacing import Pacer
from bulkio.errors import ApiError, ApiUnavailable

log = logging.getLogger("bulkio.api")

USER_AGENT = f"bulkio/{__version__} (+https://github.com/bulkio; MyUnisoft partner import tool)"
DEFAULT_BASE_URL = "https://api.myunisoft.fr/api/v1"
API_PREFIX = "/api/v1"


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
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        self.society_id = society_id
        self.pacer = pacer or Pacer()
        self.max_attempts = max_attempts
        self._sleep = sleep
        self._secret = secret
        self._token = token
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

    def redact(self, text: str) -> str:
        for secret in (self._secret, self._token):
            if secret:
                text = text.replace(secret, "***")
        return text

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
        while True:
            attempt += 1
            self.pacer.before_request()
            started = time.monotonic()
            try:
                response = self._http.request(method, path, params=params, json=json, headers=headers)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # The request never left: any method may be sent again.
                self.pacer.after_failure()
                if attempt >= self.max_attempts:
                    raise ApiUnavailable(self._describe(exc, method, path), maybe_sent=False) from None
                self._backoff(attempt)
                continue
            except httpx.TransportError as exc:
                self.pacer.after_failure()
                if idempotent and attempt < self.max_attempts:
                    self._backoff(attempt)
                    continue
                raise ApiUnavailable(self._describe(exc, method, path), maybe_sent=True) from None
            self.pacer.after_response(response.headers, response.status_code)
            request_id = response.headers.get("request-id", "")
            log.debug(
                "%s %s -> %s (%s, %.0f ms)", method, path, response.status_code, request_id,
                (time.monotonic() - started) * 1000,
            )
            if response.is_success:
                return ApiResponse(_json_or_text(response), response.status_code, request_id)
            error = _parse_error(response, request_id)
            if error.is_rate_limit and attempt < self.max_attempts:
                # Not processed by the server: safe to send again once the window allows it.
                if error.code != "ERR-TOO-MANY-REQUEST":
                    self._backoff(attempt)
                continue
            if error.is_server_side and idempotent and attempt < self.max_attempts:
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


def _parse_error(response: httpx.Response, request_id: str) -> ApiError:
    body = _json_or_text(response)
    code, message = f"HTTP-{response.status_code}", response.reason_phrase
    if isinstance(body, dict):
        # The documented envelope wraps the error; one capture shows it flat. Accept both.
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("code"):
            code = str(err.get("code"))
            message = str(err.get("message") or "")
            details = err.get("details")
            if isinstance(details, dict) and not request_id:
                request_id = str(details.get("requestId") or details.get("correlationId") or "")
    return ApiError(code, message, http_status=response.status_code, request_id=request_id)
