"""Rule packs and settings from a hostile repository (issue 18): none of them hangs a run,
exhausts memory or switches checking off; each is refused in one line, or bounded."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from fuzz.harness import no_traceback, run

from copyedit.cli import main


def invoke(args, input: str | None = None):
    return CliRunner().invoke(main, list(map(str, args)), input=input)


def one_error(result) -> str:
    """The run failed the way users must see failures: exit 2, one line, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("copyedit: error: ")
    return lines[0]


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
