#!/usr/bin/env python
"""How fast `copyedit lsp` answers an edit: one changed word to fresh diagnostics.

A real server (`python -m copyedit lsp`) is started and driven over stdio by
pygls's client, as an editor would: a Markdown document of about 2,000 and
one of about 20,000 words is opened (new prose from the bench's originals,
see speed.py's `TextSource`, with a heading every few paragraphs), its first
diagnostics awaited, then one word at a time is changed somewhere in it (an
incremental change of that word's range) and the time taken until the
diagnostics for that version arrive is measured, after a short pause as a
writer makes between words (so the server's debounce, `debounceMs`, does not
hold the edit back: it only waits out bursts), the protocol both ways
included. The server's CPU time per edit is read from /proc too: it does not
grow with the machine's load as the wall time does. Then
the server's resident memory (VmRSS, and its peak VmHWM) is read from /proc.

`--profile` also runs the same edits in this process with cProfile around
the check alone, and prints where the time goes.

Usage: python benchmarks/lsp_speed.py [--sizes 2000,20000] [--edits 15] [--debounce-ms N] [--profile] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchcommon import DEFAULT_BENCH, emit  # noqa: E402  (also puts the project on sys.path)

TARGET_MS = 100  # for 2,000 words, after the first check


def markdown_doc(src, words: int) -> str:
    """New prose as Markdown: a title, and a section heading every five paragraphs."""
    paras = src.text(words).strip().split("\n\n")
    out = ["# A long article for the editor"]
    for i, p in enumerate(paras):
        if i % 5 == 0:
            out.append(f"## Part {i // 5 + 1}")
        out.append(p)
    return "\n\n".join(out) + "\n"


_WORD = re.compile(r"\b[a-z]{4,}\b")


def one_word_changes(text: str, count: int, seed: int) -> list[tuple[int, int, int, str]]:
    """(line, start column, end column, new word): lower-case words in prose lines, swapped for another."""
    rng = random.Random(seed)
    lines = text.split("\n")
    prose = [i for i, ln in enumerate(lines) if ln and not ln.startswith("#")]
    out = []
    swaps = ["report", "council", "remarks", "weekend", "teh", "plans"]
    while len(out) < count:
        i = rng.choice(prose)
        words = list(_WORD.finditer(lines[i]))
        if not words:
            continue
        m = rng.choice(words)
        new = rng.choice([w for w in swaps if w != m.group()])
        out.append((i, m.start(), m.end(), new))
        lines[i] = lines[i][: m.start()] + new + lines[i][m.end():]
    return out


def utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


class Probe:
    """A pygls client that notes when each version's diagnostics arrive."""

    def __init__(self):
        from lsprotocol import types
        from pygls.lsp.client import LanguageClient

        self.types = types
        self.client = LanguageClient("lsp_speed", "1")
        self.arrived: dict[tuple[str, int], float] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(ls, params):
            self.arrived[(params.uri, params.version)] = time.perf_counter()

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def shown(ls, params):
            print(f"lsp_speed.py: server says: {params.message}", file=sys.stderr)

    async def start(self, env: dict, root: Path, debounce_ms: int | None):
        t = self.types
        await self.client.start_io(sys.executable, "-m", "copyedit", "lsp", env=env)
        options = {} if debounce_ms is None else {"debounceMs": debounce_ms}
        await self.client.initialize_async(t.InitializeParams(capabilities=t.ClientCapabilities(), root_uri=root.as_uri(), initialization_options=options))
        self.client.initialized(t.InitializedParams())

    @property
    def pid(self) -> int:
        return self.client._server.pid

    async def wait(self, uri: str, version: int, timeout: float = 600) -> float:
        deadline = time.perf_counter() + timeout
        while (uri, version) not in self.arrived:
            if time.perf_counter() > deadline:
                raise SystemExit(f"lsp_speed.py: no diagnostics for version {version} within {timeout:g}s")
            await asyncio.sleep(0.001)
        return self.arrived[(uri, version)]

    def open(self, uri: str, text: str) -> None:
        t = self.types
        self.client.text_document_did_open(t.DidOpenTextDocumentParams(text_document=t.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))

    def change(self, uri: str, version: int, line: int, a: int, b: int, new: str) -> None:
        t = self.types
        rng = t.Range(start=t.Position(line=line, character=a), end=t.Position(line=line, character=b))
        self.client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[t.TextDocumentContentChangePartial(range=rng, text=new)],
            )
        )

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def cpu_seconds(pid: int) -> float:
    """CPU time the process has used, all threads (user + system), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def memory_mb(pid: int) -> dict:
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return out


async def measure(docs: dict[int, str], edits: int, debounce_ms: int | None, tmp: Path) -> dict:
    env = dict(os.environ, NO_COLOR="1", COPYEDIT_CACHE_DIR=str(tmp / "cache"))
    env.pop("COPYEDIT_LT_URL", None)
    probe = Probe()
    await probe.start(env, tmp, debounce_ms)
    from copyedit.lsp.settings import DEFAULT_DEBOUNCE_MS

    out: dict = {"debounce_ms": DEFAULT_DEBOUNCE_MS if debounce_ms is None else debounce_ms, "sizes": []}
    try:
        for words, text in docs.items():
            uri = (tmp / f"doc-{words}.md").as_uri()
            t0 = time.perf_counter()
            probe.open(uri, text)
            first = await probe.wait(uri, 1) - t0
            lines = text.split("\n")
            times = []
            cpu0 = cpu_seconds(probe.pid)
            for version, (line, a, b, new) in enumerate(one_word_changes(text, edits, words), start=2):
                ca, cb = utf16(lines[line][:a]), utf16(lines[line][:b])
                lines[line] = lines[line][:a] + new + lines[line][b:]
                t0 = time.perf_counter()
                probe.change(uri, version, line, ca, cb, new)
                times.append((await probe.wait(uri, version)) - t0)
                await asyncio.sleep(0.05)  # a writer's pause between words
            cpu = cpu_seconds(probe.pid) - cpu0
            ms = sorted(1000 * x for x in times)
            out["sizes"].append(
                {
                    "words": len(text.split()),
                    "first_check_s": first,
                    "edits": len(ms),
                    "median_ms": statistics.median(ms),
                    "p90_ms": ms[max(0, int(0.9 * len(ms)) - 1)],
                    "min_ms": ms[0],
                    "max_ms": ms[-1],
                    # load-independent: the server's CPU time per edit (the pauses between edits idle)
                    "server_cpu_ms": 1000 * cpu / len(ms),
                    # after this document (and those before it) is open and checked
                    "rss_mb": memory_mb(probe.pid).get("VmRSS"),
                }
            )
        out["memory_mb"] = memory_mb(probe.pid)
        out["load_average"] = os.getloadavg()[0]
        out["cpus"] = os.cpu_count()
    finally:
        await probe.stop()
    return out


def profile(docs: dict[int, str], edits: int, top: int = 25) -> str:
    """The same one-word edits, checked in this process under cProfile: where the time goes."""
    import cProfile
    import io
    import pstats

    import copyedit

    editor = copyedit.load(isolated=True)
    out = io.StringIO()
    for words, text in docs.items():
        editor.check(text, "markdown")
        lines = text.split("\n")
        prof = cProfile.Profile()
        plain = []
        for line, a, b, new in one_word_changes(text, edits, words):
            lines[line] = lines[line][:a] + new + lines[line][b:]
            current = "\n".join(lines)
            t0 = time.perf_counter()
            editor.check(current, "markdown")
            plain.append(time.perf_counter() - t0)
            prof.enable()
            editor.check(current + " ", "markdown")  # a different text, so nothing whole-document is reused
            prof.disable()
        out.write(f"\n{len(text.split())} words: the check alone (no protocol, no debounce), median {1000 * statistics.median(plain):.0f} ms\n")
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def print_report(result: dict) -> None:
    r = result["lsp"]
    print(f"copyedit lsp: one-word change to fresh diagnostics (debounceMs {r['debounce_ms']})")
    print(f"{'words':>8} {'first check':>12} {'median':>9} {'p90':>9} {'min':>9} {'max':>9} {'server CPU/edit':>16} {'RSS after':>10}")
    for row in r["sizes"]:
        print(
            f"{row['words']:>8,} {row['first_check_s']:>11.2f}s {row['median_ms']:>7.0f}ms {row['p90_ms']:>7.0f}ms "
            f"{row['min_ms']:>7.0f}ms {row['max_ms']:>7.0f}ms {row['server_cpu_ms']:>14.0f}ms {row['rss_mb'] or 0:>8.0f}MB"
        )
    print(f"load average {r.get('load_average', 0):.1f} on {r.get('cpus')} CPUs while measuring")
    mem = r.get("memory_mb", {})
    if mem:
        print(f"server memory: {mem.get('VmRSS', 0):.0f} MB resident, {mem.get('VmHWM', 0):.0f} MB peak")
    small = [row for row in r["sizes"] if row["words"] <= 3000]
    if small:
        verdict = "met" if small[0]["median_ms"] < TARGET_MS else "missed"
        print(f"target (under {TARGET_MS} ms for ~2,000 words): {verdict}")
    if result.get("profile"):
        print(result["profile"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--sizes", default="2000,20000", help="document sizes in words")
    ap.add_argument("--edits", type=int, default=15, help="one-word changes per document")
    ap.add_argument("--debounce-ms", type=int, default=None, help="the server's debounce (default: its own)")
    ap.add_argument("--profile", action="store_true", help="also profile the check in this process")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    try:
        import pygls  # noqa: F401
    except ImportError:
        print("lsp_speed.py: needs the lsp extra: pip install 'copyedit[lsp]'", file=sys.stderr)
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from speed import TextSource

    src = TextSource(args.bench)
    docs = {int(n): markdown_doc(src, int(n)) for n in args.sizes.split(",") if n.strip()}
    with tempfile.TemporaryDirectory(prefix="copyedit-lsp-speed-") as tmp:
        result = {"lsp": asyncio.run(measure(docs, args.edits, args.debounce_ms, Path(tmp)))}
    if args.profile:
        result["profile"] = profile(docs, min(args.edits, 10))
    return emit(result, args.json, print_report)


if __name__ == "__main__":
    sys.exit(main())
