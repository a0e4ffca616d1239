"""The result workbook written by patching the input's XML reads exactly like the one openpyxl writes.

Each input is written both ways (`write_result(..., patch=False)` is the openpyxl way) and the two results
are compared cell by cell: values, fills, fonts, column widths, the Résumé, the sheet order, which sheet is
active and selected, defined names and forced recalculation.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName

from bulkio.outcome import RowOutcome, Status
from bulkio.workbook import result_xml
from bulkio.workbook.read import read_workbook
from bulkio.workbook.result import write_result
from tests.workbook.test_result import SUMMARY


def styled_book(path: Path) -> Path:
    """Shared strings, a title row, styles, a formula, widths, a second data sheet and an active unrelated sheet."""
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes["A1"] = "Lisez-moi"
    comptes = book.create_sheet("Comptes")
    comptes.append(["Plan comptable du client"])
    comptes.append(["N° de compte", "Libellé", "Remarque"])
    for i in range(40):
        comptes.append([f"4010{i:02d}", f"Fournisseur {i}", "à voir" if i % 5 == 0 else None])
    comptes["B3"].font = Font(italic=True)
    comptes["C4"].fill = PatternFill("solid", fgColor="FFFFFF00")
    comptes["C10"] = "=LEN(B10)"
    comptes.column_dimensions["B"].width = 30
    axes = book.create_sheet("Axes")
    axes.append(["Code axe", "Libellé"])
    axes.append(["ACTIVITE", "Activités"])
    axes.append(["SITE", "Sites"])
    book.defined_names["Zone"] = DefinedName("Zone", localSheetId=1, attr_text="Comptes!$A$1:$C$5")
    book.active = 0
    book.save(path)
    return path


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
        for n, row in enumerate(int(r) for r in sheet.frame.index):
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
    assert list(again.sheets[0].frame.index) == list(data.sheets[0].frame.index)
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
