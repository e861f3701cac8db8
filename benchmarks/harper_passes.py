#!/usr/bin/env python
"""One Harper pass or two: the same findings, and which costs less.

Two passes: every rule but SpellCheck over the text, then SpellCheck alone
over the text with capitalised words blanked (copyedit never acts on spelling
advice for a name). One pass (`copyedit.backends.harper.ONE_PASS`): SpellCheck
on, over the text as written, with Harper's overlap removal done by copyedit
over the other rules only, and every spelling lint that touches a capitalised
word dropped. This script runs both over the dev bench (originals and
corrupted texts) and the clean bench, each in its own process (Harper's caches
are per process), and compares every finding and the CPU time of checking.

It also times text dense with capitalised names Harper does not know, where
one pass makes Harper search suggestions for each of them.

Measured with harper-py 0.2.0 on both benches (232 documents, 150,022 words):
the same 904 findings, and 34.8 against 34.9 CPU s, so one pass saves nothing
there; on 960 words of invented names it costs 5.9 s against 0.15 s. The one
difference the comparison can show is Harper's own: the order of some rules'
suggestions ("shrunk", "shrank") changes from one process to the next.

Letting Harper remove overlaps in the one pass is not the same: a spelling
lint then pushes out another rule's lint on the same word (harper-py 0.2.0 on
both benches: 10 findings lost, 6 of them "Months" fixes such as "april" ->
"April"); not removing them at all keeps overlaps the main pass used to drop
(5 findings more on 90 documents).

Usage: python benchmarks/harper_passes.py [--limit N] [--json]
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


def invented_names_text(paragraphs: int = 20) -> str:
    """Prose dense with capitalised names no dictionary knows, as fantasy fiction or foreign news has."""
    import random

    rng = random.Random(1)
    syllables = "ka lo mi ven dor tas rel quin bra sto gil mer fan hul zet pra nov".split()

    def name() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()

    return "\n\n".join(" ".join(f"{name()} {name()} met {name()} of {name()}berg in {name()}." for _ in range(6)) for _ in range(paragraphs)) + "\n"


def child(mode: str, bench: Path, clean: Path, limit: int | None, dialect: str) -> dict:
    from copyedit.backends import harper
    from copyedit.formats import build_document

    harper.ONE_PASS = mode == "one"
    fallbacks = []
    real_two = harper.HarperChecker._two_passes

    def counted(self, text, dialect, role):
        fallbacks.append(role == "two")
        return real_two(self, text, dialect, role)

    harper.HarperChecker._two_passes = counted
    checker = harper.HarperChecker(dialect)
    checker.check(build_document("warm.txt", "Warm the linter up, once.\n"))
    found, cpu, words = {}, 0.0, 0
    for path, text in documents(bench, clean, limit):
        doc = build_document(path, text)
        t0 = time.process_time()
        items = checker.check(doc)
        cpu += time.process_time() - t0
        words += len(text.split())
        found[path] = sorted([s.start, s.end, s.rule, list(s.replacements), s.message, s.severity.value, s.applicability.value] for s in items)
    names = invented_names_text()
    t0 = time.process_time()
    checker.check(build_document("names.txt", names))
    names_cpu = time.process_time() - t0
    return {"cpu_s": cpu, "words": words, "found": found, "two_pass_fallbacks": sum(fallbacks), "names_cpu_s": names_cpu, "names_words": len(names.split())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--clean", type=Path, default=DEFAULT_CLEAN)
    ap.add_argument("--dialect", default="gb")
    ap.add_argument("--limit", type=int, help="only the first N bench articles and N clean files")
    ap.add_argument("--show", type=int, default=10, help="list up to N differing findings")
    ap.add_argument("--child", choices=("one", "two"), help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.child:
        json.dump(child(args.child, args.bench, args.clean, args.limit, args.dialect), sys.stdout)
        return 0
    runs = {}
    for mode in ("two", "one"):
        cmd = [sys.executable, __file__, "--child", mode, "--bench", str(args.bench), "--clean", str(args.clean), "--dialect", args.dialect]
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
        "one_pass_fallbacks": runs["one"]["two_pass_fallbacks"],
        "names_words": runs["two"]["names_words"],
        "names_cpu_two_s": runs["two"]["names_cpu_s"],
        "names_cpu_one_s": runs["one"]["names_cpu_s"],
        "examples_only_two": only_two[: args.show],
        "examples_only_one": only_one[: args.show],
    }
    return emit(result, args.json, print_report)


def print_report(r: dict, out=sys.stdout) -> None:
    w = out.write
    w(f"Harper alone over {r['documents']} documents ({r['words']:,} words): two passes against one pass with a post-filter\n")
    w(f"  two passes: {r['cpu_two_s']:.2f} CPU s, {r['findings_two']} findings\n")
    w(f"  one pass:   {r['cpu_one_s']:.2f} CPU s, {r['findings_one']} findings ({r['one_pass_fallbacks']} pieces read in two passes: two lints on one span)\n")
    w(f"  {r['names_words']:,} words dense with invented names: {r['names_cpu_two_s']:.2f} CPU s in two passes, {r['names_cpu_one_s']:.2f} s in one\n")
    w(f"  identical: {r['identical']} ({r['only_two_passes']} only with two passes, {r['only_one_pass']} only with one)\n")
    for label, key in (("only two passes", "examples_only_two"), ("only one pass", "examples_only_one")):
        for path, f in r[key]:
            w(f"    {label}: {path} {f[0]}-{f[1]} {f[2]} {f[3][:3]} {f[4][:70]!r}\n")


if __name__ == "__main__":
    sys.exit(main())
