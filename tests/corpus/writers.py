"""Low-level writers of real files for the bad-input corpus, each as small and as fast to build as possible.

    write_zip       a zip written member by member, with the compressed bytes, CRC and sizes given (so that
                    a member can be a hand-built deflate stream of gigabytes, or lie about its size)
    xlsx_parts      the parts of a minimal but complete xlsx around given sheet XMLs
    sheet_xml       one worksheet's XML from rows of cells (inline strings, numbers, formulas, error values)
    biff8_xls       a real legacy .xls (BIFF8 records in an OLE2 compound file), as Excel 97-2003 writes it
    cfb             an OLE2 compound file (MS-CFB v3) holding the given streams
    spaces_deflate  a deflate stream of N spaces built from one repeated block: gigabytes in a few megabytes
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

# --- zip -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes  # the bytes as stored (compressed when method == 8)
    crc: int
    size: int  # the uncompressed size written in the headers
    method: int = 8  # 8 = deflate, 0 = stored


def deflated(name: str, content: bytes, level: int = 6) -> Member:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Member(name, packer.compress(content) + packer.flush(), zlib.crc32(content), len(content))


def stored(name: str, content: bytes) -> Member:
    return Member(name, content, zlib.crc32(content), len(content), method=0)


def write_zip(path: Path, members: Iterable[Member]) -> Path:
    """A plain zip (no zip64): local headers, data, central directory. Sizes are written as given."""
    body = bytearray()
    directory = bytearray()
    count = 0
    for member in members:
        name = member.name.encode()
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x0800, member.method, 0, 0x21,
                            member.crc, len(member.data), member.size, len(name), 0) + name + member.data
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x0800, member.method, 0, 0x21,
                                 member.crc, len(member.data), member.size, len(name), 0, 0, 0, 0, 0,
                                 offset) + name
        count += 1
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), len(body), 0)
    path.write_bytes(bytes(body + directory + end))
    return path


# --- a deflate stream of gigabytes of spaces, and its CRC without computing over every byte ------------


def _gf2_times(matrix: Sequence[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _gf2_square(matrix: Sequence[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """zlib's crc32_combine: the CRC of A + B from crc(A), crc(B) and len(B)."""
    if length2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # the operator for one zero bit
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if length2 & 1:
            crc1 = _gf2_times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _gf2_square(even)
        if length2 & 1:
            crc1 = _gf2_times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def crc32_repeated(block: bytes, times: int) -> int:
    """The CRC of `block * times`, by doubling."""
    result, result_length = 0, 0
    power, power_length = zlib.crc32(block), len(block)
    while times:
        if times & 1:
            result = crc32_combine(result, power, power_length) if result_length else power
            result_length += power_length
        times >>= 1
        if times:
            power = crc32_combine(power, power, power_length)
            power_length *= 2
    return result


def spaces_deflate(prefix: bytes, spaces_mib: int, suffix: bytes) -> tuple[bytes, int, int]:
    """prefix + spaces_mib MiB of spaces + suffix, deflated: (stream, crc, uncompressed size).

    After a full flush, deflate starts afresh: the block that encodes one MiB of spaces is the same every
    time, so the stream is that block repeated (about 1,000 to 1 in size), built in milliseconds.
    """
    chunk = b" " * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(suffix) + packer.flush()
    stream = head + block * spaces_mib + tail
    crc = crc32_combine(crc32_combine(zlib.crc32(prefix), crc32_repeated(chunk, spaces_mib),
                                      len(chunk) * spaces_mib), zlib.crc32(suffix), len(suffix))
    return stream, crc, len(prefix) + len(chunk) * spaces_mib + len(suffix)


# --- xlsx ----------------------------------------------------------------------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

Cell = object  # str (inline string), int/float (number), Formula, ErrorValue, None (no cell)


@dataclass(frozen=True)
class Formula:
    text: str
    cached: str | None = None  # None: never calculated (what openpyxl writes)
    kind: str | None = None  # "str" for a text result, "e" for an error


@dataclass(frozen=True)
class Styled:
    """An empty cell that only carries formatting."""

    style: int = 1


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 16383 -> XFD."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_xml(ref: str, value: Cell) -> str:
    if isinstance(value, Styled):
        return f'<c r="{ref}" s="{value.style}"/>'
    if isinstance(value, Formula):
        kind = f' t="{value.kind}"' if value.kind else ""
        cached = "" if value.cached is None else f"<v>{escape(value.cached)}</v>"
        return f"<c r=\"{ref}\"{kind}><f>{escape(value.text)}</f>{cached}</c>"
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, date):
        serial = (value - date(1899, 12, 30)).days
        return f'<c r="{ref}" s="2"><v>{serial}</v></c>'
    text = str(value)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def rows_xml(rows: Sequence[Sequence[Cell]], first_row: int = 1) -> str:
    parts = []
    for offset, row in enumerate(rows):
        number = first_row + offset
        cells = "".join(cell_xml(f"{column_letters(i)}{number}", v) for i, v in enumerate(row) if v is not None)
        parts.append(f'<row r="{number}">{cells}</row>')
    return "".join(parts)


def sheet_xml(body: str, *, dimension: str | None = None, extra: str = "", prolog: str = "") -> bytes:
    """A worksheet part: `body` goes inside <sheetData>; `extra` after it (merged cells, protection)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'{XML_DECL}{prolog}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{dim}'
        f"<sheetData>{body}</sheetData>{extra}</worksheet>"
    ).encode()


STYLES = (
    f'{XML_DECL}<styleSheet xmlns="{MAIN_NS}"><numFmts count="0"/>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
).encode()


@dataclass(frozen=True)
class SheetPart:
    name: str
    xml: bytes
    state: str | None = None  # None (visible), "hidden", "veryHidden"


def xlsx_parts(
    sheets: Sequence[SheetPart],
    *,
    shared_strings: bytes | None = None,
    workbook_prolog: str = "",
) -> dict[str, bytes]:
    """Every part of an xlsx around these sheets (sheetN.xml in order), ready for write_zip."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    content_types = (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>"
    )
    package_rels = (
        f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    entries = "".join(
        f'<sheet name={quoteattr(sheet.name)} sheetId="{i}"'
        + (f' state="{sheet.state}"' if sheet.state else "")
        + f' r:id="rId{i}"/>'
        for i, sheet in enumerate(sheets, start=1)
    )
    workbook = (f'{XML_DECL}{workbook_prolog}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
                f"<sheets>{entries}</sheets></workbook>")
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    n = len(sheets)
    rels += f'<Relationship Id="rId{n + 1}" Type="{REL_NS}/styles" Target="styles.xml"/>'
    if shared_strings is not None:
        rels += f'<Relationship Id="rId{n + 2}" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    workbook_rels = (
        f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}</Relationships>"
    )
    parts = {
        "[Content_Types].xml": content_types.encode(),
        "_rels/.rels": package_rels.encode(),
        "xl/workbook.xml": workbook.encode(),
        "xl/_rels/workbook.xml.rels": workbook_rels.encode(),
        "xl/styles.xml": STYLES,
    }
    for i, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet.xml
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return parts


def write_xlsx_parts(path: Path, parts: Mapping[str, bytes], replace: Mapping[str, Member] | None = None) -> Path:
    """Write the parts deflated; a part named in `replace` is written as that member instead."""
    replace = replace or {}
    return write_zip(path, [replace.get(name) or deflated(name, data) for name, data in parts.items()])


# --- OLE2 compound file and BIFF8 ----------------------------------------------------------------------

_FREE, _END, _FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def cfb(streams: Mapping[str, bytes], *, mini: bool = False) -> bytes:
    """An MS-CFB v3 file (512-byte sectors) with these streams in the root storage, up to 3.

    By default every stream is padded to 4,096 bytes, so that all live in regular sectors, as Excel does
    for its Workbook stream. With `mini`, streams under 4,096 bytes stay as they are, in 64-byte sectors of
    the mini stream (itself stored in the root entry's regular sectors), as other writers do.
    """
    assert len(streams) <= 3
    small = {n: d for n, d in streams.items() if mini and len(d) < 4096}
    big = {n: d if mini else d + b"\x00" * max(0, 4096 - len(d)) for n, d in streams.items() if n not in small}
    mini_starts: dict[str, int] = {}
    mini_fat: list[int] = []
    container = b""
    for name, data in small.items():
        count = max(1, -(-len(data) // 64))
        mini_starts[name] = len(mini_fat)
        mini_fat.extend(range(len(mini_fat) + 1, len(mini_fat) + count))
        mini_fat.append(_END)
        container += data + b"\x00" * (count * 64 - len(data))
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat) if mini_fat else b""
    mini_fat_bytes += b"\xff" * (-len(mini_fat_bytes) % 512)
    regions = [("minifat", mini_fat_bytes), ("container", container + b"\x00" * (-len(container) % 512)),
               *((name, data + b"\x00" * (-len(data) % 512)) for name, data in big.items())]
    sectors_needed = sum(len(data) // 512 for _name, data in regions)
    fat_count = 1
    while fat_count * 128 < fat_count + 1 + sectors_needed:
        fat_count += 1
    assert fat_count <= 109
    fat = [_FAT_SECTOR] * fat_count + [_END]  # the FAT sectors, then the directory (one sector)
    starts: dict[str, int] = {}
    for name, data in regions:
        count = len(data) // 512
        if not count:
            starts[name] = _END
            continue
        starts[name] = len(fat)
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(_END)
    fat += [_FREE] * (fat_count * 128 - len(fat))
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, fat_count)
    struct.pack_into("<I", header, 0x30, fat_count)  # the directory follows the FAT
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<IIII", header, 0x3C, starts["minifat"], len(mini_fat_bytes) // 512, _END, 0)
    struct.pack_into("<109I", header, 0x4C, *range(fat_count), *([_FREE] * (109 - fat_count)))
    names = list(streams)
    entries = [("Root Entry", 5, starts["container"], len(container))]
    for name in names:
        if name in small:
            entries.append((name, 2, mini_starts[name], len(small[name])))
        else:
            entries.append((name, 2, starts[name], len(big[name])))
    directory = bytearray()
    for index, (name, kind, start, size) in enumerate(entries):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[0:len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
        right = index + 1 if 0 < index < len(names) else _FREE
        child = 1 if index == 0 and names else _FREE
        struct.pack_into("<III", entry, 68, _FREE, right, child)
        struct.pack_into("<II", entry, 116, start, size)
        directory += entry
    directory += b"\x00" * (512 - len(directory))
    return bytes(header) + struct.pack(f"<{len(fat)}I", *fat) + bytes(directory) + b"".join(d for _n, d in regions)


def _record(kind: int, payload: bytes) -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def _biff_string(text: str) -> bytes:
    """XLUnicodeString: character count, then UTF-16 (flag 1) or Latin-1 (flag 0) characters."""
    try:
        return struct.pack("<HB", len(text), 0) + text.encode("latin-1")
    except UnicodeEncodeError:
        encoded = text.encode("utf-16-le")
        return struct.pack("<HB", len(encoded) // 2, 1) + encoded


def _biff_short_string(text: str) -> bytes:
    return struct.pack("<BB", len(text), 1) + text.encode("utf-16-le")


@dataclass(frozen=True)
class XlsSheet:
    name: str
    rows: Sequence[Sequence[object]]  # str -> LABEL, int/float -> NUMBER, date -> NUMBER with a date format
    hidden: int = 0  # 0 visible, 1 hidden, 2 very hidden
    dimensions: tuple[int, int, int, int] | None = None  # (first row, last row + 1, first col, last col + 1)
    far_cells: Sequence[tuple[int, int, object]] = ()  # (0-based row, 0-based column, value) anywhere
    hidden_rows: Sequence[int] = ()  # 0-based rows with a ROW record whose fDyZero flag hides them
    autofilter: bool = False  # an AUTOFILTERINFO record: a filter is on
    hidden_columns: Sequence[int] = ()  # 0-based columns with a COLINFO record whose fHidden flag hides them
    merged: Sequence[tuple[int, int, int, int]] = ()  # MERGEDCELLS: (first row, last row, first col, last col), 0-based


def biff8_xls(sheets: Sequence[XlsSheet], *, password_protected: bool = False, mini: bool = False) -> bytes:
    """A BIFF8 workbook (Excel 97-2003 .xls): globals (BOF, CODEPAGE, XF, BOUNDSHEET, EOF) then one
    substream per sheet (BOF, DIMENSIONS, LABEL/NUMBER cells, EOF), in a compound file."""
    date_xf = 15
    globals_records = [_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))]
    if password_protected:  # FILEPASS: the rest of the stream is encrypted (RC4)
        globals_records.append(_record(0x002F, struct.pack("<HHH", 1, 1, 2) + b"\x00" * 48))
    globals_records.append(_record(0x0042, struct.pack("<H", 1200)))
    for index in range(16):  # XF records: index 15 uses the built-in date format 14 (d/m/yyyy)
        number_format = 14 if index == date_xf else 0
        globals_records.append(_record(0x00E0, struct.pack("<HHHBBBBIIH", 0, number_format, 0xFFF5 if index < 15
                                                           else 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)))
    bound_sheet_at = []
    for sheet in sheets:
        bound_sheet_at.append(sum(map(len, globals_records)))
        bound_sheet = struct.pack("<IBB", 0, sheet.hidden, 0) + _biff_short_string(sheet.name)
        globals_records.append(_record(0x0085, bound_sheet))
    globals_records.append(_record(0x000A, b""))
    stream = bytearray(b"".join(globals_records))
    for sheet, at in zip(sheets, bound_sheet_at, strict=True):
        struct.pack_into("<I", stream, at + 4, len(stream))  # BOUNDSHEET.lbPlyPos: where the substream starts
        width = max((len(row) for row in sheet.rows), default=0)
        first_row, last_row, first_col, last_col = sheet.dimensions or (0, len(sheet.rows), 0, width)
        records = [_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))]
        for c in sheet.hidden_columns:  # COLINFO: colFirst, colLast, coldx, ixfe, flags (0x01 fHidden), reserved
            records.append(_record(0x007D, struct.pack("<HHHHHH", c, c, 0x0900, 0x0F, 0x0001, 0)))
        records.append(_record(0x0200, struct.pack("<IIHHH", first_row, last_row, first_col, last_col, 0)))
        if sheet.autofilter:
            records.append(_record(0x009D, struct.pack("<H", width)))
        for r in sheet.hidden_rows:  # ROW: rw, colMic, colMac, miyRw, 2 reserved, flags (0x20 fDyZero), ixfe
            records.append(_record(0x0208, struct.pack("<HHHHHHHH", r, 0, width, 0xFF, 0, 0, 0x0120, 0x0F)))
        cells = [(r, c, v) for r, row in enumerate(sheet.rows) for c, v in enumerate(row) if v is not None]
        for r, c, value in [*cells, *sheet.far_cells]:
            if isinstance(value, date):
                serial = float((value - date(1899, 12, 30)).days)
                records.append(_record(0x0203, struct.pack("<HHHd", r, c, date_xf, serial)))
            elif isinstance(value, int | float):
                records.append(_record(0x0203, struct.pack("<HHHd", r, c, 0, float(value))))
            else:
                records.append(_record(0x0204, struct.pack("<HHH", r, c, 0) + _biff_string(str(value))))
        if sheet.merged:  # MERGEDCELLS: count, then (rwFirst, rwLast, colFirst, colLast) each
            records.append(_record(0x00E5, struct.pack("<H", len(sheet.merged))
                                   + b"".join(struct.pack("<HHHH", *ref) for ref in sheet.merged)))
        records.append(_record(0x000A, b""))
        stream += b"".join(records)
    return cfb({"Workbook": bytes(stream)}, mini=mini)


# --- ods -----------------------------------------------------------------------------------------------

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def ods_content(tables: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    ).encode()


def ods_table(name: str, rows: Sequence[Sequence[object]], trailer: str = "") -> str:
    def cell(value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in rows)
    return f"<table:table table:name={quoteattr(name)}>{body}{trailer}</table:table>"


def write_ods(path: Path, content: bytes) -> Path:
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        b'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        b"</manifest:manifest>"
    )
    return write_zip(path, [stored("mimetype", ODS_MIMETYPE), deflated("content.xml", content),
                            deflated("META-INF/manifest.xml", manifest)])
