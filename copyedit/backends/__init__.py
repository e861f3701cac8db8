"""Grammar backends: engines that know English, behind the same Checker protocol.

`make_backends` turns the `--backend` list into checkers. `auto` means
LanguageTool when a server is reachable, else Harper, and says which ran.
"""

from __future__ import annotations

import sys


class BackendError(Exception):
    """A backend that cannot run; reported in one line with exit status 2."""


def make_backends(names: tuple[str, ...], settings) -> list:
    out = []
    for name in names:
        if name == "none":
            return []
        if name == "harper":
            out.append(_harper(settings))
        elif name == "languagetool":
            out.append(_languagetool(settings))
        elif name == "auto":
            lt = _languagetool_if_reachable(settings)
            if lt is not None:
                print("copyedit: backend auto: using LanguageTool", file=sys.stderr)
                out.append(lt)
            else:
                print("copyedit: backend auto: no LanguageTool reachable, using Harper", file=sys.stderr)
                out.append(_harper(settings))
    return out


def prebuild(names: tuple[str, ...], settings) -> None:
    """Let slow backends start building while the rule packs load."""
    if "harper" in names and "none" not in names:
        from copyedit.backends.harper import prebuild as harper_prebuild

        # With dialect auto a document may need either linter: build both
        # while the packs load, rather than one of them in the foreground.
        for dialect in ("us", "gb") if settings.dialect == "auto" else (settings.dialect,):
            harper_prebuild(dialect)


def _harper(settings):
    from copyedit.backends.harper import HarperChecker

    enable = {s.split(":", 1)[1] for s in settings.enable if s.startswith("harper:")}
    disable = {s.split(":", 1)[1] for s in settings.disable if s.startswith("harper:")}
    return HarperChecker("us" if settings.dialect == "auto" else settings.dialect, enable=enable, disable=disable, accept=settings.accept)


def _languagetool(settings):
    try:
        from copyedit.backends.languagetool import LanguageToolChecker
    except ImportError as e:
        raise BackendError(f"LanguageTool backend unavailable: {e}") from None
    return LanguageToolChecker.from_settings(settings)


def _languagetool_if_reachable(settings):
    try:
        from copyedit.backends.languagetool import LanguageToolChecker
    except ImportError:
        return None
    return LanguageToolChecker.if_reachable(settings)
