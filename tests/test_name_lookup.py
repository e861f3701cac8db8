"""How the `names` checker finds the windows worth judging: its words, its keys' first look, its near words.

The checker is only as right as these are complete: a window the first look
drops, or a near word the one-call comparison misses, is a slip never found.
Each is checked against the plain way of asking the same question.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from copyedit.checkers.name_keys import WILD, KeyIndex, lengths_desc, outside, up_to, wildcard_keys
from copyedit.checkers.name_near import WIDE, NearWords, plausible
from copyedit.checkers.name_words import Words, tokens

WORDS = ["Bank", "of", "England", "bank", "the", "Church", "Union", "European", "a", "party", "Party", "Labour"]


def _index(keys):
    index = KeyIndex()
    for key in keys:
        index.add(key, key)
    return index


def _looked_at(index: KeyIndex, words: list[str], vocab) -> set[tuple[int, tuple[str, ...]]]:
    """Every (start, key) the index's first look and key making reach."""
    found = set()
    lows = [w.lower() for w in words]
    for i, both, open_first, open_second in index.starts(words, lows):
        for n in lengths_desc((both | open_first | open_second) & up_to(len(words) - i)):
            window = tuple(words[i : i + n])
            odd = outside(words, i, i + n, vocab)
            if odd <= 1:
                found.update((i, key) for key in wildcard_keys(window, vocab, odd, both, open_first, open_second))
    return found


def _matches(key: tuple[str, ...], window: tuple[str, ...]) -> bool:
    return len(key) == len(window) and all(k == WILD or k == w for k, w in zip(key, window))


@st.composite
def _keys(draw):
    names = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=2, max_size=5), min_size=1, max_size=8))
    keys = []
    for name in names:
        for i in range(len(name)):
            keys.append(tuple(name[:i]) + (WILD,) + tuple(name[i + 1 :]))
    return keys


@settings(max_examples=300, deadline=None)
@given(_keys(), st.lists(st.sampled_from([*WORDS, "said", "Bonk"]), max_size=14))
def test_the_first_look_reaches_every_key_a_window_matches(keys, words):
    index = _index(keys)
    vocab = {w for key in keys for w in key if w != WILD}
    expected = {(i, key) for key in set(keys) for i in range(len(words)) if _matches(key, tuple(words[i : i + len(key)]))}
    assert expected <= _looked_at(index, words, vocab)


def test_the_first_look_passes_over_words_that_start_no_key():
    index = _index([("*", "of", "England"), ("Bank", "*", "England"), ("Bank", "of", "*")])
    words = "a number of people said the share of wages fell".split()
    assert index.starts(words, [w.lower() for w in words]) == []
    words = "the Bank of Englund said".split()
    assert [s[0] for s in index.starts(words, [w.lower() for w in words])] == [1]


def test_the_third_word_stops_windows_that_share_only_a_joiner_with_a_key():
    index = _index([("*", "of", "England")])
    words = "number of England fans and number of people".split()
    assert [s[0] for s in index.starts(words, [w.lower() for w in words])] == [0]


def test_keys_allowed_in_any_case_are_looked_for_in_lower_case():
    index = KeyIndex()
    index.allow_any_case([("bank", "of", "england")])
    words = "the Bank Of ENGLAND said".split()
    (start,) = index.starts(words, [w.lower() for w in words])
    assert start[0] == 1 and start[1] >> 3 & 1
    assert index.starts(words, words) == []  # as written, "Bank Of" starts no key


def test_places_to_look_at_limit_the_first_look():
    index = _index([("Harbour", "Bridge", "*")])
    words = "the Harbour Bridge Trust and the Harbour Bridge Fund".split()
    lows = [w.lower() for w in words]
    assert [s[0] for s in index.starts(words, lows)] == [1, 6]
    assert [s[0] for s in index.starts(words, lows, [5, 6, 7])] == [6]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdeirstuy", min_size=1, max_size=9), min_size=WIDE, max_size=40),
    st.text(alphabet="abcdeirstuy", min_size=1, max_size=9),
)
def test_near_words_are_those_the_plain_test_passes(words, word):
    assert NearWords(words).near(word) == [j for j, w in enumerate(words) if plausible(word, w)]


def test_near_words_keep_a_misspelling_and_drop_an_unlike_word():
    words = ["labour", "green", "conservative", "liberal", "reform", "national", "socialist", "pirate", "labor"]
    near = NearWords(words)
    assert near.near("lbour") == [0, 8]
    assert near.near("xyz") == []


class _Segment:
    def __init__(self, vstart, vend, kind="paragraph"):
        self.vstart, self.vend, self.kind = vstart, vend, kind


def test_words_are_the_tokens_and_runs_stop_at_anything_but_spaces():
    text = "the Labour, Conservative Parties' votes and non-European Union citizens' rights. Next"
    words = Words(text, [_Segment(0, len(text))])
    assert words.texts == [t.text for t in tokens(text, 0, len(text), split_prefixes=True)]
    assert words.texts[:5] == ["the", "Labour", "Conservative", "Parties", "votes"]
    assert "European" in words.texts and "Union" in words.texts  # the prefix apart, the possessive off
    runs = [words.texts[r.lo : r.hi] for r in words.runs]
    assert runs == [
        ["the", "Labour"],
        ["Conservative", "Parties", "votes", "and"],  # "Parties' votes": a possessive joins
        ["European", "Union", "citizens", "rights"],  # "non-" is not a space
        ["Next"],
    ]
    assert [r.before for r in words.runs] == [None, "labour", None, None]  # the word before a comma
    assert [words.run_at(i) for i in range(len(words.texts))] == [r for r in words.runs for _ in range(r.hi - r.lo)]
    window = words.window(6, 8)
    assert [(t.text, text[t.start : t.end]) for t in window] == [("European", "European"), ("Union", "Union")]


def test_runs_do_not_cross_segments():
    text = "Bank of\n\nEngland"
    words = Words(text, [_Segment(0, 7), _Segment(9, 16)])
    assert [(r.lo, r.hi) for r in words.runs] == [(0, 2), (2, 3)]


def test_one_word_names_of_the_configuration_are_still_looked_for():
    """A `names` entry of one word is a window of one word: the first look of word pairs must not lose it."""
    from copyedit.config import Settings
    from copyedit.engine import build_engine

    names = ({"name": "Zorblax"}, {"name": "Democrats", "accepted": ["Democrat"]}, {"name": "Quux"})
    engine = build_engine(Settings(backends=("none",), names=names))

    def fixed_names(text):
        return [(text[s.start : s.end], s.replacements[0]) for s in engine.check_text("t.txt", text)[1] if s.rule == "fixed-name"]

    assert fixed_names("zorblax said it would. The Zorblax plan.") == [("zorblax", "Zorblax")]
    assert fixed_names("the Democrat's said so, and quux Quux.") == [("Democrat's", "Democrats"), ("quux", "Quux")]
