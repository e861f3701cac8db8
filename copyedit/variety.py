"""Which English a document is written in: its own dialect spellings decide.

Kept apart from `copyedit.dialects` (how two spellings of one word fold
together), which the checkers and Harper use word by word: this module reads
the spelling pack's data, which the checkers themselves load.
"""

from __future__ import annotations

import re

from copyedit.windows import char_before

#: A minority of at least this share of a document's dialect spellings means
#: the document mixes varieties (1 in 4: "colour" beside three "color"s is a
#: slip in an American text; two of each is a mix).
MIXED_SHARE = 0.25


class Variety:
    """What a document's spellings say about its English: us or gb, and whether it mixes."""

    __slots__ = ("dialect", "mixed", "us", "gb")

    def __init__(self, dialect: str, mixed: bool, us: int, gb: int):
        self.dialect, self.mixed, self.us, self.gb = dialect, mixed, us, gb

    def __repr__(self) -> str:
        return f"Variety({self.dialect!r}, mixed={self.mixed}, us={self.us}, gb={self.gb})"


_MATCHER = None


def _matcher():
    """Every US and British form in the spelling pack's data, looked up word by word.

    A US form that Canada shares (-ize) is no evidence against British,
    Canadian or Oxford spelling, so only its British partner (-ise) counts.
    """
    global _MATCHER
    if _MATCHER is None:
        from copyedit.ruledata import builtin_pack_dir, load_data_file
        from copyedit.variants import normal as _normal
        from copyedit.variants import parse_group as _parse_group
        from copyedit.variants import parse_set as _parse_set

        data = load_data_file(str(builtin_pack_dir() / "data" / "spelling-variants.yaml"))
        items = data.get("sets") if isinstance(data, dict) else data
        sets = []
        for item in items or []:
            if isinstance(item, dict) and "sets" in item:
                sets.extend(_parse_group(item, "spelling-variants", []))
            else:
                sets.append(_parse_set(item, "spelling-variants", []))
        index: dict[str, str] = {}
        for vs in sets:
            us, gb = vs.prefer.get("us"), vs.prefer.get("gb")
            if not us or not gb or us == gb:
                continue
            ui, gi = vs.variants.index(us), vs.variants.index(gb)
            shared = vs.prefer.get("ca") == us
            for row in vs.forms:
                if not shared:
                    index.setdefault(_normal(row[ui]), "us")
                index.setdefault(_normal(row[gi]), "gb")
        _MATCHER = (_WORD, index, _normal)
    return _MATCHER


#: A word, hyphenated compounds whole ("pre-emptive"): a dictionary lookup
#: per word costs less than compiling a pattern of two thousand forms.
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011'’][^\W\d_]+)*")


_SENTENCE_OPENERS = ".!?:\n\"“‘'("


def detect(doc) -> Variety:
    """The document's own variety, from the dialect spellings in its prose.

    Names keep their spelling ("World Health Organization" in a British
    article, "Labour" in an American one), so a capitalised word counts only
    where a sentence starts. No evidence means us.
    """
    pattern, index, normal = _matcher()
    view = doc.view
    counts = {"us": 0, "gb": 0}
    for m in pattern.finditer(view):
        word = m.group()
        side = index.get(normal(word))
        if side is None:
            continue
        if word[:1].isupper():
            before = char_before(view, m.start())
            if before and before not in _SENTENCE_OPENERS:
                continue
        if doc.touches_protected(m.start(), m.end()):
            continue
        counts[side] += 1
    us, gb = counts["us"], counts["gb"]
    total = us + gb
    if not total:
        return Variety("us", False, 0, 0)
    dialect = "gb" if gb > us else "us"
    return Variety(dialect, min(us, gb) / total >= MIXED_SHARE, us, gb)
