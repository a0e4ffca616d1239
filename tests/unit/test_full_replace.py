"""full_replace.py on records shaped like the documentation page and like the Postman captures."""

from __future__ import annotations

from typing import Any

from bulkio.entities import full_replace as fr
from bulkio.entities.comptes import AccountsSnapshot, row_changes, update_body
from bulkio.i18n import set_language
from bulkio.spec.model import CLEAR

# The keys of the Postman "Account V2 - with details" capture (flags counterpart and vat added as they show).
CAPTURE: dict[str, Any] = {
    "account_id": 999, "account_number": "411000", "label": "CLIENTS", "closed": False, "das_2": False,
    "presta": False, "intraco": False, "exoneration": False, "btp_autoliquidation": False, "comment": None,
    "id_tva": None, "param_vat_id": None, "id_compte_contrepart": None, "correspondance_label": None,
    "correspondance_no_compte": None, "vat_param": None, "counterpart_account": None,
    "array_counterpart_account": None,
    "complementary_informations": {
        "ape": None, "tel": None, "city": None, "name": None, "email": None, "siren": None, "address": None,
        "comment": None, "function": None, "lastname": None, "typevoie": None, "firstname": None, "iban_list": [],
        "id_country": None, "profession": None, "postal_code": None, "payment_type": None, "address_number": None,
        "payment_type_id": None, "amount_type_paid": None, "contact_lastname": None, "payment_deadline": None,
        "person_in_charge": None, "contact_firstname": None, "indice_repetition": None, "address_complement": None,
        "id_payment_deadline": None, "id_info_compte_tiers": None, "type_info_compte_tiers": None,
    },
}
DOCS_EXTRA = {"analytics": True, "society_id": 3, "ocr_threshold": 0, "ocr_autovalidation": False}
DOCS_INFO_EXTRA = {
    "tel2": None, "is_foreign": False, "misc_group": None, "misc_archived": False, "misc_referent": None,
    "misc_doubtful_id": None, "misc_language_id": 1,
    "contact_list": [{"id_contact_compte_tiers": 1, "lastname": "random", "tel1": "", "tel2": "", "email": "",
                      "firstname": "", "ordre": 1}],
}


def _docs() -> dict[str, Any]:
    return fr.fill(CAPTURE, {**DOCS_EXTRA, "complementary_informations": DOCS_INFO_EXTRA})


def test_absent_is_not_null() -> None:
    assert not fr.is_read(CAPTURE, "analytics")
    assert fr.is_read(CAPTURE, "counterpart_account.account_id")  # `counterpart_account: null`: none, read
    assert fr.is_read(CAPTURE, "complementary_informations.ape.id")
    assert not fr.is_read(CAPTURE, "complementary_informations.contact_list")
    # A null complementary_informations: its scalars are null, but nothing says the account has no contact, no IBAN.
    null_info = {"complementary_informations": None}
    assert fr.is_read(null_info, "complementary_informations.name")
    assert not fr.is_read(null_info, "complementary_informations.contact_list")
    assert not fr.is_read(null_info, "complementary_informations.iban_list.0.iban")
    assert fr.is_read(CAPTURE, "complementary_informations.iban_list.0.bic")  # no IBAN: no BIC to read
    assert [f.read.rsplit(".", 1)[-1] for f in fr.unread(CAPTURE)] == [
        "analytics", "ocr_autovalidation", "ocr_threshold", "is_foreign", "tel2", "misc_referent", "misc_group",
        "misc_doubtful_id", "misc_language_id", "misc_archived", "contact_list"]
    # The documentation page's own example contact has no `function` (its interface makes it optional).
    assert [f.read for f in fr.unread(_docs())] == ["complementary_informations.contact_list.0.function"]


def test_a_cell_the_row_fills_is_sent_not_read() -> None:
    assert "analytics" in [f.write for f in fr.missing(CAPTURE, {"label": "X"})]
    assert "analytics" not in [f.write for f in fr.missing(CAPTURE, {"label": "X", "analytics": False})]
    assert "analytics" not in [f.write for f in fr.missing(CAPTURE, {"label": "X", "analytics": CLEAR})]


def test_an_absent_field_the_row_fills_is_a_change() -> None:
    assert [c.key for c in row_changes({"account_number": "411000", "analytics": False}, CAPTURE)] == ["analytics"]
    assert row_changes({"account_number": "411000", "analytics": True}, _docs()) == []


def test_the_body_of_a_complete_record_sends_back_what_was_read() -> None:
    body = update_body(_docs(), {"label": "CLIENTS FRANCE"}, AccountsSnapshot())
    assert (body["label"], body["analytics"], body["ocr_threshold"]) == ("CLIENTS FRANCE", True, 0)
    assert body["complementary_info"]["contact_list"][0]["id_contact_compte_tiers"] == 1
    assert body["complementary_info"]["misc_language_id"] == 1


def test_an_item_read_without_one_of_its_keys_is_not_read() -> None:
    """An IBAN without `rum`, a contact without `function` (the documentation's own example has none): sent back
    without it, PUT /account would clear it. Each such key is named with its list and index."""
    docs = _docs()
    info = docs["complementary_informations"]
    info["iban_list"] = [{"id_iban_compte_tiers": 7, "iban": "FR76", "bic": "AGRIFRPP", "etablissement": None,
                          "rum_date_signature": None}]
    assert [f.read for f in fr.unread(docs)] == [
        "complementary_informations.contact_list.0.function", "complementary_informations.iban_list.0.rum"]
    assert [f.write for f in fr.missing(docs, {"label": "X"})] == [
        "complementary_info.contact_list.0.function", "complementary_info.iban_list.0.rum"]
    assert fr.missing(docs, {"label": "X", "iban": CLEAR}) == [fr.unread(docs)[0]]  # that IBAN is removed
    set_language("fr")
    assert fr.describe(fr.unread(docs)) == (
        "ses contacts secondaires (contact_list[0].function), ses IBAN (iban_list[0].rum)")
    info["contact_list"][0]["function"] = "CEO"
    info["iban_list"][0]["rum"] = "RUM-7"
    body = update_body(docs, {"label": "X"}, AccountsSnapshot())["complementary_info"]
    assert body["iban_list"] == [{"id": 7, "iban": "FR76", "bic": "AGRIFRPP", "rum": "RUM-7", "etablissement": None,
                                  "rum_date_signature": None}]
    assert body["contact_list"] == [{"id_contact_compte_tiers": 1, "lastname": "random", "firstname": "",
                                     "function": "CEO", "tel1": "", "tel2": "", "email": ""}]


def test_the_message_says_what_the_user_can_do() -> None:
    set_language("fr")
    only_flag = [f for f in fr.FIELDS if f.write == "analytics"]
    message = fr.blocked_message(only_flag, 42, ["label"], {"analytics": "Analytique ?", "label": "Intitulé"})
    assert message == (
        "la mise à jour (« Intitulé ») n'est pas envoyée : MyUnisoft ne renvoie pas l'analytique du compte (analytics) "
        "de ce compte, même par GET /account/v2?account_id=42, et PUT /account, qui remplace le compte entier, les "
        "effacerait ; renseignez « Analytique ? » pour que bulkio envoie votre valeur au lieu de la relire.")
    set_language("en")
    try:
        message = fr.blocked_message(fr.unread(CAPTURE), 42, ["label"], {})
    finally:
        set_language("fr")
    assert message.startswith("the update ('Libellé') is not sent: MyUnisoft does not return the account's analytics")
    assert message.endswith("no other documented read gives them: make this change by hand in MyUnisoft (Paramètres "
                            "> Tenue > Plan comptable, the account's card), then remove the row from the file.")
