"""Quotations: where they are, and regex rules that leave them alone or only report there."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from copyedit.config import Settings
from copyedit.formats import build_document
from copyedit.engine import build_engine
from copyedit.fixer import fix_text
from copyedit.model import Applicability
from copyedit.quotes import Quotations, quoted_ranges


def test_quoted_ranges_per_paragraph():
    text = 'He said "yes." Then: “no, never” and more.\n\nShe said "open to the end\n'
    doc = build_document("t.txt", text)
    spans = [doc.view[a:b] for a, b in quoted_ranges(doc.view, doc.segments)]
    assert spans == ['"yes."', "“no, never”", '"open to the end']
    q = Quotations(doc)
    assert doc.view.index("yes") in q and doc.view.index("Then") not in q



def test_quoted_ranges_odd_marks():
    # A closing mark with nothing open opens nothing; an opening mark inside a
    # quotation does not restart it; a straight mark closes a curly one.
    view = 'a ” b “c “d" e “f” g'
    assert [view[a:b] for a, b in quoted_ranges(view, [SimpleNamespace(vstart=0, vend=len(view))])] == ['“c “d"', "“f”"]

@pytest.mark.parametrize("value, expected", [(True, "applied"), ("unsafe", "unsafe"), (False, "absent")])
def test_in_quotes_option(tmp_path, value, expected):
    pack = tmp_path / "p.yaml"
    flag = {True: "true", False: "false", "unsafe": "unsafe"}[value]
    pack.write_text(
        f"""pack: p
rules:
  - id: no-utilise
    kind: regex
    message: "Write use."
    pattern: '\\butilise\\b'
    replacement: use
    in_quotes: {flag}
""",
        encoding="utf-8",
    )
    engine = build_engine(Settings(backends=("none",), rule_files=(str(pack),)))
    text = 'We utilise it. He said: "we utilise it."'
    _, found = engine.check_text("t.txt", text)
    mine = [s for s in found if s.rule == "no-utilise"]
    assert mine[0].applicability is Applicability.SAFE  # outside the quotation
    inside = mine[1:]
    out = fix_text(engine, "t.txt", text, None).text
    if expected == "applied":
        assert [s.applicability for s in inside] == [Applicability.SAFE]
        assert out == 'We use it. He said: "we use it."'
    elif expected == "unsafe":
        assert [s.applicability for s in inside] == [Applicability.UNSAFE]
        assert out == 'We use it. He said: "we utilise it."'
    else:
        assert inside == []
        assert out == 'We use it. He said: "we utilise it."'


def test_in_quotes_must_be_a_known_value(tmp_path):
    from copyedit.packs import PackError, load_pack_file

    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\nrules:\n  - id: r\n    kind: regex\n    message: m\n    pattern: x\n    in_quotes: maybe\n", encoding="utf-8")
    with pytest.raises(PackError, match="rule 'r'.*in_quotes"):
        load_pack_file(str(pack))
