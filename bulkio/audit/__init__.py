"""The audit (`bulkio diff`): a workbook against live data, per dossier and sheet, without writing anything.

    compare.py   audit_dossier(validation, client, context, lang) -> DossierAudit   (one dossier)
    sides.py     both sides typed, normalised and keyed alike (the export's rows, the planner's rules)
    routing.py   rows to dossiers by the Dossier column, then audit_target(validation, target, lang)
    report.py    write_audit_report(path, audits, lang): summary and detail sheets
    model.py     FindingKind, Finding, FieldDiff, SheetAudit, DossierAudit
"""

from __future__ import annotations

from bulkio.audit.compare import audit_dossier
from bulkio.audit.model import DossierAudit, FieldDiff, Finding, FindingKind, SheetAudit, all_identical
from bulkio.audit.report import default_audit_path, write_audit_report
from bulkio.audit.routing import audit_target, route_by_dossier

__all__ = [
    "DossierAudit", "FieldDiff", "Finding", "FindingKind", "SheetAudit", "all_identical", "audit_dossier",
    "audit_target", "default_audit_path", "route_by_dossier", "write_audit_report",
]
