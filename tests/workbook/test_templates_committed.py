"""The templates in templates/ are what the specs produce today (else: python -m bulkio.workbook.templates_gen)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bulkio.workbook.templates_gen import TEMPLATES, generate_templates

COMMITTED = Path(__file__).resolve().parents[2] / "templates"


def semantic_content(path: Path) -> dict[str, object]:
    """What a user sees: sheets, values, comments, formats, widths, dropdowns, named ranges."""
    book = openpyxl.load_workbook(path)
    content: dict[str, object] = {
        "sheets": [(sheet.title, sheet.sheet_state) for sheet in book.worksheets],
        "names": {name: defined.attr_text for name, defined in book.defined_names.items()},
    }
    for sheet in book.worksheets:
        content[sheet.title] = {
            "cells": {c.coordinate: (c.value, c.number_format, c.font.b, c.fill.fgColor.rgb)
                      for row in sheet.iter_rows() for c in row if c.value is not None},
            "comments": {c.coordinate: c.comment.text for row in sheet.iter_rows() for c in row if c.comment},
            "columns": {k: (d.width, d.number_format) for k, d in sheet.column_dimensions.items()},
            "validations": sorted((str(v.sqref), v.formula1, v.errorStyle)
                                  for v in sheet.data_validations.dataValidation),
            "freeze": sheet.freeze_panes,
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        }
    return content


def test_generator_writes_the_three_templates(tmp_path: Path) -> None:
    written = generate_templates(tmp_path)
    assert [p.name for p in written] == list(TEMPLATES)
    assert {"bulkio-comptes-fr.xlsx", "bulkio-comptes-en.xlsx", "bulkio-all-fr.xlsx"} <= set(TEMPLATES)


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_committed_template_matches_the_specs(tmp_path: Path, name: str) -> None:
    committed = COMMITTED / name
    assert committed.is_file(), f"missing {committed}: run python -m bulkio.workbook.templates_gen templates/"
    fresh = generate_templates(tmp_path)[list(TEMPLATES).index(name)]
    assert semantic_content(committed) == semantic_content(fresh), (
        f"{name} is out of date: run python -m bulkio.workbook.templates_gen templates/")


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in generate_templates(tmp_path / "a")]
    second = [p.read_bytes() for p in generate_templates(tmp_path / "b")]
    assert first == second
