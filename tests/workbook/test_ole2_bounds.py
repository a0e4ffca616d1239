"""The OLE2 reader of sniff.py on crafted containers: bounded in time and memory, and the FAT in its place.

Why bulkio reads OLE2 by hand rather than with olefile (docs/libraries.md): olefile loops on the 2 kB DIFAT
cycle below, and takes 47 s on 51 kB of the repeated FAT sector.
"""

from __future__ import annotations

import struct
import time
import tracemalloc
from pathlib import Path

import pytest

from bulkio.errors import InputError
from bulkio.workbook.read import read_workbook
from bulkio.workbook.sniff import cfb_stream, cfb_stream_names, detect_format
from tests.workbook.builders import minimal_cfb

_END, _FREE = 0xFFFFFFFE, 0xFFFFFFFF


def _repeated_fat_sector(difat_sectors: int) -> bytes:
    """A container whose DIFAT lists its one FAT sector (sector 0) over and over: 109 times in the header, 127
    times in each of `difat_sectors` DIFAT sectors chained one after the other."""
    data = bytearray(minimal_cfb(["Workbook"]))
    struct.pack_into("<I", data, 0x2C, 109 + 127 * difat_sectors)
    struct.pack_into("<II", data, 0x44, 2, difat_sectors)
    struct.pack_into("<109I", data, 0x4C, *([0] * 109))
    for index in range(difat_sectors):
        following = 3 + index if index < difat_sectors - 1 else _END
        data += struct.pack("<128I", *([0] * 127), following)
    return bytes(data)


def _difat_cycle() -> bytes:
    """2 kB: the header claims 4 billion FAT sectors, and its one DIFAT sector names itself as the next."""
    data = bytearray(minimal_cfb(["Workbook"]))
    struct.pack_into("<I", data, 0x2C, 0xFFFFFFF0)
    struct.pack_into("<II", data, 0x44, 2, (0xFFFFFFF0 - 109 + 126) // 127)
    return bytes(data + struct.pack("<128I", *([0] * 127), 2))


@pytest.mark.parametrize("data", [_repeated_fat_sector(4000), _difat_cycle()], ids=["repeated_fat", "difat_cycle"])
def test_a_crafted_fat_costs_no_more_than_a_sound_one(data: bytes) -> None:
    # Before the bound, the 2 MB repeated_fat made a FAT of 66 million entries: 2.5 GB and 30 s.
    tracemalloc.start()
    started = time.perf_counter()
    try:
        names = cfb_stream_names(data)
        stream = cfb_stream(data, ("Workbook",))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert names == ["Root Entry", "Workbook"]
    assert stream == b""
    assert peak < 10 * len(data) + (8 << 20), f"{peak / (1 << 20):.0f} MB"
    assert time.perf_counter() - started < 2


def test_a_crafted_fat_in_a_file_gives_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "ancien.xls"
    path.write_bytes(_repeated_fat_sector(4000))
    assert detect_format(path) == "xls"
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    assert "\n" not in caught.value.message


def test_a_fat_sector_outside_the_file_leaves_the_others_in_place() -> None:
    """The first FAT sector lies past the end (a truncated file); the second, sector 0 of the file, describes
    sectors 128 to 255, where a two-sector directory sits (130 then 131) with "Workbook" in its second sector.
    Skipping the missing FAT sector would have read the second as the first, and lost the directory's chain."""
    sector = 512
    data = bytearray(minimal_cfb([]))[:sector]  # the header alone
    struct.pack_into("<I", data, 0x2C, 2)
    struct.pack_into("<I", data, 0x30, 130)  # the directory's first sector
    struct.pack_into("<II", data, 0x3C, _END, 0)  # no mini FAT
    struct.pack_into("<109I", data, 0x4C, 5000, 0, *([_FREE] * 107))
    fat = [_FREE] * 128
    fat[130 - 128], fat[131 - 128] = 131, _END
    sectors = [struct.pack("<128I", *fat)] + [b"\x00" * sector] * 131
    entries = [("Root Entry", 5), ("SummaryInformation", 2), ("DocumentSummaryInformation", 2), ("CompObj", 2),
               ("Workbook", 2)]
    directory = bytearray()
    for name, kind in entries:
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[:len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
        struct.pack_into("<III", entry, 68, _FREE, _FREE, _FREE)
        struct.pack_into("<II", entry, 116, _END, 0)
        directory += entry
    directory += b"\x00" * (2 * sector - len(directory))
    sectors[130], sectors[131] = bytes(directory[:sector]), bytes(directory[sector:])
    data += b"".join(sectors)
    assert cfb_stream_names(bytes(data))[-1] == "Workbook"
