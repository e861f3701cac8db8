"""The `consistency` kind: a document keeps the spellings, marks and names it chose."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copyedit.checkers import Context
from copyedit.checkers.registry import build_checkers
from copyedit.checkers.consistency import match_case, trie_pattern
from copyedit.config import Settings
from copyedit.engine import Engine
from copyedit.fixer import fix_text
from copyedit.model import Applicability
from copyedit.packs import PackError, load_pack_file, parse_pack
from copyedit.variants import inflect


def pack(*rules, file="test.yaml"):
    return parse_pack({"pack": "t", "rules": list(rules)}, file)


def rule(**options):
    base = {"id": "r", "kind": "consistency", "message": "'{match}' -> '{preferred}'"}
    base.update(options)
    return base


def engine(p, dialect="us"):
    specs = p.rules
    ctx = Context(dialect=dialect)
    return Engine(
        settings=Settings(dialect=dialect, backends=("none",)),
        packs=[],
        checkers=build_checkers(specs, ctx),
        rule_pack={s.id: s.pack for s in specs},
    )


def check(p, text, dialect="us", fmt="text"):
    _, found = engine(p, dialect).check_text("a.txt" if fmt == "text" else "a.md", text, fmt)
    return found


def fixed(p, text, dialect="us", unsafe=False):
    return fix_text(engine(p, dialect), "a.txt", text, "text", unsafe=unsafe).text


DEFENCE = pack(rule(sets=["defense/defence", "color/colour"], inflect=["s"]))


# ------------------------------------------------------------------ variants
def test_minority_goes_to_majority_in_either_direction():
    text = "The defence budget rose. Defence chiefs and defence experts disagree on defense."
    found = check(DEFENCE, text)
    assert [(s.text, s.replacements) for s in found] == [("defense", ("defence",))]
    assert found[0].applicability is Applicability.SAFE
    us = "The defense budget rose; defense experts and the defence chiefs."
    assert fixed(DEFENCE, us) == "The defense budget rose; defense experts and the defense chiefs."


def test_case_is_kept_at_sentence_start_and_in_capitals():
    text = "Defence matters. The defense budget and defense policy, said DEFENCE NEWS."
    assert fixed(DEFENCE, text) == "Defense matters. The defense budget and defense policy, said DEFENSE NEWS."


def test_tie_goes_to_the_dialect_preference():
    text = "The defence budget rose and defense experts agreed."
    assert fixed(DEFENCE, text, "us") == "The defense budget rose and defense experts agreed."
    assert fixed(DEFENCE, text, "gb") == "The defence budget rose and defence experts agreed."
    # Australia and Canada borrow the British preference unless told otherwise.
    assert fixed(DEFENCE, text, "au") == "The defence budget rose and defence experts agreed."


def test_tie_without_a_preference_says_nothing():
    p = pack(rule(sets=[{"variants": ["adviser", "advisor"]}]))
    assert p.rules[0].options.variant_sets[0].preferred("us") is None
    assert check(p, "The adviser met the advisor.") == []


def test_list_and_mapping_forms_and_per_dialect_preference():
    p = pack(
        rule(
            sets=[
                ["email", "e-mail"],
                {"us": "percent", "gb": "per cent"},
                {"us": "organize", "gb": "organise", "ca": "organize", "inflect": ["s", "d", "ing", "ation"]},
            ]
        )
    )
    assert fixed(p, "An e-mail, an email.", "gb") == "An email, an email."
    assert fixed(p, "Up 5 per cent, then 3 percent.", "gb") == "Up 5 per cent, then 3 per cent."
    assert fixed(p, "They organised it; the organization helped.", "ca") == "They organized it; the organization helped."
    assert fixed(p, "They organised it; the organization helped.", "au") == "They organised it; the organisation helped."


def test_inflections_count_as_one_choice():
    p = pack(rule(sets=["organize/organise"], inflect=["s", "d", "ing", "ation", "ations"]))
    text = "Organisations organised and are organising; one organization organizes."
    assert fixed(p, text) == "Organisations organised and are organising; one organisation organises."


def test_names_keep_their_own_spelling():
    # A capitalised variant mid-sentence is a name: not counted, not changed.
    text = "The US Defense Department said the defence budget would rise, defence officials added."
    assert check(DEFENCE, text) == []
    p = pack(rule(sets=["organization/organisation"]))
    assert check(p, "The World Health Organization told every organisation to test.") == []
    # ... and the same spelling at a sentence start is that name too.
    text = "The Labor Party won. Labor said labour costs and labour laws matter."
    lab = pack(rule(sets=["labor/labour"]))
    assert check(lab, text) == []


def test_quotations_are_left_as_written():
    text = 'The e-mail read: "Final sentence of email spot on." The e-mail was sent in error.'
    p = pack(rule(sets=[["email", "e-mail"]]))
    assert check(p, text) == []
    p_in = pack(rule(sets=[["email", "e-mail"]], in_quotes=True))
    assert [s.text for s in check(p_in, text)] == ["email"]


def test_whole_words_only_and_spacing_variants():
    p = pack(rule(sets=[{"us": "percent", "gb": "per cent"}, "center/centre"], inflect=["s"]))
    assert check(p, "The percentage and the centrepiece, 5 per cent.") == []
    # A line break inside a hard-wrapped paragraph still separates "per cent".
    text = "Prices moved.\nUp 5 per\ncent, then 3 per cent, then 2 percent.\nMore text here."
    found = check(p, text)
    assert [s.text for s in found] == ["percent"]
    assert fixed(p, "The centre-left and the center of town; the city centres.") == (
        "The centre-left and the centre of town; the city centres."
    )


def test_urls_and_code_are_not_counted():
    p = pack(rule(sets=[["email", "e-mail"]]))
    assert check(p, "Write to e-mail@example.com by email.") == []
    md = "Use the `e-mail` field; email us, and email them.\n"
    assert check(p, md, fmt="markdown") == []


def test_fix_reaches_a_fixed_point():
    text = "Defence. The defense budget; defense policy; defence review; defense talks."
    once = fixed(DEFENCE, text)
    assert fixed(DEFENCE, once) == once
    assert "defence" not in once.lower()


def test_data_file_beside_the_rule_file(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "words.yaml").write_text("sets:\n  - [okay, ok-ay]\n  - note: g\n    inflect: [s]\n    sets: [grey/gray]\n")
    f = tmp_path / "house.yaml"
    f.write_text(
        "pack: house\nrules:\n  - id: house-spelling\n    kind: consistency\n    data: data/words.yaml\n"
        "    message: consistent\n"
    )
    p = load_pack_file(str(f))
    assert [vs.variants for vs in p.rules[0].options.variant_sets] == [("okay", "ok-ay"), ("grey", "gray")]
    assert fixed(p, "Greys and grey, then grays.") == "Greys and grey, then greys."


@pytest.mark.parametrize(
    "options, message",
    [
        ({"sets": ["defense/defence", ["defence", "defencee"]]}, "belongs to two sets"),
        ({"sets": ["defense"]}, "us/gb"),
        ({"sets": [["only"]]}, "at least two"),
        ({"sets": [{"us": "a", "color": "b"}]}, "unknown key 'color'"),
        ({"mode": "shouting", "sets": ["a/b"]}, "unknown mode"),
        ({}, "needs 'sets' or 'data'"),
        ({"data": "missing.yaml"}, "not found"),
        ({"sets": ["a/b"], "inflect": 3}, "inflect"),
        ({"sets": ["center/centre"], "inflect": ["d", "ed"]}, "'centred' is inflected two ways"),
        ({"mode": "styles", "styles": {"one": {"x": "-"}}}, "at least two"),
        ({"mode": "styles", "styles": {"a": {"x": {"pattern": "("}}, "b": {"x": "-"}}}, "invalid pattern"),
        ({"mode": "capitalisation", "min_count": 0}, "positive integer"),
    ],
)
def test_bad_specs_are_pack_errors_naming_the_rule(options, message, tmp_path):
    with pytest.raises(PackError, match=re.escape(message)) as e:
        pack(rule(**options), file=str(tmp_path / "x.yaml"))
    assert "rule 'r'" in str(e.value)


def test_one_pattern_whose_cost_does_not_grow_with_the_sets():
    few = pack(rule(sets=[f"wordx{i}a/wordx{i}b" for i in range(10)]))
    many = pack(rule(sets=[f"w{chr(97 + i % 26)}{i}or/w{chr(97 + i % 26)}{i}our" for i in range(5000)]))
    engine(many)
    assert isinstance(many.rules[0].options.variant_pattern, re.Pattern)
    text = ("The defence of the realm is a matter for the government and its many critics. " * 2500).strip()

    def best(p):
        e = engine(p)
        times = []
        for _ in range(3):
            t = time.perf_counter()
            e.check_text("a.txt", text, "text")
            times.append(time.perf_counter() - t)
        return min(times)

    assert best(many) < 3 * best(few) + 0.05


# ------------------------------------------------------------- capitalisation
CAPS = pack(rule(mode="capitalisation", fix="unsafe"))


def test_lower_case_name_among_capitalised_uses_is_flagged_unsafe():
    text = "Critics of the Senate spoke, and the Senate agreed with the Senate leader, but the senate clerk objected."
    (s,) = check(CAPS, text)
    assert (s.text, s.replacements, s.applicability) == ("senate", ("Senate",), Applicability.UNSAFE)
    assert fixed(CAPS, text) == text  # never applied without --unsafe-fixes
    assert "the Senate clerk" in fixed(CAPS, text, unsafe=True)


def test_capitalisation_is_never_safe_even_if_the_rule_says_so():
    p = pack(rule(mode="capitalisation"))
    text = "Critics of the Senate spoke, and the Senate agreed with the Senate leader, but the senate clerk objected."
    assert [s.applicability for s in check(p, text)] == [Applicability.UNSAFE]


@pytest.mark.parametrize(
    "text",
    [
        # an everyday word used differently (no shared neighbour, no name before it)
        "Mr Brown spoke and Gordon Brown said Mr Brown's plan was fair, and he wore a brown suit.",
        # too few capitalised uses
        "Critics of the Senate spoke and the Senate agreed, but the senate clerk objected.",
        # lower case is common: the writer means the common noun
        "The Senate met. A senate is a body; the Senate and the Senate leader saw a senate elsewhere.",
        # capitals only at sentence starts prove nothing
        "Senate met. Senate agreed. Senate rose. The senate clerk left.",
        # function words and months are never names
        "It may rain in May, in May or in May, but we may go.",
    ],
)
def test_capitalisation_stays_silent(text):
    assert check(CAPS, text) == []



def test_capitalisation_reads_context_only_for_words_written_both_ways():
    # The words that can be findings: capitalised at least min_count times
    # (anywhere) and in lower case too; never an ignored or short word.
    from copyedit.checkers.consistency import STOP_WORDS, _capitalised_and_lower

    words = ["Senate"] * 3 + ["senate", "Budget", "Budget", "budget", "May", "May", "May", "may", "Eu", "Eu", "Eu", "eu"]
    assert _capitalised_and_lower(words, 3, STOP_WORDS) == {"senate"}
    assert _capitalised_and_lower(words, 2, STOP_WORDS) == {"senate", "budget"}
    assert _capitalised_and_lower(words, 2, STOP_WORDS | {"senate"}) == {"budget"}
    assert _capitalised_and_lower(["Senate"] * 3, 3, STOP_WORDS) == set()


def test_capitalisation_with_combining_marks_reads_its_own_words():
    # "Senat\u0301e" is one letter run but the word "Senat" to this rule: the
    # shared runs cannot tell that nothing is written both ways.
    text = "Critics of the Senat\u0301e spoke, and the Senat\u0301e agreed with the Senat\u0301e leader, but the senat clerk objected."
    assert [s.text for s in check(CAPS, text)] == ["senat"]

# --------------------------------------------------------------------- styles
QUOTES = pack(
    rule(
        mode="styles",
        styles={
            "curly": {"open": "“", "close": "”"},
            "straight": {"open": {"pattern": r'(?<!\w)"(?=\w)', "text": '"'}, "close": {"pattern": '"', "text": '"'}},
        },
    )
)


def test_minority_style_is_rewritten_role_by_role():
    text = '“One,” he said. “Two,” she said. "Three," they said.'
    assert fixed(QUOTES, text) == "“One,” he said. “Two,” she said. “Three,” they said."


def test_styles_need_a_clear_majority():
    assert check(QUOTES, '“One,” he said. "Two," she said.') == []  # a tie
    four_to_two = '“One,” he said. “Two,” she said. "Three," they said.'
    assert len(check(QUOTES, four_to_two)) == 2  # the default asks for 2:1
    p = pack(rule(mode="styles", min_ratio=3, styles=QUOTES.rules[0].options.styles))
    assert check(p, four_to_two) == []


def test_a_style_without_text_is_read_but_never_written():
    p = pack(
        rule(
            mode="styles",
            styles={"en": {"dash": {"pattern": " – ", "text": " – "}}, "typewriter": {"dash": {"pattern": " -- "}}},
        )
    )
    text = "A -- b -- c -- d – e."
    (s,) = check(p, text)
    assert s.text == " – " and s.applicability is Applicability.DISPLAY
    assert fixed(p, "A – b – c – d -- e.") == "A – b – c – d – e."


def test_role_marked_unsafe_is_not_applied():
    p = pack(
        rule(
            mode="styles",
            styles={
                "curly": {"open": {"pattern": "‘", "text": "‘", "fix": "unsafe"}, "apos": "’"},
                "straight": {"open": {"pattern": r"(?<!\w)'(?=\w)", "text": "'"}, "apos": {"pattern": r"(?<=\w)'", "text": "'"}},
            },
        )
    )
    text = "It’s the ‘best’ and it’s ours, from the '90s."
    (s,) = check(p, text)
    assert s.applicability is Applicability.UNSAFE and s.replacements == ("‘",)


# -------------------------------------------------------------------- helpers
def test_inflect_and_match_case():
    assert [inflect("organise", s) for s in ("s", "d", "ing", "ation")] == ["organises", "organised", "organising", "organisation"]
    assert [inflect("centre", s) for s in ("s", "d", "ing")] == ["centres", "centred", "centring"]
    assert [inflect("colour", s) for s in ("s", "ed", "ful", "able")] == ["colours", "coloured", "colourful", "colourable"]
    assert inflect("armor", "y") == "armory" and inflect("gray", "s") == "grays" and inflect("fetus", "s") == "fetuses"
    assert match_case("Defence", "defense") == "Defense"
    assert match_case("DEFENCE", "defense") == "DEFENSE"
    assert match_case("defence", "defense") == "defense"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcé -'", min_size=1, max_size=6), min_size=1, max_size=30))
def test_trie_pattern_matches_exactly_its_words(words):
    words = [w for w in words if w.strip() == w and "  " not in w]
    if not words:
        return
    p = re.compile("(?:" + trie_pattern(words) + r")\Z")
    for w in words:
        assert p.match(w), (w, words)
    for probe in ("zz", "abcabcabc", "q"):
        if probe not in words:
            assert not p.match(probe)


# ("mail" opens a spelling of its own inside "e-mail".)
VARIANTS = pack(rule(sets=["per cent/percent", "e-mail/email", "mast/maste", "any more/anymore", "mail/maile"]))
_WORDS = ["per", "Per", "cent", "percent", "e", "E", "mail", "email", "mast", "maſt", "MAST", "any", "more", "anymore", "x", "naïve", "e\u0301", "4"]


@settings(max_examples=300, deadline=None)
@example([("the", " "), ("e", "-"), ("mail", " "), ("per", " "), ("cent", "")])
@example([("Per", "\n"), ("cent", " "), ("maſt", " "), ("e-mail", "")])
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", "  ", "-", "\u2011", "'", "’", "\n", ", ", ""])), max_size=14))
def test_spellings_found_at_word_starts_are_those_a_search_finds(pieces):
    # Trying the pattern only where a word opens a spelling must find what a
    # search of every character finds, whatever the letters around it.
    from copyedit.checkers.consistency import _variant_matches
    from copyedit.formats import build_document

    text = "".join(w + gap for w, gap in pieces)
    (spec,) = VARIANTS.rules
    doc = build_document("a.txt", text)
    expected = [m.span() for m in spec.options.variant_pattern.finditer(doc.view)]
    assert [m.span() for m in _variant_matches(doc, spec.options)] == expected


def test_spellings_open_with_a_word_of_ascii_letters_or_the_view_is_searched():
    (spec,) = VARIANTS.rules
    assert spec.options.first_words == {"per", "percent", "e", "email", "mast", "maste", "any", "anymore", "mail", "maile"}
    (odd,) = pack(rule(sets=["maſt/maste"])).rules
    assert odd.options.first_words is None
