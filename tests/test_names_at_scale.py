"""Names at newsroom scale: generated lists, the variants of a name, the document's own evidence, titles.

Each case is a sentence of its own, not taken from the bench: the names come
from the generated data or from the text itself, and the phrases that must
stay are ordinary English that shares words with a name.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from copyedit.config import Settings
from copyedit.engine import build_engine
from copyedit.fixer import fix_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engine():
    return build_engine(Settings(backends=("none",)))


def fixed(engine, text):
    return fix_text(engine, "t.txt", text, None).text


def _generated():
    return yaml.safe_load((ROOT / "rules" / "data" / "institutions.yaml").read_text(encoding="utf-8"))


def _names(data):
    return [item["name"] if isinstance(item, dict) else item for group in data["names"].values() for item in group]


# ------------------------------------------------------------------ the data
def test_generated_names_are_thousands_and_each_names_its_source():
    data = _generated()
    names = _names(data)
    assert len(names) >= 5000
    assert len(names) == len({n.lower() for n in names}), "duplicates"
    spec = importlib.util.spec_from_file_location("build_names", ROOT / "scripts" / "build_names.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert set(data["names"]) == set(mod.SOURCES)
    for sid, src in data["sources"].items():
        assert src["repository"] and src["commit"] and src["licence"], sid
        assert src["names"] == len(data["names"][sid])
        assert (ROOT / "scripts" / "sources" / f"{sid}.tsv").exists(), sid
        header = (ROOT / "scripts" / "sources" / f"{sid}.tsv").read_text(encoding="utf-8").splitlines()[:3]
        assert header == [f"# source: {src['repository']}", f"# commit: {src['commit']}", f"# licence: {src['licence']}"]


def test_generated_names_are_well_formed():
    data = _generated()
    hand = yaml.safe_load((ROOT / "rules" / "data" / "organisations.yaml").read_text(encoding="utf-8"))
    hand_names = {(n["name"] if isinstance(n, dict) else n).lower() for n in hand["names"]}
    acronyms = []
    for group in data["names"].values():
        for item in group:
            name = item["name"] if isinstance(item, dict) else item
            assert len(name.split()) >= 2, name
            assert not any(c.isdigit() or c in "(),&/[]" for c in name), name
            assert name.lower() not in hand_names, name
            if isinstance(item, dict):
                acronyms.append(item["acronym"])
                assert len(item["acronym"]) >= 2 and item["acronym"].isupper(), item
    assert len(acronyms) == len(set(acronyms)), "an acronym names one body only"


def test_everyday_phrases_are_not_names():
    """Two ordinary, frequent words are a description as often as a name: the filter drops them."""
    names = {n.lower() for n in _names(_generated())}
    extracts = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "scripts" / "sources").glob("*.tsv")).lower()
    for phrase in ("civil service", "left party", "justice party"):
        assert "\n" + phrase + "\t" in extracts  # the sources list it ...
        assert phrase not in names  # ... and the filter drops it
    # Three content words make a name no one writes by chance.
    assert "health and safety executive" in names


@pytest.mark.slow
def test_generated_names_are_in_sync_with_the_pinned_extracts():
    """The committed data must be what the generator makes from the committed extracts."""
    spec = importlib.util.spec_from_file_location("build_names", ROOT / "scripts" / "build_names.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    committed = (ROOT / "rules" / "data" / "institutions.yaml").read_text(encoding="utf-8")
    assert mod.dump(mod.build()) == committed, "rules/data/institutions.yaml is stale: run scripts/build_names.py"


def test_the_shipped_pack_counts_every_name(engine):
    spec = next(r for p in engine.packs for r in p.rules if r.id == "fixed-name")
    assert spec.options.entry_count() >= 5000


# ------------------------------------------------------- generated names used
@pytest.mark.parametrize(
    "bad, good",
    [
        # the UK government register
        ("The Health and Safety Excecutive fined the firm.", "The Health and Safety Executive fined the firm."),
        # Party Facts
        ("The Alliance Party of Northern Irland gained a seat.", "The Alliance Party of Northern Ireland gained a seat."),
        # openfootball's leagues
        ("Juventus won the Coppa Itallia again.", "Juventus won the Coppa Italia again."),
    ],
)
def test_slips_in_generated_names_are_fixed(engine, bad, good):
    names = {n.lower() for n in _names(_generated())}
    assert any(n in good.lower() for n in names)
    assert fixed(engine, bad) == good


def test_a_generated_plural_name_in_the_singular_needs_the_text_to_name_the_body(engine):
    # "the Australian Democrat said" may be one senator; beside the party's name it is the party.
    assert fixed(engine, "Later the Australian Democrat said no.") == "Later the Australian Democrat said no."
    text = "The Australian Democrats won two seats. Later the Australian Democrat said no."
    assert fixed(engine, text) == text.replace("Democrat said", "Democrats said")


@pytest.mark.parametrize(
    "text",
    [
        "Shoppers crowded into Manchester city centre on Saturday.",
        "The exhibition moved to a British museum in the north.",
        "Many voters wanted a united Russia, the poll found.",
        "An Australian Democrat senator said the bill would fail.",
        "The crown prosecution service in the town was praised.",
        "The supreme court of public opinion has spoken.",
        "A new electoral commission was set up in each state.",
    ],
)
def test_ordinary_phrases_sharing_words_with_a_name_stay(engine, text):
    assert fixed(engine, text) == text


# ------------------------------------------------------------------ variants
def test_a_plural_name_keeps_its_plural_and_its_possessive(engine):
    text = "The Liberal Democrats' manifesto and the Six Nations' fixtures were published."
    assert fixed(engine, text) == text
    assert fixed(engine, "Tickets for the Six Nation went on sale.") == "Tickets for the Six Nations went on sale."
    assert fixed(engine, "the Six Nation's opening game") == "the Six Nations' opening game"


def test_the_singular_of_a_plural_name_is_a_member_or_an_adjective(engine):
    for text in ("A Liberal Democrat's vote counts.", "The Liberal Democrat leader spoke.", "He was a Liberal Democrat."):
        assert fixed(engine, text) == text
    # After "the", with a verb after it, only the party is meant.
    assert fixed(engine, "Later the Liberal Democrat's said no.") == "Later the Liberal Democrats said no."


def test_names_plural_by_nature_and_their_short_forms_stay(engine):
    for text in (
        "The Davis Cup finals start in Madrid.",
        "Peers in the Lords and MPs in the Commons voted.",
        "The Democrats and the Republicans both claimed victory.",
        "Brazil has won five World Cups.",
    ):
        assert fixed(engine, text) == text


def test_a_counted_head_is_fixed_only_where_the_text_asks_for_one(engine):
    text = "The Davis Cup is the oldest team event. Britain lost in the Davis Cups tie."
    assert fixed(engine, text) == text.replace("Davis Cups tie", "Davis Cup tie")
    assert fixed(engine, "They have won three Davis Cups.") == "They have won three Davis Cups."


def test_a_prefix_is_no_part_of_the_name(engine):
    assert fixed(engine, "Non-European Unions citizens need visas.") == "Non-European Union citizens need visas."
    assert fixed(engine, "He is a pro-European Union voice.") == "He is a pro-European Union voice."


def test_a_word_grown_into_a_compound(engine):
    assert fixed(engine, "The Department of Healthcare said no.") == "The Department of Health said no."
    # A longer name goes on: it may be another body.
    text = "The Department of Healthcare Services said no."
    assert fixed(engine, text) == text


# ------------------------------------------------------- the document's own
def test_a_known_name_written_right_elsewhere_settles_a_real_word_slip(engine):
    text = "The Electoral Commission met on Monday. Later the Electoral Committee said the vote was fair."
    assert fixed(engine, text) == text.replace("Electoral Committee", "Electoral Commission")
    text = "Greece challenged a European Committee ruling. The Commission's decision stands."
    assert fixed(engine, text) == text.replace("European Committee", "European Commission")


def test_without_that_evidence_a_real_word_is_left(engine):
    for text in (
        "The Electoral Committee said the vote was fair.",
        # another body of the same kind, named beside it: no slip
        "The European Court ruled, and the European Commission agreed.",
        "The European Council and the European Commission disagree.",
    ):
        assert fixed(engine, text) == text


def test_a_name_the_document_writes_settles_its_slips(engine):
    text = "The Harbour Bridge Trust was set up in 1990. Later the Harbour Bridge Trusts said no."
    assert fixed(engine, text) == text.replace("Trusts said", "Trust said")
    text = "The Harbour Bridge Trust was set up in 1990. Later the Harbor Bridge Trust said no."
    assert fixed(engine, text) == text.replace("Harbor", "Harbour")
    text = "The Greenfield Valley Heritage Society met. The Greenfield Valley Heritage Sociey agreed."
    assert fixed(engine, text) == text.replace("Sociey", "Society")
    # The form the text writes more often is its own, whichever came first.
    text = "The Harbor Bridge Trust met. The Harbour Bridge Trust said no. The Harbor Bridge Trust agreed."
    assert fixed(engine, text) == text.replace("Harbour", "Harbor")


def test_names_the_document_writes_differently_are_left(engine):
    for text in (
        # a member beside the body
        "Two Royal Marines were injured, and a Royal Marine was flown home.",
        # two people, two bodies
        "Gary Neville and Phil Neville played, and Ashley Cole and Andy Cole watched.",
        "The Harbour Bridge Trust and the Harbour Bridge Fund met.",
        # two people whose names are a letter apart, and no body
        "Michael Jackson met Michel Jackson.",
    ):
        assert fixed(engine, text) == text


# -------------------------------------------------------------------- titles
@pytest.mark.parametrize(
    "bad, good",
    [
        ("Mr. smith said the plan would fail.", "Mr. Smith said the plan would fail."),
        ("The report was written by Dr jones.", "The report was written by Dr Jones."),
        ("President obama spoke in Berlin.", "President Obama spoke in Berlin."),
        ("Later Mrs thatcher resigned.", "Later Mrs Thatcher resigned."),
    ],
)
def test_a_title_makes_the_next_word_a_name(engine, bad, good):
    assert fixed(engine, bad) == good


@pytest.mark.parametrize(
    "text",
    [
        "General elections were held in May.",
        "The Chief executive left the firm.",
        "President elect of the society, she said.",
        "Mr and Mrs Smith arrived late.",
        "Miss out on this and you will regret it.",
    ],
)
def test_a_title_before_an_ordinary_word_is_a_phrase(engine, text):
    assert fixed(engine, text) == text


def test_a_pronoun_after_a_reporting_verb_counts_the_subject(engine):
    text = "The Crown Prosecution Services said it would not act."
    assert fixed(engine, text) == "The Crown Prosecution Service said it would not act."
    text = "The Federal Reserve Banks said they would act."
    assert fixed(engine, text) == text


def test_the_writer_s_spelling_stays_when_a_plural_goes(engine):
    text = "Talks at the World Trade Organisations resumed. The World Trade Organisation said so."
    assert fixed(engine, text) == "Talks at the World Trade Organisation resumed. The World Trade Organisation said so."
