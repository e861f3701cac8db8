"""The seeded fuzz corpus through the real command and in-process: the invariants must hold on every file.

The corpus (tests/fuzz/corpus, made by make_corpus.py) is hostile in one way
per file; `fuzz_cases` adds seeded mutations of it, the same on every run.
For each backend that runs without a network, check, diff and fix run over
one directory holding all of them (binary and undecodable files included, so
that "the others go on" is tested too), and every file is judged alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness import (
    CORPUS,
    KIND,
    SEEDS,
    apply_patch,
    copy_tree,
    final_newline,
    fuzz_cases,
    line_col,
    line_endings,
    lost_code,
    no_rules_args,
    no_traceback,
    protected_regions,
    run,
    sniff,
    snapshot,
    split_diff,
)

BACKENDS = ["none", "harper"]
CLI_FUZZ = 40  # mutated files in the directory the command runs over
INPROCESS_FUZZ = 160

#: Text that must come back verbatim, per seed: code, HTML, front matter, URLs.
MUST_KEEP = {
    "code.md": ["a,b.The = 1", "tilde,fence.The", "indented,code.The", "`x,y`", "``a`b,c``", "nested,fence.The", "unclosed,fence.The"],
    "crlf.md": ["```\r\ncode,stays.As is\r\n```"],
    "html_blocks.md": ["x,y.The html,stays", "<!-- comment,here.The -->", "pre,text.Stays", "var a=1,b=2;", "<span>"],
    "front_matter.md": ["---\ntitle: a,b.The\ntags: [x,y]\n---"],
    "tables.md": ["`g,h`", "http://a.b/c,d", "1,000"],
    "markdown_edge.md": ["https://x.y/a,b", "<https://auto.link/a,b>", "https://ref.target/x,y", "&amp;", "&copy;", "(i.png)"],
    "long_word.txt": ["https://example.com/" + "a" * 3000 + ",x"],
}
#: Unterminated front matter is still the author's metadata, not prose.
MUST_KEEP_XFAIL = {"unterminated_front_matter.md": ["title: a,b\nfoo: c,d.The"]}

TEXT_SEEDS = sorted(n for n in SEEDS if KIND.get(n) not in ("binary", "invalid", "latin-1"))
CLI_CASES = fuzz_cases(CLI_FUZZ)
CLI_TEXT_FILES = TEXT_SEEDS + [name for name, _ in CLI_CASES]


def _wide(data: bytes) -> bool:
    return data.startswith((b"\xff\xfe", b"\xfe\xff"))


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_run(request, tmp_path_factory):
    """check, diff, fix, fix again and diff again over one directory, for one backend."""
    backend = request.param
    base = tmp_path_factory.mktemp(f"corpus-{backend}")
    original = copy_tree(CORPUS, base / "original")
    for name, text in CLI_CASES:
        (original / name).write_bytes(text.encode("utf-8"))
    before = snapshot(original)

    work = copy_tree(original, base / "work")
    opts = ["--isolated", "--backend", backend]
    check = run("check", "--format", "json", *opts, ".", cwd=work)
    diff = run("diff", *opts, ".", cwd=work)
    assert snapshot(work) == before, "check and diff must not write"
    patched = copy_tree(original, base / "patched")
    patch = {name: apply_patch(patched, chunk) for name, chunk in split_diff(diff.stdout).items()}
    fix = run("fix", *opts, ".", cwd=work)
    fixed = snapshot(work)
    fix2 = run("fix", *opts, ".", cwd=work)
    diff2 = run("diff", *opts, ".", cwd=work)
    return {
        "backend": backend,
        "before": before,
        "check": check,
        "report": {f["path"].removeprefix("./"): f for f in json.loads(check.stdout)["files"]},
        "diff": diff,
        "patch": patch,
        "patched": snapshot(patched),
        "fix": fix,
        "fixed": fixed,
        "fix2": fix2,
        "refixed": snapshot(work),
        "diff2": diff2,
        "dir": work,
    }


def test_run_goes_on_past_bad_files_and_says_so(corpus_run):
    r = corpus_run
    for step in ("check", "diff", "fix", "fix2", "diff2"):
        err = no_traceback(r[step].stderr)
        assert r[step].returncode == 2, (step, err)  # invalid_utf8.txt is an error for that file
        assert "nul.txt: binary file" in err, err
        assert "invalid_utf8.txt: cannot decode as utf-8" in err, err
    assert set(r["report"]) >= set(CLI_TEXT_FILES)
    for bad in ("nul.txt", "invalid_utf8.txt", "latin1.txt"):
        assert r["fixed"][bad] == r["before"][bad]
        assert r["report"].get(bad, {"suggestions": []})["suggestions"] == []
    assert not [p for p in r["fixed"] if ".copyedit-" in p], "temporary files left behind"


@pytest.mark.parametrize("name", CLI_TEXT_FILES)
def test_spans_lie_inside_the_text(corpus_run, name):
    data = corpus_run["before"][name]
    _, _, text = sniff(data)
    for s in corpus_run["report"][name]["suggestions"]:
        assert 0 <= s["start"] <= s["end"] <= len(text), s
        assert text[s["start"] : s["end"]] == s["text"], s
        assert (s["line"], s["column"]) == line_col(text, s["start"]), s


@pytest.mark.parametrize("name", CLI_TEXT_FILES)
def test_fix_keeps_encoding_endings_and_protected_text(corpus_run, name):
    before, after = corpus_run["before"][name], corpus_run["fixed"][name]
    bom, enc, old = sniff(before)
    assert after.startswith(bom) if bom else not after.startswith(b"\xef\xbb\xbf")
    bom2, enc2, new = sniff(after)
    assert (bom2, enc2) == (bom, enc)
    assert line_endings(new) == line_endings(old)
    assert final_newline(new) == final_newline(old)
    if not old.strip():
        assert after == before
    if name.endswith(".md"):
        assert lost_code(old, new) == [], name
        if name in SEEDS:
            assert [r for r in protected_regions(old) if new.count(r) < old.count(r)] == []
    for keep in MUST_KEEP.get(name, ()):
        assert keep in new, keep


@pytest.mark.parametrize("name", sorted(MUST_KEEP_XFAIL))
def test_unterminated_front_matter_is_left_alone(corpus_run, name):
    _, _, new = sniff(corpus_run["fixed"][name])
    for keep in MUST_KEEP_XFAIL[name]:
        assert keep in new


@pytest.mark.parametrize("name", CLI_TEXT_FILES)
def test_fix_is_idempotent(corpus_run, name):
    assert corpus_run["refixed"][name] == corpus_run["fixed"][name]
    assert f"a/{name}".encode() not in corpus_run["diff2"].stdout


@pytest.mark.parametrize("name", CLI_TEXT_FILES)
def test_diff_applied_with_patch_equals_fix(corpus_run, name):
    before = corpus_run["before"][name]
    if _wide(before):
        # patch works on bytes split at 0x0A; UTF-16 is beyond any line tool.
        assert corpus_run["patched"][name] == before
        return
    result = corpus_run["patch"].get(name)
    assert corpus_run["patched"][name] == corpus_run["fixed"][name], result and result.stdout


@pytest.mark.parametrize("name", ["cr_only.txt", "mixed_endings.md", "line_separators.txt", "bom_utf8.md"])
def test_diff_applies_on_odd_line_endings_and_bom(corpus_run, name):
    assert corpus_run["fixed"][name] != corpus_run["before"][name]
    assert corpus_run["patched"][name] == corpus_run["fixed"][name]


def test_with_no_rules_nothing_changes(tmp_path):
    work = copy_tree(CORPUS, tmp_path / "work")
    for name, text in CLI_CASES:
        (work / name).write_bytes(text.encode("utf-8"))
    before = snapshot(work)
    check = run("check", "--format", "json", *no_rules_args(), ".", cwd=work)
    assert all(f["suggestions"] == [] for f in json.loads(check.stdout)["files"])
    diff = run("diff", *no_rules_args(), ".", cwd=work)
    assert diff.stdout == b""
    fix = run("fix", *no_rules_args(), ".", cwd=work)
    no_traceback(fix.stderr)
    assert snapshot(work) == before


# ---------------------------------------------------------------- in-process
@pytest.fixture(scope="module", params=BACKENDS)
def engine(request):
    from copyedit.config import Settings
    from copyedit.engine import build_engine

    return build_engine(Settings(backends=(request.param,)))


@pytest.fixture(scope="module")
def silent_engine():
    from copyedit.config import Settings
    from copyedit.engine import build_engine
    from harness import all_pack_ids

    return build_engine(Settings(backends=("none",), disable_packs=tuple(all_pack_ids())))


INPROCESS = [(n, t) for n, t in sorted(__import__("harness").text_seeds().items())] + fuzz_cases(INPROCESS_FUZZ, seed=7)


def test_invariants_in_process(engine, silent_engine, tmp_path):
    """Spans, idempotence, code untouched, diff == fix: over every seed and mutation."""
    from copyedit.fixer import fix_text
    from copyedit.render.diff import unified

    checked_patch = 0
    for name, text in INPROCESS:
        _, found = engine.check_text(name, text)
        for s in found:
            assert 0 <= s.start <= s.end <= len(text) and text[s.start : s.end] == s.text, (name, s)
        result = fix_text(engine, name, text)
        again = fix_text(engine, name, result.text)
        assert again.text == result.text, (name, text, result.text, again.text)
        if name.endswith(".md"):
            assert lost_code(text, result.text) == [], (name, text, result.text)
        assert line_endings(result.text) == line_endings(text), name
        assert fix_text(silent_engine, name, text).text == text
        assert silent_engine.check_text(name, text)[1] == []
        if result.text != text:
            d = tmp_path / f"p{checked_patch}"
            d.mkdir()
            (d / name).write_bytes(text.encode("utf-8"))
            applied = apply_patch(d, unified(name, text, result.text).encode("utf-8"))
            assert applied.returncode == 0, applied.stdout
            assert (d / name).read_bytes() == result.text.encode("utf-8"), name
            checked_patch += 1
    assert checked_patch > 20  # the patch property was really exercised


def test_fuzz_cases_are_the_same_every_run():
    assert fuzz_cases(5) == fuzz_cases(5)
    assert fuzz_cases(5, seed=1) != fuzz_cases(5, seed=2)
    # and really hostile: every case differs from its seed
    seeds = __import__("harness").text_seeds()
    for name, text in fuzz_cases(20):
        assert text != seeds[name.split("_", 1)[1]]


def test_corpus_files_match_their_generator():
    """The committed corpus is what make_corpus.py writes (git kept every byte)."""
    for name, data in SEEDS.items():
        assert (CORPUS / name).read_bytes() == data, name
    assert Path(CORPUS / ".gitattributes").read_text().strip() == "* -text -diff"
