"""GitHub Actions workflow commands (`--format github`): one annotation per finding.

`::warning file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`,
escaped as the Actions toolkit does (`%`, CR and LF in the message; also `:`
and `,` in property values), so a message can never end the command early or
smuggle in a second one. Columns are code points, 1-based; `endColumn` is the
last character of the span, inclusive. GitHub ignores columns on annotations
that span lines, so they are left out there.
"""

from __future__ import annotations

from copyedit.model import Severity
from copyedit.render.sarif import LineIndex, display_path
from copyedit.render.text import fix_label

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props) -> str:
    shown = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind}{' ' + shown if shown else ''}::{escape_data(message)}"


def annotation(path: str, index: LineIndex, s) -> str:
    line, col = index.line_col(s.start)
    last = max(s.start, s.end - 1)  # inclusive end; an insertion point is one column
    end_line, end_col = index.line_col(last)
    same_line = end_line == line
    props = {
        "file": path,
        "line": line,
        "col": col if same_line else None,
        "endLine": end_line,
        "endColumn": end_col if same_line else None,
        "title": s.rule,
    }
    return command(_COMMAND.get(s.severity, "warning"), f"{s.message}{fix_label(s)}", **props)


def render(reports, out, color: bool = False) -> None:
    for r in reports:
        path = display_path(r.path)
        if r.error:
            out.write(command("error", r.error, file=path, title="copyedit") + "\n")
        if not r.suggestions:
            continue
        index = LineIndex(r.text)
        for s in r.suggestions:
            out.write(annotation(path, index, s) + "\n")
