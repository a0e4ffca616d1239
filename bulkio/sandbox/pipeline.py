"""What happens to every /api request, in order (`dispatch` reads as this list: one small function per step, each
step's findings carried on an `Exchange`; the steps before the in-flight count are gates that answer a refusal or
let the request through):

1. count it in the stats (key `METHOD /api/v1/template`, or the raw path when no route matches);
2. authenticate (secret, then bearer token) - 401s carry no rate-limit headers (no known token);
3. 'storm' fault: 429 ERR-TOO-MANY-REQUEST with `X-Rate-Limit-Remaining: 0`, nothing consumed;
   rate limit: window budget, then in-flight cap per (token, route) - 429s consume nothing; from here on
   every answer carries `X-Rate-Limit-*`;
4. latency (`latency_ms`), then a 'spike' fault (`spike_ms` more), while the request counts as in flight;
5. route permission (unknown route, firm-only route with a society token -> 403 ERR-FORBIDDEN-ROUTE; a
   documented route the sandbox does not emulate -> 501 SANDBOX-NOT-EMULATED, before step 2 for the
   authentication host's routes, documented without credentials);
6. `society-id` rules for the route's scope;
7. 'error' fault, or a dossier of `failing_societies` -> 500 ERR-INTERNAL, the handler is not called;
   'drop' fault drawn "before": the connection is closed without an answer, the handler is not called;
8. the handler (synchronous, commits its own transaction);
9. 'drop' fault drawn "after": the connection is closed without an answer, the write stays committed;
   else a 'timeout' fault on write routes: the answer is held `stall_seconds` after the commit.

A write route answered 4xx other than 429 (at steps 2, 5, 6 or 8) is counted in `refused_writes`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import anyio
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from bulkio.sandbox.access import Token, authenticate, resolve_society
from bulkio.sandbox.errors import ApiError, envelope
from bulkio.sandbox.routing import ApiRoute, Ctx, Reply, find_route, public_gap, unrouted

if TYPE_CHECKING:
    from bulkio.sandbox.app import SandboxState

log = logging.getLogger("bulkio.sandbox")
REQUEST_ID_KEY = "bulkio.request_id"
_ANONYMOUS = Token("", "api")


def error_response(request: Request, error: ApiError, headers: dict[str, str] | None = None) -> Response:
    body = envelope(
        error.code,
        error.message,
        url=str(request.url),
        method=request.method,
        request_id=request.scope.get(REQUEST_ID_KEY, ""),
    )
    return JSONResponse(body, status_code=error.status, headers=headers)


@dataclass
class Exchange:
    """One /api request on its way through the steps, and what they found out about it."""

    request: Request
    state: SandboxState
    route: ApiRoute | None
    params: dict[str, str]
    key: str  # `METHOD /api/v1/template`, or the raw path when no route matches: for the stats and the limiter
    token: Token = _ANONYMOUS
    rate_headers: dict[str, str] = field(default_factory=dict)  # `X-Rate-Limit-*`, once the limiter has admitted it
    society_id: int | None = None

    @property
    def method(self) -> str:
        return self.request.method

    @property
    def path(self) -> str:
        return self.request.url.path

    def refused(self, error: ApiError) -> Response:
        return error_response(self.request, error, self.rate_headers or None)


async def dispatch(request: Request, state: SandboxState) -> Response:
    exchange = _counted(request, state)  # step 1
    if exchange.route is not None and exchange.route.scope == "public":
        return await _serve_public(exchange)
    for gate in (_not_public_gap, _authenticated, _no_storm, _within_rate_limit):  # steps 2 and 3
        refusal = gate(exchange)
        if refusal is not None:
            return refusal
    try:
        return await _served_in_flight(exchange)  # steps 4 to 9
    finally:
        state.limiter.leave(exchange.token.value, exchange.key)


# --- before the request counts as in flight: each gate answers a refusal, or None to let it through -------------


def _counted(request: Request, state: SandboxState) -> Exchange:
    """Step 1: the route it takes, counted in the stats."""
    found = find_route(state.routes, request.method, request.url.path)
    route, params = found if found else (None, {})
    key = route.key if route else f"{request.method} {request.url.path}"
    state.stats.request(key)
    return Exchange(request, state, route, params, key)


async def _serve_public(exchange: Exchange) -> Response:
    """A public route (health check, firm login): no secret, token nor rate limit."""
    assert exchange.route is not None
    body = await exchange.request.body()
    ctx = Ctx(exchange.method, exchange.params, exchange.request.query_params, exchange.request.headers, body,
              _ANONYMOUS, None, exchange.state)
    try:
        reply = exchange.route.handler(ctx)
    except ApiError as error:
        return exchange.refused(error)
    return JSONResponse(reply.body, status_code=reply.status)


def _not_public_gap(exchange: Exchange) -> Response | None:
    """A documented route of the authentication host that the sandbox does not emulate: 501, before step 2."""
    if exchange.route is None and (gap := public_gap(exchange.method, exchange.path)) is not None:
        return exchange.refused(gap)
    return None


def _authenticated(exchange: Exchange) -> Response | None:
    """Step 2: the secret, then the bearer token."""
    try:
        exchange.token = authenticate(exchange.request.headers, exchange.state.store)
    except ApiError as error:
        _count_refusal(exchange, error)
        return exchange.refused(error)
    return None


def _no_storm(exchange: Exchange) -> Response | None:
    """Step 3, the 'storm' fault: a 429 with nothing left, nothing consumed."""
    state = exchange.state
    if not state.faults.draw_storm():
        return None
    state.stats.fault("storm")
    state.stats.rejected()
    exhausted = state.limiter.exhausted(exchange.token.value).headers()
    return error_response(exchange.request, ApiError("ERR-TOO-MANY-REQUEST"), exhausted)


def _within_rate_limit(exchange: Exchange) -> Response | None:
    """Step 3: the window's budget, then the in-flight cap; from here every answer carries the budget's headers."""
    state = exchange.state
    code, budget = state.limiter.admit(exchange.token.value, exchange.key)
    exchange.rate_headers = budget.headers()
    if code is None:
        return None
    state.stats.rejected()
    return exchange.refused(ApiError(code))


# --- while it counts as in flight ----------------------------------------------------------------------------------


async def _served_in_flight(exchange: Exchange) -> Response:
    """Steps 4 to 9; a refusal on the way is answered with the rate-limit headers."""
    try:
        await _latency(exchange)
        route = _allowed_route(exchange)
        exchange.society_id = resolve_society(route.scope, exchange.token, exchange.request.headers,
                                              exchange.state.store)  # step 6
        _server_error_faults(exchange)
        drop = exchange.state.faults.draw_drop() if _connection(exchange.request) is not None else None
        if drop == "before":
            exchange.state.stats.fault("drop_before")
            return await _drop(exchange.request)
        reply = await _handled(exchange)
        if drop == "after":
            exchange.state.stats.fault("drop_after")
            return await _drop(exchange.request)
        response = _answer(reply, exchange.rate_headers)
        await _timeout_stall(exchange)
        return response
    except ApiError as error:
        _count_refusal(exchange, error)
        return exchange.refused(error)
    except ClientDisconnect:  # the client left before its body was read (e.g. during a spike): nothing runs
        return Response(status_code=500)  # never sent: the connection is gone
    except Exception:
        log.exception("sandbox handler failed: %s %s", exchange.method, exchange.path)
        return exchange.refused(ApiError("ERR-INTERNAL"))


async def _latency(exchange: Exchange) -> None:
    """Step 4: `latency_ms`, then a 'spike' fault (`spike_ms` more)."""
    state = exchange.state
    if state.faults.latency_ms:
        await anyio.sleep(state.faults.latency_ms / 1000)
    if state.faults.draw_spike():
        state.stats.fault("spike")
        await anyio.sleep(state.faults.spike_ms / 1000)


def _allowed_route(exchange: Exchange) -> ApiRoute:
    """Step 5: refuses a route the sandbox does not know (501 when documented, else 403), or a firm-only route
    asked with a society token (403)."""
    if exchange.route is None:
        raise unrouted(exchange.method, exchange.path, firm=exchange.token.is_firm)
    if exchange.route.firm_only and not exchange.token.is_firm:
        raise ApiError("ERR-FORBIDDEN-ROUTE")
    return exchange.route


def _server_error_faults(exchange: Exchange) -> None:
    """Step 7: a dossier of `failing_societies`, or an 'error' fault: 500, the handler is not called."""
    state = exchange.state
    if state.faults.society_fails(exchange.society_id):
        state.stats.fault("society")
        raise ApiError("ERR-INTERNAL")
    if state.faults.draw_error():
        state.stats.fault("error")
        raise ApiError("ERR-INTERNAL")


async def _handled(exchange: Exchange) -> Reply:
    """Step 8: the handler, and the resources it wrote counted."""
    assert exchange.route is not None
    request = exchange.request
    body = await request.body()
    ctx = Ctx(exchange.method, exchange.params, request.query_params, request.headers, body, exchange.token,
              exchange.society_id, exchange.state)
    reply = exchange.route.handler(ctx)
    exchange.state.stats.wrote(reply.writes)
    if exchange.route.write and not reply.writes:
        exchange.state.stats.noop_write(exchange.key)
    return reply


def _answer(reply: Reply, rate_headers: dict[str, str]) -> Response:
    if reply.body is None:  # e.g. DELETE section: 202 with an empty body
        return Response(status_code=reply.status, headers=rate_headers)
    return JSONResponse(reply.body, status_code=reply.status, headers=rate_headers)


async def _timeout_stall(exchange: Exchange) -> None:
    """Step 9: a 'timeout' fault on a write route holds the answer `stall_seconds` after the commit."""
    state = exchange.state
    if exchange.route is not None and exchange.route.write and state.faults.draw_timeout():
        state.stats.fault("timeout")
        await anyio.sleep(state.faults.stall_seconds)


def _count_refusal(exchange: Exchange, error: ApiError) -> None:
    """A write route answered 4xx (not 429): counted in `refused_writes` by route and code."""
    route = exchange.route
    if route is not None and route.write and 400 <= error.status < 500 and error.status != 429:
        exchange.state.stats.refused_write(route.key, error.code)


def _connection(request: Request) -> Any:
    """The server's request cycle that owns the client connection (uvicorn's, reached through `receive`), or
    None under a server that does not expose one: the 'drop' fault is then never drawn."""
    cycle = getattr(request.receive, "__self__", None)
    return cycle if getattr(cycle, "transport", None) is not None else None


async def _drop(request: Request) -> Response:
    """Close the client connection without a byte of answer (a 'drop' fault)."""
    cycle = _connection(request)
    cycle.transport.abort()
    for _ in range(50):  # let the server see the connection lost, so that it sends nothing on it
        if getattr(cycle, "disconnected", True):
            break
        await anyio.sleep(0.001)
    return Response(status_code=500)  # never sent: the connection is gone
