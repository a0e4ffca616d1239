"""The sandbox and the validator apply one definition of each rule on a cell (bulkio/spec/api_rules.py); the
sandbox counts the writes it refuses (`refused_writes`) and pads numbers as each dossier's settings say."""

from __future__ import annotations

import re

import httpx
import pytest
from sandbox_support import headers, society_token

from bulkio.sandbox import EmbeddedSandbox
from bulkio.spec import COMPTES
from bulkio.validate.values import CellError, parse_cell

HOSTILE_NUMBERS = [
    "401000.", "411000-", "512-000", "6061/1", "61/62", "401 000", "401é", "401💰", "0401000", "AB411",
    "4" * 21, "4" * 20, "401dupont", "401DUPONT", "512", "ﬁ401", "401ß", "٤٠١٠٠٠",
]


def _validated(text: str) -> tuple[str | None, str]:
    """The validator's code for a cell (None: accepted), and what bulkio would send for it."""
    column = COMPTES.column("account_number")
    for rule in column.rules:  # the spec's rules on the raw text, as pandera applies them
        if rule.pattern is not None and not re.match(rule.pattern, text):
            return rule.code, text
        if rule.max_length is not None and len(text) > rule.max_length:
            return rule.code, text
    try:
        return None, str(parse_cell(column, text))
    except CellError as error:
        return error.code.split(".", 1)[1].upper(), text


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_the_sandbox_refuses_a_number_exactly_when_the_validator_does(number: str, firm: httpx.Client) -> None:
    code, sent = _validated(number)
    answer = firm.post("/account", json={"account_number": sent, "label": "x"}, headers={"society-id": "2"})
    assert (answer.json()["error"]["code"] if answer.status_code != 200 else None) == code


def test_refused_writes_count_write_routes_answered_4xx_by_route_and_code(
        sandbox: EmbeddedSandbox, firm: httpx.Client, api: httpx.Client) -> None:
    society = {"society-id": "2"}
    firm.post("/account", json={"account_number": "401000.", "label": "x"}, headers=society)
    firm.post("/account", json={"account_number": "401000.", "label": "x"}, headers=society)
    firm.post("/account", json={"account_number": "401000", "label": " "}, headers=society)
    api.put("/account", json={"account_id": 1, "label": "x"}, headers=headers(society_token(2)))
    firm.get("/account", params={"mode": "9"}, headers=society)  # a read refused: not a write
    firm.post("/account", json={"account_number": "401000", "label": "x"}, headers=society)  # accepted
    sandbox.set_faults(rate_limit="1/60")
    firm.post("/account", json={"account_number": "401001", "label": "x"}, headers=society)  # 429: not counted
    assert sandbox.stats()["refused_writes"] == {
        "POST /api/v1/account COMPTE1": 2, "POST /api/v1/account COMPTE4": 1,
        "PUT /api/v1/account ERR-FORBIDDEN-ROUTE": 1,
    }
    sandbox.reset()
    assert sandbox.stats()["refused_writes"] == {}


def test_each_dossier_pads_numbers_as_its_settings_say(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    store = sandbox._app.state.sandbox.store  # type: ignore[attr-defined]
    with store.write() as conn:
        store.put_society(conn, {**store.society(5), "max_car_general_account": 8})
        store.put_society(conn, {**store.society(6), "auto_complete_account": False})
    params = {n: firm.get("/society/accountingParameters", headers={"society-id": str(n)}).json() for n in (2, 5, 6)}
    assert [(p["max_car_general_account"], p["auto_complete_account"]) for p in params.values()] == [
        (6, True), (8, True), (6, False)]
    stored = {n: firm.post("/account", json={"account_number": "512", "label": "Banque"},
                           headers={"society-id": str(n)}).json()["account_number"] for n in (2, 5, 6)}
    assert stored == {2: "512000", 5: "51200000", 6: "512"}
