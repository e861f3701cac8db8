"""`acronyms` rules: "Expansion (ACRONYM)" must spell out what the acronym stands for.

A known acronym (from the rule's data, such as the names pack's institutions)
must follow its known expansion; a near miss is corrected to it ("North
Atlantic Treaty Association (NATO)"), safe when one word differs, since the
acronym says which body is meant. An acronym whose letters cannot be found in
order in the words before it, by the Schwartz-Hearst test that biomedical text
mining uses to pair abbreviations with their definitions, is reported without
a fix: only the writer knows which of the two is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex
from rapidfuzz.fuzz import ratio

from copyedit.checkers import Kind
from copyedit.checkers.names import _normalise, data_files, flagged_entries, tokens
from copyedit.checkers.options import Options, derived, known_keys
from copyedit.dialects import fold
from copyedit.model import Applicability
from copyedit.rulespec import RuleSpec

_PAREN = regex.compile(r"\(\s*(\p{Lu}[\p{L}\p{N}&.-]*\p{Lu}[\p{L}\p{N}&.-]*|\p{Lu}{2,}s?)\s*\)")
#: The most words read back from a bracket for an expansion no rule knows:
#: a run of capitalised words this long is a title or a list, not a name,
#: and reading further would make a paragraph's cost grow with its square.
_MAX_RUN = 40
_MINOR = frozenset("of and for the on in to at de du des la le del der und y et & on".split())


@dataclass(frozen=True)
class AcronymOptions(Options):
    """Acronyms with their expansions (given, or from names data) and how near a slip must come."""

    data: str | tuple[str, ...] | None = None
    acronyms: tuple = ()
    min_ratio: float = 80
    check_unknown: bool = True
    #: (acronym, expansion) for every expansion the rule knows.
    pairs: tuple[tuple[str, str], ...] = derived(default=())

    @classmethod
    def parse(cls, raw, rule: RuleSpec) -> "AcronymOptions":
        keys = known_keys(cls, raw, rule)
        if not (keys.get("data") or keys.get("acronyms")):
            raise rule.error("an acronyms rule needs 'data' (names with acronyms) or 'acronyms'")
        pairs = _pairs(keys, rule)
        r = keys.get("min_ratio", 80)
        if not isinstance(r, (int, float)) or not 50 <= r <= 100:
            raise rule.error("'min_ratio' must be a number from 50 to 100")
        data = keys.get("data")
        return cls(
            data=tuple(data) if isinstance(data, list) else data,
            acronyms=tuple(keys.get("acronyms") or ()),
            min_ratio=r,
            check_unknown=keys.get("check_unknown", True),
            pairs=tuple(pairs),
        )

    def entry_count(self) -> int:
        return len({a for a, _ in self.pairs})


def _pairs(keys: dict, rule: RuleSpec) -> list[tuple[str, str]]:
    out = []
    if keys.get("data"):
        for item, _ in flagged_entries((), data_files(keys["data"], rule)):
            name, acronym, accepted = _normalise(item, rule.where())
            if acronym:
                out.append((acronym, name))
                out.extend((acronym, a) for a in accepted)
    for item in keys.get("acronyms") or ():
        if not isinstance(item, dict) or not {"acronym", "expansion"} <= set(item):
            raise rule.error("each entry of 'acronyms' needs 'acronym' and 'expansion'")
        out.append((str(item["acronym"]), str(item["expansion"])))
    return out


def schwartz_hearst(short: str, long: str) -> int | None:
    """Where in `long` the definition of `short` starts, or None if it cannot.

    Every letter or digit of the acronym must occur in order in the text, the
    first one at the start of a word (Schwartz and Hearst, 2003).
    """
    s = len(short) - 1
    i = len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (long[i].lower() != c or (s == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    return i + 1


_NAME_GOES_ON = regex.compile(r"[ \t\u00a0]+\p{Lu}\p{Ll}")
#: Words an acronym may write as X: "Cross Site Scripting (XSS)", "transfer (XFER)".
_X_WORDS = regex.compile(r"(?i)(?<![\p{L}\p{N}])(?=cross|trans)")


def _spelt_out(acronym: str, text: str) -> bool:
    """Whether the words before the bracket spell the acronym out.

    Beyond the Schwartz-Hearst test itself: X stands for "cross" or "trans"
    (XSS, Cross-Site Scripting), and in a compound acronym only the last
    part need be spelt out here ("Accessible Rich Internet Applications
    (WAI-ARIA)": WAI, the Web Accessibility Initiative, is named elsewhere).
    """
    for candidate in (text, _X_WORDS.sub("x", text)):
        if schwartz_hearst(acronym, candidate) is not None:
            return True
        parts = [p for p in acronym.split("-") if p]
        if len(parts) > 1 and len(parts[-1]) >= 2 and schwartz_hearst(parts[-1], candidate) is not None:
            return True
    return False


def _key(acronym: str) -> str:
    return acronym.replace(".", "").rstrip("s") if acronym.endswith("s") and acronym[:-1].isupper() else acronym.replace(".", "")


#: What may stand between the words of a name: spaces, a line break, "&", "/" or a hyphen.
_JOINERS = " \t\n\u00a0&/-"


class AcronymChecker:
    name = "acronyms"

    def __init__(self, specs: list[RuleSpec]):
        self.known: dict[str, list[tuple[tuple[str, ...], str, RuleSpec]]] = {}
        self.specs = specs
        for spec in specs:
            for acronym, expansion in spec.options.pairs:
                words = tuple(t.text for t in tokens(expansion, 0, len(expansion)))
                self.known.setdefault(_key(acronym), []).append((words, expansion, spec))
        self.unknown_spec = next((s for s in specs if s.options.check_unknown), None)
        #: The most words before a bracket any check reads: the longest known
        #: expansion, or the run an unknown acronym's expansion may take.
        self.reach = max([_MAX_RUN, *(len(words) for entries in self.known.values() for words, _, _ in entries)])

    def check(self, doc) -> list:
        view = doc.view
        out = []
        for seg in doc.segments:
            for m in _PAREN.finditer(view, seg.vstart, seg.vend):
                acronym = m.group(1)
                # The bracket is no word character, so no word runs across it.
                words = words_before(view, seg.vstart, m.start(), self.reach)
                k = len(words)
                # The expansion is the run of words right before the bracket.
                if not k or view[words[k - 1].end : m.start()].strip() not in ("", "'s", "’s"):
                    continue
                before = _Before(words, k)
                # "Best Contemporary (R&R) Vocal Performance": a bracket inside a
                # name that goes on is a qualifier of the name, not its expansion.
                inside_name = _NAME_GOES_ON.match(view, m.end()) is not None
                s = self._check_one(doc, acronym, before, m.start(), inside_name)
                if s is not None:
                    out.append(s)
        return out

    def _check_one(self, doc, acronym: str, before: "_Before", paren_start: int, inside_name: bool = False):
        view = doc.view
        entries = self.known.get(_key(acronym))
        if entries:
            best = None
            for words, expansion, spec in entries:
                n = len(words)
                if len(before) < n:
                    continue
                window = before.last(n)
                written = [t.text for t in window]
                if all(fold(w) == fold(c) for w, c in zip(written, words)):
                    return None  # written as known (or in the other dialect)
                score = ratio(" ".join(written).lower(), " ".join(words).lower())
                differ = sum(1 for w, c in zip(written, words) if w.lower() != c.lower())
                if score >= spec.options.min_ratio or (differ == 1 and n >= 3):
                    cand = (differ, -score, window, expansion, spec)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
            if best is not None:
                differ, _, window, expansion, spec = best
                app = Applicability.SAFE if differ <= 1 and spec.fix is Applicability.SAFE else Applicability.UNSAFE
                written = view[window[0].start : window[-1].end]
                return doc.emit(
                    spec, window[0].start, window[-1].end, [expansion], message=f"{acronym} stands for '{expansion}', not '{written}'.", applicability=app
                )
        return None if inside_name else self._check_unknown(doc, acronym, before)

    def _check_unknown(self, doc, acronym: str, before: "_Before"):
        spec = self.unknown_spec
        if spec is None:
            return None
        run: list  # the words of the expansion, nearest the bracket first

        # Only "Capitalised Words (ACR)" reads as an expansion; "the firm (IBM)" does not.
        run = []
        view = doc.view
        for t in before.backwards(_MAX_RUN):
            if run and view[t.end : run[-1].start].strip(_JOINERS):
                break  # a comma or a bracket between: "MAESTRO, John Bell (LBL), Chris Malone (LANL)" is a list
            if t.text[0].isupper() or (t.text.lower() in _MINOR and run):
                run.append(t)
            else:
                break
        while run and run[-1].text.lower() in _MINOR:
            run.pop()
        run.reverse()
        if sum(1 for t in run if t.text[0].isupper()) < 2:
            return None
        letters = [c for c in acronym if c.isalnum()]
        if len(letters) < 2:
            return None
        if sum(c.islower() for c in letters) > sum(c.isupper() for c in letters):
            return None  # "(TechDirt)": a name in camel case, no acronym
        if not _may_expand(run, letters[0]):
            return None  # "General Counsel (PDF)", "Michael Lijewski (LBL)": a label or an affiliation, no attempt at the letters
        text = " ".join(view[run[0].start : run[-1].end].split())
        if _spelt_out(acronym, text) or _spelt_out("".join(c for c in acronym if not c.isdigit()), text):
            return None  # a number in an acronym is a version or a count ("Google Analytics (GA4)")
        return doc.emit(
            spec,
            run[0].start,
            run[-1].end,
            [],
            message=f"The letters of {acronym} do not fit '{text}': check the name or the acronym.",
            applicability=Applicability.DISPLAY,
        )


_SPACE = regex.compile(r"\s")


def words_before(view: str, start: int, end: int, need: int) -> list:
    """The words of view[start:end], or at least the last `need` of them: as many as a bracket's checks read.

    A paragraph of a megabyte with a bracket in it would otherwise be cut
    into words whole, at a cost its words pay per word. The piece read
    starts just after a space, which no word holds, so its words are those
    the whole paragraph has there; it grows until it holds `need` words or
    reaches `start`.
    """
    reach = 16 * need
    while True:
        lo = end - reach
        if lo > start:
            space = _SPACE.search(view, lo, end)
            lo = space.end() if space is not None else end
        else:
            lo = start
        words = tokens(view, lo, end)
        if lo == start or len(words) >= need:
            return words
        reach *= 4


def _may_expand(run: list, first: str) -> bool:
    """Whether some tail of the run, two capitalised words or more, starts with the acronym's first letter.

    An expansion starts where its acronym does ("Harbour Preservation League
    (HPC)"); a person's name before an affiliation ("Michael Lijewski
    (LBL)") or a title before a file's format does not.
    """
    first = first.upper()
    for i, t in enumerate(run):
        if t.text[:1].upper() == first and sum(1 for u in run[i:] if u.text[0].isupper()) >= 2:
            return True
    return False


class _Before:
    """The words before a bracket (`words_before`), read from the nearest back.

    Each check asks for the last few words only: the last `n` for a known
    expansion, a bounded run back for an unknown one.
    """

    __slots__ = ("words", "end")

    def __init__(self, words: list, end: int):
        self.words, self.end = words, end

    def __len__(self) -> int:
        return self.end

    def last(self, n: int) -> list:
        return self.words[self.end - n : self.end]

    def backwards(self, limit: int):
        """The words nearest the bracket first, at most `limit` of them."""
        for i in range(self.end - 1, max(-1, self.end - 1 - limit), -1):
            yield self.words[i]


def build(specs: list[RuleSpec], ctx) -> AcronymChecker:
    return AcronymChecker(specs)


KIND = Kind("acronyms", AcronymOptions, build, category="names")
