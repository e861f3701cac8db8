"""`consistency` rules: a document keeps the choices it made.

A copy editor does not mind whether a piece says "defence" or "defense"; she
minds when it says both. So these rules never judge a spelling, a quote mark
or a dash on its own: they count what the document does and flag the odd ones
out, toward what the document does most. Three modes:

- `variants` (the default): sets of spellings of one word (defense/defence,
  e-mail/email). Ties are broken by the pack's preference for the dialect.
- `styles`: typographic styles (curly or straight quotes, en or em dashes),
  each a named group of patterns; the minority style is rewritten in the
  majority's, unless there is more of it than `max_minority` allows (then
  the text mixes styles on purpose and nothing is said).
- `capitalisation`: a word written as a name (capitalised mid-sentence) in
  most places and in lower case in one. Never a safe fix: "the Senate" and
  "a senate" are both real.

Every rule is one compiled pattern (a trie of all its spellings), so a rule
with a thousand pairs costs one pass over the text, not a thousand.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import regex

from copyedit.casing import capitalised, in_case_of
from copyedit.checkers import Kind
from copyedit.checkers.options import Options, derived, known_keys


from copyedit.letterruns import LetterRuns, places
from copyedit.lexicon import is_ordinary_word
from copyedit.model import Applicability, Note
from copyedit.ruledata import data_path, load_data_file
from copyedit.rulespec import PackError, RuleSpec
from copyedit.templates import render
from copyedit.userpatterns import PatternError, WindowTimeout, compile_pattern, finditer, stopped_note, windows
from copyedit.variants import VariantSet, normal, parse_group, parse_set, suffixes
from copyedit.quotes import Quotations

MODES = ("variants", "styles", "capitalisation")
#: The longest spelling a variants set may hold.
MAX_SPELLING = 100
# Whole words: Python's \w is Unicode-aware (letters, digits, underscore).
# The stdlib engine compiles and scans a large trie several times faster than
# the `regex` package, and this pattern needs nothing more.
_BEFORE = r"(?<!\w)"
#: The ASCII letters a spelling opens with, and what may follow them (see `first_words`).
_FIRST_WORD = re.compile(r"[a-z]+")
_NOT_LETTER = re.compile(r"\Z|[ -@\[-`{-~]")
_AFTER = r"(?!\w)"
# Characters a spelling may contain that the text may write in several ways.
_TOKENS = {
    # Spaces, at most one line break among them. Written so that a run of
    # spaces is read one way only: "per" and 100,000 spaces took each split of
    # the run in turn, quadratic in its length.
    " ": r"(?:[^\S\n]+(?:\n[^\S\n]*)?|\n[^\S\n]*)",
    "-": "[-\u2010\u2011]",
    "'": "['\u2019]",
}


# --------------------------------------------------------------------- helpers
def trie_pattern(words) -> str:
    """One regular expression matching any of `words`, built as a trie.

    An alternation of literals is tried one by one at every position; a trie
    shares prefixes, so the cost does not grow with the number of words.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [(_TOKENS.get(ch) or re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


#: Callers have found it here; see `copyedit.casing`.
match_case = in_case_of


def _load_data(rule: RuleSpec, name) -> list:
    if not isinstance(name, str) or not name:
        raise rule.error("'data' must be a file name")
    path = data_path(rule, name)
    try:
        data = load_data_file(str(path))
    except PackError as exc:
        raise rule.error(str(exc)) from None
    if isinstance(data, dict):
        data = data.get("sets")
    if not isinstance(data, list):
        raise rule.error(f"data file {name!r} must hold a list of sets (or a mapping with 'sets')")
    return data


@dataclass
class Style:
    name: str
    #: role -> replacement text in this style (None: never written, only read)
    texts: dict[str, str | None]
    unsafe: set[str]


def _parse_styles(raw, rule: RuleSpec) -> tuple[list[Style], "regex.Pattern", dict[str, tuple[int, str]]]:
    if not isinstance(raw, dict) or len(raw) < 2:
        raise rule.error("'styles' must map at least two style names to their marks")
    groups: dict[str, tuple[int, str]]
    styles, alts, groups = [], [], {}
    for si, (name, roles) in enumerate(raw.items()):
        if not isinstance(roles, dict) or not roles:
            raise rule.error(f"style {name!r} must map roles to a mark or {{pattern, text}}")
        st = Style(str(name), {}, set())
        for role, val in roles.items():
            text: str | None
            if isinstance(val, str):
                pattern, text, fix = regex.escape(val), val, None
            elif isinstance(val, dict) and "pattern" in val:
                extra = set(val) - {"pattern", "text", "fix"}
                if extra:
                    raise rule.error(f"style {name!r} role {role!r}: unknown key {sorted(extra)[0]!r}")
                pattern, text, fix = str(val["pattern"]), val.get("text"), val.get("fix")
                if fix not in (None, "safe", "unsafe"):
                    raise rule.error(f"style {name!r} role {role!r}: fix must be safe or unsafe")
            else:
                raise rule.error(f"style {name!r} role {role!r}: give a mark or {{pattern, text}}")
            group = f"g{len(groups)}"
            try:
                compile_pattern(pattern)
            except (regex.error, PatternError) as exc:
                raise rule.error(f"style {name!r} role {role!r}: invalid pattern: {exc}") from None
            alts.append(f"(?P<{group}>{pattern})")
            groups[group] = (si, str(role))
            st.texts[str(role)] = None if text is None else str(text)
            if fix == "unsafe":
                st.unsafe.add(str(role))
        styles.append(st)
    try:
        return styles, compile_pattern("|".join(alts)), groups
    except (regex.error, PatternError) as exc:
        raise rule.error(f"the styles' patterns together: {exc}") from None


@dataclass(frozen=True)
class ConsistencyOptions(Options):
    """What a document must keep consistent (spellings, marks, capitals) and how clear its choice must be.

    `min_ratio`, `min_count` and `max_minority` are None when the rule leaves
    them to its mode, whose checks have their own defaults.
    """

    mode: str = "variants"
    sets: tuple = ()
    data: str | None = None
    inflect: Any = None
    styles: dict | None = None
    min_count: int | None = None
    max_minority: int | None = None
    min_ratio: float | None = None
    ignore: tuple[str, ...] = ()
    in_quotes: bool = False
    #: variants: the sets, and each spelling's (set, variant, form) by its normal form.
    variant_sets: tuple[VariantSet, ...] = derived(default=())
    index: dict = derived()
    #: styles: the styles, one pattern for every mark, and each group's (style, role).
    style_marks: tuple = derived()

    @classmethod
    def parse(cls, raw, rule: RuleSpec) -> "ConsistencyOptions":
        keys = known_keys(cls, raw, rule)
        mode = keys.get("mode", "variants")
        if mode == "capitalization":
            mode = "capitalisation"
        if mode not in MODES:
            raise rule.error(f"unknown mode {mode!r} (known: {', '.join(MODES)})")
        for key in ("min_count", "max_minority"):
            if key in keys and (not isinstance(keys[key], int) or isinstance(keys[key], bool) or keys[key] < 1):
                raise rule.error(f"{key!r} must be a positive integer")
        ratio = keys.get("min_ratio", 1)
        # (nan passed "not below 1", and no count is ever nan times another: the rule was off.)
        if not isinstance(ratio, (int, float)) or isinstance(ratio, bool) or not 1 <= ratio < float("inf"):
            raise rule.error("'min_ratio' must be a number of at least 1")
        if not isinstance(keys.get("in_quotes", False), bool):
            raise rule.error("'in_quotes' must be true or false")
        ignore = keys.get("ignore", [])
        if not isinstance(ignore, list) or not all(isinstance(w, str) for w in ignore):
            raise rule.error("'ignore' must be a list of words")
        derived_values: dict[str, Any] = {}
        if mode == "variants":
            sets, index = _variant_sets(keys, rule)
            derived_values = {"variant_sets": tuple(sets), "index": index}
        elif mode == "styles":
            derived_values = {"style_marks": _parse_styles(keys.get("styles"), rule)}
        return cls(
            mode=mode,
            sets=tuple(keys["sets"]) if isinstance(keys.get("sets"), list) else (),  # read by variants only
            data=keys.get("data"),
            inflect=keys.get("inflect"),
            styles=keys.get("styles"),
            min_count=keys.get("min_count"),
            max_minority=keys.get("max_minority"),
            min_ratio=keys.get("min_ratio"),
            ignore=tuple(ignore),
            in_quotes=keys.get("in_quotes", False),
            **derived_values,
        )

    @cached_property
    def first_words(self) -> frozenset[str] | None:
        """The word of ASCII letters each spelling opens with ("per" of "per cent"); None if one opens otherwise.

        (After that word comes nothing, or a character that is no letter in
        any case: "maſt" would match "mast", whose first word is longer.)
        """
        firsts = set()
        for key in self.index:
            m = _FIRST_WORD.match(key)
            if m is None or not _NOT_LETTER.match(key, m.end()):
                return None
            firsts.add(m.group())
        return frozenset(firsts)

    @cached_property
    def variant_pattern(self) -> "re.Pattern":
        """Every spelling of every set in one pattern: compiled when a checker is built, not when the pack loads (`rules list`)."""
        return re.compile(_BEFORE + "(?:" + trie_pattern(self.index) + ")" + _AFTER, re.IGNORECASE)

    def message_fields(self) -> frozenset[str]:
        return _FIELDS[self.mode]

    def entry_count(self) -> int | None:
        if self.mode == "variants":
            return len(self.variant_sets)
        if self.mode == "styles":
            return len(self.style_marks[0])
        return None


def _variant_sets(keys: dict, rule: RuleSpec) -> tuple[list[VariantSet], dict[str, tuple[int, int, int]]]:
    raw: list = []
    if "sets" in keys:
        if not isinstance(keys["sets"], list):
            raise rule.error("'sets' must be a list")
        raw.extend(keys["sets"])
    if "data" in keys:
        raw.extend(_load_data(rule, keys["data"]))
    if not raw:
        raise rule.error("a variants rule needs 'sets' or 'data'")
    default_inflect = suffixes(keys.get("inflect"), rule.where())
    sets = []
    for item in raw:
        if isinstance(item, dict) and "sets" in item:
            sets.extend(parse_group(item, rule.where(), default_inflect))
        else:
            sets.append(parse_set(item, rule.where(), default_inflect))
    index: dict[str, tuple[int, int, int]] = {}
    for si, vs in enumerate(sets):
        for fi, row in enumerate(vs.forms):
            for vi, form in enumerate(row):
                if len(form) > MAX_SPELLING:
                    # The sets become one nested pattern, a level per character.
                    raise rule.error(f"a spelling of {len(form):,} characters, {form[:20]!r}... (at most {MAX_SPELLING})")
                key = normal(form)
                old = index.get(key)
                if old is not None and old[0] != si:
                    raise rule.error(f"{form!r} belongs to two sets ({sets[old[0]].label()} and {vs.label()})")
                index.setdefault(key, (si, vi, fi))
    return sets, index


# ------------------------------------------------------------ reading context
_OPENERS = "\"'“‘([{«"
_ENDERS = ".!?:…"


class _Context:
    """Where sentences start in a document's prose view."""

    def __init__(self, doc, timeout: float = 1.0):
        self.doc = doc
        self.view = doc.view
        #: The time limit of a pack's pattern, per window (`copyedit.userpatterns`).
        self.timeout = timeout
        self.starts = [s.vstart for s in doc.segments]
        self._quotations = Quotations.of(doc)

    def segment(self, pos: int):
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.doc.segments[i] if i >= 0 else None

    def sentence_start(self, pos: int) -> bool:
        seg = self.segment(pos)
        lo = seg.vstart if seg else 0
        i = pos
        while i > lo and (self.view[i - 1] in _OPENERS or self.view[i - 1].isspace()):
            i -= 1
        if i <= lo:
            return True
        return self.view[i - 1] in _ENDERS or (self.view[i - 1] in "\"”’'" and i - 1 > lo and self.view[i - 2] in _ENDERS)

    def in_quotes(self, pos: int) -> bool:
        return pos in self._quotations

    def in_heading(self, pos: int) -> bool:
        seg = self.segment(pos)
        return seg is not None and seg.kind == "heading"


def _format(template: str, **values) -> str:
    return render(template, values)


#: The fields each mode fills in a rule's message.
_FIELDS = {
    "variants": frozenset({"match", "preferred", "reason"}),
    "styles": frozenset({"match", "preferred", "style", "other", "count"}),
    "capitalisation": frozenset({"match", "preferred", "count"}),
}


# ------------------------------------------------------------------- variants
def _check_variants(doc, spec: RuleSpec, ctx: _Context) -> list:
    o: ConsistencyOptions = spec.options
    sets = o.variant_sets
    index = o.index
    ratio = float(1 if o.min_ratio is None else o.min_ratio)
    skip_quotes = not o.in_quotes
    # (set, variant, form, start, end, at sentence start)
    hits: list[tuple[int, int, int, int, int, bool]] = []
    name_forms: set[str] = set()
    for m in _variant_matches(doc, o):
        start, end = m.span()
        if doc.touches_protected(start, end) or (skip_quotes and ctx.in_quotes(start)):
            continue
        text = m.group()
        key = normal(text)
        si, vi, fi = index[key]
        if text[:1].isupper() and any(c.islower() for c in text):
            # (In capitals throughout, a word is shouted, not named.)
            if not ctx.sentence_start(start):
                # "Defense Secretary", "World Health Organization": a name
                # keeps its own spelling, whatever the document's choice.
                name_forms.add(key)
                continue
            hits.append((si, vi, fi, start, end, True))
        else:
            hits.append((si, vi, fi, start, end, False))
    hits = _without_mentions(doc.view, hits)
    by_set: dict[int, list] = {}
    for h in hits:
        # A form seen as a name mid-sentence is a name at a sentence start too.
        if h[5] and normal(doc.view[h[3] : h[4]]) in name_forms:
            continue
        by_set.setdefault(h[0], []).append(h)
    fix = spec.fix
    if fix is Applicability.SAFE and _mixed_dialects(sets, by_set):
        # The text writes some words the American way and others the British
        # way (an old book, a compilation): its majority on one word says
        # little about what the writer meant, so the change is only offered.
        fix = Applicability.UNSAFE
    out = []
    for si, group in by_set.items():
        vs = sets[si]
        counts = [0] * len(vs.variants)
        for h in group:
            counts[h[1]] += 1
        used = [i for i, c in enumerate(counts) if c]
        if len(used) < 2:
            continue
        top = max(counts)
        leaders = [i for i, c in enumerate(counts) if c == top]
        minority = sum(counts) - top
        if len(leaders) == 1 and top >= ratio * minority:
            winner = leaders[0]
            why = f"this document uses '{vs.variants[winner]}' {top} times"
        else:
            pref = vs.preferred(doc.dialect)
            if pref is None or vs.variants.index(pref) not in leaders:
                continue
            winner = vs.variants.index(pref)
            why = f"the document is split evenly; the house prefers '{pref}'"
        for _si, vi, fi, start, end, _open in group:
            if vi == winner:
                continue
            text = doc.view[start:end]
            fixed = in_case_of(text, vs.forms[fi][winner])
            msg = _format(spec.message, match=text, preferred=fixed or vs.forms[fi][winner], reason=why)
            reps, app = ([fixed], fix) if fixed is not None else ([], Applicability.DISPLAY)
            s = doc.emit(spec, start, end, reps, message=msg, applicability=app)
            if s is not None:
                out.append(s)
    return out


def _variant_matches(doc, o: ConsistencyOptions):
    """Every match of the rule's spellings in the view, as `finditer` over the view gives them.

    When every spelling opens with ASCII letters and every letter of the view
    is in an ASCII letter run, a match can only start where a run is the
    opening word of some spelling ("per" of "per cent", "organise"): those
    places alone are tried, about one word in sixty, not every character.
    (Case-insensitive matching reads "ſ" as "s" and the Kelvin sign as "k":
    with such letters in the text the whole view is searched.)
    """
    firsts = o.first_words
    runs = LetterRuns.of(doc)
    if firsts is None or not runs.whole or not runs.ascii:
        yield from o.variant_pattern.finditer(doc.view)
        return
    openers = {w for w in runs.distinct if w.lower() in firsts}
    resume = 0
    for k in places(runs.texts, openers):
        start = runs.tokens[k][0]
        if start < resume:
            continue  # inside the match found last
        m = o.variant_pattern.match(doc.view, start)
        if m is not None:
            resume = m.end()
            yield m


#: What may stand between two spellings that a sentence names side by side
#: ("honour or honor", "colour/color", "‘centre’ (‘center’)").
_MENTION_GAP = re.compile(r"""[\s"'“”‘’()\[\]*_]*(?:,|;|/|or|and|nor|versus|vs\.?|v\.?|also|not)?[\s"'“”‘’()\[\]*_,]*""", re.IGNORECASE)


#: Words of a sentence that talks about spelling itself ("as the Americans spell it").
_ABOUT_SPELLING = re.compile(
    r"\b(?:spell|spells|spelled|spelt|spelling|spellings|written|writes|variant|variants|American|British|Yankees?|English|US|UK)\b"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\n")


def _without_mentions(view: str, hits: list) -> list:
    """The hits, less spellings named on purpose.

    "Honour or honor is ..." or "the honour, or the honor, as the Yankees
    spell it" talks about the two spellings: two forms of one word side by
    side, or in a sentence that speaks of spelling, are no writer slipping
    from one to the other, and neither counts.
    """
    drop: set[int] = set()
    for a, b in zip(hits, hits[1:]):
        if a[0] != b[0] or a[1] == b[1]:
            continue
        if _MENTION_GAP.fullmatch(view, a[4], b[3]):
            drop.update((a[3], b[3]))
            continue
        if _SENTENCE_END.search(view, a[4], b[3]) is None:
            start = max((m.end() for m in _SENTENCE_END.finditer(view, max(0, a[3] - 400), a[3])), default=max(0, a[3] - 400))
            end_m = _SENTENCE_END.search(view, b[4], b[4] + 400)
            sentence = view[start : end_m.start() if end_m else b[4] + 400]
            if _ABOUT_SPELLING.search(sentence):
                drop.update((a[3], b[3]))
    return [h for h in hits if h[3] not in drop] if drop else hits


def _mixed_dialects(sets: tuple[VariantSet, ...], by_set: dict[int, list]) -> bool:
    """Whether the text leans American on some words and British on others."""
    leans = set()
    for si, group in by_set.items():
        vs = sets[si]
        us, gb = vs.prefer.get("us"), vs.prefer.get("gb")
        if not us or not gb or us == gb:
            continue  # a house variant (email/e-mail): no dialect in it
        ui, gi = vs.variants.index(us), vs.variants.index(gb)
        n_us = sum(1 for h in group if h[1] == ui)
        n_gb = sum(1 for h in group if h[1] == gi)
        if n_us != n_gb:
            leans.add("us" if n_us > n_gb else "gb")
    return len(leans) > 1


# --------------------------------------------------------------------- styles
def _check_styles(doc, spec: RuleSpec, ctx: _Context) -> list:
    o: ConsistencyOptions = spec.options
    styles, pattern, groups = o.style_marks
    ratio = float(2 if o.min_ratio is None else o.min_ratio)
    min_count = int(2 if o.min_count is None else o.min_count)
    max_minority = o.max_minority
    hits: list[tuple[int, str, int, int]] = []
    for m in finditer(pattern, doc.view, windows(doc.view), ctx.timeout):
        start, end = m.span()
        if start == end or doc.touches_protected(start, end):
            continue
        si, role = groups[m.lastgroup]
        hits.append((si, role, start, end))
    counts = [0] * len(styles)
    for h in hits:
        counts[h[0]] += 1
    top = max(counts) if counts else 0
    leaders = [i for i, c in enumerate(counts) if c == top]
    minority = sum(counts) - top
    if not minority or len(leaders) != 1 or top < min_count or top < ratio * minority:
        return []
    if max_minority is not None and minority > int(max_minority):
        # One odd mark is a slip; several are a text assembled from sources
        # with their own styles (a pasted quotation, a generated title), and
        # "correcting" them rewrites what was published on purpose.
        return []
    winner = styles[leaders[0]]
    out = []
    for si, role, start, end in hits:
        if si == leaders[0]:
            continue
        text = winner.texts.get(role)
        reps: tuple[str, ...]
        if text is None:
            reps, fix = (), Applicability.DISPLAY
        else:
            reps = (text,)
            fix = Applicability.UNSAFE if role in winner.unsafe and spec.fix is Applicability.SAFE else spec.fix
        msg = _format(spec.message, match=doc.view[start:end], preferred=text or "", style=winner.name, other=styles[si].name, count=top)
        s = doc.emit(spec, start, end, reps, message=msg, applicability=fix)
        if s is not None:
            out.append(s)
    return out


# ------------------------------------------------------------- capitalisation
_WORD = regex.compile(r"(?<![\p{L}\p{N}_'’.\-])(?:\p{Lu}\p{Ll}+|\p{Ll}+)(?![\p{L}\p{N}_\-])")
# Words whose capitalised form is a name but whose lower-case form is an
# everyday word in any text: function words, months that are verbs, and the
# like. A team adds its own with `ignore`.
STOP_WORDS = frozenset(
    """a an the and but or nor for so yet as at by in of off on per to up via from into onto over
    with than out down near past upon like about above after against along among around before
    behind below beneath beside between beyond during except inside outside since through
    throughout till toward towards under until within without i me my we us our you your he him
    his she her it its they them their this that these those who whom whose which what when where
    why how all any both each every few many more most much no not none one other some such only
    own same too very can could may might must shall should will would is am are was were be been
    being have has had do does did done say says said get gets got make made go goes went gone new
    old first last next also just then there here now still even back well way march august
    may june bill mark rose grace hope will faith joy pat sue rob frank guy don art ray bob jack
    sky amber iris ruby cliff dean drew press state states house government party union church
    court city north south east west northern southern eastern western""".split()
)
_HONORIFICS = frozenset("mr mrs ms miss dr prof sir lord lady dame st president senator governor judge".split())


_CHUNK_BEFORE = regex.compile(r"(\S+)[ \u00a0]$")
_CHUNK_AFTER = regex.compile(r"[ \u00a0](\S+)")


def _inside_longer_name(view: str, start: int, end: int) -> bool:
    """Whether a capitalised word stands beside another capitalised word or number."""
    before = _CHUNK_BEFORE.search(view, max(0, start - 40), start)
    after = _CHUNK_AFTER.match(view, end)
    for m in (before, after):
        if m is not None:
            chunk = m.group(1).strip("\"'“”‘’([")
            if chunk.lower() in STOP_WORDS:
                continue  # "The Senate voted": the article opens the sentence
            if chunk[:1].isupper() or chunk[:1].isdigit():
                return True
    return False


def _capitalised_and_lower(texts: list[str], min_count: int, ignore: frozenset[str]) -> set[str]:
    """The words (in lower case) written capitalised at least `min_count` times and in lower case too.

    Only these can be findings, and most texts have none: counting the
    distinct words first spares the reading of context around every word.
    """
    capitals: Counter[str] = Counter()
    lower: set[str] = set()
    for w, n in Counter(texts).items():
        key = w.lower()
        if w[0].isupper():
            capitals[key] += n
        else:
            lower.add(key)
    return {k for k, n in capitals.items() if n >= min_count and k in lower and k not in ignore and len(k) >= 3}


def _check_capitalisation(doc, spec: RuleSpec, ctx: _Context) -> list:
    o: ConsistencyOptions = spec.options
    min_count = int(3 if o.min_count is None else o.min_count)
    max_minority = int(1 if o.max_minority is None else o.max_minority)
    ignore = STOP_WORDS | {w.lower() for w in o.ignore}
    skip_quotes = not o.in_quotes
    runs = LetterRuns.of(doc)
    if runs.plain and not _capitalised_and_lower(runs.texts, min_count, ignore):
        # Each word of plain letters is a letter run, so the runs count every
        # word below (and more): none written both ways, nothing to find.
        return []
    words = list(_WORD.finditer(doc.view))
    texts = [m.group() for m in words]
    wanted = _capitalised_and_lower(texts, min_count, ignore)
    if not wanted:
        return []
    cap: dict[str, list[int]] = {}
    #: Capitals beside another capital ("Spy Hard", "the Congressional Budget
    #: Office"): they belong to the longer name, and say nothing about "a spy
    #: comedy" or "the budget office" unless the word is a name on its own.
    cap_inside: dict[str, list[int]] = {}
    low: dict[str, list[int]] = {}
    for i, w in enumerate(texts):
        key = w.lower()
        if key not in wanted:
            continue
        m = words[i]
        if doc.touches_protected(m.start(), m.end()):
            continue
        if w[0].isupper():
            if not ctx.sentence_start(m.start()) and not ctx.in_heading(m.start()):
                inside = _inside_longer_name(doc.view, m.start(), m.end())
                (cap_inside if inside else cap).setdefault(key, []).append(i)
        elif not ctx.in_heading(m.start()) and not (skip_quotes and ctx.in_quotes(m.start())):
            low.setdefault(key, []).append(i)

    def neighbour(i: int, step: int) -> str | None:
        j = i + step
        if not 0 <= j < len(words):
            return None
        a, b = sorted((words[i].end() if step > 0 else words[j].end(), words[j].start() if step > 0 else words[i].start()))
        between = doc.view[a:b]
        if between.strip():  # punctuation in between: not a neighbour
            return None
        return words[j].group()

    out = []
    for key, lows in low.items():
        caps = cap.get(key, [])
        if len(lows) > max_minority or len(caps) + len(cap_inside.get(key, ())) < min_count:
            continue
        if key in cap_inside and not is_ordinary_word(key):
            caps = sorted(caps + cap_inside[key])
        if len(caps) < min_count:
            continue
        before = {(neighbour(i, -1) or "").lower() for i in caps} - {""}
        after = {(neighbour(i, 1) or "").lower() for i in caps} - {""}
        for i in lows:
            prev, nxt = neighbour(i, -1), neighbour(i, 1)
            # Evidence that this is the same name: the same neighbour as one
            # of its capitalised uses, or a name or title right before it.
            evidence = (
                (prev or "").lower() in before
                or (nxt or "").lower() in after
                or (prev is not None and prev[0].isupper() and not ctx.sentence_start(words[i - 1].start()))
                or (prev or "").lower().rstrip(".") in _HONORIFICS
            )
            if not evidence:
                continue
            m = words[i]
            w = m.group()
            fixed = capitalised(w)
            if fixed is None:
                continue  # no capital of it is the same word ("ﬁlm" -> "FIlm")
            msg = _format(spec.message, match=w, preferred=fixed, count=len(caps))
            fix = Applicability.DISPLAY if spec.fix is Applicability.DISPLAY else Applicability.UNSAFE
            s = doc.emit(spec, m.start(), m.end(), [fixed], message=msg, applicability=fix)
            if s is not None:
                out.append(s)
    return out


# ---------------------------------------------------------------------- build
_CHECKS = {"variants": _check_variants, "styles": _check_styles, "capitalisation": _check_capitalisation}


class ConsistencyChecker:
    name = "consistency"

    def __init__(self, specs: list[RuleSpec], timeout: float = 1.0):
        for spec in specs:
            if spec.options.mode == "variants":
                spec.options.variant_pattern  # noqa: B018 - compiled now, once, rather than on the first document
        self.specs = specs
        self.timeout = timeout
        #: Rules stopped by the time limit: off for the rest of the run, as `regex` rules are.
        self.stopped: set[str] = set()

    def check(self, doc) -> list:
        ctx = _Context(doc, self.timeout)
        out: list = []
        for spec in self.specs:
            if spec.id in self.stopped:
                out.append(Note("", incomplete=True))
                continue
            try:
                out.extend(_CHECKS[spec.options.mode](doc, spec, ctx))
            except WindowTimeout as exc:  # a pack's style pattern: nothing of what it found counts
                self.stopped.add(spec.id)
                out.append(stopped_note(spec, doc, self.timeout, exc))
        return out


def build(specs: list[RuleSpec], ctx) -> ConsistencyChecker:
    return ConsistencyChecker(specs, ctx.regex_timeout)


KIND = Kind("consistency", ConsistencyOptions, build, category="consistency")
