"""Hostile input through the real command: odd files are reported, never fatal, never damaged."""

from __future__ import annotations

import codecs
import json
import os
import time

import pytest

from fuzz.harness import apply_patch, no_traceback, one_line, run, sniff, snapshot

SLIPS = "The council met on Tuesday,and voted.It was a important day."
FIXED = "The council met on Tuesday, and voted. It was an important day."


def write(path, data: bytes):
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------ empty and blank
@pytest.mark.parametrize("name", ["empty.md", "empty.txt", "blank.md", "blank.txt"])
def test_empty_and_whitespace_only_files(tmp_path, name):
    data = b"" if name.startswith("empty") else b" \n\t\r\n  \xc2\xa0\n\n"
    p = write(tmp_path / name, data)
    for cmd in ("check", "diff", "fix"):
        r = run(cmd, p, cwd=tmp_path)
        assert r.returncode == 0, (cmd, r.stderr)
        assert r.stdout == b"" and no_traceback(r.stderr) == ""
    assert p.read_bytes() == data


# ------------------------------------------------------------------ binary
def test_binary_file_is_skipped_with_a_note_and_the_others_go_on(tmp_path):
    good = write(tmp_path / "good.txt", (SLIPS + "\n").encode())
    blob = write(tmp_path / "blob.txt", b"PK\x03\x04,header.The\x00\x00\x01rest,of it\n")
    late_nul = write(tmp_path / "late.md", b"x,y. " * 5000 + b"\x00")  # NUL far past the first block
    r = run("check", "--backend", "none", blob, good, late_nul, cwd=tmp_path)
    err = no_traceback(r.stderr)
    assert r.returncode == 1, err  # findings in good.txt; a skipped file is not an error
    assert f"{blob}: binary file" in err and f"{late_nul}: binary file" in err
    assert "error" not in err
    assert "good.txt:1:" in r.stdout.decode()
    r = run("fix", "--backend", "none", blob, good, late_nul, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert good.read_text() == "The council met on Tuesday, and voted. It was a important day.\n"
    assert blob.read_bytes().startswith(b"PK\x03\x04,header.The\x00")
    assert late_nul.read_bytes().endswith(b"x,y. \x00")


def test_utf8_bom_with_nul_is_binary_but_utf16_is_text(tmp_path):
    bom_nul = write(tmp_path / "a.txt", codecs.BOM_UTF8 + b"text,here\x00\n")
    utf16 = write(tmp_path / "b.txt", codecs.BOM_UTF16_LE + "Text,here.\n".encode("utf-16-le"))
    r = run("check", "--backend", "none", bom_nul, utf16, cwd=tmp_path)
    err = no_traceback(r.stderr)
    assert f"{bom_nul}: binary file" in err
    assert str(utf16) not in err
    assert f"{utf16}:1:5: comma-space" in r.stdout.decode()


# ------------------------------------------------------------------ undecodable
def test_invalid_utf8_is_an_error_for_that_file_only(tmp_path):
    bad = write(tmp_path / "bad.txt", b"Valid,start \xff\xfe then,more.\n")
    good = write(tmp_path / "good.txt", (SLIPS + "\n").encode())
    r = run("fix", "--backend", "none", bad, good, cwd=tmp_path)
    assert r.returncode == 2
    err = no_traceback(r.stderr)
    errors = [ln for ln in err.splitlines() if ln.startswith("copyedit: error:")]
    assert len(errors) == 1 and str(bad) in errors[0] and "utf-8" in errors[0] and "--encoding" in errors[0]
    assert bad.read_bytes() == b"Valid,start \xff\xfe then,more.\n"
    assert good.read_text().startswith("The council met on Tuesday, and voted.")
    r = run("check", "--format", "json", "--backend", "none", bad, good, cwd=tmp_path)
    assert r.returncode == 2
    files = {f["path"]: f for f in json.loads(r.stdout)["files"]}
    assert files[str(good)]["suggestions"] == []  # already fixed above
    assert not files.get(str(bad), {}).get("suggestions")


def test_unknown_encoding_is_one_line_per_file(tmp_path):
    p = write(tmp_path / "a.txt", b"Hello,world.\n")
    r = run("check", "--encoding", "klingon", p, cwd=tmp_path)
    assert r.returncode == 2
    assert "unknown encoding 'klingon'" in one_line(r.stderr)


# ------------------------------------------------------------------ encodings and BOMs
@pytest.mark.parametrize(
    "bom,enc",
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom"],
)
@pytest.mark.parametrize("nl", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_bom_and_encoding_survive_fix(tmp_path, bom, enc, nl):
    text = f"Headline Here{nl}{SLIPS} Café,naïve 👍🏽 ok,yes.{nl}"
    p = write(tmp_path / "a.txt", bom + text.encode(enc))
    r = run("check", "--format", "json", "--backend", "none", p, cwd=tmp_path)
    (f,) = json.loads(r.stdout)["files"]
    for s in f["suggestions"]:  # offsets are into the text, BOM excluded
        assert text[s["start"] : s["end"]] == s["text"]
    assert {s["rule"] for s in f["suggestions"]} >= {"comma-space", "sentence-space"}
    r = run("fix", "--backend", "none", p, cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    expected = f"Headline Here{nl}The council met on Tuesday, and voted. It was a important day. Café, naïve 👍🏽 ok, yes.{nl}"
    assert p.read_bytes() == bom + expected.encode(enc)


def test_latin1_with_encoding_option(tmp_path):
    data = f"Headline Here\n{SLIPS} Café,naïve.\n".encode("latin-1")
    p = write(tmp_path / "a.txt", data)
    r = run("fix", "--backend", "none", p, cwd=tmp_path)
    assert r.returncode == 2
    assert "--encoding" in one_line(r.stderr)
    assert p.read_bytes() == data
    r = run("fix", "--backend", "none", "--encoding", "latin-1", p, cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    assert p.read_bytes() == f"Headline Here\n{FIXED.replace('an important', 'a important')} Café, naïve.\n".encode("latin-1")


def test_fix_that_the_legacy_encoding_cannot_hold_is_refused(tmp_path):
    rules = tmp_path / "euro.yaml"
    rules.write_text(
        "pack: money\nrules:\n  - id: euro-sign\n    kind: regex\n    message: Use the sign.\n"
        "    pattern: '\\bEUR\\b'\n    replacement: '€'\n",
        encoding="utf-8",
    )
    data = "Prix: 5 EUR, café.\n".encode("latin-1")
    p = write(tmp_path / "a.txt", data)
    r = run("fix", "--backend", "none", "--rules", rules, "--encoding", "latin-1", p, cwd=tmp_path)
    assert r.returncode == 2
    err = no_traceback(r.stderr)
    assert str(p) in err and "latin-1 cannot hold" in err and "U+20AC" in err
    assert p.read_bytes() == data
    assert not list(tmp_path.glob(".copyedit-*"))


@pytest.mark.parametrize("kind", ["utf8-bom", "latin-1"])
def test_diff_of_bom_and_legacy_files_applies_with_patch(tmp_path, kind):
    text = f"Headline Here\n{SLIPS} Café,naïve.\n"
    data = codecs.BOM_UTF8 + text.encode() if kind == "utf8-bom" else text.encode("latin-1")
    opts = ["--encoding", "latin-1"] if kind == "latin-1" else []
    write(tmp_path / "a.txt", data)
    diff = run("diff", "--backend", "none", *opts, "a.txt", cwd=tmp_path)
    assert diff.returncode == 1
    (tmp_path / "b").mkdir()
    write(tmp_path / "b" / "a.txt", data)
    assert apply_patch(tmp_path / "b", diff.stdout).returncode == 0
    run("fix", "--backend", "none", *opts, "a.txt", cwd=tmp_path)
    assert (tmp_path / "b" / "a.txt").read_bytes() == (tmp_path / "a.txt").read_bytes()


def test_fix_stdin_keeps_bom(tmp_path):
    data = codecs.BOM_UTF8 + b"Hello,world.\r\n"
    r = run("fix", "--backend", "none", "-", input=data, cwd=tmp_path)
    assert r.stdout == codecs.BOM_UTF8 + b"Hello, world.\r\n"


def test_fix_stdin_keeps_line_endings(tmp_path):
    r = run("fix", "--backend", "none", "-", input=b"One,two.\r\nThree,four.\rEnd,x", cwd=tmp_path)
    assert r.stdout == b"One, two.\r\nThree, four.\rEnd, x"


# ------------------------------------------------------------------ line endings
@pytest.mark.parametrize(
    "before,after",
    [
        ("One,two.\r\nThree,four.\r\n", "One, two.\r\nThree, four.\r\n"),
        ("One,two.\rThree,four.\r", "One, two.\rThree, four.\r"),
        ("One,two.\r\nThree,four.\rFive,six.\nEnd,x", "One, two.\r\nThree, four.\rFive, six.\nEnd, x"),
        ("No,final newline", "No, final newline"),
        ("Trailing,blank\n\n\n", "Trailing, blank\n\n\n"),
    ],
    ids=["crlf", "cr", "mixed-no-eol", "no-eol", "blank-tail"],
)
@pytest.mark.parametrize("ext", [".txt", ".md"])
def test_line_endings_and_final_newline_are_kept(tmp_path, before, after, ext):
    p = write(tmp_path / f"a{ext}", before.encode())
    r = run("fix", "--backend", "none", p, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert p.read_bytes() == after.encode()


def test_offsets_count_code_points_through_astral_and_combining_text(tmp_path):
    text = "👨‍👩‍👧 e\u0301,x שלום,עולם 𝔘,y\n"
    p = write(tmp_path / "a.txt", text.encode())
    r = run("check", "--format", "json", "--backend", "none", p, cwd=tmp_path)
    starts = sorted(s["start"] for s in json.loads(r.stdout)["files"][0]["suggestions"] if s["rule"] == "comma-space")
    assert starts == [i for i, ch in enumerate(text) if ch == ","]
    cols = sorted(s["column"] for s in json.loads(r.stdout)["files"][0]["suggestions"] if s["rule"] == "comma-space")
    assert cols == [i + 1 for i in starts]


# ------------------------------------------------------------------ symlinks
@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_fix_through_a_symlink_keeps_the_link(tmp_path):
    real = write(tmp_path / "real.txt", b"Hello,world.\n")
    os.chmod(real, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    r = run("fix", "--backend", "none", link, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert real.read_bytes() == b"Hello, world.\n"
    assert oct(os.stat(real).st_mode & 0o777) == oct(0o640)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_a_file_reached_twice_is_checked_once(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    write(d / "a.md", b"Hello,world.\n")
    (d / "alias.md").symlink_to("a.md")
    r = run("check", "--backend", "none", "docs", "docs/a.md", cwd=tmp_path)
    assert r.stdout.decode().count("comma-space") == 1, r.stdout
    r = run("fix", "--backend", "none", "--jobs", "2", "docs", "docs/a.md", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (d / "a.md").read_bytes() == b"Hello, world.\n"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_broken_symlink_is_reported_and_the_others_go_on(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    write(d / "a.md", b"Hello,world.\n")
    (d / "gone.md").symlink_to("nowhere.md")
    r = run("fix", "--backend", "none", "docs", cwd=tmp_path)
    assert r.returncode == 2
    err = one_line(r.stderr.replace(b"copyedit: fixed 1 in docs/a.md\n", b""))
    assert "gone.md" in err and "broken symbolic link" in err
    assert (d / "a.md").read_bytes() == b"Hello, world.\n"
    assert os.path.islink(d / "gone.md")


# ------------------------------------------------------------------ permissions
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_reported_and_the_others_go_on(tmp_path):
    locked = write(tmp_path / "locked.txt", b"Hello,world.\n")
    good = write(tmp_path / "good.txt", b"Hello,world.\n")
    locked.chmod(0)
    try:
        r = run("fix", "--backend", "none", locked, good, cwd=tmp_path)
    finally:
        locked.chmod(0o644)
    assert r.returncode == 2
    assert "permission denied" in r.stderr.decode() and str(locked) in r.stderr.decode()
    assert good.read_bytes() == b"Hello, world.\n"
    assert locked.read_bytes() == b"Hello,world.\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root lists directories whatever their mode")
def test_unlistable_directory_is_reported(tmp_path):
    d = tmp_path / "docs"
    (d / "secret").mkdir(parents=True)
    write(d / "a.md", b"Hello,world.\n")
    write(d / "secret" / "b.md", b"Hello,world.\n")
    (d / "secret").chmod(0)
    try:
        r = run("check", "--backend", "none", d, cwd=tmp_path)
    finally:
        (d / "secret").chmod(0o755)
    assert r.returncode == 2
    assert "secret" in r.stderr.decode() and "permission denied" in r.stderr.decode()
    assert "a.md:1:6" in r.stdout.decode()


# ------------------------------------------------------------------ scale
@pytest.mark.slow  # measured: 13-15 s unloaded
def test_directory_of_thousands_of_small_files(tmp_path):
    root = tmp_path / "site"
    n = 2000
    for i in range(n):
        d = root / f"section{i % 25}" / f"sub{i % 7}"
        d.mkdir(parents=True, exist_ok=True)
        write(d / f"post{i}.md", f"# Post {i}\n\nItem {i},with a comma.It ends.\n".encode())
    (root / ".git").mkdir()
    write(root / ".git" / "ignored.md", b"Not,checked.\n")
    t = time.monotonic()
    r = run("check", "--backend", "none", root, cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.decode().splitlines()
    assert len({ln.split(":", 1)[0] for ln in lines}) == n
    assert not any("ignored.md" in ln for ln in lines)
    r = run("fix", "--backend", "none", root, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr.decode().count("copyedit: fixed") == n
    assert (root / "section3" / "sub3" / "post3.md").read_text() == "# Post 3\n\nItem 3, with a comma. It ends.\n"
    before = snapshot(root)
    r = run("fix", root, cwd=tmp_path)  # Harper too: nothing left that it may fix
    assert snapshot(root) == before
    assert time.monotonic() - t < 120


def _hostile_line(size: int, seed: int = 10) -> str:
    """One line of `size` bytes: slips, emoji, accents, 300-letter words, and not one parenthesis."""
    import random

    rng = random.Random(seed)
    words = ["council", "met", "on", "Tuesday,and", "voted.It", "was", "a", "day", "🙂", "naïve", "x" * 300]
    parts, n = [], 0
    while n < size:
        w = rng.choice(words)
        parts.append(w)
        n += len(w.encode()) + 1
    return " ".join(parts)


@pytest.mark.slow  # measured: 25-35 s unloaded
def test_ten_megabyte_single_line_completes(tmp_path):
    """check, diff and fix on a 10 MB line: about 60 s of CPU together.

    Every checker stays linear on such a line (see the test below).
    """
    text = _hostile_line(10_000_000)
    p = write(tmp_path / "huge.txt", text.encode())
    opts = ["--backend", "none"]
    t = _children_cpu()
    r = run("check", "--format", "json", *opts, p, cwd=tmp_path, timeout=900)
    assert r.returncode == 1
    found = json.loads(r.stdout)["files"][0]["suggestions"]
    assert len(found) > 1000
    for s in found[:: max(1, len(found) // 500)]:
        assert text[s["start"] : s["end"]] == s["text"]
    diff = run("diff", *opts, p, cwd=tmp_path, timeout=900)
    assert diff.returncode == 1
    r = run("fix", *opts, p, cwd=tmp_path, timeout=900)
    assert r.returncode in (0, 1), r.stderr
    fixed = p.read_bytes()
    assert b"\n" not in fixed and b"Tuesday, and voted. It" in fixed
    (tmp_path / "b").mkdir()
    write(tmp_path / "b" / "huge.txt", text.encode())
    assert apply_patch(tmp_path / "b", diff.stdout).returncode == 0
    assert (tmp_path / "b" / "huge.txt").read_bytes() == fixed
    # CPU time, not the wall clock: on a busy machine the clock also counts other processes' turns.
    assert _children_cpu() - t < 150


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def test_every_checker_is_linear_in_the_length_of_a_line():
    """Measured in CPU time: on a busy machine the wall clock also counts other processes' turns."""
    from copyedit.config import Settings
    from copyedit.formats import build_document
    from copyedit.engine import build_engine

    engine = build_engine(Settings(backends=("none",)))
    small = build_document("a.txt", _hostile_line(100_000))
    big = build_document("a.txt", _hostile_line(1_600_000))  # 16 times longer
    slow = []
    for checker in engine.checkers:
        times = []
        for doc in (small, small, small, big):
            t = time.process_time()
            checker.check(doc)
            times.append(time.process_time() - t)
        t_small, t_big = min(times[:3]), times[3]
        if t_big > max(0.5, 48 * t_small):  # linear is 16x; quadratic 256x
            slow.append((getattr(checker, "name", type(checker).__name__), round(t_small, 3), round(t_big, 3)))
    assert slow == []


def test_very_long_word_without_spaces(tmp_path):
    word = "".join(chr(0x61 + (i * 7) % 26) for i in range(200_000))
    p = write(tmp_path / "a.txt", f"Start,here {word},end.\n".encode())
    r = run("fix", "--backend", "none", p, cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    assert p.read_text() == f"Start, here {word}, end.\n"


# ------------------------------------------------------------------ the reader itself
def test_decode_unit_cases():
    from copyedit.files import BinaryFile, InputError, decode

    assert decode(b"", "e").text == ""
    src = decode(codecs.BOM_UTF8 + b"hi", "b")
    assert (src.text, src.bom, src.encoding) == ("hi", codecs.BOM_UTF8, "utf-8")
    assert src.encode("ho") == codecs.BOM_UTF8 + b"ho"
    src = decode(codecs.BOM_UTF32_LE + "hé".encode("utf-32-le"), "w")
    assert src.text == "hé" and src.encode(src.text) == codecs.BOM_UTF32_LE + "hé".encode("utf-32-le")
    assert decode("ж".encode("utf-16-le"), "x", "utf-16-le").text == "ж"  # explicit wide encoding: no NUL verdict
    with pytest.raises(BinaryFile):
        decode(b"a\x00b", "n")
    with pytest.raises(BinaryFile):
        decode(codecs.BOM_UTF16_LE + "a\x00".encode("utf-16-le"), "n16")
    with pytest.raises(InputError, match="byte 3"):
        decode(codecs.BOM_UTF8 + b"\xff", "bad")
    assert sniff(codecs.BOM_UTF16_BE + "x".encode("utf-16-be"))[2] == "x"
