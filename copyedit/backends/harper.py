"""Harper, the embedded grammar checker: no Java, no network, milliseconds a page.

Harper reads the prose view as plain text (Markdown is already resolved by the
document), and each lint becomes a `Suggestion` through the document's offset
map. Harper is generous with advice; an editor's trust in `fix` matters more,
so only a short list of mechanical rules may produce safe fixes, and rules that
argue taste (sentence length, the Oxford comma, dash styles) are off unless a
team turns them on.
"""

from __future__ import annotations

import bisect
import re
import threading
from functools import cache, lru_cache
from typing import NamedTuple

import regex as _regex
from rapidfuzz.distance import OSA

from copyedit.backends import BackendError
from copyedit.dialects import fold, is_british_form
from copyedit.frequency import zipf
from copyedit.pronounce import read_as_letters
from copyedit.model import SOURCE_HARPER, Applicability, Severity
from copyedit.windows import char_before, pieces

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

#: Rules whose findings, when not safe, are still worth a look by default;
#: every other rule's advice (style hints such as AvoidAndAlso or
#: CondenseAllThe, which fire on correct published text far more often than
#: on slips) is info, shown with --min-level info.
WARNING_RULES = SAFE_RULES

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


class HarperError(BackendError):
    """Harper could not be loaded or failed on a document."""


_lock = threading.Lock()
_linters: dict[tuple, object] = {}
_configs: dict[int | tuple[str, int], dict] = {}
# Lints of paragraphs already seen in this process (fix re-checks unchanged
# paragraphs after every pass). Bounded: cleared when it grows too large.
_memo: dict[tuple, tuple] = {}
_MEMO_MAX = 50_000


_known: frozenset[str] | None = None

#: Words a Linter reads before it is replaced by a fresh one (None: never).
#: A Linter was seen to slow down as it reads, and once the dictionary is
#: loaded a new one costs about 0.01 s to build; but in copyedit a fresh
#: Linter every 20,000 words cost 23% more CPU over 120,000 words (16% with
#: only the main one replaced): what a Linter learns as it reads pays more
#: than its slowing costs (benchmarks/harper_recycle.py, harper-py 0.2.0).
#: Off until a Harper release changes that; the findings do not depend on it
#: (tests/test_harper_recycle.py).
RECYCLE_WORDS: int | None = None

#: Lint each paragraph in one pass (SpellCheck on, overlaps removed here) or
#: in two (SpellCheck alone over the text with names blanked): the same
#: findings (tests/test_harper_passes.py, benchmarks/harper_passes.py). One
#: pass is no cheaper on the dev and clean benches (34.8 against 34.9 CPU s
#: over 150,022 words: the spelling pass costs little), and Harper then
#: searches suggestions for every capitalised word it does not know: on text
#: dense with such names (fiction's invented ones, foreign names) it costs 40
#: times more. So two passes.
ONE_PASS = False
#: Words read so far by each linter, by its key in `_linters`.
_worn: dict[tuple, int] = {}


def _wear(key: tuple, text: str) -> None:
    """Count what a linter has read, and let it go once it has read `RECYCLE_WORDS`."""
    if RECYCLE_WORDS is None:
        return
    worn = _worn.get(key, 0) + text.count(" ") + 1
    if worn < RECYCLE_WORDS:
        _worn[key] = worn
        return
    with _lock:
        old = _linters.pop(key, None)
        _worn.pop(key, None)
        if old is not None:
            # Its configuration was recorded by id, which the next linter may reuse.
            _configs.pop(id(old), None)
            _configs.pop(("spell-config", id(old)), None)


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
            except Exception:  # noqa: BLE001 - the foreground build reports it properly
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
    key: tuple
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


def spell_linter(dialect: str):
    """This thread's linter that runs SpellCheck alone (shared with the spelling pass)."""
    linter = _linter(dialect, "spell")
    wanted = _configs.get(("spell-config", id(linter)))
    if wanted is None:
        wanted = {r: r == "SpellCheck" for r in _known_rules(linter)}
        _configs[("spell-config", id(linter))] = wanted
    if _configs.get(id(linter)) != wanted:
        linter.set_lint_config(wanted)
        _configs[id(linter)] = wanted
    return linter


@lru_cache(maxsize=65536)
def in_dictionary(word: str, dialect: str = "us") -> bool:
    """Whether Harper's dictionary accepts `word` exactly as written (`copyedit.lexicon` asks here).

    Remembered between runs (`copyedit.cache.facts`): a run whose questions
    are all answered there never loads Harper's dictionary.
    """
    if not word or not any(c.isalpha() for c in word):
        return False
    from copyedit.cache import facts

    kept = facts("harper-dictionary", harper_version(), __name__)
    if kept is None:
        return not spell_linter(dialect).lint(word, language="plaintext")
    return bool(kept.get(dialect, word, lambda: not spell_linter(dialect).lint(word, language="plaintext")))


class HarperChecker:
    name = "harper"
    source = SOURCE_HARPER

    def __init__(
        self,
        dialect: str = "us",
        enable: set[str] | None = None,
        disable: set[str] | None = None,
        accept=(),
        use_cache: bool = True,
        floor: Severity = Severity.INFO,
    ):
        self.dialect = dialect
        #: The least severe finding the run shows or applies (`least_used`).
        self.floor = floor
        self.enable = set(enable or ())
        self.disable = set(disable or ())
        self.accept = {w.lower() for w in accept}
        self._config: dict | None = None
        self.spelling = True
        self.use_cache = use_cache
        self._cache = None

    def _configure(self, linter, spelling: bool = False) -> None:
        """Apply this checker's rule switches to a shared linter, when they differ.

        Cheap when nothing changed, so two checkers with different settings can
        share the cached linters. SpellCheck is on only for the one pass that
        spells too (`spelling`); in two passes it runs in a linter of its own.
        """
        if self._config is None:
            known = _known_rules(linter)
            config = {r: False for r in DEFAULT_OFF if r in known}
            config.update({r: True for r in self.enable if r in known})
            config.update({r: False for r in self.disable if r in known})
            self.spelling = config.get("SpellCheck", True) and "SpellCheck" in known
            config["SpellCheck"] = False
            if self.floor is not Severity.INFO:
                # Every other rule's advice is info (`_suggestion`): a run
                # that neither shows nor applies info need not ask for it,
                # and Harper's cost is spread over its ~900 rules alike.
                config.update({r: False for r in known if r not in WARNING_RULES})
            self._config = config
        wanted = self._config
        if spelling and self.spelling:
            wanted = {**wanted, "SpellCheck": True}
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
        jobs = _piece_texts(doc)
        for (start, _, _, masked), raws in zip(jobs, self._lints(doc.path, [j[2] for j in jobs], doc.dialect)):
            for raw in raws:
                if masked and any(raw.start < e and raw.end > b for b, e in masked):
                    continue
                s = self._suggestion(doc, start, raw)
                if s is not None:
                    out.append(s)
        return out

    def unknown_words(self, doc) -> set[str]:
        """Every lower-case prose word Harper's dictionary lacks, before any judgement."""
        out: set[str] = set()
        if not self.spelling and self._config is not None:
            return out
        jobs = _piece_texts(doc)
        for (start, end, _, _), raws in zip(jobs, self._lints(doc.path, [j[2] for j in jobs], doc.dialect)):
            text = doc.view[start:end]
            for raw in raws:
                word = text[raw.start : raw.end]
                if raw.rule == "SpellCheck" and word.isalpha() and word.islower() and not _code_like(text, raw.start, raw.end, word):
                    out.add(word)
        return out

    def prepare(self, doc) -> None:
        """Look this document's pieces up in the cache; on a miss, start building Harper.

        The engine asks before any checker runs, so a Linter that has to be
        built (its dictionary is half a cold run) builds while the house
        rules check, and one whose answers are all cached is never built.
        """
        cache = self._results_cache()
        if cache is None or not doc.view.strip():
            return
        keys = {cache.key(doc.dialect, text) for _, _, text, _ in _piece_texts(doc)}
        if len(cache.get_many(list(keys))) < len(keys):
            prebuild(doc.dialect)

    def _lints(self, path: str, texts: list[str], dialect: str) -> list[tuple]:
        """The raw lints of each piece: from the cache, else from Harper (and then stored).

        Raw lints depend on the piece, the dialect and the rule switches
        alone; everything `_suggestion` weighs them against (word counts,
        names, the accepted vocabulary) is read afresh from the document.
        """
        cache = self._results_cache()
        if cache is None:
            return [self._lint(path, t, dialect) for t in texts]
        keys = [cache.key(dialect, t) for t in texts]
        known = cache.get_many(keys)
        cache.hits += len(known)
        fresh: dict[str, tuple] = {}
        out = []
        for k, t in zip(keys, texts):
            if k not in known and k not in fresh:
                fresh[k] = self._lint(path, t, dialect)
            out.append(known[k] if k in known else fresh[k])
        cache.misses += len(fresh)
        cache.put_many(fresh)
        return out

    def _results_cache(self):
        """This checker's cache of raw lints (None with --no-cache), opened on first use."""
        if not self.use_cache:
            return None
        if self._cache is None:
            from copyedit.cache import BackendCache

            options = {"enable": sorted(self.enable), "disable": sorted(self.disable), "floor": self.floor.value}
            self._cache = BackendCache("harper", harper_version(), options, module=__name__, record=_Raw)
        return self._cache

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    @staticmethod
    def _pieces(doc):
        """(start, end) in the view of every paragraph, or of every piece of a giant one."""
        for seg in doc.segments:
            yield from pieces(doc.view, seg.vstart, seg.vend, PIECE)

    def _lint(self, path: str, text: str, dialect: str) -> tuple:
        key = (dialect, frozenset(self.enable), frozenset(self.disable), self.floor, text)
        hit = _memo.get(key)
        if hit is not None:
            return hit
        try:
            found = self._one_pass(text, dialect) if ONE_PASS else None
            if found is None:
                found = self._two_passes(text, dialect, "main" if not ONE_PASS else "two")
        except (HarperError, KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # native code: a Rust panic arrives as pyo3's PanicException(BaseException)
            raise HarperError(f"Harper failed on {path}: {e}") from e
        raws = []
        for rule, lints in found:
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

    def _two_passes(self, text: str, dialect: str, role: str) -> list:
        """Every rule but SpellCheck over the text, then SpellCheck over it with names blanked.

        Spelling advice on a capitalised word is never used (it is a name), and
        Harper's search for one can take most of a second: such words are
        blanked out, offsets kept, for the spelling pass.
        """
        linter = _linter(dialect, role)
        self._configure(linter)
        found = list(linter.organized_lints(text, language="plaintext").items())
        _wear((dialect, threading.get_ident()) if role == "main" else (dialect, role, threading.get_ident()), text)
        if self.spelling:
            speller = spell_linter(dialect)
            blanked = _NAME_TOKEN.sub(lambda m: " " * len(m.group()), text)
            found += list(speller.organized_lints(blanked, language="plaintext").items())
            _wear((dialect, "spell", threading.get_ident()), blanked)
        return found

    def _one_pass(self, text: str, dialect: str) -> list | None:
        """What `_two_passes` finds, from one pass over the text: or None where one pass cannot tell.

        Harper parses the text once, not twice. Its overlap removal is done
        here instead, over every rule but SpellCheck, exactly as Harper does it
        (sorted by start, the longer first, a lint that starts inside the last
        one kept is dropped), so that a spelling lint never pushes out another
        rule's; and a spelling lint that touches a capitalised word is
        dropped, as blanking the word did.
        Where two lints share one span, Harper keeps one by a priority it does
        not expose: None, and the paragraph is read in two passes.
        """
        linter = _linter(dialect)
        self._configure(linter, spelling=True)
        organized = linter.organized_lints(text, language="plaintext", dedup=False)
        _wear((dialect, threading.get_ident()), text)
        spelling = organized.pop("SpellCheck", [])
        kept = _without_overlaps(organized)
        if kept is None:
            return None
        if spelling:
            names = [m.span() for m in _NAME_TOKEN.finditer(text)]
            ends = [b for _, b in names]
            spelling = [lint for lint in spelling if not _overlaps_any(names, ends, lint.span.start, lint.span.end)]
            kept.append(("SpellCheck", spelling))
        return kept

    def _suggestion(self, doc, offset: int, raw: "_Raw"):
        rule = raw.rule
        start, end = raw.start + offset, raw.end + offset
        problem = doc.view[start:end]
        if rule == "CapitalizePersonalPronouns" and (doc.view[end : end + 1] == ")" or doc.view[start - 1 : start].isalnum()):
            return None  # "(i)" or "i)" numbers a clause in a list, "2i'd" is a word of its own: not the pronoun
        if rule == "RepeatedWords" and (_differ_in_capitals(problem) or problem.rstrip().endswith(".")):
            return None  # "Bitwise AND and assignment": an operator's name, then the word; "etc. etc." is said twice on purpose
        if rule == "Spaces" and (_glued_to_next(doc.view, end) or _spaced_mark_at(doc.view, end) or not _slip_spaces(doc.view, start, end)):
            return None  # " .5s" is a token; "Must ..." and "logs -" space their mark; two spaces after a sentence are a convention
        reps = list(raw.replacements)
        message = raw.message
        app = Applicability.SAFE if rule in SAFE_RULES and len(reps) == 1 else Applicability.UNSAFE
        if rule == "SpellCheck":
            verdict = self._spelling(doc, start, end, problem, reps)
            if verdict is None:
                return None
            reps, app, severity, message = verdict
        else:
            if rule == "AnA" and (_label_not_article(doc.view, start, end) or _before_code(doc, end)):
                return None
            if rule == "DoubleModal" and problem.split()[-1].lower() in _MAIN_VERB_MODALS:
                return None  # "would dare a thousand devils": dare is the main verb
            advice = False
            if rule == "AnA" and reps:
                verdict = _article_verdict(doc.view, end, reps[0])
                if verdict is Applicability.SAFE and _code_after(doc, end):
                    verdict = Applicability.UNSAFE  # a word of code: said as written, most likely
                if verdict is None:
                    return None
                app = min(app, verdict, key=lambda a: -a.rank)
                advice = _said_as_letters(doc.view, end)
            if app is Applicability.SAFE:
                severity = Severity.ERROR
            elif rule in WARNING_RULES and not advice:
                severity = Severity.WARNING
            else:
                severity = Severity.INFO
        category = _CATEGORY.get(raw.kind, "grammar")
        return doc.suggest(
            start,
            end,
            reps,
            rule=f"harper:{rule}",
            source=SOURCE_HARPER,
            message=message,
            category=category,
            severity=severity,
            applicability=app,
        )

    def _spelling(self, doc, start: int, end: int, word: str, candidates: list[str]):
        """Whether an unknown word is worth a finding, and how far its fix can be trusted.

        Most words a dictionary lacks are right: names, jargon ("loosehead",
        "backbencher"), code, the other dialect's spellings, words the text
        uses on purpose ("accommodative" 62 times). A finding needs a word
        that looks like a slip: written once or twice, not capitalised, not
        code, with a close candidate. A fix is safe only when it is the one
        keyboard slip to a common word and the word itself is not one
        English uses ("per capita" is not "per capital"); a rare correction
        ("harpooneer" -> "harpooner") waits for a person. Returns None (say
        nothing) or (replacements, applicability, severity, message).
        """
        if self._spelling_ok(doc, start, word) or _code_like(doc.view, start, end, word):
            return None
        if _g_dropped(doc.view, end, word) or _archaic_verb(word, doc.dialect):
            return None
        variants = [c for c in candidates if _is_variant_of_any(word, [c])]
        if variants:
            # "colour" in an American text: another variety's spelling is
            # never a slip, only advice, and none at all in a text that
            # mixes varieties.
            if doc.dialect_mixed or (doc.dialect != "us" and is_british_form(word)):
                return None  # a mix, or the British form in a text that is not American
            message = f"'{word}' is not {_VARIETY.get(doc.dialect, doc.dialect)} spelling: '{variants[0]}'"
            return variants, Applicability.UNSAFE, Severity.INFO, message
        uses = _uses(doc, word)
        if uses >= _VOCABULARY_USES:
            return None  # part of this text's vocabulary, right or wrong on purpose
        if uses > 1 and _first_use(doc, word) != start:
            return None  # one finding per distinct word
        close = [c for c in candidates if _close(word, c)]
        if not close:
            return None
        message = f"Unknown word '{word}'" + (f" (used {uses} times)" if uses > 1 else "") + ": did you mean " + ", ".join(f"'{c}'" for c in close[:3]) + "?"
        typo = typo_fix(word, candidates)
        if typo is not None and uses == 1 and _likely_slip(word, typo) and _interior_slip(word, typo):
            return [typo], Applicability.SAFE, Severity.ERROR, message
        return list(candidates), Applicability.UNSAFE, Severity.INFO, message

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


def _without_overlaps(organized: dict) -> list | None:
    """Harper's overlap removal (`remove_overlaps_map`), or None when two lints share a span."""
    flat = [(lint.span.start, lint.span.end, rule, i) for rule, lints in organized.items() for i, lint in enumerate(lints)]
    if len({(a, b) for a, b, _, _ in flat}) < len(flat):
        return None
    flat.sort(key=lambda x: (x[0], -x[1]))
    dropped = set()
    cur = 0
    for start, end, rule, i in flat:
        if start < cur:
            dropped.add((rule, i))
        else:
            cur = end
    return [(rule, [lint for i, lint in enumerate(lints) if (rule, i) not in dropped]) for rule, lints in organized.items()]


def _overlaps_any(spans: list[tuple[int, int]], ends: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint `spans` (`ends` their ends)."""
    j = bisect.bisect_right(ends, start)
    return j < len(spans) and spans[j][0] < end


_LONG_TOKEN = re.compile(r"\S{100,}")
#: A word with a capital letter in it (a name, "eBay"), hyphenated parts included.
_NAME_TOKEN = _regex.compile(r"(?<![\p{L}\p{N}'’-])[\p{L}\p{M}\p{N}'’-]*\p{Lu}[\p{L}\p{M}\p{N}'’-]*")
_CAPITALISED = re.compile(r"[^\W\d_]+")


def _piece_texts(doc) -> list[tuple[int, int, str, list]]:
    """(start, end, text for Harper, masked spans) of every piece with prose, once per document.

    A "word" of hundreds of letters is data, not prose, and Harper's
    spelling search spends seconds on it: it is blanked out (offsets kept)
    and whatever Harper then says about the blank is dropped.
    """

    def make(d) -> list:
        out = []
        for start, end in HarperChecker._pieces(d):
            text = d.view[start:end]
            if not text.strip():
                continue
            masked = [m.span() for m in _LONG_TOKEN.finditer(text)]
            if masked:
                text = _LONG_TOKEN.sub(lambda m: " " * len(m.group()), text)
            out.append((start, end, text, masked))
        return out

    return doc.once(f"harper-pieces-{PIECE}", make)


@cache
def harper_version() -> str:
    """The installed harper-py's version, for the cache key; read from its metadata, without loading Harper."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("harper-py")
    except PackageNotFoundError:
        return "unknown"


def _capitalised_words(doc) -> frozenset[str]:
    """The document's capitalised words, found once per document (not per complaint)."""
    return doc.once("capitalised-words", lambda d: frozenset(w for w in _CAPITALISED.findall(d.view) if w[0].isupper()))


def _slip_spaces(view: str, start: int, end: int) -> bool:
    """Whether a run of spaces is a slip: between words or after a comma, as the house rule reads it.

    A tab is layout, never a slip: a clause number and its text
    ("**2.1**<tab>This Agreement"), columns. Harper counts it as spaces.
    """
    run = view[start:end]
    if "\t" in run:
        return False
    if len(run) < 2 or run.strip(" "):
        return True  # not a run of spaces: some other Spaces finding
    before = view[start - 1 : start]
    after = view[end : end + 1]
    if before == ":" and after.isupper():
        return False  # "Note:  If", "edits:  Observations": two spaces after a colon that opens a sentence, a convention
    return (before.isalnum() or before in (",", ";", ":")) and after.isalnum()


def _spaced_mark_at(view: str, end: int) -> bool:
    """Whether an ellipsis or a dash starts at `end`: a space before one is a style ("and so ...", "in the logs -"), not a slip."""
    return view.startswith("...", end) or view[end : end + 1] in ("…", "-", "–", "—")


def _glued_to_next(view: str, end: int) -> bool:
    """A mark at `end` with a letter or digit right after it is part of a token."""
    return end + 1 < len(view) and view[end] in ".,:;" and view[end + 1].isalnum()


def _is_variant_of_any(word: str, candidates) -> bool:
    """Another variety's spelling ("commoditising", "color" in a British text) of a candidate."""
    return any(c.lower() != word.lower() and fold(word) == fold(c) for c in candidates)


_VARIETY = {"us": "American", "gb": "British", "ca": "Canadian", "au": "Australian"}

#: A word used this many times in one document is its vocabulary, not a slip.
_VOCABULARY_USES = 3
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _words(doc) -> dict:
    """Lower-case word -> (uses, first view offset), and stem -> uses, counted once per document."""

    def count(d) -> tuple[dict, dict]:
        words: dict[str, list] = {}
        stems: dict[str, int] = {}
        for m in _WORD.finditer(d.view):
            w = m.group().lower()
            entry = words.get(w)
            if entry is None:
                words[w] = [1, m.start()]
            else:
                entry[0] += 1
            st = _stem(w)
            stems[st] = stems.get(st, 0) + 1
        return words, stems

    return doc.once("harper-word-counts", count)


def _stem(word: str) -> str:
    """A crude stem, enough to see "colocate" and "colocating" as one word used twice."""
    for suffix in ("ings", "ing", "ers", "ies", "ied", "er", "ed", "es", "s", "e", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _uses(doc, word: str) -> int:
    words, stems = _words(doc)
    low = word.lower()
    return max(words.get(low, (1, 0))[0], stems.get(_stem(low), 1))


def _first_use(doc, word: str) -> int:
    return _words(doc)[0].get(word.lower(), (1, -1))[1]


def _close(word: str, cand: str) -> bool:
    """A candidate near enough to be what the writer meant: one edit for short words, two for long."""
    if not cand.isalpha() or cand[:1].isupper() and not word[:1].isupper():
        return False
    limit = 1 if len(word) <= 4 else 2
    return OSA.distance(word.lower(), cand.lower()) <= limit


def _likely_slip(word: str, cand: str, floor: float = 2.5) -> bool:
    """The candidate is common and the word far rarer: "imprtant" for "important".

    A word English uses ("capita", "franca", "marvellous") or a correction
    English rarely uses ("harpooner", "salaamed") is not a slip being mended.
    """
    common = zipf(cand.lower())
    return common >= floor and zipf(word.lower()) <= common - 1.5


def _interior_slip(word: str, cand: str) -> bool:
    """The slip is inside the word, not at its first or last letter.

    Keyboards drop and swap letters mid-word; a different first or last
    letter ("nappishness", "capita") is far more often another word.
    """
    n = min(len(word), len(cand))
    first = next((i for i in range(n) if word[i] != cand[i]), n)
    last = next((i for i in range(1, n + 1) if word[-i] != cand[-i]), n + 1)
    return first > 0 and last > 1


def _g_dropped(view: str, end: int, word: str) -> bool:
    """"sittin'", "somethin'": dialogue written as spoken, not a slip."""
    return word.lower().endswith("in") and view[end : end + 1] in ("'", "’")


def _archaic_verb(word: str, dialect: str) -> bool:
    """"clingest", "maketh": an old verb ending on a word the dictionary knows."""
    low = word.lower()
    for suffix in ("est", "eth", "st", "th"):
        stem = low[: -len(suffix)]
        if low.endswith(suffix) and len(stem) >= 3 and (in_dictionary(stem, dialect) or in_dictionary(stem + "e", dialect)):
            return True
    return False


_CODE_NEIGHBOURS = set("./\\_@#$%<>{}[]=:~|`")


def _code_like(view: str, start: int, end: int, word: str) -> bool:
    """A file name, path or identifier part ("main.rs", "src/", "a11y"): code, not a word."""
    if any(c.isdigit() or c == "_" for c in word):
        return True
    before, after = view[start - 1 : start], view[end : end + 1]
    if before in _CODE_NEIGHBOURS and before not in ":":
        return True
    if after in _CODE_NEIGHBOURS - {".", ":"}:
        return True
    return after == "." and view[end + 1 : end + 2].isalnum()


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


#: Modals that are also ordinary verbs: "would dare", "will need", "might need".
_MAIN_VERB_MODALS = frozenset({"dare", "need", "used"})


def _label_not_article(view: str, start: int, end: int) -> bool:
    """A capital "A" inside a sentence names something ("module A is", "A&R"), it is no article.

    In a title-case headline the next word is capitalised too, and there
    "A" may well be the article. A letter closed by a bracket is a list's
    label in either case, as contracts and statutes number their clauses
    ("who (a) accesses the Service", "a) open the file").
    """
    if view[end : end + 1] == ")" and view[start:end] in ("a", "A"):
        return True
    glued = view[start - 1 : start]
    if glued and (glued.isalnum() or glued in ")]}"):
        return True  # glued to what comes before: a label ("Figure \ref{fig}a-h", "2a"), no article
    if view[start:end] != "A":
        return False
    if view[end : end + 1] not in (" ", "\u00a0"):
        return True  # part of a token: "A&R", "A/B", "A-list"
    before = char_before(view, start)
    if not before or before in ".!?:\n\"“‘'(":
        return False
    after = view[end : end + 2]
    return not after[:1].isspace() or not after[1:2].isupper()


_NEXT_WORD = re.compile(r"[\s\"'“‘(]*([\w’'.-]+)")
_AFTER_ARTICLE = re.compile(r"[\s\"'“‘(]*")


def _before_code(doc, end: int) -> bool:
    """Whether the word after an article is code or an address that is no English word ("a `u32`", "an `Rc<T>`").

    How code is read aloud decides a or an ("an f64": "an eff"), and Harper
    judges by its spelling: the writer's choice stands. Code that is an
    English word is said as one ("an `else` branch", "a `tests` module"):
    there Harper's a/an is worth a look.
    """
    if not _code_after(doc, end):
        return False
    word = _NEXT_WORD.match(doc.view, end)
    said = word.group(1).lower() if word is not None else ""
    return not (said.isalpha() and in_dictionary(said) and not read_as_letters(said))


def _code_after(doc, end: int) -> bool:
    """Whether code or an address (protected text) comes next after an article, spaces and quotes aside."""
    m = _AFTER_ARTICLE.match(doc.view, end)
    return m is not None and m.end() < len(doc.view) and doc.touches_protected(m.end(), m.end() + 1)


def _differ_in_capitals(problem: str) -> bool:
    """Whether a repeated word is written once in capitals and once not ("AND and", "IT it")."""
    words = problem.split()
    return len(words) >= 2 and len({w.isupper() and len(w) > 1 for w in words}) > 1


# Words whose "h" is silent: "an hour", "an honest man", "an honour".
_SILENT_H = ("hour", "honest", "honour", "honor", "heir", "homage")


def _said_as_letters(view: str, end: int) -> bool:
    """Whether the word after an article may be read letter by letter ("an SOW" or "a SOW", "an 8-bit").

    Which article such a word takes is the writer's reading: Harper's view
    of it is advice (info), never a warning.
    """
    m = _NEXT_WORD.match(view, end)
    if not m:
        return False
    word = m.group(1)
    return sum(c.isupper() for c in word[:3]) >= 2 or word[:1].isdigit() or read_as_letters(word.lower())


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
    if _said_as_letters(view, end):
        return Applicability.UNSAFE
    if low.startswith(("h", "u", "eu", "ew", "one", "once")):
        return Applicability.UNSAFE  # "a hotel"/"an hotel", "a Uint8Array", "a one-off": by sound
    return Applicability.SAFE


def rule_names() -> list[str]:
    from harper import get_default_lint_config

    return sorted(get_default_lint_config())
