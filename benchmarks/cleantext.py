"""False alarms on clean published text, per domain: what `check` prints, what `fix` changes.

Text that professional editors already published is presumed right, so every
finding `check` prints there costs an editor attention for nothing, every
file on which it exits 1 is a commit the pre-commit hook blocks, and every
safe fix is damage unless it mends a real slip. Quote and dash consistency
fixes are counted apart: a document that mixes styles is not wrong, but
making it consistent is what those rules are for.

The clean directory holds one subdirectory per domain (docs, news, ...), or
files directly (one domain). Each file is checked as `copyedit check` would
check it: its format from its extension, the configured levels.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

TYPOGRAPHY_RULES = frozenset({"quote-style", "dash-style", "apostrophe-style"})
SUFFIXES = (".md", ".markdown", ".txt")


def domains(root: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix.lower() in SUFFIXES and p.name.lower() != "readme.md":
            rel = p.relative_to(root)
            out.setdefault(rel.parts[0] if len(rel.parts) > 1 else ".", []).append(p)
    return out


def measure(engine, root: Path, show: int = 0) -> dict:
    """Per-domain figures for one engine (its settings decide levels and dialect)."""
    from copyedit import files as io
    from copyedit.engine import fails, shown
    from copyedit.fixer import fix_text

    settings = engine.settings
    result: dict = {"domains": {}, "items": []}
    t0 = time.perf_counter()
    for domain, paths in domains(root).items():
        words = printed = failing = safe = typographic = 0
        rules: Counter = Counter()
        for p in paths:
            src = io.read(str(p))
            words += len(src.text.split())
            _, found = engine.check_text(str(p), src.text)
            visible = shown(found, settings)
            printed += len(visible)
            failing += fails(visible, settings)
            rules.update(s.rule for s in visible)
            fixed = fix_text(engine, str(p), src.text)
            for s in fixed.applied:
                if s.rule in TYPOGRAPHY_RULES:
                    typographic += 1
                    continue
                safe += 1
                if len(result["items"]) < show:
                    ctx = src.text[max(0, s.start - 40) : s.end + 40].replace("\n", " ")
                    result["items"].append({"file": f"{domain}/{p.name}", "rule": s.rule, "text": s.text, "fix": s.replacements[0], "context": ctx})
        per_k = 1000 / words if words else 0.0
        result["domains"][domain] = {
            "files": len(paths),
            "words": words,
            "printed_per_1000": round(printed * per_k, 2),
            "exit_1_share": round(failing / len(paths), 3) if paths else 0.0,
            "safe_fixes_per_1000": round(safe * per_k, 2),
            "quote_dash_fixes_per_1000": round(typographic * per_k, 2),
            "top_rules": rules.most_common(5),
        }
    result["seconds"] = round(time.perf_counter() - t0, 1)
    return result


def print_tables(results: dict, write) -> None:
    """One table per system: the clean-text figures by domain."""
    for name, r in results.items():
        write(f"\nClean published text ({name}): per 1,000 words, and the share of files `check` fails\n")
        hdr = f"{'domain':<14} {'files':>5} {'words':>7} {'printed':>8} {'exit 1':>7} {'safe fixes':>10} {'quote/dash':>10}\n"
        write(hdr)
        write("-" * (len(hdr) - 1) + "\n")
        tot = Counter()
        for d, m in r["domains"].items():
            write(f"{d:<14} {m['files']:>5} {m['words']:>7} {m['printed_per_1000']:>8.2f} {m['exit_1_share']:>7.0%} {m['safe_fixes_per_1000']:>10.2f} {m['quote_dash_fixes_per_1000']:>10.2f}\n")
            for k in ("files", "words"):
                tot[k] += m[k]
        for item in r["items"]:
            write(f"  safe fix  {item['file']:<48} {item['rule']:<26} {item['text']!r} -> {item['fix']!r}   | {item['context']}\n")
