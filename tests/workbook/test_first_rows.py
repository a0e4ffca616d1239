"""The first rows read apart (the preview's first screen) are the full reader's first rows, on real .xlsx files."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from bulkio.errors import InputError
from bulkio.workbook.first_rows import _format_kind, read_first_rows
from bulkio.workbook.read import WorkbookData, read_workbook
from bulkio.workbook.source_options import SourceOptions
from tests.corpus.cases import CASES
from tests.workbook.builders import xlsx

HEADERS = ["N° de compte", "Libellé", "Raison sociale", "Adresse", "Code postal", "Email"]


def same_first_rows(path: Path) -> WorkbookData | None:
    """read_first_rows(path), checked against read_workbook(path): same sheet, header, columns, rows and texts."""
    first = read_first_rows(path)
    if first is None:
        return None
    full = read_workbook(path)
    assert len(full.sheets) == 1 and len(first.sheets) == 1
    mine, theirs = first.sheets[0], full.sheets[0]
    assert (mine.name, mine.spec.kind, mine.header_row, mine.headers, mine.letters, mine.recognised_by) == \
        (theirs.name, theirs.spec.kind, theirs.header_row, theirs.headers, theirs.letters, theirs.recognised_by)
    count = len(mine.table.rows)
    assert count > 0 and mine.table.rows == theirs.table.rows[:count]
    assert mine.table.keys == theirs.table.keys
    for key in mine.table.keys:
        assert mine.table.column(key) == theirs.table.column(key)[:count], key
    return first


def every_kind_of_cell(path: Path, rows: int = 300) -> Path:
    """A title line above the header, then numbers, dates, booleans, rich text, empty cells and empty rows."""
    lines: list[list[object]] = [["Plan des tiers au 31/12/2024"], [], [*HEADERS]]
    for i in range(rows):
        label: object = [f"  Tiers {i}  ", 12.5 * i, date(2024, 1, 1 + i % 28), datetime(2023, 5, 6, 13, 45),
                         True, None, "Société Générale — « é »", 1e20, 0.1 + 0.2, -3][i % 10]
        account = [f"401{i:05d}", 401000 + i, f"'411 {i:03d}", 4010000.0 + i][i % 4]
        lines.append([account, label, f"SOCIETE {i}" if i % 3 else None, None, 75001 + i % 20,
                      f"contact{i}@exemple.fr"])
        if i % 7 == 0:
            lines.append([])  # a fully empty row: no row of the table

    def dress(book: openpyxl.Workbook) -> None:
        sheet = book["Comptes"]
        sheet["B5"] = CellRichText(["ab", TextBlock(InlineFont(b=True), "CD")])
        sheet["D6"] = 45000
        sheet["D6"].number_format = "dd/mm/yyyy"
        sheet["D7"] = 45000.75
        sheet["D7"].number_format = "dd/mm/yyyy hh:mm"
        sheet["D8"] = 12.5
        sheet["D8"].number_format = "0.00%"
        sheet["D9"] = 1234.5
        sheet["D9"].number_format = '#,##0.00 "€"'

    return xlsx(path, {"Comptes": lines}, empty_cells=True, tweak=dress)


def with_shared_strings(path: Path) -> Path:
    """The same workbook with its plain strings in a shared strings table, as Excel writes them (openpyxl writes
    them inline); listed last first, so that the first rows need indexes far into the table."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    cell = re.compile(r'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"([^>]*)><is><t>([^<]*)</t></is></c>')
    texts = list(dict.fromkeys(found.group(4) for found in cell.finditer(sheet)))
    index = {text: len(texts) - 1 - i for i, text in enumerate(texts)}
    sheet = cell.sub(lambda m: f'<c r="{m.group(1)}"{m.group(2)} t="s"{m.group(3)}><v>{index[m.group(4)]}</v></c>',
                     sheet)
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in reversed(texts))
    items = items.replace("<si><t xml:space=\"preserve\">", "<si><r><t>", 1).replace("</t></si>", "</t></r>"
                                                                                     "<rPh sb=\"0\" eb=\"1\"><t>ﾌﾘ</t>"
                                                                                     "</rPh></si>", 1)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" '
                                     f'count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>').encode()
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>'))
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    out = path.with_name(f"shared-{path.name}")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out


def test_numbers_dates_texts_and_empty_cells_under_a_title_line(tmp_path: Path) -> None:
    first = same_first_rows(every_kind_of_cell(tmp_path / "comptes.xlsx"))
    assert first is not None
    sheet = first.sheets[0]
    assert sheet.header_row == 3 and sheet.table.rows[:2] == [4, 5]
    labels = sheet.table.column("label")
    assert labels[0] == "Tiers 0" and "abCD" in labels and "2024-01-03" in labels and "2023-05-06" in labels
    assert "TRUE" in labels and "100000000000000000000" in labels and "0.3" in labels
    assert sheet.table.column("address")[2:6] == ["2023-03-15", "2023-03-15", "12.5", "1234.5"]
    assert 190 <= len(sheet.table.rows) < 260  # the first 230 rows of the file only, empty rows left out


def test_shared_strings_rich_text_and_phonetic_guides(tmp_path: Path) -> None:
    path = with_shared_strings(every_kind_of_cell(tmp_path / "comptes.xlsx"))
    with zipfile.ZipFile(path) as archive:
        assert b't="s"' in archive.read("xl/worksheets/sheet1.xml")
    first = same_first_rows(path)
    assert first is not None and first.sheets[0].table.column("label")[0] == "Tiers 0"


def test_a_hidden_column_is_left_out_as_the_full_reader_does(tmp_path: Path) -> None:
    path = every_kind_of_cell(tmp_path / "comptes.xlsx", rows=40)
    book = openpyxl.load_workbook(path)
    book["Comptes"].column_dimensions["C"].hidden = True
    book.save(path)
    first = same_first_rows(path)
    assert first is not None and "company_name" not in first.sheets[0].table.keys


@pytest.mark.parametrize("what", ["two data sheets", "a hidden sheet", "an error cell", "1904 dates", "csv",
                                  "a mapping file", "a duration"])
def test_what_the_first_rows_cannot_promise_waits_for_the_full_read(tmp_path: Path, what: str) -> None:
    path = tmp_path / "comptes.xlsx"
    sheets = {"Comptes": [HEADERS[:2], ["401000", "Fournisseurs"]]}
    if what in ("two data sheets", "a hidden sheet"):
        sheets["Analytique"] = [["Code axe", "Libellé"]]

    def tweak(book: openpyxl.Workbook) -> None:
        sheet = book["Comptes"]
        if what == "a hidden sheet":
            book["Analytique"].sheet_state = "hidden"
        elif what == "an error cell":
            sheet["B2"] = "#REF!"
            sheet["B2"].data_type = "e"
        elif what == "1904 dates":
            book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
        elif what == "a duration":
            sheet["B2"] = 1.5
            sheet["B2"].number_format = "[h]:mm"

    xlsx(path, sheets, tweak=tweak)
    options: dict[str, object] = {}
    if what == "csv":
        path = tmp_path / "comptes.csv"
        path.write_text("N° de compte;Libellé\n401000;Fournisseurs\n", encoding="utf-8")
    elif what == "a mapping file":
        options["source"] = SourceOptions()
    assert read_first_rows(path, **options) is None  # type: ignore[arg-type]
    read_workbook(path, **options)  # type: ignore[arg-type]  # which itself reads the file


def test_calamine_reading_of_number_formats() -> None:
    assert [_format_kind(code) for code in ("DD/MM/YY", "H:MM:SS;@", "[h]:mm:ss", '"$"#,##0_);[Red]("$"#,##0)',
                                            "0_ ;[Red]\\-0\\ ", "\\Y000000", "[>=100][Magenta]General",
                                            "#,##0.00 \"€\"", "0.00%", "ha/p\\\\m")] == \
        ["date", "date", "duration", "number", "number", "number", "number", "number", "number", "date"]


def test_every_xlsx_of_the_corpus_reads_its_first_rows_as_the_full_reader(tmp_path: Path) -> None:
    """Files crafted to break readers: whenever the first rows are read apart, they are the full read's."""
    taken = 0
    for name, case in CASES.items():
        if case.heavy or not case.file.endswith((".xlsx", ".xlsm")):
            continue
        path = tmp_path / name / case.file
        path.parent.mkdir()
        case.build(path)
        try:
            taken += same_first_rows(path) is not None
        except InputError:  # refused by the full read: the first screen may have shown, then the refusal
            continue
    assert taken >= 5
