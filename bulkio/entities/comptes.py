"""How the Comptes spec meets the API: snapshot, number normalisation, diff, create/update, read-back.

Reads: `GET /society/accountingParameters` (how the dossier pads numbers) and one
`GET /account/v2?details=true&counterpart=true&vat=true` for the whole plan. Creates go through the
find-or-create `POST /account`; updates through the full-replace `PUT /account` (firm token only), built
from the remote record so that fields bulkio does not manage are sent back unchanged.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.entities.paths import get_path, set_path
from bulkio.i18n import register, t, yes_no
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, PlannedRow, RunContext, StepLog, blocked, diff_row, invalid_rows
from bulkio.spec.api_rules import DEFAULT_NUMBERING, Numbering
from bulkio.spec.comptes import COMPTES
from bulkio.spec.model import CLEAR, Column, Kind
from bulkio.validate import SheetValidation, Validation
from bulkio.validate.duplicates import flag_duplicates

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
        "comptes.counterpart_failed": {
            "fr": "le compte de contrepartie « {value} » n'a pas pu être créé : corrigez sa ligne puis relancez.",
            "en": "counterpart account '{value}' could not be created: fix its row and run again.",
        },
    }
)

# Every field PUT /account accepts, with where its current value is read: a full replace must send them
# all, or the fields bulkio does not manage would be reset.
_PUT_FIELDS: tuple[tuple[str, str], ...] = (
    ("label", "label"),
    ("analytics", "analytics"),
    ("intraco_account", "intraco"),
    ("btp_autoliquidation", "btp_autoliquidation"),
    ("exoneration", "exoneration"),
    ("das_2", "das_2"),
    ("provider", "presta"),
    ("ocr_autovalidation", "ocr_autovalidation"),
    ("ocr_threshold", "ocr_threshold"),
    ("vat_param_id", "param_vat_id"),
    ("counterpart_account_id", "counterpart_account.account_id"),
)
_CI = "complementary_informations."
_PUT_INFO_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "name"), ("siren", "siren"), ("id_ape", "ape.id"), ("is_foreign", "is_foreign"),
    ("person_in_charge", "person_in_charge"), ("profession", "profession"),
    ("repetition_index", "indice_repetition"), ("way_type_id", "typevoie.id_type_voie"),
    ("address", "address"), ("address_number", "address_number"), ("address_complement", "address_complement"),
    ("postal_code", "postal_code"), ("city", "city"), ("id_country", "id_country"),
    ("contact_lastname", "contact_lastname"), ("contact_firstname", "contact_firstname"),
    ("function", "function"), ("tel", "tel"), ("tel2", "tel2"), ("email", "email"),
    ("id_payment_deadline", "id_payment_deadline"), ("payment_type_id", "payment_type_id"),
    ("misc_referent", "misc_referent"), ("misc_group", "misc_group"), ("misc_doubtful_id", "misc_doubtful_id"),
    ("misc_language_id", "misc_language_id"), ("misc_archived", "misc_archived"),
)
SNAPSHOT_PARAMS = {"details": "true", "counterpart": "true", "vat": "true"}


@dataclass
class AccountsSnapshot:
    max_general: int = DEFAULT_NUMBERING.max_general
    auto_complete: bool = DEFAULT_NUMBERING.auto_complete
    by_number: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The plan judged the workbook's Comptes rows with this dossier's numbering (duplicates.py).
    duplicates_judged: bool = False

    @property
    def numbering(self) -> Numbering:
        return Numbering(self.max_general, self.auto_complete)

    def normalise(self, number: str) -> str:
        """The number the API will store (spec/api_rules.py, as the sandbox): upper-cased, padded."""
        return self.numbering.stored(number.strip())

    def add(self, record: dict[str, Any]) -> None:
        self.by_number[str(record["account_number"]).upper()] = record


def load_snapshot(client: MyUnisoftClient, validation: Validation | None = None) -> AccountsSnapshot:
    numbering = Numbering.from_parameters(client.get("/society/accountingParameters").data or {})
    snapshot = AccountsSnapshot(max_general=numbering.max_general, auto_complete=numbering.auto_complete)
    for record in client.get("/account/v2", SNAPSHOT_PARAMS).data or []:
        snapshot.add(record)
    return snapshot


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
        values = remote_row(snapshot.by_number[number])
        rows.append({c.key: display_value(c, values.get(c.key), lang) for c in COMPTES.columns if c.read})
    return rows


# --- plan --------------------------------------------------------------------------------------------


def plan_sheet(
    sheet: SheetValidation, snapshot: AccountsSnapshot, context: RunContext, validation: Validation
) -> list[PlannedRow]:
    if not snapshot.duplicates_judged:
        # `validate` judged duplicates with the default padding; this dossier's may differ (and a second row on
        # one stored number, on any Comptes sheet, must not become a second write to one account).
        flag_duplicates(validation.sheets, snapshot.numbering, kinds={COMPTES.kind}, again=True)
        snapshot.duplicates_judged = True
    planned = list(invalid_rows(COMPTES.kind, sheet))
    valid = [r for r in sheet.rows if r.valid]
    in_workbook = {snapshot.normalise(str(r.values["account_number"])) for r in valid}
    for record in valid:
        values = dict(record.values)
        number = snapshot.normalise(str(values["account_number"]))
        values["account_number"] = number
        counterpart = values.get("counterpart")
        if isinstance(counterpart, str):
            counterpart = values["counterpart"] = snapshot.normalise(counterpart)
            if counterpart not in snapshot.by_number and counterpart not in in_workbook:
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
        changes = diff_row(COMPTES, values, remote_row(existing))
        remote_id = str(existing.get("account_id", ""))
        if not changes:
            planned.append(PlannedRow(COMPTES.kind, sheet.sheet.name, record.excel_row, number, Action.UNCHANGED,
                                      values, remote_id=remote_id))
        elif not context.firm:
            row = blocked(COMPTES.kind, sheet, record, number, "ERR-FORBIDDEN-ROUTE", t("comptes.update_needs_firm"))
            row.changes, row.remote_id = changes, remote_id
            planned.append(row)
        else:
            planned.append(PlannedRow(COMPTES.kind, sheet.sheet.name, record.excel_row, number, Action.UPDATE,
                                      values, changes, remote_id))
    # Accounts named as counterparts are created first, so their ids exist when referenced.
    referenced = {r.values.get("counterpart") for r in planned}
    planned.sort(key=lambda r: (r.action is not Action.CREATE or r.natural_key not in referenced, r.excel_row))
    return planned


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
    for write, read in _PUT_FIELDS:
        body[write] = get_path(record, read)
    info: dict[str, Any] = {w: get_path(record, _CI + r) for w, r in _PUT_INFO_FIELDS}
    info["contact_list"] = copy.deepcopy(get_path(record, _CI + "contact_list") or [])
    info["iban_list"] = [
        {"id": i.get("id_iban_compte_tiers"), "iban": i.get("iban"), "bic": i.get("bic"), "rum": i.get("rum")}
        for i in (get_path(record, _CI + "iban_list") or [])
    ]
    body["complementary_info"] = info
    for column in COMPTES.columns:
        if not column.write or column.key not in values or column.key in COMPTES.natural_key:
            continue
        value = values[column.key]
        if column.kind is Kind.IBAN and value is CLEAR:
            info["iban_list"] = info["iban_list"][1:]
            continue
        set_path(body, column.write, _write_value(column, value, snapshot))
    return body


def execute(row: PlannedRow, client: MyUnisoftClient, snapshot: AccountsSnapshot, log: StepLog) -> RowOutcome:
    """Send the row's write. Raises ApiError; the caller handles ambiguity (see push.py)."""
    try:
        if row.action is Action.CREATE:
            landed = snapshot.by_number.get(row.natural_key)
            if landed is not None:
                # The create landed in an earlier attempt whose answer was lost (confirm read it back): POSTing
                # again would re-send it; only what is still missing (the update-only fields) is sent.
                created, record, request_id = landed, landed, ""
                needs_update = bool(diff_row(COMPTES, row.values, remote_row(landed)))
            else:
                response = client.post("/account", create_body(row, snapshot))
                created = response.data
                record = _record_from_values(created, row.values)
                snapshot.add(record)
                log("create", str(created["account_id"]))
                request_id = response.request_id
                needs_update = any(c.update_only and row.values.get(c.key) not in (None, CLEAR, False)
                                   for c in COMPTES.columns)
            if needs_update:
                request_id = client.put("/account", update_body(record, row.values, snapshot)).request_id
                log("update", str(created["account_id"]))
            return RowOutcome(Status.CREATED, remote_id=str(created["account_id"]), request_id=request_id)
        record = snapshot.by_number[row.natural_key]
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
    record = found[0]
    snapshot.add(record)
    if diff_row(COMPTES, row.values, remote_row(record)):
        return None
    return row.landed(str(record.get("account_id", "")))


def _record_from_values(created: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A read-shaped record for a just-created account, so later rows can reference and update it."""
    record: dict[str, Any] = {"account_id": created["account_id"], "account_number": created["account_number"],
                              "label": created.get("label")}
    for column in COMPTES.columns:
        if column.read and column.key in values and column.key not in ("account_number", "label"):
            value = values[column.key]
            if column.reference or value is CLEAR:
                continue
            set_path(record, column.read, value)
    return record


def _merge(record: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    merged = dict(record)
    merged.update({k: v for k, v in fresh.items() if k != "complementary_informations"})
    return merged
