"""One declarative spec per entity; everything else reads them from here.

SPECS is in dependency order: a sheet's rows are planned and pushed after those of the sheets before it
(accounts, then the analytics chain axes -> sections -> repartitions).
"""

from __future__ import annotations

from bulkio.spec.analytics import ANALYTICS_WORKBOOK_RULES, AXES, REPARTITIONS, SECTIONS
from bulkio.spec.comptes import COMPTES
from bulkio.spec.model import CLEAR, CLEAR_MARKERS, Choice, Column, EntitySpec, Kind, WorkbookRule, fold

SPECS: dict[str, EntitySpec] = {spec.kind: spec for spec in (COMPTES, AXES, SECTIONS, REPARTITIONS)}

# Rules that look at several sheets at once (run by validation after each sheet's own rules).
WORKBOOK_RULES: tuple[WorkbookRule, ...] = (*ANALYTICS_WORKBOOK_RULES,)


def spec_for(kind: str) -> EntitySpec:
    wanted = fold(kind)
    for spec in SPECS.values():
        if wanted in spec.sheet_keys:
            return spec
    raise KeyError(kind)


__all__ = [
    "AXES", "CLEAR", "CLEAR_MARKERS", "COMPTES", "REPARTITIONS", "SECTIONS", "SPECS", "WORKBOOK_RULES", "Choice",
    "Column", "EntitySpec", "Kind", "fold", "spec_for",
]
