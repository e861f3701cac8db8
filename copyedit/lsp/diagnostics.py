"""Findings as LSP diagnostics: the same rule, severity and fix the CLI prints.

The message carries the fix as `copyedit check` shows it (" -> an"), so an
editor that shows only the message still tells the writer what to do; `data`
carries what the code actions need (the replacements, the text they replace)
so that an action can check that the text under a diagnostic is still what
was found before editing it.
"""

from __future__ import annotations

from lsprotocol import types

from copyedit.lsp.positions import LineIndex

SOURCE = "copyedit"

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def fix_label(finding) -> str:
    """" -> a | b (unsafe)", as the text output labels a fix."""
    if not finding.replacements:
        return ""
    shown = " | ".join(repr(r) if r.strip() != r or not r else r for r in finding.replacements[:5])
    more = f" (+{len(finding.replacements) - 5} more)" if len(finding.replacements) > 5 else ""
    tag = "" if finding.safe else " (unsafe)"
    return f" -> {shown}{more}{tag}"


def is_spelling(finding) -> bool:
    """An unknown word a grammar checker reported, which the vocabulary can accept."""
    return finding.category == "spelling" and finding.source != "rules"


def accepted_form(word: str) -> str:
    """The word as the vocabulary should hold it: without a possessive ending."""
    word = word.strip()
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def to_range(index: LineIndex, start: int, end: int, encoding: str) -> types.Range:
    sl, sc = index.position(start, encoding)
    el, ec = index.position(end, encoding)
    return types.Range(start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec))


def to_diagnostic(finding, index: LineIndex, encoding: str) -> types.Diagnostic:
    data = {
        "text": finding.text,
        "replacements": list(finding.replacements),
        "safe": finding.safe,
    }
    if is_spelling(finding):
        data["word"] = accepted_form(finding.text)
    return types.Diagnostic(
        range=to_range(index, finding.start, finding.end, encoding),
        message=f"{finding.message}{fix_label(finding)}",
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule,
        source=SOURCE,
        data=data,
    )
