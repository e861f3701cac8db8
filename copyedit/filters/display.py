"""What a run shows: findings at or above min-level (or fail-level, if lower).

Display only: `fix` applies every safe fix whatever its severity, so this
filter runs on what is reported, never inside the fix loop.
"""

from __future__ import annotations

from copyedit.filters import Filter, Pass
from copyedit.model import Severity, Suggestion


class MinLevel(Filter):
    name = "min-level"

    def __init__(self, min_level: str = "warning", fail_level: str = "error"):
        # A fail level below the min level shows those findings too: a run
        # must never fail on something it did not show.
        self.floor = min(Severity(min_level), Severity(fail_level), key=lambda v: v.rank)

    @classmethod
    def of(cls, levels) -> "MinLevel":
        """From anything with `min_level` and `fail_level` (settings, run options)."""
        return cls(levels.min_level, levels.fail_level)

    def apply(self, found: list[Suggestion], at: Pass | None = None) -> list[Suggestion]:
        """Run on what is reported, after the passes: it needs no pass, so `at` may be None."""
        return [s for s in found if self.keep(s, at)]

    def keep(self, s, at) -> bool:
        return s.severity.at_least(self.floor)


def shown(found: list[Suggestion], levels) -> list[Suggestion]:
    """The findings a run reports: at or above min-level (or fail-level, if lower).

    `levels` is the settings or the run options: anything with `min_level`
    and `fail_level`.
    """
    keep = MinLevel.of(levels).keep
    return [s for s in found if keep(s, None)]


def least_used(settings) -> Severity:
    """The least severe finding a run with these settings shows or applies: a checker need not look below it.

    A run shows findings at or above min-level (fail-level, if lower), and
    applies every safe fix; `--unsafe-fixes` applies unsafe ones whatever
    their severity, so then nothing is beneath notice.
    """
    if getattr(settings, "unsafe_fixes", False):
        return Severity.INFO
    return MinLevel.of(settings).floor


def fails(found: list[Suggestion], levels) -> bool:
    """Whether findings make the run fail: any at or above fail-level."""
    level = Severity(levels.fail_level)
    return any(s.severity.at_least(level) for s in found)
