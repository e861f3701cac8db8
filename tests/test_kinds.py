"""Rule kinds behind one contract: a kind is one module and a registry entry, its options are
typed and read once with unknown keys refused, checkers return notes, and packs and kinds do not
import each other."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import textwrap
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from click.testing import CliRunner

from copyedit.checkers import registry
from copyedit.cli import main
from copyedit.config import Settings
from copyedit.formats import build_document
from copyedit.engine import Engine, build_engine
from copyedit.examples import run_pack_examples
from copyedit.fixer import fix_text
from copyedit.model import SOURCE_RULES, Applicability, Note, Severity
from copyedit.packs import PackError, load_pack_file, parse_pack
from copyedit.rulespec import RuleSpec

ROOT = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------- a new kind
#: A whole rule kind, as someone adding one would write it: one module.
LITERAL_KIND = '''
"""`literal` rules: one exact string, and what replaces it."""

from dataclasses import dataclass

from copyedit.checkers import Kind
from copyedit.checkers.options import Options, known_keys
from copyedit.model import Note


@dataclass(frozen=True)
class LiteralOptions(Options):
    find: str = ""
    replace: str | None = None
    #: More hits than this in one document: say so instead of reporting them.
    at_most: int = 100

    @classmethod
    def parse(cls, raw, rule):
        keys = known_keys(cls, raw, rule)
        if not isinstance(keys.get("find"), str) or not keys["find"]:
            raise rule.error("'find' must be a non-empty string")
        return cls(**keys)

    @property
    def offers_fix(self):
        return self.replace is not None


class LiteralChecker:
    name = "literal"

    def __init__(self, specs):
        self.specs = specs

    def check(self, doc):
        out = []
        for spec in self.specs:
            o = spec.options
            starts = [i for i in range(len(doc.view)) if doc.view.startswith(o.find, i)]
            if len(starts) > o.at_most:
                out.append(Note(f"{doc.path}: rule {spec.id!r}: {len(starts)} hits, too many to report"))
                continue
            for i in starts:
                s = doc.emit(spec, i, i + len(o.find), [o.replace] if o.replace is not None else [])
                if s is not None:
                    out.append(s)
        return out


KIND = Kind("literal", LiteralOptions, lambda specs, ctx: LiteralChecker(specs), category="usage")
'''

LITERAL_PACK = """\
pack: newsroom
rules:
  - id: no-e-mail
    kind: literal
    message: Write email.
    find: e-mail
    replace: email
    examples:
      bad:
        - text: Send an e-mail.
          fixed: Send an email.
      good:
        - Send an email.
"""


@pytest.fixture
def literal_kind(tmp_path):
    """The `literal` kind, imported from its own file and registered for the test only."""
    path = tmp_path / "literal_kind.py"
    path.write_text(LITERAL_KIND, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("literal_kind", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    registry.register(module.KIND)
    yield module.KIND
    registry.unregister("literal")


def test_a_new_kind_is_one_module_and_a_registry_entry(literal_kind, tmp_path):
    pack_file = tmp_path / "newsroom.yaml"
    pack_file.write_text(LITERAL_PACK, encoding="utf-8")
    pack = load_pack_file(str(pack_file))
    (spec,) = pack.rules
    assert isinstance(spec.options, literal_kind.options) and spec.options.find == "e-mail"
    assert spec.category == "usage"  # the kind's default
    assert run_pack_examples(pack) == (2, [])

    engine = build_engine(Settings(backends=("none",), rule_files=(str(pack_file),)))
    _, found = engine.check_text("a.txt", "An e-mail, then another e-mail.\n")
    assert [(s.rule, s.text, s.replacements, s.source) for s in found] == [("no-e-mail", "e-mail", ("email",), SOURCE_RULES)] * 2
    assert fix_text(engine, "a.txt", "An e-mail.\n").text == "An email.\n"

    article = tmp_path / "a.txt"
    article.write_text("An e-mail.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--isolated", "--backend", "none", "--rules", str(pack_file), str(article)])
    assert r.exit_code == 1 and "no-e-mail" in r.output, r.output
    listed = CliRunner().invoke(main, ["rules", "list", "--isolated", "--rules", str(pack_file), "--pack", "newsroom"])
    assert listed.exit_code == 0 and "literal" in listed.output, listed.output


def test_a_new_kind_returns_notes_that_reach_the_document(literal_kind, tmp_path):
    pack_file = tmp_path / "newsroom.yaml"
    pack_file.write_text(LITERAL_PACK.replace("replace: email", "replace: email\n    at_most: 1"), encoding="utf-8")
    engine = build_engine(Settings(backends=("none",), rule_files=(str(pack_file),)))
    doc, found = engine.check_text("a.txt", "e-mail e-mail\n")
    assert found == [] and doc.notes == ["a.txt: rule 'no-e-mail': 2 hits, too many to report"]
    assert not doc.incomplete


def test_a_kind_no_longer_registered_is_unknown(literal_kind, tmp_path):
    registry.unregister("literal")
    with pytest.raises(PackError, match="unknown kind 'literal'"):
        parse_pack(yaml_load(LITERAL_PACK), "newsroom.yaml")
    registry.register(literal_kind)


def test_the_registry_refuses_a_second_kind_of_one_name(literal_kind):
    from copyedit.checkers import Kind

    with pytest.raises(ValueError, match="already registered"):
        registry.register(Kind("literal", literal_kind.options, literal_kind.build))
    registry.register(literal_kind)  # the same kind again is no conflict
    with pytest.raises(ValueError, match="built in"):
        registry.unregister("regex")


def yaml_load(text: str):
    import yaml

    return yaml.safe_load(text)


# ------------------------------------------------------------ options per kind
#: The least each built-in kind needs: a new built-in kind must be added here.
MINIMAL = {
    "regex": {"pattern": "utilise", "replacement": "use"},
    "names": {"names": ["Bank of England"]},
    "proper_nouns": {"names": ["Paris"]},
    "acronyms": {"acronyms": [{"acronym": "UN", "expansion": "United Nations"}]},
    "consistency": {"sets": ["color/colour"]},
    "headline": {},
}


def rule_pack(kind: str, **extra) -> dict:
    return {"pack": "house", "rules": [{"id": "r", "kind": kind, "message": "m", **MINIMAL[kind], **extra}]}


def test_every_built_in_kind_is_covered_here():
    assert set(MINIMAL) == {k.name for k in registry.BUILTIN}
    assert registry.kind_names()[: len(registry.BUILTIN)] == [k.name for k in registry.BUILTIN]


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_options_are_a_frozen_value_of_the_kinds_type(kind):
    (spec,) = parse_pack(rule_pack(kind), "house.yaml").rules
    assert type(spec.options) is registry.get(kind).options
    with pytest.raises(FrozenInstanceError):
        spec.options.anything = 1


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_an_unknown_option_is_one_line_naming_file_rule_and_key(kind):
    with pytest.raises(PackError) as e:
        parse_pack(rule_pack(kind, colour="red"), "house.yaml")
    assert str(e.value) == f"house.yaml: rule 'r': unknown key 'colour' for kind {kind!r}"


@pytest.mark.parametrize("kind, other", [("names", "pattern"), ("regex", "names"), ("headline", "sets"), ("consistency", "minor_words")])
def test_another_kinds_option_is_unknown_too(kind, other):
    with pytest.raises(PackError, match=f"unknown key {other!r} for kind {kind!r}"):
        parse_pack(rule_pack(kind, **{other: "x"}), "house.yaml")


def test_a_misspelt_common_key_is_named_as_unknown_not_as_missing():
    data = rule_pack("regex")
    data["rules"][0]["mesage"] = data["rules"][0].pop("message")
    with pytest.raises(PackError, match="unknown key 'mesage'"):
        parse_pack(data, "house.yaml")


def test_unknown_options_are_refused_on_the_command_line_as_one_line(tmp_path):
    f = tmp_path / "house.yaml"
    f.write_text("pack: house\nrules:\n  - id: my-names\n    kind: names\n    message: m\n    names: [Bank of England]\n    min_ration: 90\n")
    article = tmp_path / "a.txt"
    article.write_text("Text.\n")
    r = CliRunner().invoke(main, ["check", "--isolated", "--backend", "none", "--rules", str(f), str(article)])
    assert r.exit_code == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(f) in lines[0] and "'my-names'" in lines[0] and "'min_ration'" in lines[0], r.stderr


# ------------------------------------------------------------ notes and emit
class _Noting:
    name = "noting"

    def check(self, doc):
        return [Note("warning: said once"), Note("", incomplete=True)]


def test_the_engine_passes_a_checkers_notes_on_with_the_document():
    engine = Engine(settings=Settings(backends=("none",)), packs=[], checkers=[_Noting()])
    doc, found = engine.check_text("a.txt", "Fine.\n")
    assert found == [] and doc.notes == ["warning: said once"] and doc.incomplete


def test_emit_fills_in_what_the_rule_settles():
    doc = build_document("a.txt", "We utilise it.\n")
    spec = RuleSpec(id="plain", kind="regex", pack="p", message="Say use.", severity=Severity.INFO, category="usage", fix=Applicability.UNSAFE)
    s = doc.emit(spec, 3, 10, ["use"])
    assert (s.rule, s.source, s.message, s.category, s.severity, s.applicability) == (
        "plain", SOURCE_RULES, "Say use.", "usage", Severity.INFO, Applicability.UNSAFE
    )
    s = doc.emit(spec, 3, 10, [], message="Worded for this one.", applicability=Applicability.DISPLAY)
    assert (s.message, s.applicability, s.replacements) == ("Worded for this one.", Applicability.DISPLAY, ())


# ------------------------------------------------------------------ cycles
#: The modules this contract is made of: none of them may be in an import cycle.
CONTRACT = ("copyedit.packs", "copyedit.rulespec", "copyedit.ruledata", "copyedit.variants", "copyedit.dialects", "copyedit.checkers")


def _import_graph() -> dict[str, set[str]]:
    """Every copyedit module and the copyedit modules it imports, at the top or inside a function."""
    pkg = ROOT / "copyedit"
    files = {}
    for f in pkg.rglob("*.py"):
        parts = list(f.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = f
    graph: dict[str, set[str]] = {m: set() for m in files}
    for mod, f in files.items():
        package = mod if f.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package
                    for _ in range(node.level - 1):
                        up = up.rpartition(".")[0]
                    base = up + ("." + base if base else "")
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            graph[mod].update(n for n in names if n in files and n != mod)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _in_contract(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in CONTRACT)


def test_no_import_cycle_runs_through_packs_or_the_rule_kinds():
    graph = _import_graph()
    assert "copyedit.checkers.registry" in graph["copyedit.packs"]  # the walk sees the imports it must
    assert [c for c in _cycles(graph) if any(_in_contract(m) for m in c)] == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize(
    "module",
    ["copyedit.packs", "copyedit.rulespec", "copyedit.ruledata", "copyedit.checkers", "copyedit.checkers.registry"]
    + [f"copyedit.checkers.{k}" for k in sorted(MINIMAL)],
)
def test_each_module_imports_first_in_a_fresh_interpreter(module):
    """Whichever module a program imports first, it imports: no half-initialised module on a cycle."""
    code = f"import {module}"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr


def test_a_kind_module_does_not_import_packs():
    code = textwrap.dedent(
        """
        import sys
        import copyedit.checkers.registry
        print("copyedit.packs" in sys.modules)
        """
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "False", r.stderr
