"""Check that the shipped regex patterns changed since a git revision match exactly as before.

A pattern rewritten to run faster ("test for the doubled word first, the word
list after") must find the same spans, groups and captures. The rule's
examples and the equivalence dump cover the texts they hold; this compares
old and new over much more: the examples of every pack, the bench's
articles when there is a bench, and generated text made of the words and
marks the packs themselves name, doubled and recapitalised at random.

    .venv/bin/python scripts/same_matches.py             # against main
    .venv/bin/python scripts/same_matches.py --base HEAD~3 --texts 50000

One line per changed pattern (its CPU before and after over the generated
text); exit status 1 when any finds something different.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import regex
import yaml

ROOT = Path(__file__).resolve().parent.parent
FLAGS = {"ignorecase": regex.IGNORECASE, "multiline": regex.MULTILINE, "dotall": regex.DOTALL, "verbose": regex.VERBOSE}
MARKS = [".", "?", "!", ",", ";", ":", " .", " ,", "...", ". . .", '"', "“", "”", "‘", "’", "'", "(", ")", "[", "]",
         "-", "--", "@", "/", "{", "1.", "i.", "e.g.", "U.S.", "B.", "=", "%", "_", "café", "ſ", "ß", "ﬁ", "42"]
SEPARATORS = [" ", " ", " ", "  ", "   ", "\t", "\n", "\n\n", " \n ", "\u00a0", "", "", " \t\n", "\r\n"]


def patterns(data: dict) -> dict:
    """(rule, "pattern" or "antipattern N") -> (pattern, flags), for a pack's regex rules."""
    out = {}
    for r in data.get("rules", []):
        if r.get("kind") != "regex":
            continue
        flags = r.get("flags") or []
        value = 0
        for f in [flags] if isinstance(flags, str) else flags:
            value |= FLAGS[f]
        out[r["id"], "pattern"] = (r["pattern"], value)
        for i, a in enumerate(r.get("antipatterns") or []):
            out[r["id"], f"antipattern {i + 1}"] = (a, 0)
    return out


def examples(packs: list[dict]) -> list[str]:
    out = []
    for d in packs:
        for r in d.get("rules", []):
            for group in (r.get("examples") or {}).values():
                out.extend(e if isinstance(e, str) else e.get("text", "") for e in group or [])
    return out


def generated(words: list[str], n: int, seed: int) -> list[str]:
    """Short texts of the packs' words and marks, with doubles, capitals and every kind of space."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 30)):
            w = rng.choice(words) if rng.random() < 0.75 else rng.choice(MARKS)
            w = w.capitalize() if rng.random() < 0.2 else w.upper() if rng.random() < 0.05 else w
            parts += [w, rng.choice(SEPARATORS)]
            if rng.random() < 0.3:  # typed twice, sometimes recapitalised or before its own compound
                again = w if rng.random() < 0.8 else w.capitalize()
                parts += [again + ("-" + rng.choice(words) if rng.random() < 0.2 else ""), rng.choice(SEPARATORS)]
        out.append("".join(parts))
    return out


def matches(pattern, texts: list[str], full: bool) -> list:
    if not full:  # an antipattern: only its spans are read
        return [m.span() for t in texts for m in pattern.finditer(t)]
    return [(m.span(), m.groups(), sorted(m.groupdict().items()), [m.captures(i) for i in range(pattern.groups + 1)])
            for t in texts for m in pattern.finditer(t)]


def same(old, new, corpora: list[list[str]], full: bool) -> bool:
    return all(matches(old, texts, full) == matches(new, texts, full) for texts in corpora)


def cpu(pattern, texts: list[str]) -> float:
    t0 = time.process_time()
    for t in texts:
        for _ in pattern.finditer(t):
            pass
    return time.process_time() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="main", help="git revision to compare with (default: %(default)s)")
    ap.add_argument("--texts", type=int, default=30_000, help="generated texts (default: %(default)s)")
    ap.add_argument("--bench", type=Path, default=Path(os.environ.get("COPYEDIT_BENCH", ROOT.parent / "shared" / "bench" / "dev")))
    args = ap.parse_args(argv)
    files = sorted((ROOT / "rules").glob("*.yaml"))
    now = {f.name: yaml.safe_load(f.read_text(encoding="utf-8")) for f in files}
    before = {}
    for name in now:
        shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{args.base}:rules/{name}"], capture_output=True, text=True)
        before[name] = yaml.safe_load(shown.stdout) if shown.returncode == 0 else {}
    words = sorted({w for d in now.values() for w in regex.findall(r"[A-Za-z]+", json.dumps(d, ensure_ascii=False))})
    made = generated(words, args.texts, seed=7)
    corpora = [examples(list(now.values())), made]
    bench = args.bench / "articles.jsonl"
    if bench.is_file():
        with open(bench, encoding="utf-8") as fh:
            corpora.append([json.loads(line)["original"] for line in fh if line.strip()])
    changed = different = 0
    for name in now:
        old, new = patterns(before[name]), patterns(now[name])
        for key, value in new.items():
            if key not in old or old[key] == value:
                continue
            changed += 1
            a, b = regex.compile(*old[key]), regex.compile(*value)
            ok = same(a, b, corpora, full=key[1] == "pattern")
            different += not ok
            print(f"{'same     ' if ok else 'DIFFERENT'} {key[0]} ({key[1]}): CPU {cpu(a, made):.3f} s -> {cpu(b, made):.3f} s")
    print(f"{changed} changed pattern(s) since {args.base}, {different} finding something different")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
