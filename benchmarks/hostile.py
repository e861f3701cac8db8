"""Hostile inputs: does every scan stay linear? (issue 18)

Each case is a file shaped to make a careless scan quadratic or worse; each is
checked (house rules only, engine built once) at a size and at four times that
size. Linear work takes about four times as long; the scans these cases were
found in took 16 times (quadratic) or 64 times (cubic) as long.

    .venv/bin/python benchmarks/hostile.py            # about a minute
    .venv/bin/python benchmarks/hostile.py --quick    # seconds
    .venv/bin/python benchmarks/hostile.py --json

Needs no bench: the inputs are generated.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def _unterminated_comment(n: int) -> tuple[str, str]:
    return "a.md", "Text.\n\n" + "<!-- copyedit-disable comma-space\n" * n


def _directive_line_of_spaces(n: int) -> tuple[str, str]:
    return "a.txt", "Head\n\n" + "copyedit-disable" + " " * (n * 10) + "x\n" + " " * (n * 10) + "y\n"


def _spelling_before_spaces(n: int) -> tuple[str, str]:
    return "a.txt", "Per cent is fine.\n\n" + "per" + " " * (n * 10) + "x.\n"


def _thousands_of_directives(n: int) -> tuple[str, str]:
    n //= 4
    return "a.md", "".join(f"<!-- copyedit-disable rule{i} -->\n\n<!-- copyedit-enable rule{i + 1} x -->\n\nIt rose,then fell.\n\n" for i in range(n))


def _capitalised_passage(n: int) -> tuple[str, str]:
    return "a.txt", "Head\n\nThe story " + "Word AB " * (n // 4) + "ends.\n"


def _word_of_dots(n: int) -> tuple[str, str]:
    return "a.txt", "Head\n\nIt said " + "a." * n + " and stopped.\n"


def _word_of_numbers(n: int) -> tuple[str, str]:
    return "a.txt", "Head\n\nIt said " + "1,000," * n + " and stopped.\n"


def _word_of_addresses(n: int) -> tuple[str, str]:
    return "a.txt", "Head\n\nWrite to " + "ed@bbc.co.uk," * (n // 2) + " or not.\n"


CASES = {
    "unterminated comment of directives": (_unterminated_comment, 4000),
    "directive line of spaces": (_directive_line_of_spaces, 4000),
    "spelling set word before spaces": (_spelling_before_spaces, 4000),
    "thousands of directives and findings": (_thousands_of_directives, 4000),
    "passage in capitalised words": (_capitalised_passage, 4000),
    "one long word of 'a.'": (_word_of_dots, 4000),
    "one long word of '1,000,'": (_word_of_numbers, 4000),
    "one long word of addresses": (_word_of_addresses, 4000),
}


def _best(engine, path: str, text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.process_time()
        engine.check_text(path, text)
        times.append(time.process_time() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small inputs, one run each")
    ap.add_argument("--json", action="store_true", help="one JSON object")
    a = ap.parse_args(argv)
    from copyedit.config import Settings
    from copyedit.engine import build_engine

    engine = build_engine(Settings(backends=("none",)))
    # One-time costs (the dictionary the house rules ask, first compiles) belong to no case:
    # paid by the first small input, they made its growth look like 0.1x.
    # Both formats: the first Markdown document pays for the Markdown parser's
    # set-up, which made the comment case's 4x input look ten times cheaper.
    engine.check_text("warm.txt", "Warm up the engine once, before anything is timed.\n", "text")
    engine.check_text("warm.md", "Warm *up* the <!-- a comment --> engine.\n", "markdown")
    runs = 1 if a.quick else 3
    rows = []
    for name, (make, n) in CASES.items():
        n = n // 20 if a.quick else n
        path, small = make(n)
        _, large = make(4 * n)
        t1, t4 = _best(engine, path, small, runs), _best(engine, path, large, runs)
        rows.append({"case": name, "chars": len(small), "seconds": round(t1, 4), "seconds_4x": round(t4, 4), "growth": t4 / max(t1, 1e-6)})  # unrounded: a quick run's small ratio must not print as 0
    if a.json:
        json.dump({"cases": rows}, sys.stdout)
        print()
        return 0
    print(f"{'case':<38} {'chars':>9} {'CPU s':>8} {'4x CPU s':>9} {'growth':>7}")
    for r in rows:
        print(f"{r['case']:<38} {r['chars']:>9,} {r['seconds']:>8.3f} {r['seconds_4x']:>9.3f} {r['growth']:>6.1f}x")
    print("linear: about 4x; quadratic: 16x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
