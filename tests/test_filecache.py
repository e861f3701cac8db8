"""The whole-file findings cache: an unchanged file is answered without checking, and anything that decides findings misses.

Issue 19: cached and uncached runs give identical findings, and a config,
dialect, vocabulary, rule file, data file, code or package version change
must miss the cache.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

import copyedit.engine
from copyedit import filecache
from copyedit.backends import registry
from copyedit.cache import ResultCache
from copyedit.cli import main
from copyedit.config import Settings
from copyedit.engine import build_engine
from copyedit.filecache import RememberingEngine, engine_for

from conftest import copyedit_cmd

ARTICLE = "The council met on Tuesday,and voted.It was a important day for the colour of the town.\n"


@pytest.fixture
def builds(monkeypatch):
    """How many engines the runs build (a hit builds none)."""
    count = {"n": 0}
    real = copyedit.engine.build_engine

    def counting(*args, **kwargs):
        count["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(copyedit.engine, "build_engine", counting)
    return count


def check(path, *args) -> dict:
    r = CliRunner().invoke(main, ["check", "--isolated", "--backend", "none", "--format", "json", *args, str(path)])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def rules(result: dict) -> list[str]:
    return sorted(s["rule"] for f in result["files"] for s in f["suggestions"])


@pytest.fixture
def article(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "story.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def test_unchanged_file_is_answered_without_building_the_engine(article, builds):
    first = check(article)
    assert builds["n"] == 1
    second = check(article)
    assert builds["n"] == 1  # nothing built: the findings came from the cache
    assert second == first
    assert rules(first), first  # there was something to remember


def test_changed_text_misses(article, builds):
    first = check(article)
    article.write_text(ARTICLE.replace("Tuesday,and", "Tuesday, and"), encoding="utf-8")
    second = check(article)
    assert builds["n"] == 2
    assert "comma-space" in rules(first) and "comma-space" not in rules(second)


def test_config_change_misses(article, builds):
    check(article)
    (article.parent / ".copyedit.toml").write_text('disable = ["comma-space"]\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--backend", "none", "--format", "json", str(article)])
    assert builds["n"] == 2
    assert "comma-space" not in rules(json.loads(r.stdout)) and "sentence-space" in rules(json.loads(r.stdout))


def test_dialect_change_misses(tmp_path, builds, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "colour.txt"
    p.write_text("The colour of the flag is red. The color of the sky is blue. We analyse it.\n", encoding="utf-8")
    gb = check(p, "--dialect", "gb")
    us = check(p, "--dialect", "us")
    assert builds["n"] == 2
    assert gb != us
    assert check(p, "--dialect", "gb") == gb and builds["n"] == 2


def test_vocabulary_change_misses(article, builds):
    words = article.parent / "reject.words"
    words.write_text("# none yet\n", encoding="utf-8")
    (article.parent / ".copyedit.toml").write_text('[vocabulary]\nreject-file = "reject.words"\n', encoding="utf-8")
    args = ["check", "--backend", "none", "--format", "json", str(article)]
    before = rules(json.loads(CliRunner().invoke(main, args).stdout))
    words.write_text("council\n", encoding="utf-8")
    after = rules(json.loads(CliRunner().invoke(main, args).stdout))
    assert builds["n"] == 2
    assert len(after) == len(before) + 1


def test_rule_file_and_its_data_file_changes_miss(tmp_path):
    """A team's rule file and the data file it names decide findings: editing either misses (real processes, as users run them)."""
    (tmp_path / "house.yaml").write_text(
        'pack: house\nrules:\n  - id: house-names\n    kind: names\n    data: firms.yaml\n    message: "Write {name}."\n', encoding="utf-8"
    )
    firms = tmp_path / "firms.yaml"
    firms.write_text("names:\n- {name: Harbour Trust Board}\n", encoding="utf-8")
    (tmp_path / ".copyedit.toml").write_text('rule-files = ["house.yaml"]\n', encoding="utf-8")
    (tmp_path / "story.txt").write_text("The Harbour trust Board met on Monday to vote.\n", encoding="utf-8")

    def found() -> str:
        r = subprocess.run([*copyedit_cmd(), "check", "--backend", "none", "story.txt"], capture_output=True, text=True, cwd=tmp_path)
        assert r.returncode in (0, 1), r.stderr
        return r.stdout

    assert "house-names" in found()
    firms.write_text("names:\n- {name: Harbour Trust Council}\n", encoding="utf-8")
    assert found() == ""
    assert found() == ""
    (tmp_path / "house.yaml").write_text((tmp_path / "house.yaml").read_text(encoding="utf-8").replace("Write", "Use"), encoding="utf-8")
    firms.write_text("names:\n- {name: Harbour Trust Board}\n", encoding="utf-8")
    assert "house-names Use Harbour Trust Board." in found()


def test_copyedit_code_change_misses(article, builds, monkeypatch):
    check(article)
    monkeypatch.setattr(filecache, "code_signature", lambda: "another checkout")
    check(article)
    assert builds["n"] == 2


def test_tree_signature_follows_every_module(tmp_path):
    (tmp_path / "pkg").mkdir()
    mod = tmp_path / "pkg" / "a.py"
    mod.write_text("x = 1\n", encoding="utf-8")
    before = filecache.tree_signature(tmp_path)
    mod.write_text("x = 22\n", encoding="utf-8")
    assert filecache.tree_signature(tmp_path) != before
    (tmp_path / "notes.txt").write_text("not code\n", encoding="utf-8")
    assert filecache.tree_signature(tmp_path) == filecache.tree_signature(tmp_path)


def test_package_version_change_misses(article, builds, monkeypatch, tmp_path):
    site = tmp_path / "site"
    (site / "wordlib-1.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))
    filecache.installed_signature.cache_clear()
    check(article)
    (site / "wordlib-1.0.dist-info").rename(site / "wordlib-1.1.dist-info")
    filecache.installed_signature.cache_clear()
    check(article)
    assert builds["n"] == 2
    filecache.installed_signature.cache_clear()


def test_fix_twice_changes_nothing_the_second_time(article, builds):
    r = CliRunner().invoke(main, ["fix", "--isolated", "--backend", "none", str(article)])
    assert r.exit_code in (0, 1), r.output
    fixed = article.read_text(encoding="utf-8")
    assert fixed != ARTICLE
    r = CliRunner().invoke(main, ["fix", "--isolated", "--backend", "none", str(article)])
    assert article.read_text(encoding="utf-8") == fixed
    assert builds["n"] == 1  # the fixed text was remembered by the first run's last pass


def test_no_cache_and_servers_build_the_engine():
    assert isinstance(engine_for(Settings(backends=("none",))), RememberingEngine)
    assert not isinstance(engine_for(Settings(backends=("none",), cache=False)), RememberingEngine)
    assert registry.all_local(("harper",)) and registry.all_local(("none",))
    assert not registry.all_local(("languagetool",)) and not registry.all_local(("auto",))
    assert not registry.all_local(("harper", "languagetool"))


DOCS = [
    ("a.md", "---\ntitle: Notes\n---\n# Heading\n\nThe council met on Tuesday ,and voted.\n\n```\ncode ,here\n```\n", None),
    ("b.txt", "NATO met.The North Atlantic Treaty Organisation met again  on Monday.\r\nIt was a important day.\r\n", None),
    ("c.txt", "He said  that the the colour was fine, and the color was not.\n", "text"),
]


@pytest.mark.parametrize("dialect", ["auto", "gb"])
def test_cached_findings_equal_a_fresh_check(tmp_path, dialect):
    settings = Settings(backends=("none",), dialect=dialect)
    fresh = build_engine(settings)
    remembering = RememberingEngine(settings, store=ResultCache(tmp_path / "r.sqlite3"))
    for name, text, fmt in DOCS:
        doc, found = fresh.check_text(name, text, fmt)
        miss_doc, missed = remembering.check_text(name, text, fmt)
        hit_doc, hit = remembering.check_text(name, text, fmt)
        assert missed == found and hit == found
        assert (hit_doc.dialect, hit_doc.dialect_mixed, hit_doc.format, hit_doc.notes) == (doc.dialect, doc.dialect_mixed, doc.format, doc.notes)
    assert remembering.hits == len(DOCS) and remembering.misses == len(DOCS)
    assert any(remembering.check_text(n, t, f)[1] for n, t, f in DOCS)


def test_incomplete_documents_are_not_kept(tmp_path):
    remembering = RememberingEngine(Settings(backends=("none",)), store=ResultCache(tmp_path / "r.sqlite3"))
    real = remembering.engine.check_text

    def cut_short(path, text, fmt=None):
        doc, found = real(path, text, fmt)
        doc.incomplete = True
        return doc, found

    remembering.engine.check_text = cut_short
    for _ in range(2):
        remembering.check_text("x.txt", ARTICLE)
    assert remembering.hits == 0 and remembering.misses == 2


def test_a_damaged_entry_is_a_miss(tmp_path):
    store = ResultCache(tmp_path / "r.sqlite3")
    remembering = RememberingEngine(Settings(backends=("none",)), store=store)
    _, found = remembering.check_text("x.txt", ARTICLE)
    key = remembering._key("x.txt", ARTICLE, None)
    for bad in ({"found": [[0, 3, "xyz"]]}, [1, 2], {"format": "text"}):
        store.put_file(key, bad)
        again = RememberingEngine(Settings(backends=("none",)), store=store)
        assert again.check_text("x.txt", ARTICLE)[1] == found
        assert again.misses == 1


def test_cache_info_counts_files_and_clear_forgets_them(article, builds):
    check(article)
    info = CliRunner().invoke(main, ["cache", "info"])
    assert "files (findings of unchanged files): 1" in info.stdout, info.stdout
    assert CliRunner().invoke(main, ["cache", "clear"]).exit_code == 0
    assert "files (findings of unchanged files): 0" in CliRunner().invoke(main, ["cache", "info"]).stdout
    check(article)
    assert builds["n"] == 2
