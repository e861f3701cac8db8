"""Rule packs and settings from a hostile repository (issue 18): none of them hangs a run,
exhausts memory or switches checking off; each is refused in one line, or bounded."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from fuzz.harness import no_traceback, run

from copyedit.cli import main
from conftest import one_error  # noqa: E402


def invoke(args, input: str | None = None):
    return CliRunner().invoke(main, list(map(str, args)), input=input)


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("We utilise a,b here, lol.\n", encoding="utf-8")
    return p


# ------------------------------------------------------------------ YAML aliases
def _laughs(depth: int = 9) -> str:
    """Nine levels of nine aliases: 9^9 strings once expanded, a few hundred bytes as written."""
    lines = ['        - text: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, depth):
        lines.append(f"        - text: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BOMB_PACK = (
    "pack: bomb\nrules:\n  - id: lol\n    kind: regex\n    message: m\n    pattern: 'lol'\n    replacement: 'ha'\n"
    "    examples:\n      bad:\n" + _laughs()
)


@pytest.mark.parametrize("command", [["check", "--backend", "none"], ["rules", "test"]])
def test_alias_bomb_in_examples_is_refused_in_one_line_before_it_expands(tmp_path, article, command):
    f = tmp_path / "bomb.yaml"
    f.write_text(BOMB_PACK, encoding="utf-8")
    args = [*command, "--isolated", "--rules", f, article] if command[0] == "check" else [*command, "--isolated", f]
    r = run(*args, cwd=tmp_path, timeout=60)  # before: killed after 60 s
    assert r.returncode == 2
    err = no_traceback(r.stderr).strip()
    assert err.count("\n") == 0, err
    assert str(f) in err and "line 10" in err and "alias" in err


def test_an_alias_anywhere_in_a_rule_file_is_refused(tmp_path, article):
    f = tmp_path / "house.yaml"
    f.write_text(
        "pack: house\nrules:\n  - id: a\n    kind: regex\n    message: &m Say it.\n    pattern: 'utilise'\n"
        "  - id: b\n    kind: regex\n    message: *m\n    pattern: 'lol'\n",
        encoding="utf-8",
    )
    line = one_error(invoke(["check", "--isolated", "--backend", "none", "--rules", f, article]))
    assert str(f) in line and "alias" in line


def test_an_alias_in_a_data_file_is_refused(tmp_path, article):
    (tmp_path / "sets.yaml").write_text("- &x [colour, color]\n- *x\n", encoding="utf-8")
    f = tmp_path / "house.yaml"
    f.write_text("pack: house\nrules:\n  - id: spell\n    kind: consistency\n    message: m\n    data: sets.yaml\n", encoding="utf-8")
    line = one_error(invoke(["check", "--isolated", "--backend", "none", "--rules", f, article]))
    assert "sets.yaml" in line and "line 1" in line and "alias" in line


def test_anchors_without_aliases_still_load(tmp_path, article):
    f = tmp_path / "house.yaml"
    f.write_text("pack: house\nrules:\n  - id: a\n    kind: regex\n    message: &m Say 'use'.\n    pattern: 'utilise'\n    replacement: use\n", encoding="utf-8")
    r = invoke(["check", "--isolated", "--backend", "none", "--rules", f, article])
    assert r.exit_code == 1 and "Say 'use'." in r.stdout


# ------------------------------------------------------------------ settings
@pytest.mark.parametrize("value", ["inf", "1e300", "nan", "0", "-1", "61", "-inf"])
def test_regex_timeout_that_would_switch_checking_off_is_refused(tmp_path, article, value):
    (tmp_path / ".copyedit.toml").write_text(f"regex-timeout = {value}\n", encoding="utf-8")
    line = one_error(invoke(["check", "--backend", "none", article]))
    assert "regex-timeout" in line and "at most 60" in line


def test_regex_timeout_within_bounds_is_taken(tmp_path, article):
    (tmp_path / ".copyedit.toml").write_text("regex-timeout = 60\n", encoding="utf-8")
    assert invoke(["check", "--backend", "none", article]).exit_code == 1


# ------------------------------------------------------------------ linear scans
class _RegionSpy:
    """Stands in for the directive pattern and records which stretch of text each call may read."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.regions: list[str] = []

    def match(self, text, pos=0, endpos=None):
        self.regions.append(text[pos:endpos])
        return self.pattern.match(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text, pos=0, endpos=None):
        self.regions.append(text[pos:endpos])
        return self.pattern.finditer(text, pos, len(text) if endpos is None else endpos)

    search = match


def test_each_html_comment_is_read_once_whatever_is_left_unterminated(monkeypatch):
    """The directive pattern reads one whole comment at a time, never the rest of the file from every "<!--".

    (Tried from each "<!--", `.*?-->` read an unterminated comment full of
    directives to its end once per directive: 544 KB took 100 s.)
    """
    from copyedit import markdown

    spy = _RegionSpy(markdown._DIRECTIVE)
    monkeypatch.setattr(markdown, "_DIRECTIVE", spy)
    closed = "<!-- copyedit-disable comma-space -->\n\nText,here.\n\n<!-- copyedit-enable -->\n\n"
    text = "Intro.\n\n" + closed + "<!-- copyedit-disable x\n" * 2000 + "more,text\n"
    doc = markdown.markdown_document("a.md", text)
    assert [d[0] for d in doc.directives] == ["disable", "enable"]
    assert spy.regions, "the directive pattern was not used"
    for region in spy.regions:
        assert region.startswith("<!--") and region.endswith("-->") and region.count("-->") == 1, region[:80]  # one closed comment
    assert sum(map(len, spy.regions)) <= len(closed)


def test_html_comments_are_found_once_each_and_directives_keep_their_meaning():
    from copyedit.markdown import html_comments, markdown_document
    from copyedit.plaintext import plain_text_document

    md = markdown_document("a.md", "<!-- copyedit-disable a, b -->\n\nText.\n\n<!--copyedit-enable-->\n\n<!-- not one -->\n")
    assert [(k, r) for k, _, r in md.directives] == [("disable", ("a", "b")), ("enable", ())]
    txt = plain_text_document("a.txt", "Head\n\n# copyedit-disable-next-line harper  -->  \nText.\n  copyedit-enable\t\ncopyedit-enabled x\n")
    assert [(k, r) for k, _, r in txt.directives] == [("disable-next-line", ("harper",)), ("enable", ())]
    text = "<!-- a --> x <!----> <!-- b <!-- c --> <!-- open <!-- still open"
    assert [text[a:b] for a, b in html_comments(text)] == ["<!-- a -->", "<!---->", "<!-- b <!-- c -->"]


def _cpu_growth(make, scan, n: int) -> float:
    """How much more CPU `scan` takes on `make(4 * n)` than on `make(n)` (best of three each)."""
    import time

    def best(text):
        times = []
        for _ in range(3):
            t = time.process_time()
            scan(text)
            times.append(time.process_time() - t)
        return max(min(times), 1e-3)

    small, large = make(n), make(4 * n)
    return best(large) / best(small)


# Linear work grows 4 times for 4 times the input; the scans these replace grew
# 16 times (quadratic) or 64 times (cubic). 8 leaves room for a busy machine.
GROWTH_LIMIT = 8


@pytest.mark.slow
def test_plain_text_directive_lines_cost_in_proportion_to_their_length():
    from copyedit.plaintext import plain_text_document

    def make(k):
        return "Head\n\n" + ("copyedit-disable" + " " * k + "x\n" + " " * k + "y\n") * 100

    assert _cpu_growth(make, lambda t: plain_text_document("a.txt", t), 150) < GROWTH_LIMIT


@pytest.mark.slow
def test_unterminated_comment_of_directives_costs_in_proportion_to_its_length():
    from copyedit.markdown import markdown_document

    def make(n):
        return "Text.\n\n" + "<!-- copyedit-disable comma-space\n" * n

    assert _cpu_growth(make, lambda t: markdown_document("a.md", t), 2000) < GROWTH_LIMIT


@pytest.mark.slow
def test_spelling_sets_with_spaces_cost_in_proportion_to_a_run_of_spaces():
    """"per cent" is in the shipped spelling sets: "per" before a long run of spaces was quadratic."""
    import re

    from copyedit.checkers.consistency import _AFTER, _BEFORE, trie_pattern

    pattern = re.compile(_BEFORE + "(?:" + trie_pattern(["per cent", "percent", "web site"]) + ")" + _AFTER, re.IGNORECASE)
    assert [m.group() for m in pattern.finditer("per  cent, per \n  cent, per\n\ncent, web\nsite")] == ["per  cent", "per \n  cent", "web\nsite"]

    def make(k):
        return ("per" + " " * k + "x\n") * 20

    assert _cpu_growth(make, lambda t: list(pattern.finditer(t)), 4000) < GROWTH_LIMIT


def test_hostile_benchmark_runs_and_reports_growth():
    import json
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "hostile.py"
    r = subprocess.run([sys.executable, str(script), "--quick", "--json"], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)["cases"]
    assert {row["case"] for row in rows} >= {"unterminated comment of directives", "directive line of spaces"}
    assert all(row["growth"] > 0 for row in rows)


# ------------------------------------------------------------------ message templates
def _regex_pack(message: str, pattern: str = "util(is)e", extra: str = "    replacement: use\n") -> str:
    return f"pack: house\nrules:\n  - id: my-rule\n    kind: regex\n    message: {message}\n    pattern: '{pattern}'\n" + extra


@pytest.mark.parametrize(
    "message,problem",
    [
        ("'{match:>100000}'", "not a field"),  # a format spec: before, a 100,000-character line per finding
        ("'{match.__class__.__mro__}'", "not a field"),  # attribute access reached Python objects
        ("'{match[0]}'", "not a field"),
        ("'{match!r}'", "not a field"),
        ("'{nope}'", "unknown field {nope}"),
        ("'Close it }'", "'}' with no '{'"),
        ("'Open it {'", "never closed"),
    ],
)
def test_a_message_template_is_named_fields_only_and_a_bad_one_is_one_line(tmp_path, article, message, problem):
    f = tmp_path / "house.yaml"
    f.write_text(_regex_pack(message), encoding="utf-8")
    line = one_error(invoke(["check", "--isolated", "--backend", "none", "--rules", f, article]))
    assert str(f) in line and "'my-rule'" in line and "message" in line and problem in line


def test_template_check_never_formats_what_it_refuses():
    from copyedit import templates

    for bad in ("{match:>1000000000}", "{match.__class__.__mro__}", "{0.__globals__}", "{match:{match}}"):
        with pytest.raises(templates.TemplateError):
            templates.check(bad, {"match", "0"})
    templates.check("{{literal}} {match} and {1}", {"match", "1"})
    assert templates.render("{{literal}} {match} and {1}", {"match": "m", "1": "g"}) == "{literal} m and g"


def test_each_kind_checks_its_own_fields(tmp_path, article):
    consistency = (
        "pack: house\nrules:\n  - id: quotes\n    kind: consistency\n    mode: styles\n    message: 'Use {style}, not {reason}.'\n"
        "    styles:\n      curly: {open: '“'}\n      straight: {open: '\"'}\n"
    )
    f = tmp_path / "c.yaml"
    f.write_text(consistency, encoding="utf-8")
    line = one_error(invoke(["check", "--isolated", "--backend", "none", "--rules", f, article]))
    assert "unknown field {reason}" in line and "{style}" in line  # styles give match, preferred, style, other, count
    names = "pack: house\nrules:\n  - id: n\n    kind: names\n    message: 'Write {name}, not {match.x}.'\n    names: [Harbour Trust]\n"
    f.write_text(names, encoding="utf-8")
    assert "not a field" in one_error(invoke(["check", "--isolated", "--backend", "none", "--rules", f, article]))


def test_substituted_values_and_messages_are_bounded(tmp_path):
    from copyedit.templates import MAX_FIELD, MAX_MESSAGE

    doc = tmp_path / "a.txt"
    doc.write_text("A " + "x" * 5000 + " here.\n", encoding="utf-8")
    f = tmp_path / "house.yaml"
    f.write_text(_regex_pack("'Long: {match}'", pattern="x+", extra=""), encoding="utf-8")
    r = invoke(["check", "--isolated", "--backend", "none", "--format", "json", "--rules", f, doc])
    import json

    (msg,) = [s["message"] for fl in json.loads(r.stdout)["files"] for s in fl["suggestions"] if s["rule"] == "my-rule"]
    assert msg.startswith("Long: xxx") and msg.endswith("…") and len(msg) <= len("Long: ") + MAX_FIELD
    f.write_text(_regex_pack("'" + "{match}" * 1000 + "'", pattern="x+", extra=""), encoding="utf-8")
    r = invoke(["check", "--isolated", "--backend", "none", "--format", "json", "--rules", f, doc])
    (msg,) = [s["message"] for fl in json.loads(r.stdout)["files"] for s in fl["suggestions"] if s["rule"] == "my-rule"]
    assert len(msg) <= MAX_MESSAGE


def test_fields_still_fill_in(tmp_path, article):
    f = tmp_path / "house.yaml"
    f.write_text(_regex_pack("'Not {match} ({1}), {{sic}}.'"), encoding="utf-8")
    r = invoke(["check", "--isolated", "--backend", "none", "--rules", f, article])
    assert "Not utilise (is), {sic}." in r.stdout


# ------------------------------------------------------------------ every pattern bounded
SLOW_STYLE = """\
pack: slowc
rules:
  - id: slow-style
    kind: consistency
    mode: styles
    message: "Use {style}."
    styles:
      one: {a: {pattern: '(a|a)+$', text: b}}
      two: {b: 'zzz'}
"""


def test_a_slow_pattern_in_a_consistency_rule_is_stopped_by_the_time_limit(tmp_path):
    (tmp_path / "slow.yaml").write_text(SLOW_STYLE, encoding="utf-8")
    (tmp_path / ".copyedit.toml").write_text('rule-files = ["slow.yaml"]\nregex-timeout = 0.3\n', encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("Intro text here.\n" + "a" * 40 + "!\nzzz and zzz.\n", encoding="utf-8")
    r = run("check", "--backend", "none", doc, doc.with_name("b.txt"), cwd=tmp_path, timeout=60)  # before: ran until killed
    err = no_traceback(r.stderr)
    assert r.returncode == 2  # incomplete
    (note,) = [ln for ln in err.splitlines() if "slow-style" in ln]
    assert "stopped after 0.3s" in note and "slow.yaml" in note and "incomplete" in note and "a.txt from line" in note


def test_a_consistency_rule_stopped_once_stays_off_for_the_run():
    from copyedit.checkers import Context
    from copyedit.checkers.consistency import build
    from copyedit.formats import build_document
    from copyedit.packs import parse_pack
    import yaml

    pack = parse_pack(yaml.safe_load(SLOW_STYLE), "slow.yaml")
    checker = build(pack.rules, Context(regex_timeout=0.05))
    trap = "a" * 22 + "!\n"  # a second or so of backtracking without a limit
    (note,) = checker.check(build_document("a.txt", trap + "zzz zzz\n"))
    assert note.incomplete and "'slow-style'" in note.message
    (again,) = checker.check(build_document("b.txt", trap))
    assert again.incomplete and again.message == ""


@pytest.mark.parametrize(
    "where,pack_text",
    [
        ("regex pattern", "pack: p\nrules:\n  - id: r\n    kind: regex\n    message: m\n    pattern: '(?:a{60000}){60000}'\n"),
        ("antipattern", "pack: p\nrules:\n  - id: r\n    kind: regex\n    message: m\n    pattern: 'x'\n    antipatterns: ['(?:(?:a{1000}){1000}){1000}']\n"),
        (
            "style pattern",
            "pack: p\nrules:\n  - id: r\n    kind: consistency\n    mode: styles\n    message: m\n"
            "    styles:\n      one: {a: {pattern: '(?:a{60000}){60000}', text: b}}\n      two: {b: 'b'}\n",
        ),
    ],
)
def test_a_pattern_that_unrolls_past_the_bound_is_refused_before_it_compiles(tmp_path, article, where, pack_text):
    f = tmp_path / "p.yaml"
    f.write_text(pack_text, encoding="utf-8")
    r = run("check", "--isolated", "--backend", "none", "--rules", f, article, cwd=tmp_path, timeout=60)  # before: never finished compiling
    err = no_traceback(r.stderr).strip()
    assert r.returncode == 2 and err.count("\n") == 0, err
    assert "'r'" in err and "unroll" in err


def test_a_spelling_too_long_for_the_pattern_is_one_line_not_a_recursion_error(tmp_path, article):
    f = tmp_path / "v.yaml"
    f.write_text(f"pack: v\nrules:\n  - id: v\n    kind: consistency\n    message: m\n    sets:\n      - [{'a' * 3000}, {'b' * 3000}]\n", encoding="utf-8")
    line = one_error(invoke(["check", "--isolated", "--backend", "none", "--rules", f, article]))
    assert "'v'" in line and "3,000 characters" in line and len(line) < 300


def test_unrolled_size_multiplies_nested_repeats_only():
    from copyedit.userpatterns import MAX_UNROLLED, unrolled_size

    assert unrolled_size("abc") == 3
    assert unrolled_size("a{1000}b{1000}") == 2000
    assert unrolled_size("((x{10}){10}){10}") == 1000
    assert unrolled_size(r"[{]{5}\p{L}{3}") == 8  # a class and an escape are one atom each
    assert unrolled_size("(?:(?:a{1000}){1000})") > MAX_UNROLLED


@pytest.mark.parametrize("value", [".nan", ".inf", "true"])
def test_a_consistency_ratio_that_would_switch_the_rule_off_is_refused(tmp_path, article, value):
    f = tmp_path / "c.yaml"
    f.write_text(f"pack: c\nrules:\n  - id: c\n    kind: consistency\n    message: m\n    min_ratio: {value}\n    sets: [[colour, color]]\n", encoding="utf-8")
    line = one_error(invoke(["check", "--isolated", "--backend", "none", "--rules", f, article]))
    assert "'c'" in line and "min_ratio" in line


def test_a_replacement_that_copies_the_match_without_end_is_refused(tmp_path, article):
    f = tmp_path / "house.yaml"
    f.write_text(_regex_pack("'m'", extra="    replacement: '" + "\\g<0>" * 1000 + "'\n"), encoding="utf-8")
    line = one_error(invoke(["check", "--isolated", "--backend", "none", "--rules", f, article]))
    assert "'my-rule'" in line and "1,000 times" in line


# ------------------------------------------------------------------ directives by the thousand
SLIPS = "It rose,then  fell. Sales rose in in May."  # comma-space, double-space, doubled-word


def _rules_by_paragraph(text: str) -> list[set[str]]:
    from copyedit.config import Settings
    from copyedit.engine import build_engine

    _, found = build_engine(Settings(backends=("none",))).check_text("a.md", text)
    paras = [i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("It rose")]
    return [{s.rule for s in found if s.line == p} for p in paras]


def test_a_rule_disabled_twice_stays_off_from_the_first_disable():
    """Re-enabling one rule of a wider disable keeps the others off from where they were first disabled."""
    text = (
        "<!-- copyedit-disable comma-space -->\n\n" + SLIPS + "\n\n"
        "<!-- copyedit-disable comma-space doubled-word -->\n\n" + SLIPS + "\n\n"
        "<!-- copyedit-enable doubled-word -->\n\n" + SLIPS + "\n"
    )
    first, second, third = _rules_by_paragraph(text)
    assert "comma-space" not in first | second | third  # before: back on in the first paragraph
    assert "doubled-word" in first and "doubled-word" not in second and "doubled-word" in third


def test_the_directive_sweep_drops_exactly_what_testing_every_region_drops():
    import random

    from copyedit.markdown import markdown_document
    from copyedit.model import Suggestion
    from copyedit.suppress import Selector, _regions, directive_filter

    rng = random.Random(18)
    rules = ["comma-space", "doubled-word", "punctuation", "harper", "x"]
    rule_pack = {"comma-space": "punctuation", "doubled-word": "grammar"}
    for _ in range(40):
        parts = []
        for _ in range(rng.randint(1, 12)):
            kind = rng.choice(["disable", "enable", "disable-next-line"])
            ids = " ".join(rng.sample(rules, rng.randint(0, 2)))
            parts.append(f"<!-- copyedit-{kind} {ids} -->\n" + rng.choice(["", "\n"]) + "Some text here.\n\n")
        doc = markdown_document("a.md", "".join(parts))
        found = [
            Suggestion(start=p, end=p + 1, text="x", replacements=(), rule=r, source=src, message="m")
            for p in range(0, len(doc.text), 7)
            for r, src in (("comma-space", "rules"), ("harper:CommaFixes", "harper"), ("doubled-word", "rules"))
        ]
        regions = [(a, b, Selector(r or ("all",), rule_pack)) for a, b, r in _regions(doc)]
        aliases = {"harper:CommaFixes": ("comma-space",)}
        expected = [
            s for s in found
            if not any(a <= s.start < b and (sel.matches(s) or any(sel.matches_id(x) for x in aliases.get(s.rule, ()))) for a, b, sel in regions)
        ]
        assert directive_filter(doc, found, rule_pack, aliases=aliases) == expected


@pytest.mark.slow
def test_a_file_of_thousands_of_directives_costs_in_proportion_to_its_length():
    from copyedit.config import Settings
    from copyedit.engine import build_engine

    engine = build_engine(Settings(backends=("none",)))

    def make(n):
        return "".join(f"<!-- copyedit-disable rule{i} -->\n\n<!-- copyedit-enable rule{i + 1} x -->\n\n{SLIPS}\n\n" for i in range(n))

    assert _cpu_growth(make, lambda t: engine.check_text("a.md", t), 1000) < GROWTH_LIMIT
