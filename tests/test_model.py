from copyedit.model import Applicability, Edit, Suggestion, apply_edits, spans_overlap


def sug(start, end, text, reps, **kw):
    kw.setdefault("rule", "r")
    kw.setdefault("source", "rules")
    kw.setdefault("message", "m")
    return Suggestion(start=start, end=end, text=text, replacements=tuple(reps), **kw)


def test_safe_needs_exactly_one_replacement():
    assert sug(0, 1, "a", ["an"], applicability=Applicability.SAFE).safe
    two = sug(0, 1, "a", ["an", "the"], applicability=Applicability.SAFE)
    assert two.applicability is Applicability.UNSAFE
    none = sug(0, 1, "a", [], applicability=Applicability.SAFE)
    assert none.applicability is Applicability.DISPLAY and not none.fixable


def test_minimal_edit_trims_common_prefix_and_suffix():
    s = sug(10, 21, "a important", ["an important"])
    assert s.minimal_edit() == Edit(11, 11, "n")
    assert sug(10, 11, "a", ["an"]).minimal_edit() == Edit(11, 11, "n")


def test_spans_overlap_rules():
    assert spans_overlap(0, 5, 4, 8)
    assert not spans_overlap(0, 5, 5, 8)  # adjacent
    assert spans_overlap(3, 3, 0, 5)  # insertion inside a span
    assert not spans_overlap(5, 5, 0, 5)  # insertion at the edge
    assert spans_overlap(5, 5, 5, 5)  # two insertions at one point


def test_apply_edits_in_any_order():
    text = "one,two.Three"
    edits = [Edit(8, 8, " "), Edit(4, 4, " ")]
    assert apply_edits(text, edits) == "one, two. Three"


def test_bad_span_rejected():
    import pytest

    with pytest.raises(ValueError):
        sug(5, 2, "", [])
