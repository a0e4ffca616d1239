"""One declarative spec per entity; everything else reads them from here."""

from __future__ import annotations

from bulkio.spec.comptes import COMPTES
from bulkio.spec.model import CLEAR, CLEAR_MARKERS, Choice, Column, EntitySpec, Kind, fold

SPECS: dict[str, EntitySpec] = {spec.kind: spec for spec in (COMPTES,)}


def spec_for(kind: str) -> EntitySpec:
    wanted = fold(kind)
    for spec in SPECS.values():
        if wanted in spec.sheet_keys:
            return spec
    raise KeyError(kind)


__all__ = ["CLEAR", "CLEAR_MARKERS", "COMPTES", "SPECS", "Choice", "Column", "EntitySpec", "Kind", "fold", "spec_for"]
