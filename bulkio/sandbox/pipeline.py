"""What happens to every /api request, in order:

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
from typing import TYPE_CHECKING, Any

import anyio
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from bulkio.sandbox.access import Token, authenticate, resolve_society
from bulkio.sandbox.errors import ApiError, envelope
from bulkio.sandbox.routing import ApiRoute, Ctx, find_route, public_gap, unrouted

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


async def dispatch(request: Request, state: SandboxState) -> Response:
    method, path = request.method, request.url.path
    found = find_route(state.routes, method, path)
    route, params = found if found else (None, {})
    key = route.key if route else f"{method} {path}"
    state.stats.request(key)

    if route is not None and route.scope == "public":  # health check, firm login: no secret, token nor limit
        body = await request.body()
        ctx = Ctx(method, params, request.query_params, request.headers, body, _ANONYMOUS, None, state)
        try:
            reply = route.handler(ctx)
        except ApiError as error:
            return error_response(request, error)
        return JSONResponse(reply.body, status_code=reply.status)
    if route is None and (gap := public_gap(method, path)) is not None:
        return error_response(request, gap)

    try:
        token = authenticate(request.headers, state.store)
    except ApiError as error:
        _count_refusal(state, route, error)
        return error_response(request, error)

    if state.faults.draw_storm():
        state.stats.fault("storm")
        state.stats.rejected()
        return error_response(request, ApiError("ERR-TOO-MANY-REQUEST"), state.limiter.exhausted(token.value).headers())
    code, budget = state.limiter.admit(token.value, key)
    headers = budget.headers()
    if code is not None:
        state.stats.rejected()
        return error_response(request, ApiError(code), headers)
    try:
        if state.faults.latency_ms:
            await anyio.sleep(state.faults.latency_ms / 1000)
        if state.faults.draw_spike():
            state.stats.fault("spike")
            await anyio.sleep(state.faults.spike_ms / 1000)
        if route is None:  # a documented route the sandbox does not emulate: 501, else 403
            raise unrouted(method, path, firm=token.is_firm)
        if route.firm_only and not token.is_firm:
            raise ApiError("ERR-FORBIDDEN-ROUTE")
        society_id = resolve_society(route.scope, token, request.headers, state.store)
        if state.faults.society_fails(society_id):
            state.stats.fault("society")
            raise ApiError("ERR-INTERNAL")
        if state.faults.draw_error():
            state.stats.fault("error")
            raise ApiError("ERR-INTERNAL")
        drop = state.faults.draw_drop() if _connection(request) is not None else None
        if drop == "before":
            state.stats.fault("drop_before")
            return await _drop(request)
        body = await request.body()
        ctx = Ctx(method, params, request.query_params, request.headers, body, token, society_id, state)
        reply = route.handler(ctx)
        state.stats.wrote(reply.writes)
        if route.write and not reply.writes:
            state.stats.noop_write(key)
        if drop == "after":
            state.stats.fault("drop_after")
            return await _drop(request)
        if reply.body is None:  # e.g. DELETE section: 202 with an empty body
            response: Response = Response(status_code=reply.status, headers=headers)
        else:
            response = JSONResponse(reply.body, status_code=reply.status, headers=headers)
        if route.write and state.faults.draw_timeout():
            state.stats.fault("timeout")
            await anyio.sleep(state.faults.stall_seconds)
        return response
    except ApiError as error:
        _count_refusal(state, route, error)
        return error_response(request, error, headers)
    except ClientDisconnect:  # the client left before its body was read (e.g. during a spike): nothing runs
        return Response(status_code=500)  # never sent: the connection is gone
    except Exception:
        log.exception("sandbox handler failed: %s %s", method, path)
        return error_response(request, ApiError("ERR-INTERNAL"), headers)
    finally:
        state.limiter.leave(token.value, key)


def _count_refusal(state: SandboxState, route: ApiRoute | None, error: ApiError) -> None:
    """A write route answered 4xx (not 429): counted in `refused_writes` by route and code."""
    if route is not None and route.write and 400 <= error.status < 500 and error.status != 429:
        state.stats.refused_write(route.key, error.code)


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
