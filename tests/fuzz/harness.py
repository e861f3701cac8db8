"""Oracles shared by the robustness tests, written apart from the code they judge.

Decoding, protected Markdown regions and line endings are worked out here
independently of copyedit's own reader and parser, so that a bug there cannot
hide itself by agreeing with its own test.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
TESTS = HERE.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from conftest import copyedit_cmd  # noqa: E402

sys.path.insert(0, str(HERE))
from make_corpus import KIND, SEEDS  # noqa: E402

ARTICLE = "Council Votes On Budget\nThe council met on Tuesday,and voted.It was a important day.\n"

# ----------------------------------------------------------------- running
def run(*args, cwd=None, input: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command, bytes in and out (the files' bytes are the point)."""
    return subprocess.run(
        [*copyedit_cmd(), *map(str, args)], input=input, capture_output=True, cwd=cwd, timeout=timeout
    )


def one_line(stderr: bytes) -> str:
    """stderr of a failed run, which must be exactly one line (never a traceback)."""
    text = stderr.decode("utf-8", "replace")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got:\n{text}"
    assert "Traceback" not in text
    return lines[0]


def no_traceback(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    return text


def all_pack_ids() -> list[str]:
    from copyedit.packs import builtin_packs

    return sorted({p.id for p in builtin_packs()})


def no_rules_args() -> list[str]:
    """Options under which copyedit has nothing to say about anything."""
    args = ["--backend", "none", "--isolated"]
    for pid in all_pack_ids():
        args += ["--disable-pack", pid]
    return args


def apply_patch(directory: Path, patch: bytes) -> subprocess.CompletedProcess:
    """`patch -p1` as a user would run it on `copyedit diff` output, but with no fuzz:
    a diff that needs fuzz to apply has wrong context, which git apply refuses."""
    return subprocess.run(
        ["patch", "-p1", "--fuzz=0", "--batch", "--forward", "--no-backup-if-mismatch", "-r", "-"],
        input=patch, cwd=directory, capture_output=True, timeout=60,
    )


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# ----------------------------------------------------------------- decoding
from copyedit.files import _BOMS  # noqa: E402  (the same byte-order marks copyedit reads)


def sniff(data: bytes, encoding: str = "utf-8") -> tuple[bytes, str, str]:
    """(bom, encoding, text) as any careful reader would decode the file."""
    for mark, name in _BOMS:
        if data.startswith(mark):
            return mark, name, data[len(mark) :].decode(name)
    return b"", encoding, data.decode(encoding)


_ENDINGS = re.compile(r"\r\n|\r|\n")


def line_endings(text: str) -> list[str]:
    return _ENDINGS.findall(text)


def final_newline(text: str) -> bool:
    return text.endswith(("\n", "\r"))


# ----------------------------------------------------------------- Markdown regions
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*$")


def protected_regions(text: str) -> list[str]:
    """Front matter, fenced code and inline code spans of a Markdown text.

    A deliberately simple reading of CommonMark: enough for the corpus and
    the generated documents, and independent of markdown-it.
    """
    out: list[str] = []
    norm = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = norm.split("\n")
    raw_lines = re.split(r"(?<=\r\n)|(?<=\r)(?!\n)|(?<=\n)", text)
    raw_lines = [ln for ln in raw_lines if ln]

    def raw(a: int, b: int) -> str:
        return "".join(raw_lines[a:b])

    i = 0
    if lines and lines[0] == "---":
        for j in range(1, len(lines)):
            if lines[j] in ("---", "..."):
                out.append(raw(0, j + 1).rstrip("\r\n"))
                i = j + 1
                break
    prose_lines: list[int] = []
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if m and not (m.group(1)[0] == "`" and "`" in lines[i][lines[i].index(m.group(1)) + len(m.group(1)) :]):
            fence = m.group(1)
            j = i + 1
            while j < len(lines):
                c = re.match(r"^ {0,3}(`{3,}|~{3,})\s*$", lines[j])
                if c and c.group(1)[0] == fence[0] and len(c.group(1)) >= len(fence):
                    break
                j += 1
            body = raw(i + 1, min(j, len(raw_lines)))
            if body.strip():
                out.append(body.rstrip("\r\n"))
            i = j + 1
            continue
        prose_lines.append(i)
        i += 1
    # inline code: within runs of non-blank prose lines
    para: list[str] = []
    for k in [*prose_lines, None]:
        if k is not None and lines[k].strip() and (not para or k - 1 in prose_lines):
            para.append(lines[k])
            continue
        block = "\n".join(para)
        for m in re.finditer(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", block, re.DOTALL):
            if "\n" not in m.group(0):
                out.append(m.group(0))
        para = [lines[k]] if k is not None and lines[k].strip() else []
    return [p for p in out if p.strip()]


def kept(before: str, after: str, regions: list[str]) -> list[str]:
    """Regions of `before` that `after` no longer holds as often (should be empty)."""
    return [r for r in regions if after.count(r) < before.count(r)]


# ----------------------------------------------------------------- fuzzing
HOSTILE = [
    "👍🏽", "👨‍👩‍👧", "🇬🇧", "\u0301", "\u0327\u0337", "\u200d", "\u200b", "\u2060", "\u00a0", "\u202f",
    "\u200f", "\u202e", "\u202c", "שלום", "مرحبا", "𝔘", "𠀀", "\ufeff", "\r\n", "\n", "\n\n", "\t",
    ",", ".", "  ", " ,", ",and", ".The", "a important", "`", "``", "\n```\n", "\n~~~\n", "\n---\n",
    "\n===\n", "<div>", "</div>", "<!--", "-->", "|", "\n- ", "\n  - ", "\n1. ", "\n# ", "\n> ", "*", "_",
    "[", "](", ")", "\\", "&amp;", "https://x.y/a,b", "e\u0301", "ﬁ", "İ", "ß", "Σ",
]


def mutate(text: str, rng: random.Random, n: int = 6) -> str:
    """Insert hostile tokens at random places; never cut inside a CRLF pair."""
    for _ in range(n):
        pos = rng.randrange(len(text) + 1)
        if 0 < pos < len(text) and text[pos - 1] == "\r" and text[pos] == "\n":
            pos -= 1
        text = text[:pos] + rng.choice(HOSTILE) + text[pos:]
    return text


def text_seeds() -> dict[str, str]:
    """Seeds that decode as UTF-8 text (BOM stripped)."""
    out = {}
    for name, data in SEEDS.items():
        if KIND.get(name) in ("binary", "invalid", "latin-1"):
            continue
        _, _, text = sniff(data)
        out[name] = text
    return out


def fuzz_cases(count: int, seed: int = 20240607) -> list[tuple[str, str]]:
    """(file name, text): seeded mutations of the corpus; the same on every run."""
    rng = random.Random(seed)
    seeds = text_seeds()
    names = sorted(seeds)
    out = []
    for i in range(count):
        name = names[i % len(names)]
        stem, ext = os.path.splitext(name)
        out.append((f"fuzz{i:03d}_{stem}{ext}", mutate(seeds[name], rng, rng.randint(1, 10))))
    return out


def markdown_code(text: str) -> list[str]:
    """What CommonMark calls code, HTML or front matter, by markdown-it's own token stream.

    Only the parser is shared with copyedit, not its offset mapping, which is
    where a fix could slip into code.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)
    out = []
    for tok in md.parse(text):
        if tok.type in ("fence", "code_block", "front_matter", "html_block"):
            out.append(tok.content)
        elif tok.type == "inline":
            for child in tok.children or []:
                if child.type in ("code_inline", "html_inline"):
                    out.append(child.content)
    return [c for c in out if c.strip()]


def lost_code(before: str, after: str) -> list[str]:
    """Code of `before` that `after` no longer has as often (should be empty)."""
    have = markdown_code(after)
    missing = []
    for c in markdown_code(before):
        if c in have:
            have.remove(c)
        else:
            missing.append(c)
    return missing


#: Known to break `patch` until render/diff.py cuts lines at "\n" only and
#: keeps the byte-order mark (see the xfail tests): lone CR, the separators
#: str.splitlines also cuts at, and a BOM.
_SPLITLINES_ONLY = re.compile("\r(?!\n)|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def diff_trouble(data: bytes) -> bool:
    if any(data.startswith(m) for m, _ in _BOMS):
        return True
    try:
        return bool(_SPLITLINES_ONLY.search(data.decode("utf-8")))
    except UnicodeDecodeError:
        return True


def line_col(text: str, offset: int) -> tuple[int, int]:
    starts = [0] + [m.end() for m in _ENDINGS.finditer(text)]
    line = 0
    for i, s in enumerate(starts):
        if s <= offset:
            line = i
    return line + 1, offset - starts[line] + 1


def split_diff(patch: bytes) -> dict[str, bytes]:
    """One multi-file diff as {path: that file's diff}, to apply and judge file by file.

    One malformed file diff makes `patch` stop altogether; judged apart, each
    file's diff stands or falls alone.
    """
    out: dict[str, bytes] = {}
    # Split before every header, even one glued to a line that ended in a lone CR.
    for chunk in re.split(rb"(?:(?<=\n)|(?<=\r))(?=--- a/)", patch):
        if chunk.startswith(b"--- a/"):
            name = chunk[6 : chunk.index(b"\n")].rstrip(b"\r").decode("utf-8", "surrogateescape")
            out[name] = chunk
    return out
