"""GET /account/v2 under each account shape (docs/sandbox.md, "Account shapes"): the documentation page's
example (default), the publisher's Postman captures, or the captures for the list and the page for one account."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bulkio.sandbox import EmbeddedSandbox, SandboxConfig
from tests.integration.test_cli_input import run_cli

# Key sets of the Postman "Account V2" examples (reference/myunisoft-postman-collection.json), copied here.
BASE = {"account_id", "account_number", "label", "closed", "das_2", "presta", "intraco", "exoneration",
        "btp_autoliquidation", "comment", "id_tva", "param_vat_id", "id_compte_contrepart", "correspondance_label",
        "correspondance_no_compte"}
CAPTURE_INFO = {"ape", "tel", "city", "name", "email", "siren", "address", "comment", "function", "lastname",
                "typevoie", "firstname", "iban_list", "id_country", "profession", "postal_code", "payment_type",
                "address_number", "payment_type_id", "amount_type_paid", "contact_lastname", "payment_deadline",
                "person_in_charge", "contact_firstname", "indice_repetition", "address_complement",
                "id_payment_deadline", "id_info_compte_tiers", "type_info_compte_tiers"}
# What the documentation page (miscellaneous_and_complementary_info.md) shows on top of the capture.
DOCS_TOP = {"analytics", "society_id", "ocr_threshold", "ocr_autovalidation"}
DOCS_INFO = {"tel2", "is_foreign", "contact_list", "misc_group", "misc_archived", "misc_referent", "misc_doubtful_id",
             "misc_language_id"}


def v2(firm: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    response = firm.get("/account/v2", params=params, headers={"society-id": "4"})
    assert response.status_code == 200, response.text
    return list(response.json())


def supplier(firm: httpx.Client, **params: Any) -> dict[str, Any]:
    return next(a for a in v2(firm, **params) if a["account_number"] == "401MINOTERIE")


def test_capture_shape_answers_the_captures_keys(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    sandbox.set_faults(account_shape="capture")
    assert set(supplier(firm)) == BASE  # "by account number", "by account ID"
    detailed = supplier(firm, details="true")
    assert set(detailed) == BASE | {"complementary_informations"}  # "with details"
    assert set(detailed["complementary_informations"]) == CAPTURE_INFO
    assert detailed["complementary_informations"]["name"] == "MINOTERIE DU CENTRE"  # same data, fewer keys
    assert set(supplier(firm, vat="true")) == BASE | {"vat_param"}  # "with VAT param"
    assert set(supplier(firm, counterpart="true")) == BASE | {"counterpart_account", "array_counterpart_account"}
    assert set(supplier(firm, quantity="true")) == BASE | {"quantities"}  # "with quantity"
    one = supplier(firm)["account_id"]
    [by_id] = v2(firm, account_id=one, details="true")
    assert set(by_id) == BASE | {"complementary_informations"}  # the capture was made by id


def test_docs_shape_is_the_default_and_capture_list_splits_list_and_one(sandbox: EmbeddedSandbox,
                                                                         firm: httpx.Client) -> None:
    full = supplier(firm, details="true")
    assert set(full) == BASE | DOCS_TOP | {"complementary_informations"}
    assert set(full["complementary_informations"]) == CAPTURE_INFO | DOCS_INFO
    sandbox.set_faults(account_shape="capture-list")
    assert set(supplier(firm, details="true")) == BASE | {"complementary_informations"}
    [by_id] = v2(firm, account_id=full["account_id"], details="true")
    assert by_id == full


def test_the_shape_is_an_option_of_the_operator_the_config_and_the_command(
    sandbox: EmbeddedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    faults = httpx.post(sandbox.url + "/_sandbox/faults", json={"account_shape": "capture"})
    assert faults.status_code == 200 and faults.json()["account_shape"] == "capture"
    refused = httpx.post(sandbox.url + "/_sandbox/faults", json={"account_shape": "live"})
    assert refused.status_code == 400 and "account_shape must be one of docs, capture, capture-list" in refused.text
    sandbox.reset()
    assert httpx.get(sandbox.url + "/_sandbox/faults").json()["account_shape"] == "docs"
    with EmbeddedSandbox(SandboxConfig(account_shape="capture")) as other:
        assert httpx.get(other.url + "/_sandbox/faults").json()["account_shape"] == "capture"
    code, _out, err = run_cli(["sandbox", "--account-shape", "live"], capsys)
    assert code == 2 and "--account-shape: docs | capture | capture-list ('live')" in err


@pytest.mark.parametrize("shape", ["docs", "capture", "capture-list"])
def test_writes_are_the_same_under_every_shape(sandbox: EmbeddedSandbox, firm: httpx.Client, shape: str) -> None:
    sandbox.set_faults(account_shape=shape)
    created = firm.post("/account", json={"account_number": "401NEW", "label": "NEW"}, headers={"society-id": "4"})
    assert created.json()["account_number"] == "401NEW"
