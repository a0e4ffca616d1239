"""PUT /account is a full replace: an update never sends a field it did not read (entities/full_replace.py).

Accounts with the analytics flag, OCR settings, secondary contacts, a second phone, misc fields, complementary
info and an IBAN get a label update from a real .xlsx through a real import, under each shape of
GET /account/v2 (docs/sandbox.md, "Account shapes"); read afterwards from the sandbox's store, every field the
workbook does not name is unchanged, and exactly the planned writes were sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bulkio.api.client import MyUnisoftClient
from bulkio.entities import HANDLERS
from bulkio.journal import Journal
from bulkio.load import load_and_validate
from bulkio.outcome import RowOutcome, Status
from bulkio.pipeline import connect, execute, make_plan
from bulkio.plan import Action
from bulkio.sandbox import account_store as db
from bulkio.session import run_import
from bulkio.spec import COMPTES
from bulkio.workbook.template import write_sheets
from tests.conftest import FIRM_TOKEN, SECRET, firm_target, read_sheet, write_xlsx

DOSSIER = 2
CONTACT = {"function": "Commercial", "tel2": None, "email": None}
RICH = [
    db.AccountWrite(
        "401RICHE", "FOURNISSEUR RICHE", flags={"analytics": True, "provider": True, "ocr_autovalidation": True},
        ocr_threshold=250,
        info={"name": "RICHE SA", "siren": "552100554", "tel": "0248000000", "tel2": "0600000002",
              "email": "compta@riche.example", "is_foreign": True, "misc_referent": "Mme REFERENTE",
              "misc_group": "GROUPE NORD", "misc_language_id": 2, "misc_archived": True, "id_country": 78,
              "way_type_id": 14, "address": "DES LILAS", "postal_code": "69003", "city": "LYON",
              "person_in_charge": "M. CHARGE", "profession": "Meunier", "payment_type_id": 1,
              "id_payment_deadline": 3, "contact_lastname": "MOREAU", "contact_firstname": "Julie",
              "function": "Comptable", "id_ape": 534},
        ibans=[{"id": None, "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP",
                "etablissement": "CREDIT AGRICOLE", "rum": "RUM-001", "rum_date_signature": "2020-01-01"}],
        contacts=[{**CONTACT, "id": None, "lastname": "PETIT", "firstname": "Marc", "tel1": "0600000000"},
                  {**CONTACT, "id": None, "lastname": "GRAND", "firstname": "Léa", "tel1": "0600000001",
                   "tel2": "0700000001", "email": "lea@riche.example"}],
    ),
    db.AccountWrite(
        "411FIDELE", "CLIENT FIDELE", flags={"analytics": True},
        info={"name": "FIDELE SARL", "email": "paie@fidele.example", "tel2": "0611111111", "misc_doubtful_id": 1,
              "misc_language_id": 1, "is_foreign": False, "misc_archived": False},
        contacts=[{**CONTACT, "id": None, "lastname": "DURAND", "firstname": "Paul", "tel1": "0622222222"}],
    ),
    db.AccountWrite("622600", "HONORAIRES", flags={"analytics": True}, ocr_threshold=12.5),
]
HEADERS = ["N° de compte", "Libellé", "Email", "Analytique"]
ROWS = [
    ["401RICHE", "FOURNISSEUR RICHE ET CELEBRE", None, None],
    ["411FIDELE", "CLIENT FIDELE ET LOYAL", "(vide)", None],  # '(vide)': an explicit ask to clear the e-mail
    ["622600", "HONORAIRES ET CONSEILS", None, "Non"],  # the analytics flag given: sent as asked, never read
]
ASKED = {"401RICHE": {}, "411FIDELE": {"email": None}, "622600": {"analytics": False}}


def _store(sandbox: Any) -> Any:
    return sandbox._app.state.sandbox.store


def _seed(sandbox: Any) -> None:
    with _store(sandbox).write() as conn:
        for account in RICH:
            db.insert_account(conn, DOSSIER, account)


def _stored(sandbox: Any) -> dict[str, dict[str, Any]]:
    """Everything the sandbox keeps of the dossier's accounts, flat: flags, OCR, info, IBANs and contacts with ids."""
    store = _store(sandbox)
    accounts = db.list_accounts(store, DOSSIER)
    details = db.load_details(store, [a["account_id"] for a in accounts])
    result = {}
    for account in accounts:
        found = details[account["account_id"]]
        info = {k: v for k, v in (found.info or {}).items() if v is not None}  # a missing key reads as null
        result[account["account_number"]] = {**account, **info, "id_info": found.id_info,
                                             "ibans": found.ibans, "contacts": found.contacts}
    return result


def _requests(sandbox: Any) -> dict[str, int]:
    return {key.replace("/api/v1", ""): n for key, n in sandbox.stats()["requests"].items()}


@pytest.mark.parametrize("shape", ["docs", "capture-list"])
def test_a_label_update_keeps_every_field_the_row_does_not_name(sandbox: Any, tmp_path: Path, shape: str) -> None:
    _seed(sandbox)
    sandbox.set_faults(account_shape=shape)
    before = _stored(sandbox)
    source = write_xlsx(tmp_path / "labels.xlsx", "Comptes", HEADERS, ROWS)
    target = firm_target(sandbox, DOSSIER)
    client, context = connect(target)
    plan = make_plan(load_and_validate(source), client, context)
    assert [(r.natural_key, r.action) for r in plan.rows] == [(n, Action.UPDATE) for n, *_ in ROWS]
    reads = _requests(sandbox)["GET /account/v2"]
    # The documentation's shape carries everything; the captures' list does not: one read per updated account.
    assert reads == (1 if shape == "docs" else 1 + len(ROWS))

    _v, run = run_import(source, target, tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert [o.status for o in run.result.outcomes.values()] == [Status.UPDATED] * len(ROWS)
    stats = sandbox.stats()
    assert _requests(sandbox)["PUT /account"] == plan.writes == len(ROWS)  # exactly the planned writes
    assert stats["writes_by_resource"] == {f"account:{DOSSIER}:{n}": 1 for n, *_ in ROWS}
    assert stats["refused_writes"] == {}

    after = _stored(sandbox)
    for number, label, *_ in ROWS:
        expected = {**before[number], "label": label, **ASKED[number]}
        assert after[number] == {k: v for k, v in expected.items() if k not in ASKED[number] or v is not None}, number
    assert [c["lastname"] for c in after["401RICHE"]["contacts"]] == ["PETIT", "GRAND"]  # same ids, same order
    assert after["401RICHE"]["ibans"][0]["etablissement"] == "CREDIT AGRICOLE"


def test_under_the_captures_shape_every_update_is_blocked_before_anything_is_sent(sandbox: Any, tmp_path: Path) -> None:
    """The captures' /account/v2 lacks the fields for the list and for one account alike: no documented route
    gives them, so no update is sent; the message names what is missing and what to do."""
    _seed(sandbox)
    sandbox.set_faults(account_shape="capture")
    before = _stored(sandbox)
    source = write_xlsx(tmp_path / "labels.xlsx", "Comptes", HEADERS, ROWS)
    _v, run = run_import(source, firm_target(sandbox, DOSSIER), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert {(o.status, o.error_code) for o in run.result.outcomes.values()} == {(Status.ERROR, "UNREAD_FIELDS")}
    assert _stored(sandbox) == before
    requests = _requests(sandbox)
    assert "PUT /account" not in requests and sandbox.stats()["writes"] == 0
    assert requests["GET /account/v2"] == 1 + 1  # the list, then one account: the others are not read in vain
    rows = read_sheet(tmp_path / "r.xlsx", "Comptes")
    account_id = _stored(sandbox)["401RICHE"]["account_id"]
    assert rows[0]["Message"] == (
        "la mise à jour (« Libellé ») n'est pas envoyée : MyUnisoft ne renvoie pas l'analytique du compte "
        "(analytics), ses réglages OCR (ocr_autovalidation, ocr_threshold), ses contacts secondaires (contact_list), "
        "le second téléphone (tel2), l'indicateur « étranger » (is_foreign), les informations Divers (misc_referent, "
        f"misc_group, misc_doubtful_id, misc_language_id, misc_archived) de ce compte, même par GET "
        f"/account/v2?account_id={account_id}, et PUT /account, qui remplace le compte entier, les effacerait ; "
        "aucune autre lecture documentée ne les donne : faites cette modification à la main dans MyUnisoft "
        "(Paramètres > Tenue > Plan comptable, fiche du compte), puis retirez la ligne du fichier.")
    assert "l'analytique du compte" not in rows[2]["Message"]  # the row gives « Analytique »: not asked of the API


class _PerAccountRouteRefused(httpx.BaseTransport):
    """The sandbox, except the per-account read, answered as to a token whose /key/info lacks that route."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.refused = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/account/v2") and "account_id" in request.url.params:
            self.refused += 1
            return httpx.Response(403, json={"error": {"code": "ERR-FORBIDDEN-ROUTE", "message": "no", "details": ""}})
        return self.inner.handle_request(request)


def test_a_field_not_readable_with_its_route_not_available_blocks_the_row_with_zero_writes(
    sandbox: Any, tmp_path: Path
) -> None:
    _seed(sandbox)
    sandbox.set_faults(account_shape="capture-list")  # the list lacks the fields; the per-account read is refused
    transport = _PerAccountRouteRefused()
    source = write_xlsx(tmp_path / "labels.xlsx", "Comptes", HEADERS, ROWS[:1])
    target = firm_target(sandbox, DOSSIER)
    client, context = connect(target, MyUnisoftClient(target.base_url, SECRET, FIRM_TOKEN, transport=transport))
    plan = make_plan(load_and_validate(source), client, context)
    [row] = plan.rows
    assert (row.action, row.error_code, transport.refused) == (Action.BLOCKED, "UNREAD_FIELDS", 1)
    assert "ses contacts secondaires (contact_list)" in row.message and "faites cette modification" in row.message
    assert plan.writes == 0 and sandbox.stats()["writes"] == 0


def test_an_export_under_the_captures_list_reimports_without_a_write(sandbox: Any, tmp_path: Path) -> None:
    """The list does not carry the analytics flag: the export leaves « Analytique » empty (keep), never "Non",
    so that exporting then importing the same file cannot switch the flag off."""
    _seed(sandbox)
    sandbox.set_faults(account_shape="capture-list")
    client, _context = connect(firm_target(sandbox, DOSSIER))
    exported = HANDLERS["comptes"].export_rows(HANDLERS["comptes"].load_snapshot(client, None), "fr")
    assert {row["analytics"] for row in exported} == {None}
    path = tmp_path / "export.xlsx"
    write_sheets(path, [(COMPTES, exported)], "fr")
    before = _stored(sandbox)
    _v, run = run_import(path, firm_target(sandbox, DOSSIER), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert {o.status for o in run.result.outcomes.values()} == {Status.UNCHANGED}
    assert sandbox.stats()["writes"] == 0 and _stored(sandbox) == before


# --- what a read lacks inside the lists, a null complementary_informations, a create then a PUT -----------------

CI = "complementary_informations"
Edit = Callable[[dict[str, Any]], None]


class _Reshaped(httpx.HTTPTransport):
    """The sandbox, with each record of GET /account/v2?details=true edited: `on_list` for the list's answer,
    `on_one` for the per-account read's (`account_id=`). Records every PUT body."""

    def __init__(self, on_list: Edit | None = None, on_one: Edit | None = None) -> None:
        super().__init__()
        self.on_list, self.on_one = on_list, on_one
        self.puts: list[dict[str, Any]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            self.puts.append(json.loads(request.content))
        response = super().handle_request(request)
        edit = self.on_one if "account_id" in request.url.params else self.on_list
        if request.method != "GET" or not request.url.path.endswith("/account/v2") or edit is None:
            return response
        records = json.loads(response.read())
        for record in records:
            edit(record)
        kept = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-encoding")}
        return httpx.Response(response.status_code, headers=kept, json=records)


def _import(sandbox: Any, source: Path, tmp_path: Path, transport: _Reshaped) -> tuple[Any, dict[Any, RowOutcome]]:
    """Plan and push through `transport`: the plan, and the outcomes."""
    target = firm_target(sandbox, DOSSIER)
    with MyUnisoftClient(target.base_url, SECRET, FIRM_TOKEN, society_id=DOSSIER, transport=transport) as client:
        scoped, context = connect(target, client)
        plan = make_plan(load_and_validate(source), scoped, context)
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            return plan, execute(plan, scoped, journal).result.outcomes
        finally:
            journal.close()


def _without_item_keys(record: dict[str, Any]) -> None:
    """IBANs read without `rum` and `etablissement`, contacts without `function` (as the documentation's example)."""
    info = record.get(CI) or {}
    for iban in info.get("iban_list") or []:
        del iban["rum"], iban["etablissement"]
    for contact in info.get("contact_list") or []:
        del contact["function"]


def _null_info(record: dict[str, Any]) -> None:
    record[CI] = None


@pytest.mark.parametrize("where", ["list", "both"])
@pytest.mark.parametrize("edit", [_without_item_keys, _null_info], ids=["item-keys", "null-info"])
def test_a_list_item_key_or_a_null_info_not_read_is_read_again_or_blocks_the_row(
    sandbox: Any, tmp_path: Path, where: str, edit: Edit
) -> None:
    """The user renames 401RICHE and means nothing else: its IBAN keeps its RUM and bank, its contacts their role
    and every other field stays. An item key the list lacks, or a null complementary_informations (no source says
    it means "no contact, no IBAN"), is read again with the per-account route; still lacking, the row is blocked,
    naming it, and nothing is sent."""
    _seed(sandbox)
    before = _stored(sandbox)
    transport = _Reshaped(on_list=edit, on_one=edit if where == "both" else None)
    source = write_xlsx(tmp_path / "labels.xlsx", "Comptes", HEADERS, ROWS[:1])
    plan, outcomes = _import(sandbox, source, tmp_path, transport)
    assert _requests(sandbox)["GET /account/v2"] == 1 + 1  # the list, then 401RICHE alone
    [outcome] = outcomes.values()
    if where == "list":
        assert outcome.status is Status.UPDATED and len(transport.puts) == plan.writes == 1
        assert _stored(sandbox) == {**before, "401RICHE": {**before["401RICHE"], "label": ROWS[0][1]}}
        return
    assert (outcome.status, outcome.error_code) == (Status.ERROR, "UNREAD_FIELDS")
    assert transport.puts == [] and sandbox.stats()["writes"] == 0 and _stored(sandbox) == before
    named = ("ses contacts secondaires (contact_list[0].function, contact_list[1].function), ses IBAN "
             "(iban_list[0].rum, iban_list[0].etablissement)" if edit is _without_item_keys
             else "ses contacts secondaires (contact_list), ses IBAN (iban_list)")
    assert f"MyUnisoft ne renvoie pas {named} de ce compte" in outcome.message, outcome.message
    assert outcome.message.endswith("faites cette modification à la main dans MyUnisoft (Paramètres > Tenue > "
                                    "Plan comptable, fiche du compte), puis retirez la ligne du fichier.")


NEW_HEADERS = ["N° de compte", "Libellé", "Raison sociale", "IBAN", "BIC", "Analytique"]
NEW_ROWS = [
    ["401TEMOIN", "FOURNISSEUR TEMOIN", "NOUVEAU SA", "FR1420041010050500013M02606", "AGRIFRPP", None],
    ["401NOUVEAU", "NOUVEAU FOURNISSEUR", "NOUVEAU SA", "FR7630006000011234567890189", "AGRIFRPP", "Oui"],
]


@pytest.mark.parametrize("shape", ["docs", "capture-list", "capture"])
def test_a_create_with_analytics_sends_a_put_built_from_the_account_as_read(
    sandbox: Any, tmp_path: Path, shape: str
) -> None:
    """The user creates 401NOUVEAU with Analytique = Oui and means nothing else: the account is as the API creates
    it (as 401TEMOIN, created without Analytique) but for the flag, which only PUT /account sets. That PUT is built
    from the new account as the per-account route reads it; where that read lacks fields (the captures' shape) it
    is not sent, the account stays as created and the row says so."""
    sandbox.set_faults(account_shape=shape)
    transport = _Reshaped()
    source = write_xlsx(tmp_path / "new.xlsx", "Comptes", NEW_HEADERS, NEW_ROWS)
    plan, outcomes = _import(sandbox, source, tmp_path, transport)
    assert [(r.natural_key, r.action) for r in plan.rows] == [(n, Action.CREATE) for n, *_ in NEW_ROWS]
    witness, created = outcomes.values()
    assert witness.status is Status.CREATED
    requests = _requests(sandbox)
    assert requests["POST /account"] == plan.writes == 2
    assert requests["GET /account/v2"] == 1 + 1  # the plan's list, then the new account before its PUT
    after = _stored(sandbox)
    temoin, nouveau = after["401TEMOIN"], after["401NOUVEAU"]
    [iban] = temoin["ibans"]
    # Every field as the API's create left it: the witness's, with this account's own number, label, ids, IBAN.
    # The IBAN the POST created is kept (id right after the witness's), not deleted and re-created by the PUT.
    assert nouveau == {
        **temoin, "account_id": nouveau["account_id"], "account_number": "401NOUVEAU", "label": NEW_ROWS[1][1],
        "id_info": nouveau["id_info"], "analytics": shape != "capture",
        "ibans": [{**iban, "id_iban_compte_tiers": iban["id_iban_compte_tiers"] + 1,
                   "account_id": nouveau["account_id"], "iban": NEW_ROWS[1][3]}],
    }
    assert temoin["analytics"] is False and temoin["ocr_threshold"] == 0 and temoin["vat_param_id"] is None
    if shape == "capture":
        assert (created.status, created.error_code) == (Status.ERROR, "UNREAD_FIELDS")
        assert created.remote_id == str(nouveau["account_id"]) and transport.puts == []
        assert created.message.startswith(
            "le compte est créé ; la mise à jour (« Analytique ») n'est pas envoyée : MyUnisoft ne renvoie pas ses "
            "réglages OCR (ocr_autovalidation, ocr_threshold), ses contacts secondaires (contact_list)"
        ), created.message
        return
    assert created.status is Status.CREATED and requests["PUT /account"] == 1
    [body] = transport.puts  # every field as read, none null for want of a read
    assert (body["analytics"], body["ocr_threshold"], body["ocr_autovalidation"]) == (True, 0, False)
    info = body["complementary_info"]
    assert (info["is_foreign"], info["misc_archived"], info["contact_list"]) == (False, False, [])
    assert info["iban_list"] == [{"id": nouveau["ibans"][0]["id_iban_compte_tiers"], "iban": NEW_ROWS[1][3],
                                  "bic": "AGRIFRPP", "rum": None, "etablissement": None, "rum_date_signature": None}]
