"""Project settings: `.copyedit.toml` or `[tool.copyedit]` in `pyproject.toml`.

Found the way ruff and black find theirs: walk up from the checked files to the
first directory holding either. A typo in a key must not silently switch a rule
off, so unknown keys are an error that names the key and the file.

The walk stops at the repository root (the first folder holding `.git`) or at
the home folder: a pre-commit hook runs in whatever a user cloned, and a
`.copyedit.toml` in a folder above the clone is somebody else's. For the same
reason, and as git's `safe.directory` reasons, a file that sends text
somewhere (`[languagetool] url`) is refused unless the current user owns it.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, fields
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    """A configuration file that cannot be used; one line, names file and key."""


DIALECTS = ("auto", "us", "gb", "ca", "au")
LEVELS = ("error", "warning", "info")
_DIALECT_ALIASES = {"en-us": "us", "en-gb": "gb", "uk": "gb", "en-ca": "ca", "en-au": "au", "american": "us", "british": "gb", "canadian": "ca", "australian": "au"}


@dataclass
class Settings:
    """Everything that decides what gets checked and how; CLI options override it."""

    #: "auto": each document's own spellings decide (us when they say nothing).
    dialect: str = "auto"
    #: Findings below this severity are not shown (Vale's MinAlertLevel).
    min_level: str = "warning"
    #: Findings at or above this severity make check and fix exit 1.
    fail_level: str = "error"
    backends: tuple[str, ...] = ("harper",)
    #: Packs switched on or off by id, on top of each pack's default.
    enable_packs: tuple[str, ...] = ()
    disable_packs: tuple[str, ...] = ()
    #: Extra rule pack files (absolute paths once loaded).
    rule_files: tuple[str, ...] = ()
    #: Rule ids (or pack ids, or `harper:Rule`, or `harper`) to switch off / on.
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    proper_nouns: tuple[str, ...] = ()
    names: tuple[dict, ...] = ()
    #: Vocabulary: words never flagged as misspelt / always flagged.
    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    #: The word list `[vocabulary] accept-file` names (absolute), which
    #: `copyedit vocabulary learn` extends.
    accept_file: str | None = None
    unsafe_fixes: bool = False
    lt_url: str | None = None
    lt_language: str | None = None
    lt_picky: bool = False
    lt_enabled_rules: tuple[str, ...] = ()
    lt_disabled_rules: tuple[str, ...] = ()
    lt_enabled_categories: tuple[str, ...] = ()
    lt_disabled_categories: tuple[str, ...] = ()
    cache: bool = True
    regex_timeout: float = 1.0
    baseline: str | None = None
    #: Files over this many bytes are skipped, with exit status 2.
    max_file_size: int = 20_000_000
    #: Where the settings came from, for messages.
    source: str | None = None

    def replace(self, **changes) -> "Settings":
        import dataclasses

        return dataclasses.replace(self, **changes)


class ByteSize(int):
    """The type of a size setting: bytes, written as 20000000 or "20MB" (see `parse_size`)."""


# TOML key -> (Settings field, expected type)
_KEYS: dict[str, tuple[str, type]] = {
    "dialect": ("dialect", str),
    "min-level": ("min_level", str),
    "fail-level": ("fail_level", str),
    "backend": ("backends", list),
    "backends": ("backends", list),
    "enable-packs": ("enable_packs", list),
    "disable-packs": ("disable_packs", list),
    "rule-files": ("rule_files", list),
    "disable": ("disable", list),
    "enable": ("enable", list),
    "proper-nouns": ("proper_nouns", list),
    "names": ("names", list),
    "accept": ("accept", list),
    "reject": ("reject", list),
    "unsafe-fixes": ("unsafe_fixes", bool),
    "cache": ("cache", bool),
    "regex-timeout": ("regex_timeout", float),
    "baseline": ("baseline", str),
    "max-file-size": ("max_file_size", ByteSize),
}
_LT_KEYS: dict[str, tuple[str, type]] = {
    "url": ("lt_url", str),
    "language": ("lt_language", str),
    "picky": ("lt_picky", bool),
    "enabled-rules": ("lt_enabled_rules", list),
    "disabled-rules": ("lt_disabled_rules", list),
    "enabled-categories": ("lt_enabled_categories", list),
    "disabled-categories": ("lt_disabled_categories", list),
}
_VOCAB_KEYS = {"accept": ("accept", list), "reject": ("reject", list), "accept-file": ("accept", "file"), "reject-file": ("reject", "file")}

#: The most a house-rule pattern may run on one window of text (`regex-timeout`).
MAX_REGEX_TIMEOUT = 60.0

CONFIG_NAMES = (".copyedit.toml", "copyedit.toml", "pyproject.toml")


def normalise_dialect(value: str, where: str = "dialect") -> str:
    d = value.strip().lower().replace("_", "-")
    d = _DIALECT_ALIASES.get(d, d)
    if d not in DIALECTS:
        raise ConfigError(f"{where}: unknown dialect {value!r} (use one of {', '.join(DIALECTS)})")
    return d


def normalise_level(value: str, where: str = "level") -> str:
    v = str(value).strip().lower()
    if v not in LEVELS:
        raise ConfigError(f"{where}: unknown level {value!r} (use one of {', '.join(LEVELS)})")
    return v


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12, "ki": 2**10, "mi": 2**20, "gi": 2**30, "ti": 2**40}


def parse_size(value, where: str = "max-file-size") -> int:
    """A size in bytes from 20000000, "20MB", "20 MB", "512kB" or "1GiB" (kB, MB, GB are powers of 1000)."""
    if isinstance(value, bool):
        raise ConfigError(f"{where}: expected a size such as 20MB, got {value!r}")
    if isinstance(value, int):
        n = value
    else:
        m = _SIZE.fullmatch(str(value))
        if not m:
            raise ConfigError(f"{where}: expected a size such as 20MB or 500kB, got {value!r}")
        unit = (m.group(2) or "").lower()
        unit = unit[:-1] if unit.endswith("b") and unit != "b" else unit
        n = int(float(m.group(1)) * _UNITS[unit])
    if n < 1:
        raise ConfigError(f"{where}: must be at least 1 byte, got {value!r}")
    return n


def parse_backends(value, where: str = "backend") -> tuple[str, ...]:
    """The `--backend` list: registered backend names, `none` or `auto` (see `copyedit.backends.registry`)."""
    from copyedit.backends.registry import NONE, choices

    known = choices()
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    out = []
    for item in items:
        name = str(item).strip().lower()
        if not name:
            continue
        if name in ("lt", "language-tool", "language_tool"):
            name = "languagetool"
        if name not in known:
            raise ConfigError(f"{where}: unknown backend {item!r} (use {', '.join(known)}, or several joined by commas)")
        if name not in out:
            out.append(name)
    if not out:
        raise ConfigError(f"{where}: no backend given")
    if NONE in out and len(out) > 1:
        raise ConfigError(f"{where}: 'none' cannot be combined with other backends")
    return tuple(out)


def find_config(start: str | os.PathLike) -> Path | None:
    """The nearest `.copyedit.toml`, or `pyproject.toml` with `[tool.copyedit]`,
    never above the repository root or the home folder."""
    p = Path(start).resolve()
    if p.is_file():
        p = p.parent
    for d in _walk_up(p):
        for name in CONFIG_NAMES:
            f = d / name
            if not f.is_file():
                continue
            if name == "pyproject.toml":
                # A broken pyproject.toml may hold the [tool.copyedit] meant for
                # this run: skipping it would check with other settings, silently.
                try:
                    data = tomllib.loads(f.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError) as e:
                    raise ConfigError(f"{f}: cannot read config ({e})") from None
                except tomllib.TOMLDecodeError as e:
                    raise ConfigError(f"{f}: invalid TOML ({e})") from None
                tool = data.get("tool", {})
                if not isinstance(tool, dict):
                    raise ConfigError(f"{f}: 'tool' must be a table ([tool]), got {type(tool).__name__}")
                if "copyedit" not in tool:
                    continue
            return f
    return None


def _walk_up(start: Path):
    """`start` and its parents, up to and including the first that is a
    repository root (holds `.git`, a folder or a worktree's file) or the home
    folder; outside both, up to the filesystem root."""
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no home folder known
        home = None
    for d in (start, *start.parents):
        yield d
        if d == home or os.path.lexists(d / ".git"):
            return


def _owner_name(uid: int) -> str:
    try:
        import pwd

        return f"{pwd.getpwuid(uid).pw_name} (uid {uid})"
    except (ImportError, KeyError):
        return f"uid {uid}"


def _refuse_foreign_server(path: Path, owner: int, settings: "Settings") -> None:
    """A server URL is where copyedit sends the user's text: take it only from
    a file the user owns, whoever owns the folders it sits in."""
    if not settings.lt_url or not hasattr(os, "getuid"):
        return
    if owner != os.getuid():
        raise ConfigError(
            f"{path}: refused: owned by {_owner_name(owner)}, not by you, and it sets a LanguageTool "
            "server ([languagetool] url); copyedit takes a server only from files you own "
            "(use --isolated, --config FILE, or take ownership of the file)"
        )


def load_config(path: str | os.PathLike) -> Settings:
    path = Path(path)
    try:
        # Owner and content from one open file: the file that was read is the one judged.
        with open(path, "rb") as f:
            owner = os.fstat(f.fileno()).st_uid
            data = tomllib.loads(f.read().decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read config ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML ({e})") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: 'tool' must be a table ([tool]), got {type(tool).__name__}")
        data = tool.get("copyedit", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: tool.copyedit must be a table ([tool.copyedit]), got {type(data).__name__}")
        prefix = "tool.copyedit."
    else:
        prefix = ""
    settings = settings_from_mapping(data, str(path), prefix)
    _refuse_foreign_server(path, owner, settings)
    return settings


def settings_from_mapping(data: dict, file: str, prefix: str = "") -> Settings:
    base = Path(file).resolve().parent
    values: dict = {}
    for key, value in data.items():
        if key == "languagetool":
            for k, v, where in _table(value, file, prefix, key, _LT_KEYS):
                name, typ = _LT_KEYS[k]
                values[name] = _typed(v, typ, where)
        elif key == "vocabulary":
            for k, v, where in _table(value, file, prefix, key, _VOCAB_KEYS):
                _vocabulary(k, v, where, base, values)
        elif key in _KEYS:
            name, typ = _KEYS[key]
            values[name] = _setting(name, typ, value, f"{file}: {prefix}{key}", base)
        else:
            allowed = sorted([*_KEYS, "languagetool", "vocabulary"])
            raise ConfigError(f"{file}: unknown key {prefix}{key!r} (allowed: {', '.join(allowed)})")
    values["source"] = file
    return Settings(**values)


def _table(value, file: str, prefix: str, table: str, keys: dict):
    """(key, value, where) of each item of a config table; an unknown key is an error naming it."""
    if not isinstance(value, dict):
        raise ConfigError(f"{file}: {prefix}{table}: must be a table")
    for k, v in value.items():
        if k not in keys:
            raise ConfigError(f"{file}: unknown key {prefix}{table}.{k!r} (allowed: {', '.join(sorted(keys))})")
        yield k, v, f"{file}: {prefix}{table}.{k}"


def _vocabulary(key: str, value, where: str, base: Path, values: dict) -> None:
    """Words to accept or reject, inline or from a word-list file (relative to the config)."""
    name, typ = _VOCAB_KEYS[key]
    if typ == "file":
        list_path = base / _typed(value, str, where)
        words = _word_file(list_path, where)
        if name == "accept":
            # Not resolved: a symbolic link stays visible to the writer (copyedit.files.WriteScope).
            values["accept_file"] = os.path.normpath(os.path.abspath(list_path))
    else:
        words = _typed(value, list, where)
    values[name] = tuple(values.get(name, ())) + tuple(words)


def _setting(name: str, typ, value, where: str, base: Path):
    """One top-level setting, type-checked and normalised."""
    if name == "backends":
        return parse_backends(value, where)
    if typ is ByteSize:
        return parse_size(value, where)
    v = _typed(value, typ, where)
    if typ is list and name != "names" and not all(isinstance(x, str) for x in v):
        raise ConfigError(f"{where}: expected a list of strings")
    if name == "regex_timeout" and not 0 < v <= MAX_REGEX_TIMEOUT:
        # inf, 1e300 or nan would switch the limit, and with it every slow
        # pattern's warning, off; 0 or less would stop every rule.
        raise ConfigError(f"{where}: must be a positive number of seconds, at most {MAX_REGEX_TIMEOUT:g} (got {v!r})")
    v = _normalised(name, v, where, base)
    if isinstance(v, list):
        v = tuple(str(x) if not isinstance(x, dict) else x for x in v)
    return v


def _normalised(name: str, v, where: str, base: Path):
    if name == "dialect":
        return normalise_dialect(v, where)
    if name in ("min_level", "fail_level"):
        return normalise_level(v, where)
    if name == "rule_files":
        return tuple(str((base / p).resolve()) for p in v)
    if name == "baseline":
        # Relative to the config, like rule files; a symbolic link stays a
        # link, so that writing the baseline can see where it points.
        return os.path.normpath(os.path.join(base, v))
    if name == "names":
        for item in v:
            if not isinstance(item, (dict, str)):
                raise ConfigError(f"{where}: each name is a string or a table with 'name' and 'acronym'")
        return tuple(item if isinstance(item, dict) else {"name": item} for item in v)
    return v


def _typed(value, typ, where: str):
    if typ is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if typ is list:
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {type(value).__name__}")
        return value
    if not isinstance(value, typ) or (typ is not bool and isinstance(value, bool)):
        raise ConfigError(f"{where}: expected {typ.__name__}, got {type(value).__name__}")
    return value


def _word_file(path: Path, where: str) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{where}: cannot read {path} ({e})") from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def settings_for(paths: list[str], explicit: str | None = None, isolated: bool = False) -> Settings:
    """Settings for a run: an explicit file, else the nearest one to the files."""
    if isolated:
        return Settings()
    if explicit:
        return load_config(explicit)
    real = [p for p in paths if p != "-"]
    start = os.path.commonpath([os.path.abspath(p) for p in real]) if real else os.getcwd()
    found = find_config(start)
    return load_config(found) if found else Settings()


SETTINGS_FIELDS = {f.name for f in fields(Settings)}
