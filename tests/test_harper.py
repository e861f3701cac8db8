"""Harper through harper-py: lints become suggestions on the right characters."""

import pytest

from copyedit.backends.harper import DEFAULT_OFF, SAFE_RULES, HarperChecker, rule_names
from copyedit.formats import build_document


@pytest.fixture(scope="module")
def harper():
    return HarperChecker("us")


def check(checker, text, path="a.txt"):
    doc = build_document(path, text)
    return doc, sorted(checker.check(doc), key=lambda s: s.start)


def test_spans_and_replacements_map_to_the_file(harper):
    text = "Intro Line\n\nIt was a important day 😀 and a honest man came.\n"
    doc, found = check(harper, text)
    ana = [s for s in found if s.rule == "harper:AnA"]
    assert len(ana) == 2
    for s in ana:
        assert text[s.start : s.end] == s.text == "a"
        assert s.replacements == ("an",) and s.safe


def test_insert_after_becomes_a_replacement_of_the_span(harper):
    text = "He left,and she stayed.\n"
    _, found = check(harper, text)
    comma = [s for s in found if s.rule == "harper:CommaFixes"]
    assert comma and comma[0].text == "," and comma[0].replacements[0].startswith(",")


def test_spelling_is_never_safe(harper):
    _, found = check(harper, "The quick brown fox jumpd over the dog.\n")
    spell = [s for s in found if s.rule == "harper:SpellCheck"]
    assert spell and not any(s.safe for s in spell)
    assert spell[0].category == "spelling"


def test_prefix_fragments_are_not_misspellings(harper):
    _, found = check(harper, "A pre-emptive strike prompted a re-evaluation.\n")
    assert not [s for s in found if s.rule in ("harper:SpellCheck", "harper:DisjointPrefixes")]


def test_nothing_inside_markdown_code(harper):
    text = "Text here.\n\n```\nthis are a error a apple\n```\n\nUse `a apple` here.\n"
    _, found = check(harper, text, "a.md")
    code_start = text.index("```")
    code_end = text.index("```", code_start + 3) + 3
    inline = text.index("`a apple`")
    for s in found:
        assert not (code_start <= s.start < code_end)
        assert not (inline <= s.start < inline + 9)


def test_accepted_words_are_not_misspelt():
    checker = HarperChecker("us", accept=["Zlorbix"])
    _, found = check(checker, "The Zlorbix company grew.\n")
    assert not [s for s in found if s.text == "Zlorbix"]


def test_configured_rule_names_exist():
    known = set(rule_names())
    assert SAFE_RULES <= known
    assert DEFAULT_OFF & known  # the noisy rules we silence are real Harper rules


def test_disable_a_harper_rule():
    checker = HarperChecker("us", disable={"AnA"})
    _, found = check(checker, "It was a important day.\n")
    assert not [s for s in found if s.rule == "harper:AnA"]


@pytest.mark.parametrize(
    "word, candidates, expected",
    [
        ("buoght", ("bought", "bight", "blight"), "bought"),  # two letters swapped
        ("imprtant", ("important", "implant", "imprint"), "important"),  # a letter dropped
        ("refeee", ("referee", "refer", "refuge"), "referee"),
        ("lader", ("ladder", "layer", "loader"), None),  # two single slips away: a person decides
        ("trevor", ("tremor",), None),  # v and m are not neighbouring keys
        ("repressors", ("depressors",), None),  # a changed first letter is a real word
        ("commoditising", ("commoditizing",), None),  # a dialect, not a slip
        ("eurozone", ("Eurozone",), None),  # case is not a typo
        ("flashpoint", ("flash point",), None),
        ("roti", ("rot",), None),  # too short to judge
        ("behaviour", ("behavior",), None),  # British, not a slip
        ("travelled", ("traveled",), None),
        ("immediates", ("immediate",), None),  # a plural the dictionary lacks
    ],
)
def test_typo_fix_is_only_the_unambiguous_keyboard_slip(word, candidates, expected):
    from copyedit.backends.harper import typo_fix

    assert typo_fix(word, candidates) == expected


def test_spelling_is_silent_on_a_word_written_as_a_name_elsewhere():
    from copyedit.config import Settings
    from copyedit.engine import build_engine

    engine = build_engine(Settings(backends=("harper",)))
    _, found = engine.check_text("t.txt", "Trevor Beattie wrote it. No row between me and trevor, he said.")
    assert not [s for s in found if s.rule == "harper:SpellCheck"]


def test_a_huge_token_is_neither_checked_nor_touched():
    """Harper's spelling search would spend seconds on it; the blank must not become a fix."""
    from copyedit.config import Settings
    from copyedit.engine import build_engine
    from copyedit.fixer import fix_text

    engine = build_engine(Settings(backends=("harper",)))
    text = "We saw " + "abcdefghij" * 500 + " today, and a apple."
    result = fix_text(engine, "t.txt", text, None)
    assert result.text == text.replace("a apple", "an apple")


def test_spelling_runs_in_its_own_pass_and_can_be_switched_off():
    from copyedit.config import Settings
    from copyedit.engine import build_engine

    text = "The imprtant report on Morgenstern was published."
    on = build_engine(Settings(backends=("harper",)))
    _, found = on.check_text("t.txt", text)
    spelling = [s for s in found if s.rule == "harper:SpellCheck"]
    assert [s.text for s in spelling] == ["imprtant"]  # never the name
    off = build_engine(Settings(backends=("harper",), disable=("harper:SpellCheck",)))
    _, found = off.check_text("t.txt", text)
    assert not [s for s in found if s.rule == "harper:SpellCheck"]


def test_a_space_before_a_dotted_token_is_not_a_space_before_a_full_stop():
    from copyedit.config import Settings
    from copyedit.engine import build_engine
    from copyedit.fixer import fix_text

    engine = build_engine(Settings(backends=("harper",)))
    text = "It can be up to .5s off, and .NET is used.\n"
    assert fix_text(engine, "t.txt", text, None).text == text


@pytest.mark.parametrize(
    "text",
    [
        'The term "control" means (i) the power to direct, or (ii) ownership.\n',
        "when you modify the work.)  You may place it.\n",
        "Copyright (C) <year>  <name of author>\n",
    ],
)
def test_legal_and_template_conventions_stay(text):
    from copyedit.config import Settings
    from copyedit.engine import build_engine
    from copyedit.fixer import fix_text

    engine = build_engine(Settings(backends=("harper",)))
    assert fix_text(engine, "t.txt", text, None).text == text


def test_a_or_an_before_a_token_read_as_letters_is_only_offered():
    from copyedit.config import Settings
    from copyedit.engine import build_engine
    from copyedit.fixer import fix_text

    engine = build_engine(Settings(backends=("harper",)))
    text = "There is an lcov reporter and a important one.\n"
    assert fix_text(engine, "t.txt", text, None).text == "There is an lcov reporter and an important one.\n"


def test_a_british_form_of_a_known_word_is_not_misspelt():
    from copyedit.config import Settings
    from copyedit.engine import build_engine

    engine = build_engine(Settings(backends=("harper",), dialect="gb"))
    _, found = engine.check_text("t.txt", "They are commoditising the market.\n")
    assert not [s for s in found if s.rule == "harper:SpellCheck"]


def test_an_article_before_code_is_left_as_written(harper):
    """How code is read aloud decides a or an ("an `f64`": "an eff"); Harper judges by its spelling."""
    text = "It is a `u32`, an `f64` or an `Rc<T>`, an `sql!` macro, a `*`, a `&[u8]` and a important one.\n"
    _, found = check(harper, text, "a.md")
    assert [s.text for s in found if s.rule == "harper:AnA"] == ["a"]
    assert [s.start for s in found if s.rule == "harper:AnA"] == [text.index("a important")]


def test_a_letter_numbering_a_clause_is_no_article_and_no_pronoun(harper):
    text = 'A user who (a) accesses the Service, or who (b) uses it, is bound by claims arising from: i) the change, once "2i\'d".\n'
    _, found = check(harper, text)
    assert not [s for s in found if s.rule in ("harper:AnA", "harper:CapitalizePersonalPronouns")]
    _, found = check(harper, "He said i would come and a apple fell.\n")
    assert {s.rule for s in found} >= {"harper:AnA", "harper:CapitalizePersonalPronouns"}  # the real slips still are


def test_a_tab_is_layout_not_a_double_space(harper):
    _, found = check(harper, "**2.1**\tThis Agreement sets forth the terms.\n", "a.md")
    assert not [s for s in found if s.rule == "harper:Spaces"]
    _, found = check(harper, "This Agreement  sets forth the terms.\n", "a.md")
    assert [s.rule for s in found if s.rule == "harper:Spaces"] == ["harper:Spaces"]


def test_a_word_repeated_once_in_capitals_or_an_abbreviation_said_twice_is_no_slip(harper):
    _, found = check(harper, "Bitwise AND and assignment work, etc. etc., and the the rest too.\n")
    assert [s.text for s in found if s.rule == "harper:RepeatedWords"] == ["the the"]


def test_an_article_before_a_word_said_as_letters_is_advice(harper):
    """ "an SOW" or "a SOW": the writer's reading decides, so Harper's a/an there is info, not a warning."""
    from copyedit.model import Severity

    _, found = check(harper, "Unless set forth in an SOW, it is a important one.\n")
    ana = {s.text: s.severity for s in found if s.rule == "harper:AnA"}
    assert ana == {"an": Severity.INFO, "a": Severity.ERROR}


def test_a_space_before_an_ellipsis_or_a_dash_is_a_style(harper):
    _, found = check(harper, "## Your Complaint Must ...\n\nAnd so … it went .\n\nSee it in the logs -\n", "a.md")
    assert [s.text for s in found if s.rule == "harper:Spaces"] == [" "]  # only the one before the full stop


def test_a_letter_glued_to_a_reference_is_a_label_not_an_article(harper):
    text = "The maps (see Figure \\ref{figure2}a-h) show it, and it was a important day.\n"
    _, found = check(harper, text, "a.md")
    assert [s.start for s in found if s.rule == "harper:AnA"] == [text.index("a important")]


def test_two_spaces_after_a_colon_that_opens_a_sentence_are_a_convention(harper):
    _, found = check(harper, "High-level edits:  Observations about it.\n\nIt was  late, and then:  more.\n")
    assert [s.text for s in found if s.rule == "harper:Spaces"] == ["  ", "  "]  # "was  late" and ":  more" stay slips


def test_an_article_before_code_that_is_an_english_word_is_offered(harper):
    """ "a `else` branch": code said as the word it is; Harper's a/an is offered, never applied."""
    from copyedit.model import Applicability

    text = "Include a `else` branch and an `tests` module, not a `u32`.\n"
    _, found = check(harper, text, "a.md")
    ana = [(s.text, s.replacements, s.applicability) for s in found if s.rule == "harper:AnA"]
    assert ana == [("a", ("an",), Applicability.UNSAFE), ("an", ("a",), Applicability.UNSAFE)]
