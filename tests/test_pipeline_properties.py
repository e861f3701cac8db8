"""Properties of the one fix pipeline, in every mode: plain, changed lines, baseline, unsafe fixes.

- The output of `fix` is a fixed point: fixing it again, in the same mode,
  changes nothing and reports the same.
- `fix --changed-since` reports and exits exactly as plain `fix` does for
  the findings on changed lines: identically when every line changed, and,
  whenever plain `fix` changes only what the changed lines hold, the same
  text and the same findings on those lines.
- Changed lines follow the text when fixes move lines (checked against a
  character-by-character account of where every character came from).

Runs in-process on the engines of `test_properties` (derandomised, no
database); the git-backed checks use a real repository so that the lines
`--changed-since` and `--staged` see come from git itself.
"""

from __future__ import annotations

import bisect
import re
import subprocess

import pytest
from hypothesis import assume, given, note, settings
from hypothesis import strategies as st
from test_properties import FAST, HARPER, engine, line, markdown, plain_text

from conftest import isolate_git
from copyedit.baseline import Baseline
from copyedit.commands.common import fix_status
from copyedit.config import Settings
from copyedit.filters import Pass
from copyedit.filters.scope import Baselined, ChangedLines, carry_lines
from copyedit.fixer import fix_text
from copyedit.formats import build_document
from copyedit.model import Edit, apply_edits
from copyedit.report import FileReport

LEVELS = Settings()  # min-level warning, fail-level error: the defaults
_LINE_END = re.compile(r"\r\n|\r|\n")


def lines_of(text: str) -> list[int]:
    """1-based numbers of every line the document counts (an empty last one included)."""
    return list(range(1, len(_LINE_END.findall(text)) + 2))


def shown(result):
    from copyedit.filters.display import MinLevel

    return MinLevel.of(LEVELS).apply(result.remaining, None)


def exit_of(result) -> int:
    return fix_status([FileReport(path="a", suggestions=shown(result))], LEVELS)


def report(result) -> list[tuple]:
    return [(s.start, s.end, s.rule, s.replacements, s.severity, s.applicability) for s in shown(result)]


def settings_for(backend: str):
    """Fewer examples than test_properties: these run in eight modes and combinations."""
    return settings(FAST, max_examples=80) if backend == "none" else HARPER


documents = st.one_of(
    st.tuples(plain_text(), st.sampled_from(["a.txt", "a.md"])),
    markdown().map(lambda d: (d[0], "a.md")),
)


# ------------------------------------------------------------------ fixed points
@pytest.mark.parametrize("backend", ["none", "harper"])
@pytest.mark.parametrize("mode", ["plain", "changed-lines", "baseline", "unsafe"])
def test_fix_output_is_a_fixed_point_in_every_mode(backend, mode):
    @settings_for(backend)
    @given(documents, st.data())
    def prop(doc, data):
        text, path = doc
        eng = engine(backend)
        filters = []
        if mode == "changed-lines":
            filters = [ChangedLines(data.draw(st.sets(st.sampled_from(lines_of(text))), label="changed"))]
        elif mode == "baseline":
            _, found = eng.check_text(path, text)
            base = Baseline()
            for s in data.draw(st.lists(st.sampled_from(found), unique_by=id), label="recorded") if found else []:
                base.add(path, text, s)
            filters = [Baselined(base)]
        unsafe = mode == "unsafe"
        first = fix_text(eng, path, text, unsafe=unsafe, filters=filters)
        assume(first.passes < 5)  # the loop settled (in practice it always does within five passes)
        # Run again on the output, as the next `fix` would: the changed lines are
        # those the first run carried to its output.
        again = fix_text(eng, path, first.text, unsafe=unsafe, filters=first.filters)
        note(f"first: {first.text!r}")
        assert again.text == first.text
        assert again.applied == []
        assert report(again) == report(first)

    prop()


# ------------------------------------------------------------------ changed lines vs plain
@pytest.mark.parametrize("backend", ["none", "harper"])
def test_with_every_line_changed_changed_since_is_plain_fix(backend):
    @settings_for(backend)
    @given(documents, st.booleans())
    def prop(doc, unsafe):
        text, path = doc
        eng = engine(backend)
        plain = fix_text(eng, path, text, unsafe=unsafe)
        scoped = fix_text(eng, path, text, unsafe=unsafe, filters=[ChangedLines(lines_of(text))])
        assert scoped.text == plain.text
        assert [s.edit() for s in scoped.applied] == [s.edit() for s in plain.applied]
        assert report(scoped) == report(plain)
        assert exit_of(scoped) == exit_of(plain)

    prop()


#: Lines no rule has anything to say about, to stand for an article's old text.
CLEAN = [
    "The council met on Tuesday and voted.",
    "It was an important day for the town.",
    "Residents welcomed the decision.",
    "The mayor said the plan would go ahead in spring.",
    "Work on the new bridge starts next year.",
]


@st.composite
def edited_article(draw):
    """An old article of clean lines with some lines rewritten: (text, changed line numbers)."""
    n = draw(st.integers(3, 8))
    old = [CLEAN[i % len(CLEAN)] + f" Item {i}." for i in range(n)]
    changed = draw(st.sets(st.integers(1, n), min_size=1, max_size=n))
    new = [draw(line.filter(lambda s: "\n" not in s and "\r" not in s)) if i + 1 in changed else old[i] for i in range(n)]
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    return nl.join(new) + nl, changed


@pytest.mark.parametrize("backend", ["none", "harper"])
def test_changed_since_reports_and_exits_as_plain_fix_on_changed_lines(backend):
    seen = {"same": 0, "all": 0}

    @settings_for(backend)
    @given(edited_article(), st.sampled_from(["a.txt", "a.md"]), st.booleans())
    def prop(article, path, unsafe):
        text, changed = article
        eng = engine(backend)
        plain = fix_text(eng, path, text, unsafe=unsafe)
        scoped = fix_text(eng, path, text, unsafe=unsafe, filters=[ChangedLines(changed)])
        seen["all"] += 1
        if scoped.text != plain.text:
            return  # plain fix also changed an old line (a document-wide rule spoke there)
        seen["same"] += 1
        # The changed lines of the fixed text, as the scoped run carried them.
        (on_changed,) = scoped.filters
        expected = on_changed.apply(shown(plain), Pass(build_document(path, plain.text)))
        assert report(scoped) == [(s.start, s.end, s.rule, s.replacements, s.severity, s.applicability) for s in expected]
        assert exit_of(scoped) == fix_status([FileReport(path=path, suggestions=expected)], LEVELS)

    prop()
    assert seen["same"] >= seen["all"] // 2, seen  # the comparison really ran, for most articles


# ------------------------------------------------------------------ with git
@pytest.fixture
def repo(tmp_path, monkeypatch):
    isolate_git(tmp_path, monkeypatch)
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    return root


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.parametrize("staged", [False, True])
def test_fix_changed_since_with_git_is_a_fixed_point_and_plain_fix_on_a_new_file(repo, staged):
    from copyedit.gitlines import changed_lines
    from copyedit.run import RunOptions, process_one

    eng = engine("harper")
    counter = iter(range(10**6))

    @settings(HARPER, max_examples=20)
    @given(edited_article(), st.sampled_from(["txt", "md"]))
    def prop(article, ext):
        text, _ = article
        old = "\n".join(CLEAN) + "\n"
        path = repo / f"a{next(counter)}.{ext}"
        path.write_text(old, encoding="utf-8", newline="")
        _git(repo, "add", path.name)
        _git(repo, "commit", "-q", "-m", "old")
        path.write_text(text, encoding="utf-8", newline="")
        if staged:
            _git(repo, "add", path.name)

        def run(write: bool):
            lines = changed_lines([str(path)], since=None, staged=staged)
            opts = RunOptions(mode="fix", write=write, line_filter=lines)
            r = process_one(eng, str(path), opts)
            if staged and write:
                _git(repo, "add", path.name)  # as a pre-commit hook re-stages what it fixed
            return r

        first = run(write=True)
        second = run(write=False)
        assert second.fixed == second.text == first.fixed
        assert second.applied == []
        assert [(s.rule, s.text, s.line) for s in second.suggestions] == [(s.rule, s.text, s.line) for s in first.suggestions]

        # A file git does not track yet is wholly new: --changed-since fixes it as plain fix does.
        if not staged:
            fresh = repo / f"new{next(counter)}.{ext}"
            fresh.write_text(text, encoding="utf-8", newline="")
            scoped = process_one(eng, str(fresh), RunOptions(mode="fix", line_filter=changed_lines([str(fresh)])))
            plain = process_one(eng, str(fresh), RunOptions(mode="fix"))
            assert scoped.fixed == plain.fixed
            assert [(s.rule, s.start, s.end) for s in scoped.suggestions] == [(s.rule, s.start, s.end) for s in plain.suggestions]
            assert fix_status([scoped], LEVELS) == fix_status([plain], LEVELS)

    prop()


# ------------------------------------------------------------------ carrying lines
def _origins(before: str, edits) -> list[tuple[int, int]]:
    """For every character of the edited text, the span of `before` it was made from."""
    out = []
    pos = 0
    for e in sorted(edits):
        out.extend((i, i + 1) for i in range(pos, e.start))
        out.extend((e.start, e.end) for _ in e.replacement)
        pos = e.end
    out.extend((i, i + 1) for i in range(pos, len(before)))
    return out


def _deletions_landed(edits) -> list[tuple[int, int, int]]:
    """(position in the edited text, start, end) of every deletion."""
    out = []
    delta = 0
    for e in sorted(edits):
        if not e.replacement:
            out.append((e.start + delta, e.start, e.end))
        delta += len(e.replacement) - (e.end - e.start)
    return out


@st.composite
def text_and_edits(draw):
    text = draw(st.text(alphabet="ab \n\r", max_size=30))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    edits = []
    for a, b in zip(cuts[0::2], cuts[1::2]):
        if edits and (a == edits[-1].end == edits[-1].start or a < edits[-1].end):
            continue
        edits.append(Edit(a, b, draw(st.text(alphabet="xy\n", max_size=4))))
    edits = [e for e in edits if not (e.start == e.end and not e.replacement)]
    return text, edits


@settings(FAST, max_examples=300)
@given(text_and_edits(), st.data())
def test_carried_lines_are_the_lines_characters_came_from(case, data):
    before, edits = case
    after = apply_edits(before, edits)
    old_starts = [0] + [m.end() for m in _LINE_END.finditer(before)]
    new_starts = [0] + [m.end() for m in _LINE_END.finditer(after)]
    lines = data.draw(st.sets(st.integers(1, len(old_starts))))
    origins = _origins(before, edits)
    assert len(origins) == len(after)
    landed = _deletions_landed(edits)
    expected = set()
    for k, a in enumerate(new_starts):
        b = new_starts[k + 1] if k + 1 < len(new_starts) else len(after)
        sources = set()
        for lo, hi in origins[a:b]:
            first = bisect.bisect_right(old_starts, lo)
            last = bisect.bisect_right(old_starts, hi - 1) if hi > lo else first
            sources.update(range(first, last + 1))
        # A deletion between two of the line's characters joined what it
        # deleted into the line ("aa\r\ra" less "a\r\r" is one line).
        for at, lo, hi in landed:
            if a < at < b:
                sources.update(range(bisect.bisect_right(old_starts, lo), bisect.bisect_right(old_starts, max(lo, hi - 1)) + 1))
        if a == b:  # the empty line after a final line end comes from where the old text ends
            sources.add(bisect.bisect_right(old_starts, len(before)))
        if sources & lines:
            expected.add(k + 1)
    assert carry_lines(before, edits, after, lines) == expected
