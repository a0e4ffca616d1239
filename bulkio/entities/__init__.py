"""The API side of each spec: how a sheet is snapshotted, planned, pushed, read back and exported.

Each entity module provides the same five functions; this registry is the only place that lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bulkio.entities import comptes
from bulkio.outcome import RowOutcome
from bulkio.plan import PlannedRow, Planner
from bulkio.spec import COMPTES
from bulkio.spec.model import EntitySpec


@dataclass(frozen=True)
class EntityHandler:
    spec: EntitySpec
    load_snapshot: Callable[[Any], Any]
    plan_sheet: Planner
    execute: Callable[[PlannedRow, Any, Any], RowOutcome]
    # After an ambiguous failure: the outcome if the write landed, None if it did not.
    confirm: Callable[[PlannedRow, Any, Any], RowOutcome | None]
    export_rows: Callable[[Any, str], list[dict[str, Any]]]


HANDLERS: dict[str, EntityHandler] = {
    "comptes": EntityHandler(
        COMPTES, comptes.load_snapshot, comptes.plan_sheet, comptes.execute, comptes.confirm, comptes.export_rows
    ),
}
