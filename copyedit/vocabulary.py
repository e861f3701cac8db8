"""A repository's own vocabulary: words its files use that no dictionary knows.

Editorial teams keep word lists, as cspell and typos users do: "loosehead",
"backbencher", the product's own terms. `learn` finds the words Harper does
not know in a set of files and keeps those used in several of them (a word
one article uses once is as likely a slip as a term); `[vocabulary]` then
reads the list, and no checker reports those words again.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from copyedit.inputs import note

DEFAULT_FILE = ".copyedit-vocabulary.txt"
_HEADER = (
    "# Words this repository uses that the dictionary lacks (copyedit vocabulary learn).\n"
    "# One per line; lines starting with # are comments. Read through [vocabulary] accept-file.\n"
)


def unknown_words(engine, path: str, text: str, fmt: str | None = None) -> set[str]:
    """The lower-case words of one file's prose that Harper's dictionary lacks."""
    from copyedit.backends.harper import HarperChecker

    doc = engine.document(path, text, fmt)
    harper = next((c for c in engine.checkers if isinstance(c, HarperChecker)), None)
    if harper is not None:
        return harper.unknown_words(doc)
    own = HarperChecker(doc.dialect, use_cache=bool(engine.settings.cache))
    try:
        return own.unknown_words(doc)
    finally:
        own.close()  # its connection to the result cache


def learn(engine, sources, min_files: int = 2) -> Counter:
    """Words unknown to the dictionary, counted by the number of files that use them.

    `sources` yields (path, text, format); only words used in at least
    `min_files` files are kept.
    """
    files_using: Counter = Counter()
    for path, text, fmt in sources:
        files_using.update(unknown_words(engine, path, text, fmt))
    return Counter({w: n for w, n in files_using.items() if n >= min_files})


def read_list(path: str | os.PathLike) -> list[str]:
    p = Path(path)
    note(p)  # a word list decides findings: the file cache must see it change (or appear)
    if not p.exists():
        return []
    return [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def write_list(path: str | os.PathLike, words) -> list[str]:
    """Merge `words` into the list at `path` (kept sorted, one per line); returns the new words."""
    from copyedit.files import replace_bytes

    old = read_list(path)
    new = sorted(set(words) - set(old), key=str.lower)
    merged = sorted(set(old) | set(words), key=lambda w: (w.lower(), w))
    data = (_HEADER + "".join(w + "\n" for w in merged)).encode("utf-8")
    replace_bytes(str(path), data, must_exist=False, failure=f"{path}: cannot write the vocabulary ({{}})")
    return new
