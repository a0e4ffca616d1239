"""A BIC is stored on an IBAN (api_rules.bic_without_iban): MyUnisoft drops an IBAN entry without its IBAN, the BIC
with it, and answers success. So a row with a BIC is judged at plan time against the IBAN it would land on: the
row's, else the one the account already has in MyUnisoft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.entities import HANDLERS
from bulkio.outcome import Status
from bulkio.pipeline import connect
from bulkio.sandbox import account_store as db
from bulkio.session import run_import
from tests.conftest import firm_target, read_sheet
from tests.workbook.builders import xlsx

HEADERS = ["N° de compte", "Libellé", "IBAN", "BIC"]
KNOWN_IBAN = "FR7630006000011234567890189"
NEW_IBAN = "FR1420041010050500013M02606"


def _exported(sandbox: Any) -> dict[str, tuple[Any, Any]]:
    client: MyUnisoftClient
    client, _context = connect(firm_target(sandbox, 2))
    with client:
        rows = HANDLERS["comptes"].export_rows(HANDLERS["comptes"].load_snapshot(client, None), "fr")
    return {row["account_number"]: (row["iban"], row["bic"]) for row in rows if row["account_number"].startswith("411")}


def test_a_bic_goes_on_an_iban_of_the_row_or_of_myunisoft_never_silently_nowhere(sandbox: Any, tmp_path: Path) -> None:
    # Meant: the BNP BIC of a new client given without its IBAN (it would be lost: blocked, saying to add the IBAN);
    # the new BIC of a known client whose IBAN MyUnisoft has (that IBAN's BIC changes); a new client with both.
    with sandbox._app.state.sandbox.store.write() as conn:
        db.insert_account(conn, 2, db.AccountWrite("411CONNU", "CLIENT CONNU", info={},
                                                   ibans=[{"id": None, "iban": KNOWN_IBAN, "bic": "AGRIFRPP"}]))
    book = xlsx(tmp_path / "clients.xlsx", {"Comptes": [
        HEADERS, ["411SANSIBAN", "CLIENT SANS IBAN", None, "BNPAFRPP"], ["411CONNU", "CLIENT CONNU", None, "BNPAFRPP"],
        ["411NEUF", "CLIENT NEUF", NEW_IBAN, "BNPAFRPP"]]})
    target = firm_target(sandbox, 2)

    _validation, run = run_import(book, target, tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert {key[1]: (o.status, o.error_code) for key, o in run.result.outcomes.items()} == {
        2: (Status.ERROR, "BIC_WITHOUT_IBAN"), 3: (Status.UPDATED, ""), 4: (Status.CREATED, "")}
    first = read_sheet(tmp_path / "r.xlsx", "Comptes")[0]
    assert (first["Statut"], first["Message"]) == ("Erreur", (
        "BIC: le BIC « BNPAFRPP » ne s'enregistre que sur un IBAN, et ce compte n'en a ni sur la ligne ni dans "
        "MyUnisoft (MyUnisoft laisserait le BIC de côté sans le dire) : renseignez l'IBAN sur la ligne, colonne "
        "« IBAN », ou videz la cellule du BIC."))
    assert sandbox.stats()["refused_writes"] == {}
    assert _exported(sandbox) == {"411CONNU": (KNOWN_IBAN, "BNPAFRPP"), "411NEUF": (NEW_IBAN, "BNPAFRPP")}

    writes = sandbox.stats()["writes"]
    _validation, again = run_import(book, target, tmp_path / "r2.xlsx", journal_dir=tmp_path / "j")
    assert sandbox.stats()["writes"] == writes  # the dossier has settled
    assert [o.status for _k, o in sorted(again.result.outcomes.items())] == [Status.ERROR, Status.UNCHANGED,
                                                                             Status.UNCHANGED]
