"""The stable machine-readable interface (`--format json`, documented in the README).

One object: `{"version": 1, "files": [{"path", "suggestions": [...]}, ...]}`.
Offsets are code points into the decoded file text, lines and columns are
1-based. Fields are only ever added, never renamed or removed.
"""

from __future__ import annotations

import json

SCHEMA_VERSION = 1


def suggestion_dict(s) -> dict:
    return {
        "start": s.start,
        "end": s.end,
        "line": s.line,
        "column": s.column,
        "text": s.text,
        "replacements": list(s.replacements),
        "rule": s.rule,
        "source": s.source,
        "sources": list(s.sources),
        "category": s.category,
        "message": s.message,
        "severity": s.severity.value,
        "safe": s.safe,
        "applicability": s.applicability.value,
    }


def document(reports) -> dict:
    files = []
    for r in reports:
        entry = {"path": r.path, "suggestions": [suggestion_dict(s) for s in r.suggestions]}
        if r.dialect:
            entry["dialect"] = r.dialect
        if r.error:
            entry["error"] = r.error
        files.append(entry)
    return {"version": SCHEMA_VERSION, "files": files}


def render(reports, out, color: bool = False) -> None:
    json.dump(document(reports), out, ensure_ascii=False, indent=2)
    out.write("\n")
