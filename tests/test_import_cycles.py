"""No import cycles among copyedit's modules.

A cycle makes the order of imports matter and hides which module depends on
which: the data must flow one way (read file -> segment -> check -> merge ->
render or apply). The walk is over the source, with `ast`: every `import` and
`from ... import` counts, at module level or inside a function (a deferred
import is still a dependency, only a later one), and so does a literal
`importlib.import_module("copyedit....")`. Importing `a.b.c` also runs the
package `a.b`'s `__init__`, so that is counted as an edge too.

One exception: a package's module-level `__getattr__` (PEP 562), which makes
`copyedit.load` and `copyedit.Editor` work without importing the API when
`copyedit.config` is imported. What it imports is the dependency of whoever
reads those names from the package, not of every submodule (importing one
never calls it), so it is not counted; instead no copyedit module may read
those names through the package: inside it, they are imported from where they
are defined.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "copyedit"

#: Cycles being removed on another branch, allowed until that work lands; none now.
ALLOWED_CYCLES: list[frozenset[str]] = []


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


def _lazy_hook_nodes(tree: ast.Module, path: Path) -> set[int]:
    """The nodes of a package's module-level `__getattr__`, which importing a submodule never runs."""
    if path.name != "__init__.py":
        return set()
    hooks = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "__getattr__"]
    return {id(sub) for hook in hooks for sub in ast.walk(hook)}


def _imports(module: str, path: Path, modules) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    lazy = _lazy_hook_nodes(tree, path)
    targets: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in lazy:
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


def test_every_module_is_walked():
    """Every package the wheel ships (pyproject's list) is in the graph, with its modules."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    graph = import_graph()
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    packages = set(pyproject["tool"]["setuptools"]["packages"]) - {"copyedit.rules"}  # rules/: YAML, no code
    assert {"copyedit.lsp", "copyedit.scan", "copyedit.filters"} <= packages <= set(graph)
    assert len(graph) == len(list(PACKAGE.rglob("*.py")))


def _eager_names(init: Path) -> set[str]:
    """The names a package's `__init__` binds when it is imported."""
    out = set()
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)  # not its body: that runs later, if ever
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                out.add(sub.id)
            elif isinstance(sub, ast.alias):
                out.add((sub.asname or sub.name).split(".")[0])
    return out


def lazy_reads(modules: dict[str, Path]) -> list[str]:
    """Where a copyedit module reads a name its package only makes on demand (`copyedit.load`)."""
    out = []
    packages = {m: p for m, p in modules.items() if p.name == "__init__.py"}
    eager = {m: _eager_names(p) for m, p in packages.items()}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in packages:
                names = [a.name for a in node.names]
                pkg = node.module
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in packages:
                names, pkg = [node.attr], node.value.id
            else:
                continue
            for name in names:
                if f"{pkg}.{name}" not in modules and name not in eager[pkg]:
                    out.append(f"{module}:{node.lineno}: {pkg}.{name}")
    return out


def test_no_module_reads_the_lazy_api_through_the_package():
    assert lazy_reads(_modules()) == []


def test_the_lazy_hook_is_no_edge_but_reading_through_it_is_caught(tmp_path):
    pkg = tmp_path / "p"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        "V = 1\n\ndef __getattr__(name):\n    from p.api import load\n    return load\n"
    )
    (pkg / "api.py").write_text("from p import conf\n\ndef load():\n    return conf\n")
    (pkg / "conf.py").write_text("from p import V\n")
    (pkg / "user.py").write_text("import p\n\ndef f():\n    return p.load()\n")
    modules = {"p": pkg / "__init__.py", "p.api": pkg / "api.py", "p.conf": pkg / "conf.py", "p.user": pkg / "user.py"}
    graph = {m: _imports(m, path, modules) for m, path in modules.items()}
    assert graph["p"] == set() and cycles(graph) == []
    assert lazy_reads(modules) == ["p.user:4: p.load"]
