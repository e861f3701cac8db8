"""Long text in bounded pieces: exact cover, sentence-end cuts, and patterns that find the same."""

from __future__ import annotations

import random
import time

import pytest

from copyedit import windows
from copyedit.checkers import Context
from copyedit.checkers import regex as regex_kind
from copyedit.config import Settings
from copyedit.formats import build_document
from copyedit.engine import build_engine
from copyedit.model import Note



def _prose(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words = ["the", "The", "council", "met", "on", "Tuesday,and", "voted.It", "a", "a", "said", "said", "it", "is", "very"]
    enders = [". ", "! ", "? ", ".” ", ", ", " ", " ", " ", "  ", " ,", ".\n", "\n\n"]
    out, size = [], 0
    while size < n:
        w = rng.choice(words) + rng.choice(enders)
        out.append(w)
        size += len(w)
    return "".join(out)


@pytest.mark.parametrize("size", [2, 7, 64, 1000])
def test_pieces_cover_the_text_exactly_and_are_bounded(size):
    text = _prose(20_000)
    parts = windows.pieces(text, 0, len(text), size)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a < b and b - a <= size for a, b in parts)
    assert all(b == c for (_, b), (c, _) in zip(parts, parts[1:]))


def test_cuts_fall_after_a_sentence_end_when_there_is_one():
    text = "One short sentence here. " * 400
    cuts = windows.cuts(text, 0, len(text), 1000)
    assert cuts and all(text[c - 2 : c] == ". " for c in cuts)
    no_ends = "word " * 1000
    assert all(no_ends[c - 1] == " " for c in windows.cuts(no_ends, 0, len(no_ends), 100))
    solid = "x" * 1000
    assert windows.cuts(solid, 0, len(solid), 300) == [300, 600, 900]


def test_a_short_text_is_one_piece():
    assert windows.pieces("Short. Text.", 0, 12, 100) == [(0, 12)]
    assert windows.cuts("", 0, 0, 10) == []


def _regex_checker():
    engine = build_engine(Settings(backends=("none",)))
    return next(c for c in engine.checkers if isinstance(c, regex_kind.RegexChecker))


def _findings(checker, text):
    """The checker's findings and declines as rows, and the notes it returned."""
    items = checker.check(build_document("a.txt", text))
    notes = [x for x in items if isinstance(x, Note)]
    return [(s.rule, s.start, s.end, getattr(s, "replacements", "declined")) for s in items if not isinstance(s, Note)], notes


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shipped_patterns_find_the_same_in_small_windows_as_in_one(monkeypatch, seed):
    """Windows are invisible in the result: a match straddling a cut is still found once."""
    text = _prose(30_000, seed).replace("\n", " ")  # one long paragraph
    checker = _regex_checker()
    whole, _ = _findings(checker, text)
    assert len(whole) > 100
    monkeypatch.setattr(regex_kind, "WINDOW", 37)
    monkeypatch.setattr(regex_kind, "OVERLAP", 200)
    windowed, notes = _findings(checker, text)
    assert windowed == whole
    assert notes == []


def test_the_time_limit_covers_a_window_not_the_whole_document():
    """A sound pattern on a big file never meets the limit, however big the file."""
    text = "The the council met. " * 75_000  # 1.5 MB in one paragraph
    checker = _regex_checker()
    pattern = dict((spec.id, p) for spec, p in checker.rules)["doubled-word"]
    t = time.process_time()
    assert sum(1 for _ in pattern.finditer(text)) == 75_000
    whole = time.process_time() - t
    # One pass over the whole text meets this limit three times over; a window is a
    # hundredth of the text, so it stays far below it even on a busy machine.
    checker.timeout = whole / 3
    found, notes = _findings(checker, text)
    assert notes == [] and not checker.stopped
    assert sum(1 for f in found if f[0] == "doubled-word") == 75_000


def test_a_runaway_pattern_still_meets_the_limit_in_its_window():
    from copyedit.checkers.regex import RegexOptions
    from copyedit.packs import RuleSpec

    spec = RuleSpec(id="runaway", kind="regex", pack="p", message="m", options=RegexOptions(pattern="(a|a)+$", replacement="b"), file="p.yaml")
    checker = regex_kind.RegexChecker([spec], Context(regex_timeout=0.1))
    doc = build_document("a.txt", "Para one.\n\nPara two.\n\n" + "a" * 40 + "!\n")
    (note,) = checker.check(doc)
    assert isinstance(note, Note) and note.incomplete
    assert "'runaway'" in note.message and "a.txt from line 1" in note.message and "incomplete" in note.message
    later = build_document("b.txt", "Nothing slow here.\n")
    assert checker.check(later) == [Note("", incomplete=True)]  # incomplete, and said once, on the first
