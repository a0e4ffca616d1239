"""Both sides of an audit in one form: typed values, normalised as the planner normalises them, and keyed.

The live side is what `bulkio export` writes (`handler.export_rows`), parsed back with the reader's own
cell rules (`normaliser_for` + `parse_cell`), so that an export audited against the dossier it came from
compares equal by construction. Both sides then go through the same per-column normalisation the planner
uses: account numbers padded as the dossier stores them (`AccountsSnapshot.normalise`), analytic
conditions by their roots (`condition_roots`, as `same_condition`), and `plan.comparable` for the rest.

Rows are matched on the spec's natural key; an associate's holder is resolved as the planner resolves it
(`resolve_person` / `resolve_company`), so a person written by name matches the link of their id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bulkio.entities import HANDLERS
from bulkio.entities.associate_links import links_of
from bulkio.entities.associates_refs import Holder, resolve_company, resolve_person
from bulkio.entities.associates_snapshot import PM, PP, AssociatesSnapshot
from bulkio.entities.comptes import AccountsSnapshot
from bulkio.i18n import register, t
from bulkio.spec import SPECS
from bulkio.spec.analytics import condition_roots
from bulkio.spec.model import CLEAR, Column
from bulkio.validate import RowRecord, SheetValidation
from bulkio.validate.values import CellError, parse_cell
from bulkio.workbook.cells import normaliser_for

register(
    {
        "audit.capital_older": {
            "fr": "MyUnisoft ne renvoie que le capital le plus récent (au {latest}) : cette ligne plus ancienne ne "
            "peut pas être comparée.",
            "en": "MyUnisoft returns only the latest capital (as of {latest}): this older row cannot be compared.",
        },
    }
)

Key = tuple[Any, ...]
NEVER_COMPARED = frozenset({"dossier"})
# Columns that identify the row (matched, never compared as fields), beyond the natural key.
IDENTITY: dict[str, frozenset[str]] = {
    "associes_pp": frozenset({"person_id", "last_name", "first_name"}),
    "associes_pm": frozenset({"company"}),
}
# Write-only columns: MyUnisoft never shows them, so there is nothing to compare them with.
WRITE_ONLY: dict[str, frozenset[str]] = {
    "associes_pp": frozenset({"effective_date"}),
    "associes_pm": frozenset({"effective_date"}),
}


@dataclass
class LiveRow:
    key: Key
    label: str
    values: dict[str, Any]  # typed and normalised


def compared_columns(kind: str, present: Sequence[str]) -> list[str]:
    """The columns of `kind` the workbook has and the audit compares, in spec order."""
    spec = SPECS[kind]
    skipped = NEVER_COMPARED | set(spec.natural_key) | IDENTITY.get(kind, frozenset()) \
        | WRITE_ONLY.get(kind, frozenset())
    return [c.key for c in spec.columns if c.key in present and c.key not in skipped]


def typed(column: Column, value: Any) -> Any:
    """A value as `bulkio export` writes it -> the value the reader and validation would make of it."""
    if value is None:
        return None
    text = normaliser_for(column)(value)
    if text is None:
        return None
    try:
        parsed = parse_cell(column, text)
    except CellError:
        return text
    return None if parsed is CLEAR else parsed


def iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


# --- per-column normalisation, the planner's ------------------------------------------------------


def _accounts(snapshot: Any) -> AccountsSnapshot | None:
    if isinstance(snapshot, AccountsSnapshot):
        return snapshot
    if isinstance(snapshot, AssociatesSnapshot):
        return snapshot.accounts
    return None


def _condition(value: Any) -> Any:
    return ";".join(condition_roots(value)) if isinstance(value, str) else value


# Account numbers as the dossier stores them: the planner pads the workbook's (never MyUnisoft's own).
ACCOUNT_COLUMNS = frozenset({("comptes", "account_number"), ("comptes", "counterpart"), ("associes_pp", "account"),
                             ("associes_pm", "account")})
# Analytic conditions compare by their roots, on both sides ('601, 602' is '601;602').
CONDITION_COLUMNS = frozenset({("sections", "account"), ("repartitions", "condition")})


def normaliser(kind: str, key: str, snapshot: Any, workbook: bool) -> Callable[[Any], Any]:
    accounts = _accounts(snapshot)
    if (kind, key) in ACCOUNT_COLUMNS and workbook and accounts is not None:
        return lambda v: accounts.normalise(v) if isinstance(v, str) else v
    if (kind, key) in CONDITION_COLUMNS:
        return _condition
    return lambda v: v.strip() if isinstance(v, str) else v


def normalise_values(kind: str, values: dict[str, Any], snapshot: Any, workbook: bool) -> dict[str, Any]:
    """Typed values -> compared values; '(vide)' is empty, like an empty cell."""
    out = {}
    for key, value in values.items():
        out[key] = None if value is None or value is CLEAR else normaliser(kind, key, snapshot, workbook)(value)
    return out


def key_label(key: Key) -> str:
    return "/".join(iso(part) for part in key)


# --- the live side ---------------------------------------------------------------------------------


def _person_name(snapshot: AssociatesSnapshot, person_id: int) -> str:
    person = snapshot.linked_persons.get(person_id) or (snapshot.persons or {}).get(person_id)
    return " ".join(f"{person.last_name} {person.first_name}".split()) if person else ""


def _company_name(snapshot: AssociatesSnapshot, company_id: int) -> str:
    company = {**snapshot.linked_companies, **snapshot.known_companies()}.get(company_id)
    return company.name if company else ""


def live_rows(kind: str, snapshot: Any, lang: str) -> list[LiveRow]:
    """Every live row of `kind`, as the export writes it, typed, normalised and keyed."""
    spec = SPECS[kind]
    exported = HANDLERS[kind].export_rows(snapshot, lang)
    rows = []
    if kind in ("associes_pp", "associes_pm"):
        links = links_of(snapshot, PP if kind == "associes_pp" else PM)
        for link, row in zip(links, exported, strict=True):  # the export writes one row per link, in this order
            values = normalise_values(kind, {c.key: typed(c, row.get(c.key)) for c in spec.columns}, snapshot,
                                      workbook=False)
            name = (_person_name if kind == "associes_pp" else _company_name)(snapshot, link.holder_id)
            rows.append(LiveRow((link.holder_id, link.start_date), f"{Holder(link.holder_id, name).label} "
                                f"{link.start_date}", values))
        return rows
    for row in exported:
        values = normalise_values(kind, {c.key: typed(c, row.get(c.key)) for c in spec.columns}, snapshot,
                                      workbook=False)
        key = tuple(iso(values[k]) if isinstance(values[k], date) else values[k] for k in spec.natural_key)
        rows.append(LiveRow(key, key_label(key), values))
    return rows


# --- the workbook side -----------------------------------------------------------------------------


def workbook_key(kind: str, sheet: SheetValidation, record: RowRecord, values: dict[str, Any],
                 snapshot: Any) -> tuple[Key, str] | None:
    """The row's natural key (normalised values), or None when it has none or its holder does not resolve
    (then the resolver has put an Issue on the record, as the planner would)."""
    spec = SPECS[kind]
    if kind in ("associes_pp", "associes_pm"):
        if values.get("start_date") is None or (kind == "associes_pm" and values.get("company") is None):
            return None
        resolve = resolve_person if kind == "associes_pp" else resolve_company
        holder = resolve(sheet, record, snapshot)
        if holder is None:
            return None
        start = iso(values["start_date"])
        return (holder.id, start), f"{holder.label} {start}"
    parts = [values.get(k) for k in spec.natural_key]
    if any(part is None for part in parts):
        return None
    key = tuple(iso(part) if isinstance(part, date) else part for part in parts)
    return key, key_label(key)


def not_comparable(kind: str, values: dict[str, Any], snapshot: Any) -> str:
    """Why a valid, keyed row cannot be compared at all ("" when it can)."""
    if kind == "capital" and isinstance(snapshot, AssociatesSnapshot) and snapshot.capital is not None:
        day = values.get("effective_date")
        if day is not None and iso(day) < snapshot.capital.date:
            return t("audit.capital_older", latest=snapshot.capital.date)
    return ""


def effective_values(kind: str, sheets: Sequence[SheetValidation]) -> Callable[[RowRecord], dict[str, Any]]:
    """A record's values as the audit reads them. A key's condition may be written on one of its rows only
    (the Répartitions contract): every row of the key takes it."""
    if kind != "repartitions":
        return lambda record: dict(record.values)
    conditions: dict[tuple[Any, Any], Any] = {}
    for sheet in sheets:
        for record in sheet.rows:
            group = (record.values.get("axe_code"), record.values.get("key"))
            if record.values.get("condition") is not None:
                conditions.setdefault(group, record.values["condition"])

    def values(record: RowRecord) -> dict[str, Any]:
        found = dict(record.values)
        if found.get("condition") is None:
            condition = conditions.get((found.get("axe_code"), found.get("key")))
            if condition is not None:
                found["condition"] = condition
        return found

    return values
