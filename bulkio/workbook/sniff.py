"""What kind of file is this? Decided by its first bytes, not by its name.

    PK\\x03\\x04  a zip: xlsx/xlsm (has xl/workbook.xml) or ods (mimetype says so), else not a workbook
    D0CF11E0    an OLE2 compound file: a password-protected OOXML workbook (EncryptionInfo stream,
                what Excel and msoffcrypto write) or a legacy .xls (Workbook / Book stream)
    other       a FEC (fec.py: a .txt, .csv, .tsv or no suffix whose first line is a FEC header split by tab
                or '|'), else a .csv by its name, else not a workbook

Every refusal is an InputError with one sentence saying what to do.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from pathlib import Path

from bulkio.errors import InputError
from bulkio.i18n import t
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)
from bulkio.workbook.fec import looks_like_fec
from bulkio.workbook.inputs import check_regular_file

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
ENCRYPTION_STREAMS = frozenset({"encryptioninfo", "encryptedpackage"})
XLS_STREAMS = frozenset({"workbook", "book"})
MAX_OLE2_SNIFF_BYTES = 64 << 20


def detect_format(path: Path) -> str:
    """Return "xlsx", "xlsm", "xls", "ods", "fec" or "csv", or raise InputError saying why the file cannot be used."""
    check_regular_file(path)  # before any open: a named pipe would block it
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(t("workbook.unreadable", path=path, reason=exc.strerror or exc)) from exc
    if size == 0:
        raise InputError(t("workbook.empty", path=path))
    suffix = path.suffix.lower()
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return _zip_format(path, suffix)
    if head.startswith(OLE2_MAGIC):
        return _ole2_format(path)
    if looks_like_fec(path):  # by its first line: a .csv split by tabs or '|' under a FEC header is a FEC
        return "fec"
    if suffix == ".csv":
        return "csv"
    if suffix in WORKBOOK_SUFFIXES:
        raise InputError(t("workbook.not_workbook", path=path))
    raise InputError(t("workbook.unsupported", path=path, suffix=suffix or path.name))


def _zip_format(path: Path, suffix: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names:  # a few bytes: read no more, whatever size the member claims
                mimetype = read_member(archive, "mimetype", len(ODS_MIMETYPE) + 2).strip()
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error) as exc:
        raise InputError(t("workbook.damaged", path=path, reason=_zip_reason(exc))) from exc
    if "xl/workbook.xml" in names:
        return "xlsm" if suffix == ".xlsm" or "xl/vbaProject.bin" in names else "xlsx"
    if mimetype == ODS_MIMETYPE:
        return "ods"
    if "xl/workbook.bin" in names:  # xlsb: readable by calamine, but the result could not keep it
        raise InputError(t("workbook.unsupported", path=path, suffix=".xlsb"))
    raise InputError(t("workbook.not_workbook", path=path))


def part_path(target: str) -> str:
    """The zip member a workbook relationship's Target names: absolute from the package's root, or relative to
    xl/ (where workbook.xml.rels sits)."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo | str, size: int = -1) -> bytes:
    """A zip member's bytes (its first `size` bytes), inflated a MiB at a time.

    zipfile's read() of a whole member asks zlib for up to 2 GiB at once and only then cuts the output to
    the declared size: a member that lies about its size (4 GB of data declared as 64 kB) costs gigabytes.
    Read in bounded steps, it costs its declared size and ends in a BadZipFile (CRC) exception.
    """
    chunks: list[bytes] = []
    left = size if size >= 0 else None
    with archive.open(info) as member:
        while left is None or left > 0:
            chunk = member.read(1 << 20 if left is None else min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            if left is not None:
                left -= len(chunk)
    return b"".join(chunks)


def _zip_reason(exc: Exception) -> str:
    return "zip" if isinstance(exc, zipfile.BadZipFile) else str(exc)


def _ole2_format(path: Path) -> str:
    with path.open("rb") as handle:  # the directory is near the start; a whole .xls is read later, if small
        names = {name.casefold() for name in cfb_stream_names(handle.read(MAX_OLE2_SNIFF_BYTES))}
    if names & ENCRYPTION_STREAMS:
        raise InputError(t("workbook.encrypted", path=path))
    if names & XLS_STREAMS:
        return "xls"
    raise InputError(t("workbook.not_workbook", path=path))


# --- a minimal reader of the Compound File Binary format (MS-CFB): only the directory's names ---
# Not olefile: it loops on a crafted 2 kB header and refuses damaged containers this still reads
# (docs/libraries.md).

_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_ENTRY_SIZE = 128


def cfb_stream_names(data: bytes) -> list[str]:
    """Names of the storages and streams of an OLE2 compound file; [] when the structure is unreadable."""
    return [name for name, _start, _size in _directory(data)]


def cfb_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """The content of the first stream found under one of these names (case ignored); None if there is none
    or the structure is unreadable. Small streams live in the mini stream, inside the root entry's."""
    entries = _directory(data)
    if not entries:
        return None
    wanted = {name.casefold() for name in names}
    found = next(((start, size) for name, start, size in entries[1:] if name.casefold() in wanted), None)
    if found is None:
        return None
    start, size = found
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    fat = _read_fat(data, sector_size)
    cutoff, = struct.unpack_from("<I", data, 0x38)
    if size >= cutoff:
        return _sectors(data, _chain(fat, start), sector_size, 1)[:size]
    _root_name, root_start, root_size = entries[0]
    mini_stream = _sectors(data, _chain(fat, root_start), sector_size, 1)[:root_size]
    first_mini_fat, = struct.unpack_from("<I", data, 0x3C)
    mini_fat_bytes = _sectors(data, _chain(fat, first_mini_fat), sector_size, 1)
    mini_fat = list(struct.unpack_from(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes))
    mini_size = 1 << struct.unpack_from("<H", data, 0x20)[0]
    return _sectors(mini_stream, _chain(mini_fat, start), mini_size, 0)[:size]


def _sectors(data: bytes, chain: list[int], size: int, skip: int) -> bytes:
    """The sectors of a chain, end to end (`skip` sectors of header first: 1 in the file, 0 in the mini stream)."""
    return b"".join(data[(sector + skip) * size:(sector + skip + 1) * size] for sector in chain)


def _directory(data: bytes) -> list[tuple[str, int, int]]:
    """(name, first sector, size) of each storage and stream, the root entry first; [] when unreadable."""
    if len(data) < 512 or not data.startswith(OLE2_MAGIC):
        return []
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    if sector_size not in (512, 4096):
        return []
    first_dir, = struct.unpack_from("<I", data, 0x30)
    fat = _read_fat(data, sector_size)
    entries: list[tuple[str, int, int]] = []
    for sector in _chain(fat, first_dir):
        start = (sector + 1) * sector_size
        for offset in range(start, min(start + sector_size, len(data)) - _ENTRY_SIZE + 1, _ENTRY_SIZE):
            name_length, entry_type = struct.unpack_from("<HB", data, offset + 64)
            if entry_type in (1, 2, 5) and 2 <= name_length <= 64:
                first, size = struct.unpack_from("<II", data, offset + 116)
                name = data[offset:offset + name_length - 2].decode("utf-16-le", "replace")
                entries.append((name, first, size))
    return entries


def _read_fat(data: bytes, sector_size: int) -> list[int]:
    """The file allocation table: for each sector, the next sector of its chain.

    Never longer than the sectors of `data` need: a DIFAT that lists one FAT sector over and over made a 2 MB
    file cost 2.5 GB and 30 s, a 64 MB one would have cost 80 GB. A FAT sector outside `data` (a truncated
    file, or one past MAX_OLE2_SNIFF_BYTES) counts as free sectors, so that the FAT sectors after it keep
    their place."""
    per_sector = sector_size // 4
    most = len(data) // sector_size // per_sector + 1  # FAT sectors enough for every sector of `data`
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _END_OF_CHAIN][:most]
    difat_sector, = struct.unpack_from("<I", data, 0x44)
    seen: set[int] = set()
    while difat_sector < _END_OF_CHAIN and difat_sector not in seen and len(fat_sectors) < most:
        seen.add(difat_sector)
        start = (difat_sector + 1) * sector_size
        if start + sector_size > len(data):
            break
        entries = struct.unpack_from(f"<{per_sector}I", data, start)
        fat_sectors.extend(s for s in entries[:-1] if s < _END_OF_CHAIN)
        difat_sector = entries[-1]
    fat: list[int] = []
    for sector in fat_sectors[:most]:
        start = (sector + 1) * sector_size
        if start + sector_size <= len(data):
            fat.extend(struct.unpack_from(f"<{per_sector}I", data, start))
        else:
            fat.extend([_FREE] * per_sector)
    return fat


def _chain(fat: list[int], first: int) -> list[int]:
    """The sectors of a chain, stopping at its end, outside the table, or where it loops."""
    chain: list[int] = []
    seen: set[int] = set()
    sector = first
    while sector < len(fat) and sector not in seen:
        chain.append(sector)
        seen.add(sector)
        sector = fat[sector]
    if not chain and first < _END_OF_CHAIN:  # a directory in a sector the FAT does not cover: read it alone
        chain.append(first)
    return chain
