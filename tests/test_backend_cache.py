"""Harper's answers are kept per paragraph between runs, and a kept answer changes nothing.

The cache holds Harper's raw lints per piece of text; what copyedit then
weighs them against (word counts, names, the accepted vocabulary) is read from
the document on every run. So a cached run must report exactly what an
uncached one does, a change to anything that decides Harper's raw answer must
miss, and a run whose answers are all kept must not load Harper at all.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("harper")

import harper as harper_native  # noqa: E402

from conftest import copyedit_cmd  # noqa: E402
from copyedit import cache as cache_mod  # noqa: E402
from copyedit import frequency, lexicon  # noqa: E402
from copyedit.backends import harper as h  # noqa: E402
from copyedit.backends.harper import HarperChecker  # noqa: E402
from copyedit.config import Settings  # noqa: E402
from copyedit.engine import build_engine  # noqa: E402
from copyedit.render.json import suggestion_dict  # noqa: E402

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "dev" / "articles.jsonl"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"

# Each text exercises a judgement made outside Harper's raw answer: a word
# used three times is vocabulary, a capitalised use makes a name, a slip used
# once is a finding, an old verb form asks the dictionary, a giant paragraph
# is read in pieces, Markdown is read as prose.
TEXTS = {
    "slips.txt": "The council met on Tuesday to discuss a imprtant budget.\n\nIt was a honest mistake,the mayor said.\n",
    "vocabulary.txt": "The zorbing club met. Zorbing is fun; zorbing is loud and zorbing is new.\n\nA recieve here.\n",
    "names.md": "# Notes\n\nWe met trevor at the shop. Trevor Beattie said hello.\n\nThou clingest to it, he said.\n",
    "british.txt": "The colour of the centre was grey. Thay travelled to the theatre.\n",
    "giant.txt": " ".join(f"It was a important day number {i} for the the council." for i in range(150)) + "\n",
}


def _texts() -> dict[str, str]:
    texts = dict(TEXTS)
    if SEED.is_file():
        texts["seed.txt"] = SEED.read_text(encoding="utf-8")
    if BENCH.is_file():
        for i, line in enumerate(BENCH.read_text(encoding="utf-8").splitlines()[:6]):
            texts[f"bench-{i}.txt"] = json.loads(line)["corrupted"]
    return texts


def _new_process(monkeypatch) -> None:
    """Forget everything this process knows of Harper, as a new run would."""
    monkeypatch.setattr(h, "_linters", {})
    monkeypatch.setattr(h, "_building", {})
    monkeypatch.setattr(h, "_configs", {})
    monkeypatch.setattr(h, "_memo", {})
    monkeypatch.setattr(cache_mod, "_kept", {})
    monkeypatch.setattr(cache_mod, "_kept_where", None)
    h.in_dictionary.cache_clear()
    lexicon.in_dictionary.cache_clear()
    frequency.zipf.cache_clear()


def _run(settings: Settings, texts: dict[str, str]) -> tuple[dict, dict]:
    """Findings per text as JSON, and the Harper cache's hits and misses."""
    engine = build_engine(settings)
    try:
        out = {}
        for name, text in texts.items():
            _, found = engine.check_text(name, text)
            out[name] = [suggestion_dict(s) for s in found]
        harper = next(c for c in engine.checkers if isinstance(c, HarperChecker))
        counts = {"hits": 0, "misses": 0}
        if harper._cache is not None:
            counts = {"hits": harper._cache.hits, "misses": harper._cache.misses}
        return out, counts
    finally:
        engine.close()


@pytest.fixture
def counted_linters(monkeypatch):
    """Every Harper Linter built from now on, by dialect."""
    built: list = []
    real = harper_native.Linter

    def counting(dialect):
        built.append(dialect)
        return real(dialect)

    monkeypatch.setattr(harper_native, "Linter", counting)
    return built


BASE = Settings(dialect="gb")


def test_cached_and_uncached_runs_report_the_same(monkeypatch):
    texts = _texts()
    _new_process(monkeypatch)
    uncached, counts = _run(BASE.replace(cache=False), texts)
    assert counts == {"hits": 0, "misses": 0}
    assert any(s["source"] == "harper" for found in uncached.values() for s in found)
    _new_process(monkeypatch)
    first, counts = _run(BASE, texts)
    assert counts["misses"] > 0
    _new_process(monkeypatch)
    second, counts = _run(BASE, texts)
    assert counts["misses"] == 0 and counts["hits"] > 0
    assert first == uncached
    assert second == uncached


def test_a_second_run_over_unchanged_text_builds_no_linter(monkeypatch, counted_linters):
    texts = _texts()
    looked_up: list[str] = []
    real_zipf = frequency._zipf
    monkeypatch.setattr(frequency, "_zipf", lambda w: (looked_up.append(w), real_zipf(w))[1])
    _new_process(monkeypatch)
    first, _ = _run(BASE, texts)
    assert counted_linters, "the first run must build Harper"
    assert looked_up, "the first run must ask wordfreq (a slip's correction is weighed by frequency)"
    counted_linters.clear()
    looked_up.clear()
    _new_process(monkeypatch)
    second, counts = _run(BASE, texts)
    assert counted_linters == []  # neither for Harper's lints nor for the house rules' dictionary questions
    assert looked_up == []  # nor are wordfreq's tables loaded
    assert counts["misses"] == 0
    assert second == first


def test_no_cache_neither_reads_nor_fills_the_cache(monkeypatch, counted_linters):
    texts = {"slips.txt": TEXTS["slips.txt"]}
    _new_process(monkeypatch)
    _run(BASE, texts)
    _new_process(monkeypatch)
    counted_linters.clear()
    out, counts = _run(BASE.replace(cache=False), texts)
    assert counted_linters  # --no-cache: Harper runs, though the answers are kept
    assert counts == {"hits": 0, "misses": 0}
    cache_mod.clear()
    _new_process(monkeypatch)
    _run(BASE.replace(cache=False), texts)
    store = cache_mod.ResultCache()
    assert store.count() == 0 and store.count_facts() == 0


def test_a_cache_that_cannot_be_written_is_a_miss_not_an_error(monkeypatch, tmp_path):
    texts = {"slips.txt": TEXTS["slips.txt"]}
    _new_process(monkeypatch)
    expected, _ = _run(BASE.replace(cache=False), texts)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("COPYEDIT_CACHE_DIR", str(blocker / "cache"))
    _new_process(monkeypatch)
    found, counts = _run(BASE, texts)
    assert found == expected and counts["hits"] == 0


CHANGES = {
    "backend options (enable)": (lambda mp: None, {"enable": ("harper:LongSentences", "harper:OxfordComma")}),
    "backend options (disable)": (lambda mp: None, {"disable": ("harper:SpellCheck",)}),
    "dialect": (lambda mp: None, {"dialect": "us"}),
    "harper-py version": (lambda mp: mp.setattr(h, "harper_version", lambda: "99.0.0"), {}),
    "copyedit version": (lambda mp: mp.setattr(cache_mod, "copyedit_version", lambda: "99.0.0"), {}),
    "Harper module code": (lambda mp: mp.setattr(cache_mod, "code_version", lambda module: "edited"), {}),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_that_decides_harpers_answer_misses_the_cache(monkeypatch, change):
    texts = {k: TEXTS[k] for k in ("slips.txt", "british.txt", "names.md")}
    _new_process(monkeypatch)
    _run(BASE, texts)
    _new_process(monkeypatch)
    _, counts = _run(BASE, texts)
    assert counts["misses"] == 0  # unchanged: every piece is known
    patch, settings = CHANGES[change]
    patch(monkeypatch)
    changed = BASE.replace(**settings)
    _new_process(monkeypatch)
    cached, counts = _run(changed, texts)
    assert counts["misses"] > 0 and counts["hits"] == 0
    _new_process(monkeypatch)
    uncached, _ = _run(changed.replace(cache=False), texts)
    assert cached == uncached


def test_vocabulary_is_applied_to_cached_answers(monkeypatch):
    """The accepted words are not in the key: kept answers are judged against the new vocabulary."""
    texts = {k: TEXTS[k] for k in ("slips.txt", "vocabulary.txt")}
    _new_process(monkeypatch)
    before, _ = _run(BASE, texts)
    assert any(s["text"] == "imprtant" for s in before["slips.txt"])
    accepting = BASE.replace(accept=("imprtant", "recieve"))
    _new_process(monkeypatch)
    cached, counts = _run(accepting, texts)
    assert counts["misses"] == 0
    assert not any(s["text"] in ("imprtant", "recieve") for found in cached.values() for s in found)
    _new_process(monkeypatch)
    uncached, _ = _run(accepting.replace(cache=False), texts)
    assert cached == uncached


def test_a_stored_answer_of_another_shape_is_a_miss(tmp_path):
    store = cache_mod.ResultCache(tmp_path / "c.sqlite3")
    c = cache_mod.BackendCache("harper", "1", {}, record=h._Raw, store=store)
    good = (h._Raw("AnA", 0, 1, ("an",), "Miscellaneous", "m"),)
    k1, k2, k3 = c.key("us", "one"), c.key("us", "two"), c.key("us", "three")
    c.put_many({k1: good})
    store.put_many({k2: [["AnA", 0]], k3: "not a list"})
    fresh = cache_mod.BackendCache("harper", "1", {}, record=h._Raw, store=store)
    assert fresh.get_many([k1, k2, k3]) == {k1: good}
    assert fresh.get_many([k1])[k1][0].replacements == ("an",)  # tuples again, as Harper's own answers


def test_cache_commands_cover_harpers_answers(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXTS["slips.txt"], encoding="utf-8")
    env = {"COPYEDIT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1", "PATH": "/usr/bin:/bin"}
    args = ["check", "--isolated", "--format", "json", "--min-level", "info", str(f)]
    first = subprocess.run([*copyedit_cmd(), *args], env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 1, first.stderr
    info = subprocess.run([*copyedit_cmd(), "cache", "info"], env=env, capture_output=True, text=True, timeout=60)
    assert "paragraphs: 2" in info.stdout, info.stdout
    second = subprocess.run([*copyedit_cmd(), *args], env=env, capture_output=True, text=True, timeout=120)
    assert second.stdout == first.stdout
    cleared = subprocess.run([*copyedit_cmd(), "cache", "clear"], env=env, capture_output=True, text=True, timeout=60)
    assert "cleared 2 cached paragraphs" in cleared.stdout
    info = subprocess.run([*copyedit_cmd(), "cache", "info"], env=env, capture_output=True, text=True, timeout=60)
    assert "paragraphs: 0" in info.stdout


def test_a_config_change_misses_and_reports_what_an_uncached_run_does(tmp_path):
    """Through the command line: the config file's Harper switches and vocabulary, as a team edits them."""
    d = tmp_path / "repo"
    d.mkdir()
    (d / "a.txt").write_text(TEXTS["slips.txt"] + "\n" + TEXTS["vocabulary.txt"], encoding="utf-8")
    config = d / ".copyedit.toml"
    env = {"COPYEDIT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def check(*extra):
        r = subprocess.run(
            [*copyedit_cmd(), "check", "--config", str(config), "--format", "json", "--min-level", "info", *extra, str(d / "a.txt")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode in (0, 1), r.stderr
        return json.loads(r.stdout)["files"][0]["suggestions"]

    def paragraphs() -> int:
        r = subprocess.run([*copyedit_cmd(), "cache", "info"], env=env, capture_output=True, text=True, timeout=60)
        return int(r.stdout.splitlines()[1].split(":")[1])

    config.write_text('dialect = "gb"\n', encoding="utf-8")
    before = check()
    kept = paragraphs()
    assert kept > 0 and check() == before and paragraphs() == kept  # unchanged: nothing new to keep
    config.write_text('dialect = "gb"\nenable = ["harper:LongSentences"]\ndisable = ["harper:AnA"]\n', encoding="utf-8")
    switched = check()
    assert paragraphs() == 2 * kept  # every paragraph missed and was checked again
    assert switched == check("--no-cache") and switched != before
    config.write_text('dialect = "gb"\n\n[vocabulary]\naccept = ["imprtant"]\n', encoding="utf-8")
    accepting = check()
    assert paragraphs() == 2 * kept  # the vocabulary is not in the key
    assert accepting == check("--no-cache")
    assert not any(s["text"] == "imprtant" for s in accepting) and any(s["text"] == "imprtant" for s in before)


def test_every_key_holds_copyedits_version(monkeypatch):
    """LanguageTool's answers too are parsed and shaped by copyedit: an upgrade must not read old ones."""
    key = cache_mod.make_key("languagetool", "6.4", "en-GB", {"level": "default"}, "Some text.", server="http://lt")
    monkeypatch.setattr(cache_mod, "copyedit_version", lambda: "99.0.0")
    assert cache_mod.make_key("languagetool", "6.4", "en-GB", {"level": "default"}, "Some text.", server="http://lt") != key
