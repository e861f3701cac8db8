"""A document: the file's text plus the prose in it, with an exact way back.

Checkers never see the file. They see the *prose view*: every prose segment
(headline, paragraph, list item, table cell) as clean text, joined by blank
lines, with Markdown markup dropped and code, URLs and HTML kept only as
protected text so that sentences stay whole. Every character of the view knows
where it came from in the file, so a suggestion made on the view maps back to
exact file offsets, or is refused when it would touch something that is not
prose.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from copyedit.casing import breaks_word
from copyedit.model import SOURCE_RULES, Applicability, Severity, Suggestion

if TYPE_CHECKING:
    from copyedit.rulespec import RuleSpec

SEPARATOR = "\n\n"

PROSE = "prose"
PROTECTED = "protected"  # code, URLs, HTML: visible to checkers, never edited
MARKUP = "markup"  # dropped from the view (emphasis markers, link brackets)
BREAK = "break"  # a line break inside a segment, seen as "\n"

_LINE_END = re.compile(r"\r\n|\r|\n")

#: The top-level domains a bare domain name must end in to be taken for one.
_TLDS = "com|org|net|edu|gov|io|co|uk|de|fr|info|biz|ly|me|tv|eu|int|mil"

# Things inside prose that are not words: URLs, e-mail addresses, domain names,
# @handles, file paths. Checkers may see them; no fix may touch them.
_NON_PROSE = re.compile(
    r"""
    (?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}’”]
  | \b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b
  | \b(?:[a-z0-9-]+\.)+(?:""" + _TLDS + r""")\b(?:/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}])?
  | (?<![\w@])@[A-Za-z0-9_]{2,}
  | (?<![\w/])(?:~|\.{1,2})?/[\w.-]+(?:/[\w.-]+)+
    """,
    re.VERBOSE,
)
#: What every match of `_NON_PROSE` holds: "@", "/", "www." or a dot between a
#: letter or digit and a lower-case letter (a domain). No match spans
#: whitespace, so only the words holding one of these need the full pattern.
_NON_PROSE_HINT = re.compile(r"[@/]|www\.|[a-z0-9-]\.[a-z]")
_TO_WORD_END = re.compile(r"\S*")
#: A run of non-whitespace this long (data, an encoded blob, a run of one
#: mark) is not searched whole: every start read the rest of the run, the
#: square of its length ("a." x 10,000 took 4 s). It is searched only near
#: what every address holds (`_ADDRESS_MARK`), a window at a time.
LONG_WORD = 1_000
#: An address up to this long is found whole in the window around its mark.
_WINDOW_REACH = 200
#: What every match of `_NON_PROSE` holds, more narrowly than the hint: "@",
#: "/", "www." or a dot and a top-level domain the pattern knows.
_ADDRESS_MARK = re.compile(rf"[@/]|www\.|\.(?:{_TLDS})\b")


@dataclass(frozen=True)
class Piece:
    """A run of the view and the run of the file it stands for."""

    vstart: int
    vend: int
    fstart: int
    fend: int
    kind: str


@dataclass(frozen=True)
class Segment:
    """One unit of prose: what a grammar checker should read as one paragraph."""

    kind: str  # heading, paragraph, list_item, table_cell, blockquote
    vstart: int
    vend: int
    fstart: int
    fend: int
    level: int = 0
    index: int = 0


@dataclass
class Document:
    path: str
    text: str
    format: str
    view: str = ""
    pieces: list[Piece] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    #: Sorted, non-overlapping view ranges no fix may touch.
    protected: list[tuple[int, int]] = field(default_factory=list)
    #: File ranges that are not prose at all (code blocks, front matter, HTML).
    non_prose: list[tuple[int, int]] = field(default_factory=list)
    #: Inline directives (`copyedit-disable ...`) found while segmenting, as
    #: (kind, file offset, rule ids).
    directives: list[tuple[str, int, tuple[str, ...]]] = field(default_factory=list)
    #: The English variety the document is checked in, and whether it mixes
    #: varieties (then no checker gives dialect spelling advice).
    dialect: str = "us"
    dialect_mixed: bool = False
    #: "auto" (decided from the document's own spellings) or "set" (config or option).
    dialect_source: str = "set"
    #: Problems met while checking (a rule that timed out, a backend that
    #: failed for this file), shown on stderr.
    notes: list[str] = field(default_factory=list)
    #: Whether some check did not run in full on this document (a rule stopped
    #: by its time limit): the run must not report "nothing found" for it.
    incomplete: bool = False
    #: What checkers work out from the document once and share (its quotations,
    #: its capitalised words), keyed by what it is.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def once(self, key: str, make):
        """`make(self)`, computed the first time any checker asks for `key`."""
        if key not in self.derived:
            self.derived[key] = make(self)
        return self.derived[key]

    def __post_init__(self) -> None:
        self._line_starts = [0] + [m.end() for m in _LINE_END.finditer(self.text)]
        self._piece_starts = [p.vstart for p in self.pieces]
        self._protected_starts = [a for a, _ in self.protected]
        self._protected_start_set = set(self._protected_starts)
        self._protected_end_set = {b for _, b in self.protected}
        #: Where markup the view does not show stands (an HTML tag, a link's
        #: destination): the text either side only looks glued.
        self._hidden_at = {a for a, b in self.protected if a == b}

    # ------------------------------------------------------------------ lines
    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a file offset."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def segment_text(self, seg: Segment) -> str:
        return self.view[seg.vstart : seg.vend]

    def segment_at(self, vpos: int) -> Segment | None:
        i = bisect.bisect_right([s.vstart for s in self.segments], vpos) - 1
        if i >= 0 and self.segments[i].vstart <= vpos <= self.segments[i].vend:
            return self.segments[i]
        return None

    # ---------------------------------------------------------------- mapping
    def _piece_for(self, vpos: int, side: str) -> Piece | None:
        """The piece holding the character left or right of a view position.

        For an insertion point ("left"), a prose piece ending here wins, so that
        text inserted after a comma lands right after it in the file, not after
        the emphasis marker that follows it.
        """
        i = bisect.bisect_right(self._piece_starts, vpos) - 1
        if i < 0:
            return None
        cands = []
        j = i
        while j >= 0 and self.pieces[j].vend >= vpos:
            cands.append(self.pieces[j])
            j -= 1
        if not cands:
            return None
        if side == "right":
            for p in cands:
                if p.vstart <= vpos < p.vend:
                    return p
            return cands[0]
        for p in reversed(cands):
            if p.vstart < vpos <= p.vend and p.kind == PROSE:
                return p
        for p in cands:
            if p.kind == PROSE:
                return p
        for p in reversed(cands):
            if p.vstart < vpos <= p.vend:
                return p
        return cands[0]

    def touches_protected(self, vstart: int, vend: int) -> bool:
        i = bisect.bisect_right(self._protected_starts, vend)
        for a, b in self.protected[max(0, i - 2) : i + 1]:
            if a == b:
                if vstart < a < vend:
                    return True
            elif vstart == vend:
                if a < vstart < b:
                    return True
            elif vstart < b and a < vend:
                return True
        return False

    def _moves_protected_edge(self, vstart: int, vend: int, original: str, replacement: str) -> bool:
        """Whether a fix closes up the space before code or a URL.

        Checkers read "for `.md`, `.txt`" as "for .md, .txt" and would close up
        the space before ".md"; in the file that space separates a word from
        code, and removing it damages the Markdown. Every other change of
        spacing beside code is the prose's own: a space added after a comma or
        a stop ("`a`,`b`", "in Python.`Acoular`"), two spaces made one, a space
        taken from between code and the comma after it ("`self` , which").
        Beside markup the view does not show, no space is added either.
        """
        if vend in self._hidden_at and not _trail_ws(original) and _trail_ws(replacement):
            return True  # "tasks.<p>I will": the view reads "tasks.I"; in the file a tag stands between
        if vstart in self._hidden_at and not _lead_ws(original) and _lead_ws(replacement):
            return True
        if vend not in self._protected_start_set:
            return False
        return bool(_trail_ws(original)) and not _trail_ws(replacement)

    def map_span(self, vstart: int, vend: int) -> tuple[int, int, bool] | None:
        """File span of a view span, and whether it maps character for character.

        None when the span touches protected text or crosses segments: such a
        suggestion is about something that is not the author's prose.
        """
        if vstart < 0 or vend > len(self.view) or vend < vstart:
            return None
        if self.touches_protected(vstart, vend):
            return None
        if SEPARATOR in self.view[vstart:vend]:
            return None
        first = self._piece_for(vstart, "left" if vstart == vend else "right")
        if first is None:
            return None
        if first.kind == PROSE and first.vstart <= vstart and vend <= first.vend:
            return first.fstart + (vstart - first.vstart), first.fstart + (vend - first.vstart), True
        last = self._piece_for(vend, "left")
        if last is None:
            return None
        fs = first.fstart + (vstart - first.vstart) if first.kind == PROSE else first.fstart
        fe = last.fstart + (vend - last.vstart) if last.kind == PROSE else last.fend
        return fs, max(fs, fe), False

    # ------------------------------------------------------------ suggestions
    def suggest(
        self,
        vstart: int,
        vend: int,
        replacements,
        *,
        rule: str,
        source: str,
        message: str,
        category: str = "style",
        severity: Severity | str = Severity.WARNING,
        applicability: Applicability | str = Applicability.SAFE,
    ) -> Suggestion | None:
        """A suggestion on the view, mapped to the file, or None if it cannot be.

        A span that crosses markup (a link's brackets, an emphasis marker, a
        line break) still maps, but only for display: its fix was written for
        the view, and applying it to the file would mangle the markup.
        """
        mapped = self.map_span(vstart, vend)
        if mapped is None:
            return None
        fs, fe, exact = mapped
        reps = tuple(dict.fromkeys(r for r in replacements))
        app = Applicability(applicability)
        if not exact:
            app = Applicability.DISPLAY
            reps = ()
        original = self.text[fs:fe]
        reps = tuple(r for r in reps if r != original)
        kept = tuple(r for r in reps if not breaks_word(original, r))
        if reps and not kept:
            # Every fix recases the text into other characters ("ﬁnally" ->
            # "FInally"): the finding stands, the fix does not.
            app, replacements = Applicability.DISPLAY, ()
        reps = kept
        if reps and exact:
            reps = tuple(r for r in reps if not self._moves_protected_edge(vstart, vend, original, r))
            if not reps:
                return None  # only about the space beside code or a URL: not the author's prose
        if not reps and exact and replacements:
            return None  # every "fix" is a no-op: nothing to say
        return Suggestion(
            start=fs,
            end=fe,
            text=original,
            replacements=reps,
            rule=rule,
            source=source,
            message=message,
            category=category,
            severity=Severity(severity),
            applicability=app,
        )

    def emit(
        self,
        spec: "RuleSpec",
        vstart: int,
        vend: int,
        replacements,
        *,
        message: str | None = None,
        applicability: Applicability | None = None,
        severity: Severity | None = None,
    ) -> Suggestion | None:
        """A house rule's finding: `suggest`, with what the rule itself settles filled in.

        Every finding of a rule carries its id and category, its severity
        unless the rule gives this match its own, and its fix is as sure as
        the rule says unless the checker knows better here; only the message
        may be worded for the finding.
        """
        return self.suggest(
            vstart,
            vend,
            replacements,
            rule=spec.id,
            source=SOURCE_RULES,
            message=spec.message if message is None else message,
            category=spec.category,
            severity=spec.severity if severity is None else severity,
            applicability=spec.fix if applicability is None else applicability,
        )

    def in_non_prose(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a non-prose range (an empty span: lies inside one).

        Two binary searches (the ranges' starts, and the furthest end among
        those that start before `end`): testing every range for every finding
        was quadratic in a file of many HTML blocks.
        """
        starts, reach = self.once("non-prose-index", _non_prose_index)
        j = bisect.bisect_left(starts, end if end > start else start)
        return j > 0 and reach[j - 1] > start


def _non_prose_index(doc: "Document") -> tuple[list[int], list[int]]:
    """The non-prose ranges' starts, sorted, and the furthest end reached by each prefix of them."""
    spans = sorted(doc.non_prose)
    reach, far = [], -1
    for _, b in spans:
        far = max(far, b)
        reach.append(far)
    return [a for a, _ in spans], reach


def _lead_ws(s: str) -> str:
    return s[: len(s) - len(s.lstrip())]


def _trail_ws(s: str) -> str:
    return s[len(s.rstrip()) :]


class ViewBuilder:
    """Builds the prose view of a file, piece by piece, keeping the map exact."""

    def __init__(self, text: str):
        self.text = text
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.segments: list[Segment] = []
        self.protected: list[tuple[int, int]] = []
        self.non_prose: list[tuple[int, int]] = []
        self.directives: list[tuple[str, int, tuple[str, ...]]] = []
        self.pos = 0
        self._seg: tuple[str, int, int, int] | None = None
        self._seg_fend = 0

    def _emit(self, view_text: str, fstart: int, fend: int, kind: str) -> None:
        v0 = self.pos
        self.parts.append(view_text)
        self.pos += len(view_text)
        if self.pieces and kind == PROSE:
            last = self.pieces[-1]
            if last.kind == PROSE and last.vend == v0 and last.fend == fstart:
                self.pieces[-1] = Piece(last.vstart, self.pos, last.fstart, fend, PROSE)
                self._seg_fend = fend
                return
        self.pieces.append(Piece(v0, self.pos, fstart, fend, kind))
        if kind == PROTECTED:
            self.protected.append((v0, self.pos))
        self._seg_fend = max(self._seg_fend, fend)

    def begin(self, kind: str, fstart: int, level: int = 0) -> None:
        if self._seg is not None:
            self.end()
        if self.segments or self.pos:
            self.parts.append(SEPARATOR)
            self.pos += len(SEPARATOR)
        self._seg = (kind, self.pos, fstart, level)
        self._seg_fend = fstart

    def end(self) -> None:
        if self._seg is None:
            return
        kind, vstart, fstart, level = self._seg
        self.segments.append(Segment(kind, vstart, self.pos, fstart, self._seg_fend, level, len(self.segments)))
        self._seg = None

    def prose(self, fstart: int, fend: int) -> None:
        """File text that is prose; its line endings become single "\\n" breaks."""
        chunk = self.text[fstart:fend]
        pos = 0
        for m in _LINE_END.finditer(chunk):
            if m.start() > pos:
                self._emit(chunk[pos : m.start()], fstart + pos, fstart + m.start(), PROSE)
            self._emit("\n", fstart + m.start(), fstart + m.end(), BREAK)
            pos = m.end()
        if pos < len(chunk):
            self._emit(chunk[pos:], fstart + pos, fend, PROSE)

    def line_break(self, fstart: int, fend: int) -> None:
        self._emit("\n", fstart, fend, BREAK)

    def protect(self, fstart: int, fend: int, view_text: str | None = None) -> None:
        """Non-prose inside a sentence: keep it readable, never let a fix touch it."""
        if view_text is None:
            view_text = self.text[fstart:fend]
        view_text = _LINE_END.sub(" ", view_text)
        self._emit(view_text, fstart, fend, PROTECTED)

    def markup(self, fstart: int, fend: int) -> None:
        if fend > fstart:
            self._emit("", fstart, fend, MARKUP)

    def protect_since(self, vstart: int) -> None:
        """The view written since `vstart` is no prose: text between HTML's <code> tags reads as text, and is code."""
        if self.pos > vstart:
            self.protected.append((vstart, self.pos))

    def skip_block(self, fstart: int, fend: int) -> None:
        """A whole block that is not prose (code, front matter, HTML)."""
        if fend > fstart:
            self.non_prose.append((fstart, fend))

    def build(self, path: str, fmt: str) -> Document:
        self.end()
        view = "".join(self.parts)
        protected = sorted(self.protected + non_prose_spans(view) + template_spans(view))
        return Document(
            path=path,
            text=self.text,
            format=fmt,
            view=view,
            pieces=self.pieces,
            segments=self.segments,
            protected=_merge_ranges(protected),
            non_prose=self.non_prose,
            directives=self.directives,
        )


def non_prose_spans(view: str) -> list[tuple[int, int]]:
    """Every match of `_NON_PROSE` in the view, searching only the words that hold one of its hints.

    The same spans as `_NON_PROSE.finditer(view)`, five times cheaper on
    prose: the full pattern tries every word start, where a hint is a plain
    scan. A word is a run of non-whitespace (as `\\s` means it); a match never
    crosses one, and its edges look only at whitespace outside it. A word of
    `LONG_WORD` characters or more is searched in windows (`_long_word_spans`).
    """
    out: list[tuple[int, int]] = []
    done = -1
    for hint in _NON_PROSE_HINT.finditer(view):
        at = hint.start()
        if at < done:
            continue  # this word was searched already
        start = at
        while start > 0 and not view[start - 1].isspace():
            start -= 1
        word_end = _TO_WORD_END.match(view, at)
        done = word_end.end() if word_end is not None else at + 1
        if done - start < LONG_WORD:
            out.extend((m.start(), m.end()) for m in _NON_PROSE.finditer(view, start, done))
        else:
            out.extend(_long_word_spans(view, start, done))
    return out


#: Markup of the tools that build sites and papers, left in the text they
#: publish: Liquid, Jinja and Hugo tags ("{% include note.html %}",
#: "{{ site.title }}"), Pandoc's attributes ("{ width=5in }", "{#fig:map}")
#: and TeX commands with their arguments ("\ref{fig:map}", "\cite{smith}").
_TEMPLATE = re.compile(
    r"""
    \{%[^\n]{0,200}?%\}
  | \{\{[^\n]{0,200}?\}\}
  | \{[ \t]*(?:[#.][\w:-]+|[\w-]+=[^\s{}]+)(?:[ \t]+(?:[#.][\w:-]+|[\w-]+=[^\s{}]+))*[ \t]*\}
  | \\[A-Za-z]{2,}\*?(?:\[[^\]\n]{0,100}\])?(?:\{[^{}\n]{0,200}\})+
    """,
    re.VERBOSE,
)


def template_spans(view: str) -> list[tuple[int, int]]:
    """Every tag, attribute block or TeX command of `_TEMPLATE` in the view: no prose, never edited."""
    if "{" not in view:
        return []
    return [m.span() for m in _TEMPLATE.finditer(view)]


def _long_word_spans(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """`_NON_PROSE`'s matches in one long word, each search reading a window around a mark.

    A window's edge can cut a match short or fake one (a domain "x.co" cut
    from "x.corn"), so each find is matched again from where it starts
    (`_whole_match`). An address longer than the window is found whole when
    its mark is within `_WINDOW_REACH` of its start (a URL's "://"), and only
    its tail otherwise (a domain of hundreds of labels).
    """
    out: list[tuple[int, int]] = []
    pos = start  # every match starting before here is found
    while pos < end:
        mark = _ADDRESS_MARK.search(view, pos, end)
        if mark is None:
            break
        first = max(pos, mark.start() - _WINDOW_REACH)
        stop = min(end, first + 2 * _WINDOW_REACH)
        found = _NON_PROSE.search(view, first, stop)
        if found is None:
            pos = max(stop - _WINDOW_REACH, mark.start() + 1)
            continue
        whole = _whole_match(view, found.start(), end)
        if whole is None:
            pos = found.start() + 1
            continue
        out.append(whole)
        pos = whole[1]
    return out


def _whole_match(view: str, at: int, end: int) -> tuple[int, int] | None:
    """The match of `_NON_PROSE` at `at`, read `LONG_WORD` characters at first, twice as far while it may run on.

    A match that ends within half a read of where reading stopped may have
    been cut there; reading on doubles, so a long URL costs its own length.
    """
    reach = min(end, at + LONG_WORD)
    while True:
        whole = _NON_PROSE.match(view, at, reach)
        if whole is None or whole.end() == at:
            return None
        if reach >= end or whole.end() < reach - LONG_WORD // 2:
            return whole.span()
        reach = min(end, at + 2 * (reach - at))


def _merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in ranges:
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# ------------------------------------------------------------------ lines
def lines_with_offsets(text: str) -> list[tuple[int, int, int]]:
    """(start, end of content, end including the terminator) for every line."""
    out = []
    pos = 0
    for m in _LINE_END.finditer(text):
        out.append((pos, m.start(), m.end()))
        pos = m.end()
    if pos < len(text) or not out:
        out.append((pos, len(text), len(text)))
    return out
