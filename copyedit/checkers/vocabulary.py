"""The project's reject list: words the team never wants to see, always flagged.

Like Vale's `reject.txt`: a rejected word is reported wherever it appears as
a whole word, whatever the grammar checkers think of it.
"""

from __future__ import annotations

import regex

from copyedit.model import SOURCE_RULES, Applicability, Severity


class RejectChecker:
    name = "vocabulary"

    def __init__(self, words):
        words = sorted({w for w in words if w.strip()}, key=len, reverse=True)
        self.pattern = regex.compile(r"(?<![\w-])(?:" + "|".join(regex.escape(w) for w in words) + r")(?![\w-])") if words else None

    def check(self, doc) -> list:
        if self.pattern is None:
            return []
        out = []
        for m in self.pattern.finditer(doc.view):
            s = doc.suggest(
                m.start(), m.end(), (), rule="vocabulary-reject", source=SOURCE_RULES,
                message=f"'{m.group()}' is on the project's reject list",
                category="style", severity=Severity.WARNING, applicability=Applicability.DISPLAY,
            )
            if s is not None:
                out.append(s)
        return out
