"""Findings for people: `path:line:col: rule message [-> fix]`, like a compiler.

The same line format every editor and CI log understands; rich adds colour
on a terminal, or wherever `--color` asks for it.
"""

from __future__ import annotations

from copyedit.model import Applicability, Severity

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def fix_label(s) -> str:
    if not s.replacements:
        return ""
    shown = " | ".join(repr(r) if r.strip() != r or not r else r for r in s.replacements[:5])
    more = f" (+{len(s.replacements) - 5} more)" if len(s.replacements) > 5 else ""
    tag = "" if s.applicability is Applicability.SAFE else " (unsafe)"
    return f" -> {shown}{more}{tag}"


def line_for(path: str, s) -> str:
    return f"{path}:{s.line}:{s.column}: {s.rule} {s.message}{fix_label(s)}"


def render(reports, out, color: bool = False) -> None:
    if not color:
        for r in reports:
            for s in r.suggestions:
                out.write(line_for(r.path, s) + "\n")
        return
    from rich.text import Text

    from copyedit.render import color_console

    console = color_console(out)
    for r in reports:
        for s in r.suggestions:
            t = Text()
            t.append(f"{r.path}:{s.line}:{s.column}:", style="bold")
            t.append(" ")
            t.append(s.rule, style=_SEVERITY_STYLE.get(s.severity, ""))
            t.append(f" {s.message}")
            label = fix_label(s)
            if label:
                t.append(label, style="green" if s.safe else "magenta")
            console.print(t)
