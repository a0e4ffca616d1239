"""One declarative spec per entity; everything else reads them from here.

SPECS is in dependency order: a sheet's rows are planned and pushed after those of the sheets before it
(accounts, then the analytics chain axes -> sections -> repartitions, then the capital and the associates
that use the accounts and the capital).
"""

from __future__ import annotations

from bulkio.spec.analytics import ANALYTICS_WORKBOOK_RULES, AXES, REPARTITIONS, SECTIONS
from bulkio.spec.associates import ASSOCIATES_WORKBOOK_RULES, ASSOCIES_PM, ASSOCIES_PP, CAPITAL
from bulkio.spec.comptes import COMPTES
from bulkio.spec.model import CLEAR, CLEAR_MARKERS, Choice, Column, EntitySpec, Kind, WorkbookRule, fold

SPECS: dict[str, EntitySpec] = {
    spec.kind: spec for spec in (COMPTES, AXES, SECTIONS, REPARTITIONS, CAPITAL, ASSOCIES_PP, ASSOCIES_PM)
}

# Rules that look at several sheets at once (run by validation after each sheet's own rules).
WORKBOOK_RULES: tuple[WorkbookRule, ...] = (*ANALYTICS_WORKBOOK_RULES, *ASSOCIATES_WORKBOOK_RULES)


# `--sheet "Feuil1=ignorer"`: the user says a sheet is none of bulkio's.
IGNORE_WORDS = frozenset({"ignorer", "ignore", "aucune", "none"})


def spec_for(kind: str) -> EntitySpec:
    wanted = fold(kind)
    for spec in SPECS.values():
        if wanted in spec.sheet_keys:
            return spec
    raise KeyError(kind)


__all__ = [
    "ASSOCIES_PM", "ASSOCIES_PP", "AXES", "CAPITAL", "CLEAR", "CLEAR_MARKERS", "COMPTES", "IGNORE_WORDS",
    "REPARTITIONS", "SECTIONS", "SPECS", "WORKBOOK_RULES", "Choice", "Column", "EntitySpec", "Kind", "fold", "spec_for",
]
