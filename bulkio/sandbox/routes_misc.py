"""Routes around the referentials: GET /key/info, GET /country, GET /way_type, GET /vat_param, and the
unauthenticated health check GET /api/partners/health."""

from __future__ import annotations

from bulkio.sandbox.access import SCHEMA_ID, THIRD_PARTY_ID
from bulkio.sandbox.account_shapes import Shaper
from bulkio.sandbox.errors import missing
from bulkio.sandbox.referentials import COUNTRIES, VAT_PARAMS, WAY_TYPE_ROWS
from bulkio.sandbox.routing import ApiRoute, Ctx, Reply


def key_info(ctx: Ctx) -> Reply:
    """Routes this token may call; `?mode=extended` wraps them with the token's target."""
    routes = [
        {"path": route.path, "method": route.method.lower()}
        for route in ctx.state.routes
        if route.listed and (ctx.token.is_firm or not route.firm_only)
    ]
    mode = ctx.query.get("mode")
    if mode is None:
        return Reply(routes)
    if mode != "extended":
        raise missing("mode")
    target = {
        "type": ctx.token.kind,
        "schemaId": SCHEMA_ID,
        "thirdPartyId": THIRD_PARTY_ID,
        "societyId": ctx.token.society_id,
    }
    return Reply({
        "target": target,
        "version": {"current": 1, "latest": 1, "beta": False},
        "canBeActivated": True,
        "isActivated": True,
        "routes": routes,
    })


def countries(ctx: Ctx) -> Reply:
    """Shape of the Postman capture: `[{"id", "iso", "label"}]`."""
    return Reply([{"id": c.id, "iso": c.iso, "label": c.label} for c in COUNTRIES.values()])


def way_types(ctx: Ctx) -> Reply:
    """Sandbox extension (the live API documents this list as a page, not a route): the shape of
    road_types.md, `[{"idTypeVoie": "9", "lib": "Rue", "abvr": "RUE"}]`."""
    rows = []
    for way_id, label, abbreviation in WAY_TYPE_ROWS:
        row = {"idTypeVoie": str(way_id), "lib": label}
        if abbreviation:
            row["abvr"] = abbreviation
        rows.append(row)
    return Reply(rows)


def vat_params(ctx: Ctx) -> Reply:
    shaper = Shaper(ctx.store, ctx.dossier)
    return Reply([shaper.vat_param(vat_id) for vat_id in VAT_PARAMS])


def health(ctx: Ctx) -> Reply:
    """Undocumented body; the sandbox answers `{"status": "ok"}`."""
    return Reply({"status": "ok"})


ROUTES: list[ApiRoute] = [
    ApiRoute("GET", "/key/info", key_info, scope="none"),
    ApiRoute("GET", "/country", countries, scope="none"),
    ApiRoute("GET", "/way_type", way_types, scope="none"),
    ApiRoute("GET", "/vat_param", vat_params),
    ApiRoute("GET", "/health", health, scope="public", prefix="/api/partners", listed=False),
]
