"""`proper_nouns` rules: names that are always capitalised, found in one pass.

Two modes:

- `gazetteer` (the default): every country, capital, large city, state,
  region, demonym, month, weekday and major organisation from the rule's data
  files. The text is cut into letter runs once and each run is looked up in a
  dictionary, so the cost does not grow with the gazetteer. A lower-case
  occurrence is fixed in place, possessives and hyphenated forms included
  ("russia’s" -> "Russia’s", "pro-russian" -> "pro-Russian"). A word that is
  also an ordinary lower-case word ("turkey", "polish", "may": the gazetteer's
  ambiguous list, or `lexicon.is_ordinary_word`) is fixed only in a context
  that a name alone has: for a month, a day or a year next to it; a list of
  names of the same kind ("danish and German"); the bare subject of a verb
  that people and bodies do ("and turkey later withdrew"). The same word
  capitalised elsewhere is no evidence: *Time* magazine says nothing about
  "by that time", nor Turkey about the roast turkey.
- `evidence`: names the gazetteer cannot know (people, firms, places), fixed
  when the document itself settles them: "Mr kennedy" when "Kennedy" appears
  elsewhere, "Gordon brown" when "Gordon Brown" does. For an ordinary word
  ("brown", "agent", "cousin") only a title before it or the same name, edge
  to edge, written capitalised elsewhere will do; the name not where the text
  also capitalises the word as a defined term ("these Terms", "your
  Account"), which it then writes in lower case in its everyday sense
  ("GitHub terms" beside "GitHub Terms of Service"). Particles inside a name
  ("Theo van Gogh") keep their case whatever "Van Morrison" does.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import itemgetter

import regex

from copyedit.casing import capitalised
from copyedit.checkers import Kind
from copyedit.checkers.options import Options, derived, known_keys
from copyedit.checkers.textfacts import text_facts
from copyedit.letterruns import LETTER_RUN, LetterRuns, places
from copyedit.lexicon import is_ordinary_word
from copyedit.ruledata import builtin_pack_dir, data_path, load_data_file
from copyedit.rulespec import PackError, RuleSpec
from copyedit.templates import render

MODES = ("gazetteer", "evidence")

_TOKEN = LETTER_RUN  # the words of `copyedit.letterruns`, which the checker reads
#: Characters that make a word part of an address, a path or a tag, not prose.
_NOT_PROSE_BEFORE = set("@/\\_#.:=<>&~`")
_NOT_PROSE_AFTER = set("@/\\_=<>&`")
_SENTENCE_PUNCT = set(".!?:;\"“”‘'(«[—–-")
_MONTHS = frozenset("january february march april may june july august september october november december".split())
DEFAULT_TITLES = (
    "Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Prof Professor President Senator Sen Rep Governor Gov "
    "Judge Justice General Gen Colonel Col Captain Capt Major Chancellor Minister Pope King Queen Prince Princess "
    "Sheikh Rabbi Imam Reverend Rev Father Sister Saint St Mayor Secretary Inspector Detective Sergeant Sgt Chief"
).split()
#: Titles that stand before a person's name and nothing else.
PERSONAL_HONORIFICS = frozenset("Mr Mrs Ms Mx Dr".split())
#: Words that open a noun phrase before a common noun, never before a person's name
#: (not "that", which also opens a clause: "said that Brown would").
_DETERMINERS = frozenset("the a an this these those your our their its any all each every some such no other another".split())
#: Words that follow a title without being a name ("Mr and Mrs", "the Prince of").
_NOT_NAMES = frozenset(
    "a an the and or of to in on at by for with from as is was are were be been has had have who which that "
    "this these those said says will would could should may might can did does do not no if when where while "
    "because although though but so than then there here what why how all any each every some such its their "
    "his her our your my new current first last next other".split()
)

#: Particles of personal names that stay lower case inside the name ("Theo van
#: Gogh", "Charles de Gaulle", "Osama bin Laden", "Rodrigo y Gabriela"): a
#: capitalised "Van" elsewhere ("Van Morrison") says nothing about them.
NAME_PARTICLES = frozenset(
    """van von de da der den del della delle dei di du des la le lo las los bin ibn bint ben abu al el
    ter ten dos das y zu af av""".split()
)
#: Verbs whose subject is a person or a body, never a bare common noun:
#: "google released", "turkey later withdrew" can only be the names. (Not
#: "tell": "time will tell".)
AGENT_VERBS = frozenset(
    """said says say announced announces announce unveiled unveils unveil released releases launched launches
    confirmed confirms denied denies reported reports signed signs agreed agrees rejected rejects accused accuses
    warned warns insisted insists claimed claims sued sues hired hires acquired acquires bought buys withdrew
    withdraws invaded invades declared declares demanded demands urged urges threatened threatens refused refuses
    voted votes criticised criticises criticized criticizes welcomed welcomes argued argues pledged pledges
    vowed vows responded responds""".split()
)
#: What may stand between such a subject and its verb ("turkey later withdrew").
_BETWEEN_SUBJECT_AND_VERB = frozenset(
    "later also then now still again already soon once yesterday today has had have will would could should may might must did does".split()
)
#: Words after which a name may stand bare, opening a clause or a phrase.
_CLAUSE_OPENERS = frozenset(
    "and but or nor while as because that when whereas although though since after before if so then yet".split()
)
#: Adverbs that may open a sentence before a bare subject ("Later turkey withdrew").
_OPENING_ADVERBS = frozenset(
    "later then now yesterday today tomorrow meanwhile however instead also still eventually finally earlier again".split()
)
#: Lists of the gazetteer whose names are adjectives: no article tells them from common words.
_ADJECTIVE_KINDS = frozenset({"demonyms", "plural_demonyms", "religions"})


def _split_names(name: str) -> tuple[str, ...]:
    return tuple(m.group() for m in _TOKEN.finditer(name))


@lru_cache(maxsize=16)
def _load(path: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """Names and ambiguous words from one data file (cached for the process)."""
    names, ambiguous, _ = _load_kinds(path)
    return names, ambiguous


@lru_cache(maxsize=16)
def _load_kinds(path: str) -> tuple[tuple[str, ...], frozenset[str], dict[str, str]]:
    """Names, ambiguous words, and the list each name comes from ("countries", "demonyms")."""
    data = load_data_file(path)
    if isinstance(data, list):
        return tuple(str(n) for n in data), frozenset(), {}
    if not isinstance(data, dict):
        raise PackError(f"{path}: proper-noun data must be a list of names or a mapping of lists")
    names: list[str] = []
    kinds: dict[str, str] = {}
    ambiguous: frozenset[str] = frozenset()
    for key, value in data.items():
        if key == "ambiguous":
            ambiguous = frozenset(str(w).lower() for w in value or ())
        elif isinstance(value, list):
            names.extend(str(n) for n in value)
            for n in value:
                kinds.setdefault(str(n), str(key))
    return tuple(names), ambiguous, kinds


@dataclass(frozen=True)
class ProperNounOptions(Options):
    """A gazetteer of names (its data files and names), or the titles that name the word after them."""

    mode: str = "gazetteer"
    data: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    titles: tuple[str, ...] | None = None
    #: The data files, found beside the rule's file or shipped.
    data_files: tuple[str, ...] = derived(default=())

    @classmethod
    def parse(cls, raw, rule: RuleSpec) -> "ProperNounOptions":
        keys = known_keys(cls, raw, rule)
        mode = keys.get("mode", "gazetteer")
        if mode not in MODES:
            raise rule.error(f"mode must be one of {', '.join(MODES)}")
        data = keys.get("data")
        if data is not None and not isinstance(data, (str, list)):
            raise rule.error("'data' must be a file name or a list of them")
        for key in ("names", "ambiguous", "titles"):
            v = keys.get(key)
            if v is not None and not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
                raise rule.error(f"{key!r} must be a list of strings")
        if mode == "gazetteer" and not (data or keys.get("names")):
            raise rule.error("a gazetteer rule needs 'data' or 'names'")
        data = [data] if isinstance(data, str) else data or []
        files = tuple(str(data_path(rule, d)) for d in data)
        for f in files:
            _load(f)  # a missing or broken file is the pack's error, now
        titles = keys.get("titles")
        return cls(
            mode=mode,
            data=tuple(data),
            names=tuple(keys.get("names") or ()),
            ambiguous=tuple(keys.get("ambiguous") or ()),
            titles=tuple(titles) if titles else None,
            data_files=files,
        )

    def message_fields(self) -> frozenset[str]:
        return frozenset({"name"})

    def entry_count(self) -> int:
        if self.mode == "evidence":
            return len(self.titles or DEFAULT_TITLES)
        return sum(len(_load(f)[0]) for f in self.data_files) + len(self.names)


class Gazetteer:
    """Lower-case first word -> the names starting with it, longest first."""

    def __init__(self) -> None:
        self.index: dict[str, list[tuple[str, ...]]] = {}
        self.ambiguous: set[str] = set()
        self.rule_of: dict[tuple[str, ...], RuleSpec] = {}
        #: The data list a name comes from ("countries", "demonyms").
        self.kind_of: dict[tuple[str, ...], str] = {}

    def add(self, name: str, spec: RuleSpec, kind: str = "") -> None:
        words = _split_names(name)
        if not words or not any(w[0].isupper() for w in words):
            return
        bucket = self.index.setdefault(words[0].lower(), [])
        if words not in bucket:
            bucket.append(words)
            bucket.sort(key=len, reverse=True)
        self.rule_of.setdefault(words, spec)
        if kind:
            self.kind_of.setdefault(words, kind)

    def kind(self, word: str) -> str | None:
        """The list a capitalised single word comes from, if it is a name of the gazetteer."""
        for n in self.index.get(word.lower(), ()):
            if len(n) == 1 and n[0] == word:
                return self.kind_of.get(n, "")
        return None

    def proper(self, word: str) -> bool:
        """A word that is a name on its own and never an ordinary word."""
        w = word.lower()
        return w not in self.ambiguous and any(len(n) == 1 and n[0][0].isupper() for n in self.index.get(w, ()))


@lru_cache(maxsize=1)
def shipped_gazetteer() -> Gazetteer:
    g = Gazetteer()
    dummy = RuleSpec(id="proper-noun-case", kind="proper_nouns", pack="proper-nouns", message="")
    for name in ("data/gazetteer.yaml", "data/proper-nouns.yaml"):
        path = builtin_pack_dir() / name
        if path.exists():
            names, amb, kinds = _load_kinds(str(path))
            g.ambiguous.update(amb)
            for n in names:
                g.add(n, dummy, kinds.get(n, ""))
    return g


def is_proper_word(word: str) -> bool:
    return shipped_gazetteer().proper(word)


class Words:
    """The document's words, with what the evidence rules need to know of each."""

    def __init__(self, doc) -> None:
        view = doc.view
        runs = LetterRuns.of(doc)
        #: The document's words (shared with other checkers: never changed here).
        self.tokens: list[tuple[int, int, str]] = runs.tokens
        #: Every token's text, in order (`tokens[i][2]`), for counting and set lookups.
        self.texts: list[str] = runs.texts
        self.segment_of: list[int] = runs.segment_of
        #: Capitalised words seen mid-sentence, with how often.
        self.mid_capitals: Counter[str] = Counter()
        self.capital_pairs: set[tuple[str, str]] = set()
        #: Pairs whose first word is capitalised mid-sentence too ("said Gordon Brown"):
        #: a sentence may open with "Former Labour", which proves nothing.
        self.mid_pairs: Counter[tuple[str, str]] = Counter()
        #: Capitalised mid-sentence words -> the words just before them, so that
        #: "Radio" only ever seen in "BBC Radio" is not taken for a name alone.
        self.capital_after: defaultdict[str, set[str]] = defaultdict(set)
        #: How often each word is written in segments that give evidence (see
        #: `lower_count`): a word the document itself uses as an ordinary word
        #: ("the object") is no slipped name.
        self.evidence_counts: Counter[str] = Counter()
        #: The last two words of every run of capitalised words ("said Gordon
        #: Brown." gives ("Gordon", "Brown")), and the first two of every run
        #: that starts mid-sentence: a name's own edges, so that "Web
        #: Accessibility Initiative" is no evidence for "Web accessibility".
        self.run_ends: set[tuple[str, str]] = set()
        self.run_starts: set[tuple[str, str]] = set()
        mid_at: list[int] = []
        protected = bool(doc.protected)
        for si, seg in enumerate(doc.segments):
            # A heading, or a line in title case, capitalises words because it
            # is a title: nothing there shows that a word is a name.
            if seg.kind == "heading" or _title_like(view, seg.vstart, seg.vend):
                continue
            base, stop = runs.bounds[si]
            toks = self.tokens[base:stop]
            texts = self.texts[base:stop]
            self.evidence_counts.update(texts)
            # Only capitalised words can be evidence: the loop visits them
            # alone, not every word of the text.
            run: list[tuple[int, int, str]] = []
            last = -2  # the index in `toks` of the capital seen last, and whether it was mid-sentence
            last_mid = False
            for k in compress(range(len(texts)), map(str.isupper, map(itemgetter(0), texts))):
                tok = toks[k]
                if protected and doc.touches_protected(tok[0], tok[1]):
                    continue  # code or an address ("the `Deref` trait"): its capitals are its own, no evidence for prose
                word = tok[2]
                after_capital = last == k - 1 and _adjacent(view, toks[last], tok)
                if run and after_capital:
                    run.append(tok)
                else:
                    if len(run) > 1:
                        self._close_run(view, seg.vstart, run)
                    run = [tok]
                mid = mid_sentence(view, tok[0], seg.vstart)
                if not word.isupper():
                    if mid:
                        self.mid_capitals[word] += 1
                        self.capital_after[word].add(texts[k - 1] if k else "")
                        mid_at.append(base + k)
                    if after_capital:
                        self.capital_pairs.add((texts[k - 1], word))
                        if last_mid:
                            self.mid_pairs[(texts[k - 1], word)] += 1
                last, last_mid = k, mid
            self._close_run(view, seg.vstart, run)
        #: The words the text uses, each once (a list: the checks over it run in C).
        self.distinct: list[str] = runs.distinct
        #: Capitalised mid-sentence words that stand alone, not inside a longer
        #: name: "Internet" in "Internet Explorer" says nothing about "the internet".
        self.standalone_capitals: Counter[str] = Counter()
        #: Capitalised words written alone after a determiner ("these Terms",
        #: "your Account"): a common noun the text capitalises, a defined term.
        self.determined: set[str] = set()
        toks = self.tokens
        for i in mid_at:
            word = toks[i][2]
            same_before = i > 0 and self.segment_of[i - 1] == self.segment_of[i] and _adjacent(view, toks[i - 1], toks[i])
            before = same_before and toks[i - 1][2][0].isupper()
            after = i + 1 < len(toks) and self.segment_of[i + 1] == self.segment_of[i] and toks[i + 1][2][0].isupper() and _adjacent(view, toks[i], toks[i + 1])
            if not before and not after:
                self.standalone_capitals[word] += 1
                if same_before and toks[i - 1][2] in _DETERMINERS:
                    self.determined.add(word)

    def _close_run(self, view: str, seg_start: int, run: list) -> None:
        if len(run) < 2:
            return
        self.run_ends.add((run[-2][2], run[-1][2]))
        if mid_sentence(view, run[0][0], seg_start):
            self.run_starts.add((run[0][2], run[1][2]))

    def name_more_often(self, cap: str, at_least: int = 1) -> bool:
        """Whether the document writes this word as a name about as often as in lower case.

        Twice as many lower-case uses as names ("the object" against "Object")
        make it an ordinary word of this text.
        """
        named = self.mid_capitals[cap]
        return self.standalone_capitals[cap] >= at_least and 2 * named >= self.lower_count(cap.lower())

    def lower_count(self, word: str) -> int:
        """How often the word is written in lower case where a text gives evidence."""
        return self.evidence_counts[word] if word.islower() else 0

    def __len__(self) -> int:
        return len(self.tokens)


_TAIL = itemgetter(slice(1, None))


def _title_like(view: str, start: int, end: int) -> bool:
    """A short line in title case with no sentence end: a title, not prose."""
    text = view[start:end].strip()
    if not text or text[-1] in ".!?;:,\"”’)":
        return False
    words = [m.group() for m in _TOKEN.finditer(text)]
    major = [w for w in words if len(w) >= 4]
    return 2 <= len(words) <= 15 and bool(major) and all(w[0].isupper() for w in major)


def sentence_start(view: str, pos: int, seg_start: int) -> bool:
    """Whether the word at pos opens a sentence (so its capital proves nothing)."""
    i = pos - 1
    while i >= seg_start and view[i].isspace():
        i -= 1
    return i < seg_start or view[i] in _SENTENCE_PUNCT


def mid_sentence(view: str, pos: int, seg_start: int) -> bool:
    """Whether a capital at pos is surely inside a sentence, so that it marks a name.

    Only after a word or a comma on the same line ("said Brown", "Mr Brown",
    "Blair, Brown"). After a bracket, a colon, code or a line break the
    capital may open a sentence or a label ("{Promise} The promise"), which
    proves nothing.
    """
    i = pos - 1
    while i >= seg_start and view[i] in " \t\u00a0":
        i -= 1
    return i >= seg_start and (view[i].isalnum() or view[i] == ",")


def _adjacent(view: str, a, b) -> bool:
    gap = view[a[1] : b[0]]
    return gap in (" ", "\u00a0")




def _chunk(view: str, start: int, end: int) -> str:
    """The whitespace-delimited chunk around a word ("linux-x64", "pro-russian")."""
    a = start
    while a > 0 and not view[a - 1].isspace() and start - a < 80:
        a -= 1
    b = end
    while b < len(view) and not view[b].isspace() and b - end < 80:
        b += 1
    return view[a:b]


def _prose_word(view: str, start: int, end: int) -> bool:
    before = view[start - 1] if start else " "
    after = view[end] if end < len(view) else " "
    if before in _NOT_PROSE_BEFORE and not (before == "." and start >= 2 and view[start - 2].isspace()):
        return False
    if after in _NOT_PROSE_AFTER:
        return False
    if after == "." and end + 1 < len(view) and view[end + 1].isalnum():
        return False  # london.gov.uk, report.txt
    if before.isdigit() or after.isdigit():
        return False
    if after == "-" or before == "-":
        chunk = _chunk(view, start, end)
        if any(c.isdigit() for c in chunk) or chunk.count("-") > 2:
            return False  # an identifier such as linux-x64, not a hyphenated word
    return True


_DAY_BEFORE = regex.compile(
    r"(?:\b(?:on|from|until|till|by|since|before|after|to|of|and|or|between|\p{Lu}\p{Ll}+day)|[-–,(])\s+"
    r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+$",
    regex.IGNORECASE,
)
_DATE_AFTER = regex.compile(r"\s+(?:(?:1[5-9]|20)\d\d\b|(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?![\d.,]\d))")


_TIME_PREP_BEFORE = regex.compile(r"\b(?:in|since|until|till|during|early|late|mid|from|through)[\s-]+$", regex.IGNORECASE)
_CLAUSE_END_AFTER = regex.compile(r"\s*(?:[.,;:!?)]|$)")


def _month_context(view: str, start: int, end: int) -> bool:
    """A date around the word: "21 august", "in may 2005", "march 3", "in march."."""
    if _DAY_BEFORE.search(view, max(0, start - 24), start) is not None or _DATE_AFTER.match(view, end) is not None:
        return True
    # "inspected in march." -- a time preposition before, the clause ending after.
    return _TIME_PREP_BEFORE.search(view, max(0, start - 12), start) is not None and _CLAUSE_END_AFTER.match(view, end) is not None


class ProperNounChecker:
    name = "proper_nouns"

    def __init__(self, specs: list[RuleSpec], extra: tuple[str, ...] = ()):
        self.gazetteer = Gazetteer()
        self.evidence_specs = [s for s in specs if s.options.mode == "evidence"]
        gaz_specs = [s for s in specs if s.options.mode == "gazetteer"]
        for spec in gaz_specs:
            for f in spec.options.data_files:
                names, amb, kinds = _load_kinds(f)
                self.gazetteer.ambiguous.update(amb)
                for n in names:
                    self.gazetteer.add(n, spec, kinds.get(n, ""))
            self.gazetteer.ambiguous.update(w.lower() for w in spec.options.ambiguous)
            for n in spec.options.names:
                self.gazetteer.add(n, spec)
        if gaz_specs:
            for n in extra:
                self.gazetteer.add(n, gaz_specs[0])
        self.titles = {}
        for spec in self.evidence_specs:
            for t in spec.options.titles or DEFAULT_TITLES:
                self.titles[t] = spec
        self.lexicon = {w.lower() for names in self.gazetteer.index.values() for n in names for w in n}
        self.names_by_opener = _names_by_opener(self.gazetteer)

    # ------------------------------------------------------------ gazetteer
    def check(self, doc) -> list:
        words = Words(doc)
        out = []
        if self.gazetteer.index:
            out.extend(self._gazetteer(doc, words))
        if self.evidence_specs:
            out.extend(self._evidence(doc, words))
        return out

    def _gazetteer(self, doc, words: Words) -> list:
        view = doc.view
        toks = words.tokens
        out = []
        # Only words that open some name are looked at: the distinct words of
        # the text are looked up once, then their places visited in order.
        texts = words.texts
        index = self.names_by_opener
        openers = set(compress(words.distinct, map(index.__contains__, map(str.lower, words.distinct))))
        i = 0
        for at in places(texts, openers):
            if at < i:
                continue  # inside the name found last
            i = at
            names = index[texts[i].lower()]
            hit = None
            # ("the" opens "The Hague": the word after it settles whether a longer name can start here.)
            if i + 1 < len(texts) and texts[i + 1].lower() in names.seconds:
                for n in names.lengths:  # the longest name first
                    window = toks[i : i + n]
                    if len(window) < n or words.segment_of[i + n - 1] != words.segment_of[i]:
                        continue
                    name = names.by_words.get(tuple(map(str.lower, texts[i : i + n])))
                    if name is None or not all(_name_gap(view, window[k], window[k + 1]) for k in range(n - 1)):
                        continue
                    hit = (name, window)
                    break
            if hit is None and names.single is not None:
                hit = (names.single, toks[i : i + 1])
            if hit is None:
                continue
            name, window = hit
            i += len(name)
            if tuple(texts[at:i]) == name:
                continue  # written as the name is: most names are
            s = self._judge(doc, words, at, name, window)
            if s is not None:
                out.append(s)
        return out

    def _ordinary(self, word: str) -> bool:
        """Whether the lower-case word is also an ordinary English word ("turkey", "somerset")."""
        low = word.lower()
        return low in self.gazetteer.ambiguous or is_ordinary_word(low)

    def _judge(self, doc, words: Words, i: int, name: tuple[str, ...], window):
        view = doc.view
        wrong = [k for k, (w, c) in enumerate(zip(window, name)) if w[2] != c and w[2].islower() and c[0].isupper()]
        if not wrong:
            return None
        if not all(_prose_word(view, w[0], w[1]) for w in window) or _link_handle(doc, window[0][0], window[-1][1]):
            return None
        if len(name) == 1 and _particle_of_a_name(view, words, i):
            return None  # "Theo van Gogh": not Van, the Turkish city
        core = [k for k in wrong if not self._ordinary(name[k])]
        if len(name) > 1 and not core and text_facts(doc).contains(" ".join(name)):
            core = wrong  # the whole name is written correctly elsewhere
        if not core:
            # Every wrong word is also an ordinary word: only a context that a
            # name alone has will do, never the word capitalised elsewhere.
            if len(name) == 1 and not self._single_evidence(doc, words, i, name[0]):
                return None
            if len(name) > 1:
                return None
        spec = self.gazetteer.rule_of[name]
        vstart, vend = window[0][0], window[-1][1]
        pieces = []
        pos = vstart
        for (s, e, _), c in zip(window, name):
            pieces.append(view[pos:s])
            pieces.append(c)
            pos = e
        replacement = "".join(pieces)
        canonical = " ".join(name)
        return _suggest(doc, spec, vstart, vend, replacement, canonical)

    def _single_evidence(self, doc, words: Words, i: int, canonical: str) -> bool:
        """Whether this lower-case use of an ordinary word can only be the name.

        "Turkey" elsewhere says nothing about "roast turkey", nor "Polish"
        about "polish the silver", nor *Time* about "by that time". What
        does: a date beside a month ("21 august"); a list of names of the
        same kind ("the danish and German governments", "Greece, turkey and
        Cyprus"); or, where the document names it capitalised too, a place
        only a name can fill: the bare subject of a verb that bodies and
        people do ("and turkey later withdrew", "google released"), or the
        agent after "by" ("offered by google,").
        """
        start, end, _ = words.tokens[i]
        if canonical.lower() in _MONTHS:
            # "May" elsewhere says nothing about "may be": only a date does.
            return _month_context(doc.view, start, end)
        kind = self.gazetteer.kind_of.get((canonical,), "")
        adjective = kind in _ADJECTIVE_KINDS
        if kind and (adjective or _bare(doc.view, words, i)) and self._listed_with(doc.view, words, i, kind):
            return True
        if not words.name_more_often(canonical):
            return False
        return (_bare(doc.view, words, i) and _subject_of_agent_verb(doc.view, words, i)) or _agent_after_by(doc.view, words, i)

    def _listed_with(self, view: str, words: Words, i: int, kind: str) -> bool:
        """A name of the same list beside it in a coordination ("danish and German")."""
        for j in _coordinated(view, words, i):
            w = words.tokens[j][2]
            if w[0].isupper() and not w.isupper() and self.gazetteer.kind(w) == kind:
                return True
        return False

    # ------------------------------------------------------------- evidence
    def _named_by_title(self, view: str, words: Words, i: int) -> bool:
        """A title before a lower-case word makes it a name, even with no capital elsewhere.

        After "Mr", "Mrs", "Ms", "Mx" or "Dr" only a name can come ("Mr.
        smith", "Dr jones"), whatever else the word means. After a title that
        is also an ordinary noun ("President", "General", "Chief") the word
        must be no ordinary word ("President obama"), since "General
        election" and "Chief executive" are phrases.
        """
        title = _title_before(view, words, i)
        if title is None or title not in self.titles:
            return False
        word = words.tokens[i][2]
        return title in PERSONAL_HONORIFICS or not self._ordinary(word)

    def _defined_term(self, words: Words, cap: str) -> bool:
        """Whether the text capitalises this ordinary word as a common noun of its own.

        Contracts capitalise the terms they define ("these Terms", "your
        Account") and write the same word in lower case in its everyday
        sense ("any GitHub terms or policies"), so "GitHub Terms of Service"
        is no evidence for "GitHub terms". A person's name takes no
        determiner, and one written after "Mr" is a name whatever else the
        text does with the word.
        """
        return cap in words.determined and not any(p in PERSONAL_HONORIFICS for p in words.capital_after.get(cap, ()))

    def _evidence_candidates(self, words: Words) -> list[int]:
        """The places of words that may be names by evidence, in order: most of a text's words are not.

        A word in lower case whose capitalised form the document writes
        mid-sentence, or any word after a title. Worked out over the distinct
        words, so that only their places are visited.
        """
        capitals = words.mid_capitals
        tails = {c[1:] for c in capitals}  # a capital changes the first letter alone
        named = {w for w in compress(words.distinct, map(tails.__contains__, map(_TAIL, words.distinct))) if w.islower() and capitalised(w) in capitals}
        titles = self.titles.keys() & words.distinct
        at = set()
        for k in places(words.texts, named | titles):
            if words.texts[k] in named:
                at.add(k)
            if words.texts[k] in titles and k + 1 < len(words.texts):
                at.add(k + 1)
        return sorted(at)

    def _evidence(self, doc, words: Words) -> list:
        view = doc.view
        toks = words.tokens
        out = []
        for i in self._evidence_candidates(words):
            start, end, word = toks[i]
            if not word.islower() or word in _NOT_NAMES or len(word) < 2:
                continue
            cap = capitalised(word)
            if cap is None:
                continue  # no capital of it is the same word ("ﬁnland" -> "FInland")
            if cap not in words.mid_capitals and not self._named_by_title(view, words, i):
                continue  # the cheap test first: most words are never capitalised
            if not _prose_word(view, start, end) or _link_handle(doc, start, end):
                continue
            if _particle_of_a_name(view, words, i):
                continue  # "Robin van Persie" beside "Van Persie": the particle keeps its case
            spec = None
            prev = toks[i - 1] if i and words.segment_of[i - 1] == words.segment_of[i] else None
            nxt = toks[i + 1] if i + 1 < len(toks) and words.segment_of[i + 1] == words.segment_of[i] else None
            after_capital = prev is not None and prev[2][0].isupper() and _adjacent(view, prev, (start, end))
            before_capital = nxt is not None and nxt[2][0].isupper() and _adjacent(view, (start, end), nxt)
            if prev is not None and prev[2].rstrip(".") in self.titles and _title_gap(view, prev, (start, end, word)):
                spec = self.titles[prev[2].rstrip(".")]
            elif not words.name_more_often(cap, at_least=0):
                continue  # used as an ordinary word more than as a name: "a JavaScript object"
            elif (
                after_capital
                and prev is not None  # implied by after_capital; said for the type checker
                and (prev[2], cap) in words.capital_pairs
                and (cap in words.standalone_capitals or any(p in self.titles for p in words.capital_after.get(cap, ())))
                # "brown", "agent": a word English also writes in lower case
                # needs the same name, edge to edge ("said Gordon Brown." for
                # "Gordon brown made"); "Web Accessibility Initiative" is
                # another name than "Web accessibility".
                and (
                    not self._ordinary(word)
                    or (
                        not before_capital
                        and (prev[2], cap) in words.run_ends
                        and not self._defined_term(words, cap)
                        # "Add anaconda" beside "Add Anaconda3": a capital that
                        # opens a sentence or an item is no first name.
                        and (words.mid_pairs[(prev[2], cap)] >= 1 or mid_sentence(view, prev[0], doc.segments[words.segment_of[i]].vstart))
                    )
                )
            ):
                # "Gordon kennedy" beside "Gordon Kennedy" and "Mr Kennedy": a person.
                # "BBC radio" beside only "BBC Radio 4", or "European championships"
                # beside "World Championships", is a different phrase.
                spec = self.evidence_specs[0]
            elif (
                before_capital
                and nxt is not None  # implied by before_capital; said for the type checker
                and (words.mid_pairs[(cap, nxt[2])] >= 2 or cap in words.standalone_capitals)
                and (not self._ordinary(word) or (not after_capital and (cap, nxt[2]) in words.run_starts and not self._defined_term(words, cap)))
            ):
                # "gordon Brown" beside "said Gordon Brown" (twice, or "Gordon"
                # alone): the pair is a name. Once, it may be a title ("Building
                # Node.js"). "agent Steven Bishop" or "his cousin Hosea" is a
                # common noun before a name unless "Agent Steven" is the name elsewhere.
                spec = self.evidence_specs[0]
            if spec is None:
                continue
            s = _suggest(doc, spec, start, end, cap, cap)
            if s is not None:
                out.append(s)
        return out


def _title_before(view: str, words: Words, i: int) -> str | None:
    """The capitalised title right before the word ("Mr", "Dr.", "President"), if any."""
    if not i or words.segment_of[i - 1] != words.segment_of[i]:
        return None
    prev = words.tokens[i - 1]
    if not prev[2][0].isupper() or not _title_gap(view, prev, words.tokens[i]):
        return None
    return prev[2]


def _particle_of_a_name(view: str, words: Words, i: int) -> bool:
    """A lower-case particle before a capitalised word: "van Gogh", "de Gaulle", "bin Laden"."""
    start, end, word = words.tokens[i]
    if word not in NAME_PARTICLES or i + 1 >= len(words.tokens) or words.segment_of[i + 1] != words.segment_of[i]:
        return False
    nxt = words.tokens[i + 1]
    return nxt[2][0].isupper() and view[end : nxt[0]] in (" ", "\u00a0", "-", "'", "’")


def _neighbour(words: Words, i: int, step: int):
    j = i + step
    if 0 <= j < len(words.tokens) and words.segment_of[j] == words.segment_of[i]:
        return j
    return None


def _bare(view: str, words: Words, i: int) -> bool:
    """No article or modifier before the word: it opens a clause or follows punctuation."""
    j = _neighbour(words, i, -1)
    if j is None:
        return True
    gap = view[words.tokens[j][1] : words.tokens[i][0]]
    if gap.strip():
        return True  # "On Tuesday, google ..."
    w = words.tokens[j][2].lower()
    if w in _CLAUSE_OPENERS:
        return True
    # "Later turkey withdrew", "Eventually google agreed": an adverb opening the sentence.
    return (w in _OPENING_ADVERBS or w.endswith("ly")) and sentence_start(view, words.tokens[j][0], 0)


def _coordinated(view: str, words: Words, i: int) -> list[int]:
    """The words joined to this one by "and", "or" or a comma, on either side."""
    out = []
    for step in (-1, 1):
        j = _neighbour(words, i, step)
        if j is None:
            continue
        a, b = sorted((i, j))
        gap = view[words.tokens[a][1] : words.tokens[b][0]]
        if gap == ", ":
            out.append(j)
        elif gap == " " and words.tokens[j][2] in ("and", "or"):
            k = _neighbour(words, j, step)
            if k is not None:
                a, b = sorted((j, k))
                if view[words.tokens[a][1] : words.tokens[b][0]] == " ":
                    out.append(k)
    return out


def _subject_of_agent_verb(view: str, words: Words, i: int) -> bool:
    """The word is followed by a verb that only people and bodies do ("google released")."""
    j = i
    for _ in range(3):
        k = _neighbour(words, j, 1)
        if k is None or view[words.tokens[j][1] : words.tokens[k][0]] != " ":
            return False
        w = words.tokens[k][2]
        if w in AGENT_VERBS:
            return True
        if w not in _BETWEEN_SUBJECT_AND_VERB and not w.endswith("ly"):
            return False
        j = k
    return False


def _agent_after_by(view: str, words: Words, i: int) -> bool:
    """ "offered by google," : the doer after a passive verb, ending the phrase."""
    j = _neighbour(words, i, -1)
    k = _neighbour(words, j, -1) if j is not None else None
    if k is None or words.tokens[j][2] != "by" or view[words.tokens[j][1] : words.tokens[i][0]] != " ":
        return False
    participle = words.tokens[k][2]
    if not participle.islower() or not participle.endswith(("ed", "en")) or view[words.tokens[k][1] : words.tokens[j][0]] != " ":
        return False
    end = words.tokens[i][1]
    return end >= len(view) or view[end] in ",.;:!?)"


_LINK_TARGET = regex.compile(r"[^\]\n]{0,80}\]\(([^)\s]*)")


def _link_handle(doc, start: int, end: int) -> bool:
    """Link text that repeats its own address: "[monsanto](https://github.com/monsanto)".

    That is a user name or a package, written as the address writes it.
    """
    if doc.format != "markdown":
        return False
    mapped = doc.map_span(start, end)
    if mapped is None:
        return False
    fs, fe, _ = mapped
    m = _LINK_TARGET.match(doc.text, fe)
    return m is not None and doc.text[fs:fe].lower() in m.group(1).lower()


def _suggest(doc, spec: RuleSpec, start: int, end: int, replacement: str, name: str):
    """The rule's message names the name it asks for ("{name}")."""
    return doc.emit(spec, start, end, [replacement], message=render(spec.message, {"name": name}))


def _name_gap(view: str, a, b) -> bool:
    """Words of one name: separated by a space, a hyphen or an apostrophe."""
    gap = view[a[1] : b[0]]
    return gap in (" ", "\u00a0", "-", "'", "’", "'s ", "’s ") or gap == "' " or gap == "’ "


def _title_gap(view: str, title, word) -> bool:
    gap = view[title[1] : word[0]]
    return gap in (" ", ". ", "\u00a0", ".\u00a0")


@dataclass(frozen=True)
class NamesFrom:
    """The names of the gazetteer that open with one word."""

    #: The name of that one word, if there is one.
    single: tuple[str, ...] | None
    #: The lengths of the longer names, longest first.
    lengths: tuple[int, ...]
    #: Each longer name by its words in lower case.
    by_words: dict[tuple[str, ...], tuple[str, ...]]
    #: Their second words, in lower case.
    seconds: frozenset[str]


def _names_by_opener(gazetteer: Gazetteer) -> dict[str, NamesFrom]:
    """Lower-case first word -> its names (`NamesFrom`).

    A word that opens many names ("the", "new", "san") is then looked up
    once per length at each of its places, not compared with every name.
    Among names written alike but for case, the first added wins, as it
    would in the gazetteer's own order.
    """
    out = {}
    for first, names in gazetteer.index.items():
        by_words: dict[tuple[str, ...], tuple[str, ...]] = {}
        for name in names:  # longest first, then in the order added
            by_words.setdefault(tuple(w.lower() for w in name), name)
        single = by_words.pop((first,), None)
        lengths = tuple(sorted({len(n) for n in by_words}, reverse=True))
        seconds = frozenset(n[1] for n in by_words)
        out[first] = NamesFrom(single, lengths, by_words, seconds)
    return out


def build(specs: list[RuleSpec], ctx) -> ProperNounChecker:
    return ProperNounChecker(specs, tuple(getattr(ctx, "extra_proper_nouns", ()) or ()))


KIND = Kind("proper_nouns", ProperNounOptions, build, category="capitalization")
