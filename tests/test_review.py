"""`copyedit review` driven as a person drives it: keys typed into a pseudo-terminal."""

from __future__ import annotations

import codecs
import json
import re
import subprocess

import pexpect
import pytest

from conftest import copyedit_cmd

THREE = "One a,b here.\n\nThe end.Next one has two  spaces.\n"
PROMPT = re.compile(r"Accept\? \[[^\]]*\] ")

# Two house rules that disagree about one word: merged into one finding with
# two replacements, which only a person can choose between.
TWO_WAYS = """\
pack: house
description: Two opinions about one word.
rules:
  - id: okay-ok
    kind: regex
    message: Spell it OK.
    pattern: '\\bokay\\b'
    replacement: 'OK'
    fix: unsafe
  - id: okay-dots
    kind: regex
    message: Spell it O.K.
    pattern: '\\bokay\\b'
    replacement: 'O.K.'
    fix: unsafe
"""


def spawn(*args, cwd):
    cmd = copyedit_cmd()
    child = pexpect.spawn(
        cmd[0], [*cmd[1:], "review", "--isolated", "--backend", "none", *args],
        cwd=str(cwd), encoding="utf-8", timeout=60, dimensions=(40, 200),
    )
    return child


def answer(child, header: str, key: str) -> str:
    """Wait for the finding `header` names, then its prompt, then press `key`.

    Returns what was shown between the header and the prompt.
    """
    child.expect_exact(header)
    child.expect(PROMPT)
    shown = child.before
    child.send(key)
    return shown


def finish(child) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def test_accept_two_of_three_writes_exactly_those_two(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(THREE, encoding="utf-8")
    child = spawn("a.txt", cwd=tmp_path)
    answer(child, "[1/3] a.txt:1:6 comma-space", "y")
    shown = answer(child, "[2/3] a.txt:3:8 sentence-space", "n")
    assert "1) The end.{+ +}Next one" in shown  # the word-level diff
    assert "Missing space after the end of a sentence." in shown
    answer(child, "[3/3] a.txt:3:25 double-space", "y")
    out = finish(child)
    assert p.read_text(encoding="utf-8") == "One a, b here.\n\nThe end.Next one has two spaces.\n"
    assert "2 accepted, 1 rejected; 1 of 1 file changed" in out


def test_file_keeps_bom_and_crlf(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(codecs.BOM_UTF8 + THREE.replace("\n", "\r\n").encode("utf-8"))
    child = spawn("a.txt", cwd=tmp_path)
    for n, key in ((1, "n"), (2, "y"), (3, "y")):
        answer(child, f"[{n}/3]", key)
    finish(child)
    assert p.read_bytes() == codecs.BOM_UTF8 + b"One a,b here.\r\n\r\nThe end. Next one has two spaces.\r\n"


def test_quit_writes_what_was_accepted_and_leaves_the_rest(tmp_path):
    p, q = tmp_path / "a.txt", tmp_path / "b.txt"
    p.write_text(THREE, encoding="utf-8")
    q.write_text("Later,file.\n", encoding="utf-8")
    child = spawn("a.txt", "b.txt", cwd=tmp_path)
    answer(child, "[1/3] a.txt:1:6 comma-space", "y")
    answer(child, "[2/3] a.txt:3:8 sentence-space", "q")
    out = finish(child)
    assert p.read_text(encoding="utf-8") == THREE.replace("a,b", "a, b")
    assert q.read_text(encoding="utf-8") == "Later,file.\n"
    assert "b.txt" not in out  # never got to the second file
    assert "2 not reviewed" in out


def test_skip_file_moves_on_to_the_next(tmp_path):
    p, q = tmp_path / "a.txt", tmp_path / "b.txt"
    p.write_text(THREE, encoding="utf-8")
    q.write_text("Later,file.\n", encoding="utf-8")
    child = spawn("a.txt", "b.txt", cwd=tmp_path)
    answer(child, "[1/3] a.txt:1:6", "s")
    answer(child, "[1/1] b.txt:1:6 comma-space", "y")
    finish(child)
    assert p.read_text(encoding="utf-8") == THREE
    assert q.read_text(encoding="utf-8") == "Later, file.\n"


def test_choose_among_replacements(tmp_path):
    (tmp_path / "house.yaml").write_text(TWO_WAYS, encoding="utf-8")
    p = tmp_path / "m.txt"
    p.write_text("It is okay to go.\nWe are okay now.\n", encoding="utf-8")
    child = spawn("--rules", "house.yaml", "m.txt", cwd=tmp_path)
    child.expect_exact("[1/2] m.txt:1:7")
    child.expect(PROMPT)
    assert "y,1-2" in child.after
    shown = dict(re.findall(r"(\d)\) It is \[-okay-\]\{\+(.*?)\+\} to go\.", child.before))
    assert sorted(shown.values()) == ["O.K.", "OK"], child.before
    number = {rep: n for n, rep in shown.items()}
    child.send(number["O.K."])
    answer(child, "[2/2] m.txt:2:8", number["OK"])
    finish(child)
    assert p.read_text(encoding="utf-8") == "It is O.K. to go.\nWe are OK now.\n"


def test_accept_all_of_a_rule_and_edit_by_hand(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Red,green,blue.\n\nThe end.Next one has two  spaces.\n", encoding="utf-8")
    child = spawn("a.txt", cwd=tmp_path)
    answer(child, "[1/4] a.txt:1:4 comma-space", "a")  # and the comma after green too
    answer(child, "[3/4] a.txt:3:8 sentence-space", "e")
    child.expect_exact("with")
    child.sendline(";  ")
    answer(child, "[4/4] a.txt:3:25 double-space", "n")
    out = finish(child)
    assert p.read_text(encoding="utf-8") == "Red, green, blue.\n\nThe end;  Next one has two  spaces.\n"
    assert "3 accepted (1 edited by hand), 1 rejected" in out


def test_display_only_findings_can_only_be_rejected_or_edited(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("We utilize tools.\n", encoding="utf-8")
    (tmp_path / ".copyedit.toml").write_text('backend = ["none"]\n[vocabulary]\nreject = ["utilize"]\n', encoding="utf-8")
    cmd = copyedit_cmd()
    child = pexpect.spawn(cmd[0], [*cmd[1:], "review", "a.txt"], cwd=str(tmp_path), encoding="utf-8", timeout=60)
    child.expect_exact("vocabulary-reject")
    child.expect(PROMPT)
    assert "y" not in child.after and "a" not in child.after.replace("Accept", "")
    child.send("y")
    child.expect_exact("nothing to accept here")
    child.expect(PROMPT)
    child.send("e")
    child.expect_exact("with")
    child.sendline("use")
    finish(child)
    assert p.read_text(encoding="utf-8") == "We use tools.\n"


def test_rejected_findings_go_to_the_baseline(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(THREE, encoding="utf-8")
    child = spawn("--baseline", "base.json", "a.txt", cwd=tmp_path)
    answer(child, "[1/3] a.txt:1:6 comma-space", "y")
    answer(child, "[2/3] a.txt:3:8 sentence-space", "b")
    answer(child, "[3/3] a.txt:3:25 double-space", "n")
    out = finish(child)
    assert "1 added to base.json" in out
    data = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in data["findings"]] == ["sentence-space"]
    r = subprocess.run(
        [*copyedit_cmd(), "check", "--isolated", "--backend", "none", "--baseline", "base.json", "a.txt"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert [ln.split(" ")[1] for ln in r.stdout.splitlines()] == ["double-space"], r.stdout + r.stderr


def test_refuses_without_a_terminal(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(THREE, encoding="utf-8")
    r = subprocess.run(
        [*copyedit_cmd(), "review", "--isolated", "--backend", "none", "a.txt"],
        cwd=tmp_path, capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 2
    assert len(r.stderr.splitlines()) == 1 and "terminal" in r.stderr
    assert p.read_text(encoding="utf-8") == THREE


@pytest.mark.parametrize("line", ["One a,b here.", "x" * 300 + " a,b " + "y" * 300])
def test_context_is_the_line_cut_around_long_findings(line):
    from copyedit.commands.review import context

    text = "Before.\n" + line + "\nAfter.\n"
    start = text.index(",")
    a, b, lead, tail = context(text, start, start + 1)
    assert "\n" not in text[a:b] and text[a:b].find(",") >= 0
    assert (lead, tail) == (("…", "…") if len(line) > 200 else ("", ""))


def test_ctrl_c_keeps_what_was_accepted_in_the_current_file(tmp_path):
    p, q = tmp_path / "a.txt", tmp_path / "b.txt"
    p.write_text(THREE, encoding="utf-8")
    q.write_text("Later,file.\n", encoding="utf-8")
    child = spawn("a.txt", "b.txt", cwd=tmp_path)
    answer(child, "[1/3] a.txt:1:6 comma-space", "y")
    answer(child, "[2/3] a.txt:3:8 sentence-space", "\x03")
    child.expect(pexpect.EOF)
    child.close()
    out = child.before
    assert child.exitstatus == 130, out
    assert p.read_text(encoding="utf-8") == THREE.replace("a,b", "a, b")
    assert q.read_text(encoding="utf-8") == "Later,file.\n"
    assert "1 accepted, 0 rejected, 2 not reviewed; 1 of 1 file changed" in out
    assert "copyedit: interrupted" in out and "Traceback" not in out
