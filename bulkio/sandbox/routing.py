"""API route table: what a handler declares and what it receives.

Each `routes_*.py` module exposes `ROUTES: list[ApiRoute]`; `app.py` concatenates them. A handler is a
plain (synchronous) function `Ctx -> Reply`: authentication, rate limiting, `society-id` resolution,
faults, latency and statistics are done around it by `pipeline.py`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.datastructures import QueryParams

from bulkio.sandbox.access import Scope, Token
from bulkio.sandbox.documented import DOCUMENTED, Documented, documented
from bulkio.sandbox.errors import ApiError, missing, not_emulated
from bulkio.sandbox.store import Store

if TYPE_CHECKING:
    from bulkio.sandbox.app import SandboxState

API_PREFIX = "/api/v1"


@dataclass
class Reply:
    body: Any
    status: int = 200
    writes: list[str] = field(default_factory=list)  # resources changed, e.g. "account:1:401000"


@dataclass
class Ctx:
    """What a handler gets. `society_id` is resolved per the route's scope (None = firm level)."""

    method: str
    params: dict[str, str]
    query: QueryParams
    headers: Mapping[str, str]
    body: bytes
    token: Token
    society_id: int | None
    state: SandboxState

    @property
    def store(self) -> Store:
        return self.state.store

    @property
    def dossier(self) -> int:
        """The dossier of a dossier-scoped route (always set there)."""
        assert self.society_id is not None
        return self.society_id

    def json(self) -> Any:
        """The JSON body; GBL10 ("body") when absent or not JSON."""
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            raise missing("body") from None

    def json_object(self) -> dict[str, Any]:
        body = self.json()
        if not isinstance(body, dict):
            raise missing("body")
        return body

    def int_param(self, name: str, *, default: int | None = None, minimum: int = 0) -> int | None:
        """An integer query parameter (GBL10 when not an integer >= minimum)."""
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        if not re.fullmatch(r"-?\d+", raw.strip()) or int(raw) < minimum:
            raise missing(name)
        return int(raw)

    def bool_param(self, name: str) -> bool:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return False
        if raw.lower() not in ("true", "false"):
            raise missing(name)
        return raw.lower() == "true"


Handler = Callable[[Ctx], Reply]


@dataclass(frozen=True)
class ApiRoute:
    """`template` is relative to /api/v1 and uses `:name` for path parameters (as the API docs do)."""

    method: str
    template: str
    handler: Handler
    scope: Scope = "dossier"
    firm_only: bool = False  # a society token gets 403 ERR-FORBIDDEN-ROUTE
    write: bool = False  # may change state: subject to 'timeout' faults
    prefix: str = API_PREFIX
    listed: bool = True  # appears in GET /key/info

    @property
    def path(self) -> str:
        return self.prefix + self.template

    @property
    def key(self) -> str:
        """Statistics key: `METHOD /api/v1/path/:template`."""
        return f"{self.method} {self.path}"

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if method != self.method:
            return None
        found = _pattern(self.path).match(path)
        return None if found is None else found.groupdict()


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(template: str) -> re.Pattern[str]:
    if template not in _PATTERNS:
        regex = re.sub(r":(\w+)", r"(?P<\1>[^/]+)", re.escape(template).replace(r"\:", ":"))
        _PATTERNS[template] = re.compile(f"^{regex}/?$")
    return _PATTERNS[template]


def find_route(routes: list[ApiRoute], method: str, path: str) -> tuple[ApiRoute, dict[str, str]] | None:
    """The first route matching method and path (static routes should be listed before `:param` ones).

    A `:param` route does not take a path that a documented route spells out (`PUT /society/exercice` is not
    `PUT /society/:id_society`): that path is the other route, emulated or not."""
    for route in routes:
        params = route.match(method, path)
        if params is not None and not (params and (method, path.rstrip("/")) in _STATIC_DOCUMENTED):
            return route, params
    return None


_STATIC_DOCUMENTED = frozenset((route.method, route.path) for route in DOCUMENTED if ":" not in route.path)


def not_emulated_routes(routes: list[ApiRoute]) -> list[Documented]:
    """The documented routes that no route of the table serves (docs/sandbox.md, "Not emulated")."""
    return [route for route in DOCUMENTED if find_route(routes, route.method, route.sample()) is None]


def unrouted(method: str, path: str, *, firm: bool) -> ApiError:
    """The answer to a request no route serves: 501 SANDBOX-NOT-EMULATED for a documented route, 403
    ERR-FORBIDDEN-ROUTE for any other path or for a firm-only one asked with a society token (as live, where the
    token's `/key/info` does not list it)."""
    gap = documented(method, path)
    if gap is None or (gap.firm_only and not firm):
        return ApiError("ERR-FORBIDDEN-ROUTE")
    return not_emulated(method, path)


def public_gap(method: str, path: str) -> ApiError | None:
    """501 for a documented route of the authentication host that is not emulated: the docs call those without
    secret nor token, so the answer comes before authentication."""
    gap = documented(method, path)
    return not_emulated(method, path) if gap is not None and gap.public else None
