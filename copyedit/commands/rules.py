"""`copyedit rules`: what the rule packs hold, and whether their examples pass.

`rules list` answers "why did (or didn't) this rule fire here?": it loads the
configuration the way `check` does, from the current directory, so it shows
the project's own rule files, the packs of installed house-style plugins, and
which rules its settings switch on.
`rules test` is the packs' test suite, for an editorial team's CI: every bad
example must be reported and fixed exactly as written, every good one must
stay silent.
"""

from __future__ import annotations

import os
import sys

import click

from copyedit.commands.common import one_line_errors


def _settings(config_path, isolated, dialect, rule_files):
    from copyedit.config import normalise_dialect, settings_for

    settings = settings_for([], config_path, isolated)
    changes = {}
    if dialect:
        changes["dialect"] = normalise_dialect(dialect, "--dialect")
    if rule_files:
        changes["rule_files"] = settings.rule_files + tuple(os.path.abspath(p) for p in rule_files)
    return settings.replace(**changes)


def _entries(spec) -> str:
    n = spec.options.entry_count()
    return "-" if n is None else str(n)


def _fix(spec) -> str:
    """How far the rule's fixes go; a pattern without a replacement only reports."""
    return spec.fix.value if spec.options.offers_fix else "display"


def _origin(pack, settings, options_files: set[str]) -> str:
    """Where a pack came from: shipped, an installed plugin (name and version), the config, or --rules."""
    if pack.origin:
        return pack.origin
    if os.path.abspath(pack.file) in options_files or not settings.source:
        return "option --rules"
    return f"config {os.path.relpath(settings.source)}"


def _file(pack) -> str:
    """The pack's file: shipped and plugin packs by their package's folder, the project's relative to here."""
    if pack.origin:
        path = os.path.abspath(pack.file)
        return os.path.join(os.path.basename(os.path.dirname(path)), os.path.basename(path))
    return os.path.relpath(pack.file)


def _use_rich() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _print_table(title: str, headers: list[str], rows: list[list[str]]) -> None:
    if _use_rich():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, title_justify="left")
        for h in headers:
            table.add_column(h)
        for r in rows:
            table.add_row(*r)
        Console().print(table)
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    for r in [headers, *rows]:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


config_options = [
    click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file instead of searching for one."),
    click.option("--isolated", is_flag=True, help="Ignore every config file."),
    click.option("--dialect", help="English dialect (rules limited to a dialect follow it)."),
]


def _with_config(fn):
    for opt in reversed(config_options):
        fn = opt(fn)
    return fn


@click.group()
def rules() -> None:
    """List the rule packs and rules, and run their examples as tests."""


@rules.command("list")
@click.option("--pack", "pack_ids", multiple=True, metavar="PACK", help="Show only this pack's rules (repeatable).")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False), help="Extra rule pack file (YAML).")
@_with_config
@one_line_errors
def list_rules(pack_ids, rule_files, config_path, isolated, dialect):
    """Packs and rules: ids, kinds, whether on here, where each pack comes from, and how many entries."""
    from copyedit.engine import active_rules, load_packs, pack_enabled
    from copyedit.packs import PackError

    settings = _settings(config_path, isolated, dialect, rule_files)
    packs = load_packs(settings)
    known = {p.id for p in packs}
    for pid in pack_ids:
        if pid not in known:
            raise PackError(f"--pack: unknown pack {pid!r} (known: {', '.join(sorted(known))})")
    shown = [p for p in packs if not pack_ids or p.id in pack_ids]
    on = {id(s) for s in active_rules(packs, settings)}
    options_files = {os.path.abspath(f) for f in rule_files}
    pack_rows = []
    for p in shown:
        n_on = sum(1 for r in p.rules if id(r) in on)
        pack_rows.append(
            [
                p.id,
                "on" if pack_enabled(p, settings) else "off",
                "yes" if p.opinionated else "no",
                f"{n_on}/{len(p.rules)}",
                _origin(p, settings, options_files),
                _file(p),
            ]
        )
    _print_table("Packs", ["PACK", "ON", "OPINIONATED", "RULES ON", "FROM", "FILE"], pack_rows)
    click.echo()
    rule_rows = [
        [r.id, p.id, r.kind, "on" if id(r) in on else "off", _fix(r), _entries(r)]
        for p in shown
        for r in p.rules
    ]
    _print_table("Rules", ["RULE", "PACK", "KIND", "ON", "FIX", "ENTRIES"], rule_rows)


@rules.command("test")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--builtin/--no-builtin", default=True, help="Also test the shipped packs (default: yes).")
@_with_config
@one_line_errors
def test_rules(files, builtin, config_path, isolated, dialect):
    """Run every rule's examples; print failures; exit 1 on any.

    Tests the shipped packs, those of installed house-style plugins, the
    project's rule files (from its config) and FILES. Examples run with grammar backends off and each rule alone, in US
    English unless a rule names its dialects, so a pack's tests do not depend
    on the project that uses it.
    """
    from copyedit.config import Settings, normalise_dialect
    from copyedit.examples import run_pack_examples
    from copyedit.packs import builtin_packs, check_unique, load_pack_file
    from copyedit.plugins import plugin_packs

    settings = _settings(config_path, isolated, None, files)
    packs = list(builtin_packs()) if builtin else []
    packs.extend(plugin_packs())
    packs.extend(load_pack_file(f) for f in dict.fromkeys(settings.rule_files))
    if not packs:
        raise click.UsageError("no rule packs to test (give rule files, or drop --no-builtin)")
    check_unique(packs)
    run_settings = Settings(
        dialect=normalise_dialect(dialect, "--dialect") if dialect else "us", regex_timeout=settings.regex_timeout
    )
    color = _use_rich()
    total = failed = 0
    for pack in packs:
        n, failures = run_pack_examples(pack, run_settings)
        total += n
        failed += len(failures)
        status = f"{len(failures)} failed" if failures else "ok"
        if color:
            status = click.style(status, fg="red" if failures else "green")
        where = "" if pack.builtin else f" ({pack.origin})" if pack.origin else f" ({os.path.relpath(pack.file)})"
        click.echo(f"{pack.id}{where}: {n} examples, {status}")
        for f in failures:
            click.echo(f"  {f}")
    click.echo(f"{total} examples in {len(packs)} packs, {failed} failed")
    sys.exit(1 if failed else 0)
