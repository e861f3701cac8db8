#!/usr/bin/env python
"""Does a fresh Harper Linter every N words pay? Harper alone in copyedit, with and without.

A Linter was seen to slow down as it reads (issue 19: 30-49% after tens of
thousands of words); `copyedit.backends.harper.RECYCLE_WORDS` replaces it
after that many words. Each run is a whole process (a Linter's caches and the
dictionary are per process) checking the same new prose, 1,000-word articles
one after another, with every house-rule pack off; runs alternate between the
two settings (A B B A ...) so that a change in the machine's load falls on
both. CPU time, not wall time: the machine is shared.

Usage: python benchmarks/harper_recycle.py [--words 120000] [--runs 2] [--every 20000] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from benchcommon import DEFAULT_BENCH, emit  # noqa: E402  (also puts the project on sys.path)


def child(bench, words: int, every: int | None, dialect: str, roles: str = "all") -> dict:
    """One whole run: Harper alone over `words` words of new prose; CPU of each half."""
    from speed import TextSource, configs, engine_for, word_count

    from copyedit.backends import harper

    src = TextSource(bench)
    eng = engine_for(configs(dialect)["harper"], src)
    harper.RECYCLE_WORDS = every
    if roles == "main":
        wear = harper._wear
        harper._wear = lambda key, text: None if "spell" in key else wear(key, text)  # the spelling linter is kept
    import harper as harper_py

    made = []
    real = harper_py.Linter

    def counting(*a, **kw):
        made.append(1)
        return real(*a, **kw)

    harper_py.Linter = counting  # copyedit imports it from the module when it builds one
    done, cpu, half = 0, [0.0, 0.0], words // 2
    i = 0
    while done < words:
        text = src.text(1000)
        t0 = time.process_time()
        eng.check_text(f"a{i}.txt", text, "text")
        cpu[done >= half] += time.process_time() - t0
        done += word_count(text)
        i += 1
    return {"words": done, "cpu_first_half_s": cpu[0], "cpu_second_half_s": cpu[1], "linters_built": len(made)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(DEFAULT_BENCH))
    ap.add_argument("--dialect", default="gb")
    ap.add_argument("--words", type=int, default=120_000, help="words per run (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=2, help="runs of each setting (default: %(default)s)")
    ap.add_argument("--every", type=int, default=20_000, help="RECYCLE_WORDS for the recycling runs (default: %(default)s)")
    ap.add_argument("--roles", choices=("all", "main"), default="all", help="recycle every linter, or the main one only (default: %(default)s)")
    ap.add_argument("--child", choices=("keep", "recycle"), help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.child:
        every = args.every if args.child == "recycle" else None
        json.dump(child(args.bench, args.words, every, args.dialect, args.roles), sys.stdout)
        return 0
    order = []
    for r in range(args.runs):
        order += ["keep", "recycle"] if r % 2 == 0 else ["recycle", "keep"]
    rows: dict[str, list[dict]] = {"keep": [], "recycle": []}
    for mode in order:
        cmd = [sys.executable, __file__, "--child", mode, "--bench", args.bench, "--dialect", args.dialect, "--words", str(args.words), "--every", str(args.every), "--roles", args.roles]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        rows[mode].append(json.loads(out))
    result = {"words": args.words, "every": args.every, "roles": args.roles, "runs": args.runs, "order": order}
    for mode, rs in rows.items():
        result[mode] = {
            "cpu_s": statistics.median(r["cpu_first_half_s"] + r["cpu_second_half_s"] for r in rs),
            "cpu_second_half_s": statistics.median(r["cpu_second_half_s"] for r in rs),
            "linters_built": rs[0]["linters_built"],
            "all": rs,
        }
    result["recycle_vs_keep"] = result["recycle"]["cpu_s"] / result["keep"]["cpu_s"]
    result["recycle_vs_keep_second_half"] = result["recycle"]["cpu_second_half_s"] / result["keep"]["cpu_second_half_s"]
    return emit(result, args.json, print_report)


def print_report(r: dict, out=sys.stdout) -> None:
    w = out.write
    w(f"Harper alone over {r['words']:,} words of new prose in 1,000-word articles, whole processes (median of {r['runs']}, order {' '.join(r['order'])})\n")
    for mode in ("keep", "recycle"):
        v = r[mode]
        label = "one Linter throughout" if mode == "keep" else f"fresh {'main ' if r.get('roles') == 'main' else ''}Linter every {r['every']:,} words"
        w(f"  {label:<38} {v['cpu_s']:>7.2f} CPU s (second half {v['cpu_second_half_s']:.2f} s), {v['linters_built']} linters built while checking\n")
    w(f"  recycling / keeping: {r['recycle_vs_keep']:.3f}x overall, {r['recycle_vs_keep_second_half']:.3f}x on the second half\n")


if __name__ == "__main__":
    sys.exit(main())
