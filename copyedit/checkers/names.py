"""`names` rules: fixed multi-word names written exactly as the institution does.

A name is found in one pass over the document's words, whatever the size of
the dictionary: every name of n words is indexed under its n "one word
wildcarded" keys, and each window of n words in the text is looked up under
its n keys. A window that matches a name exactly but for case, or but for one
word that is a near miss of the name's word, is a candidate:

- right before the name's own acronym in parentheses ("North Atlantic Treaty
  Association (NATO)") the intended name is certain, whatever the odd word;
- elsewhere the odd word must be a near miss (rapidfuzz ratio, or a plural or
  possessive slip: "European Unions", "Six Nation"), the other words must be
  written exactly as in the name, and the result is safe only when that holds.

A window whose odd word is lower case where the name is capitalised is a
different phrase ("the North Atlantic Treaty, which ..."), never a slip.
"""

from __future__ import annotations


import regex
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from copyedit.checkers.proper_nouns import is_proper_word, sentence_start
from copyedit.dialects import fold
from copyedit.model import SOURCE_RULES, Applicability
from copyedit.packs import PackError, RuleSpec, data_path, load_data_file

OPTIONS = {"names", "data", "min_ratio"}
CATEGORY = "names"

_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}&.'’-]*(?<![.'’-])")
_ACRONYM_AFTER = regex.compile(r"\s*\(\s*([\p{Lu}\p{N}&.-]{2,})\s*\)")
_CONNECTORS = regex.compile(r"(?:['’]s?)?[ \t\u00a0]+")  # words of a name are separated by spaces only


class Name:
    __slots__ = ("canonical", "words", "acronym", "accepted", "rule")

    def __init__(self, canonical: str, acronym: str | None, accepted: tuple[str, ...], rule: RuleSpec):
        self.canonical = canonical
        self.words = _name_words(canonical)
        self.acronym = acronym
        self.accepted = {a.lower(): a for a in accepted}
        self.rule = rule


def _entries(spec: RuleSpec) -> list:
    items = list(spec.options.get("names") or [])
    data = spec.options.get("data")
    if data:
        items.extend(_load_data(str(data_path(spec, data))))
    return items


def _load_data(path: str) -> tuple:
    raw = load_data_file(path)
    if isinstance(raw, dict):
        raw = raw.get("names")
    if not isinstance(raw, list):
        raise PackError(f"{path}: names data must be a list of names")
    return tuple(raw)


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


def validate(spec: RuleSpec) -> None:
    entries = _entries(spec)
    if not entries:
        raise PackError(f"{spec.where()}: a names rule needs 'names' or 'data'")
    for item in entries:
        name, _, _ = _normalise(item, spec.where())
        if len(name.split()) < 2:
            raise PackError(f"{spec.where()}: {name!r}: fixed names have at least two words (use proper_nouns for single words)")
    r = spec.options.get("min_ratio", 85)
    if not isinstance(r, (int, float)) or not 50 <= r <= 100:
        raise PackError(f"{spec.where()}: 'min_ratio' must be a number from 50 to 100")


def entry_count(spec: RuleSpec) -> int:
    return len(_entries(spec))


_POSSESSIVE = regex.compile(r"['’]s?$")
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
    if nxt.islower() and nxt.endswith("s") and not nxt.endswith(("ss", "us", "is")) and nxt not in _S_FUNCTION_WORDS:
        return "singular"  # "European Unions customs tariffs": a noun or a verb for one
    if name.words[pos].lower() in _PLACE_HEADS:
        return "singular"
    if count_same() == 1 and (
        regex.search(r"(?<![\w-])" + regex.escape(name.canonical) + r"(?![\w-])", view)
        or (name.acronym and regex.search(r"(?<![\w.-])" + regex.escape(name.acronym) + r"(?![\w-])", view))
    ):
        return "singular"  # the document names the one body elsewhere
    return None


def _plural_slip(word: str, canon: str) -> bool:
    """A plural where the name has a singular: Unions, Streets, Parties."""
    w, c = word.lower(), canon.lower()
    return w in {c + "s", c + "es", c[:-1] + "ies" if c.endswith("y") else None}


def _singular_slip(word: str, canon: str) -> bool:
    """A singular where the name has a plural: Six Nation, House of Lord."""
    w, c = word.lower(), canon.lower()
    return (c.endswith("s") and w == c[:-1]) or (c.endswith("ies") and w == c[:-3] + "y")


_DERIVATIONS = ("ing", "ese", "ish", "ian")  # not -er: "European Commissioner" is a title


def _derived_slip(word: str, canon: str) -> bool:
    """A word derived from the name's word: Banking for Bank, Japanese for Japan."""
    w, c = word.lower(), canon.lower()
    return len(c) >= 4 and w.startswith(c) and w[len(c) :] in _DERIVATIONS


def _name_goes_on(view: str, end: int) -> bool:
    """Whether a capitalised word follows: the window may be part of a longer name."""
    m = _NEXT_CAPITAL.match(view, end, end + 60)
    return m is not None


_NEXT_CAPITAL = regex.compile(r"[ \t\u00a0]+(?:of[ \t]+|for[ \t]+|and[ \t]+)?\p{Lu}")


class Token:
    """A word of the text, its possessive ending kept apart ("Union" of "Union's")."""

    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text


def tokens(view: str, start: int, end: int) -> list[Token]:
    out = []
    for m in _WORD.finditer(view, start, end):
        s, e, t = m.start(), m.end(), m.group()
        p = _POSSESSIVE.search(t)
        if p and p.start() > 0:
            e -= len(p.group())
            t = t[: p.start()]
        out.append(Token(s, e, t))
    return out


def _name_words(canonical: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokens(canonical, 0, len(canonical)))


class NamesChecker:
    name = "names"

    def __init__(self, specs: list[RuleSpec], extra: tuple = ()):
        self.index: dict[tuple, list[tuple[Name, int]]] = {}
        self.lengths: set[int] = set()
        self.min_ratio = {}
        self.lexicon: set[str] = set()
        #: Every correct way of writing a known name, by its words in lower case.
        self.exact: dict[tuple, set[str]] = {}
        all_items = [(spec, item) for spec in specs for item in _entries(spec)]
        if extra and specs:
            all_items += [(specs[0], item) for item in extra]
        for spec, item in all_items:
            canonical, acronym, accepted = _normalise(item, spec.where())
            name = Name(" ".join(canonical.split()), acronym, accepted, spec)
            n = len(name.words)
            self.lengths.add(n)
            low = tuple(w.lower() for w in name.words)
            self.lexicon.update(low)
            for form in (name.canonical, *accepted):
                words = _name_words(form)
                self.exact.setdefault(tuple(w.lower() for w in words), set()).add(" ".join(words))
                self.lengths.add(len(words))
            for i in range(n):
                key = low[:i] + ("*",) + low[i + 1 :]
                self.index.setdefault(key, []).append((name, i))
            self.min_ratio[spec.id] = spec.options.get("min_ratio", 85)
        self.lengths_desc = sorted(self.lengths, reverse=True)

    def check(self, doc) -> list:
        view = doc.view
        out = []
        for seg in doc.segments:
            words = tokens(view, seg.vstart, seg.vend)
            # Runs of words separated by spaces only: a name never spans a comma.
            runs: list[list[Token]] = []
            for t in words:
                if runs and _CONNECTORS.fullmatch(view, runs[-1][-1].end, t.start):
                    runs[-1].append(t)
                else:
                    runs.append([t])
            for i, run in enumerate(runs):
                # The word before a comma-separated run still counts for plurals
                # ("the Labour, Conservative Parties").
                last = runs[i - 1][-1] if i else None
                before = last.text.lower() if last and view[last.end : run[0].start].strip() == "," else None
                out.extend(self._check_run(doc, run, before))
        return out

    def _check_run(self, doc, run: list[Token], before_run: str | None) -> list:
        out = []
        taken_until = -1
        lows = [t.text.lower() for t in run]
        for start in range(len(run)):
            if run[start].start < taken_until:
                continue
            prev = lows[start - 1] if start else (before_run or "")
            found = None
            consumed = 0
            for n in self.lengths_desc:
                if start + n > len(run):
                    continue
                window = tuple(lows[start : start + n])
                written_words = [t.text for t in run[start : start + n]]
                if " ".join(written_words) in self.exact.get(window, ()):
                    consumed = n  # written correctly: nothing inside it is a slip
                    break
                for i in range(n):
                    key = window[:i] + ("*",) + window[i + 1 :]
                    for name, pos in self.index.get(key, ()):
                        found = self._judge(doc, run[start : start + n], name, pos, prev)
                        if found is not None:
                            break
                    if found is not None:
                        break
                if found is not None:
                    consumed = n
                    break
            if found is not None:
                out.append(found)
            if consumed:
                taken_until = run[start + consumed - 1].end
        return out

    def _judge(self, doc, window: list[Token], name: Name, pos: int, prev: str):
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
        odd, canon_word = words[pos], name.words[pos]
        others_exact = all(w == c for j, (w, c) in enumerate(zip(words, name.words)) if j != pos)
        acr = _ACRONYM_AFTER.match(view, vend, vend + 200)  # unbounded, regex seeks "(" to the end: quadratic
        before_own_acronym = bool(acr and name.acronym and acr.group(1).replace(".", "") == name.acronym.replace(".", ""))
        if all(w.lower() == c.lower() for w, c in zip(words, name.words)):
            if sum(c.isalpha() for c in written) > 1 and written.upper() == written:
                return None  # "ABN AMRO": the body's own styling in capitals, or a heading shouting
            lowered = [j for j, (w, c) in enumerate(zip(words, name.words)) if w != c and w.islower()]
            if lowered and words[0][:1].isupper() and sentence_start(view, vstart, 0):
                # "Six nations signed": the capital comes from the sentence, not the name.
                words = [words[0].lower(), *words[1:]]
            if before_own_acronym or name.canonical in view:
                # Its own acronym, or the document writing the name right elsewhere,
                # says this is the name.
                app = Applicability.SAFE
            elif all(w.islower() for w in words) and any(is_proper_word(c) for c in name.words):
                # "bank of england": a proper noun in it rules out an ordinary phrase.
                app = Applicability.SAFE
            elif all(w.islower() for w in words):
                return None  # "a white house", "the world bank of seeds": maybe not the name
            elif lowered and lowered[-1] == len(words) - 1 and words[-1].lower() in _GENERIC_HEADS:
                # "the Labour party": some styles lower-case the generic head.
                app = Applicability.UNSAFE
            else:
                # "the home Office", "House of commons": no style writes those.
                app = Applicability.SAFE
            message = f"Write the name as '{name.canonical}'."
        else:
            if not others_exact:
                return None
            if canon_word[0].isupper() and not odd[0].isupper():
                return None  # a different phrase that shares words with the name
            if before_own_acronym:
                app = Applicability.SAFE
            elif _plural_slip(odd, canon_word):
                if prev in _PLURAL_CONTEXT or prev.isdigit() or canon_word.lower() in _COUNTED_HEADS:
                    return None  # "the Labour and Conservative Parties", "two World Cups"
                number = _plural_number(doc, window, pos, prev, name, lambda: view.count(written))
                if number == "plural":
                    return None
                app = Applicability.SAFE if number == "singular" else Applicability.UNSAFE
            elif _singular_slip(odd, canon_word):
                app = Applicability.SAFE
            elif _derived_slip(odd, canon_word) and not _name_goes_on(view, vend):
                # "Bank of Japanese", "World Banking": a derived form of the name's
                # word, where no longer name ("World Banking Summit") goes on.
                app = Applicability.SAFE
            elif (
                ratio(odd.lower(), canon_word.lower()) >= self.min_ratio.get(name.rule.id, 85)
                and Levenshtein.distance(odd.lower(), canon_word.lower()) <= 2
                and len(canon_word) >= 5
                and odd.lower() not in self.lexicon
            ):
                app = Applicability.SAFE
            else:
                return None
            message = f"'{written}' looks like a slip for '{name.canonical}'."
        spec = name.rule
        if app is Applicability.SAFE and spec.fix is not Applicability.SAFE:
            app = spec.fix
        return doc.suggest(
            vstart,
            vend,
            [name.canonical],
            rule=spec.id,
            source=SOURCE_RULES,
            message=spec.message.replace("{name}", name.canonical).replace("{written}", written) if "{" in spec.message else message,
            category=spec.category,
            severity=spec.severity,
            applicability=app,
        )


def build(specs: list[RuleSpec], ctx) -> NamesChecker:
    return NamesChecker(specs, tuple(getattr(ctx, "extra_names", ()) or ()))
