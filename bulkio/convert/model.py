"""What a conversion is made of: the carried rows and cells, the lines of the Transformations sheet (and their
categories), and the Conversion it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bulkio.convert import texts  # noqa: F401  (registers the convert.* texts Conversion.sheet_name says)
from bulkio.i18n import t
from bulkio.issues import Issue
from bulkio.validate import Validation
from bulkio.validate.numbers import Origin

# The categories of the Transformations sheet's lines (changes.py lists a sheet's lines in this order).
SHEET, SHEET_LEFT_OUT, COLUMN, COLUMN_LEFT_OUT, CHANGE, NOTE, ROW_LEFT_OUT, PROBLEM = (
    "sheet", "sheet_left_out", "column", "column_left_out", "change", "note", "row_left_out", "problem")


@dataclass(frozen=True)
class Line:
    """One line of the Transformations sheet."""

    what: str  # SHEET, COLUMN, CHANGE, NOTE, ROW_LEFT_OUT, PROBLEM...
    sheet: str | None  # the sheet as the reader named it (a source sheet, or a FEC's derived sheet)
    row: int | None  # its row there
    column: str | None
    before: str | None
    after: str | None
    code: str
    why: str
    here: tuple[str, int] | None = None  # (sheet, row) in the converted workbook


@dataclass(frozen=True)
class CarriedCell:
    """A cell of a row carried over, as the reader read it (or an error value to write back)."""

    text: str | None  # what the reader read (None: empty)
    origin: Origin = Origin.TEXT  # a number or a percentage in the file: written as one
    literal: str | None = None  # an error value (#REF!) the reader turned into None: written back as its text


@dataclass
class CarriedRow:
    """A source row carried over: where it comes from and its filled cells."""

    source: tuple[str, int]
    cells: dict[str, CarriedCell]
    marked: bool = False  # a partly typed-over example row: the template's mark stays beside it


@dataclass
class Conversion:
    source: Path
    output: Path
    lang: str
    validation: Validation
    # (source sheet, source row) -> (sheet, row) in the converted workbook, for every row carried over
    rows: dict[tuple[str, int], tuple[str, int]]
    # (source sheet, source row) -> why it was not carried over
    left_out: dict[tuple[str, int], Issue]
    lines: list[Line]
    sheets: dict[str, int] = field(default_factory=dict)  # converted sheet -> rows written

    @property
    def problems(self) -> list[Issue]:
        return self.validation.issues

    @property
    def sheet_name(self) -> str:
        return t("convert.sheet", self.lang)
