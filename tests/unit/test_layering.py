"""The steps of one dossier's import (pipeline.py) sit below the orchestration of many (lanes.py, multi.py): importing
the steps loads neither, so the three never import one another in a cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import bulkio.pipeline

ABOVE_THE_STEPS = ("bulkio.lanes", "bulkio.multi", "bulkio.session", "bulkio.import_runs")


def test_the_steps_of_one_import_load_nothing_of_the_orchestration_above_them() -> None:
    probe = ("import sys, bulkio.pipeline; "
             f"print(sorted(name for name in {ABOVE_THE_STEPS!r} if name in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_no_import_of_the_orchestration_anywhere_in_the_steps_not_even_inside_a_function() -> None:
    tree = ast.parse(Path(bulkio.pipeline.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not imported & {"bulkio.lanes", "bulkio.multi", "bulkio.session"}


def test_the_whole_import_for_scripts_is_with_the_orchestration() -> None:
    import bulkio.multi

    assert callable(bulkio.multi.run_import)
    assert not hasattr(bulkio.pipeline, "run_import")
