"""A FEC imported into an empty dossier through the command line, against the embedded sandbox (docs/fec.md).

The user hands bulkio the FEC of a year (SIRENFECAAAAMMJJ.txt): they mean "give this dossier the chart of accounts
this FEC shows", general accounts and customers and suppliers under their collective's root, each with the label
the FEC mostly gives it. The dossier must end up holding exactly those accounts, and the same FEC imported again
must send nothing.

The command runs in-process (tests/realworld/harness.cli) against the session's sandbox, whose rate limit is
scaled up: `--sandbox` would start one at the documented 20 requests per 10 s (500 s for 1,000 accounts).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bulkio.sandbox import EmbeddedSandbox
from tests.fec_builder import Fec, chart_fec, line, write_fec
from tests.realworld.harness import RESULT_LINE, Run, cli, read_state

DOSSIER = 2  # DOSSIER VIDE SAS: no account before the import


def import_fec(fec: Fec, sandbox: EmbeddedSandbox, home: Path) -> tuple[Run, int]:
    """Run `bulkio import FEC`; its exit, and the writes the sandbox received."""
    before = sandbox.stats()["writes"]
    run = cli(["import", str(fec.path), "--base-url", sandbox.api_url, "--society-id", str(DOSSIER), "--yes"], home)
    assert run.code == 0, run.shown
    assert "Traceback" not in run.shown
    return run, sandbox.stats()["writes"] - before


def dossier_accounts(sandbox: EmbeddedSandbox) -> dict[str, str]:
    state, _records = read_state(sandbox, DOSSIER, {"accounts"})
    return state["accounts"]


def result_rows(run: Run) -> list[tuple[object, ...]]:
    [path] = RESULT_LINE.findall(run.shown)
    assert path.endswith(".xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Résumé", "Comptes"]
    return list(book["Comptes"].iter_rows(values_only=True))


def test_a_year_of_entries_becomes_the_chart_of_an_empty_dossier(sandbox: EmbeddedSandbox, tmp_path: Path) -> None:
    """1,000 accounts (900 of the PCG, 100 customers and suppliers), tab-separated ISO-8859-15 as most software
    write it: created once with their majority label, then unchanged."""
    fec = chart_fec(tmp_path / "123456789FEC20241231.txt", encoding="iso8859_15", separator="\t")
    assert len(fec.expected) == 1000 and fec.lines > 3000
    assert dossier_accounts(sandbox) == {}

    first, writes = import_fec(fec, sandbox, tmp_path / "home")
    assert dossier_accounts(sandbox) == fec.expected
    assert writes == 1000
    assert {"411C0001", "411DUPONT", "411MARTIN", "401MARTIN", "40100123", "401F0001"} <= set(fec.expected)
    assert "Remarque — « Comptes » : FEC « 123456789FEC20241231.txt » : 900 comptes généraux et 100 comptes de " \
           "tiers lus de" in first.err
    assert "(411000 → 411, 401000 → 401) ; changez-la avec --map." in first.err
    rows = result_rows(first)
    assert rows[0][:3] == ("N° de compte", "Libellé", "Statut")
    assert [(row[0], row[1], row[2]) for row in rows[1:]] == [(n, label, "Créé") for n, label in fec.expected.items()]

    again, writes = import_fec(fec, sandbox, tmp_path / "home")
    assert writes == 0
    assert {row[2] for row in result_rows(again)[1:]} == {"Inchangé"}
    assert dossier_accounts(sandbox) == fec.expected


@pytest.mark.parametrize(("separator", "encoding", "bom", "newline"), [
    ("|", "iso8859_15", False, "\n"), ("|", "utf-8", True, "\r\n"), ("\t", "utf-8", False, "\n"),
])
def test_every_separator_and_encoding_imports_the_same_chart(sandbox: EmbeddedSandbox, tmp_path: Path, separator: str,
                                                             encoding: str, bom: bool, newline: str) -> None:
    """'Société Générale', 'Œuvres Sociales', 'Euro € Services' reach the dossier as written, whatever the file."""
    fec = chart_fec(tmp_path / "123456789FEC20241231.txt", accounts=60, customers=12, suppliers=5,
                    separator=separator, encoding=encoding, bom=bom, newline=newline)
    _run, writes = import_fec(fec, sandbox, tmp_path / "home")
    accounts = dossier_accounts(sandbox)
    assert accounts == fec.expected and writes == 60
    assert {"Société Générale 1", "Œuvres Sociales du Rhône 1", "Euro € Services 1"} <= set(accounts.values())
    _again, writes = import_fec(fec, sandbox, tmp_path / "home")
    assert writes == 0


def test_the_roots_of_the_mapping_file_number_the_third_parties(sandbox: EmbeddedSandbox, tmp_path: Path) -> None:
    """The dossier's customers are 411C + code: the user says so once in the mapping file, [fec.racines]."""
    rows = [line("VE", 1, "20240105", "411000", "Clients", 12_000, 0, aux="0002", aux_label="Boulangerie Hélène"),
            line("VE", 1, "20240105", "706000", "Prestations de services", 0, 12_000)]
    fec = Fec(write_fec(tmp_path / "123456789FEC20241231.txt", rows), 2)
    mapping = tmp_path / "racines.toml"
    mapping.write_text('[fec.racines]\n"411000" = "411C"\n', encoding="utf-8")
    run = cli(["import", str(fec.path), "--base-url", sandbox.api_url, "--society-id", str(DOSSIER), "--yes",
               "--map", str(mapping)], tmp_path / "home")
    assert run.code == 0, run.shown
    assert "(411000 → 411C) ; changez-la avec --map." in run.err
    assert dossier_accounts(sandbox) == {"411000": "Clients", "411C0002": "Boulangerie Hélène",
                                         "706000": "Prestations de services"}
