"""Operator endpoints under /_sandbox (no auth, loopback clients only): stats, reset, faults."""

from __future__ import annotations

import ipaddress
import json
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

if TYPE_CHECKING:
    from bulkio.sandbox.app import SandboxState


def _is_loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _problem(status: int, code: str, message: str) -> Response:
    return JSONResponse({"error": {"code": code, "message": message, "details": ""}}, status_code=status)


async def _json(request: Request) -> dict[str, Any] | None:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def routes(state: SandboxState) -> list[Route]:
    async def guarded(request: Request) -> Response | None:
        if not _is_loopback(request):
            return _problem(403, "SANDBOX-LOOPBACK-ONLY", "operator endpoints answer loopback clients only")
        return None

    async def stats(request: Request) -> Response:
        return await guarded(request) or JSONResponse(state.stats.snapshot())

    async def reset(request: Request) -> Response:
        if (refused := await guarded(request)) is not None:
            return refused
        body = await _json(request)
        if body is None or not isinstance(body.get("empty", False), bool):
            return _problem(400, "SANDBOX-BAD-REQUEST", 'body must be empty or {"empty": true|false}')
        state.reset(empty=body.get("empty", False))
        return JSONResponse({"reset": True, "empty": body.get("empty", False)})

    async def faults(request: Request) -> Response:
        if (refused := await guarded(request)) is not None:
            return refused
        if request.method == "POST":
            body = await _json(request)
            if body is None:
                return _problem(400, "SANDBOX-BAD-REQUEST", "body must be a JSON object")
            try:
                state.set_faults(body)
            except (ValueError, TypeError) as error:
                return _problem(400, "SANDBOX-BAD-REQUEST", str(error))
        return JSONResponse(state.faults.as_dict())

    return [
        Route("/_sandbox/stats", stats, methods=["GET"]),
        Route("/_sandbox/reset", reset, methods=["POST"]),
        Route("/_sandbox/faults", faults, methods=["GET", "POST"]),
    ]

