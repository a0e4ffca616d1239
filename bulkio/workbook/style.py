"""Shared by every workbook bulkio writes: the look of headers, safe cell writing, and saving.

Safe writing: openpyxl writes any text starting with "=" as a live formula. A value from MyUnisoft or
from an error message must never become one (formula injection), so text goes through `write_text`,
which stores it as a plain string with Excel's quote prefix.
"""

from __future__ import annotations

import os
import re
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from bulkio.errors import BulkioError
from bulkio.i18n import t, yes_no
from bulkio.spec import CLEAR, CLEAR_MARKERS, Column, Kind
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)

TEXT_FORMAT = "@"
AUTHOR = "bulkio"
FIXED_TIME = datetime(2024, 1, 1)  # template properties and zip entries: identical bytes run after run
HEADER_FONT = Font(bold=True, color="FF1F3864")
HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FFBDD7EE")
RESULT_HEADER_FILL = PatternFill("solid", fgColor="FFE2EFDA")
ERROR_FILL = PatternFill("solid", fgColor="FFFFC7CE")  # light red: rows in error in a result workbook
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")

# Excel evaluates (or offers to evaluate) a cell typed with one of these first characters.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_767  # Excel's limit for the text of one cell
_UNWRITABLE = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff\ufffe\uffff]")


def write_text(cell: Cell, text: str) -> None:
    """Store `text` as a literal string, never as a formula nor an error value, whatever it holds: openpyxl types
    "=..." a formula and "#N/A" (any error literal) an error cell, which would read back as no value at all."""
    text = printable(text)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True


def put(sheet: Worksheet, row: int, column: int, value: object, font: Font | None = None) -> None:
    """A report cell: text through write_text, anything else as it is, in `font` if given."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        write_text(cell, value)
    else:
        cell.value = value
    if font is not None:
        cell.font = font


def printable(text: str) -> str:
    """`text` as a cell can hold it: without the control characters and lone surrogates a worksheet refuses (live
    data or an API message may carry one), and cut to Excel's 32,767 characters."""
    text = _UNWRITABLE.sub("", text)
    return text if len(text) <= MAX_CELL_TEXT else text[:MAX_CELL_TEXT - 1] + "…"


def first_sheet(workbook: Workbook, title: str) -> Worksheet:
    """A new sheet in front of the others, the one the workbook opens on (a Résumé)."""
    sheet = workbook.create_sheet(title, 0)
    workbook.active = 0
    for other in workbook.worksheets[1:]:
        other.sheet_view.tabSelected = False
    return sheet


def write_value(cell: Cell, value: object, column: Column, lang: str) -> None:
    """A data value as the template shows it: Oui/Non for booleans, text for account numbers."""
    if value is None:
        return
    if value is CLEAR:
        write_text(cell, CLEAR_MARKERS[1 if lang == "en" else 0])
    elif isinstance(value, bool):
        write_text(cell, yes_no(value, lang))
    elif column.kind is Kind.ACCOUNT:
        write_text(cell, _account_text(value))
        cell.number_format = TEXT_FORMAT
    elif isinstance(value, (int, float)):
        cell.value = value
    elif isinstance(value, (date, datetime)):
        cell.value = value
        cell.number_format = "yyyy-mm-dd" if lang == "en" else "dd/mm/yyyy"
    else:
        write_text(cell, str(value))


def _account_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def style_header(cell: Cell, required: bool = False) -> None:
    cell.font = HEADER_FONT
    cell.fill = REQUIRED_FILL if required else HEADER_FILL
    cell.alignment = Alignment(vertical="center", wrap_text=True)


def header_comment(column: Column, lang: str) -> Comment:
    text = column.help(lang)
    if column.required:
        text = f"{text}\n{t('workbook.required', lang)}" if text else t("workbook.required", lang)
    comment = Comment(text, AUTHOR)
    comment.width = 300
    comment.height = 40 + 16 * (len(text) // 45 + 1)
    return comment


def save_workbook(workbook: Workbook, path: Path, deterministic: bool = False) -> None:
    """Write through a temporary file then rename: never a half-written file under `path`.

    `deterministic` fixes the document dates and the zip entry times, so that the same content gives
    the same bytes (committed templates).
    """
    path = Path(path)
    if deterministic:
        workbook.properties.creator = AUTHOR
        workbook.properties.lastModifiedBy = AUTHOR
        workbook.properties.created = FIXED_TIME
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)  # openpyxl stores naive UTC
    workbook.properties.modified = FIXED_TIME if deterministic else now
    write_zip(path, lambda archive: ExcelWriter(workbook, archive).write_data(),
              _fix_zip_times if deterministic else None)


def write_zip(path: Path, fill: Callable[[zipfile.ZipFile], None],
              then: Callable[[Path], None] | None = None) -> None:
    """A zip written by `fill` through a temporary file, then renamed: never a half-written file at `path`."""
    path = Path(path)
    try:
        temp = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.tmp{path.suffix}")  # created with the umask
        try:
            with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                fill(archive)
            if then is not None:
                then(temp)
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)
    except OSError as exc:
        raise BulkioError(t("workbook.write_failed", path=path, reason=exc.strerror or exc)) from exc


def _fix_zip_times(path: Path) -> None:
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
