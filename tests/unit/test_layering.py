"""No import cycle in bulkio/, and the layers read top-down as the pipeline does.

The graph is every `import` of every module of bulkio/, read from the source: at module level and inside
functions alike (a deferred import that only dodges a cycle is still one), not those under `if TYPE_CHECKING:`
(type hints only, never run). `from package import submodule` is an edge to the submodule; a package is not a
dependency of its own submodules (Python is already loading it when they run)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import bulkio

ROOT = Path(bulkio.__file__).parent


def _module_names() -> dict[str, Path]:
    names = {}
    for path in ROOT.rglob("*.py"):
        parts = ["bulkio", *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _module_names()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            for target in targets:
                if target in modules and target != name and not name.startswith(target + "."):
                    edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle_it_is_shown() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = import_graph()
    assert "bulkio.session" in graph["bulkio.cli.runs"]  # imported inside `import_` only
    assert "bulkio.multi" not in graph["bulkio.import_runs"]  # under TYPE_CHECKING only


def test_no_import_cycle_in_bulkio() -> None:
    assert cycles(import_graph()) == []


# The orchestration of many dossiers and the sequence of steps sit above the steps of one dossier's import.
ABOVE_THE_STEPS = ("bulkio.lanes", "bulkio.multi", "bulkio.push_all", "bulkio.session", "bulkio.import_runs")


def test_the_steps_of_one_import_load_nothing_of_the_orchestration_above_them() -> None:
    probe = ("import sys, bulkio.pipeline; "
             f"print(sorted(name for name in {ABOVE_THE_STEPS!r} if name in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_the_layers_import_downwards_only() -> None:
    """pipeline (one dossier's steps) <- lanes <- multi (plans) <- push_all (pushes) <- session (the sequence)."""
    graph = import_graph()
    layers = ["bulkio.pipeline", "bulkio.lanes", "bulkio.multi", "bulkio.push_all", "bulkio.session"]
    for position, lower in enumerate(layers):
        assert not graph[lower] & set(layers[position + 1:]), lower
