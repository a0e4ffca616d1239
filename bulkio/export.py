"""Export of several dossiers: a whole firm, or a list of its dossiers, in the template format.

    export_dossiers(target, kinds, societies=[...] | all_societies=True)
      who the token is        GET /key/info (firm or society token)
      which dossiers          GET /society (DossierDirectory); --society texts resolved (id, SIRET, name, reference)
      for each dossier        its snapshots (one per family) through `society-id`, its rows with Dossier = its id
                              an ApiError (after the client's retries) marks that dossier failed; the others go on
    write_workbook(path)      one workbook: every dossier's rows, grouped by dossier (ascending id), a Résumé sheet
    write_split(directory)    one workbook per dossier, `<id>-<NAME-SLUG>.xlsx`, each with its Dossier column

The Dossier column holds the dossier's id: unique and stable (names are not unique), so the workbook
re-imports to the right dossiers with a firm token. Nothing here prints: the command line shows progress
through the callbacks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from bulkio import __version__
from bulkio import pipeline as _pipeline  # noqa: F401  (registers the connection messages reused below)
from bulkio.api.client import MyUnisoftClient
from bulkio.config import Target
from bulkio.dossiers import Dossier, DossierDirectory, DossierError
from bulkio.entities import HANDLERS
from bulkio.errors import ApiError, UsageError
from bulkio.i18n import register, t
from bulkio.outcome import RESULT_COLUMNS
from bulkio.workbook.style import SECTION_FONT, TITLE_FONT, first_sheet, put, save_workbook, style_header
from bulkio.workbook.template import build_workbook

register(
    {
        "export.progress": {"fr": "Dossier {dossier} {index}/{total}", "en": "Dossier {dossier} {index}/{total}"},
        "export.dossier_failed": {
            "fr": "Dossier {dossier} : non exporté ({code} : {message}{request}).",
            "en": "Dossier {dossier}: not exported ({code}: {message}{request}).",
        },
        "export.summary": {
            "fr": "{rows} ligne(s) exportée(s) de {dossiers} dossier(s) vers {path}",
            "en": "{rows} row(s) exported from {dossiers} dossier(s) to {path}",
        },
        "export.summary_split": {
            "fr": "{rows} ligne(s) exportée(s) de {dossiers} dossier(s) en {files} fichier(s) dans {path}",
            "en": "{rows} row(s) exported from {dossiers} dossier(s) as {files} file(s) in {path}",
        },
        "export.some_failed": {
            "fr": "{failed} dossier(s) non exporté(s) sur {total} : {dossiers}.",
            "en": "{failed} of {total} dossier(s) not exported: {dossiers}.",
        },
        "export.both_selections": {
            "fr": "--society et --all-societies s'excluent : donnez la liste des dossiers ou demandez-les tous.",
            "en": "--society and --all-societies exclude each other: list the dossiers or ask for all of them.",
        },
        "export.split_needs_dossiers": {
            "fr": "--split écrit un fichier par dossier : ajoutez --all-societies ou --society ID.",
            "en": "--split writes one file per dossier: add --all-societies or --society ID.",
        },
        "export.bad_society": {"fr": "--society « {value} » : {message}", "en": "--society '{value}': {message}"},
        "export.not_own": {
            "fr": "ce n'est pas le dossier du jeton ({own}) : un jeton de dossier n'atteint que son dossier ; "
            "utilisez un jeton cabinet.",
            "en": "it is not the token's dossier ({own}): a dossier token only reaches its own dossier; use a "
            "firm token.",
        },
        "export.not_a_directory": {
            "fr": "--split : {path} existe et n'est pas un dossier : donnez un répertoire avec -o.",
            "en": "--split: {path} exists and is not a directory: give a directory with -o.",
        },
        "export.mkdir_failed": {
            "fr": "impossible de créer le répertoire {path} ({reason}).",
            "en": "cannot create the directory {path} ({reason}).",
        },
        "export.summary.title": {"fr": "bulkio — export de dossiers", "en": "bulkio — dossiers export"},
        "export.summary.dossiers": {"fr": "Dossiers", "en": "Dossiers"},
        "export.summary.dossier": {"fr": "Dossier", "en": "Dossier"},
        "export.summary.name": {"fr": "Nom", "en": "Name"},
        "export.summary.exported": {"fr": "Exporté", "en": "Exported"},
        "export.summary.failed": {"fr": "Erreur", "en": "Error"},
    }
)

SLUG_LENGTH = 60
OnStart = Callable[[int, int, Dossier], None]  # (position from 1, number of dossiers, dossier)
OnDone = Callable[["DossierExport"], None]


@dataclass
class DossierExport:
    dossier: Dossier
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # kind -> rows (Dossier column filled)
    error: ApiError | None = None  # the dossier could not be read: no rows at all

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def describe_error(self) -> str:
        """One sentence: the dossier and what the API answered."""
        error = self.error
        if error is None:
            return ""
        request = f", request-id {error.request_id}" if error.request_id else ""
        return t("export.dossier_failed", dossier=self.dossier.label, code=error.code,
                 message=error.api_message, request=request)


@dataclass
class FirmExport:
    kinds: list[str]
    target: str  # where the rows come from, without secrets
    dossiers: list[DossierExport]  # ascending id
    started_at: datetime
    finished_at: datetime

    @property
    def exported(self) -> list[DossierExport]:
        return [d for d in self.dossiers if not d.failed]

    @property
    def failures(self) -> list[DossierExport]:
        return [d for d in self.dossiers if d.failed]

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    @property
    def row_count(self) -> int:
        return sum(d.row_count for d in self.dossiers)


# --- reading ----------------------------------------------------------------------------------------------


def export_dossiers(
    target: Target,
    kinds: Sequence[str],
    *,
    societies: Sequence[str] = (),
    all_societies: bool = False,
    lang: str = "fr",
    on_start: OnStart | None = None,
    on_done: OnDone | None = None,
    client: MyUnisoftClient | None = None,
) -> FirmExport:
    """Every chosen dossier's rows; a dossier the API refuses is recorded as failed and the others go on.

    UsageError (exit 2) before any dossier is read: unknown or foreign --society, refused token, API down."""
    if societies and all_societies:
        raise UsageError(t("export.both_selections"))
    started = datetime.now()
    own_client = client is None
    client = client or target.client()
    try:
        directory = open_directory(client, target)
        chosen = select_dossiers(directory, societies, all_societies)
        results: list[DossierExport] = []
        for position, dossier in enumerate(chosen, start=1):
            if on_start is not None:
                on_start(position, len(chosen), dossier)
            result = export_dossier(client, dossier, kinds, lang)
            results.append(result)
            if on_done is not None:
                on_done(result)
    finally:
        if own_client:
            client.close()
    where = replace(target, society_id=None).describe()  # the dossiers are in the rows, not the target
    return FirmExport(list(kinds), where, results, started, datetime.now())


def open_directory(client: MyUnisoftClient, target: Target) -> DossierDirectory:
    """Who the token is (GET /key/info) and the dossiers it reaches (GET /society): 2 requests."""
    try:
        info = client.get("/key/info", {"mode": "extended"}, scoped=False).data or {}
        firm = str((info.get("target") or {}).get("type") or "api") == "firm"
        return DossierDirectory.load(client, firm)
    except ApiError as error:
        if error.code == "ERR-TRANSPORT":
            raise UsageError(t("pipeline.unreachable", message=error.api_message, url=target.base_url)) from None
        raise UsageError(t("pipeline.auth_failed", code=error.code, message=error.api_message)) from None


def select_dossiers(directory: DossierDirectory, societies: Sequence[str], all_societies: bool) -> list[Dossier]:
    """The dossiers to export, ascending id, each once. A society token reaches its own dossier only."""
    if all_societies:
        return list(directory)
    chosen: dict[int, Dossier] = {}
    for text in societies:
        try:
            dossier = directory.resolve(text)
        except DossierError as error:
            message = error.message
            if not directory.firm and error.code == "DOSSIER" and len(directory.dossiers) == 1:
                own = next(iter(directory.dossiers.values()))
                message = t("export.not_own", own=own.label)
            raise UsageError(t("export.bad_society", value=text, message=message)) from None
        chosen[dossier.society_id] = dossier
    return [chosen[key] for key in sorted(chosen)]


def export_dossier(client: MyUnisoftClient, dossier: Dossier, kinds: Sequence[str], lang: str = "fr") -> DossierExport:
    """One dossier's rows, each family's snapshot read once (axes, sections and repartitions share one)."""
    scoped = client.with_society(dossier.society_id)
    result = DossierExport(dossier)
    snapshots: dict[str, Any] = {}
    try:
        for kind in kinds:
            handler = HANDLERS[kind]
            if handler.family not in snapshots:
                snapshots[handler.family] = handler.load_snapshot(scoped, None)
            rows = handler.export_rows(snapshots[handler.family], lang)
            result.rows[kind] = [{**row, "dossier": dossier.society_id} for row in rows]
    except ApiError as error:  # after the client's own retries: 5xx, 403 DROIT1, transport error...
        result.rows, result.error = {}, error
    return result


# --- writing ----------------------------------------------------------------------------------------------


def write_export(run: FirmExport, output: Path | None, split: bool, lang: str = "fr") -> list[str]:
    """Write the run (one workbook, or one per dossier with `split`); the summary lines for the user."""
    rows, count = run.row_count, len(run.exported)
    if split:
        directory = output or Path("export")
        paths = write_split(directory, run, lang)
        lines = [t("export.summary_split", rows=rows, dossiers=count, files=len(paths), path=directory)]
    else:
        path = write_workbook(output or Path("export.xlsx"), run, lang)
        lines = [t("export.summary", rows=rows, dossiers=count, path=path)]
    if run.failed:
        names = ", ".join(d.dossier.label for d in run.failures)
        lines.append(t("export.some_failed", failed=len(run.failures), total=len(run.dossiers), dossiers=names))
    return lines


def write_workbook(path: Path, run: FirmExport, lang: str = "fr") -> Path:
    """Every exported dossier's rows in one workbook, grouped by dossier, and a Résumé sheet first."""
    _write(Path(path), run.kinds, run.dossiers, run, lang)
    return Path(path)


def write_split(directory: Path, run: FirmExport, lang: str = "fr") -> list[Path]:
    """One workbook per exported dossier in `directory` (created when needed); failed dossiers have none."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise UsageError(t("export.not_a_directory", path=directory))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(t("export.mkdir_failed", path=directory, reason=error.strerror or error)) from None
    paths = []
    for dossier in run.exported:
        path = directory / file_name(dossier.dossier)
        _write(path, run.kinds, [dossier], run, lang)
        paths.append(path)
    return paths


def file_name(dossier: Dossier) -> str:
    """`<id>-<NAME-SLUG>.xlsx`: the id keeps it unique, the slug says which dossier it is."""
    name = slug(dossier.name)
    return f"{dossier.society_id}-{name}.xlsx" if name else f"{dossier.society_id}.xlsx"


def slug(text: str) -> str:
    """ASCII capitals, digits and single dashes only: safe on every file system ("Cave d'Été" -> "CAVE-D-ETE")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Z0-9]+", "-", ascii_text.upper()).strip("-")[:SLUG_LENGTH].strip("-")


def _write(path: Path, kinds: Sequence[str], dossiers: Sequence[DossierExport], run: FirmExport, lang: str) -> None:
    sheets = [(HANDLERS[kind].spec, [row for d in dossiers for row in d.rows.get(kind, ())]) for kind in kinds]
    workbook = build_workbook(sheets, lang)
    _add_summary(workbook, dossiers, run, lang)
    save_workbook(workbook, path)


def _add_summary(workbook: Workbook, dossiers: Sequence[DossierExport], run: FirmExport, lang: str) -> None:
    """A Résumé/Summary sheet (ignored on reading): per dossier, the rows of each sheet, or the error."""
    sheet = first_sheet(workbook, t("workbook.summary.sheet", lang))
    put(sheet, 1, 1, t("export.summary.title", lang), TITLE_FONT)
    facts = (
        ("workbook.summary.target", run.target),
        ("workbook.summary.started", run.started_at.strftime("%Y-%m-%d %H:%M:%S")),
        ("workbook.summary.finished", run.finished_at.strftime("%Y-%m-%d %H:%M:%S")),
        ("workbook.summary.version", __version__),
        ("export.summary.dossiers", f"{sum(not d.failed for d in dossiers)}/{len(dossiers)}"),
    )
    for row, (key, value) in enumerate(facts, start=3):
        put(sheet, row, 1, t(key, lang), SECTION_FONT)
        put(sheet, row, 2, value)
    language = 1 if lang == "en" else 0
    status, code, message = (RESULT_COLUMNS[i][language] for i in range(3))
    headers = [t("export.summary.dossier", lang), t("export.summary.name", lang),
               *(HANDLERS[kind].spec.sheet_name(lang) for kind in run.kinds),
               t("workbook.summary.total", lang), status, code, message]
    table = 3 + len(facts) + 1
    for column, header in enumerate(headers, start=1):
        put(sheet, table, column, header)
        style_header(sheet.cell(row=table, column=column))
    totals = [0] * (len(run.kinds) + 1)
    row = table
    for dossier in dossiers:
        row += 1
        counts = [len(dossier.rows.get(kind, ())) for kind in run.kinds]
        counts.append(sum(counts))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        put(sheet, row, 1, dossier.dossier.society_id)
        put(sheet, row, 2, dossier.dossier.name)
        for column, count in enumerate(counts, start=3):
            put(sheet, row, column, None if dossier.failed else count)
        state = "export.summary.failed" if dossier.failed else "export.summary.exported"
        put(sheet, row, len(counts) + 3, t(state, lang))
        if dossier.error is not None:
            put(sheet, row, len(counts) + 4, dossier.error.code)
            put(sheet, row, len(counts) + 5, dossier.error.api_message)
    row += 1
    put(sheet, row, 1, t("workbook.summary.total", lang), SECTION_FONT)
    for column, count in enumerate(totals, start=3):
        put(sheet, row, column, count, SECTION_FONT)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 36
    for column in range(3, len(headers) - 1):
        sheet.column_dimensions[get_column_letter(column)].width = 13
    sheet.column_dimensions[get_column_letter(len(headers))].width = 60
