"""What every benchmark script shares: where the project and the bench are, and output.

The scripts run as `python benchmarks/<name>.py` from a checkout, installed or
not, so the project root goes on the import path here.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: The development bench beside the checkout, or COPYEDIT_BENCH.
DEFAULT_BENCH = Path(os.environ.get("COPYEDIT_BENCH") or ROOT.parent / "shared" / "bench" / "dev")
#: Clean published text for false alarms, beside the checkout, or COPYEDIT_CLEAN.
DEFAULT_CLEAN = Path(os.environ.get("COPYEDIT_CLEAN") or ROOT.parent / "shared" / "bench" / "clean")


def require_bench(bench: Path, script: str) -> Path:
    """The bench's articles file, or one line saying where it was looked for and how to name it, and exit 2.

    The bench is not part of the repository: a fresh clone has no `../shared`.
    """
    path = Path(bench) / "articles.jsonl"
    if not path.is_file():
        print(
            f"{script}: no bench at {bench} ({path.name} missing; the bench is not in the repository: "
            "pass --bench DIR or set COPYEDIT_BENCH)",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return path


def emit(result: dict, as_json: bool, print_report) -> int:
    """Print the result as one JSON object, or as the script's tables."""
    if as_json:
        json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_report(result)
    return 0


#: Where one sentence ends and the next begins, in published prose.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"“‘]?[A-Z])")


class TrigramProse:
    """New prose on every call: a word-trigram chain over published sentences.

    Repeating a real text would measure caches, not checking: Harper keeps the
    lints of every sentence a linter has seen, and copyedit memoises whole
    paragraphs. Paragraphs keep the real ones' sentence counts.
    """

    ORDER = 2

    def __init__(self, paras: list[str], seed: int = 0, longest: int = 80):
        self.longest = longest
        self.rng = random.Random(seed)
        self.chain: dict[tuple[str, ...], list[str]] = {}
        self.lengths: list[int] = []
        for para in paras:
            sentences = SENTENCE_BREAK.split(para)
            self.lengths.append(len(sentences))
            for sentence in sentences:
                toks = ["<s>"] * self.ORDER + sentence.split() + ["</s>"]
                for i in range(self.ORDER, len(toks)):
                    self.chain.setdefault(tuple(toks[i - self.ORDER : i]), []).append(toks[i])

    def text(self, words: int, rng: random.Random | None = None) -> str:
        """At least `words` words of new prose, paragraphs apart."""
        rng = rng or self.rng
        out: list[str] = []
        count = 0
        while count < words:
            sentences = []
            for _ in range(rng.choice(self.lengths)):
                ctx = ("<s>",) * self.ORDER
                sent: list[str] = []
                while len(sent) < self.longest:
                    w = rng.choice(self.chain[ctx])
                    if w == "</s>":
                        break
                    sent.append(w)
                    ctx = ctx[1:] + (w,)
                sentences.append(" ".join(sent))
                count += len(sent)
            out.append(" ".join(sentences))
        return "\n\n".join(out) + "\n"
