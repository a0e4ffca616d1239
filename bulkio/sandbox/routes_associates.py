"""Capital, associates and natural persons (reference §6, §9, §10 Q12-Q14, Q22-Q24):
GET /society/:id_society/associate, POST /society/capital, POST /associate/natural_person,
POST /associate/legal_entity, GET /pers_physique (firm only).

Every documented body field is required (the stricter reading). The rules, their codes and the share
formula are listed in docs/sandbox.md, "Capital and associates".
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from bulkio.sandbox import account_store as accounts
from bulkio.sandbox import associates_store as db
from bulkio.sandbox import persons
from bulkio.sandbox.errors import ApiError, missing
from bulkio.sandbox.routes_society import list_item
from bulkio.sandbox.routing import ApiRoute, Ctx, Reply
from bulkio.spec.api_rules import (
    MAX_INTEGER,
    SHARES_ON_NO_SHARE_FUNCTION,
    associate_account_ok,
    capital_amount_ok,
    capital_shares_ok,
    holder_shares_problem,
    period_problem,
    share_count_ok,
    shares_problem,
    whole_ok,
)

SIGNATORY_FUNCTIONS: dict[int, str] = {
    1: "Gérant", 2: "Président", 3: "Chef d'entreprise", 4: "DG", 5: "PDG", 6: "Co-Gérant",
}
FUNCTIONS: dict[int, str] = {
    1: "Salarié", 3: "Dirigeant associé", 4: "Dirigeant salarié", 5: "Associé",
    8: "Dirigeant non associé non salarié", 10: "Administrateur", 12: "Autres", 13: "Associé sans part",
}
OPEN_END = "9999-12-31"  # an open link ("" end date) compared as this date
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# -- small parsers ------------------------------------------------------------------------------
def _is_int(value: Any) -> bool:
    """A JSON integer the store can hold (a larger one is refused, never a 500)."""
    return whole_ok(value, -MAX_INTEGER)


def _number(value: float) -> int | float:
    """A JSON number as the API prints it: 300 rather than 300.0, else 2 decimals."""
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


def _date(value: Any, name: str, code: str | None = None) -> str:
    """A `YYYY-MM-DD` calendar date, else GBL10 (name) or `code`."""
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise ApiError(code) if code else missing(name)


def _choice(body: dict[str, Any], name: str, table: dict[int, str]) -> int:
    value = body.get(name)
    if not _is_int(value) or value not in table:
        raise missing(name)
    return int(value)


def _period(body: dict[str, Any]) -> tuple[str, str, str]:
    """(start, end, effective); end "" = open. ASSOCIE6 end < start, ASSOCIE8 effective outside."""
    start = _date(body.get("start_date"), "start_date")
    raw_end = body.get("end_date")
    end = "" if raw_end == "" else _date(raw_end, "end_date")
    effective = _date(body.get("effective_date"), "effective_date")
    problem = period_problem(start, end or None, effective)
    if problem is not None:
        raise ApiError(problem)
    return start, end, effective


def _shares(body: dict[str, Any], function_id: int | None) -> tuple[int, int, int]:
    """(PP, NP, US): ASSOCIE1 when `social_part` or a key is missing, or all are 0 (except function 13);
    GBL10 for a value that is not a non-negative integer, or shares on function 13."""
    raw = body.get("social_part")
    if not isinstance(raw, dict) or any(raw.get(key) is None for key in ("PP", "NP", "US")):
        raise ApiError("ASSOCIE1")
    for key in ("PP", "NP", "US"):
        if not share_count_ok(raw[key]):
            raise missing(f"social_part.{key}")
    values = (int(raw["PP"]), int(raw["NP"]), int(raw["US"]))
    problem = shares_problem(values, function_id)
    if problem == SHARES_ON_NO_SHARE_FUNCTION:
        raise missing("social_part")
    if problem is not None:
        raise ApiError(problem)
    return values


def _account(ctx: Ctx, body: dict[str, Any]) -> int:
    value = body.get("account_id")
    if not _is_int(value):
        raise missing("account_id")
    account = accounts.get_account(ctx.store, value)
    if account is None:
        raise ApiError("COMPTE2")
    if account["society_id"] != ctx.dossier:
        raise ApiError("COMPTE5")
    if not associate_account_ok(account["account_number"]):
        raise ApiError("ASSOCIE7")
    return int(value)


# -- shapes ---------------------------------------------------------------------------------------
def _capital(capital: db.Capital | None) -> dict[str, Any] | None:
    if capital is None:
        return None
    return {"historical_id": capital.historical_id, "date": capital.date, "capital": _number(capital.capital),
            "social_part": capital.social_part,
            "social_part_value": _number(capital.capital / capital.social_part)}


def _social_part(link: db.Link, capital: db.Capital | None) -> dict[str, Any]:
    """percent = round((PP + NP) / capital.social_part * 100, 1) with the latest capital."""
    percent = 0 if capital is None else round(link.shares / capital.social_part * 100, 1)
    return {"PP": link.pp, "NP": link.np, "US": link.us, "percent": _number(percent)}


def _labelled(table: dict[int, str], key: int | None) -> dict[str, Any]:
    return {"id": key, "label": table.get(key or 0, "")}


def _pp_get(link: db.Link, person: dict[str, Any], capital: db.Capital | None) -> dict[str, Any]:
    return {
        "physical_person_link_id": link.link_id,
        "physical_person": {"id": link.holder_id, "firstname": person["firstname"], "name": person["name"],
                            "account_id": link.account_id, "coord": persons.coord(person)},
        "signatory_function": _labelled(SIGNATORY_FUNCTIONS, link.signatory_function_id),
        "function": _labelled(FUNCTIONS, link.function_id),
        "start_date": link.start_date, "end_date": link.end_date,
        "social_part": _social_part(link, capital),
    }


def _pp_post(link: db.Link, person: dict[str, Any], capital: db.Capital) -> dict[str, Any]:
    return {
        "physical_person_link_id": link.link_id,
        "physical_person": {"id": link.holder_id, "firstname": person["firstname"], "name": person["name"],
                            "account_id": link.account_id},
        "effective_date": link.effective_date, "start_date": link.start_date, "end_date": link.end_date,
        "signatory_function": _labelled(SIGNATORY_FUNCTIONS, link.signatory_function_id),
        "function": _labelled(FUNCTIONS, link.function_id),
        "social_part": _social_part(link, capital),
    }


def _holder(ctx: Ctx, holder_id: int) -> dict[str, Any]:
    """The holder dossier's identity and capital (its latest capital row, else GET /society's figure)."""
    society = ctx.store.society(holder_id)
    assert society is not None
    with ctx.store.read() as conn:
        capital = db.latest_capital(conn, holder_id)
    return {
        "id": holder_id, "name": society["name"], "siret": society["siret"] or "",
        "address": list_item(society)["address"], "id_type_company": society["id_type_company"],
        "capital": _number(society["capital"] if capital is None else capital.capital),
        "nb_part": 0 if capital is None else capital.social_part,
        "date_capital": "" if capital is None else capital.date,
    }


def _pm_get(ctx: Ctx, link: db.Link, capital: db.Capital | None) -> dict[str, Any]:
    holder = _holder(ctx, link.holder_id)
    society = {
        "revenu_pro": link.revenu_pro, "id": holder["id"], "name": holder["name"], "siret": holder["siret"],
        "capital": holder["capital"], "nb_part": holder["nb_part"],
        "date_capital": holder["date_capital"].replace("-", ""), "address": holder["address"],
        "account_id": link.account_id, "start_date": link.start_date, "end_date": link.end_date,
        "id_type_company": holder["id_type_company"], "head_group_if": False, "fiscal_integration": False,
        "assujetti_unique": False, "vat_start_date": "", "vat_end_date": "",
    }
    return {"society_link_id": link.link_id, "society": society,
            "signatory_function": _labelled(SIGNATORY_FUNCTIONS, link.signatory_function_id),
            "social_part": _social_part(link, capital)}


def _pm_post(ctx: Ctx, link: db.Link, capital: db.Capital) -> dict[str, Any]:
    holder = _holder(ctx, link.holder_id)
    society = {
        "id": holder["id"], "address": holder["address"], "name": holder["name"], "siret": holder["siret"],
        "id_type_company": holder["id_type_company"], "account_id": link.account_id, "assujetti_unique": False,
        "capital": holder["capital"], "date_capital": holder["date_capital"], "nb_part": holder["nb_part"],
        "revenu_pro": link.revenu_pro, "start_date": link.start_date, "end_date": link.end_date,
        "effective_date": link.effective_date,
    }
    social = _social_part(link, capital)
    return {"society_link_id": link.link_id, "society": society,
            "social_part": {key: social[key] for key in ("NP", "PP", "US", "percent")},
            "signatory_function": _labelled(SIGNATORY_FUNCTIONS, link.signatory_function_id)}


# -- handlers -----------------------------------------------------------------------------------
def get_associates(ctx: Ctx) -> Reply:
    """Q14: the path id must be the dossier the call works on (header / token), else 403 DROIT1."""
    raw = ctx.params["id_society"]
    if not raw.isdigit():
        raise missing("id_society")
    if int(raw) != ctx.dossier:
        raise ApiError("DROIT1")
    with ctx.store.read() as conn:
        capital = db.latest_capital(conn, ctx.dossier)
        natural = db.links(conn, ctx.dossier, "pp")
        legal = db.links(conn, ctx.dossier, "pm")
        people = persons.persons_by_id(conn, {link.holder_id for link in natural})
    return Reply({
        "capital": _capital(capital),
        "associate_list": {
            "physical_person_list": [_pp_get(link, people[link.holder_id], capital) for link in natural],
            "society_list": [_pm_get(ctx, link, capital) for link in legal],
        },
    })


def post_capital(ctx: Ctx) -> Reply:
    """Upsert keyed on effective_date (Q13). ASSOCIE3 when the latest row would hold fewer shares than the
    open links; GET /society's `capital` follows the latest row."""
    body = ctx.json_object()
    day = _date(body.get("effective_date"), "effective_date", "SOCIETE2")
    amount = body.get("capital")
    if not capital_amount_ok(amount):
        raise missing("capital")
    shares = body.get("social_part")
    if not capital_shares_ok(shares):
        raise ApiError("SOCIETE3") if shares is None or (_is_int(shares) and shares == 0) else missing("social_part")
    with ctx.store.write() as conn:
        society = ctx.store.society(ctx.dossier)  # the store's lock is reentrant: read inside the transaction
        assert society is not None
        row, changed = db.upsert_capital(conn, ctx.dossier, day, float(amount), int(shares))
        latest = db.latest_capital(conn, ctx.dossier)
        assert latest is not None
        if db.open_shares(conn, ctx.dossier) > latest.social_part:
            raise ApiError("ASSOCIE3")
        if society["capital"] != _number(latest.capital):
            ctx.store.put_society(conn, {**society, "capital": _number(latest.capital)})
    writes = [f"capital:{ctx.dossier}:{day}"] if changed else []
    return Reply(_capital(row), writes=writes)


def _overlaps(a: db.Link, b: db.Link) -> bool:
    """Periods overlap, bounds included (an open end counts as 9999-12-31)."""
    return a.start_date <= (b.end_date or OPEN_END) and b.start_date <= (a.end_date or OPEN_END)


def holder_has_shares(ctx: Ctx, conn: sqlite3.Connection, holder_id: int) -> None:
    """ASSOCIE4 (%1 = the holder's name) when the company that holds the shares has none itself: no capital row
    in its dossier (`nb_part` 0 in GET .../associate)."""
    held = db.latest_capital(conn, holder_id)
    if holder_shares_problem(0 if held is None else held.social_part) is not None:
        society = ctx.store.society(holder_id)
        raise ApiError("ASSOCIE4", society["name"] if society else holder_id)


def _upsert(ctx: Ctx, kind: db.Kind, link: db.Link, open_code: str,
            check_holder: Callable[[Ctx, sqlite3.Connection, int], None] | None = None,
            ) -> tuple[db.Link, bool, db.Capital]:
    """Q12 upsert on (holder, start_date) inside one transaction: ASSOCIE5 without capital; `check_holder`
    (ASSOCIE4 for a company); a new link while the holder has an open one -> `open_code`; overlap -> ASSOCIE9;
    share check -> ASSOCIE2. An identical re-POST changes nothing and is answered as is."""
    with ctx.store.write() as conn:
        capital = db.latest_capital(conn, ctx.dossier)
        if capital is None:
            raise ApiError("ASSOCIE5")
        if check_holder is not None:
            check_holder(ctx, conn, link.holder_id)
        existing = [other for other in db.links(conn, ctx.dossier, kind) if other.holder_id == link.holder_id]
        same = next((other for other in existing if other.start_date == link.start_date), None)
        if same is not None:
            link.link_id = same.link_id
            if same.same_content(link):
                return link, False, capital
        others = [other for other in existing if other is not same]
        if same is None and any(other.end_date == "" for other in others):
            raise ApiError(open_code)
        if any(_overlaps(link, other) for other in others):
            raise ApiError("ASSOCIE9")
        taken = db.committed_shares(conn, ctx.dossier, link.start_date, (kind, link.link_id))
        available = max(capital.social_part - taken, 0)
        if link.shares > available:
            raise ApiError("ASSOCIE2", link.shares, available)
        link.link_id = db.save_link(conn, ctx.dossier, kind, link)
    return link, True, capital


def post_natural_person(ctx: Ctx) -> Reply:
    body = ctx.json_object()
    person_id = body.get("physical_person_id")
    if person_id is None:
        raise ApiError("PERS_PHYSIQUE5")
    if not _is_int(person_id):
        raise missing("physical_person_id")
    with ctx.store.read() as conn:
        person = persons.get_person(conn, person_id)
    if person is None:
        raise ApiError("PERS_PHYSIQUE11")
    signatory = _choice(body, "signatory_function_id", SIGNATORY_FUNCTIONS)
    function = _choice(body, "function_id", FUNCTIONS)
    start, end, effective = _period(body)
    pp, np, us = _shares(body, function)
    account_id = _account(ctx, body)
    link = db.Link(person_id, signatory, function, start, end, effective, pp, np, us, account_id)
    link, changed, capital = _upsert(ctx, "pp", link, "PERS_PHYSIQUE8")
    writes = [f"associate_pp:{ctx.dossier}:{person_id}:{start}"] if changed else []
    return Reply(_pp_post(link, person, capital), writes=writes)


def post_legal_entity(ctx: Ctx) -> Reply:
    body = ctx.json_object()
    holder_id = body.get("society_id")
    if holder_id is None:
        raise ApiError("SOCIETE10")
    if not _is_int(holder_id):
        raise missing("society_id")
    if not ctx.store.society_exists(holder_id):
        raise ApiError("SOCIETE16")
    if holder_id == ctx.dossier:
        raise missing("society_id")
    signatory = _choice(body, "signatory_function_id", SIGNATORY_FUNCTIONS)
    revenu_pro = body.get("revenu_pro")
    if not isinstance(revenu_pro, bool):
        raise missing("revenu_pro")
    start, end, effective = _period(body)
    pp, np, us = _shares(body, None)
    account_id = _account(ctx, body)
    link = db.Link(holder_id, signatory, None, start, end, effective, pp, np, us, account_id, revenu_pro)
    link, changed, capital = _upsert(ctx, "pm", link, "ASSOCIE9", holder_has_shares)
    writes = [f"associate_pm:{ctx.dossier}:{holder_id}:{start}"] if changed else []
    return Reply(_pm_post(ctx, link, capital), writes=writes)


def get_pers_physique(ctx: Ctx) -> Reply:
    """Every natural person of the schema, by id; no parameters (Q23)."""
    names = {society["society_id"]: society["name"] for society in ctx.store.societies()}
    with ctx.store.read() as conn:
        everyone = persons.list_persons(conn)
        dossiers = db.dossiers_by_person(conn)
    items = []
    for person in everyone:
        companies = [{"society_id": sid, "society_name": names[sid]}
                     for sid in dossiers.get(person["pers_physique_id"], [])]
        items.append(persons.pers_physique_item(person, companies))
    return Reply({"array_pers_physique": items})


ROUTES: list[ApiRoute] = [
    ApiRoute("GET", "/society/:id_society/associate", get_associates),
    ApiRoute("POST", "/society/capital", post_capital, write=True),
    ApiRoute("POST", "/associate/natural_person", post_natural_person, write=True),
    ApiRoute("POST", "/associate/legal_entity", post_legal_entity, write=True),
    ApiRoute("GET", "/pers_physique", get_pers_physique, scope="none", firm_only=True),
]
