"""`bulkio check`: who the token is and which routes it reaches (GET /key/info)."""

from __future__ import annotations

from collections.abc import Iterator

from bulkio.config import Target
from bulkio.errors import ApiError
from bulkio.i18n import register, t
from bulkio.pipeline import connect_error

register(
    {
        "check.target": {"fr": "Cible : {target}", "en": "Target: {target}"},
        "check.kind_firm": {"fr": "Jeton cabinet (schéma {schema})", "en": "Firm token (schema {schema})"},
        "check.kind_api": {"fr": "Jeton dossier (dossier {society})", "en": "Dossier token (dossier {society})"},
        "check.login": {"fr": "Jeton de connexion (bulkio login) valable jusqu'au {until}",
                        "en": "Login token (bulkio login) valid until {until}"},
        "check.routes": {"fr": "Routes autorisées ({count}) :", "en": "Allowed routes ({count}):"},
        "check.needed": {
            "fr": "Routes utilisées par bulkio et non autorisées : {missing}",
            "en": "Routes bulkio uses that are not allowed: {missing}",
        },
        "check.all_needed": {"fr": "Toutes les routes utilisées par bulkio sont autorisées.",
                             "en": "Every route bulkio uses is allowed."},
    }
)

NEEDED = (("get", "/api/v1/account"), ("post", "/api/v1/account"), ("get", "/api/v1/society"))


def describe_access(target: Target) -> Iterator[str]:
    client = target.client()
    try:
        info = client.get("/key/info", {"mode": "extended"}, scoped=False).data or {}
    except ApiError as error:
        raise connect_error(error, target) from None
    finally:
        client.close()
    who = info.get("target") or {}
    yield t("check.target", target=target.describe())
    if target.login is not None:
        from bulkio.login import shown_time

        yield t("check.login", until=shown_time(target.login.expires_at))
    if who.get("type") == "firm":
        yield t("check.kind_firm", schema=who.get("schemaId"))
    else:
        yield t("check.kind_api", society=who.get("societyId"))
    routes = info.get("routes") or []
    yield t("check.routes", count=len(routes))
    for route in routes:
        yield f"  {str(route.get('method', '')).upper():6} {route.get('path', '')}"
    allowed = {(str(r.get("method", "")).lower(), r.get("path")) for r in routes}
    missing = [f"{m.upper()} {p}" for m, p in NEEDED if (m, p) not in allowed]
    yield t("check.needed", missing=", ".join(missing)) if missing else t("check.all_needed")
