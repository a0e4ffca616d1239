"""A generated analytics workbook (axes, sections, keys and rates) in the export's own format, and readers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from bulkio.pipeline import connect
from tests.conftest import firm_target
from tests.workbook.builders import table

AXES_HEADERS = ["Code axe", "Libellé", "Section par défaut"]
SECTIONS_HEADERS = ["Code axe", "Code section", "Libellé", "Comptes", "Clôturée", "Par défaut"]
RATES_HEADERS = ["Code axe", "Clé", "Condition", "Code section", "Taux"]


def analytics_rows(axes: int = 10, sections_per_axe: int = 20, keys_per_axe: int = 4) -> dict[str, list[list[Any]]]:
    """`axes` axes with ATTENTE as default; every 3rd section has a condition, every 7th is closed; keys spread
    over three open sections with 33/33/34."""
    axes_rows, sections, rates = [], [], []
    for a in range(1, axes + 1):
        axe = f"AX{a:02d}"
        axes_rows.append([axe, f"Axe {a}", "ATTENTE"])
        sections.append([axe, "ATTENTE", "Section d'attente", None, "Non", "Oui"])
        open_codes = []
        for s in range(1, sections_per_axe):
            code = f"S{a:02d}{s:02d}"
            condition = f"6{s:02d};-6{s:02d}9" if s % 3 == 0 else None
            closed = s % 7 == 0
            sections.append([axe, code, f"Section {a}.{s}", condition, "Oui" if closed else "Non", "Non"])
            if not closed:
                open_codes.append(code)
        for k in range(keys_per_axe):
            chosen = open_codes[k * 3: k * 3 + 3]
            for code, rate in zip(chosen, (33, 33, 34), strict=True):
                rates.append([axe, f"K{a:02d}{k}", f"6{k};-6{k}7", code, rate])
    return {"Axes": axes_rows, "Sections": sections, "Répartitions": rates}


HEADERS = {"Axes": AXES_HEADERS, "Sections": SECTIONS_HEADERS, "Répartitions": RATES_HEADERS}


def write_book(path: Path, sheets: dict[str, list[list[Any]]], headers: dict[str, list[str]] | None = None) -> Path:
    """A real .xlsx with one sheet per entry, its header row from `headers` (default: the analytics sheets)."""
    return table(path, sheets, headers or HEADERS)


def read_rows(path: Path, sheet: str, headers: list[str]) -> list[list[Any]]:
    """The rows of `sheet`, restricted to `headers` (a header the sheet lacks reads as None), in order."""
    book = openpyxl.load_workbook(path, read_only=True)
    grid = list(book[sheet].iter_rows(values_only=True))
    index = {str(h): i for i, h in enumerate(grid[0]) if h is not None}
    return [[row[index[h]] if h in index else None for h in headers]
            for row in grid[1:] if any(v is not None for v in row)]


def remote_state(sandbox: Any, society_id: int = 2) -> dict[str, Any]:
    """What the dossier holds, read through the API: axes with sections, keys and rates, by code."""
    client, _ = connect(firm_target(sandbox, society_id))
    state: dict[str, Any] = {}
    with client:
        for axe in client.get("/analytics/axes").data:
            sections = client.get(f"/analytics/axes/{axe['id_axe']}/sections", {"closed_section": "true"}).data
            by_id = {s["id_section_analytique"]: s["code"] for s in sections}
            keys = client.get(f"/analytics/axes/{axe['id_axe']}/repartition_keys").data
            state.setdefault("axe_codes", []).append(axe["code"])
            state.setdefault("section_codes", []).extend((axe["code"], s["code"]) for s in sections)
            state.setdefault("key_codes", []).extend((axe["code"], k["key"]) for k in keys)
            for key in keys:
                rates = client.get(f"/analytics/repartition_keys/{key['id_repartion_key']}/repartition").data
                state.setdefault("rates", {})[(axe["code"], key["key"])] = {by_id[r["id_section"]]: r["rate"]
                                                                          for r in rates}
    return state
