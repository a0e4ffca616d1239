"""docs/trust.md §1: which sheets are read. A workbook holds more than the chart: entries, a trial balance, a staff
list, a VAT table named "Taux". Only the sheets the user meant are imported; the others are named and left."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.realworld.build import DATE_FR, EURO, PERCENT, Sheet, xlsx
from tests.realworld.kit import HEAD, SMALL, chart, created
from tests.realworld.model import Expect, case, imported, refused, span

K = "sheets"
SMALL_ACCOUNTS = dict(SMALL)

ENTRIES = [
    ["Date", "Journal", "N° pièce", "N° de compte", "Libellé", "Débit", "Crédit"],
    [date(2024, 1, 5), "AC", "F-0042", "607000", "Facture Minoterie du Centre", 1000, None],
    [date(2024, 1, 5), "AC", "F-0042", "445660", "Facture Minoterie du Centre", 200, None],
    [date(2024, 1, 5), "AC", "F-0042", "401000", "Facture Minoterie du Centre", None, 1200],
    [date(2024, 1, 18), "BQ", "VIR-118", "401000", "Règlement Minoterie", 1200, None],
    [date(2024, 1, 18), "BQ", "VIR-118", "512000", "Règlement Minoterie", None, 1200],
]
ENTRY_FORMATS = {"A": DATE_FR, "F": EURO, "G": EURO}
STAFF = [
    ["Matricule", "Nom", "Prénom", "Date d'entrée", "Emploi", "Salaire brut"],
    ["S001", "MARTIN", "Jean-Pierre", date(2010, 1, 4), "Boulanger", 2450],
    ["S002", "LEFÈVRE", "Hélène", date(2015, 9, 1), "Vendeuse", 1850],
    ["S003", "NGUYEN", "Thi", date(2021, 3, 15), "Apprentie", 1100],
]
VAT = [
    ["Code TVA", "Libellé", "Taux", "Compte collecté", "Compte déductible"],
    ["TN", "Taux normal", 0.2, "445710", "445660"],
    ["TI", "Taux intermédiaire", 0.1, "445712", "445662"],
    ["TR", "Taux réduit", 0.055, "445713", "445663"],
    ["TP", "Taux particulier", 0.021, "445714", "445664"],
]


def _small(sheet: str = "Comptes", head: list[str] = HEAD) -> Sheet:
    return Sheet(sheet, [head, *map(list, SMALL)])


def _comptes_ok(sheet: str = "Comptes", says: tuple[str, ...] = ()) -> Expect:
    return imported(0, SMALL_ACCOUNTS, created(sheet, *span(2, 5)), says=says)


@case("sheets_named_comptes", K, "import the chart typed on a sheet named Comptes", "plan.xlsx", _comptes_ok())
def _(path: Path) -> None:
    xlsx(path, _small())


@case("sheets_named_plan_comptable_caps", K, "import the sheet PLAN COMPTABLE (Compte / Intitulé)", "plan.xlsx",
      _comptes_ok("PLAN COMPTABLE"))
def _(path: Path) -> None:
    xlsx(path, _small("PLAN COMPTABLE", ["Compte", "Intitulé"]))


@case("sheets_named_accounts_english", K, "import an English sheet Accounts (Account number / Label)",
      "chart.xlsx", _comptes_ok("Accounts"))
def _(path: Path) -> None:
    xlsx(path, _small("Accounts", ["Account number", "Label"]))


@case("sheets_named_comptes_generaux", K, "import the sheet Comptes généraux", "plan.xlsx",
      _comptes_ok("Comptes généraux"))
def _(path: Path) -> None:
    xlsx(path, _small("Comptes généraux", ["N° compte", "Intitulé"]))


@case("sheets_named_with_trailing_space", K, "import a sheet named 'Comptes ' (a space typed after the name)",
      "plan.xlsx", _comptes_ok("Comptes "))
def _(path: Path) -> None:
    xlsx(path, _small("Comptes "))


@case("sheets_vat_taux_beside_chart", K,
      "import the chart; the VAT rates sheet named Taux beside it is no repartition key and is left alone",
      "dossier.xlsx", _comptes_ok(says=("Taux",)))
def _(path: Path) -> None:
    xlsx(path, _small(), Sheet("Taux", VAT, formats={"C": PERCENT}))


@case("sheets_vat_taux_alone", K, "a workbook holding only the VAT rates table: nothing to import, say why",
      "tva.xlsx", refused("Taux"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Taux", VAT, formats={"C": PERCENT}))


@case("sheets_entries_beside_chart", K,
      "import the chart; the January entries beside it (same account numbers, entry labels) are not accounts",
      "compta.xlsx", _comptes_ok())
def _(path: Path) -> None:
    xlsx(path, _small(), Sheet("Écritures janvier", ENTRIES, formats=ENTRY_FORMATS))


@case("sheets_entries_alone", K, "a workbook of entries only: nothing to import, say which sheet and why",
      "ecritures.xlsx", refused("Écritures janvier"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Écritures janvier", ENTRIES, formats=ENTRY_FORMATS))


@case("sheets_entries_generic_name", K, "entries on Feuil1 (Débit/Crédit columns) are no chart: refuse, say why",
      "export.xlsx", refused("Feuil1"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Feuil1", ENTRIES, formats=ENTRY_FORMATS))


@case("sheets_entries_generic_beside_chart_generic", K,
      "Feuil1 is the chart (taken by its headers), Feuil2 the entries (not taken)", "classeur1.xlsx",
      _comptes_ok("Feuil1", says=("Feuil1", "Feuil2")))
def _(path: Path) -> None:
    xlsx(path, _small("Feuil1"), Sheet("Feuil2", ENTRIES, formats=ENTRY_FORMATS))


@case("sheets_grand_livre_alone", K, "a general ledger export is no chart of accounts", "grand-livre.xlsx",
      refused("Grand livre"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Grand livre", [["Compte", "Intitulé", "Date", "Libellé", "Débit", "Crédit", "Solde"],
                                     ["401000", "Fournisseurs", date(2024, 1, 5), "F-0042", None, 1200, -1200],
                                     ["512000", "Banque", date(2024, 1, 18), "VIR-118", None, 1200, 8800]],
                     formats={"C": DATE_FR, "E": EURO, "F": EURO, "G": EURO}))


@case("sheets_balance_beside_plan", K,
      "import the Plan comptable sheet; the trial balance beside it (same accounts, upper-case labels) is left",
      "revision.xlsx", _comptes_ok("Plan comptable"))
def _(path: Path) -> None:
    balance = [["N° compte", "Intitulé", "Débit", "Crédit", "Solde débiteur", "Solde créditeur"],
               *([number, label.upper(), 1000, 800, 200, None] for number, label in SMALL)]
    xlsx(path, _small("Plan comptable", ["N° compte", "Intitulé"]),
         Sheet("Balance", balance, formats={"C": EURO, "D": EURO, "E": EURO, "F": EURO}))


@case("sheets_balance_generic_name", K, "a trial balance on Feuil1 (a Solde column) is no chart", "balance.xlsx",
      refused("Feuil1"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Feuil1", [["N° compte", "Intitulé", "Solde"], *([n, lb, 150] for n, lb in SMALL)]))


@case("sheets_staff_list_alone", K, "the staff list is no associates sheet: nothing to import", "personnel.xlsx",
      refused("Salariés"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Salariés", STAFF, formats={"D": DATE_FR, "F": EURO}))


@case("sheets_staff_list_generic_name", K,
      "Nom, Prénom, Date d'entrée on Feuil1 is a staff list, not natural-person associates", "liste.xlsx",
      refused("Feuil1"))
def _(path: Path) -> None:
    staff = [["Nom", "Prénom", "Date d'entrée", "Service"], ["MARTIN", "Jean-Pierre", date(2010, 1, 4), "Fournil"],
             ["LEFÈVRE", "Hélène", date(2015, 9, 1), "Boutique"]]
    xlsx(path, Sheet("Feuil1", staff, formats={"C": DATE_FR}))


@case("sheets_staff_list_with_salary", K, "a staff list with a Salaire column is never associates", "liste.xlsx",
      refused("Liste"))
def _(path: Path) -> None:
    staff = [["Nom", "Prénom", "Date d'entrée", "Salaire"], ["MARTIN", "Jean-Pierre", date(2010, 1, 4), 2450],
             ["LEFÈVRE", "Hélène", date(2015, 9, 1), 1850]]
    xlsx(path, Sheet("Liste", staff, formats={"C": DATE_FR, "D": EURO}))


@case("sheets_staff_list_beside_chart", K, "import the chart; the Personnel sheet beside it is left",
      "dossier.xlsx", _comptes_ok())
def _(path: Path) -> None:
    staff = [["Nom", "Prénom", "Date d'entrée"], ["MARTIN", "Jean-Pierre", date(2010, 1, 4)],
             ["LEFÈVRE", "Hélène", date(2015, 9, 1)]]
    xlsx(path, _small(), Sheet("Personnel", staff, formats={"C": DATE_FR}))


@case("sheets_chart_by_headers", K, "Feuil1 holds N° de compte / Libellé only: it is the chart", "classeur1.xlsx",
      _comptes_ok("Feuil1", says=("Feuil1",)))
def _(path: Path) -> None:
    xlsx(path, _small("Feuil1"))


@case("sheets_chart_by_headers_with_notes", K, "a chart on Feuil1 with a Commentaire column: still the chart",
      "classeur1.xlsx", _comptes_ok("Feuil1"))
def _(path: Path) -> None:
    lines = [["N° compte", "Intitulé", "Commentaire"], *([n, lb, "à vérifier"] for n, lb in SMALL)]
    xlsx(path, Sheet("Feuil1", lines))


SAGE_LIKE = ["N° compte", "Intitulé", "Type", "Nature", "Lettrable", "Sens", "Centralisateur"]


def _sage_like(path: Path) -> None:
    lines = [SAGE_LIKE, *([n, lb, "Détail", "Aucune", "Non", "Débit", ""] for n, lb in SMALL)]
    xlsx(path, Sheet("Export", lines))


case("sheets_unknown_columns_outnumber", K,
     "an export with more unknown columns than known ones is not taken by its headers alone: say --sheet",
     "export.xlsx", refused("Export", "--sheet"))(_sage_like)
case("sheets_unknown_columns_with_sheet_option", K,
     "the same export named by --sheet Export=comptes: the user's word wins", "export.xlsx",
     _comptes_ok("Export"), args=("--sheet", "Export=comptes"))(_sage_like)


def _tva_named(path: Path) -> None:
    chart(path, [["445660", "TVA déductible sur autres biens et services"], ["445710", "TVA collectée"]],
          sheet="TVA")


case("sheets_other_document_name", K,
     "a sheet named TVA holding N° de compte / Libellé is the chart's VAT accounts: read by its headers, and said",
     "tva.xlsx", imported(0, {"445660": "TVA déductible sur autres biens et services", "445710": "TVA collectée"},
                          created("TVA", 2, 3), says=("lue comme une feuille Comptes",)))(_tva_named)
case("sheets_other_document_name_with_option", K, "the TVA sheet named by --sheet TVA=comptes is imported",
     "tva.xlsx", imported(0, {"445660": "TVA déductible sur autres biens et services", "445710": "TVA collectée"},
                          created("TVA", 2, 3)), args=("--sheet", "TVA=comptes"))(_tva_named)

CASH_BOOK = [["Date", "Montant", "Mode de règlement"], [date(2024, 1, 3), 125.5, "CB"],
             [date(2024, 1, 4), 80, "Espèces"]]


@case("sheets_named_comptes_without_its_columns_beside_chart", K,
      "a cash book named Comptes has none of a chart's columns: skipped with a note; Feuil2 is the chart",
      "caisse.xlsx", _comptes_ok("Feuil2", says=("Comptes",)))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", CASH_BOOK, formats={"A": DATE_FR, "B": EURO}), _small("Feuil2"))


@case("sheets_named_comptes_without_its_columns_alone", K,
      "the cash book named Comptes alone: nothing to import, the message says why", "caisse.xlsx",
      refused("Comptes"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", CASH_BOOK, formats={"A": DATE_FR, "B": EURO}))


@case("sheets_invoices_generic_name", K, "an invoice list (Montant HT / TVA / TTC) is no chart", "factures.xlsx",
      refused("Feuil1"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Feuil1", [["N° de compte", "Libellé", "Montant HT", "TVA", "Montant TTC"],
                                ["411DUPONT", "Restaurant Dupont", 500, 100, 600]], formats={"C": EURO, "D": EURO,
                                                                                             "E": EURO}))


@case("sheets_fec_sheet", K, "a sheet named FEC holding entries is no chart", "fec.xlsx", refused("FEC"))
def _(path: Path) -> None:
    from tests.realworld.excerpts import FEC_HEADER, FEC_LINES

    xlsx(path, Sheet("FEC", [FEC_HEADER, *FEC_LINES]))


@case("sheets_two_charts_name_and_headers", K,
      "both sheets feed the chart: Comptes by its name, Feuil2 by its headers", "plan.xlsx",
      imported(0, {**SMALL_ACCOUNTS, "622600": "Honoraires", "626000": "Frais postaux"},
               created("Comptes", *span(2, 5)), created("Feuil2", 2, 3)))
def _(path: Path) -> None:
    xlsx(path, _small(), Sheet("Feuil2", [HEAD, ["622600", "Honoraires"], ["626000", "Frais postaux"]]))


@case("sheets_analytics_by_name", K, "create the PROJET axis and its sections (P2024 by default) in dossier 3",
      "analytique.xlsx",
      imported(0, None, created("Axes", 2), created("Sections", 2, 3),
               changes={"axes": {"PROJET": "Projets"},
                           "sections": {("PROJET", "P2024"): "Projet 2024", ("PROJET", "P2025"): "Projet 2025"},
                        "defaults": {"PROJET": "P2024"}}), society=3)
def _(path: Path) -> None:
    xlsx(path, Sheet("Axes", [["Code axe", "Libellé"], ["PROJET", "Projets"]]),
         Sheet("Sections", [["Code axe", "Code section", "Libellé", "Par défaut"],
                            ["PROJET", "P2024", "Projet 2024", "Oui"], ["PROJET", "P2025", "Projet 2025", "Non"]]))


@case("sheets_capital_social", K, "record the capital from a sheet named Capital social", "capital.xlsx",
      imported(0, None, created("Capital social", 2), changes={"capital": {"latest": ("2024-01-01", 1000, 100)}}))
def _(path: Path) -> None:
    xlsx(path, Sheet("Capital social", [["Date d'effet", "Capital", "Nombre de parts"], [date(2024, 1, 1), 1000, 100]],
                     formats={"A": DATE_FR, "B": EURO}))


# --- more variants of the same rules ----------------------------------------------------------------------------


@case("sheets_journal_named_with_chart_headers", K,
      "a sheet named Journal des achats is another document even with chart headers", "achats.xlsx",
      refused("Journal des achats"))
def _(path: Path) -> None:
    chart(path, [["607000", "Achats de marchandises"], ["401MINOT", "Minoterie du Centre"]],
          sheet="Journal des achats")


@case("sheets_entries_with_montant_column", K, "N° compte, Intitulé and Montant on Feuil1: amounts, not a chart",
      "export.xlsx", refused("Feuil1"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Feuil1", [["N° compte", "Intitulé", "Montant"], *([n, lb, 120.5] for n, lb in SMALL)],
                     formats={"C": EURO}))


@case("sheets_entries_unaccented_debit_credit", K, "Debit / Credit without accents are entries all the same",
      "export.xlsx", refused("Export"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Export", [["Compte", "Libelle", "Debit", "Credit"], ["607000", "Achats", 1000, 0],
                                ["401000", "Fournisseurs", 0, 1000]]))


@case("sheets_staff_list_named_liste_du_personnel", K, "'Liste du personnel' (Nom, Prénom, Date d'entrée, Poste)",
      "rh.xlsx", refused("Liste du personnel"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Liste du personnel", [["Nom", "Prénom", "Date d'entrée", "Poste"],
                                            ["MARTIN", "Jean-Pierre", date(2010, 1, 4), "Boulanger"]],
                     formats={"C": DATE_FR}))


@case("sheets_staff_list_with_birth_date_and_ssn", K,
      "a staff list with birth dates and social security numbers on Feuil1 is no associates sheet", "rh.xlsx",
      refused("Feuil1"))
def _(path: Path) -> None:
    xlsx(path, Sheet("Feuil1", [["Nom", "Prénom", "Date de naissance", "Date d'entrée", "N° de sécurité sociale"],
                                ["NGUYEN", "Thi", date(2003, 5, 2), date(2021, 3, 15), "2 03 05 75 112 034 56"]],
                     formats={"C": DATE_FR, "D": DATE_FR}))


@case("sheets_associates_by_headers", K,
      "Feuil1 with Parts PP and Compte associé is an associates sheet: François Garçon joins dossier 4",
      "associes.xlsx", imported(0, None, created("Feuil1", 2),
                                changes={"pp": {("Garçon", "François", "2024-01-01"): ("", 50, 0, 0)}}), society=4)
def _(path: Path) -> None:
    xlsx(path, Sheet("Feuil1", [["Nom", "Prénom", "Fonction signataire", "Fonction", "Date d'entrée", "Parts PP",
                                 "Compte associé"],
                                ["GARÇON", "François", "Co-Gérant", "Associé", date(2024, 1, 1), 50, "455100"]],
                     formats={"E": DATE_FR}))


@case("sheets_plan_comptable_with_year", K, "a sheet 'Plan comptable 2024' holding the chart", "plan.xlsx",
      _comptes_ok("Plan comptable 2024"))
def _(path: Path) -> None:
    xlsx(path, _small("Plan comptable 2024", ["N° compte", "Intitulé"]))


@case("sheets_balance_generale_beside_chart", K, "the chart beside a 'Balance générale': only the chart",
      "revision.xlsx", _comptes_ok())
def _(path: Path) -> None:
    balance = [["Compte", "Intitulé", "Solde"], *([n, lb.upper(), 100] for n, lb in SMALL)]
    xlsx(path, _small(), Sheet("Balance générale", balance, formats={"C": EURO}))
