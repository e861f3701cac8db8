"""What a grammar server is sent in place of what is not prose.

Inline code, link destinations, inline HTML (with its attributes), bare URLs
and e-mail addresses are never the writer's sentences, yet they hold exactly
what must not leave the machine: tokens in URLs (`?token=...`), internal host
names, commands. A server needs none of it: copyedit maps offsets itself, so
each such run goes out as a fixed placeholder, read (`interpretAs`) as a
stand-in word where the sentence needs one to stay a sentence.

The stand-ins are those of LTeX (ltex-ls, `DummyGenerator`): `Dummy0`,
`Dummy1`, ... and, after "an", `Ina0`, ... so that the article the writer chose
is not flagged. A finding on a stand-in falls on protected text and is
dropped; the numbers keep two stand-ins from reading as a repeated word.
"""

from __future__ import annotations

import html
import re

#: What every markup item carries instead of the file's text.
MASK = "<m/>"

_ARTICLE_AN = re.compile(r"(?i)\ban\s*$")


def stand_in(number: int, before: str) -> str:
    """A word for a masked run inside a sentence, agreeing with an "an" before it."""
    return f"Ina{number}" if _ARTICLE_AN.search(before) else f"Dummy{number}"


def entity_reading(source: str, view: str) -> str | None:
    """What an HTML entity (`&amp;`, `&#8212;`) reads as; None for anything else.

    An entity is punctuation the writer typed, not content to hide, and its
    reading keeps the sentence as written.
    """
    if source.startswith("&") and source.endswith(";") and len(source) <= 40 and html.unescape(source) == view:
        return view
    return None
