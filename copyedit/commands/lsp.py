"""`copyedit lsp`: the language server, for findings while writing rather than after a commit.

pygls is an optional dependency (the `lsp` extra): the command exists either
way, so that `copyedit lsp` without it says in one line how to get it
instead of "no such command".
"""

from __future__ import annotations

import sys

import click


@click.command()
@click.option("--stdio", is_flag=True, help="Speak over standard input and output (the default and only transport; accepted because clients pass it).")
def lsp(stdio) -> None:
    """Run the language server (LSP over standard input and output) for editors."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        click.echo("copyedit: error: the language server needs pygls and lsprotocol: pip install 'copyedit[lsp]'", err=True)
        sys.exit(2)
    from copyedit.lsp.server import serve

    serve()
