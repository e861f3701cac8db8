"""The values every part of copyedit trades in.

Every checker, house rule or grammar backend, speaks in `Suggestion`s so that the
engine can merge them and every renderer can show them without knowing who made
them. Nothing here imports from the rest of the project.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace


class Applicability(str, enum.Enum):
    """How far a fix may be trusted, after ruff's fix applicability.

    SAFE fixes are applied by `copyedit fix`; UNSAFE ones only on request
    (`--unsafe-fixes`) or after review; DISPLAY suggestions are shown, never applied.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY = "display"

    @property
    def rank(self) -> int:
        return {"safe": 0, "unsafe": 1, "display": 2}[self.value]


class Severity(str, enum.Enum):
    """How much a finding matters, as Vale's alert levels: what is printed and what fails.

    ERROR is a slip a copy editor always fixes (a safe house-rule fix, a wrong
    fixed name); WARNING is worth a look; INFO is advice (style hints, unknown
    words) shown only on request.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]

    def lower(self) -> "Severity":
        """One step less severe (info stays info)."""
        return {Severity.ERROR: Severity.WARNING}.get(self, Severity.INFO)

    def at_least(self, other: "Severity") -> bool:
        return self.rank >= other.rank


# Sources of findings: the house rules, and the built-in grammar backends.
# How they rank where they overlap (house rules first: an editorial team's
# decision outranks a generic engine's guess) is the backend registry's to
# say (`copyedit.backends.registry.priority`), so that a backend is added in
# one place.
SOURCE_RULES = "rules"
SOURCE_HARPER = "harper"
SOURCE_LANGUAGETOOL = "languagetool"


@dataclass(frozen=True)
class Suggestion:
    """One finding: a span of the file text and what could replace it.

    `start` and `end` are code-point offsets into the decoded file text (BOM
    excluded, line endings as in the file), so `text == file_text[start:end]`.
    An empty span (start == end) is an insertion point.
    """

    start: int
    end: int
    text: str
    replacements: tuple[str, ...]
    rule: str
    source: str
    message: str
    category: str = "style"
    severity: Severity = Severity.WARNING
    applicability: Applicability = Applicability.UNSAFE
    sources: tuple[str, ...] = field(default=())
    #: Set by the engine: 1-based line and column of `start`.
    line: int = 0
    column: int = 0

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end} for {self.rule}")
        if not self.sources:
            object.__setattr__(self, "sources", (self.source,))
        if self.applicability is Applicability.SAFE and len(self.replacements) != 1:
            # A fix is only safe when there is exactly one thing to do.
            object.__setattr__(self, "applicability", Applicability.UNSAFE if self.replacements else Applicability.DISPLAY)
        if not self.replacements and self.applicability is not Applicability.DISPLAY:
            object.__setattr__(self, "applicability", Applicability.DISPLAY)

    @property
    def safe(self) -> bool:
        return self.applicability is Applicability.SAFE

    @property
    def fixable(self) -> bool:
        """Whether some fix exists that a user could choose to apply."""
        return self.applicability is not Applicability.DISPLAY and bool(self.replacements)

    def edit(self, choice: int = 0) -> "Edit":
        return Edit(self.start, self.end, self.replacements[choice])

    def with_(self, **changes) -> "Suggestion":
        return replace(self, **changes)

    def minimal_edit(self) -> "Edit | None":
        """The single replacement cut down to what actually changes.

        Two checkers often flag different spans for one correction ("a" -> "an"
        and "a important" -> "an important"); comparing minimal edits shows they
        agree.
        """
        if len(self.replacements) != 1:
            return None
        return Edit(self.start, self.end, self.replacements[0]).minimal(self.text)


@dataclass(frozen=True)
class Decline:
    """A span a house rule looked at and vouches for ("had had" is English).

    A grammar backend's finding of the same kind on that span is dropped: the
    editorial team's decision outranks a generic engine's guess, whether the
    decision is "change it" or "leave it".
    """

    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Note:
    """Something a checker met that the writer must hear of, though it is no finding.

    A rule stopped by its time limit, a template that failed on a match: the
    checker returns a note beside its findings, and the engine passes it on
    with the document (`Document.notes`, shown on stderr). `incomplete` says
    the document was not checked in full, so the run must not report it clean;
    a note with no message says only that (a rule that stopped on an earlier
    document, whose note was given then).
    """

    message: str
    incomplete: bool = False


@dataclass(frozen=True, order=True)
class Edit:
    """Replace file_text[start:end] with `replacement`."""

    start: int
    end: int
    replacement: str

    def minimal(self, original: str) -> "Edit":
        """Trim the common prefix and suffix of `original` and the replacement."""
        new = self.replacement
        p = 0
        limit = min(len(original), len(new))
        while p < limit and original[p] == new[p]:
            p += 1
        s = 0
        while s < limit - p and original[len(original) - 1 - s] == new[len(new) - 1 - s]:
            s += 1
        return Edit(self.start + p, self.end - s, new[p : len(new) - s])

    def overlaps(self, other: "Edit") -> bool:
        return spans_overlap(self.start, self.end, other.start, other.end)


def spans_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two spans collide for the purpose of editing.

    Insertions (empty spans) collide with a span that strictly contains their
    point and with another insertion at the same point; adjacent spans do not.
    """
    if a_start == a_end and b_start == b_end:
        return a_start == b_start
    if a_start == a_end:
        return b_start < a_start < b_end
    if b_start == b_end:
        return a_start < b_start < a_end
    return a_start < b_end and b_start < a_end


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits; the caller guarantees they do not overlap."""
    out = []
    pos = 0
    for e in sorted(edits):
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
