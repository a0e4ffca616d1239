"""The audit of one dossier: every sheet of the workbook against what MyUnisoft holds now. Reads only.

    audit_dossier(validation, client, context, lang) -> DossierAudit

For each sheet kind of the workbook, the family's snapshot is read in full (as `bulkio export` reads it:
"only in MyUnisoft" needs every live row), then every workbook row is matched with the live row of the
same natural key and compared on every column the workbook has. Unlike an import, an empty cell means
empty: last quarter's export with an empty cell against a value today is a difference. Nothing is ever
planned for writing, and no write is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.audit.model import DossierAudit, FieldDiff, Finding, FindingKind, SheetAudit
from bulkio.audit.sides import (
    LiveRow,
    compared_columns,
    effective_values,
    live_rows,
    normalise_values,
    not_comparable,
    workbook_key,
)
from bulkio.entities import HANDLERS
from bulkio.errors import ApiError
from bulkio.i18n import register, t
from bulkio.plan import RunContext, comparable
from bulkio.spec import SPECS
from bulkio.validate import RowRecord, SheetValidation, Validation

register(
    {
        "audit.read_failed": {
            "fr": "lecture impossible du dossier {society} ({code} : {message}) : rien n'a été comparé.",
            "en": "dossier {society} could not be read ({code}: {message}): nothing was compared.",
        },
        "audit.duplicate": {
            "fr": "même clé que la ligne {row} : seule la première ligne est comparée.",
            "en": "same key as row {row}: only the first row is compared.",
        },
        "audit.no_key": {
            "fr": "la clé de la ligne est incomplète : elle ne peut pas être rapprochée de MyUnisoft.",
            "en": "the row's key is incomplete: it cannot be matched with MyUnisoft.",
        },
    }
)


def audit_dossier(validation: Validation, client: MyUnisoftClient, context: RunContext, lang: str) -> DossierAudit:
    """Every sheet kind of `validation` compared with the dossier `client` is scoped to."""
    audit = DossierAudit(context.society_id, context.society_label)
    by_kind = sheets_by_kind(validation)
    snapshots: dict[str, Any] = {}
    try:
        for kind in by_kind:
            family = HANDLERS[kind].family
            if family not in snapshots:  # one read per family, in full, as an export reads it
                snapshots[family] = HANDLERS[kind].load_snapshot(client, None)
    except ApiError as error:
        audit.error = t("audit.read_failed", society=context.society_label, code=error.code,
                        message=error.api_message)
        audit.sheets = [unread_sheet(kind, sheets, audit.error) for kind, sheets in by_kind.items()]
        return audit
    for kind, sheets in by_kind.items():
        audit.sheets.append(audit_sheet(kind, sheets, snapshots[HANDLERS[kind].family], lang))
    return audit


def sheets_by_kind(validation: Validation) -> dict[str, list[SheetValidation]]:
    """The workbook's sheets by kind, in dependency order (two sheets of one kind are audited as one)."""
    found: dict[str, list[SheetValidation]] = {}
    for kind in SPECS:
        sheets = [s for s in validation.sheets if s.spec.kind == kind]
        if sheets:
            found[kind] = sheets
    return found


def _empty_sheet(kind: str, sheets: Sequence[SheetValidation]) -> SheetAudit:
    headers: dict[str, str] = {}
    for sheet in sheets:
        for key, header in sheet.sheet.headers.items():
            headers.setdefault(key, header)
    names = ", ".join(dict.fromkeys(s.sheet.name for s in sheets))
    return SheetAudit(kind, names, compared_columns(kind, list(headers)), headers)


def unread_sheet(kind: str, sheets: Sequence[SheetValidation], message: str) -> SheetAudit:
    """A sheet whose dossier could not be read (or reached): every row not compared, with why."""
    audit = _empty_sheet(kind, sheets)
    for sheet in sheets:
        for record in sheet.rows:
            audit.findings.append(Finding(FindingKind.NOT_COMPARED, "", record.excel_row,
                                          message=_problems(record) or message, sheet=sheet.sheet.name))
    return audit


def _problems(record: RowRecord) -> str:
    return "; ".join(f"{i.column}: {i.message}" if i.column else i.message for i in record.issues)


def audit_sheet(kind: str, sheets: Sequence[SheetValidation], snapshot: Any, lang: str) -> SheetAudit:
    audit = _empty_sheet(kind, sheets)
    live: dict[Any, LiveRow] = {row.key: row for row in live_rows(kind, snapshot, lang)}
    matched: set[Any] = set()
    first_row: dict[Any, int] = {}
    values_of = effective_values(kind, sheets)
    for sheet in sheets:
        for record in sheet.rows:
            finding, key = _audit_row(kind, sheet, record, values_of(record), snapshot, audit.columns, live,
                                      first_row)
            if key is not None:
                matched.add(key)
            finding.sheet = sheet.sheet.name
            audit.findings.append(finding)
    for key, row in live.items():
        if key not in matched:
            audit.findings.append(Finding(FindingKind.ONLY_LIVE, row.label, None,
                                          values=_shown(row.values, audit.columns)))
    return audit


def _audit_row(
    kind: str, sheet: SheetValidation, record: RowRecord, raw: dict[str, Any], snapshot: Any, columns: list[str],
    live: dict[Any, LiveRow], first_row: dict[Any, int],
) -> tuple[Finding, Any]:
    """One workbook row's finding, and the live key it accounts for (None: none)."""
    values = normalise_values(kind, raw, snapshot, workbook=True)
    if not record.valid:
        # Not compared; its live row (if its key can be told) is not reported as 'only in MyUnisoft' either.
        probe = RowRecord(record.excel_row, dict(record.values))
        keyed = workbook_key(kind, sheet, probe, values, snapshot)
        key = keyed[0] if keyed is not None and probe.valid else None
        return Finding(FindingKind.NOT_COMPARED, keyed[1] if keyed else "", record.excel_row,
                       message=_problems(record)), key
    keyed = workbook_key(kind, sheet, record, values, snapshot)
    if keyed is None:
        return Finding(FindingKind.NOT_COMPARED, "", record.excel_row,
                       message=_problems(record) or t("audit.no_key")), None
    key, label = keyed
    if key in first_row:
        return Finding(FindingKind.NOT_COMPARED, label, record.excel_row,
                       message=t("audit.duplicate", row=first_row[key])), None
    first_row[key] = record.excel_row
    reason = not_comparable(kind, values, snapshot)
    if reason:
        return Finding(FindingKind.NOT_COMPARED, label, record.excel_row, message=reason), key
    remote = live.get(key)
    if remote is None:
        return Finding(FindingKind.ONLY_WORKBOOK, label, record.excel_row, values=_shown(values, columns)), None
    spec = SPECS[kind]
    fields = [
        FieldDiff(column, remote.values.get(column), values.get(column))
        for column in columns
        if comparable(spec.column(column), remote.values.get(column))
        != comparable(spec.column(column), values.get(column))
    ]
    kind_found = FindingKind.DIFFERENT if fields else FindingKind.IDENTICAL
    return Finding(kind_found, label, record.excel_row, fields=fields), key


def _shown(values: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """What a one-sided row shows: its compared cells that say something (a 'No' flag is the default)."""
    return {k: values[k] for k in columns if values.get(k) not in (None, False, "")}
