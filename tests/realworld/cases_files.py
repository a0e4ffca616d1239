"""docs/trust.md §7: ordinary files and commands. A csv is named by its file name (or --sheet), its title line read
as in a workbook; a usage error is one sentence and exit 2; a pipe or a device is refused at once; an Excel lock
file beside the input gives a warning."""

from __future__ import annotations

import os
from pathlib import Path

from tests.realworld.build import ods, text_file, xls
from tests.realworld.kit import HEAD, SMALL, chart, created
from tests.realworld.model import Expect, case, imported, refused, span

K = "files"
SMALL_ACCOUNTS = dict(SMALL)
LINES = [HEAD, *map(list, SMALL)]


def _ok(sheet: str, first: int = 2, says: tuple[str, ...] = ()) -> Expect:
    return imported(0, SMALL_ACCOUNTS, created(sheet, *span(first, first + 3)), says=says)


@case("files_csv_named_comptes", K, "comptes.csv saved by French Excel (cp1252, ';', CRLF)", "comptes.csv",
      _ok("comptes"))
def _(path: Path) -> None:
    text_file(path, LINES)


@case("files_csv_named_plan_comptable", K, "'plan comptable.csv' (a space in the name)", "plan comptable.csv",
      _ok("plan comptable"))
def _(path: Path) -> None:
    text_file(path, [["N° compte", "Intitulé"], *map(list, SMALL)])


@case("files_csv_named_accounts_english", K, "accounts.csv with English headers", "accounts.csv", _ok("accounts"))
def _(path: Path) -> None:
    text_file(path, [["Account number", "Label"], *map(list, SMALL)], encoding="utf-8", delimiter=",", newline="\n")


@case("files_csv_generic_name_by_headers", K, "export.csv whose headers are a chart's and nothing else",
      "export.csv", _ok("export"))
def _(path: Path) -> None:
    text_file(path, LINES)


@case("files_csv_title_line", K, "a title line above the header, as accountants export", "comptes.csv",
      _ok("comptes", 3))
def _(path: Path) -> None:
    text_file(path, LINES, before=["Plan comptable SARL DUPONT au 31/12/2023;;"])


@case("files_csv_two_title_lines_and_blank", K, "two title lines and an empty line above the header",
      "comptes.csv", _ok("comptes", 5))
def _(path: Path) -> None:
    text_file(path, LINES, before=["SARL DUPONT", "Plan comptable - exercice 2023", ""])


@case("files_csv_entries_named_ecritures", K, "ecritures.csv (Débit/Crédit) is no chart: refused, say why",
      "ecritures.csv", refused("ecritures"))
def _(path: Path) -> None:
    text_file(path, [["Date", "Journal", "Compte", "Libellé", "Débit", "Crédit"],
                     ["05/01/2024", "AC", "607000", "Facture Minoterie", "1 000,00", ""],
                     ["05/01/2024", "AC", "401000", "Facture Minoterie", "", "1 000,00"]])


SAGE_LIKE = [["Compte", "Intitulé", "Type", "Nature", "Lettrage"], *([n, lb, "Détail", "Aucune", "Non"]
                                                                     for n, lb in SMALL)]


@case("files_csv_named_by_sheet_option", K, "export_sage.csv named by --sheet export_sage=comptes: the user's word "
      "wins over its Lettrage column", "export_sage.csv", _ok("export_sage"), args=("--sheet", "export_sage=comptes"))
def _(path: Path) -> None:
    text_file(path, SAGE_LIKE)


@case("files_csv_utf8_bom_comma", K, "a csv in UTF-8 with a BOM and commas (LibreOffice, Google Sheets)",
      "comptes.csv", imported(0, {"401000": "Fournisseurs, sous-traitants", "606100": "Électricité"},
                              created("comptes", 2, 3)))
def _(path: Path) -> None:
    text_file(path, [HEAD, ["401000", "Fournisseurs, sous-traitants"], ["606100", "Électricité"]],
              encoding="utf-8", delimiter=",", newline="\n", bom=True)


@case("files_csv_tab_separated", K, "a tab-separated export named .csv", "comptes.csv", _ok("comptes"))
def _(path: Path) -> None:
    text_file(path, LINES, delimiter="\t", encoding="utf-8")


@case("files_csv_cp1252_accents", K, "accented labels in Windows-1252 stay as typed", "comptes.csv",
      imported(0, {"606100": "Électricité, gaz", "612200": "Crédit-bail mobilier", "618500": "Frais de colloques, "
                   "séminaires, conférences"}, created("comptes", 2, 3, 4)))
def _(path: Path) -> None:
    text_file(path, [HEAD, ["606100", "Électricité, gaz"], ["612200", "Crédit-bail mobilier"],
                     ["618500", "Frais de colloques, séminaires, conférences"]])


@case("files_csv_trailing_separators", K, "each line ends with ';;;' (empty columns Excel kept)", "comptes.csv",
      _ok("comptes"))
def _(path: Path) -> None:
    text_file(path, [[*line, "", "", ""] for line in LINES])


@case("files_ods", K, "a chart saved from LibreOffice Calc (.ods)", "plan.ods", _ok("Comptes"))
def _(path: Path) -> None:
    ods(path, {"Comptes": LINES})


@case("files_xls_97", K, "a chart in an old Excel 97-2003 .xls", "plan.xls", _ok("Comptes"))
def _(path: Path) -> None:
    xls(path, {"Comptes": LINES})


@case("files_excel_lock_file_beside", K, "the workbook is open in Excel (~$plan.xlsx beside it): import the saved "
      "file, warn that unsaved edits are not in it", "plan.xlsx", _ok("Comptes", says=("~$plan.xlsx",)))
def _(path: Path) -> None:
    chart(path, SMALL)
    (path.parent / "~$plan.xlsx").write_bytes(b"\x0bUtilisateur" + b"\x00" * 150)


def _plan(path: Path) -> None:
    chart(path, SMALL)


IMPORT = ("import", "{file}", "--base-url", "{base}", "--society-id", "{society}")
case("files_usage_unknown_option", K, "a typo in an option (--yess): one sentence, exit 2, nothing sent",
     "plan.xlsx", refused("--yess"), command=(*IMPORT, "--yess"))(_plan)
case("files_usage_unknown_command", K, "'bulkio importer plan.xlsx': one sentence, exit 2", "plan.xlsx",
     refused("importer"), command=("importer", "{file}", "--base-url", "{base}", "--yes"))(_plan)
case("files_usage_missing_file_argument", K, "'bulkio import --yes' without a file: one sentence, exit 2",
     "plan.xlsx", refused(), command=("import", "--base-url", "{base}", "--society-id", "{society}",
                                             "--yes"))(_plan)
case("files_usage_unknown_sheet_kind", K, "--only comptez (a typo): one sentence, exit 2", "plan.xlsx",
     refused("comptez"), command=(*IMPORT, "--yes", "--only", "comptez"))(_plan)
case("files_usage_bad_sheet_option", K, "--sheet without '=kind': one sentence, exit 2", "plan.xlsx",
     refused("--sheet"), command=(*IMPORT, "--yes", "--sheet", "Comptes"))(_plan)
case("files_input_missing", K, "a file name mistyped: one sentence, exit 2", "plan.xlsx",
     refused("plan-2024.xlsx"), command=("import", "{dir}/plan-2024.xlsx", "--base-url", "{base}", "--society-id",
                                          "{society}", "--yes"))(_plan)


@case("files_input_named_pipe", K, "a named pipe given as the input: refused at once", "plan.xlsx",
      refused("plan.xlsx"))
def _(path: Path) -> None:
    os.mkfifo(path)


case("files_input_device", K, "/dev/null given as the input: refused at once", "plan.xlsx", refused("/dev/null"),
     input_path="/dev/null")(_plan)


@case("files_input_directory", K, "a folder given as the input: one sentence, exit 2", "plan.xlsx",
      refused("plan.xlsx"))
def _(path: Path) -> None:
    path.mkdir()


@case("files_csv_macintosh", K, "a csv saved by Excel for Mac as 'CSV (Macintosh)': Mac Roman, lines ending in CR",
      "comptes.csv", _ok("comptes"))
def _(path: Path) -> None:
    text_file(path, LINES, encoding="mac_roman", newline="\r")


@case("files_csv_cr_line_endings", K, "a Windows-1252 csv whose lines end with CR only (old Mac tools)",
      "comptes.csv", _ok("comptes"))
def _(path: Path) -> None:
    text_file(path, LINES, newline="\r")


@case("files_csv_uppercase_extension", K, "'Plan Comptable.CSV' (extension in capitals)", "Plan Comptable.CSV",
      _ok("Plan Comptable"))
def _(path: Path) -> None:
    text_file(path, LINES)


@case("files_csv_browser_duplicate_name", K, "'comptes (1).csv' as a browser names a second download",
      "comptes (1).csv", _ok("comptes (1)"))
def _(path: Path) -> None:
    text_file(path, LINES)


@case("files_input_in_accented_folder", K, "a workbook in 'Mes documents/Été 2024/' with spaces and accents",
      "Mes documents/Été 2024/plan comptable.xlsx", _ok("Comptes"))
def _(path: Path) -> None:
    path.parent.mkdir(parents=True)
    chart(path, SMALL)


@case("files_input_symlink_to_workbook", K, "a link to the workbook is the workbook", "lien.xlsx", _ok("Comptes"))
def _(path: Path) -> None:
    chart(path.parent / "vrai.xlsx", SMALL)
    path.symlink_to(path.parent / "vrai.xlsx")


@case("files_input_symlink_to_device", K, "a link to /dev/null is no workbook: refused at once", "lien.xlsx",
      refused("lien.xlsx"))
def _(path: Path) -> None:
    path.symlink_to("/dev/null")


@case("files_excel_lock_file_beside_csv", K, "~$comptes.csv beside a csv open in Excel: warn, import", "comptes.csv",
      _ok("comptes", says=("~$comptes.csv",)))
def _(path: Path) -> None:
    text_file(path, LINES)
    (path.parent / "~$comptes.csv").write_bytes(b"\x0bUtilisateur" + b"\x00" * 150)


case("files_usage_two_files", K, "two files given to import: one sentence, exit 2", "plan.xlsx", refused(),
     command=(*IMPORT, "--yes", "{dir}/autre.xlsx"))(_plan)
case("files_usage_society_not_a_number", K, "--society-id deux: one sentence, exit 2", "plan.xlsx",
     refused("deux"), command=("import", "{file}", "--base-url", "{base}", "--society-id", "deux", "--yes"))(_plan)
case("files_usage_unknown_language", K, "--lang es: one sentence, exit 2", "plan.xlsx", refused("es"),
     command=(*IMPORT, "--yes", "--lang", "es"))(_plan)


@case("files_csv_sep_hint_line", K, "a csv starting with Excel's 'sep=;' hint line", "comptes.csv", _ok("comptes", 3))
def _(path: Path) -> None:
    text_file(path, LINES, before=["sep=;"])


@case("files_csv_every_field_quoted", K, "a csv with every field quoted (LibreOffice 'Quote all text cells')",
      "comptes.csv", _ok("comptes"))
def _(path: Path) -> None:
    import csv

    text_file(path, LINES, encoding="utf-8", quoting=csv.QUOTE_ALL)
