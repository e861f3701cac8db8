"""One run over many files: read, check or fix, and report, file by file.

Shared by `check`, `diff`, `fix`, the pre-commit hooks and `review`, so that
they agree on what a finding is. A file that cannot be read is reported and
skipped; the others go on. Files are checked in parallel processes with
`--jobs` (see `copyedit.parallel`), and reported in the order they were given.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from copyedit import files
from copyedit.fixer import fix_text
from copyedit.render import FileReport


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


def process_one(engine, path: str, opts: RunOptions, src: files.SourceFile | None = None) -> FileReport:
    try:
        if src is None:
            src = files.read(path, opts.encoding)
    except files.BinaryFile as e:
        return FileReport(path=path, notes=[str(e)], skipped=True)
    except files.InputError as e:
        return FileReport(path=path, error=str(e))
    report = FileReport(path=path, text=src.text, encoding=src.encoding, bom=src.bom)
    if opts.mode == "check":
        doc, found = engine.check_text(path, src.text, opts.fmt_in)
        report.suggestions = _filter(found, path, src.text, opts)
        report.notes = list(doc.notes)
        report.dialect = _dialect(doc)
        report.incomplete = doc.incomplete
        return report
    result = fix_text(engine, path, src.text, opts.fmt_in, unsafe=opts.unsafe)
    report.dialect = result.dialect
    fixed = result.text
    applied = result.applied
    if opts.line_filter is not None or opts.baseline is not None:
        # Re-apply only the fixes on lines the user asked about.
        from copyedit.fixer import choose
        from copyedit.model import apply_edits

        doc, found = engine.check_text(path, src.text, opts.fmt_in)
        result.incomplete = result.incomplete or doc.incomplete
        kept = _filter(found, path, src.text, opts)
        chosen = choose(kept, opts.unsafe)
        fixed = apply_edits(src.text, [s.edit() for s in chosen])
        applied = chosen
    report.fixed = fixed
    report.applied = applied
    report.notes = list(result.notes)
    report.incomplete = result.incomplete
    report.suggestions = _filter(result.remaining, path, fixed, opts) if fixed == result.text else []
    if opts.write and fixed != src.text and not src.is_stdin:
        try:
            files.write_atomic(src, fixed)
        except files.InputError as e:
            report.error = str(e)
            report.fixed = src.text
            report.applied = []
    return report


def _dialect(doc) -> str:
    return doc.dialect + ("-mixed" if doc.dialect_mixed else "")


def _filter(found, path, text, opts: RunOptions):
    from copyedit.engine import shown

    found = shown(found, opts)
    if opts.line_filter is not None:
        lines = opts.line_filter.get(os.path.abspath(path))
        if lines is None:
            return []
        found = [s for s in found if _touches_lines(s, text, lines)]
    if opts.baseline is not None:
        found = opts.baseline.filter(path, text, found)
    return found


def _touches_lines(s, text: str, lines: set[int]) -> bool:
    first = s.line
    last = first + text.count("\n", s.start, s.end)
    return any(n in lines for n in range(first, last + 1))


def process_all(engine, paths: list[str], opts: RunOptions, jobs: int = 1, progress=None) -> list[FileReport]:
    if jobs > 1 and len(paths) > 1:
        from copyedit.parallel import run_parallel

        return run_parallel(engine, paths, opts, jobs, process_one, progress)
    out = []
    for p in paths:
        report = process_one(engine, p, opts)
        out.append(report)
        if progress:
            progress(report)
    return out
