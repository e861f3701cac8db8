"""Quiet on clean text: constructions of published, correct prose that house rules used to damage.

Each test writes its own sentence with the construction that caused a false
alarm on clean published text (news, encyclopedic, fiction, docs, reports),
and checks the rule that caused it now leaves it alone, or only offers it,
while the real slip next to it is still fixed. Grammar backends are off: the
house rules are judged alone.
"""

from __future__ import annotations

import pytest

from copyedit.config import Settings
from copyedit.formats import build_document
from copyedit.engine import build_engine
from copyedit.fixer import fix_text
from copyedit.model import Applicability, Severity


@pytest.fixture(scope="module")
def engine():
    return build_engine(Settings(backends=("none",)))


def fixed(engine, text: str, path: str = "t.txt") -> str:
    return fix_text(engine, path, text).text


def findings(engine, text: str, path: str = "t.txt", rule: str | None = None):
    _, found = engine.check_text(path, text)
    return [s for s in found if rule is None or s.rule == rule]


def safe(engine, text: str, path: str = "t.txt", rule: str | None = None):
    return [s for s in findings(engine, text, path, rule) if s.applicability is Applicability.SAFE]


# ------------------------------------------------------------------ headlines
@pytest.mark.parametrize(
    "heading",
    [
        "## How the Router Keeps You Safe {#how-the-router-keeps-you-safe}",
        "# Chapter One {.unnumbered #chapter-one}",
    ],
)
def test_markdown_heading_attributes_are_not_prose(heading):
    doc = build_document("page.md", heading + "\n\nText here.\n")
    assert "{" not in doc.view and "#" not in doc.view
    assert doc.view.startswith(heading.lstrip("# ").split(" {")[0])


def test_a_heading_anchor_is_not_a_lower_case_word_of_the_title(engine):
    text = "## Keep Your Secrets Safe Out of the Public Bundle {#keep-your-secrets-safe}\n\nText.\n"
    assert findings(engine, text, "page.md", "headline-title-case") == []
    assert fixed(engine, text, "page.md") == text


def test_braces_inside_a_heading_stay_prose():
    doc = build_document("page.md", "# Use {braces} Wisely\n\nText.\n")
    assert doc.view.startswith("Use {braces} Wisely")


@pytest.mark.parametrize(
    "headline",
    [
        "Midnight Train to Georgia (The Carter Sisters song)",  # a disambiguator
        "Three Core Rules for Safe Forms (known as SAFE):",  # a note in brackets
        "Why Vinyl Is the Defining Sound of the 19th Century",  # "th" of 19th is no word
        "The Lion and the Unicorn Return to the Stage",  # minor words after a conjunction
        "Where can I find both guides in the same place?",  # a sentence-case question
    ],
)
def test_title_case_headlines_left_alone(engine, headline):
    text = headline + "\nThe story begins here.\n"
    assert findings(engine, text, rule="headline-title-case") == []
    page = "## " + headline + "\n\nThe story begins here.\n"
    assert findings(engine, page, "page.md", rule="headline-title-case") == []


def test_a_real_lower_case_word_in_a_title_case_headline_is_still_fixed(engine):
    text = "Mayor Unveils Bold plan (Officials Say) for the Harbour Front\nText.\n"
    assert fixed(engine, text) == "Mayor Unveils Bold Plan (Officials Say) for the Harbour Front\nText.\n"


# ------------------------------------------------------- sentence-start-case
@pytest.mark.parametrize(
    "text, word",
    [
        ("She sang in the musical Can You Hear Me? and her album followed.", "and"),
        ("Where went the boats? where the river bends, they say.", "where"),
        ("But what is duty? said she, and smiled.", "said"),
    ],
)
def test_a_lower_case_word_after_a_question_mark_is_offered_not_applied(engine, text, word):
    found = findings(engine, text, rule="sentence-start-case")
    assert [s.text for s in found] == [word]
    assert found[0].applicability is Applicability.UNSAFE
    assert found[0].severity is Severity.INFO  # advice: `check` prints it only with --min-level info
    assert fixed(engine, text) == text


def test_a_one_word_label_opening_a_paragraph_is_offered_not_applied(engine):
    text = "The will was signed thus.\n\nHoskins. her mark.\n"
    found = findings(engine, text, rule="sentence-start-case")
    assert [(s.text, s.applicability, s.severity) for s in found] == [("her", Applicability.UNSAFE, Severity.INFO)]
    assert fixed(engine, text) == text


def test_a_stop_inside_code_ends_no_sentence(engine):
    text = "The line `test result: ok.` means that all passed. Run `cargo test`. the tests pass.\n"
    assert [s.text for s in findings(engine, text, "t.md", rule="sentence-start-case")] == ["the"]


def test_a_name_written_in_lower_case_opening_a_sentence_is_advice(engine):
    (found,) = findings(engine, "It works. npm is the registry.", rule="sentence-start-case")
    assert (found.severity, found.applicability) == (Severity.INFO, Applicability.UNSAFE)


def test_a_lower_case_word_after_a_full_stop_keeps_the_rule_s_severity(engine):
    (found,) = findings(engine, "The vote was close. it passed.", rule="sentence-start-case")
    assert (found.severity, found.applicability) == (Severity.ERROR, Applicability.SAFE)


def test_a_code_key_after_a_full_stop_is_not_a_sentence(engine):
    text = "The payload looks like this. root: { items: [ items: [ ] ] } and it grows."
    assert findings(engine, text, rule="sentence-start-case") == []


def test_a_lower_case_sentence_after_a_full_stop_is_still_fixed(engine):
    assert fixed(engine, "The vote was close. it passed on Monday.") == "The vote was close. It passed on Monday."
    assert fixed(engine, "Intro.\n\nThe vote was close. it passed.\n") == "Intro.\n\nThe vote was close. It passed.\n"


# ----------------------------------------------------------------- agreement
@pytest.mark.parametrize(
    "text",
    [
        "The old sailor hinted that perhaps it were best to wait for the tide.",
        "Perhaps he were wiser to stay ashore, she thought.",
        "It were better to say nothing than to say it badly.",
        "She talks as though she were the captain.",
        "Were it not for the fog, they would have sailed.",
        "I told the mate it were best we kept quiet.",
        "Had she known, she were sure to object.",
    ],
)
def test_the_subjunctive_were_is_left_alone(engine, text):
    assert findings(engine, text, rule="agreement-singular-were") == []


@pytest.mark.parametrize(
    "text, good",
    [
        ("Reporters said he were furious about it.", "Reporters said he was furious about it."),
        ("The coach thought it were better than last year.", "The coach thought it was better than last year."),
    ],
)
def test_a_plain_he_were_is_still_fixed(engine, text, good):
    assert fixed(engine, text) == good


# ------------------------------------------------------------------- spacing
@pytest.mark.parametrize(
    "text",
    [
        "The choir sang softly . . . and the hall fell silent.",
        "The review ended: a voice filling the room . . . .",
        "He paused . . . then went on.",
    ],
)
def test_a_spaced_ellipsis_is_a_convention(engine, text):
    assert findings(engine, text, rule="space-before-punctuation") == []


def test_a_space_before_a_full_stop_is_still_fixed(engine):
    assert fixed(engine, "The hall fell silent .") == "The hall fell silent."


# ---------------------------------------------------------------- typography
def test_straight_apostrophes_do_not_outvote_curly_quotation_marks(engine):
    # Many straight apostrophes, a few curly quotation marks: two styles of two
    # different marks, not one style broken.
    text = (
        "It's said that an ideal, or “shadow”, copy is kept and synced with the “live” one. "
        "We don't mind, it isn't slow, and you'll see why it's cheap: there's little to do, "
        "the page's size won't grow, the user's tab doesn't stall, and that's that."
    )
    assert findings(engine, text, rule="quote-style") == []
    assert fixed(engine, text) == text


def test_a_text_that_mixes_quotation_styles_is_left_alone(engine):
    text = (
        'Alfred "Doc" Paulson\n\n'
        'Alfred "Doc" Paulson (born 1931) is a trumpeter. A critic wrote that “few play with more warmth,” '
        "and that “his tone is a gift.” Hits include “Blue Road,” “Late Train,” “Salt Marsh,” “Tin Roof,” "
        "“Low Tide” and “Far Shore”. "
        "One review ended “the room . . . .\" He toured with Ellis' band and Mann's orchestra."
    )
    assert findings(engine, text, rule="quote-style") == []
    assert fixed(engine, text) == text


def test_apostrophes_that_may_be_quotation_marks_are_neither_counted_nor_changed(engine):
    text = "It’s late, we’re tired, they’re gone, you’re here, I’m off, she’s out, we’ll see. He joined James' band and played rock 'n' roll."
    assert findings(engine, text, rule="apostrophe-style") == []
    assert findings(engine, text, rule="quote-style") == []


def test_an_odd_quotation_or_apostrophe_in_a_consistent_text_is_still_fixed(engine):
    text = "“It’s over,” she said. “We’re done,” he said. “I’m off,” I said. \"Fine,\" they said. They’re gone; the team's bus left."
    assert fixed(engine, text) == "“It’s over,” she said. “We’re done,” he said. “I’m off,” I said. “Fine,” they said. They’re gone; the team’s bus left."


def test_one_odd_apostrophe_among_few_says_little(engine):
    text = "“It’s late,” he said. “We’re tired, they’re cold,” she said. “I'm off,” he said."
    assert findings(engine, text, rule="apostrophe-style") == []


def test_a_label_before_a_spaced_hyphen_is_not_a_dash(engine):
    text = "Sight - Zoom helps.\n\nTouch - Keys help.\n\nSound - Captions help.\n\nSpeech - Typing helps.\n\nThe web — for everyone — is the aim.\n"
    assert findings(engine, text, rule="dash-style") == []


# -------------------------------------------------------------- spelling
@pytest.mark.parametrize(
    "text",
    [
        "Armour or armor is a matter of dialect. The armour was heavy, and the armour plates shone.",
        "Write centre (center in American use); the centre of town and the city centres agree.",
        "The spellings grey/gray both occur; the grey coat and the grey sky are ours.",
        "The armour of the knight, or the armor, as Americans spell it, was heavy. The armour shone.",
    ],
)
def test_spellings_named_side_by_side_are_deliberate(engine, text):
    assert findings(engine, text, rule="spelling-consistency") == []


def test_a_text_mixing_dialects_across_words_is_only_offered_unification(engine):
    text = "The flavor of the stew was a favourite of the sailors. A savoury smell, a woollen cap, a savory pie."
    found = findings(engine, text, rule="spelling-consistency")
    assert found and all(s.applicability is Applicability.UNSAFE for s in found)
    assert fixed(engine, text) == text


def test_a_one_dialect_text_is_still_made_consistent(engine):
    text = "The colour of the flag, the colours of the favourite team, the honour guard: color matters."
    assert fixed(engine, text) == "The colour of the flag, the colours of the favourite team, the honour guard: colour matters."


# -------------------------------------------------------------------- names
def test_a_name_in_capitals_is_the_bodys_own_styling(engine):
    # The names pack lists "ABN Amro"; the bank itself writes ABN AMRO.
    text = "Shares in ABN AMRO rose after the bank's results."
    assert findings(engine, text, rule="fixed-name") == []
    assert fixed(engine, "Shares in ABN amro rose.") == "Shares in ABN Amro rose."


@pytest.mark.parametrize(
    "text",
    [
        "Deposits at the Banks of England and France rose.",  # a plural head over a list
        "The World Banks' loans were audited.",  # a plural possessive
        "Regional World Banks are a proposal of the report.",  # a plural verb
    ],
)
def test_a_plural_name_that_means_several_is_left_alone(engine, text):
    assert findings(engine, text, rule="fixed-name") == []


def test_a_bare_plural_of_a_name_is_only_offered(engine):
    text = "Critics said World Banks lend too little."
    found = findings(engine, text, rule="fixed-name")
    assert [(s.text, s.applicability) for s in found] == [("World Banks", Applicability.UNSAFE)]
    assert fixed(engine, text) == text


@pytest.mark.parametrize(
    "bad, good",
    [
        ("A World Banks report said so.", "A World Bank report said so."),  # one report of one bank
        ("The World Banks has said so.", "The World Bank has said so."),  # a singular verb
        ("The World Banks loans fell.", "The World Bank loans fell."),  # a noun after it
        ("The World Bank met. Later the World Banks agreed.", "The World Bank met. Later the World Bank agreed."),
        ("Protesters marched down Wall Streets at noon.", "Protesters marched down Wall Street at noon."),  # one place
    ],
)
def test_a_plural_name_the_sentence_asks_to_be_one_body_is_still_fixed(engine, bad, good):
    assert fixed(engine, bad) == good


# ------------------------------------------------------- names of people and places
@pytest.mark.parametrize(
    "text",
    [
        # A capitalised particle elsewhere ("Van Halen") is no evidence for one inside a name.
        "The brother of Vincent van Gogh, said Van Gogh scholars and Van Gogh fans, was Theo.",
        "Fans cheered Dirk van Dijk, and Van Dijk bowed; later Van Dijk left.",
        "He admired Charles de Gaulle, as did De Gaulle's allies; they said De Gaulle was right.",
    ],
)
def test_particles_inside_a_personal_name_keep_their_case(engine, text):
    assert safe(engine, text, rule="name-case-evidence") == []
    assert safe(engine, text, rule="proper-noun-case") == []
    assert fixed(engine, text) == text


@pytest.mark.parametrize(
    "text",
    [
        # The country elsewhere is no evidence for the bird, nor the nationality for the verb.
        "Talks with Turkey went well, and later we carved the roast turkey.",
        "The envoy is Polish, and the maids had to polish the brass.",
        # A magazine named elsewhere says nothing about "by that time".
        "He wrote for Time in those years. By that time Miles Davis had left, and Time said so.",
        # A heading's word is no name, nor is a title-case line's.
        "# Usability\n\nWeb usability matters to everyone.\n\n## Usability\n\nWeb usability again.\n",
        "Usability Testing For Small Teams\n\nWeb usability matters, said the Usability Testing Group.\n",
        # An ordinary word before a name is a common noun: "agent", "cousin", "southern".
        "The Secret Agent was filmed. He met agent Dana Scully, and later Agent came.",
        "They visited his cousin Hosea Brown, and Cousin came too. Then Cousin left.",
        "A mix of jazz and southern R&B, as the Southern press said, and Southern wrote.",
        # An ordinary word inside a longer name elsewhere is another phrase.
        "The Web Usability Initiative met, and Usability matters. Web usability policies followed.",
    ],
)
def test_an_ordinary_word_needs_a_name_context_not_a_capital_elsewhere(engine, text):
    path = "t.md" if text.startswith("#") else "t.txt"
    assert safe(engine, text, path, rule="name-case-evidence") == []
    assert safe(engine, text, path, rule="proper-noun-case") == []


def test_an_ordinary_word_with_a_prefix_needs_evidence(engine):
    # "somerset" is an old word for a somersault: "mid-somerset" is the tumble, not the county.
    text = "The acrobat twisted in mid-somerset and landed on the mat."
    assert fixed(engine, text) == text


@pytest.mark.parametrize(
    "bad, good",
    [
        ("Sanctions on russia's banks were extended.", "Sanctions on Russia's banks were extended."),
        ("Gordon Brown spoke. Later Mr Brown left, before Gordon brown returned.", "Gordon Brown spoke. Later Mr Brown left, before Gordon Brown returned."),
        ("Charles Kennedy spoke first. Later Mr kennedy criticised the plan.", "Charles Kennedy spoke first. Later Mr Kennedy criticised the plan."),
        # Contexts only a name has: a list of names of one kind, the bare subject of a
        # verb that bodies do, the agent after "by".
        ("The polish and German envoys met.", "The Polish and German envoys met."),
        ("Trade with Greece, turkey and Cyprus grew.", "Trade with Greece, Turkey and Cyprus grew."),
        ("Shares in Turkey's banks fell, and turkey later denied it.", "Shares in Turkey's banks fell, and Turkey later denied it."),
        ("Analysts praised Google for it. On Monday, google unveiled a phone.", "Analysts praised Google for it. On Monday, Google unveiled a phone."),
        ("Analysts praised Google for it, the tools offered by google, and more.", "Analysts praised Google for it, the tools offered by Google, and more."),
    ],
)
def test_real_slips_of_names_are_still_fixed(engine, bad, good):
    assert fixed(engine, bad) == good


def test_a_capital_inside_a_title_is_no_name_for_the_ordinary_word(engine):
    # "Spy" is capitalised only inside the film's title: "a spy comedy" is no slip.
    text = (
        "Spy Games is a 1999 American spy comedy. Critics of Spy Games and fans of Spy Games agreed, "
        "and Spy Games sold well on the Spy Games tour."
    )
    assert findings(engine, text, rule="name-capitalisation") == []


def test_a_name_written_in_lower_case_once_is_still_offered(engine):
    text = "The Senate voted. Critics of the Senate spoke, and the Senate agreed, but the senate clerk objected."
    found = findings(engine, text, rule="name-capitalisation")
    assert [(s.text, s.applicability) for s in found] == [("senate", Applicability.UNSAFE)]


# ------------------------------------------------------------------ acronyms
@pytest.mark.parametrize(
    "text",
    [
        "Follow the Accessible Rich Internet Applications (WAI-ARIA) guidance.",  # the last part is spelt out
        "Read the Cross Site Scripting (XSS) and Cross Site Request Forgery (CSRF) notes.",  # X for cross
        "She won the Award for Best Traditional (C&W) Vocal Album in 1970.",  # a qualifier inside a name
    ],
)
def test_acronyms_spelt_out_by_convention_are_not_reported(engine, text):
    assert findings(engine, text, rule="acronym-expansion") == []


def test_an_acronym_that_does_not_fit_is_still_reported(engine):
    found = findings(engine, "The Harbour Preservation League (HPC) objected.", rule="acronym-expansion")
    assert [s.applicability for s in found] == [Applicability.DISPLAY]


# ------------------------------------------------------ software documentation
@pytest.mark.parametrize(
    "text, word",
    [
        ("It is written in shell. mytool was made from pure shell scripts.", "mytool"),
        ("Formatting differs by edition. gofmtx has a default edition.", "gofmtx"),
    ],
)
def test_a_lower_case_name_opening_a_sentence_is_offered_not_applied(engine, text, word):
    found = findings(engine, text, rule="sentence-start-case")
    assert [(s.text, s.applicability) for s in found] == [(word, Applicability.UNSAFE)]
    assert fixed(engine, text) == text


def test_a_file_name_after_a_full_stop_is_not_a_sentence(engine):
    text = "Modules are listed below. parser.py reads the input. loader.py loads it."
    assert findings(engine, text, rule="sentence-start-case") == []


def test_a_module_glued_to_a_class_name_is_code(engine):
    text = "Open it with editor.EditorWindow or with cd.FontPage from the menu."
    assert findings(engine, text, rule="sentence-space") == []


def test_two_spaces_after_a_colon_before_a_sentence_are_a_convention(engine):
    text = "Important note:  If you moved it, read on. Also:  Keep a copy."
    assert findings(engine, text, rule="double-space") == []
    assert fixed(engine, "The list:  one and two.") == "The list: one and two."


def test_a_lower_case_sentence_start_that_is_a_word_is_still_fixed(engine):
    assert fixed(engine, "They won. it's just wonderful.") == "They won. It's just wonderful."


# ------------------------------------------------------- layout in plain text
def test_a_word_repeated_across_columns_is_layout(engine):
    text = "The diagram shows it:\n\n|\tbox\tbox\t|\n|\tline  \tline\t|\n"
    assert findings(engine, text, rule="doubled-content-word") == []
    assert fixed(engine, "It was part of the the plan.") == "It was part of the plan."
    assert findings(engine, "Intro here.\n\nIt was part of the\nthe plan that we had.\n", rule="doubled-word")  # a wrapped line


def test_a_list_number_at_a_line_start_is_no_sentence_end(engine):
    text = "To install it, follow these steps:\n1. create the folder\n2. unpack the archive\nThat is all."
    assert findings(engine, text, rule="sentence-start-case") == []
    assert fixed(engine, "Sales rose in 2004. in July they fell.") == "Sales rose in 2004. In July they fell."


def test_a_byline_after_an_entry_is_no_sentence(engine):
    text = "Add a quick start section and a demo. by @jdoe in the pull request."
    assert findings(engine, text, rule="sentence-start-case") == []


def test_a_symbol_between_spaces_is_not_punctuation(engine):
    text = "The write failed (add ! to force it), and a ? marks an optional part."
    assert findings(engine, text, rule="space-before-punctuation") == []
    assert fixed(engine, "Why ?") == "Why?"


def test_a_setting_with_a_list_of_values_is_not_prose(engine):
    text = "To allow it, type set backspace=indent,eol,start in the file."
    assert findings(engine, text, rule="comma-space") == []
    assert fixed(engine, "Smith,Jones and Brown.") == "Smith, Jones and Brown."


def test_a_verb_opening_list_items_is_no_first_name(engine):
    text = "* build: Add Python2/Python3 4.3.0\n* Add python 2024.02 by someone\n* Support for Python 2021.05 has been added.\n"
    assert safe(engine, text, "notes.md", rule="name-case-evidence") == []


def test_a_content_word_doubled_for_emphasis_is_offered_not_applied(engine):
    """Poets and speakers double a word on purpose ("the tolling tolling bells"); "the the" is always a slip."""
    text = "With the tolling tolling bells, the the crowd came.\n"
    found = {s.text.split()[0] if s.text.strip() else s.text: s for s in findings(engine, text) if s.rule in ("doubled-content-word", "doubled-word")}
    assert {s.rule: s.applicability for s in found.values()} == {"doubled-content-word": Applicability.UNSAFE, "doubled-word": Applicability.SAFE}
    assert fixed(engine, text) == "With the tolling tolling bells, the crowd came.\n"
