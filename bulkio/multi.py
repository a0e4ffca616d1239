"""An import across every dossier a workbook goes to: lanes, routing, one plan per dossier.

    lanes = open_lanes(target, tokens)       (lanes.py) one client per token, each with its own budget: the
                                             target's token, and each token of a tokens file (--tokens)
    plan = plan_import(validation, target, lanes, enable_analytics=..., create_accounts=...)
                                             rows routed to dossiers (routing.py), each dossier planned with
                                             the client of the lane that reaches it; the validation given is
                                             left as it was (planning's findings go to plan.validation)

The push of the plan is push_all.py; the whole sequence, one step at a time, is session.py. A firm token
reaches every dossier, so a firm-scale run with it is one lane; a tokens file adds one lane per dossier token,
and as many dossiers progress at once, each at its own token's pace.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from bulkio.api.client import MyUnisoftClient
from bulkio.config import Target
from bulkio.dossiers import Dossier, DossierDirectory
from bulkio.errors import ApiError, UsageError
from bulkio.i18n import register, t
from bulkio.lanes import Lane, Lanes
from bulkio.pipeline import connect_error, make_plan, open_dossier
from bulkio.plan import Action, Plan, PlannedRow, RunContext, invalid_rows, planning_view
from bulkio.routing import Routing, default_dossier_id, names_a_dossier, route
from bulkio.validate import SheetValidation, Validation

_T = TypeVar("_T")
_R = TypeVar("_R")

register(
    {
        "multi.need_society": {
            "fr": "aucune ligne n'indique de dossier : donnez le dossier avec --society-id, ou remplissez "
            "la colonne Dossier.",
            "en": "no row names a dossier: give the dossier with --society-id, or fill in the Dossier column.",
        },
        "multi.dossier_failed": {
            "fr": "le dossier {dossier} n'a pas pu être traité : {error}",
            "en": "dossier {dossier} could not be processed: {error}",
        },
        "multi.dossiers": {"fr": "{count} dossiers", "en": "{count} dossiers"},
        "multi.unexpected": {
            "fr": "l'envoi s'est arrêté sur une erreur ({kind} : {error}) : corrigez-en la cause, puis relancez la "
            "même commande, elle reprendra sans rien envoyer deux fois.",
            "en": "the push stopped on an error ({kind}: {error}): fix its cause, then run the same command again, "
            "it will resume without sending anything twice.",
        },
        "multi.halted": {
            "fr": "non envoyé : l'envoi s'est arrêté sur l'erreur du dossier {dossier} ; relancez la même commande "
            "une fois la cause corrigée.",
            "en": "not sent: the push stopped on dossier {dossier}'s error; run the same command again once the "
            "cause is fixed.",
        },
        "multi.unfinished": {
            "fr": "le journal du dossier {dossier} n'a pas pu être clos ({error}) : tout a été envoyé ; la prochaine "
            "exécution de ce fichier reprendra celle-ci sans rien renvoyer.",
            "en": "dossier {dossier}'s journal could not be closed ({error}): everything was sent; the next run of "
            "this file will resume this one without sending anything again.",
        },
    }
)


@dataclass
class DossierPlan:
    dossier: Dossier
    lane: Lane
    client: MyUnisoftClient  # aimed at the dossier
    context: RunContext
    validation: Validation  # this dossier's rows
    plan: Plan

    @property
    def journal_key(self) -> str:
        """The target's own key for its dossier (what a single-dossier run always used), else with the dossier."""
        if self.lane.keyed_society == self.dossier.society_id:
            return self.lane.journal_key
        return f"{self.lane.journal_key}|dossier={self.dossier.society_id}"


@dataclass
class ImportPlan:
    parts: list[DossierPlan]
    unrouted: list[PlannedRow]  # rows whose Dossier cell goes nowhere (blocked), rows not to import (skipped)
    lanes: Lanes
    multi: bool
    validation: Validation  # the rows as planned: validation's issues and planning's findings (plan.planning_view)

    @property
    def rows(self) -> list[PlannedRow]:
        return [row for part in self.parts for row in part.plan.rows] + self.unrouted

    def count(self, action: Action, kind: str | None = None) -> int:
        return sum(part.plan.count(action, kind) for part in self.parts) + sum(
            1 for r in self.unrouted if r.action is action and (kind is None or r.kind == kind))

    @property
    def writes(self) -> int:
        return sum(part.plan.writes for part in self.parts)

    @property
    def requests(self) -> int:
        return sum(part.plan.requests for part in self.parts)

    @property
    def society_changes(self) -> dict[str, dict[str, object]]:
        """Dossier settings to change first, by dossier label."""
        return {part.context.society_label: part.plan.society_changes for part in self.parts
                if part.plan.society_changes}

    @property
    def label(self) -> str:
        """The dossier, or how many."""
        if len(self.parts) == 1:
            return self.parts[0].context.society_label
        return t("multi.dossiers", count=len(self.parts))

    def describe(self, target: Target) -> str:
        """Where the run goes: the target and its dossier, or how many dossiers."""
        return target.describe(self.label if len(self.parts) == 1 else None, dossiers=len(self.parts))

    @property
    def context(self) -> RunContext | None:
        return self.parts[0].context if len(self.parts) == 1 else None

    def dossier_of_rows(self) -> dict[tuple[str, int], str]:
        return {(row.sheet, row.excel_row): part.context.society_label for part in self.parts for row in part.plan.rows}


def plan_import(
    validation: Validation,
    target: Target,
    lanes: Lanes,
    *,
    enable_analytics: bool = False,
    create_accounts: bool = False,
) -> ImportPlan:
    """Route the rows, then plan each dossier against its live data (reads only)."""
    validation = planning_view(validation)
    routing = _route(validation, target, lanes)

    def plan_dossier(society_id: int) -> DossierPlan:
        lane = lanes.for_dossier(society_id)
        assert lane is not None, "the directory only holds dossiers a lane reaches"
        try:
            client, context = open_dossier(lane.client, society_id, lane.token_kind)
        except ApiError as error:
            raise connect_error(error, target) from None
        view = routing.views[society_id]
        plan = make_plan(view, client, context, enable_analytics=enable_analytics, create_accounts=create_accounts)
        return DossierPlan(routing.dossiers[society_id], lane, client, context, view, plan)

    def plan_lane(society_ids: list[int]) -> list[DossierPlan]:
        return [plan_dossier(society_id) for society_id in society_ids]

    # The snapshots are read lane by lane, the lanes side by side: each on its own budget.
    by_lane: dict[int, list[int]] = {}
    for society_id in routing.views:
        by_lane.setdefault(id(lanes.for_dossier(society_id)), []).append(society_id)
    planned = {part.dossier.society_id: part for parts in _side_by_side(plan_lane, list(by_lane.values()),
                                                                            lanes.concurrency) for part in parts}
    parts = [planned[society_id] for society_id in routing.views]
    return ImportPlan(parts, _unrouted_rows(routing), lanes, routing.multi, validation)


def _side_by_side(work: Callable[[_T], _R], items: list[_T], concurrency: int) -> list[_R]:
    """work(item) for each item, up to `concurrency` at once (inline when there is only one)."""
    if len(items) <= 1 or concurrency <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(items)), thread_name_prefix="bulkio-lane") as pool:
        return list(pool.map(work, items))


def _route(validation: Validation, target: Target, lanes: Lanes) -> Routing:
    multi = names_a_dossier(validation)
    main = lanes.main
    directory = _directory(lanes) if multi or lanes.by_society else None
    default_id = default_dossier_id(target, main.token_kind if main else "firm", main.own_society if main else None,
                                    multi)
    if default_id is None and not multi:
        raise UsageError(t("multi.need_society"))
    default = None
    if default_id is not None:
        default = directory.get(default_id) if directory is not None else None
        default = default or Dossier(default_id)
    return route(validation, directory, default)


def _directory(lanes: Lanes) -> DossierDirectory:
    """The dossiers the run can reach: the firm's (one request), or each society token's own."""
    if lanes.main is not None and lanes.main.firm:
        directory = DossierDirectory.load(lanes.main.client, firm=True)
    else:
        directory = DossierDirectory({}, firm=False)
        if lanes.main is not None:
            directory.dossiers.update(DossierDirectory.load(lanes.main.client, firm=False).dossiers)
    for society_id, lane in lanes.by_society.items():
        if society_id not in directory.dossiers:
            directory.dossiers.update(DossierDirectory.load(lane.client, firm=False).dossiers)
    return directory


def _unrouted_rows(routing: Routing) -> list[PlannedRow]:
    by_sheet: dict[int, tuple[SheetValidation, list]] = {}
    for sheet, record in routing.unrouted:
        by_sheet.setdefault(id(sheet), (sheet, []))[1].append(record)
    rows: list[PlannedRow] = []
    for sheet, records in by_sheet.values():
        rows.extend(invalid_rows(sheet.spec.kind, SheetValidation(sheet.sheet, records)))
    return rows
