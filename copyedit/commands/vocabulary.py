"""`copyedit vocabulary learn`: keep the words a repository uses that no dictionary knows."""

from __future__ import annotations

import os

import click

from copyedit.commands.common import UsageFailure, expand_args, one_line_errors


@click.group()
def vocabulary() -> None:
    """The project's accepted words ([vocabulary] in the config)."""


@vocabulary.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--min-files", type=click.IntRange(min=1), default=2, show_default=True, help="Keep words used in at least this many files.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Word list to write or extend (default: the configured accept-file, else .copyedit-vocabulary.txt).")
@click.option("--dialect", help="English dialect (default auto: each file's own spellings).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file instead of searching for one.")
@click.option("--dry-run", is_flag=True, help="Print the words; write nothing.")
def learn(paths, min_files, output, dialect, config_path, dry_run):
    """Find words the dictionary lacks that PATHS use in several files, and accept them.

    Names are never reported anyway; this is for the lower-case words of a
    field ("loosehead", "backbencher", "kubectl") that would otherwise be
    spelling advice in every article.
    """
    one_line_errors(_learn)(paths, min_files, output, dialect, config_path, dry_run)


def _learn(paths, min_files, output, dialect, config_path, dry_run) -> None:
    from copyedit import files as io
    from copyedit.config import normalise_dialect, settings_for
    from copyedit.engine import build_engine
    from copyedit.vocabulary import DEFAULT_FILE, learn as learn_words, write_list

    targets = [p for p in expand_args(paths) if p != "-"]
    settings = settings_for(targets, config_path)
    if dialect:
        settings = settings.replace(dialect=normalise_dialect(dialect, "--dialect"))
    engine = build_engine(settings.replace(backends=("harper",), accept=()))

    def sources():
        for path in targets:
            try:
                src = io.read(path)
            except io.InputError as e:
                click.echo(f"copyedit: {e}", err=True)
                continue
            yield path, src.text, None

    words = learn_words(engine, sources(), min_files)
    if dry_run:
        for w, n in sorted(words.items(), key=lambda kv: (-kv[1], kv[0])):
            click.echo(f"{w}\t{n}")
        return
    target = output or settings.accept_file or DEFAULT_FILE
    try:
        new = write_list(target, words)
    except io.InputError as e:
        raise UsageFailure(str(e)) from None
    click.echo(f"copyedit: {len(new)} new word{'s' if len(new) != 1 else ''} in {target} ({len(words)} found in {min_files}+ of {len(targets)} files)", err=True)
    if not settings.accept_file or os.path.abspath(settings.accept_file) != os.path.abspath(target):
        click.echo(f'copyedit: to use it, add to .copyedit.toml:  [vocabulary] accept-file = "{target}"', err=True)
