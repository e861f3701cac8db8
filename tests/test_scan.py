"""copyedit scan, without worker processes: sources, the worker's function, writers, the loop, the CLI's errors.

The loop runs here on an in-process Dask cluster (threads, not processes),
which starts in a second; tests on real worker processes are in
test_scan_cluster.py (slow).
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import copyedit
from copyedit.cli import main
from copyedit.files import expand_paths
from copyedit.scan import INSTALL_HINT, ScanError
from copyedit.scan import job as scan_job
from copyedit.scan.sources import FileSource, TableSource, open_source
from copyedit.scan.work import ERROR_RULE, check_batch
from copyedit.scan.writers import FindingsWriter, FixedFiles, FixedTables

TEXT = "It rose,then fell. It was a important day for russia.\n"
CLEAN = "Nothing to see here.\n"


def _tree(root):
    """Articles as a newsroom keeps them, with what a walk must leave out."""
    (root / "2020" / "05").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "node_modules").mkdir()
    (root / "a.md").write_text(TEXT, encoding="utf-8")
    (root / "2020" / "b.txt").write_text(TEXT, encoding="utf-8")
    (root / "2020" / "05" / "c.markdown").write_text(CLEAN, encoding="utf-8")
    (root / "2020" / "notes.rst").write_text(TEXT, encoding="utf-8")
    (root / ".git" / "d.md").write_text(TEXT, encoding="utf-8")
    (root / "node_modules" / "e.md").write_text(TEXT, encoding="utf-8")
    (root / ".copyedit-x.tmp.md").write_text(TEXT, encoding="utf-8")
    os.symlink(root / "a.md", root / "z-link.md")  # the same file again
    return root


# ---------------------------------------------------------------- sources
def test_a_walk_gives_the_files_check_gives_in_the_same_order(tmp_path):
    root = _tree(tmp_path / "arts")
    source = open_source([str(root)])
    assert isinstance(source, FileSource)
    assert list(source.paths()) == expand_paths([str(root)])
    assert source.count() == 3


def test_a_link_to_a_file_outside_the_tree_is_taken_once(tmp_path):
    root = _tree(tmp_path / "arts")
    outside = tmp_path / "elsewhere.md"
    outside.write_text(TEXT, encoding="utf-8")
    os.symlink(outside, root / "y1.md")
    os.symlink(outside, root / "y2.md")
    paths = list(open_source([str(root)]).paths())
    assert paths == expand_paths([str(root)])
    assert sum(p.endswith(("y1.md", "y2.md")) for p in paths) == 1


def test_globs_files_and_overlapping_directories(tmp_path):
    root = _tree(tmp_path / "arts")
    source = open_source([str(root / "**" / "*.txt"), str(root / "a.md"), str(root), str(root / "2020")])
    paths = list(source.paths())
    assert sorted(paths) == sorted(set(paths))  # each file once
    assert {os.path.basename(p) for p in paths} == {"a.md", "b.txt", "c.markdown"}
    assert source.root == str(root)
    with pytest.raises(ScanError, match="no files match"):
        open_source([str(root / "*.docx")])
    with pytest.raises(ScanError, match="no such file"):
        open_source([str(root / "missing")])


def test_a_file_over_the_size_limit_is_an_error_row_never_read(tmp_path):
    (tmp_path / "small.txt").write_text("Short.\n", encoding="utf-8")
    (tmp_path / "big.txt").write_text("Long. " * 100 + "\n", encoding="utf-8")
    (batch,) = open_source([str(tmp_path)], max_size=100).batches()
    by_name = {os.path.basename(k): i for i, k in enumerate(batch.keys)}
    assert batch.docs[by_name["small.txt"]] is not None
    assert batch.docs[by_name["big.txt"]] is None and "max-file-size" in batch.errors[by_name["big.txt"]]


def test_scan_takes_max_file_size_from_its_option_and_the_config(tmp_path):
    from copyedit.commands.scan import build_editor

    (tmp_path / ".copyedit.toml").write_text('max-file-size = "1kB"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("A.\n", encoding="utf-8")
    o = {k: None for k in ("config_path", "isolated", "dialect", "min_level", "fail_level", "backend", "max_file_size")}
    o.update(disable=(), enable=(), enable_pack=(), disable_pack=(), rule_files=(), unsafe_fixes=False, backend="none")
    assert build_editor([str(tmp_path)], o).settings.max_file_size == 1000
    o["max_file_size"] = "2kB"
    assert build_editor([str(tmp_path)], o).settings.max_file_size == 2000


def test_batches_read_files_and_report_what_cannot_be_read(tmp_path):
    (tmp_path / "a.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("caf\u00e9 ,bad\n".encode("latin-1"))
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary")
    batches = list(open_source([str(tmp_path)], batch_size=2).batches())
    assert [len(b.docs) for b in batches] == [2, 1]
    by_name = {os.path.basename(k): (b, i) for b in batches for i, k in enumerate(b.keys)}
    b, i = by_name["latin.txt"]
    assert b.docs[i] is None and "cannot decode" in b.errors[i]
    b, i = by_name["bin.txt"]
    assert b.docs[i] is None and i in b.skipped and i not in b.errors
    b, i = by_name["a.md"]
    assert b.docs[i] == (TEXT, None, str(tmp_path / "a.md"))


def _table(tmp_path, rows, name="t.parquet", **kw):
    t = pa.Table.from_pylist(rows)
    path = tmp_path / name
    if name.endswith(".parquet"):
        pq.write_table(t, path, **kw)
    elif name.endswith(".csv"):
        pacsv.write_csv(t, path)
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


ROWS = [
    {"id": 7, "body": TEXT, "kind": "text"},
    {"id": 8, "body": "# Head\n\nIt rose,then fell.\n", "kind": "Markdown"},
    {"id": 9, "body": None, "kind": None},
    {"id": 10, "body": "Fine.", "kind": "html"},
]


@pytest.mark.parametrize("name", ["t.parquet", "t.jsonl", "t.csv"])
def test_tables_in_partitions_with_their_columns(tmp_path, name):
    path = _table(tmp_path, ROWS, name)
    source = open_source([path], text_column="body", format_column="kind", batch_size=3)
    assert isinstance(source, TableSource) and source.key_type == pa.int64()
    batches = list(source.batches())
    assert max(len(b.docs) for b in batches) <= 3
    keys = [k for b in batches for k in b.keys]
    docs = [d for b in batches for d in b.docs]
    errors = {b.keys[i]: m for b in batches for i, m in b.errors.items()}
    assert keys == [7, 8, 9, 10]
    assert docs[:3] == [(TEXT, "text", None), ("# Head\n\nIt rose,then fell.\n", "markdown", None), ("", "text", None)]
    assert docs[3] is None and "unknown format 'html'" in errors[10]


def test_a_table_without_an_id_column_is_keyed_by_row_number(tmp_path):
    path = _table(tmp_path, [{"text": TEXT}] * 5, row_group_size=2)
    source = open_source([path], batch_size=2)
    assert [k for b in source.batches() for k in b.keys] == [0, 1, 2, 3, 4]
    assert source.count() == 5


@pytest.mark.parametrize(
    "options, message",
    [
        ({"text_column": "content"}, "no column 'content' for --text-column"),
        ({"text_column": "n"}, "holds int64, not text"),
        ({"id_column": "uid"}, "no column 'uid' for --id-column"),
    ],
)
def test_table_column_errors_are_one_line(tmp_path, options, message):
    path = _table(tmp_path, [{"text": TEXT, "n": 1}])
    with pytest.raises(ScanError, match=message):
        open_source([path], **options)


def test_tables_and_articles_do_not_mix(tmp_path):
    path = _table(tmp_path, [{"text": TEXT}])
    (tmp_path / "a.md").write_text(TEXT, encoding="utf-8")
    with pytest.raises(ScanError, match="either article files or tables"):
        open_source([path, str(tmp_path / "a.md")])


# ---------------------------------------------------------------- the worker's function
def test_a_batch_gives_exactly_what_check_gives():
    editor = copyedit.load(isolated=True, backends="none")
    result = check_batch(editor, [(TEXT, "text", None), None, (CLEAN, "markdown", "x.md")])
    rows = result["rows"]
    assert set(rows["doc"]) == {0}
    got = [{c: rows[c][i] for c in rows if c != "doc"} for i in range(len(rows["doc"]))]
    assert got == [f.to_dict() for f in editor.check(TEXT)] and got
    assert result["words"] == len(TEXT.split()) + len(CLEAN.split())


def test_fixing_reports_the_findings_of_the_original_and_the_fixed_text():
    editor = copyedit.load(isolated=True, backends="none")
    checked = check_batch(editor, [(TEXT, "text", None), (CLEAN, "text", None)])
    fixed = check_batch(editor, [(TEXT, "text", None), (CLEAN, "text", None)], fix=True)
    assert fixed["rows"] == checked["rows"]
    assert fixed["fixed"] == [editor.fix(TEXT).text, None]
    assert fixed["applied"][0] == len(editor.fix(TEXT).applied) > 0 and fixed["applied"][1] == 0


class _Breaks:
    """An editor whose backend fails on one document."""

    def __init__(self):
        self.editor = copyedit.load(isolated=True, backends="none")

    def check(self, text, fmt="text", path=None):
        if "boom" in text:
            raise RuntimeError("backend went away\nwith a second line")
        return self.editor.check(text, fmt, path)

    fix = None


def test_a_failing_document_is_an_error_row_and_the_batch_goes_on():
    result = check_batch(_Breaks(), [("boom", "text", "a.md"), (TEXT, "text", "b.md")])
    rows = result["rows"]
    assert rows["doc"][0] == 0 and rows["rule"][0] == ERROR_RULE
    assert rows["message"][0] == "a.md: RuntimeError: backend went away"
    assert rows["line"][0] is None and rows["severity"][0] == "error"
    assert 1 in rows["doc"]


# ---------------------------------------------------------------- writers
def test_findings_are_written_whole_or_not_at_all(tmp_path):
    out = tmp_path / "out.parquet"
    w = FindingsWriter(str(out), "path", pa.string(), rows_per_group=2)
    rows = check_batch(copyedit.load(isolated=True, backends="none"), [(TEXT, "text", None)])["rows"]
    w.add(["a.md"], rows)
    assert not out.exists()  # still a temporary file beside it
    w.abort()
    assert os.listdir(tmp_path) == []
    w = FindingsWriter(str(tmp_path) + "/", "path", pa.string(), rows_per_group=2)
    w.add(["a.md"], rows)
    w.add(["b.md"], rows)
    w.close()
    t = pq.read_table(tmp_path / "findings.parquet")
    assert os.listdir(tmp_path) == ["findings.parquet"]
    assert t.num_rows == 2 * len(rows["doc"]) and pq.ParquetFile(tmp_path / "findings.parquet").num_row_groups > 1
    assert t.column("path").to_pylist() == ["a.md"] * len(rows["doc"]) + ["b.md"] * len(rows["doc"])


@pytest.mark.parametrize(
    "data, encoding",
    [
        (codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode("utf-8"), None),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), None),
        (TEXT.replace("rose", "ros\u00e9").encode("latin-1"), "latin-1"),
    ],
)
def test_fixed_files_keep_encoding_bom_and_line_endings(tmp_path, data, encoding):
    arts = tmp_path / "arts" / "2020"
    arts.mkdir(parents=True)
    (arts / "a.txt").write_bytes(data)
    source = open_source([str(tmp_path / "arts")], keep=True, encoding=encoding)
    (batch,) = source.batches()
    result = check_batch(copyedit.load(isolated=True, backends="none"), batch.docs, fix=True)
    FixedFiles(source, str(tmp_path / "fixed"), in_place=False).add(batch, result, {c: [] for c in result["rows"]})
    # what `copyedit fix` writes, byte for byte
    args = ["fix", "--isolated", "--backend", "none", str(arts / "a.txt")] + (["--encoding", encoding] if encoding else [])
    CliRunner().invoke(main, args)
    assert (tmp_path / "fixed" / "2020" / "a.txt").read_bytes() == (arts / "a.txt").read_bytes() != data


def test_a_fix_the_encoding_cannot_hold_leaves_the_file_and_says_so(tmp_path):
    (tmp_path / "arts").mkdir()
    original = "He said \"it's fine\" -- really.\n".encode("ascii")
    (tmp_path / "arts" / "a.txt").write_bytes(original)
    source = open_source([str(tmp_path / "arts")], keep=True, encoding="ascii")
    (batch,) = source.batches()
    rows = {c: [] for c in ("doc", "rule", "message")}
    fixed = FixedFiles(source, None, in_place=True)
    problem = fixed.write(batch.keep[0], "He said \u201cit\u2019s fine\u201d \u2014 really.\n")
    assert "cannot hold" in problem and (tmp_path / "arts" / "a.txt").read_bytes() == original
    assert fixed.written == 0 and rows["doc"] == []


def test_a_fixed_table_keeps_every_column_and_adds_the_fixed_text(tmp_path):
    path = _table(tmp_path, ROWS, "t.jsonl")
    source = open_source([path], text_column="body", format_column="kind", batch_size=2, keep=True)
    editor = copyedit.load(isolated=True, backends="none")
    out = FixedTables(source, str(tmp_path / "out" / "fixed.parquet"))
    for batch in source.batches():
        out.add(batch, check_batch(editor, batch.docs, fix=True))
    assert not (tmp_path / "out" / "fixed.parquet").exists()
    out.close()
    rows = pq.read_table(tmp_path / "out" / "fixed.parquet").to_pylist()
    assert [r["id"] for r in rows] == [7, 8, 9, 10] and set(rows[0]) == {"id", "body", "kind", "body_fixed"}
    assert rows[0]["body_fixed"] == editor.fix(TEXT).text != TEXT
    assert rows[2]["body_fixed"] is None and rows[3]["body_fixed"] == "Fine."  # unchanged or unchecked: as it was


# ---------------------------------------------------------------- the loop, on an in-process cluster
@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=3, processes=False, dashboard_address="127.0.0.1:0") as cluster:
        with Client(cluster) as c:
            yield c


class _ListSource:
    """Batches of given texts, counting how many were made."""

    kind = "table"
    key_name = "id"

    def __init__(self, texts, batch_size):
        from copyedit.scan.sources import Batch

        self.made = 0
        self._batches = [
            Batch(seq, list(range(i, i + batch_size)), [(t, "text", None) for t in texts[i : i + batch_size]])
            for seq, i in enumerate(range(0, len(texts), batch_size))
        ]

    def batches(self):
        for b in self._batches:
            self.made += 1
            yield b


def _slow_then_fast(editor, docs, fix=False):
    """Early batches finish last, so results arrive out of order."""
    import time

    time.sleep(0.3 if docs[0][0].startswith("0 ") else 0.01)
    if any("poison" in d[0] for d in docs):
        raise MemoryError("worker ran out of memory")
    return check_batch(editor, docs, fix)


def test_results_are_written_once_in_order_with_a_bounded_window(client, monkeypatch, tmp_path):
    monkeypatch.setattr(scan_job, "check_batch", _slow_then_fast)
    texts = [f"{i // 2} {TEXT}" if i != 11 else "poison" for i in range(20)]
    source = _ListSource(texts, batch_size=2)
    editor = copyedit.load(isolated=True, backends="none")
    seen, unwritten = [], []

    def progress(n):
        seen.append(n)
        unwritten.append(source.made - len(seen))

    w = FindingsWriter(str(tmp_path / "f.parquet"), "id", pa.int64())
    tally = scan_job.run(client, editor, source, findings=w, window=4, progress=progress)
    t = pq.read_table(tmp_path / "f.parquet")
    ids = t.column("id").to_pylist()
    assert ids == sorted(ids)  # source order, though the first batch finished last
    for i, text in enumerate(texts):
        expected = 1 if i in (10, 11) else len(editor.check(text, "text"))
        assert ids.count(i) == expected > 0, i  # once each: no batch twice
    errors = [r for r in t.to_pylist() if r["rule"] == ERROR_RULE]
    assert [r["id"] for r in errors] == [10, 11] and "MemoryError: worker ran out of memory" in errors[0]["message"]
    assert max(unwritten) <= 4 and tally.documents == 20 and tally.failed == 2


def test_an_interrupted_scan_cancels_its_tasks_and_leaves_no_output(client, monkeypatch, tmp_path):
    monkeypatch.setattr(scan_job, "check_batch", _slow_then_fast)
    source = _ListSource([f"{i} {TEXT}" for i in range(10)], batch_size=1)
    w = FindingsWriter(str(tmp_path / "f.parquet"), "id", pa.int64())

    def interrupt(n):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        scan_job.run(client, copyedit.load(isolated=True, backends="none"), source, findings=w, progress=interrupt)
    assert os.listdir(tmp_path) == []


def test_an_editor_goes_to_dask_as_it_is(client):
    """What the README's Python API section says: client.map(editor.check, texts)."""
    editor = copyedit.load(isolated=True, backends="none")
    texts = [TEXT, CLEAN, "It rose,then fell.\n"]
    assert client.gather(client.map(editor.check, texts)) == [editor.check(t) for t in texts]


def test_scan_command_on_an_existing_scheduler(client, tmp_path):
    root = _tree(tmp_path / "arts")
    (root / "latin.txt").write_bytes("caf\u00e9 ,bad\n".encode("latin-1"))
    out = tmp_path / "f.parquet"
    args = ["scan", str(root), "--isolated", "--backend", "none", "--scheduler", client.scheduler.address, "--out", str(out), "--progress"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2, r.output  # a file could not be read
    assert "findings" in r.stdout and "1 failed (rule error)" in r.stdout
    check = CliRunner().invoke(main, ["check", "--isolated", "--backend", "none", "--format", "json", str(root)])
    expected = [dict(path=f["path"], **s) for f in json.loads(check.stdout)["files"] for s in f["suggestions"]]
    rows = pq.read_table(out).to_pylist()
    assert [r for r in rows if r["rule"] != ERROR_RULE] == expected and expected
    assert [r["path"] for r in rows if r["rule"] == ERROR_RULE] == [str(root / "latin.txt")]


# ---------------------------------------------------------------- the command's errors
def _scan(*args):
    return CliRunner().invoke(main, ["scan", *args])


def test_usage_errors_are_one_line(tmp_path, monkeypatch):
    from copyedit.scan import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    root = _tree(tmp_path / "arts")
    table = _table(tmp_path, [{"text": TEXT}])
    cases = [
        ([str(root), "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "--workers sizes a local cluster"),
        ([table, "--in-place"], "--in-place is for article files"),
        ([str(root), "--text-column", "body"], "are for tables"),
        ([str(root), "--fix-out", str(root / "fixed")], "inside the scanned tree"),
        ([str(root), "--fix-out", str(root / "a.md")], "not a directory"),
        ([str(root), "--fix-out", str(tmp_path / "x"), "--in-place"], "not both"),
        ([table, "--text-column", "body"], "no column 'body'"),
        ([], "nothing to scan"),
        ([str(root), "--disable", "no-such-rule"], "no-such-rule"),
        ([str(root / "a.md"), "--fix-out", str(root)], "inside the scanned tree"),
        ([table, "--out", table], "that is the table being scanned"),
        ([table, "--fix-out", table], "would overwrite the table being scanned"),
        ([table, "--fix-out", str(tmp_path)], "would overwrite the table being scanned"),
        ([str(root), "--out", str(root / "a.md")], "exists and is not a Parquet file"),
        ([str(root), "--scheduler", "tcp://127.0.0.1:9", "--isolated"], "cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
    ]
    for args, message in cases:
        r = _scan(*args)
        assert r.exit_code == 2, (args, r.output)
        assert r.stderr.startswith("copyedit: error:") and message in r.stderr and r.stderr.count("\n") == 1, (args, r.stderr)


def test_batches_are_cut_short_by_the_size_of_their_texts(tmp_path, monkeypatch):
    from copyedit.scan import sources

    monkeypatch.setattr(sources, "MAX_BATCH_CHARS", 2 * len(TEXT))
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(TEXT, encoding="utf-8")
    assert [len(b.docs) for b in open_source([str(tmp_path)], batch_size=50).batches()] == [2, 2, 1]
    big = tmp_path / "big.txt"
    big.write_text(TEXT * 10, encoding="utf-8")
    assert [len(b.docs) for b in open_source([str(big)]).batches()] == [1]
    path = _table(tmp_path, [{"text": TEXT}] * 2 + [{"text": TEXT * 10}] + [{"text": TEXT}] * 3)
    batches = list(open_source([path], batch_size=50).batches())
    assert [len(b.docs) for b in batches] == [2, 1, 2, 1]
    assert [k for b in batches for k in b.keys] == list(range(6))


def test_without_the_extra_scan_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    r = _scan(str(tmp_path))
    assert r.exit_code == 2
    assert r.stderr == f"copyedit: error: {INSTALL_HINT}\n"


def test_the_plain_cli_imports_no_dask_or_pyarrow():
    code = "import sys, copyedit.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'pyarrow')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
