"""The `names` kind: fixed institution names, their near misses, and what must stay."""

from __future__ import annotations

import pytest

from copyedit.config import Settings
from copyedit.engine import build_engine
from copyedit.fixer import fix_text
from copyedit.model import Applicability


@pytest.fixture(scope="module")
def engine():
    return build_engine(Settings(backends=("none",), enable_packs=(), disable_packs=()))


def names_found(engine, text):
    _, found = engine.check_text("t.txt", text)
    # The acronyms pack may report the same fix; duplicates collapse to one rule id.
    return [s for s in found if s.rule in ("fixed-name", "acronym-expansion")]


def fixed(engine, text):
    return fix_text(engine, "t.txt", text, None).text


@pytest.mark.parametrize(
    "bad, good",
    [
        ("the North Atlantic Treaty Association (NATO) said", "the North Atlantic Treaty Organization (NATO) said"),
        ("the World Health Organization's report and the World Heath Organization", "the World Health Organization's report and the World Health Organization"),
        ("Shares in Goldman Sach rose.", "Shares in Goldman Sachs rose."),
        ("He joined the United Nation.", "He joined the United Nations."),
        ("before the Football Associations. The FA will rule.", "before the Football Association. The FA will rule."),
        ("ahead of a Scottish Football Associations meeting", "ahead of a Scottish Football Association meeting"),
        ("a bank of england report", "a Bank of England report"),
        ("Estimates from the World Banking put the cost higher.", "Estimates from the World Bank put the cost higher."),
        ("The Bank of Japanese raised rates.", "The Bank of Japan raised rates."),
        ("the International Monetary Funds (IMF) programme", "the International Monetary Fund (IMF) programme"),
    ],
)
def test_slips_are_fixed(engine, bad, good):
    assert fixed(engine, bad) == good


@pytest.mark.parametrize(
    "text",
    [
        "Article 5 of the North Atlantic Treaty binds the allies.",
        "The North Atlantic Treaty was signed in Washington.",
        "The World Trade Organisation ruled against the tariffs.",  # British spelling of the name
        "the International Labor Organization",  # accepted variant
        "The Labour and Conservative Parties both objected.",
        "Brazil has won five World Cups.",
        "They live in a white house by the sea.",
        "The European Council and the European Commission disagree.",
        "A Liberal Democrat MP asked the question.",
        "She spoke at the World Banking Summit in Paris.",  # a longer name goes on
        "The European Union's trade policy",
    ],
)
def test_real_phrases_stay(engine, text):
    assert names_found(engine, text) == []
    assert fixed(engine, text) == text


def test_case_only_slip_in_mixed_case_is_not_safe(engine):
    # "the Labour party" is a style choice in some newsrooms: show it, do not apply it.
    found = names_found(engine, "A Labour party spokesman said no.")
    assert [s.applicability for s in found] == [Applicability.UNSAFE]
    assert found[0].replacements == ("Labour Party",)


def test_case_slips_inside_a_name(engine):
    assert fixed(engine, "a statement from the home Office") == "a statement from the Home Office"
    assert fixed(engine, "a vote in the House of commons") == "a vote in the House of Commons"
    # the generic head in lower case is a house style unless the text itself says otherwise
    assert fixed(engine, "the Labour party said") == "the Labour party said"
    text = "The Labour Party met. Later the Labour party said no."
    assert fixed(engine, text) == "The Labour Party met. Later the Labour Party said no."


def test_near_miss_before_its_own_acronym_is_safe_whatever_the_word(engine):
    found = names_found(engine, "the North Atlantic Treaty Alliance (NATO) summit")
    assert len(found) == 1 and found[0].safe
    assert found[0].text == "North Atlantic Treaty Alliance"
    # but not before another acronym
    assert names_found(engine, "the North Atlantic Treaty Alliance (NTA) summit") == []


def test_possessive_is_kept(engine):
    # A plural name's possessive is the apostrophe alone.
    assert fixed(engine, "the Six Nation's opening game") == "the Six Nations' opening game"
    assert fixed(engine, "Deutsch Bank's shares") == "Deutsche Bank's shares"


def test_user_names_from_config(tmp_path):
    settings = Settings(backends=("none",), names=({"name": "Harbour Bridge Trust", "acronym": "HBT"},))
    engine = build_engine(settings)
    assert fix_text(engine, "t.txt", "the Harbour Bridge Trusts has said", None).text == "the Harbour Bridge Trust has said"


def test_a_names_rule_without_names_is_rejected(tmp_path):
    from copyedit.packs import PackError, load_pack_file

    p = tmp_path / "p.yaml"
    p.write_text("pack: p\nrules:\n  - id: n\n    kind: names\n    message: m\n", encoding="utf-8")
    with pytest.raises(PackError, match="rule 'n'.*needs 'names' or 'data'"):
        load_pack_file(str(p))


def test_a_title_derived_from_a_name_is_not_a_slip(engine):
    text = "He is now a European Commissioner for trade."
    assert fixed(engine, text) == text
