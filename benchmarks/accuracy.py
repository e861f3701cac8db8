#!/usr/bin/env python
"""Accuracy of `copyedit fix` on the seeded-error bench, scored as GEC work scores it.

Every corrupted article is corrected in-process (the same engine and fixed-point
loop as `copyedit fix`). The corrupted and corrected texts are aligned with
difflib over word-level tokens (words, single punctuation marks and whitespace
runs, so that a restored space after a comma is an edit of its own), and the
difference is cut into edits at those token boundaries, ERRANT-style.

A seeded (gold) edit counts as found when a system edit overlaps it and the
corrected text equals the original over the whole overlapping stretch. Every
system edit that is not part of such a restoration is a false positive; gold
edits not restored are false negatives. Running the same fixer over the clean
originals gives the false alarms an editor would suffer on text that is already
right, per 1,000 words.

Usage: python benchmarks/accuracy.py [--bench DIR] [--backend none,harper,...]
       [--dialect gb] [--limit N] [--show N] [--misses N] [--json]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchcommon import DEFAULT_BENCH, DEFAULT_CLEAN, emit, require_bench  # noqa: E402  (also puts the project on sys.path)

TYPES = (
    "comma_space",
    "sentence_space",
    "space_before_punct",
    "double_space",
    "proper_noun_case",
    "sentence_case",
    "fixed_name",
    "article",
    "doubled_word",
    "typo",
    "agreement",
)
# Choices for --backend: copyedit's backends (joined by '+' when several run
# together) and the Harper-alone reference line.
REFERENCE = "harper-alone"
DEFAULT_CHOICES = ("none", "harper", "harper+languagetool", REFERENCE)

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


# --------------------------------------------------------------------------- edits


@dataclass(frozen=True)
class Edit:
    start: int  # code-point offsets into the text the edit applies to
    end: int
    text: str  # replacement
    kind: str = ""  # gold: the bench's error type
    rule: str = ""  # system: who made it, when known


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_edits(before: str, after: str) -> list[Edit]:
    """Edits turning `before` into `after`, cut at word/punctuation/space tokens."""
    if before == after:
        return []
    a, b = tokens(before), tokens(after)
    a_off = [0]
    for t in a:
        a_off.append(a_off[-1] + len(t))
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            out.append(Edit(a_off[i1], a_off[i2], "".join(b[j1:j2])))
    return out


def overlaps(x: Edit, y: Edit) -> bool:
    """Spans overlap; an insertion point touches a span that contains or borders it."""
    if x.start == x.end or y.start == y.end:
        return max(x.start, y.start) <= min(x.end, y.end)
    return x.start < y.end and y.start < x.end


def _touches(start: int, end: int, e: Edit) -> bool:
    """Overlapping or adjacent: the alignment may put a deleted doubled word on
    either copy of it, so the rule's span can sit right next to the edit."""
    return start <= e.end and e.start <= end


def apply(text: str, edits: list[Edit], offset: int = 0) -> str:
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos : e.start - offset])
        out.append(e.text)
        pos = e.end - offset
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- classify


_SENT_END = re.compile(r"(?:[.!?][\"'”’)]*\s+|\n\s*|^\s*)$")


def classify(text: str, e: Edit) -> str:
    """Name a system edit with the bench's error types, from its shape alone.

    Used for false positives, which have no gold label: "sentence_case" on a
    clean original means the engine capitalised a word it should not have.
    """
    wrong, right = text[e.start : e.end], e.text
    before = text[max(0, e.start - 40) : e.start]
    after = text[e.end : e.end + 1]
    if not wrong.strip() and not right.strip():
        if len(right) > len(wrong):
            if before.endswith(","):
                return "comma_space"
            if before[-1:] in ".!?:;":
                return "sentence_space"
            return "spacing"
        if after and not after.isalnum() and not after.isspace():
            return "space_before_punct"
        return "double_space"
    if wrong.strip() == right.strip():
        return "spacing"
    if wrong.lower() == right.lower():
        if " " not in wrong.strip() and _SENT_END.search(before):
            return "sentence_case"
        return "proper_noun_case"
    w, r = wrong.strip().lower(), right.strip().lower()
    if {w, r} <= {"a", "an"}:
        return "article"
    if not r and w:
        prev = re.findall(r"\w+", before)
        if prev and prev[-1].lower() == w:
            return "doubled_word"
        nxt = re.findall(r"\w+", text[e.end : e.end + 40])
        if nxt and nxt[0].lower() == w:
            return "doubled_word"
    if " " not in w and " " not in r and w and r and r[0].isalpha():
        if difflib.SequenceMatcher(None, w, r).ratio() >= 0.75:
            return "typo"
    if wrong[:1].isupper() and len(wrong.split()) <= 3 and len(right.split()) <= 3:
        return "fixed_name"
    return "other"


# --------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f05(self) -> float:
        p, r = self.precision, self.recall
        return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f0.5": round(self.f05, 4)}


@dataclass
class Outcome:
    """What happened to one article."""

    found: list[Edit] = field(default_factory=list)  # gold edits restored
    missed: list[Edit] = field(default_factory=list)  # gold edits not restored
    false_pos: list[tuple[Edit, str]] = field(default_factory=list)  # (system edit, type)
    wrong_fix: list[tuple[Edit, Edit]] = field(default_factory=list)  # (gold, system edit) touched but not restored


def score_article(corrupted: str, corrected: str, gold: list[Edit]) -> Outcome:
    system = diff_edits(corrupted, corrected)
    # Connected groups of gold and system edits that overlap one another.
    nodes = [("g", g) for g in gold] + [("s", s) for s in system]
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (ki, ei) in enumerate(nodes):
        for j in range(i + 1, len(nodes)):
            kj, ej = nodes[j]
            if ki != kj and overlaps(ei, ej):
                parent[find(i)] = find(j)
    groups: dict[int, list[tuple[str, Edit]]] = defaultdict(list)
    for i, n in enumerate(nodes):
        groups[find(i)].append(n)
    out = Outcome()
    for members in groups.values():
        g = [e for k, e in members if k == "g"]
        s = [e for k, e in members if k == "s"]
        if not g:
            out.false_pos.extend((e, classify(corrupted, e)) for e in s)
            continue
        if not s:
            out.missed.extend(g)
            continue
        lo = min(e.start for e in g + s)
        hi = max(e.end for e in g + s)
        region = corrupted[lo:hi]
        if apply(region, s, lo) == apply(region, g, lo):
            out.found.extend(g)
        else:
            out.missed.extend(g)
            out.false_pos.extend((e, g[0].kind) for e in s)
            out.wrong_fix.extend((g[0], e) for e in s)
    return out


# --------------------------------------------------------------------------- systems


class System:
    """Something that turns a text into its corrected text."""

    name: str
    label: str

    def fix(self, text: str) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def explain(self, text: str, e: Edit) -> str:
        """Which rule made an edit on `text` (first pass only), for engineers."""
        return "?"


class Copyedit(System):
    def __init__(self, backends: tuple[str, ...], dialect: str, unsafe: bool, lt_url: str | None):
        from copyedit.config import Settings
        from copyedit.engine import build_engine

        self.name = "+".join(backends)
        self.label = f"copyedit --backend {','.join(backends)}"
        settings = Settings(dialect=dialect, backends=backends, lt_url=lt_url, unsafe_fixes=unsafe)
        self.engine = build_engine(settings)
        self.unsafe = unsafe

    def fix(self, text: str) -> str:
        from copyedit.fixer import fix_text

        return fix_text(self.engine, "article.txt", text, "text", unsafe=self.unsafe).text

    def explain(self, text: str, e: Edit) -> str:
        from copyedit.fixer import choose

        _, found = self.engine.check_text("article.txt", text, "text")
        rules = sorted({s.rule for s in choose(found, self.unsafe) if _touches(s.start, s.end, e)})
        return ",".join(rules) or "(later pass)"


class HarperAlone(System):
    """Harper as a user of harper-py would run it: default rules, no filters.

    Each lint with exactly one suggestion is applied, in the same fixed-point
    loop as `copyedit fix` (up to five passes), so that the difference from the
    `harper` line is only copyedit's rules, filters and merge.
    """

    name = REFERENCE
    label = "harper-py Linter alone (reference)"
    passes = 5

    def __init__(self, dialect: str):
        from harper import Dialect, Linter

        from copyedit.backends.harper import DIALECTS

        self.linter = Linter(getattr(Dialect, DIALECTS.get(dialect, "AMERICAN")))

    def _edits(self, text: str) -> list[Edit]:
        edits = []
        for rule, lints in self.linter.organized_lints(text, language="plaintext").items():
            for lint in lints:
                if lint.suggestion_count != 1:
                    continue
                sug = lint.suggestions[0]
                kind = int(sug.kind)
                problem = text[lint.span.start : lint.span.end]
                rep = "" if kind == 1 else problem + sug.replacement_text if kind == 2 else sug.replacement_text
                edits.append(Edit(lint.span.start, lint.span.end, rep, rule=rule))
        kept: list[Edit] = []
        for e in sorted(edits, key=lambda e: (e.start, e.end)):
            if kept and (overlaps(kept[-1], e) or kept[-1].end > e.start):
                continue
            kept.append(e)
        return kept

    def fix(self, text: str) -> str:
        for _ in range(self.passes):
            edits = self._edits(text)
            new = apply(text, edits)
            if not edits or new == text:
                break
            text = new
        return text

    def explain(self, text: str, e: Edit) -> str:
        rules = sorted({x.rule for x in self._edits(text) if _touches(x.start, x.end, e)})
        return ",".join(rules) or "(later pass)"


def lt_reachable(dialect: str, lt_url: str | None) -> tuple[bool, str]:
    if not lt_url:
        return False, "COPYEDIT_LT_URL is not set"
    try:
        from copyedit.backends.languagetool import LanguageToolChecker
        from copyedit.config import Settings
    except ImportError as e:
        return False, f"no LanguageTool backend ({e})"
    try:
        ok = LanguageToolChecker.if_reachable(Settings(dialect=dialect, lt_url=lt_url)) is not None
    except Exception as e:  # noqa: BLE001 - any failure means "not reachable"
        return False, f"{lt_url}: {e}"
    return ok, "" if ok else f"{lt_url} is not reachable"


def make_system(choice: str, dialect: str, unsafe: bool, lt_url: str | None) -> System:
    if choice == REFERENCE:
        return HarperAlone(dialect)
    return Copyedit(tuple(choice.split("+")), dialect, unsafe, lt_url)


# --------------------------------------------------------------------------- run


def load_bench(bench: Path, limit: int | None) -> list[dict]:
    path = bench / "articles.jsonl"
    with open(path, encoding="utf-8") as fh:
        arts = [json.loads(line) for line in fh if line.strip()]
    return arts[:limit] if limit else arts


def evaluate(system: System, articles: list[dict], explain: int) -> dict:
    overall = Counts()
    by_type: dict[str, Counts] = defaultdict(Counts)
    fp_by_class: Counter = Counter()
    missed: list[dict] = []
    wrong: list[dict] = []
    alarms: list[dict] = []
    alarm_classes: Counter = Counter()
    words = 0
    t0 = time.perf_counter()
    for art in articles:
        corrupted, original = art["corrupted"], art["original"]
        gold = [Edit(e["start"], e["end"], e["right"], kind=e["type"]) for e in art["edits"]]
        res = score_article(corrupted, system.fix(corrupted), gold)
        for g in res.found:
            by_type[g.kind].tp += 1
        for g in res.missed:
            by_type[g.kind].fn += 1
            missed.append({"id": art["id"], "type": g.kind, "wrong": corrupted[g.start : g.end], "right": g.text, "context": _context(corrupted, g)})
        for _e, kind in res.false_pos:
            by_type[kind].fp += 1
            fp_by_class[kind] += 1
        for g, e in res.wrong_fix:
            wrong.append({"id": art["id"], "type": g.kind, "wrong": corrupted[g.start : g.end], "right": g.text, "system": corrupted[e.start : e.end] + " -> " + e.text, "context": _context(corrupted, g)})
        # False alarms on the clean original.
        words += len(original.split())
        for e in diff_edits(original, system.fix(original)):
            kind = classify(original, e)
            alarm_classes[kind] += 1
            alarms.append({"id": art["id"], "class": kind, "wrong": original[e.start : e.end], "right": e.text, "context": _context(original, e), "_edit": e, "_text": original})
    seconds = time.perf_counter() - t0
    for c in by_type.values():
        overall.add(c)
    for a in alarms[:explain]:
        a["rule"] = system.explain(a["_text"], a["_edit"])
    for a in alarms:
        del a["_edit"], a["_text"]
    return {
        "name": system.name,
        "label": system.label,
        "overall": overall.as_dict(),
        "by_type": {k: by_type[k].as_dict() for k in _type_order(by_type)},
        "false_alarms": {
            "count": len(alarms),
            "words": words,
            "per_1000_words": round(1000 * len(alarms) / words, 3) if words else 0.0,
            "by_class": dict(alarm_classes.most_common()),
            "items": alarms,
        },
        "missed": missed,
        "wrong_fixes": wrong,
        "seconds": round(seconds, 2),
    }


def _type_order(d) -> list[str]:
    return [t for t in TYPES if t in d] + sorted(k for k in d if k not in TYPES)


def _context(text: str, e: Edit, width: int = 30) -> str:
    left = text[max(0, e.start - width) : e.start]
    right = text[e.end : e.end + width]
    mid = text[e.start : e.end]
    return (left + "[" + mid + "->" + e.text + "]" + right).replace("\n", "⏎")


# --------------------------------------------------------------------------- output


def print_report(result: dict, show: int, misses: int, out=sys.stdout) -> None:
    systems = result["systems"]
    w = out.write
    w(f"Accuracy on {result['bench']}: {result['articles']} articles, {result['gold']} seeded errors, {result['words']} words of clean text; dialect {result['dialect']}\n\n")
    w("Overall (seeded errors in corrupted articles; false alarms on the clean originals)\n")
    hdr = f"{'system':<22} {'P':>6} {'R':>6} {'F0.5':>6} {'TP':>5} {'FP':>5} {'FN':>5} {'alarms/1k words':>16} {'s':>6}\n"
    w(hdr)
    w("-" * (len(hdr) - 1) + "\n")
    for s in systems:
        o, fa = s["overall"], s["false_alarms"]
        w(f"{s['name']:<22} {o['precision']:>6.3f} {o['recall']:>6.3f} {o['f0.5']:>6.3f} {o['tp']:>5} {o['fp']:>5} {o['fn']:>5} {fa['per_1000_words']:>16.2f} {s['seconds']:>6.1f}\n")
    for note in result.get("notes", []):
        w(f"note: {note}\n")
    w("\nPer error type: found/seeded, false positives (P R F0.5)\n")
    types = []
    for s in systems:
        types += [t for t in s["by_type"] if t not in types]
    types = _type_order(types)
    col = 26
    w(f"{'type':<20}" + "".join(f"{s['name']:>{col}}" for s in systems) + "\n")
    w("-" * (20 + col * len(systems)) + "\n")
    for t in types:
        cells = []
        for s in systems:
            c = s["by_type"].get(t, {"tp": 0, "fp": 0, "fn": 0, "f0.5": 0.0})
            cells.append(f"{c['tp']}/{c['tp'] + c['fn']} fp{c['fp']} F{c['f0.5']:.2f}")
        w(f"{t:<20}" + "".join(f"{x:>{col}}" for x in cells) + "\n")
    w("\nFalse alarms on clean originals, by shape\n")
    for s in systems:
        fa = s["false_alarms"]
        kinds = ", ".join(f"{k} {v}" for k, v in fa["by_class"].items()) or "none"
        w(f"  {s['name']:<20} {fa['count']:>4}: {kinds}\n")
    if show:
        for s in systems:
            items = s["false_alarms"]["items"]
            if not items:
                continue
            w(f"\nFalse alarms of {s['name']} (first {min(show, len(items))} of {len(items)})\n")
            for a in items[:show]:
                w(f"  {a['id']:<18} {a['class']:<18} {a.get('rule', ''):<28} {a['context']}\n")
    if result.get("clean"):
        from cleantext import print_tables

        print_tables(result["clean"], w)
    if misses:
        for s in systems:
            if not s["missed"]:
                continue
            w(f"\nMissed by {s['name']} ({len(s['missed'])}; up to {misses} per type)\n")
            per: dict[str, list] = defaultdict(list)
            for m in s["missed"]:
                per[m["type"]].append(m)
            for t in _type_order(per):
                for m in per[t][:misses]:
                    w(f"  {t:<18} {m['id']:<18} {m['context']}\n")
            if s["wrong_fixes"]:
                w(f"Wrong fixes of seeded errors by {s['name']} ({len(s['wrong_fixes'])})\n")
                for m in s["wrong_fixes"][:misses * 3]:
                    w(f"  {m['type']:<18} {m['id']:<18} {m['context']}   system: {m['system']!r}\n")


def parse_choices(value: str | None) -> list[str]:
    if not value:
        return list(DEFAULT_CHOICES)
    out = []
    for item in value.split(","):
        item = item.strip().lower()
        if not item:
            continue
        if item in ("harper-alone", "harper_alone", "reference"):
            item = REFERENCE
        elif item in ("lt", "languagetool"):
            item = "harper+languagetool" if "harper" in out else "languagetool"
        for part in item.split("+"):
            if part not in ("none", "harper", "languagetool", REFERENCE):
                raise SystemExit(f"accuracy.py: unknown backend choice {item!r} (use none, harper, harper+languagetool, harper-alone)")
        if item not in out:
            out.append(item)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="bench directory holding articles.jsonl (default: %(default)s)")
    ap.add_argument("--backend", help="comma-separated choices: none, harper, harper+languagetool, harper-alone (default: all; languagetool only when COPYEDIT_LT_URL is reachable)")
    ap.add_argument("--dialect", default="auto", help="English variety (default: %(default)s, as copyedit's own default: each article's spellings decide)")
    ap.add_argument("--unsafe-fixes", action="store_true", help="apply unsafe fixes too, as `copyedit fix --unsafe-fixes`")
    ap.add_argument("--limit", type=int, help="score only the first N articles (smoke tests)")
    ap.add_argument("--show", type=int, default=15, help="list up to N false alarms on originals per system (default: %(default)s)")
    ap.add_argument("--misses", type=int, default=0, help="list up to N missed seeded errors per type and system")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    ap.add_argument("--clean", type=Path, default=DEFAULT_CLEAN, help="clean published text, one folder per domain, measured for false alarms (default: %(default)s; 'none' to skip)")
    args = ap.parse_args(argv)

    require_bench(args.bench, "accuracy.py")
    from copyedit.config import ConfigError, normalise_dialect

    try:
        dialect = normalise_dialect(args.dialect, "--dialect")
    except ConfigError as e:
        print(f"accuracy.py: {e}", file=sys.stderr)
        return 2
    choices = parse_choices(args.backend)
    articles = load_bench(args.bench, args.limit)
    lt_url = os.environ.get("COPYEDIT_LT_URL") or None
    notes = []
    if any("languagetool" in c for c in choices):
        ok, why = lt_reachable(dialect, lt_url)
        if not ok:
            explicit = args.backend is not None
            choices = [c for c in choices if "languagetool" not in c]
            notes.append(f"harper+languagetool skipped: {why}" if explicit or lt_url else f"harper+languagetool not run: {why}")
    results = []
    for choice in choices:
        system = make_system(choice, dialect, args.unsafe_fixes, lt_url)
        results.append(evaluate(system, articles, explain=args.show))
    clean = {}
    if str(args.clean) != "none" and args.clean.is_dir():
        from cleantext import measure

        for choice in choices:
            if choice == REFERENCE:
                continue
            system = make_system(choice, dialect, args.unsafe_fixes, lt_url)
            clean[choice] = measure(system.engine, args.clean, show=args.show)
    elif str(args.clean) != "none":
        notes.append(f"clean text not measured: no directory {args.clean}")
    result = {
        "bench": str(args.bench),
        "articles": len(articles),
        "gold": sum(len(a["edits"]) for a in articles),
        "words": sum(len(a["original"].split()) for a in articles),
        "dialect": dialect,
        "unsafe_fixes": args.unsafe_fixes,
        "notes": notes,
        "systems": results,
        "clean": clean,
    }
    return emit(result, args.json, lambda r: print_report(r, args.show, args.misses))


if __name__ == "__main__":
    sys.exit(main())
