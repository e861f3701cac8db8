"""No import cycles among copyedit's modules.

A cycle makes the order of imports matter and hides which module depends on
which: the data must flow one way (read file -> segment -> check -> merge ->
render or apply). The walk is over the source, with `ast`: every `import` and
`from ... import` counts, at module level or inside a function (a deferred
import is still a dependency, only a later one), and so does a literal
`importlib.import_module("copyedit....")`. Importing `a.b.c` also runs the
package `a.b`'s `__init__`, so that is counted as an edge too.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "copyedit"

#: No cycle is allowed.
ALLOWED_CYCLES: list[frozenset[str]] = []

#: The names the top-level package hands out lazily (PEP 562 `__getattr__`):
#: the public API for callers outside copyedit. Importing a submodule runs
#: `copyedit/__init__`, which does not run that `__getattr__`, so its imports
#: are no edge, as long as no copyedit module asks the package for these names.
LAZY_PUBLIC = {"load", "Editor", "Finding", "Fixed", "ConfigError"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _owner(name: str, modules) -> str | None:
    """The module (or package) that `import name` runs last."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _with_parents(name: str, modules) -> set[str]:
    """A module and the packages above it, whose `__init__` importing it runs."""
    out = set()
    while name:
        if name in modules:
            out.add(name)
        name = name.rpartition(".")[0]
    return out


def _imports(module: str, path: Path, modules) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets: set[str] = set()
    skip: set[int] = set()
    if module == "copyedit":
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
                skip = {id(n) for n in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            for a in node.names:
                full = f"{base}.{a.name}"
                targets.add(full if full in modules else base)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            targets.add(node.args[0].value)
    out = set()
    for t in targets:
        owner = _owner(t, modules)
        if owner:
            out |= _with_parents(owner, modules)
    out.discard(module)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: _imports(m, p, modules) for m, p in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[frozenset[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(frozenset(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    found = cycles(import_graph())
    unexpected = [sorted(c) for c in found if c not in ALLOWED_CYCLES]
    assert not unexpected, f"import cycles: {unexpected}"


def test_no_module_asks_the_package_for_its_lazy_public_names():
    """Else the lazy `__getattr__` would run inside copyedit, and its imports would be real edges."""
    asking = []
    for module, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "copyedit" and not node.level:
                asking += [f"{module}: {a.name}" for a in node.names if a.name in LAZY_PUBLIC]
    assert not asking


def test_the_cycle_check_sees_cycles():
    """The walk finds a cycle made of function-level and importlib imports."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]


def test_deferred_and_dynamic_imports_are_edges(tmp_path):
    pkg = tmp_path / "p"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from p import b\n")
    (pkg / "b.py").write_text("import importlib\nimportlib.import_module('p.c')\n")
    (pkg / "c.py").write_text("from .a import f\n")
    modules = {"p": pkg / "__init__.py", "p.a": pkg / "a.py", "p.b": pkg / "b.py", "p.c": pkg / "c.py"}
    graph = {m: _imports(m, path, modules) for m, path in modules.items()}
    assert graph["p.a"] == {"p", "p.b"}
    assert graph["p.b"] == {"p", "p.c"}
    assert graph["p.c"] == {"p", "p.a"}
    assert cycles(graph) == [frozenset({"p.a", "p.b", "p.c"})]


def test_allowed_cycles_name_only_the_modules_being_untangled():
    assert all(c <= {"copyedit.checkers", "copyedit.packs"} for c in ALLOWED_CYCLES)
