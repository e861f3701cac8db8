"""Writes: all or nothing, mode and owner kept, never over somebody else's newer version."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import threading

import pytest

from conftest import copyedit_cmd
from fuzz.harness import no_traceback, one_line, run

from copyedit import files

ARTICLE = "Headline Here\n" + "The council met on Tuesday,and voted.It was a day .\n" * 3


def temp_files(directory) -> list[str]:
    return [n for n in os.listdir(directory) if n.startswith(files.TEMP_PREFIX)]


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


# ------------------------------------------------------------------ atomic
def test_new_content_arrives_by_rename_from_the_same_directory(article, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append((src, dst, open(src, "rb").read()))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    src = files.read(str(article))
    files.write_atomic(src, "new text\n")
    ((tmp, dst, data),) = seen
    assert os.path.dirname(tmp) == os.path.dirname(os.path.realpath(article)) == os.path.dirname(dst)
    assert os.path.basename(tmp).startswith(files.TEMP_PREFIX)
    assert data == b"new text\n"  # complete before the rename
    assert article.read_bytes() == b"new text\n"
    assert src.raw == b"new text\n"  # a second fix in the same run compares against what we wrote
    assert temp_files(article.parent) == []


@pytest.mark.parametrize(
    "target,exc",
    [
        ("replace", OSError(errno.ENOSPC, "No space left on device")),
        ("fsync", OSError(errno.EIO, "Input/output error")),
        ("mkstemp", PermissionError(errno.EACCES, "Permission denied")),
    ],
)
def test_failed_write_leaves_the_original_and_no_temporary_file(article, monkeypatch, target, exc):
    def boom(*a, **k):
        raise exc

    if target == "mkstemp":
        monkeypatch.setattr(files.tempfile, "mkstemp", boom)
    else:
        monkeypatch.setattr(os, target, boom)
    src = files.read(str(article))
    with pytest.raises(files.InputError) as info:
        files.write_atomic(src, "new text\n")
    msg = str(info.value)
    assert "\n" not in msg and str(article) in msg and exc.strerror in msg and "left untouched" in msg
    assert article.read_text(encoding="utf-8") == ARTICLE
    assert temp_files(article.parent) == []


def test_interrupt_while_writing_leaves_the_original(article, monkeypatch):
    real_fsync = os.fsync

    def interrupted(fd):
        real_fsync(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    src = files.read(str(article))
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(src, "half")
    assert article.read_text(encoding="utf-8") == ARTICLE
    assert temp_files(article.parent) == []


def test_write_failure_through_the_cli_is_one_line(article, monkeypatch):
    from click.testing import CliRunner

    from copyedit.cli import main

    def boom(*a, **k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", boom)
    result = CliRunner().invoke(main, ["fix", "--backend", "none", str(article)])
    assert result.exit_code == 2, result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("copyedit: error:")]
    assert errors == [f"copyedit: error: {article}: cannot write (Read-only file system); file left untouched"]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert article.read_text(encoding="utf-8") == ARTICLE


# ------------------------------------------------------------------ mode and owner
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o444])
def test_fix_keeps_the_file_mode(article, mode):
    article.chmod(mode)
    try:
        r = run("fix", "--backend", "none", article, cwd=article.parent)
        assert r.returncode == 0, r.stderr
        assert stat.S_IMODE(os.stat(article).st_mode) == mode
        assert "Tuesday, and voted. It was a day." in article.read_text(encoding="utf-8")
    finally:
        article.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_fix_keeps_the_owner(article):
    os.chown(article, 4321, 4322)
    r = run("fix", "--backend", "none", article, cwd=article.parent)
    assert r.returncode == 0, r.stderr
    st = os.stat(article)
    assert (st.st_uid, st.st_gid) == (4321, 4322)


# ------------------------------------------------------------------ changed underneath
def test_changed_on_disk_is_not_overwritten_even_with_same_size_and_mtime(article):
    src = files.read(str(article))
    st = os.stat(article)
    theirs = ARTICLE.replace("Headline Here", "Headline HERE")
    assert len(theirs) == len(ARTICLE)
    article.write_text(theirs, encoding="utf-8")
    os.utime(article, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(files.InputError, match="changed on disk since it was read; not overwritten"):
        files.write_atomic(src, "ours\n")
    assert article.read_text(encoding="utf-8") == theirs
    assert temp_files(article.parent) == []


def test_removed_since_read_is_not_recreated(article):
    src = files.read(str(article))
    article.unlink()
    with pytest.raises(files.InputError, match="removed since it was read"):
        files.write_atomic(src, "ours\n")
    assert not article.exists()
    assert temp_files(article.parent) == []


def test_edit_during_the_run_is_reported_in_one_line_and_kept(article, monkeypatch):
    """An editor saves while copyedit is checking: their save wins, copyedit says so."""
    from click.testing import CliRunner

    from copyedit.cli import main
    from copyedit.engine import Engine

    theirs = ARTICLE + "A paragraph the author just added.\n"
    real_check = Engine.check

    def check_while_editor_saves(self, doc):
        if article.read_text(encoding="utf-8") != theirs:
            article.write_text(theirs, encoding="utf-8")
        return real_check(self, doc)

    monkeypatch.setattr(Engine, "check", check_while_editor_saves)
    result = CliRunner().invoke(main, ["fix", "--backend", "none", str(article)])
    assert result.exit_code == 2
    errors = [ln for ln in result.stderr.splitlines() if "error" in ln]
    assert errors == [f"copyedit: error: {article}: changed on disk since it was read; not overwritten (run copyedit again)"]
    assert "fixed" not in result.stderr
    assert article.read_text(encoding="utf-8") == theirs


def test_threads_racing_to_write_one_file_let_exactly_one_win(article):
    sources = [files.read(str(article)) for _ in range(8)]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(sources))

    def write(i, src):
        barrier.wait()
        try:
            files.write_atomic(src, f"version {i}\n")
            outcomes.append(f"ok {i}")
        except files.InputError as e:
            assert "changed on disk" in str(e)
            outcomes.append("refused")

    threads = [threading.Thread(target=write, args=(i, s)) for i, s in enumerate(sources)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [o for o in outcomes if o.startswith("ok")]
    assert len(winners) == 1, outcomes
    assert article.read_text(encoding="utf-8") == f"version {winners[0].split()[1]}\n"
    assert temp_files(article.parent) == []


# ------------------------------------------------------------------ concurrent processes
def _race(path, option_sets):
    procs = [
        subprocess.Popen([*copyedit_cmd(), "fix", *opts, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for opts in option_sets
    ]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        out.append((p.returncode, stderr.decode()))
    return out


def _fixed_by(tmp_path, text: str, opts: list[str], name: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    r = run("fix", *opts, p, cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    return p.read_text(encoding="utf-8")


def big_article(n: int = 400) -> str:
    return "Headline Here\n" + "".join(f"Line {i} met on Tuesday,and voted.It was a day .\n" for i in range(n))


def test_concurrent_identical_fixes_agree_and_leave_nothing_to_do(tmp_path):
    opts = ["--backend", "none"]
    text = big_article()
    expected = _fixed_by(tmp_path, text, opts, "expected.txt")
    target = tmp_path / "story.txt"
    for _ in range(3):
        target.write_text(text, encoding="utf-8")
        results = _race(target, [opts] * 4)
        for code, err in results:
            no_traceback(err.encode())
            assert code in (0, 2), err
            if code == 2:
                assert one_line(err.encode()).endswith("changed on disk since it was read; not overwritten (run copyedit again)")
        assert sum("copyedit: fixed" in err for _, err in results) >= 1
        assert target.read_text(encoding="utf-8") == expected
        assert temp_files(tmp_path) == []
        again = run("fix", *opts, target, cwd=tmp_path)
        assert again.returncode == 0 and b"fixed" not in again.stderr
        assert target.read_text(encoding="utf-8") == expected


def test_concurrent_different_fixes_never_lose_an_update(tmp_path):
    """Two runs that would write different things: one wins, or the second builds on the first."""
    from fuzz.harness import all_pack_ids

    # Two runs whose fixes do not overlap: punctuation only, and everything but punctuation.
    a = ["--backend", "none", "--isolated"] + [x for p in all_pack_ids() if p != "punctuation" for x in ("--disable-pack", p)]
    b = ["--backend", "none", "--isolated", "--disable-pack", "punctuation"]
    text = big_article(300).replace("was a day", "was a important day").replace("Tuesday", "tuesday")
    outcomes = {
        "a": _fixed_by(tmp_path, text, a, "a.txt"),
        "b": _fixed_by(tmp_path, text, b, "b.txt"),
    }
    outcomes["b after a"] = _fixed_by(tmp_path, outcomes["a"], b, "ba.txt")
    outcomes["a after b"] = _fixed_by(tmp_path, outcomes["b"], a, "ab.txt")
    singles = {outcomes["a"], outcomes["b"]}
    assert len(singles) == 2 and not singles & {outcomes["b after a"], outcomes["a after b"]}
    target = tmp_path / "story.txt"
    for _ in range(3):
        target.write_text(text, encoding="utf-8")
        results = _race(target, [a, b, a, b])
        final = target.read_text(encoding="utf-8")
        which = [k for k, v in outcomes.items() if v == final]
        assert which, "the file is none of the possible outcomes"
        writers = sum("copyedit: fixed" in err for _, err in results)
        if which[0] in ("a", "b"):
            # Only one run's work is in the file: no other run may claim to have written.
            assert writers == 1, results
        for code, err in results:
            no_traceback(err.encode())
            if code == 2:
                assert "changed on disk since it was read" in err
        assert temp_files(tmp_path) == []
