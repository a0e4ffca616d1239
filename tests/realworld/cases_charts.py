"""Real charts, as other software writes them, into the empty dossiers 5 to 8 (issue 13, item 4): the PCG as
published, Odoo's l10n_fr csv, Tryton's account_fr chart, ERPNext's French chart and its importer template, a chart
derived from a FEC. Hierarchical charts hold pairs that are one account once padded ("28" and "280", "11" and
"110"): the later row is DUPLICATE naming the earlier one, and importing again writes nothing (test_invariants)."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.realworld.build import Sheet, text_file, xlsx
from tests.realworld.excerpts import (
    ERPNEXT_HEADER,
    ERPNEXT_TREE,
    FEC_HEADER,
    FEC_LINES,
    ODOO_HEADER,
    TRYTON_ROWS,
    fec_chart,
    first_of_each,
    odoo_expected,
    odoo_rows,
    pcg,
    stored,
)
from tests.realworld.kit import created, duplicate, unchanged, updated
from tests.realworld.model import Expect, Row, case, imported, rows, span

K = "charts"


def chart_outcome(pairs: list[tuple[str, str]], sheet: str, first_row: int = 2) -> Expect:
    """An empty dossier after importing `pairs` from `first_row` on: the first row of each stored number is
    created; every later one is DUPLICATE naming the earlier row."""
    kept, duplicates = first_of_each(pairs)
    rows: dict[tuple[str, int], Row] = {}
    for index in range(len(pairs)):
        if index in duplicates:
            rows.update(duplicate(sheet, first_row + index, f"ligne {first_row + duplicates[index]}"))
        else:
            rows.update(created(sheet, first_row + index))
    return imported(1 if duplicates else 0, kept, rows)


# --- the PCG as published (bulkio/data/pcg.tsv): classes, 2-digit accounts, 3+ digit accounts --------------------


@case("charts_pcg_full", K, "the whole PCG typed as published (1 006 lines) into empty dossier 5", "pcg.xlsx",
      chart_outcome(pcg(), "Plan comptable"), society=5)
def _(path: Path) -> None:
    xlsx(path, Sheet("Plan comptable", [["Compte", "Intitulé"], *map(list, pcg())]))


def _pcg_class(digit: str) -> list[tuple[str, str]]:
    return [(number, label) for number, label in pcg() if number.startswith(digit)]


@case("charts_pcg_class_5_french_csv", K, "class 5 of the PCG saved as French csv (cp1252: – ’ … survive)",
      "plan comptable.csv", chart_outcome(_pcg_class("5"), "plan comptable"), society=6)
def _(path: Path) -> None:
    text_file(path, [["N° compte", "Intitulé"], *map(list, _pcg_class("5"))])


@case("charts_pcg_class_4_third_parties", K,
      "class 4 of the PCG: '4' is padded, '40', '401', '4011', '421' are kept (third parties)", "tiers.xlsx",
      chart_outcome(_pcg_class("4"), "Comptes"), society=7)
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", [["N° de compte", "Libellé"], *map(list, _pcg_class("4"))]))


# --- Odoo: addons/l10n_fr/data/account.account.template.csv ------------------------------------------------------


# Other software's own column names (code/name, Code/Nom, CompteNum/CompteLib) are read through their layouts
# (bulkio/workbook/layouts.py, issue 15): the import is what the user means, and now the only answer.


@case("charts_odoo_csv_as_shipped", K,
      "Odoo's l10n_fr account template csv (id, name, code, account_type...) named by --sheet: code and name are "
      "the number and label; '1648' and '39200' padded", "account.account.template.csv",
      imported(0, odoo_expected(), created("account.account.template", *range(2, 2 + len(odoo_rows()))),
               says=("export de plan comptable Odoo", "colonnes ignorées")),
      args=("--sheet", "account.account.template=comptes"), society=6)
def _(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerow(ODOO_HEADER)
        writer.writerows(odoo_rows())


@case("charts_odoo_pasted_under_bulkio_headers", K,
      "the same Odoo accounts pasted under N° de compte / Libellé", "plan-odoo.xlsx",
      imported(0, odoo_expected(), created("Comptes", *range(2, 2 + len(odoo_rows())))), society=7)
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", [["N° de compte", "Libellé"], *([row[2], row[1]] for row in odoo_rows())]))


# --- Tryton: modules/account_fr/account_fr.xml -------------------------------------------------------------------


@case("charts_tryton_export_csv", K,
      "Tryton's French chart exported as Code / Nom, named by --sheet: '28' and '280' are one account",
      "plan_tryton.csv", chart_outcome(TRYTON_ROWS, "plan_tryton"),
      args=("--sheet", "plan_tryton=comptes"), society=8)
def _(path: Path) -> None:
    text_file(path, [["Code", "Nom"], *map(list, TRYTON_ROWS)], encoding="utf-8", delimiter=",", newline="\n")


@case("charts_tryton_pasted", K, "Tryton's chart pasted under Compte / Intitulé", "plan-tryton.xlsx",
      chart_outcome(TRYTON_ROWS, "Plan comptable"), society=5)
def _(path: Path) -> None:
    xlsx(path, Sheet("Plan comptable", [["Compte", "Intitulé"], *map(list, TRYTON_ROWS)]))


# --- ERPNext: fr_plan_comptable_general.json, and its Chart of Accounts Importer template --------------------------

ERPNEXT_PAIRS = [(number, name) for _parent, number, name in ERPNEXT_TREE]


def _erpnext_rows() -> list[list[object]]:
    names = {number: name for _parent, number, name in ERPNEXT_TREE}
    parents = {parent for parent, _number, _name in ERPNEXT_TREE}
    return [[name, names.get(parent, ""), number, parent, 1 if number in parents else 0, "",
             "Equity" if not parent else "", "EUR"] for parent, number, name in ERPNEXT_TREE]


@case("charts_erpnext_importer_template", K,
      "ERPNext's Chart of Accounts Importer template filled with its French chart, named by --sheet: Account "
      "Number / Account Name; '1'/'10', '11'/'110', '12'/'120' are one account each", "coa_importer.csv",
      chart_outcome(ERPNEXT_PAIRS, "coa_importer"), args=("--sheet", "coa_importer=comptes"), society=6)
def _(path: Path) -> None:
    text_file(path, [ERPNEXT_HEADER, *_erpnext_rows()], encoding="utf-8", delimiter=",", newline="\n")


@case("charts_erpnext_tree_flattened", K,
      "ERPNext's tree keys '1011-Capital souscrit - non appelé' split by the user into N° compte / Intitulé",
      "plan-erpnext.xlsx", chart_outcome(ERPNEXT_PAIRS, "Plan comptable"), society=7)
def _(path: Path) -> None:
    xlsx(path, Sheet("Plan comptable", [["N° compte", "Intitulé"], *map(list, ERPNEXT_PAIRS)]))


# --- a FEC, and the chart an accountant derives from it -------------------------------------------------------------


@case("charts_fec_derived_with_fec_headers", K,
      "each CompteNum of a FEC once, with its CompteLib, on a sheet Plan comptable: the FEC's own column names",
      "plan-fec.xlsx", chart_outcome(fec_chart(), "Plan comptable"), society=8)
def _(path: Path) -> None:
    xlsx(path, Sheet("Plan comptable", [["CompteNum", "CompteLib"], *map(list, fec_chart())]))


@case("charts_fec_derived_pasted", K, "the FEC's accounts pasted under N° de compte / Libellé", "plan-fec.xlsx",
      chart_outcome(fec_chart(), "Comptes"), society=5)
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", [["N° de compte", "Libellé"], *map(list, fec_chart())]))


FEC_CHART = {"797000": "Transferts de charges exceptionnelles", "496700": "Autres comptes débiteurs",
             "607000": "Achats de marchandises", "445660": "TVA déductible sur autres biens et services",
             "401000": "Fournisseurs", "401MINOT": "Minoterie du Centre", "411000": "Clients",
             "411DUPONT": "Restaurant Dupont", "707000": "Ventes de marchandises", "445710": "TVA collectée"}


@case("charts_fec_file_itself", K, "a FEC (tab-separated, 18 columns, Tryton's) gives the chart of accounts: its "
      "general accounts and its third parties under their collective's root; Tryton's party '2' under 4967 would be a "
      "digits-only number MyUnisoft pads like a general account (496720): that row is an error saying to give 4967 a "
      "root with a letter, the others are created",
      "FEC.csv", imported(1, FEC_CHART, rows("Comptes", "Créé", 2, 3, *span(5, 12)),
                          rows("Comptes", "Erreur", 4, code="FEC_AUX_DIGITS_ONLY", says=("4967",))), society=6)
def _(path: Path) -> None:
    text_file(path, [FEC_HEADER, *FEC_LINES], encoding="latin-1", delimiter="\t", newline="\r\n")


# --- Paheko (ex-Garradin): code, label, description, position, type ------------------------------------------------

PAHEKO = [["code", "label", "description", "position", "type"],
          ["512", "Banque", "Compte courant", "Actif", ""], ["530", "Caisse", "", "Actif", ""],
          ["6063", "Fournitures d'entretien et de petit équipement", "", "Charge", ""],
          ["756", "Cotisations", "Cotisations des membres", "Produit", ""]]
PAHEKO_EXPECTED = {"512000": "Banque", "530000": "Caisse", "606300": "Fournitures d'entretien et de petit équipement",
                   "756000": "Cotisations"}


@case("charts_paheko_csv", K, "an association's chart exported from Paheko (code, label...), named by --sheet",
      "plan_paheko.csv", imported(0, PAHEKO_EXPECTED, created("plan_paheko", 2, 3, 4, 5),
                                  says=("export de plan comptable Paheko", "« description »")),
      args=("--sheet", "plan_paheko=comptes"), society=8)
def _(path: Path) -> None:
    text_file(path, PAHEKO, encoding="utf-8", delimiter=",", newline="\n")


def _pcg_into_dossier_1() -> Expect:
    """Dossier 1 holds the PCG's 3+ digit accounts padded to 6 (the sandbox's demo data): the published PCG
    adds its classes and 2-digit accounts, and 40x/41x/421 kept as typed; the rest is unchanged."""
    from bulkio.sandbox.demo import pcg_accounts

    before = dict(pcg_accounts())
    _kept, duplicates = first_of_each(pcg())
    rows: dict[tuple[str, int], Row] = {}
    accounts: dict[str, str] = {}
    for index, (number, label) in enumerate(pcg()):
        key, row = stored(number), 2 + index
        if index in duplicates:
            rows.update(duplicate("Plan comptable", row, f"ligne {2 + duplicates[index]}"))
        elif key not in before:
            rows.update(created("Plan comptable", row))
            accounts[key] = label
        elif before[key] != label:
            rows.update(updated("Plan comptable", row))
            accounts[key] = label
        else:
            rows.update(unchanged("Plan comptable", row))
    return imported(1, accounts, rows)


@case("charts_pcg_into_the_dossier_holding_it", K,
      "the published PCG into dossier 1, which already holds its accounts: only what is missing is written",
      "pcg.xlsx", _pcg_into_dossier_1(), society=1)
def _(path: Path) -> None:
    xlsx(path, Sheet("Plan comptable", [["Compte", "Intitulé"], *map(list, pcg())]))
