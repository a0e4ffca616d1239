"""Raw grids of cells, one per sheet, whatever the file format; row i of a grid is Excel row i + 1.

Spreadsheets go through python-calamine (the fastest reader measured, design §6), always with
`skip_empty_area=False` so that leading empty rows and columns keep Excel's numbering. A .csv is one
grid named after the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import python_calamine

from bulkio.errors import InputError
from bulkio.i18n import t
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)

Grid = list[list[object]]


class RawSheet(Protocol):
    name: str

    def head(self, nrows: int) -> Grid:
        """The first rows, enough to find the header row."""
        ...

    def grid(self) -> Grid:
        """Every row, from Excel row 1."""
        ...


class _CalamineSheet:
    def __init__(self, workbook: python_calamine.CalamineWorkbook, name: str, path: Path) -> None:
        self.name = name
        self._workbook = workbook
        self._path = path
        self._sheet: python_calamine.CalamineSheet | None = None

    def _load(self) -> python_calamine.CalamineSheet:
        if self._sheet is None:
            with _calamine_errors(self._path):
                self._sheet = self._workbook.get_sheet_by_name(self.name)
        return self._sheet

    def head(self, nrows: int) -> Grid:
        with _calamine_errors(self._path):
            return self._load().to_python(skip_empty_area=False, nrows=nrows)  # type: ignore[return-value]

    def grid(self) -> Grid:
        with _calamine_errors(self._path):
            return self._load().to_python(skip_empty_area=False)  # type: ignore[return-value]


@dataclass
class _CsvSheet:
    name: str
    rows: Grid = field(default_factory=list)

    def head(self, nrows: int) -> Grid:
        return self.rows[:nrows]

    def grid(self) -> Grid:
        return self.rows


@contextmanager
def _calamine_errors(path: Path) -> Iterator[None]:
    """calamine's exceptions -> one sentence for the user."""
    try:
        yield
    except python_calamine.PasswordError as exc:
        raise InputError(t("workbook.encrypted", path=path)) from exc
    except python_calamine.WorksheetNotFound:
        raise
    except (python_calamine.CalamineError, ValueError, OSError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise InputError(t("workbook.damaged", path=path, reason=reason)) from exc


def open_spreadsheet(path: Path) -> list[RawSheet]:
    """The worksheets of an xlsx/xlsm/xls/ods, in workbook order (chart sheets and the like left out)."""
    with _calamine_errors(path):
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
    return [_CalamineSheet(workbook, name, path) for name in names]


def open_csv(path: Path) -> list[RawSheet]:
    text = decode_text(path.read_bytes())
    delimiter = sniff_delimiter(text)
    rows: Grid = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return [_CsvSheet(path.stem, rows)]


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (what French Excel writes), else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """';' (French Excel), ',' or tab: the one that splits the first non-empty line (the headers) the most.

    The header line rarely holds a quoted delimiter, unlike data lines ("DUPONT, SARL"). ';' wins a tie.
    """
    first_line = next((line for line in text.splitlines() if line.strip()), "")

    def fields(delimiter: str) -> int:
        return len(next(csv.reader([first_line], delimiter=delimiter), []))

    return max((";", ",", "\t"), key=fields)
