"""The tally of a scan, kept as results arrive, and its table for the terminal.

Counting as rows are written, rather than re-reading the Parquet output at
the end, keeps the summary free for an archive of any size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from copyedit.scan.work import ERROR_RULE


@dataclass
class Tally:
    documents: int = 0
    with_findings: int = 0
    failed: int = 0
    skipped: int = 0
    findings: int = 0
    fixes: int = 0
    fixed_documents: int = 0
    words: int = 0
    seconds: float = 0.0
    workers: int = 0
    by_rule: Counter = field(default_factory=Counter)
    failing: bool = False  # some finding at or above the fail level

    def add(self, batch, result: dict, fail_rank: int) -> None:
        from copyedit.model import Severity

        rows = result["rows"]
        self.documents += len(batch.docs)
        self.skipped += len(batch.skipped)
        self.words += result["words"]
        docs_with: set[int] = set()
        docs_failed: set[int] = set()
        for doc, rule, source, severity in zip(rows["doc"], rows["rule"], rows["source"], rows["severity"]):
            self.by_rule[(rule, source)] += 1
            if rule == ERROR_RULE:
                docs_failed.add(doc)
                continue
            docs_with.add(doc)
            self.findings += 1
            if not self.failing and Severity(severity).rank >= fail_rank:
                self.failing = True
        self.with_findings += len(docs_with)
        self.failed += len(docs_failed)
        applied = result.get("applied") or []
        self.fixes += sum(applied)
        self.fixed_documents += sum(1 for n in applied if n)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def print_summary(tally: Tally, out, noun: str = "documents") -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, highlight=False)
    if tally.by_rule:
        table = Table(show_edge=False)
        table.add_column("rule")
        table.add_column("source")
        table.add_column("findings", justify="right")
        for (rule, source), n in sorted(tally.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            table.add_row(rule, source, f"{n:,}")
        console.print(table)
    line = f"{tally.documents:,} {noun}, {tally.with_findings:,} with findings, {tally.findings:,} findings"
    if tally.fixes:
        line += f", {tally.fixes:,} fixes in {tally.fixed_documents:,} {noun}"
    if tally.failed:
        line += f", {tally.failed:,} failed (rule {ERROR_RULE})"
    if tally.skipped:
        line += f", {tally.skipped:,} skipped (binary)"
    console.print(line, soft_wrap=True)
    if tally.seconds:
        plural = "s" if tally.workers != 1 else ""
        rate = f"{tally.words:,} words in {tally.seconds:,.1f} s on {tally.workers} worker thread{plural}"
        console.print(f"{rate}: {tally.words_per_second:,.0f} words/s", soft_wrap=True)
