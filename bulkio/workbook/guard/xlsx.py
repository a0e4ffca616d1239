"""An xlsx's worksheets: the rectangle of the cells holding something, from A1, at most MAX_GRID_CELLS.

A worksheet is measured exactly (valued_extent) when it is small, suspiciously compressible, or declares a
<dimension> over the limit; any other sheet is bounded from above in one streaming pass (_extent_bound), and
measured exactly only when that bound is over the limit.

Note: no worksheet is trusted to describe itself. A crafted 1.6 MB sheet of random text (compressed 2 to 1,
so not suspect) with <dimension ref="A1:B2"> and one value in XFD1048576 made calamine ask for 512 GB and
abort. A sheet over SMALL_SHEET_BYTES is now inflated a MiB at a time and searched by one regular
expression: in C, it skips every cell written as Excel writes it (<c r="B7">) within the bound so far (a
column up to Z or the widest seen, a row up to that of the piece's last cell, rounded up to two significant
digits) and every empty cell ("<c .../>"); the few others raise the bound one by one, and a cell written
otherwise (no r first, r='b7', another prefix) sends the sheet to the exact measure. On the bench's
100,000-row sheet (openpyxl, 80 MB of XML, 14 columns) the pass takes 0.25 s on its own (0.28 s for 100,000
rows as Excel writes them, 66 MB) and adds 0.21 s to `load_and_validate` (median of 15: 2.57 s -> 2.78 s),
8 %; when the bound is over the limit, the exact measure takes 0.8 s more (the whole part in memory) before
the refusal.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable

from bulkio.workbook.guard.limits import (
    MAX_GRID_CELLS,
    PROLOG_BYTES,
    SMALL_SHEET_BYTES,
    SUSPECT_RATIO,
    cell_name,
    check_grid,
    column_number,
    row_number,
)
from bulkio.workbook.guard.zip_parts import UNREADABLE, read_part

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')
_SHEET_DATA = re.compile(rb"<([^\s<>/=\"'!?:]+:)?sheetData(?=[\s/>])")


def check_worksheets(archive: zipfile.ZipFile) -> None:
    """Every worksheet the workbook lists, by its name."""
    for name, part in _worksheet_parts(archive):
        _check_worksheet(archive, archive.getinfo(part), name)


def _worksheet_parts(archive: zipfile.ZipFile) -> Iterable[tuple[str, str]]:
    from bulkio.workbook.formula_scan import sheet_parts

    names = set(archive.namelist())
    try:
        parts = sheet_parts(archive)
    except (*UNREADABLE, KeyError, ValueError, SyntaxError):  # calamine will say what is wrong
        return
    for name, part in parts.items():
        if part in names:
            yield name, part


def _check_worksheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str) -> None:
    head = read_part(archive, info, PROLOG_BYTES)
    if head is None:
        return
    dimension = _DIMENSION.search(head, 0, head.find(b"sheetData") % (len(head) + 1))
    declared = 0
    if dimension and dimension.group(4):
        declared = row_number(dimension.group(4)) * column_number(dimension.group(3))
    small = info.file_size <= SMALL_SHEET_BYTES
    suspect = info.file_size > SUSPECT_RATIO * max(info.compress_size, 1)
    if not (small or suspect or declared > MAX_GRID_CELLS):
        found = _SHEET_DATA.search(head)
        bound = _extent_bound(archive, info, found.group(1) or b"" if found else b"")
        if bound is not None and bound[0] * bound[1] <= MAX_GRID_CELLS:
            return
    xml = read_part(archive, info)
    last = valued_extent(xml) if xml is not None else None
    if last is not None:
        check_grid(sheet, *last)



# --- worksheets: where calamine puts the cells that hold something -------------------------------------
#
# calamine places a cell by its r="B7" (a cell without one: after the previous cell of its row, in the row its
# <row r="7"> gives), whatever the element's prefix (<x:c> and <c> are both cells, declared or not), the
# reference's letters in either case, r = 'B7' with spaces or single quotes. Excel (openpyxl, LibreOffice)
# writes every cell as <c r="B7" ...>, with the sheet's prefix. Both measures below look for the letter "c"
# after "<" or ":" in C (a regular expression with a literal first), skip at C speed the cells written that
# way (and, for the bound, near enough), and look at what remains one by one in Python: <col>, <color> and
# words ("Tel:c ") are passed over; any cell written otherwise sends the sheet to _walk_cells, which reads
# every <row> and <c> as calamine does.

SCAN_CHUNK = 1 << 20  # a large worksheet is inflated and scanned a MiB at a time
MAX_TAG_BYTES = 64 << 10  # a start tag longer than this across two pieces is not Excel's: measured exactly
MAX_IGNORED = 10_000  # per MiB: <color> (rich text) and "a:c" (words) passed over; past this, walked instead
_NAME_END = frozenset(b" \t\n\r/>")
_PREFIX_NAME = re.compile(rb"[^\s<>/=\"'!?:]+")
_COLON_C = re.compile(rb":c[\s/>]")
_CANONICAL_CELL = re.compile(rb' r="([A-Z]+)(\d+)"')
_CANONICAL_REFERENCE = re.compile(rb"([A-Z]+)(\d+)\"")
_ATTRIBUTES = rb"[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*"  # up to the tag's ">", quoted ">" and "/>" included
_TAG_END = re.compile(_ATTRIBUTES + rb">")
_PATTERNS: dict[tuple[bytes, int, int, bool], re.Pattern[bytes]] = {}
ODD, OTHER = 1, 2  # what _classify says of a "c" that is not an Excel cell


def _extent_bound(archive: zipfile.ZipFile, info: zipfile.ZipInfo, prefix: bytes) -> tuple[int, int] | None:
    """(rows, columns) from A1 that hold every cell holding something, or None when the sheet must be measured
    exactly (a cell not written as Excel writes it, or the part cannot be inflated). One pass, a MiB at a time.

    In each piece, the last cell holding something (in a sheet written row after row, the farthest so far)
    gives the thresholds: its row, rounded up to two significant digits (109,999 for 100,001), and its column
    (at least Z). A cell within both passes at C speed, as does an empty one ("<c .../>", however far); what
    remains (a wider column, a farther row) raises the bound itself."""
    bound = [0, 26, 0, 26]  # rows, columns; the row and column thresholds
    pending = b""  # a tag the previous piece ends in the middle of
    try:
        with archive.open(info) as member:
            while True:
                data = member.read(SCAN_CHUNK)
                start = 0
                if pending:
                    close = data.find(b">")
                    if close == -1 and data:
                        pending += data
                        if len(pending) > MAX_TAG_BYTES:
                            return None
                        continue
                    seam = pending + data[:close + 1]
                    if not _scan_piece(seam, 0, len(seam), prefix, bound):
                        return None
                    start = close + 1
                if not data:
                    return bound[0], bound[1]
                cut = len(data)
                last = data.rfind(b"<", start)
                if last != -1 and data.find(b">", last) == -1:
                    cut = last
                if not _scan_piece(data, start, cut, prefix, bound):
                    return None
                pending = data[cut:]
    except UNREADABLE:
        return None


def _scan_piece(buffer: bytes, start: int, cut: int, prefix: bytes, bound: list[int]) -> bool:
    """Raise `bound` to cover the cells of buffer[start:cut] (whole tags); False for a cell not written as
    Excel writes it."""
    close = buffer.rfind(b"</" + prefix + b"c>", start, cut)
    opening = buffer.rfind(b"<" + prefix + b'c r="', start, close) if close != -1 else -1
    last = _CANONICAL_REFERENCE.match(buffer, opening + len(prefix) + 6) if opening != -1 else None
    if last is not None:
        bound[2] = max(bound[2], row_number(last.group(2)))
        bound[3] = max(bound[3], column_number(last.group(1)))
    limit, width = _ceiling(bound[2]), bound[3]
    bound[0], bound[1] = max(bound[0], limit), max(bound[1], width)
    pattern = _cell_pattern(prefix, _colons(buffer, start, cut), limit, width)
    ignored = 0
    for match in pattern.finditer(buffer, start, cut):
        at = match.end() - 1
        kind = _classify(buffer, at, prefix)
        if kind == ODD:
            return False
        if kind == OTHER:
            ignored += 1
            if ignored > MAX_IGNORED:
                return False
            continue
        reference = _CANONICAL_CELL.match(buffer, at + 1)
        if reference is None:
            return False
        end = _TAG_END.match(buffer, reference.end(), cut)
        if end is None:
            return False
        if buffer[end.end() - 2] != 0x2F:  # not "<c .../>": it may hold a value
            bound[0] = max(bound[0], row_number(reference.group(2)))
            bound[1] = bound[3] = max(bound[1], column_number(reference.group(1)))
    return True


def _colons(buffer: bytes, start: int = 0, end: int | None = None) -> bool:
    """Whether a prefixed cell may be there: a ":c" before a space, "/" or ">". Excel's rows have "1:14" and
    "x14ac:", openpyxl's pieces no ":" at all; without, the search is for "<c" only, a quarter faster."""
    end = len(buffer) if end is None else end
    return buffer.find(b":", start, end) != -1 and _COLON_C.search(buffer, start, end) is not None


def _cell_pattern(prefix: bytes, colons: bool, limit: int = 0, width: int = 0) -> re.Pattern[bytes]:
    """The "c" of a cell's start tag (and of a few other names) unless it begins <c r="X123" with X up to
    column `width` and 123 up to row `limit`, or <c r="X123" .../> (holding nothing); with limit 0, unless
    it begins <c r="X123" (any reference). A literal first ("<c", or "c" where a prefix may be)."""
    key = (prefix, limit, width, colons)
    pattern = _PATTERNS.get(key)
    if pattern is None:
        if limit:
            usual = (rb' r="(?:(?:' + _letters_up_to(width) + rb")(?:" + _up_to(limit) + rb')"|[A-Z]+\d+"'
                     + _ATTRIBUTES + rb"(?<=/)>)")
        else:
            usual = rb' r="[A-Z]+\d+"'
        if prefix:
            name = re.escape(prefix[:-1])
            source = rb"c(?<=[<:]c)(?<!/" + name + rb":c)(?!(?<=<" + name + rb":c)" + usual + rb")"
        elif colons:
            source = rb"c(?<=[<:]c)(?!(?<=<c)" + usual + rb")"
        else:
            source = rb"<c(?!" + usual + rb")"
        if len(_PATTERNS) > 256:
            _PATTERNS.clear()
        pattern = _PATTERNS[key] = re.compile(source)
    return pattern


def _classify(buffer: bytes, at: int, prefix: bytes) -> int:
    """What begins at the "c" in buffer[at]: OTHER (<col>, <color>, "Tel:c ", an attribute), ODD (a cell
    not written as Excel writes it: another prefix, no r="B7" first), or 0 (<c r="B7", the sheet's prefix)."""
    following = buffer[at + 1:at + 2]
    if not following or following[0] not in _NAME_END:
        return OTHER
    if buffer[at - 1] == 0x3A:  # ":"
        lt = buffer.rfind(b"<", max(0, at - 258), at)
        if lt == -1:  # a word in a text, or a prefix of 256 characters (no writer does that)
            return ODD if _PREFIX_NAME.fullmatch(buffer, max(0, at - 258), at - 1) else OTHER
        if not _PREFIX_NAME.fullmatch(buffer, lt + 1, at - 1):
            return OTHER  # a word in a text, an attribute, a closing tag
        if buffer[lt + 1:at] != prefix:
            return ODD  # a cell with another prefix: calamine reads it all the same
    elif prefix:
        return ODD  # <c> in a sheet whose cells are <x:c>
    return 0 if _CANONICAL_CELL.match(buffer, at + 1) else ODD


def _ceiling(number: int) -> int:
    """The smallest number >= `number` written as two significant digits then nines (109999 for 100001):
    the threshold moves by steps of under 10 %, so that its pattern is compiled a few times per sheet."""
    if number < 100:
        return 99
    scale = 10 ** (len(str(number)) - 2)
    return (number // scale + 1) * scale - 1


def _up_to(limit: int) -> bytes:
    """A pattern for the numbers 1..limit (two digits then nines), as many digits as `limit` first."""
    digits = str(limit)
    first, second, rest = int(digits[0]), int(digits[1]), len(digits) - 2
    tail = rb"\d{%d}" % rest if rest else b""
    parts = [b"%d[0-%d]" % (first, second) + tail]
    if first > 1:
        parts.append(b"[1-%d]\\d" % (first - 1) + tail)
    parts.append(rb"[1-9]\d{0,%d}" % rest)
    return b"|".join(parts)


def _letters_up_to(width: int) -> bytes:
    """A pattern for the column letters up to column `width` (at least 26): "[A-Z]", or for AD (30)
    "[A-Z]{1,1}|A[A-C]|AD"."""
    if width <= 26:
        return b"[A-Z]"
    letters = cell_name(0, width - 1)[:-1].encode()
    parts = [b"[A-Z]{1,%d}" % (len(letters) - 1)]
    for index, letter in enumerate(letters):
        if letter > 0x41:
            parts.append(letters[:index] + b"[A-%c]" % (letter - 1) + b"[A-Z]" * (len(letters) - index - 1))
    parts.append(letters)
    return b"|".join(parts)


def valued_extent(xml: bytes) -> tuple[int, int] | None:
    """(last row, last column), 0-based, of the cells that hold something, positioned as calamine does; None
    when none does. A cell holds something unless it is empty ("<c .../>", "<c ...></c>": a formatted empty
    cell, which calamine skips however many there are); one with a formula and no value counts too. Cells
    written as Excel writes them are found by one regular expression, a few MiB at a time; any other sheet
    is walked tag by tag. From the <sheetData> to the end of the part: a cell after it (or in a comment)
    counts too, which no writer puts there."""
    found = _SHEET_DATA.search(xml)
    if found is None:
        return None
    prefix = found.group(1) or b""
    start = found.end()
    pattern = _cell_pattern(prefix, _colons(xml, start))
    ignored = 0
    for match in pattern.finditer(xml, start):
        kind = _classify(xml, match.end() - 1, prefix)
        if kind == ODD or (kind == OTHER and (ignored := ignored + 1) > MAX_IGNORED * 10):
            return _walk_cells(xml, start)
    p = re.escape(prefix)
    valued = re.compile(rb"<" + p + rb'c r="([A-Z]+)(\d+)"' + _ATTRIBUTES + rb"(?<!/)>(?!</" + p + rb"c>)")
    last_row = last_column = -1
    step = 4 << 20
    while start < len(xml):
        end = xml.find(b"<", start + step)  # whole tags in each slice
        end = len(xml) if end == -1 else end
        refs = valued.findall(xml, start, end)
        if refs:
            last_row = max(last_row, max(map(row_number, {digits for _, digits in refs})) - 1)
            letters = {letters for letters, _ in refs}
            longest = max(map(len, letters))
            last_column = max(last_column, column_number(max(x for x in letters if len(x) == longest)) - 1)
        start = end
    return None if last_row < 0 else (last_row, last_column)


_TAG = re.compile(rb"<(?:[^\s<>/=\"'!?:]+:)?(row|c)(?=[\s/>])(" + _ATTRIBUTES + rb")>")
_EMPTY_END = re.compile(rb"</(?:[^\s<>/=\"'!?:]+:)?c\s*>")
_ATTRIBUTE = re.compile(rb"\s([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REFERENCE = re.compile(rb"([A-Za-z]+)(\d+)")


def _walk_cells(xml: bytes, start: int) -> tuple[int, int] | None:
    """Every <row> and <c>, whatever their prefix, placed as calamine places them: a cell by its reference
    (r="B7", r = 'b7'), else after the previous cell of its row, in the row its <row r="7"> gives (else the
    row after the previous one). A cell counts unless it is empty ("<c .../>", "<c ...></c>")."""
    row = column = -1
    last_row = last_column = -1
    for match in _TAG.finditer(xml, start):
        attrs = match.group(2)
        value = _attribute(attrs, b"r")
        if match.group(1) == b"row":
            row = row_number(value) - 1 if value is not None and value.isdigit() else row + 1
            column = -1
            continue
        reference = _REFERENCE.fullmatch(value) if value is not None else None
        if reference is not None:
            cell_row, column = row_number(reference.group(2)) - 1, column_number(reference.group(1)) - 1
        else:  # no reference (or one calamine refuses, failing on the sheet)
            cell_row, column = row, column + 1
        if not attrs.rstrip().endswith(b"/") and not _EMPTY_END.match(xml, match.end()):
            last_row, last_column = max(last_row, cell_row), max(last_column, column)
    return None if last_row < 0 else (last_row, last_column)


def _attribute(attrs: bytes, name: bytes) -> bytes | None:
    """The value of the attribute `name` (not x:name), quoted either way, spaces around "=" or not."""
    if attrs.startswith(b" " + name + b'="'):
        end = attrs.find(b'"', len(name) + 3)
        return attrs[len(name) + 3:end] if end != -1 else None
    for found in _ATTRIBUTE.finditer(attrs):
        if found.group(1) == name:
            return found.group(2) if found.group(2) is not None else found.group(3)
    return None

