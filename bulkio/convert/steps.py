"""`convert_source`, the conversion's steps in order: check the output, read and validate the source, carry the
rows, list the transformations, build the workbook, save it checked by a read-back."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from bulkio.convert.build import build
from bulkio.convert.carry import carry
from bulkio.convert.changes import transformation_lines
from bulkio.convert.model import CarriedRow, Conversion
from bulkio.convert.readback import save_checked
from bulkio.load import gc_paused
from bulkio.outputs import XLSX, check_output
from bulkio.spec import SPECS, EntitySpec, fold
from bulkio.validate import validate_workbook
from bulkio.workbook.read import WorkbookData, read_workbook
from bulkio.workbook.source_options import SourceOptions


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
    carried, left_out = carry(data)
    conversion = Conversion(source, Path(wanted), lang, validation, {}, left_out, [])
    sheets: list[tuple[EntitySpec, list[CarriedRow]]] = []
    for spec in specs:
        rows = [row for sheet in data.sheets if sheet.spec is spec for row in carried[sheet.name]]
        target = spec.sheet_name(lang)
        for number, row in enumerate(rows, start=2):
            conversion.rows[row.source] = (target, number)
        conversion.sheets[target] = len(rows)
        sheets.append((spec, rows))
    conversion.lines = transformation_lines(data, validation, conversion, carried)
    workbook, expected = build(sheets, conversion)
    save_checked(workbook, Path(wanted), expected, [spec.kind for spec in specs])
    return conversion


def _specs_written(data: WorkbookData, kinds: Collection[str] | None) -> list[EntitySpec]:
    """The kinds read, and those --only asks for (an empty sheet to complete), in the template's order."""
    wanted = {sheet.spec.kind for sheet in data.sheets}
    if kinds is not None:
        wanted |= {spec.kind for spec in SPECS.values() if any(fold(kind) in spec.sheet_keys for kind in kinds)}
    return [spec for spec in SPECS.values() if spec.kind in wanted]
