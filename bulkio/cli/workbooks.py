"""Commands on workbooks: the template, validation, export (one dossier or a whole firm), the audit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bulkio.cli.app import (
    BaseUrl,
    Lang,
    MapFile,
    Profile,
    Sandbox,
    SheetKinds,
    SocietyId,
    Verbose,
    _input,
    _kinds,
    _language,
    _sheet_map,
    _source,
    _verbose,
    app,
    err,
    out,
)
from bulkio.errors import UsageError
from bulkio.i18n import t


@app.command()
def template(
    kinds: Annotated[list[str] | None, typer.Argument(help="comptes ... | all")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    lang: Lang = "fr",
) -> None:
    """Write an empty template workbook."""
    from bulkio.outputs import check_output
    from bulkio.spec import SPECS
    from bulkio.workbook.template import write_template

    _language(lang)
    chosen = _kinds(kinds)
    default = Path(f"bulkio-{'-'.join(chosen) if len(chosen) < len(SPECS) else 'all'}.xlsx")
    path = output or default
    check_output(path, option="-o", given=output is not None, default_name=default.name)
    write_template(path, [SPECS[k] for k in chosen], lang)
    err.print(t("cli.template_written", path=path))


@app.command()
def validate(
    file: Path,
    as_json: Annotated[bool, typer.Option("--json", help="Print the issues as JSON.")] = False,
    sheet: SheetKinds = None,
    map_file: MapFile = None,
    lang: Lang = "fr",
) -> None:
    """Check a workbook without sending anything."""
    from bulkio.load import load_and_validate
    from bulkio.notes import note_lines

    _language(lang)
    sheet_map, source = _sheet_map(sheet), _source(map_file)
    _input(file)
    validation = load_and_validate(file, sheet_map=sheet_map, source=source)
    issues = validation.issues
    if as_json:
        import json

        out.print_json(json.dumps([i.to_json() for i in issues], ensure_ascii=False))
    else:
        for issue in issues:
            out.print(f"{issue.located()} : {issue.message}", markup=False, soft_wrap=True)
    for line in note_lines(validation.notes):  # no problems: on stderr, so --json stays the list of problems
        err.print(line, markup=False, soft_wrap=True)
    if not as_json:
        rows = sum(1 for s in validation.sheets for r in s.rows if r.skip is None)
        bad = len({(i.sheet, i.row) for i in issues})
        err.print(t("cli.valid", rows=rows) if not issues else t("cli.invalid", issues=len(issues), rows=bad))
    raise typer.Exit(1 if issues else 0)


@app.command()
def export(
    kinds: Annotated[list[str] | None, typer.Argument(help="comptes ... | all")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Workbook to write (export.xlsx); with --split, a directory (export).")] = None,
    sandbox: Sandbox = False,
    base_url: BaseUrl = None,
    society_id: SocietyId = None,
    societies: Annotated[list[str] | None, typer.Option(
        "--society", help="Export this dossier (id, SIRET, name or reference); repeat for several.")] = None,
    all_societies: Annotated[bool, typer.Option(
        "--all-societies", help="Export every dossier the token reaches.")] = False,
    split: Annotated[bool, typer.Option("--split", help="One workbook per dossier, in the -o directory.")] = False,
    profile: Profile = "default",
    lang: Lang = "fr",
    verbose: Verbose = False,
) -> None:
    """Write the dossier's referentials in the template format, ready to edit and import again."""
    from bulkio.config import open_target
    from bulkio.entities import HANDLERS
    from bulkio.outputs import check_folder, check_output
    from bulkio.pipeline import connect
    from bulkio.workbook.template import write_sheets

    _language(lang)
    _verbose(verbose)
    chosen = _kinds(kinds)
    if split:
        check_folder(output or Path("export"), "-o")
    else:
        check_output(output or Path("export.xlsx"), option="-o", given=output is not None,
                     default_name="export.xlsx")
    if societies or all_societies or split:
        _export_dossiers(chosen, output, sandbox, base_url, society_id, societies or [], all_societies, split,
                         profile, lang)
    output = output or Path("export.xlsx")
    with open_target(sandbox, base_url, society_id, profile) as target:
        client, _context = connect(target)
        sheets = []
        snapshots: dict[str, object] = {}
        for kind in chosen:
            handler = HANDLERS[kind]
            if handler.family not in snapshots:  # axes, sections and repartitions share one read
                snapshots[handler.family] = handler.load_snapshot(client, None)
            sheets.append((handler.spec, handler.export_rows(snapshots[handler.family], lang)))
    write_sheets(output, sheets, lang)
    err.print(t("cli.exported", rows=sum(len(rows) for _, rows in sheets), path=output))


def _export_dossiers(
    kinds: list[str], output: Path | None, sandbox: bool, base_url: str | None, society_id: str | None,
    societies: list[str], all_societies: bool, split: bool, profile: str, lang: str,
) -> None:
    """`export --society ID ... | --all-societies [--split]`: several dossiers, progress per dossier."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from bulkio.config import open_target
    from bulkio.export import DossierExport, export_dossiers, write_export

    if not (societies or all_societies):
        raise UsageError(t("export.split_needs_dossiers"))

    def done(result: DossierExport) -> None:
        progress.advance(task)
        if result.failed:
            err.print(result.describe_error(), markup=False, soft_wrap=True)

    with open_target(sandbox, base_url, society_id, profile) as target, \
            Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err,
                     disable=not err.is_terminal) as progress:
        task = progress.add_task("", total=None)
        run = export_dossiers(
            target, kinds, societies=societies, all_societies=all_societies, lang=lang, on_done=done,
            on_start=lambda index, total, dossier: progress.update(
                task, total=total, description=t("export.progress", dossier=dossier.label, index=index, total=total)),
        )
    for line in write_export(run, output, split, lang):
        err.print(line, markup=False, soft_wrap=True)
    raise typer.Exit(1 if run.failed else 0)


@app.command()
def diff(
    file: Path,
    sandbox: Sandbox = False,
    base_url: BaseUrl = None,
    society_id: SocietyId = None,
    profile: Profile = "default",
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Report to write (default: <file>.audit-<timestamp>.xlsx next to the file).")] = None,
    sheet: SheetKinds = None,
    map_file: MapFile = None,
    lang: Lang = "fr",
    verbose: Verbose = False,
) -> None:
    """Audit: compare a workbook with live data, per dossier and sheet, without writing anything."""
    from rich.table import Table

    from bulkio.audit import all_identical, audit_target, default_audit_path, write_audit_report
    from bulkio.audit.report import COUNTED
    from bulkio.config import open_target
    from bulkio.load import load_and_validate
    from bulkio.outputs import check_output

    _language(lang)
    _verbose(verbose)
    sheet_map, source = _sheet_map(sheet), _source(map_file)
    if not file.exists():
        raise UsageError(t("cli.no_file", path=file))
    _input(file)
    default = default_audit_path(file)
    out_path = output or default
    check_output(out_path, input_path=file, option="-o", given=output is not None, default_name=default.name)
    validation = load_and_validate(file, sheet_map=sheet_map, source=source)
    with open_target(sandbox, base_url, society_id, profile) as target:
        audits = audit_target(validation, target, lang)
        where = target.describe(", ".join(a.label for a in audits))
    write_audit_report(out_path, audits, lang, source=file, target=where)
    table = Table(title=t("audit.report.title"))
    for header in (t("audit.report.dossier"), t("audit.report.sheet")):
        table.add_column(header)
    for kind in COUNTED:
        table.add_column(kind.short(), justify="right")
    for audit in audits:
        for sheet in audit.sheets:
            counts = sheet.counts()
            if sum(counts.values()):  # the xlsx summary lists every sheet; the terminal only those with rows
                dossier = audit.label if audit.society_id is None else str(audit.society_id)
                table.add_row(dossier, sheet.sheet, *(str(counts[kind]) for kind in COUNTED))
    err.print(table)
    for audit in audits:
        if audit.error:
            err.print(audit.error, markup=False, soft_wrap=True)
    err.print(t("audit.report_written", path=out_path), markup=False, soft_wrap=True)
    raise typer.Exit(0 if all_identical(audits) else 1)
