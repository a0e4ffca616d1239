"""The result workbook written by patching the input's XML reads exactly like the one openpyxl writes.

Each input is written both ways (`write_result(..., patch=False)` is the openpyxl way) and the two results
are compared cell by cell: values, fills, fonts, column widths, the Résumé, the sheet order, which sheet is
active and selected, defined names and forced recalculation.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string
from openpyxl.workbook.defined_name import DefinedName

from bulkio.outcome import RowOutcome, Status
from bulkio.workbook import result_xml
from bulkio.workbook.read import read_workbook
from bulkio.workbook.result import write_result
from tests.workbook.builders import xlsx
from tests.workbook.test_result import SUMMARY


def styled_book(path: Path) -> Path:
    """Shared strings, a title row, styles, a formula, widths, a second data sheet and an active unrelated sheet."""
    def dress(book: openpyxl.Workbook) -> None:
        comptes = book["Comptes"]
        comptes["B3"].font = Font(italic=True)
        comptes["C4"].fill = PatternFill("solid", fgColor="FFFFFF00")
        comptes["C10"] = "=LEN(B10)"
        comptes.column_dimensions["B"].width = 30
        book.defined_names["Zone"] = DefinedName("Zone", localSheetId=1, attr_text="Comptes!$A$1:$C$5")
        book.active = 0

    return xlsx(path, {
        "Notes": {"A1": "Lisez-moi"},
        "Comptes": [["Plan comptable du client"], ["N° de compte", "Libellé", "Remarque"],
                    *([f"4010{i:02d}", f"Fournisseur {i}", "à voir" if i % 5 == 0 else None] for i in range(40))],
        "Axes": [["Code axe", "Libellé"], ["ACTIVITE", "Activités"], ["SITE", "Sites"]],
    }, empty_cells=True, tweak=dress)


def streamed_book(path: Path) -> Path:
    """Inline strings, as openpyxl's write-only mode (and many programs) write them."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Comptes")
    sheet.append(["N° de compte", "Libellé"])
    for i in range(300):
        sheet.append([f"6{i:05d}", f"Achats {i}"])
    book.save(path)
    return path


def outcomes_for(path: Path) -> dict[tuple[str, int], RowOutcome]:
    data = read_workbook(path)
    found: dict[tuple[str, int], RowOutcome] = {}
    for sheet in data.sheets:
        for n, row in enumerate(sheet.table.rows):
            if n % 7 == 3:
                found[(sheet.name, row)] = RowOutcome(Status.ERROR, "refusé <&> \"vraiment\" \x07", "ERR-X", "",
                                                      "req-9")
            elif n % 7 != 5:  # every 7th row has no outcome: "Non envoyé"
                found[(sheet.name, row)] = RowOutcome(Status.CREATED, remote_id=str(1000 + row))
    return found


def snapshot(path: Path) -> dict[str, Any]:
    book = openpyxl.load_workbook(path)
    sheets = {}
    for sheet in book.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None or cell.fill.fgColor.rgb not in ("00000000", None):
                    cells[cell.coordinate] = (cell.value, cell.fill.fgColor.rgb, bool(cell.font.b), bool(cell.font.i))
        widths = {key: round(dim.width or 0, 1) for key, dim in sheet.column_dimensions.items() if dim.width}
        sheets[sheet.title] = (cells, widths, bool(sheet.sheet_view.tabSelected))
    names = {name: (value.localSheetId, value.attr_text) for name, value in book.defined_names.items()}
    local = {(sheet.title, name): value.attr_text for sheet in book.worksheets
             for name, value in sheet.defined_names.items()}
    return {"order": book.sheetnames, "active": book.active.title if book.active else None, "sheets": sheets,
            "names": names, "local": local, "full_calc": bool(book.calculation.fullCalcOnLoad)}


@pytest.mark.parametrize("build", [styled_book, streamed_book])
def test_patched_result_reads_like_the_openpyxl_one(
    build: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = build(tmp_path / "plan.xlsx")
    before = source.read_bytes()
    data = read_workbook(source)
    outcomes = outcomes_for(source)
    used: list[bool] = []
    original = result_xml.patch_result

    def spy(*args: Any, **kwargs: Any) -> bool:
        used.append(original(*args, **kwargs))
        return used[-1]

    monkeypatch.setattr("bulkio.workbook.result.patch_result", spy)
    write_result(data, outcomes, SUMMARY, tmp_path / "patched.xlsx")
    write_result(data, outcomes, SUMMARY, tmp_path / "openpyxl.xlsx", patch=False)
    assert used == [True]  # the first went the fast way, the second did not ask
    assert source.read_bytes() == before

    patched, reference = snapshot(tmp_path / "patched.xlsx"), snapshot(tmp_path / "openpyxl.xlsx")
    assert patched["order"][0] == "Résumé" and patched["active"] == "Résumé"
    assert [title for title, (_c, _w, selected) in patched["sheets"].items() if selected] == ["Résumé"]
    assert patched["full_calc"]
    for title in reference["sheets"]:
        assert patched["sheets"][title][0] == reference["sheets"][title][0], title
    comptes_widths = patched["sheets"]["Comptes"][1]
    assert {k: v for k, v in comptes_widths.items() if v in (14, 40)} == \
        {k: v for k, v in reference["sheets"]["Comptes"][1].items() if v in (14, 40)}
    assert patched["names"] == reference["names"] and patched["local"] == reference["local"]


def test_every_data_row_is_in_the_patched_result_once_and_it_reads_back(tmp_path: Path) -> None:
    source = streamed_book(tmp_path / "plan.xlsx")
    data = read_workbook(source)
    outcomes = outcomes_for(source)
    write_result(data, outcomes, SUMMARY, tmp_path / "r.xlsx")
    again = read_workbook(tmp_path / "r.xlsx")  # a result workbook is a valid input: result columns ignored
    assert again.sheets[0].table.rows == data.sheets[0].table.rows
    rows = list(openpyxl.load_workbook(tmp_path / "r.xlsx")["Comptes"].iter_rows(min_row=2, values_only=True))
    statuses = [row[2] for row in rows]
    assert len(statuses) == 300 and None not in statuses
    assert statuses.count("Erreur") == sum(1 for o in outcomes.values() if o.status is Status.ERROR)
    assert statuses.count("Non envoyé") == 300 - len(outcomes)


def test_macros_are_kept_in_an_xlsm(tmp_path: Path) -> None:
    plain = streamed_book(tmp_path / "plain.xlsx")
    source = tmp_path / "plan.xlsm"
    with zipfile.ZipFile(plain) as archive, zipfile.ZipFile(source, "w") as target:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
            target.writestr(info, data)
        target.writestr("xl/vbaProject.bin", b"not really a VBA project, but bytes to keep")
    write_result(read_workbook(source), {}, SUMMARY, tmp_path / "r.xlsm")
    with zipfile.ZipFile(tmp_path / "r.xlsm") as archive:
        assert archive.read("xl/vbaProject.bin") == b"not really a VBA project, but bytes to keep"


def test_an_unusual_file_falls_back_to_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = styled_book(tmp_path / "plan.xlsx")
    first = tmp_path / "r1.xlsx"
    write_result(read_workbook(source), outcomes_for(source), SUMMARY, first)
    used: list[bool] = []
    original = result_xml.patch_result
    monkeypatch.setattr("bulkio.workbook.result.patch_result",
                        lambda *a, **k: used.append(original(*a, **k)) or used[-1])
    # A result workbook imported again holds result columns and a Résumé: the openpyxl way rewrites them.
    write_result(read_workbook(first), outcomes_for(first), SUMMARY, tmp_path / "r2.xlsx")
    assert used == [False]
    header = [c.value for c in openpyxl.load_workbook(tmp_path / "r2.xlsx")["Comptes"][2]]
    assert header.count("Statut") == 1


def far_formatted_book(path: Path) -> Path:
    """Every row formatted to the last column (XFD), as a whole-row format leaves it, and a formatted Z."""
    def format_far(book: openpyxl.Workbook) -> None:
        for row in range(1, 22):
            for column in (26, 16_384):
                book["Comptes"].cell(row=row, column=column).fill = PatternFill("solid", fgColor="FFEEEEEE")

    return xlsx(path, {"Comptes": [["N° de compte", "Libellé"], *([f"4010{i:02d}", f"Fournisseur {i}"]
                                                                  for i in range(20))]}, tweak=format_far)


@pytest.mark.parametrize("patch", [True, False])
def test_result_columns_follow_the_last_value_not_the_last_formatted_cell(tmp_path: Path, patch: bool) -> None:
    source = far_formatted_book(tmp_path / "plan.xlsx")
    data = read_workbook(source)
    write_result(data, outcomes_for(source), SUMMARY, tmp_path / "r.xlsx", patch=patch)
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Comptes"]
    assert [sheet.cell(row=1, column=c).value for c in range(3, 8)] == \
        ["Statut", "Code erreur", "Message", "ID MyUnisoft", "Request-ID"]
    assert sheet.max_column == 16_384  # the formatting is still there, and nothing went past XFD
    with zipfile.ZipFile(tmp_path / "r.xlsx") as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    refs = re.findall(r'<c r="([A-Z]+)(\d+)"', xml)
    assert all(len(letters) < 3 or letters <= "XFD" for letters, _row in refs)
    by_row: dict[str, list[int]] = {}
    for letters, row in refs:
        by_row.setdefault(row, []).append(column_index_from_string(letters))
    assert all(columns == sorted(columns) and len(set(columns)) == len(columns) for columns in by_row.values())


def test_unwritable_text_and_formula_like_messages(tmp_path: Path) -> None:
    source = streamed_book(tmp_path / "plan.xlsx")
    data = read_workbook(source)
    rows = list(data.sheets[0].table.rows)
    outcomes = {
        ("Comptes", rows[0]): RowOutcome(Status.ERROR, "=HYPERLINK(\"http://x\",\"y\")", "ERR-X"),
        ("Comptes", rows[1]): RowOutcome(Status.ERROR, "surrogate \ud83d and bell \x07", "ERR-Y"),
        ("Comptes", rows[2]): RowOutcome(Status.ERROR, "x" * 40_000, "ERR-Z"),
    }
    write_result(data, outcomes, SUMMARY, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Comptes"]
    message = [c.value for c in sheet[1]].index("Message") + 1
    formula_like = sheet.cell(row=rows[0], column=message)
    assert formula_like.data_type == "s" and formula_like.quotePrefix  # stays text even once edited in Excel
    assert sheet.cell(row=rows[1], column=message).value == "surrogate  and bell "
    assert len(sheet.cell(row=rows[2], column=message).value) == 32_767


def test_a_workbook_without_styles_falls_back_and_still_gets_its_result(tmp_path: Path) -> None:
    plain = streamed_book(tmp_path / "plain.xlsx")
    source = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(plain) as archive, zipfile.ZipFile(source, "w") as target:
        for info in archive.infolist():
            if info.filename != "xl/styles.xml":  # an optional part
                data = archive.read(info)
                if info.filename in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
                    data = re.sub(rb"<(Override|Relationship)[^>]*styles[^>]*/>", b"", data)
                target.writestr(info, data)
    data = read_workbook(source)
    write_result(data, outcomes_for(source), SUMMARY, tmp_path / "r.xlsx")
    statuses = [row[2] for row in openpyxl.load_workbook(tmp_path / "r.xlsx")["Comptes"].iter_rows(
        min_row=2, values_only=True)]
    assert len(statuses) == 300 and None not in statuses
