#!/usr/bin/env python
"""Speed and memory of copyedit: cold start, warm throughput, growth, dictionary size.

Input text is built from the bench's clean originals (published news prose):
the originals themselves for the cold start, and for everything else new prose
generated from them for every measurement, because a repeated text measures
Harper's sentence cache and copyedit's paragraph memo, not checking (see
`TextSource`).

Sections:
- cold start: `copyedit check` on a ~1,000-word article as a whole process
  (the .venv's console script), median of N runs, and its peak RSS;
- warm throughput (words/s, engine built once): house rules alone
  (`--backend none`), Harper alone (every pack disabled), and both;
- growth with input size (1k, 10k, 100k words; 1M with --full): time per word
  must stay flat if cost is linear;
- growth with dictionary size: a `names` pack of 10 against 10,000 entries on
  a 100,000-word input (house rules only, so that nothing masks the matcher),
  and the same for extra proper nouns when a `proper_nouns` rule is active;
- `--jobs`: `copyedit check` over a directory of 200 articles (new prose,
  ~400 words each) as a whole process with `-j 1` and with `-j 2`, median of
  N runs, and the speed-up (issue 13 asks for at least 1.6x on two cores);
- peak resident memory of this process;
- LanguageTool first against cached second run over 50 articles, when
  COPYEDIT_LT_URL is reachable;
- issue 19, against Harper alone (harper-py linting the article in a bare
  Python process) in the same run, CPU of whole processes: a cold one-article
  check with an empty result cache (target <= 1.0x Harper alone) and with
  the article unchanged since the last run (target <= `--backend none`
  checking it; with both answered from the file cache, side by side too);
- warm repeat: `check` over N unchanged files (default 150) a second time,
  CPU against the first run's (target <= 0.15x).

Usage: python benchmarks/speed.py [--quick] [--full] [--runs N] [--sizes 1000,10000]
       [--dict-words N] [--jobs-files N] [--repeat-files N] [--only-jobs] [--only-cache] [--json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchcommon import DEFAULT_BENCH, ROOT, TrigramProse, emit, require_bench  # noqa: E402  (also puts the project on sys.path)


# A handful of real fixed names that occur in the bench, so that the matcher
# has work to do at both dictionary sizes.
REAL_NAMES = (
    "European Union",
    "Downing Street",
    "Football Association",
    "Six Nations",
    "Labour Party",
    "World Trade Organisation",
    "Bank of England",
    "House of Commons",
    "Premier League",
    "European Commission",
)


# --------------------------------------------------------------------------- input


class TextSource:
    """Prose for the measurements, built from the bench's clean originals.

    `real(words)` is the published text itself (cold start, where nothing is
    cached yet). `text(words)` is new prose every call: a word-trigram chain
    over the originals' sentences. Repeating the originals would measure
    caches, not checking: Harper keeps the lints of every sentence it has seen
    in a linter's lifetime (a repeated sentence costs about a tenth), and
    copyedit memoises whole paragraphs. Harper spends the same time per word
    on this prose as on unseen published text.
    """

    def __init__(self, bench: Path):
        path = require_bench(bench, "speed.py")
        with open(path, encoding="utf-8") as fh:
            self.articles = [json.loads(line)["original"] for line in fh if line.strip()]
        # Body paragraphs; the first line of an article is its headline.
        self.paras = [p.strip() for a in self.articles for p in a.split("\n\n")[1:] if p.strip()]
        self.prose = TrigramProse(self.paras)
        self.seed = 0

    def real(self, words: int) -> str:
        out, count = [], 0
        for para in self.paras:
            out.append(para)
            count += len(para.split())
            if count >= words:
                break
        return "\n\n".join(out) + "\n"

    def text(self, words: int) -> str:
        self.seed += 1
        return self.prose.text(words, random.Random(self.seed))




def word_count(text: str) -> int:
    return len(text.split())


# --------------------------------------------------------------------------- engine


def settings(dialect: str, **kw):
    from copyedit.config import Settings

    return Settings(dialect=dialect, **kw)


def all_pack_ids(s) -> tuple[str, ...]:
    from copyedit.engine import load_packs

    return tuple(p.id for p in load_packs(s))


def configs(dialect: str) -> dict:
    base = settings(dialect)
    return {
        "rules": settings(dialect, backends=("none",)),
        "harper": settings(dialect, backends=("harper",), disable_packs=all_pack_ids(base)),
        "both": settings(dialect, backends=("harper",)),
    }


def engine_for(s, src: "TextSource | None" = None):
    """An engine ready for timing: built, and Harper's one-time costs paid.

    Harper builds its dictionary when the first linter is made, and its spell
    checker builds a further index (most of a second) the first time it needs
    suggestions for some unknown words; both land once per process, so they
    belong to the cold start, not to throughput. A few real articles pay them.
    """
    from copyedit.engine import build_engine

    eng = build_engine(s)
    warm = "\n\n".join(src.articles[:5]) if src is not None else "Warm up the engine, once.\n"
    eng.check_text("warmup.txt", warm, "text")
    return eng


def timed_check(eng, text: str) -> float:
    t0 = time.perf_counter()
    eng.check_text("bench.txt", text, "text")
    return time.perf_counter() - t0


# --------------------------------------------------------------------------- sections


def copyedit_exe() -> list[str]:
    for cand in (Path(sys.executable).with_name("copyedit"), ROOT / ".venv" / "bin" / "copyedit"):
        if cand.exists():
            return [str(cand)]
    return [sys.executable, "-m", "copyedit"]


def run_child(cmd: list[str], env: dict) -> tuple[float, int, float, str]:
    """Wall time, exit status, peak RSS (MB) of one child process."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        msg = err.read().decode("utf-8", "replace").strip()
    return elapsed, proc.returncode, usage.ru_maxrss / 1024, msg


def cold_start(src: TextSource, runs: int, dialect: str, tmp: Path) -> dict:
    article = tmp / "article.txt"
    text = src.real(1000)
    article.write_text(text, encoding="utf-8")
    out = {"words": word_count(text), "runs": runs, "configs": {}}
    for name, extra in (("both", []), ("rules", ["--backend", "none"])):
        cmd = [*copyedit_exe(), "check", "--isolated", "--dialect", dialect, *extra, str(article)]
        times, rss = [], []
        for run in range(runs):
            # An empty result cache every time: cold means nothing known.
            elapsed, code, peak, msg = run_child(cmd, child_env(tmp / f"cold-start-{name}-{run}"))
            if code not in (0, 1):
                raise SystemExit(f"speed.py: {' '.join(cmd)} exited {code}: {msg}")
            times.append(elapsed)
            rss.append(peak)
        out["configs"][name] = {"median_s": statistics.median(times), "min_s": min(times), "peak_rss_mb": max(rss), "command": " ".join(cmd[1:])}
    return out


def child_env(cache: Path) -> dict:
    env = dict(os.environ, NO_COLOR="1", COPYEDIT_CACHE_DIR=str(cache))
    env.pop("COPYEDIT_LT_URL", None)
    return env


def run_child_cpu(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall time and CPU time (user + system, its own children included) of one child process; exit 0 or 1 only."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"speed.py: {' '.join(cmd)} exited {code}: {err.decode('utf-8', 'replace').strip()}")
    return elapsed, usage.ru_utime + usage.ru_stime


#: Harper alone: harper-py in a bare Python process, one Linter, each file's whole text in one call (as harper-cli reads a file).
HARPER_ALONE = """
import sys
from harper import Dialect, Linter
linter = Linter(getattr(Dialect, sys.argv[1]))
for path in sys.argv[2:]:
    linter.lint(open(path, encoding="utf-8").read(), language="plaintext")
"""


def harper_alone_cmd(paths: "Path | list[Path]", dialect: str) -> list[str]:
    from copyedit.backends.harper import DIALECTS

    files = [paths] if isinstance(paths, Path) else sorted(paths)
    return [sys.executable, "-c", HARPER_ALONE, DIALECTS.get(dialect, "AMERICAN"), *map(str, files)]


def cold_against_harper(src: TextSource, runs: int, dialect: str, tmp: Path) -> dict:
    """A cold one-article `copyedit check` against Harper alone, CPU of whole processes (issue 19).

    Runs alternate, so that a machine busy with something else weighs on
    every configuration alike. "cold" starts from an empty result cache;
    "unchanged" is a new process over the article a previous run checked
    (target: no more than `--backend none` on the same cache).
    """
    article = tmp / "cold-article.txt"
    text = src.real(1000)
    article.write_text(text, encoding="utf-8")
    check = [*copyedit_exe(), "check", "--isolated", "--dialect", dialect, str(article)]
    warm_cache = tmp / "cold-warm-cache"
    run_child_cpu(check, child_env(warm_cache))  # fills the cache for "unchanged"
    configs = {
        "harper_alone": lambda i: (harper_alone_cmd(article, dialect), tmp / f"cold-none-{i}"),
        "cold": lambda i: (check, tmp / f"cold-cache-{i}"),
        "rules_cold": lambda i: ([*check, "--backend", "none"], tmp / f"cold-rules-{i}"),
        "unchanged": lambda i: (check, warm_cache),
        "rules_unchanged": lambda i: ([*check, "--backend", "none"], warm_cache),
    }
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in configs}
    for i in range(runs):
        for name, make in configs.items():
            cmd, cache = make(i)
            samples[name].append(run_child_cpu(cmd, child_env(cache)))
    out: dict = {"words": word_count(text), "runs": runs, "configs": {}}
    for name, xs in samples.items():
        out["configs"][name] = {"cpu_s": statistics.median(c for _, c in xs), "wall_s": statistics.median(w for w, _ in xs)}
    cpu = {k: v["cpu_s"] for k, v in out["configs"].items()}
    out["cold_vs_harper"] = cpu["cold"] / cpu["harper_alone"]
    # The yardstick: what `--backend none` costs to check the article
    # (house rules alone). Once the file cache knows it, `--backend none`
    # answers from the cache too: that ratio is shown beside it.
    out["unchanged_vs_rules"] = cpu["unchanged"] / cpu["rules_cold"]
    out["unchanged_vs_rules_unchanged"] = cpu["unchanged"] / cpu["rules_unchanged"]
    out["unchanged_vs_harper"] = cpu["unchanged"] / cpu["harper_alone"]
    return out


def write_articles(src: TextSource, docs: Path, files: int, words: int) -> tuple[Path, int]:
    """A new folder of distinct articles of new prose, and how many words they hold."""
    docs.mkdir()
    total = 0
    for i in range(files):
        text = src.text(words)
        total += word_count(text)
        (docs / f"article-{i:03d}.txt").write_text(f"Headline number {i}\n\n{text}", encoding="utf-8")
    return docs, total


def warm_repeat(src: TextSource, files: int, words: int, dialect: str, tmp: Path) -> dict:
    """`copyedit check` over N files, then again with nothing changed: CPU of the second against the first (issue 19)."""
    docs, total = write_articles(src, tmp / "repeat", files, words)
    env = child_env(tmp / "repeat-cache")
    cmd = [*copyedit_exe(), "check", "--isolated", "--dialect", dialect, str(docs)]
    # Throughput against Harper alone over the same files (issue 19: <= 1.0x).
    harper_wall, harper_cpu = run_child_cpu(harper_alone_cmd(list(docs.iterdir()), dialect), child_env(tmp / "repeat-harper"))
    first_wall, first_cpu = run_child_cpu(cmd, env)
    second_wall, second_cpu = run_child_cpu(cmd, env)
    return {
        "files": files,
        "words": total,
        "harper_alone": {"cpu_s": harper_cpu, "wall_s": harper_wall},
        "first": {"cpu_s": first_cpu, "wall_s": first_wall},
        "second": {"cpu_s": second_cpu, "wall_s": second_wall},
        "first_vs_harper": first_cpu / harper_cpu,
        "ratio": second_cpu / first_cpu,
    }


def jobs_speedup(src: TextSource, files: int, words: int, runs: int, dialect: str, tmp: Path) -> dict:
    """`copyedit check -j 1` against `-j 2` over a directory of distinct articles, whole processes.

    Every file is new prose: repeated paragraphs would be free after the
    first in one process (copyedit's memo) and not in two, which would
    measure the memo rather than the processes. Every run starts from an
    empty result cache, or all but the first would measure the cache.
    """
    docs, total = write_articles(src, tmp / "jobs", files, words)
    out = {"files": files, "words": total, "runs": runs, "cpus": os.cpu_count(), "load_before": os.getloadavg()[0], "jobs": {}}
    for jobs in (1, 2):
        cmd = [*copyedit_exe(), "check", "--isolated", "--dialect", dialect, "-j", str(jobs), str(docs)]
        times, cpu = [], []
        for run in range(runs):
            env = child_env(tmp / f"jobs-cache-{jobs}-{run}")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            elapsed, code, _, msg = run_child(cmd, env)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the run's workers included
            if code not in (0, 1):
                raise SystemExit(f"speed.py: {' '.join(cmd)} exited {code}: {msg}")
            times.append(elapsed)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        out["jobs"][str(jobs)] = {"median_s": statistics.median(times), "min_s": min(times), "cpu_s": statistics.median(cpu)}
    out["speedup"] = out["jobs"]["1"]["median_s"] / out["jobs"]["2"]["median_s"]
    # What two free cores allow: the work of -j 1 against the CPU time -j 2 spends, over two.
    out["speedup_bound"] = 2 * out["jobs"]["1"]["cpu_s"] / out["jobs"]["2"]["cpu_s"]
    return out


def throughput(src: TextSource, engines: dict, words: int, runs: int) -> dict:
    out = {"words": words, "runs": runs, "configs": {}}
    for name, eng in engines.items():
        rates = []
        for _ in range(runs):
            text = src.text(words)
            rates.append(word_count(text) / timed_check(eng, text))
        out["configs"][name] = {"words_per_s": statistics.median(rates)}
    return out


def growth(src: TextSource, engines: dict, sizes: list[int], runs: int) -> dict:
    rows = []
    for size in sizes:
        row = {"words": size}
        for name in ("rules", "both"):
            reps = runs if size <= 10_000 else 1
            secs = []
            n = 0
            for _ in range(reps):
                text = src.text(size)
                n = word_count(text)
                secs.append(timed_check(engines[name], text))
            s = statistics.median(secs)
            row[name] = {"seconds": s, "us_per_word": 1e6 * s / n}
        rows.append(row)
    out = {"rows": rows}
    for name in ("rules", "both"):
        per = [r[name]["us_per_word"] for r in rows]
        out[f"{name}_largest_vs_smallest"] = per[-1] / per[0] if per[0] else None
    return out


def sized_text(src: TextSource, size: int, one_paragraph: bool) -> str:
    """New prose of about `size` characters, cut at a word; one paragraph, or paragraphs as written."""
    text = src.text(size // 5 + 50)
    if one_paragraph:
        text = text.replace("\n\n", " ")
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > 0 else size].rstrip() + "\n"


def warm_lexicon() -> None:
    """Load the dictionary that house rules ask about words (Harper's, even with --backend none): once per process, not per word."""
    from copyedit.lexicon import is_ordinary_word

    is_ordinary_word("warm")


def linear_growth(src: TextSource, engines: dict, sizes: list[int], names: tuple[str, ...] = ("rules",), batch: int = 200_000) -> dict:
    """CPU time per word from 1 KB to 1 MB, as one paragraph and as many: flat when every check is linear.

    Small inputs are checked as many distinct documents until `batch`
    characters have gone through, so that a per-document cost shows as what it
    is per word and one measurement is not a few milliseconds of noise. CPU
    time, not wall time: a shared machine stretches the clock, not the work.
    """
    warm_lexicon()
    rows = []
    for size in sizes:
        row: dict = {"bytes": size}
        for shape in ("one paragraph", "paragraphs"):
            for name in names:
                words = 0
                cpu = 0.0
                for _ in range(max(1, batch // size)):
                    text = sized_text(src, size, shape == "one paragraph")
                    t0 = time.process_time()
                    engines[name].check_text("linear.txt", text, "text")
                    cpu += time.process_time() - t0
                    words += word_count(text)
                row[f"{name}, {shape}"] = {"us_per_word": 1e6 * cpu / words, "words": words, "cpu_s": cpu}
        rows.append(row)
    out: dict = {"rows": rows, "ratios": {}}
    for key in rows[0]:
        if key == "bytes":
            continue
        per = [r[key]["us_per_word"] for r in rows]
        out["ratios"][key] = max(per) / min(per)
    return out


def rules_cpu_rate(src: TextSource, engine, words: int, article: int = 1000) -> dict:
    """House rules alone (`--backend none`), words per CPU-second over new ~1,000-word articles (target: 100,000)."""
    warm_lexicon()
    done, cpu = 0, 0.0
    i = 0
    while done < words:
        text = src.text(article)
        t0 = time.process_time()
        engine.check_text(f"rules-{i}.txt", text, "text")
        cpu += time.process_time() - t0
        done += word_count(text)
        i += 1
    return {"words": done, "cpu_s": cpu, "words_per_cpu_s": done / cpu}


def print_linear(lin: dict, rate: dict, out=sys.stdout) -> None:
    w = out.write
    w("\nCPU time per word from 1 KB to 1 MB (target: flat within 1.5x)\n")
    keys = [k for k in lin["rows"][0] if k != "bytes"]
    w(f"  {'size':>9} " + " ".join(f"{k:>26}" for k in keys) + "\n")
    for row in lin["rows"]:
        w(f"  {row['bytes']:>9,} " + " ".join(f"{row[k]['us_per_word']:>21.1f} us/w" for k in keys) + "\n")
    w("  largest / smallest us per word: " + ", ".join(f"{k} {v:.2f}x" for k, v in lin["ratios"].items()) + "\n")
    w(f"\nHouse rules alone: {rate['words_per_cpu_s']:,.0f} words per CPU-second over {rate['words']:,} words in ~1,000-word articles (target: 100,000)\n")


def synthetic_names(count: int) -> list[str]:
    """Institution-like names that never occur in the text, deterministic."""
    heads = ["Royal", "National", "Northern", "Federal", "Central", "Western", "United", "Grand", "Eastern", "Southern"]
    kinds = ["Bank", "Council", "Trust", "Museum", "Agency", "Authority", "Institute", "Society", "League", "Academy"]
    syll = ["var", "els", "tor", "quin", "mab", "dor", "lix", "pen", "zor", "kal", "bre", "ost", "wyn", "gal", "rud"]
    out: list[str] = []
    i = 0
    while len(out) < count:
        place = (syll[i % 15] + syll[(i // 15) % 15] + syll[(i // 225) % 15]).capitalize()
        h, k = heads[(i // 7) % 10], kinds[i % 10]
        shape = i % 3
        out.append(f"{place} {k}" if shape == 0 else f"{h} {place} {k}" if shape == 1 else f"{h} {k} of {place}")
        i += 1
    return out


def names_pack(path: Path, entries: list[str]) -> None:
    import yaml

    data = {
        "pack": "bench-names",
        "description": "Generated by benchmarks/speed.py",
        "rules": [{"id": "bench-names", "kind": "names", "message": "Write the name as the institution does.", "names": entries}],
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def dictionary_growth(src: TextSource, dialect: str, words: int, runs: int, tmp: Path) -> dict:
    """Matching cost against dictionary size: must stay flat."""
    from copyedit.checkers.registry import kind_names

    out: dict = {"words": words, "runs": runs, "kinds": {}, "notes": []}
    text = src.text(words)
    n = word_count(text)
    out["words"] = n
    sizes = (len(REAL_NAMES), 10_000)
    base = settings(dialect, backends=("none",))
    # Fixed multi-word names, from a generated rule pack.
    try:
        importlib.import_module("copyedit.checkers.names")
        have_names = "names" in kind_names()
    except ImportError as e:
        have_names = False
        out["notes"].append(f"names kind not importable ({e}); dictionary growth for names not measured")
    if have_names:
        rows = {}
        for size in sizes:
            pack = tmp / f"names-{size}.yaml"
            names_pack(pack, list(REAL_NAMES) + synthetic_names(size - len(REAL_NAMES)))
            t0 = time.perf_counter()
            eng = engine_for(base.replace(rule_files=(str(pack),)))
            build = time.perf_counter() - t0
            secs = [timed_check(eng, text) for _ in range(runs)]
            rows[size] = {"build_s": build, "check_s": statistics.median(secs)}
        rows_out = {str(k): v for k, v in rows.items()}
        out["kinds"]["names"] = {"sizes": rows_out, "ratio": rows[sizes[1]]["check_s"] / rows[sizes[0]]["check_s"], "via": "generated names pack"}
    # Single-word proper nouns: Settings.proper_nouns, read by an active proper_nouns rule.
    try:
        mod = importlib.import_module("copyedit.checkers.proper_nouns")
    except ImportError:
        mod = None
    eng = engine_for(base)
    active = mod is not None and any(type(c).__module__ == mod.__name__ for c in eng.checkers)
    if not active:
        why = "kind not importable yet" if mod is None else "no proper_nouns rule active in the shipped packs"
        out["notes"].append(f"proper nouns: not measured ({why}); names pack measured instead")
    else:
        words_list = [w.split()[-1] for w in synthetic_names(10_000)]
        words_list = list(dict.fromkeys(words_list))
        while len(words_list) < 10_000:
            words_list.append(f"Zq{len(words_list)}x")
        rows = {}
        for size in sizes:
            eng = engine_for(base.replace(proper_nouns=tuple(words_list[:size])))
            secs = [timed_check(eng, text) for _ in range(runs)]
            rows[size] = {"check_s": statistics.median(secs)}
        out["kinds"]["proper_nouns"] = {"sizes": {str(k): v for k, v in rows.items()}, "ratio": rows[sizes[1]]["check_s"] / rows[sizes[0]]["check_s"], "via": "Settings.proper_nouns"}
    return out


def languagetool(src: TextSource, dialect: str, tmp: Path) -> dict:
    url = os.environ.get("COPYEDIT_LT_URL")
    if not url:
        return {"skipped": "COPYEDIT_LT_URL is not set"}
    try:
        from copyedit.backends.languagetool import LanguageToolChecker
    except ImportError as e:
        return {"skipped": f"no LanguageTool backend ({e})"}
    s = settings(dialect, backends=("languagetool",), lt_url=url, cache=True)
    if LanguageToolChecker.if_reachable(s) is None:
        return {"skipped": f"{url} is not reachable"}
    os.environ["COPYEDIT_CACHE_DIR"] = str(tmp / "lt-cache")
    from copyedit.engine import build_engine

    eng = build_engine(s)
    arts = src.articles[:50]
    words = sum(word_count(a) for a in arts)
    out = {"articles": len(arts), "words": words}
    for label in ("first", "cached"):
        t0 = time.perf_counter()
        for i, a in enumerate(arts):
            eng.check_text(f"a{i}.txt", a, "text")
        out[f"{label}_s"] = time.perf_counter() - t0
    return out


# --------------------------------------------------------------------------- output


def print_report(r: dict, out=sys.stdout) -> None:
    w = out.write
    w(f"Speed and memory (Python {r['python']}, {r['cpus']} CPUs, dialect {r['dialect']}, input from {r['bench']})\n")
    c = r["cold_start"]
    w(f"\nCold start: copyedit check on a {c['words']}-word article, whole process (median of {c['runs']})\n")
    w(f"  {'config':<10} {'median s':>9} {'min s':>7} {'peak RSS MB':>12}\n")
    for name, v in c["configs"].items():
        w(f"  {name:<10} {v['median_s']:>9.3f} {v['min_s']:>7.3f} {v['peak_rss_mb']:>12.0f}\n")
    t = r["throughput"]
    w(f"\nWarm throughput on {t['words']} words (median of {t['runs']})\n")
    w(f"  {'config':<10} {'words/s':>12}\n")
    labels = {"rules": "rules (--backend none)", "harper": "harper (all packs off)", "both": "both (default)"}
    for name, v in t["configs"].items():
        w(f"  {labels.get(name, name):<24} {v['words_per_s']:>12,.0f}\n")
    g = r["growth"]
    w("\nGrowth with input size (time per word stays flat when cost is linear)\n")
    w(f"  {'words':>9} {'rules s':>9} {'rules us/word':>14} {'both s':>9} {'both us/word':>13}\n")
    for row in g["rows"]:
        w(f"  {row['words']:>9,} {row['rules']['seconds']:>9.3f} {row['rules']['us_per_word']:>14.2f} {row['both']['seconds']:>9.2f} {row['both']['us_per_word']:>13.1f}\n")
    w(f"  us/word, largest input / smallest: rules {g['rules_largest_vs_smallest']:.2f}x, both {g['both_largest_vs_smallest']:.2f}x\n")
    print_linear(r["linear"], r["rules_cpu"], out)
    d = r["dictionary"]
    w(f"\nGrowth with dictionary size on {d['words']:,} words (house rules only, median of {d['runs']})\n")
    for kind, v in d["kinds"].items():
        cells = ", ".join(f"{int(size):,} entries {x['check_s']:.3f} s" for size, x in v["sizes"].items())
        w(f"  {kind:<13} {cells}; 10,000 / 10 = {v['ratio']:.2f}x ({v['via']})\n")
    for note in d["notes"]:
        w(f"  note: {note}\n")
    print_jobs(r["jobs"], out)
    print_cache(r, out)
    w(f"\nPeak RSS of this process (after the largest input): {r['peak_rss_mb']:.0f} MB\n")
    lt = r["languagetool"]
    if "skipped" in lt:
        w(f"\nLanguageTool: not measured ({lt['skipped']})\n")
    else:
        w(f"\nLanguageTool on {lt['articles']} articles ({lt['words']:,} words): first run {lt['first_s']:.2f} s, cached second run {lt['cached_s']:.2f} s\n")


def print_jobs(j: dict, out=sys.stdout) -> None:
    w = out.write
    w(f"\n--jobs: copyedit check over {j['files']} files ({j['words']:,} words), whole process, {j['cpus']} CPUs (median of {j['runs']})\n")
    for n, v in j["jobs"].items():
        w(f"  -j {n}  {v['median_s']:>7.2f} s (min {v['min_s']:.2f}), {v['cpu_s']:.2f} CPU s\n")
    w(f"  speed-up with -j 2: {j['speedup']:.2f}x (load average before: {j['load_before']:.2f})\n")
    w(f"  on two free cores at most: {j['speedup_bound']:.2f}x (2 x CPU of -j 1 / CPU of -j 2)\n")


def print_cache(r: dict, out=sys.stdout) -> None:
    """The issue 19 rows: a cold check and an unchanged one against Harper alone, and a warm repeat."""
    w = out.write
    c = r.get("cold_against_harper")
    if c:
        w(f"\nCold one-article check ({c['words']} words), whole processes, against Harper alone (median of {c['runs']}, CPU s)\n")
        labels = {
            "harper_alone": "Harper alone (harper-py, bare process)",
            "cold": "copyedit check, empty cache",
            "rules_cold": "  --backend none, empty cache",
            "unchanged": "copyedit check, article unchanged",
            "rules_unchanged": "  --backend none, article unchanged",
        }
        for name, v in c["configs"].items():
            w(f"  {labels.get(name, name):<40} {v['cpu_s']:>7.2f} CPU s {v['wall_s']:>7.2f} s wall\n")
        w(f"  cold check / Harper alone: {c['cold_vs_harper']:.2f}x (target <= 1.0x)\n")
        w(
            f"  unchanged check / --backend none checking it: {c['unchanged_vs_rules']:.2f}x (target <= 1.0x); "
            f"/ --backend none, also unchanged: {c['unchanged_vs_rules_unchanged']:.2f}x; / Harper alone: {c['unchanged_vs_harper']:.2f}x\n"
        )
    rep = r.get("warm_repeat")
    if rep:
        w(f"\nWarm repeat: copyedit check over {rep['files']} unchanged files ({rep['words']:,} words), whole process\n")
        w(f"  Harper alone {rep['harper_alone']['cpu_s']:>5.2f} CPU s {rep['harper_alone']['wall_s']:>7.2f} s wall (harper-py, one process, the same files)\n")
        w(f"  first run  {rep['first']['cpu_s']:>7.2f} CPU s {rep['first']['wall_s']:>7.2f} s wall, empty cache: {rep['first_vs_harper']:.2f}x Harper alone (target <= 1.0x)\n")
        w(f"  second run {rep['second']['cpu_s']:>7.2f} CPU s {rep['second']['wall_s']:>7.2f} s wall\n")
        w(f"  second / first (CPU): {rep['ratio']:.2f}x (target <= 0.15x)\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="bench directory (source of the input prose; default: %(default)s)")
    ap.add_argument("--dialect", default="gb", help="English variety (default: %(default)s)")
    ap.add_argument("--quick", action="store_true", help="fewer runs and smaller inputs (1k and 10k words, dictionary on 10k words)")
    ap.add_argument("--full", action="store_true", help="add the 1,000,000-word input to the growth table (minutes with Harper)")
    ap.add_argument("--runs", type=int, help="repetitions per measurement (default: 5 cold, 3 warm; --quick: 1)")
    ap.add_argument("--sizes", help="input sizes in words for the growth table, comma-separated (overrides --quick/--full)")
    ap.add_argument("--throughput-words", type=int, help="input size for warm throughput (default 10000; --quick 2000)")
    ap.add_argument("--dict-words", type=int, help="input size for the dictionary test (default 100000; --quick 10000)")
    ap.add_argument("--jobs-files", type=int, help="files for the -j 1 against -j 2 measure (default 200; --quick 20)")
    ap.add_argument("--jobs-words", type=int, default=400, help="words per file for the --jobs measure (default: %(default)s)")
    ap.add_argument("--repeat-files", type=int, help="files for the warm repeat (default 150; --quick 10)")
    ap.add_argument("--only-cache", action="store_true", help="run only the cold-against-Harper and warm-repeat measures")
    ap.add_argument("--only-jobs", action="store_true", help="run only the --jobs measure")
    ap.add_argument("--only-linear", action="store_true", help="run only the time-per-word (1 KB to 1 MB) and house-rules CPU measures")
    ap.add_argument("--linear-sizes", help="sizes in bytes for the time-per-word measure, comma-separated (default 1000,10000,100000,1000000)")
    ap.add_argument("--linear-batch", type=int, help="characters checked per small size in the time-per-word measure (default 200000; --quick 20000)")
    ap.add_argument("--rules-words", type=int, help="words for the house-rules CPU rate (default 100000; --quick 5000)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = ap.parse_args(argv)

    runs = args.runs or (1 if args.quick else 3)
    cold_runs = args.runs or (1 if args.quick else 5)
    if args.sizes:
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    else:
        sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
        if args.full:
            sizes.append(1_000_000)
    tp_words = args.throughput_words or (2_000 if args.quick else 10_000)
    dict_words = args.dict_words or (10_000 if args.quick else 100_000)
    jobs_files = args.jobs_files or (20 if args.quick else 200)
    repeat_files = args.repeat_files or (10 if args.quick else 150)

    src = TextSource(args.bench)
    from copyedit.config import ConfigError, normalise_dialect

    try:
        dialect = normalise_dialect(args.dialect, "--dialect")
    except ConfigError as e:
        print(f"speed.py: {e}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="copyedit-speed-") as d:
        tmp = Path(d)
        os.environ["COPYEDIT_CACHE_DIR"] = str(tmp / "cache")
        linear_sizes = [int(x) for x in (args.linear_sizes or ("1000,10000" if args.quick else "1000,10000,100000,1000000")).split(",") if x.strip()]
        linear_batch = args.linear_batch or (20_000 if args.quick else 200_000)
        rules_words = args.rules_words or (5_000 if args.quick else 100_000)
        if args.only_linear:
            rules = engine_for(settings(dialect, backends=("none",)), src)
            both = ("rules", "both") if args.full else ("rules",)
            engines = {"rules": rules, **({"both": engine_for(settings(dialect), src)} if args.full else {})}
            result = {"linear": linear_growth(src, engines, linear_sizes, both, linear_batch), "rules_cpu": rules_cpu_rate(src, rules, rules_words)}
            return emit(result, args.json, lambda r: print_linear(r["linear"], r["rules_cpu"]))
        if args.only_jobs:
            result = {"jobs": jobs_speedup(src, jobs_files, args.jobs_words, cold_runs, dialect, tmp)}
            return emit(result, args.json, lambda r: print_jobs(r["jobs"]))
        if args.only_cache:
            result = {
                "cold_against_harper": cold_against_harper(src, cold_runs, dialect, tmp),
                "warm_repeat": warm_repeat(src, repeat_files, args.jobs_words, dialect, tmp),
            }
            return emit(result, args.json, print_cache)
        result = {
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
            "dialect": dialect,
            "bench": str(args.bench),
            "cold_start": cold_start(src, cold_runs, dialect, tmp),
        }
        engines = {name: engine_for(s, src) for name, s in configs(dialect).items()}
        result["throughput"] = throughput(src, engines, tp_words, runs)
        result["growth"] = growth(src, engines, sizes, runs)
        result["linear"] = linear_growth(src, engines, linear_sizes, ("rules", "both") if args.full else ("rules",), linear_batch)
        result["rules_cpu"] = rules_cpu_rate(src, engines["rules"], rules_words)
        result["dictionary"] = dictionary_growth(src, dialect, dict_words, runs, tmp)
        result["jobs"] = jobs_speedup(src, jobs_files, args.jobs_words, cold_runs, dialect, tmp)
        result["cold_against_harper"] = cold_against_harper(src, cold_runs, dialect, tmp)
        result["warm_repeat"] = warm_repeat(src, repeat_files, args.jobs_words, dialect, tmp)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["languagetool"] = languagetool(src, dialect, tmp)
    return emit(result, args.json, print_report)


if __name__ == "__main__":
    sys.exit(main())
