"""POST /account (find or create) and PUT /account (full replacement)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sandbox_support import headers, society_token

from bulkio.sandbox import EmbeddedSandbox

IBAN = "FR7630006000011234567890189"
IBAN2 = "DE89370400440532013000"


def post(firm: httpx.Client, body: dict[str, Any], society: int = 2) -> httpx.Response:
    return firm.post("/account", json=body, headers={"society-id": str(society)})


def put(firm: httpx.Client, body: dict[str, Any], society: int = 2) -> httpx.Response:
    return firm.put("/account", json=body, headers={"society-id": str(society)})


def v2(firm: httpx.Client, account_id: int, society: int = 2) -> dict[str, Any]:
    params = {"account_id": account_id, "details": "true", "counterpart": "true"}
    items = firm.get("/account/v2", params=params, headers={"society-id": str(society)}).json()
    assert len(items) == 1
    return dict(items[0])


def test_post_pads_general_numbers(firm: httpx.Client, sandbox: EmbeddedSandbox) -> None:
    created = post(firm, {"account_number": "251", "label": "test25"})
    assert created.status_code == 200
    assert created.json() == {
        "account_id": created.json()["account_id"], "account_number": "251000", "label": "test25",
        "array_counterpart_account": [],
    }
    assert sandbox.stats()["writes_by_resource"] == {"account:2:251000": 1}


def test_post_third_party_unchanged_and_shape(firm: httpx.Client) -> None:
    created = post(firm, {"account_number": "411FOOBAR", "label": "FOOBAR account"}).json()
    assert set(created) == {"account_id", "account_number", "label", "counterpart_account"}
    assert created["account_number"] == "411FOOBAR" and created["counterpart_account"] is None
    lower = post(firm, {"account_number": "411foobar", "label": "other"}).json()
    assert lower["account_id"] == created["account_id"]  # matched after upper-casing
    numeric = post(firm, {"account_number": "401", "label": "short supplier"}).json()
    assert numeric["account_number"] == "401"  # 40/41/421 are never padded


def test_post_existing_is_returned_unchanged_and_not_a_write(firm: httpx.Client, sandbox: EmbeddedSandbox) -> None:
    first = post(firm, {"account_number": "601", "label": "ACHATS", "das_2": True}).json()
    again = post(firm, {"account_number": "601000", "label": "Renamed", "das_2": False})
    assert again.status_code == 200 and again.json() == first
    assert v2(firm, first["account_id"])["das_2"] is True
    stats = sandbox.stats()
    assert stats["writes"] == 1 and stats["writes_by_resource"] == {"account:2:601000": 1}
    assert stats["requests"]["POST /api/v1/account"] == 2


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"label": "no number"}, "COMPTE3"),
        ({"account_number": "", "label": "x"}, "COMPTE3"),
        ({"account_number": "AB411", "label": "x"}, "COMPTE6"),
        ({"account_number": "0411", "label": "x"}, "COMPTE6"),
        ({"account_number": "4" * 21, "label": "x"}, "COMPTE7"),
        ({"account_number": "401 000", "label": "x"}, "COMPTE1"),
        ({"account_number": "411NEW"}, "COMPTE4"),
        ({"account_number": "411NEW", "label": "  "}, "COMPTE4"),
        ({"account_number": "411NEW", "label": "x", "vat_param_id": 41}, "COMPTE24"),
        ({"account_number": "601", "label": "x", "vat_param_id": 999}, "GBL10"),
        ({"account_number": "411NEW", "label": "x", "das_2": "yes"}, "GBL10"),
        ({"account_number": "411NEW", "label": "x", "complementary_info": {"way_type_id": 20}}, "ROADTYP1"),
        ({"account_number": "411NEW", "label": "x", "complementary_info": {"iban_list": [{"iban": "FR76"}]}},
         "IBAN1"),
    ],
)
def test_post_validation(firm: httpx.Client, sandbox: EmbeddedSandbox, body: dict[str, Any], code: str) -> None:
    response = post(firm, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert sandbox.stats()["writes"] == 0


def test_post_twenty_chars_is_accepted(firm: httpx.Client) -> None:
    assert post(firm, {"account_number": "4" * 20, "label": "x"}).json()["account_number"] == "4" * 20


def test_post_counterpart_class_rules(firm: httpx.Client) -> None:
    accounts = {a["account_number"]: a["account_id"]
                for a in firm.get("/account/v2", headers={"society-id": "4"}).json()}
    bank, sales = accounts["512000"], accounts["707000"]
    supplier = {"account_number": "401NEW", "label": "x", "counterpart_account_id": bank}
    assert post(firm, supplier, society=4).json()["error"]["code"] == "COMPTE8"
    assert post(firm, {**supplier, "counterpart_account_id": accounts["601000"]}, society=4).status_code == 200
    customer = {"account_number": "411NEW", "label": "x", "counterpart_account_id": bank}
    assert post(firm, customer, society=4).json()["error"]["code"] == "COMPTE9"
    assert post(firm, {**customer, "counterpart_account_id": sales}, society=4).status_code == 200
    foreign = post(firm, {**customer, "account_number": "411OTHER", "counterpart_account_id": sales}, society=3)
    assert foreign.json()["error"]["code"] == "COMPTE5"
    created = post(firm, {"account_number": "601", "label": "x", "counterpart_account_id": bank}, society=2)
    assert created.json()["error"]["code"] == "COMPTE5"


def test_post_accepts_the_postman_example_body(firm: httpx.Client) -> None:
    body = {
        "exoneration": False, "account_number": "251", "label": "test25", "society_id": 80,
        "vat_param_id": 41, "array_counterpart_account": None, "das_2": False,
        "complementary_info": {
            "siren": "", "id_ape": "", "id_country": 78, "person_in_charge": "", "name": "",
            "contact_lastname": "", "contact_firstname": "", "function": "", "tel": "", "email": "",
            "iban_list": [{"iban": "", "bic": "", "etablissement": ""}], "id_payment_deadline": "",
            "payment_type_id": "", "address_number": "", "repetition_index": "", "way_type_id": "",
            "address": "", "address_complement": "", "postal_code": "", "city": "", "profession": "",
        },
    }
    created = post(firm, body)
    assert created.status_code == 200 and created.json()["account_number"] == "251000"
    info = v2(firm, created.json()["account_id"])["complementary_informations"]
    assert info["id_country"] == 78 and info["iban_list"] == []


def test_post_with_complementary_info_and_read_names_ignored(firm: httpx.Client) -> None:
    body = {
        "account_number": "401ACME", "label": "ACME", "provider": True, "intraco": True,
        "complementary_info": {"repetition_index": "B", "way_type_id": 9, "country": "fr",
                               "iban_list": [{"id_iban_compte_tiers": 555, "iban": IBAN, "bic": "agrifrpp"}]},
    }
    account_id = post(firm, body).json()["account_id"]
    item = v2(firm, account_id)
    assert item["presta"] is True and item["intraco"] is False  # `intraco` is a read name: ignored
    info = item["complementary_informations"]
    assert info["indice_repetition"] == "B" and info["typevoie"] == {"lib": "Rue", "id_type_voie": 9}
    assert info["id_country"] == 78
    assert info["iban_list"][0]["bic"] == "AGRIFRPP" and info["iban_list"][0]["id_iban_compte_tiers"] != 555


def test_put_is_a_full_replacement(firm: httpx.Client, sandbox: EmbeddedSandbox) -> None:
    body = {
        "account_number": "401ACME", "label": "ACME", "provider": True, "das_2": True,
        "complementary_info": {"name": "ACME", "city": "PARIS", "iban_list": [{"iban": IBAN}]},
    }
    account_id = post(firm, body).json()["account_id"]
    answer = put(firm, {"account_id": account_id, "account_number": "401ACME", "label": "ACME SAS",
                        "analytics": True, "exoneration": True})
    assert answer.status_code == 200
    item = answer.json()
    assert item["account_id"] == account_id and item["society_id"] == 2 and "row_number" not in item
    assert item["label"] == "ACME SAS" and item["presta"] is False and item["das_2"] is False
    assert item["exoneration"] is True
    after = v2(firm, account_id)
    assert after["analytics"] is True and after["presta"] is False
    assert after["complementary_informations"]["name"] is None
    assert after["complementary_informations"]["iban_list"] == []
    assert sandbox.stats()["writes_by_resource"]["account:2:401ACME"] == 2


def test_put_iban_ids(firm: httpx.Client) -> None:
    info = {"iban_list": [{"iban": IBAN}, {"iban": IBAN2}]}
    account_id = post(firm, {"account_number": "401IBAN", "label": "x", "complementary_info": info}).json()[
        "account_id"]
    ibans = v2(firm, account_id)["complementary_informations"]["iban_list"]
    keep = ibans[0]["id_iban_compte_tiers"]
    body = {"account_id": account_id, "label": "x",
            "complementary_info": {"iban_list": [{"id": keep, "iban": IBAN, "bic": "AGRIFRPP"},
                                                 {"iban": IBAN2, "bic": "COBADEFF"}]}}
    assert put(firm, body).status_code == 200
    after = v2(firm, account_id)["complementary_informations"]["iban_list"]
    assert len(after) == 2
    assert after[0]["id_iban_compte_tiers"] == keep and after[0]["bic"] == "AGRIFRPP"
    assert after[1]["id_iban_compte_tiers"] not in {i["id_iban_compte_tiers"] for i in ibans}  # old one deleted
    # the POST spelling of the id is not read by PUT: that entry is created anew
    body["complementary_info"] = {"iban_list": [{"id_iban_compte_tiers": keep, "iban": IBAN}]}
    put(firm, body)
    assert v2(firm, account_id)["complementary_informations"]["iban_list"][0]["id_iban_compte_tiers"] != keep
    body["complementary_info"] = {"iban_list": [{"id": 999_999, "iban": IBAN}]}
    assert put(firm, body).json()["error"]["code"] == "IBAN2"


def test_put_contacts_and_address(firm: httpx.Client) -> None:
    account_id = post(firm, {"account_number": "411CLI", "label": "x"}).json()["account_id"]
    info = {"way_type_id": 2, "address": "DES CHAMPS", "id_country": 6, "misc_doubtful_id": 1,
            "contact_list": [{"lastname": "DOE", "firstname": "John", "email": "j@d.example"}]}
    assert put(firm, {"account_id": account_id, "label": "x", "complementary_info": info}).status_code == 200
    read = v2(firm, account_id)["complementary_informations"]
    assert read["typevoie"]["lib"] == "Avenue" and read["id_country"] == 6 and read["misc_doubtful_id"] == 1
    assert read["contact_list"][0]["ordre"] == 1 and read["contact_list"][0]["lastname"] == "DOE"
    no_name = {"account_id": account_id, "label": "x", "complementary_info": {"contact_list": [{"firstname": "A"}]}}
    assert put(firm, no_name).json()["error"]["code"] == "COMPTE42"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"label": "x"}, "GBL10"),
        ({"account_id": "12", "label": "x"}, "GBL10"),
        ({"account_id": 1, "label": "x"}, "COMPTE2"),
        ({"account_id": "OWN"}, "GBL10"),
        ({"account_id": "OWN", "account_number": "AB1"}, "COMPTE6"),
        ({"account_id": "OWN", "account_number": "401ACME2"}, "GBL6"),
    ],
)
def test_put_validation(firm: httpx.Client, body: dict[str, Any], code: str) -> None:
    own = post(firm, {"account_number": "401ACME", "label": "x"}).json()["account_id"]
    post(firm, {"account_number": "401ACME2", "label": "y"})
    if body.get("account_id") == "OWN":
        body = {**body, "account_id": own}
    response = put(firm, body)
    assert response.status_code == 400 and response.json()["error"]["code"] == code


def test_put_account_of_another_dossier(firm: httpx.Client) -> None:
    other = firm.get("/account/v2", params={"begin_by": "512"}, headers={"society-id": "4"}).json()[0]
    response = put(firm, {"account_id": other["account_id"], "label": "x"}, society=2)
    assert response.json()["error"]["code"] == "COMPTE5"


def test_put_needs_firm_token_and_society_id(api: httpx.Client) -> None:
    refused = api.put("/account", json={"account_id": 100001, "label": "x"}, headers=headers(society_token(1)))
    assert refused.json()["error"]["code"] == "ERR-FORBIDDEN-ROUTE"
    missing = api.put("/account", json={"account_id": 100001, "label": "x"}, headers=headers())
    assert missing.json()["error"]["code"] == "GBL10"
