"""The `acronyms` kind: known expansions, and acronyms whose letters do not fit."""

from __future__ import annotations

import pytest

from copyedit.checkers.acronyms import schwartz_hearst
from copyedit.config import Settings
from copyedit.engine import build_engine
from copyedit.model import Applicability


@pytest.fixture(scope="module")
def engine():
    return build_engine(Settings(backends=("none",), disable_packs=("names",)))


def acronym_findings(engine, text):
    _, found = engine.check_text("t.txt", text)
    return [s for s in found if s.rule == "acronym-expansion"]


@pytest.mark.parametrize(
    "short, long, ok",
    [
        ("NATO", "North Atlantic Treaty Organization", True),
        ("AfDB", "African Development Bank", True),
        ("OECD", "Organisation for Economic Co-operation and Development", True),
        ("HPC", "Harbour Preservation League", False),
        ("DFB", "German Football Association", False),
    ],
)
def test_schwartz_hearst(short, long, ok):
    assert (schwartz_hearst(short, long) is not None) is ok


def test_known_acronym_near_miss_is_corrected(engine):
    found = acronym_findings(engine, "the North Atlantic Treaty Association (NATO) met")
    assert [(s.text, s.replacements, s.applicability) for s in found] == [
        ("North Atlantic Treaty Association", ("North Atlantic Treaty Organization",), Applicability.SAFE)
    ]


def test_two_words_wrong_is_only_offered(engine):
    found = acronym_findings(engine, "the Nort Atlantic Treaty Organizasion (NATO) met")
    assert len(found) == 1 and found[0].applicability is Applicability.UNSAFE


def test_unknown_acronym_that_does_not_fit_is_reported_without_fix(engine):
    found = acronym_findings(engine, "The Harbour Preservation League (HPC) objected.")
    assert len(found) == 1
    assert found[0].replacements == () and found[0].applicability is Applicability.DISPLAY
    assert "HPC" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "The World Trade Organisation (WTO) ruled.",
        "The Harbour Bridge Trust (HBT) objected.",
        "Shares in the company (IBM) rose.",
        "He said (NATO) nothing.",
        "Read the Annual Report of the Chief Financial Officer (PDF) online.",
        "Now Google Analytics (GA4) tracks the use.",
        "We thank MAESTRO,\nJohn Bell (LBL), Chris Malone (LANL), and Michael Lijewski (LBL).",
        "The Women's Institute (WI) and Research & Development (R&D) grew.",
        "See If We Change the Rules, Let Us Ask How (TechDirt) for more.",
    ],
)
def test_fitting_or_non_expansions_stay_silent(engine, text):
    assert acronym_findings(engine, text) == []


# ------------------------------------------------------------ words before a bracket
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from copyedit.checkers.acronyms import words_before  # noqa: E402
from copyedit.checkers.names import tokens  # noqa: E402

_BITS = st.sampled_from(["Word", "the", "O'Neil's", "co-op", "U.S.", "3.5", "é", "x", " ", "  ", "\u00a0", "\n", ",", "(", "-", "’s", "..."])


@settings(max_examples=400, deadline=None)
@given(st.lists(_BITS, max_size=60).map("".join), st.integers(min_value=1, max_value=6))
def test_the_words_before_a_point_are_the_last_words_of_the_whole(view, need):
    whole = [(t.start, t.end, t.text) for t in tokens(view, 0, len(view))]
    near = [(t.start, t.end, t.text) for t in words_before(view, 0, len(view), need)]
    assert near == whole[len(whole) - len(near) :]  # a tail of the whole paragraph's words
    assert len(near) >= min(need, len(whole))


def test_a_long_paragraph_is_not_read_whole_for_one_bracket():
    view = "word " * 50_000 + "Federal Bureau of Investigation"
    near = words_before(view, 0, len(view), 40)
    assert 40 <= len(near) < 1_000
    assert [t.text for t in near[-4:]] == ["Federal", "Bureau", "of", "Investigation"]
