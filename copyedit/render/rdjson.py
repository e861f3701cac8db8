"""reviewdog's Diagnostic Format (`--format rdjson`), for `reviewdog -f=rdjson`.

One `DiagnosticResult` object. Positions follow reviewdog.proto: lines and
columns start at 1, columns count UTF-8 bytes (not characters), and a
range's end is exclusive, so an insertion point is a range with start == end.
Each replacement becomes a `suggestion` that reviewdog can post as a
suggested change on a pull request.

Files that could not be read are left out: the CLI already reports them on
stderr and exits 2, and a diagnostic would be posted as a review comment on
an article that has nothing wrong with it.
"""

from __future__ import annotations

import json

from copyedit.model import Severity
from copyedit.render.sarif import LineIndex, display_path

_SEVERITY = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}
SOURCE = {"name": "copyedit"}


def _range(index: LineIndex, start: int, end: int) -> dict:
    sl, sc = index.line_byte_col(start)
    el, ec = index.line_byte_col(end)
    return {"start": {"line": sl, "column": sc}, "end": {"line": el, "column": ec}}


def diagnostic(path: str, index: LineIndex, s) -> dict:
    rng = _range(index, s.start, s.end)
    d = {
        "message": s.message,
        "location": {"path": path, "range": rng},
        "severity": _SEVERITY.get(s.severity, "WARNING"),
        "source": {"name": f"copyedit/{s.source}"},
        "code": {"value": s.rule},
    }
    if s.fixable:
        d["suggestions"] = [{"range": rng, "text": rep} for rep in s.replacements]
    return d


def document(reports) -> dict:
    diagnostics: list[dict] = []
    for r in reports:
        if not r.suggestions:
            continue
        path = display_path(r.path)
        index = LineIndex(r.text)
        diagnostics.extend(diagnostic(path, index, s) for s in r.suggestions)
    return {"source": dict(SOURCE), "diagnostics": diagnostics}


def render(reports, out, color: bool = False) -> None:
    json.dump(document(reports), out, ensure_ascii=False, indent=2)
    out.write("\n")
