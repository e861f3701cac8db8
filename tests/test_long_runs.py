"""Every shipped regex rule finishes on a long run of one character or short unit, far inside its time limit.

A pattern whose look-ahead reads a whole run of spaces at every space of it
took 0.4 s on 8,000 spaces, and stopped at its time limit (the check then
incomplete, exit 2) on a line of 40,000: a PDF turned into text has such
lines. With a time limit a quarter of the default, a quadratic scan of
20,000 characters still fails here, whatever the machine; a linear one
takes milliseconds.
"""

from __future__ import annotations

import pytest

from copyedit.config import Settings
from copyedit.engine import build_engine

#: One character, or a short unit repeated with no space ("1,000,1,000,...", a list with no spaces).
RUNS = [" ", "\t", "\u00a0", ".", ",", "-", "!", "'", '"', "\u201d", "a", "A", "1", "(", "_", "*", "a,", "1,000,", "a.", "x=a,"]


@pytest.fixture(scope="module")
def engine():
    return build_engine(Settings(backends=("none",), regex_timeout=0.25))


@pytest.mark.parametrize("run", RUNS, ids=["+".join(f"U+{ord(c):04X}" for c in r) for r in RUNS])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_long_run_of_one_character_is_checked_in_full(engine, run, fmt):
    for checker in engine.checkers:
        getattr(checker, "stopped", set()).clear()  # a rule stopped by an earlier case stays off for the engine's life
    text = "Head line\n\nIt ended" + run * (20_000 // len(run)) + ". Then it went on.\n"
    doc, _ = engine.check_text("t.md" if fmt == "markdown" else "t.txt", text, fmt)
    assert not doc.incomplete, doc.notes
