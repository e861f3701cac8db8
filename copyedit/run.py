"""One file of a run: read, check or fix, and report.

Shared by `check`, `diff`, `fix`, the pre-commit hooks and `review`, so that
they agree on what a finding is. A file that cannot be read is reported and
skipped; the others go on. Every mode goes through the same loop
(`copyedit.fixer.fix_text`): `check` is the loop with no pass that fixes, and
the run's scope (changed lines, baseline) filters every pass, so `fix
--changed-since` fixes and reports what plain `fix` would on those lines.
Many files, in parallel processes with `--jobs`: `copyedit.parallel`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from copyedit import files
from copyedit.filters import Filter
from copyedit.filters.display import MinLevel
from copyedit.filters.scope import Baselined, ChangedLines
from copyedit.fixer import MAX_PASSES, fix_text
from copyedit.report import FileReport


@dataclass
class RunOptions:
    mode: str = "check"  # check | diff | fix
    fmt_in: str | None = None
    encoding: str | None = None
    unsafe: bool = False
    write: bool = False
    #: Only keep suggestions touching these file lines (1-based), per path.
    line_filter: dict | None = None
    baseline: object | None = None
    #: Findings below this severity are not reported (fail-level, if lower, wins).
    min_level: str = "warning"
    fail_level: str = "error"
    #: Larger files are skipped with an error (None: no limit).
    max_file_size: int | None = files.DEFAULT_MAX_FILE_SIZE
    #: Where a write may go through a symbolic link (None: the link's own directory and repository).
    write_scope: files.WriteScope | None = None


def scope_filters(path: str, opts: RunOptions) -> list[Filter]:
    """What this run is about in this file: its changed lines, what the baseline does not know."""
    out: list[Filter] = []
    if opts.line_filter is not None:
        # A file git says nothing about (standard input, a file with no
        # changes) has no changed line.
        out.append(ChangedLines(opts.line_filter.get(os.path.abspath(path), ())))
    if opts.baseline is not None:
        out.append(Baselined(opts.baseline))
    return out


def process_one(engine, path: str, opts: RunOptions, src: files.SourceFile | None = None) -> FileReport:
    try:
        if src is None:
            src = files.read(path, opts.encoding, opts.max_file_size)
    except files.InputError as e:
        # `fix -` is a filter: what it cannot check goes through unchanged.
        passing = e.data is not None and opts.mode == "fix"
        why = f"{e}; passed through unchanged" if passing else str(e)
        if isinstance(e, files.BinaryFile):
            return FileReport(path=path, notes=[why], skipped=True, passthrough=e.data if passing else None)
        return FileReport(path=path, error=why, passthrough=e.data if passing else None)
    fixing = opts.mode != "check"
    result = fix_text(
        engine, path, src.text, opts.fmt_in, unsafe=opts.unsafe, filters=scope_filters(path, opts), passes=MAX_PASSES if fixing else 0
    )
    report = FileReport(path=path, text=src.text, encoding=src.encoding, bom=src.bom)
    report.dialect = result.dialect
    report.notes = list(result.notes)
    report.incomplete = result.incomplete
    report.suggestions = MinLevel.of(opts).apply(result.remaining, None)
    if not fixing:
        return report
    report.fixed = result.text
    report.applied = result.applied
    if opts.write and result.changed and not src.is_stdin:
        try:
            files.write_atomic(src, result.text, opts.write_scope)
        except files.InputError as e:
            report.error = str(e)
            report.fixed = src.text
            report.applied = []
    return report
