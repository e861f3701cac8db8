"""Where a scan's texts come from: article files or a table, as batches.

Batches are made lazily, one when the job asks for it, so that neither a
million file names nor a table larger than memory is ever held at once. The
scan process reads (and later writes) everything itself: a worker receives
texts, never paths, so a cluster needs no access to the archive, and a file
that cannot be read becomes an error row here without costing a task.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from copyedit import files
from copyedit.scan import ScanError

#: Table formats by file suffix (pyarrow.dataset format names).
TABLE_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "json", ".ndjson": "json", ".csv": "csv"}
#: A batch is cut short at this many characters of text: a task's data travels
#: through the scheduler, which warns about (and holds) large tasks.
MAX_BATCH_CHARS = 4_000_000
#: Bytes read at a time from a Parquet file (its pages are decoded as they stream in).
READ_BUFFER = 1 << 20
FORMAT_NAMES = {"markdown": "markdown", "md": "markdown", "text": "text", "txt": "text", "plain": "text"}


@dataclass
class Batch:
    """Up to `batch_size` documents: what a worker needs, and what the writers need back.

    `docs[i]` is `(text, fmt, name)` for the worker, or None when document i
    already failed here (`errors[i]` says why). `keep` holds, only when
    fixes are written, the SourceFiles or the original record batch.
    """

    seq: int
    keys: list
    docs: list
    errors: dict[int, str] = field(default_factory=dict)
    #: Binary files: skipped with no row, as `copyedit check` skips them.
    skipped: set = field(default_factory=set)
    part: int = 0
    keep: Any = None  # a list of SourceFiles, or a pyarrow RecordBatch


def table_format(path: str) -> str | None:
    return TABLE_SUFFIXES.get(os.path.splitext(path)[1].lower())


def open_source(patterns: list[str], **options):
    """A FileSource or a TableSource for what the user named (paths or globs)."""
    if not patterns:
        raise ScanError("nothing to scan (name a directory, a glob of articles, or a table)")
    entries = [(p, m) for p in patterns for m in _expand(p)]
    tables = [m for _, m in entries if not os.path.isdir(m) and table_format(m)]
    if not tables:
        return FileSource(entries, **{k: v for k, v in options.items() if k in FileSource.OPTIONS})
    if len(tables) != len(entries):
        raise ScanError("give either article files or tables (Parquet, JSON Lines, CSV), not both")
    kinds = {k for m in tables if (k := table_format(m))}
    if len(kinds) > 1:
        raise ScanError(f"tables of one format at a time (got {', '.join(sorted(kinds))})")
    return TableSource(tables, kinds.pop(), **{k: v for k, v in options.items() if k in TableSource.OPTIONS})


def _expand(pattern: str) -> list[str]:
    if os.path.lexists(pattern) or not glob.has_magic(pattern):
        if not os.path.lexists(pattern):
            raise ScanError(f"{pattern}: no such file or directory")
        return [pattern]
    found = sorted(glob.glob(pattern, recursive=True))
    if not found:
        raise ScanError(f"{pattern}: no files match")
    return found


# ---------------------------------------------------------------- article files
_SKIP_DIRS = getattr(files, "_SKIP_DIRS", ("node_modules", "__pycache__"))


def _static_prefix(pattern: str) -> str:
    """The directory a glob cannot leave: its components before the first wildcard."""
    parts = pattern.split(os.sep)
    static = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        static.append(part)
    return os.sep.join(static) or ("." if not pattern.startswith(os.sep) else os.sep)


class FileSource:
    """Article files: directories walked as `copyedit check` walks them, globs, single files.

    Directories give the files `check` would (Markdown and text, no hidden or
    tool directories), in the same order and with the same path strings, so
    a scan's rows name files exactly as `check --format json` does. The walk
    is lazy; the one memory it keeps is of symbolic links, which are rare: a
    link to a file the walk reaches anyway is skipped, so no file is fixed
    twice.
    """

    kind = "files"
    key_name = "path"
    OPTIONS = ("encoding", "fmt_in", "batch_size", "keep", "max_size")

    def __init__(
        self, entries: list[tuple[str, str]], *, encoding=None, fmt_in=None, batch_size=50, keep=False, max_size=files.DEFAULT_MAX_FILE_SIZE
    ):
        self.encoding = encoding
        #: A file over this many bytes is an error row, never read (`max-file-size`).
        self.max_size = max_size
        self.fmt = None if fmt_in in (None, "auto") else fmt_in
        self.batch_size = batch_size
        self.keep = keep
        self.items: list[str] = []  # what to walk or read, as given or as the glob matched
        roots = []
        for pattern, match in entries:
            self.items.append(match)
            if os.path.isdir(match):
                roots.append(match)
            elif match == pattern:
                roots.append(os.path.dirname(match) or ".")
            else:
                roots.append(_static_prefix(pattern))
        self.root = os.path.commonpath([os.path.abspath(r) for r in roots])
        self._dirs = [os.path.realpath(m) for m in self.items if os.path.isdir(m)]

    @property
    def walked_roots(self) -> list[str]:
        return list(self._dirs)

    def paths(self) -> Iterator[str]:
        """Every article, once, in the order `copyedit check` would take them."""
        given = {os.path.realpath(m) for m in self.items if not os.path.isdir(m)}
        seen: set[str] = set()  # real paths of files named directly and of link targets
        walked: list[str] = []
        for item in self.items:
            real = os.path.realpath(item)
            if not os.path.isdir(item):
                if real not in seen:
                    seen.add(real)
                    yield item
                continue
            if any(_inside(real, w) for w in walked):
                continue  # a directory inside one already walked
            walked.append(real)
            for path in _walk(item):
                if os.path.islink(path):
                    target = os.path.realpath(path)
                    if target in seen or target in given or self._reached(target):
                        continue
                    seen.add(target)
                elif given and os.path.realpath(path) in given:
                    continue  # named directly too: taken there
                yield path

    def _reached(self, real: str) -> bool:
        """Whether a walk of the given directories reaches this file by its own name."""
        for top in self._dirs:
            if not _inside(real, top):
                continue
            rel = os.path.relpath(real, top).split(os.sep)
            dirs, name = rel[:-1], rel[-1]
            if any(d.startswith(".") or d in _SKIP_DIRS for d in dirs):
                continue
            if name.lower().endswith(files.ARTICLE_SUFFIXES) and not name.startswith(files.TEMP_PREFIX):
                return True
        return False

    def count(self) -> int:
        return sum(1 for _ in self.paths())

    def batches(self) -> Iterator[Batch]:
        seq = size = 0
        batch = self._new(seq)
        for path in self.paths():
            i = len(batch.keys)
            batch.keys.append(path)
            try:
                src = files.read(path, self.encoding, self.max_size)
            except files.BinaryFile:
                batch.skipped.add(i)
                src = None
            except files.InputError as e:
                batch.errors[i] = str(e)
                src = None
            batch.docs.append(None if src is None else (src.text, self.fmt, path))
            if self.keep:
                batch.keep.append(src)
            size += len(src.text) if src is not None else 0
            if len(batch.keys) >= self.batch_size or size >= MAX_BATCH_CHARS:
                yield batch
                seq, size = seq + 1, 0
                batch = self._new(seq)
        if batch.keys:
            yield batch

    def _new(self, seq: int) -> Batch:
        return Batch(seq, [], [], keep=[] if self.keep else None)

    def relative(self, path: str) -> str:
        """The file's place under the scanned tree, for a mirror of it."""
        return os.path.relpath(os.path.abspath(path), self.root)


def _inside(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def _walk(top: str) -> Iterator[str]:
    """Files as `files.expand_paths` finds them in a directory (kept equal by a test)."""
    for root, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in sorted(names):
            if name.lower().endswith(files.ARTICLE_SUFFIXES) and not name.startswith(files.TEMP_PREFIX):
                yield os.path.join(root, name)


# ---------------------------------------------------------------- tables
def _file_format(kind: str):
    import pyarrow.dataset as ds

    if kind == "csv":
        import pyarrow.csv as pacsv

        # Articles have line breaks inside quoted values.
        return ds.CsvFileFormat(parse_options=pacsv.ParseOptions(newlines_in_values=True))
    return kind


def _is_text(t) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(t):
        t = t.value_type
    return pa.types.is_string(t) or pa.types.is_large_string(t) or getattr(pa.types, "is_string_view", lambda _: False)(t)


class TableSource:
    """A CMS export: Parquet, JSON Lines or CSV, read one record batch at a time.

    Every format is streamed: Parquet page by page, CSV and JSON Lines block
    by block, so memory depends on the batch size, never on the table's
    length (nor on a Parquet writer's row-group size). Only the
    columns a check needs are read, unless fixed texts are written (then the
    whole row is kept, so the fixed table has every column).
    """

    kind = "table"
    key_name = "id"
    OPTIONS = ("text_column", "id_column", "format_column", "fmt_in", "batch_size", "keep")

    def __init__(self, paths: list[str], fmt: str, *, text_column="text", id_column=None, format_column=None, fmt_in=None, batch_size=50, keep=False):
        import pyarrow as pa
        import pyarrow.dataset as ds

        self.paths = paths
        self.format = fmt
        try:
            self.dataset = ds.dataset(paths, format=_file_format(fmt))
            schema = self.dataset.schema
        except (pa.ArrowInvalid, OSError) as e:
            raise ScanError(f"{paths[0]}: cannot read as {fmt} ({_first_line(e)})") from None
        names = schema.names

        def need(col: str, option: str) -> str:
            if col not in names:
                raise ScanError(f"{paths[0]}: no column {col!r} for {option} (columns: {', '.join(names)})")
            return col

        self.text_column = need(text_column, "--text-column")
        if not _is_text(schema.field(text_column).type):
            raise ScanError(f"{paths[0]}: column {text_column!r} holds {schema.field(text_column).type}, not text")
        if id_column is None:
            self.id_column = "id" if "id" in names else None  # else the row number
        else:
            self.id_column = need(id_column, "--id-column")
        self.format_column = need(format_column, "--format-column") if format_column else None
        self.key_type = schema.field(self.id_column).type if self.id_column else pa.int64()
        if pa.types.is_dictionary(self.key_type):
            self.key_type = self.key_type.value_type
        self.fmt = "text" if fmt_in in (None, "auto") else fmt_in
        self.batch_size = batch_size
        self.keep = keep
        self.schema = schema
        self.root = os.path.commonpath([os.path.abspath(os.path.dirname(p)) for p in paths])

    @property
    def fixed_column(self) -> str:
        return f"{self.text_column}_fixed"

    def count(self) -> int | None:
        """The number of rows, when it costs no reading: Parquet keeps it in the footer."""
        return self.dataset.count_rows() if self.format == "parquet" else None

    def _columns(self) -> list[str] | None:
        if self.keep:
            return None
        return list(dict.fromkeys(c for c in (self.text_column, self.id_column, self.format_column) if c))

    def batches(self) -> Iterator[Batch]:
        import pyarrow as pa

        seq = row = 0
        for part, path in enumerate(self._fragment_paths()):
            try:
                for whole in self._record_batches(path):
                    for rb in self._slices(whole):
                        yield self._batch(seq, part, row, rb)
                        seq += 1
                        row += rb.num_rows
            except (pa.ArrowInvalid, OSError) as e:
                raise ScanError(f"{path}: cannot read as {self.format} ({_first_line(e)})") from None

    def _slices(self, rb):
        """The record batch, cut where its texts pass MAX_BATCH_CHARS (a row stays whole)."""
        import pyarrow.compute as pc

        if rb.num_rows == 0:
            return
        col = rb.column(rb.schema.get_field_index(self.text_column))
        if col.type.__class__.__name__ == "DictionaryType":
            col = col.dictionary_decode()
        lengths = pc.fill_null(pc.binary_length(col), 0).to_pylist()
        if sum(lengths) < MAX_BATCH_CHARS:
            yield rb
            return
        start = size = 0
        for i, n in enumerate(lengths):
            if i > start and size + n > MAX_BATCH_CHARS:
                yield rb.slice(start, i - start)
                start, size = i, 0
            size += n
        yield rb.slice(start)

    def _record_batches(self, path: str):
        """One file's rows, `batch_size` at a time, streamed.

        Parquet is read page by page through a small buffer (no pre-buffering),
        so even a table written as one huge row group costs a few megabytes;
        CSV and JSON Lines are parsed block by block by the dataset scanner.
        """
        if self.format == "parquet":
            import pyarrow.parquet as pq

            reader = pq.ParquetFile(path, pre_buffer=False, buffer_size=READ_BUFFER)
            return reader.iter_batches(batch_size=self.batch_size, columns=self._columns())
        import pyarrow.dataset as ds

        fragment = ds.dataset(path, format=_file_format(self.format)).get_fragments()
        return (rb for f in fragment for rb in f.to_batches(schema=self.schema, columns=self._columns(), batch_size=self.batch_size))

    def _batch(self, seq: int, part: int, row: int, rb) -> Batch:
        col = rb.schema.get_field_index
        texts = rb.column(col(self.text_column)).to_pylist()
        keys = rb.column(col(self.id_column)).to_pylist() if self.id_column else list(range(row, row + rb.num_rows))
        fmts = rb.column(col(self.format_column)).to_pylist() if self.format_column else [None] * rb.num_rows
        docs: list[tuple[str, str, None] | None] = []
        errors: dict[int, str] = {}
        for i, (text, fmt) in enumerate(zip(texts, fmts)):
            # an empty value is no value (CSV cannot tell them apart)
            kind = self.fmt if fmt is None or not str(fmt).strip() else FORMAT_NAMES.get(str(fmt).strip().lower())
            if kind is None:
                docs.append(None)
                errors[i] = f"unknown format {fmt!r} in column {self.format_column!r} (use text or markdown)"
                continue
            docs.append((text or "", kind, None))
        return Batch(seq, keys, docs, errors, part=part, keep=rb if self.keep else None)

    def part_path(self, part: int) -> str:
        return self._fragment_paths()[part]

    def _fragment_paths(self) -> list[str]:
        if not hasattr(self, "_frag_paths"):
            self._frag_paths = [f.path for f in self.dataset.get_fragments()]
        return self._frag_paths


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
