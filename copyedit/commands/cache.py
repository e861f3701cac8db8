"""`copyedit cache`: look at or empty the per-paragraph result cache."""

from __future__ import annotations

import click


@click.group()
def cache() -> None:
    """The LanguageTool result cache (unchanged paragraphs are never sent twice)."""


@cache.command()
def clear() -> None:
    """Forget every cached result."""
    from copyedit.cache import ResultCache

    rc = ResultCache()
    try:
        n = rc.clear()
    finally:
        rc.close()
    click.echo(f"copyedit: cleared {n} cached paragraph{'s' if n != 1 else ''} from {rc.path}")


@cache.command()
def info() -> None:
    """Where the cache is, how many paragraphs it holds and its size."""
    from copyedit.cache import ResultCache

    rc = ResultCache()
    try:
        exists = rc.path.exists()
        n = rc.count() if exists else 0
        size = rc.size()
    finally:
        rc.close()
    click.echo(f"path: {rc.path}")
    click.echo(f"paragraphs: {n}")
    click.echo(f"size: {size / 1024:.1f} KiB")
