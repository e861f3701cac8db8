"""Properties over generated text, for every backend that runs without a network.

Hypothesis runs derandomised and without a database, so CI sees the same
examples on every run; example counts are modest so the module stays well
under a minute (Harper, slower per example, gets fewer).
"""

from __future__ import annotations

import codecs
import functools
import os
import subprocess
import tempfile

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fuzz.harness import all_pack_ids, line_endings

from copyedit import files

FAST = settings(
    max_examples=120,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
HARPER = settings(FAST, max_examples=35)


# ------------------------------------------------------------------ engines
@functools.cache
def engine(name: str):
    from copyedit.config import Settings
    from copyedit.engine import build_engine

    if name == "silent":
        return build_engine(Settings(backends=("none",), disable_packs=tuple(all_pack_ids())))
    return build_engine(Settings(backends=(name,)))


BACKENDS = [pytest.param("none", marks=[]), pytest.param("harper")]


def fix(backend: str, path: str, text: str) -> str:
    from copyedit.fixer import fix_text

    return fix_text(engine(backend), path, text).text


# ------------------------------------------------------------------ strategies
WORDS = ["the", "council", "met", "on", "Tuesday", "and", "voted", "It", "was", "a", "important", "day",
         "an", "hour", "café", "naïve", "Zoë", "e\u0301te\u0301", "שלום", "مرحبا", "日本語", "𝔘𝔫𝔦", "𠀀",
         "👍🏽", "👨‍👩‍👧", "🇬🇧", "don't", "it’s", "U.S.", "1,000", "3.14", "x" * 40, "https://x.y/a,b"]
GLUE = [" ", " ", " ", ",", ", ", ".", ". ", ",and", ".The", " ,", " .", "  ", "\u00a0", "\u200b", "\u200d",
        "\u200f", ";", ":", "!", "?", "“", "”", "‘", "’", "(", ")", "-", "—", "'", '"', "*", "_"]
ODD = st.text(
    alphabet=st.characters(
        # No control characters, surrogates or line separators: endings are chosen explicitly below.
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
    ),
    max_size=6,
)

token = st.one_of(st.sampled_from(WORDS), st.sampled_from(GLUE), ODD)
line = st.lists(token, min_size=1, max_size=25).map("".join).filter(lambda s: s.strip() != "")
newline = st.sampled_from(["\n", "\r\n"])


@st.composite
def plain_text(draw):
    """Lines and paragraphs of slips and hostile characters, LF or CRLF, final newline or not."""
    nl = draw(newline)
    paras = draw(st.lists(st.lists(line, min_size=1, max_size=4), min_size=1, max_size=4))
    text = (nl + nl).join(nl.join(p) for p in paras)
    if draw(st.booleans()):
        text += nl
    return text


CODE = st.lists(st.sampled_from(WORDS + GLUE), min_size=1, max_size=12).map("".join).filter(
    lambda s: s.strip() and "`" not in s and "\\" not in s
)


def _leaves_structure(text: str) -> bool:
    """Generated lines must not themselves open code, HTML or lists that would change the blocks."""
    for ln in text.replace("\r\n", "\n").split("\n"):
        s = ln.lstrip()
        if s.startswith(("```", "~~~", "<", "---", "===", "***", "___", "+ ", "* ", "> ", "|")) or ln.startswith("    "):
            return False
        if s[:1].isdigit() and s.lstrip("0123456789")[:2] in (". ", ") "):
            return False
    return True


# Prose lines in Markdown: no backtick, angle bracket or backslash (they would
# pair with or escape the generated code), and nothing that opens a block.
md_line = line.filter(lambda s: not set(s) & set("`<\\") and _leaves_structure(s))


@st.composite
def markdown(draw):
    """A Markdown article plus the exact strings that are code or front matter in it."""
    nl = draw(newline)
    protected: list[str] = []
    blocks: list[str] = []
    if draw(st.booleans()):
        fm = nl.join(f"{k}: {draw(CODE).replace(':', ';')}" for k in ("title", "summary"))
        blocks.append(f"---{nl}{fm}{nl}---")
        protected.append(f"---{nl}{fm}{nl}---")
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["para", "para", "heading", "list", "fence", "inline"]))
        if kind == "para":
            blocks.append(nl.join(draw(st.lists(md_line, min_size=1, max_size=3))))
        elif kind == "heading":
            blocks.append("# " + draw(md_line))
        elif kind == "list":
            blocks.append(nl.join("- " + draw(md_line) for _ in range(draw(st.integers(1, 3)))))
        elif kind == "fence":
            body = nl.join(draw(st.lists(CODE, min_size=1, max_size=3)))
            blocks.append(f"```{nl}{body}{nl}```")
            protected.append(body)
        else:
            code = draw(CODE).strip()
            span = f"`{code}`"
            blocks.append(f"{draw(md_line)} {span} {draw(md_line)}")
            protected.append(span)
    text = (nl + nl).join(blocks)
    if draw(st.booleans()):
        text += nl
    return text, protected


# ------------------------------------------------------------------ properties
def _spans_ok(backend: str, path: str, text: str) -> None:
    _, found = engine(backend).check_text(path, text)
    for s in found:
        assert 0 <= s.start <= s.end <= len(text), s
        assert text[s.start : s.end] == s.text, s


@pytest.mark.parametrize("backend", ["none", "harper"])
def test_spans_lie_inside_the_text_and_match_it(backend):
    @(FAST if backend == "none" else HARPER)
    @given(plain_text(), st.sampled_from(["a.txt", "a.md"]))
    def prop(text, path):
        _spans_ok(backend, path, text)

    prop()


@pytest.mark.parametrize("backend", ["none", "harper"])
def test_fix_is_idempotent(backend):
    @(FAST if backend == "none" else HARPER)
    @given(plain_text(), st.sampled_from(["a.txt", "a.md"]))
    def prop(text, path):
        once = fix(backend, path, text)
        assert fix(backend, path, once) == once
        assert line_endings(once) == line_endings(text)

    prop()


def _patch(text: str, fixed: str, name: str) -> bytes:
    from copyedit.render.diff import unified

    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, name), "wb") as fh:
            fh.write(text.encode("utf-8"))
        r = subprocess.run(
            ["patch", "-p1", "--fuzz=0", "--batch", "--no-backup-if-mismatch", "-r", "-"],
            input=unified(name, text, fixed).encode("utf-8"), cwd=d, capture_output=True,
        )
        assert r.returncode == 0, r.stdout
        with open(os.path.join(d, name), "rb") as fh:
            return fh.read()


@pytest.mark.parametrize("backend", ["none", "harper"])
def test_diff_applied_with_patch_equals_fix(backend):
    @(FAST if backend == "none" else HARPER)
    @given(plain_text(), st.sampled_from(["a.txt", "a.md"]))
    def prop(text, name):
        fixed = fix(backend, name, text)
        assume(fixed != text)
        assert _patch(text, fixed, name) == fixed.encode("utf-8")

    prop()


@pytest.mark.parametrize("backend", ["none", "harper"])
def test_markdown_code_and_front_matter_never_change(backend):
    @(FAST if backend == "none" else HARPER)
    @given(markdown())
    def prop(doc):
        text, protected = doc
        fixed = fix(backend, "a.md", text)
        for p in protected:
            assert fixed.count(p) >= text.count(p), (p, fixed)
        _spans_ok(backend, "a.md", text)

    prop()


def test_markdown_protected_strings_are_really_exercised():
    """The slips inside generated code would be fixed if they were prose."""
    text = "Body,text.\n\n```\ncode,here.The\n```\n\nSay `a,b` now.\n"
    assert fix("none", "a.txt", text) != text  # as plain text, the code lines change
    fixed = fix("none", "a.md", text)
    assert "code,here.The" in fixed and "`a,b`" in fixed and "Body, text." in fixed


@FAST
@given(st.one_of(plain_text(), markdown().map(lambda d: d[0])), st.sampled_from(["a.txt", "a.md"]))
def test_with_no_rules_fix_changes_nothing(text, path):
    assert fix("silent", path, text) == text
    assert engine("silent").check_text(path, text)[1] == []


# ------------------------------------------------------------------ the file layer
ENCODINGS = [
    (b"", "utf-8"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
]
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200)


@settings(FAST, max_examples=150)
@given(any_text, st.sampled_from(ENCODINGS))
def test_decode_then_encode_gives_back_the_same_bytes(text, enc):
    bom, name = enc
    assume(not (not bom and text.startswith("\ufeff")))  # a leading U+FEFF without a BOM reads as one
    data = bom + text.encode(name)
    src = files.decode(data, "x")
    assert src.text == text
    assert src.encode(src.text) == data


@settings(FAST, max_examples=40)
@given(any_text, any_text, st.sampled_from(ENCODINGS))
def test_write_atomic_round_trips(before, after, enc):
    bom, name = enc
    assume(not before.startswith("\ufeff") and not after.startswith("\ufeff"))
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "a.txt")
        with open(path, "wb") as fh:
            fh.write(bom + before.encode(name))
        os.chmod(path, 0o604)
        src = files.read(path)
        files.write_atomic(src, after)
        with open(path, "rb") as fh:
            assert fh.read() == bom + after.encode(name)
        assert files.read(path).text == after
        assert os.stat(path).st_mode & 0o777 == 0o604
        assert os.listdir(d) == ["a.txt"]


@settings(FAST, max_examples=60)
@given(st.text(alphabet=st.characters(max_codepoint=255, blacklist_characters="\x00"), max_size=100))
def test_latin1_round_trips_with_the_encoding_option(text):
    data = text.encode("latin-1")
    assume(not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)))
    src = files.decode(data, "x", "latin-1")
    assert src.text == text and src.encode(text) == data
