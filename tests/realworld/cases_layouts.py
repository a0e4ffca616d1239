"""Other programs' chart exports, by their real column names and without any mapping file (issue 15): each read
as that export (bulkio/workbook/layouts.py), its own columns ignored with one note, into an empty dossier that ends
holding exactly the accounts with their labels. Beside them, what must still be refused: an entries sheet, a FEC's
lines in a spreadsheet, an export too common to be told from other lists. Sources: SOURCES.md, docs/layouts.md."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.realworld.build import Sheet, text_file, xlsx
from tests.realworld.excerpts import (
    FEC_HEADER,
    FEC_LINES,
    ODOO_HEADER,
    ODOO_ROWS,
    TRYTON_ROWS,
    fec_chart,
    first_of_each,
    odoo_expected,
    odoo_rows,
)
from tests.realworld.excerpts import stored as as_stored
from tests.realworld.kit import created, duplicate, error
from tests.realworld.model import SKIPPED, Expect, Row, case, imported, refused, rows

K = "charts"

# A small chart as French accounting packages ship it: (number, label, Sage type, Sage nature).
SAGE_ROWS = [("101000", "Capital social", "Détail", "Capitaux"), ("401000", "Fournisseurs", "Détail", "Fournisseur"),
             ("411000", "Clients", "Détail", "Client"),
             ("445660", "TVA déductible sur autres biens et services", "Détail", "Aucune"),
             ("512000", "Banque BNP Paribas", "Détail", "Banque"),
             ("607000", "Achats de marchandises", "Détail", "Charge"),
             ("706000", "Prestations de services", "Détail", "Produit")]
SAGE_EXPECTED = {number: label for number, label, _type, _nature in SAGE_ROWS}
ENTRIES = [["Date", "Journal", "Compte", "Libellé", "Débit", "Crédit"],
           ["02/01/2024", "AC", "401000", "Facture Bureau Vallée", None, 120],
           ["02/01/2024", "AC", "607000", "Facture Bureau Vallée", 100, None]]


def expected(pairs: list[tuple[str, str]]) -> dict[str, str]:
    return {as_stored(number): label for number, label in pairs}


def chart_read(pairs: list[tuple[str, str]], sheet: str, *says: str) -> Expect:
    """An empty dossier after importing `pairs` from row 2: the first row of each stored number created, a later
    one DUPLICATE naming it; `says`: what the output must hold (the note on the export)."""
    kept, duplicates = first_of_each(pairs)
    found: dict[tuple[str, int], Row] = {}
    for index in range(len(pairs)):
        found.update(duplicate(sheet, 2 + index, f"ligne {2 + duplicates[index]}") if index in duplicates
                     else created(sheet, 2 + index))
    return imported(1 if duplicates else 0, kept, found, says=says)


# --- Sage 100 ---------------------------------------------------------------------------------------------------


@case("layouts_sage_100_csv", K,
      "Sage 100's chart list saved as French csv (';', cp1252): N° compte, Intitulé, Type, Nature; Type and Nature "
      "are Sage's, ignored with one note", "sage-plan.csv",
      imported(0, SAGE_EXPECTED, created("sage-plan", *range(2, 2 + len(SAGE_ROWS))),
               says=("lue comme un export de plan comptable Sage 100", "colonnes ignorées : « Type », « Nature »")),
      society=5)
def _(path: Path) -> None:
    text_file(path, [["N° compte", "Intitulé", "Type", "Nature"], *map(list, SAGE_ROWS)])


@case("layouts_sage_100_fields_beside_entries", K,
      "Sage's documented field names (Numéro compte général, Intitulé du compte, Type de compte, Numéro nature, "
      "Option lettrage...) on Feuil1, January's entries on Feuil2: the chart is read, the entries are not",
      "sage.xlsx",
      imported(0, SAGE_EXPECTED, created("Feuil1", *range(2, 2 + len(SAGE_ROWS))),
               says=("export de plan comptable Sage 100", "« Option lettrage »", "« Feuil2 »", "autre document")),
      society=6)
def _(path: Path) -> None:
    head = ["Numéro compte général", "Type de compte", "Intitulé du compte", "Classement", "Numéro nature",
            "Option lettrage", "Option tiers", "Code taxe"]
    lines = [[number, 0, label, label[:17].upper(), nature, 1 if number[:2] in ("40", "41") else 0,
              1 if number[:2] in ("40", "41") else 0, "D20" if number.startswith("6") else None]
             for number, label, _type, nature in SAGE_ROWS]
    xlsx(path, Sheet("Feuil1", [head, *lines]), Sheet("Feuil2", ENTRIES))


@case("layouts_sage_100_sql_table", K,
      "the chart read from Sage 100's SQL table F_COMPTEG (an SSMS query pasted in Excel): CG_Num and CG_Intitule",
      "F_COMPTEG.xlsx",
      imported(0, SAGE_EXPECTED, created("Résultats", *range(2, 2 + len(SAGE_ROWS))),
               says=("Sage 100 (table F_COMPTEG)", "« CG_Type »", "« cbMarq »")), society=7)
def _(path: Path) -> None:
    head = ["CG_Num", "CG_Type", "CG_Intitule", "CG_Classement", "N_Nature", "CG_Lettrage", "CG_Sommeil", "cbMarq"]
    lines = [[number, 0, label, label[:17].upper(), index, 0, 0, 1000 + index]
             for index, (number, label, _type, _nature) in enumerate(SAGE_ROWS)]
    xlsx(path, Sheet("Résultats", [head, *lines]))


# --- Odoo -------------------------------------------------------------------------------------------------------

ODOO_TYPES = {"equity": "Equity", "liability_non_current": "Non-current Liabilities", "asset_fixed": "Fixed Assets",
              "asset_current": "Current Assets", "liability_payable": "Payable", "liability_current": "Current "
              "Liabilities", "asset_receivable": "Receivable", "asset_cash": "Bank and Cash", "expense": "Expenses"}
ODOO_SOME = ODOO_ROWS[:20]


@case("layouts_odoo_export_labels", K,
      "Odoo's account list exported to xlsx with its field labels (Code, Account Name, Type, Allow Reconciliation), "
      "on a sheet named Sheet1", "account.xlsx",
      imported(0, expected([(str(code), name) for _id, name, code, _t, _r in ODOO_SOME]),
               created("Sheet1", *range(2, 2 + len(ODOO_SOME))),
               says=("export de plan comptable Odoo", "« Allow Reconciliation »")), society=8)
def _(path: Path) -> None:
    lines = [[str(code), name, ODOO_TYPES[kind], reconcile] for _id, name, code, kind, reconcile in ODOO_SOME]
    xlsx(path, Sheet("Sheet1", [["Code", "Account Name", "Type", "Allow Reconciliation"], *lines]))


@case("layouts_odoo_csv_unnamed", K,
      "Odoo's l10n_fr account template csv as shipped, with no --sheet: its own header is enough",
      "account.account.csv",
      imported(0, odoo_expected(), created("account.account", *range(2, 2 + len(odoo_rows()))),
               says=("export de plan comptable Odoo",)), society=5)
def _(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerow(ODOO_HEADER)
        writer.writerows(odoo_rows())


# --- ERPNext ----------------------------------------------------------------------------------------------------

ERPNEXT_HEAD = ["Account Name", "Parent Account", "Account Number", "Parent Account Number", "Is Group",
                "Account Type", "Root Type", "Account Currency"]
ERPNEXT_LINES: list[list[object]] = [  # coa_sample_template.csv's tree, the leaves numbered as a French user does
    ["Application Of Funds(Assets)", "", "", "", 1, "", "Asset", ""],
    ["Bank Accounts", "Application Of Funds(Assets)", "", "", 1, "Bank", "Asset", ""],
    ["Banque BNP", "Bank Accounts", "512100", "", 0, "Bank", "Asset", "EUR"],
    ["Cash In Hand", "Application Of Funds(Assets)", "", "", 1, "Cash", "Asset", ""],
    ["Caisse", "Cash In Hand", "530000", "", 0, "Cash", "Asset", "EUR"],
    ["Accounts Receivable", "Application Of Funds(Assets)", "411000", "", 1, "Receivable", "Asset", "EUR"],
    ["Sources Of Funds(Liabilities)", "", "", "", 1, "", "Liability", ""],
    ["Fournisseurs", "Sources Of Funds(Liabilities)", "401000", "", 0, "Payable", "Liability", "EUR"],
    ["Expenses", "", "", "", 1, "Expense Account", "Expense", ""],
    ["Stock Expenses", "Expenses", "", "", 0, "Stock Adjustment", "Expense", ""],
]


@case("layouts_erpnext_groups_without_numbers", K,
      "ERPNext's Chart of Accounts Importer template, no --sheet: its group rows without a number are no account "
      "(skipped, said); a group with a number is one; a leaf without a number is an error", "coa.csv",
      imported(1, {"512100": "Banque BNP", "530000": "Caisse", "411000": "Accounts Receivable",
                   "401000": "Fournisseurs"},
               created("coa", 4, 6, 7, 9), rows("coa", SKIPPED, 2, 3, 5, 8, 10, code="GROUP_ROW"),
               error("coa", 11, "REQUIRED"), says=("export de plan comptable ERPNext", "ligne de regroupement")),
      society=6)
def _(path: Path) -> None:
    text_file(path, [ERPNEXT_HEAD, *ERPNEXT_LINES], encoding="utf-8", delimiter=",", newline="\n")


# --- Dolibarr, Paheko, Pennylane, Tryton, the FEC -----------------------------------------------------------------

DOLIBARR = [("101", "Capital", "CAPIT"), ("164", "Emprunts auprès des établissements de crédit", "CAPIT"),
            ("401", "Fournisseurs et comptes rattachés", "TIERS"), ("411", "Clients et comptes rattachés", "TIERS"),
            ("512", "Banques", "FINAN"), ("607", "Achats de marchandises", "CHARGE"),
            ("706", "Prestations de services", "PROD")]


@case("layouts_dolibarr_table_csv", K,
      "Dolibarr's llx_accounting_account table exported by phpMyAdmin (';', quotes, NULLs): account_number and "
      "label, the rest ignored; 401 and 411 kept as they are, the others padded", "llx_accounting_account.csv",
      imported(0, expected([(number, label) for number, label, _type in DOLIBARR]),
               created("llx_accounting_account", *range(2, 2 + len(DOLIBARR))),
               says=("export de plan comptable Dolibarr", "« pcg_type »")), society=7)
def _(path: Path) -> None:
    head = ["rowid", "entity", "datec", "tms", "fk_pcg_version", "pcg_type", "account_number", "account_parent",
            "label", "labelshort", "fk_accounting_category", "fk_user_author", "fk_user_modif", "active",
            "reconcilable", "import_key", "extraparams"]
    lines = [[index, 1, "NULL", "2024-01-15 10:12:31", "PCG99-BASE", kind, number, 0, label, "NULL", 0, "NULL",
              "NULL", 1, 1 if kind == "TIERS" else 0, "NULL", "NULL"]
             for index, (number, label, kind) in enumerate(DOLIBARR, start=1)]
    text_file(path, [head, *lines], encoding="utf-8")


@case("layouts_paheko_csv_unnamed", K,
      "Paheko's chart export (code, label, description, position, type) with no --sheet", "export_comptes.csv",
      imported(0, {"512000": "Banque", "530000": "Caisse", "756000": "Cotisations"},
               created("export_comptes", 2, 3, 4), says=("export de plan comptable Paheko",)), society=8)
def _(path: Path) -> None:
    text_file(path, [["code", "label", "description", "position", "type"],
                     ["512", "Banque", "Compte courant", "Actif", ""], ["530", "Caisse", "", "Actif", ""],
                     ["756", "Cotisations", "Cotisations des membres", "Produit", ""]],
              encoding="utf-8", delimiter=",", newline="\n")


PENNYLANE = [
    [345132924, "706", "Prestations de services", "any", "any", True, "generic"],  # as the API answers
    [587702834, "706", "Prestations de services", "FR_200", "FR", True, "generic"],
    [587871182, "706", "Prestations de services", "exempt", "FR", True, "generic"],
    [591667618, "706", "Prestations de services", "FR_85", "FR", True, "generic"],
    [345132001, "401", "Fournisseurs", "any", "any", True, "generic"],
    [345132002, "411", "Clients", "any", "any", True, "generic"],
    [345132003, "512", "Banque", "any", "any", True, "generic"],
    [345132004, "6226", "Honoraires", "any", "any", True, "generic"],
    [587702999, "6226", "Honoraires", "FR_200", "FR", True, "generic"],
]


@case("layouts_pennylane_vat_variants", K,
      "Pennylane's ledger accounts listed through its API into Feuil1: one row per account and VAT rate; the "
      "repeats of one account are one account (said), numbers padded by the dossier", "pennylane.xlsx",
      imported(0, {"706000": "Prestations de services", "401": "Fournisseurs", "411": "Clients", "512000": "Banque",
                   "622600": "Honoraires"},
               created("Feuil1", 2, 6, 7, 8, 9), rows("Feuil1", SKIPPED, 3, 4, 5, 10, code="VARIANT_ROW"),
               says=("export de plan comptable Pennylane", "même compte 706")), society=5)
def _(path: Path) -> None:
    head = ["id", "number", "label", "vat_rate", "country_alpha2", "enabled", "type"]
    xlsx(path, Sheet("Feuil1", [head, *PENNYLANE]))  # a sheet named "ledger...": another document's name


@case("layouts_tryton_named_sheet", K,
      "Tryton's accounts exported from its client with French labels (Code, Nom, Type, Parent) on a sheet named Plan "
      "comptable: named as accounts, Code and Nom are enough", "tryton.xlsx",
      chart_read(TRYTON_ROWS[:12], "Plan comptable", "export de plan comptable Tryton", "« Parent »"), society=6)
def _(path: Path) -> None:
    lines = [[code, name, "Autre", code[:-1] or None] for code, name in TRYTON_ROWS[:12]]
    xlsx(path, Sheet("Plan comptable", [["Code", "Nom", "Type", "Parent"], *lines]))


@case("layouts_tryton_code_nom_unnamed_refused", K,
      "Code and Nom alone on a sheet named Feuil1 name too many lists (products, customers): not read, say why",
      "export.xlsx", refused("« Feuil1 »"), society=7)
def _(path: Path) -> None:
    xlsx(path, Sheet("Feuil1", [["Code", "Nom"], *map(list, TRYTON_ROWS[:5])]))


@case("layouts_fec_columns_unnamed", K,
      "a chart derived from a FEC with its own column names CompteNum / CompteLib, on Feuil1", "comptes-fec.xlsx",
      chart_read(fec_chart(), "Feuil1", "lue comme un export de plan comptable FEC"), society=8)
def _(path: Path) -> None:
    xlsx(path, Sheet("Feuil1", [["CompteNum", "CompteLib"], *map(list, fec_chart())]))


@case("layouts_fec_lines_in_xlsx_refused", K,
      "a FEC's lines pasted into Excel: CompteNum and CompteLib are there, but so are Debit and Credit: entries, "
      "refused before any write", "FEC-2018.xlsx", refused("« Debit »", "« Credit »"), society=5)
def _(path: Path) -> None:
    xlsx(path, Sheet("Feuil1", [FEC_HEADER, *FEC_LINES]))


@case("layouts_entries_alone_refused", K,
      "January's entries (Date, Journal, Compte, Libellé, Débit, Crédit) alone: no layout takes them", "janvier.xlsx",
      refused("« Débit »", "« Crédit »"), society=6)
def _(path: Path) -> None:
    xlsx(path, Sheet("Feuil1", ENTRIES))
