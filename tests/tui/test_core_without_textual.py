"""The core never imports textual: only the preview's widgets do (design §5)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import bulkio
names = [m.name for m in pkgutil.walk_packages(bulkio.__path__, "bulkio.")]
widgets = {"bulkio.tui.app", "bulkio.tui.grid", "bulkio.tui.screens", "bulkio.tui.sheet_pane", "bulkio.tui.loading",
           "bulkio.tui.navigation", "bulkio.tui.push_actions", "bulkio.tui.mapping_actions",
           "bulkio.__main__"}
core = [n for n in names if n not in widgets]
for name in core:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(len(core), "bulkio.pipeline" in core, "bulkio.tui.model" in core, loaded)
"""


def test_every_core_module_imports_without_loading_textual() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120)
    count, has_pipeline, has_model, loaded = done.stdout.strip().split(" ", 3)
    assert int(count) > 40 and has_pipeline == "True" and has_model == "True"
    assert loaded == "[]"


def test_the_probe_would_see_textual() -> None:
    """The same probe on a widget module does see it: the check above can fail."""
    probe = "import sys, bulkio.tui.grid; print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "True"
