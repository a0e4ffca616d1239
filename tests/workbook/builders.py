"""The builder of the tests' workbooks: every .xlsx a test writes from rows goes through `xlsx` (or, for a
sheet that needs more than rows, `fill`), then is patched where openpyxl cannot go (cached formula values,
error cells); also a minimal OLE2 container and a minimal .ods."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from tests.support.files import digest as digest  # re-exported: the workbook tests import it from here

Cells = Mapping[str, object]  # "A5" -> value


def fill(sheet: Worksheet, rows: Iterable[Iterable[object]], *, first_row: int = 1, empty_cells: bool = False) -> None:
    """Write `rows` into `sheet` from `first_row`, column A on: the one place a test sheet is written from rows.

    None is an empty cell. With `empty_cells` it is still created as a cell without a value, as openpyxl's
    `append` does (its row then shows in the sheet's XML and dimension); without, nothing is written there.
    """
    for row_number, row in enumerate(rows, start=first_row):
        for column, value in enumerate(row, start=1):
            if value is not None or empty_cells:
                sheet.cell(row=row_number, column=column, value=value)


def xlsx(
    path: Path,
    sheets: Mapping[str, Cells | Sequence[Sequence[object]]],
    *,
    empty_cells: bool = False,
    tweak: Callable[[openpyxl.Workbook], None] | None = None,
) -> Path:
    """Write a workbook: each sheet given as {"A5": value} or as rows from row 1 (None = empty cell, see `fill`);
    `tweak` touches the workbook just before it is saved (sheet states, formats...)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, content in sheets.items():
        sheet = book.create_sheet(name)
        if isinstance(content, Mapping):
            for ref, value in content.items():
                sheet[ref] = value
        else:
            fill(sheet, content, empty_cells=empty_cells)
    if tweak:
        tweak(book)
    book.save(path)
    return path


def table(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[object]]],
    headers: Mapping[str, Sequence[object]],
    *,
    header_row: int = 1,
    title: str | None = None,
) -> Path:
    """A workbook of tables: each sheet's header row (on `header_row`, under an optional `title` in A1), then
    its rows, every None written as an empty cell."""
    def grid(name: str, rows: Sequence[Sequence[object]]) -> list[Sequence[object]]:
        above: list[Sequence[object]] = [[] for _ in range(header_row - 1)]
        if title and above:
            above[0] = [title]
        return [*above, headers[name], *rows]

    return xlsx(path, {name: grid(name, rows) for name, rows in sheets.items()}, empty_cells=True)


def patch_sheet_xml(path: Path, replacements: Mapping[str, str], sheet_index: int = 1) -> None:
    """Replace exact XML snippets in one sheet part (to add cached values or error cells)."""
    part = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in entries:
            if info.filename == part:
                text = content.decode()
                for old, new in replacements.items():
                    assert old in text, f"{old!r} not in {part}"
                    text = text.replace(old, new)
                content = text.encode()
            target.writestr(info, content)


def minimal_cfb(stream_names: Sequence[str]) -> bytes:
    """A minimal OLE2 compound file (MS-CFB v3, 512-byte sectors) whose directory holds these empty streams.

    Sector 0 is the FAT, sector 1 the directory: enough for anything that lists the stream names,
    which is how an encrypted OOXML workbook (EncryptionInfo + EncryptedPackage) is recognised.
    """
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)  # minor, major, byte order, shifts
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 0x38, 4096)  # mini stream cutoff
    struct.pack_into("<IIII", header, 0x3C, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)  # no mini FAT, no DIFAT
    struct.pack_into("<109I", header, 0x4C, 0, *([0xFFFFFFFF] * 108))
    fat = bytearray(struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126)))
    directory = bytearray()
    for index, (name, kind) in enumerate([("Root Entry", 5), *((n, 2) for n in stream_names)]):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[0:len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
        next_sibling = index + 1 if 0 < index < len(stream_names) else 0xFFFFFFFF
        child = 1 if index == 0 and stream_names else 0xFFFFFFFF
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, next_sibling, child)
        struct.pack_into("<I", entry, 116, 0xFFFFFFFE)
        directory += entry
    directory += b"\x00" * (-len(directory) % 512)
    assert len(directory) == 512, "this builder fits at most 3 streams in one directory sector"
    return bytes(header + fat + directory)


def minimal_ods(path: Path, sheet: str, rows: Sequence[Sequence[str]]) -> Path:
    """A minimal OpenDocument spreadsheet with text cells."""
    table_rows = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
            for value in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{table_rows}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def typed_ods(path: Path, sheet: str, rows: Sequence[Sequence[object]]) -> Path:
    """An OpenDocument spreadsheet whose cells keep their type, as LibreOffice writes them: str -> string,
    int/float -> float, ("percentage", 0.5) -> a percentage cell showing 50 %, None -> an empty cell."""
    def cell(value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, tuple):
            kind, number = value
            return (f'<table:table-cell office:value-type="{kind}" calcext:value-type="{kind}" '
                    f'office:value="{number}"><text:p>{number}</text:p></table:table-cell>')
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    table_rows = "".join(f"<table:table-row>{''.join(map(cell, row))}</table:table-row>" for row in rows)
    minimal_ods(path, sheet, [])
    with zipfile.ZipFile(path) as source:
        manifest = source.read("META-INF/manifest.xml")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{table_rows}'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path
