"""Harper, the embedded grammar checker: no Java, no network, milliseconds a page.

Harper reads the prose view as plain text (Markdown is already resolved by the
document), and each lint becomes a `Suggestion` through the document's offset
map. Harper is generous with advice; an editor's trust in `fix` matters more,
so only a short list of mechanical rules may produce safe fixes, and rules that
argue taste (sentence length, the Oxford comma, dash styles) are off unless a
team turns them on.
"""

from __future__ import annotations

import re
import threading
from typing import NamedTuple

import regex as _regex
from rapidfuzz.distance import OSA

from copyedit.dialects import fold, is_british_form
from copyedit.model import SOURCE_HARPER, Applicability, Severity
from copyedit.windows import pieces

#: The most Harper reads at once: a longer paragraph is cut at sentence ends.
PIECE = 4_000

# Rules whose single suggestion is a mechanical correction an editor accepts
# without reading: "a important" -> "an important", "word ,word" -> "word, word".
SAFE_RULES = frozenset(
    {
        "AnA",
        "CommaFixes",
        "Spaces",
        "RepeatedWords",
        "CapitalizePersonalPronouns",
        "ToTo",
        "DoubleModal",
    }
)

# Off by default: matters of taste, or rules that fire on correct news copy.
DEFAULT_OFF = frozenset(
    {
        "LongSentences",
        "OxfordComma",
        "UnclosedQuotes",
        "UseEllipsisCharacter",
        "NumericRangeEnDash",
        "Dashes",
        "UseTitleCase",
        "FillerWords",
        "Hedging",
        "DiscourseMarkers",
        "BoringWords",
        "ExpandTimeShorthands",
        "ExpandMemoryShorthands",
        "SentenceCapitalization",  # headlines, list items and quotes trip it
        "NoFrenchSpaces",
        "QuoteSpacing",
        "AvoidCurses",
        "OrthographicConsistency",
        "Regionalisms",
        "DisjointPrefixes",  # "re-evaluation" is correct; it wants "reevaluation"
        # Measured on published news (bench/dev originals): these fire on
        # correct copy far more often than on slips.
        "SplitWords",  # "dancehall" -> "dance hall", "kickable" -> "kick able"
        "CompoundNouns",  # "car maker" -> "carmaker", "per cent" -> "percent"
        "TransposedSpace",  # "S Horgan" -> "SH organ"
        "TheProperNounPossessive",
        "Damages",
        "Excellent",
        "MassNouns",
    }
)

DIALECTS = {"us": "AMERICAN", "gb": "BRITISH", "uk": "BRITISH", "ca": "CANADIAN", "au": "AUSTRALIAN", "in": "INDIAN"}

_CATEGORY = {
    "Spelling": "spelling",
    "Typo": "spelling",
    "Capitalization": "capitalization",
    "Punctuation": "punctuation",
    "Formatting": "typography",
    "Repetition": "grammar",
    "Agreement": "grammar",
    "Grammar": "grammar",
    "Usage": "usage",
    "WordChoice": "usage",
    "Style": "style",
    "Readability": "style",
    "Enhancement": "style",
    "Redundancy": "style",
}

# Prefixes that Harper's tokenizer splits off, leaving a fragment its
# dictionary does not know ("pre-emptive" -> "emptive").
_PREFIX_FRAGMENT = re.compile(r"(?i)(?:^|[^\w])(?:pre|re|co|non|anti|post|semi|mid|multi|sub|inter|self|ex|de|un)-$")


class HarperError(Exception):
    """Harper could not be loaded or failed on a document."""


_lock = threading.Lock()
_linters: dict[tuple, object] = {}
_configs: dict[int, dict] = {}
# Lints of paragraphs already seen in this process (fix re-checks unchanged
# paragraphs after every pass). Bounded: cleared when it grows too large.
_memo: dict[tuple, tuple] = {}
_MEMO_MAX = 50_000


_known: frozenset[str] | None = None


def _known_rules(linter) -> frozenset[str]:
    global _known
    if _known is None:
        _known = frozenset(linter.get_default_lint_config())
    return _known


class _Raw(NamedTuple):
    rule: str
    start: int
    end: int
    replacements: tuple[str, ...]
    kind: str
    message: str


_building: dict[tuple[str, int], threading.Thread] = {}


def prebuild(dialect: str) -> None:
    """Start building this thread's linter in the background.

    Building Harper's linter takes about half a second of native code that
    releases the GIL, so the rule packs load meanwhile and a cold
    `copyedit check` waits for the slower of the two, not for both.
    """
    key = (dialect, threading.get_ident())
    with _lock:
        if key in _linters or key in _building:
            return

        def build() -> None:
            try:
                from harper import Dialect, Linter

                linter = Linter(getattr(Dialect, DIALECTS.get(dialect, "AMERICAN")))
            except Exception:  # the foreground build reports it properly
                return
            with _lock:
                _linters.setdefault(key, linter)

        t = threading.Thread(target=build, name="harper-prebuild", daemon=True)
        _building[key] = t
    t.start()


def _linter(dialect: str, role: str = "main"):
    """One Linter per dialect, role and thread: building the first costs half a second.

    The "spell" linter runs SpellCheck alone, on text whose names are blanked
    out (see `_lint`); it shares the dictionary, so it is cheap to build.
    """
    if role != "main":
        key = (dialect, role, threading.get_ident())
        if key not in _linters:
            _linter(dialect)  # build (or wait for) the first linter: it loads the dictionary
            from harper import Dialect, Linter

            with _lock:
                _linters.setdefault(key, Linter(getattr(Dialect, DIALECTS.get(dialect, "AMERICAN"))))
        return _linters[key]
    key = (dialect, threading.get_ident())
    pending = _building.pop(key, None)
    if pending is not None:
        pending.join()
    with _lock:
        if key not in _linters:
            try:
                from harper import Dialect, Linter
            except ImportError as e:  # pragma: no cover - depends on the install
                raise HarperError(f"harper-py is not installed ({e}); install it or use --backend none") from e
            name = DIALECTS.get(dialect, "AMERICAN")
            _linters[key] = Linter(getattr(Dialect, name))
        return _linters[key]


class HarperChecker:
    name = "harper"
    source = SOURCE_HARPER

    def __init__(self, dialect: str = "us", enable: set[str] | None = None, disable: set[str] | None = None, accept=()):
        self.dialect = dialect
        self.enable = set(enable or ())
        self.disable = set(disable or ())
        self.accept = {w.lower() for w in accept}
        self._config: dict | None = None
        self._spell_config: dict | None = None
        self.spelling = True

    def _configure(self, linter, role: str = "main") -> None:
        """Apply this checker's rule switches to a shared linter, when they differ.

        Cheap when nothing changed, so two checkers with different settings can
        share the cached linters. SpellCheck runs in its own linter (`_lint`).
        """
        if self._config is None:
            known = _known_rules(linter)
            config = {r: False for r in DEFAULT_OFF if r in known}
            config.update({r: True for r in self.enable if r in known})
            config.update({r: False for r in self.disable if r in known})
            self.spelling = config.get("SpellCheck", True) and "SpellCheck" in known
            config["SpellCheck"] = False
            self._config = config
            self._spell_config = {r: r == "SpellCheck" for r in known}
        wanted = self._config if role == "main" else self._spell_config
        if _configs.get(id(linter)) != wanted:
            linter.set_lint_config(wanted)
            _configs[id(linter)] = wanted

    def check(self, doc) -> list:
        """Lint paragraph by paragraph, a giant paragraph in pieces cut at sentence ends.

        Harper's cost grows faster than the text when it is given a whole
        book at once, or a 1 MB paragraph (143 s where its per-word rate says
        25 s); per paragraph, and per piece of at most `PIECE` characters, it
        stays linear, and a paragraph that `fix` did not change is never
        linted twice in a run.
        """
        if not doc.view.strip():
            return []
        out = []
        for start, end in self._pieces(doc):
            text = doc.view[start:end]
            if not text.strip():
                continue
            # A "word" of hundreds of letters is data, not prose, and Harper's
            # spelling search spends seconds on it: blank it out (offsets kept)
            # and drop whatever Harper then says about the blank.
            masked = [m.span() for m in _LONG_TOKEN.finditer(text)]
            if masked:
                text = _LONG_TOKEN.sub(lambda m: " " * len(m.group()), text)
            for raw in self._lint(doc.path, text):
                if masked and any(raw.start < e and raw.end > b for b, e in masked):
                    continue
                s = self._suggestion(doc, start, raw)
                if s is not None:
                    out.append(s)
        return out

    @staticmethod
    def _pieces(doc):
        """(start, end) in the view of every paragraph, or of every piece of a giant one."""
        for seg in doc.segments:
            yield from pieces(doc.view, seg.vstart, seg.vend, PIECE)

    def _lint(self, path: str, text: str) -> tuple:
        key = (self.dialect, frozenset(self.enable), frozenset(self.disable), text)
        hit = _memo.get(key)
        if hit is not None:
            return hit
        try:
            linter = _linter(self.dialect)
            self._configure(linter)
            passes = [linter.organized_lints(text, language="plaintext")]
            if self.spelling:
                # Spelling advice on a capitalised word is never used (it is a
                # name), and Harper's search for one can take most of a second:
                # blank such words out, offsets kept, for the spelling pass.
                speller = _linter(self.dialect, "spell")
                self._configure(speller, "spell")
                blanked = _NAME_TOKEN.sub(lambda m: " " * len(m.group()), text)
                passes.append(speller.organized_lints(blanked, language="plaintext"))
        except (HarperError, KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # native code: a Rust panic arrives as pyo3's PanicException(BaseException)
            raise HarperError(f"Harper failed on {path}: {e}") from e
        raws = []
        for rule, lints in (item for organized in passes for item in organized.items()):
            for lint in lints:
                reps = []
                problem = text[lint.span.start : lint.span.end]
                for sug in lint.suggestions:
                    kind = int(sug.kind)
                    if kind == 1:  # REMOVE
                        reps.append("")
                    elif kind == 2:  # INSERT_AFTER
                        reps.append(problem + sug.replacement_text)
                    else:
                        reps.append(sug.replacement_text)
                raws.append(_Raw(rule, lint.span.start, lint.span.end, tuple(reps), lint.lint_kind, lint.message))
        result = tuple(raws)
        if len(_memo) > _MEMO_MAX:
            _memo.clear()
        _memo[key] = result
        return result

    def _suggestion(self, doc, offset: int, raw: "_Raw"):
        rule = raw.rule
        start, end = raw.start + offset, raw.end + offset
        problem = doc.view[start:end]
        if rule == "SpellCheck" and self._spelling_ok(doc, start, problem):
            return None
        if rule == "CapitalizePersonalPronouns" and doc.view[start - 1 : start] == "(" and doc.view[end : end + 1] == ")":
            return None  # "(i)" numbers a clause in a list; it is not the pronoun
        if rule == "Spaces" and (_glued_to_next(doc.view, end) or not _slip_spaces(doc.view, start, end)):
            return None  # " .5s" is a token; two spaces after a sentence are a convention
        reps = list(raw.replacements)
        app = Applicability.SAFE if rule in SAFE_RULES and len(reps) == 1 else Applicability.UNSAFE
        if rule == "SpellCheck" and self.dialect != "us" and _british_form_of_any(problem.lower(), reps):
            return None  # "commoditising" is the British form of a word Harper knows
        if rule == "SpellCheck":
            typo = typo_fix(problem, reps)
            if typo is not None:
                reps, app = [typo], Applicability.SAFE
        if rule == "AnA" and reps:
            verdict = _article_verdict(doc.view, end, reps[0])
            if verdict is None:
                return None
            app = min(app, verdict, key=lambda a: -a.rank)
        category = _CATEGORY.get(raw.kind, "grammar")
        severity = Severity.ERROR if category in ("spelling", "grammar") else Severity.WARNING
        return doc.suggest(
            start,
            end,
            reps,
            rule=f"harper:{rule}",
            source=SOURCE_HARPER,
            message=raw.message,
            category=category,
            severity=severity,
            applicability=app,
        )

    def _spelling_ok(self, doc, start: int, word: str) -> bool:
        """Words Harper's dictionary lacks that are not misspellings.

        Capitalised words are names far more often than typos (on published
        news, nine in ten of Harper's spelling complaints), and a dictionary
        cannot correct a name anyway. Units glued to numbers (1.2bn, 5m) and
        fragments after a hyphenated prefix are not words of their own.
        """
        if word.lower() in self.accept or word[:1].isupper():
            return True
        view = doc.view
        if word[:1].upper() + word[1:] in _capitalised_words(doc):
            return True  # written as a name elsewhere: "trevor" beside "Trevor Beattie"
        if start > 0 and view[start - 1].isdigit():
            return True
        return bool(_PREFIX_FRAGMENT.search(view[max(0, start - 8) : start]))


_LONG_TOKEN = re.compile(r"\S{100,}")
#: A word with a capital letter in it (a name, "eBay"), hyphenated parts included.
_NAME_TOKEN = _regex.compile(r"(?<![\p{L}\p{N}'’-])[\p{L}\p{M}\p{N}'’-]*\p{Lu}[\p{L}\p{M}\p{N}'’-]*")
_CAPITALISED = re.compile(r"[^\W\d_]+")


def _capitalised_words(doc) -> frozenset[str]:
    """The document's capitalised words, found once per document (not per complaint)."""
    return doc.once("capitalised-words", lambda d: frozenset(w for w in _CAPITALISED.findall(d.view) if w[0].isupper()))


def _slip_spaces(view: str, start: int, end: int) -> bool:
    """Whether a run of spaces is a slip: between words or after a comma, as the house rule reads it."""
    run = view[start:end]
    if len(run) < 2 or run.strip(" "):
        return True  # not a run of spaces: some other Spaces finding
    before = view[start - 1 : start]
    after = view[end : end + 1]
    return (before.isalnum() or before in (",", ";", ":")) and after.isalnum()


def _glued_to_next(view: str, end: int) -> bool:
    """A mark at `end` with a letter or digit right after it is part of a token."""
    return end + 1 < len(view) and view[end] in ".,:;" and view[end + 1].isalnum()


def _british_form_of_any(word: str, candidates) -> bool:
    """A British spelling ("commoditising") of a candidate Harper only knows in American."""
    return is_british_form(word) and any(fold(word) == fold(c) for c in candidates)


def typo_fix(word: str, candidates) -> str | None:
    """The one correction a slip of the keyboard allows, or None if it is not that clear.

    A dropped or doubled letter, or two letters swapped ("imprtant",
    "folllowing", "buoght"), is a typo when it is the only dictionary
    candidate one edit away. British against American forms and inflections
    are not slips, and a word with several near candidates waits for a person.
    """
    if len(word) < 5 or not word.isalpha() or not word.islower():
        return None

    # Every candidate one edit away counts towards ambiguity, even kinds of
    # edit that are never fixed: "carte" is "cartel" or "cart", so neither.
    close = [c for c in candidates if c.isalpha() and c.islower() and OSA.distance(word, c) == 1]
    if len(close) != 1 or not _one_slip(word, close[0]):
        return None
    if fold(word) == fold(close[0]) or _inflection_of(word, close[0]):
        return None  # "behaviour" is British, "immediates" a plural: not slips
    return close[0]


def _inflection_of(word: str, cand: str) -> bool:
    """One is the other with an inflection ending: immediates/immediate."""
    longer, shorter = (word, cand) if len(word) > len(cand) else (cand, word)
    return longer[len(shorter) :] in ("s", "es", "d", "ed") and longer.startswith(shorter)


def _one_slip(word: str, cand: str) -> bool:
    """A dropped letter, two letters swapped, or a letter typed twice.

    Not a letter changed or an extra letter of another kind: technical words
    one such step from a dictionary word abound ("glibc", "nodejs", "ltrace",
    "panva").
    """
    if len(word) == len(cand):
        diffs = [i for i, (a, b) in enumerate(zip(word, cand)) if a != b]
        return len(diffs) == 2  # a swap ("buoght"); one difference is a changed letter
    if len(word) < len(cand):
        return True  # a dropped letter ("imprtant")
    # An extra letter: only a doubled one ("folllowing", "auxilliary").
    i = next((k for k, (a, b) in enumerate(zip(word, cand)) if a != b), len(cand))
    return (i > 0 and word[i] == word[i - 1]) or (i + 1 < len(word) and word[i] == word[i + 1])


_NEXT_WORD = re.compile(r"[\s\"'“‘(]*([\w’'.-]+)")
# Words whose "h" is silent: "an hour", "an honest man", "an honour".
_SILENT_H = ("hour", "honest", "honour", "honor", "heir", "homage")


def _article_verdict(view: str, end: int, replacement: str):
    """How far to trust Harper's a/an fix, from the word that follows.

    Harper judges by spelling; English judges by sound. Acronyms read as
    letters ("an MEP", "a UN envoy") and British "an historic" are matters a
    person must decide; a silent h ("an honour") makes "an" right.
    """
    m = _NEXT_WORD.match(view, end)
    if not m:
        return Applicability.UNSAFE
    word = m.group(1)
    low = word.lower()
    if low.startswith(_SILENT_H):
        return None if replacement.lower() == "a" else Applicability.SAFE
    if sum(c.isupper() for c in word[:3]) >= 2 or word[:1].isdigit() or _read_as_letters(low):
        return Applicability.UNSAFE
    if low.startswith(("h", "u", "eu", "ew", "one", "once")):
        return Applicability.UNSAFE  # "a hotel"/"an hotel", "a Uint8Array", "a one-off": by sound
    return Applicability.SAFE


#: Two consonants that can open an English word; any other pair ("lcov",
#: "nvm", "mkdir") is read letter by letter, which decides a or an.
_ONSETS = frozenset(
    "bl br ch cl cr dr dw fl fr gh gl gn gr kh kl kn kr ph pl pn pr ps pt rh sc sh sk sl sm sn sp sq st sw th tr ts tw wh wr".split()
)


def _read_as_letters(word: str) -> bool:
    """A lower-case token that cannot be said as a word: "an lcov file", "an npm package"."""
    head = word[:2]
    if len(head) < 2 or not head.isalpha():
        return False
    vowels = set("aeiouy")
    return head[0] not in vowels and head[1] not in vowels and head not in _ONSETS


def rule_names() -> list[str]:
    from harper import get_default_lint_config

    return sorted(get_default_lint_config())
