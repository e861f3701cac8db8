"""The table at the end of a run over many files: findings by rule and source."""

from __future__ import annotations

from collections import Counter


def print_summary(reports, out) -> None:
    from rich.console import Console
    from rich.table import Table

    by_rule: Counter = Counter()
    sources: dict[str, str] = {}
    for r in reports:
        for s in r.suggestions:
            by_rule[s.rule] += 1
            sources[s.rule] = "+".join(s.sources)
    fixed = sum(len(r.applied) for r in reports)
    table = Table(title=None, show_edge=False)
    table.add_column("rule")
    table.add_column("source")
    table.add_column("findings", justify="right")
    for rule, n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(rule, sources[rule], str(n))
    console = Console(file=out, highlight=False)
    files_with = sum(1 for r in reports if r.suggestions)
    errors = sum(1 for r in reports if r.error)
    if by_rule:
        console.print(table)
    line = f"{len(reports)} files, {files_with} with findings, {sum(by_rule.values())} findings"
    if fixed:
        line += f", {fixed} fixed"
    if errors:
        line += f", {errors} unreadable"
    console.print(line)
    dialects = Counter(r.dialect for r in reports if r.dialect)
    if dialects:
        console.print("dialect: " + ", ".join(f"{d} {n}" for d, n in sorted(dialects.items(), key=lambda kv: (-kv[1], kv[0]))))
