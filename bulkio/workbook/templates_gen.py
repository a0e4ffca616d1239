"""Regenerate the committed templates in templates/ from the specs.

    python -m bulkio.workbook.templates_gen templates/

tests/workbook/test_templates_committed.py fails when a spec changes and this was not run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bulkio.spec import ASSOCIES_PM, ASSOCIES_PP, AXES, CAPITAL, COMPTES, REPARTITIONS, SECTIONS, SPECS, EntitySpec
from bulkio.workbook.template import write_template

# file name -> (specs, language)
TEMPLATES: dict[str, tuple[tuple[EntitySpec, ...], str]] = {
    "bulkio-comptes-fr.xlsx": ((COMPTES,), "fr"),
    "bulkio-comptes-en.xlsx": ((COMPTES,), "en"),
    "bulkio-analytique-fr.xlsx": ((AXES, SECTIONS, REPARTITIONS), "fr"),
    "bulkio-analytics-en.xlsx": ((AXES, SECTIONS, REPARTITIONS), "en"),
    "bulkio-associes-fr.xlsx": ((CAPITAL, ASSOCIES_PP, ASSOCIES_PM), "fr"),
    "bulkio-associates-en.xlsx": ((CAPITAL, ASSOCIES_PP, ASSOCIES_PM), "en"),
    "bulkio-all-fr.xlsx": (tuple(SPECS.values()), "fr"),
    "bulkio-all-en.xlsx": (tuple(SPECS.values()), "en"),
}


def generate_templates(dest: Path) -> list[Path]:
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (specs, lang) in TEMPLATES.items():
        path = dest / name
        write_template(path, specs, lang)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    dest = Path(args[0]) if args else Path("templates")
    for path in generate_templates(dest):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
