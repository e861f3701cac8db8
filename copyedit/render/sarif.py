"""SARIF 2.1.0 (`--format sarif`), for code-scanning UIs such as GitHub's.

One run per invocation. Columns are declared as Unicode code points
(`columnKind: unicodeCodePoints`) because that is what copyedit counts in;
the SARIF default, UTF-16 code units, would put every finding after an emoji
or other astral character one column off. Suggestions with replacements
carry SARIF `fixes`, one per alternative, so a viewer can offer the change.

`LineIndex` lives here and is shared by the other review formats, which need
the same line arithmetic with different column units.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from copyedit import __version__
from copyedit.model import Severity

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "SRCROOT"

_LINE_END = re.compile(r"\r\n|\r|\n")
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


class LineIndex:
    """Offsets to 1-based (line, column) with the same line breaks as `Document`.

    `\\r\\n`, `\\r` and `\\n` all end a line, so positions agree with the
    `line`/`column` the engine stamped on each suggestion.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_END.finditer(text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line_byte_col(self, offset: int) -> tuple[int, int]:
        """Line and 1-based column counted in UTF-8 bytes (reviewdog's unit)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, len(self.text[self.starts[i] : offset].encode("utf-8", "surrogatepass")) + 1


def display_path(path: str) -> str:
    """The path as a reviewer's tool wants it: relative to the working directory when inside it."""
    if path == "-":
        return path
    p = os.path.abspath(path)
    cwd = os.getcwd()
    try:
        if os.path.commonpath([p, cwd]) == cwd:
            return os.path.relpath(p, cwd)
    except ValueError:  # different drives on Windows
        pass
    return path if not os.path.isabs(path) else p


def _artifact_location(path: str) -> dict:
    shown = display_path(path)
    if os.path.isabs(shown):
        return {"uri": Path(shown).as_uri()}
    # The file system's bytes, percent-encoded: a name may hold a newline or
    # bytes that are not UTF-8 (RFC 3986 encodes octets, not characters).
    uri = quote(os.fsencode(Path(shown).as_posix()), safe="/-._~")
    return {"uri": uri, "uriBaseId": SRCROOT}


def _region(index: LineIndex, start: int, end: int) -> dict:
    sl, sc = index.line_col(start)
    el, ec = index.line_col(end)
    return {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}


def _fixes(s, location: dict, region: dict) -> list[dict]:
    if not s.fixable:
        return []
    fixes = []
    for rep in s.replacements:
        fixes.append(
            {
                "description": {"text": f"Replace {s.text!r} with {rep!r}" if s.text else f"Insert {rep!r}"},
                "artifactChanges": [
                    {
                        "artifactLocation": dict(location),
                        "replacements": [{"deletedRegion": dict(region), "insertedContent": {"text": rep}}],
                    }
                ],
            }
        )
    return fixes


def document(reports) -> dict:
    rules: dict[str, dict] = {}
    rule_index: dict[str, int] = {}
    results = []
    notifications = []
    for r in reports:
        location = _artifact_location(r.path)
        if r.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": r.error},
                    "locations": [{"physicalLocation": {"artifactLocation": dict(location)}}],
                }
            )
        if not r.suggestions:
            continue
        index = LineIndex(r.text)
        for s in r.suggestions:
            if s.rule not in rules:
                rule_index[s.rule] = len(rules)
                rules[s.rule] = {
                    "id": s.rule,
                    "shortDescription": {"text": s.message},
                    "defaultConfiguration": {"level": _LEVEL.get(s.severity, "warning")},
                    "properties": {"category": s.category, "source": s.source},
                }
            region = _region(index, s.start, min(s.end, len(r.text)))
            result = {
                "ruleId": s.rule,
                "ruleIndex": rule_index[s.rule],
                "level": _LEVEL.get(s.severity, "warning"),
                "message": {"text": s.message},
                "locations": [{"physicalLocation": {"artifactLocation": dict(location), "region": region}}],
                "properties": {
                    "applicability": s.applicability.value,
                    "category": s.category,
                    "source": s.source,
                    "sources": list(s.sources),
                },
            }
            fixes = _fixes(s, location, region)
            if fixes:
                result["fixes"] = fixes
            results.append(result)
    run = {
        "tool": {
            "driver": {
                "name": "copyedit",
                "version": __version__,
                "rules": list(rules.values()),
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": Path(os.getcwd()).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {"executionSuccessful": not notifications, **({"toolExecutionNotifications": notifications} if notifications else {})}
        ],
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(reports, out, color: bool = False) -> None:
    json.dump(document(reports), out, ensure_ascii=False, indent=2)
    out.write("\n")
