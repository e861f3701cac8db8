"""Which settings check a document: its project's config, then the editor's settings.

A document is checked as `copyedit check` would check its file: the nearest
`.copyedit.toml` or `[tool.copyedit]` walking up from its folder. What the
editor sends (`initializationOptions`, `workspace/didChangeConfiguration`)
goes on top, as command-line options do: a writer can try another dialect or
a pack without touching the project's file. A bad value is reported and
ignored; it never stops the server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from copyedit.config import CONFIG_NAMES, ConfigError, find_config, normalise_dialect, normalise_level, parse_backends

#: How long edits must pause, once they come in a burst, before the document is checked.
DEFAULT_DEBOUNCE_MS = 30


@dataclass(frozen=True)
class ClientSettings:
    """What the editor asked for; None or empty means "as the project's config says"."""

    backends: tuple[str, ...] | None = None
    dialect: str | None = None
    min_level: str | None = None
    enable_packs: tuple[str, ...] = ()
    disable_packs: tuple[str, ...] = ()
    lt_url: str | None = None
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    #: Problems with the values sent, one line each, for a message to the user.
    errors: tuple[str, ...] = field(default=(), compare=False)

    def overrides(self, base) -> dict:
        """Keyword overrides for `copyedit.load`, packs added to the config's as the CLI adds them."""
        out: dict = {}
        if self.backends:
            out["backends"] = self.backends
        if self.dialect:
            out["dialect"] = self.dialect
        if self.min_level:
            out["min_level"] = self.min_level
        if self.enable_packs:
            out["enable_packs"] = tuple(base.enable_packs) + self.enable_packs
        if self.disable_packs:
            out["disable_packs"] = tuple(base.disable_packs) + self.disable_packs
        if self.lt_url:
            out["lt_url"] = self.lt_url
        return out


def _key(name: str) -> str:
    return name.replace("-", "").replace("_", "").lower()


def _strings(value) -> tuple[str, ...]:
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return tuple(str(x).strip() for x in items if str(x).strip())


def section(raw) -> dict:
    """Our settings from a payload: bare, or under a "copyedit" key as VS Code sends a section."""
    if isinstance(raw, dict) and isinstance(raw.get("copyedit"), dict):
        return raw["copyedit"]
    return raw if isinstance(raw, dict) else {}


def parse_client_settings(init=None, workspace=None) -> ClientSettings:
    """Client settings from `initializationOptions`, then a `didChangeConfiguration` payload over them.

    Keys may be camelCase, kebab-case or snake_case. The later payload
    overrides key by key: a client that sends `{}` after starting (as
    Neovim does) keeps what it gave at start.
    """
    raw = {**section(init), **section(workspace)}
    values = {_key(k): v for k, v in raw.items()}
    errors: list[str] = []
    out: dict = {}

    def take(key: str, name: str, convert) -> None:
        if key not in values or values[key] in (None, ""):
            return
        try:
            out[name] = convert(values[key])
        except (ConfigError, TypeError, ValueError) as e:
            errors.append(str(e))

    take("backends", "backends", lambda v: parse_backends(v, "settings: backends"))
    take("backend", "backends", lambda v: parse_backends(v, "settings: backend"))
    take("dialect", "dialect", lambda v: normalise_dialect(str(v), "settings: dialect"))
    take("minlevel", "min_level", lambda v: normalise_level(str(v), "settings: minLevel"))
    take("enablepacks", "enable_packs", _strings)
    take("disablepacks", "disable_packs", _strings)
    take("languagetoolurl", "lt_url", lambda v: str(v).strip())
    take("lturl", "lt_url", lambda v: str(v).strip())

    def debounce(v) -> int:
        ms = int(v)
        if not 0 <= ms <= 10_000:
            raise ValueError(f"settings: debounceMs must be 0 to 10000, got {v!r}")
        return ms

    take("debouncems", "debounce_ms", debounce)
    known = {"backends", "backend", "dialect", "minlevel", "enablepacks", "disablepacks", "languagetoolurl", "lturl", "debouncems"}
    unknown = sorted(k for k in raw if _key(k) not in known)
    if unknown:
        errors.append(f"settings: unknown key {unknown[0]!r} (known: backends, dialect, minLevel, enablePacks, disablePacks, languagetoolUrl, debounceMs)")
    return ClientSettings(**out, errors=tuple(errors))


def config_near(path: str | None, root: str | None):
    """The project config that applies to a document, or None (ConfigError if broken)."""
    start = path or root or os.getcwd()
    return find_config(start)


def editor_for(path: str | None, root: str | None, client: ClientSettings):
    """The `copyedit.Editor` for a document: its project config plus the editor's settings."""
    from copyedit.api import load
    from copyedit.config import Settings, load_config

    found = config_near(path, root)
    base = load_config(found) if found else Settings()
    overrides = client.overrides(base)
    if found:
        return load(config=found, **overrides)
    return load(isolated=True, **overrides)


def without_languagetool(editor):
    """The same editor with Harper in place of LanguageTool, or None if it had none to replace."""
    from copyedit.api import Editor

    names = editor.settings.backends
    if "languagetool" not in names and "auto" not in names:
        return None
    swapped: list[str] = []
    for name in names:
        name = "harper" if name in ("languagetool", "auto") else name
        if name not in swapped:
            swapped.append(name)
    return Editor(replace(editor.settings, backends=tuple(swapped)))


def is_config_file(path: str | None) -> bool:
    """Whether saving this file may change how documents are checked."""
    return path is not None and os.path.basename(path) in CONFIG_NAMES
