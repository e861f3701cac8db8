"""The `copyedit` command: parse options, build the engine once, report, exit.

Exit status, as linters use it: 0 nothing to report, 1 findings (check) or
changes (diff), 2 a usage or input error. Every error is one line on stderr;
a traceback is a bug.
"""

from __future__ import annotations

import functools
import os
import sys

import click

from copyedit import __version__
from copyedit.config import BACKENDS, DIALECTS, LEVELS, ConfigError, Settings, normalise_dialect, normalise_level, parse_backends, settings_for
from copyedit.render import FORMATS, FileReport, render
from copyedit.run import RunOptions, process_all

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageFailure(click.ClickException):
    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(f"copyedit: error: {self.format_message()}", err=True)


def _expected_errors() -> tuple[type[BaseException], ...]:
    from copyedit.backends import BackendError
    from copyedit.backends.harper import HarperError
    from copyedit.files import InputError
    from copyedit.packs import PackError
    from copyedit.parallel import WorkerError

    return (ConfigError, PackError, BackendError, HarperError, InputError, WorkerError)


def one_line_errors(fn):
    """Turn the errors users can cause into one line and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except _expected_errors() as e:
            raise UsageFailure(str(e)) from None
        except KeyboardInterrupt:
            click.echo("copyedit: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # `copyedit check | head`: the reader left; nothing more to say.
            try:
                sys.stdout = open(os.devnull, "w")
            except OSError:
                pass
            sys.exit(EXIT_FINDINGS)

    return wrapper


def _split(values) -> tuple[str, ...]:
    out = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


def common_options(fn):
    options = [
        click.argument("paths", nargs=-1, type=click.Path(allow_dash=True)),
        click.option("--backend", "backend", metavar="NAMES", help=f"Grammar checkers, comma-separated: {', '.join(BACKENDS)}."),
        click.option("--dialect", help=f"English dialect: {', '.join(DIALECTS)} (default auto: each document's own spellings decide, else us)."),
        click.option("--min-level", type=click.Choice(LEVELS), help="Report findings at or above this severity (default warning)."),
        click.option("--fail-level", type=click.Choice(LEVELS), help="Exit 1 for findings at or above this severity (default error)."),
        click.option("--disable", multiple=True, metavar="RULES", help="Rule ids, pack ids or backends (harper, harper:Rule) to switch off."),
        click.option("--enable", multiple=True, metavar="RULES", help="Rule ids to switch on, including rules that are off by default."),
        click.option("--enable-pack", multiple=True, metavar="PACKS", help="Rule packs to switch on (opinionated packs are off by default)."),
        click.option("--disable-pack", multiple=True, metavar="PACKS", help="Rule packs to switch off."),
        click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False), help="Extra rule pack file (YAML)."),
        click.option("--format-in", type=click.Choice(["auto", "text", "markdown"]), default="auto", help="Input format; by default from the file extension."),
        click.option("--encoding", help="Encoding of files without a byte-order mark (default UTF-8)."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file instead of searching for one."),
        click.option("--isolated", is_flag=True, help="Ignore every config file."),
        click.option("--lt-url", metavar="URL", help="LanguageTool server to use (also COPYEDIT_LT_URL)."),
        click.option("--no-cache", is_flag=True, help="Do not use or fill the LanguageTool result cache."),
        click.option("--unsafe-fixes", is_flag=True, default=None, help="Also apply fixes that are not marked safe."),
        click.option("--changed-since", metavar="REV", help="Only report lines changed since this git revision."),
        click.option("--staged", is_flag=True, help="Only report lines changed in the git index."),
        click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), help="Hide findings recorded in this baseline file."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, help="Check files in parallel processes."),
        click.option("--color/--no-color", default=None, help="Colour output (default: on a terminal)."),
    ]
    for opt in reversed(options):
        fn = opt(fn)
    return fn


def build_settings(paths, o) -> Settings:
    settings = settings_for(list(paths), o["config_path"], o["isolated"])
    changes: dict = {}
    if o["dialect"]:
        changes["dialect"] = normalise_dialect(o["dialect"], "--dialect")
    for level in ("min_level", "fail_level"):
        if o.get(level):
            changes[level] = normalise_level(o[level], "--" + level.replace("_", "-"))
    if o["backend"]:
        changes["backends"] = parse_backends(o["backend"], "--backend")
    if o["disable"]:
        changes["disable"] = settings.disable + _split(o["disable"])
    if o["enable"]:
        changes["enable"] = settings.enable + _split(o["enable"])
    if o["enable_pack"]:
        changes["enable_packs"] = settings.enable_packs + _split(o["enable_pack"])
    if o["disable_pack"]:
        changes["disable_packs"] = settings.disable_packs + _split(o["disable_pack"])
    if o["rule_files"]:
        changes["rule_files"] = settings.rule_files + tuple(os.path.abspath(p) for p in o["rule_files"])
    lt_url = o["lt_url"] or os.environ.get("COPYEDIT_LT_URL") or None
    if lt_url:
        changes["lt_url"] = lt_url
    if o["no_cache"]:
        changes["cache"] = False
    if o["unsafe_fixes"]:
        changes["unsafe_fixes"] = True
    if o["baseline_path"]:
        changes["baseline"] = o["baseline_path"]
    out = settings.replace(**changes)
    from copyedit.selectors import check_settings

    check_settings(settings, out, {"disable": _split(o["disable"]), "enable": _split(o["enable"])})
    return out


def _line_filter(paths, o):
    if not (o["changed_since"] or o["staged"]):
        return None
    from copyedit.gitlines import changed_lines

    return changed_lines(paths, since=o["changed_since"], staged=o["staged"])


def run_options(o, files: list[str], mode: str, settings: Settings, **extra) -> RunOptions:
    """How to read and process files, from the options every command shares."""
    return RunOptions(
        mode=mode,
        fmt_in=None if o["format_in"] == "auto" else o["format_in"],
        encoding=o["encoding"],
        line_filter=_line_filter(files, o),
        min_level=settings.min_level,
        fail_level=settings.fail_level,
        **extra,
    )


def _paths(paths) -> list[str]:
    from copyedit.files import expand_paths

    if not paths:
        raise UsageFailure("no files given (name files or directories, or - for standard input)")
    out = expand_paths(list(paths))
    if out.count("-") > 1:
        raise UsageFailure("standard input (-) can be read only once")
    return out


def _color(o) -> bool:
    if o["color"] is not None:
        return o["color"]
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def execute(mode: str, paths, o, fmt: str = "text", write: bool = False) -> tuple[list[FileReport], Settings]:
    from copyedit.engine import build_engine

    settings = build_settings(paths, o)
    files = _paths(paths)
    engine = build_engine(settings)
    baseline = None
    if settings.baseline:
        from copyedit.baseline import Baseline

        baseline = Baseline.load(settings.baseline)
    opts = run_options(o, files, mode, settings, unsafe=settings.unsafe_fixes, write=write, baseline=baseline)
    progress = _progress(len(files), fmt)
    with progress as tick:
        reports = process_all(engine, files, opts, jobs=o["jobs"], progress=tick)
    for r in reports:
        for note in r.notes:
            click.echo(f"copyedit: {note}", err=True)
        if r.error:
            click.echo(f"copyedit: error: {r.error}", err=True)
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


_EXIT_ZERO = click.option(
    "--exit-zero", is_flag=True, help="Exit 0 even when something was found or changed (errors still exit 2), as ruff's --exit-zero."
)


def _exit(code: int, exit_zero: bool) -> None:
    sys.exit(EXIT_OK if exit_zero and code == EXIT_FINDINGS else code)


def _status(reports, findings: bool) -> int:
    """2 for an error or an incomplete check: "nothing found" must mean everything was checked."""
    if any(r.error or r.incomplete for r in reports):
        return EXIT_ERROR
    return EXIT_FINDINGS if findings else EXIT_OK


def _failing(reports, settings: Settings) -> bool:
    """Whether any reported finding is at or above the fail level."""
    from copyedit.engine import fails

    return any(fails(r.suggestions, settings) for r in reports)




_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class OneLineUsage(click.Group):
    """The top command: a usage error is one line on stderr, like every other error.

    Click would print the usage, a hint and the error on four lines.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
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
@_EXIT_ZERO
@one_line_errors
def check(paths, fmt, statistics, exit_zero, **o):
    """Report what a copy editor would change, as path:line:col: rule message."""
    reports, settings = execute("check", paths, o, fmt)
    render(fmt, reports, sys.stdout, color=_color(o) and fmt == "text")
    if statistics or (fmt == "text" and len(reports) > 3 and sys.stderr.isatty()):
        from copyedit.summary import print_summary

        print_summary(reports, sys.stderr)
    _exit(_status(reports, _failing(reports, settings)), exit_zero)


@main.command()
@common_options
@_EXIT_ZERO
@one_line_errors
def diff(paths, exit_zero, **o):
    """Show the safe fixes as a unified diff that git apply and patch -p1 accept."""
    from copyedit.render.diff import render_colored, unified

    from copyedit.files import InputError, SourceFile, diff_bytes

    reports, _ = execute("diff", paths, o)
    chunks = []
    for r in reports:
        if r.fixed is None or r.fixed == r.text:
            continue
        try:
            chunks.append(diff_bytes(SourceFile(r.path, r.text, r.encoding, r.bom), r.fixed, unified))
        except InputError as e:
            click.echo(f"copyedit: error: {e}", err=True)
            r.error = str(e)
    out = b"".join(chunks)
    if _color(o):
        render_colored(out.decode("utf-8", "replace"), sys.stdout)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    _exit(_status(reports, bool(out)), exit_zero)


@main.command()
@common_options
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Also exit 1 when a file was changed (for pre-commit).")
@click.option("--show-remaining/--no-show-remaining", default=True, help="Report what fix left for review.")
@_EXIT_ZERO
@one_line_errors
def fix(paths, exit_non_zero_on_fix, show_remaining, exit_zero, **o):
    """Apply the safe fixes in place (or to standard output for -).

    Exits 1 when findings at or above the fail level are left for a person.
    """
    reports, settings = execute("fix", paths, o, write=True)
    changed = False
    for r in reports:
        if r.fixed is None:
            continue
        if r.path == "-":
            from copyedit.files import SourceFile

            sys.stdout.flush()
            sys.stdout.buffer.write(SourceFile(r.path, r.text, r.encoding, r.bom).encode(r.fixed))
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
    if any(r.error or r.incomplete for r in reports):
        sys.exit(EXIT_ERROR)
    left = _failing(reports, settings)
    _exit(EXIT_FINDINGS if left or (exit_non_zero_on_fix and changed) else EXIT_OK, exit_zero)


def _register_extra_commands() -> None:
    """Command groups that live in their own modules (rules, server, cache, ...)."""
    import importlib

    for module, attr in (
        ("copyedit.commands.rules", "rules"),
        ("copyedit.commands.server", "server"),
        ("copyedit.commands.cache", "cache"),
        ("copyedit.commands.baseline", "baseline"),
        ("copyedit.commands.review", "review"),
        ("copyedit.commands.vocabulary", "vocabulary"),
        ("copyedit.commands.scan", "scan"),
    ):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name and e.name.startswith("copyedit.commands"):
                continue
            raise
        main.add_command(getattr(mod, attr))


_register_extra_commands()
