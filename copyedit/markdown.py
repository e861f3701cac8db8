"""Markdown to prose segments, with every character mapped back to the file.

markdown-it-py gives block tokens with line ranges but inline tokens without
positions, so the inline children are walked against the block's source text:
each text token is aligned character by character (escapes and entities
included), each piece of markup is consumed where it stands. Anything that
cannot be aligned is left out of the view rather than guessed: a part of the
file the checkers do not see is never changed.
"""

from __future__ import annotations

import bisect
import html
import re

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from copyedit.document import Document, ViewBuilder, lines_with_offsets

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_DIRECTIVE = re.compile(
    r"<!--\s*copyedit-(disable-next-line|disable|enable)\b(.*?)-->", re.DOTALL
)

_PARSER: MarkdownIt | None = None


def parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        _PARSER = (
            MarkdownIt("commonmark", {"html": True})
            .enable("table")
            .enable("strikethrough")
            .use(front_matter_plugin)
            # TeX math as Pandoc, MathJax and Jupyter write it: "$x_i$" and
            # "$$ ... $$" are no prose. A "$" next to a space or a digit is
            # money ("$5 and $10"), as Pandoc reads it.
            .use(dollarmath_plugin, allow_space=False, allow_digits=False, allow_labels=False)
        )
    return _PARSER


class _Unaligned(Exception):
    pass


class _ContentMap:
    """Maps offsets in an inline token's `content` to file offsets.

    The content is the block's lines with indentation, list markers, quote
    markers and heading hashes stripped; each content line is found as the
    tail of its source line.
    """

    def __init__(self, content: str, line_spans: list[tuple[int, int]], text: str):
        self.content = content
        self.cstarts: list[int] = []  # content index of each line's first mapped char
        self.fstarts: list[int] = []  # file offset of that char
        self.line_cstart: list[int] = []  # content index where each content line begins
        self.line_fend: list[int] = []  # file offset where each source line's content ends
        pos = 0
        lines = content.split("\n")
        if len(lines) > len(line_spans):
            raise _Unaligned("more content lines than source lines")
        for cl, (ls, le) in zip(lines, line_spans):
            src = text[ls:le]
            stripped = cl.lstrip(" \t")
            lead = len(cl) - len(stripped)
            if src.endswith(stripped):
                f = le - len(stripped)
            else:
                k = src.rfind(stripped)
                if k < 0:
                    raise _Unaligned("content line not in source")
                f = ls + k
            self.line_cstart.append(pos)
            self.cstarts.append(pos + lead)
            self.fstarts.append(f)
            self.line_fend.append(f + len(stripped))
            pos += len(cl) + 1

    def file(self, c: int) -> int:
        k = bisect.bisect_right(self.line_cstart, c) - 1
        if c < self.cstarts[k]:
            return self.fstarts[k]
        return min(self.fstarts[k] + (c - self.cstarts[k]), self.line_fend[k])

    def line(self, c: int) -> int:
        return bisect.bisect_right(self.line_cstart, c) - 1


class _InlineWalker:
    def __init__(self, b: ViewBuilder, content: str, cmap: _ContentMap):
        self.b = b
        self.content = content
        self.cm = cmap
        self.c = 0

    # emitting, in content coordinates
    def prose(self, c0: int, c1: int) -> None:
        """Prose in content coordinates: split at content newlines into breaks."""
        while c0 < c1:
            nl = self.content.find("\n", c0, c1)
            stop = c1 if nl < 0 else nl
            if stop > c0:
                self.b.prose(self.cm.file(c0), self.cm.file(stop))
            if nl < 0:
                break
            self.newline(nl)
            c0 = nl + 1

    def newline(self, nl: int) -> None:
        k = self.cm.line(nl)
        self.b.line_break(self.cm.line_fend[k], self.cm.fstarts[k + 1] if k + 1 < len(self.cm.fstarts) else self.cm.line_fend[k])

    def markup(self, c0: int, c1: int) -> None:
        if c1 > c0:
            if "\n" in self.content[c0:c1]:
                self.prose_or_markup_lines(c0, c1)
            else:
                self.b.markup(self.cm.file(c0), self.cm.file(c1))

    def prose_or_markup_lines(self, c0: int, c1: int) -> None:
        nl = self.content.find("\n", c0, c1)
        self.b.markup(self.cm.file(c0), self.cm.file(nl))
        self.newline(nl)
        self.markup(nl + 1, c1)

    def protect(self, c0: int, c1: int, view: str | None) -> None:
        self.b.protect(self.cm.file(c0), self.cm.file(c1), view)

    # walking
    def expect(self, s: str) -> None:
        if not self.content.startswith(s, self.c):
            raise _Unaligned(f"expected {s!r}")

    def text(self, t: str) -> None:
        content = self.content
        c = self.c
        run = c
        i = 0
        n = len(content)
        while i < len(t):
            if c < n and content[c] == t[i]:
                if t[i] != "&" or not _is_entity_here(content, c, t, i):
                    i += 1
                    c += 1
                    continue
            self.prose(run, c)
            if c + 1 < n and content[c] == "\\" and content[c + 1] == t[i]:
                self.markup(c, c + 1)
                c += 1
                run = c
                continue
            m = _ENTITY.match(content, c) if c < n and content[c] == "&" else None
            if m:
                decoded = html.unescape(m.group())
                if t.startswith(decoded, i):
                    self.protect(c, m.end(), decoded)
                    i += len(decoded)
                    c = m.end()
                    run = c
                    continue
            raise _Unaligned(f"text {t[i:i+10]!r} vs {content[c:c+10]!r}")
        self.prose(run, c)
        self.c = c

    def skip_spaces(self) -> None:
        c = self.c
        while c < len(self.content) and self.content[c] in " \t":
            c += 1
        self.markup(self.c, c)
        self.c = c

    def line_end(self) -> None:
        nl = self.content.find("\n", self.c)
        if nl < 0:
            raise _Unaligned("break without newline")
        self.markup(self.c, nl)
        self.newline(nl)
        self.c = nl + 1
        self.skip_spaces()

    def code(self, marker: str, view: str) -> None:
        self.expect(marker)
        j = self.c + len(marker)
        while True:
            j = self.content.find(marker, j)
            if j < 0:
                raise _Unaligned("unclosed code span")
            if self.content.startswith("`", j + len(marker)):
                j += len(marker) + 1
                while self.content.startswith("`", j):
                    j += 1
                continue
            break
        self.protect(self.c, j + len(marker), view)
        self.c = j + len(marker)

    def math(self, marker: str, math: str) -> None:
        """Inline TeX between its dollars: readable, never prose to fix.

        Dollars round a number are money, not math: "$10, or US$ 3" reads
        as math to Pandoc's rule, and is prose.
        """
        if math[:1].isdigit():
            self.text(marker + math + marker)
            return
        self.expect(marker + math + marker)
        end = self.c + 2 * len(marker) + len(math)
        self.protect(self.c, end, math)
        self.c = end

    def bracket_end(self, c: int) -> int:
        """Index after the "]" that closes the "[" at c, nesting and escapes honoured."""
        depth = 0
        content = self.content
        while c < len(content):
            ch = content[c]
            if ch == "\\":
                c += 2
                continue
            if ch == "`":
                run = 1
                while content.startswith("`", c + run):
                    run += 1
                close = content.find("`" * run, c + run)
                c = close + run if close >= 0 else c + run
                continue
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    return c + 1
            c += 1
        raise _Unaligned("unclosed bracket")

    def link_tail(self, c: int) -> int:
        """Index after a link's destination or reference, starting just after "]"."""
        content = self.content
        if content.startswith("(", c):
            depth = 0
            quote = None
            while c < len(content):
                ch = content[c]
                if ch == "\\":
                    c += 2
                    continue
                if quote:
                    if ch == quote:
                        quote = None
                elif ch in "\"'" and content[c - 1] in " \t\n":
                    quote = ch
                elif ch == "<" and content[c - 1] == "(":
                    close = content.find(">", c)
                    c = close if close >= 0 else c
                elif ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        return c + 1
                c += 1
            raise _Unaligned("unclosed link destination")
        if content.startswith("[", c):
            close = content.find("]", c)
            if close >= 0:
                return close + 1
        return c

    def walk(self, children) -> None:
        in_autolink = False
        in_code = 0  # how many of HTML's code tags (<code>, <kbd>, ...) are open
        for tok in children:
            t = tok.type
            if in_autolink:
                if t == "link_close":
                    in_autolink = False
                continue
            if t == "text":
                if tok.content:
                    v0 = self.b.pos
                    self.text(tok.content)
                    if in_code:
                        self.b.protect_since(v0)
            elif t in ("softbreak", "hardbreak"):
                self.line_end()
            elif t == "code_inline":
                self.code(tok.markup, tok.content)
            elif t in ("math_inline", "math_inline_double"):
                self.math(tok.markup, tok.content)
            elif t.endswith("_open") or t.endswith("_close"):
                if t == "link_open" and tok.markup == "autolink":
                    self.expect("<")
                    close = self.content.find(">", self.c)
                    if close < 0:
                        raise _Unaligned("unclosed autolink")
                    self.protect(self.c, close + 1, self.content[self.c + 1 : close])
                    self.c = close + 1
                    in_autolink = True
                elif t == "link_open":
                    self.expect("[")
                    self.markup(self.c, self.c + 1)
                    self.c += 1
                elif t == "link_close":
                    self.expect("]")
                    end = self.link_tail(self.c + 1)
                    self.protect(self.c, end, "")
                    self.c = end
                else:
                    self.expect(tok.markup)
                    self.markup(self.c, self.c + len(tok.markup))
                    self.c += len(tok.markup)
            elif t == "image":
                self.expect("![")
                end = self.link_tail(self.bracket_end(self.c + 1))
                self.protect(self.c, end, tok.content)
                self.c = end
            elif t == "html_inline":
                if _HTML_CODE_OPEN.match(tok.content):
                    in_code += 1
                elif _HTML_CODE_CLOSE.match(tok.content):
                    in_code = max(0, in_code - 1)
                self.expect(tok.content)
                end = self.c + len(tok.content)
                self.protect(self.c, end, "")
                _directives(self.b, tok.content, self.cm.file(self.c))
                self.c = end
            elif tok.content:
                self.expect(tok.content)
                self.protect(self.c, self.c + len(tok.content), tok.content)
                self.c += len(tok.content)


#: HTML's tags for code, keys and sample output: what they hold is no prose.
_HTML_CODE_OPEN = re.compile(r"<(?:code|kbd|samp|tt|var)\b[^>]*>\Z", re.IGNORECASE)
_HTML_CODE_CLOSE = re.compile(r"</(?:code|kbd|samp|tt|var)\s*>\Z", re.IGNORECASE)


def _is_entity_here(content: str, c: int, t: str, i: int) -> bool:
    """Whether the "&" at content[c] is an entity the text token shows decoded."""
    m = _ENTITY.match(content, c)
    return m is not None and not t.startswith(m.group(), i) and t.startswith(html.unescape(m.group()), i)


def _directives(b: ViewBuilder, html_text: str, offset: int) -> None:
    """The directives among the HTML comments of a piece of HTML.

    The pattern alone, tried from every "<!--", read an unterminated comment
    full of directives to its end once per directive: a 544 KB file took
    100 s, four times as long for each doubling. Each comment is found once
    (`html_comments`) and the pattern reads only that comment.
    """
    for start, end in html_comments(html_text):
        m = _DIRECTIVE.match(html_text, start, end)
        if m is not None:
            rules = tuple(r for r in re.split(r"[\s,]+", m.group(2).strip()) if r)
            b.directives.append((m.group(1), offset + m.start(), rules))


def html_comments(text: str):
    """(start, end) of each HTML comment, "<!--" to the first "-->" after it, in one pass.

    A comment left open holds no directive, and nor can any "<!--" after it:
    there is no "-->" left to close them.
    """
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            return
        close = text.find("-->", start + 4)
        if close < 0:
            return
        yield start, close + 3
        pos = close + 3


#: A heading's attribute block, as Pandoc, kramdown, VitePress and MkDocs write
#: it at the end of the line: "## Setup {#setup}", "# Title {.unnumbered #id}".
_HEADING_ATTRS = re.compile(r"[ \t]*\{[ \t]*[#.][^{}\n]*\}[ \t]*$")


def _without_heading_attrs(children, content: str):
    """The heading's inline tokens without its trailing `{#id}` block.

    The block is an anchor for the site generator, not words of the heading:
    a checker reading "Protect You {#what-vue-does-to-protect-you}" would take
    the anchor for a lower-case word of a title-case heading. It is left out
    of the view, so no rule sees it and no fix can touch it.
    """
    m = _HEADING_ATTRS.search(content)
    if m is None or not children or children[-1].type != "text" or not children[-1].content.endswith(m.group().strip()):
        return children
    last = children[-1]
    trimmed = last.content[: len(last.content) - len(m.group().strip())].rstrip(" \t")
    tail = [last.copy(content=trimmed)] if trimmed else []
    return list(children[:-1]) + tail


_YAML_KEY = re.compile(r"[A-Za-z_][\w.-]*[ \t]*:(?:[ \t]|$)")


def _unclosed_front_matter(text: str, lines, tokens) -> int:
    """How many lines an unclosed front matter block takes (0 if there is none).

    "---" and then "key: value" lines with no closing "---" is metadata with a
    typo, not a rule and a paragraph: it runs to the first blank line.
    """
    if not lines or (tokens and tokens[0].type == "front_matter"):
        return 0
    if text[lines[0][0] : lines[0][1]].rstrip() != "---" or len(lines) < 2:
        return 0
    if not _YAML_KEY.match(text, lines[1][0], lines[1][1]):
        return 0
    end = 1
    while end < len(lines) and text[lines[end][0] : lines[end][1]].strip():
        end += 1
    return end


def markdown_document(path: str, text: str) -> Document:
    lines = lines_with_offsets(text)
    tokens = parser().parse("\n".join(text[s:e] for s, e, _ in lines))
    b = ViewBuilder(text)
    fm_lines = _unclosed_front_matter(text, lines, tokens)
    if fm_lines:
        b.skip_block(lines[0][0], lines[fm_lines - 1][1])
    where = _Where(text, lines)
    for tok in tokens:
        if where.track(tok):
            continue
        if tok.type in _NOT_PROSE and tok.map:
            start, end = where.block_span(tok.map)
            b.skip_block(start, end)
            if tok.type == "html_block":
                _directives(b, text[start:end], start)
        elif tok.type == "inline" and tok.content.strip() and not (tok.map and tok.map[0] < fm_lines):
            placed = where.place(tok)
            if placed is not None:
                _inline_segment(b, tok, text, *placed)
    return b.build(path, "markdown")


#: Blocks that are never prose: their lines are left out of the view.
_NOT_PROSE = ("front_matter", "fence", "code_block", "hr", "html_block", "math_block")


class _Where:
    """Where the walk is among the blocks: inside which list or quote, heading, table row.

    Decides what kind of segment an inline token is and which file lines it
    stands on; the tokens that only open and close containers stop here.
    """

    def __init__(self, text: str, lines):
        self.text = text
        self.lines = lines
        self.containers: list[str] = []
        self.heading_level = 0
        self.row_line: int | None = None
        self.row_cursor = 0

    def block_span(self, m) -> tuple[int, int]:
        first, last = m[0], min(m[1], len(self.lines)) - 1
        if last < first:
            last = first
        return self.lines[first][0], self.lines[last][1]

    def track(self, tok) -> bool:
        """Follow a container, heading or table-row token; False for any other token."""
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            self.containers.append("list_item" if t != "blockquote_open" else "blockquote")
        elif t in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            if self.containers:
                self.containers.pop()
        elif t == "heading_open":
            self.heading_level = int(tok.tag[1:])
        elif t == "heading_close":
            self.heading_level = 0
        elif t == "tr_open" and tok.map:
            self.row_line = tok.map[0]
            self.row_cursor = self.lines[self.row_line][0]
        elif t == "table_close":
            self.row_line = None
        else:
            return False
        return True

    def place(self, tok) -> tuple[list[tuple[int, int]], str, int] | None:
        """The file spans of an inline token's content, its segment kind and heading level."""
        content = tok.content
        if self.row_line is not None and tok.map and tok.map[0] == self.row_line:
            le = self.lines[self.row_line][1]
            idx = self.text.find(content, self.row_cursor, le)
            if idx < 0:
                return None
            self.row_cursor = idx + len(content)
            return [(idx, idx + len(content))], "table_cell", 0
        if not tok.map:
            return None
        spans = [(self.lines[i][0], self.lines[i][1]) for i in range(tok.map[0], min(tok.map[1], len(self.lines)))]
        kind = "heading" if self.heading_level else (self.containers[-1] if self.containers else "paragraph")
        return spans, kind, self.heading_level


def _inline_segment(b: ViewBuilder, tok, text: str, spans, kind: str, level: int) -> None:
    """One segment from an inline token; what cannot be aligned is left unchecked."""
    try:
        cmap = _ContentMap(tok.content, spans, text)
    except _Unaligned:
        return
    b.begin(kind, cmap.file(0), level)
    walker = _InlineWalker(b, tok.content, cmap)
    children = tok.children or []
    if kind == "heading":
        children = _without_heading_attrs(children, tok.content)
    try:
        walker.walk(children)
    except _Unaligned:
        pass  # the rest of this block is left unchecked rather than mis-mapped
    b.end()
