"""Five dossiers, accounts and analytics, in one workbook: import, export the whole firm, import the export again.

Through the command line (`bulkio.cli.main`) against the sandbox's real socket, with a firm token from the
environment as a user would set it up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bulkio.sandbox import FIRM_TOKEN, SECRET
from tests.integration.analytics_data import write_book
from tests.integration.test_cli_input import run_cli

DOSSIERS = (2, 5, 6, 7, 8)
HEADERS = {
    "Comptes": ["Dossier", "N° de compte", "Libellé"],
    "Axes": ["Dossier", "Code axe", "Libellé", "Section par défaut"],
    "Sections": ["Dossier", "Code axe", "Code section", "Libellé", "Comptes", "Clôturée", "Par défaut"],
    "Répartitions": ["Dossier", "Code axe", "Clé", "Condition", "Code section", "Taux"],
}


def firm_workbook(path: Path) -> tuple[Path, dict[int, int]]:
    """Per dossier: 6 accounts, one axis with its default section and 3 more, a key over two sections."""
    sheets: dict[str, list[list[Any]]] = {name: [] for name in HEADERS}
    rows_per_dossier: dict[int, int] = {}
    names = {2: "DOSSIER VIDE SAS", 5: "5", 6: "50987412900018", 7: "CLIENT-007", 8: "8"}  # every way to name one
    for dossier in DOSSIERS:
        who = names[dossier]
        accounts = [[who, f"401D{dossier}{i}", f"Fournisseur {dossier}.{i}"] for i in range(3)]
        accounts += [[who, f"60{dossier}{i}00", f"Achats {dossier}.{i}"] for i in range(3)]
        sheets["Comptes"] += accounts
        sheets["Axes"].append([who, "ACTIVITE", f"Activités du dossier {dossier}", "ATTENTE"])
        sections = [[who, "ACTIVITE", "ATTENTE", "En attente", None, "Non", "Oui"]]
        sections += [[who, "ACTIVITE", f"S{dossier}{i}", f"Section {dossier}.{i}", None, "Non", "Non"]
                     for i in range(3)]
        sheets["Sections"] += sections
        rates = [[who, "ACTIVITE", "CLE1", "60", f"S{dossier}0", 60],
                 [who, "ACTIVITE", "CLE1", "60", f"S{dossier}1", 40]]
        sheets["Répartitions"] += rates
        rows_per_dossier[dossier] = len(accounts) + 1 + len(sections) + len(rates)
    return write_book(path, sheets, HEADERS), rows_per_dossier


def summary_by_dossier(path: Path) -> dict[str, dict[str, object]]:
    rows = [[cell.value for cell in row] for row in openpyxl.load_workbook(path)["Résumé"].iter_rows()]
    start = next(i for i, row in enumerate(rows) if row[0] == "Dossier")
    header = rows[start]
    found = {}
    for row in rows[start + 1:]:
        if row[0] in (None, "Total"):
            break
        found[str(row[0])] = dict(zip(header, row, strict=True))
    return found


def test_five_dossiers_import_export_reimport_with_zero_writes(
    sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MYUNISOFT_SECRET", SECRET)
    monkeypatch.setenv("MYUNISOFT_TOKEN", FIRM_TOKEN)
    source, rows_per_dossier = firm_workbook(tmp_path / "cabinet.xlsx")
    target = ["--base-url", sandbox.api_url]

    writes = sandbox.stats()["writes"]
    code, _out, err = run_cli(["import", str(source), *target, "--yes", "--enable-analytics",
                               "--result", str(tmp_path / "r1.xlsx")], capsys)
    assert code == 0, err
    first = sandbox.stats()["writes"] - writes
    # Per dossier: analytics switched on, 6 accounts, the axis, its 4 sections, then the key and its two rates
    # (the key's creation and one request for both rates): 14 writes, nothing wasted.
    assert first == 14 * len(DOSSIERS)
    counts = summary_by_dossier(tmp_path / "r1.xlsx")
    assert sorted(counts) == sorted(f"{d} {n}" for d, n in (
        (2, "DOSSIER VIDE SAS"), (5, "CAVE DES COTEAUX SARL"), (6, "GARAGE DU CENTRE SNC"),
        (7, "PHARMACIE DES HALLES SELARL"), (8, "ATELIER BOIS ET FER SAS")))
    for label, per in counts.items():
        dossier = int(label.split()[0])
        assert per["Créé"] == rows_per_dossier[dossier] and per["Total"] == rows_per_dossier[dossier], (label, per)

    export = tmp_path / "firm-export.xlsx"
    code, _out, err = run_cli(["export", "all", "-o", str(export), *target, "--all-societies"], capsys)
    assert code == 0, err

    writes = sandbox.stats()["writes"]
    code, _out, err = run_cli(["import", str(export), *target, "--yes", "--result", str(tmp_path / "r2.xlsx")],
                              capsys)
    assert code == 0, err
    assert sandbox.stats()["writes"] == writes  # the export of what was imported changes nothing
    again = summary_by_dossier(tmp_path / "r2.xlsx")
    for dossier in DOSSIERS:
        label = next(label for label in again if label.startswith(f"{dossier} "))
        assert again[label]["Inchangé"] == again[label]["Total"] >= rows_per_dossier[dossier], (label, again[label])
    assert len(again) == 8  # the whole firm came back, the three other demo dossiers included, all unchanged
