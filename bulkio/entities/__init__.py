"""The API side of each spec: how a sheet is snapshotted, planned, pushed, read back and exported.

Each entity module provides the same functions; this registry is the only place that lists them. Sheets of
one family (the analytics chain; capital and associates) share one snapshot, loaded once per plan and
updated as rows are pushed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bulkio.entities import analytics_snapshot as analytics
from bulkio.entities import associates_snapshot as associates
from bulkio.entities import associes_pm, associes_pp, axes, capital, comptes, repartitions, sections
from bulkio.outcome import RowOutcome
from bulkio.plan import Plan, PlannedRow, Planner, RunContext, StepLog
from bulkio.spec import ASSOCIES_PM, ASSOCIES_PP, AXES, CAPITAL, COMPTES, REPARTITIONS, SECTIONS, SPECS
from bulkio.spec.model import EntitySpec
from bulkio.validate import Validation
from bulkio.validate.duplicates import rejudge_duplicates


@dataclass(frozen=True)
class EntityHandler:
    spec: EntitySpec
    family: str
    # (client, validation or None for a full export) -> snapshot of the family
    load_snapshot: Callable[[Any, Validation | None], Any]
    plan_sheet: Planner
    # Converge MyUnisoft towards the row; re-entrant: steps already done (per the snapshot) are skipped.
    execute: Callable[[PlannedRow, Any, Any, StepLog], RowOutcome]
    # After an ambiguous failure: refresh the snapshot; the outcome if the row has landed, None if not.
    confirm: Callable[[PlannedRow, Any, Any], RowOutcome | None]
    export_rows: Callable[[Any, str], list[dict[str, Any]]]


def _handler(spec: EntitySpec, family: str, module: Any, loader: Callable[..., Any]) -> EntityHandler:
    return EntityHandler(spec, family, loader, module.plan_sheet, module.execute, module.confirm, module.export_rows)


HANDLERS: dict[str, EntityHandler] = {
    "comptes": _handler(COMPTES, "comptes", comptes, comptes.load_snapshot),
    "axes": _handler(AXES, "analytics", axes, analytics.load_snapshot),
    "sections": _handler(SECTIONS, "analytics", sections, analytics.load_snapshot),
    "repartitions": _handler(REPARTITIONS, "analytics", repartitions, analytics.load_snapshot),
    "capital": _handler(CAPITAL, "associates", capital, associates.load_snapshot),
    "associes_pp": _handler(ASSOCIES_PP, "associates", associes_pp, associates.load_snapshot),
    "associes_pm": _handler(ASSOCIES_PM, "associates", associes_pm, associates.load_snapshot),
}


def plan_workbook(
    validation: Validation,
    client: Any,
    context: RunContext,
    handlers: Mapping[str, EntityHandler] = HANDLERS,
    *,
    create_accounts: bool = False,
) -> Plan:
    """Every sheet planned in dependency order (SPECS order), each family's snapshot loaded once.

    `create_accounts` (--create-accounts): an associate's missing account is created by its row's push
    instead of being an error."""
    order = list(SPECS)
    snapshots: dict[str, Any] = {}
    if any(sheet.spec.kind == COMPTES.kind for sheet in validation.sheets):
        # `bulkio validate` judged the Comptes duplicates with the default padding; this dossier's decides. Before
        # the accounts' snapshot, which reads what the updates of the rows still valid need.
        numbering = comptes.read_numbering(client)
        rejudge_duplicates(validation, numbering)
        snapshots["comptes"] = comptes.load_snapshot(client, validation, numbering)
    rows: list[PlannedRow] = []
    for sheet in sorted(validation.sheets, key=lambda s: order.index(s.spec.kind)):
        handler = handlers[sheet.spec.kind]
        if handler.family not in snapshots:
            snapshots[handler.family] = handler.load_snapshot(client, validation)
            if isinstance(snapshots[handler.family], associates.AssociatesSnapshot):
                snapshots[handler.family].create_accounts = create_accounts
        rows.extend(handler.plan_sheet(sheet, snapshots[handler.family], context, validation))
    headers = {sheet.sheet.name: dict(sheet.sheet.headers) for sheet in validation.sheets}
    return Plan(context, rows, snapshots, headers=headers)
