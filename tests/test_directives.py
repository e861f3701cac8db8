"""Inline directives: switching rules off for a stretch of an article, in Markdown and plain text."""

from __future__ import annotations

import pytest

from copyedit.config import Settings
from copyedit.engine import build_engine
from copyedit.fixer import fix_text

SLIPS = "It rose,then  fell. Sales rose in in May."  # comma-space, double-space, doubled-word


@pytest.fixture(scope="module")
def engine():
    return build_engine(Settings(backends=("none",)))


def rules_on_lines(engine, path: str, text: str) -> dict[int, set[str]]:
    _, found = engine.check_text(path, text)
    out: dict[int, set[str]] = {}
    for s in found:
        out.setdefault(s.line, set()).add(s.rule)
    return out


ALL = {"comma-space", "double-space", "doubled-word"}


def test_without_directives_every_slip_is_found(engine):
    assert rules_on_lines(engine, "a.md", SLIPS + "\n") == {1: ALL}


def test_markdown_range_disables_named_rules_until_enabled(engine):
    text = f"{SLIPS}\n\n<!-- copyedit-disable comma-space -->\n\n{SLIPS}\n\n<!-- copyedit-enable comma-space -->\n\n{SLIPS}\n"
    found = rules_on_lines(engine, "a.md", text)
    assert found[1] == ALL
    assert found[5] == ALL - {"comma-space"}
    assert found[9] == ALL


def test_markdown_next_line_only(engine):
    text = f"<!-- copyedit-disable-next-line doubled-word -->\n{SLIPS}\n\n{SLIPS}\n"
    found = rules_on_lines(engine, "a.md", text)
    assert found[2] == ALL - {"doubled-word"}
    assert found[4] == ALL


def test_a_directive_without_ids_disables_every_rule(engine):
    text = f"<!-- copyedit-disable -->\n\n{SLIPS}\n\n<!-- copyedit-enable -->\n\n{SLIPS}\n"
    found = rules_on_lines(engine, "a.md", text)
    assert 3 not in found
    assert found[7] == ALL


def test_a_pack_id_disables_the_packs_rules(engine):
    text = f"<!-- copyedit-disable-next-line punctuation -->\n{SLIPS}\n"
    assert rules_on_lines(engine, "a.md", text)[2] == {"doubled-word"}


def test_enabling_some_rules_keeps_the_rest_disabled(engine):
    text = (
        f"<!-- copyedit-disable comma-space doubled-word -->\n\n{SLIPS}\n\n"
        f"<!-- copyedit-enable comma-space -->\n\n{SLIPS}\n"
    )
    found = rules_on_lines(engine, "a.md", text)
    assert found[3] == {"double-space"}
    assert found[7] == ALL - {"doubled-word"}


def test_an_unclosed_disable_runs_to_the_end(engine):
    text = f"{SLIPS}\n\n<!-- copyedit-disable double-space -->\n\n{SLIPS}\n\n{SLIPS}\n"
    found = rules_on_lines(engine, "a.md", text)
    assert found[1] == ALL and found[5] == found[7] == ALL - {"double-space"}


@pytest.mark.parametrize("marker", ["", "# ", "// ", "% "])
def test_plain_text_directive_on_a_line_of_its_own(engine, marker):
    text = f"Headline\n\n{marker}copyedit-disable-next-line comma-space\n{SLIPS}\n{SLIPS}\n"
    found = rules_on_lines(engine, "a.txt", text)
    assert found[4] == ALL - {"comma-space"}
    assert found[5] == ALL


def test_plain_text_ranges(engine):
    text = f"Headline\n\ncopyedit-disable doubled-word\n{SLIPS}\ncopyedit-enable doubled-word\n{SLIPS}\n"
    found = rules_on_lines(engine, "a.txt", text)
    assert found[4] == ALL - {"doubled-word"}
    assert found[6] == ALL


def test_a_backend_name_disables_its_findings():
    engine = build_engine(Settings(backends=("harper",)))
    text = "<!-- copyedit-disable-next-line harper -->\nIt was a important day.\n\nIt was a important day.\n"
    _, found = engine.check_text("a.md", text)
    assert [s.line for s in found if s.rule == "harper:AnA"] == [4]


def test_fix_leaves_directives_and_disabled_text_alone(engine):
    text = f"<!-- copyedit-disable-next-line comma-space -->\n{SLIPS}\n"
    fixed = fix_text(engine, "a.md", text).text
    assert fixed.startswith("<!-- copyedit-disable-next-line comma-space -->\nIt rose,then fell. Sales rose in May.")
    assert fix_text(engine, "a.md", fixed).text == fixed
