"""What reaches a LanguageTool server, and what never does (issues 18 and 20).

Text goes only to the server named: a redirect is never followed, so a
server answering 307 cannot pass the text on. Credentials in `--lt-url` are
used but never shown. Code, link destinations, HTML attributes and bare URLs
go out as placeholders, and offsets still land on the right words. The cache
keeps each server's answers apart.

The servers are real HTTP servers on 127.0.0.1 (tests/languagetool_capture.py)
answering with answers recorded from real LanguageTool servers.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote_plus

import pytest
from click.testing import CliRunner

from copyedit.backends.languagetool import Annotation, Utf16Index
from copyedit.backends.placeholders import MASK
from copyedit.cli import main
from copyedit.formats import build_document

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from languagetool_capture import CaptureServer  # noqa: E402
from languagetool_replay import INPUTS  # noqa: E402

EXTENSIN = INPUTS["tiptap-extensin-en-US.json"]  # LanguageTool 5.5 flags Extensin, onee, shud


@pytest.fixture
def servers():
    started: list[CaptureServer] = []

    def start(**kw) -> CaptureServer:
        s = CaptureServer(**kw)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


def invoke(command: str, *args, env: dict | None = None):
    # The recorded answers are spelling advice (info): show it.
    env = {"COPYEDIT_LT_RETRIES": "0", "COPYEDIT_LT_TIMEOUT": "10", **(env or {})}
    return CliRunner().invoke(main, [command, "--min-level", "info", *map(str, args)], env=env)


def article(tmp_path, text: str = EXTENSIN + "\n", name: str = "a.txt") -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def sent(server: CaptureServer) -> str:
    """Everything the server received in check bodies, URL-decoded."""
    return "\n".join(unquote_plus(r["body"].decode("utf-8")) for r in server.checks())


def annotations(server: CaptureServer) -> list[dict]:
    """The annotation items of every check the server received."""
    out = []
    for r in server.checks():
        form = parse_qs(r["body"].decode("utf-8"))
        out.extend(json.loads(form["data"][0])["annotation"])
    return out


# ------------------------------------------------------------- redirects
@pytest.mark.parametrize("status", [307, 308, 302])
def test_a_redirect_is_not_followed_and_the_other_server_never_sees_the_text(tmp_path, servers, status):
    elsewhere = servers()
    named = servers(redirect_to=elsewhere.url, status=status)
    f = article(tmp_path)
    before = f.read_bytes()
    r = invoke("fix", "--backend", "languagetool", "--lt-url", named.url, f)
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and f"HTTP {status}" in lines[0] and "redirect" in lines[0], r.stderr
    assert elsewhere.url in lines[0]  # says where it was sent, so the user can name it
    assert len(named.checks()) == 1
    assert elsewhere.requests == []  # not one request, let alone the text
    assert f.read_bytes() == before


def test_auto_does_not_follow_a_redirect_when_probing(tmp_path, servers):
    elsewhere = servers()
    named = servers(redirect_to=elsewhere.url)
    f = article(tmp_path)
    r = invoke("check", "--backend", "auto", "--lt-url", named.url, f)
    assert "no LanguageTool reachable, using Harper" in r.stderr
    assert elsewhere.requests == []


# ----------------------------------------------------------- credentials
def test_credentials_in_the_url_are_used_but_never_shown(tmp_path, servers):
    server = servers()
    secret_url = f"http://editor:s3cr3t-pa55@127.0.0.1:{server.port}"
    f = article(tmp_path)
    r = invoke("check", "--backend", "languagetool", "--lt-url", secret_url, "--format", "json", "--statistics", f)
    assert r.exit_code == 0, r.output
    assert "Extension" in r.stdout
    assert "s3cr3t" not in r.output
    # Used: sent as basic auth, as requests does for a URL with credentials.
    auth = server.checks()[0]["headers"]["Authorization"]
    assert base64.b64decode(auth.split()[1]) == b"editor:s3cr3t-pa55"
    # Not kept: the cache names the server without them.
    dbs = list(Path(os.environ["COPYEDIT_CACHE_DIR"]).glob("*.sqlite3*"))
    assert dbs
    for db in dbs:
        assert b"s3cr3t" not in db.read_bytes()


@pytest.mark.parametrize("failure", ["refused", "http-400", "redirect"])
def test_credentials_are_redacted_in_every_error(tmp_path, servers, failure):
    if failure == "refused":
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    elif failure == "http-400":
        port = servers().port  # no recorded answer for this text: HTTP 400
    else:
        port = servers(redirect_to="http://mallory:l0cation-pw@127.0.0.1:9").port
    f = article(tmp_path, "An unrecorded sentence.\n")
    r = invoke("check", "--backend", "languagetool", "--lt-url", f"http://editor:s3cr3t-pa55@127.0.0.1:{port}", "--format", "json", "--statistics", f)
    assert r.exit_code == 2, r.output
    assert "s3cr3t" not in r.output and "editor" not in r.output and "l0cation" not in r.output
    line = r.stderr.strip()
    assert "\n" not in line and f"http://***@127.0.0.1:{port}" in line, line


def test_a_password_quoted_on_its_own_is_hidden_too():
    """A library's error may quote the host part without its scheme, or decode it."""
    from copyedit.backends.credentials import Redactor, redact_url, without_credentials

    url = "https://ed:p%40ss-w0rd@lt.example.org:8010"
    hide = Redactor(url)
    for message in (f"cannot reach {url}/v2/check", "Failed to parse: 'ed:p%40ss-w0rd@lt.example.org:8010'", "auth p@ss-w0rd refused"):
        out = hide(message)
        assert "w0rd" not in out and "***" in out, out
    assert redact_url(url) == "https://***@lt.example.org:8010"
    assert without_credentials(url) == "https://lt.example.org:8010"
    assert Redactor("http://localhost:8081")("LanguageTool at http://localhost:8081 said no") == "LanguageTool at http://localhost:8081 said no"


# ------------------------------------------------------------------ cache
def test_the_cache_keeps_each_servers_answers_apart(tmp_path, servers):
    """Two servers in regular use, both LanguageTool 5.5 (set up alike here, as
    only one real answer per text is on record; set up differently, they answer
    differently): a paragraph one of them checked is still sent to the other."""
    first, second = servers(), servers()
    seen = article(tmp_path)
    for server in (first, second):  # each server's version is known from now on
        r = invoke("check", "--backend", "languagetool", "--lt-url", server.url, seen)
        assert r.exit_code == 0 and "Extension" in r.stdout, r.output
        assert len(server.checks()) == 1
    new = article(tmp_path, f"[LanguageTool](https://languagetool.org) {EXTENSIN[len('LanguageTool ') :]}\n", "b.md")
    one = invoke("check", "--backend", "languagetool", "--lt-url", first.url, "--format", "json", new)
    assert one.exit_code == 0 and "Extension" in one.stdout, one.output
    assert len(first.checks()) == 2
    two = invoke("check", "--backend", "languagetool", "--lt-url", second.url, "--format", "json", new)
    assert two.exit_code == 0, two.output
    assert len(second.checks()) == 2  # asked, not answered from the first server's entry
    again = invoke("check", "--backend", "languagetool", "--lt-url", first.url, "--format", "json", new)
    assert again.stdout == one.stdout
    assert len(first.checks()) == 2  # its own entry is still there


# ---------------------------------------------------------------- markup
SECRET_DOC = (
    "We ran `deploy --token=tok_live_51H8` and read [the guide](https://intra.example.com/guide?token=LINKTOKEN). "
    'See <a href="https://intra.example.com/?token=HTMLTOKEN" class="x">the page</a>, '
    "<https://intra.example.com/auto?token=AUTOTOKEN>, https://bare.example.com/?token=BARETOKEN "
    "or mail ops@intra.example.com for an `api_key_42` value.\n"
)
SECRETS = ("tok_live_51H8", "deploy", "LINKTOKEN", "HTMLTOKEN", "href", "class=", "AUTOTOKEN", "BARETOKEN", "intra.example", "api_key_42")


def test_code_urls_and_html_attributes_never_leave_the_machine(tmp_path, servers):
    server = servers()
    f = article(tmp_path, SECRET_DOC, "a.md")
    invoke("check", "--backend", "languagetool", "--lt-url", server.url, f)  # no recorded answer: exit 2
    body = sent(server)
    assert len(server.checks()) == 1, body
    for secret in SECRETS:
        assert secret not in body, secret
    # The prose still goes, link text included, with stand-ins where the sentence needs a word.
    for prose in ("We ran ", "and read ", "the guide", "the page", "for an "):
        assert prose in body
    items = annotations(server)
    assert all(it["markup"] == MASK for it in items if "markup" in it)
    readings = [it["interpretAs"] for it in items if "interpretAs" in it]
    assert readings[-1].startswith("Ina")  # "an `api_key_42`": the article agrees


def test_offsets_after_a_masked_link_land_on_the_words(tmp_path, servers):
    """A real answer, read on the annotated text: its matches land on the file's words."""
    server = servers()
    text = f"[LanguageTool](https://intra.example.com/docs?token=LINKTOKEN) {EXTENSIN[len('LanguageTool ') :]}\n"
    f = article(tmp_path, text, "a.md")
    r = invoke("check", "--backend", "languagetool", "--lt-url", server.url, "--format", "json", f)
    assert r.exit_code == 0, r.output
    assert "LINKTOKEN" not in sent(server)
    found = json.loads(r.stdout)["files"][0]["suggestions"]
    got = {(s["text"], text[s["start"] : s["end"]], s["replacements"][0]) for s in found if s["source"] == "languagetool"}
    assert got == {("Extensin", "Extensin", "Extension"), ("onee", "onee", "one"), ("shud", "shud", "shut")}


def test_every_prose_word_maps_back_through_the_placeholders():
    """copyedit maps offsets itself: each word's offset in what was sent
    (UTF-16, as LanguageTool counts) comes back to that word in the file."""
    text = "Run `rm -rf ~/s3cret 😀` then [read 😀 this](https://x.example/?t=1) or <b title=\"t\">that</b> at https://y.example/?t=2 now, a apple.\n"
    doc = build_document("a.md", text)
    seg = doc.segments[0]
    ann = Annotation(doc, seg)
    assert "s3cret" not in ann.original and "x.example" not in ann.original and "title" not in ann.original
    index = Utf16Index(ann.original)
    for word in ("Run", "then", "read", "this", "or", "that", "at", "now", "a apple"):
        a = ann.original.index(word)
        units = len(ann.original[:a].encode("utf-16-le")) // 2
        vs, ve = ann.to_view(*index.span(units, len(word.encode("utf-16-le")) // 2))
        s = doc.suggest(seg.vstart + vs, seg.vstart + ve, ["X"], rule="t", source="languagetool", message="m")
        assert s is not None and text[s.start : s.end] == word
    # A match on a placeholder falls on protected text: no suggestion.
    for k in range(ann.original.count(MASK)):
        a = [i for i in range(len(ann.original)) if ann.original.startswith(MASK, i)][k]
        units = len(ann.original[:a].encode("utf-16-le")) // 2
        span = ann.to_view(*index.span(units, len(MASK)))
        if span and span[1] > span[0]:
            assert doc.suggest(seg.vstart + span[0], seg.vstart + span[1], ["X"], rule="t", source="languagetool", message="m") is None


def test_a_masked_run_of_another_length_is_not_a_cache_hit():
    """Two paragraphs send the same placeholders; their answers must not be shared,
    since an offset after the masked run means another place in each."""
    a = build_document("a.md", "Run `ab` now, a apple.\n")
    b = build_document("b.md", "Run `abcdefgh` now, a apple.\n")
    ann_a, ann_b = Annotation(a, a.segments[0]), Annotation(b, b.segments[0])
    assert ann_a.payload() == ann_b.payload()
    assert ann_a.cache_text() != ann_b.cache_text()
