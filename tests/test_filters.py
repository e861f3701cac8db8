"""Each filter alone: what it drops, what it keeps, and that the engine and the fix loop use them.

The filters are the one way a finding goes between a checker and the reader
(`copyedit.filters`); each test here fails if its filter keeps what it
should drop or drops what it should keep.
"""

from __future__ import annotations

import pytest

from copyedit.baseline import Baseline
from copyedit.filters import Filter, Pass, apply_filters, follow_all
from copyedit.filters.checks import (
    AcceptedForms,
    DialectRestricted,
    Disabled,
    HouseDeclines,
    HouseRulesOff,
    InlineDirectives,
    KnownWords,
    NonProse,
    check_filters,
)
from copyedit.filters.display import MinLevel
from copyedit.filters.scope import Baselined, ChangedLines, carry_lines
from copyedit.formats import build_document
from copyedit.model import Applicability, Decline, Edit, Severity, Suggestion, apply_edits
from copyedit.suppress import Selector


def finding(doc, word, rule="comma-space", source="rules", reps=None, category="style", severity=Severity.WARNING, nth=0):
    """A finding on the nth `word` of the document, placed as the engine places it."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(word, start + 1)
    end = start + len(word)
    line, col = doc.line_col(start)
    return Suggestion(
        start=start, end=end, text=word, replacements=tuple(reps if reps is not None else [word.upper()]), rule=rule,
        source=source, message="m", category=category, severity=severity, applicability=Applicability.SAFE,
        line=line, column=col,
    )


def kept(f: Filter, doc, found, declines=()):
    return f.apply(list(found), Pass(doc, tuple(declines)))


RULE_PACK = {"comma-space": "punctuation", "double-space": "punctuation", "colour-rule": "spelling"}


# ------------------------------------------------------------------ check filters
def test_non_prose_drops_findings_in_code_and_keeps_prose():
    doc = build_document("a.md", "Prose word here.\n\n```\ncode word\n```\n")
    prose, code = finding(doc, "word"), finding(doc, "word", nth=1)
    assert kept(NonProse(), doc, [prose, code]) == [prose]


def test_disabled_drops_by_rule_pack_and_backend():
    doc = build_document("a.txt", "one two three four\n")
    house = finding(doc, "one", rule="comma-space")
    other = finding(doc, "two", rule="colour-rule")
    harper = finding(doc, "three", rule="harper:SpellCheck", source="harper")
    lt = finding(doc, "four", rule="languagetool:X", source="languagetool")
    everything = [house, other, harper, lt]
    assert kept(Disabled(Selector(["comma-space"], RULE_PACK)), doc, everything) == [other, harper, lt]
    assert kept(Disabled(Selector(["punctuation"], RULE_PACK)), doc, everything) == [other, harper, lt]
    assert kept(Disabled(Selector(["harper"], RULE_PACK)), doc, everything) == [house, other, lt]
    assert kept(Disabled(Selector(["harper:SpellCheck"], RULE_PACK)), doc, everything) == [house, other, lt]
    assert kept(Disabled(Selector([], RULE_PACK)), doc, everything) == everything


def test_house_rules_off_takes_a_backend_finding_with_its_house_equivalents():
    doc = build_document("a.txt", "a,b and c\n")
    comma = finding(doc, ",", rule="harper:CommaFixes", source="harper")
    unrelated = finding(doc, "and", rule="harper:Other", source="harper")
    equivalents = {"harper:CommaFixes": ("comma-space", "space-before-punctuation")}
    running = frozenset({"comma-space", "space-before-punctuation"})
    on = HouseRulesOff(equivalents, running, Selector([], RULE_PACK))
    assert kept(on, doc, [comma, unrelated]) == [comma, unrelated]
    one_off = HouseRulesOff(equivalents, running, Selector(["comma-space"], RULE_PACK))
    assert kept(one_off, doc, [comma, unrelated]) == [comma, unrelated]  # space-before-punctuation still speaks
    all_off = HouseRulesOff(equivalents, running, Selector(["comma-space", "space-before-punctuation"], RULE_PACK))
    assert kept(all_off, doc, [comma, unrelated]) == [unrelated]
    not_running = HouseRulesOff(equivalents, frozenset(), Selector([], RULE_PACK))
    assert kept(not_running, doc, [comma, unrelated]) == [unrelated]


def test_dialect_restricted_rules_speak_only_in_their_dialects():
    doc = build_document("a.txt", "color and colour\n")
    house = finding(doc, "color", rule="colour-rule")
    backend = finding(doc, "colour", rule="harper:Dialect", source="harper")
    f = DialectRestricted({"colour-rule": ("gb",)})
    doc.dialect = "us"
    assert kept(f, doc, [house, backend]) == [backend]
    doc.dialect = "gb"
    assert kept(f, doc, [house, backend]) == [house, backend]


def test_known_words_silence_backend_spelling_advice_only():
    doc = build_document("a.txt", "kubectl's kubectl kubectl zzz\n")
    possessive = finding(doc, "kubectl's", rule="harper:SpellCheck", source="harper", category="spelling")
    grammar = finding(doc, "kubectl", rule="harper:Other", source="harper", category="grammar", nth=1)
    house = finding(doc, "kubectl", rule="colour-rule", category="spelling", nth=2)
    unknown = finding(doc, "zzz", rule="harper:SpellCheck", source="harper", category="spelling")
    assert kept(KnownWords(frozenset({"kubectl"})), doc, [possessive, grammar, house, unknown]) == [grammar, house, unknown]
    assert kept(KnownWords(frozenset()), doc, [possessive, unknown]) == [possessive, unknown]


def test_accepted_forms_keep_their_case():
    doc = build_document("a.txt", "iOS and iOS here\n")
    recase = finding(doc, "iOS", rule="harper:Case", source="harper", reps=["Ios", "IOS"])
    respell = finding(doc, "iOS", rule="harper:Other", source="harper", reps=["macOS"], nth=1)
    assert kept(AcceptedForms(frozenset({"iOS"})), doc, [recase, respell]) == [respell]
    assert kept(AcceptedForms(frozenset()), doc, [recase, respell]) == [recase, respell]


def test_inline_directives_switch_rules_off_where_they_stand_and_warn_of_unknown_ids():
    text = "# T\n\n<!-- copyedit-disable comma-space -->\nOff,here.\n<!-- copyedit-enable -->\n\nOn,here.\n\n<!-- copyedit-disable-next-line no-such-rule -->\nAlso,on.\n"
    doc = build_document("a.md", text)
    off = finding(doc, ",", rule="comma-space")
    on = finding(doc, ",", rule="comma-space", nth=1)
    alias = finding(doc, ",", rule="harper:CommaFixes", source="harper")
    f = InlineDirectives(RULE_PACK, {"harper:CommaFixes": ("comma-space",)})
    assert kept(f, doc, [off, alias, on]) == [on]
    assert len(doc.notes) == 1 and "unknown rule 'no-such-rule'" in doc.notes[0]
    plain = build_document("a.txt", "Title\n\nNo directives,here.\n")
    assert kept(f, plain, [finding(plain, ",")]) == [finding(plain, ",")]


def test_house_declines_drop_the_equivalent_backend_finding_on_that_span():
    doc = build_document("a.txt", "he had had enough and and more\n")
    had = finding(doc, "had had", rule="harper:RepeatedWords", source="harper")
    andand = finding(doc, "and and", rule="harper:RepeatedWords", source="harper")
    other_kind = finding(doc, "had had", rule="harper:Other", source="harper")
    decline = Decline(doc.text.index("had had"), doc.text.index("had had") + 7, "doubled-word")
    f = HouseDeclines({"harper:RepeatedWords": ("doubled-word",)})
    assert kept(f, doc, [had, andand, other_kind], [decline]) == [andand, other_kind]
    assert kept(f, doc, [had, andand], []) == [had, andand]


def test_the_engine_applies_the_check_filters_in_order():
    from copyedit.config import Settings
    from copyedit.engine import build_engine

    engine = build_engine(Settings(backends=("none",)))
    names = [f.name for f in engine.filters()]
    assert names == ["non-prose", "disabled", "house-rules-off", "dialect-restricted", "known-words", "accepted-forms",
                     "inline-directives", "house-declines"]
    assert [f.name for f in check_filters(Settings(), {}, {}, {}, frozenset(), frozenset())] == names


# ------------------------------------------------------------------ scope filters
def test_changed_lines_keeps_findings_that_touch_a_changed_line():
    doc = build_document("a.txt", "Title\n\none,two\nthree,four\nfive,six\n")
    first, second, third = (finding(doc, ",", nth=i) for i in range(3))
    assert kept(ChangedLines({4}), doc, [first, second, third]) == [second]
    assert kept(ChangedLines(()), doc, [first, second, third]) == []
    across = Suggestion(start=doc.text.index("two"), end=doc.text.index("three") + 1, text=doc.text[doc.text.index("two"):doc.text.index("three") + 1],
                        replacements=("x",), rule="r", source="rules", message="m", line=3, column=5)
    assert kept(ChangedLines({4}), doc, [across]) == [across]  # a finding over a line end touches both lines


def test_changed_lines_follow_the_text_as_fixes_move_lines():
    before = "a\nb\nc\nd\n"
    joined = apply_edits(before, [Edit(1, 2, " ")])  # lines 1 and 2 become one
    assert carry_lines(before, [Edit(1, 2, " ")], joined, {2}) == {1}
    assert carry_lines(before, [Edit(1, 2, " ")], joined, {4}) == {3}
    split = apply_edits(before, [Edit(2, 3, "x\ny")])  # line 2 becomes two lines
    assert carry_lines(before, [Edit(2, 3, "x\ny")], split, {2}) == {2, 3}
    assert carry_lines(before, [Edit(2, 3, "x\ny")], split, {3, 4}) == {4, 5}
    assert carry_lines(before, [], before, {3}) == {3}
    # A fix that deletes a whole changed line and joins its neighbours: the joined line is changed.
    gone = "aa\r\ra"
    assert carry_lines(gone, [Edit(1, 4, "")], "aa", {2}) == {1}
    # "\n" inserted after a lone "\r" makes one line end of two: the line holds the insertion.
    assert carry_lines("\r", [Edit(1, 1, "\n")], "\r\n", {2}) == {1, 2}
    # A changed line deleted with its line end leaves no trace.
    assert carry_lines("a\nb\nc\n", [Edit(2, 4, "")], "a\nc\n", {2}) == set()
    f = ChangedLines({4}).follow(before, [Edit(1, 2, " ")], joined)
    assert isinstance(f, ChangedLines) and f.lines == {3}


def test_baselined_hides_what_the_baseline_recorded_counted():
    doc = build_document("a.txt", "Title\n\nOne,two and three,four.\n\nOne,two and three,four.\n")
    first, second, third, fourth = (finding(doc, ",", nth=i) for i in range(4))
    base = Baseline()
    base.add("a.txt", doc.text, first)
    assert kept(Baselined(base), doc, [first, second, third, fourth]) == [second, third, fourth]
    base.add("a.txt", doc.text, third)  # the same words around it: the same fingerprint, counted twice now
    assert kept(Baselined(base), doc, [first, second, third, fourth]) == [second, fourth]


# ------------------------------------------------------------------ display
@pytest.mark.parametrize(
    "min_level,fail_level,shown",
    [("warning", "error", ["error", "warning"]), ("info", "error", ["error", "warning", "info"]),
     ("error", "error", ["error"]), ("error", "warning", ["error", "warning"])],
)
def test_min_level_shows_at_or_above_the_lower_of_min_and_fail_level(min_level, fail_level, shown):
    doc = build_document("a.txt", "e w i\n")
    found = [finding(doc, w, severity=Severity(s)) for w, s in (("e", "error"), ("w", "warning"), ("i", "info"))]
    assert [s.severity.value for s in kept(MinLevel(min_level, fail_level), doc, found)] == shown


# ------------------------------------------------------------------ the protocol
def test_filters_apply_in_order_and_follow_the_text():
    class DropFirst(Filter):
        name = "drop-first"

        def apply(self, found, at):
            return found[1:]

    doc = build_document("a.txt", "a b c\n")
    found = [finding(doc, w) for w in "abc"]
    assert apply_filters([DropFirst(), DropFirst()], found, Pass(doc)) == found[2:]
    plain = DropFirst()
    moved = follow_all([plain, ChangedLines({1})], "a\n", [Edit(0, 0, "x\n")], "x\na\n")
    assert moved[0] is plain and moved[1].lines == {1, 2}
