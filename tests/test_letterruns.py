"""Letter runs: a document's words cut once, per segment, for the checkers that share them."""

from __future__ import annotations

from copyedit.document import Document, Segment
from copyedit.formats import build_document
from copyedit.letterruns import LetterRuns, _cut_per_segment


def test_runs_of_letters_per_segment():
    doc = build_document("a.md", "# São Paulo\n\nShe said don't, 42 times.\n")
    runs = LetterRuns.of(doc)
    assert runs.texts == ["São", "Paulo", "She", "said", "don", "t", "times"]
    assert [doc.view[a:b] for a, b, _ in runs.tokens] == runs.texts
    assert runs.segment_of == [0, 0, 1, 1, 1, 1, 1]
    assert runs.bounds == [(0, 2), (2, 7)]
    assert runs.plain
    assert LetterRuns.of(doc) is runs  # cut once, shared


def test_a_combining_mark_makes_the_runs_not_plain():
    doc = build_document("a.txt", "The cafe\u0301 opened.\n")
    runs = LetterRuns.of(doc)
    assert runs.texts == ["The", "cafe\u0301", "opened"] and not runs.plain


def test_letters_outside_every_segment_are_no_run():
    doc = Document("a.txt", "abc\n\ndef", "text", view="abc\n\ndef", segments=[Segment("paragraph", 0, 3, 0, 3)])
    runs = LetterRuns.of(doc)
    assert runs.tokens == [(0, 3, "abc")] and runs.segment_of == [0] and not runs.plain


def test_a_segment_edge_inside_a_run_cuts_it_there():
    view = "abcdef ghi"
    doc = Document("a.txt", view, "text", view=view, segments=[Segment("paragraph", 0, 3, 0, 3), Segment("paragraph", 3, 10, 3, 10)])
    runs = LetterRuns.of(doc)
    assert runs.texts == ["abc", "def", "ghi"] and runs.segment_of == [0, 1, 1]
    assert (runs.tokens, runs.bounds) == (_cut_per_segment(doc).tokens, _cut_per_segment(doc).bounds)
