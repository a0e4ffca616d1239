"""docs/trust.md §3: one record, one row. The dossier pads purely numeric general accounts to 6 digits (not 40x,
41x, 421): "512" and "512000" are one account; the later row is DUPLICATE and names the earlier one."""

from __future__ import annotations

from pathlib import Path

from tests.realworld.build import Sheet, text_file, xlsx
from tests.realworld.kit import HEAD, chart, created, duplicate, unchanged, updated
from tests.realworld.model import case, imported

K = "duplicates"


def _pair(name: str, meant: str, first: tuple[object, str], second: tuple[object, str], accounts: dict[str, str],
          same: bool) -> None:
    rows = {**created("Comptes", 2), **(duplicate("Comptes", 3, "ligne 2") if same else created("Comptes", 3))}
    case(name, K, meant, "plan.xlsx", imported(1 if same else 0, accounts, rows))(
        lambda path: chart(path, [first, second]))


_pair("dup_512_then_512000", "'512' Banque then '512000': one account, the second row is a duplicate",
      ("512", "Banque"), ("512000", "Banque principale"), {"512000": "Banque"}, True)
_pair("dup_512000_then_512", "the same pair in the other order", ("512000", "Banque principale"),
      ("512", "Banque"), {"512000": "Banque principale"}, True)
_pair("dup_11_then_110", "'11' and '110' (the PCG's own pair) are one account once padded",
      ("11", "Report à nouveau (solde créditeur ou débiteur)"), ("110", "Report à nouveau (solde créditeur)"),
      {"110000": "Report à nouveau (solde créditeur ou débiteur)"}, True)
_pair("dup_5120_then_512", "'5120' and '512' are both 512000", ("5120", "Banques"), ("512", "Banque"),
      {"512000": "Banques"}, True)
_pair("dup_422_is_padded", "'422' is a general account (not 421): '422' and '422000' are one",
      ("422", "Comité social et économique"), ("422000", "CSE"), {"422000": "Comité social et économique"}, True)
_pair("dup_third_party_401_not_padded", "'401' and '401000' are two third-party accounts, both created",
      ("401", "Fournisseurs"), ("401000", "Fournisseurs divers"), {"401": "Fournisseurs", "401000":
                                                                 "Fournisseurs divers"}, False)
_pair("dup_third_party_411_not_padded", "'411' and '411000' are two accounts", ("411", "Clients"),
      ("411000", "Clients divers"), {"411": "Clients", "411000": "Clients divers"}, False)
_pair("dup_third_party_421_not_padded", "'421' and '421000' are two accounts (421 is kept as typed)",
      ("421", "Personnel - Rémunérations dues"), ("421000", "Salaires à payer"),
      {"421": "Personnel - Rémunérations dues", "421000": "Salaires à payer"}, False)
_pair("dup_case_insensitive", "'401martin' and '401MARTIN' are one account (MyUnisoft upper-cases)",
      ("401martin", "Martin et fils"), ("401MARTIN", "MARTIN ET FILS"), {"401MARTIN": "Martin et fils"}, True)
_pair("dup_text_with_spaces_and_number_cell", "'401 000' typed as text and 401000 as a number: one account",
      ("401 000", "Fournisseurs"), (401000, "Fournisseurs (bis)"), {"401000": "Fournisseurs"}, True)
_pair("dup_apostrophe_prefix", "\"'512000\" (apostrophe typed to force text) and 512000: one account",
      ("'512000", "Banque"), ("512000", "Banque (bis)"), {"512000": "Banque"}, True)
_pair("dup_exact_copy", "the same row pasted twice: one account", ("607000", "Achats de marchandises"),
      ("607000", "Achats de marchandises"), {"607000": "Achats de marchandises"}, True)
_pair("dup_number_cells_512_and_512000", "number cells 512 and 512000: one account", (512, "Banque"),
      (512000, "Banque principale"), {"512000": "Banque"}, True)
_pair("dup_seven_digits_distinct", "'5121000' (7 digits) and '512100' are two accounts", ("5121000", "Banque A"),
      ("512100", "Banque B"), {"5121000": "Banque A", "512100": "Banque B"}, False)


@case("dup_class_1_10_101", K, "the PCG's head: '1' and '10' are one account (100000), '101' another",
      "plan.xlsx", imported(1, {"100000": "Comptes de capitaux", "101000": "Capital"},
                            created("Comptes", 2, 4), duplicate("Comptes", 3, "ligne 2")))
def _(path: Path) -> None:
    chart(path, [["1", "Comptes de capitaux"], ["10", "Capital et réserves"], ["101", "Capital"]])


@case("dup_three_way_51_510_510000", K, "'51', '510' and '510000' are one account: two duplicates of row 2",
      "plan.xlsx", imported(1, {"510000": "Banques, établissements financiers et assimilés"}, created("Comptes", 2),
                            duplicate("Comptes", 3, "ligne 2"), duplicate("Comptes", 4, "ligne 2")))
def _(path: Path) -> None:
    chart(path, [["51", "Banques, établissements financiers et assimilés"], ["510", "Banques"],
                 ["510000", "Banques (détail)"]])


@case("dup_two_sheets", K, "512000 on two sheets that both feed the chart: the later is a duplicate naming the "
      "first sheet and row", "plan.xlsx",
      imported(1, {"401000": "Fournisseurs", "512000": "Banque", "530000": "Caisse"}, created("Comptes", 2, 3),
               created("Plan comptable", 2), duplicate("Plan comptable", 3, "Comptes", "ligne 3")))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", [HEAD, ["401000", "Fournisseurs"], ["512000", "Banque"]]),
         Sheet("Plan comptable", [HEAD, ["530000", "Caisse"], ["512000", "Banque (copie)"]]))


@case("dup_two_sheets_after_padding", K, "'512' on one sheet and '512000' on the other: one account", "plan.xlsx",
      imported(1, {"512000": "Banque"}, created("Comptes", 2), duplicate("Plan comptable", 2, "Comptes", "ligne 2")))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", [HEAD, ["512", "Banque"]]), Sheet("Plan comptable", [HEAD, ["512000", "BNP"]]))


@case("dup_csv_sage_like", K, "a csv chart holding '6061' and its detail '606100': one account", "plan comptable.csv",
      imported(1, {"606100": "Fournitures non stockables (eau, énergie, …)", "606400": "Fournitures administratives"},
               created("plan comptable", 2, 4), duplicate("plan comptable", 3, "ligne 2")))
def _(path: Path) -> None:
    text_file(path, [["N° compte", "Intitulé"], ["6061", "Fournitures non stockables (eau, énergie, …)"],
                     ["606100", "Eau et électricité"], ["606400", "Fournitures administratives"]], encoding="utf-8-sig")


@case("dup_against_dossier_relabel", K, "'512' in dossier 1 (which holds 512000 Banques): relabel 512000",
      "plan.xlsx", imported(0, {"512000": "BNP Paribas"}, updated("Comptes", 2)), society=1)
def _(path: Path) -> None:
    chart(path, [["512", "BNP Paribas"]])


@case("dup_against_dossier_same_label", K, "'512' Banques in dossier 1 is its 512000 Banques: nothing to write",
      "plan.xlsx", imported(0, {}, unchanged("Comptes", 2)), society=1)
def _(path: Path) -> None:
    chart(path, [["512", "Banques"]])


@case("dup_against_dossier_third_party_case", K, "'401minoterie' is dossier 4's 401MINOTERIE: unchanged",
      "plan.xlsx", imported(0, {}, unchanged("Comptes", 2)), society=4)
def _(path: Path) -> None:
    chart(path, [["401minoterie", "MINOTERIE DU CENTRE"]])


@case("dup_against_dossier_and_in_file", K, "'6061' and '606100' in a file for dossier 1: one account, relabelled "
      "once by the first row", "plan.xlsx",
      imported(1, {"606100": "Eau, énergie"}, updated("Comptes", 2), duplicate("Comptes", 3, "ligne 2")), society=1)
def _(path: Path) -> None:
    chart(path, [["6061", "Eau, énergie"], ["606100", "Fournitures non stockables"]])


_pair("dup_4_and_400000", "'4' pads to 400000, which '400000' (kept as typed, a 40x) already is: one account",
      ("4", "Comptes de tiers"), ("400000", "Fournisseurs et comptes rattachés"), {"400000": "Comptes de tiers"},
      True)
_pair("dup_42_and_420", "'42' and '420' are both 420000", ("42", "Personnel et comptes rattachés"),
      ("420", "Personnel"), {"420000": "Personnel et comptes rattachés"}, True)
_pair("dup_41_and_410000_distinct", "'41' and '410000' are two third-party accounts", ("41", "Clients"),
      ("410000", "Clients et comptes rattachés"), {"41": "Clients", "410000": "Clients et comptes rattachés"}, False)
_pair("dup_space_inside_letters", "'401 martin' and '401MARTIN' are one account", ("401 martin", "Martin"),
      ("401MARTIN", "MARTIN SA"), {"401MARTIN": "Martin"}, True)


@case("dup_capital_same_date_two_spellings", K, "the same effective date typed '01/01/2024' and as a date cell",
      "capital.xlsx", imported(1, None, created("Capital", 2), duplicate("Capital", 3, "ligne 2"),
                               changes={"capital": {"latest": ("2024-01-01", 1000, 100)}}))
def _(path: Path) -> None:
    from datetime import date

    xlsx(path, Sheet("Capital", [["Date d'effet", "Capital", "Nombre de parts"], ["01/01/2024", 1000, 100],
                                 [date(2024, 1, 1), 1500, 150]], formats={"A3": "dd/mm/yyyy"}))


@case("dup_sections_on_two_sheets", K, "SITE/NANTES on Sections and on a second sections sheet: one section",
      "analytique.xlsx", imported(1, None, created("Sections", 2), duplicate("Sections 2024", 2, "Sections", "ligne 2"),
                                  created("Sections 2024", 3),
                                  changes={"sections": {("SITE", "NANTES"): "Nantes", ("SITE", "LILLE"): "Lille"}}),
      society=3)
def _(path: Path) -> None:
    head = ["Code axe", "Code section", "Libellé"]
    xlsx(path, Sheet("Sections", [head, ["SITE", "NANTES", "Nantes"]]),
         Sheet("Sections 2024", [head, ["SITE", "NANTES", "Nantes (copie)"], ["SITE", "LILLE", "Lille"]]))
