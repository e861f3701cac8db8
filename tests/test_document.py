"""The prose view and its map back to the file: the ground every checker stands on."""

import pytest

from copyedit.formats import build_document, detect_format


def spans_of(doc, word):
    v = doc.view.index(word)
    return doc.map_span(v, v + len(word))


def test_plain_text_headline_and_paragraphs():
    text = "A Headline Without Full Stop\nFirst paragraph here.\nSecond one.\n"
    doc = build_document("a.txt", text)
    kinds = [s.kind for s in doc.segments]
    assert kinds == ["heading", "paragraph", "paragraph"]


def test_plain_text_first_sentence_is_not_a_headline():
    doc = build_document("a.txt", "Just one sentence.\nAnother.\n")
    assert [s.kind for s in doc.segments] == ["paragraph", "paragraph"]


def test_wrapped_paragraph_is_one_segment_and_maps_across_lines():
    text = "Title\n\nThis paragraph is wrapped\nacross two lines.\n"
    doc = build_document("a.txt", text)
    assert len(doc.segments) == 2
    seg = doc.segments[1]
    assert doc.segment_text(seg) == "This paragraph is wrapped\nacross two lines."
    fs, fe, exact = spans_of(doc, "across")
    assert text[fs:fe] == "across" and exact


def test_crlf_offsets_map_exactly():
    text = "Title\r\n\r\nOne,two\r\nthree,four\r\n"
    doc = build_document("a.txt", text)
    for word in ("two", "three", "four"):
        fs, fe, _ = spans_of(doc, word)
        assert text[fs:fe] == word


def test_markdown_code_urls_and_front_matter_are_not_prose():
    text = (
        "---\ntitle: a,b\n---\n\n# Heading\n\nSee `x,y` and <https://e.com/a,b> and "
        "[link text](https://e.com/c,d).\n\n```\ncode,here\n```\n\n<div>html,here</div>\n"
    )
    doc = build_document("a.md", text)
    assert "title" not in doc.view
    assert "code,here" not in doc.view
    assert "html,here" not in doc.view
    assert "link text" in doc.view
    v = doc.view.index("x,y")
    assert doc.map_span(v + 1, v + 2) is None  # inside inline code: refused


def test_text_inside_html_code_tags_is_not_prose():
    text = "Run <code>mmdc -i a,b</code> or press <KBD>Ctrl,x</KBD>, then <em>read,this</em>.\n"
    doc = build_document("a.md", text)
    for inside in ("a,b", "Ctrl,x"):
        v = doc.view.index(inside)
        assert doc.touches_protected(v + 1, v + 2), inside  # kept for checkers to read, never fixed
    v = doc.view.index("read,this")
    assert not doc.touches_protected(v + 4, v + 5)  # emphasis is prose
    assert doc.map_span(v + 4, v + 5) is not None


def test_tex_math_is_not_prose_and_money_is():
    text = "It costs $5 and $10, or US$ 3.\n\nThe decoders $p_{i}(x_i|z)$ translate.\n\n$$\na,b = i\n$$\n\nDone.\n"
    doc = build_document("a.md", text)
    assert "$10, or US$ 3" in doc.view  # money, as Pandoc's rule would not tell
    assert "a,b" not in doc.view  # a display block is left out, as code is
    v = doc.view.index("p_{i}(x_i|z)")
    assert doc.touches_protected(v + 1, v + 2) and "$p_" not in doc.view


@pytest.mark.parametrize(
    "markup",
    ["\\ref{fig:map}", "\\cite[p. 3]{smith2020}", "{ width=4.5in }", "{#fig:map .wide}", "{% include note.html %}", "{{ site.title | upcase }}"],
)
@pytest.mark.parametrize("path", ["a.md", "a.txt"])
def test_tags_attributes_and_tex_commands_are_not_prose(markup, path):
    text = f"See it {markup} here,now.\n"
    doc = build_document(path, text)
    v = doc.view.index(markup)
    assert any(a <= v and v + len(markup) <= b for a, b in doc.protected), markup
    w = doc.view.index(",now")
    assert not doc.touches_protected(w, w + 1)  # the prose around is still prose


def test_braces_and_backslashes_in_prose_stay_prose():
    doc = build_document("a.txt", "A set {a, b} and C:\\Users\\me stay.\n")
    assert doc.protected == [] or all("a, b" not in doc.view[a:b] for a, b in doc.protected)


def test_markdown_emphasis_and_entities_map_back():
    text = "Some *emphasised* text &amp; more **bold** words.\n"
    doc = build_document("a.md", text)
    assert "emphasised text & more bold words" in doc.view
    for word in ("emphasised", "bold", "words"):
        fs, fe, exact = spans_of(doc, word)
        assert text[fs:fe] == word and exact


def test_span_across_markup_is_display_only():
    text = "Some *emphasised* text here.\n"
    doc = build_document("a.md", text)
    v = doc.view.index("emphasised text")
    s = doc.suggest(v, v + len("emphasised text"), ["x"], rule="r", source="rules", message="m")
    assert s is not None and not s.fixable


def test_link_text_is_prose_and_link_target_is_not():
    text = "A [linked phrase](https://x.org) here.\n"
    doc = build_document("a.md", text)
    v = doc.view.index("phrase")
    fs, fe, exact = doc.map_span(v, v + len("phrase"))
    assert text[fs:fe] == "phrase" and exact
    assert "x.org" not in doc.view  # the target is markup, not prose


def test_lists_tables_and_blockquotes_are_prose():
    text = "- item one,two\n  - nested item\n\n> quoted text\n\n| a | b |\n|---|---|\n| cell one | cell two |\n"
    doc = build_document("a.md", text)
    for word in ("item one,two", "nested item", "quoted text", "cell one", "cell two"):
        assert word in doc.view
        fs, fe, _ = spans_of(doc, word)
        assert text[fs:fe] == word


@pytest.mark.parametrize("path,fmt", [("a.md", "markdown"), ("a.MARKDOWN", "markdown"), ("a.txt", "text"), ("a", "text")])
def test_detect_format(path, fmt):
    assert detect_format(path) == fmt


def test_format_override():
    assert detect_format("a.txt", "markdown") == "markdown"


def test_spacing_beside_inline_code_is_never_closed_up():
    """Checkers read "for `.md`, `.txt`" as "for .md, .txt"; the space before the code must stay."""
    from copyedit.config import Settings
    from copyedit.engine import build_engine
    from copyedit.fixer import fix_text

    engine = build_engine(Settings(backends=("harper",)))
    text = "Paths are walked for `.md`, `.markdown` and `.txt`; hidden ones,like these, are skipped.\n"
    out = fix_text(engine, "a.md", text, None).text
    assert out == text.replace("ones,like", "ones, like")


def test_slips_beside_inline_code_are_still_mended():
    """Only closing up the space before code is refused; every other spacing fix beside it is the prose's own."""
    from copyedit.config import Settings
    from copyedit.engine import build_engine
    from copyedit.fixer import fix_text

    engine = build_engine(Settings(backends=("none",)))
    text = (
        "We add `add`,`remove`, and `average`. It is written in Python.`Acoular` is not. It is `self` , which the `Clone`  trait copies."
        " See [the guide](https://example.org/guide) , then rest.<p>It ends.<br>Then more.\n"
    )
    want = (
        "We add `add`, `remove`, and `average`. It is written in Python. `Acoular` is not. It is `self`, which the `Clone` trait copies."
        " See [the guide](https://example.org/guide), then rest.<p>It ends.<br>Then more.\n"
    )  # a tag the view does not show is no missing space
    assert fix_text(engine, "a.md", text, None).text == want


# ------------------------------------------------------------ non-prose spans
from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from copyedit.document import _NON_PROSE, non_prose_spans  # noqa: E402

_PIECES = st.sampled_from(
    ["www.", "http://", "https://", "ftp://", "@", "/", "./", "~/", ".", "com", "org", "uk", "bbc", "co", "a", "Z", "9", "-", "_", "+",
     " ", "\n", "\u00a0", "\u2003", "'", '"', ")", "]", ",", ";", "’", "é", "x.y", "U.S.", "e.g."]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
@example("Write to joe@example.com, see https://example.org/a/b) or www.bbc.co.uk and news.bbc.co.uk/sport; ~/x/y @ed")
@example("word\u00a0www.x.com\u2003@handle/a/b")
def test_non_prose_spans_are_those_the_whole_pattern_finds(view):
    assert non_prose_spans(view) == [(m.start(), m.end()) for m in _NON_PROSE.finditer(view)]


def test_non_prose_spans_in_prose():
    view = "He wrote to ed@bbc.co.uk. See www.example.org/news and ./docs/a.md, not U.S. policy."
    assert [view[a:b] for a, b in non_prose_spans(view)] == ["ed@bbc.co.uk", "www.example.org/news", "./docs/a.md"]


def test_a_very_long_word_is_searched_only_near_its_marks(monkeypatch):
    """20,000 characters of "a.a.a." took 4 s: the address search read the rest of the word at every dot."""
    import copyedit.document as document
    from copyedit.document import LONG_WORD
    from copyedit.formats import build_document

    searched: list[int] = []
    read: list[int] = []

    class Counting:
        def finditer(self, view, start, end):
            searched.append(end - start)
            return _NON_PROSE.finditer(view, start, end)

        def search(self, view, start, end):
            searched.append(end - start)
            return _NON_PROSE.search(view, start, end)

        def match(self, view, start, end):
            read.append(end - start)
            return _NON_PROSE.match(view, start, end)

    monkeypatch.setattr(document, "_NON_PROSE", Counting())
    blob = "a." * 5000
    url = "https://example.org/" + "p" * 3000
    text = f"Head\n\nIt said {blob} and wrote to ed@bbc.co.uk too, {blob}({url}).\n"
    doc = build_document("t.txt", text, "text")
    at = doc.view.index(blob)
    assert not any(a < at + len(blob) and at < b for a, b in doc.protected)  # the blob is prose to checkers
    assert max(searched) <= LONG_WORD  # no search reads a whole long word
    assert sum(searched) + sum(read) < 3 * len(text)  # the URL is read to its end a few times, the blob never
    assert any(doc.view[a:b] == "ed@bbc.co.uk" for a, b in doc.protected)
    assert any(doc.view[a:b] == url for a, b in doc.protected)  # found whole at the end of a long word


@pytest.mark.parametrize("seed", range(40))
def test_long_words_give_the_spans_the_whole_pattern_finds(seed):
    import random

    rng = random.Random(seed)
    units = ["a", "b.", "com", "@x", ".org", "/p", "http://", "www.", "-", "1", ",", ")", "."]
    view = "Go " + "".join(rng.choice(units) for _ in range(rng.randint(300, 900))) + " end"
    assert non_prose_spans(view) == [m.span() for m in _NON_PROSE.finditer(view)]
