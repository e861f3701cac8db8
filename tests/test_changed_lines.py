"""`--changed-since REV` and `--staged`: only the lines an editor touched are reported or fixed."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import copyedit_cmd, isolate_git

from copyedit.files import InputError
from copyedit.gitlines import changed_lines, parse_diff

# Every paragraph holds one missing space after a comma, so the paragraph a
# finding comes from is known by its line.
PARAGRAPHS = [
    "The council met on Tuesday,and talked for hours.",
    "The mayor spoke first,then the treasurer read the accounts.",
    "Residents asked about the bridge,which has been closed since May.",
    "The vote was delayed,again, until the next session.",
]
ARTICLE = "# Council meets\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
LINE_OF = {i: 3 + 2 * i for i in range(len(PARAGRAPHS))}  # paragraph index -> file line


@pytest.fixture
def repo(tmp_path, monkeypatch):
    isolate_git(tmp_path, monkeypatch)
    root = tmp_path / "articles"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "council.md").write_text(ARTICLE, encoding="utf-8")
    git(root, "add", "council.md")
    git(root, "commit", "-q", "-m", "first draft")
    return root


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def copyedit(cwd, *args):
    return subprocess.run([*copyedit_cmd(), *args], cwd=cwd, capture_output=True, text=True)


def finding_lines(cwd, *args) -> dict[str, list[int]]:
    r = copyedit(cwd, "check", "--backend", "none", "--format", "json", *args)
    assert r.returncode in (0, 1), r.stderr
    data = json.loads(r.stdout)
    return {f["path"]: [s["line"] for s in f["suggestions"]] for f in data["files"]}


def edit_paragraph(path, index: int, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert PARAGRAPHS[index] in text
    path.write_text(text.replace(PARAGRAPHS[index], new), encoding="utf-8")


def test_whole_file_has_a_finding_per_paragraph(repo):
    # The premise of the other tests: without the filter every paragraph is reported.
    assert finding_lines(repo, "council.md") == {"council.md": list(LINE_OF.values())}


def test_changed_since_reports_only_the_edited_paragraph(repo):
    edit_paragraph(repo / "council.md", 2, "Residents asked about the old bridge,which has been closed since May.")
    assert finding_lines(repo, "--changed-since", "HEAD", "council.md") == {"council.md": [LINE_OF[2]]}
    # Text output and exit status agree.
    r = copyedit(repo, "check", "--backend", "none", "--changed-since", "HEAD", "council.md")
    assert r.returncode == 1
    assert r.stdout.splitlines() == [f"council.md:{LINE_OF[2]}:37: comma-space Missing space after a comma. -> ', '"]


def test_changed_since_older_revision_and_clean_tree(repo):
    assert finding_lines(repo, "--changed-since", "HEAD", "council.md") == {"council.md": []}
    r = copyedit(repo, "check", "--backend", "none", "--changed-since", "HEAD", "council.md")
    assert r.returncode == 0 and r.stdout == ""
    edit_paragraph(repo / "council.md", 0, "The council met on Monday,and talked for hours.")
    git(repo, "commit", "-q", "-am", "day")
    edit_paragraph(repo / "council.md", 3, "The vote was delayed,once more, until the next session.")
    git(repo, "commit", "-q", "-am", "wording")
    assert finding_lines(repo, "--changed-since", "HEAD~1", "council.md") == {"council.md": [LINE_OF[3]]}
    assert finding_lines(repo, "--changed-since", "HEAD~2", "council.md") == {"council.md": [LINE_OF[0], LINE_OF[3]]}


def test_staged_looks_at_the_index_only(repo):
    edit_paragraph(repo / "council.md", 1, "The mayor spoke briefly,then the treasurer read the accounts.")
    # Not staged yet: nothing in the index changed.
    assert finding_lines(repo, "--staged", "council.md") == {"council.md": []}
    git(repo, "add", "council.md")
    assert finding_lines(repo, "--staged", "council.md") == {"council.md": [LINE_OF[1]]}
    # A later, unstaged edit elsewhere is not part of what is being committed.
    edit_paragraph(repo / "council.md", 3, "The vote was delayed,yet again, until the next session.")
    assert finding_lines(repo, "--staged", "council.md") == {"council.md": [LINE_OF[1]]}
    # ...while --changed-since HEAD sees the working tree, both edits.
    assert finding_lines(repo, "--changed-since", "HEAD", "council.md") == {"council.md": [LINE_OF[1], LINE_OF[3]]}


def test_renamed_file_reports_only_its_edit(repo):
    git(repo, "mv", "council.md", "council-meeting.md")
    edit_paragraph(repo / "council-meeting.md", 3, "The vote was delayed,again, until the session in June.")
    assert finding_lines(repo, "--changed-since", "HEAD", "council-meeting.md") == {"council-meeting.md": [LINE_OF[3]]}
    git(repo, "add", "council-meeting.md")
    assert finding_lines(repo, "--staged", "council-meeting.md") == {"council-meeting.md": [LINE_OF[3]]}
    git(repo, "commit", "-q", "-m", "rename")
    # After the commit, the rename is history: diffing against the old name's commit still sees one paragraph.
    assert finding_lines(repo, "--changed-since", "HEAD~1", "council-meeting.md") == {"council-meeting.md": [LINE_OF[3]]}


def test_new_files_count_as_wholly_changed(repo):
    (repo / "sub").mkdir()
    new = repo / "sub" / "new.md"
    new.write_text(ARTICLE, encoding="utf-8")
    # Untracked: new relative to HEAD, every line counts; the index has none of it.
    assert finding_lines(repo, "--changed-since", "HEAD", "sub/new.md") == {"sub/new.md": list(LINE_OF.values())}
    assert finding_lines(repo, "--staged", "sub/new.md") == {"sub/new.md": []}
    git(repo, "add", "sub/new.md")
    assert finding_lines(repo, "--staged", "sub/new.md") == {"sub/new.md": list(LINE_OF.values())}
    # Directories are walked as usual; the old, untouched article stays quiet.
    assert finding_lines(repo, "--changed-since", "HEAD", ".") == {
        "./council.md": [],
        "./sub/new.md": list(LINE_OF.values()),
    }


def test_fix_changed_since_fixes_only_that_paragraph(repo):
    path = repo / "council.md"
    edited = "The mayor spoke first,then the deputy read the accounts."
    edit_paragraph(path, 1, edited)
    r = copyedit(repo, "fix", "--backend", "none", "--changed-since", "HEAD", "council.md")
    assert r.returncode == 0, r.stderr
    expected = ARTICLE.replace(PARAGRAPHS[1], edited.replace("first,then", "first, then"))
    assert path.read_text(encoding="utf-8") == expected
    # The other three paragraphs keep their errors for another day.
    assert finding_lines(repo, "council.md") == {"council.md": [LINE_OF[0], LINE_OF[2], LINE_OF[3]]}


def test_diff_changed_since_shows_only_that_paragraph(repo):
    edit_paragraph(repo / "council.md", 0, "The council met late on Tuesday,and talked for hours.")
    r = copyedit(repo, "diff", "--backend", "none", "--changed-since", "HEAD", "council.md")
    assert r.returncode == 1, r.stderr
    removed = [ln for ln in r.stdout.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    assert removed == ["-The council met late on Tuesday,and talked for hours."]


def test_errors_are_one_line(repo, tmp_path):
    r = copyedit(repo, "check", "--backend", "none", "--changed-since", "no-such-branch", "council.md")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [r.stderr.strip()]
    assert "no-such-branch" in r.stderr and "Traceback" not in r.stderr
    outside = tmp_path / "loose"
    outside.mkdir()
    (outside / "a.md").write_text("One,two.\n", encoding="utf-8")
    r = copyedit(outside, "check", "--backend", "none", "--staged", "a.md")
    assert r.returncode == 2
    assert "not in a git repository" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    with pytest.raises(InputError):
        changed_lines([str(outside / "a.md")], since="HEAD")


def test_stdin_is_left_out_and_keys_are_absolute(repo, monkeypatch):
    monkeypatch.chdir(repo)
    edit_paragraph(repo / "council.md", 0, "The council met at noon on Tuesday,and talked for hours.")
    assert changed_lines(["-", "council.md"], since="HEAD") == {str(repo / "council.md"): {LINE_OF[0]}}


def test_parse_diff_renames_quoting_and_deletions():
    diff = "\n".join(
        [
            "diff --git a/old.md b/new name.md",
            "similarity index 90%",
            "rename from old.md",
            "rename to new name.md",
            "--- a/old.md",
            "+++ b/new name.md",
            "@@ -3 +3 @@ x",
            "-a",
            "+b",
            "@@ -7,2 +7,0 @@",
            "-gone",
            "-gone",
            "@@ -10,0 +9,3 @@",
            "+n",
            "+n",
            "+n",
            'diff --git "a/caf\\303\\251.md" "b/caf\\303\\251.md"',
            '--- "a/caf\\303\\251.md"',
            '+++ "b/caf\\303\\251.md"',
            "@@ -1 +1 @@",
            "diff --git a/deleted.md b/deleted.md",
            "--- a/deleted.md",
            "+++ /dev/null",
            "@@ -1,4 +0,0 @@",
        ]
    )
    assert parse_diff(diff) == {"new name.md": {3, 9, 10, 11}, "café.md": {1}}
