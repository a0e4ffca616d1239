"""docs/trust.md §5: rows the user cannot see. A filter says "I am working on these rows": hidden and filtered-out
rows are not imported (Ignoré, HIDDEN_ROW); the template's example row is never imported (Ignoré, EXAMPLE_ROW)."""

from __future__ import annotations

from pathlib import Path

from tests.realworld.build import Sheet, from_template, ods_with_visibility, text_file, xlsx
from tests.realworld.kit import HEAD, SMALL, chart, created, either, error, example, hidden
from tests.realworld.model import ANY_CODE, SKIPPED, case, imported, rows, span

K = "hidden"
CLASSED = [["N° de compte", "Libellé", "Classe"], ["401000", "Fournisseurs", "4"], ["411000", "Clients", "4"],
           ["512000", "Banque", "5"], ["606100", "Fournitures non stockables", "6"],
           ["607000", "Achats de marchandises", "6"], ["706000", "Prestations de services", "7"]]


@case("hidden_row_by_hand", K, "import the visible rows; row 4, hidden by hand, stays out", "plan.xlsx",
      imported(0, {"401000": "Fournisseurs", "411000": "Clients", "607000": "Achats de marchandises"},
               created("Comptes", 2, 3, 5), hidden("Comptes", 4)))
def _(path: Path) -> None:
    chart(path, SMALL, hidden=[4])


@case("hidden_autofilter_class_6", K, "the user filtered on class 6: only the accounts on screen are imported",
      "plan.xlsx", imported(0, {"606100": "Fournitures non stockables", "607000": "Achats de marchandises"},
                            created("Comptes", 5, 6), hidden("Comptes", 2, 3, 4, 7)))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", CLASSED, autofilter="A1:C7", filtered=(2, ["6"]), filtered_out=[2, 3, 4, 7]))


@case("hidden_autofilter_nothing_hidden", K, "an autofilter left on with every value shown: all rows imported",
      "plan.xlsx", imported(0, {r[0]: r[1] for r in CLASSED[1:]}, created("Comptes", *span(2, 7))))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", CLASSED, autofilter="A1:C7"))


@case("hidden_row_duplicate_of_visible", K,
      "an old label kept on a hidden row above the current one: the visible row wins, no duplicate", "plan.xlsx",
      imported(0, {"512000": "Banque populaire"}, hidden("Comptes", 2), created("Comptes", 3)))
def _(path: Path) -> None:
    chart(path, [["512000", "BANQUE (ancien libellé)"], ["512000", "Banque populaire"]], hidden=[2])


@case("hidden_row_invalid", K, "a hidden row holding an invalid number is not imported, so not an error",
      "plan.xlsx", imported(0, {"401000": "Fournisseurs", "512000": "Banque"}, created("Comptes", 2, 4),
                            hidden("Comptes", 3)))
def _(path: Path) -> None:
    chart(path, [["401000", "Fournisseurs"], ["A401", "brouillon"], ["512000", "Banque"]], hidden=[3])


@case("hidden_all_rows", K, "every data row hidden: nothing to write, each row says why", "plan.xlsx",
      imported(0, {}, hidden("Comptes", 2, 3)))
def _(path: Path) -> None:
    chart(path, SMALL[:2], hidden=[2, 3])


@case("hidden_outline_collapsed_group", K, "rows in a collapsed group (Données > Grouper) are hidden", "plan.xlsx",
      imported(0, {"401000": "Fournisseurs", "607000": "Achats de marchandises"}, created("Comptes", 2, 5),
               hidden("Comptes", 3, 4)))
def _(path: Path) -> None:
    chart(path, SMALL, outline=[3, 4])


@case("hidden_autofilter_text_filter", K,
      "a text filter 'does not contain ANCIEN' hides the closed accounts: they stay out", "plan.xlsx",
      imported(0, {"401000": "Fournisseurs", "512000": "Banque"}, created("Comptes", 2, 4), hidden("Comptes", 3, 5)))
def _(path: Path) -> None:
    lines = [HEAD, ["401000", "Fournisseurs"], ["401100", "Fournisseurs (ANCIEN)"], ["512000", "Banque"],
             ["512100", "Banque Populaire (ANCIEN)"]]
    xlsx(path, Sheet("Comptes", lines, autofilter="A1:B5", text_filter=(1, "*ANCIEN*"), filtered_out=[3, 5]))


@case("hidden_rows_on_two_sheets", K, "a hidden row on Comptes, a filtered row on Plan comptable", "plan.xlsx",
      imported(0, {"401000": "Fournisseurs", "622600": "Honoraires"}, created("Comptes", 2), hidden("Comptes", 3),
               created("Plan comptable", 3), hidden("Plan comptable", 2)))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", [HEAD, ["401000", "Fournisseurs"], ["411000", "Clients"]], hidden=[3]),
         Sheet("Plan comptable", [[*HEAD, "Statut interne"], ["626000", "Frais postaux", "à supprimer"],
                                  ["622600", "Honoraires", "ok"]], autofilter="A1:C3", filtered=(2, ["ok"]),
               filtered_out=[2]))


@case("hidden_row_in_repartition_key", K,
      "a key's third rate hidden: the visible rates add up to 80, the key is refused, nothing sent", "cles.xlsx",
      imported(1, None, error("Répartitions", 2, ANY_CODE), error("Répartitions", 3, ANY_CODE),
               hidden("Répartitions", 4)), society=3)
def _(path: Path) -> None:
    head = ["Code axe", "Clé", "Condition", "Code section", "Taux"]
    xlsx(path, Sheet("Répartitions", [head, ["ACTIVITE", "MIXTE", "6", "VENTE", 50],
                                      ["ACTIVITE", "MIXTE", "6", "ATELIER", 30],
                                      ["ACTIVITE", "MIXTE", "6", "ATTENTE", 20]], hidden=[4]))


@case("hidden_old_capital_row", K, "the 2020 capital row is hidden: only 2024 is recorded", "capital.xlsx",
      imported(0, None, hidden("Capital", 2), created("Capital", 3),
               changes={"capital": {"latest": ("2024-01-01", 2000, 200)}}))
def _(path: Path) -> None:
    xlsx(path, Sheet("Capital", [["Date d'effet", "Capital", "Nombre de parts"], ["01/01/2020", 1000, 100],
                                 ["01/01/2024", 2000, 200]], hidden=[2]))


@case("hidden_title_rows_above_header", K, "hidden title rows above the header change nothing", "plan.xlsx",
      imported(0, dict(SMALL), created("Comptes", *span(4, 7))))
def _(path: Path) -> None:
    xlsx(path, Sheet("Comptes", [["Plan comptable"], ["brouillon"], HEAD, *map(list, SMALL)], hidden=[1, 2]))


# --- the template's example row --------------------------------------------------------------------------------

USER_ROWS = [{"N° de compte": "401MINOT", "Libellé": "MINOTERIE DU CENTRE"}, {"N° de compte": "512000",
                                                                             "Libellé": "Banque"}]


@case("example_row_template_filled_below", K,
      "the published template filled below its example row: the example (401DUPONT) is never created",
      "comptes.xlsx", imported(0, {"401MINOT": "MINOTERIE DU CENTRE", "512000": "Banque"}, example("Comptes", 2),
                               created("Comptes", 3, 4)))
def _(path: Path) -> None:
    from_template(path, "bulkio-comptes-fr.xlsx", {"Comptes": USER_ROWS})


@case("example_row_template_untouched", K, "the template downloaded and imported as is: nothing to write",
      "comptes.xlsx", imported(0, {}, example("Comptes", 2)))
def _(path: Path) -> None:
    from_template(path, "bulkio-comptes-fr.xlsx", {})


@case("example_row_overwritten", K,
      "the user typed their first supplier over the example row, its counterpart 607000 left: theirs or the "
      "example's cannot be told, so nothing is written and the message names the cell to check",
      "comptes.xlsx", imported(1, {}, error("Comptes", 2, "EXAMPLE_ROW_EDITED", "Compte de contrepartie")),
      society=1)
def _(path: Path) -> None:
    from_template(path, "bulkio-comptes-fr.xlsx", {}, example={"Comptes": USER_ROWS[0]})


@case("example_row_partly_cleared", K,
      "the example's flags and counterpart cleared, 401DUPONT / DUPONT SARL left: still the example",
      "comptes.xlsx", imported(0, {"512000": "Banque"}, example("Comptes", 2), created("Comptes", 3)))
def _(path: Path) -> None:
    cleared = {h: None for h in ("Compte de contrepartie", "Fournisseur", "Intracommunautaire", "Autoliquidation BTP",
                                 "Exonéré", "DAS2", "Analytique")}
    from_template(path, "bulkio-comptes-fr.xlsx", {"Comptes": [USER_ROWS[1]]}, example={"Comptes": cleared})


@case("example_row_copied_into_own_sheet", K,
      "401DUPONT / DUPONT SARL copied from the help into a hand-made sheet: the example, not a supplier",
      "plan.xlsx", imported(0, {"512000": "Banque"}, example("Comptes", 2), created("Comptes", 3)))
def _(path: Path) -> None:
    chart(path, [["401DUPONT", "DUPONT SARL"], ["512000", "Banque"]])


@case("example_rows_analytics_template", K,
      "the analytics template filled below its examples: ACTIVITE's VENTE keeps its accounts, no SIEGE key",
      "analytique.xlsx",
      imported(0, None, example("Axes", 2), example("Sections", 2), created("Sections", 3),
               example("Répartitions", 2), changes={"sections": {("ACTIVITE", "NEGOCE"): "Négoce"}}), society=3)
def _(path: Path) -> None:
    from_template(path, "bulkio-analytique-fr.xlsx", {"Sections": [
        {"Code axe": "ACTIVITE", "Code section": "NEGOCE", "Libellé": "Négoce", "Clôturée": "Non",
         "Par défaut": "Non"}]})


@case("example_row_english_template", K, "the English template filled below its example, imported in French",
      "accounts.xlsx", imported(0, {"411DURAND": "DURAND SA"}, example("Accounts", 2), created("Accounts", 3)))
def _(path: Path) -> None:
    from_template(path, "bulkio-comptes-en.xlsx", {"Accounts": [{"Account number": "411DURAND",
                                                                 "Label": "DURAND SA"}]})


@case("hidden_ods_collapsed_row", K, "a row hidden in LibreOffice Calc (.ods) stays out", "plan.ods",
      imported(0, {"401000": "Fournisseurs", "512000": "Banque", "607000": "Achats de marchandises"},
               created("Comptes", 2, 4, 5), hidden("Comptes", 3)))
def _(path: Path) -> None:
    ods_with_visibility(path, "Comptes", [HEAD, *map(list, SMALL)], {3: "collapse"})


@case("hidden_ods_filtered_rows", K, "rows filtered out by a LibreOffice standard filter stay out", "plan.ods",
      imported(0, {"401000": "Fournisseurs", "411000": "Clients"}, created("Comptes", 2, 3),
               hidden("Comptes", 4, 5)))
def _(path: Path) -> None:
    ods_with_visibility(path, "Comptes", [HEAD, *map(list, SMALL)], {4: "filter", 5: "filter"})


@case("hidden_sections_filtered", K, "sections filtered out on the Sections sheet are not created", "analytique.xlsx",
      imported(0, None, created("Sections", 2), hidden("Sections", 3),
               changes={"sections": {("SITE", "NANTES"): "Nantes"}}), society=3)
def _(path: Path) -> None:
    xlsx(path, Sheet("Sections", [["Code axe", "Code section", "Libellé"], ["SITE", "NANTES", "Nantes"],
                                  ["SITE", "TOULON", "Toulon"]], autofilter="A1:C3", filtered=(1, ["NANTES"]),
                     filtered_out=[3]))


@case("example_row_hidden_by_the_user", K, "the user hid the template's example row: not imported either way",
      "comptes.xlsx", imported(0, {"401MINOT": "MINOTERIE DU CENTRE", "512000": "Banque"},
                               rows("Comptes", SKIPPED, 2, code=either("HIDDEN_ROW", "EXAMPLE_ROW")),
                               created("Comptes", 3, 4)))
def _(path: Path) -> None:
    from_template(path, "bulkio-comptes-fr.xlsx", {"Comptes": USER_ROWS})
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["Comptes"].row_dimensions[2].hidden = True
    book.save(path)


@case("example_row_after_sorting", K, "the user sorted the filled template: the example row is now row 3",
      "comptes.xlsx", imported(0, {"401MINOT": "MINOTERIE DU CENTRE", "512000": "Banque"}, created("Comptes", 2, 4),
                               example("Comptes", 3)))
def _(path: Path) -> None:
    example_row = {"N° de compte": "401DUPONT", "Libellé": "DUPONT SARL", "Compte de contrepartie": "607000",
                   "Fournisseur": "Non", "Intracommunautaire": "Non", "Autoliquidation BTP": "Non", "Exonéré": "Non",
                   "DAS2": "Non", "Analytique": "Non"}
    blank = {header: None for header in example_row}
    from_template(path, "bulkio-comptes-fr.xlsx", {"Comptes": [example_row, USER_ROWS[1]]},
                  example={"Comptes": {**blank, **USER_ROWS[0]}})


@case("example_row_in_csv_saved_from_template", K,
      "the template saved as csv and filled: its example line is still the example", "comptes.csv",
      imported(0, {"401MINOT": "MINOTERIE DU CENTRE"}, example("comptes", 2), created("comptes", 3)))
def _(path: Path) -> None:
    head = ["Dossier", "N° de compte", "Libellé", "Compte de contrepartie", "Fournisseur", "Intracommunautaire",
            "Autoliquidation BTP", "Exonéré", "DAS2", "Analytique"]
    text_file(path, [head, ["", "401DUPONT", "DUPONT SARL", "607000", "Non", "Non", "Non", "Non", "Non", "Non"],
                     ["", "401MINOT", "MINOTERIE DU CENTRE", "", "", "", "", "", "", ""]])


@case("example_rows_associates_template", K,
      "the capital and associates template filled below its examples (10 000 € capital, MARTIN, ANALYTIQUE SA): "
      "only the user's rows reach dossier 4", "associes.xlsx",
      imported(0, None, example("Capital", 2), created("Capital", 3), example("Associés PP", 2),
               created("Associés PP", 3), example("Associés PM", 2),
               changes={"capital": {"latest": ("2024-03-01", 6000, 600)},
                        "pp": {("Bénard", "Zoé", "2024-03-01"): ("", 100, 0, 0)}}), society=4)
def _(path: Path) -> None:
    from_template(path, "bulkio-associes-fr.xlsx", {
        "Capital": [{"Date d'effet": "01/03/2024", "Capital": "6000", "Nombre de parts": "600"}],
        "Associés PP": [{"Nom": "BÉNARD", "Prénom": "Zoé", "Fonction signataire": "Co-Gérant", "Fonction": "Associé",
                         "Date d'entrée": "01/03/2024", "Parts PP": "100", "Parts NP": "0", "Parts US": "0",
                         "Compte associé": "455200"}]})
