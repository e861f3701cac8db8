"""`names` rules: fixed multi-word names written exactly as the institution does.

A name is found in one pass over the document's words, whatever the size of
the dictionary: every name of n words is filed under its n keys as written,
each with one word left open (`name_keys`), and a window of n words of the
text is looked up under its keys only when its first words say some key may
match. A window that matches a name exactly but for case (looked up by its
words in lower case among the names' exact forms), or but for one word that
is a near miss of the name's word (`name_near`), is a candidate:

- right before the name's own acronym in parentheses ("North Atlantic Treaty
  Association (NATO)") the intended name is certain, whatever the odd word;
- elsewhere the odd word must be a near miss (rapidfuzz ratio, or a plural or
  possessive slip: "European Unions", "Six Nation"), the other words must be
  written exactly as in the name, and the result is safe only when that holds.

A window whose odd word is lower case where the name is capitalised is a
different phrase ("the North Atlantic Treaty, which ..."), never a slip.

The lists hold thousands of generated names (rules/data/institutions.yaml,
from scripts/build_names.py) beside the hand-kept ones. No person has
vouched for each generated one, so a case slip in one is fixed only where no
ordinary phrase can be meant ("Manchester city centre" is no club). The
document itself is evidence too: a real word inside a known name ("the
European Committee") is a slip where the text names the body right elsewhere,
and a multi-word name the text writes one way settles one-word slips of it
even when no list knows it.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import regex
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from copyedit.checkers import Kind
from copyedit.checkers.name_near import WIDE, NearWords, plausible
from copyedit.checkers.name_keys import WILD, KeyIndex, lengths_desc, outside, up_to, wildcard_keys
from copyedit.checkers.name_words import Token, Words, tokens
from copyedit.checkers.options import Options, derived, known_keys
from copyedit.checkers.proper_nouns import is_proper_word, sentence_start
from copyedit.checkers.textfacts import TextFacts, text_facts
from copyedit.dialects import fold
from copyedit.lexicon import is_ordinary_word
from copyedit.model import Applicability
from copyedit.ruledata import data_path, load_data_file
from copyedit.rulespec import PackError, RuleSpec
from copyedit.templates import render

_ACRONYM_AFTER = regex.compile(r"\s*\(\s*([\p{Lu}\p{N}&.-]{2,})\s*\)")


_NO_ACCEPTED: dict[str, str] = {}


class Name:
    __slots__ = ("canonical", "words", "acronym", "accepted", "rule", "generated", "seq")

    def __init__(self, canonical: str, acronym: str | None, accepted: tuple[str, ...], rule: RuleSpec, generated: bool = False):
        self.canonical = canonical
        self.words = _name_words(canonical)
        self.acronym = acronym
        self.accepted = {a.lower(): a for a in accepted} if accepted else _NO_ACCEPTED
        self.rule = rule
        #: From a generated list rather than a hand-kept one: no person has
        #: vouched that every case variant of it is a slip.
        self.generated = generated
        #: Its place in the lists: which of two names is judged first.
        self.seq = -1


def flagged_entries(names, files) -> list:
    """Each name with whether it comes from generated data (True) or was written by hand."""
    items = [(item, False) for item in names]
    for path in files:
        loaded, generated = _load_data(path)
        items.extend((item, generated) for item in loaded)
    return items


def data_files(data, rule: RuleSpec) -> tuple[str, ...]:
    """The files a rule's `data` names (one or a list), found beside its pack or shipped."""
    names = data if isinstance(data, list) else [data] if data else []
    if not all(isinstance(d, str) for d in names):
        raise rule.error("'data' must be a file name or a list of them")
    return tuple(str(data_path(rule, d)) for d in names)


@lru_cache(maxsize=16)
def _load_data(path: str) -> tuple[tuple, bool]:
    """A data file's names, parsed once per process (thousands of them take a while).

    Generated data (a `generated_by` key) groups its names by source, so that
    each name can be traced to the list it comes from.
    """
    raw = load_data_file(path)
    generated = isinstance(raw, dict) and "generated_by" in raw
    if isinstance(raw, dict):
        raw = raw.get("names")
    if isinstance(raw, dict):
        raw = [item for group in raw.values() for item in group or ()]
    if not isinstance(raw, list):
        raise PackError(f"{path}: names data must be a list of names")
    return tuple(raw), generated


def _normalise(item, where: str) -> tuple[str, str | None, tuple[str, ...]]:
    if isinstance(item, str):
        return item, None, ()
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise PackError(f"{where}: each name is a string or a mapping with 'name' (and 'acronym', 'accepted')")
    extra = set(item) - {"name", "acronym", "accepted"}
    if extra:
        raise PackError(f"{where}: unknown key {sorted(extra)[0]!r} in name {item['name']!r}")
    acc = item.get("accepted") or ()
    if isinstance(acc, str):
        acc = (acc,)
    return item["name"], item.get("acronym"), tuple(acc)


@dataclass(frozen=True)
class NamesOptions(Options):
    """Fixed names (hand-kept, or from data files) and how near a slip must come to one."""

    names: tuple = ()
    data: str | tuple[str, ...] | None = None
    min_ratio: float = 85
    #: Every name of the rule with whether generated data holds it.
    entries: tuple = derived(default=())

    @classmethod
    def parse(cls, raw, rule: RuleSpec) -> "NamesOptions":
        keys = known_keys(cls, raw, rule)
        data = keys.get("data")
        if not isinstance(keys.get("names") or [], list):
            raise rule.error("'names' must be a list of names")
        entries = tuple(flagged_entries(keys.get("names") or [], data_files(data, rule)))
        if not entries:
            raise rule.error("a names rule needs 'names' or 'data'")
        for item, _ in entries:
            name, _, _ = _normalise(item, rule.where())
            if len(name.split()) < 2:
                raise rule.error(f"{name!r}: fixed names have at least two words (use proper_nouns for single words)")
        r = keys.get("min_ratio", 85)
        if not isinstance(r, (int, float)) or not 50 <= r <= 100:
            raise rule.error("'min_ratio' must be a number from 50 to 100")
        return cls(
            names=tuple(keys.get("names") or ()),
            data=tuple(data) if isinstance(data, list) else data,
            min_ratio=r,
            entries=entries,
        )

    def message_fields(self) -> frozenset[str]:
        return frozenset({"name", "written"})

    def entry_count(self) -> int:
        return len(self.entries)


#: Words before a plural that make the plural legitimate ("two World Cups").
_PLURAL_CONTEXT = frozenset("and or & both two three four five six seven eight nine ten several many various all other their these those".split())
#: Heads of names that are counted in ordinary prose ("two Nobel Prizes").
_COUNTED_HEADS = frozenset("cup prize award game globe medal trophy league".split())


#: Heads of names that some house styles write in lower case ("the Labour party").
_GENERIC_HEADS = frozenset(
    """party parties government council committee commission department ministry agency authority
    service office court assembly parliament congress senate police army navy union association
    federation bank group company corporation foundation institute university school college""".split()
)


#: Words before a plural that ask for one thing ("a Labour Parties spokesman").
_SINGULAR_BEFORE = frozenset("a an this that each every another one either neither".split())
#: Verbs right after a plural that agree with one thing or with many.
_SINGULAR_VERBS = frozenset("is was has does says isn't wasn't hasn't doesn't isn’t wasn’t hasn’t doesn’t".split())
_PLURAL_VERBS = frozenset("are were have do say aren't weren't haven't don't aren’t weren’t haven’t don’t".split())
#: Words ending in -s that neither agree with a subject nor name a thing: after
#: "Federal Reserve Banks across the country" they say nothing about number.
_S_FUNCTION_WORDS = frozenset(
    """as its his hers ours yours theirs this thus plus less unless across perhaps always sometimes
    besides towards afterwards backwards whereas us yes was has is does nevertheless overseas""".split()
)
#: Heads of names of one place: "Downing Streets" is never many streets,
#: unless coordinated ("Wall and Broad Streets", which the context catches).
_PLACE_HEADS = frozenset("street road avenue lane square boulevard bridge park".split())
_NEXT_WORD = regex.compile(r"[ \t\u00a0]+([\p{L}'’]+)")
#: A plural head followed by a list: "the Banks of England and France".
_DISTRIBUTED = regex.compile(r"(?:[ \t\u00a0]*,[ \t\u00a0]*\p{Lu}|[ \t\u00a0]+(?:and|or|&)[ \t\u00a0]+(?:the[ \t\u00a0]+)?\p{Lu})")


#: Verbs that report what a body said, after which a pronoun takes the subject up.
_REPORTING_VERBS = frozenset("said says added added announced confirmed warned insisted argued claimed stated".split())
_PRONOUN_AFTER = regex.compile(r"[ \t\u00a0]+(?:that[ \t\u00a0]+)?(it|its|they|their)\b", regex.IGNORECASE)


def _plural_number(doc, window: list, pos: int, prev: str, name: "Name", count_same) -> str | None:
    """What the text says about a name written with a plural word ("World Banks").

    A regular plural is how English names several bodies of one name ("the
    Federal Reserve Banks", "the Banks of England and France"), so it is a
    variant of the name, not a slip, unless the sentence asks for one body:
    'singular' when it does (a singular determiner before, a singular verb or
    a noun after, the document naming the body in the singular or by its
    acronym elsewhere, a place, which is one), 'plural' when it asks for
    several (a number or a list, a plural verb, a plural possessive), None
    when it says nothing.
    """
    view = doc.view
    vend = window[-1].end
    odd = window[pos]
    after_word = view[odd.end : odd.end + 1]
    if after_word in ("'", "’") and not view[odd.end + 1 : odd.end + 2].isalpha():
        return "plural"  # "the Federal Reserve Banks' assets"
    if _DISTRIBUTED.match(view, vend):
        return "plural"
    m = _NEXT_WORD.match(view, vend)
    nxt = m.group(1) if m else ""
    if nxt in _PLURAL_VERBS:
        return "plural"
    if prev in _SINGULAR_BEFORE or nxt in _SINGULAR_VERBS:
        return "singular"
    if m and nxt in _REPORTING_VERBS:
        # "the Crown Prosecution Services said it would": the pronoun that
        # takes the subject up again counts it.
        p = _PRONOUN_AFTER.match(view, m.end())
        if p:
            return "singular" if p.group(1).lower() in ("it", "its") else "plural"
    if nxt.islower() and nxt.endswith("s") and not nxt.endswith(("ss", "us", "is")) and nxt not in _S_FUNCTION_WORDS:
        return "singular"  # "European Unions customs tariffs": a noun or a verb for one
    if name.words[pos].lower() in _PLACE_HEADS:
        return "singular"
    if count_same() == 1 and (
        text_facts(doc).search(r"(?<![\w-])" + regex.escape(name.canonical) + r"(?![\w-])")
        or (name.acronym and text_facts(doc).search(r"(?<![\w.-])" + regex.escape(name.acronym) + r"(?![\w-])"))
    ):
        return "singular"  # the document names the one body elsewhere
    return None


#: Words before a name that make it one of many things of a kind ("a Service", "each Extension").
_ONE_OF_MANY = "(?i:a|an|any|each|every|another)"


def _one_of_a_kind(doc, name: "Name") -> bool:
    """Whether the text writes the name for one thing among many ("access a GitHub Service"), not for one body."""
    return text_facts(doc).search(r"(?<![\w-])" + _ONE_OF_MANY + r"[ \t\u00a0]+" + regex.escape(name.canonical) + r"(?![\w-])")


def _plural_slip(word: str, canon: str) -> bool:
    """A plural where the name has a singular: Unions, Streets, Parties."""
    w, c = word.lower(), canon.lower()
    return w in {c + "s", c + "es", c[:-1] + "ies" if c.endswith("y") else None}


def _depluralise(word: str) -> str | None:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return None


def _singular_slip(word: str, canon: str) -> bool:
    """A singular where the name has a plural: Six Nation, House of Lord."""
    w, c = word.lower(), canon.lower()
    return (c.endswith("s") and w == c[:-1]) or (c.endswith("ies") and w == c[:-3] + "y")


_DERIVATIONS = ("ing", "ese", "ish", "ian")  # not -er: "European Commissioner" is a title


def _derived_slip(word: str, canon: str) -> bool:
    """A word derived from the name's word: Banking for Bank, Japanese for Japan."""
    w, c = word.lower(), canon.lower()
    return len(c) >= 4 and w.startswith(c) and w[len(c) :] in _DERIVATIONS


def _compound_slip(word: str, canon: str) -> bool:
    """The name's word with an English word grown onto it: Healthcare for Health."""
    w, c = word.lower(), canon.lower()
    rest = w[len(c) :]
    return len(c) >= 4 and w.startswith(c) and len(rest) >= 3 and word[0].isupper() and is_ordinary_word(rest)


def _related_words(word: str, canon: str) -> bool:
    """Two words a slip may swap: the same stem (Committee, Commission) or close spellings."""
    w, c = word.lower(), canon.lower()
    prefix = 0
    for a, b in zip(w, c):
        if a != b:
            break
        prefix += 1
    return prefix >= 4 or ratio(w, c) >= 70


def _written_elsewhere(facts: TextFacts, name: "Name", pos: int, written: str) -> bool:
    """The document names the body right: in full, or by its head alone ("the Commission")."""
    if facts.search(r"(?<![\w-])" + regex.escape(name.canonical) + r"(?![\w-])"):
        return True
    if pos != len(name.words) - 1 or len(name.words[pos]) < 4:
        return False
    head = regex.escape(name.words[pos])
    return facts.search(r"(?<![\w-])[Tt]he[ \t\u00a0]+" + head + r"(?![\w-])(?![ \t\u00a0]+\p{Lu})")


#: Words before a singular that make it one member: "an Australian Democrat".
_MEMBER_BEFORE = frozenset("a an one another each every former fellow any no".split())
#: Words that may follow a name without making it an adjective of the next noun.
_AFTER_A_NAME = frozenset(
    """with in on at of for to from by and or but as is was has had have are were will would
    could should may might can did does said says told said""".split()
)


def _member_of(view: str, prev: str, end: int) -> bool:
    """A singular of a plural name used for one member or as an adjective ("the Liberal Democrat leader")."""
    if prev in _MEMBER_BEFORE:
        return True
    m = _NEXT_WORD.match(view, end)
    return m is not None and m.group(1).islower() and m.group(1) not in _AFTER_A_NAME


def _name_goes_on(view: str, end: int) -> bool:
    """Whether a capitalised word follows: the window may be part of a longer name."""
    m = _NEXT_CAPITAL.match(view, end, end + 60)
    return m is not None


def _name_came_before(view: str, start: int) -> bool:
    """Whether a capitalised word that does not open a sentence stands right before `start`."""
    k = start - 1
    while k >= 0 and view[k] in " \t\u00a0":
        k -= 1
    if k < 0 or k == start - 1 or not view[k].isalpha():
        return False
    j = k
    while j > 0 and view[j - 1].isalpha():
        j -= 1
    return view[j].isupper() and not sentence_start(view, j, 0)


_NEXT_CAPITAL = regex.compile(r"[ \t\u00a0]+(?:of[ \t]+|for[ \t]+|and[ \t]+)?\p{Lu}")


#: How many names of the lists must end in a word for it to mark an institution.
_HEAD_MIN_NAMES = 20
#: Lower-case words that may join the capitalised words of one name.
_NAME_JOINERS = frozenset("of for and the on in at to de du des la le del der van von y".split())
#: The most words a run of capitalised words may hold and still be a name the
#: document writes ("Royal Society for the Protection of Birds" is 7): a
#: longer run is a passage in title case or capitals, whose windows would
#: all be names of one another, at a cost that grows with the square of its length.
_MAX_NAME_WORDS = 16
_ARTICLES = frozenset({"The", "A", "An"})
_WORD_BEFORE = regex.compile(r"([\p{L}][\p{L}\p{M}'’.-]*)[ \t\u00a0]+$")


def _capital_before(view: str, start: int) -> bool:
    """A capitalised word right before, inside the sentence: the window is the tail of a longer name."""
    m = _WORD_BEFORE.search(view, max(0, start - 40), start)
    if m is None or not m.group(1)[0].isupper() or m.group(1) in _ARTICLES:
        return False
    return not sentence_start(view, m.start(1), 0)


def _capitalised_names(words: Words):
    """The runs of capitalised words outside headings, joined by "of", "and"...: candidate names, and where each starts (a word index).

    Only the capitalised words that may open a name (no article) are
    visited; the words between them are passed over unread.
    """
    texts = words.texts
    after = 0  # the first word not yet inside a name
    for first in [i for i, t in enumerate(texts) if len(t) > 1 and t[0].isupper() and t not in _ARTICLES]:
        if first < after:
            continue  # inside the name before
        run = words.run_at(first)
        if run.segment.kind == "heading":
            continue
        hi = run.hi
        j = first + 1
        last_cap = first
        while j < hi and (_capitalised(texts[j]) or (texts[j] in _NAME_JOINERS and j + 1 < hi)):
            if _capitalised(texts[j]):
                last_cap = j
            j += 1
        if last_cap > first and last_cap - first < _MAX_NAME_WORDS and not _two_named(texts[first : last_cap + 1]):
            yield tuple(texts[first : last_cap + 1]), first
            if last_cap - first >= 2 and _capitalised(texts[first + 1]):
                # Without its first word, which may only open the sentence
                # ("Yesterday Harbour Bridge Trust"); not when a joiner is
                # left at the front ("Within the Service"), which opens no name.
                yield tuple(texts[first + 1 : last_cap + 1]), first + 1
        after = last_cap + 1


def _two_named(run) -> bool:
    """Whether the run is two one-word names joined by "and" ("Bingley and Jane"): a pair, not a name of the text."""
    return len(run) == 3 and run[1] in ("and", "&")


def _capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper()


#: A name of plain words (no apostrophe, period or comma): its words are its spaces' pieces.
_PLAIN_NAME = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}&-]*[\p{L}\p{M}\p{N}&])?(?: [\p{L}\p{N}](?:[\p{L}\p{M}\p{N}&-]*[\p{L}\p{M}\p{N}&])?)*")


def _name_words(canonical: str) -> tuple[str, ...]:
    if _PLAIN_NAME.fullmatch(canonical):
        return tuple(canonical.split(" "))  # most names; the tokenizer would say the same, slower
    return tuple(t.text for t in tokens(canonical, 0, len(canonical)))


class NamesChecker:
    name = "names"

    def __init__(self, specs: list[RuleSpec], extra: tuple = ()):
        #: Every name under its keys, its words as written with one left
        #: open. Only a window whose other words are written as in the name
        #: can be a one-word slip of it.
        self.index = KeyIndex()
        #: The words at the open place of keys with many names, compared at once (made when first asked for).
        self.near_words: dict[tuple[str, ...], NearWords] = {}
        self.min_ratio: dict[str, float] = {}
        self.lexicon: set[str] = set()
        #: Every correct way of writing a known name, by its words in lower case.
        self.exact: dict[tuple, set[str]] = {}
        heads: Counter[str] = Counter()
        self.singular_forms: dict[tuple, Name] = {}
        #: Every word of every name, in lower case and as written.
        self.vocab: set[str] = set()
        self.vocab_as_written: set[str] = set()
        all_items = [(spec, item, generated) for spec in specs for item, generated in spec.options.entries]
        if extra and specs:
            all_items += [(specs[0], item, False) for item in extra]
        gc_was_on = gc.isenabled()
        gc.disable()  # tens of thousands of small objects, none of them garbage: collections only cost time
        try:
            self._add_all(all_items, heads)
            self.index.first_look()  # made now, to be kept out of the collector's way with the rest
        finally:
            # Kept for the life of the process: out of every later collection's way.
            gc.freeze()
            if gc_was_on:
                gc.enable()
        #: Words that end many names ("Trust", "Party", "University", "Cup"):
        #: a capitalised run ending in one names a body, not a person.
        self.heads = frozenset(w for w, c in heads.items() if c >= _HEAD_MIN_NAMES) | _GENERIC_HEADS
        self.first_spec = specs[0] if specs else None

    def _add_all(self, all_items: list, heads: Counter) -> None:
        lows: list[tuple[str, ...]] = []
        where: dict[int, str] = {}
        accepted: tuple[str, ...]
        for seq, (spec, item, generated) in enumerate(all_items):
            if type(item) is str:
                canonical, acronym, accepted = item, None, ()
            else:
                if id(spec) not in where:
                    where[id(spec)] = spec.where()
                canonical, acronym, accepted = _normalise(item, where[id(spec)])
            name = Name(" ".join(canonical.split()), acronym, accepted, spec, generated)
            low = tuple(w.lower() for w in name.words)
            if not generated:
                # Words of hand-kept names: a slip into one of them is another name, not a typo.
                self.lexicon.update(low)
            heads[low[-1]] += 1
            for form in accepted:
                fw = tuple(w.lower() for w in _name_words(form))
                if fw[:-1] == low[:-1] and low[-1] == fw[-1] + "s":
                    # "Liberal Democrat", the adjective and the member, of "Liberal Democrats".
                    self.singular_forms[fw] = name
            self.exact.setdefault(low, set()).add(" ".join(name.words))  # `add_all` below lets windows written so through
            for form in accepted:
                words = _name_words(form)
                self.exact.setdefault(tuple(w.lower() for w in words), set()).add(" ".join(words))
                self.index.allow(words)  # looked up beside the keys: windows written so must get through
            name.seq = seq
            self.index.add_all(name.words, name)
            lows.append(low)
            self.min_ratio[spec.id] = spec.options.min_ratio
        self.vocab = set(chain.from_iterable(lows))
        self.vocab_as_written = set(chain.from_iterable(self.index.whole()))
        # One-word names, and one-word forms of names, are looked for as one-word windows in any case.
        self.index.allow_any_case([*lows, *(low for low in self.exact if len(low) == 1)])

    def check(self, doc) -> list:
        words = Words(doc.view, doc.segments)
        out = self._list_names(doc, words)
        if self.first_spec is not None:
            out.extend(self._document_names(doc, words, out))
        return out

    # ------------------------------------------------------- the lists' names
    def _list_names(self, doc, words: Words) -> list:
        """Slips of the lists' names: each window that may hold one, longest first, judged."""
        out = []
        lows, texts, ends = words.lows, words.texts, words.ends
        taken_until = -1
        for i, both, open_first, open_second in self.index.starts(texts, lows):
            if words.starts[i] < taken_until:
                continue
            run = words.run_at(i)
            lengths = (both | open_first | open_second) & up_to(run.hi - i)
            if not lengths:
                continue
            shape = (both, open_first, open_second)
            prev = lows[i - 1] if i > run.lo else (run.before or "")
            found = None
            consumed = 0
            for n in lengths_desc(lengths):
                if outside(lows, i, i + n, self.vocab) > 1:
                    continue  # two words no name has
                window = tuple(lows[i : i + n])
                same = None
                if both >> n & 1:
                    exact = self.exact.get(window)
                    if exact is not None and " ".join(texts[i : i + n]) in exact:
                        consumed = n  # written correctly: nothing inside it is a slip
                        found = self._singular_possessive(doc, words.window(i, i + n), window, prev)
                        break
                    same = self._named_so(exact) if exact is not None else None
                odd = outside(texts, i, i + n, self.vocab_as_written)
                found = self._judge_window(doc, words, i, window, odd, shape, same, prev)
                if found is not None:
                    consumed = n
                    break
            if found is not None:
                out.append(found)
            if consumed:
                taken_until = ends[i + consumed - 1]
        return out

    def _judge_window(self, doc, words: Words, i: int, window: tuple[str, ...], odd: int, shape: tuple[int, int, int], same, prev: str):
        """The first finding for a name the window matches but for one word, or None.

        The names judged are those filed under the window's keys as written,
        and, where the window is a name but for case (`same`), that name.
        """
        n = len(window)
        acronym_after = None
        tokens_ = None
        for pos, filed, worth in self._candidates(window, tuple(words.texts[i : i + n]), odd, shape, same):
            if len(worth) < len(filed):
                # Only its own acronym makes a word unlike the name's a slip.
                if acronym_after is None:
                    end = words.ends[i + n - 1]
                    acronym_after = _ACRONYM_AFTER.match(doc.view, end, end + 200) is not None
                if acronym_after:
                    worth = filed
            for name in worth:
                if tokens_ is None:
                    tokens_ = words.window(i, i + n)
                found = self._judge(doc, tokens_, name, pos, prev)
                if found is not None:
                    return found
        return None

    def _candidates(self, window: tuple[str, ...], written: tuple[str, ...], odd: int, shape, same):
        """For each open place in turn, the names that may be judged there and those worth it, in filing order."""
        if not same:
            if odd > 1:
                return
            for key in wildcard_keys(written, self.vocab_as_written, odd, *shape):
                filed = self.index.get(key)
                if not filed:
                    continue
                pos = key.index(WILD)
                word = window[pos]
                if len(filed) < WIDE:
                    yield pos, filed, [name for name in filed if plausible(word, name.words[pos].lower())]
                    continue
                many = self.near_words.get(key)
                if many is None:
                    many = self.near_words[key] = NearWords([name.words[pos].lower() for name in filed])
                yield pos, filed, [filed[j] for j in many.near(word)]
            return
        for pos in range(len(window)):
            # The window is a name but for case: that name at every place,
            # among the names filed under the key that leaves it open.
            filed = self.index.get(written[:pos] + (WILD,) + written[pos + 1 :], [])
            filed = sorted({*filed, *same}, key=lambda name: name.seq)
            yield pos, filed, [name for name in filed if plausible(window[pos], name.words[pos].lower())]

    def _named_so(self, forms: set[str]) -> list[Name]:
        """The names written in one of these ways (a window that is one of them but for case may be a case slip)."""
        out: list[Name] = []
        for form in forms:
            words = tuple(form.split(" "))
            out.extend(name for name in self.index.get((WILD, *words[1:]), ()) if name.words == words)
        return out

    # ------------------------------------------------------- document names
    def _document_names(self, doc, words: Words, known: list) -> list:
        """One-word slips of a capitalised name that the document itself writes right elsewhere.

        No list knows every trust, fund or tournament, but the text does: a
        name of three or more capitalised words, or of two ending in a word
        that ends many institutions' names ("Harbour Bridge Trust"), written
        one way is the house form of that document; "the Harbour Bridge
        Trusts said" or "the Harbor Bridge Trust" beside it is a slip. The
        form written first, and at least as often, is the name. A singular
        ("a Royal Marine" beside "the Royal Marines") is a member, never a slip.
        """
        counts, first_at = _document_forms(words)
        names = [n for n in counts if len(n) >= 3 or n[-1].lower() in self.heads]
        if not names:
            return []
        index = self._document_index(names)
        if not index:
            return []  # every one a name the lists know
        vocab = {w for n in names for w in n}
        taken = sorted((s.start, s.end) for s in known)
        taken_starts = [a for a, _ in taken]
        out = []
        resume = 0
        # A window holds a word of a name the text writes as its first or second.
        near = [j for j, t in enumerate(words.texts) if t in vocab]
        at = sorted({j - 1 for j in near if j} | set(near))
        for i, *shape in index.starts(words.texts, words.lows, at):
            run = words.run_at(i)
            if i < resume or run.segment.kind == "heading":
                continue
            lengths = (shape[0] | shape[1] | shape[2]) & up_to(run.hi - i)
            if not lengths:
                continue
            hit, width = self._document_window(doc, words, run, i, lengths, shape, index, vocab, (taken, taken_starts), counts, first_at)
            if hit is not None:
                out.append(hit)
                resume = i + width
        return out

    def _document_index(self, names: list[tuple[str, ...]]) -> KeyIndex:
        """The document's names no list knows, under their "one capitalised word left open" keys, as written.

        Only a window whose other words are written as in the name can be a slip of it.
        """
        index = KeyIndex()
        for n in names:
            low = tuple(w.lower() for w in n)
            if low in self.exact:
                continue  # a known name: the lists judge it
            for i, w in enumerate(n):
                if w[0].isupper():
                    index.add(n[:i] + (WILD,) + n[i + 1 :], n)
        return index

    def _document_window(self, doc, words: Words, run, start, lengths, shape, index, vocab, taken, counts, first_at):
        """The finding for the window starting at `start`, and how many words to move on."""
        lows = words.lows
        prev = lows[start - 1] if start > run.lo else (run.before or "")
        spans, span_starts = taken
        for n in lengths_desc(lengths):
            odd = outside(words.texts, start, start + n, vocab)
            if odd > 1:
                continue
            for key in wildcard_keys(tuple(words.texts[start : start + n]), vocab, odd, *shape):
                cands = index.get(key)
                if not cands:
                    continue
                vs, ve = words.starts[start], words.ends[start + n - 1]
                k = bisect_left(span_starts, ve) - 1
                if k >= 0 and spans[k][1] > vs:
                    break  # a known name's finding covers it
                pos = key.index(WILD)
                if not words.texts[start + pos][:1].isupper():
                    continue  # the odd word of a slip of a name is capitalised (the judge's first test, asked before any token is made)
                written = tuple(words.texts[start : start + n])
                window = None
                for cand in cands:
                    if cand == written:
                        continue  # the name itself, written as the document writes it
                    window = window or words.window(start, start + n)
                    hit = self._judge_document_name(doc, window, cand, pos, prev, counts, first_at)
                    if hit is not None:
                        return hit, n
        return None, 1

    def _judge_document_name(self, doc, window: list[Token], cand: tuple[str, ...], pos: int, prev: str, counts, first_at):
        view = doc.view
        words = [t.text for t in window]
        if any(w != c for j, (w, c) in enumerate(zip(words, cand)) if j != pos) or not words[pos][:1].isupper():
            return None
        written = tuple(words)
        vstart, vend = window[0].start, window[-1].end
        # The name written first and at least as often is the document's own form.
        if counts[written] > counts[cand] or (counts[written] == counts[cand] and first_at.get(written, vstart) < first_at[cand]):
            return None
        if _name_goes_on(view, vend) or _capital_before(view, vstart):
            return None  # part of a longer name, which may be another body
        canonical = " ".join(cand)
        assert self.first_spec is not None  # document names are looked for only with a rule to report them
        name = Name(canonical, None, (), self.first_spec, True)
        if len(name.words) != len(words) or not self._document_slip(doc, window, name, pos, prev, cand[pos]):
            return None
        return doc.emit(self.first_spec, vstart, vend, [canonical], message=f"The text writes this name as '{canonical}' elsewhere.")

    def _document_slip(self, doc, window: list[Token], name: Name, pos: int, prev: str, canon_word: str) -> bool:
        """Whether the odd word is a slip of `canon_word`, in the name the document writes elsewhere."""
        view = doc.view
        odd = window[pos].text
        if _plural_slip(odd, canon_word):
            if prev in _PLURAL_CONTEXT or prev.isdigit():
                return False
            if prev not in _SINGULAR_BEFORE and (prev != "the" or _one_of_a_kind(doc, name)):
                # A name only the document knows is one body's where the text
                # writes "the" before it: a bare plural ("deprecating Copilot
                # Extensions"), one after a quantifier ("any applicable
                # Matching Funds"), or one of a name the text writes after
                # "a" ("access a GitHub Service") is several things of a kind.
                return False
            written = view[window[0].start : window[-1].end]
            return _plural_number(doc, window, pos, prev, name, lambda: text_facts(doc).count(written)) == "singular"
        if _singular_slip(odd, canon_word) or _singular_slip(canon_word, odd):
            return False  # "a Royal Marine" beside "the Royal Marines": a member
        if fold(odd) == fold(canon_word) and odd.lower() != canon_word.lower():
            return True  # "Harbor" beside the document's "Harbour": one spelling of one name
        return (
            ratio(odd.lower(), canon_word.lower()) >= 85
            and Levenshtein.distance(odd.lower(), canon_word.lower()) <= 2
            and len(canon_word) >= 5
            and odd.lower() not in self.lexicon
            # No list vouches for the document's name: an English word near
            # its word is another word ("Neither Party" beside "Either
            # Party", "Stripe Connect" beside "Stripe Connected"), not a typo.
            and not is_ordinary_word(odd.lower())
        )

    def _singular_possessive(self, doc, window: list[Token], low: tuple, prev: str):
        """ "the Liberal Democrat's said": the party's plural, its apostrophe misplaced.

        The singular is right as an adjective or for one member ("a Liberal
        Democrat's vote"); after "the", with a verb or a preposition after it
        or nothing at all, only the party can be meant.
        """
        name = self.singular_forms.get(low)
        if name is None or prev != "the":
            return None
        view = doc.view
        end = window[-1].end
        if view[end : end + 2] not in ("'s", "’s") or view[end + 2 : end + 3].isalnum():
            return None
        m = _NEXT_WORD.match(view, end + 2)
        after = m.group(1) if m else ""
        if after.islower() and after not in _AFTER_A_NAME:
            return None  # "the Liberal Democrat's campaign": one member's, or the party's; a person decides
        return doc.emit(name.rule, window[0].start, end + 2, [name.canonical], message=f"Write the name as '{name.canonical}'.")

    def _known(self, words: list[str]) -> bool:
        """Whether the words as written are themselves a known name ("European Council")."""
        return tuple(w.lower() for w in words) in self.exact

    def _judge(self, doc, window: list[Token], name: Name, pos: int, prev: str):
        """The finding for a window that matches `name` but for its word at `pos`, or None.

        Two questions, answered apart: is it a slip of case only ("the home
        Office"), or of one word ("European Unions")? And then, what replaces
        it, which keeps the writer's spelling and a plural's possessive.
        """
        view = doc.view
        vstart, vend = window[0].start, window[-1].end
        written = view[vstart:vend]
        words = [t.text for t in window]
        if " ".join(words).lower() in name.accepted:
            return None
        if all(fold(w) == fold(c) for w, c in zip(words, name.words)) and any(
            w.lower() != c.lower() for w, c in zip(words, name.words)
        ):
            return None  # Organisation for Organization: a dialect, not a slip
        acr = _ACRONYM_AFTER.match(view, vend, vend + 200)  # unbounded, regex seeks "(" to the end: quadratic
        before_own_acronym = bool(acr and name.acronym and acr.group(1).replace(".", "") == name.acronym.replace(".", ""))
        if all(w.lower() == c.lower() for w, c in zip(words, name.words)):
            app = _case_slip(view, words, name, vstart, written, before_own_acronym or text_facts(doc).contains(name.canonical))
            message = f"Write the name as '{name.canonical}'."
        else:
            app = self._word_slip(doc, window, name, pos, prev, before_own_acronym)
            message = f"'{written}' looks like a slip for '{name.canonical}'."
        if app is None:
            return None
        spec = name.rule
        if app is Applicability.SAFE and spec.fix is not Applicability.SAFE:
            app = spec.fix
        replacement, vend = _replacement(view, words, name, pos, vend)
        return doc.emit(
            spec,
            vstart,
            vend,
            [replacement],
            message=render(spec.message, {"name": name.canonical, "written": written}) if "{" in spec.message else message,
            applicability=app,
        )

    def _word_slip(self, doc, window: list[Token], name: Name, pos: int, prev: str, before_own_acronym: bool):
        """How sure a slip of one word of a name is, or None when the words are not the name.

        The other words must be written exactly as in the name, and the odd
        one capitalised where the name's is: "the North Atlantic treaty, which"
        is a different phrase.
        """
        view = doc.view
        vend = window[-1].end
        words = [t.text for t in window]
        written = view[window[0].start : vend]
        odd, canon_word = words[pos], name.words[pos]
        if any(w != c for j, (w, c) in enumerate(zip(words, name.words)) if j != pos):
            return None
        if canon_word[0].isupper() and not odd[0].isupper():
            return None  # a different phrase that shares words with the name
        if before_own_acronym:
            return Applicability.SAFE
        if pos == 0 and _name_came_before(view, window[0].start):
            return None  # "the United States Department of Energy": "States Department" is part of a longer name
        if _plural_slip(odd, canon_word):
            return _plural_slip_fix(doc, window, name, pos, prev, written)
        if _singular_slip(odd, canon_word):
            if name.generated and (_member_of(view, prev, vend) or not _written_elsewhere(text_facts(doc), name, -1, written)):
                # "an Australian Democrat", "the Young Socialist candidate": one
                # member; "the Australian Democrat said" may be a person too,
                # unless the text names the body in full elsewhere.
                return None
            return Applicability.SAFE
        if _derived_slip(odd, canon_word) and not _name_goes_on(view, vend):
            # "Bank of Japanese", "World Banking": a derived form of the name's
            # word, where no longer name ("World Banking Summit") goes on.
            return Applicability.SAFE
        return self._other_word_slip(doc, words, name, pos, vend, written)

    def _other_word_slip(self, doc, words: list[str], name: Name, pos: int, vend: int, written: str):
        """A word unlike the name's but near it: misspelt, grown into a compound, or a related word the text settles."""
        view = doc.view
        odd, canon_word = words[pos], name.words[pos]
        if (
            ratio(odd.lower(), canon_word.lower()) >= self.min_ratio.get(name.rule.id, 85)
            and Levenshtein.distance(odd.lower(), canon_word.lower()) <= 2
            and len(canon_word) >= 5
            and odd.lower() not in self.lexicon
        ):
            return Applicability.SAFE
        if _compound_slip(odd, canon_word) and not _name_goes_on(view, vend) and not self._known(words):
            # "Department of Healthcare": the name's word grown into a compound.
            return Applicability.SAFE
        if (
            odd[0].isupper()
            and _related_words(odd, canon_word)
            and not self._known(words)
            and not _name_goes_on(view, vend)
            and _written_elsewhere(text_facts(doc), name, pos, written)
        ):
            # "the European Committee" where the text writes "the European
            # Commission" (or "the Commission") elsewhere: a real word, but
            # the document says which body it means.
            return Applicability.SAFE
        return None


def _document_forms(words: Words) -> tuple[Counter, dict[tuple[str, ...], int]]:
    """How often the document writes each capitalised name outside headings, and where first (an offset)."""
    counts: Counter[tuple[str, ...]] = Counter()
    first_at: dict[tuple[str, ...], int] = {}
    for name, at in _capitalised_names(words):
        counts[name] += 1
        first_at.setdefault(name, words.starts[at])
    return counts, first_at


def _case_slip(view: str, words: list[str], name: Name, vstart: int, written: str, named: bool):
    """How sure a slip of case only is ("the home Office"), or None when the words may be no name at all."""
    if sum(c.isalpha() for c in written) > 1 and written.upper() == written:
        return None  # "ABN AMRO": the body's own styling in capitals, or a heading shouting
    lowered = [j for j, (w, c) in enumerate(zip(words, name.words)) if w != c and w.islower()]
    if lowered and words[0][:1].isupper() and sentence_start(view, vstart, 0):
        # "Six nations signed": the capital comes from the sentence, not the name.
        words = [words[0].lower(), *words[1:]]
    if named:
        # Its own acronym, or the document writing the name right elsewhere,
        # says this is the name.
        return Applicability.SAFE
    if name.generated and (all(w.islower() for w in words) or any(is_ordinary_word(words[j]) for j in lowered)):
        # "Manchester city centre", "a British museum", "a united Russia": no
        # one has vouched that a generated name is never such a phrase.
        return None
    if all(w.islower() for w in words) and any(is_proper_word(c) for c in name.words):
        # "bank of england": a proper noun in it rules out an ordinary phrase.
        return Applicability.SAFE
    if all(w.islower() for w in words):
        return None  # "a white house", "the world bank of seeds": maybe not the name
    if lowered and lowered[-1] == len(words) - 1 and words[-1].lower() in _GENERIC_HEADS:
        # "the Labour party": some styles lower-case the generic head.
        return Applicability.UNSAFE
    # "the home Office", "House of commons": no style writes those.
    return Applicability.SAFE


def _plural_slip_fix(doc, window: list[Token], name: Name, pos: int, prev: str, written: str):
    """How sure "the European Unions" is a slip, or None where the plural is meant ("two World Cups")."""
    canon_word = name.words[pos]
    if prev in _PLURAL_CONTEXT or prev.isdigit():
        return None  # "the Labour and Conservative Parties", "two World Cups"
    number = _plural_number(doc, window, pos, prev, name, lambda: text_facts(doc).count(written))
    if number == "plural" or (number is None and canon_word.lower() in _COUNTED_HEADS):
        # "World Cups" are counted in ordinary prose: only a sentence
        # that asks for one ("the Davis Cups was") makes it a slip.
        return None
    return Applicability.SAFE if number == "singular" else Applicability.UNSAFE


def _replacement(view: str, words: list[str], name: Name, pos: int, vend: int) -> tuple[str, int]:
    """What replaces a slip of `name`, and where the replaced span ends."""
    odd, canon_word = words[pos], name.words[pos]
    replacement = name.canonical
    singular = _depluralise(odd)
    if singular and singular.lower() != canon_word.lower() and fold(singular) == fold(canon_word):
        # "World Trade Organisations": the plural goes, the writer's spelling stays.
        replacement = " ".join(singular if j == pos else c for j, c in enumerate(name.words))
    if (
        pos == len(words) - 1
        and replacement.endswith("s")
        and not words[-1].lower().endswith("s")
        and view[vend : vend + 2] in ("'s", "’s")
        and not view[vend + 2 : vend + 3].isalnum()
    ):
        # "the Six Nation's opening game": the plural's possessive is an apostrophe alone.
        replacement += view[vend]
        vend += 2
    return replacement, vend


#: Checkers built in this process, by the rules they index: tens of thousands
#: of names take a fraction of a second to index, and an engine is built per
#: configuration (tests, the language server, every worker's settings), not
#: per name list. The checker keeps its specs alive, so their ids stay theirs.
_BUILT: dict[tuple, NamesChecker] = {}


def build(specs: list[RuleSpec], ctx) -> NamesChecker:
    extra = tuple(getattr(ctx, "extra_names", ()) or ())
    key = (tuple(id(s) for s in specs), repr(extra))
    checker = _BUILT.get(key)
    if checker is None:
        checker = _BUILT[key] = NamesChecker(specs, extra)
    return checker


KIND = Kind("names", NamesOptions, build, category="names")
