"""JSON shapes of accounts, route by route, with the read names the reference documents.

The same stored account reads differently on each route (reference §4.1-4.4): `presta`/`intraco`
instead of the written `provider`/`intraco_account`, `complementary_informations` with `indice_repetition`
and `way_type{way_type_id,label}` on mode=2 but `typevoie{lib,id_type_voie}` on /account/v2, etc.
"""

from __future__ import annotations

from typing import Any

from bulkio.sandbox import account_store as db
from bulkio.sandbox.referentials import (
    APE_CODES,
    PAYMENT_DEADLINES,
    PAYMENT_TYPES,
    VAT_EXIGIBILITIES,
    VAT_PARAMS,
    VAT_TYPES,
    WAY_TYPES,
)
from bulkio.sandbox.store import Store

# GET /account/v2 under the "capture" shape (docs/sandbox.md, "Account shapes"): the keys of the Postman capture
# "Account V2 - with details" (`account_id=999&details=true`). `details` adds `complementary_informations`
# only (no `analytics`, `society_id`, `ocr_threshold`, `ocr_autovalidation`), and that object lacks `tel2`,
# `is_foreign`, `contact_list` and every `misc_*` of the documentation page's example.
CAPTURE_INFO_KEYS = (
    "ape", "tel", "city", "name", "email", "siren", "address", "comment", "function", "lastname", "typevoie",
    "firstname", "iban_list", "id_country", "profession", "postal_code", "payment_type", "address_number",
    "payment_type_id", "amount_type_paid", "contact_lastname", "payment_deadline", "person_in_charge",
    "contact_firstname", "indice_repetition", "address_complement", "id_payment_deadline", "id_info_compte_tiers",
    "type_info_compte_tiers",
)


class Shaper:
    """Renders accounts of one dossier; caches look-ups (counterparts, VAT accounts) per request."""

    def __init__(self, store: Store, society_id: int) -> None:
        self.store = store
        self.society_id = society_id
        self._by_id: dict[int, dict[str, Any]] = {}
        self._by_number: dict[str, dict[str, Any] | None] = {}

    # -- look-ups ------------------------------------------------------------------------------
    def prefetch(self, accounts: list[dict[str, Any]]) -> None:
        ids = {acc["counterpart_account_id"] for acc in accounts if acc["counterpart_account_id"]}
        self._by_id.update(db.accounts_by_id(self.store, ids - set(self._by_id)))

    def _counterpart(self, acc: dict[str, Any]) -> dict[str, Any] | None:
        cp_id = acc["counterpart_account_id"]
        if cp_id is None:
            return None
        if cp_id not in self._by_id:
            self.prefetch([acc])
        return self._by_id.get(cp_id)

    def _account_ref(self, number: str) -> dict[str, Any] | None:
        if number not in self._by_number:
            self._by_number[number] = db.find_by_number(self.store, self.society_id, number)
        found = self._by_number[number]
        return None if found is None else short(found)

    def vat_param(self, vat_param_id: int | None) -> dict[str, Any] | None:
        if vat_param_id is None or vat_param_id not in VAT_PARAMS:
            return None
        spec = VAT_PARAMS[vat_param_id]
        vat_id, rate = spec["vat"]
        type_label, type_code = VAT_TYPES[spec["type"]]
        exig_label, exig_code = VAT_EXIGIBILITIES[spec["exig"]]
        return {
            "vat_param_id": vat_param_id,
            "code": spec["code"],
            "account_ded": self._account_ref(spec["ded"]),
            "account_coll": self._account_ref(spec["coll"]),
            "vat": {"id": vat_id, "rate": rate},
            "vat_type": {"id": spec["type"], "label": type_label, "code": type_code},
            "vat_exigility": {"id": spec["exig"], "label": exig_label, "code": exig_code},
            "blocked": False,
        }

    def counterpart_account(self, acc: dict[str, Any]) -> dict[str, Any] | None:
        cp = self._counterpart(acc)
        return None if cp is None else short(cp)

    def counterpart_array(self, acc: dict[str, Any]) -> list[dict[str, Any]] | None:
        cp = self._counterpart(acc)
        if cp is None:
            return None
        line = {"label": cp["label"], "num_ordre": 1, "vat_param": self.vat_param(cp["vat_param_id"])}
        return [{**line, "account_id": cp["account_id"], "account_number": cp["account_number"]}]

    # -- GET /account?mode=1 -------------------------------------------------------------------
    def mode1(self, acc: dict[str, Any]) -> dict[str, Any]:
        item = short(acc)
        if acc["counterpart_account_id"] is not None and self._counterpart(acc) is not None:
            item["counterpart_account"] = self.counterpart_account(acc)
            item["array_counterpart_account"] = self.counterpart_array(acc)
        return item

    # -- GET /account?mode=2 -------------------------------------------------------------------
    def mode2_row(self, row_number: int, acc: dict[str, Any], details: db.Details) -> dict[str, Any]:
        """List item: no society_id/exoneration/closed/array_counterpart_account, info null if none."""
        return {
            "row_number": row_number,
            "account_id": acc["account_id"],
            "account_number": acc["account_number"],
            "label": acc["label"],
            "solde": number(acc["solde"]),
            "sens": sens(acc["solde"]),
            "comment": acc["comment"] or "",
            "intraco": acc["intraco"],
            "btp_autoliquidation": acc["btp_autoliquidation"],
            "presta": acc["provider"],
            "das_2": acc["das_2"],
            "blocked": acc["blocked"],
            "vat_param": self.vat_param(acc["vat_param_id"]),
            "counterpart_account": self.counterpart_account(acc),
            "complementary_informations": None if details.info is None and not details.ibans
            else info_mode2(details),
        }

    def mode2_full(self, acc: dict[str, Any], details: db.Details) -> dict[str, Any]:
        """Item of the by-id / by-number answers (and of PUT /account)."""
        return {
            "account_id": acc["account_id"],
            "society_id": acc["society_id"],
            "account_number": acc["account_number"],
            "label": acc["label"],
            "solde": number(acc["solde"]),
            "sens": sens(acc["solde"]),
            "comment": acc["comment"] or "",
            "intraco": acc["intraco"],
            "btp_autoliquidation": acc["btp_autoliquidation"],
            "presta": acc["provider"],
            "exoneration": acc["exoneration"],
            "das_2": acc["das_2"],
            "closed": acc["closed"],
            "blocked": acc["blocked"],
            "vat_param": self.vat_param(acc["vat_param_id"]),
            "counterpart_account": self.counterpart_account(acc),
            "array_counterpart_account": self.counterpart_array(acc),
            "complementary_informations": info_mode2(details),
        }

    # -- GET /account/v2 -----------------------------------------------------------------------
    def v2(self, acc: dict[str, Any], flags: set[str], details: db.Details | None,
           shape: str = "docs") -> dict[str, Any]:
        """`shape` "docs" (the documentation page's example) or "capture" (the Postman captures' keys)."""
        cp = self._counterpart(acc)
        vat = VAT_PARAMS.get(acc["vat_param_id"] or -1)
        item: dict[str, Any] = {
            "account_id": acc["account_id"],
            "account_number": acc["account_number"],
            "label": acc["label"],
            "closed": acc["closed"],
            "das_2": acc["das_2"],
            "presta": acc["provider"],
            "intraco": acc["intraco"],
            "exoneration": acc["exoneration"],
            "btp_autoliquidation": acc["btp_autoliquidation"],
            "comment": acc["comment"],
            "id_tva": None if vat is None else vat["vat"][0],
            "param_vat_id": acc["vat_param_id"],
            "id_compte_contrepart": None if cp is None else cp["account_id"],
            "correspondance_label": None,
            "correspondance_no_compte": None,
        }
        if "details" in flags and shape == "capture":
            info = info_v2(details or db.Details())
            item["complementary_informations"] = {key: info[key] for key in CAPTURE_INFO_KEYS}
        elif "details" in flags:
            item["analytics"] = acc["analytics"]
            item["society_id"] = acc["society_id"]
            item["ocr_threshold"] = number(acc["ocr_threshold"])
            item["ocr_autovalidation"] = acc["ocr_autovalidation"]
            item["complementary_informations"] = info_v2(details or db.Details())
        if "compta" in flags:
            item.update(sens=sens(acc["solde"]), solde=number(acc["solde"]), blocked=acc["blocked"])
        if "vat" in flags:
            item["vat_param"] = self.vat_param(acc["vat_param_id"])
        if "counterpart" in flags:
            item["counterpart_account"] = self.counterpart_account(acc)
            item["array_counterpart_account"] = self.counterpart_array(acc)
        if "quantity" in flags:
            item["quantities"] = None
        return item

    # -- POST /account -------------------------------------------------------------------------
    def upsert_answer(self, acc: dict[str, Any]) -> dict[str, Any]:
        """`counterpart_account` for 40x/41x accounts, `array_counterpart_account` (list) otherwise."""
        item = short(acc)
        if acc["account_number"].startswith(("40", "41")):
            item["counterpart_account"] = self.counterpart_account(acc)
        else:
            item["array_counterpart_account"] = self.counterpart_array(acc) or []
        return item


def short(acc: dict[str, Any]) -> dict[str, Any]:
    return {"account_id": acc["account_id"], "account_number": acc["account_number"], "label": acc["label"]}


def number(value: float) -> int | float:
    """0.0 -> 0 (the captures show integral amounts without a fraction)."""
    return int(value) if float(value).is_integer() else value


def sens(solde: float) -> str:
    """Balance side: "" when zero [INF], D for a debit balance, C for a credit one."""
    if not solde:
        return ""
    return "D" if solde > 0 else "C"


def _ape(info: dict[str, Any]) -> dict[str, Any] | None:
    ape_id = info.get("id_ape")
    if ape_id not in APE_CODES:
        return None
    code, label = APE_CODES[ape_id]
    return {"id": ape_id, "value": code, "label": f"{code}-{label}", "info": label}


def _payment_type(info: dict[str, Any]) -> dict[str, Any] | None:
    type_id = info.get("payment_type_id")
    if type_id not in PAYMENT_TYPES:
        return None
    code, label = PAYMENT_TYPES[type_id]
    return {"payment_type_id": type_id, "label": label, "code": code}


def _deadline(info: dict[str, Any]) -> dict[str, Any] | None:
    deadline_id = info.get("id_payment_deadline")
    if deadline_id not in PAYMENT_DEADLINES:
        return None
    label, days, end_month = PAYMENT_DEADLINES[deadline_id]
    return {
        "id_payment_deadline": deadline_id, "label": label, "number_of_days": days,
        "end_month": end_month, "day_number": None,
    }


def info_mode2(details: db.Details) -> dict[str, Any]:
    """`complementary_informations` of GET /account?mode=2 (null-filled when the account has none)."""
    info = details.info or {}
    way_id = info.get("way_type_id")
    return {
        "id_info_compte_tiers": details.id_info,
        "person_in_charge": info.get("person_in_charge"),
        "address_number": info.get("address_number"),
        "indice_repetition": info.get("repetition_index"),
        "address": info.get("address"),
        "address_complement": info.get("address_complement"),
        "postal_code": info.get("postal_code"),
        "city": info.get("city"),
        "siren": info.get("siren"),
        "name": info.get("name"),
        "contact_lastname": info.get("contact_lastname"),
        "contact_firstname": info.get("contact_firstname"),
        "function": info.get("function"),
        "tel": info.get("tel"),
        "email": info.get("email"),
        "comment": None,
        "profession": info.get("profession"),
        "firstname": None,
        "lastname": None,
        "type_info_compte_tiers": None,
        "iban_list": [
            {
                "id_iban_compte_tiers": iban["id_iban_compte_tiers"], "iban": iban["iban"],
                "bic": iban["bic"], "etablissement": iban["etablissement"],
                "rum_date_signature": iban["rum_date_signature"],
            }
            for iban in details.ibans
        ],
        "way_type": None if way_id not in WAY_TYPES else {"way_type_id": way_id, "label": WAY_TYPES[way_id]},
        "amount_type_paid": None,
        "ape": _ape(info),
        "payment_deadline": _deadline(info),
        "id_payment_deadline": info.get("id_payment_deadline"),
        "payment_type_id": info.get("payment_type_id"),
        "payment_type": _payment_type(info),
    }


def info_v2(details: db.Details) -> dict[str, Any]:
    """`complementary_informations` of GET /account/v2?details=true (null-filled when none)."""
    info = details.info or {}
    way_id = info.get("way_type_id")
    return {
        "ape": _ape(info),
        "tel": info.get("tel"),
        "city": info.get("city"),
        "name": info.get("name"),
        "tel2": info.get("tel2"),
        "email": info.get("email"),
        "siren": info.get("siren"),
        "address": info.get("address"),
        "comment": None,
        "function": info.get("function"),
        "lastname": None,
        "typevoie": None if way_id not in WAY_TYPES else {"lib": WAY_TYPES[way_id], "id_type_voie": way_id},
        "firstname": None,
        "iban_list": [
            {
                "bic": iban["bic"], "rum": iban["rum"], "iban": iban["iban"], "document": None,
                "first_prlv": bool(iban["first_prlv"]), "etablissement": iban["etablissement"],
                "rum_date_signature": iban["rum_date_signature"],
                "id_iban_compte_tiers": iban["id_iban_compte_tiers"],
            }
            for iban in details.ibans
        ],
        "id_country": info.get("id_country"),
        "is_foreign": bool(info.get("is_foreign", False)),
        "misc_group": info.get("misc_group"),
        "profession": info.get("profession"),
        "postal_code": info.get("postal_code"),
        "contact_list": [
            {
                "tel1": c["tel1"], "tel2": c["tel2"], "email": c["email"], "ordre": c["ordre"],
                "lastname": c["lastname"], "firstname": c["firstname"], "function": c["function"],
                "id_contact_compte_tiers": c["id_contact_compte_tiers"],
            }
            for c in details.contacts
        ],
        "payment_type": _payment_type(info),
        "misc_archived": bool(info.get("misc_archived", False)),
        "misc_referent": info.get("misc_referent"),
        "address_number": info.get("address_number"),
        "payment_type_id": info.get("payment_type_id"),
        "amount_type_paid": None,
        "contact_lastname": info.get("contact_lastname"),
        "misc_doubtful_id": info.get("misc_doubtful_id"),
        "misc_language_id": info.get("misc_language_id"),
        "payment_deadline": _deadline(info),
        "person_in_charge": info.get("person_in_charge"),
        "contact_firstname": info.get("contact_firstname"),
        "indice_repetition": info.get("repetition_index"),
        "address_complement": info.get("address_complement"),
        "id_payment_deadline": info.get("id_payment_deadline"),
        "id_info_compte_tiers": details.id_info,
        "type_info_compte_tiers": None,
    }
