"""LanguageTool: recorded answers map faithfully; the server lifecycle holds up.

No LanguageTool runs here. The mapping layer is tested on real answers
recorded from LanguageTool servers (tests/fixtures/languagetool, sources in
SOURCES.md). The lifecycle is tested against a real HTTP server process that
replays those answers (tests/languagetool_replay.py), reached exactly as a
LanguageTool server would be; as a `java` shim it also stands in for a local
LanguageTool that copyedit starts itself.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copyedit_cmd

from copyedit.backends.languagetool import (
    Annotation,
    LanguageToolChecker,
    Utf16Index,
    _Endpoint,
    copyedit_category,
    is_safe,
    parse_matches,
    utf16_to_codepoints,
)
from copyedit.backends.placeholders import MASK
from copyedit.cache import ResultCache, make_key
from copyedit.formats import build_document
from copyedit.merge import merge
from copyedit.model import SOURCE_HARPER, Applicability, Severity

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "languagetool"
REPLAY = HERE / "languagetool_replay.py"
sys.path.insert(0, str(HERE))
from languagetool_replay import INPUTS, ReplayProcess  # noqa: E402

TESTX = INPUTS["yalafi-testx-en-GB.json"]
EXTENSIN = INPUTS["tiptap-extensin-en-US.json"]


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def checker(**kw) -> LanguageToolChecker:
    return LanguageToolChecker(_Endpoint("http://127.0.0.1:9"), use_cache=False, **kw)


def mapped(name: str, text: str, path: str = "a.txt"):
    """The suggestions copyedit makes of a recorded answer for `text`."""
    doc = build_document(path, text)
    assert len(doc.segments) == 1
    seg = doc.segments[0]
    ann = Annotation(doc, seg)
    raws = parse_matches(fixture(name), ann)
    c = checker()
    return doc, [s for s in (c._suggestion(doc, seg.vstart, r) for r in raws) if s is not None]


# ---------------------------------------------------------------- mapping
def test_every_fixture_is_a_real_answer_with_its_source_cited():
    sources = (FIXTURES / "SOURCES.md").read_text(encoding="utf-8")
    names = sorted(p.name for p in FIXTURES.glob("*.json"))
    assert names and sorted(INPUTS) == names
    for name in names:
        data = fixture(name)
        assert data["software"]["name"] == "LanguageTool"
        assert f"`{name}`" in sources
        # The source's text really is the text these offsets were computed on.
        for m in data["matches"]:
            sentence = m["sentence"]
            assert sentence in INPUTS[name] or INPUTS[name] in sentence


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_recorded_matches_map_to_exact_spans_with_all_replacements(name):
    text = INPUTS[name] + "\n"
    data = fixture(name)
    doc, found = mapped(name, text)
    assert len(found) == len(data["matches"])
    for s, m in zip(sorted(found, key=lambda s: s.start), sorted(data["matches"], key=lambda m: m["offset"])):
        assert s.text == text[s.start : s.end] == text[m["offset"] : m["offset"] + m["length"]]
        assert s.replacements == tuple(r["value"] for r in m["replacements"])  # all of them, in order
        assert s.rule == "languagetool:" + m["rule"]["id"]
        assert s.source == "languagetool"
        assert s.message == m["message"]
        assert s.category == "spelling"  # TYPOS / misspelling
        assert s.severity is Severity.INFO  # an unknown word, unsafe: advice
        assert not s.safe


def test_a_single_dictionary_suggestion_is_still_not_safe():
    _, found = mapped("tiptap-extensin-en-US.json", EXTENSIN + "\n")
    extension = [s for s in found if s.text == "Extensin"]
    assert extension and extension[0].replacements == ("Extension",)
    assert extension[0].applicability is Applicability.UNSAFE


def test_safety_and_categories_follow_issue_type_and_category():
    # Values as LanguageTool reports them (rule id, category id, issue type).
    assert is_safe("ENGLISH_WORD_REPEAT_RULE", "MISC", "duplication", ["check"])
    assert is_safe("EN_A_VS_AN", "MISC", "misspelling", ["an"])  # a/an is filed as misspelling
    assert is_safe("COMMA_PARENTHESIS_WHITESPACE", "TYPOGRAPHY", "whitespace", [", "])
    assert not is_safe("EN_COMPOUNDS", "COMPOUNDING", "misspelling", ["reevaluation"])
    assert not is_safe("EN_SPECIFIC_CASE", "CASING", "misspelling", ["NATO"])
    assert not is_safe("THERE_THEIR", "CONFUSED_WORDS", "grammar", ["their"])
    assert is_safe("HE_VERB_AGR", "GRAMMAR", "grammar", ["is"])
    assert not is_safe("HE_VERB_AGR", "GRAMMAR", "grammar", ["is", "was"])  # someone must choose
    assert not is_safe("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling", ["Extension"])
    assert not is_safe("PASSIVE_VOICE", "STYLE", "style", ["x"])
    assert not is_safe("EN_QUOTES", "TYPOGRAPHY", "typographical", ["“"])
    assert not is_safe("MORFOLOGIK_RULE_EN_GB", "TYPOS", "locale-violation", ["colour"])
    assert not is_safe("AI_HYDRA_LEO_CP_YOU_YOUR", "MISC", "uncategorized", ["your"])
    assert copyedit_category("TYPOS", "misspelling") == "spelling"
    assert copyedit_category("MISC", "misspelling") == "grammar"
    assert copyedit_category("MISC", "duplication") == "grammar"
    assert copyedit_category("CASING", "typographical") == "capitalization"
    assert copyedit_category("STYLE", "style") == "style"


def test_utf16_offsets_become_code_points():
    # LanguageTool issue #11361: LanguageTool 6.7.1 answered offset 17 for
    # "akronym" here (four mathematical letters, two UTF-16 units each).
    text = "𝒞𝒞𝒞𝒫 was the akronym of a country."
    start, end = utf16_to_codepoints(text, 17, 7)
    assert text[start:end] == "akronym" and start == 13
    emoji = "Good 😀 news 👍🏽 for a apple."
    units = emoji.encode("utf-16-le")
    off = len(emoji[: emoji.index("a apple")].encode("utf-16-le")) // 2
    s, e = utf16_to_codepoints(emoji, off, 1)
    assert emoji[s:e] == "a" and len(units) // 2 - len(emoji) == 3
    idx = Utf16Index(emoji)
    assert idx.span(5, 2) == (5, 6)  # the emoji itself
    assert idx.span(6, 1) == (5, 6)  # half a surrogate pair widens to the character
    assert idx.span(0, len(units) // 2 + 1) is None  # beyond the text
    assert Utf16Index("plain").span(1, 2) == (1, 3)


def test_markdown_markup_is_sent_as_markup_and_offsets_map_back():
    text = "A **bold** claim with `code` and [a link](https://example.com/x) and 😀 emoji, a apple.\n"
    doc = build_document("a.md", text)
    seg = doc.segments[0]
    ann = Annotation(doc, seg)
    payload = ann.payload()
    items = json.loads(payload["data"])["annotation"]
    # Markup goes out as placeholders (tests/test_languagetool_privacy.py): the
    # code span reads as a stand-in word, the link's destination as nothing.
    assert {"markup": MASK} in items
    assert {"markup": MASK, "interpretAs": "Dummy0"} in items
    assert "example.com" not in payload["data"]
    assert ann.original.count(MASK) == 5  # placeholders included: LanguageTool counts them
    view = doc.view[seg.vstart : seg.vend]
    for word in ("bold", "claim", "link", "emoji", "apple", "a apple"):
        a = ann.original.index(word)
        units = len(ann.original[:a].encode("utf-16-le")) // 2
        span = Utf16Index(ann.original).span(units, len(word.encode("utf-16-le")) // 2)
        vs, ve = ann.to_view(*span)
        assert view[vs:ve] == word
        s = doc.suggest(seg.vstart + vs, seg.vstart + ve, ["X"], rule="t", source="languagetool", message="m")
        assert s is not None and text[s.start : s.end] == word
    # On the code's placeholder: maps onto protected text, so no suggestion can touch it.
    a = ann.original.index(MASK, ann.original.index("claim"))
    vs, ve = ann.to_view(a, a + len(MASK))
    assert view[vs:ve] == "code"
    assert doc.suggest(seg.vstart + vs, seg.vstart + ve, ["X"], rule="t", source="languagetool", message="m") is None


def test_plain_paragraphs_are_sent_as_text():
    doc = build_document("a.txt", TESTX + "\n")
    ann = Annotation(doc, doc.segments[0])
    assert ann.payload() == {"text": TESTX}


def test_garbage_or_malformed_answers_are_backend_errors():
    from copyedit.backends import BackendError

    doc = build_document("a.txt", TESTX + "\n")
    ann = Annotation(doc, doc.segments[0])
    for bad in ([], {"software": {}}, {"matches": [{"offset": "x"}]}, {"matches": [{"offset": 1, "length": 2}]}):
        with pytest.raises(BackendError):
            parse_matches(bad, ann)


# ---------------------------------------------------------------- merging
def test_same_span_disagreeing_fixes_join_with_harper():
    from copyedit.backends.harper import HarperChecker

    text = TESTX + "\n"
    doc, lt = mapped("yalafi-testx-en-GB.json", text)
    harper = HarperChecker("gb").check(doc)
    both = [s for s in harper if s.text == "testx"]
    assert both, "Harper flags testx too"
    merged = [s for s in merge(lt + harper) if s.text == "testx"]
    assert len(merged) == 1
    m = merged[0]
    assert set(m.sources) == {"languagetool", "harper"}
    assert set(m.replacements) == set(lt[0].replacements) | set(both[0].replacements)
    assert m.replacements[: len(lt[0].replacements)] == lt[0].replacements  # LanguageTool ranks first
    assert not m.safe


def test_corroborated_same_fix_is_reported_once_with_both_sources():
    _, lt = mapped("tiptap-extensin-en-US.json", EXTENSIN + "\n")
    ext = next(s for s in lt if s.text == "Extensin")
    same = ext.with_(rule="harper:SpellCheck", source=SOURCE_HARPER, sources=(SOURCE_HARPER,), message="Did you mean…")
    out = merge([same, *lt])
    at = [s for s in out if s.start == ext.start]
    assert len(at) == 1
    assert at[0].sources == ("languagetool", "harper")
    assert at[0].rule == ext.rule and at[0].replacements == ("Extension",)
    assert len(out) == len(lt)


def test_house_rules_still_win_over_languagetool():
    _, lt = mapped("tiptap-extensin-en-US.json", EXTENSIN + "\n")
    ext = next(s for s in lt if s.text == "Extensin")
    house = ext.with_(rule="names-extension", source="rules", sources=("rules",), replacements=("EXTENSION",))
    out = merge([house, *lt])
    assert [s.rule for s in out if s.start == ext.start] == ["names-extension"]


# ------------------------------------------------------------------ cache
def test_cache_round_trip_and_corrupt_file_is_recreated(tmp_path):
    path = tmp_path / "c.sqlite3"
    rc = ResultCache(path)
    k = make_key("languagetool", "5.5", "en-US", {"level": "default"}, EXTENSIN)
    assert make_key("languagetool", "5.6", "en-US", {"level": "default"}, EXTENSIN) != k
    assert make_key("languagetool", "5.5", "en-GB", {"level": "default"}, EXTENSIN) != k
    assert make_key("languagetool", "5.5", "en-US", {"level": "picky"}, EXTENSIN) != k
    rc.put(k, [{"rule": "X", "start": 1, "end": 2}])
    assert rc.get(k) == [{"rule": "X", "start": 1, "end": 2}]
    assert rc.count() == 1
    rc.close()
    path.write_bytes(b"this is not an sqlite database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    rc = ResultCache(path)
    assert rc.get(k) is None  # corrupt: a miss, not an error
    rc.put(k, [])
    assert rc.get(k) == []
    assert rc.clear() == 1 and rc.count() == 0
    rc.close()


def test_cache_in_a_read_only_place_is_a_miss_not_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    rc = ResultCache(blocker / "sub" / "c.sqlite3")
    rc.put("k", [1])
    assert rc.get("k") is None


# ------------------------------------------------------- replay server runs
def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COPYEDIT_LT", "LTP_", "COPYEDIT_REPLAY"))}
    env.update(
        {
            "COPYEDIT_CACHE_DIR": str(tmp_path / "cache"),
            "LTP_PATH": str(tmp_path / "no-ltp"),
            "NO_COLOR": "1",
        }
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Replay(ReplayProcess):
    def __init__(self, tmp_path: Path, mode: str = "ok"):
        try:
            super().__init__(tmp_path, "--mode", mode, name=f"replay-{mode.replace(':', '')}", timeout=20)
        except RuntimeError:
            pytest.fail("replay server did not start")


@pytest.fixture
def replay(tmp_path):
    started = []

    def start(mode: str = "ok") -> Replay:
        r = Replay(tmp_path, mode)
        started.append(r)
        return r

    yield start
    for r in started:
        r.stop()


def run(args, env, input=None, timeout=120):
    # The recorded answers are spelling advice (info): these tests are about
    # talking to the server, so every finding counts for the exit status.
    if args and args[0] == "check":
        args = ["check", "--fail-level", "info", *args[1:]]
    return subprocess.run([*copyedit_cmd(), *args], env=env, capture_output=True, text=True, input=input, timeout=timeout)


def articles(tmp_path, n: int = 3, text: str = EXTENSIN) -> list[Path]:
    d = tmp_path / "articles"
    d.mkdir(exist_ok=True)
    out = []
    for i in range(n):
        p = d / f"a{i}.txt"
        p.write_text(text + "\n", encoding="utf-8")
        out.append(p)
    return out


def test_check_through_a_server_merges_with_harper(tmp_path, replay):
    r = replay()
    f = tmp_path / "a.txt"
    f.write_text(f"{TESTX}\n\n{EXTENSIN}\n", encoding="utf-8")
    p = run(["check", "--backend", "harper,languagetool", "--lt-url", r.url, "--dialect", "gb", "--format", "json", str(f)], _env(tmp_path))
    assert p.returncode == 1, p.stderr
    found = json.loads(p.stdout)["files"][0]["suggestions"]
    text = f.read_text(encoding="utf-8")
    for s in found:
        assert text[s["start"] : s["end"]] == s["text"]
    testx = [s for s in found if s["text"] == "testx"]
    assert len(testx) == 1 and set(testx[0]["sources"]) == {"languagetool", "harper"}
    assert testx[0]["rule"] == "languagetool:MORFOLOGIK_RULE_EN_GB"
    assert any(s["text"] == "Extensin" and s["replacements"] == ["Extension"] for s in found)
    sent = r.requests()
    assert {e["language"] for e in sent} == {"en-GB"}  # --dialect gb
    assert sorted(e["text"] for e in sent) == sorted([TESTX, EXTENSIN])  # whole paragraphs, prose only


def test_vocabulary_silences_languagetool_spelling(tmp_path, replay):
    r = replay()
    (tmp_path / ".copyedit.toml").write_text('[vocabulary]\naccept = ["testx"]\n', encoding="utf-8")
    f = tmp_path / "a.txt"
    f.write_text(TESTX + "\n", encoding="utf-8")
    p = run(["check", "--backend", "languagetool", "--lt-url", r.url, "--format", "json", str(f)], _env(tmp_path))
    assert p.returncode == 0, p.stdout + p.stderr
    assert len(r.requests()) == 1


def test_only_prose_is_sent(tmp_path, replay):
    r = replay()
    f = tmp_path / "a.md"
    f.write_text(f"# `config.toml`\n\n```\nthis are code\n```\n\n{TESTX}\n\n<div>html</div>\n", encoding="utf-8")
    p = run(["check", "--backend", "languagetool", "--lt-url", r.url, str(f)], _env(tmp_path))
    assert p.returncode == 1, p.stderr
    assert [e["text"] for e in r.requests()] == [TESTX]


def test_retries_a_5xx_then_succeeds(tmp_path, replay):
    r = replay("fail:2")
    (f,) = articles(tmp_path, 1)
    p = run(["check", "--backend", "languagetool", "--lt-url", r.url, str(f)], _env(tmp_path))
    assert p.returncode == 1 and "Extension" in p.stdout, p.stderr
    assert len(r.requests()) == 3


@pytest.mark.parametrize(
    "mode,words",
    [("stall", "timed out after 1s"), ("garbage", "not JSON"), ("fail:99", "HTTP 503 (after 2 tries)")],
)
def test_server_failures_are_one_line_and_fix_leaves_the_file(tmp_path, replay, mode, words):
    r = replay(mode)
    (f,) = articles(tmp_path, 1, text="A list,with a missing space. " + EXTENSIN)
    before = f.read_bytes()
    t0 = time.monotonic()
    env = _env(tmp_path, COPYEDIT_LT_TIMEOUT=1, COPYEDIT_LT_RETRIES=1)
    p = run(["fix", "--backend", "harper,languagetool", "--lt-url", r.url, str(f)], env)
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("copyedit: error: LanguageTool at") and words in lines[0], p.stderr
    assert "Traceback" not in p.stderr
    assert f.read_bytes() == before
    assert time.monotonic() - t0 < 30


def test_connection_refused_is_one_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (f,) = articles(tmp_path, 1)
    p = run(["check", "--backend", "languagetool", "--lt-url", f"http://127.0.0.1:{port}", str(f)], _env(tmp_path, COPYEDIT_LT_RETRIES=1))
    assert p.returncode == 2
    assert p.stderr.strip().count("\n") == 0 and "refused the connection" in p.stderr


def test_auto_falls_back_to_harper_with_a_note(tmp_path):
    (f,) = articles(tmp_path, 1)
    env = _env(tmp_path, PATH=str(tmp_path / "empty-bin"))
    p = run(["check", "--backend", "auto", str(f)], env)
    assert "backend auto: no LanguageTool reachable, using Harper" in p.stderr
    assert p.returncode in (0, 1) and "languagetool:" not in p.stdout


def test_auto_uses_a_reachable_server(tmp_path, replay):
    r = replay()
    (f,) = articles(tmp_path, 1)
    p = run(["check", "--backend", "auto", str(f)], _env(tmp_path, COPYEDIT_LT_URL=r.url))
    assert "backend auto: using LanguageTool" in p.stderr
    assert "languagetool:MORFOLOGIK_RULE_EN_US" in p.stdout
    assert r.requests("/v2/languages")  # the reachability probe


def test_cache_second_run_sends_nothing_and_no_cache_sends_again(tmp_path, replay):
    r = replay()
    files = articles(tmp_path, 3)
    env = _env(tmp_path)
    args = ["check", "--backend", "languagetool", "--lt-url", r.url, *map(str, files)]
    first = run(args, env)
    assert first.returncode == 1, first.stderr
    n1 = len(r.requests())
    assert n1 == 1  # one paragraph text, three files: sent once
    second = run(args, env)
    assert second.stdout == first.stdout
    assert len(r.requests()) == n1  # nothing sent
    third = run([*args, "--no-cache"], env)
    assert third.stdout == first.stdout
    assert len(r.requests()) == n1 + 1
    info = run(["cache", "info"], env)
    assert "paragraphs: 1" in info.stdout
    cleared = run(["cache", "clear"], env)
    assert cleared.returncode == 0 and "cleared 1 cached paragraph" in cleared.stdout
    run(args, env)
    assert len(r.requests()) == n1 + 2


def test_a_corrupt_cache_does_not_stop_a_run(tmp_path, replay):
    r = replay()
    (f,) = articles(tmp_path, 1)
    env = _env(tmp_path)
    db = tmp_path / "cache" / "results.sqlite3"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"garbage" * 1000)
    p = run(["check", "--backend", "languagetool", "--lt-url", r.url, str(f)], env)
    assert p.returncode == 1 and "Extension" in p.stdout, p.stderr
    with sqlite3.connect(db) as conn:  # recreated, and holding the result
        assert conn.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 1


# ----------------------------------------------- local and persistent servers
@pytest.fixture
def fake_java(tmp_path):
    """A `java` that runs the replay server: `-version` says 17, HTTPServer serves."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    java = bin_dir / "java"
    java.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{REPLAY}" "$@"\n', encoding="utf-8")
    java.chmod(0o755)
    jar_dir = tmp_path / "LanguageTool-6.4"
    jar_dir.mkdir()
    (jar_dir / "languagetool-server.jar").write_bytes(b"")
    starts = tmp_path / "starts.log"
    log = tmp_path / "local.log"
    env = _env(
        tmp_path,
        PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        LTP_JAR_DIR_PATH=jar_dir,
        COPYEDIT_REPLAY_STARTS=starts,
        COPYEDIT_REPLAY_LOG=log,
    )

    class Fake:
        pass

    fake = Fake()
    fake.env, fake.starts, fake.log = env, starts, log
    fake.start_count = lambda: len(starts.read_text().splitlines()) if starts.exists() else 0
    fake.checks = lambda: sum(1 for ln in (log.read_text().splitlines() if log.exists() else ()) if '"/v2/check"' in ln)
    yield fake
    # Anything still up (a failed test) is ours: stop it by pid.
    if starts.exists():
        for line in starts.read_text().splitlines():
            pid = json.loads(line)["pid"]
            try:
                os.kill(pid, 15)
            except OSError:
                pass


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_local_server_starts_once_per_run_and_stops_after(tmp_path, fake_java):
    files = articles(tmp_path, 4)
    for jobs in ("1", "2"):
        p = run(["check", "--no-cache", "--backend", "languagetool", "-j", jobs, *map(str, files)], fake_java.env)
        assert p.returncode == 1, p.stderr
        assert p.stdout.count("languagetool:MORFOLOGIK_RULE_EN_US") == 3 * len(files)
    assert fake_java.start_count() == 2  # one per run, never one per file or per worker
    for line in fake_java.starts.read_text().splitlines():
        port = json.loads(line)["port"]
        assert port and not _port_open(port)  # stopped when the run ended
    assert not list((tmp_path / "cache").glob("lt-run-*"))


def test_cached_run_starts_no_jvm(tmp_path, fake_java):
    files = articles(tmp_path, 2)
    args = ["check", "--backend", "languagetool", *map(str, files)]
    first = run(args, fake_java.env)
    assert first.returncode == 1 and fake_java.start_count() == 1
    second = run(args, fake_java.env)
    assert second.stdout == first.stdout
    assert fake_java.start_count() == 1  # everything came from the cache: no JVM start


def test_server_start_status_stop_and_runs_use_it(tmp_path, fake_java):
    env = fake_java.env
    p = run(["server", "status"], env)
    assert p.returncode == 1 and "not running" in p.stdout
    p = run(["server", "start", "--port", str(_free_port())], env)
    assert p.returncode == 0 and "LanguageTool running at" in p.stdout, p.stderr
    state = json.loads((tmp_path / "cache" / "server.json").read_text())
    try:
        assert run(["server", "status"], env).returncode == 0
        again = run(["server", "start"], env)
        assert again.returncode == 0 and "already running" in again.stdout
        files = articles(tmp_path, 3)
        c = run(["check", "--no-cache", "--backend", "languagetool", *map(str, files)], env)
        assert c.returncode == 1 and "Extension" in c.stdout, c.stderr
        assert fake_java.start_count() == 1  # the run used the persistent server
        assert fake_java.checks() == 1
    finally:
        s = run(["server", "stop"], env)
    assert s.returncode == 0 and "stopped" in s.stdout
    assert not _port_open(state["port"])
    assert run(["server", "status"], env).returncode == 1


def test_server_start_without_java_or_jar_is_one_line(tmp_path, fake_java):
    env = dict(fake_java.env, PATH=str(tmp_path / "empty-bin"))
    p = run(["server", "start"], env)
    assert p.returncode == 2 and p.stderr.strip() == p.stderr.strip().splitlines()[0]
    assert "Java not found" in p.stderr
    env = dict(fake_java.env, LTP_JAR_DIR_PATH=str(tmp_path / "nowhere"))
    p = run(["server", "start"], env)
    assert p.returncode == 2 and "holds no languagetool-server.jar" in p.stderr
    (f,) = articles(tmp_path, 1)
    p = run(["check", "--backend", "languagetool", str(f)], dict(fake_java.env, PATH=str(tmp_path / "empty-bin")))
    assert p.returncode == 2 and "Java not found" in p.stderr and p.stderr.count("\n") == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
