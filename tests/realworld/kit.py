"""Shorthands shared by the case modules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.realworld.build import Sheet, xlsx
from tests.realworld.model import CREATED, ERROR, SKIPPED, UNCHANGED, UPDATED, Row, rows

HEAD = ["N° de compte", "Libellé"]

# A small chart a user types: what the dossier must hold afterwards, in stored form.
SMALL = [("401000", "Fournisseurs"), ("411000", "Clients"), ("512000", "Banque"), ("607000", "Achats de marchandises")]


def chart(path: Path, lines: Sequence[Sequence[object]], sheet: str = "Comptes", head: Sequence[str] = HEAD,
          **kw: Any) -> Path:
    """A one-sheet workbook: the header on row 1, then the lines."""
    return xlsx(path, Sheet(sheet, [list(head), *map(list, lines)], **kw))


def created(sheet: str, *numbers: int) -> dict[tuple[str, int], Row]:
    return rows(sheet, CREATED, *numbers)


def updated(sheet: str, *numbers: int) -> dict[tuple[str, int], Row]:
    return rows(sheet, UPDATED, *numbers)


def unchanged(sheet: str, *numbers: int) -> dict[tuple[str, int], Row]:
    return rows(sheet, UNCHANGED, *numbers)


def error(sheet: str, number: int, code: str | frozenset[str], *says: str) -> dict[tuple[str, int], Row]:
    return rows(sheet, ERROR, number, code=code, says=says)


def duplicate(sheet: str, number: int, *says: str) -> dict[tuple[str, int], Row]:
    """A later row of a record already in the workbook: DUPLICATE naming the earlier row."""
    return rows(sheet, ERROR, number, code="DUPLICATE", says=says)


def hidden(sheet: str, *numbers: int) -> dict[tuple[str, int], Row]:
    return rows(sheet, SKIPPED, *numbers, code="HIDDEN_ROW")


def example(sheet: str, *numbers: int) -> dict[tuple[str, int], Row]:
    return rows(sheet, SKIPPED, *numbers, code="EXAMPLE_ROW")


def either(*codes: str) -> frozenset[str]:
    return frozenset(codes)
