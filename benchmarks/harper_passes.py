#!/usr/bin/env python
"""One Harper pass or two: the same findings, and which costs less.

copyedit lints each paragraph twice: every rule but SpellCheck over the text,
then SpellCheck alone over the text with capitalised words blanked (copyedit
never acts on spelling advice for a name, and Harper's suggestion search for
one is slow). The alternative is one pass with SpellCheck on over the text as
written, dropping afterwards every spelling lint that touches a capitalised
word. This script runs both over the dev bench (originals and corrupted
texts) and the clean bench, each mode in its own process (Harper's caches are
per process), and compares every finding and the CPU time of checking.

Measured with harper-py 0.2.0 (dev bench, originals and corrupted, and the
clean bench: 232 documents, 150,022 words), one pass costs 40% less CPU (33.1
against 54.9 s) but its findings differ, so copyedit keeps two passes. With
Harper's overlap removal on (its default), a spelling lint now overlaps the
other rules' lints and removes some: 10 findings lost, 6 of them "Months"
fixes of seeded errors ("april" -> "April"). With it off (--no-dedup), the
overlaps that the main pass used to remove come back: 5 findings more on 90
documents (AnA, RepeatedWords, CondenseAllThe). One pass becomes possible
once copyedit removes overlaps among the other rules' lints exactly as
Harper does.

Usage: python benchmarks/harper_passes.py [--limit N] [--no-dedup] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from benchcommon import DEFAULT_BENCH, DEFAULT_CLEAN, emit, require_bench  # noqa: E402  (also puts the project on sys.path)


def documents(bench: Path, clean: Path, limit: int | None) -> list[tuple[str, str]]:
    docs = []
    with open(require_bench(bench, "harper_passes.py"), encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                break
            a = json.loads(line)
            docs += [(f"{a['id']}/original.txt", a["original"]), (f"{a['id']}/corrupted.txt", a["corrupted"])]
    if clean.is_dir():
        files = sorted(p for p in clean.glob("*/*") if p.suffix in (".txt", ".md"))
        for p in files[: limit if limit is not None else None]:
            docs.append((str(p.relative_to(clean)), p.read_text(encoding="utf-8")))
    return docs


def one_pass_checker(dialect_checker, dedup: bool = True):
    """A HarperChecker whose `_lint` makes one pass with SpellCheck on, then drops lints on names."""
    from copyedit.backends import harper

    class OnePass(dialect_checker):
        def _lint(self, path, text, dialect):
            key = ("one-pass", dialect, frozenset(self.enable), frozenset(self.disable), text)
            hit = harper._memo.get(key)
            if hit is not None:
                return hit
            linter = harper._linter(dialect, "one-pass")
            self._configure(linter)  # the main configuration, SpellCheck off...
            wanted = dict(self._config, SpellCheck=self.spelling)  # ...then on, when the checker spells
            if harper._configs.get(id(linter)) != wanted:
                linter.set_lint_config(wanted)
                harper._configs[id(linter)] = wanted
            organized = linter.organized_lints(text, language="plaintext", dedup=dedup)
            names = [m.span() for m in harper._NAME_TOKEN.finditer(text)]
            raws = []
            for rule, lints in organized.items():
                for lint in lints:
                    s, e = lint.span.start, lint.span.end
                    if rule == "SpellCheck" and any(a < e and s < b for a, b in names):
                        continue  # the two-pass way never spells a capitalised word
                    reps = []
                    problem = text[s:e]
                    for sug in lint.suggestions:
                        kind = int(sug.kind)
                        reps.append("" if kind == 1 else problem + sug.replacement_text if kind == 2 else sug.replacement_text)
                    raws.append(harper._Raw(rule, s, e, tuple(reps), lint.lint_kind, lint.message))
            harper._memo[key] = result = tuple(raws)
            return result

    return OnePass


def child(mode: str, bench: Path, clean: Path, limit: int | None, dialect: str) -> dict:
    from copyedit.backends.harper import HarperChecker
    from copyedit.formats import build_document

    cls = one_pass_checker(HarperChecker, dedup=mode != "one-nodedup") if mode.startswith("one") else HarperChecker
    checker = cls(dialect)
    checker.check(build_document("warm.txt", "Warm the linter up, once.\n"))
    found, cpu, words = {}, 0.0, 0
    for path, text in documents(bench, clean, limit):
        doc = build_document(path, text)
        t0 = time.process_time()
        items = checker.check(doc)
        cpu += time.process_time() - t0
        words += len(text.split())
        found[path] = sorted([s.start, s.end, s.rule, list(s.replacements), s.message, s.severity.value, s.applicability.value] for s in items)
    return {"cpu_s": cpu, "words": words, "found": found}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--clean", type=Path, default=DEFAULT_CLEAN)
    ap.add_argument("--dialect", default="gb")
    ap.add_argument("--limit", type=int, help="only the first N bench articles and N clean files")
    ap.add_argument("--show", type=int, default=10, help="list up to N differing findings")
    ap.add_argument("--no-dedup", action="store_true", help="the one pass keeps overlapping lints (Harper's dedup=False)")
    ap.add_argument("--child", choices=("one", "one-nodedup", "two"), help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.child:
        json.dump(child(args.child, args.bench, args.clean, args.limit, args.dialect), sys.stdout)
        return 0
    runs = {}
    for mode in ("two", "one"):
        child_mode = "one-nodedup" if mode == "one" and args.no_dedup else mode
        cmd = [sys.executable, __file__, "--child", child_mode, "--bench", str(args.bench), "--clean", str(args.clean), "--dialect", args.dialect]
        if args.limit is not None:
            cmd += ["--limit", str(args.limit)]
        runs[mode] = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    two, one = runs["two"]["found"], runs["one"]["found"]
    only_two, only_one = [], []
    for path in two:
        a = {json.dumps(x) for x in two[path]}
        b = {json.dumps(x) for x in one.get(path, [])}
        only_two += [(path, json.loads(x)) for x in sorted(a - b)]
        only_one += [(path, json.loads(x)) for x in sorted(b - a)]
    result = {
        "documents": len(two),
        "words": runs["two"]["words"],
        "findings_two": sum(len(v) for v in two.values()),
        "findings_one": sum(len(v) for v in one.values()),
        "identical": not only_two and not only_one,
        "only_two_passes": len(only_two),
        "only_one_pass": len(only_one),
        "cpu_two_s": runs["two"]["cpu_s"],
        "cpu_one_s": runs["one"]["cpu_s"],
        "examples_only_two": only_two[: args.show],
        "examples_only_one": only_one[: args.show],
    }
    return emit(result, args.json, print_report)


def print_report(r: dict, out=sys.stdout) -> None:
    w = out.write
    w(f"Harper alone over {r['documents']} documents ({r['words']:,} words): two passes against one pass with a post-filter\n")
    w(f"  two passes: {r['cpu_two_s']:.2f} CPU s, {r['findings_two']} findings\n")
    w(f"  one pass:   {r['cpu_one_s']:.2f} CPU s, {r['findings_one']} findings\n")
    w(f"  identical: {r['identical']} ({r['only_two_passes']} only with two passes, {r['only_one_pass']} only with one)\n")
    for label, key in (("only two passes", "examples_only_two"), ("only one pass", "examples_only_one")):
        for path, f in r[key]:
            w(f"    {label}: {path} {f[0]}-{f[1]} {f[2]} {f[3][:3]} {f[4][:70]!r}\n")


if __name__ == "__main__":
    sys.exit(main())
