"""Code actions for copyedit's diagnostics: fix, fix all, accept the word, switch the rule off.

Each action edits the text under a diagnostic only while that text is still
what was found: a diagnostic the writer has typed over since it was
published offers nothing, rather than an edit that lands in the wrong place.
"""

from __future__ import annotations

from lsprotocol import types

from copyedit.lsp.diagnostics import SOURCE, to_range
from copyedit.lsp.directives import disable_edit

ADD_WORD = "copyedit.addToVocabulary"
FIX_ALL_TITLE = "Fix all safe findings (copyedit)"


def wanted(only, kind: str) -> bool:
    """Whether a request restricted to `only` kinds asks for actions of `kind` ("source" covers "source.fixAll")."""
    if not only:
        return True
    return any(kind == k or kind.startswith(f"{k}.") for k in (str(getattr(o, "value", o)) for o in only))


def workspace_edit(doc, edits: list[tuple[int, int, str]], encoding: str, document_changes: bool) -> types.WorkspaceEdit:
    """One document's edits, versioned when the client can check versions."""
    index = doc.index
    text_edits = [types.TextEdit(range=to_range(index, a, b, encoding), new_text=new) for a, b, new in edits]
    if document_changes:
        ident = types.OptionalVersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=ident, edits=text_edits)])
    return types.WorkspaceEdit(changes={doc.uri: text_edits})


def still_there(doc, diagnostic: types.Diagnostic, encoding: str) -> tuple[int, int] | None:
    """The diagnostic's span in code points, if the text there is still what was found."""
    data = diagnostic.data if isinstance(diagnostic.data, dict) else None
    if data is None or not isinstance(data.get("text"), str):
        return None
    r = diagnostic.range
    a = doc.index.offset(r.start.line, r.start.character, encoding)
    b = doc.index.offset(r.end.line, r.end.character, encoding)
    if doc.text[a:b] != data["text"]:
        return None
    return a, b


def quick_fixes(doc, diagnostic: types.Diagnostic, encoding: str, document_changes: bool) -> list[types.CodeAction]:
    """Each replacement; accepting the word, for spelling; switching the rule off on this line."""
    if diagnostic.source != SOURCE:
        return []
    span = still_there(doc, diagnostic, encoding)
    if span is None:
        return []
    a, b = span
    data = diagnostic.data
    assert isinstance(data, dict)  # still_there found a dict with the text in it
    found = data["text"]
    reps = [r for r in data.get("replacements") or () if isinstance(r, str)]
    out = []
    for rep in reps:
        title = f"Delete '{found}'" if rep == "" else f"Replace '{found}' with '{rep}'"
        out.append(
            types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=bool(data.get("safe")) and len(reps) == 1,
                edit=workspace_edit(doc, [(a, b, rep)], encoding, document_changes),
            )
        )
    word = data.get("word")
    if isinstance(word, str) and word:
        out.append(
            types.CodeAction(
                title=f"Add '{word}' to the vocabulary",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                command=types.Command(title=f"Add '{word}' to the vocabulary", command=ADD_WORD, arguments=[doc.uri, word]),
            )
        )
    rule = diagnostic.code
    if isinstance(rule, str) and rule and doc.fmt:
        edit = disable_edit(doc.text, doc.fmt, a, rule)
        if edit is not None:
            out.append(
                types.CodeAction(
                    title=f"Disable {rule} on this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=workspace_edit(doc, [edit], encoding, document_changes),
                )
            )
    return out


def overlapping(diagnostics, rng: types.Range) -> list[types.Diagnostic]:
    """The diagnostics that touch a requested range (for clients that send none in the context)."""

    def key(p):
        return (p.line, p.character)

    return [d for d in diagnostics if key(d.range.start) <= key(rng.end) and key(rng.start) <= key(d.range.end)]


def fix_all_action(doc, edit: types.WorkspaceEdit | None = None) -> types.CodeAction:
    """The "fix all" source action; without an edit, the client resolves it (`codeAction/resolve`)."""
    return types.CodeAction(
        title=FIX_ALL_TITLE,
        kind=types.CodeActionKind.SourceFixAll,
        edit=edit,
        data=None if edit is not None else {"uri": doc.uri, "fixAll": True},
    )
