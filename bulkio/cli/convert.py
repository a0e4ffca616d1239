"""`bulkio convert SOURCE -o FILE.xlsx`: the bulkio template filled with what SOURCE holds, to review and complete in
Excel before importing (bulkio/convert/; docs/convert.md).

Exit codes, as `validate`: 0 the workbook is written and the source has no problem; 1 it is written, and the source
has problems the import would report (listed on its Transformations sheet); 2 nothing is written (a usage error, a
source that cannot be read, an output path refused).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bulkio.cli.app import Lang, MapFile, SheetKinds, _input, _kinds, _language, _sheet_map, _source, app, err
from bulkio.errors import UsageError
from bulkio.i18n import register, t

register(
    {
        "cli.converted": {
            "fr": "Classeur converti : {path} ({rows} ligne(s) reprise(s) : {sheets}).",
            "en": "Converted workbook: {path} ({rows} row(s) carried over: {sheets}).",
        },
        "cli.converted_sheet": {"fr": "{sheet} {rows}", "en": "{sheet} {rows}"},
        "cli.converted_lines": {
            "fr": "La feuille « {sheet} » liste {lines} ligne(s) : ce qui n'a pas été repris tel quel "
            "({left_out} ligne(s) de la source non reprise(s)) et {problems} problème(s) de la source. "
            "Relisez-la avant d'importer.",
            "en": "The '{sheet}' sheet lists {lines} line(s): what was not carried over as it was ({left_out} "
            "source row(s) not carried over) and {problems} problem(s) of the source. Review it before importing.",
        },
    }
)


@app.command()
def convert(
    file: Path,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Workbook to write (.xlsx; default: <source>-bulkio.xlsx beside the source).")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace the -o file if it exists.")] = False,
    only: Annotated[list[str] | None, typer.Option("--only", help="Convert only these sheet kinds.")] = None,
    sheet: SheetKinds = None,
    map_file: MapFile = None,
    lang: Lang = "fr",
) -> None:
    """Write a source (another layout, a CSV, ...) into the bulkio template, with a sheet of what was changed."""
    from bulkio.convert import convert_source

    _language(lang)
    kinds, sheet_map, source = _kinds(only) if only else None, _sheet_map(sheet), _source(map_file)
    if not file.exists():
        raise UsageError(t("cli.no_file", path=file))
    _input(file)
    conversion = convert_source(file, output, kinds=kinds, sheet_map=sheet_map, options=source,
                                lang=lang, overwrite=overwrite)
    sheets = ", ".join(t("cli.converted_sheet", sheet=name, rows=rows) for name, rows in conversion.sheets.items())
    err.print(t("cli.converted", path=conversion.output, rows=len(conversion.rows), sheets=sheets),
              markup=False, soft_wrap=True)
    err.print(t("cli.converted_lines", sheet=conversion.sheet_name, lines=len(conversion.lines),
                left_out=len(conversion.left_out), problems=len(conversion.problems)), markup=False, soft_wrap=True)
    raise typer.Exit(1 if conversion.problems else 0)

