"""Where "disable this rule on this line" writes its directive, without changing the document.

A directive switches a rule off for the line after its own. Written as a line
of its own above a paragraph's first line, it is an HTML block that shows
nothing. Above a line in the middle of a paragraph or a list, a new line
starting `<!--` would end the paragraph there (an HTML block may interrupt
one) and change how the article renders; so there the comment goes at the end
of the line above instead, inline, where it still shows nothing. A directive
already above the line takes the rule in too, rather than stacking up.

Plain text has only line directives: a line of its own, as copyedit reads them.
"""

from __future__ import annotations

import re

from copyedit.lsp.positions import LineIndex

_MD_NEXT_LINE = re.compile(r"<!--\s*copyedit-disable-next-line\b(?P<rules>.*?)\s*-->")
_TEXT_NEXT_LINE = re.compile(r"^(?P<lead>[ \t]*(?:#|//|%|;)?[ \t]*)copyedit-disable-next-line\b(?P<rules>[^\r\n]*?)[ \t]*$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Lines after which a new line starts a new block anyway: a heading, a fence,
# a thematic break or setext underline, an HTML block, a table row.
_BLOCK_END = re.compile(r"^ {0,3}(?:#{1,6}(?:\s|$)|```|~~~|(?:[-=*_][ \t]*){3,}$|<)|\|")
# What ends a line's content without being content: a hard line break.
_HARD_BREAK = re.compile(r"(?:\\| {2,})$")


def _rules(text: str) -> list[str]:
    return [r for r in re.split(r"[\s,]+", text.strip()) if r]


def disable_edit(text: str, fmt: str, offset: int, rule: str) -> tuple[int, int, str] | None:
    """(start, end, replacement), in code points, that switches `rule` off on the line holding `offset`.

    None when a directive above already switches it off.
    """
    index = LineIndex(text)
    line = index.line_of(max(0, min(offset, len(text))))
    eol = m.group() if (m := _LINE_BREAK.search(text)) else "\n"
    start = index.starts[line]
    content = text[start : index._line_end(line)]
    indent = content[: len(content) - len(content.lstrip(" \t"))]
    if line > 0:
        pstart = index.starts[line - 1]
        pend = index._line_end(line - 1)
        prev = text[pstart:pend]
        extended = _extend(prev, pstart, fmt, rule)
        if extended is not False:
            return extended
    else:
        prev = ""
    if fmt == "markdown":
        comment = f"<!-- copyedit-disable-next-line {rule} -->"
        if line > 0 and prev.strip() and not _BLOCK_END.search(prev):
            hard = _HARD_BREAK.search(prev)
            at = pstart + (hard.start() if hard else len(prev.rstrip(" \t")))
            return at, at, comment
        return start, start, f"{indent}{comment}{eol}"
    return start, start, f"{indent}copyedit-disable-next-line {rule}{eol}"


def _extend(prev: str, pstart: int, fmt: str, rule: str):
    """The edit adding `rule` to a next-line directive on the line above; None if it is off already; False if none."""
    pattern = _MD_NEXT_LINE if fmt == "markdown" else _TEXT_NEXT_LINE
    found = None
    for m in pattern.finditer(prev):
        found = m  # the last one on the line is the one nearest the line it governs
    if found is None:
        return False
    rules = _rules(found.group("rules"))
    if not rules or rule in rules:
        return None
    a, b = found.span("rules")
    return pstart + a, pstart + b, " " + ", ".join([*rules, rule])
