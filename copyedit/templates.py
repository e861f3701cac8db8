"""Rule messages with named fields: "Write '{preferred}', not '{match}'."

A rule pack comes with whatever repository was cloned, so its messages are
untrusted text. `str.format` would obey them: `{match:>1000000000}` builds a
1 GB line, `{match.__class__.__mro__}` reaches into Python objects. Here a
field is only a name in braces, substituted with its text cut to
`MAX_FIELD` characters, in a message cut to `MAX_MESSAGE`; `{{` and `}}` are
literal braces; anything else in braces (a format spec, an attribute, an
index, a name the rule kind does not give) is refused when the pack loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

#: Characters of one substituted value, and of a whole message, beyond which they are cut.
MAX_FIELD = 200
MAX_MESSAGE = 2000
_ELLIPSIS = "…"

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*|[0-9]{1,3})\}|[{}]")


class TemplateError(ValueError):
    """A message template that cannot be used; one line, naming what is wrong."""


@lru_cache(maxsize=1024)
def parse(template: str) -> tuple[tuple[str, bool], ...]:
    """The template's pieces: (literal text, False) and (field name, True)."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for m in _TOKEN.finditer(template):
        if m.start() > pos:
            pieces.append((template[pos : m.start()], False))
        tok = m.group()
        if tok in ("{{", "}}"):
            pieces.append((tok[0], False))
        elif m.group(1) is not None:
            pieces.append((m.group(1), True))
        else:
            raise TemplateError(_problem(template, m.start()))
        pos = m.end()
    if pos < len(template):
        pieces.append((template[pos:], False))
    return tuple(pieces)


def _problem(template: str, at: int) -> str:
    if template[at] == "}":
        return f"a '}}' with no '{{' at character {at + 1} (write '}}}}' for a brace)"
    close = template.find("}", at)
    if close < 0:
        return f"a '{{' that is never closed at character {at + 1} (write '{{{{' for a brace)"
    inside = template[at : close + 1][:60]
    return f"{inside!r} is not a field: a field is a name in braces, such as {{match}}, with no format spec, attribute or index"


def check(template: str, fields: Iterable[str]) -> None:
    """Raise TemplateError unless every field of `template` is one of `fields`."""
    known = set(fields)
    for name, is_field in parse(template):
        if is_field and name not in known:
            shown = ", ".join("{" + f + "}" for f in sorted(known, key=lambda f: (f.isdigit(), f.zfill(3)))) or "none"
            raise TemplateError(f"unknown field {{{name}}} (this rule's fields: {shown})")


def render(template: str, values: Mapping[str, object]) -> str:
    """`template` with its fields filled in, each value and the whole bounded in length.

    A field with no value is left as written, and a template that does not
    parse (one built in code, never checked) is shown as it is.
    """
    if "{" not in template and "}" not in template:
        return _cut(template, MAX_MESSAGE)
    try:
        pieces = parse(template)
    except TemplateError:
        return _cut(template, MAX_MESSAGE)
    out: list[str] = []
    size = 0
    for text, is_field in pieces:
        if is_field:
            text = _cut(str(values[text]), MAX_FIELD) if text in values else "{" + text + "}"
        out.append(text)
        size += len(text)
        if size > MAX_MESSAGE:
            break
    return _cut("".join(out), MAX_MESSAGE)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS
