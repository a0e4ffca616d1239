"""`POST /api/authenticate/firm` (reference §1.4): the firm's e-mail/password login, served on the sandbox's
own address (the live route is on the auth host). No secret, no bearer token, no rate limit: see logins.py
for the demo accounts and the tokens it mints."""

from __future__ import annotations

from bulkio.sandbox import logins
from bulkio.sandbox.routing import ApiRoute, Ctx, Reply


def authenticate_firm(ctx: Ctx) -> Reply:
    return Reply(logins.login(ctx.store, ctx.json(), ctx.state.config.token_lifetime))


ROUTES: list[ApiRoute] = [
    ApiRoute("POST", "/authenticate/firm", authenticate_firm, scope="public", prefix="/api", listed=False),
]
