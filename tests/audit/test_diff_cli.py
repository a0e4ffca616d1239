"""`bulkio diff`: a workbook against live data through the command line, the sandbox on a real socket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bulkio.entities import comptes
from tests.audit.support import client_for, export_book, read_detail, read_summary
from tests.conftest import write_xlsx
from tests.integration.test_cli_input import run_cli
from tests.support.files import digest

KINDS = ("Comptes", "Axes", "Sections", "Répartitions", "Capital", "Associés PP", "Associés PM")


@pytest.mark.parametrize("dossier", [1, 3, 4])
def test_an_export_audited_against_its_dossier_has_no_difference(
    sandbox: Any, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], dossier: int
) -> None:
    exported = tmp_path / f"export-{dossier}.xlsx"
    code, _o, err = run_cli(["export", "all", "-o", str(exported), "--base-url", sandbox.url, "--society-id",
                             str(dossier)], capsys)
    assert code == 0, err
    report = tmp_path / "audit.xlsx"
    code, _o, err = run_cli(["diff", str(exported), "--base-url", sandbox.url, "--society-id", str(dossier),
                             "-o", str(report)], capsys)
    assert code == 0, err
    assert "audit.xlsx" in err
    summary = read_summary(report)
    compared = 0
    for sheet in KINDS:
        counts = next(v for (d, s), v in summary.items() if s == sheet and d.startswith(f"{dossier} "))
        assert counts["Seulement dans le classeur"] == counts["Seulement dans MyUnisoft"] == 0, sheet
        assert counts["Différents"] == counts["Non comparés"] == 0, sheet
        compared += counts["Identiques"]
    assert compared == {1: 932, 3: 22, 4: 20}[dossier]  # every exported row, matched and identical
    assert read_detail(report)[0]["Dossier"].startswith("Aucun écart")


def _ids(client: Any, axe_code: str) -> tuple[int, dict[str, int]]:
    axe = next(a for a in client.get("/analytics/axes").data if a["code"] == axe_code)
    sections = client.get(f"/analytics/axes/{axe['id_axe']}/sections", {"closed_section": "true"}).data
    return axe["id_axe"], {s["code"]: s["id_section_analytique"] for s in sections}


def _relabel(client: Any, number: str, **values: Any) -> None:
    snapshot = comptes.load_snapshot(client)
    client.put("/account", comptes.update_body(snapshot.by_number[number], values, snapshot))


def _link_pp(client: Any, accounts: dict[str, int], person: int, signatory: int, function: int, start: str,
             pp: int, account: str) -> None:
    client.post("/associate/natural_person", {
        "physical_person_id": person, "signatory_function_id": signatory, "function_id": function,
        "start_date": start, "end_date": "", "social_part": {"PP": pp, "NP": 0, "US": 0},
        "account_id": accounts[account], "effective_date": start})


def plant(sandbox: Any) -> None:
    """3 additions, 2 removals and 4 field changes in live data, across dossiers 3 and 4."""
    three, four = client_for(sandbox, 3), client_for(sandbox, 4)
    # additions: rows only in MyUnisoft
    three.post("/account", {"account_number": "706100", "label": "VENTES EN LIGNE"})
    site, _sections = _ids(three, "SITE")
    three.post(f"/analytics/axes/{site}/sections", {"code": "BORDEAUX", "label": "Bordeaux"})
    accounts = {r["account_number"]: r["account_id"] for r in four.get("/account/v2").data}
    _link_pp(four, accounts, 5001, 1, 3, "2010-01-04", 300, "455100")  # a change (first: frees the shares)
    _link_pp(four, accounts, 5002, 6, 5, "2019-01-01", 50, "455200")
    # removals: rows only in the workbook
    _activite, sections = _ids(three, "ACTIVITE")
    three.request("DELETE", f"/analytics/sections/{sections['ATELIER']}")
    three.request("DELETE", f"/analytics/sections/{sections['ANCIEN']}")
    # field changes
    _relabel(three, "401000", label="FOURNISSEURS DIVERS")
    three.put(f"/analytics/sections/{sections['VENTE']}", {"account": "706;707;708"})
    _relabel(four, "401MINOTERIE", city="VIERZON")
    three.close()
    four.close()


EXPECTED = {
    # (dossier, sheet, key, finding, field, MyUnisoft value, workbook value)
    ("3 ANALYTIQUE SA", "Comptes", "706100", "Seulement dans MyUnisoft", None, "Libellé : VENTES EN LIGNE", None),
    ("3 ANALYTIQUE SA", "Sections", "SITE/BORDEAUX", "Seulement dans MyUnisoft", None, "Libellé : Bordeaux", None),
    ("4 BOULANGERIE MARTIN EURL", "Associés PP", "Lefèvre Hélène (id 5002) 2019-01-01", "Seulement dans MyUnisoft",
     None, "Fonction signataire : Co-Gérant ; Fonction : Associé ; Parts PP : 50 ; Compte associé : 455200", None),
    ("3 ANALYTIQUE SA", "Sections", "ACTIVITE/ATELIER", "Seulement dans le classeur", None, None,
     "Libellé : Atelier ; Comptes : 601;-6011"),
    ("3 ANALYTIQUE SA", "Sections", "ACTIVITE/ANCIEN", "Seulement dans le classeur", None, None,
     "Libellé : Ancienne activité ; Clôturée : Oui"),
    ("3 ANALYTIQUE SA", "Comptes", "401000", "Différent", "Libellé", "FOURNISSEURS DIVERS", "FOURNISSEURS"),
    ("3 ANALYTIQUE SA", "Sections", "ACTIVITE/VENTE", "Différent", "Comptes", "706;707;708", "706;707"),
    ("4 BOULANGERIE MARTIN EURL", "Comptes", "401MINOTERIE", "Différent", "Ville", "VIERZON", "BOURGES"),
    ("4 BOULANGERIE MARTIN EURL", "Associés PP", "MARTIN Jean-Pierre (id 5001) 2010-01-04", "Différent", "Parts PP",
     "300", "350"),
}


def test_the_planted_changes_are_found_field_by_field_and_nothing_else(
    sandbox: Any, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Last quarter's export of two dossiers in one workbook, named by name and by id.
    book = export_book(sandbox, tmp_path / "trimestre.xlsx", {3: "ANALYTIQUE SA", 4: "4"})
    before = digest(book)
    code, _o, err = run_cli(["diff", str(book), "--base-url", sandbox.url, "-o", str(tmp_path / "clean.xlsx")],
                            capsys)
    assert code == 0, err  # no false difference through the Dossier column either

    plant(sandbox)
    writes = sandbox.stats()["writes"]
    report = tmp_path / "audit.xlsx"
    code, _o, err = run_cli(["diff", str(book), "--base-url", sandbox.url, "-o", str(report)], capsys)
    assert code == 1, err
    assert sandbox.stats()["writes"] == writes  # the audit wrote nothing
    assert digest(book) == before  # and left its input as it was
    assert f"Rapport d'audit : {report}" in err

    found = {(d["Dossier"], d["Feuille"], d["Clé"], d["Constat"], d["Champ"], d["Valeur MyUnisoft"],
              d["Valeur classeur"]) for d in read_detail(report)}
    assert found == EXPECTED
    assert len(read_detail(report)) == 9

    summary = read_summary(report)
    comptes_3 = summary[("3 ANALYTIQUE SA", "Comptes")]
    assert (comptes_3["Identiques"], comptes_3["Seulement dans MyUnisoft"], comptes_3["Différents"]) == (10, 1, 1)
    sections_3 = summary[("3 ANALYTIQUE SA", "Sections")]
    assert (sections_3["Identiques"], sections_3["Seulement dans le classeur"], sections_3["Seulement dans MyUnisoft"],
            sections_3["Différents"], sections_3["Total"]) == (4, 2, 1, 1, 8)
    pp_4 = summary[("4 BOULANGERIE MARTIN EURL", "Associés PP")]
    assert (pp_4["Identiques"], pp_4["Seulement dans MyUnisoft"], pp_4["Différents"]) == (1, 1, 1)
    total = summary[("Total", "")]
    assert (total["Seulement dans le classeur"], total["Seulement dans MyUnisoft"], total["Différents"],
            total["Non comparés"]) == (2, 3, 4, 0)
    assert total["Identiques"] == 42 - 2 - 4  # the 42 exported rows, less the removed and the changed


def test_the_report_is_formatted_for_reading(
    sandbox: Any, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = export_book(sandbox, tmp_path / "ref.xlsx", {3: None})
    plant(sandbox)
    report = tmp_path / "audit.xlsx"
    code, _o, err = run_cli(["diff", str(book), "--base-url", sandbox.url, "--society-id", "3", "-o", str(report)],
                            capsys)
    assert code == 1, err
    workbook = openpyxl.load_workbook(report)
    assert workbook.sheetnames == ["Résumé", "Écarts"]
    detail = workbook["Écarts"]
    assert detail.freeze_panes == "A2"
    assert all(cell.font.bold for cell in detail[1])
    assert detail.column_dimensions["G"].width > 20
    fills = {detail.cell(row=r, column=5).value: detail.cell(row=r, column=5).fill.fgColor.rgb
             for r in range(2, detail.max_row + 1)}
    assert len({fills["Seulement dans MyUnisoft"], fills["Seulement dans le classeur"], fills["Différent"]}) == 3
    assert "MyUnisoft" in str(workbook["Résumé"]["B7"].value)  # how to read the two sides


def test_english_report_and_default_path_next_to_the_input(
    sandbox: Any, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = export_book(sandbox, tmp_path / "ref.xlsx", {4: None}, lang="en")
    _relabel(client_for(sandbox, 4), "401MINOTERIE", city="VIERZON")
    code, _o, err = run_cli(["diff", str(book), "--base-url", sandbox.url, "--society-id", "4", "--lang", "en"],
                            capsys)
    assert code == 1, err
    reports = list(tmp_path.glob("ref.audit-*.xlsx"))
    assert len(reports) == 1 and f"Audit report: {reports[0]}" in err
    assert openpyxl.load_workbook(reports[0]).sheetnames == ["Summary", "Differences"]
    [line] = read_detail(reports[0], "Differences")
    assert (line["Finding"], line["Field"], line["MyUnisoft value"], line["Workbook value"]) == \
        ("Different", "City", "VIERZON", "BOURGES")


@pytest.mark.parametrize("make", ["missing", "not_a_workbook", "no_known_sheet"])
def test_unusable_input_is_one_sentence_and_exit_2(
    sandbox: Any, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str
) -> None:
    path = tmp_path / "plan.xlsx"
    if make == "not_a_workbook":
        path.write_text("ceci n'est pas un classeur\n", encoding="utf-8")
    elif make == "no_known_sheet":
        write_xlsx(path, "Notes", ["Quoi", "Qui"], [["a", "b"]])
    writes = sandbox.stats()["writes"]
    code, out, err = run_cli(["diff", str(path), "--base-url", sandbox.url, "--society-id", "3"], capsys)
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("bulkio : "), err
    assert "Traceback" not in err + out
    assert sandbox.stats()["writes"] == writes
    assert not list(tmp_path.glob("*.audit-*.xlsx"))


def test_no_credentials_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", "Comptes", ["N° de compte", "Libellé"], [["401000", "X"]])
    code, _o, err = run_cli(["diff", str(path)], capsys)
    assert code == 2 and "MYUNISOFT_TOKEN" in err and "Traceback" not in err


def test_the_report_never_replaces_the_audited_workbook(
    sandbox: Any, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", "Comptes", ["N° de compte", "Libellé"], [["401000", "FOURNISSEURS"]])
    before = digest(path)
    code, _o, err = run_cli(["diff", str(path), "--base-url", sandbox.url, "--society-id", "3", "-o", str(path)],
                            capsys)
    assert code == 2 and "fichier d'entrée" in err
    assert digest(path) == before
