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
    values = openpyxl.load_workbook(path, read_only=True)  # streams the 5000 text-formatted rows quickly
    content: dict[str, object] = {
        "sheets": [(sheet.title, sheet.sheet_state) for sheet in book.worksheets],
        "names": {name: defined.attr_text for name, defined in book.defined_names.items()},
    }
    for sheet in book.worksheets:
        header = sheet[1]
        content[sheet.title] = {
            "values": list(values[sheet.title].iter_rows(values_only=True)),
            "header": [(c.value, c.font.b, c.fill.fgColor.rgb, c.comment.text if c.comment else None) for c in header],
            "formats": [(c.column_letter, {sheet.cell(row, c.column).number_format for row in (2, sheet.max_row)})
                        for c in header],
            "columns": {k: (d.width, d.number_format) for k, d in sheet.column_dimensions.items()},
            "validations": sorted((str(v.sqref), v.formula1, v.errorStyle)
                                  for v in sheet.data_validations.dataValidation),
            "freeze": sheet.freeze_panes,
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        }
    values.close()
    return content


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate_templates(tmp_path_factory.mktemp("templates"))


def test_generator_writes_the_three_templates(fresh: list[Path]) -> None:
    assert [p.name for p in fresh] == list(TEMPLATES)
    assert {"bulkio-comptes-fr.xlsx", "bulkio-comptes-en.xlsx", "bulkio-all-fr.xlsx"} <= set(TEMPLATES)


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_committed_template_matches_the_specs(fresh: list[Path], name: str) -> None:
    committed = COMMITTED / name
    assert committed.is_file(), f"missing {committed}: run python -m bulkio.workbook.templates_gen templates/"
    assert semantic_content(committed) == semantic_content(fresh[list(TEMPLATES).index(name)]), (
        f"{name} is out of date: run python -m bulkio.workbook.templates_gen templates/")


def test_generation_is_deterministic(fresh: list[Path], tmp_path: Path) -> None:
    again = [p.read_bytes() for p in generate_templates(tmp_path)]
    assert [p.read_bytes() for p in fresh] == again
