"""The public Python API: load settings once, then check and fix texts.

    import copyedit

    editor = copyedit.load(config=".copyedit.toml")        # or copyedit.load(dialect="gb")
    for f in editor.check(text, fmt="markdown"):
        print(f.line, f.column, f.rule, f.message, f.replacements)
    result = editor.fix(text)                              # result.text, result.applied

Kept stable like the JSON output: a `Finding` has the same fields as a JSON
suggestion, and fields are only ever added. An `Editor` is picklable and
small (it carries its settings, not its engine): the engine is built once per
process the first time it is needed, and shared by every `Editor` with the
same settings, so a worker of a distributed scan builds it once, not once per
document.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, fields

from copyedit.config import Settings, load_config, normalise_dialect, normalise_level, parse_backends, settings_for


@dataclass(frozen=True)
class Finding:
    """One finding, with the fields of a suggestion in `copyedit check --format json`."""

    start: int
    end: int
    line: int
    column: int
    text: str
    replacements: tuple[str, ...]
    rule: str
    source: str
    sources: tuple[str, ...]
    category: str
    message: str
    severity: str
    safe: bool
    applicability: str

    @classmethod
    def of(cls, s) -> "Finding":
        return cls(
            start=s.start,
            end=s.end,
            line=s.line,
            column=s.column,
            text=s.text,
            replacements=tuple(s.replacements),
            rule=s.rule,
            source=s.source,
            sources=tuple(s.sources),
            category=s.category,
            message=s.message,
            severity=s.severity.value,
            safe=s.safe,
            applicability=s.applicability.value,
        )

    def to_dict(self) -> dict:
        """As in the JSON output (lists, not tuples)."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["replacements"] = list(self.replacements)
        d["sources"] = list(self.sources)
        return d


@dataclass(frozen=True)
class Fixed:
    """What `Editor.fix` did: the fixed text, the fixes applied, and what is left for a person."""

    text: str
    applied: tuple[Finding, ...]
    remaining: tuple[Finding, ...]
    dialect: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.applied)


_engines: dict[str, object] = {}
_engines_lock = threading.Lock()


class Editor:
    """Settings, and the engine they make, built lazily once per process."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def __getstate__(self) -> dict:
        return {"settings": self.settings}

    def __setstate__(self, state: dict) -> None:
        self.settings = state["settings"]

    def __repr__(self) -> str:
        return f"Editor(dialect={self.settings.dialect!r}, backends={self.settings.backends!r})"

    @property
    def engine(self):
        """This process's engine for these settings (built on first use)."""
        key = repr(self.settings)
        engine = _engines.get(key)
        if engine is None:
            with _engines_lock:
                engine = _engines.get(key)
                if engine is None:
                    from copyedit.engine import build_engine

                    engine = _engines[key] = build_engine(self.settings)
        return engine

    def release(self) -> None:
        """Drop this process's engine for these settings (built again if used again).

        A long-lived process whose settings change (the language server, as a
        writer adds words to the vocabulary) would otherwise keep every engine
        it ever built.
        """
        with _engines_lock:
            _engines.pop(repr(self.settings), None)

    def check(self, text: str, fmt: str = "text", path: str | None = None) -> list[Finding]:
        """The findings `copyedit check` would report for `text` (at or above min-level).

        `fmt` is "text" or "markdown"; `path` only names the text in messages.
        """
        from copyedit.filters.display import shown

        _, found = self.engine.check_text(path or _default_name(fmt), text, _fmt(fmt))
        return [Finding.of(s) for s in shown(found, self.settings)]

    def fix(self, text: str, fmt: str = "text", path: str | None = None, unsafe: bool | None = None) -> Fixed:
        """The text `copyedit fix` would write, the fixes it applied and what it left."""
        from copyedit.filters.display import shown
        from copyedit.fixer import fix_text

        unsafe = self.settings.unsafe_fixes if unsafe is None else unsafe
        # Unsafe fixes are applied whatever their severity: an engine built
        # for what these settings show would not look for them all.
        editor = self if unsafe == self.settings.unsafe_fixes else Editor(self.settings.replace(unsafe_fixes=unsafe))
        result = fix_text(editor.engine, path or _default_name(fmt), text, _fmt(fmt), unsafe=unsafe)
        return Fixed(
            text=result.text,
            applied=tuple(Finding.of(s) for s in result.applied),
            remaining=tuple(Finding.of(s) for s in shown(result.remaining, self.settings)),
            dialect=result.dialect,
        )


def _fmt(fmt: str | None) -> str | None:
    if fmt in (None, "auto"):
        return None
    if fmt not in ("text", "markdown"):
        raise ValueError(f"unknown format {fmt!r} (use text or markdown)")
    return fmt


def _default_name(fmt: str | None) -> str:
    return "<text>.md" if fmt == "markdown" else "<text>"


_OVERRIDES = {
    "dialect": lambda v: normalise_dialect(v, "dialect"),
    "backends": lambda v: parse_backends(v, "backends"),
    "min_level": lambda v: normalise_level(v, "min_level"),
    "fail_level": lambda v: normalise_level(v, "fail_level"),
}


def load(
    config: str | os.PathLike | None = None,
    backends=None,
    *,
    near: str | os.PathLike | None = None,
    isolated: bool = False,
    **overrides,
) -> Editor:
    """An `Editor` from a config file, or the config found near a path, plus overrides.

    `config` names a `.copyedit.toml` or `pyproject.toml`; `near` finds the
    nearest one to a file or folder as the CLI does; `isolated` uses none.
    `backends` ("harper", "none", ["harper", "languagetool"]) and keyword
    overrides (dialect="gb", min_level="info", disable=("harper",), ...)
    take precedence over the file. Errors are `copyedit.ConfigError`.
    """
    if config is not None:
        settings = load_config(config)
    elif near is not None and not isolated:
        settings = settings_for([str(near)])
    else:
        settings = Settings()
    changes: dict = {}
    if backends is not None:
        changes["backends"] = parse_backends(backends, "backends")
    known = {f.name for f in fields(Settings)}
    for key, value in overrides.items():
        if key not in known:
            from copyedit.config import ConfigError

            raise ConfigError(f"unknown setting {key!r} (known: {', '.join(sorted(known))})")
        convert = _OVERRIDES.get(key)
        if convert is not None:
            value = convert(value)
        elif isinstance(value, list):
            value = tuple(value)
        changes[key] = value
    return Editor(settings.replace(**changes) if changes else settings)
