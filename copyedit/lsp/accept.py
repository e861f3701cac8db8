"""Adding a word to `[vocabulary] accept` in a project's config, and nothing else.

The config is the team's file, with its comments, order and layout; Python
reads TOML but writes none, and a rewrite from parsed data would lose all of
that. So the word is spliced into the text where it belongs (the `accept`
array, a new `accept` key under the table, or a new table at the end), and
the result is parsed again: unless it holds exactly the old settings plus the
word, nothing is written and the error says to add it by hand.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path

from copyedit.config import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_NAME = ".copyedit.toml"

_HEADER = re.compile(r"^[ \t]*\[(?!\[)[ \t]*(?P<name>[^\]\r\n]*?)[ \t]*\][ \t]*(?:#[^\r\n]*)?(?=\r?$)", re.M)
_ACCEPT = re.compile(r"^[ \t]*(?:accept|\"accept\"|'accept')[ \t]*=[ \t]*", re.M)


def _table_path(path: Path) -> tuple[str, ...]:
    return ("tool", "copyedit", "vocabulary") if path.name == "pyproject.toml" else ("vocabulary",)


def _dig(data: object, keys: tuple[str, ...]):
    for k in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(k)
        if data is None:
            return None
    return data


def _expected(data: dict, keys: tuple[str, ...], word: str) -> dict:
    import copy

    out = copy.deepcopy(data)
    node = out
    for k in keys:
        node = node.setdefault(k, {})
    old = node.get("accept", [])
    node["accept"] = ([old] if isinstance(old, str) else list(old)) + [word]
    return out


def add_accepted(path: str | os.PathLike, word: str) -> bool:
    """Add `word` to the accept list of the config at `path` (created if missing).

    Returns False when the list already holds it. Raises ConfigError, naming the
    file, when the file cannot be read or the word cannot be added safely.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8") if path.exists() else ""  # line endings as they are
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read config ({e})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML ({e}); not changed") from None
    keys = _table_path(path)
    current = _dig(data, (*keys, "accept"))
    if current == word or (isinstance(current, list) and word in current):
        return False
    new = splice(text, keys, word)
    try:
        ok = new is not None and tomllib.loads(new) == _expected(data, keys, word)
    except tomllib.TOMLDecodeError:
        ok = False
    if new is None or not ok:
        raise ConfigError(f"{path}: cannot add {word!r} to [{'.'.join(keys)}] accept without rewriting the file; add it by hand")
    _write(path, new)
    return True


def splice(text: str, keys: tuple[str, ...], word: str) -> str | None:
    """`text` with `word` added to the table's accept list, or None if no place was found."""
    value = json.dumps(word, ensure_ascii=False)
    eol = "\r\n" if "\r\n" in text else "\n"
    table = ".".join(keys)
    headers = list(_HEADER.finditer(text))
    mine = [h for h in headers if re.sub(r"\s+", "", h.group("name")) == table]
    if not mine:
        if text and not text.endswith(("\n", "\r")):
            text += eol
        gap = eol if text.strip() else ""
        return f"{text}{gap}[{table}]{eol}accept = [{value}]{eol}"
    header = mine[0]
    after = [h.start() for h in headers if h.start() > header.start()]
    body_end = after[0] if after else len(text)
    m = _ACCEPT.search(text, header.end(), body_end)
    if m is None:
        at = header.end()
        return f"{text[:at]}{eol}accept = [{value}]{text[at:]}"
    vstart = m.end()
    if text.startswith(("\"", "'"), vstart):  # accept = "one word"
        end = _string_end(text, vstart)
        if end is None:
            return None
        return f"{text[:vstart]}[{text[vstart:end]}, {value}]{text[end:]}"
    if not text.startswith("[", vstart):
        return None
    return _into_array(text, vstart, value, eol)


def _string_end(text: str, i: int) -> int | None:
    """The offset just past the TOML string starting at `i`."""
    for quote in ('"""', "'''", '"', "'"):
        if text.startswith(quote, i):
            j = i + len(quote)
            while j < len(text):
                if quote[0] == '"' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    return j + len(quote)
                if len(quote) == 1 and text[j] in "\r\n":
                    return None
                j += 1
            return None
    return None


def _into_array(text: str, start: int, value: str, eol: str) -> str | None:
    """Insert `value` as the last element of the array whose "[" is at `start`."""
    depth = 0
    i = start
    last_end = None  # just past the last element
    comma_after_last = None  # just past a comma following it
    while i < len(text):
        ch = text[i]
        if ch in "\"'":
            end = _string_end(text, i)
            if end is None:
                return None
            if depth == 1:
                last_end, comma_after_last = end, None
            i = end
            continue
        if ch == "#":
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 1:
                last_end, comma_after_last = i + 1, None
            if depth == 0:
                close = i
                break
        elif ch == "," and depth == 1:
            comma_after_last = i + 1
        elif depth == 1 and not ch.isspace():
            # a bare value (number, boolean): not a word list, but keep it whole
            last_end, comma_after_last = i + 1, None
        i += 1
    else:
        return None
    if last_end is None:
        return f"{text[:start]}[{value}]{text[close + 1:]}"
    if "\n" not in text[start:close]:
        if comma_after_last is not None:
            return f"{text[:comma_after_last]} {value}{text[close:]}"
        return f"{text[:last_end]}, {value}{text[last_end:]}"
    # A list over several lines: a line of its own, indented as the last element.
    line_start = text.rfind("\n", 0, last_end) + 1
    element_line = text[line_start:last_end]
    indent = element_line[: len(element_line) - len(element_line.lstrip(" \t"))] or "    "
    anchor = comma_after_last if comma_after_last is not None else last_end
    line_end = text.find("\n", anchor)
    if line_end < 0 or line_end > close:
        # the closing bracket shares the last element's line
        if comma_after_last is not None:
            return f"{text[:comma_after_last]}{eol}{indent}{value},{text[comma_after_last:]}"
        return f"{text[:last_end]},{eol}{indent}{value}{text[last_end:]}"
    if line_end > 0 and text[line_end - 1] == "\r":
        line_end -= 1
    if comma_after_last is not None:
        return f"{text[:line_end]}{eol}{indent}{value},{text[line_end:]}"
    return f"{text[:last_end]},{text[last_end:line_end]}{eol}{indent}{value}{text[line_end:]}"


def _write(path: Path, text: str) -> None:
    """Replace the file in one step, so that an editor or a run never reads half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ConfigError(f"{path}: cannot write config ({e})") from None


def target_config(found: str | os.PathLike | None, document_dir: str | None, workspace_root: str | None) -> Path:
    """Which file the word goes to: the config that applies, else a new one at the workspace root.

    A new `.copyedit.toml` beside a `pyproject.toml` that holds `[tool.copyedit]`
    would hide the latter's settings, so such a project's word goes into its
    pyproject.toml instead.
    """
    if found is not None:
        return Path(found)
    root = workspace_root if workspace_root and document_dir and _inside(document_dir, workspace_root) else None
    base = root or document_dir or workspace_root
    if not base:
        raise ConfigError("no folder to put a .copyedit.toml in (save the document first)")
    return Path(base) / DEFAULT_NAME


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([os.path.abspath(path), os.path.abspath(folder)]) == os.path.abspath(folder)
    except ValueError:
        return False
