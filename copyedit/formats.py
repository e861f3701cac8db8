"""Which reader turns a file into a document: Markdown or plain text.

Chosen by the file's extension unless `--format-in` says otherwise. Kept
apart from `copyedit.document` (what a document is) and from the readers
(how each format is segmented), so that the readers build on the document
and nothing builds on the readers but this.
"""

from __future__ import annotations

from copyedit.document import Document
from copyedit.plaintext import plain_text_document

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx")


def detect_format(path: str, override: str | None = None) -> str:
    if override and override != "auto":
        return override
    return "markdown" if path.lower().endswith(MARKDOWN_SUFFIXES) else "text"


def build_document(path: str, text: str, fmt: str | None = None) -> Document:
    if detect_format(path, fmt) == "markdown":
        from copyedit.markdown import markdown_document  # markdown-it loads only for Markdown

        return markdown_document(path, text)
    return plain_text_document(path, text)
