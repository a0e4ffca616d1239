"""How the Comptes spec meets the API: snapshot, number normalisation, diff, create/update, read-back.

Reads: `GET /society/accountingParameters` (how the dossier pads numbers) and one
`GET /account/v2?details=true&counterpart=true&vat=true` for the whole plan. Creates go through the
find-or-create `POST /account`; updates through the full-replace `PUT /account` (firm token only), built
from the remote record so that fields bulkio does not manage are sent back unchanged. A field that record does
not carry is read per account, or the update is blocked (full_replace.py): an update never sends a field it did
not read.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.entities import full_replace
from bulkio.entities.full_replace import INFO_FIELDS, SNAPSHOT_PARAMS, TOP_FIELDS
from bulkio.entities.paths import get_path, set_path
from bulkio.i18n import register, t, yes_no
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, Change, PlannedRow, RunContext, StepLog, blocked, diff_row, invalid_rows, reject
from bulkio.spec.api_rules import DEFAULT_NUMBERING, Numbering, bic_without_iban
from bulkio.spec.comptes import COMPTES
from bulkio.spec.model import CLEAR, Column, Kind
from bulkio.validate import RowRecord, SheetValidation, Validation

register(
    {
        "comptes.update_needs_firm": {
            "fr": "la mise à jour d'un compte existant exige un jeton cabinet (PUT /account) : utilisez un jeton "
            "cabinet ou retirez cette ligne.",
            "en": "updating an existing account needs a firm token (PUT /account): use a firm token or remove "
            "this row.",
        },
        "comptes.analytics_needs_firm": {
            "fr": "« Analytique » ne peut être posé que par une mise à jour, qui exige un jeton cabinet : "
            "laissez la cellule vide ou utilisez un jeton cabinet.",
            "en": "'Analytics' can only be set through an update, which needs a firm token: leave the cell empty "
            "or use a firm token.",
        },
        "comptes.unknown_counterpart": {
            "fr": "le compte de contrepartie « {value} » n'existe ni dans ce fichier ni dans MyUnisoft : "
            "ajoutez-le à la feuille Comptes ou corrigez le numéro.",
            "en": "counterpart account '{value}' exists neither in this file nor in MyUnisoft: add it to the "
            "Accounts sheet or fix the number.",
        },
        "comptes.bic_without_iban": {
            "fr": "le BIC « {value} » ne s'enregistre que sur un IBAN, et ce compte n'en a ni sur la ligne ni dans "
            "MyUnisoft (MyUnisoft laisserait le BIC de côté sans le dire) : renseignez l'IBAN sur la ligne, colonne "
            "« {iban} », ou videz la cellule du BIC.",
            "en": "BIC '{value}' is stored only with an IBAN, and this account has none, neither on the row nor in "
            "MyUnisoft (MyUnisoft would silently drop the BIC): fill in the IBAN on the row, column '{iban}', or "
            "empty the BIC cell.",
        },
        "comptes.created_not_updated": {"fr": "le compte est créé ; {blocked}",
                                        "en": "the account is created; {blocked}"},
        "comptes.counterpart_failed": {
            "fr": "le compte de contrepartie « {value} » n'a pas pu être créé : corrigez sa ligne puis relancez.",
            "en": "counterpart account '{value}' could not be created: fix its row and run again.",
        },
    }
)
UNREAD_FIELDS = "UNREAD_FIELDS"  # an update would send fields MyUnisoft did not return (full_replace.py)
_IBAN = COMPTES.column("iban")


@dataclass
class AccountsSnapshot:
    numbering: Numbering = DEFAULT_NUMBERING  # how the dossier stores numbers
    by_number: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Read paths the per-account read lacked as well (full_replace.complete): not asked again.
    unreadable: set[str] = field(default_factory=set)

    def normalise(self, number: str) -> str:
        """The number the API will store (spec/api_rules.py, as the sandbox): upper-cased, padded."""
        return self.numbering.stored(number.strip())

    def add(self, record: dict[str, Any]) -> None:
        self.by_number[str(record["account_number"]).upper()] = record

    def row_values(self, record: RowRecord) -> dict[str, Any]:
        """A valid row's values with its account numbers, its own and its counterpart's, as the API stores them."""
        values = dict(record.values)
        values["account_number"] = self.normalise(str(values["account_number"]))
        if isinstance(values.get("counterpart"), str):
            values["counterpart"] = self.normalise(values["counterpart"])
        return values


def read_numbering(client: MyUnisoftClient) -> Numbering:
    """How the dossier stores account numbers (1 request)."""
    return Numbering.from_parameters(client.get("/society/accountingParameters").data or {})


def load_snapshot(client: MyUnisoftClient, validation: Validation | None = None,
                  numbering: Numbering | None = None) -> AccountsSnapshot:
    """`numbering`: already read (the plan reads it first, to judge the workbook's duplicates with it)."""
    snapshot = AccountsSnapshot(numbering if numbering is not None else read_numbering(client))
    for record in client.get("/account/v2", SNAPSHOT_PARAMS).data or []:
        snapshot.add(record)
    if validation is not None:
        full_replace.complete(client, snapshot.by_number, _needing_reads(snapshot, validation), snapshot.unreadable)
    return snapshot


def _needing_reads(snapshot: AccountsSnapshot, validation: Validation) -> list[tuple[str, list[full_replace.Field]]]:
    """The existing accounts a row changes whose record lacks a field the full replace would send unread."""
    wanted = []
    for sheet in validation.sheets:
        for record in sheet.rows if sheet.spec.kind == COMPTES.kind else ():
            if not record.valid:
                continue
            values = snapshot.row_values(record)
            number = values["account_number"]
            existing = snapshot.by_number.get(number)
            if existing is not None and row_changes(values, existing):
                fields = full_replace.missing(existing, values)
                if fields:
                    wanted.append((number, fields))
    return wanted


def remote_value(column: Column, record: dict[str, Any]) -> Any:
    value = get_path(record, column.read) if column.read else None
    if column.kind is Kind.BOOL:
        return bool(value)
    if value in (None, ""):
        return None
    if column.kind is Kind.CHOICE:
        return value if column.choice_by_value(value) else None
    return str(value) if not isinstance(value, str) else value


def remote_row(record: dict[str, Any]) -> dict[str, Any]:
    return {c.key: remote_value(c, record) for c in COMPTES.columns if c.read}


def row_changes(values: dict[str, Any], record: dict[str, Any]) -> list[Change]:
    """What the row changes. A filled cell whose field the record does not carry is a change: its current value is
    unknown (an absent `analytics` is not a false one)."""
    changes = diff_row(COMPTES, values, remote_row(record))
    known = {change.key for change in changes}
    for column in COMPTES.columns:
        value = values.get(column.key)
        if value is None or column.key in known or column.key in COMPTES.natural_key or not column.write:
            continue
        if column.read and not full_replace.is_read(record, column.read):
            changes.append(Change(column.key, None, None if value is CLEAR else value))
    return changes


def display_value(column: Column, value: Any, lang: str = "fr") -> Any:
    """A remote value as the template shows it (labels for choices, Oui/Non for flags)."""
    if column.kind is Kind.BOOL:
        return yes_no(bool(value), lang)
    if column.kind is Kind.CHOICE and value is not None:
        choice = column.choice_by_value(value)
        return choice.label(lang) if choice else None
    return value


def export_rows(snapshot: AccountsSnapshot, lang: str = "fr") -> list[dict[str, Any]]:
    rows = []
    for number in sorted(snapshot.by_number):
        record = snapshot.by_number[number]
        values = remote_row(record)
        # A field the read did not carry is left empty (keep), not written "Non": re-imported, it must change nothing.
        rows.append({c.key: display_value(c, values.get(c.key), lang) if full_replace.is_read(record, c.read) else None
                     for c in COMPTES.columns if c.read})
    return rows


# --- plan --------------------------------------------------------------------------------------------


def plan_sheet(
    sheet: SheetValidation, snapshot: AccountsSnapshot, context: RunContext, validation: Validation
) -> list[PlannedRow]:
    for record in sheet.rows:
        if record.valid:
            _reject_bic_without_iban(sheet, record, snapshot.by_number.get(
                snapshot.normalise(str(record.values["account_number"]))))
    planned = list(invalid_rows(COMPTES.kind, sheet))
    valid = [r for r in sheet.rows if r.valid]
    in_workbook = {snapshot.normalise(str(r.values["account_number"])) for r in valid}
    for record in valid:
        values = snapshot.row_values(record)
        number = values["account_number"]
        counterpart = values.get("counterpart")
        if isinstance(counterpart, str) and counterpart not in snapshot.by_number and counterpart not in in_workbook:
            planned.append(blocked(COMPTES.kind, sheet, record, number, "UNKNOWN_COUNTERPART",
                                   t("comptes.unknown_counterpart", value=counterpart)))
            continue
        existing = snapshot.by_number.get(number)
        if existing is None:
            if values.get("analytics") is True and not context.firm:
                planned.append(blocked(COMPTES.kind, sheet, record, number, "ERR-FORBIDDEN-ROUTE",
                                       t("comptes.analytics_needs_firm")))
                continue
            planned.append(PlannedRow(COMPTES.kind, sheet.sheet.name, record.excel_row, number, Action.CREATE, values))
            continue
        changes = row_changes(values, existing)
        remote_id = str(existing.get("account_id", ""))
        unread = full_replace.missing(existing, values)
        if not changes:
            planned.append(PlannedRow(COMPTES.kind, sheet.sheet.name, record.excel_row, number, Action.UNCHANGED,
                                      values, remote_id=remote_id))
        elif not context.firm:
            row = blocked(COMPTES.kind, sheet, record, number, "ERR-FORBIDDEN-ROUTE", t("comptes.update_needs_firm"))
            row.changes, row.remote_id = changes, remote_id
            planned.append(row)
        elif unread:  # PUT /account would send these unread, i.e. clear them: never sent
            message = full_replace.blocked_message(unread, remote_id, [c.key for c in changes], sheet.sheet.headers)
            row = blocked(COMPTES.kind, sheet, record, number, UNREAD_FIELDS, message)
            row.changes, row.remote_id = changes, remote_id
            planned.append(row)
        else:
            planned.append(PlannedRow(COMPTES.kind, sheet.sheet.name, record.excel_row, number, Action.UPDATE,
                                      values, changes, remote_id))
    # Accounts named as counterparts are created first, so their ids exist when referenced.
    referenced = {r.values.get("counterpart") for r in planned}
    planned.sort(key=lambda r: (r.action is not Action.CREATE or r.natural_key not in referenced, r.excel_row))
    return planned


def _reject_bic_without_iban(sheet: SheetValidation, record: RowRecord, existing: dict[str, Any] | None) -> None:
    """A BIC with no IBAN to carry it, the row's or the account's (api_rules.bic_without_iban): an error on the BIC
    cell. With an IBAN in MyUnisoft, the BIC is that IBAN's (update_body)."""
    bic, iban = record.values.get("bic"), record.values.get("iban")
    if bic is None or bic is CLEAR:
        return
    if iban is None and existing is not None:
        iban = remote_value(_IBAN, existing)
    problem = bic_without_iban(bic, None if iban is CLEAR else iban)
    if problem is not None:
        reject(sheet, record, "bic", problem,
               t("comptes.bic_without_iban", value=bic, iban=sheet.sheet.headers.get("iban") or _IBAN.fr))


# --- push --------------------------------------------------------------------------------------------


def _write_value(column: Column, value: Any, snapshot: AccountsSnapshot) -> Any:
    if value is CLEAR:
        return False if column.kind is Kind.BOOL else None
    if column.reference == "account":
        target = snapshot.by_number.get(str(value))
        if target is None:
            raise LookupError(value)
        return target["account_id"]
    return value


def create_body(row: PlannedRow, snapshot: AccountsSnapshot) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for column in COMPTES.columns:
        if column.write and not column.update_only and column.key in row.values:
            value = row.values[column.key]
            if value is CLEAR:
                continue
            set_path(body, column.write, _write_value(column, value, snapshot))
    return body


def update_body(record: dict[str, Any], values: dict[str, Any], snapshot: AccountsSnapshot) -> dict[str, Any]:
    """The full PUT body: the remote record in write shape, with the row's non-empty cells on top."""
    body: dict[str, Any] = {"account_id": record["account_id"], "account_number": record["account_number"]}
    for put in (*TOP_FIELDS, *INFO_FIELDS):
        set_path(body, put.write, get_path(record, put.read))
    info: dict[str, Any] = body["complementary_info"]
    # Each item key by key as read (full_replace.ITEM_KEYS): the plan blocked any item that lacks one.
    for listed, keys in full_replace.ITEM_KEYS:
        info[listed.write.rsplit(".", 1)[-1]] = [
            {write: copy.deepcopy(item.get(read)) for write, read in keys}
            for item in (get_path(record, listed.read) or []) if isinstance(item, dict)
        ]
    for column in COMPTES.columns:
        if not column.write or column.key not in values or column.key in COMPTES.natural_key:
            continue
        value = values[column.key]
        if column.kind is Kind.IBAN and value is CLEAR:
            info["iban_list"] = info["iban_list"][1:]
            continue
        set_path(body, column.write, _write_value(column, value, snapshot))
    no_record = full_replace.is_read(record, f"{full_replace.CI}.id_info_compte_tiers") \
        and get_path(record, f"{full_replace.CI}.id_info_compte_tiers") is None
    if no_record and all(v in (None, "", False, []) for v in info.values()):
        del body["complementary_info"]  # the account has none and gets none: an empty one would be created
    return body


def execute(row: PlannedRow, client: MyUnisoftClient, snapshot: AccountsSnapshot, log: StepLog) -> RowOutcome:
    """Send the row's write. Raises ApiError; the caller handles ambiguity (see push.py)."""
    try:
        if row.action is Action.CREATE:
            landed = snapshot.by_number.get(row.natural_key)
            if landed is not None:
                # The create landed in an earlier attempt whose answer was lost (confirm read it back): POSTing
                # again would re-send it; only what is still missing (the update-only fields) is sent.
                created, request_id = landed, ""
                needs_update = bool(row_changes(row.values, landed))
            else:
                response = client.post("/account", create_body(row, snapshot))
                created = response.data
                # What the answer shows, nothing more: later rows need its id; a retry reads the rest.
                snapshot.add({k: created.get(k) for k in ("account_id", "account_number", "label")})
                log("create", str(created["account_id"]))
                request_id = response.request_id
                needs_update = any(c.update_only and row.values.get(c.key) not in (None, CLEAR, False)
                                   for c in COMPTES.columns)
            if needs_update:
                # PUT /account replaces the whole account: it is built from the new account as read, never from
                # the row (a field the POST did not set has the API's default, which only a read tells).
                record = _read_created(client, snapshot, created, row.values)
                unread = full_replace.missing(record, row.values)
                if unread:
                    changed = [c.key for c in COMPTES.columns if c.update_only and row.values.get(c.key) is not None]
                    message = t("comptes.created_not_updated", blocked=full_replace.blocked_message(
                        unread, created["account_id"], changed, {}))
                    return RowOutcome(Status.ERROR, message, UNREAD_FIELDS, str(created["account_id"]), request_id)
                response = client.put("/account", update_body(record, row.values, snapshot))
                request_id = response.request_id
                if isinstance(response.data, dict) and response.data.get("account_id"):
                    snapshot.add(_merge(record, response.data))
                log("update", str(created["account_id"]))
            return RowOutcome(Status.CREATED, remote_id=str(created["account_id"]), request_id=request_id)
        record = snapshot.by_number[row.natural_key]
        unread = full_replace.missing(record, row.values)
        if unread:  # the plan blocks these rows; a record re-read since then may carry less
            message = full_replace.blocked_message(unread, row.remote_id, [c.key for c in row.changes], {})
            return RowOutcome(Status.ERROR, message, UNREAD_FIELDS)
        response = client.put("/account", update_body(record, row.values, snapshot))
        if isinstance(response.data, dict) and response.data.get("account_id"):
            snapshot.add(_merge(record, response.data))
        message = row.describe_changes()
        return RowOutcome(Status.UPDATED, message=message, remote_id=row.remote_id, request_id=response.request_id)
    except LookupError as missing:
        return RowOutcome(Status.ERROR, t("comptes.counterpart_failed", value=missing.args[0]), "UNKNOWN_COUNTERPART")


def confirm(row: PlannedRow, client: MyUnisoftClient, snapshot: AccountsSnapshot) -> RowOutcome | None:
    """Read back after an ambiguous failure: the outcome if the write landed, None if it did not."""
    found = [
        r for r in client.get("/account/v2", {"begin_by": row.natural_key, **SNAPSHOT_PARAMS}).data or []
        if str(r.get("account_number", "")).upper() == row.natural_key
    ]
    if not found:
        return None
    known = snapshot.by_number.get(row.natural_key)
    record = full_replace.fill(known, found[0]) if known else found[0]  # keep what this read may not carry
    snapshot.add(record)
    if row_changes(row.values, record):
        return None
    return row.landed(str(record.get("account_id", "")))


def _read_created(client: MyUnisoftClient, snapshot: AccountsSnapshot, created: dict[str, Any],
                  values: dict[str, Any]) -> dict[str, Any]:
    """The account just created, as the per-account route reads it (full_replace.read_one), kept in the snapshot.
    Not read when that route is known not to give a field the PUT needs (full_replace.complete): the row is
    blocked whatever it answers."""
    known = snapshot.by_number.get(str(created["account_number"]).upper()) or created
    needed = {f.read for f in full_replace.missing(known, values)}
    if not needed or full_replace.UNAVAILABLE in snapshot.unreadable or needed & snapshot.unreadable:
        return known
    fresh = full_replace.read_one(client, created["account_id"])
    if fresh is None:
        snapshot.unreadable.add(full_replace.UNAVAILABLE)
        return known
    record = full_replace.fill(known, fresh)
    snapshot.unreadable.update(f.read for f in full_replace.unread(record))
    snapshot.add(record)
    return record


def _merge(record: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    merged = dict(record)
    merged.update({k: v for k, v in fresh.items() if k != "complementary_informations"})
    return merged
