"""A hostile repository, built in a temporary folder, against the real command.

A pre-commit hook runs copyedit in whatever repository someone cloned: its
symbolic links, FIFOs, device links, huge files, odd names and planted
baselines must never make copyedit write outside the tree, hang, exhaust
memory or print a traceback (issues 18 and 20).
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import copyedit_cmd
from fuzz.harness import apply_patch, no_traceback, one_line, run

SLIP = b"Hello,world.\n"
FIXED = b"Hello, world.\n"
NONE = ("--isolated", "--backend", "none")

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and /proc are POSIX")


def repo(tmp_path):
    """A cloned repository (a `.git` folder is all the walk-up needs) and, beside it, the user's home."""
    root = tmp_path / "clone"
    (root / ".git").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "good.md").write_bytes(SLIP)
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_bytes(SLIP)
    return root, home


def lines(stderr: bytes) -> list[str]:
    return [ln for ln in no_traceback(stderr).splitlines() if ln.strip()]


# ------------------------------------------------------------ writes stay in the tree
@needs_symlinks
def test_fix_does_not_write_through_a_link_out_of_the_repository(tmp_path):
    root, home = repo(tmp_path)
    (root / "docs" / "notes.md").symlink_to(home / "notes.txt")
    r = run("fix", *NONE, "docs", cwd=root)
    assert r.returncode == 2, r.stderr
    refused = [ln for ln in lines(r.stderr) if "notes.md" in ln]
    assert len(refused) == 1 and "not written" in refused[0] and "--follow-symlinks" in refused[0]
    assert (home / "notes.txt").read_bytes() == SLIP  # the home folder is untouched
    assert (root / "docs" / "good.md").read_bytes() == FIXED  # the rest of the tree is fixed
    assert (root / "docs" / "notes.md").is_symlink()
    assert not list(home.iterdir())[1:]  # no temporary file left beside the target

    r = run("fix", *NONE, "--follow-symlinks", "docs", cwd=root)
    assert r.returncode == 0, r.stderr
    assert (home / "notes.txt").read_bytes() == FIXED and (root / "docs" / "notes.md").is_symlink()


@needs_symlinks
def test_a_link_named_directly_is_held_to_the_same_rule(tmp_path):
    root, home = repo(tmp_path)
    (root / "notes.md").symlink_to(home / "notes.txt")
    r = run("fix", *NONE, "notes.md", "docs/good.md", cwd=root)
    assert r.returncode == 2
    assert any("notes.md" in ln and "not written" in ln for ln in lines(r.stderr))
    assert (home / "notes.txt").read_bytes() == SLIP
    assert (root / "docs" / "good.md").read_bytes() == FIXED


@needs_symlinks
def test_links_inside_the_repository_are_still_fixed(tmp_path):
    root, _ = repo(tmp_path)
    (root / "shared").mkdir()
    (root / "shared" / "a.txt").write_bytes(SLIP)
    (root / "docs" / "a.md").symlink_to("../shared/a.txt")
    (root / "docs" / "same.md").symlink_to("good.md")
    r = run("fix", *NONE, "docs", cwd=root)
    assert r.returncode == 0, r.stderr
    assert (root / "shared" / "a.txt").read_bytes() == FIXED and (root / "docs" / "good.md").read_bytes() == FIXED


@needs_symlinks
def test_outside_a_repository_the_given_folder_is_the_tree(tmp_path):
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "shared.md").write_bytes(SLIP)
    (site / "posts" / "a.md").symlink_to("../shared.md")  # inside the folder given
    (tmp_path / "secret.md").write_bytes(SLIP)
    (site / "posts" / "b.md").symlink_to("../../secret.md")  # outside it
    r = run("fix", *NONE, "site", cwd=tmp_path)
    assert r.returncode == 2
    assert (site / "shared.md").read_bytes() == FIXED
    assert (tmp_path / "secret.md").read_bytes() == SLIP


@needs_symlinks
def test_review_does_not_write_through_a_link_out_of_the_repository(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    root, home = repo(tmp_path)
    (root / "docs" / "good.md").unlink()
    (root / "docs" / "notes.md").symlink_to(home / "notes.txt")
    cmd = copyedit_cmd()
    child = pexpect.spawn(cmd[0], [*cmd[1:], "review", *NONE, "docs"], cwd=str(root), timeout=60, dimensions=(40, 200))
    child.expect_exact("notes.md:1:6 comma-space")
    child.expect(r"Accept\? \[")
    child.send("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert b"not written" in child.before
    assert (home / "notes.txt").read_bytes() == SLIP


@needs_symlinks
def test_scan_in_place_does_not_write_through_a_link_out_of_the_tree(tmp_path):
    pytest.importorskip("pyarrow")
    from copyedit.scan.sources import open_source
    from copyedit.scan.writers import FixedFiles

    root, home = repo(tmp_path)
    (root / "docs" / "good.md").unlink()
    (root / "docs" / "notes.md").symlink_to(home / "notes.txt")
    source = open_source([str(root / "docs")], keep=True)
    (batch,) = source.batches()
    fixed = FixedFiles(source, None, in_place=True)
    problem = fixed.write(batch.keep[0], FIXED.decode())
    assert problem and "not written" in problem and fixed.written == 0
    assert (home / "notes.txt").read_bytes() == SLIP


@needs_symlinks
@pytest.mark.parametrize("configured", [False, True])
def test_baseline_create_does_not_write_through_a_planted_baseline_link(tmp_path, configured):
    root, home = repo(tmp_path)
    (home / "notes.txt").write_bytes(b"my own notes\n")
    (root / ".copyedit-baseline.json").symlink_to(home / "notes.txt")
    args = ["baseline", "create", "--backend", "none", "docs"]
    if configured:
        (root / ".copyedit.toml").write_text('baseline = ".copyedit-baseline.json"\n', encoding="utf-8")
    else:
        args.insert(2, "--isolated")
    r = run(*args, cwd=root)
    assert r.returncode == 2, r.stderr
    assert "not written" in one_line(r.stderr)
    assert (home / "notes.txt").read_bytes() == b"my own notes\n"
    assert (root / ".copyedit-baseline.json").is_symlink()


@needs_symlinks
def test_vocabulary_learn_does_not_write_through_a_planted_word_list_link(tmp_path):
    root, home = repo(tmp_path)
    (home / "notes.txt").write_bytes(b"# my own notes\n")
    (root / "words.txt").symlink_to(home / "notes.txt")
    (root / ".copyedit.toml").write_text('[vocabulary]\naccept-file = "words.txt"\n', encoding="utf-8")
    r = run("vocabulary", "learn", "docs", cwd=root)
    assert r.returncode == 2
    assert "not written" in one_line(r.stderr)
    assert (home / "notes.txt").read_bytes() == b"# my own notes\n"


# ------------------------------------------------------------ only regular files are read
@posix_only
def test_a_fifo_walked_or_named_is_skipped_not_read(tmp_path):
    root, _ = repo(tmp_path)
    os.mkfifo(root / "docs" / "pipe.md")
    r = run("check", *NONE, "docs", cwd=root, timeout=60)  # before: blocked for ever
    assert r.returncode == 1, r.stderr  # good.md's finding; a skipped FIFO is not an error
    (skip,) = lines(r.stderr)
    assert "pipe.md" in skip and "FIFO" in skip
    assert "good.md:1:6" in r.stdout.decode()
    r = run("fix", *NONE, "docs/pipe.md", cwd=root, timeout=60)
    assert r.returncode == 0 and "FIFO" in one_line(r.stderr)


@posix_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_skipped_not_read(tmp_path, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    root, _ = repo(tmp_path)
    (root / "docs" / "dev.md").symlink_to(device)
    r = run("fix", *NONE, "docs", cwd=root, timeout=60)  # before: read until MemoryError
    assert r.returncode == 0, r.stderr
    assert [ln for ln in lines(r.stderr) if "dev.md" in ln] == ["copyedit: docs/dev.md: a character device, not a regular file; skipped, never read"]
    assert (root / "docs" / "good.md").read_bytes() == FIXED


# ------------------------------------------------------------ max-file-size
def test_a_file_over_max_file_size_is_skipped_with_status_2(tmp_path):
    root, _ = repo(tmp_path)
    big = root / "docs" / "big.md"
    with open(big, "wb") as fh:  # sparse: its size is known from stat alone
        fh.truncate(20_000_001)
    r = run("fix", *NONE, "docs", cwd=root)
    assert r.returncode == 2
    (err,) = [ln for ln in lines(r.stderr) if "big.md" in ln]
    assert "max-file-size (20 MB)" in err and "skipped" in err
    assert (root / "docs" / "good.md").read_bytes() == FIXED
    r = run("check", *NONE, "--max-file-size", "21MB", "docs/big.md", cwd=root)
    assert r.returncode == 0 and "binary file" in one_line(r.stderr)  # read this time: all NUL bytes


def test_max_file_size_from_the_config_with_units(tmp_path):
    root, _ = repo(tmp_path)
    (root / ".copyedit.toml").write_text('max-file-size = "1 kB"\nbackend = "none"\n', encoding="utf-8")
    (root / "docs" / "long.md").write_bytes(SLIP * 100)
    r = run("fix", "docs", cwd=root)
    assert r.returncode == 2
    assert "long.md" in one_line(r.stderr.replace(b"copyedit: fixed 1 in docs/good.md\n", b""))
    assert (root / "docs" / "long.md").read_bytes() == SLIP * 100
    assert run("fix", "--max-file-size", "2KiB", "docs/long.md", cwd=root).returncode == 0
    assert (root / "docs" / "long.md").read_bytes() == FIXED * 100


@pytest.mark.parametrize("value", ["lots", "0", "-5MB", "20 parsecs"])
def test_a_bad_max_file_size_is_one_line(tmp_path, value):
    (tmp_path / "a.md").write_bytes(SLIP)
    r = run("check", *NONE, "--max-file-size", value, "a.md", cwd=tmp_path)
    assert r.returncode == 2
    err = one_line(r.stderr)
    assert err.startswith("copyedit: error: --max-file-size:") and ("expected a size" in err or "at least 1 byte" in err)


def test_the_size_is_known_before_the_file_is_opened(tmp_path, monkeypatch):
    from copyedit import files

    big = tmp_path / "big.md"
    big.write_bytes(SLIP * 10)
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a, **k: opened.append(p) or real_open(p, *a, **k))
    with pytest.raises(files.InputError, match="max-file-size"):
        files.read(str(big), max_size=50)
    assert opened == []


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_standard_input_over_the_limit_is_one_line_not_memory():
    with open("/dev/zero", "rb") as zero:
        r = subprocess.run([*copyedit_cmd(), "check", *NONE, "-"], stdin=zero, capture_output=True, timeout=120)
    assert r.returncode == 2 and "max-file-size" in one_line(r.stderr)


# ------------------------------------------------------------ workers die with the run
def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
            out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper has stopped)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            stat = fh.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read()
    except OSError:
        return b""


def _wait(condition, seconds: float) -> bool:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_workers_die_with_the_run_and_write_nothing_after(tmp_path, how):
    import signal

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(400):
        (docs / f"a{i:03}.md").write_bytes(SLIP * 200)
    cmd = copyedit_cmd()
    proc = subprocess.Popen([*cmd, "fix", *NONE, "-j", "2", "docs"], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kids: list[int] = []
    try:
        def started() -> bool:
            if proc.poll() is not None:
                return True
            workers = [c for c in _children(proc.pid) if b"spawn_main" in _cmdline(c)]
            done = sum(1 for p in docs.glob("a*.md") if p.read_bytes()[:14] == FIXED)
            return bool(workers) and done >= 3

        assert _wait(started, 120), "the run never got going"
        if proc.poll() is not None:
            pytest.skip("the run ended without starting a worker (one usable core?)")
        kids = _children(proc.pid)
        proc.send_signal(getattr(signal, how))
        proc.wait(30)
        # before: the workers lived on, blocked on a queue nobody would fill
        assert _wait(lambda: not any(_alive(k) for k in kids), 20), [k for k in kids if _alive(k)]
    finally:
        if proc.poll() is None:
            proc.kill()
        for k in kids:
            if _alive(k):
                os.kill(k, signal.SIGKILL)
    articles = {p: p.read_bytes() for p in docs.glob("a*.md")}
    assert len(articles) == 400 and all(data in (SLIP * 200, FIXED * 200) for data in articles.values())  # whole files only
    temporary = [p for p in docs.iterdir() if p.name.startswith(".copyedit-")]
    # SIGTERM unwinds every process; SIGKILL cannot be caught, so the file the
    # parent itself was writing at that instant may leave its temporary file
    # (never a damaged article), but no worker leaves one.
    assert len(temporary) <= (0 if how == "SIGTERM" else 1), temporary
    _wait(lambda: False, 1)
    assert {p: p.read_bytes() for p in docs.glob("a*.md")} == articles  # nothing written after


# ------------------------------------------------------------ tracebacks
@pytest.mark.parametrize(
    "pyproject, said",
    [("tool = 5\n", "'tool' must be a table"), ('[tool]\ncopyedit = "gb"\n', "tool.copyedit must be a table")],
)
def test_a_bad_pyproject_above_is_one_line(tmp_path, pyproject, said):
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_bytes(SLIP)
    r = run("check", "--backend", "none", "a.md", cwd=tmp_path / "docs")
    assert r.returncode == 2
    err = one_line(r.stderr)
    assert "pyproject.toml" in err and said in err


UNREADABLE = """
import builtins, os, sys
LOCKED = os.path.abspath("locked.txt")
def locked(p):
    try:
        return os.path.abspath(os.fsdecode(p)) == LOCKED
    except TypeError:
        return False
def deny(p):
    raise PermissionError(13, "Permission denied", os.fsdecode(p))
real_open, real_os_open, real_access = builtins.open, os.open, os.access
builtins.open = lambda p, *a, **k: deny(p) if locked(p) else real_open(p, *a, **k)
os.open = lambda p, *a, **k: deny(p) if locked(p) else real_os_open(p, *a, **k)
os.access = lambda p, mode, *a, **k: False if locked(p) and mode & os.R_OK else real_access(p, mode, *a, **k)
from copyedit.cli import main
sys.argv[0] = "copyedit"
main()
"""


def test_an_unreadable_file_named_directly_is_one_line_and_the_others_are_fixed(tmp_path):
    """As an unprivileged user sees it, simulated so that it runs as root too (in CI)."""
    (tmp_path / "locked.txt").write_bytes(SLIP)
    (tmp_path / "good.txt").write_bytes(SLIP)
    r = subprocess.run([sys.executable, "-c", UNREADABLE, "fix", *NONE, "locked.txt", "good.txt"], cwd=tmp_path, capture_output=True, timeout=120)
    assert r.returncode == 2
    err = [ln for ln in lines(r.stderr) if "fixed 1 in good.txt" not in ln]
    assert err == ["copyedit: error: locked.txt: permission denied"]
    assert (tmp_path / "good.txt").read_bytes() == FIXED
    assert (tmp_path / "locked.txt").read_bytes() == SLIP


@pytest.mark.skipif(os.name != "posix", reason="a newline in a file name")
def test_a_newline_in_a_file_name_cannot_send_a_hunk_to_another_file(tmp_path):
    root = tmp_path / "tree"
    root.mkdir()
    (root / "a\nb.md").write_bytes(SLIP)
    (root / "a").write_bytes(SLIP)  # what the name's first line would point at
    (root / "b.md").write_bytes(b"Clean text.\n")
    r = run("diff", *NONE, ".", cwd=root)
    assert r.returncode == 1, r.stderr
    assert b'--- "a/a\\nb.md"\n+++ "b/a\\nb.md"\n' in r.stdout
    for tool in ("patch", "git"):
        if shutil.which(tool) is None:
            continue
        copy = tmp_path / tool
        shutil.copytree(root, copy)
        if tool == "patch":
            done = apply_patch(copy, r.stdout)
        else:
            done = subprocess.run(["git", "apply", "-"], input=r.stdout, cwd=copy, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert (copy / "a\nb.md").read_bytes() == FIXED
        assert (copy / "a").read_bytes() == SLIP and (copy / "b.md").read_bytes() == b"Clean text.\n"


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="names that are not UTF-8")
def test_sarif_encodes_odd_file_names_as_uris(tmp_path):
    from urllib.parse import unquote_to_bytes

    names = [b"a\nb.md", b"caf\xe9.md"]
    for name in names:
        (tmp_path / os.fsdecode(name)).write_bytes(SLIP)
    r = run("check", *NONE, "--format", "sarif", *[os.fsdecode(n) for n in names], cwd=tmp_path)
    assert r.returncode == 1, r.stderr  # before: a UnicodeEncodeError traceback
    uris = [res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in json.loads(r.stdout)["runs"][0]["results"]]
    assert sorted(unquote_to_bytes(u) for u in uris) == sorted(names)
    assert all(u.isascii() and u.isprintable() for u in uris)


def test_utf16_without_a_bom_is_refused_not_given_one(tmp_path):
    data = "Hello,world.\n".encode("utf-16-le")
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    r = run("fix", *NONE, "--encoding", "utf-16", "a.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert "utf-16-le or utf-16-be" in one_line(r.stderr)
    assert p.read_bytes() == data  # before: rewritten with a BOM
    r = run("fix", *NONE, "--encoding", "utf-16-le", "a.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert p.read_bytes() == "Hello, world.\n".encode("utf-16-le")
    with_bom = tmp_path / "b.txt"
    with_bom.write_bytes(codecs.BOM_UTF16_BE + "Hello,world.\n".encode("utf-16-be"))
    assert run("fix", *NONE, "--encoding", "utf-16", "b.txt", cwd=tmp_path).returncode == 0
    assert with_bom.read_bytes() == codecs.BOM_UTF16_BE + "Hello, world.\n".encode("utf-16-be")


# ------------------------------------------------------------ fix - passes through what it cannot check
@pytest.mark.parametrize(
    "data, status, why",
    [
        (b"PK\x03\x04 binary,data\x00\x01\xff", 0, "binary file"),
        (b"Caf\xe9,au lait.\n", 2, "cannot decode"),
    ],
)
def test_fix_as_a_filter_passes_through_what_it_cannot_check(data, status, why):
    r = run("fix", *NONE, "-", input=data)
    assert r.stdout == data  # before: nothing, so `fix - < a > b` emptied b
    assert r.returncode == status
    err = one_line(r.stderr)
    assert why in err and "passed through unchanged" in err


# ------------------------------------------------------------ baselines, encodings, closed streams
def test_a_deeply_nested_baseline_is_one_line(tmp_path):
    (tmp_path / "a.md").write_bytes(SLIP)
    (tmp_path / "deep.json").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    r = run("check", *NONE, "--baseline", "deep.json", "a.md", cwd=tmp_path)
    assert r.returncode == 2
    assert "deep.json: not a copyedit baseline" in one_line(r.stderr)


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex"])
def test_codecs_that_are_not_text_encodings_are_refused(tmp_path, codec):
    (tmp_path / "a.md").write_bytes(b"48656c6c6f2c776f726c642e\n")
    r = run("fix", *NONE, "--encoding", codec, "a.md", cwd=tmp_path)
    assert r.returncode == 2
    assert "not a text encoding" in one_line(r.stderr)
    assert (tmp_path / "a.md").read_bytes() == b"48656c6c6f2c776f726c642e\n"


@pytest.mark.skipif(os.name != "posix", reason="closes descriptors with the shell")
@pytest.mark.parametrize(
    "args, redirect, said",
    [
        ("check a.md", ">&-", "standard output is closed"),
        ("fix a.md", ">&-", "standard output is closed"),
        ("fix -", "<&-", "standard input is closed"),
        ("check -", "<&-", "standard input is closed"),
    ],
)
def test_closed_standard_streams_are_one_line_and_a_failure(tmp_path, args, redirect, said):
    (tmp_path / "a.md").write_bytes(SLIP)
    cmd = " ".join(f"'{c}'" for c in copyedit_cmd())
    r = subprocess.run(["sh", "-c", f"exec {cmd} {args} --isolated --backend none {redirect}"], cwd=tmp_path, capture_output=True, timeout=120)
    assert r.returncode == 2
    assert said in one_line(r.stderr)
    assert (tmp_path / "a.md").read_bytes() == SLIP
