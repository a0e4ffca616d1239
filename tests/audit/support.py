"""Helpers of the audit tests: exports written as real workbooks, live data changed through the API, and the
report read back with openpyxl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from bulkio.api.client import MyUnisoftClient
from bulkio.entities import HANDLERS
from bulkio.pipeline import connect
from bulkio.spec import SPECS
from bulkio.workbook.template import write_sheets
from tests.conftest import firm_target


def export_book(sandbox: Any, path: Path, dossiers: dict[int, str | None], lang: str = "fr") -> Path:
    """Every sheet kind of the dossiers in one workbook, as `bulkio export` writes them; the Dossier cell of
    each dossier's rows is the given text (None: no Dossier cell)."""
    sheets: dict[str, list[dict[str, Any]]] = {kind: [] for kind in SPECS}
    for society_id, text in dossiers.items():
        client, _context = connect(firm_target(sandbox, society_id))
        with client:
            snapshots: dict[str, Any] = {}
            for kind, handler in HANDLERS.items():
                if handler.family not in snapshots:
                    snapshots[handler.family] = handler.load_snapshot(client, None)
                for row in handler.export_rows(snapshots[handler.family], lang):
                    sheets[kind].append({**row, "dossier": text} if text else row)
    write_sheets(path, [(SPECS[kind], rows) for kind, rows in sheets.items()], lang)
    return path


def client_for(sandbox: Any, society_id: int) -> MyUnisoftClient:
    client, _context = connect(firm_target(sandbox, society_id))
    return client


def read_summary(path: Path, sheet: str = "Résumé") -> dict[tuple[str, str], dict[str, Any]]:
    """(dossier, sheet) -> {column header: value} of the summary table."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if row[0] in ("Dossier",) and row[1] in ("Feuille", "Sheet"))
    headers = [str(h) for h in rows[top] if h is not None]
    found = {}
    for row in rows[top + 1:]:
        if row[0] in ("Total",):
            found[("Total", "")] = dict(zip(headers, row, strict=False))
            break
        found[(str(row[0]), str(row[1]))] = dict(zip(headers, row, strict=False))
    return found


def read_detail(path: Path, sheet: str = "Écarts") -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    headers = [str(h) for h in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]
