"""What every benchmark script shares: where the project and the bench are, and output.

The scripts run as `python benchmarks/<name>.py` from a checkout, installed or
not, so the project root goes on the import path here.
"""

from __future__ import annotations

import json
import os
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
