"""Rows the user cannot see: hidden by hand, or filtered out by an autofilter, read from the file itself.

calamine gives every row's values but not whether the spreadsheet shows it, and bulkio never imports a row
the user cannot see (docs/trust.md §5). So the reader asks the file:

    xlsx, xlsm  <row r="12" hidden="1">; an <autoFilter> with a <filterColumn> says a filter is on
    ods         <table:table-row table:visibility="collapse" | "filter">, repeated rows counted
    xls         ROW records with fDyZero set; an AUTOFILTERINFO record says a filter is on
    csv         nothing is ever hidden

An unusual or damaged structure gives no hidden rows rather than an error: the guard and calamine have
already judged the file, and this is a refinement of what they read.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

from bulkio.workbook.formula_scan import sheet_parts
from bulkio.workbook.guard import xls_records, xls_short_name
from bulkio.workbook.sniff import cfb_stream, read_member


@dataclass(frozen=True)
class HiddenRows:
    rows: frozenset[int]  # Excel row numbers
    filtered: bool  # a filter is on in the sheet: the rows were most likely hidden by it


def hidden_rows(path: Path, fmt: str, sheet_names: list[str]) -> dict[str, HiddenRows]:
    """For each named sheet that hides rows, which ones; sheets hiding none are left out."""
    try:
        if fmt in ("xlsx", "xlsm"):
            return _xlsx(path, sheet_names)
        if fmt == "ods":
            return _ods(path, sheet_names)
        if fmt == "xls":
            return _xls(path, sheet_names)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, ValueError, EOFError, zlib.error,
            struct.error):
        return {}
    return {}


# --- xlsx ---

_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_HIDDEN = re.compile(rb"""\bhidden\s*=\s*["'](1|true)["']""")
_FILTER_ON = re.compile(rb"<(?:\w+:)?filterColumn\b")


def _xlsx(path: Path, sheet_names: list[str]) -> dict[str, HiddenRows]:
    found: dict[str, HiddenRows] = {}
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
        members = set(archive.namelist())
        for name in sheet_names:
            part = parts.get(name)
            if part is None or part not in members:
                continue
            xml = read_member(archive, part)
            if b"hidden" not in xml:  # the usual sheet: one substring test
                continue
            rows = _xlsx_hidden(xml)
            if rows:
                found[name] = HiddenRows(frozenset(rows), _FILTER_ON.search(xml) is not None)
    return found


def _xlsx_hidden(xml: bytes) -> list[int]:
    hidden: list[int] = []
    number = 0
    for match in _ROW_TAG.finditer(xml):
        attributes = match.group(1)
        explicit = _ROW_NUMBER.search(attributes)
        number = int(explicit.group(1)) if explicit else number + 1  # rows may omit r= (valid OOXML)
        if _HIDDEN.search(attributes):
            hidden.append(number)
    return hidden


# --- ods ---

_ODS_TABLE = re.compile(rb"<table:table[\s>]")
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROW = re.compile(rb"<table:table-row(?=[\s>/])([^>]*)>")
_ODS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_ODS_INVISIBLE = re.compile(rb'table:visibility="(collapse|filter)"')
_ODS_FILTER = b"<table:database-range"
_ODS_LAST_ROW = 1 << 20  # rows past Excel's last row cannot hold data the reader kept


def _ods(path: Path, sheet_names: list[str]) -> dict[str, HiddenRows]:
    with zipfile.ZipFile(path) as archive:
        content = read_member(archive, "content.xml")
    if b"table:visibility" not in content:
        return {}
    filtered = _ODS_FILTER in content and b"table:display-filter-buttons" in content
    wanted = set(sheet_names)
    found: dict[str, HiddenRows] = {}
    starts = [match.start() for match in _ODS_TABLE.finditer(content)]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(content)
        named = _ODS_NAME.search(content, start, content.find(b">", start, end))
        name = named.group(1).decode("utf-8", "replace") if named else ""
        if name not in wanted:
            continue
        rows: list[int] = []
        number = 1
        for match in _ODS_ROW.finditer(content, start, end):
            repeated = _ODS_REPEATED.search(match.group(1))
            count = int(repeated.group(1)) if repeated else 1
            if _ODS_INVISIBLE.search(match.group(1)):
                rows.extend(range(number, min(number + count, _ODS_LAST_ROW)))
            number += count
            if number > _ODS_LAST_ROW:
                break
        if rows:
            found[name] = HiddenRows(frozenset(rows), filtered)
    return found


# --- xls ---

_BOUNDSHEET, _EOF, _ROW_RECORD, _AUTOFILTERINFO, _BOF = 0x0085, 0x000A, 0x0208, 0x009D, 0x0809
_ROW_HIDDEN = 0x20  # fDyZero, in the ROW record's flags (MS-XLS 2.4.221)


def _xls(path: Path, sheet_names: list[str]) -> dict[str, HiddenRows]:
    stream = cfb_stream(path.read_bytes(), ("Workbook", "Book"))
    if stream is None:
        return {}
    positions: dict[str, int] = {}
    for kind, offset, length in xls_records(stream, 0):
        if kind == _BOUNDSHEET and length >= 8:
            position, = struct.unpack_from("<I", stream, offset)
            positions[xls_short_name(stream[offset + 6:offset + length])] = position
        elif kind == _EOF:
            break
    found: dict[str, HiddenRows] = {}
    for name in sheet_names:
        if name not in positions:
            continue
        rows: list[int] = []
        filtered = False
        depth = 0
        for kind, offset, length in xls_records(stream, positions[name]):
            if kind == _BOF:
                depth += 1
            elif kind == _EOF:
                depth -= 1
                if depth <= 0:
                    break
            elif depth <= 1 and kind == _ROW_RECORD and length >= 16:
                row, = struct.unpack_from("<H", stream, offset)
                flags, = struct.unpack_from("<H", stream, offset + 12)
                if flags & _ROW_HIDDEN:
                    rows.append(row + 1)
            elif depth <= 1 and kind == _AUTOFILTERINFO:
                filtered = True
        if rows:
            found[name] = HiddenRows(frozenset(rows), filtered)
    return found
