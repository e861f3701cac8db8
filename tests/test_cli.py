"""The command line as a user runs it: a real process, real files, real exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT, copyedit_cmd

ARTICLE = "Council Votes On Budget\nThe council met on Tuesday,and voted.It was a important day.\n"


def run(*args, input=None, cwd=None):
    return subprocess.run(
        [*copyedit_cmd(), *args], input=input, capture_output=True, cwd=cwd,
        text=isinstance(input, str) or input is None,
    )


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def test_check_text_format_and_exit_status(article):
    r = run("check", str(article))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert any(":2:27: comma-space " in ln and "-> ', '" in ln for ln in lines), r.stdout
    assert any("sentence-space" in ln for ln in lines)
    assert all(ln.startswith(str(article) + ":") for ln in lines)
    assert "\x1b[" not in r.stdout  # no colour when piped


def test_check_clean_file_exits_zero(tmp_path):
    p = tmp_path / "clean.txt"
    p.write_text("The council met on Tuesday, and voted.\n", encoding="utf-8")
    r = run("check", str(p))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""


def test_check_json(article):
    r = run("check", "--format", "json", str(article))
    data = json.loads(r.stdout)
    (f,) = data["files"]
    assert f["path"] == str(article)
    text = article.read_text(encoding="utf-8")
    for s in f["suggestions"]:
        assert text[s["start"] : s["end"]] == s["text"]
        assert set(s) >= {"start", "end", "line", "column", "text", "replacements", "rule", "source", "category", "message", "severity", "safe"}
    rules = {s["rule"] for s in f["suggestions"]}
    assert {"comma-space", "sentence-space"} <= rules


def test_fix_in_place_then_nothing_left_to_fix(article):
    r = run("fix", str(article))
    assert r.returncode in (0, 1), r.stderr
    fixed = article.read_text(encoding="utf-8")
    assert "Tuesday, and voted. It was an important day." in fixed
    again = run("fix", str(article))
    assert article.read_text(encoding="utf-8") == fixed
    assert "fixed" not in again.stderr


def test_fix_exit_status_says_whether_findings_are_left(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("One,two.\n", encoding="utf-8")
    assert run("fix", "--backend", "none", str(p)).returncode == 0
    p.write_text("The fox jumpd over the dog.\n", encoding="utf-8")
    r = run("fix", str(p))
    assert r.returncode == 0  # an unknown word with several candidates is advice (info)
    assert "jumpd" not in r.stderr
    r = run("fix", "--fail-level", "info", str(p))
    assert r.returncode == 1  # ... which a stricter fail level makes a person look at
    assert "jumpd" in r.stderr


def test_seed_diff_applies_and_matches_fix(tmp_path):
    seed = ROOT.parent / "shared" / "seed" / "article.txt"
    if not seed.exists() or not shutil.which("git"):
        pytest.skip("seed article or git not available")
    shutil.copy(seed, tmp_path / "article.txt")
    diff = run("diff", "article.txt", cwd=tmp_path).stdout
    fixed = subprocess.run([*copyedit_cmd(), "fix", "-"], stdin=open(seed, "rb"), capture_output=True).stdout
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "-"], input=diff, text=True, cwd=tmp_path, check=True)
    assert (tmp_path / "article.txt").read_bytes() == fixed
    assert fixed != seed.read_bytes()


def test_fix_stdin_to_stdout_keeps_missing_final_newline():
    r = run("fix", "-", input="One,two\nthree,four")
    assert r.returncode == 0
    assert r.stdout == "One, two\nthree, four"


def test_diff_applies_with_git_apply_and_patch(tmp_path, article):
    if not shutil.which("git"):
        pytest.skip("git not installed")
    r = run("diff", article.name, cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout.startswith(f"--- a/{article.name}\n+++ b/{article.name}\n")
    expected = run("fix", "-", input=ARTICLE).stdout
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "--check", "-"], input=r.stdout, text=True, cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "-"], input=r.stdout, text=True, cwd=tmp_path, check=True)
    assert article.read_text(encoding="utf-8") == expected


def test_diff_marks_missing_final_newline(tmp_path):
    p = tmp_path / "n.txt"
    p.write_text("One,two", encoding="utf-8")
    r = run("diff", p.name, cwd=tmp_path)
    assert "\\ No newline at end of file" in r.stdout
    if shutil.which("patch"):
        subprocess.run(["patch", "-p1", "-s"], input=r.stdout, text=True, cwd=tmp_path, check=True)
        assert p.read_text(encoding="utf-8") == "One, two"


def test_markdown_code_is_never_changed(tmp_path):
    p = tmp_path / "a.md"
    src = "# Title\n\nText,with a slip and `code,here`.\n\n```\nfenced,code\n```\n"
    p.write_text(src, encoding="utf-8")
    run("fix", str(p))
    out = p.read_text(encoding="utf-8")
    assert "Text, with" in out and "`code,here`" in out and "fenced,code" in out


def test_crlf_and_bom_preserved(tmp_path):
    p = tmp_path / "w.txt"
    p.write_bytes(b"\xef\xbb\xbfOne,two\r\nthree,four\r\n")
    run("fix", str(p))
    assert p.read_bytes() == b"\xef\xbb\xbfOne, two\r\nthree, four\r\n"


def test_format_in_override(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("Some `code,here` text,here.\n", encoding="utf-8")
    r = run("fix", "--format-in", "markdown", "--backend", "none", str(p))
    assert r.returncode == 0
    assert p.read_text(encoding="utf-8") == "Some `code,here` text, here.\n"


@pytest.mark.parametrize(
    "args,needle",
    [
        (["check", "/nonexistent/file.txt"], "no such file"),
        (["check", "--backend", "nosuch", "x"], "unknown backend"),
        (["check", "--dialect", "klingon", "x"], "unknown dialect"),
        (["check"], "no files given"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, needle):
    r = run(*args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert needle in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_undecodable_file_left_untouched_and_others_go_on(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9,bar\n")
    good = tmp_path / "good.txt"
    good.write_text("One,two\n", encoding="utf-8")
    r = run("fix", str(bad), str(good))
    assert r.returncode == 2
    assert "cannot decode" in r.stderr and "Traceback" not in r.stderr
    assert bad.read_bytes() == b"caf\xe9,bar\n"
    assert good.read_text(encoding="utf-8") == "One, two\n"


def test_disable_rule_and_pack(article):
    r = run("check", "--disable", "comma-space", str(article))
    assert "comma-space" not in r.stdout and "sentence-space" in r.stdout
    r = run("check", "--disable", "punctuation", "--backend", "none", str(article))
    assert "comma-space" not in r.stdout and "sentence-space" not in r.stdout


def test_dialect_changes_harper_spelling(tmp_path):
    p = tmp_path / "gb.txt"
    p.write_text("The harbour colour was grey.\n", encoding="utf-8")
    us = run("check", "--min-level", "info", "--dialect", "us", str(p)).stdout
    gb = run("check", "--min-level", "info", "--dialect", "gb", str(p)).stdout
    assert "harbour" in us
    assert "harbour" not in gb


def test_version():
    r = run("--version")
    assert r.returncode == 0 and "copyedit" in r.stdout


def test_example_article_runs(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    r = run("diff", "examples", cwd=tmp_path)
    assert r.returncode == 1
    assert "+++ b/examples/" in r.stdout
    # The README's set-up command ends with `diff --exit-zero examples/`: a diff, and success.
    r = run("diff", "--exit-zero", "examples", cwd=tmp_path)
    assert r.returncode == 0 and "+++ b/examples/" in r.stdout
    # Every slip in the example is one the safe fixes catch: nothing is left after fix.
    assert run("fix", "examples", cwd=tmp_path).returncode == 0
    r = run("check", "examples", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, "")


def test_vocabulary_words_keep_their_case_at_a_sentence_start(tmp_path):
    import subprocess

    (tmp_path / "a.txt").write_text("It works. copyedit is a tool.\n", encoding="utf-8")
    # An unknown word's sentence-start fix is only offered (advice, info), so info must fail here.
    cmd = copyedit_cmd() + ["check", "--backend", "none", "--fail-level", "info", "a.txt"]
    first = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    # A word no dictionary knows may be a name styled in lower case: offered (info).
    assert "sentence-start-case" in first.stdout and "(unsafe)" in first.stdout
    (tmp_path / ".copyedit.toml").write_text('[vocabulary]\naccept = ["copyedit"]\n', encoding="utf-8")
    second = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert second.returncode == 0 and second.stdout == "", second.stdout + second.stderr


def test_parallel_jobs_with_harper_finish(tmp_path):
    """Worker processes are spawned: a forked child would inherit Harper's locks mid-use and hang."""
    import subprocess

    for name in "abcd":
        (tmp_path / f"{name}.txt").write_text("This is a test,with a slip.\n", encoding="utf-8")
    r = subprocess.run(copyedit_cmd() + ["check", "-j", "2", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stderr
    assert [line.split(":")[0].rsplit("/", 1)[-1] for line in r.stdout.splitlines()] == ["a.txt", "b.txt", "c.txt", "d.txt"]
