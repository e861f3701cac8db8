"""What each regex rule's patterns cost, and the regex rules' words per CPU-second.

A pack author who adds a pattern, or rewrites one, sees here where the time
goes: per pattern (antipatterns too), CPU over new ~1,000-word articles under
the regex-timeout limit as the checker runs it, how many documents its
prefilter let it skip, and the RegexChecker's own rate over the same text
(`--backend none`: antipatterns run only where the rule matched).

    .venv/bin/python benchmarks/regex_rules.py [--words 60000] [--top 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from benchcommon import DEFAULT_BENCH
from speed import TextSource, engine_for, settings, warm_lexicon, word_count


def measure(src: TextSource, dialect: str, words: int) -> dict:
    from copyedit.checkers.regex import RegexChecker
    from copyedit.literals import Haystack
    from copyedit.userpatterns import finditer, windows

    eng = engine_for(settings(dialect, backends=("none",)), src)
    checker = next(c for c in eng.checkers if isinstance(c, RegexChecker))
    warm_lexicon()  # the word lists a rule may consult (offer_unless_word) load once per process
    docs, done = [], 0
    while done < words:
        text = src.text(1000)
        docs.append(eng.document(f"r{len(docs)}.txt", text, "text"))
        done += word_count(text)
    t0 = time.process_time()
    for d in docs:
        checker.check(d)
    cpu = time.process_time() - t0
    rows = []
    for spec, pattern in checker.rules:
        for label, p in (("pattern", pattern), *((f"antipattern {i + 1}", a) for i, a in enumerate(spec.options.compiled_antipatterns))):
            pf = checker.prefilters.get(p)
            skipped, t = 0, 0.0
            for d in docs:
                t0 = time.process_time()
                if pf is not None and not pf.may_match(Haystack(d.view)):
                    skipped += 1
                else:
                    for _ in finditer(p, d.view, windows(d.view), checker.timeout):
                        pass
                t += time.process_time() - t0
            rows.append({"rule": spec.id, "which": label, "cpu_s": t, "skipped_docs": skipped, "prefilter": pf is not None})
    rows.sort(key=lambda r: -r["cpu_s"])
    return {"words": done, "docs": len(docs), "checker_cpu_s": cpu, "words_per_cpu_s": done / cpu, "patterns": rows}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="bench directory (default: %(default)s)")
    ap.add_argument("--dialect", default="gb", help="English variety (default: %(default)s)")
    ap.add_argument("--words", type=int, default=60_000, help="words of new prose (default: %(default)s)")
    ap.add_argument("--top", type=int, default=15, help="patterns to list, costliest first (default: %(default)s)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args(argv)
    r = measure(TextSource(args.bench), args.dialect, args.words)
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    print(f"RegexChecker: {r['words_per_cpu_s']:,.0f} words per CPU-second ({r['checker_cpu_s']:.3f} s over {r['words']:,} words in {r['docs']} articles)")
    print(f"\n{'CPU s':>8}  {'skipped':>7}  rule / pattern")
    for row in r["patterns"][: args.top]:
        skipped = f"{row['skipped_docs']}/{r['docs']}" if row["prefilter"] else "-"
        print(f"{row['cpu_s']:>8.4f}  {skipped:>7}  {row['rule']} ({row['which']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
