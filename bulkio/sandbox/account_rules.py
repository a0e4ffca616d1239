"""Validation of account writes (POST and PUT /account): number rules, flags, ids, complementary info.

Only *write* names are read (`provider`, `intraco_account`, `complementary_info`, `repetition_index`,
`way_type_id`, IBAN `id` on PUT...). A client sending a read name (`presta`, `intraco`...) gets it
silently ignored, as the reference's naming tables imply.
"""

from __future__ import annotations

from typing import Any

from bulkio.sandbox import account_store as db
from bulkio.sandbox.errors import ApiError, missing
from bulkio.sandbox.referentials import (
    APE_CODES,
    COUNTRIES,
    PAYMENT_DEADLINES,
    PAYMENT_TYPES,
    VAT_PARAMS,
    country_id,
)
from bulkio.sandbox.store import Store
from bulkio.spec.api_rules import (
    DEFAULT_NUMBERING,
    WAY_TYPE_IDS,
    Numbering,
    account_number_problem,
    bic_problem,
    compact_code,
    counterpart_problem,
    iban_problem,
    is_blank,
    siren_problem,
)

# Every demo dossier numbers as the reference's capture (§3.5); a dossier's record may say otherwise
# (`max_car_general_account`, `auto_complete_account`), as a real dossier's settings do.
MAX_CAR_GENERAL_ACCOUNT = DEFAULT_NUMBERING.max_general
MAX_CAR_THIRD_P_ACCOUNT = 10
AUTO_COMPLETE_ACCOUNT = DEFAULT_NUMBERING.auto_complete

POST_FLAGS = {"provider": "provider", "intraco_account": "intraco", "btp_autoliquidation": "btp_autoliquidation",
              "exoneration": "exoneration", "das_2": "das_2"}
PUT_FLAGS = {**POST_FLAGS, "analytics": "analytics", "ocr_autovalidation": "ocr_autovalidation"}

INFO_STRINGS = (
    "name", "siren", "person_in_charge", "profession", "contact_lastname", "contact_firstname", "function",
    "tel", "tel2", "email", "repetition_index", "address", "address_number", "address_complement",
    "postal_code", "city", "misc_referent", "misc_group",
)
INFO_BOOLS = ("is_foreign", "misc_archived")
_LANGUAGES = {1, 2, 3, 4, 999}


def numbering(store: Store, society_id: int) -> Numbering:
    """How the dossier pads numbers: its record's settings, else the demo's (6 digits, auto-complete on)."""
    society = store.society(society_id) or {}
    return Numbering(int(society.get("max_car_general_account") or MAX_CAR_GENERAL_ACCOUNT),
                     bool(society.get("auto_complete_account", AUTO_COMPLETE_ACCOUNT)))


def normalize_number(raw: Any, numbers: Numbering = DEFAULT_NUMBERING) -> str:
    """Account number as stored: the shared rules (spec/api_rules.py), then upper-cased and padded (Q16)."""
    if raw is None:
        raise ApiError("COMPTE3")
    if not isinstance(raw, str):
        raise ApiError("COMPTE1")
    problem = account_number_problem(raw)
    if problem is not None:
        raise ApiError(problem)
    return numbers.stored(raw)


def _bool(body: dict[str, Any], name: str) -> bool:
    value = body.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise missing(name)
    return value


def _opt_id(body: dict[str, Any], name: str) -> int | None:
    """An optional numeric id: null or "" mean none (the Postman example sends "" for unset ids)."""
    value = body.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise missing(name)
    return value


def _opt_str(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise missing(name)
    return value


def parse_label(raw: Any) -> str:
    if is_blank(raw):
        raise ApiError("COMPTE4")
    return str(raw)


def parse_write(
    store: Store,
    society_id: int,
    body: dict[str, Any],
    *,
    number: str,
    label: str,
    update_of: int | None = None,
) -> db.AccountWrite:
    """Everything but number and label (already checked). `update_of`: account id for PUT semantics."""
    flags_map = PUT_FLAGS if update_of is not None else POST_FLAGS
    write = db.AccountWrite(account_number=number, label=label)
    write.flags = {stored: _bool(body, name) for name, stored in flags_map.items()}
    if update_of is not None and body.get("ocr_threshold") not in (None, ""):
        threshold = body["ocr_threshold"]
        if isinstance(threshold, bool) or not isinstance(threshold, int | float):
            raise missing("ocr_threshold")
        write.ocr_threshold = threshold

    write.vat_param_id = _opt_id(body, "vat_param_id")
    if write.vat_param_id is not None:
        if write.vat_param_id not in VAT_PARAMS:
            raise missing("vat_param_id")
        if number[0] not in "267":
            raise ApiError("COMPTE24")

    write.counterpart_account_id = _opt_id(body, "counterpart_account_id")
    if write.counterpart_account_id is not None:
        counterpart = db.get_account(store, write.counterpart_account_id)
        if counterpart is None:
            raise ApiError("COMPTE2")
        if counterpart["society_id"] != society_id:
            raise ApiError("COMPTE5")
        problem = counterpart_problem(number, counterpart["account_number"])
        if problem is not None:
            raise ApiError(problem)

    info = body.get("complementary_info")
    if info is not None:
        if not isinstance(info, dict):
            raise missing("complementary_info")
        write.info = _parse_info(info, number)
        write.ibans = _parse_ibans(store, info.get("iban_list"), update_of)
        if update_of is not None:
            write.contacts = _parse_contacts(store, info.get("contact_list"), update_of)
    return write


def _parse_info(info: dict[str, Any], number: str) -> dict[str, Any]:
    data: dict[str, Any] = {name: _opt_str(info, name) for name in INFO_STRINGS}
    for name in INFO_BOOLS:
        data[name] = _bool(info, name)
    if data["siren"] is not None and siren_problem(data["siren"]):
        raise ApiError("SOCIETE18")
    way_type_id = _opt_id(info, "way_type_id")
    if way_type_id is not None and way_type_id not in WAY_TYPE_IDS:
        raise ApiError("ROADTYP1")
    data["way_type_id"] = way_type_id
    data["id_country"] = _opt_id(info, "id_country")
    if data["id_country"] is not None and data["id_country"] not in COUNTRIES:
        raise missing("id_country")
    country = _opt_str(info, "country")
    if data["id_country"] is None and country is not None:
        data["id_country"] = country_id(country)
        if data["id_country"] is None:
            raise missing("country")
    for name, table in (("id_ape", APE_CODES), ("payment_type_id", PAYMENT_TYPES),
                        ("id_payment_deadline", PAYMENT_DEADLINES)):
        data[name] = _opt_id(info, name)
        if data[name] is not None and data[name] not in table:
            raise missing(name)
    data["misc_language_id"] = _opt_id(info, "misc_language_id")
    if data["misc_language_id"] is not None and data["misc_language_id"] not in _LANGUAGES:
        raise missing("misc_language_id")
    data["misc_doubtful_id"] = _opt_id(info, "misc_doubtful_id")
    if data["misc_doubtful_id"] is not None and not number.startswith("41"):
        raise missing("misc_doubtful_id")
    return data


def _parse_ibans(store: Store, raw: Any, update_of: int | None) -> list[dict[str, Any]]:
    """POST items carry `id_iban_compte_tiers` (ignored: the account is new); PUT items carry `id`."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise missing("iban_list")
    known = db.iban_ids(store, update_of) if update_of is not None else set()
    result: list[dict[str, Any]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise missing("iban_list")
        iban = _opt_str(item, "iban")
        if iban is None:
            continue  # the Postman example sends one all-empty IBAN entry; it creates nothing
        iban = compact_code(iban)
        if iban_problem(iban):
            raise ApiError("IBAN1")
        bic = _opt_str(item, "bic")
        if bic is not None:
            bic = compact_code(bic)
            if bic_problem(bic):
                raise ApiError("BIC1")
        entry: dict[str, Any] = {"id": None, "iban": iban, "bic": bic}
        for name in ("etablissement", "rum", "rum_date_signature"):
            entry[name] = _opt_str(item, name)
        if update_of is not None:
            entry["id"] = _opt_id(item, "id")
            if entry["id"] is not None and entry["id"] not in known:
                raise ApiError("IBAN2")
        result.append(entry)
    return result


def _parse_contacts(store: Store, raw: Any, account_id: int) -> list[dict[str, Any]]:
    """Secondary contacts: id-less entries are created, unsent ids deleted (reference §4.5/§4.6)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise missing("contact_list")
    known = db.contact_ids(store, account_id)
    result: list[dict[str, Any]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise missing("contact_list")
        entry: dict[str, Any] = {name: _opt_str(item, name) for name in db.CONTACT_FIELDS}
        if entry["lastname"] is None:
            raise ApiError("COMPTE42")
        entry["id"] = _opt_id(item, "id_contact_compte_tiers")
        if entry["id"] is not None and entry["id"] not in known:
            raise missing("id_contact_compte_tiers")
        result.append(entry)
    return result
