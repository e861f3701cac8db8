"""Plain-text articles to prose segments: headline, paragraphs, directives.

Articles come two ways: one paragraph per (long) line, as most CMS exports
and the seed article do, or hard-wrapped paragraphs separated by blank
lines. A block whose lines are all short is one wrapped paragraph; any other
block is one paragraph per line. A first line that does not end a sentence
and is followed by more text is the headline.
"""

from __future__ import annotations

import re

from copyedit.document import Document, ViewBuilder, lines_with_offsets

_HEADLINE_END = re.compile(r"[.!?:;,][\"'”’)\]]*\s*$")
_WRAP_WIDTH = 100
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*\s*$")

# A directive in a plain-text article is a line of its own, optionally behind a
# comment marker: `copyedit-disable-next-line harper`, `# copyedit-disable comma-space`.
# Only the head is a pattern: the rest of the line is trimmed with string
# methods. `([^\r\n]*?)[ \t]*(?:-->)?[ \t]*$` backtracked over a run of spaces
# once per lazy step (a line of 2,000 spaces after the word took 6 s, eight
# times as long for each doubling), and `[ \t]*(?:#)?[ \t]*` split a line of
# spaces in every way before giving up.
_PLAIN_DIRECTIVE = re.compile(r"[ \t]*(?:(?:#|//|%|;|<!--)[ \t]*)?copyedit-(disable-next-line|disable|enable)\b")

Line = tuple[int, int, int]  # start, end of content, end including the line end


def plain_text_document(path: str, text: str) -> Document:
    """The prose view of a plain-text article."""
    b = ViewBuilder(text)
    blocks = _blocks(b, text)
    if blocks:
        blocks[0] = _headline(b, text, blocks[0], more=len(blocks) > 1)
    for block in blocks:
        if not block:
            continue
        if _is_wrapped(text, block):
            _wrapped_paragraph(b, text, block)
        else:
            for ln in block:
                b.begin("paragraph", ln[0])
                _plain_line(b, text, ln)
                b.end()
    return b.build(path, "text")


def _directive_rest(rest: str) -> str | None:
    """A directive's rule ids, without the "-->" that may close its line; None: the line is no directive."""
    if "\r" in rest or "\n" in rest:
        return None
    rest = rest.rstrip(" \t")
    if rest.endswith("-->"):
        rest = rest[:-3].rstrip(" \t")
    return rest


def _blocks(b: ViewBuilder, text: str) -> list[list[Line]]:
    """Runs of non-blank lines; a directive line ends a run and is recorded, never checked."""
    blocks: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines_with_offsets(text):
        m = _PLAIN_DIRECTIVE.match(text, ln[0], ln[1])
        rest = _directive_rest(text[m.end() : ln[1]]) if m else None
        if m and rest is not None:
            rules = tuple(r for r in re.split(r"[\s,]+", rest.strip()) if r)
            b.directives.append((m.group(1), ln[0], rules))
            b.skip_block(ln[0], ln[1])
            if cur:
                blocks.append(cur)
                cur = []
        elif text[ln[0] : ln[1]].strip():
            cur.append(ln)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _headline(b: ViewBuilder, text: str, block: list[Line], more: bool) -> list[Line]:
    """Emit the first line as the headline when it is one; the rest of the first block."""
    head = block[0]
    head_text = text[head[0] : head[1]]
    more = more or len(block) > 1
    if not more or len(head_text.strip()) >= 200 or _HEADLINE_END.search(head_text):
        return block
    b.begin("heading", head[0], level=1)
    _plain_line(b, text, head)
    b.end()
    return block[1:]


def _is_wrapped(text: str, block: list[Line]) -> bool:
    """Whether a block is one hard-wrapped paragraph rather than a paragraph per line."""
    return (
        len(block) > 1
        and all(ln[1] - ln[0] <= _WRAP_WIDTH for ln in block[:-1])
        # Hard wrapping breaks lines mid-sentence; a block whose every line
        # ends a sentence is one paragraph (or item) per line.
        and any(not _SENTENCE_END.search(text[ln[0] : ln[1]]) for ln in block[:-1])
    )


def _wrapped_paragraph(b: ViewBuilder, text: str, block: list[Line]) -> None:
    b.begin("paragraph", block[0][0])
    for i, ln in enumerate(block):
        _plain_line(b, text, ln)
        if i < len(block) - 1:
            b.line_break(ln[1], ln[2])
    b.end()


def _plain_line(b: ViewBuilder, text: str, ln: Line) -> None:
    start, end = ln[0], ln[1]
    # Leading indentation is layout, not prose.
    while start < end and text[start] in " \t":
        start += 1
    if start > ln[0]:
        b.markup(ln[0], start)
    b.prose(start, end)
