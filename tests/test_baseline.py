"""Baselines: an old archive records its findings once and then sees only new ones."""

from __future__ import annotations

import json
import subprocess

from conftest import copyedit_cmd

from copyedit.baseline import Baseline
from copyedit.model import Applicability, Suggestion

OLD = "One a,b here.\n\nThe end.Next one has two  spaces.\n"


def run(*args, cwd=None):
    return subprocess.run([*copyedit_cmd(), *args], capture_output=True, text=True, cwd=cwd)


def check(*args, cwd):
    return run("check", "--isolated", "--backend", "none", *args, cwd=cwd)


def create(*args, cwd):
    return run("baseline", "create", "--isolated", "--backend", "none", *args, cwd=cwd)


def rules_of(stdout: str) -> list[str]:
    return [ln.split(" ")[1] for ln in stdout.splitlines()]


def test_create_then_only_new_findings_show(tmp_path):
    (tmp_path / "a.txt").write_text(OLD, encoding="utf-8")
    r = create("a.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "recorded 3 findings in 1 file" in r.stderr
    data = json.loads((tmp_path / ".copyedit-baseline.json").read_text(encoding="utf-8"))
    assert sorted(f["rule"] for f in data["findings"]) == ["comma-space", "double-space", "sentence-space"]
    assert all(f["path"] == "a.txt" for f in data["findings"])

    assert check("a.txt", cwd=tmp_path).returncode == 1  # without the baseline, all three
    r = check("--baseline", ".copyedit-baseline.json", "a.txt", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, ""), r.stdout + r.stderr

    (tmp_path / "a.txt").write_text(OLD + "\nA new one,here.\n", encoding="utf-8")
    r = check("--baseline", ".copyedit-baseline.json", "a.txt", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout.splitlines() == ["a.txt:5:10: comma-space Missing space after a comma. -> ', '"]


def test_findings_survive_a_paragraph_inserted_above(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# Title\n\n" + OLD, encoding="utf-8")
    assert create("--output", "base.json", "a.md", cwd=tmp_path).returncode == 0
    # A new paragraph above (with a finding of its own) and the old text re-wrapped.
    p.write_text("# Title\n\nA fresh paragraph,written today.\n\nOne a,b\nhere.\n\nThe end.Next one has two  spaces.\n", encoding="utf-8")
    r = check("--baseline", "base.json", "a.md", cwd=tmp_path)
    assert r.stdout.splitlines() == ["a.md:3:18: comma-space Missing space after a comma. -> ', '"], r.stdout + r.stderr


def test_an_edit_next_to_a_finding_makes_it_new(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(OLD, encoding="utf-8")
    assert create("a.txt", cwd=tmp_path).returncode == 0
    p.write_text(OLD.replace("One a,b here.", "One a,b there."), encoding="utf-8")
    r = check("--baseline", ".copyedit-baseline.json", "a.txt", cwd=tmp_path)
    assert rules_of(r.stdout) == ["comma-space"]


def test_duplicates_are_counted(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Say a,b.\n\nSay a,b.\n", encoding="utf-8")
    assert create("a.txt", cwd=tmp_path).returncode == 0
    data = json.loads((tmp_path / ".copyedit-baseline.json").read_text(encoding="utf-8"))
    assert [f["count"] for f in data["findings"]] == [2]
    assert check("--baseline", ".copyedit-baseline.json", "a.txt", cwd=tmp_path).returncode == 0
    p.write_text("Say a,b.\n\nSay a,b.\n\nSay a,b.\n", encoding="utf-8")
    r = check("--baseline", ".copyedit-baseline.json", "a.txt", cwd=tmp_path)
    assert rules_of(r.stdout) == ["comma-space"]  # the third one is new


def test_recording_twice_gives_the_same_bytes_and_paths_are_relative_to_the_baseline(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "b.txt").write_text(OLD, encoding="utf-8")
    (docs / "a.txt").write_text("Plain,wrong.\n", encoding="utf-8")
    assert create("docs", cwd=tmp_path).returncode == 0
    first = (tmp_path / ".copyedit-baseline.json").read_bytes()
    assert create("docs", cwd=tmp_path).returncode == 0
    assert (tmp_path / ".copyedit-baseline.json").read_bytes() == first
    paths = [f["path"] for f in json.loads(first)["findings"]]
    assert paths == sorted(paths) and set(paths) == {"docs/a.txt", "docs/b.txt"}
    # Run from another directory: the baseline still finds its files.
    r = check("--baseline", "../.copyedit-baseline.json", "a.txt", "b.txt", cwd=docs)
    assert (r.returncode, r.stdout) == (0, ""), r.stdout + r.stderr


def test_fix_leaves_baselined_findings_alone(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(OLD, encoding="utf-8")
    assert create("a.txt", cwd=tmp_path).returncode == 0
    p.write_text(OLD + "\nNew,finding.\n", encoding="utf-8")
    r = run("fix", "--isolated", "--backend", "none", "--baseline", ".copyedit-baseline.json", "a.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert p.read_text(encoding="utf-8") == OLD + "\nNew, finding.\n"


def test_corrupt_or_missing_baseline_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "a.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"version": 1, "findings": [', encoding="utf-8")
    (tmp_path / "wrong.json").write_text('{"version": 1, "findings": [{"path": 3}]}', encoding="utf-8")
    for name in ("bad.json", "wrong.json", "missing.json"):
        r = check("--baseline", name, "a.txt", cwd=tmp_path)
        assert r.returncode == 2, (name, r.stdout, r.stderr)
        assert r.stdout == ""
        assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith("copyedit: error: ") and name in r.stderr


def test_create_does_not_write_a_partial_baseline(tmp_path):
    (tmp_path / "a.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9,ok\n".encode("latin-1"))
    r = create("a.txt", "latin1.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert not (tmp_path / ".copyedit-baseline.json").exists()


def _s(start, end, text, rule="r"):
    return Suggestion(start, end, text, (" ",), rule, "rules", "m", applicability=Applicability.SAFE)


def test_filter_hides_at_most_the_recorded_count_and_keeps_no_state(tmp_path):
    text = "x  y\n\nx  y\n"
    a, b = _s(1, 3, "  "), _s(7, 9, "  ")
    base = Baseline()
    base.add(str(tmp_path / "f.txt"), text, a)
    assert len(base) == 1
    for _ in range(2):  # filtering twice gives the same answer
        assert base.filter(str(tmp_path / "f.txt"), text, [a, b]) == [b]
    assert base.filter(str(tmp_path / "other.txt"), text, [a, b]) == [a, b]
    assert base.filter(str(tmp_path / "f.txt"), text, [a.with_(rule="other")]) == [a.with_(rule="other")]
    saved = tmp_path / "sub" / "b.json"
    saved.parent.mkdir()
    base.save(str(saved))
    again = Baseline.load(str(saved))
    assert again.counts == base.counts
    assert json.loads(saved.read_text(encoding="utf-8"))["findings"][0]["path"] == "../f.txt"
