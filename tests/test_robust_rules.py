"""User rules and configuration: every mistake is one line naming the file, the rule and the problem;
a pattern that backtracks forever is stopped by its time limit and reported."""

from __future__ import annotations

import textwrap
import time

import pytest
from click.testing import CliRunner

from fuzz.harness import no_traceback, run

from copyedit.cli import main
from conftest import one_error  # noqa: E402

GOOD_RULE = """\
  - id: my-rule
    kind: regex
    message: Say it better.
    pattern: 'utilise'
    replacement: 'use'
"""


def pack(*rules: str, head: str = "pack: house\n") -> str:
    return head + "rules:\n" + "".join(rules)


def rule(**changes) -> str:
    """GOOD_RULE with keys replaced (value None drops the key) or added, as YAML text."""
    lines = {}
    for ln in GOOD_RULE.splitlines():
        key, _, value = ln.strip().removeprefix("- ").partition(": ")
        lines[key] = value
    for k, v in changes.items():
        if v is None:
            lines.pop(k, None)
        else:
            lines[k] = v
    out = []
    for i, (k, v) in enumerate(lines.items()):
        out.append(("  - " if i == 0 else "    ") + f"{k}: {v}")
    return "\n".join(out) + "\n"


def invoke(args, cwd=None):
    result = CliRunner().invoke(main, list(map(str, args)))
    return result


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("We utilise a,b here.\n", encoding="utf-8")
    return p


def check_with_rules(tmp_path, article, yaml_text: str, name: str = "house.yaml"):
    f = tmp_path / name
    f.write_text(yaml_text, encoding="utf-8")
    return f, invoke(["check", "--isolated", "--backend", "none", "--rules", f, article])


# ------------------------------------------------------------------ rule files
RULE_FILE_CASES = {
    "invalid-regex": (rule(pattern="'(utilise'"), ["my-rule", "invalid pattern", "missing )"]),
    "invalid-regex-range": (rule(pattern="'[z-a]'"), ["my-rule", "invalid pattern"]),
    "unknown-key": (rule(replacment="'use'"), ["my-rule", "unknown key 'replacment'"]),
    "unknown-kind": (rule(kind="regexp"), ["my-rule", "unknown kind 'regexp'"]),
    "message-not-text": (rule(message="42"), ["my-rule", "'message'"]),
    "pattern-not-text": (rule(pattern="[a, b]"), ["my-rule", "'pattern' must be a non-empty string"]),
    "flags-not-a-list": (rule(flags="3"), ["my-rule", "'flags' must be"]),
    "unknown-flag": (rule(flags="[ignorcase]"), ["my-rule", "unknown flag 'ignorcase'"]),
    "replacement-not-text": (rule(replacement="5"), ["my-rule", "'replacement' must be a string"]),
    "replacement-unclosed-group": (rule(replacement="'\\g<'"), ["my-rule", "invalid replacement"]),
    "replacement-bad-escape": (rule(replacement="'\\q'"), ["my-rule", "invalid replacement", "bad escape"]),
    "replacement-missing-group": (rule(replacement="'\\2'"), ["my-rule", "group 2"]),
    "exceptions-not-a-list": (rule(exceptions="foo"), ["my-rule", "'exceptions' must be a list"]),
    "severity-unknown": (rule(severity="5"), ["my-rule", "severity must be"]),
    "fix-unknown": (rule(fix="maybe"), ["my-rule", "fix must be"]),
    "case-unknown": (rule(case="sideways"), ["my-rule", "unknown case 'sideways'"]),
    "offer-severity-without-offer-group": (rule(offer_severity="info"), ["my-rule", "'offer_severity' needs a group named offer"]),
    "offer-severity-unknown": (rule(pattern="'util(?P<offer>i)se'", offer_severity="low"), ["my-rule", "'offer_severity' must be error, warning or info"]),
    "examples-not-a-mapping": (rule(examples="'x'"), ["my-rule", "examples must be a mapping"]),
    "bad-example-without-text": (rule(examples="{bad: [{fixed: x}]}"), ["my-rule", "needs 'text'"]),
    "duplicate-id-in-file": (rule() + rule(pattern="'other'"), ["my-rule", "duplicate rule id"]),
    "duplicate-of-builtin": (rule(id="comma-space"), ["comma-space", "duplicate rule id", "punctuation.yaml"]),
    "id-not-text": (rule(id="5"), ["rule #1", "'id'"]),
}


@pytest.mark.parametrize("case", sorted(RULE_FILE_CASES))
def test_rule_file_mistakes_are_one_line_naming_file_rule_and_problem(tmp_path, article, case):
    body, fragments = RULE_FILE_CASES[case]
    f, result = check_with_rules(tmp_path, article, pack(body))
    line = one_error(result)
    assert str(f) in line, line
    for frag in fragments:
        assert frag in line, (frag, line)


PACK_FILE_CASES = {
    "unknown-pack-key": (pack(rule()) + "rulez: []\n", ["unknown key 'rulez'"]),
    "not-a-mapping": ("- just\n- a list\n", ["must be a mapping"]),
    "empty-file": ("", ["must be a mapping"]),
    "no-rules": ("pack: house\nrules: []\n", ["'rules' must be a non-empty list"]),
    "invalid-yaml": ("pack: house\nrules:\n  - id: [unclosed\n", ["invalid YAML", "line"]),
    "rule-not-mapping": (pack("  - just a string\n"), ["rule #1 is not a mapping"]),
}


@pytest.mark.parametrize("case", sorted(PACK_FILE_CASES))
def test_pack_file_mistakes_are_one_line_naming_the_file(tmp_path, article, case):
    text, fragments = PACK_FILE_CASES[case]
    f, result = check_with_rules(tmp_path, article, text)
    line = one_error(result)
    assert str(f) in line
    for frag in fragments:
        assert frag in line, (frag, line)




@pytest.mark.parametrize(
    "body,fragments",
    [
        pytest.param(rule(enabled="'no'"), ["my-rule", "enabled"], id="enabled-not-bool"),
        pytest.param(rule(category="[x, y]"), ["my-rule", "category"], id="category-not-text"),
        pytest.param(rule(dialects="5"), ["my-rule", "dialects"], id="dialects-not-a-list"),
        pytest.param(rule(description="[1, 2]"), ["my-rule", "description"], id="description-not-text"),
        pytest.param(rule(examples="{good: [{fixed: x}]}"), ["my-rule", "good example"], id="good-example-without-text"),
    ],
)
def test_rule_field_types_are_checked(tmp_path, article, body, fragments):
    f, result = check_with_rules(tmp_path, article, pack(body))
    line = one_error(result)
    assert str(f) in line
    for frag in fragments:
        assert frag in line, (frag, line)


def test_duplicate_pack_id_is_an_error(tmp_path, article):
    f, result = check_with_rules(tmp_path, article, pack(rule(), head="pack: punctuation\n"))
    line = one_error(result)
    assert str(f) in line and "punctuation" in line and "duplicate pack id" in line


def test_duplicate_rule_id_across_two_user_files(tmp_path, article):
    first = tmp_path / "first.yaml"
    first.write_text(pack(rule()), encoding="utf-8")
    second = tmp_path / "second.yaml"
    second.write_text(pack(rule(pattern="'other'"), head="pack: other\n"), encoding="utf-8")
    result = invoke(["check", "--isolated", "--backend", "none", "--rules", first, "--rules", second, article])
    line = one_error(result)
    assert str(second) in line and str(first) in line and "'my-rule'" in line and "duplicate rule id" in line


def test_missing_and_undecodable_rule_files(tmp_path, article):
    line = one_error(invoke(["check", "--isolated", "--rules", tmp_path / "nope.yaml", article]))
    assert "nope.yaml" in line and "not found" in line
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"pack: \xff\xfe\n")
    line = one_error(invoke(["check", "--isolated", "--rules", bad, article]))
    assert str(bad) in line and "cannot read rule file" in line


# ------------------------------------------------------------------ configuration
CONFIG_CASES = {
    "unknown-key": ('dialekt = "gb"\n', ["unknown key 'dialekt'"]),
    "unknown-nested-key": ('[languagetool]\nurll = "http://x"\n', ["urll"]),
    "unknown-vocabulary-key": ("[vocabulary]\naccepts = []\n", ["accepts"]),
    "dialect-not-text": ("dialect = 3\n", ["dialect", "expected str, got int"]),
    "unknown-dialect": ('dialect = "martian"\n', ["dialect", "unknown dialect 'martian'"]),
    "timeout-not-number": ('regex-timeout = "fast"\n', ["regex-timeout", "expected float"]),
    "disable-not-list": ("disable = 5\n", ["disable", "expected a list"]),
    "flag-not-bool": ('unsafe-fixes = "yes"\n', ["unsafe-fixes", "expected bool"]),
    "names-wrong-items": ("names = [1]\n", ["names", "each name"]),
    "unknown-pack": ('disable-packs = ["punctuaton"]\n', ["unknown pack 'punctuaton'"]),
    "unknown-backend": ('backend = ["harpr"]\n', ["unknown backend 'harpr'"]),
    "invalid-toml": ("dialect = \n", ["invalid TOML"]),
    "duplicate-key": ('dialect = "gb"\ndialect = "us"\n', ["invalid TOML"]),
    "vocabulary-file-missing": ('[vocabulary]\naccept-file = "words.txt"\n', ["accept-file", "cannot read"]),
}


@pytest.mark.parametrize("case", sorted(CONFIG_CASES))
def test_config_mistakes_are_one_line_naming_file_and_key(tmp_path, article, case):
    text, fragments = CONFIG_CASES[case]
    cfg = tmp_path / ".copyedit.toml"
    cfg.write_text(text, encoding="utf-8")
    line = one_error(invoke(["check", "--backend", "none", article]))  # found by walking up from the file
    assert ".copyedit.toml" in line
    for frag in fragments:
        assert frag in line, (frag, line)


def test_missing_rule_file_named_in_config(tmp_path, article):
    (tmp_path / ".copyedit.toml").write_text('rule-files = ["style.yaml"]\n', encoding="utf-8")
    line = one_error(invoke(["check", "--backend", "none", article]))
    assert str(tmp_path / "style.yaml") in line and "not found" in line


def test_config_in_pyproject_names_the_table(tmp_path, article):
    (tmp_path / "pyproject.toml").write_text('[tool.copyedit]\ndialekt = "gb"\n', encoding="utf-8")
    line = one_error(invoke(["check", "--backend", "none", article]))
    assert "pyproject.toml" in line and "tool.copyedit." in line and "dialekt" in line


def test_duplicate_rule_id_between_rule_files_named_in_config(tmp_path, article):
    (tmp_path / "a.yaml").write_text(pack(rule()), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(pack(rule(pattern="'x'"), head="pack: other\n"), encoding="utf-8")
    (tmp_path / ".copyedit.toml").write_text('rule-files = ["a.yaml", "b.yaml"]\n', encoding="utf-8")
    line = one_error(invoke(["check", "--backend", "none", article]))
    assert "b.yaml" in line and "a.yaml" in line and "'my-rule'" in line and "duplicate rule id" in line


def test_bad_rule_in_a_file_named_by_config(tmp_path, article):
    (tmp_path / "style.yaml").write_text(pack(rule(pattern="'(x'")), encoding="utf-8")
    (tmp_path / ".copyedit.toml").write_text('rule-files = ["style.yaml"]\n', encoding="utf-8")
    line = one_error(invoke(["check", "--backend", "none", article]))
    assert str(tmp_path / "style.yaml") in line and "'my-rule'" in line and "invalid pattern" in line


@pytest.mark.parametrize(
    "text,fragments",
    [
        pytest.param("disable = [1, 2]\n", ["disable", "string"], id="list-items-not-text"),
        pytest.param("regex-timeout = 0\n", ["regex-timeout", "positive"], id="timeout-zero"),
        pytest.param("regex-timeout = -1\n", ["regex-timeout", "positive"], id="timeout-negative-means-none"),
    ],
)
def test_config_values_are_checked_beyond_their_type(tmp_path, article, text, fragments):
    (tmp_path / ".copyedit.toml").write_text(text, encoding="utf-8")
    line = one_error(invoke(["check", "--backend", "none", article]))
    for frag in fragments:
        assert frag in line, (frag, line)


def test_errors_through_the_real_process_have_no_traceback(tmp_path, article):
    f = tmp_path / "house.yaml"
    f.write_text(pack(rule(flags="3")), encoding="utf-8")
    r = run("check", "--isolated", "--backend", "none", "--rules", f, article, cwd=tmp_path)
    assert r.returncode == 2
    err = no_traceback(r.stderr)
    assert err.count("\n") == 1 and "'my-rule'" in err and str(f) in err


# ------------------------------------------------------------------ runaway patterns
SLOW_RULE = """\
pack: slow
rules:
  - id: runaway
    kind: regex
    message: Too many a's.
    pattern: '(a|a)+$'
    replacement: 'b'
"""
SLOW_TEXT = "Intro,text here.\n" + "a" * 40 + "!\nLast,line.\n"


def slow_setup(tmp_path, timeout: float | None, n_files: int = 1):
    (tmp_path / "slow.yaml").write_text(SLOW_RULE, encoding="utf-8")
    cfg = 'rule-files = ["slow.yaml"]\n'
    if timeout is not None:
        cfg += f"regex-timeout = {timeout}\n"
    (tmp_path / ".copyedit.toml").write_text(cfg, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(n_files):
        (docs / f"a{i:02d}.txt").write_text(SLOW_TEXT, encoding="utf-8")
    return docs


def test_runaway_pattern_is_stopped_and_reported_by_check(tmp_path):
    docs = slow_setup(tmp_path, 0.3)
    t = time.monotonic()
    r = run("check", "--backend", "none", docs, cwd=tmp_path, timeout=60)
    elapsed = time.monotonic() - t
    err = no_traceback(r.stderr)
    assert elapsed < 20
    assert r.returncode == 2  # incomplete: never "nothing found", nor mere findings
    assert "comma-space" in r.stdout.decode()  # the other rules still ran
    (note,) = [ln for ln in err.splitlines() if "runaway" in ln]
    assert note.startswith("copyedit: warning: ")
    assert "stopped after 0.3s" in note and "slow.yaml" in note and "a00.txt from line 1" in note and "incomplete" in note
    assert "backtracks" not in note  # a time limit says nothing about why it was slow


def test_runaway_pattern_costs_its_limit_once_per_run_not_once_per_file(tmp_path):
    docs = slow_setup(tmp_path, None, n_files=30)  # the default limit: 1 s
    t = time.monotonic()
    r = run("check", "--backend", "none", docs, cwd=tmp_path, timeout=120)
    elapsed = time.monotonic() - t
    assert r.returncode == 2
    assert no_traceback(r.stderr).count("'runaway'") == 1
    assert r.stdout.decode().count("comma-space") == 60  # every file still checked
    assert elapsed < 15, elapsed  # 30 files at 1 s each would be 30 s


def test_runaway_pattern_never_hangs_fix_or_diff(tmp_path):
    docs = slow_setup(tmp_path, 0.3, n_files=3)
    before = {p.name: p.read_text(encoding="utf-8") for p in docs.iterdir()}
    t = time.monotonic()
    d = run("diff", "--backend", "none", docs, cwd=tmp_path, timeout=60)
    f = run("fix", "--backend", "none", "--jobs", "2", docs, cwd=tmp_path, timeout=60)
    assert time.monotonic() - t < 30
    no_traceback(d.stderr)
    no_traceback(f.stderr)
    assert d.returncode == 2 and f.returncode == 2
    for p in docs.iterdir():
        assert p.read_text(encoding="utf-8") == before[p.name].replace(",", ", ")


@pytest.mark.parametrize("command", ["fix", "diff"])
def test_runaway_pattern_is_reported_by_fix_and_diff(tmp_path, command):
    docs = slow_setup(tmp_path, 0.3)
    r = run(command, "--backend", "none", docs, cwd=tmp_path, timeout=60)
    assert "'runaway'" in no_traceback(r.stderr) and "stopped after 0.3s" in r.stderr.decode()
    assert r.returncode == 2


def test_a_clean_file_is_not_reported_clean_when_a_rule_did_not_run(tmp_path):
    """Exit 0 means everything was checked: a stopped rule makes it 2 even with nothing found."""
    docs = slow_setup(tmp_path, 0.3)
    (docs / "a00.txt").write_text("Fine text, here.\n" + "a" * 40 + "!\n", encoding="utf-8")
    for command in ("check", "diff", "fix"):
        r = run(command, "--backend", "none", docs, cwd=tmp_path, timeout=60)
        assert r.returncode == 2, (command, r.stdout, r.stderr)
        assert r.stdout.decode() == "" and "'runaway'" in r.stderr.decode()
    r = run("check", "--backend", "none", "--disable", "runaway", docs, cwd=tmp_path, timeout=60)
    assert r.returncode == 0, r.stderr


def test_runaway_replacement_template_problem_at_match_time_is_a_note_not_a_crash(tmp_path):
    """Templates that the load-time probe cannot judge still fail softly when used."""
    from copyedit.checkers import Context
    from copyedit.checkers.regex import RegexChecker, RegexOptions
    from copyedit.formats import build_document
    from copyedit.packs import RuleSpec

    spec = RuleSpec(id="odd", kind="regex", pack="p", message="m", options=RegexOptions(pattern="x(y)?", replacement="\\g<zz>"), file="p.yaml")
    checker = RegexChecker([spec], Context())
    doc = build_document("a.txt", "axb xy\n")
    (note,) = checker.check(doc)
    assert note.incomplete and "'odd'" in note.message and "invalid replacement" in note.message
    assert "odd" in checker.stopped


def test_regex_timeout_is_really_passed_to_the_regex_engine():
    """The limit is the regex package's own: a pattern is interrupted, not merely timed afterwards."""
    from copyedit.checkers import Context
    from copyedit.checkers.regex import RegexChecker, RegexOptions
    from copyedit.formats import build_document
    from copyedit.packs import RuleSpec

    spec = RuleSpec(id="runaway", kind="regex", pack="p", message="m", options=RegexOptions(pattern="(a|a)+$", replacement="b"), file="p.yaml")
    checker = RegexChecker([spec], Context(regex_timeout=0.05))
    doc = build_document("a.txt", textwrap.dedent("a" * 200 + "!\n"))
    t = time.monotonic()
    (note,) = checker.check(doc)
    assert time.monotonic() - t < 2
    assert "stopped after 0.05s" in note.message


def test_a_stopped_rule_contributes_nothing_so_results_do_not_depend_on_cpu_speed():
    from copyedit.checkers import Context
    from copyedit.model import Note
    from copyedit.checkers.regex import RegexChecker, RegexOptions
    from copyedit.formats import build_document
    from copyedit.packs import RuleSpec

    spec = RuleSpec(id="half", kind="regex", pack="p", message="m", options=RegexOptions(pattern="b|(a|a)+$", replacement="c"), file="p.yaml")
    fast = RegexChecker([spec], Context(regex_timeout=5))
    assert len(fast.check(build_document("a.txt", "b b b aaaa!\n"))) == 3  # the matches before the trap are real
    slow = RegexChecker([spec], Context(regex_timeout=0.05))
    doc = build_document("a.txt", "b b b " + "a" * 200 + "!\n")
    (note,) = slow.check(doc)  # a note, and none of the matches found before the trap
    assert "'half'" in note.message and "stopped" in note.message
    # and it stays off for the next document of the run, at no cost
    t = time.monotonic()
    assert slow.check(build_document("b.txt", "b b b " + "a" * 200 + "!\n")) == [Note("", incomplete=True)]
    # (a|a)+$ on 200 a's would never end: any bound shows the pattern did not
    # run, and a generous one keeps a busy machine from failing the test.
    assert time.monotonic() - t < 2
