"""Raw grids of cells, one per sheet, whatever the file format; row i of a grid is Excel row i + 1.

Spreadsheets go through python-calamine (the fastest reader measured, design §6), always with
`skip_empty_area=False` so that leading empty rows and columns keep Excel's numbering. A .csv is one
grid named after the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import python_calamine

from bulkio.errors import InputError
from bulkio.i18n import t
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)
from bulkio.workbook.guard import check_grid

Grid = list[list[object]]


VISIBLE, HIDDEN, VERY_HIDDEN = "visible", "hidden", "very_hidden"


class RawSheet(Protocol):
    name: str
    visibility: str  # VISIBLE, HIDDEN or VERY_HIDDEN

    def head(self, nrows: int) -> Grid:
        """The first rows, enough to find the header row."""
        ...

    def grid(self) -> Grid:
        """Every row, from Excel row 1."""
        ...


class _CalamineSheet:
    def __init__(
        self, workbook: python_calamine.CalamineWorkbook, name: str, path: Path, visibility: str = VISIBLE
    ) -> None:
        self.name = name
        self.visibility = visibility
        self._workbook = workbook
        self._path = path
        self._sheet: python_calamine.CalamineSheet | None = None

    def _load(self) -> python_calamine.CalamineSheet:
        if self._sheet is None:
            with _calamine_errors(self._path):
                sheet = self._workbook.get_sheet_by_name(self.name)
            end = sheet.end
            if end is not None:  # the grid is built from A1: refuse it before it is turned into Python lists
                check_grid(self.name, end[0], end[1])
            self._sheet = sheet
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
    visibility: str = VISIBLE

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
        raise InputError(t("workbook.damaged", path=path, reason=_reason(exc))) from exc
    except BaseException as exc:  # a panic in the Rust code (pyo3's PanicException derives from BaseException)
        if type(exc).__name__ != "PanicException":
            raise
        raise InputError(t("workbook.damaged", path=path, reason=_reason(exc))) from None


def _reason(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0][:120] if text.strip() else type(exc).__name__


def _visibility(meta: python_calamine.SheetMetadata) -> str:
    if meta.visible == python_calamine.SheetVisibleEnum.Hidden:
        return HIDDEN
    if meta.visible == python_calamine.SheetVisibleEnum.VeryHidden:
        return VERY_HIDDEN
    return VISIBLE


def open_spreadsheet(path: Path) -> list[RawSheet]:
    """The worksheets of an xlsx/xlsm/xls/ods, in workbook order (chart sheets and the like left out)."""
    with _calamine_errors(path):
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        found = [
            (meta.name, _visibility(meta))
            for meta in workbook.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
    return [_CalamineSheet(workbook, name, path, visibility) for name, visibility in found]


def open_csv(path: Path) -> list[RawSheet]:
    text = decode_text(path.read_bytes())
    delimiter = sniff_delimiter(text)
    return [_CsvSheet(path.stem, _csv_rows(path, text, delimiter))]


def _csv_rows(path: Path, text: str, delimiter: str) -> Grid:
    """Every record; a quote never closed, which would swallow the rest of the file into one cell, is refused."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: Grid = []
    start = last_start = 1  # the lines the next record and the last one start on
    try:
        for row in reader:
            rows.append(row)
            last_start, start = start, reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(t("workbook.csv_field_too_long", path=path, line=start,
                               limit=f"{csv.field_size_limit():,}".replace(",", "\u202f"))) from None
        raise InputError(t("workbook.csv_error", path=path, line=reader.line_num, reason=exc)) from None
    if reader.line_num > last_start and _ends_inside_quotes(text, last_start, delimiter):
        raise InputError(t("workbook.csv_unclosed_quote", path=path, line=last_start))
    return rows


def _ends_inside_quotes(text: str, line: int, delimiter: str) -> bool:
    """Whether the record starting on `line` runs to the end of the text inside a quoted cell (the strict
    reader then says "unexpected end of data")."""
    offset = 0
    for number, found in enumerate(re.finditer(r"\r\n|\r|\n", text), start=2):
        if number > line:
            break
        offset = found.end()
    try:
        for _row in csv.reader(io.StringIO(text[offset:], newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's "Unicode text"), else the 8-bit encoding whose
    reading looks most like French: Windows-1252 (what French Excel writes) or Mac Roman (Excel for Mac's
    "CSV (Macintosh)"), else Latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    readings = []
    for encoding in ("cp1252", "mac_roman"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = sum(map(text.count, _FRENCH_LETTERS)) - 4 * sum(map(text.count, _UNLIKELY))
        if encoding == "cp1252" or score > 0:  # Mac Roman decodes any bytes: only when it reads like French
            readings.append((score, text))
    if readings:
        return max(readings, key=lambda reading: reading[0])[1]  # cp1252 first: it wins a tie
    return data.decode("latin-1")


# Letters a French file is full of, and characters one almost never holds: how a Mac Roman file read as
# Windows-1252 ("LibellÈ", "Ä") or the reverse ("Libell√©") is told from the right reading.
_FRENCH_LETTERS = tuple("éèêàâçôûùîïëÉÀÇœ«»’°€")
_UNLIKELY = tuple("ÈËÁ‡ŽˆÄÅÆÌÍÎÏÒÓÔÕÖØÙÚÛÜÝÞßãåæìíðñòóõöøúüýþÿ√∫≈∆¬")


def sniff_delimiter(text: str) -> str:
    """';' (French Excel), ',' or tab: the one that splits the first lines into the most rows of one width.

    Not the first line alone: a title above the header ("Plan comptable au 31/12/2024") splits no way. A label
    holding the other separator ("DUPONT, SARL" in a ';' file) makes rows of uneven width. ';' wins a tie.
    """
    lines = [line for line in text.splitlines()[:200] if line.strip()][:30]

    def score(delimiter: str) -> tuple[int, int]:
        widths: Counter[int] = Counter()
        try:
            for row in csv.reader(lines, delimiter=delimiter):
                widths[len(row)] += 1
        except csv.Error:  # a cell past the field limit: the reading proper says where
            pass
        return max(((rows, width) for width, rows in widths.items() if width > 1), default=(0, 0))

    return max((";", ",", "\t"), key=score)
