"""Defined terms and names in contracts: capitalised terms beside the same words in their everyday sense.

A contract capitalises the terms it defines ("these Terms", "your Account")
and writes the same words in lower case for their ordinary meaning; it names
a party "Either Party" and "Neither Party", and a product in the singular and
the plural. None of that is a slip of a name, but a misspelt name beside it is.
"""

from __future__ import annotations

import pytest

from copyedit.config import Settings
from copyedit.engine import build_engine


@pytest.fixture(scope="module")
def engine():
    return build_engine(Settings(backends=("none",)))


def found(engine, text: str, rule: str) -> list[tuple[str, tuple[str, ...]]]:
    _, out = engine.check_text("t.txt", text)
    return [(s.text, tuple(s.replacements)) for s in out if s.rule == rule]


#: A person whose surname is an ordinary word, written once in lower case.
_PERSON = " The order was signed by Jane Marsh for the buyer, and Ms Marsh keeps a copy. Before Jane marsh left, she paid."


def test_a_defined_term_is_no_evidence_for_the_everyday_word(engine):
    text = (
        "These Terms govern your use of the Service, and you accept the Terms when you register."
        " The Northwind Terms of Sale apply to each order."
        " Any Northwind terms or policies that conflict with local law do not apply." + _PERSON
    )
    assert found(engine, text, "name-case-evidence") == [("marsh", ("Marsh",))]


def test_a_defined_section_is_no_evidence_for_a_section_in_lower_case(engine):
    text = (
        "Refunds are set out in this Section, and see Section B for fees."
        " A breach of section B may end the contract." + _PERSON
    )
    assert found(engine, text, "name-case-evidence") == [("marsh", ("Marsh",))]


#: A body the text names twice, then misspells.
_TRUST = " The Harbour Bridge Trust holds the funds. The Harbour Bridge Trust reports yearly. Later the Harbour Brige Trust said no."
_TRUST_SLIP = ("Harbour Brige Trust", ("Harbour Bridge Trust",))


def test_another_word_is_no_misspelling_of_a_name_the_text_writes(engine):
    text = (
        "Either Party may end this Agreement on notice. Either Party may assign it with consent."
        " Neither Party may disclose the other's data."
        " Payments go to your Northwind Connected Account, which the Northwind Connected Account terms govern."
        " You may link a Northwind Connect Account later." + _TRUST
    )
    assert found(engine, text, "fixed-name") == [_TRUST_SLIP]


def test_several_things_of_a_named_kind_are_no_slip_of_its_singular(engine):
    text = (
        "Every type of Northwind Cloud Plugin must be reviewed. We will retire Northwind Cloud Plugins in 2026."
        " Sponsors may apply to the Northwind Bonus Fund, which pays out monthly, plus any applicable Northwind Bonus Funds, and gifts."
        " You may reach a Northwind Web Service through your employer. The Northwind Web Services use cookies."
        " Within the Service, owners manage members. By using the Services, you agree."
        # One body, named with "the" and never as one of many: its plural is still a slip.
        " The Harbour Bridge Trust holds the funds. The Harbour Bridge Trust reports yearly. Later the Harbour Bridge Trusts said no."
    )
    assert found(engine, text, "fixed-name") == [("Harbour Bridge Trusts", ("Harbour Bridge Trust",))]


def test_a_listed_name_inside_a_longer_name_is_no_slip(engine):
    """ "United States Department of Energy" holds "States Department", which is no plural of "State Department"."""
    text = "Requests go to the United States Department of Justice. Officials at the State Departments spoke.\n"
    assert found(engine, text, "fixed-name") == [("State Departments", ("State Department",))]


def test_two_names_joined_by_and_are_no_name_of_the_text(engine):
    text = "Bingley and Jane danced. Later the Bingleys and Jane left, and Bingley wrote.\n"
    assert found(engine, text, "fixed-name") == []


def test_capitals_inside_code_are_no_evidence(engine):
    """ "The `Deref` trait": the code's capital is its own; "the deref coercion feature" is prose."""
    text = "The `Deref` trait and `Deref` again, and `Deref` too. The deref coercion feature helps. Gordon Brown spoke; Mr Brown left. Then Gordon brown came.\n"
    _, out = engine.check_text("t.md", text)
    assert [(s.text, tuple(s.replacements)) for s in out if s.rule == "name-case-evidence"] == [("brown", ("Brown",))]
