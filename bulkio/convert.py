"""`bulkio convert`: whatever the reader takes (bulkio's template, another program's export, a CSV, a FEC) -> the
bulkio template filled with what it recognised, for the accountant to review and complete before importing.

    convert_source(source, output, ...) -> Conversion
      the output path      checked before anything is read or written (outputs.check_output): never the source
                           itself, an existing folder, not a folder, .xlsx; an existing file only with overwrite
      read and validate    read_workbook + validate_workbook, exactly as `import` reads (--only, --sheet, --map)
      carry the rows       each recognised sheet's rows, in the source's order, into its kind's template sheet
                           (template.build_workbook: the same sheets, dropdowns, comments and Aide sheet as
                           `bulkio template`; two source sheets of one kind follow each other on one sheet).
                           Left out, and listed: the rows the source would not import (hidden, the template's
                           example, a repeated header, a second table) and those whose problem a template cannot
                           hold (a merged cell, a formula never calculated, a header written twice), so that the
                           converted workbook never imports what the source would not
      type the cells       so that each reads back as the source read: text stays text ("0123", "10.000", Oui),
                           a number typed in the source is a number, a percentage keeps a percentage format, an
                           account number typed with decimals stays that number, an ISO date is a date, an error
                           value (#REF!) is written back as its text (the row stays blocked, for the same reason),
                           the template's "← Exemple" mark stays beside a partly typed-over example row
      Transformations      a sheet of its own (Changes in English) listing every value the reader built or
                           changed, every note (sheets read by headers alone, skipped, columns hidden), every
                           column not carried, every row left out (with its values) and every problem of the
                           source; a paragraph on the Aide sheet says what it is
      read back            the workbook is saved beside the output under a temporary name, read back and compared,
                           cell by cell, with what was meant (texts, and which cells are numbers or percentages);
                           only then is it renamed to the output. A difference is a bug of bulkio's: nothing is
                           written, and the one sentence says which cell

Nothing here prints, asks, or imports textual: the command line (cli/convert.py) drives it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.workbook import Workbook

from bulkio.errors import BulkioError
from bulkio.i18n import register, t
from bulkio.issues import Issue
from bulkio.outputs import XLSX, check_output
from bulkio.pipeline import gc_paused
from bulkio.spec import SPECS, EntitySpec, Kind, fold
from bulkio.validate import Validation, validate_workbook
from bulkio.validate.numbers import Origin
from bulkio.workbook.cells import NUMBER_KINDS
from bulkio.workbook.read import SheetData, WorkbookData, read_workbook
from bulkio.workbook.recognise import AUXILIARY_SHEET_KEYS, BY_HEADERS, BY_LAYOUT, BY_NAME, BY_OPTION
from bulkio.workbook.rows_not_imported import EXAMPLE_ROW_EDITED
from bulkio.workbook.source_options import SourceOptions
from bulkio.workbook.style import (
    HEADER_FONT,
    SECTION_FONT,
    TITLE_FONT,
    WRAP,
    printable,
    put,
    save_workbook,
    style_header,
    write_text,
)
from bulkio.workbook.template import EXAMPLE_FONT, EXAMPLE_MARKER, build_workbook

register(
    {
        "convert.sheet": {"fr": "Transformations", "en": "Changes"},
        "convert.title": {
            "fr": "Ce que bulkio convert a repris, laissé de côté ou transformé en lisant « {source} »",
            "en": "What bulkio convert carried over, left out or changed while reading '{source}'",
        },
        "convert.col.what": {"fr": "Quoi", "en": "What"},
        "convert.col.source_sheet": {"fr": "Feuille source", "en": "Source sheet"},
        "convert.col.source_row": {"fr": "Ligne source", "en": "Source row"},
        "convert.col.here": {"fr": "Dans ce classeur", "en": "In this workbook"},
        "convert.col.column": {"fr": "Colonne", "en": "Column"},
        "convert.col.before": {"fr": "Avant", "en": "Before"},
        "convert.col.after": {"fr": "Après", "en": "After"},
        "convert.col.code": {"fr": "Code", "en": "Code"},
        "convert.col.why": {"fr": "Pourquoi", "en": "Why"},
        "convert.what.sheet": {"fr": "Feuille reprise", "en": "Sheet carried over"},
        "convert.what.sheet_left_out": {"fr": "Feuille non reprise", "en": "Sheet not carried over"},
        "convert.what.column": {"fr": "Colonne renommée", "en": "Column renamed"},
        "convert.what.column_left_out": {"fr": "Colonne non reprise", "en": "Column not carried over"},
        "convert.what.change": {"fr": "Valeur transformée", "en": "Value changed"},
        "convert.what.note": {"fr": "Remarque", "en": "Note"},
        "convert.what.row_left_out": {"fr": "Ligne non reprise", "en": "Row not carried over"},
        "convert.what.problem": {"fr": "Problème", "en": "Problem"},
        "convert.here": {"fr": "« {sheet} » ligne {row}", "en": "'{sheet}' row {row}"},
        "convert.by.name": {"fr": "reconnue par son nom", "en": "recognised by its name"},
        "convert.by.headers": {"fr": "reconnue par ses seuls en-têtes", "en": "recognised by its headers alone"},
        "convert.by.option": {"fr": "désignée par --sheet ou --map", "en": "named by --sheet or --map"},
        "convert.by.fec": {"fr": "construite à partir des écritures du FEC", "en": "built from the FEC's entries"},
        "convert.by.layout": {"fr": "reconnue comme l'export d'un autre logiciel", "en": "recognised as another "
                              "program's export"},
        "convert.by.other": {"fr": "reconnue ({by})", "en": "recognised ({by})"},
        "convert.sheet_read": {
            "fr": "{by}, en-têtes ligne {header_row} : ses {rows} ligne(s) reprise(s) sur la feuille « {target} ».",
            "en": "{by}, headers on row {header_row}: its {rows} row(s) carried over to the sheet '{target}'.",
        },
        "convert.sheets_merged": {
            "fr": "la feuille « {target} » reprend, l'une après l'autre, les feuilles {sheets} de la source : "
            "les règles d'une feuille (une section par défaut par axe, des taux qui font 100 par clé) les jugent "
            "ensemble.",
            "en": "the sheet '{target}' holds, one after the other, the source's sheets {sheets}: the rules of a "
            "sheet (one default section per axis, rates adding up to 100 per key) judge them together.",
        },
        "convert.column_renamed": {
            "fr": "colonne « {source} » reprise sous l'en-tête du modèle « {target} ».",
            "en": "column '{source}' carried over under the template's header '{target}'.",
        },
        "convert.column_unknown": {
            "fr": "colonne qu'aucune colonne de bulkio ne reprend : ses valeurs ne sont pas reprises ; si elles "
            "doivent l'être, copiez-les dans la colonne du modèle qui convient (voir la feuille {help}).",
            "en": "a column no bulkio column takes: its values are not carried over; if they should be, copy them "
            "into the right column of the template (see the {help} sheet).",
        },
        "convert.fec_origin": {
            "fr": "où le FEC a pris chaque compte : non reprise ; chaque compte construit plutôt que lu est listé "
            "ici (Valeur transformée).",
            "en": "where the FEC gave each account: not carried over; each account built rather than read is "
            "listed here (Value changed).",
        },
        "convert.result_columns": {
            "fr": "colonnes de résultat d'une exécution précédente (Statut, Code erreur, Message, ID MyUnisoft…) : "
            "non reprises, le classeur converti est un modèle à importer.",
            "en": "result columns of an earlier run (Status, Error code, Message, MyUnisoft ID…): not carried "
            "over, the converted workbook is a template to import.",
        },
        "convert.sheet_auxiliary": {
            "fr": "feuille d'aide ou de listes de bulkio : non reprise, ce classeur a les siennes.",
            "en": "bulkio's help or lists sheet: not carried over, this workbook has its own.",
        },
        "convert.sheet_not_read": {
            "fr": "feuille non lue (vide, ou d'un type que --only écarte) : rien n'en est repris.",
            "en": "sheet not read (empty, or of a kind --only leaves out): nothing of it is carried over.",
        },
        "convert.row_not_imported": {
            "fr": "{message} Ligne non reprise : ses valeurs sont ci-contre ; recopiez-la si elle doit être importée.",
            "en": "{message} Row not carried over: its values are alongside; copy it in if it is to be imported.",
        },
        "convert.row_problem": {
            "fr": "l'import de la source bloquerait cette ligne ({code}) et un modèle ne peut pas garder ce "
            "problème : ligne non reprise, ses valeurs sont ci-contre ; corrigez la source et convertissez-la de "
            "nouveau, ou saisissez la ligne ici.",
            "en": "importing the source would block this row ({code}) and a template cannot keep that problem: "
            "row not carried over, its values are alongside; fix the source and convert it again, or type the "
            "row in here.",
        },
        "convert.text_cleaned": {
            "fr": "texte qu'une cellule Excel ne peut pas contenir tel quel (caractère de contrôle, ou plus de "
            "32 767 caractères) : écrit sans ces caractères, ou coupé.",
            "en": "text an Excel cell cannot hold as it is (a control character, or over 32,767 characters): "
            "written without those characters, or cut.",
        },
        "convert.help.title": {"fr": "Feuille « {sheet} »", "en": "Sheet '{sheet}'"},
        "convert.help.text": {
            "fr": "Ce classeur a été écrit par bulkio convert à partir de « {source} ». La feuille « {sheet} » "
            "liste tout ce que la conversion n'a pas repris tel quel : les feuilles et les colonnes de la source "
            "(reprises, renommées ou laissées de côté), chaque valeur transformée (avant, après, pourquoi), les "
            "remarques de lecture, les lignes non reprises avec leurs valeurs (masquées, ligne d'exemple, ligne "
            "dont le problème ne peut être recopié) et les problèmes de la source, que l'import signalera de "
            "nouveau. Elle n'est jamais importée. Relisez-la, complétez les feuilles de données, puis importez "
            "ce classeur : chaque ligne reprise donne le même plan que la ligne de la source.",
            "en": "This workbook was written by bulkio convert from '{source}'. The '{sheet}' sheet lists "
            "everything the conversion did not carry over as it was: the source's sheets and columns (carried "
            "over, renamed or left out), every value changed (before, after, why), the reading notes, the rows "
            "not carried over with their values (hidden, the example row, a row whose problem cannot be copied) "
            "and the source's problems, which the import will report again. It is never imported. Review it, "
            "complete the data sheets, then import this workbook: each row carried over plans exactly as the "
            "source's row does.",
        },
        "convert.readback": {
            "fr": "bulkio a relu le classeur converti et {where} ne se relit pas comme la source (attendu {expected}, "
            "relu {found}) : rien n'a été écrit ; c'est une erreur de bulkio, signalez-la.",
            "en": "bulkio read the converted workbook back and {where} does not read as the source did (expected "
            "{expected}, read {found}): nothing was written; this is a bug of bulkio's, please report it.",
        },
        "convert.readback.cell": {"fr": "la cellule {cell}", "en": "cell {cell}"},
        "convert.readback.rows": {"fr": "la feuille « {sheet} »", "en": "the sheet '{sheet}'"},
    }
)

# The categories of the Transformations sheet, in the order a sheet's lines are listed.
SHEET, SHEET_LEFT_OUT, COLUMN, COLUMN_LEFT_OUT, CHANGE, NOTE, ROW_LEFT_OUT, PROBLEM = (
    "sheet", "sheet_left_out", "column", "column_left_out", "change", "note", "row_left_out", "problem")
_ORDER = {what: position for position, what in enumerate(
    (SHEET, SHEET_LEFT_OUT, COLUMN, COLUMN_LEFT_OUT, NOTE, CHANGE, ROW_LEFT_OUT, PROBLEM))}
# Reader problems on a row that the converted workbook reproduces as they are (the row stays blocked, same code).
_KEPT_PROBLEMS = frozenset({"FORMULA_ERROR", EXAMPLE_ROW_EDITED})
_SHEET_WIDE = frozenset({"DUPLICATE_HEADER"})  # a reader problem that blocks every row of its sheet
_WIDTHS = (22, 24, 12, 22, 26, 30, 30, 24, 90)
_ISO_DATE_LENGTH = 10


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
class _Cell:
    text: str | None  # what the reader read (None: empty)
    origin: Origin = Origin.TEXT  # a number or a percentage in the file: written as one
    literal: str | None = None  # an error value (#REF!) the reader turned into None: written back as its text


@dataclass
class _Row:
    source: tuple[str, int]
    cells: dict[str, _Cell]
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


def default_output(source: Path) -> Path:
    """`plan.csv` -> `plan-bulkio.xlsx`, beside the source."""
    source = Path(source)
    return source.with_name(f"{source.stem}-bulkio.xlsx")


def convert_source(
    source: Path,
    output: Path | None = None,
    *,
    kinds: Collection[str] | None = None,
    sheet_map: Mapping[str, str] | None = None,
    options: SourceOptions | None = None,
    lang: str = "fr",
    overwrite: bool = False,
    option: str = "-o",
) -> Conversion:
    """Write the bulkio template filled with what `source` holds (never modified) to `output`.

    `kinds`: --only; `sheet_map`: --sheet; `options`: --map's (or a layout's) SourceOptions, passed to the reader
    as `import` passes them; `overwrite`: replace an existing `output`; `option`: the option naming `output` in the
    refusals. UsageError when the output cannot be written, InputError when the source cannot be read."""
    source = Path(source)
    wanted = output if output is not None else default_output(source)
    check_output(wanted, input_path=source, suffixes=XLSX, option=option, given=output is not None,
                 default_name=default_output(source).name, replace=overwrite)
    with gc_paused():
        data = read_workbook(source, kinds, sheet_map=sheet_map, source=options)
        validation = validate_workbook(data)
    specs = _specs_written(data, kinds)
    carried, left_out = _carry(data)
    conversion = Conversion(source, Path(wanted), lang, validation, {}, left_out, [])
    sheets: list[tuple[EntitySpec, list[_Row]]] = []
    for spec in specs:
        rows = [row for sheet in data.sheets if sheet.spec is spec for row in carried[sheet.name]]
        target = spec.sheet_name(lang)
        for number, row in enumerate(rows, start=2):
            conversion.rows[row.source] = (target, number)
        conversion.sheets[target] = len(rows)
        sheets.append((spec, rows))
    conversion.lines = _lines(data, validation, conversion, carried)
    workbook, expected = _build(sheets, conversion)
    _save_checked(workbook, Path(wanted), expected, [spec.kind for spec in specs])
    return conversion


def _specs_written(data: WorkbookData, kinds: Collection[str] | None) -> list[EntitySpec]:
    """The kinds read, and those --only asks for (an empty sheet to complete), in the template's order."""
    wanted = {sheet.spec.kind for sheet in data.sheets}
    if kinds is not None:
        wanted |= {spec.kind for spec in SPECS.values() if any(fold(kind) in spec.sheet_keys for kind in kinds)}
    return [spec for spec in SPECS.values() if spec.kind in wanted]


# --- which rows travel, and how each cell is written ---


def _carry(data: WorkbookData) -> tuple[dict[str, list[_Row]], dict[tuple[str, int], Issue]]:
    """Each sheet's rows to write, in its order, each with its filled cells only; and the rows left out with why."""
    carried: dict[str, list[_Row]] = {}
    left_out: dict[tuple[str, int], Issue] = {}
    for sheet in data.sheets:
        problems = _row_problems(data.issues, sheet)
        keys = {header: key for key, header in sheet.headers.items()}
        columns = [(key, sheet.frame[key].tolist(), sheet.number_cells.get(key), sheet.percent_cells.get(key, ()))
                   for key in sheet.frame.columns]
        rows: list[_Row] = []
        for position, excel_row in enumerate(sheet.frame.index.tolist()):
            if excel_row in sheet.not_imported:
                left_out[sheet.name, excel_row] = sheet.not_imported[excel_row]
                continue
            found = problems.get(excel_row, [])
            lost = next((issue for issue in found if issue.code not in _KEPT_PROBLEMS or (
                issue.code == "FORMULA_ERROR" and not (issue.value and issue.column in keys))), None)
            if lost is not None:
                left_out[sheet.name, excel_row] = lost
                continue
            cells: dict[str, _Cell] = {}
            for key, texts, numbers, percents in columns:
                text = texts[position]
                if text is not None:
                    origin = Origin.TEXT if not numbers or excel_row not in numbers else \
                        Origin.PERCENT if excel_row in percents else Origin.NUMBER
                    cells[key] = _Cell(text, origin)
            for issue in found:
                if issue.code == "FORMULA_ERROR":
                    cells[keys[issue.column]] = _Cell(None, literal=issue.value)  # type: ignore[index]
            rows.append(_Row((sheet.name, excel_row), cells,
                             marked=any(issue.code == EXAMPLE_ROW_EDITED for issue in found)))
        carried[sheet.name] = rows
    return carried, left_out


def _row_problems(issues: Sequence[Issue], sheet: SheetData) -> dict[int, list[Issue]]:
    """The reader's problems on the sheet's rows; one blocking the whole sheet counts on each of them."""
    found: dict[int, list[Issue]] = {}
    wide = [issue for issue in issues if issue.sheet == sheet.name and issue.code in _SHEET_WIDE]
    for issue in issues:
        if issue.sheet == sheet.name and issue.row is not None and issue.code not in _SHEET_WIDE:
            found.setdefault(issue.row, []).append(issue)
    if wide:
        for row in sheet.frame.index.tolist():
            found.setdefault(row, []).extend(wide)
    return found


def _value(spec: EntitySpec, key: str, cell: _Cell) -> object:
    """What build_workbook writes for a cell (template.write_value): text as text, numbers as numbers, an ISO date
    as a date; an account number stays text here (a typed one is made a number afterwards, _type_cells)."""
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


# --- the workbook ---


def _build(sheets: list[tuple[EntitySpec, list[_Row]]], conversion: Conversion) -> tuple[Workbook, _Expected]:
    """The template (build_workbook) with the rows, the cells typed, the Transformations sheet and the Aide's
    paragraph; and what each written cell must read back as."""
    lang = conversion.lang
    values = [(spec, [{key: _value(spec, key, cell) for key, cell in row.cells.items()} for row in rows])
              for spec, rows in sheets]
    workbook = build_workbook(values, lang)
    expected: _Expected = {}
    for spec, rows in sheets:
        name = spec.sheet_name(lang)
        worksheet = workbook[name]
        positions = {column.key: position for position, column in enumerate(spec.columns, start=1)}
        typed = {key for key in positions if spec.column(key).kind in NUMBER_KINDS or
                 spec.column(key).kind is Kind.ACCOUNT}
        for number, row in enumerate(rows, start=2):
            cells: dict[str, tuple[str, Origin]] = {}
            for key, cell in row.cells.items():
                if cell.literal is not None:  # an error value reads as no value (and as its problem)
                    continue
                if cell.origin is not Origin.TEXT:
                    _type_cell(worksheet.cell(row=number, column=positions[key]), spec, key, cell)
                text = cell.text if cell.origin is not Origin.TEXT else printable(cell.text)  # type: ignore[arg-type]
                if text:
                    cells[key] = (text, cell.origin if key in typed else Origin.TEXT)
            if row.marked:
                marker = worksheet.cell(row=number, column=len(spec.columns) + 1)
                write_text(marker, EXAMPLE_MARKER[lang])
                marker.font = EXAMPLE_FONT
            expected[name, number] = cells
    _add_changes_sheet(workbook, conversion)
    _add_help(workbook, conversion)
    return workbook, expected


def _type_cell(target: Cell, spec: EntitySpec, key: str, cell: _Cell) -> None:
    """What write_value cannot know: a percentage's format, an account number typed as a number."""
    if cell.origin is Origin.PERCENT:
        target.number_format = _percent_format(cell.text)  # type: ignore[arg-type]
    elif spec.column(key).kind is Kind.ACCOUNT:  # 401.5 typed: the reader says it is no account, the same way
        number = _number(cell.text)  # type: ignore[arg-type]
        if number is not None:
            target.value = number
            target.data_type = "n"
            target.number_format = "General"


# (sheet, row) -> column key -> (text, origin) of each filled cell, as it must read back
_Expected = dict[tuple[str, int], dict[str, tuple[str, Origin]]]


def _save_checked(workbook: Workbook, output: Path, expected: _Expected, kinds: list[str]) -> None:
    """Save beside `output`, read back, compare, then rename: a workbook that would not read as the source did is
    never left at `output` (nor is one half written)."""
    temp = output.with_name(f".{output.stem}.{uuid.uuid4().hex[:8]}.convert{output.suffix}")
    try:
        save_workbook(workbook, temp)
        _compare(read_workbook(temp, kinds), expected)
        os.replace(temp, output)
    except OSError as error:
        raise BulkioError(t("workbook.write_failed", path=output, reason=error.strerror or error)) from error
    finally:
        temp.unlink(missing_ok=True)


def _compare(back: WorkbookData, expected: _Expected) -> None:
    """Every written row reads back as meant: the same rows, the same filled cells, each with its text and what it
    was in the file (a number, a percentage). Column by column: a sheet of 100,000 rows has millions of cells."""
    found: _Expected = {}
    for sheet in back.sheets:
        rows = sheet.frame.index.tolist()
        for row in rows:
            found[sheet.name, row] = {}
        for key in sheet.frame.columns:
            numbers, percents = sheet.number_cells.get(key, ()), sheet.percent_cells.get(key, ())
            for row, text in zip(rows, sheet.frame[key].tolist(), strict=True):
                if text is not None:
                    origin = Origin.PERCENT if row in percents else Origin.NUMBER if row in numbers else Origin.TEXT
                    found[sheet.name, row][key] = (text, origin)
    for (sheet_name, row), cells in expected.items():
        read = found.pop((sheet_name, row), {})
        if read == cells:
            continue
        key = next(key for key in [*cells, *read] if cells.get(key) != read.get(key))
        raise BulkioError(t("convert.readback", where=t("convert.readback.cell", cell=f"{sheet_name}!{key}{row}"),
                            expected=_shown(cells.get(key)), found=_shown(read.get(key))))
    if found:
        (sheet_name, row), _cells = next(iter(found.items()))
        raise BulkioError(t("convert.readback", where=t("convert.readback.rows", sheet=sheet_name),
                            expected="—", found=f"{sheet_name}!{row}"))


def _shown(cell: tuple[str, Origin] | None) -> str:
    return "—" if cell is None else f"{cell[0]!r} ({cell[1].name.lower()})"


# --- the Transformations sheet ---


def _lines(
    data: WorkbookData, validation: Validation, conversion: Conversion, carried: Mapping[str, list[_Row]]
) -> list[Line]:
    """Every line of the Transformations sheet, sheet by sheet in the source's order, then row by row."""
    lang = conversion.lang
    here = conversion.rows
    lines: list[Line] = []
    by_kind: dict[str, list[SheetData]] = {}
    for sheet in data.sheets:
        by_kind.setdefault(sheet.spec.kind, []).append(sheet)
    for sheet in data.sheets:
        target = sheet.spec.sheet_name(lang)
        lines.append(Line(SHEET, sheet.name, None, None, sheet.name, target, "SHEET_READ", t(
            "convert.sheet_read", lang, by=_by(sheet.recognised_by, data.format, lang), header_row=sheet.header_row,
            rows=len(carried[sheet.name]), target=target)))
        same_kind = by_kind[sheet.spec.kind]
        if len(same_kind) > 1 and sheet is same_kind[0]:
            names = ", ".join(f"« {s.name} »" if lang == "fr" else f"'{s.name}'" for s in same_kind)
            lines.append(Line(SHEET, sheet.name, None, None, None, target, "SHEETS_MERGED",
                              t("convert.sheets_merged", lang, target=target, sheets=names)))
        for key, header in sheet.headers.items():
            wanted = sheet.spec.column(key).header(lang)
            if header != wanted:
                lines.append(Line(COLUMN, sheet.name, sheet.header_row, header, header, wanted, "COLUMN_RENAMED",
                                  t("convert.column_renamed", lang, source=header, target=wanted)))
        help_name = t("workbook.help.sheet", lang)
        unknown = t("convert.fec_origin", lang) if data.format == "fec" else \
            t("convert.column_unknown", lang, help=help_name)
        for header in sheet.extra_headers:
            lines.append(Line(COLUMN_LEFT_OUT, sheet.name, sheet.header_row, header, None, None, "COLUMN_NOT_READ",
                              unknown))
        if sheet.has_result_columns:
            lines.append(Line(COLUMN_LEFT_OUT, sheet.name, sheet.header_row, None, None, None, "RESULT_COLUMNS",
                              t("convert.result_columns", lang)))
    said = {(note.sheet, note.row) for note in [*data.notes, *data.issues]}
    for name in data.ignored_sheets:
        if (name, None) in said:
            continue
        key = "convert.sheet_auxiliary" if fold(name) in AUXILIARY_SHEET_KEYS else "convert.sheet_not_read"
        lines.append(Line(SHEET_LEFT_OUT, name, None, None, name, None, "SHEET_NOT_READ", t(key, lang)))
    for note in data.notes:
        lines.append(Line(NOTE, note.sheet, note.row, note.column, note.value, None, note.code, note.message,
                          here.get((note.sheet, note.row)) if note.row is not None else None))
    for change in data.changes:
        column = change.column
        sheet = next((s for s in data.sheets if s.name == change.sheet), None)
        if sheet is not None and column is not None and column in {c.key for c in sheet.spec.columns}:
            column = sheet.spec.column(column).header(lang)
        where = here.get((change.sheet, change.row)) if change.row is not None else None
        lines.append(Line(CHANGE, change.sheet, change.row, column, change.before, change.after, "CHANGE",
                          change.why, where))
    for (sheet_name, row), issue in conversion.left_out.items():
        sheet = next(s for s in data.sheets if s.name == sheet_name)
        values = _row_values(sheet, row)
        if row in sheet.not_imported:
            why = t("convert.row_not_imported", lang, message=issue.message)
        else:
            why = t("convert.row_problem", lang, code=issue.code)
        lines.append(Line(ROW_LEFT_OUT, sheet_name, row, None, values, None, issue.code, why))
    for sheet in data.sheets:
        for row in carried[sheet.name]:
            for key, cell in row.cells.items():
                if cell.text is not None and cell.literal is None and cell.origin is Origin.TEXT and \
                        printable(cell.text) != cell.text:
                    lines.append(Line(CHANGE, sheet.name, row.source[1], sheet.headers.get(key, key), cell.text,
                                      printable(cell.text), "TEXT_CLEANED", t("convert.text_cleaned", lang),
                                      here.get(row.source)))
    for issue in validation.issues:
        where = here.get((issue.sheet, issue.row)) if issue.row is not None else None
        lines.append(Line(PROBLEM, issue.sheet, issue.row, issue.column, issue.value, None, issue.code,
                          issue.message, where))
    order = {name: position for position, name in enumerate(
        dict.fromkeys([*(sheet.name for sheet in data.sheets), *data.ignored_sheets]))}
    return sorted(lines, key=lambda line: (order.get(line.sheet or "", len(order)), line.row or 0,
                                           _ORDER[line.what]))


def _by(recognised_by: str, fmt: str, lang: str) -> str:
    if fmt == "fec":
        return t("convert.by.fec", lang)
    known = {BY_NAME: "convert.by.name", BY_HEADERS: "convert.by.headers", BY_OPTION: "convert.by.option",
             BY_LAYOUT: "convert.by.layout"}
    key = known.get(recognised_by)
    return t(key, lang) if key else t("convert.by.other", lang, by=recognised_by)


def _row_values(sheet: SheetData, row: int) -> str:
    """A row left out, as text: each filled cell under the source's header."""
    texts = sheet.frame.loc[row].to_dict()
    return " ; ".join(f"{sheet.headers[key]} = {text}" for key, text in texts.items() if text is not None)


def _add_changes_sheet(workbook: Workbook, conversion: Conversion) -> None:
    """After the Aide sheet, before the hidden lists: a title, the table, frozen under its header, filtered."""
    lang = conversion.lang
    help_index = workbook.sheetnames.index(t("workbook.help.sheet", lang))
    sheet = workbook.create_sheet(conversion.sheet_name, help_index + 1)
    put(sheet, 1, 1, t("convert.title", lang, source=conversion.source.name), TITLE_FONT)
    headers = ("what", "source_sheet", "source_row", "here", "column", "before", "after", "code", "why")
    for position, (key, width) in enumerate(zip(headers, _WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=3, column=position)
        write_text(cell, t(f"convert.col.{key}", lang))
        style_header(cell)
        sheet.column_dimensions[cell.column_letter].width = width
    for number, line in enumerate(conversion.lines, start=4):
        where = t("convert.here", lang, sheet=line.here[0], row=line.here[1]) if line.here else None
        values = (t(f"convert.what.{line.what}", lang), line.sheet, line.row, where, line.column, line.before,
                  line.after, line.code, line.why)
        for position, value in enumerate(values, start=1):
            if value is not None and value != "":
                put(sheet, number, position, value)
        sheet.cell(row=number, column=9).alignment = WRAP
        if line.what in (ROW_LEFT_OUT, PROBLEM, COLUMN_LEFT_OUT, SHEET_LEFT_OUT):
            sheet.cell(row=number, column=1).font = _STRONG
    last = 3 + len(conversion.lines)
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:I{last}"


_STRONG = Font(bold=True, color=HEADER_FONT.color)


def _add_help(workbook: Workbook, conversion: Conversion) -> None:
    """The Aide sheet's paragraph on the Transformations sheet, after the template's own help."""
    lang = conversion.lang
    sheet = workbook[t("workbook.help.sheet", lang)]
    row = sheet.max_row + 2
    put(sheet, row, 1, t("convert.help.title", lang, sheet=conversion.sheet_name), SECTION_FONT)
    row += 1
    text = t("convert.help.text", lang, source=conversion.source.name, sheet=conversion.sheet_name)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    put(sheet, row, 1, text)
    sheet.cell(row=row, column=1).alignment = WRAP
    sheet.row_dimensions[row].height = 15 * (len(text) // 150 + 1)
