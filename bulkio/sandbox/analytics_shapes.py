"""What the emulated analytics routes answer (reference §5.1): the JSON shapes of an axe, a section, a repartition
key and a rate, the body of a deletion, and the resource names a write counts under in /_sandbox/stats."""

from __future__ import annotations

from typing import Any

DELETED = {"success": True, "message": "Suppression effectuée avec succès"}


def axe_shape(axe: dict[str, Any]) -> dict[str, Any]:
    return {"id_axe": axe["id_axe"], "code": axe["code"], "label": axe["label"], "id_societe": axe["society_id"],
            "id_section_default": axe["id_section_default"]}


def section_shape(section: dict[str, Any], *, with_default: bool) -> dict[str, Any]:
    shape = {"id_section_analytique": section["id_section"], "code": section["code"], "label": section["label"],
             "id_axe": section["id_axe"], "account": section["account"], "closed": section["closed"]}
    if with_default:
        shape["isdefault"] = section["isdefault"]
    return shape


def key_shape(key: dict[str, Any], *, typo: bool) -> dict[str, Any]:
    """GET list/one spell the id `id_repartion_key` (Q11); POST/PUT answers spell it correctly."""
    return {"id_axe": key["id_axe"], "id_repartion_key" if typo else "id_repartition_key": key["id_key"],
            "condition": key["condition"], "key": key["key"]}


def rate_shape(rate: dict[str, Any]) -> dict[str, Any]:
    return {"id_section_from_key": rate["id_rate"], "id_section": rate["id_section"],
            "id_repartition_key": rate["id_key"], "rate": rate["rate"]}


def resource(kind: str, dossier: int, *codes: str) -> str:
    """A resource counted in /_sandbox/stats `writes_by_resource`: axe:<dossier>:<axe code>, axe-default:<...> (a
    section created as the default), section:<dossier>:<axe code>:<section code>, key:<dossier>:<axe code>:<key>,
    rates:<dossier>:<axe code>:<key>."""
    return ":".join((kind, str(dossier), *codes))
