"""The `copyedit` command: parse options, build the engine once, report, exit.

check, diff and fix live here; the other command groups live in
`copyedit.commands`, and what all of them share (options, settings, errors,
exit codes) in `copyedit.commands.common`.
"""

from __future__ import annotations

import contextlib
import sys

import click

from copyedit import __version__
from copyedit.commands.common import (
    EXIT_ERROR,
    EXIT_OK,
    build_settings,
    common_options,
    exit_zero_option,
    expand_args,
    failing,
    finish,
    fix_status,
    follow_symlinks_option,
    one_line_errors,
    run_options,
    say_notes,
    status,
    use_color,
    write_scope,
)
from copyedit.config import Settings
from copyedit.render import FORMATS, render
from copyedit.report import FileReport


def execute(mode: str, paths, o, fmt: str = "text", write: bool = False) -> tuple[list[FileReport], Settings]:
    from copyedit.filecache import engine_for
    from copyedit.parallel import process_all
    from copyedit.sigterm import unwind_on_sigterm

    settings = build_settings(paths, o)
    files = expand_args(paths)
    engine = engine_for(settings)  # built on the first file the cache does not know
    try:
        say_notes(engine.notes)
        baseline = None
        if settings.baseline:
            from copyedit.baseline import Baseline

            baseline = Baseline.load(settings.baseline)
        scope = write_scope(paths, o) if write else None
        opts = run_options(o, files, mode, settings, unsafe=settings.unsafe_fixes, write=write, baseline=baseline, write_scope=scope)
        progress = _progress(len(files), fmt)
        with progress as tick, (unwind_on_sigterm() if write else contextlib.nullcontext()):
            reports = process_all(engine, files, opts, jobs=o["jobs"], progress=tick)
    finally:
        engine.close()
    for r in reports:
        say_notes(r.notes, r.error)
    return reports, settings


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _progress(n: int, fmt: str):
    if n <= 3 or not sys.stderr.isatty():
        return _NoProgress()
    from copyedit.progress import Progress

    return Progress(n)


_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


#: The command groups kept in `copyedit.commands`, imported when named: a
#: `copyedit check` need not import the review, scan or baseline machinery.
_LAZY_COMMANDS = {
    name: f"copyedit.commands.{name}"
    for name in ("baseline", "cache", "lsp", "review", "rules", "scan", "server", "vocabulary")
}


class OneLineUsage(click.Group):
    """The top command: a usage error is one line on stderr, like every other error.

    Click would print the usage, a hint and the error on four lines.
    """

    def list_commands(self, ctx) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx, name: str):
        if name in _LAZY_COMMANDS and name not in self.commands:
            import importlib

            self.add_command(getattr(importlib.import_module(_LAZY_COMMANDS[name]), name))
        return super().get_command(ctx, name)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        from copyedit.stdio import closed_output

        problem = closed_output()
        if problem:
            if sys.stderr is not None:
                click.echo(f"copyedit: error: {problem}", err=True)
            sys.exit(EXIT_ERROR)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except _NO_ARGS_IS_HELP as e:  # bare `copyedit`: the help is what was asked for
            click.echo(e.ctx.get_help())
            sys.exit(EXIT_ERROR)
        except click.UsageError as e:
            hint = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
            click.echo(f"copyedit: error: {e.format_message()}{hint}", err=True)
            sys.exit(EXIT_ERROR)
        except click.ClickException as e:
            e.show()
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("copyedit: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


@click.group(cls=OneLineUsage, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copyedit")
def main() -> None:
    """A copy editor for articles: grammar and house style, as findings, diffs or fixes."""


@main.command()
@common_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", help="Output format.")
@click.option("--statistics", is_flag=True, help="Print a summary table of findings by rule.")
@exit_zero_option
@one_line_errors
def check(paths, fmt, statistics, exit_zero, **o):
    """Report what a copy editor would change, as path:line:col: rule message."""
    reports, settings = execute("check", paths, o, fmt)
    render(fmt, reports, sys.stdout, color=use_color(o) and fmt == "text")
    if statistics or (fmt == "text" and len(reports) > 3 and sys.stderr.isatty()):
        from copyedit.summary import print_summary

        print_summary(reports, sys.stderr)
    finish(status(reports, failing(reports, settings)), exit_zero)


@main.command()
@common_options
@exit_zero_option
@one_line_errors
def diff(paths, exit_zero, **o):
    """Show the safe fixes as a unified diff that git apply and patch -p1 accept."""
    from copyedit.files import InputError, diff_bytes
    from copyedit.render.diff import render_colored, unified

    reports, _ = execute("diff", paths, o)
    chunks = []
    for r in reports:
        if r.fixed is None or r.fixed == r.text:
            continue
        try:
            chunks.append(diff_bytes(r.source, r.fixed, unified))
        except InputError as e:
            click.echo(f"copyedit: error: {e}", err=True)
            r.error = str(e)
    out = b"".join(chunks)
    if use_color(o):
        render_colored(out.decode("utf-8", "replace"), sys.stdout)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    finish(status(reports, bool(out)), exit_zero)


@main.command()
@common_options
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Also exit 1 when a file was changed (for pre-commit).")
@click.option("--show-remaining/--no-show-remaining", default=True, help="Report what fix left for review.")
@follow_symlinks_option
@exit_zero_option
@one_line_errors
def fix(paths, exit_non_zero_on_fix, show_remaining, exit_zero, **o):
    """Apply the safe fixes in place (or to standard output for -).

    Exits 1 when findings at or above the fail level are left for a person.
    """
    reports, settings = execute("fix", paths, o, write=True)
    changed = False
    for r in reports:
        if r.path == "-" and r.passthrough is not None:
            _pass_through(r.passthrough)
        if r.fixed is None:
            continue
        if r.path == "-":
            sys.stdout.flush()
            sys.stdout.buffer.write(r.source.encode(r.fixed))
            sys.stdout.buffer.flush()
        if r.fixed != r.text:
            changed = True
            if r.path != "-":
                click.echo(f"copyedit: fixed {len(r.applied)} in {r.path}", err=True)
    if show_remaining:
        remaining = [FileReport(path=r.path, suggestions=r.suggestions) for r in reports if r.suggestions]
        if remaining:
            from copyedit.render.text import render as text_render

            text_render(remaining, sys.stderr)
    finish(fix_status(reports, settings, changed=exit_non_zero_on_fix and changed), exit_zero)


def _pass_through(head: bytes) -> None:
    """Standard input that could not be checked, to standard output as it came: what was read, then the rest."""
    import shutil

    sys.stdout.flush()
    sys.stdout.buffer.write(head)
    if sys.stdin is not None:
        shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer)
    sys.stdout.buffer.flush()

