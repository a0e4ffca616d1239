"""GET /account?mode=1, ?mode=2 and /account/v2: filters, shapes, flags."""

from __future__ import annotations

import json

import httpx
from sandbox_support import headers


def get(firm: httpx.Client, path: str, society: int = 1, **params: object) -> httpx.Response:
    return firm.get(path, params=params, headers={"society-id": str(society)})


def test_demo_pcg_dossier_holds_932_padded_accounts(firm: httpx.Client) -> None:
    listing = get(firm, "/account", mode=2).json()
    assert listing["rows_number"] == 932 and listing["pages_number"] == 1
    assert len(listing["account_array"]) == 932
    numbers = [item["account_number"] for item in listing["account_array"]]
    assert numbers == sorted(numbers) and all(len(n) == 6 for n in numbers)
    assert [item["row_number"] for item in listing["account_array"][:3]] == [1, 2, 3]


def test_mode1_default_limit_is_5_and_no_cap(firm: httpx.Client) -> None:
    assert len(get(firm, "/account", mode=1).json()) == 5
    assert len(get(firm, "/account", mode=1, limit=2000).json()) == 932


def test_mode1_q_matches_label_or_number_prefix(firm: httpx.Client) -> None:
    by_number = get(firm, "/account", mode=1, q="106", limit=100).json()
    assert by_number and all(item["account_number"].startswith("106") for item in by_number)
    by_label = get(firm, "/account", mode=1, q="banque", limit=100).json()
    assert by_label and all("banque" in item["label"].lower() for item in by_label)
    assert set(by_label[0]) == {"account_id", "account_number", "label"}


def test_mode1_counterpart_only_when_set(firm: httpx.Client) -> None:
    items = get(firm, "/account", society=4, mode=1, q="401", limit=10).json()
    by_number = {item["account_number"]: item for item in items}
    assert "counterpart_account" not in by_number["401000"]
    assert by_number["401MINOTERIE"]["counterpart_account"]["account_number"] == "601000"
    assert by_number["401MINOTERIE"]["array_counterpart_account"][0]["num_ordre"] == 1


def test_mode2_list_item_shape(firm: httpx.Client) -> None:
    item = get(firm, "/account", mode=2, begin_by="10").json()["account_array"][0]
    assert set(item) == {
        "row_number", "account_id", "account_number", "label", "solde", "sens", "comment", "intraco",
        "btp_autoliquidation", "presta", "das_2", "blocked", "vat_param", "counterpart_account",
        "complementary_informations",
    }
    assert item["complementary_informations"] is None and item["comment"] == "" and item["solde"] == 0


def test_mode2_by_id_and_by_number_shape(firm: httpx.Client) -> None:
    some = get(firm, "/account", mode=2, begin_by="512").json()["account_array"][0]
    by_id = get(firm, "/account", mode=2, account_id=some["account_id"]).json()
    assert set(by_id) == {"account_array"}
    item = by_id["account_array"][0]
    assert item["society_id"] == 1 and "row_number" not in item
    assert {"exoneration", "closed", "array_counterpart_account"} <= set(item)
    info = item["complementary_informations"]
    assert info["iban_list"] == [] and info["way_type"] is None and info["indice_repetition"] is None
    by_number = get(firm, "/account", mode=2, begin_by="512000").json()
    assert set(by_number) == {"account_array"} and by_number["account_array"][0]["account_number"] == "512000"


def test_mode2_sort_and_paging(firm: httpx.Client) -> None:
    sort = json.dumps({"column": "account_number", "direction": "desc"})
    desc = get(firm, "/account", mode=2, begin_by="6", sort_=sort).json()["account_array"]
    numbers = [item["account_number"] for item in desc]
    assert numbers == sorted(numbers, reverse=True)
    page = get(firm, "/account", mode=2, offset=10, limit=100).json()
    assert page["rows_number"] == 932 and page["pages_number"] == 10
    assert page["account_array"][0]["row_number"] == 11 and len(page["account_array"]) == 100
    bad = get(firm, "/account", mode=2, sort=json.dumps({"column": "solde"}))
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "GBL10"


def test_mode_is_required(firm: httpx.Client) -> None:
    response = get(firm, "/account")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Le paramètre mode est manquant ou invalide"


def test_v2_base_and_flags(firm: httpx.Client) -> None:
    base = get(firm, "/account/v2", society=4, begin_by="401MIN").json()
    assert len(base) == 1
    assert set(base[0]) == {
        "account_id", "account_number", "label", "closed", "das_2", "presta", "intraco", "exoneration",
        "btp_autoliquidation", "comment", "id_tva", "param_vat_id", "id_compte_contrepart",
        "correspondance_label", "correspondance_no_compte",
    }
    assert base[0]["presta"] is True and base[0]["id_compte_contrepart"] is not None
    full = get(firm, "/account/v2", society=4, begin_by="401MIN", details="true", compta="true", vat="true",
               counterpart="true", quantity="true").json()[0]
    assert set(full) - set(base[0]) == {
        "analytics", "society_id", "ocr_threshold", "ocr_autovalidation", "complementary_informations",
        "sens", "solde", "blocked", "vat_param", "counterpart_account", "array_counterpart_account",
        "quantities",
    }
    info = full["complementary_informations"]
    assert info["typevoie"] == {"lib": "Route", "id_type_voie": 14}
    assert info["iban_list"][0]["id_iban_compte_tiers"] and info["iban_list"][0]["bic"] == "AGRIFRPP"
    assert info["contact_list"][0]["lastname"] == "PETIT" and info["id_country"] == 78
    assert "way_type" not in info and "repetition_index" not in info


def test_v2_counterpart_null_when_none_and_by_id(firm: httpx.Client) -> None:
    items = get(firm, "/account/v2", society=3, begin_by="512", counterpart="true").json()
    assert items[0]["counterpart_account"] is None and items[0]["array_counterpart_account"] is None
    one = get(firm, "/account/v2", society=3, account_id=items[0]["account_id"], details="true").json()
    assert len(one) == 1 and one[0]["complementary_informations"]["iban_list"] == []
    assert one[0]["analytics"] is False
    six = get(firm, "/account/v2", society=3, begin_by="6", details="true").json()
    assert six and all(item["analytics"] for item in six)  # demo: analytics on 6/7 in dossier 3


def test_v2_rejects_account_id_with_begin_by(firm: httpx.Client) -> None:
    response = get(firm, "/account/v2", account_id=1, begin_by="4")
    assert response.status_code == 400 and response.json()["error"]["code"] == "GBL10"


def test_society_token_reads_without_society_id(api: httpx.Client) -> None:
    response = api.get("/account/v2", params={"begin_by": "411"}, headers=headers("sandbox-society-4-token"))
    assert [item["account_number"] for item in response.json()] == ["411000", "411DUPONT"]
