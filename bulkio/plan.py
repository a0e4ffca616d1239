"""Plan: take the remote snapshot, resolve references, and diff every valid row against it.

The plan is what the preview shows and what the push executes: one PlannedRow per input row, each with its
action (create, update, unchanged, blocked) and, for an update, the field changes old -> new.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from bulkio.errors import BulkioError
from bulkio.i18n import register, t
from bulkio.issues import Issue
from bulkio.outcome import RowOutcome, Status
from bulkio.spec.model import CLEAR, Column, EntitySpec, Kind
from bulkio.validate import RowRecord, SheetValidation, Validation


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"  # deliberately not sent (e.g. a capital row the API cannot read back): its message says why
    BLOCKED = "blocked"  # invalid, or cannot be done with this target: never sent

    def label(self, lang: str | None = None) -> str:
        return t(f"action.{self.value}", lang)


register(
    {
        "action.create": {"fr": "Création", "en": "Create"},
        "action.update": {"fr": "Mise à jour", "en": "Update"},
        "action.unchanged": {"fr": "Inchangé", "en": "Unchanged"},
        "action.skip": {"fr": "Ignoré", "en": "Skipped"},
        "action.blocked": {"fr": "Bloqué", "en": "Blocked"},
    }
)


@dataclass(frozen=True)
class Change:
    key: str
    old: Any
    new: Any


@dataclass(eq=False)  # identity: rows of a group refer to each other
class PlannedRow:
    kind: str
    sheet: str
    excel_row: int
    natural_key: str
    action: Action
    values: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    remote_id: str = ""
    error_code: str = ""
    message: str = ""
    # Rows written by one request share it (a key's rates): the same list on each, the lead first.
    group: list[PlannedRow] | None = None
    # What the planner worked out for the push (resolved references, who creates a default section, ...).
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def writes(self) -> bool:
        return self.action in (Action.CREATE, Action.UPDATE)

    @property
    def lead(self) -> PlannedRow:
        return self.group[0] if self.group else self

    def describe_changes(self) -> str:
        return ", ".join(f"{c.key}: {c.old!s} → {c.new!s}" for c in self.changes)

    def landed(self, remote_id: str, request_id: str = "", message: str = "") -> RowOutcome:
        """The outcome once this row's write is in MyUnisoft: created or updated, as planned."""
        status = Status.CREATED if self.action is Action.CREATE else Status.UPDATED
        return RowOutcome(status, message, remote_id=remote_id, request_id=request_id)


class DoubleWrite(BulkioError):
    """Two writes planned on one (kind, dossier, stored key): a planner's bug, caught before anything is sent and
    told in one sentence like any error of bulkio's, not as an unexpected one."""


register(
    {
        "plan.double_write": {
            "fr": "bulkio a planifié deux écritures sur le même enregistrement {kind} « {record} » du dossier "
            "{dossier} (feuille « {sheet} » ligne {row}, et feuille « {other_sheet} » ligne {other_row}), une erreur "
            "de bulkio qui aurait dû signaler un doublon : rien n'est envoyé ; signalez-la, et gardez une seule de "
            "ces lignes pour importer.",
            "en": "bulkio planned two writes to the same {kind} record '{record}' of dossier {dossier} (sheet "
            "'{sheet}' row {row}, and sheet '{other_sheet}' row {other_row}), a bug of bulkio's that should have "
            "reported a duplicate: nothing is sent; please report it, and keep only one of these rows to import.",
        },
    }
)


@dataclass
class RunContext:
    society_id: int | None
    token_kind: str  # "firm" or "api" (society token), from /key/info
    society_label: str = ""
    society: dict[str, Any] = field(default_factory=dict)  # the dossier as GET /society returns it

    @property
    def firm(self) -> bool:
        return self.token_kind == "firm"


@dataclass
class Plan:
    context: RunContext
    rows: list[PlannedRow]
    snapshots: dict[str, Any]  # by snapshot family ("comptes", "analytics", ...)
    # Dossier settings to change before any row is sent (e.g. {"analytics": True}): one PUT /society.
    society_changes: dict[str, Any] = field(default_factory=dict)
    # The headers as written in the file, by sheet then column key: what a refusal's message names.
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Never two writes to one record: the planners block a second row on one stored key (DUPLICATE); if
        one did not, the plan is refused here, before anything is sent."""
        writers: dict[tuple[str, str], PlannedRow] = {}
        for row in self.rows:
            if not row.writes or row.lead is not row:  # a group (a key's rates) is one write, sent by its lead
                continue
            first = writers.setdefault((row.kind, row.natural_key), row)
            if first is not row:
                raise DoubleWrite(t("plan.double_write", kind=row.kind, record=row.natural_key,
                                    dossier=self.context.society_label or self.context.society_id,
                                    sheet=first.sheet, row=first.excel_row, other_sheet=row.sheet,
                                    other_row=row.excel_row))

    def count(self, action: Action, kind: str | None = None) -> int:
        return sum(1 for r in self.rows if r.action is action and (kind is None or r.kind == kind))

    @property
    def writes(self) -> int:
        """Rows that will be written (a group written by one request counts each of its rows)."""
        return sum(1 for r in self.rows if r.writes)

    @property
    def requests(self) -> int:
        """Write requests at least: one per row or group, plus the dossier settings."""
        return sum(1 for r in self.rows if r.writes and r.lead is r) + bool(self.society_changes)


def comparable(column: Column, value: Any) -> Any:
    """Values as the diff compares them: empty and missing are the same; False is the default of a flag."""
    if value is CLEAR or value is None or value == "":
        return False if column.kind is Kind.BOOL else None
    if column.kind is Kind.CHOICE:
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def diff_row(spec: EntitySpec, values: Mapping[str, Any], remote: Mapping[str, Any]) -> list[Change]:
    """Changes a row asks for: its non-empty cells that differ from the remote row."""
    changes = []
    for column in spec.columns:
        if column.write is None or column.key in spec.natural_key or column.key not in values:
            continue
        new, old = values[column.key], remote.get(column.key)
        if comparable(column, new) != comparable(column, old):
            changes.append(Change(column.key, old, None if new is CLEAR else new))
    return changes


def blocked(kind: str, sheet: SheetValidation, record: RowRecord, key: str, code: str, message: str) -> PlannedRow:
    return PlannedRow(kind, sheet.sheet.name, record.excel_row, key, Action.BLOCKED, record.values,
                      error_code=code, message=message)


# Called by an entity's execute after each request that changed something: (step name, remote id). The
# journal keeps the steps, so a resumed run knows that a multi-request row (create then update) got halfway.
StepLog = Callable[[str, str], None]


# A planner turns one sheet into planned rows, given the family's snapshot, the context and the whole
# validation (for references to other sheets); see entities/.
Planner = Callable[[SheetValidation, Any, RunContext, Validation], list[PlannedRow]]


def planning_view(validation: Validation) -> Validation:
    """The rows as validated, with issue lists of their own: planning adds its findings (an unknown reference, a
    dossier spelt two ways) to this copy and never to the validation it was given, so a second plan of the same
    validation (analytics switched on, say) starts from the rows as validated, not as the first plan left them."""
    return Validation(validation.workbook, [
        SheetValidation(sheet.sheet, [replace(record, issues=list(record.issues)) for record in sheet.rows])
        for sheet in validation.sheets])


def reject(sheet: SheetValidation, record: RowRecord, key: str, code: str, message: str) -> None:
    """A problem found while planning (an unknown reference...): an Issue on the cell, like validation's."""
    header = sheet.sheet.headers.get(key) or sheet.spec.column(key).fr
    value = record.values.get(key)
    text = "" if value is None or value is CLEAR else str(value)
    record.issues.append(Issue(sheet.sheet.name, record.excel_row, header, text, code, message))


def invalid_rows(kind: str, sheet: SheetValidation) -> Sequence[PlannedRow]:
    """The rows a planner does not plan: skipped ones (hidden, the example) and invalid ones (blocked)."""
    out = []
    for record in sheet.rows:
        if record.skip is not None:
            out.append(PlannedRow(kind, sheet.sheet.name, record.excel_row, "", Action.SKIP, record.values,
                                  error_code=record.skip.code, message=record.skip.message))
        elif not record.valid:
            first = record.issues[0]
            out.append(blocked(kind, sheet, record, "", first.code,
                               "; ".join(f"{i.column}: {i.message}" for i in record.issues)))
    return out
