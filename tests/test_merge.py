from copyedit.merge import merge
from copyedit.model import Applicability, Suggestion

TEXT = "This is a important test,ok."


def sug(start, end, reps, source="harper", rule=None, app=Applicability.SAFE, category="grammar"):
    return Suggestion(
        start=start, end=end, text=TEXT[start:end], replacements=tuple(reps), rule=rule or f"{source}:x",
        source=source, message="m", applicability=app, category=category,
    )


def test_exact_duplicates_collapse_with_both_sources():
    a = sug(24, 25, [", "], source="harper")
    b = sug(24, 25, [", "], source="rules", rule="comma-space")
    (m,) = merge([a, b])
    assert m.rule == "comma-space"
    assert m.sources == ("rules", "harper")
    assert m.safe


def test_same_fix_on_different_spans_keeps_narrowest_span():
    narrow = sug(8, 9, ["an"], source="harper", rule="harper:AnA")
    wide = sug(8, 19, ["an important"], source="languagetool", rule="languagetool:EN_A_VS_AN")
    (m,) = merge([narrow, wide])
    assert (m.start, m.end) == (8, 9)
    assert m.replacements == ("an",)
    assert m.rule == "languagetool:EN_A_VS_AN"  # LanguageTool outranks Harper
    assert set(m.sources) == {"harper", "languagetool"}


def test_house_rule_silences_overlapping_grammar_suggestion():
    house = sug(8, 19, ["an important"], source="rules", rule="house")
    grammar = sug(10, 19, ["importance"], source="harper")
    elsewhere = sug(0, 4, ["That"], source="harper")
    out = merge([house, grammar, elsewhere])
    assert [s.rule for s in out] == ["harper:x", "house"]


def test_house_insertion_silences_grammar_insertion_at_same_point():
    house = sug(25, 25, [" "], source="rules", rule="house")
    grammar = sug(25, 25, ["  "], source="harper")
    assert [s.rule for s in merge([house, grammar])] == ["house"]


def test_disagreeing_fixes_become_one_unsafe_suggestion():
    a = sug(10, 19, ["importance"], source="harper")
    b = sug(10, 19, ["impotent"], source="languagetool", rule="languagetool:MORFOLOGIK")
    (m,) = merge([a, b])
    assert m.replacements == ("impotent", "importance")
    assert m.applicability is Applicability.UNSAFE
    assert m.rule == "languagetool:MORFOLOGIK"


def test_output_is_in_file_order_and_deterministic():
    items = [sug(24, 25, [", "]), sug(0, 4, ["That"]), sug(8, 9, ["an"])]
    first = merge(items)
    assert [s.start for s in first] == [0, 8, 24]
    assert merge(list(reversed(items))) == first


def test_a_wider_fix_that_makes_the_same_change_absorbs_the_narrow_one():
    from copyedit.merge import merge
    from copyedit.model import Applicability, Suggestion

    text = "a bank of england report"
    wide = Suggestion(2, 17, text[2:17], ("Bank of England",), "fixed-name", "rules", "m", applicability=Applicability.SAFE)
    narrow = Suggestion(10, 17, text[10:17], ("England",), "proper-noun-case", "rules", "m", applicability=Applicability.SAFE)
    other = Suggestion(10, 17, text[10:17], ("Englund",), "x", "rules", "m", applicability=Applicability.SAFE)
    assert merge([wide, narrow]) == [wide]
    # a narrow fix that disagrees with the wide one is not absorbed
    assert len(merge([wide, other])) == 2
