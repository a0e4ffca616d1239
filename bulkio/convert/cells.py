"""How each carried cell is written so that it reads back as the source read: the value build_workbook writes
(text, a number, an ISO date as a date), then what it cannot know (a percentage's format, an account number typed
as a number)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from openpyxl.cell.cell import Cell

from bulkio.convert.model import CarriedCell
from bulkio.spec import EntitySpec, Kind
from bulkio.validate.numbers import Origin
from bulkio.workbook.cells import NUMBER_KINDS

_ISO_DATE_LENGTH = 10


def cell_value(spec: EntitySpec, key: str, cell: CarriedCell) -> object:
    """What build_workbook writes for a cell (template.write_value): text as text, numbers as numbers, an ISO date
    as a date; an account number stays text here (a typed one is made a number afterwards, type_cell)."""
    if cell.literal is not None:
        return cell.literal
    text = cell.text
    if text is None:
        return None
    kind = spec.column(key).kind
    if cell.origin is not Origin.TEXT and kind in NUMBER_KINDS:
        number = _number(text)
        return text if number is None else number
    if kind is Kind.DATE:
        return _iso_date(text) or text
    return text


def _number(text: str) -> int | float | None:
    """The reader's text of a typed number ("12.5", "401000") as the number it was: an int when whole (every
    digit kept), else the float whose 15 significant digits are that text. None for a text that is no number
    (never from the reader: written as text, the read-back check then names it)."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else float(text)


def _iso_date(text: str) -> date | None:
    """An ISO date the reader made of a date cell (or read as text): a date cell reads back the same text. Not
    before 1901: Excel's calendar of 1900 is not every reader's."""
    if len(text) != _ISO_DATE_LENGTH or text[4] != "-" or text[7] != "-":
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day.year > 1900 else None


def _percent_format(text: str) -> str:
    """A percentage format showing every decimal of the cell: 0.5 -> 0%, 0.335 -> 0.0%."""
    try:
        shown = (Decimal(text) * 100).normalize()
    except InvalidOperation:  # never the reader's text of a typed number: the read-back check names the cell
        return "0%"
    decimals = max(0, -shown.as_tuple().exponent)  # type: ignore[operator]
    return "0%" if decimals == 0 else f"0.{'0' * decimals}%"


def type_cell(target: Cell, spec: EntitySpec, key: str, cell: CarriedCell) -> None:
    """What write_value cannot know: a percentage's format, an account number typed as a number."""
    if cell.origin is Origin.PERCENT:
        target.number_format = _percent_format(cell.text)  # type: ignore[arg-type]
    elif spec.column(key).kind is Kind.ACCOUNT:  # 401.5 typed: the reader says it is no account, the same way
        number = _number(cell.text)  # type: ignore[arg-type]
        if number is not None:
            target.value = number
            target.data_type = "n"
            target.number_format = "General"
