"""House rules cost what the text is long, not its square: counted work, never timings.

A long paragraph with many acronyms, dialect words or name slips must not
make any check read the text before every one of them again. Each test counts
the work a check does (tokenisations, characters copied, whole-text scans) on
two inputs of different sizes, so a quadratic check fails however fast the
machine is.
"""

from __future__ import annotations

import pytest
import regex

from copyedit.backends.harper import _label_not_article
from copyedit.checkers import acronyms
from copyedit.config import Settings
from copyedit.engine import build_engine
from copyedit.variety import detect


class CountingView(str):
    """A prose view that counts the characters sliced out of it and its whole-text scans."""

    copied = 0
    scans = 0

    def __getitem__(self, key):
        part = str.__getitem__(self, key)
        CountingView.copied += len(part)
        return part

    def count(self, *args):
        CountingView.scans += 1
        return str.count(self, *args)

    def __contains__(self, item):
        CountingView.scans += 1
        return str.__contains__(self, item)

    @classmethod
    def reset(cls) -> None:
        cls.copied = cls.scans = 0


@pytest.fixture(scope="module")
def engine():
    return build_engine(Settings(backends=("none",)))


def counted_doc(engine, text: str):
    doc = engine.document("t.txt", text)
    doc.view = CountingView(doc.view)
    CountingView.reset()
    return doc


def test_acronyms_read_a_bounded_piece_before_each_bracket(engine, monkeypatch):
    """Each bracket reads the words just before it, never its whole paragraph; a paragraph without one is never read."""
    calls = []
    real = acronyms.tokens

    def counting(view, start, end, *args, **kw):
        calls.append((start, end))
        return real(view, start, end, *args, **kw)

    monkeypatch.setattr(acronyms, "tokens", counting)
    para = " ".join(f"The North Atlantic Treaty Organization (NATO) met in round {i}." for i in range(600))
    text = f"{para}\n\nA second paragraph with the World Trade Organization (WTO) in it.\n\nNo brackets here.\n"
    doc = engine.document("t.txt", text)
    checker = next(c for c in engine.checkers if isinstance(c, acronyms.AcronymChecker))
    checker.check(doc)
    assert len(calls) == 601  # one piece per bracket
    brackets = [i for i, ch in enumerate(doc.view) if ch == "("]
    assert [end for _, end in calls] == brackets
    assert max(end - start for start, end in calls) <= 16 * checker.reach + 100
    assert sum(end - start for start, end in calls) < len(para) * 20  # linear: not the paragraph again at every bracket
    assert all(end < len(para) or start > len(para) for start, end in calls)  # "No brackets here." is never read


def test_acronyms_findings_unchanged_deep_in_a_long_paragraph(engine):
    filler = "The committee met again and talked for a long while about nothing much. " * 300
    text = filler + "The North Atlantic Treaty Association (NATO) met. The Harbour Preservation League (HPC) objected.\n"
    _, found = engine.check_text("t.txt", text)
    got = sorted((s.text, s.replacements) for s in found if s.rule == "acronym-expansion")
    assert got == [("Harbour Preservation League", ()), ("North Atlantic Treaty Association", ("North Atlantic Treaty Organization",))]


def test_acronym_reads_a_bounded_run_of_words_back():
    words = acronyms.tokens("A B C D E F", 0, 11)
    before = acronyms._Before(words, len(words))
    assert [t.text for t in before.backwards(3)] == ["F", "E", "D"]
    assert [t.text for t in before.last(2)] == ["E", "F"]
    assert len(before) == 6


def _detect_copies(engine, repeats: int) -> int:
    text = " ".join(["Colour matters. He said Colour and Labour, then Honour."] * repeats) + "\n"
    doc = counted_doc(engine, text)
    detect(doc)
    return CountingView.copied


def test_dialect_detection_copies_no_text_before_each_word(engine):
    small, large = _detect_copies(engine, 50), _detect_copies(engine, 400)
    # 8x the text: linear work copies about 8x as much, quadratic about 64x.
    assert large <= 10 * max(small, 1)


def test_article_label_check_reads_back_only_to_the_previous_word():
    view = CountingView("word " * 20_000 + "module A is ready")
    at = view.index(" A ") + 1
    CountingView.reset()
    assert _label_not_article(view, at, at + 1) is True
    assert CountingView.copied < 100


def _name_scans(engine, repeats: int, monkeypatch) -> tuple[int, int]:
    real = regex.search

    def search(pattern, string, *args, **kw):
        if isinstance(string, CountingView):
            CountingView.scans += 1
        return real(pattern, string, *args, **kw)

    monkeypatch.setattr(regex, "search", search)
    text = "\n\n".join(["Officials at the European Unions said the plan would work."] * repeats) + "\n"
    doc = counted_doc(engine, text)
    found = [s for s in engine.check(doc) if s.rule == "fixed-name"]
    return CountingView.scans, len(found)


def test_name_slips_search_the_whole_text_once_per_question(engine, monkeypatch):
    small_scans, small_found = _name_scans(engine, 5, monkeypatch)
    large_scans, large_found = _name_scans(engine, 40, monkeypatch)
    assert (small_found, large_found) == (5, 40)  # every slip still found
    assert small_scans >= 1  # the question is asked...
    assert large_scans == small_scans  # ...and answered once, however many slips ask it


def test_the_names_index_is_kept_out_of_the_collectors_way(engine):
    """Tens of thousands of index objects, alive for the whole run: a full collection must not walk them.

    Left to the collector, every later full collection (checking allocates
    plenty) walks the whole index again.
    """
    import gc

    from copyedit.checkers.names import NamesChecker

    checker = next(c for c in engine.checkers if isinstance(c, NamesChecker))
    assert len(checker.index) > 10_000
    assert gc.get_freeze_count() > len(checker.index)


def test_speed_script_reports_time_per_word_and_the_house_rules_rate():
    """benchmarks/speed.py --only-linear: the rows issue 19 asks for, in its JSON and its table."""
    import io
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    bench = root.parent / "shared" / "bench" / "dev"
    if not (bench / "articles.jsonl").is_file():
        pytest.skip("no bench beside the checkout")
    cmd = [sys.executable, str(root / "benchmarks" / "speed.py"), "--only-linear", "--linear-sizes", "500,2000", "--linear-batch", "2000", "--rules-words", "300", "--json"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert [r["bytes"] for r in data["linear"]["rows"]] == [500, 2000]
    assert set(data["linear"]["ratios"]) == {"rules, one paragraph", "rules, paragraphs"}
    assert data["rules_cpu"]["words"] >= 300 and data["rules_cpu"]["words_per_cpu_s"] > 0
    sys.path.insert(0, str(root / "benchmarks"))
    try:
        import speed
    finally:
        sys.path.remove(str(root / "benchmarks"))
    buf = io.StringIO()
    speed.print_linear(data["linear"], data["rules_cpu"], out=buf)
    assert "us/w" in buf.getvalue() and "words per CPU-second" in buf.getvalue()


class _CountingList(list):
    reads = 0

    def __iter__(self):
        _CountingList.reads += 1
        return super().__iter__()

    def __getitem__(self, i):
        _CountingList.reads += 1
        return super().__getitem__(i)


def test_a_finding_is_placed_against_code_blocks_without_walking_them_all():
    """A long Markdown file has many code blocks and many findings: each lookup must not read every block."""
    from copyedit.formats import build_document

    text = "".join(f"Paragraph {i} has a a slip.\n\n```\ncode {i}\n```\n\n" for i in range(300))
    doc = build_document("t.md", text)
    assert len(doc.non_prose) == 300
    doc.non_prose = _CountingList(doc.non_prose)
    _CountingList.reads = 0
    inside = [doc.in_non_prose(a, b) for a, b in doc.non_prose[:: 30]]
    outside = [doc.in_non_prose(b + 2, b + 5) for _, b in doc.non_prose[:: 30]]
    assert all(inside) and not any(outside)
    # the two slices above, and one sort that builds the index on the first
    # lookup: none from the lookups themselves (walking would be 20 x 300)
    assert _CountingList.reads <= 3


def _document_name_work(engine, words: int, unit: str, monkeypatch) -> int:
    """Words filed in the document's own names index, and words a window test reads, for one long capitalised run."""
    from copyedit.checkers import name_keys, names

    work = {"n": 0}
    real_add, real_outside = name_keys.KeyIndex.add, names.outside

    def add(self, key, value):
        work["n"] += len(key)
        return real_add(self, key, value)

    def outside(texts, i, j, vocab):
        work["n"] += j - i
        return real_outside(texts, i, j, vocab)

    monkeypatch.setattr(name_keys.KeyIndex, "add", add)
    monkeypatch.setattr(names, "outside", outside)
    engine.check_text("t.txt", "Head line\n\nThe story " + unit * words + "ends.\n")
    return work["n"]


@pytest.mark.parametrize("unit", ["Word ", "AB "])
def test_a_long_run_of_capitalised_words_is_no_name_of_its_own(engine, monkeypatch, unit):
    """A passage in title case or capitals: its windows are not the document's names, each filed under every other.

    Filed as one name, 4,000 capitalised words took 7 s: each of its keys as
    long as the run, and every window read to its end.
    """
    small = _document_name_work(engine, 500, unit, monkeypatch)
    large = _document_name_work(engine, 2000, unit, monkeypatch)
    assert large <= 5 * max(small, 1)


def test_a_name_the_document_writes_is_still_its_own(engine):
    text = "The Harbour Bridge Trust met on Monday. Later the Harbor Bridge Trust said it would sell.\n"
    _, found = engine.check_text("t.txt", text)
    assert [(s.text, s.replacements) for s in found if s.text.startswith("Harbor")] == [("Harbor Bridge Trust", ("Harbour Bridge Trust",))]
