"""What every command shares: its options, the settings they make, paths, errors, exit codes.

`copyedit.cli` (check, diff, fix) and every command group in
`copyedit.commands` import this module; it imports none of them, so the
commands and the CLI that registers them do not depend on each other.

Exit status, as linters use it: 0 nothing to report, 1 findings (check) or
changes (diff), 2 a usage or input error. Every error is one line on stderr;
a traceback is a bug.
"""

from __future__ import annotations

import functools
import os
import sys

import click

from copyedit.backends import registry
from copyedit.config import DIALECTS, LEVELS, ConfigError, Settings, normalise_dialect, normalise_level, parse_backends, parse_size, settings_for
from copyedit.run import RunOptions

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageFailure(click.ClickException):
    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(f"copyedit: error: {self.format_message()}", err=True)


def expected_errors() -> tuple[type[BaseException], ...]:
    """The errors a user can cause: each is one line and exit status 2, never a traceback."""
    from copyedit.files import InputError
    from copyedit.parallel import WorkerError
    from copyedit.rulespec import PackError

    return (ConfigError, PackError, InputError, WorkerError, *registry.errors())


def one_line_errors(fn):
    """Turn the errors users can cause into one line and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except expected_errors() as e:
            raise UsageFailure(one_line(str(e))) from None
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


def one_line(message: str) -> str:
    """A message made one line: a backend's error may quote a multi-line answer."""
    if "\n" not in message and "\r" not in message:
        return message
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


def say_notes(notes, error: str | None = None) -> None:
    """What the run has to tell the user, one line each on stderr."""
    for note in notes:
        click.echo(f"copyedit: {note}", err=True)
    if error:
        click.echo(f"copyedit: error: {error}", err=True)


def split_values(values) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


def common_options(fn):
    options = [
        # readable=False: an unreadable file is reported by the run, in one
        # line, and the other files are still checked (click would stop it).
        click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, readable=False)),
        click.option("--backend", "backend", metavar="NAMES", help=f"Grammar checkers, comma-separated: {', '.join(registry.choices())}."),
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
        click.option("--max-file-size", metavar="SIZE", help="Skip files larger than this (default 20MB; units B, kB, MB, GB, KiB, MiB, GiB)."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file instead of searching for one."),
        click.option("--isolated", is_flag=True, help="Ignore every config file."),
        click.option("--lt-url", metavar="URL", help="LanguageTool server to use (also COPYEDIT_LT_URL)."),
        click.option("--no-cache", is_flag=True, help="Do not use or fill the result cache (grammar checkers' answers per paragraph)."),
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
    """The config file's settings with the options on top; an unknown rule id is an error."""
    settings = settings_for(list(paths), o["config_path"], o["isolated"])
    out = settings.replace(**_option_changes(settings, o))
    from copyedit.selectors import check_settings

    check_settings(settings, out, {"disable": split_values(o["disable"]), "enable": split_values(o["enable"])})
    return out


def _option_changes(settings: Settings, o) -> dict:
    changes: dict = {}
    if o["dialect"]:
        changes["dialect"] = normalise_dialect(o["dialect"], "--dialect")
    for level in ("min_level", "fail_level"):
        if o.get(level):
            changes[level] = normalise_level(o[level], "--" + level.replace("_", "-"))
    if o["backend"]:
        changes["backends"] = parse_backends(o["backend"], "--backend")
    for option, key in (("disable", "disable"), ("enable", "enable"), ("enable_pack", "enable_packs"), ("disable_pack", "disable_packs")):
        if o[option]:
            changes[key] = getattr(settings, key) + split_values(o[option])
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
    if o.get("max_file_size"):
        changes["max_file_size"] = parse_size(o["max_file_size"], "--max-file-size")
    return changes


def _line_filter(paths, o):
    if not (o["changed_since"] or o["staged"]):
        return None
    from copyedit.gitlines import changed_lines

    return changed_lines(paths, since=o["changed_since"], staged=o["staged"])


def run_options(o, files: list[str], mode: str, settings: Settings, **extra) -> RunOptions:
    """How to read and process files, from the options every command shares."""
    from copyedit.files import text_encoding

    return RunOptions(
        mode=mode,
        fmt_in=None if o["format_in"] == "auto" else o["format_in"],
        encoding=text_encoding(o["encoding"]) if o["encoding"] else None,
        line_filter=_line_filter(files, o),
        min_level=settings.min_level,
        fail_level=settings.fail_level,
        max_file_size=settings.max_file_size,
        **extra,
    )


follow_symlinks_option = click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Write through symbolic links that point outside the given files and their repository (refused by default).",
)


def write_scope(paths, o):
    """Where this run may write through a symbolic link: the paths given and their repositories."""
    from copyedit.files import WriteScope

    return WriteScope.of(list(paths), follow_symlinks=bool(o.get("follow_symlinks")))


def expand_args(paths) -> list[str]:
    """The files to read: directories walked, `-` at most once."""
    from copyedit.files import expand_paths

    if not paths:
        raise UsageFailure("no files given (name files or directories, or - for standard input)")
    out = expand_paths(list(paths))
    if out.count("-") > 1:
        raise UsageFailure("standard input (-) can be read only once")
    return out


def use_color(o) -> bool:
    if o["color"] is not None:
        return o["color"]
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def status(reports, findings: bool) -> int:
    """2 for an error or an incomplete check: "nothing found" must mean everything was checked."""
    if any(r.error or r.incomplete for r in reports):
        return EXIT_ERROR
    return EXIT_FINDINGS if findings else EXIT_OK


def failing(reports, settings: Settings) -> bool:
    """Whether any reported finding is at or above the fail level."""
    from copyedit.filters.display import fails

    return any(fails(r.suggestions, settings) for r in reports)


def fix_status(reports, settings: Settings, changed: bool = False) -> int:
    """`fix`'s exit status: 2 for an error, 1 for what it leaves at the fail level (or, asked, for a change)."""
    if any(r.error or r.incomplete for r in reports):
        return EXIT_ERROR
    return EXIT_FINDINGS if failing(reports, settings) or changed else EXIT_OK


exit_zero_option = click.option(
    "--exit-zero", is_flag=True, help="Exit 0 even when something was found or changed (errors still exit 2), as ruff's --exit-zero."
)


def finish(code: int, exit_zero: bool) -> None:
    sys.exit(EXIT_OK if exit_zero and code == EXIT_FINDINGS else code)
