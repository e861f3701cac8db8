"""Harper reads a giant paragraph in bounded pieces, and the findings keep their exact offsets."""

from __future__ import annotations

import pytest

pytest.importorskip("harper")

from copyedit.backends import harper as harper_backend  # noqa: E402
from copyedit.backends.harper import HarperChecker  # noqa: E402
from copyedit.formats import build_document  # noqa: E402

SENTENCES = [
    "The council met on Tuesday to discuss a important budget.",
    "Officials said the bridge would reopen in the spring.",
    "It was a honest mistake, the mayor told reporters.",
    "Residents have complained about the noise for months.",
]


def _paragraph(n: int) -> str:
    return " ".join(f"{SENTENCES[i % len(SENTENCES)][:-1]} number {i}." for i in range(n))


def _found(text: str):
    doc = build_document("a.txt", text)
    return [(s.rule, s.start, s.end, s.text, s.replacements) for s in HarperChecker("us").check(doc)]


def test_a_giant_paragraph_is_read_in_pieces_cut_at_sentence_ends(monkeypatch):
    text = _paragraph(400)
    assert len(text) > 5 * harper_backend.PIECE and "\n" not in text
    doc = build_document("a.txt", text)
    spans = list(HarperChecker._pieces(doc))
    assert len(spans) > 5
    assert all(b - a <= harper_backend.PIECE for a, b in spans)
    assert all(doc.view[b - 2 : b] == ". " for _, b in spans[:-1])


def test_pieces_find_what_the_whole_paragraph_finds_at_the_same_offsets(monkeypatch):
    text = _paragraph(120)
    monkeypatch.setattr(harper_backend, "PIECE", 10**9)
    whole = _found(text)
    monkeypatch.setattr(harper_backend, "PIECE", 500)
    pieces = _found(text)
    assert pieces == whole
    an = [f for f in pieces if f[0] == "harper:AnA"]
    assert len(an) == 60  # "a important" and "a honest" in every other sentence
    for _rule, start, end, seen, _reps in pieces:
        assert text[start:end] == seen
