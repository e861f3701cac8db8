"""`copyedit baseline create`: record today's findings so that only new ones show."""

from __future__ import annotations

import sys

import click

from copyedit.baseline import DEFAULT_NAME, Baseline
from copyedit.commands.common import (
    EXIT_ERROR,
    UsageFailure,
    build_settings,
    common_options,
    expand_args,
    follow_symlinks_option,
    one_line_errors,
    run_options,
    say_notes,
    write_scope,
)


@click.group(name="baseline")
def baseline() -> None:
    """Record existing findings so that an old archive sees only new ones."""


@baseline.command()
@common_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help=f"Baseline file to write (default: the configured baseline, else {DEFAULT_NAME}).",
)
@follow_symlinks_option
@one_line_errors
def create(paths, output, **o):
    """Record every current finding in PATHS; check and fix with --baseline FILE then hide them."""
    n, files, out = record(paths, output, o)
    click.echo(f"copyedit: recorded {n} finding{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''} to {out}", err=True)


def record(paths, output, o) -> tuple[int, int, str]:
    """Check PATHS with no baseline applied and save every finding to the baseline file."""
    from copyedit.engine import build_engine
    from copyedit.parallel import process_all
    from copyedit.sigterm import unwind_on_sigterm

    settings = build_settings(paths, o)
    out = output or settings.baseline or DEFAULT_NAME
    files = expand_args(paths)
    if "-" in files:
        raise UsageFailure("a baseline records files by path; standard input (-) cannot be recorded")
    engine = build_engine(settings.replace(baseline=None))
    try:
        say_notes(engine.notes)
        opts = run_options(o, files, "check", settings)
        reports = process_all(engine, files, opts, jobs=o["jobs"])
    finally:
        engine.close()
    failed = False
    for r in reports:
        say_notes(r.notes, r.error)
        failed = failed or bool(r.error) or r.incomplete
    if failed:
        # A baseline missing a file's findings would pass them off as new later.
        click.echo(f"copyedit: error: baseline not written ({out})", err=True)
        sys.exit(EXIT_ERROR)
    base = Baseline()
    checked = 0
    for r in reports:
        if r.skipped:
            continue
        checked += 1
        base.add_all(r.path, r.text, r.suggestions)
    with unwind_on_sigterm():
        base.save(out, write_scope(paths, o))
    return len(base), checked, out
