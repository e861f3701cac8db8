"""Against a real LanguageTool: what any reachable server must give.

Runs when `COPYEDIT_LT_URL` names a server, or when Java and `LTP_JAR_DIR_PATH`
(a folder with languagetool-server.jar) are present, in which case one local
server is started for the module. Otherwise the module is skipped with the
reason (pytest -rs shows it).

tests/conftest.py removes COPYEDIT_LT_URL from every test's environment (no
test may use a developer's server by accident), so the URL is read here, at
import time, and handed to each copyedit run explicitly.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess

import pytest

from conftest import ROOT, copyedit_cmd

from copyedit.backends.languagetool import find_jar, probe, start_server, stop_pid

LT_URL = os.environ.get("COPYEDIT_LT_URL")
JAR_DIR = os.environ.get("LTP_JAR_DIR_PATH")
JAVA = shutil.which("java")
JAR = find_jar(JAR_DIR) if JAR_DIR else None

if not LT_URL and not (JAVA and JAR):
    pytest.skip(
        "no LanguageTool here: set COPYEDIT_LT_URL to a server, or install Java 17+ and set "
        "LTP_JAR_DIR_PATH to a folder holding languagetool-server.jar",
        allow_module_level=True,
    )

SEED = ROOT.parent / "shared" / "seed"


@pytest.fixture(scope="module")
def lt_url(tmp_path_factory):
    if LT_URL:
        if not probe(LT_URL, timeout=10):
            pytest.fail(f"COPYEDIT_LT_URL={LT_URL} does not answer /v2/languages")
        yield LT_URL
        return
    log = tmp_path_factory.mktemp("lt") / "languagetool.log"
    proc, url = start_server(JAR, log_path=log, timeout=180)
    try:
        yield url
    finally:
        stop_pid(proc.pid)


def run(args, url, tmp_path, input=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPYEDIT_")}
    env.update({"COPYEDIT_LT_URL": url, "COPYEDIT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"})
    return subprocess.run([*copyedit_cmd(), *args], env=env, capture_output=True, input=input, timeout=600)


def _edits(before: str, after: str) -> list[tuple[int, int]]:
    sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [(i1, i2) for tag, i1, i2, _, _ in sm.get_opcodes() if tag != "equal"]


@pytest.mark.skipif(not (SEED / "article.txt").exists(), reason="the seed article is not beside the repository")
def test_seed_findings_merge_and_fix_prints_the_expected_correction(lt_url, tmp_path):
    article = (SEED / "article.txt").read_text(encoding="utf-8")
    expected = (SEED / "expected.txt").read_bytes()
    src = tmp_path / "article.txt"
    src.write_text(article, encoding="utf-8")
    p = run(["check", "--isolated", "--backend", "harper,languagetool", "--format", "json", str(src)], lt_url, tmp_path)
    assert p.returncode == 1, p.stderr
    found = json.loads(p.stdout)["files"][0]["suggestions"]
    for s in found:
        assert article[s["start"] : s["end"]] == s["text"]
    assert any("languagetool" in s["sources"] for s in found), "LanguageTool found nothing"
    # Each real error once: no two findings on the same span.
    spans = [(s["start"], s["end"]) for s in found]
    assert len(spans) == len(set(spans))
    for a, b in _edits(article, expected.decode("utf-8")):
        at = [s for s in found if s["start"] <= a and b <= s["end"] or a <= s["start"] < max(b, a + 1)]
        assert at, f"no finding at {article[a - 10 : b + 10]!r}"
    fixed = run(["fix", "--isolated", "--backend", "harper,languagetool", "-"], lt_url, tmp_path, input=article.encode("utf-8"))
    assert fixed.stdout == expected, fixed.stderr.decode()


def test_spans_are_right_after_emoji_and_markup(lt_url, tmp_path):
    text = "Good 😀 news 👍🏽: this is a apple, and **it are** fine.\n\nWe has a *apple* too.\n"
    f = tmp_path / "a.md"
    f.write_text(text, encoding="utf-8")
    p = run(["check", "--isolated", "--backend", "languagetool", "--format", "json", str(f)], lt_url, tmp_path)
    assert p.returncode == 1, p.stderr
    found = json.loads(p.stdout)["files"][0]["suggestions"]
    assert found
    for s in found:
        assert text[s["start"] : s["end"]] == s["text"]
        assert s["rule"].startswith("languagetool:")
    first_a = text.index("a apple")
    assert any(s["start"] == first_a and s["replacements"][:1] == ["an"] for s in found), found


def test_second_run_comes_from_the_cache(lt_url, tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    for i in range(5):
        (d / f"{i}.txt").write_text(f"Article {i} has a error in it.\n\nIt were late, said the {i} editors.\n", encoding="utf-8")
    first = run(["check", "--isolated", "--backend", "languagetool", str(d)], lt_url, tmp_path)
    second = run(["check", "--isolated", "--backend", "languagetool", str(d)], lt_url, tmp_path)
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout
    info = run(["cache", "info"], lt_url, tmp_path)
    assert b"paragraphs: 10" in info.stdout
