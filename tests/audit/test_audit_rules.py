"""What the audit compares and how: empty means empty, the planner's normalisation (no false difference),
holders resolved like the planner resolves them, rows that cannot be compared, and routing by Dossier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bulkio.audit import DossierAudit, FindingKind, audit_target
from bulkio.config import Target
from bulkio.lanes import open_lanes
from bulkio.load import load_and_validate
from bulkio.multi import plan_import
from bulkio.pipeline import connect, make_plan
from bulkio.plan import Action
from tests.audit.support import export_book
from tests.conftest import FIRM_TOKEN, SECRET, firm_target, society_target, write_xlsx
from tests.workbook.builders import xlsx


@pytest.fixture
def no_writes(sandbox: Any) -> Any:
    before = sandbox.stats()["writes"]
    yield sandbox
    assert sandbox.stats()["writes"] == before


def _audit(path: Path, target: Any) -> list[DossierAudit]:
    return audit_target(load_and_validate(path), target, "fr")


def _findings(audits: list[DossierAudit], kind: str) -> dict[tuple[str, FindingKind], Any]:
    return {(f.key, f.kind): f for a in audits for s in a.sheets if s.kind == kind for f in s.findings}


def _not(kind: FindingKind, audits: list[DossierAudit]) -> list[Any]:
    return [f for a in audits for s in a.sheets for f in s.findings if f.kind is kind]


def test_an_empty_cell_is_compared_as_empty_unlike_an_import(no_writes: Any, tmp_path: Path) -> None:
    book = export_book(no_writes, tmp_path / "export.xlsx", {4: None})
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Comptes"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("N° de compte")].value == "401MINOTERIE")
    row[headers.index("Ville")].value = None
    workbook.save(book)

    audits = _audit(book, firm_target(no_writes, 4))
    [changed] = _not(FindingKind.DIFFERENT, audits)
    assert changed.key == "401MINOTERIE"
    assert [(f.key, f.live, f.workbook) for f in changed.fields] == [("city", "BOURGES", None)]
    assert audits[0].sheets[0].counts()[FindingKind.IDENTICAL] == 15

    # The import reads the same empty cell as "keep the current value": the planner sees nothing to do.
    client, context = connect(firm_target(no_writes, 4))
    with client:
        plan = make_plan(load_and_validate(book), client, context)
    assert next(r for r in plan.rows if r.natural_key == "401MINOTERIE").action is Action.UNCHANGED


def test_values_are_normalised_as_the_planner_does_no_false_difference(no_writes: Any, tmp_path: Path) -> None:
    path = tmp_path / "reference.xlsx"
    xlsx(path, {
        "Comptes": [["N° de compte", "Libellé", "Fournisseur"],
                    [601, "ACHATS MATIERES PREMIERES ", None],  # a number, padded to 601000; an empty flag is No
                    ["512 000", "BANQUE", "Non"]],
        "Axes": [["Code axe", "Libellé", "Section par défaut"],
                 ["SITE", "Sites", "ATTENTE"]],
        "Sections": [["Code axe", "Code section", "Libellé", "Comptes", "Clôturée", "Par défaut"],
                     ["ACTIVITE", "VENTE", "Ventes", "706, 707", "N", "non"]],
        "Répartitions": [["Code axe", "Clé", "Condition", "Code section", "Taux"],
                         ["SITE", "SIEGE", "6", "LYON", 60],
                         ["SITE", "SIEGE", None, "PARIS", 40.0]],  # the key's condition is written once
    }, empty_cells=True)

    audits = _audit(path, firm_target(no_writes, 3))
    assert not _not(FindingKind.DIFFERENT, audits) and not _not(FindingKind.NOT_COMPARED, audits)
    assert not _not(FindingKind.ONLY_WORKBOOK, audits)
    identical = {(s.kind, f.key) for a in audits for s in a.sheets for f in s.findings
                 if f.kind is FindingKind.IDENTICAL}
    assert identical == {("comptes", "601000"), ("comptes", "512000"), ("axes", "SITE"),
                         ("sections", "ACTIVITE/VENTE"), ("repartitions", "SITE/SIEGE/LYON"),
                         ("repartitions", "SITE/SIEGE/PARIS")}
    only_live = {(s.kind, f.key) for a in audits for s in a.sheets for f in s.findings
                 if f.kind is FindingKind.ONLY_LIVE}
    assert ("axes", "ACTIVITE") in only_live and ("sections", "SITE/LYON") in only_live
    assert len([k for k in only_live if k[0] == "comptes"]) == 9


def test_rows_that_cannot_be_compared_say_why_and_do_not_hide_their_live_row(no_writes: Any, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", "Comptes", ["N° de compte", "Libellé", "Compte de contrepartie"], [
        ["401000", "FOURNISSEURS", "ABC"],  # invalid: the counterpart does not start with a digit (COMPTE6)
        ["601", "ACHATS MATIERES PREMIERES", None],
        ["601000", "AUTRE LIBELLE", None],  # the same account as the row above, once padded
        ["411000", "CLIENTS", None],
    ])
    audits = _audit(path, firm_target(no_writes, 3))
    found = _findings(audits, "comptes")
    invalid = found[("401000", FindingKind.NOT_COMPARED)]
    assert invalid.excel_row == 2 and "Compte de contrepartie" in invalid.message
    assert ("401000", FindingKind.ONLY_LIVE) not in found  # accounted for by its (invalid) row
    duplicate = found[("601000", FindingKind.NOT_COMPARED)]
    assert duplicate.excel_row == 4 and "ligne 3" in duplicate.message
    assert ("601000", FindingKind.IDENTICAL) in found and ("411000", FindingKind.IDENTICAL) in found


def test_associates_match_by_resolved_holder_and_older_capital_is_not_compared(
    no_writes: Any, tmp_path: Path
) -> None:
    path = tmp_path / "associes.xlsx"
    xlsx(path, {
        "Capital": [["Date d'effet", "Capital", "Nombre de parts"],
                    ["01/01/2005", 1000, 100],
                    ["2010-01-04", "5000,00", 500]],
        "Associés PP": [["Nom", "Prénom", "Fonction signataire", "Fonction", "Date d'entrée", "Date de sortie",
                         "Parts PP", "Compte associé", "Date d'effet"],
                        ["martin", "jean-pierre", "Gérant", "Dirigeant associé", "04/01/2010", None, 350, "4551",
                         "01/02/2011"],
                        ["DUPONT", "Marc", "Gérant", "Associé", "01/01/2020", None, 10, "455100", None]],
        "Associés PM": [["Société associée", "Fonction signataire", "Date d'entrée", "Parts PP", "Compte associé",
                         "Revenus professionnels"],
                        ["85210987500017", "Co-Gérant", "2018-07-01", 100, "467100", "Non"]],
    }, empty_cells=True)

    audits = _audit(path, firm_target(no_writes, 4))
    capital_found = _findings(audits, "capital")
    older = capital_found[("2005-01-01", FindingKind.NOT_COMPARED)]
    assert "2010-01-04" in older.message
    assert ("2010-01-04", FindingKind.IDENTICAL) in capital_found
    pp_found = _findings(audits, "associes_pp")
    # By name, case and accents aside; the account padded; the write-only effective date never compared.
    assert ("MARTIN Jean-Pierre (id 5001) 2010-01-04", FindingKind.IDENTICAL) in pp_found
    unknown = next(f for (k, kind), f in pp_found.items() if kind is FindingKind.NOT_COMPARED)
    assert unknown.excel_row == 3 and "DUPONT Marc" in unknown.message
    assert ("Lefèvre Hélène (id 5002) 2010-01-04", FindingKind.ONLY_LIVE) in pp_found
    pm_found = _findings(audits, "associes_pm")
    assert list(pm_found) == [("ANALYTIQUE SA (id 3) 2018-07-01", FindingKind.IDENTICAL)]


def test_rows_go_to_the_dossier_their_cell_names_and_unknown_dossiers_are_not_compared(
    no_writes: Any, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", ["Dossier", "N° de compte", "Libellé"], [
        ["ANALYTIQUE SA", "401000", "FOURNISSEURS"],
        ["52347891500011", "401000", "FOURNISSEURS"],  # dossier 4 by SIRET
        ["INCONNU SARL", "401000", "FOURNISSEURS"],
        [None, "411000", "CLIENTS"],  # no default dossier: an error
    ])
    audits = _audit(path, firm_target(no_writes, None))
    assert [a.society_id for a in audits] == [3, 4, None]
    three, four, unknown = audits
    assert _findings([three], "comptes")[("401000", FindingKind.IDENTICAL)].excel_row == 2
    assert _findings([four], "comptes")[("401000", FindingKind.IDENTICAL)].excel_row == 3
    assert len(_not(FindingKind.ONLY_LIVE, [three])) == 10 and len(_not(FindingKind.ONLY_LIVE, [four])) == 15
    messages = {f.excel_row: f.message for f in _not(FindingKind.NOT_COMPARED, [unknown])}
    assert "INCONNU SARL" in messages[4] and "--society-id" in messages[5]

    # With a default dossier, the row without one goes there ...
    audits = _audit(path, firm_target(no_writes, 1))
    one = [a for a in audits if a.society_id == 1]
    assert _findings(one, "comptes")[("411000", FindingKind.DIFFERENT)].excel_row == 5  # the PCG says "Clients"
    # ... unless that dossier is also named in a cell: one dossier, one spelling in the whole workbook.
    audits = _audit(path, firm_target(no_writes, 4))
    four = [a for a in audits if a.society_id == 4]
    refused = {f.excel_row: f.message for f in _not(FindingKind.NOT_COMPARED, four)}
    assert "vide, le dossier par défaut" in refused[5]



def test_the_sandbox_implicit_dossier_is_no_default_for_an_empty_dossier_cell(no_writes: Any, tmp_path: Path) -> None:
    """`bulkio diff m.xlsx --sandbox` without --society-id: the sandbox's own dossier 2 is not the user's choice,
    so an empty Dossier cell is not audited against it, as `import` does not write it there."""
    path = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", ["Dossier", "N° de compte", "Libellé"], [
        ["3", "401000", "FOURNISSEURS"],
        [None, "411000", "CLIENTS"],
    ])
    implicit = Target(no_writes.api_url, SECRET, FIRM_TOKEN, 2, sandbox=True, default_society=True)
    audits = _audit(path, implicit)
    assert [a.society_id for a in audits] == [3, None]
    [unrouted] = _not(FindingKind.NOT_COMPARED, [audits[1]])
    assert unrouted.excel_row == 3 and "--society-id" in unrouted.message

    plan = plan_import(load_and_validate(path), implicit, lanes := open_lanes(implicit))
    lanes.close()
    [blocked] = plan.unrouted  # the import routes the row the same way
    assert blocked.excel_row == 3 and "--society-id" in blocked.message


def test_a_society_token_audits_its_own_dossier_only(no_writes: Any, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "deux.xlsx", "Comptes", ["Dossier", "N° de compte", "Libellé"], [
        ["4", "401000", "FOURNISSEURS"], ["3", "401000", "FOURNISSEURS"]])
    audits = _audit(path, society_target(no_writes, 4))
    assert [a.society_id for a in audits] == [4, None]
    [refused] = _not(FindingKind.NOT_COMPARED, audits)
    assert refused.excel_row == 3 and "jeton" in refused.message


class _Unreadable:
    """A client whose reads are refused: the dossier cannot be audited."""

    society_id = 3

    def get(self, path: str, params: Any = None, *, scoped: bool = True) -> Any:
        from bulkio.errors import ApiError

        raise ApiError("ERR-FORBIDDEN-ROUTE", "route interdite", 403)


def test_a_dossier_that_cannot_be_read_has_every_row_not_compared(tmp_path: Path) -> None:
    from bulkio.audit import all_identical, audit_dossier
    from bulkio.plan import RunContext

    path = write_xlsx(tmp_path / "plan.xlsx", "Comptes", ["N° de compte", "Libellé"], [["401000", "X"], ["4", ""]])
    audit = audit_dossier(load_and_validate(path), _Unreadable(), RunContext(3, "firm", "3 ANALYTIQUE SA"), "fr")
    assert "ERR-FORBIDDEN-ROUTE" in audit.error and not all_identical([audit])
    [sheet] = audit.sheets
    assert [(f.kind, f.excel_row) for f in sheet.findings] == [(FindingKind.NOT_COMPARED, 2),
                                                               (FindingKind.NOT_COMPARED, 3)]
    assert "route interdite" in sheet.findings[0].message and "Libellé" in sheet.findings[1].message
