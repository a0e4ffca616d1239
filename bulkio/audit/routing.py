"""Which dossier each workbook row is audited against, then the audit of each dossier.

A workbook without `Dossier` cells is audited against the target's dossier (`pipeline.connect`). With
`Dossier` cells, each row goes to the dossier its cell names (id, SIRET, name or reference), an empty cell
to the target's dossier (`--society-id`, or a society token's own; never the sandbox's implicit dossier, as
for the import), and each dossier is audited with its own rows. The routing itself is the import's
(`bulkio.routing.route`); `route_by_dossier` only adapts its answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulkio.api.client import MyUnisoftClient
from bulkio.audit.compare import audit_dossier, sheets_by_kind, unread_sheet
from bulkio.audit.model import DossierAudit
from bulkio.config import Target
from bulkio.dossiers import Dossier, DossierDirectory
from bulkio.errors import BulkioError
from bulkio.i18n import register, t
from bulkio.pipeline import connect, identify, open_dossier
from bulkio.routing import default_dossier_id, names_a_dossier, route
from bulkio.validate import RowRecord, SheetValidation, Validation

register({"audit.unrouted": {"fr": "(dossier non reconnu)", "en": "(unknown dossier)"}})


@dataclass
class DossierRows:
    society_id: int | None  # None: rows whose Dossier cell names no dossier the token reaches
    validation: Validation  # the same sheets, with this dossier's rows only


def route_by_dossier(validation: Validation, directory: DossierDirectory, default: int | None) -> list[DossierRows]:
    """The rows of each dossier, then (society_id None) the rows routed nowhere, each with an Issue.

    Every routed dossier has every sheet of the workbook, even without rows there: its live rows of that
    sheet are then 'only in MyUnisoft' (a dossier's whole chart is audited, not only the sheets it fills)."""
    fallback = None if default is None else directory.get(default) or Dossier(default)
    routing = route(validation, directory, fallback)
    parts = [DossierRows(society_id, view) for society_id, view in sorted(routing.views.items())]
    if routing.unrouted:
        rows: dict[int, list[RowRecord]] = {}
        for sheet, record in routing.unrouted:
            rows.setdefault(id(sheet), []).append(record)
        sheets = [SheetValidation(s.sheet, rows[id(s)]) for s in validation.sheets if id(s) in rows]
        parts.append(DossierRows(None, Validation(validation.workbook, sheets)))
    return parts


def audit_target(validation: Validation, target: Target, lang: str) -> list[DossierAudit]:
    """The audit of every dossier the workbook names (the target's dossier when it names none)."""
    client = target.client()
    with client:
        if not names_a_dossier(validation):
            scoped, context = connect(target, client)
            return [audit_dossier(validation, scoped, context, lang)]
        kind, own = identify(target, client)
        directory = DossierDirectory.load(client, firm=kind == "firm")
        default = default_dossier_id(target, kind, own, multi=True)  # the import's rule
        return [_audit_part(part, kind, client, lang) for part in route_by_dossier(validation, directory, default)]


def _audit_part(part: DossierRows, kind: str, client: MyUnisoftClient, lang: str) -> DossierAudit:
    if part.society_id is None:
        audit = DossierAudit(None, t("audit.unrouted"))
        audit.sheets = [unread_sheet(kind, sheets, "") for kind, sheets in sheets_by_kind(part.validation).items()]
        return audit
    try:
        scoped, context = open_dossier(client, part.society_id, kind)
    except BulkioError as error:  # this dossier only: the others are still audited
        audit = DossierAudit(part.society_id, str(part.society_id), error=error.message)
        audit.sheets = [unread_sheet(kind, sheets, error.message)
                        for kind, sheets in sheets_by_kind(part.validation).items()]
        return audit
    return audit_dossier(part.validation, scoped, context, lang)
