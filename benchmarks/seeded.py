"""Recall in any domain: seed copy errors of the dev bench's kinds into clean text, and see what `fix` mends.

The dev bench seeds its errors into BBC news; other domains put prose beside
code, links, math and markup, where a rule can miss what it finds in news
(a comma before inline code, a stop after a hyphenated word). This script
takes clean text of any domain (one folder per domain, as `accuracy.py
--clean` reads it), seeds one error at a time into a copy of a file, at
random places in its prose, and counts a hit when `fix` turns the copy back
into what `fix` makes of the clean file. One error per copy, so errors never
meet.

    .venv/bin/python benchmarks/seeded.py                          # the clean bench
    .venv/bin/python benchmarks/seeded.py --clean DIR --per-file 2 --misses 5
    .venv/bin/python benchmarks/seeded.py --json

The seeded kinds are simple patterns, not the dev bench's generator: read the
numbers as "does this domain hide errors from us", not as recall to quote.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from benchcommon import DEFAULT_CLEAN, emit  # noqa: E402  (also puts the project on sys.path)

#: Each kind: where its error can go in the prose view, as (start, end, what replaces that span).
_KINDS: dict[str, list[tuple[str, object]]] = {
    "comma_space": [(r"(?<=[a-z`]), (?=[a-z`])", ",")],
    "sentence_space": [(r"(?<=[a-z]{3})\. (?=[A-Z][a-z])", ".")],
    "double_space": [(r"(?<=[a-z]{2}) (?=[a-z]{2})", "  ")],
    "space_before_punct": [(r"(?<=[a-z]{3}),(?= [a-z])", " ,")],
    "doubled_word": [(r"(?<= )(?:the|to|of|in|and|a)(?= [a-z])", lambda m: f"{m.group()} {m.group()}")],
    "sentence_case": [(r"(?<=[a-z]{3}\. )(?:The|This|It|He|She|In|But|They)(?= [a-z])", lambda m: m.group().lower())],
    "article": [(r"(?<= )a(?= [bcdfgmpst][a-z]{3,} )", "an"), (r"(?<= )an(?= [aeio][a-z]{3,} )", "a")],
    "agreement": [(r"(?<=\b[Tt]hey )are\b", "is"), (r"(?<=\b[Tt]hey )were\b", "was"), (r"(?<=\b[Ss]he )has\b", "have")],
}


def _places(view: str, kind: str):
    for pattern, rep in _KINDS[kind]:
        for m in re.finditer(pattern, view):
            yield m.start(), m.end(), rep(m) if callable(rep) else rep


def measure(clean: Path, backend: str, per_file: int, seed: int) -> dict:
    from copyedit.config import Settings
    from copyedit.engine import build_engine
    from copyedit.fixer import fix_text
    from copyedit.formats import build_document

    rng = random.Random(seed)
    engine = build_engine(Settings(backends=tuple(backend.split("+"))))
    counts: dict[str, Counter] = defaultdict(Counter)
    misses: list[dict] = []
    for domain in sorted(p for p in clean.iterdir() if p.is_dir()):
        for path in sorted(f for f in domain.rglob("*") if f.is_file() and f.suffix in (".md", ".txt")):
            fmt = "markdown" if path.suffix == ".md" else "text"
            base = fix_text(engine, str(path), path.read_text(encoding="utf-8", errors="replace"), fmt).text
            doc = build_document(str(path), base, fmt)
            for kind in _KINDS:
                places = list(_places(doc.view, kind))
                rng.shuffle(places)
                seeded = 0
                for vstart, vend, rep in places:
                    if seeded == per_file:
                        break
                    span = doc.map_span(vstart, vend)
                    if span is None or not span[2]:
                        continue  # not plain prose of the file
                    seeded += 1
                    start, end, _ = span
                    bad = base[:start] + rep + base[end:]
                    hit = fix_text(engine, str(path), bad, fmt).text == base
                    counts[domain.name][kind + (":hit" if hit else ":miss")] += 1
                    if not hit:
                        misses.append({"domain": domain.name, "file": path.name, "kind": kind, "seeded": bad[max(0, start - 50) : start + len(rep) + 50]})
    table = {d: {k: [c[k + ":hit"], c[k + ":hit"] + c[k + ":miss"]] for k in _KINDS} for d, c in counts.items()}
    return {"backend": backend, "per_file": per_file, "seed": seed, "domains": table, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clean", type=Path, default=DEFAULT_CLEAN, help="clean text, one folder per domain (default: %(default)s)")
    ap.add_argument("--backend", default="harper", help="none, harper (default)")
    ap.add_argument("--per-file", type=int, default=1, help="errors of each kind seeded per file, one per copy")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--misses", type=int, default=0, help="list this many missed errors")
    ap.add_argument("--json", action="store_true", help="one JSON object")
    a = ap.parse_args(argv)
    if not a.clean.is_dir():
        print(f"seeded.py: no clean text at {a.clean} (pass --clean DIR, one folder per domain)", file=sys.stderr)
        return 2
    result = measure(a.clean, a.backend, a.per_file, a.seed)

    def report(r: dict) -> None:
        print(f"Errors mended by `fix` ({r['backend']}), found/seeded, per domain and kind")
        print(f"{'domain':<14}" + "".join(f"{k[:12]:>14}" for k in _KINDS))
        for d, row in r["domains"].items():
            print(f"{d:<14}" + "".join(f"{f'{h}/{n}':>14}" for h, n in row.values()))
        for m in r["misses"][: a.misses]:
            print(f"  miss  {m['domain']}/{m['file']:<40} {m['kind']:<20} | {m['seeded']!r}")

    return emit(result, a.json, report)


if __name__ == "__main__":
    sys.exit(main())
