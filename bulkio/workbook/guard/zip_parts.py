"""A zip container (xlsx, xlsm, ods), part by part: sizes and ratios, then the prolog of each XML part.

    sizes           every member's uncompressed size as the central directory declares it (the zip readers,
                    Python's and calamine's, both refuse to inflate past it): a part over MAX_PART_BYTES, or
                    compressed more than MAX_RATIO to 1, is refused (zip bomb)
    XML prologs     the first bytes of every XML part: a DTD (<!DOCTYPE, <!ENTITY) is refused (billion laughs,
                    XXE: Excel never writes one); the shared strings' count must be plausible for the part's size

read_part is how the other checks (xlsx.py, ods.py) read a part: in bounded steps, None when it cannot be
inflated.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from bulkio.errors import InputError
from bulkio.i18n import t
from bulkio.workbook.guard.limits import MAX_PART_BYTES, MAX_RATIO, PARSED, PROLOG_BYTES, RATIO_FLOOR, megabytes
from bulkio.workbook.sniff import read_member

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT = re.compile(rb"<[A-Za-z_]")
_UNIQUE_COUNT = re.compile(rb'<(?:\w+:)?sst\b[^>]*?\buniqueCount="(\d+)"')

UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


def check_parts(path: Path, archive: zipfile.ZipFile) -> None:
    """Every part's size first (a bomb anywhere is refused before any is read), then every parsed part's prolog."""
    infos = archive.infolist()
    for info in infos:
        _check_size(path, info)
    for info in infos:
        if _parsed(info):
            _check_prolog(path, archive, info)


def read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int = -1) -> bytes | None:
    """A part's bytes (its first `size` bytes), or None when the part cannot be inflated: then the parser
    fails on it with its own message, and the other parts are still checked."""
    try:
        return read_member(archive, info, size)
    except UNREADABLE:
        return None


def _check_size(path: Path, info: zipfile.ZipInfo) -> None:
    """A bomb is refused wherever it is (nothing but an attack compresses like that); a large part only if
    it is parsed (an embedded picture is never read)."""
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
        raise InputError(t("workbook.zip_bomb", path=path, part=info.filename, size=megabytes(info.file_size),
                           compressed=megabytes(info.compress_size), ratio=f"{ratio:,.0f}".replace(",", " ")))
    if info.file_size > MAX_PART_BYTES and _parsed(info):
        raise InputError(t("workbook.part_too_big", path=path, part=info.filename, size=megabytes(info.file_size),
                           limit=megabytes(MAX_PART_BYTES)))


def _parsed(info: zipfile.ZipInfo) -> bool:
    return info.filename.endswith(PARSED) and not info.filename.startswith("customXml/")


def _check_prolog(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No DTD before the root element (a DTD can only come there), and a root element early on."""
    head = read_part(archive, info, PROLOG_BYTES)
    if head is None:
        return
    # A DTD can only come before the root element, but no XML that Excel or LibreOffice writes holds
    # "<!DOCTYPE" or "<!ENTITY" anywhere (text has "&lt;"): searching the whole head leaves no room for tricks.
    if _DTD.search(head) or (_ROOT.search(head) is None and len(head) == PROLOG_BYTES):
        raise InputError(t("workbook.xml_entities", path=path, part=info.filename))
    if info.filename.endswith("sharedStrings.xml"):
        announced = _UNIQUE_COUNT.search(head)
        if announced and int(announced.group(1)) > info.file_size // 5:  # "<si/>": 5 bytes at least
            raise InputError(t("workbook.damaged", path=path, reason=f"{info.filename}: uniqueCount"))
