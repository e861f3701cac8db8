"""`copyedit scan`: check (and fix) a whole archive on a Dask cluster.

Options, settings and exit statuses as `copyedit check` has them, so that a
scan's findings are the ones `check` reports; everything distributed lives
in `copyedit.scan`, imported only when the command runs, so that the plain
install (without the dask extra) keeps a fast, small CLI and says in one line
how to get the extra.
"""

from __future__ import annotations

import functools
import os
import sys

import click

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
LEVELS = ("info", "warning", "error")


class Terminated(KeyboardInterrupt):
    """SIGTERM (a scheduler, Kubernetes, `kill`): stop as for Ctrl-C, cluster and temporary files included."""


def _on_sigterm(signum, frame):
    raise Terminated


class ScanFailure(click.ClickException):
    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(f"copyedit: error: {self.format_message()}", err=True)


def _one_line_errors(fn):
    """Errors a user can cause are one line and exit 2; Ctrl-C is exit 130."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from copyedit.config import ConfigError
        from copyedit.files import InputError
        from copyedit.packs import PackError
        from copyedit.scan import ScanError

        try:
            return fn(*args, **kwargs)
        except (ScanError, ConfigError, PackError, InputError) as e:
            raise ScanFailure(str(e)) from None
        except Terminated:
            click.echo("copyedit: terminated", err=True)
            sys.exit(143)
        except KeyboardInterrupt:
            click.echo("copyedit: interrupted", err=True)
            sys.exit(130)

    return wrapper


def _split(values) -> tuple[str, ...]:
    return tuple(x.strip() for v in values or () for x in v.split(",") if x.strip())


def _near(sources: tuple[str, ...]) -> str:
    """Where to look for a config file: the common folder of what is scanned (as `check` does)."""
    import glob

    from copyedit.scan.sources import _static_prefix

    places = [_static_prefix(s) if glob.has_magic(s) and not os.path.lexists(s) else s for s in sources]
    return os.path.commonpath([os.path.abspath(p) for p in places])


def build_editor(sources, o):
    """An Editor from the config near the sources, then the options, as `check` builds settings."""
    from copyedit.api import load

    where = {"config": o["config_path"], "near": None if o["config_path"] else _near(sources), "isolated": o["isolated"]}
    base = load(**where).settings
    changes: dict = {}
    for key in ("dialect", "min_level", "fail_level"):
        if o[key]:
            changes[key] = o[key]
    for key, option in (("disable", "disable"), ("enable", "enable"), ("enable_packs", "enable_pack"), ("disable_packs", "disable_pack")):
        if o[option]:
            changes[key] = getattr(base, key) + _split(o[option])
    if o["rule_files"]:
        changes["rule_files"] = base.rule_files + tuple(os.path.abspath(p) for p in o["rule_files"])
    if o["unsafe_fixes"]:
        changes["unsafe_fixes"] = True
    if o.get("max_file_size"):
        from copyedit.config import parse_size

        changes["max_file_size"] = parse_size(o["max_file_size"], "--max-file-size")
    editor = load(backends=o["backend"] or None, **where, **changes)
    if o["disable"] or o["enable"] or base.disable or base.enable:
        from copyedit.selectors import check_settings

        check_settings(base, editor.settings, {"disable": _split(o["disable"]), "enable": _split(o["enable"])})
    return editor


def _progress(show: bool | None):
    """A bar on stderr: documents done of the total (when known), elapsed and remaining time."""
    if not (show if show is not None else sys.stderr.isatty()):
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = [TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn()]
    return Progress(*columns, console=Console(file=sys.stderr), transient=True)


def _inside(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def _check_outputs(source, o) -> None:
    """Refuse, before any work, outputs that would damage the sources or another file."""
    from copyedit.scan import ScanError
    from copyedit.scan.writers import findings_path

    if o["in_place"] and o["fix_out"]:
        raise ScanError("give --fix-out DIR or --in-place, not both")
    sources = {os.path.realpath(p) for p in getattr(source, "paths", ())} if source.kind == "table" else set()
    if o["out"]:
        out = findings_path(o["out"])
        if os.path.realpath(out) in sources:
            raise ScanError(f"--out {o['out']}: that is the table being scanned")
        if os.path.isfile(out) and not _is_parquet(out):
            raise ScanError(f"--out {o['out']}: {out} exists and is not a Parquet file; not overwritten")
    root = os.path.realpath(source.root)
    if source.kind == "table":
        if o["in_place"]:
            raise ScanError("--in-place is for article files; for a table give --fix-out FILE or DIR")
        if o["fix_out"]:
            fix_out = os.path.realpath(o["fix_out"])
            if fix_out in sources or (os.path.isdir(fix_out) and fix_out == root):
                raise ScanError(f"--fix-out {o['fix_out']}: would overwrite the table being scanned")
        return
    if any(o[k] for k in ("text_column", "id_column", "format_column")):
        raise ScanError("--text-column, --id-column and --format-column are for tables")
    if o["fix_out"]:
        fix_out = os.path.realpath(o["fix_out"])
        if os.path.exists(fix_out) and not os.path.isdir(fix_out):
            raise ScanError(f"--fix-out {o['fix_out']}: not a directory (fixed files mirror the scanned tree)")
        # The mirror of the tree must not be the tree, nor be walked as part of it.
        for top in [root, *source.walked_roots]:
            if fix_out == top or (top in source.walked_roots and _inside(fix_out, top)):
                raise ScanError(f"--fix-out {o['fix_out']}: inside the scanned tree {top}; choose a directory outside it")


def _is_parquet(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PAR1"
    except OSError:
        return False


@click.command()
@click.argument("sources", nargs=-1, metavar="SOURCE...")
@click.option("--out", metavar="FILE_OR_DIR", help="Write one row per finding as Parquet (a directory gets findings.parquet).")
@click.option("--fix-out", metavar="DIR_OR_TABLE", help="Write fixed texts: files mirrored under DIR, or the table with a column of fixed text.")
@click.option("--in-place", is_flag=True, help="Fix article files where they are (atomically, as copyedit fix).")
@click.option("--text-column", metavar="NAME", help="Table column holding the article text (default text).")
@click.option("--id-column", metavar="NAME", help="Table column naming each article (default id, else the row number).")
@click.option("--format-column", metavar="NAME", help="Table column saying markdown or text for each row.")
@click.option("--format-in", type=click.Choice(["auto", "text", "markdown"]), default="auto", help="Input format: files by extension, table rows text, unless set.")
@click.option("--encoding", help="Encoding of files without a byte-order mark (default UTF-8).")
@click.option("--max-file-size", metavar="SIZE", help="Skip article files bigger than this (an error row), e.g. 20MB (default: the config's, else 20MB).")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes of the local cluster (default: one per core).")
@click.option("--scheduler", metavar="ADDRESS", help="Run on an existing Dask cluster (tcp://host:8786) instead of a local one.")
@click.option("--batch-size", type=click.IntRange(min=1), default=50, show_default=True, help="Documents per task.")
@click.option("--backend", metavar="NAMES", help="Grammar checkers, comma-separated: harper, languagetool, none.")
@click.option("--dialect", help="English dialect (default auto: each document's own spellings decide).")
@click.option("--min-level", type=click.Choice(LEVELS), help="Report findings at or above this severity (default warning).")
@click.option("--fail-level", type=click.Choice(LEVELS), help="Exit 1 for findings at or above this severity (default error).")
@click.option("--disable", multiple=True, metavar="RULES", help="Rule ids, pack ids or backends to switch off.")
@click.option("--enable", multiple=True, metavar="RULES", help="Rule ids to switch on.")
@click.option("--enable-pack", multiple=True, metavar="PACKS", help="Rule packs to switch on.")
@click.option("--disable-pack", multiple=True, metavar="PACKS", help="Rule packs to switch off.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False), help="Extra rule pack file (YAML).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that are not marked safe.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file instead of searching for one.")
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are left (errors still exit 2).")
@_one_line_errors
def scan(sources, **o):
    """Check (and fix) an archive on a Dask cluster: article files, or a Parquet, JSON Lines or CSV table.

    Exits 2 when some document could not be checked (its row has rule
    "error"), 1 for findings at or above the fail level, else 0.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return _scan(sources, o)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _scan(sources, o)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _scan(sources, o):
    import contextlib
    import logging

    from copyedit.scan import ScanError, require_extra

    require_extra()
    if not sources:
        raise ScanError("nothing to scan (name a directory, a glob of articles, or a table)")
    if o["workers"] and o["scheduler"]:
        raise ScanError("--workers sizes a local cluster; with --scheduler the cluster has its own workers")
    from copyedit.scan.cluster import connect
    from copyedit.scan.job import prepare, run
    from copyedit.scan.sources import open_source
    from copyedit.scan.summary import print_summary
    from copyedit.scan.writers import FindingsWriter, FixedFiles, FixedTables

    editor = build_editor(sources, o)
    fixing = bool(o["fix_out"] or o["in_place"])
    source = open_source(
        list(sources),
        encoding=o["encoding"],
        fmt_in=o["format_in"],
        batch_size=o["batch_size"],
        keep=fixing,
        max_size=editor.settings.max_file_size,
        text_column=o["text_column"] or "text",
        id_column=o["id_column"],
        format_column=o["format_column"],
    )
    _check_outputs(source, o)
    fixes = None
    if fixing:
        fixes = FixedFiles(source, o["fix_out"], o["in_place"]) if source.kind == "files" else FixedTables(source, o["fix_out"])
    logging.getLogger("distributed").setLevel(logging.ERROR)
    noun = "files" if source.kind == "files" else "rows"
    with connect(o["scheduler"], o["workers"]) as client:
        threads = prepare(client, editor)
        bar = _progress(o["progress"])
        total = source.count() if bar is not None else None
        # Created last: from here on, `run` removes it whatever happens.
        findings = FindingsWriter(o["out"], source.key_name, _key_type(source)) if o["out"] else None
        with bar if bar is not None else contextlib.nullcontext():
            advance = None
            if bar is not None:
                task = bar.add_task("scan", total=total)
                advance = lambda n: bar.advance(task, n)  # noqa: E731
            tally = run(
                client, editor, source, findings=findings, fixes=fixes, threads=threads,
                fail_level=editor.settings.fail_level, progress=advance,
            )
    print_summary(tally, sys.stdout, noun)
    if findings is not None:
        click.echo(f"copyedit: {findings.rows:,} rows written to {findings.path}", err=True)
    if fixes is not None and source.kind == "files" and fixes.written:
        where = "in place" if o["in_place"] else f"under {o['fix_out']}"
        click.echo(f"copyedit: {fixes.written:,} fixed files written {where}", err=True)
    elif fixes is not None and source.kind == "table":
        click.echo(f"copyedit: {fixes.written:,} rows with column {source.fixed_column} written to {o['fix_out']}", err=True)
    if tally.failed:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if tally.failing and not o["exit_zero"] else EXIT_OK)


def _key_type(source):
    import pyarrow as pa

    return getattr(source, "key_type", None) or pa.string()
