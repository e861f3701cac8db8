"""Writing a scan's results: findings as Parquet, fixed files, fixed tables.

Every output appears whole or not at all. Tables are written incrementally
to a temporary file beside the destination and renamed over it when the scan
ends, so an interrupted or failed scan leaves no truncated Parquet file for
a reader to trust. Fixed article files go through `copyedit.files`, with the
guarantees of `copyedit fix`: atomic, same encoding, byte-order mark and line
endings, and a file changed on disk since it was read is left alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile

from copyedit import files
from copyedit.scan import ScanError
from copyedit.scan.work import COLUMNS, add_error


class AtomicPath:
    """A temporary file beside `path`, renamed over it on `commit`, removed on `abort`."""

    def __init__(self, path: str):
        directory = os.path.dirname(os.path.abspath(path))
        try:
            os.makedirs(directory, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(prefix=files.TEMP_PREFIX, suffix=files.TEMP_SUFFIX, dir=directory)
        except OSError as e:
            raise ScanError(f"{path}: cannot write ({e.strerror or e})") from None
        os.close(fd)
        self.path = path

    def commit(self) -> None:
        umask = os.umask(0)
        os.umask(umask)
        try:
            os.chmod(self.tmp, 0o666 & ~umask)
            with open(self.tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(self.tmp, self.path)
        except OSError as e:
            self.abort()
            raise ScanError(f"{self.path}: cannot write ({e.strerror or e})") from None

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


def findings_schema(key_name: str, key_type):
    import pyarrow as pa

    types = {
        "rule": pa.string(), "source": pa.string(), "severity": pa.string(), "applicability": pa.string(),
        "line": pa.int32(), "column": pa.int32(), "text": pa.string(), "replacements": pa.list_(pa.string()),
        "message": pa.string(), "category": pa.string(), "start": pa.int64(), "end": pa.int64(),
        "sources": pa.list_(pa.string()), "safe": pa.bool_(),
    }
    return pa.schema([pa.field(key_name, key_type)] + [pa.field(c, types[c]) for c in COLUMNS[1:]])


def findings_path(out: str) -> str:
    """`--out` names a file, or a directory (existing, or written with a trailing slash)."""
    if os.path.isdir(out) or out.endswith(("/", os.sep)):
        return os.path.join(out, "findings.parquet")
    return out


class FindingsWriter:
    """One row per finding, in the order of the documents, as one Parquet file.

    Rows are gathered into row groups of a useful size (tiny row groups make
    Parquet slow to read) and written as they fill; memory is one row group.
    """

    def __init__(self, out: str, key_name: str, key_type, rows_per_group: int = 100_000):
        import pyarrow.parquet as pq

        self.path = findings_path(out)
        self.schema = findings_schema(key_name, key_type)
        self.key_name = key_name
        self.rows_per_group = rows_per_group
        self._out = AtomicPath(self.path)
        self._writer = pq.ParquetWriter(self._out.tmp, self.schema)
        self._pending: list = []  # Arrow tables: a tenth of the memory of Python rows
        self._pending_rows = 0
        self.rows = 0

    def add(self, keys: list, rows: dict[str, list]) -> None:
        import pyarrow as pa

        n = len(rows["doc"])
        if not n:
            return
        columns = {self.key_name: [keys[d] for d in rows["doc"]]}
        columns.update((c, rows[c]) for c in COLUMNS[1:])
        self._pending.append(pa.Table.from_pydict(columns, schema=self.schema))
        self._pending_rows += n
        self.rows += n
        if self._pending_rows >= self.rows_per_group:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if not self._pending:
            return
        self._writer.write_table(pa.concat_tables(self._pending), row_group_size=max(self.rows_per_group, self._pending_rows))
        self._pending, self._pending_rows = [], 0

    def close(self) -> None:
        self._flush()
        self._writer.close()
        self._out.commit()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._writer.close()
        self._out.abort()


class FixedFiles:
    """Fixed articles, in place or under a directory that mirrors the scanned tree.

    Only the files a fix changed are written to the mirror, so it can be
    copied over the archive (`rsync -a FIXED/ archive/`) to apply the fixes.
    """

    def __init__(self, source, out_dir: str | None, in_place: bool):
        self.source = source
        self.out_dir = out_dir
        self.in_place = in_place
        self.written = 0

    def write(self, src: files.SourceFile, text: str) -> str | None:
        """Write one fixed file; the one-line reason when it was left untouched."""
        try:
            if self.in_place:
                files.write_atomic(src, text)
            else:
                assert self.out_dir is not None  # fixes are written in place or under --fix-out
                dest = os.path.join(self.out_dir, self.source.relative(src.path))
                data = src.encode(text)
                os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
                files.replace_bytes(dest, data, must_exist=False, failure=f"{dest}: cannot write ({{}}); not written")
        except files.InputError as e:
            return str(e)
        except OSError as e:
            return f"{src.path}: cannot write the fixed file ({e.strerror or e})"
        self.written += 1
        return None

    def add(self, batch, result, rows: dict[str, list]) -> None:
        """Write the batch's fixed files; a write that fails adds an error row."""
        for i, text in enumerate(result["fixed"]):
            if text is None:
                continue
            problem = self.write(batch.keep[i], text)
            if problem:
                add_error(rows, i, problem)

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


_TABLE_WRITERS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "json", ".ndjson": "json"}


class FixedTables:
    """The table again with a column of fixed text (`<text column>_fixed`), written as it goes.

    `out` is a table file (its suffix says the format) taking every row, or
    a directory where each source file is mirrored in its own format. A row
    that was not changed, or could not be checked, keeps its text as it was,
    so the column can be loaded back as it stands.
    """

    def __init__(self, source, out: str):
        self.source = source
        suffix = os.path.splitext(out)[1].lower()
        self.single = suffix in _TABLE_WRITERS and not os.path.isdir(out)
        if not self.single and suffix and not os.path.isdir(out):
            raise ScanError(f"--fix-out {out}: name a .parquet, .csv or .jsonl file, or a directory")
        self.out = out
        self._part: int | None = None
        self._writer: _TableFile | None = None
        self._done: list = []
        self.written = 0

    def _open(self, part: int, schema) -> _TableFile:
        if self.single:
            path, kind = self.out, _TABLE_WRITERS[os.path.splitext(self.out)[1].lower()]
        else:
            source_path = self.source.part_path(part)
            path = os.path.join(self.out, os.path.relpath(os.path.abspath(source_path), self.source.root))
            kind = self.source.format
        if os.path.abspath(path) in {os.path.abspath(p) for p in self.source.paths}:
            raise ScanError(f"{path}: --fix-out would overwrite the table being scanned")
        return _TableFile(path, kind, schema)

    def add(self, batch, result) -> None:
        import pyarrow as pa

        rb = batch.keep
        original = rb.column(rb.schema.get_field_index(self.source.text_column)).to_pylist()
        fixed = [f if f is not None else o for f, o in zip(result["fixed"] or [None] * len(original), original)]
        out = pa.RecordBatch.from_arrays(
            list(rb.columns) + [pa.array(fixed, type=pa.string())],
            schema=rb.schema.append(pa.field(self.source.fixed_column, pa.string())),
        )
        if self._writer is None or (not self.single and batch.part != self._part):
            if self._writer is not None:
                self._writer.close()
                self._done.append(self._writer)
            self._writer = self._open(batch.part, out.schema)
            self._part = batch.part
        self._writer.write(out)
        self.written += out.num_rows

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._done.append(self._writer)
            self._writer = None
        for w in self._done:
            w.commit()

    def abort(self) -> None:
        for w in self._done + ([self._writer] if self._writer else []):
            w.abort()


class _TableFile:
    """One table file written batch by batch: Parquet, CSV or JSON Lines."""

    def __init__(self, path: str, kind: str, schema):
        self.kind = kind
        self.schema = schema
        self._out = AtomicPath(path)
        if kind == "parquet":
            import pyarrow.parquet as pq

            self._w = pq.ParquetWriter(self._out.tmp, schema)
        elif kind == "csv":
            import pyarrow.csv as pacsv

            self._w = pacsv.CSVWriter(self._out.tmp, schema)
        else:
            self._w = open(self._out.tmp, "w", encoding="utf-8", newline="\n")
        self._closed = False

    def write(self, rb) -> None:
        if self.kind == "json":
            for row in rb.to_pylist():
                self._w.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        else:
            self._w.write(rb)

    def close(self) -> None:
        if not self._closed:
            self._w.close()
            self._closed = True

    def commit(self) -> None:
        self.close()
        self._out.commit()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.close()
        self._out.abort()
