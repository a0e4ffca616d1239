"""Accountants' habits (issue 13): titles above the header, totals and class headings inside the table, two tables
on one sheet, numbers typed as numbers, Oui/Non written X or O, last year's sheet kept beside this year's, a result
workbook corrected and imported again. Rows that are no record are never written (Erreur or Ignoré)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.realworld.build import DATE_FR, EURO, PERCENT, TEXT, Sheet, xlsx
from tests.realworld.cases_sheets import ENTRIES, ENTRY_FORMATS, STAFF, VAT
from tests.realworld.kit import HEAD, SMALL, chart, created, duplicate, hidden, unchanged
from tests.realworld.model import ANY_CODE, ERROR, SKIPPED, Expect, Row, case, imported, rows, span

K = "habits"
SMALL_ACCOUNTS = dict(SMALL)


def _not_records(accounts: dict[str, str], done: dict[tuple[str, int], Row], sheet: str, *numbers: int) \
        -> tuple[Expect, Expect]:
    """The records written, and rows that are no record: either each an error (exit 1) or each ignored (exit 0)."""
    return (imported(1, accounts, done, rows(sheet, ERROR, *numbers, code=ANY_CODE)),
            imported(0, accounts, done, rows(sheet, SKIPPED, *numbers, code=ANY_CODE | {""})))


@case("habits_merged_title_and_date_above_header", K,
      "a merged title and an 'édité le' line above the header; the header on row 4", "plan.xlsx",
      imported(0, SMALL_ACCOUNTS, created("Comptes", *span(5, 8))))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", [["Plan comptable — SARL DUPONT"], ["Édité le 31/01/2024"], [], HEAD,
                                 *map(list, SMALL)], merges=["A1:C1"]))


@case("habits_totals_row", K, "a total line under the chart is no account", "plan.xlsx",
      _not_records(SMALL_ACCOUNTS, created("Comptes", *span(2, 5)), "Comptes", 7))
def _(path: Path) -> None:
    chart(path, [*SMALL, [None, None], [None, "Total : 4 comptes"]])


@case("habits_class_heading_rows", K, "class headings typed inside the table (merged across) are no accounts",
      "plan.xlsx", _not_records(SMALL_ACCOUNTS, created("Comptes", 3, 4, 6, 7), "Comptes", 2, 5))
def _(path: Path) -> None:
    chart(path, [["Classe 4 - Comptes de tiers", None], *SMALL[:2], ["Classe 5 - Comptes financiers", None],
                 *SMALL[2:]], merges=["A2:B2", "A5:B5"])


@case("habits_two_tables_on_one_sheet", K,
      "general accounts, a blank line, then a second titled table of third parties with its own header",
      "plan.xlsx", _not_records({"512000": "Banque", "607000": "Achats de marchandises", "401MINOT": "Minoterie du "
                                 "Centre", "411DUPONT": "Restaurant Dupont"},
                                created("Comptes", 2, 3, 7, 8), "Comptes", 5, 6))
def _(path: Path) -> None:
    chart(path, [["512000", "Banque"], ["607000", "Achats de marchandises"], [None, None],
                 ["Comptes de tiers", None], HEAD, ["401MINOT", "Minoterie du Centre"],
                 ["411DUPONT", "Restaurant Dupont"]])


@case("habits_numbers_typed_as_numbers", K, "account numbers typed as numbers (512 becomes 512000)", "plan.xlsx",
      imported(0, {"401000": "Fournisseurs", "512000": "Banque", "530000": "Caisse"}, created("Comptes", 2, 3, 4)))
def _(path: Path) -> None:
    chart(path, [[401000, "Fournisseurs"], [512, "Banque"], [53, "Caisse"]])


@case("habits_text_formatted_account_column", K, "the number column formatted as text (@) as accountants do",
      "plan.xlsx", imported(0, SMALL_ACCOUNTS, created("Comptes", *span(2, 5))))
def _(path: Path) -> None:
    chart(path, SMALL, formats={"A": TEXT})


@case("habits_labels_padded_with_spaces", K, "labels typed with spaces around them are stored trimmed", "plan.xlsx",
      imported(0, {"512000": "Banque", "530000": "Caisse"}, created("Comptes", 2, 3)))
def _(path: Path) -> None:
    chart(path, [["512000", "  Banque  "], ["530000", "Caisse\u00a0"]])


@case("habits_das2_marked_x", K, "DAS2 ticked with an X: the fees account is declared", "plan.xlsx",
      imported(0, {"622600": "Honoraires", "626000": "Frais postaux"}, created("Comptes", 2, 3),
               fields={"622600": {"das_2": True}, "626000": {"das_2": False}}))
def _(path: Path) -> None:
    chart(path, [["622600", "Honoraires", "X"], ["626000", "Frais postaux", None]], head=[*HEAD, "DAS2"])


@case("habits_provider_o_and_n", K, "Fournisseur answered O / N", "plan.xlsx",
      imported(0, {"401ACME": "ACME", "401BETA": "BETA"}, created("Comptes", 2, 3),
               fields={"401ACME": {"presta": True}, "401BETA": {"presta": False}}))
def _(path: Path) -> None:
    chart(path, [["401ACME", "ACME", "O"], ["401BETA", "BETA", "N"]], head=[*HEAD, "Fournisseur"])


@case("habits_columns_in_another_order", K, "Libellé before N° de compte, headers in capitals", "plan.xlsx",
      imported(0, SMALL_ACCOUNTS, created("Comptes", *span(2, 5))))
def _(path: Path) -> None:
    chart(path, [[label, number] for number, label in SMALL], head=["LIBELLÉ", "N° DE COMPTE"])


@case("habits_blank_lines_between_groups", K, "blank lines between groups of accounts are no rows", "plan.xlsx",
      imported(0, SMALL_ACCOUNTS, created("Comptes", 2, 3, 5, 6)))
def _(path: Path) -> None:
    chart(path, [*SMALL[:2], [None, None], *SMALL[2:]])


@case("habits_pennylane_unpadded_numbers", K,
      "numbers typed without their padding zeros ('211', '2181', as Pennylane advises): stored padded", "plan.xlsx",
      imported(0, {"211000": "Terrains", "218100": "Installations générales, agencements", "512000": "Banques"},
               created("Comptes", 2, 3, 4)))
def _(path: Path) -> None:
    chart(path, [["211", "Terrains"], ["2181", "Installations générales, agencements"], ["512", "Banques"]],
          head=["Numéro de compte", "Libellé"])


@case("habits_labels_without_accents", K, "labels typed without accents (for tools that refuse them) stay so",
      "plan.xlsx", imported(0, {"606100": "Electricite", "618100": "Documentation generale"},
                            created("Comptes", 2, 3)))
def _(path: Path) -> None:
    chart(path, [["606100", "Electricite"], ["618100", "Documentation generale"]])


@case("habits_readme_sheet_first", K, "a 'Lisez-moi' sheet of instructions before the chart is not read",
      "plan.xlsx", imported(0, SMALL_ACCOUNTS, created("Comptes", *span(2, 5))))
def _(path: Path) -> None:
    xlsx(path, Sheet("Lisez-moi", [["Ce classeur contient le plan comptable du dossier."],
                                   ["Compte", "Les numéros sont sur 6 chiffres"]]),
         Sheet("Comptes", [HEAD, *map(list, SMALL)]))


@case("habits_whole_year_workbook", K,
      "the chart beside January's entries, the staff list and the VAT rates: only the chart is imported",
      "dossier-2024.xlsx", imported(0, SMALL_ACCOUNTS, created("Comptes", *span(2, 5))))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", [HEAD, *map(list, SMALL)]), Sheet("Écritures janvier", ENTRIES, formats=ENTRY_FORMATS),
         Sheet("Salariés", STAFF, formats={"D": DATE_FR, "F": EURO}), Sheet("Taux", VAT, formats={"C": PERCENT}))


@case("habits_last_year_sheet_kept", K,
      "Comptes 2023 kept beside Comptes 2024: both feed the chart, 2024's repeats are duplicates naming 2023's rows",
      "plan.xlsx", imported(1, {"401000": "Fournisseurs", "512000": "Banque", "530000": "Caisse"},
                            created("Comptes 2023", 2, 3), duplicate("Comptes 2024", 2, "Comptes 2023", "ligne 2"),
                            duplicate("Comptes 2024", 3, "Comptes 2023", "ligne 3"), created("Comptes 2024", 4)))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes 2023", [HEAD, ["401000", "Fournisseurs"], ["512000", "Banque"]]),
         Sheet("Comptes 2024", [HEAD, ["401000", "Fournisseurs France"], ["512000", "Banque BNP"],
                                ["530000", "Caisse"]]))


@case("habits_result_workbook_corrected_and_reimported", K,
      "last run's result workbook, its error row corrected, imported again: the done row unchanged, the fixed one "
      "created", "resultat-corrige.xlsx",
      imported(0, {"401ACME": "ACME"}, unchanged("Comptes", 2), created("Comptes", 3)), society=1)
def _(path: Path) -> None:
    head = [*HEAD, "Statut", "Code erreur", "Message", "ID MyUnisoft", "Request-ID"]
    chart(path, [["401000", "Fournisseurs", "Inchangé", None, None, "100401", "req-1a2b3c4d5e6f7a8b"],
                 ["401ACME", "ACME", "Erreur", "COMPTE6", "« Comptes », ligne 3 : corrigé depuis", None, None]],
          head=head)


@case("habits_capital_history_with_dates", K,
      "the capital history typed with dd/mm/yyyy dates and euro amounts: the latest is MyUnisoft's", "capital.xlsx",
      imported(0, None, created("Capital", 2, 3), changes={"capital": {"latest": ("2022-06-30", 15000, 1500)}}))
def _(path: Path) -> None:
    xlsx(path, Sheet("Capital", [["Date d'effet", "Capital", "Nombre de parts"], [date(2018, 3, 1), 10000, 1000],
                                 [date(2022, 6, 30), 15000, 1500]], formats={"A": DATE_FR, "B": EURO}))


@case("habits_sections_with_notes_and_merged_title", K,
      "sections under a merged title with a Commentaire column (dossier 3)", "analytique.xlsx",
      imported(0, None, created("Sections", 3, 4), changes={"sections": {("SITE", "NANTES"): "Nantes",
                                                                          ("SITE", "LILLE"): "Lille"}}), society=3)
def _(path: Path) -> None:
    xlsx(path, Sheet("Sections", [["Sections analytiques — axe SITE"],
                                  ["Code axe", "Code section", "Libellé", "Commentaire"],
                                  ["SITE", "NANTES", "Nantes", "ouverture mars"], ["SITE", "LILLE", "Lille", None]],
                     merges=["A1:D1"]))



@case("habits_dossier_column_filled_with_the_name", K,
      "every row names its dossier in a Dossier column (the dossier's name, as a firm keeps it)", "plan.xlsx",
      imported(0, SMALL_ACCOUNTS, created("Comptes", *span(2, 5))))
def _(path: Path) -> None:
    chart(path, [["DOSSIER VIDE SAS", n, lb] for n, lb in SMALL], head=["Dossier", *HEAD])


@case("habits_line_number_column", K, "a 'N°' column numbering the lines before the account column", "plan.xlsx",
      imported(0, SMALL_ACCOUNTS, created("Comptes", *span(2, 5))))
def _(path: Path) -> None:
    chart(path, [[i, n, lb] for i, (n, lb) in enumerate(SMALL, start=1)], head=["N°", *HEAD])


@case("habits_frozen_header_and_styles", K, "a coloured, frozen, bordered header as accountants format it",
      "plan.xlsx", imported(0, SMALL_ACCOUNTS, created("Comptes", *span(2, 5))))
def _(path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Border, Font, PatternFill, Side

    chart(path, SMALL)
    book = openpyxl.load_workbook(path)
    sheet = book["Comptes"]
    sheet.freeze_panes = "A2"
    thin = Side(style="thin")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    book.save(path)


@case("habits_dossier_column_with_reference", K, "the Dossier column holds the dossier's reference CLIENT-002",
      "plan.xlsx", imported(0, SMALL_ACCOUNTS, created("Comptes", *span(2, 5))))
def _(path: Path) -> None:
    chart(path, [["CLIENT-002", n, lb] for n, lb in SMALL], head=["Dossier", *HEAD])


@case("habits_dossier_column_with_siret", K, "the Dossier column holds the dossier's SIRET, typed with spaces",
      "plan.xlsx", imported(0, SMALL_ACCOUNTS, created("Comptes", *span(2, 5))))
def _(path: Path) -> None:
    chart(path, [["793 456 120 00013", n, lb] for n, lb in SMALL], head=["Dossier", *HEAD])


@case("habits_line_number_column_numero", K, "a 'Numéro' line column before 'Compte' and 'Intitulé'", "plan.xlsx",
      imported(0, SMALL_ACCOUNTS, created("Comptes", *span(2, 5))))
def _(path: Path) -> None:
    chart(path, [[i, n, lb] for i, (n, lb) in enumerate(SMALL, start=1)], head=["Numéro", "Compte", "Intitulé"])


@case("habits_hidden_old_row_on_another_sheet", K,
      "last year's sheet kept with its rows hidden: this year's sheet is imported without duplicates", "plan.xlsx",
      imported(0, {"401000": "Fournisseurs France", "512000": "Banque BNP"}, hidden("Comptes 2023", 2, 3),
               created("Comptes 2024", 2, 3)))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes 2023", [HEAD, ["401000", "Fournisseurs"], ["512000", "Banque"]], hidden=[2, 3]),
         Sheet("Comptes 2024", [HEAD, ["401000", "Fournisseurs France"], ["512000", "Banque BNP"]]))


@case("habits_dossier_merged_over_its_accounts", K,
      "the Dossier cell merged over the dossier's four accounts: the value is on the first row only, the others "
      "are refused, never sent to the default dossier", "plan.xlsx",
      imported(1, {"401000": "Fournisseurs"}, created("Comptes", 2), rows("Comptes", ERROR, 3, 4, 5,
                                                                            code="MERGED_CELL")))
def _(path: Path) -> None:
    chart(path, [["CLIENT-002" if i == 0 else None, n, lb] for i, (n, lb) in enumerate(SMALL)],
          head=["Dossier", *HEAD], merges=["A2:A5"])


@case("habits_old_labels_in_a_hidden_column", K,
      "the chart relabelled in a new Libellé column, last year's kept beside it, hidden: the labels on screen",
      "plan.xlsx", imported(0, SMALL_ACCOUNTS, created("Comptes", *span(2, 5))))
def _(path: Path) -> None:
    chart(path, [[n, lb.upper()[:5], lb] for n, lb in SMALL], head=["N° de compte", "Libellé", "Libellé"],
          hidden_columns=["B"])
