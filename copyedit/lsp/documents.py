"""The open documents: their text as the editor has it, kept in step with its edits.

The server keeps its own copy rather than pygls's workspace because the
copy must follow LSP's line rules and the negotiated position encoding
exactly (see `positions`): a one-unit slip in applying an incremental edit
corrupts every later diagnostic of that document, silently.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from copyedit.lsp.positions import UTF16, LineIndex

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")
TEXT_EXTENSIONS = (".txt", ".text")
MARKDOWN_IDS = ("markdown", "md")
TEXT_IDS = ("plaintext", "text", "txt")


def uri_to_path(uri: str) -> str | None:
    """The file-system path of a `file:` URI, or None for anything else (untitled:, ...)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and len(path) > 2 and path[0] == "/" and path[2] == ":":  # pragma: no cover
        path = path[1:]
    return path


def document_format(path: str | None, language_id: str | None) -> str | None:
    """"markdown", "text", or None for a document copyedit does not check.

    As `copyedit fix` does, a file's extension decides; a document without one
    (unsaved, or an unusual name) goes by the editor's language id.
    """
    ext = os.path.splitext(path or "")[1].lower()
    if ext in MARKDOWN_EXTENSIONS:
        return "markdown"
    if ext in TEXT_EXTENSIONS:
        return "text"
    lang = (language_id or "").lower()
    if lang in MARKDOWN_IDS:
        return "markdown"
    if lang in TEXT_IDS:
        return "text"
    return None


@dataclass
class Document:
    uri: str
    text: str
    version: int | None
    language_id: str | None = None
    path: str | None = None
    _index: LineIndex | None = field(default=None, repr=False)

    @property
    def fmt(self) -> str | None:
        return document_format(self.path, self.language_id)

    @property
    def index(self) -> LineIndex:
        """Line starts of the current text, computed once per version."""
        if self._index is None or self._index.text is not self.text:
            self._index = LineIndex(self.text)
        return self._index

    def apply(self, start: tuple[int, int] | None, end: tuple[int, int] | None, new: str, encoding: str = UTF16) -> None:
        """One content change: a range (line, character) replaced, or the whole text when no range."""
        if start is None or end is None:
            self.text = new
            return
        index = self.index
        a = index.offset(*start, encoding)
        b = index.offset(*end, encoding)
        if b < a:  # a client bug; the specification says start <= end
            a, b = b, a
        self.text = self.text[:a] + new + self.text[b:]


class Documents:
    """Open documents by URI."""

    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}

    def open(self, uri: str, text: str, version: int | None, language_id: str | None) -> Document:
        doc = Document(uri=uri, text=text, version=version, language_id=language_id, path=uri_to_path(uri))
        self._docs[uri] = doc
        return doc

    def get(self, uri: str) -> Document | None:
        return self._docs.get(uri)

    def close(self, uri: str) -> None:
        self._docs.pop(uri, None)

    def __iter__(self):
        return iter(list(self._docs.values()))

    def __len__(self) -> int:
        return len(self._docs)
