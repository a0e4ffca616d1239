"""docs/trust.md §6: outputs checked before the first write. A result path that cannot be written is refused before
anything is sent; if writing still fails at the end, the result goes to a fallback path printed with the summary
(exit 1), and every row is in it."""

from __future__ import annotations

from pathlib import Path

from tests.realworld.build import text_file
from tests.realworld.kit import HEAD, SMALL, chart, created
from tests.realworld.model import Expect, case, imported, refused, span

K = "outputs"
SMALL_ACCOUNTS = dict(SMALL)


def _plan(path: Path) -> None:
    chart(path, SMALL)


def _ok(sheet: str = "Comptes") -> Expect:
    return imported(0, SMALL_ACCOUNTS, created(sheet, *span(2, 5)))


def _fallback() -> Expect:
    """Written, but the result could not go where asked: a fallback path, printed; exit 1."""
    return imported(1, SMALL_ACCOUNTS, created("Comptes", *span(2, 5)))


def bad_result(name: str, meant: str, result: str, *says: str, build: object = _plan) -> None:
    case(name, K, meant, "plan.xlsx", refused(*says), result=result)(build)  # type: ignore[arg-type]


bad_result("outputs_result_folder_missing", "--result into a folder that does not exist: refused before any write",
           "absent/resultat.xlsx", "absent")


def _with_dir(path: Path) -> None:
    _plan(path)
    (path.parent / "sortie").mkdir()


bad_result("outputs_result_is_a_directory", "--result naming a folder: refused before any write", "sortie",
           "sortie", build=_with_dir)
bad_result("outputs_result_is_the_input", "--result naming the input itself: refused, the input untouched",
           "plan.xlsx", "plan.xlsx")


def _with_subdir(path: Path) -> None:
    _plan(path)
    (path.parent / "sous").mkdir()


bad_result("outputs_result_is_the_input_spelled_otherwise", "--result sous/../plan.xlsx is the input too",
           "sous/../plan.xlsx", "plan.xlsx", build=_with_subdir)
bad_result("outputs_result_csv_extension", "--result resultat.csv: the result is a workbook, say .xlsx",
           "resultat.csv", ".xlsx")
bad_result("outputs_result_pdf_extension", "--result resultat.pdf: refused, say .xlsx", "resultat.pdf", ".xlsx")
bad_result("outputs_result_without_extension", "--result resultat (no extension): refused, say .xlsx", "resultat",
           ".xlsx")
bad_result("outputs_result_xlsm_for_xlsx_input", "--result resultat.xlsm for an .xlsx input: refused",
           "resultat.xlsm", ".xlsx")

case("outputs_result_uppercase_extension", K, "--result RESULTAT.XLSX is an .xlsx", "plan.xlsx", _ok(),
     result="RESULTAT.XLSX")(_plan)
case("outputs_result_name_with_accents_and_spaces", K, "--result 'Résultat import 2024.xlsx'", "plan.xlsx", _ok(),
     result="Résultat import 2024.xlsx")(_plan)
case("outputs_result_default_path", K, "no --result: the result goes beside the input", "plan.xlsx", _ok(),
     result=None)(_plan)


def _with_old_result(path: Path) -> None:
    _plan(path)
    chart(path.parent / "resultat.xlsx", [["999999", "ancien résultat"]])


case("outputs_result_keeps_an_old_result", K, "--result over last month's result file, the record of what it "
     "created: refused before any write, the old result kept", "plan.xlsx",
     refused("resultat.xlsx", "existe déjà", "--overwrite"), result="resultat.xlsx")(_with_old_result)
case("outputs_result_overwrite_replaces_an_old_result", K, "--result over last month's result with --overwrite: "
     "replaced", "plan.xlsx", _ok(), result="resultat.xlsx", args=("--overwrite",))(_with_old_result)

case("outputs_result_looks_writable_but_is_not", K,
     "--result in a folder the system reports writable but refuses files in (/sys): refused first, or written "
     "to a printed fallback", "plan.xlsx", (refused("/sys"), _fallback()), result="/sys/bulkio-resultat.xlsx")(_plan)
case("outputs_result_name_too_long", K,
     "--result with a 300-character name the file system refuses: refused before any write",
     "plan.xlsx", refused(".xlsx", "ne peut pas être créé"), result="r" * 300 + ".xlsx")(_plan)


def _csv(path: Path) -> None:
    text_file(path, [HEAD, *map(list, SMALL)])


case("outputs_result_for_a_csv_input", K, "a csv input: the result is an .xlsx workbook", "comptes.csv",
     _ok("comptes"), result="resultat.xlsx")(_csv)
case("outputs_result_csv_for_a_csv_input", K, "--result resultat.csv for a csv input: refused, say .xlsx",
     "comptes.csv", refused(".xlsx"), result="resultat.csv")(_csv)
case("outputs_result_is_the_csv_input", K, "--result naming the csv input: refused, the input untouched",
     "comptes.csv", refused("comptes.csv"), result="comptes.csv")(_csv)


bad_result("outputs_result_parent_is_a_file", "--result plan.xlsx/resultat.xlsx (its 'folder' is a file)",
           "plan.xlsx/resultat.xlsx", "plan.xlsx")
bad_result("outputs_result_dot", "--result . (the current folder)", ".", ".")


def _with_link(path: Path) -> None:
    _plan(path)
    (path.parent / "lien.xlsx").symlink_to(path)


bad_result("outputs_result_symlink_to_the_input", "--result lien.xlsx, a link to the input: the input itself",
           "lien.xlsx", "lien.xlsx", build=_with_link)
case("outputs_result_in_proc", K, "--result in /proc, where no file can be made: refused first, or a fallback",
     "plan.xlsx", (refused("/proc"), _fallback()), result="/proc/bulkio-resultat.xlsx")(_plan)
case("outputs_diff_report_is_the_input", K, "bulkio diff plan.xlsx -o plan.xlsx: the report would replace the "
     "workbook; refused, the input untouched", "plan.xlsx", refused("plan.xlsx"),
     command=("diff", "{file}", "--base-url", "{base}", "--society-id", "{society}", "-o", "{file}"))(_plan)
case("outputs_diff_report_folder_missing", K, "bulkio diff -o into a folder that does not exist: refused at once",
     "plan.xlsx", refused("absent"), command=("diff", "{file}", "--base-url", "{base}", "--society-id", "{society}",
                                               "-o", "{dir}/absent/audit.xlsx"))(_plan)
