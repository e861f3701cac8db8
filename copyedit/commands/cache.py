"""`copyedit cache`: look at or empty the result cache (the grammar checkers' answers per paragraph, and each file's findings)."""

from __future__ import annotations

import click


@click.group()
def cache() -> None:
    """The grammar checkers' result cache (unchanged paragraphs are never checked twice)."""


@cache.command()
def clear() -> None:
    """Forget every cached result (every file's findings, every remembered dictionary and frequency answer, and parsed data file)."""
    from copyedit import datacache
    from copyedit.cache import ResultCache

    rc = ResultCache()
    try:
        n = rc.clear()
    finally:
        rc.close()
    files = datacache.clear()
    click.echo(f"copyedit: cleared {n} cached paragraph{'s' if n != 1 else ''} from {rc.path}")
    if files:
        click.echo(f"copyedit: cleared {files} parsed data file{'s' if files != 1 else ''}")


@cache.command()
def info() -> None:
    """Where the cache is, how many paragraphs, files and word answers it holds, and its size."""
    from copyedit.cache import ResultCache

    rc = ResultCache()
    try:
        exists = rc.path.exists()
        n = rc.count() if exists else 0
        words = rc.count_facts() if exists else 0
        files = rc.count_files() if exists else 0
        size = rc.size()
    finally:
        rc.close()
    click.echo(f"path: {rc.path}")
    click.echo(f"paragraphs: {n}")
    click.echo(f"files (findings of unchanged files): {files}")
    click.echo(f"word answers (dictionary, frequency): {words}")
    click.echo(f"size: {size / 1024:.1f} KiB")
