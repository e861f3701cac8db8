"""The language server's parts that need no client: positions, edits, directives, the vocabulary writer.

Each is checked against an independent account of the same thing: positions
against encoding the text, directives against copyedit's own reading of the
result and against the rendered Markdown, the vocabulary writer against
tomllib's reading of the file it wrote.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings, strategies as st

pytest.importorskip("pygls")

import copyedit  # noqa: E402
from copyedit.config import ConfigError  # noqa: E402
from copyedit.lsp.accept import add_accepted, splice, target_config  # noqa: E402
from copyedit.lsp.directives import disable_edit  # noqa: E402
from copyedit.lsp.documents import Document, document_format, uri_to_path  # noqa: E402
from copyedit.lsp.edits import apply, line_edits  # noqa: E402
from copyedit.lsp.positions import UTF8, UTF16, UTF32, LineIndex  # noqa: E402
from copyedit.lsp.settings import parse_client_settings, without_languagetool  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ENCODINGS = (UTF8, UTF16, UTF32)
# Characters that take 1, 2, 3 and 4 UTF-8 bytes and 1 or 2 UTF-16 units, and line breaks
# of all three kinds, plus the ones Python breaks lines at and LSP does not.
ALPHABET = st.sampled_from(list("ab ,.") + ["é", "中", "😀", "\u2028", "\x0c", "\n", "\r\n", "\r"])
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)


# ------------------------------------------------------------------ positions
def test_emoji_and_cjk_columns_in_each_encoding():
    text = "Emoji 😀 and 中文 then sat,on\nsecond"
    comma = text.index(",")
    index = LineIndex(text)
    assert index.position(comma, UTF32) == (0, comma) == (0, 23)
    assert index.position(comma, UTF16) == (0, 24)  # the emoji is a surrogate pair
    assert index.position(comma, UTF8) == (0, 30)  # 4 bytes for the emoji, 3 for each CJK character
    for enc, col in ((UTF32, 23), (UTF16, 24), (UTF8, 30)):
        assert index.offset(0, col, enc) == comma


def test_lines_break_where_lsp_says_only():
    text = "a\u2028b\x0cc\r\nd\re\nf"
    index = LineIndex(text)
    assert index.starts == [0, 7, 9, 11]
    assert index.position(text.index("d"), UTF16) == (1, 0)
    assert index.position(text.index("c"), UTF16) == (0, 4)


def test_positions_past_the_end_are_clamped():
    index = LineIndex("ab\ncd")
    assert index.offset(0, 99, UTF16) == 2  # end of line 0, before its break
    assert index.offset(9, 0, UTF16) == 5
    assert index.offset(-1, 0, UTF16) == 0
    assert index.offset(0, 1, UTF16) == 1
    assert LineIndex("😀x").offset(0, 1, UTF16) == 0  # inside the pair: the character's start


@given(TEXTS, st.data())
@settings(max_examples=300, deadline=None)
def test_offset_and_position_are_inverse(text, data):
    index = LineIndex(text)
    offset = data.draw(st.integers(0, len(text)))
    if text[offset - 1 : offset + 1] == "\r\n":
        offset -= 1  # between \r and \n is no position of its own
    for enc in ENCODINGS:
        line, col = index.position(offset, enc)
        assert index.offset(line, col, enc) == offset
        start = index.starts[line]
        assert col == len(text[start:offset].encode({UTF8: "utf-8", UTF16: "utf-16-le", UTF32: "utf-32-le"}[enc])) // {UTF8: 1, UTF16: 2, UTF32: 4}[enc]


@given(TEXTS, TEXTS, st.data())
@settings(max_examples=300, deadline=None)
def test_an_incremental_change_replaces_exactly_its_range(text, new, data):
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    for enc in ENCODINGS:
        doc = Document(uri="file:///x.md", text=text, version=1)
        index = LineIndex(text)
        doc.apply(index.position(a, enc), index.position(b, enc), new, enc)
        # a position between \r and \n maps to the \r: the change starts there
        a2 = a - 1 if text[a - 1 : a + 1] == "\r\n" else a
        b2 = b - 1 if text[b - 1 : b + 1] == "\r\n" else b
        assert doc.text == text[:a2] + new + text[b2:]


def test_formats_follow_the_extension_then_the_language_id():
    assert document_format("/a/b.md", "plaintext") == "markdown"
    assert document_format("/a/b.txt", "markdown") == "text"
    assert document_format(None, "markdown") == "markdown"
    assert document_format("/a/b.py", "python") is None
    assert uri_to_path("file:///tmp/a%20b.md") == "/tmp/a b.md"
    assert uri_to_path("untitled:Untitled-1") is None


# ------------------------------------------------------------------ fix-all edits
@given(TEXTS, TEXTS)
@settings(max_examples=300, deadline=None)
def test_line_edits_rebuild_the_new_text(old, new):
    edits = line_edits(old, new)
    assert apply(old, edits) == new
    spans = sorted((a, b) for a, b, _ in edits)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))


def test_line_edits_touch_only_changed_lines():
    old = "one\ntwo,three\nfour\n"
    new = "one\ntwo, three\nfour\n"
    assert line_edits(old, new) == [(4, 14, "two, three\n")]


# ------------------------------------------------------------------ directives
def _render(md: str) -> str:
    import re

    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(md)
    html = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    return re.sub(r">\s+<", "><", html).strip()  # whitespace between block tags shows nothing


@pytest.mark.parametrize(
    "text, target",
    [
        ("# Title\n\nThe cat sat,on the mat.\n", "sat,on"),  # a paragraph's first line
        ("First line of it\nand sat,on the mat.\n", "sat,on"),  # the middle of a paragraph
        ("- one item\n- two sat,on\n- three\n", "sat,on"),  # a tight list
        ("# Title\nThe cat sat,on.\n", "sat,on"),  # right after a heading
        ("Hard break  \nsat,on here\n", "sat,on"),  # after a hard line break
        ("```\ncode\n```\nsat,on here\n", "sat,on"),  # right after a fence
        ("> quoted\n> sat,on here\n", "sat,on"),  # a block quote
        ("sat,on at the top\n", "sat,on"),
    ],
)
def test_disable_line_in_markdown_silences_the_rule_and_renders_the_same(text, target):
    editor = copyedit.load(isolated=True, backends="none")
    assert any(f.rule == "comma-space" for f in editor.check(text, "markdown"))
    start, end, rep = disable_edit(text, "markdown", text.index(target) + 3, "comma-space")
    new = text[:start] + rep + text[end:]
    assert not any(f.rule == "comma-space" for f in editor.check(new, "markdown")), new
    assert _render(new) == _render(text), new


def test_disable_line_extends_a_directive_already_there():
    text = "<!-- copyedit-disable-next-line doubled-word -->\nThe the cat sat,on.\n"
    start, end, rep = disable_edit(text, "markdown", text.index(",on"), "comma-space")
    new = text[:start] + rep + text[end:]
    assert new.splitlines()[0] == "<!-- copyedit-disable-next-line doubled-word, comma-space -->"
    assert disable_edit(new, "markdown", new.index(",on"), "comma-space") is None
    assert not copyedit.load(isolated=True, backends="none").check(new, "markdown")


def test_disable_line_in_plain_text_is_a_line_of_its_own():
    text = "Headline here\n\nThe cat sat,on the mat.\r\nAnd more.\r\n"
    text = text.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    start, end, rep = disable_edit(text, "text", text.index(",on"), "comma-space")
    assert rep == "copyedit-disable-next-line comma-space\r\n"
    new = text[:start] + rep + text[end:]
    assert not any(f.rule == "comma-space" for f in copyedit.load(isolated=True, backends="none").check(new, "text"))


# ------------------------------------------------------------------ vocabulary
def _words(path, keys=("vocabulary",)):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for k in keys:
        data = data[k]
    return data["accept"]


def test_a_new_config_is_created(tmp_path):
    cfg = tmp_path / ".copyedit.toml"
    assert add_accepted(cfg, "loosehead")
    assert _words(cfg) == ["loosehead"]
    assert not add_accepted(cfg, "loosehead")  # already there: not written twice


@pytest.mark.parametrize(
    "before",
    [
        'dialect = "gb"  # ours\n',
        'dialect = "gb"\n\n[vocabulary]\n# the team list\nreject = ["utilize"]\n\n[languagetool]\npicky = true\n',
        '[vocabulary]\naccept = ["Brexit", "copyedit"]  # names\nreject = []\n',
        '[vocabulary]\naccept = ["Brexit",]\n',
        '[vocabulary]\naccept = []\n',
        '[vocabulary]\naccept = "Brexit"\n',
        '[vocabulary]\naccept = [\n    "Brexit",  # the vote\n    "copyedit"  # us\n]\n\n[languagetool]\npicky = false\n',
        '[vocabulary]\naccept = [\n  "Brexit",\n  "copyedit",\n]\n',
        '[vocabulary]\r\naccept = [\r\n  "Brexit",\r\n  "copy]edit"]\r\n',
        '[ vocabulary ] # spaced\naccept = [\'single\', """triple"""]\n',
    ],
)
def test_the_word_is_added_and_the_rest_of_the_file_kept(tmp_path, before):
    cfg = tmp_path / ".copyedit.toml"
    cfg.write_bytes(before.encode("utf-8"))
    old = tomllib.loads(before)
    assert add_accepted(cfg, "loosehead")
    after = cfg.read_bytes().decode("utf-8")
    new = tomllib.loads(after)
    accept = old.get("vocabulary", {}).get("accept", [])
    accept = [accept] if isinstance(accept, str) else accept
    assert new["vocabulary"].pop("accept") == [*accept, "loosehead"]
    old.get("vocabulary", {}).pop("accept", None)
    assert new.get("vocabulary", {}) == old.get("vocabulary", {}) or (not old.get("vocabulary") and not new["vocabulary"])
    assert {k: v for k, v in new.items() if k != "vocabulary"} == {k: v for k, v in old.items() if k != "vocabulary"}
    # every comment and line of the old file is still there, in order
    lines = [ln for ln in before.splitlines() if ln.strip() and "accept" not in ln and not ln.strip().startswith('"')]
    kept = iter(after.splitlines())
    assert all(any(ln == k for k in kept) for ln in lines)
    assert ("\r\n" in after) == ("\r\n" in before)


def test_pyproject_gets_the_word_under_tool_copyedit(tmp_path):
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text('[project]\nname = "x"\n\n[tool.copyedit]\ndialect = "gb"\n', encoding="utf-8")
    assert add_accepted(cfg, "loosehead")
    assert _words(cfg, ("tool", "copyedit", "vocabulary")) == ["loosehead"]
    assert tomllib.loads(cfg.read_text(encoding="utf-8"))["project"] == {"name": "x"}


def test_a_file_that_cannot_be_edited_safely_is_left_alone(tmp_path):
    cfg = tmp_path / ".copyedit.toml"
    before = 'vocabulary = { accept = ["Brexit"] }\n'
    cfg.write_text(before, encoding="utf-8")
    with pytest.raises(ConfigError, match="add it by hand"):
        add_accepted(cfg, "loosehead")
    assert cfg.read_text(encoding="utf-8") == before
    cfg.write_text("dialect = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        add_accepted(cfg, "loosehead")


def test_splice_escapes_the_word():
    out = splice("", ("vocabulary",), 'say "hi"\\')
    assert tomllib.loads(out)["vocabulary"]["accept"] == ['say "hi"\\']


def test_target_is_the_config_that_applies_else_the_workspace_root(tmp_path):
    (tmp_path / "docs").mkdir()
    assert target_config(None, str(tmp_path / "docs"), str(tmp_path)) == tmp_path / ".copyedit.toml"
    assert target_config(None, "/elsewhere", str(tmp_path)) == __import__("pathlib").Path("/elsewhere/.copyedit.toml")
    assert target_config(tmp_path / "pyproject.toml", str(tmp_path), None) == tmp_path / "pyproject.toml"
    with pytest.raises(ConfigError):
        target_config(None, None, None)


# ------------------------------------------------------------------ settings
def test_client_settings_in_any_spelling_and_section():
    s = parse_client_settings({"copyedit": {"minLevel": "info", "dialect": "en-GB", "enable-packs": "a, b", "backends": "harper,languagetool"}})
    assert (s.min_level, s.dialect, s.enable_packs, s.backends, s.errors) == ("info", "gb", ("a", "b"), ("harper", "languagetool"), ())
    bad = parse_client_settings({"dialect": "martian", "min_level": "loud", "colour": 1, "debounceMs": -1})
    assert bad.dialect is None and bad.min_level is None and len(bad.errors) == 4


def test_later_settings_override_the_initial_ones_key_by_key():
    init = {"minLevel": "info", "dialect": "gb"}
    assert parse_client_settings(init, {}) == parse_client_settings(init)  # Neovim's empty settings keep them
    assert parse_client_settings(init, None).dialect == "gb"
    later = parse_client_settings(init, {"copyedit": {"min-level": "error"}})
    assert (later.min_level, later.dialect) == ("error", "gb")


def test_lsp_without_pygls_says_how_to_install_it():
    import subprocess

    code = "import sys; sys.modules['pygls'] = None\nfrom copyedit.cli import main\nmain(['lsp'])"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "pip install 'copyedit[lsp]'" in r.stderr


def test_without_languagetool_swaps_in_harper():
    ed = copyedit.load(isolated=True, backends="languagetool")
    assert without_languagetool(ed).settings.backends == ("harper",)
    assert without_languagetool(copyedit.load(isolated=True, backends="harper,languagetool")).settings.backends == ("harper",)
    assert without_languagetool(copyedit.load(isolated=True)) is None


def test_release_forgets_the_engine():
    ed = copyedit.load(isolated=True, backends="none", dialect="au")
    first = ed.engine
    assert ed.engine is first
    ed.release()
    assert ed.engine is not first


def test_an_engine_no_open_document_uses_is_released(tmp_path):
    """Each word added to the vocabulary makes new settings: the old engine must not stay behind."""
    from copyedit import api
    from copyedit.lsp.checks import Checks
    from copyedit.lsp.settings import parse_client_settings

    checks = Checks()
    checks.set_client(parse_client_settings({"backends": "none"}))
    cfg = tmp_path / ".copyedit.toml"
    cfg.write_text('dialect = "gb"\n', encoding="utf-8")
    doc = str(tmp_path / "a.md")
    assert checks.check("file:///a.md", doc, "It rose,then fell.\n", "markdown").findings
    first = repr(checks.editor(doc)[0].settings)
    assert first in api._engines
    add_accepted(cfg, "loosehead")
    checks.check("file:///a.md", doc, "It rose,then fell.\n", "markdown")
    second = repr(checks.editor(doc)[0].settings)
    assert second != first and second in api._engines and first not in api._engines
    checks.forget("file:///a.md")
    assert second not in api._engines
