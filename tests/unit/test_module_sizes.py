"""Modules of one concept: none in bulkio/ over 400 lines unless its docstring says why it must be longer."""

from __future__ import annotations

import ast
from pathlib import Path

import bulkio

LIMIT = 400
REASON = "longer than 400 lines because"  # what a module's docstring says when it must be longer


def oversized(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n") + (not text.endswith("\n") and bool(text))
        if lines > LIMIT and REASON not in (ast.get_docstring(ast.parse(text)) or ""):
            found.append(f"{path.relative_to(root)}: {lines} lines")
    return found


def test_no_module_over_400_lines_without_a_reason() -> None:
    assert oversized(Path(bulkio.__file__).parent) == []


def test_the_check_sees_a_long_module_and_accepts_its_reason(tmp_path: Path) -> None:
    (tmp_path / "long.py").write_text('"""One concept."""\n' + "x = 1\n" * LIMIT, encoding="utf-8")
    (tmp_path / "justified.py").write_text(f'"""A table; {REASON} it is data."""\n' + "x = 1\n" * LIMIT,
                                           encoding="utf-8")
    (tmp_path / "short.py").write_text("x = 1\n" * LIMIT, encoding="utf-8")
    assert oversized(tmp_path) == [f"long.py: {LIMIT + 1} lines"]
