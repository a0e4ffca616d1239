"""The ASGI application: state (store, limiter, faults, stats, route table) and `create_app`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bulkio.sandbox import (
    demo,
    operator,
    pipeline,
    routes_account,
    routes_analytics,
    routes_associates,
    routes_auth,
    routes_misc,
    routes_society,
)
from bulkio.sandbox.config import SandboxConfig
from bulkio.sandbox.faults import Faults
from bulkio.sandbox.ratelimit import RateLimiter
from bulkio.sandbox.routing import ApiRoute
from bulkio.sandbox.stats import Stats
from bulkio.sandbox.store import Store

ROUTE_MODULES = [routes_misc, routes_society, routes_account, routes_analytics, routes_associates, routes_auth]


def api_routes() -> list[ApiRoute]:
    """Every API route; static templates before `:param` ones so that they win."""
    table = [route for module in ROUTE_MODULES for route in module.ROUTES]
    return sorted(table, key=lambda route: ":" in route.template)


@dataclass
class SandboxState:
    config: SandboxConfig
    store: Store
    faults: Faults
    limiter: RateLimiter
    stats: Stats = field(default_factory=Stats)
    routes: list[ApiRoute] = field(default_factory=api_routes)

    def reset(self, empty: bool = False) -> None:
        """Reload the demo data; clear stats and rate-limit windows; faults back to the start-up config."""
        demo.load(self.store, empty=empty)
        self.stats.clear()
        self.faults = Faults.from_config(self.config)
        self.limiter.configure(*self.faults.rate_limit, profile=self.faults.rate_profile)
        self.limiter.clear()

    def set_faults(self, changes: dict[str, Any]) -> None:
        if self.faults.update(changes):
            self.limiter.configure(*self.faults.rate_limit, profile=self.faults.rate_profile)


class RequestIdMiddleware:
    """Give every request an id (`req-` + 16 hex) and echo it as `request-id` on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = f"req-{secrets.token_hex(8)}"
        scope[pipeline.REQUEST_ID_KEY] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"request-id"]
                message = {**message, "headers": [*headers, (b"request-id", request_id.encode())]}
            await send(message)

        await self.app(scope, receive, send_with_id)


def create_app(config: SandboxConfig) -> Starlette:
    store = Store(config.db_path)
    demo.ensure_loaded(store, empty=config.empty)
    faults = Faults.from_config(config)
    state = SandboxState(config, store, faults, RateLimiter(*faults.rate_limit, profile=faults.rate_profile))

    async def api(request: Request) -> Response:
        return await pipeline.dispatch(request, state)

    methods = ["GET", "POST", "PUT", "DELETE", "PATCH"]
    app = Starlette(
        routes=[*operator.routes(state), Route("/api/{path:path}", api, methods=methods)],
    )
    app.state.sandbox = state
    app.add_middleware(RequestIdMiddleware)
    return app
