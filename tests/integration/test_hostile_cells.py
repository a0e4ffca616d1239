"""Local validation is the API's: if `bulkio validate` accepts a row, the sandbox accepts the write built from it.

For each writable column of each sheet, the values accountants really type (trailing dot or dash, slash, spaces,
accents, lower case, emoji, 21 characters, leading zero, '401000, 401 000, French decimals, "(vide)", ...) are
put one per row, the rest of the row valid, and the workbook is imported for real into the sandbox. A row the
validator refuses sends nothing; every write that is sent must be accepted: the sandbox answers no 4xx
(`refused_writes` is empty) and no row ends with an API business error. The same import again then sends
nothing: the dossier holds what the rows said.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bulkio.outcome import Status
from bulkio.session import run_import
from bulkio.spec import ASSOCIES_PM, ASSOCIES_PP, AXES, CAPITAL, COMPTES, REPARTITIONS, SECTIONS
from bulkio.spec.model import EntitySpec
from tests.conftest import firm_target
from tests.workbook.builders import xlsx

TYPED = [
    "401000.", "411000-", "512-000", "6061/1", "61/62", "401 000", "'401000", " 401000 ", "0401000", "401000.0",
    "401é", "Café", "ÉLODIE", "dupont", "401dupont", "🚚 Transports", "💰", "A" * 21, "4" * 21, "x" * 300,
    "1,5", "1.5", "12,500", "10.000", "1 000,50", "-3", "0", "100", "33,5", "50 %", "1e3", "4.01E+05", "(vide)",
    "Oui", "non", "X", "2024-02-30", "31/12/2024", "2024-01-01", "N/A", "=1+1", "NULL", "\u00a0512", "Rue", "rue",
    "France", "FR", "Allemagne", "732829320", "732 829 320", "73282932", "123456789", "٤٠١٠٠٠",
    "FR76 3000 6000 0112 3456 7890 189", "fr7630006000011234567890189", "FR7630006000011234567890188",
    "BNPAFRPP", "bnpafrppxxx", "BNP", "test@example.fr", "test@", "06 12 34 56 78",
]
NUMBERS = [401000, 401000.0, 512, 0.5, 33.5, 100, -1, 0]  # typed as numbers in Excel

RowMaker = Callable[[int], dict[str, Any]]


def _rows(spec: EntitySpec, base: RowMaker, columns: Sequence[str],
          extra: Mapping[str, Sequence[Any]] | None = None) -> list[list[Any]]:
    """One row per (column, hostile value), the other cells from `base(i)`; the headers first."""
    headers = [spec.column(key).fr for key in dict.fromkeys([*base(0), *columns])]
    keys = list(dict.fromkeys([*base(0), *columns]))
    rows: list[list[Any]] = [headers]
    for column in columns:
        for value in [*TYPED, *NUMBERS, *(extra or {}).get(column, ())]:
            cells = base(len(rows))
            cells[column] = value
            rows.append([cells.get(key) for key in keys])
    return rows


def _import_and_check(sandbox: Any, tmp_path: Path, sheets: Mapping[str, list[list[Any]]], society_id: int,
                      **options: Any) -> dict[Status, int]:
    book = xlsx(tmp_path / "hostile.xlsx", sheets)
    before = sandbox.stats()["writes"]
    validation, run = run_import(book, firm_target(sandbox, society_id), tmp_path / "r.xlsx",
                                 journal_dir=tmp_path / "j", **options)
    assert sandbox.stats()["refused_writes"] == {}
    answered = {key: (o.error_code, o.message) for key, o in run.result.outcomes.items()
                if o.status is Status.ERROR and o.request_id}  # sent, and refused or failed
    assert answered == {}
    counts: dict[Status, int] = {}
    for outcome in run.result.outcomes.values():
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    assert sandbox.stats()["writes"] > before and validation.issues  # some rows went through, some were refused
    # What was accepted is what MyUnisoft now holds: nothing silently dropped or rewritten (a BIC without its
    # IBAN, a value stored in another form), or the same workbook would plan writes again.
    written = sandbox.stats()["writes"]
    run_import(book, firm_target(sandbox, society_id), tmp_path / "r2.xlsx", journal_dir=tmp_path / "j2", **options)
    assert sandbox.stats()["writes"] == written
    return counts


def test_comptes_cells_the_validator_accepts_are_accepted_by_the_api(sandbox: Any, tmp_path: Path) -> None:
    writable = [c.key for c in COMPTES.columns if c.write and c.key != "dossier"]
    rows = _rows(COMPTES, lambda i: {"account_number": f"401H{i:04d}", "label": f"Hostile {i}"}, writable,
                 {"account_number": ["401H", "A401", "4010000000000000000", "401_000"],
                  "counterpart": ["607000", "601"]})
    counts = _import_and_check(sandbox, tmp_path, {"Comptes": rows}, 2)
    assert counts[Status.CREATED] > 500


def test_analytics_cells_the_validator_accepts_are_accepted_by_the_api(sandbox: Any, tmp_path: Path) -> None:
    axes = _rows(AXES, lambda i: {"axe_code": f"AX{i:04d}", "label": f"Axe {i}"}, ["axe_code", "label",
                                                                                      "default_section"])
    sections = _rows(SECTIONS, lambda i: {"axe_code": "SITE", "section_code": f"S{i:04d}", "label": f"Section {i}"},
                     ["section_code", "label", "account", "closed"], {"account": ["601;-6011", "6, 7", "-6"]})
    rates = _rows(REPARTITIONS, lambda i: {"axe_code": "SITE", "key": f"K{i:04d}", "condition": "6",
                                           "section_code": "LYON", "rate": 100},
                  ["key", "condition", "section_code", "rate"])
    counts = _import_and_check(sandbox, tmp_path, {"Axes": axes, "Sections": sections, "Répartitions": rates}, 3)
    assert counts[Status.CREATED] > 100


def test_capital_cells_the_validator_accepts_are_accepted_by_the_api(sandbox: Any, tmp_path: Path) -> None:
    rows = _rows(CAPITAL, lambda i: {"effective_date": f"{1900 + i}-01-01", "capital": 1000, "shares": 100},
                 ["effective_date", "capital", "shares"])
    _import_and_check(sandbox, tmp_path, {"Capital": rows}, 5)


def test_associates_cells_the_validator_accepts_are_accepted_by_the_api(sandbox: Any, tmp_path: Path) -> None:
    capital = [[c.fr for c in (CAPITAL.column("effective_date"), CAPITAL.column("capital"),
                               CAPITAL.column("shares"))], ["1800-01-01", 100000, 100000]]

    def person(i: int) -> dict[str, Any]:  # a row per year: periods never overlap, shares always fit
        return {"person_id": 5003 + i % 14, "signatory_function": "Gérant", "function": "Associé",
                "start_date": f"{1801 + i}-01-01", "end_date": f"{1801 + i}-12-31", "pp": 1, "account": "455100"}

    def company(i: int) -> dict[str, Any]:
        return {"company": str(1 + i % 5), "signatory_function": "Gérant", "start_date": f"{1801 + i}-01-01",
                "end_date": f"{1801 + i}-12-31", "pp": 1, "account": "467100"}

    people = _rows(ASSOCIES_PP, person, ["person_id", "last_name", "first_name", "signatory_function", "function",
                                         "start_date", "end_date", "effective_date", "pp", "np", "us", "account"],
                   {"last_name": ["MARTIN"], "first_name": ["Jean-Pierre"], "function": ["Associé sans part"]})
    companies = _rows(ASSOCIES_PM, company, ["company", "signatory_function", "start_date", "end_date",
                                             "effective_date", "pp", "np", "us", "account", "revenu_pro"],
                      {"company": ["ANALYTIQUE SA", "analytique sa", "85210987500017", "852109875", "6"]})
    counts = _import_and_check(sandbox, tmp_path, {"Capital": capital, "Associés PP": people, "Associés PM": companies},
                               6, create_accounts=True)
    assert counts[Status.CREATED] > 50
