"""What a Dask worker runs: a batch of texts in, findings and fixed texts out.

Plain functions of picklable values, so any worker of any cluster can run
them with nothing but copyedit installed. The engine comes from the
`Editor`, which builds it once per process and shares it between tasks; a
lock keeps a worker with several threads from using it from two at once
(checking is pure Python and Rust holding the GIL: threads would gain
nothing, and the engine was never meant to be shared across threads).

A document that fails (a backend error, a rule that raises) becomes an error
row; the batch, and the scan, go on.
"""

from __future__ import annotations

import os
import threading

ERROR_RULE = "error"

_lock = threading.Lock()

#: The columns of a findings row, as in `copyedit check --format json` (plus `doc`,
#: the document's index in its batch, which the scan process turns into its id or path).
COLUMNS = (
    "doc", "rule", "source", "severity", "applicability", "line", "column", "text", "replacements",
    "message", "category", "start", "end", "sources", "safe",
)


def new_rows() -> dict[str, list]:
    return {c: [] for c in COLUMNS}


def add_finding(rows: dict[str, list], doc: int, f) -> None:
    """Append one `copyedit.Finding`."""
    rows["doc"].append(doc)
    for c in COLUMNS[1:]:
        v = getattr(f, c)
        rows[c].append(list(v) if c in ("replacements", "sources") else v)


def add_error(rows: dict[str, list], doc: int, message: str) -> None:
    """Append an error row: rule `error`, the message, no position."""
    values = {
        "doc": doc, "rule": ERROR_RULE, "source": "copyedit", "severity": "error", "applicability": "display",
        "line": None, "column": None, "text": "", "replacements": [], "message": message,
        "category": ERROR_RULE, "start": None, "end": None, "sources": ["copyedit"], "safe": False,
    }
    for c in COLUMNS:
        rows[c].append(values[c])


def _one_line(e: BaseException) -> str:
    text = str(e).strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(e).__name__}: {first}" if first else type(e).__name__


def check_batch(editor, docs: list, fix: bool = False) -> dict:
    """Findings (and, with `fix`, fixed texts) for one batch.

    `docs[i]` is `(text, fmt, name)` or None (a document the scan process
    could not read; it has its error row already). The findings are those
    `copyedit check` reports for the original text, with or without `fix`:
    when the fix changed nothing its own first pass is that check, and only
    a document it changed is checked once more.
    """
    rows = new_rows()
    fixed: list = [None] * len(docs) if fix else []
    applied: list = [0] * len(docs) if fix else []
    words = 0
    for i, doc in enumerate(docs):
        if doc is None:
            continue
        text, fmt, name = doc
        words += len(text.split())
        try:
            with _lock:
                if fix:
                    result = editor.fix(text, fmt or "auto", path=name)
                    found = editor.check(text, fmt or "auto", path=name) if result.changed else result.remaining
                else:
                    found = editor.check(text, fmt or "auto", path=name)
        except Exception as e:  # noqa: BLE001 - one document's failure must not fail the batch
            add_error(rows, i, f"{name + ': ' if name else ''}{_one_line(e)}")
            continue
        for f in found:
            add_finding(rows, i, f)
        if fix and result.changed and result.text != text:
            fixed[i] = result.text
            applied[i] = len(result.applied)
    return {"rows": rows, "fixed": fixed, "applied": applied, "words": words, "pid": os.getpid()}


def warm(editor) -> dict:
    """Build this worker's engine before the work starts; say what runs here.

    Run once on every worker (`Client.run`), so that a worker that cannot
    build the engine (a missing backend, a rule file it cannot read) stops
    the scan with one line instead of turning every document into an error.
    """
    from copyedit import __version__

    try:
        editor.check("Warm up.", "text")
    except Exception as e:  # noqa: BLE001 - any failure is reported as this worker's state
        return {"version": __version__, "pid": os.getpid(), "error": _one_line(e)}
    return {"version": __version__, "pid": os.getpid(), "error": None}
