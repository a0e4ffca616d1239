"""Capital and associates: every refusal with its trigger (reference §6.7; docs/sandbox.md for the mapping)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bulkio.sandbox import EmbeddedSandbox


def ids(firm: httpx.Client, society: int = 1) -> dict[str, int]:
    found = firm.get("/account/v2", params={"begin_by": "4"}, headers={"society-id": str(society)}).json()
    return {a["account_number"]: int(a["account_id"]) for a in found}


def send(firm: httpx.Client, path: str, body: Any, society: int = 1) -> httpx.Response:
    return firm.post(path, json=body, headers={"society-id": str(society)})


def error(response: httpx.Response) -> str:
    assert response.status_code == 400 or response.status_code == 403, response.text
    return str(response.json()["error"]["code"])


@pytest.fixture
def dossier1(firm: httpx.Client) -> dict[str, int]:
    """Dossier 1 with a capital of 100 shares; returns account ids by number."""
    body = {"effective_date": "2020-01-01", "capital": 10000, "social_part": 100}
    assert send(firm, "/society/capital", body).status_code == 200
    return ids(firm)


@pytest.fixture
def holder3(firm: httpx.Client) -> None:
    """Dossier 3, pm_body's holder, with shares of its own (else ASSOCIE4)."""
    body = {"effective_date": "2019-06-12", "capital": 37000, "social_part": 3700}
    assert send(firm, "/society/capital", body, society=3).status_code == 200


def pp_body(accounts: dict[str, int], **changes: Any) -> dict[str, Any]:
    body = {"physical_person_id": 5003, "signatory_function_id": 3, "function_id": 10, "start_date": "2021-01-01",
            "end_date": "", "social_part": {"PP": 10, "NP": 0, "US": 0}, "account_id": accounts["455100"],
            "effective_date": "2021-01-01"}
    body.update(changes)
    return {key: value for key, value in body.items() if value is not ...}


def pm_body(accounts: dict[str, int], **changes: Any) -> dict[str, Any]:
    body = {"society_id": 3, "signatory_function_id": 6, "start_date": "2021-01-01", "end_date": "",
            "social_part": {"PP": 10, "NP": 0, "US": 0}, "account_id": accounts["467000"],
            "effective_date": "2021-01-01", "revenu_pro": False}
    body.update(changes)
    return {key: value for key, value in body.items() if value is not ...}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"capital": 1, "social_part": 1}, "SOCIETE2"),
        ({"effective_date": "2023-02-30", "capital": 1, "social_part": 1}, "SOCIETE2"),
        ({"effective_date": "20230201", "capital": 1, "social_part": 1}, "SOCIETE2"),
        ({"effective_date": "2023-02-01", "social_part": 1}, "GBL10"),
        ({"effective_date": "2023-02-01", "capital": -1, "social_part": 1}, "GBL10"),
        ({"effective_date": "2023-02-01", "capital": "1000", "social_part": 1}, "GBL10"),
        ({"effective_date": "2023-02-01", "capital": True, "social_part": 1}, "GBL10"),
        ({"effective_date": "2023-02-01", "capital": 1000}, "SOCIETE3"),
        ({"effective_date": "2023-02-01", "capital": 1000, "social_part": 0}, "SOCIETE3"),
        ({"effective_date": "2023-02-01", "capital": 1000, "social_part": -5}, "GBL10"),
        ({"effective_date": "2023-02-01", "capital": 1000, "social_part": 2.5}, "GBL10"),
        ({"effective_date": "2023-02-01", "capital": 1000, "social_part": "10"}, "GBL10"),
        ([1, 2], "GBL10"),
    ],
)
def test_capital_refusals(firm: httpx.Client, sandbox: EmbeddedSandbox, body: Any, expected: str) -> None:
    assert error(send(firm, "/society/capital", body)) == expected
    assert sandbox.stats()["writes"] == 0


def test_capital_zero_amount_is_accepted(firm: httpx.Client) -> None:
    body = {"effective_date": "2023-02-01", "capital": 0, "social_part": 1}
    assert send(firm, "/society/capital", body).json()["social_part_value"] == 0


def test_no_capital_means_no_associate(firm: httpx.Client) -> None:
    accounts = ids(firm)
    assert error(send(firm, "/associate/natural_person", pp_body(accounts))) == "ASSOCIE5"
    assert error(send(firm, "/associate/legal_entity", pm_body(accounts))) == "ASSOCIE5"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"physical_person_id": ...}, "PERS_PHYSIQUE5"),
        ({"physical_person_id": None}, "PERS_PHYSIQUE5"),
        ({"physical_person_id": "5003"}, "GBL10"),
        ({"physical_person_id": 4999}, "PERS_PHYSIQUE11"),
        ({"physical_person_id": 1}, "PERS_PHYSIQUE11"),
        ({"signatory_function_id": ...}, "GBL10"),
        ({"signatory_function_id": 7}, "GBL10"),
        ({"function_id": ...}, "GBL10"),
        ({"function_id": 2}, "GBL10"),
        ({"function_id": "10"}, "GBL10"),
        ({"start_date": "2021-1-1"}, "GBL10"),
        ({"start_date": ...}, "GBL10"),
        ({"end_date": None}, "GBL10"),
        ({"end_date": ...}, "GBL10"),
        ({"end_date": "2021-02-30"}, "GBL10"),
        ({"effective_date": ...}, "GBL10"),
        ({"end_date": "2020-12-31"}, "ASSOCIE6"),
        ({"effective_date": "2020-12-31"}, "ASSOCIE8"),
        ({"end_date": "2021-06-30", "effective_date": "2021-07-01"}, "ASSOCIE8"),
        ({"social_part": ...}, "ASSOCIE1"),
        ({"social_part": None}, "ASSOCIE1"),
        ({"social_part": {"PP": 10, "NP": 0}}, "ASSOCIE1"),
        ({"social_part": {"PP": 0, "NP": 0, "US": 0}}, "ASSOCIE1"),
        ({"social_part": {"PP": -1, "NP": 0, "US": 0}}, "GBL10"),
        ({"social_part": {"PP": 1.5, "NP": 0, "US": 0}}, "GBL10"),
        ({"social_part": {"PP": "1", "NP": 0, "US": 0}}, "GBL10"),
        ({"function_id": 13}, "GBL10"),  # "Associé sans part" holding shares
        ({"social_part": {"PP": 101, "NP": 0, "US": 0}}, "ASSOCIE2"),
        ({"account_id": ...}, "GBL10"),
        ({"account_id": "x"}, "GBL10"),
        ({"account_id": 999}, "COMPTE2"),
    ],
)
def test_natural_person_refusals(firm: httpx.Client, sandbox: EmbeddedSandbox, dossier1: dict[str, int],
                                 changes: dict[str, Any], expected: str) -> None:
    assert error(send(firm, "/associate/natural_person", pp_body(dossier1, **changes))) == expected
    assert sandbox.stats()["writes_by_resource"] == {"capital:1:2020-01-01": 1}


def test_end_equal_to_start_and_effective_bounds_are_accepted(firm: httpx.Client, dossier1: dict[str, int]) -> None:
    body = pp_body(dossier1, end_date="2021-01-01", effective_date="2021-01-01")
    assert send(firm, "/associate/natural_person", body).status_code == 200


@pytest.mark.parametrize("number", ["455100", "456000", "451000", "467000"])
def test_associate_accounts_accepted(firm: httpx.Client, dossier1: dict[str, int], number: str) -> None:
    body = pp_body(dossier1, account_id=dossier1[number])
    assert send(firm, "/associate/natural_person", body).status_code == 200


@pytest.mark.parametrize("number", ["457000", "458100", "401000", "411000", "421000", "460000", "46"])
def test_associate_accounts_refused(firm: httpx.Client, dossier1: dict[str, int], number: str) -> None:
    if number.startswith("46") and number not in dossier1:  # the bare roots: created in dossier 1 for the test
        created = send(firm, "/account", {"account_number": number, "label": "ROOT 46"}).json()
        assert created["account_number"] == "460000"
        dossier1[number] = created["account_id"]
    assert error(send(firm, "/associate/natural_person", pp_body(dossier1, account_id=dossier1[number]))) == "ASSOCIE7"
    assert error(send(firm, "/associate/legal_entity", pm_body(dossier1, account_id=dossier1[number]))) == "ASSOCIE7"


def test_account_of_another_dossier(firm: httpx.Client, dossier1: dict[str, int]) -> None:
    other = ids(firm, 4)["455100"]
    assert error(send(firm, "/associate/natural_person", pp_body(dossier1, account_id=other))) == "COMPTE5"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"society_id": ...}, "SOCIETE10"),
        ({"society_id": None}, "SOCIETE10"),
        ({"society_id": "3"}, "GBL10"),
        ({"society_id": 99}, "SOCIETE16"),
        ({"society_id": 1}, "GBL10"),  # the dossier itself
        ({"signatory_function_id": 0}, "GBL10"),
        ({"end_date": "2020-01-01"}, "ASSOCIE6"),
        ({"effective_date": "2020-01-01"}, "ASSOCIE8"),
        ({"social_part": {"PP": 0, "NP": 0, "US": 0}}, "ASSOCIE1"),
        ({"social_part": {"PP": 0, "NP": 0, "US": 0}, "function_id": 13}, "ASSOCIE1"),  # no function for entities
        ({"social_part": {"PP": 60, "NP": 41, "US": 0}}, "ASSOCIE2"),
        ({"account_id": ...}, "GBL10"),
        ({"revenu_pro": ...}, "GBL10"),
        ({"revenu_pro": "false"}, "GBL10"),
    ],
)
@pytest.mark.usefixtures("holder3")
def test_legal_entity_refusals(firm: httpx.Client, dossier1: dict[str, int], changes: dict[str, Any],
                               expected: str) -> None:
    assert error(send(firm, "/associate/legal_entity", pm_body(dossier1, **changes))) == expected


def test_associe4_the_holder_company_needs_shares(firm: httpx.Client, sandbox: EmbeddedSandbox) -> None:
    """ASSOCIE4 (400, error-codes.csv): the company that holds the shares has none (no capital in its dossier);
    checked after ASSOCIE5, inside the upsert, whatever the link."""
    send(firm, "/society/capital", {"effective_date": "2020-01-01", "capital": 10000, "social_part": 100})
    accounts = ids(firm)
    refused = send(firm, "/associate/legal_entity", pm_body(accounts, society_id=2))
    assert refused.status_code == 400
    assert refused.json()["error"] == {**refused.json()["error"], "code": "ASSOCIE4",
                                       "message": 'Il n\'y a aucune part renseignée sur la société "DOSSIER VIDE SAS".'}
    assert sandbox.stats()["writes_by_resource"] == {"capital:1:2020-01-01": 1}
    send(firm, "/society/capital", {"effective_date": "2021-03-22", "capital": 1000, "social_part": 10}, society=2)
    assert send(firm, "/associate/legal_entity", pm_body(accounts, society_id=2)).status_code == 200


@pytest.mark.usefixtures("holder3")
def test_legal_entity_periods(firm: httpx.Client, dossier1: dict[str, int]) -> None:
    closed = pm_body(dossier1, start_date="2015-01-01", end_date="2016-12-31", effective_date="2015-01-01")
    assert send(firm, "/associate/legal_entity", closed).status_code == 200
    overlap = pm_body(dossier1, start_date="2016-12-31", end_date="2017-12-31", effective_date="2016-12-31")
    assert error(send(firm, "/associate/legal_entity", overlap)) == "ASSOCIE9"
    assert send(firm, "/associate/legal_entity", pm_body(dossier1)).status_code == 200
    before = pm_body(dossier1, start_date="2010-01-01", end_date="2010-12-31", effective_date="2010-01-01")
    assert error(send(firm, "/associate/legal_entity", before)) == "ASSOCIE9"  # the holder has an open link
    other_holder = pm_body(dossier1, society_id=4, start_date="2010-01-01", end_date="2010-12-31",
                           effective_date="2010-01-01")
    assert send(firm, "/associate/legal_entity", other_holder).status_code == 200


def test_body_must_be_an_object(firm: httpx.Client, dossier1: dict[str, int]) -> None:
    for path in ("/associate/natural_person", "/associate/legal_entity"):
        assert error(firm.post(path, content=b"not json", headers={"society-id": "1"})) == "GBL10"
        assert error(send(firm, path, [pp_body(dossier1)])) == "GBL10"
