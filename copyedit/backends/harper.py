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

from copyedit.model import SOURCE_HARPER, Applicability, Severity

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
_linters: dict[tuple[str, int], object] = {}
_configs: dict[int, dict] = {}


def _linter(dialect: str):
    """One Linter per dialect and thread: building one costs most of a second."""
    key = (dialect, threading.get_ident())
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

    def _configure(self, linter) -> None:
        # Cheap: harper-py keeps its config in the linter; done per call so that
        # two checkers with different settings can share the cached linter.
        known = linter.get_default_lint_config()
        config = {r: False for r in DEFAULT_OFF if r in known}
        config.update({r: True for r in self.enable if r in known})
        config.update({r: False for r in self.disable if r in known})
        if _configs.get(id(linter)) != config:
            linter.set_lint_config(config)
            _configs[id(linter)] = config

    def check(self, doc) -> list:
        if not doc.view.strip():
            return []
        try:
            linter = _linter(self.dialect)
            self._configure(linter)
            organized = linter.organized_lints(doc.view, language="plaintext")
        except HarperError:
            raise
        except Exception as e:  # harper is native code; never let it take the run down
            raise HarperError(f"Harper failed on {doc.path}: {e}") from e
        out = []
        for rule, lints in organized.items():
            for lint in lints:
                s = self._suggestion(doc, rule, lint)
                if s is not None:
                    out.append(s)
        return out

    def _suggestion(self, doc, rule: str, lint):
        span = lint.span
        start, end = span.start, span.end
        problem = doc.view[start:end]
        if rule == "SpellCheck" and self._spelling_ok(doc.view, start, problem):
            return None
        reps = []
        for sug in lint.suggestions:
            kind = int(sug.kind)
            if kind == 1:  # REMOVE
                reps.append("")
            elif kind == 2:  # INSERT_AFTER
                reps.append(problem + sug.replacement_text)
            else:
                reps.append(sug.replacement_text)
        app = Applicability.SAFE if rule in SAFE_RULES and len(reps) == 1 else Applicability.UNSAFE
        category = _CATEGORY.get(lint.lint_kind, "grammar")
        severity = Severity.ERROR if category in ("spelling", "grammar") else Severity.WARNING
        return doc.suggest(
            start,
            end,
            reps,
            rule=f"harper:{rule}",
            source=SOURCE_HARPER,
            message=lint.message,
            category=category,
            severity=severity,
            applicability=app,
        )

    def _spelling_ok(self, view: str, start: int, word: str) -> bool:
        if word.lower() in self.accept:
            return True
        return bool(_PREFIX_FRAGMENT.search(view[max(0, start - 8) : start]))


def rule_names() -> list[str]:
    from harper import get_default_lint_config

    return sorted(get_default_lint_config())
