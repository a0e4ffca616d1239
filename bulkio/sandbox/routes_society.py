"""Dossier routes: GET /society (list or one), GET /society/search, PUT /society[/:id_society],
GET /society/accountingParameters (reference §3)."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from bulkio.sandbox import account_rules as rules
from bulkio.sandbox import account_store as accounts
from bulkio.sandbox.errors import ApiError, missing
from bulkio.sandbox.referentials import APE_CODES, WAY_TYPES
from bulkio.sandbox.routing import ApiRoute, Ctx, Reply
from bulkio.sandbox.store import Store
from bulkio.spec.api_rules import WAY_TYPE_IDS

SORT_COLUMNS = ("name", "city", "ape", "siret", "status", "step", "folder_reference")
OWNER_COMPANY = {"id": 1, "label": "CABINET SANDBOX", "value": "CABINET SANDBOX"}


def _full_address(s: dict[str, Any]) -> str:
    parts = [s["address_number"], WAY_TYPES.get(s["road_type_id"] or -1), s["street_name"],
             s["postal_code"], s["city"], s["country"]]
    return " ".join(part for part in parts if part)


def list_item(s: dict[str, Any]) -> dict[str, Any]:
    """Item of the firm-level list (reference §3.1)."""
    ape = APE_CODES.get(s["ape_id"] or -1)
    return {
        "ape": None if ape is None else ape[0], "city": s["city"], "name": s["name"], "step": "",
        "insee": s["insee"], "siret": s["siret"], "status": "", "address": _full_address(s),
        "capital": s["capital"], "country": s["country"], "secured": s["secured"],
        "analytics": s["analytics"], "member_id": s["member_id"],
        "road_type": WAY_TYPES.get(s["road_type_id"] or -1), "complement": s["complement"],
        "coordonnee": [], "society_id": s["society_id"], "address_bis": s["address_bis"],
        "companyType": "", "mail_liasse": None, "postal_code": s["postal_code"], "safe_status": True,
        "street_name": s["street_name"], "address_number": s["address_number"],
        "enable_quantity": s["enable_quantity"], "id_type_company": s["id_type_company"],
        "folder_reference": s["folder_reference"],
    }


def detail(s: dict[str, Any]) -> dict[str, Any]:
    """One dossier (reference §3.2, shape of the Postman captures); also the PUT answer."""
    ape = APE_CODES.get(s["ape_id"] or -1)
    road = WAY_TYPES.get(s["road_type_id"] or -1)
    legal, vat = s["legal_form"], s["vat_regime"]
    return {
        "ape": None if ape is None else {"id": s["ape_id"], "label": ape[0], "value": ape[1]},
        "register": None,
        "legal_form": None if legal is None else dict(zip(("id", "label", "code"), legal, strict=True)),
        "road_type": None if road is None else {"id": s["road_type_id"], "label": road, "value": road},
        "owner_company": OWNER_COMPANY, "bilan": None, "impot": None,
        "vat_regime": None if vat is None else dict(zip(("id", "label", "value"), vat, strict=True)),
        "coordonnee": None, "footer": None,
        "city": None if s["city"] is None else {"label": s["city"], "value": s["city"]},
        "comment": s["comment"], "society_id": s["society_id"], "name": s["name"], "siret": s["siret"],
        "activity": s["activity"], "rof_tva": "", "rof_tdfc": "", "rof_cfe": "", "rof_cvae": "",
        "address_number": s["address_number"], "id_accountant": 1, "id_rm": 2, "id_collab": None,
        "accountant": {"id_ex": 1, "prenom": "Claire", "nom": "Durand"},
        "rm": {"id_ex": 2, "prenom": "Paul", "nom": "Bernard"}, "collab": None,
        "secured": s["secured"], "analytics": s["analytics"], "enable_quantity": s["enable_quantity"],
        "folder_reference": s["folder_reference"], "adherent_code": "", "formule_code": s["formule_code"],
        "safe_status": True, "logo": None, "address_bis": s["address_bis"], "street_name": s["street_name"],
        "complement": s["complement"], "postal_code": s["postal_code"], "country": s["country"],
        "address": _full_address(s), "id_centre_gestion": 0, "code_sheet_group": "",
        "registration_date": s["registration_date"], "close_entries_VAT": False,
        "id_type_company": s["id_type_company"], "id_parent_society": 0, "secondary_establishments": None,
        "date_engage_letter": "",
    }


def _by_siret(candidates: list[dict[str, Any]], siret: str) -> dict[str, Any]:
    """`?siret=`: a 14-digit SIRET (exact) or a 9-digit SIREN (dossiers of that company)."""
    if not re.fullmatch(r"\d{9}|\d{14}", siret):
        raise ApiError("SOCIETE11")
    found = [s for s in candidates if s["siret"] and (s["siret"] == siret or s["siret"][:9] == siret)]
    if not found:
        raise ApiError("SOCIETE16")
    if len(found) > 1:
        raise ApiError("SOCIETE17")
    return found[0]


def _sorted(items: list[dict[str, Any]], raw: str | None) -> list[dict[str, Any]]:
    if not raw:
        return items
    try:
        sort = json.loads(raw)
        column, direction = sort["column"], str(sort.get("direction", "asc")).lower()
    except (ValueError, TypeError, KeyError):
        raise missing("sort") from None
    if column not in SORT_COLUMNS or direction not in ("asc", "desc"):
        raise missing("sort")
    return sorted(items, key=lambda item: str(item[column] or "").lower(), reverse=direction == "desc")


def get_society(ctx: Ctx) -> Reply:
    siret = ctx.query.get("siret")
    if ctx.society_id is not None:
        society = ctx.store.society(ctx.society_id)
        assert society is not None
        return Reply(detail(_by_siret([society], siret) if siret is not None else society))
    societies = ctx.store.societies()
    if siret is not None:
        return Reply(detail(_by_siret(societies, siret)))
    q = (ctx.query.get("q") or "").lower()
    items = [list_item(s) for s in societies if q in s["name"].lower()]
    items = _sorted(items, ctx.query.get("sort"))
    return Reply({"row_numbers": len(items), "pages_number": None, "society_array": items})


def search_society(ctx: Ctx) -> Reply:
    reference = ctx.query.get("reference")
    if not reference:
        raise missing("reference")
    found = [s for s in ctx.store.societies() if s["folder_reference"] == reference]
    if not found:
        raise ApiError("SOCIETE16")
    if len(found) > 1:
        raise ApiError("SOCIETE17")
    return Reply({"name": found[0]["name"], "siret": found[0]["siret"], "society_id": found[0]["society_id"]})


def _text(body: dict[str, Any], name: str) -> str | None:
    value = body[name]
    if value is not None and not isinstance(value, str):
        raise missing(name)
    return value


def _registration_date(value: Any) -> str | None:
    if value in (None, ""):
        return None
    text = str(value)
    match = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", text)
    try:
        assert match is not None
        return date(*map(int, match.groups())).isoformat()
    except (AssertionError, ValueError):
        raise ApiError("GBL2") from None


def apply_update(store: Store, society: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Partial update with the write names of create_society.md; unknown keys are ignored."""
    updated = dict(society)
    if "name" in body:
        if not isinstance(body["name"], str) or not body["name"].strip():
            raise ApiError("SOCIETE4")
        updated["name"] = body["name"]
    for name in ("analytics", "enable_quantity"):
        if name in body:
            if not isinstance(body[name], bool):
                raise missing(name)
            updated[name] = body[name]
    for name in ("folder_reference", "comment", "activity", "address_number", "street_name", "complement",
                 "address_bis", "postal_code", "city", "country"):
        if name in body:
            updated[name] = _text(body, name)
    if "siret" in body:
        siret = _text(body, "siret") or None
        if siret is not None and not re.fullmatch(r"\d{9}|\d{14}", siret):
            raise ApiError("SOCIETE11")
        if siret and any(s["siret"] == siret and s["society_id"] != society["society_id"]
                         for s in store.societies()):
            raise ApiError("SOCIETE19")
        updated["siret"] = siret
    for name, valid, code in (("road_type_id", WAY_TYPE_IDS, "ROADTYP1"), ("ape_id", set(APE_CODES), "GBL10"),
                              ("id_type_company", set(range(1, 11)), "GBL10")):
        if name in body:
            value = body[name]
            if value is not None and (isinstance(value, bool) or value not in valid):
                raise ApiError(code, name) if code == "GBL10" else ApiError(code)
            updated[name] = value
    if "registration_date" in body:
        updated["registration_date"] = _registration_date(body["registration_date"])
    return updated


def _put(ctx: Ctx, society_id: int) -> Reply:
    body = ctx.json_object()
    society = ctx.store.society(society_id)
    assert society is not None
    updated = apply_update(ctx.store, society, body)
    with ctx.store.write() as conn:
        ctx.store.put_society(conn, updated)
    return Reply(detail(updated), writes=[f"society:{society_id}"])


def put_society_by_id(ctx: Ctx) -> Reply:
    raw = ctx.params["id_society"]
    if not raw.isdigit():
        raise missing("id_society")
    society_id = int(raw)
    if ctx.token.is_firm:
        if not ctx.store.society_exists(society_id):
            raise ApiError("DROIT1")
        if ctx.society_id is not None and ctx.society_id != society_id:
            raise ApiError("DROIT1")
    elif society_id != ctx.token.society_id:
        raise ApiError("DROIT1")
    return _put(ctx, society_id)


def put_society(ctx: Ctx) -> Reply:
    return _put(ctx, ctx.dossier)


def _ref(store: Store, society_id: int, number: str, with_label: bool = False) -> dict[str, Any] | None:
    acc = accounts.find_by_number(store, society_id, number)
    if acc is None:
        return None
    label = f"{number} - {acc['label']}" if with_label else number
    return {"id": acc["account_id"], "label": label}


def accounting_parameters(ctx: Ctx) -> Reply:
    """Shape of the Postman capture; the numbering settings drive POST /account's padding."""
    sid, store = ctx.dossier, ctx.store
    numbers = rules.numbering(store, sid)
    return Reply({
        "customer_waiting_account": "", "accounting_firm_waiting_account": "", "ics": "",
        "accounting_plan_id": -100,
        "max_car_third_p_account": rules.MAX_CAR_THIRD_P_ACCOUNT,
        "max_car_general_account": numbers.max_general,
        "auto_complete_account": numbers.auto_complete,
        "customer_payment_deadline_id": None, "provider_payment_deadline_id": None,
        "customer_reglement_type_id": None, "provider_reglement_type_id": None,
        "diary_purchases_id": None, "comptability_type_id": 1, "diary_sales_id": None,
        "expense_report_id": None, "enable_autolettering": True, "enable_RB_autoentries": True,
        "annual_depreciation_period": 360, "diary_dotation_id": None, "bank_reconciliation_state": True,
        "diary_interest_id": None, "account_interest_id": None, "maximum_difference_amount": 0.9,
        "comptability_type": {"id": 1, "label": "Engagement", "code": "ENGA"},
        "accounting_plan": {"id": -100, "label": "Etalon MYUNISOFT"},
        "customer_payment_deadline": None, "provider_payment_deadline": None,
        "customer_reglement_type": None, "provider_reglement_type": None,
        "diary_purchases": None, "diary_sales": None, "diary_dotation": None, "expense_report": None,
        "diary_interest": None, "diary_lettering": None, "diary_situation_id": None,
        "account_interest": None,
        "account_purchases": _ref(store, sid, "607000"),
        "account_sales": _ref(store, sid, "707000"),
        "account_expense_report": _ref(store, sid, "625600"),
        "account_income_lettering": _ref(store, sid, "758000", with_label=True),
        "account_expense_lettering": _ref(store, sid, "658000", with_label=True),
        "wallets": [{"id": 1, "label": "TOUTES"}],
    })


ROUTES: list[ApiRoute] = [
    ApiRoute("GET", "/society/search", search_society, scope="none", firm_only=True),
    ApiRoute("GET", "/society/accountingParameters", accounting_parameters),
    ApiRoute("GET", "/society", get_society, scope="optional"),
    ApiRoute("PUT", "/society", put_society, write=True),
    ApiRoute("PUT", "/society/:id_society", put_society_by_id, scope="optional", write=True),
]
