"""`copyedit review`: go through the findings one at a time, like `git add -p`.

Every finding is shown, unsafe and display-only ones included: review is where
a person decides what `fix` may not. Each file's accepted changes are written
when the file is done (atomically, encoding and line endings kept), so quitting
halfway keeps the work done so far. Findings are computed once per file on the
text as read; a finding that overlaps a change already accepted is not asked
about, because its offsets no longer mean anything.

The command is built on first use (module `__getattr__`) rather than at
import: it takes the shared options from `copyedit.cli`, and `copyedit.cli`
imports this module while it loads. Built lazily, it works whichever of the
two is imported first.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field

import click

from copyedit.commands import lazy_command

from copyedit.model import Applicability, Edit, Suggestion

#: Characters of context shown either side of a finding on a long line.
WINDOW = 60

HELP = """\
  y    accept the replacement (the first, when there are several)
  1-9  accept that replacement
  n    reject
  e    edit: type the replacement by hand
  a    accept this and every later finding of this rule in this file
  s    skip the rest of this file (what was accepted is written)
  q    quit (what was accepted is written)
  b    reject and record in the baseline (--baseline FILE)
  ?    this help"""


def _build() -> click.Command:
    from copyedit.cli import common_options, one_line_errors

    @click.command(name="review")
    @common_options
    @one_line_errors
    def review(paths, **o):
        """Go through the findings one by one: accept, choose, edit, reject or baseline each.

        Accepted changes are written when a file is done. Keys: y accept, 1-9 choose a
        replacement, n reject, e edit, a accept all of this rule, s skip file, q quit,
        b reject and add to --baseline FILE, ? help.
        """
        sys.exit(run_review(paths, o))

    return review


# ------------------------------------------------------------------ state
@dataclass
class Tally:
    accepted: int = 0
    edited: int = 0
    rejected: int = 0
    baselined: int = 0
    unseen: int = 0
    overlapping: int = 0
    files_changed: int = 0
    files: int = 0
    errors: int = 0
    #: Some check did not run in full (a rule stopped by its time limit).
    incomplete: bool = False


@dataclass
class FileOutcome:
    picks: list[tuple[Suggestion, str]] = field(default_factory=list)
    baselined: list[Suggestion] = field(default_factory=list)
    quit: bool = False
    #: Ctrl-C: like quit (what was accepted is written), then the run ends as interrupted.
    interrupted: bool = False
    #: Findings dealt with so far (answered, or skipped as overlapping).
    seen: int = 0



# -------------------------------------------------------------- the command
def run_review(paths, o) -> int:
    from copyedit import files as io
    from copyedit.baseline import Baseline
    from copyedit.cli import EXIT_ERROR, EXIT_OK, UsageFailure, _color, _paths, build_settings, run_options
    from copyedit.engine import build_engine
    from copyedit.filters.display import MinLevel
    from copyedit.fixer import apply_choices, fix_text
    from copyedit.run import scope_filters

    if not sys.stdin.isatty():
        raise UsageFailure("review is interactive and needs a terminal; in scripts use check, diff or fix")
    settings = build_settings(paths, o)
    targets = _paths(paths)
    if "-" in targets:
        raise UsageFailure("review edits files in place; standard input (-) cannot be reviewed")
    engine = build_engine(settings)
    for note in engine.notes:
        click.echo(f"copyedit: {note}", err=True)
    base_path = settings.baseline
    base = Baseline.load(base_path) if base_path and os.path.exists(base_path) else (Baseline() if base_path else None)
    opts = run_options(o, targets, "check", settings, baseline=base)
    ui = Screen(color=_color(o))
    tally = Tally()
    for path in targets:
        try:
            src = io.read(path, opts.encoding)
        except io.BinaryFile as e:
            click.echo(f"copyedit: {e}", err=True)
            continue
        except io.InputError as e:
            click.echo(f"copyedit: error: {e}", err=True)
            tally.errors += 1
            continue
        result = fix_text(engine, path, src.text, opts.fmt_in, filters=scope_filters(path, opts), passes=0)
        for note in result.notes:
            click.echo(f"copyedit: {note}", err=True)
        tally.incomplete = tally.incomplete or result.incomplete
        found = MinLevel.of(opts).apply(result.remaining, None)
        if not found:
            continue
        tally.files += 1
        outcome = review_file(ui, path, src.text, found, tally, can_baseline=base is not None)
        original = text = src.text
        written = False
        if outcome.picks:
            new = apply_choices(original, outcome.picks)
            if new != original:
                try:
                    io.write_atomic(src, new)
                except io.InputError as e:
                    click.echo(f"copyedit: error: {e}", err=True)
                    tally.errors += 1
                else:
                    text, written = new, True
                    tally.files_changed += 1
                    ui.say(f"wrote {path}")
        if outcome.baselined:
            applied = [Edit(s.start, s.end, rep) for s, rep in outcome.picks] if written else []
            for s in outcome.baselined:
                base.add(path, text, _shift(s, applied))
            base.save(base_path)
        if outcome.interrupted:
            ui.say(_summary(tally, base_path))
            raise KeyboardInterrupt
        if outcome.quit:
            break
    ui.say(_summary(tally, base_path))
    return EXIT_ERROR if tally.errors or tally.incomplete else EXIT_OK


def _shift(s: Suggestion, applied: list[Edit]) -> Suggestion:
    """Where a finding the user kept sits once the accepted changes are written."""
    delta = sum(len(e.replacement) - (e.end - e.start) for e in applied if e.end <= s.start)
    return s.with_(start=s.start + delta, end=s.end + delta) if delta else s


def _summary(t: Tally, base_path) -> str:
    parts = [f"{t.accepted} accepted" + (f" ({t.edited} edited by hand)" if t.edited else ""), f"{t.rejected} rejected"]
    if t.baselined:
        parts.append(f"{t.baselined} added to {base_path}")
    if t.unseen:
        parts.append(f"{t.unseen} not reviewed")
    if t.overlapping:
        parts.append(f"{t.overlapping} skipped as overlapping an accepted change")
    return f"review: {', '.join(parts)}; {t.files_changed} of {t.files} file{'s' if t.files != 1 else ''} changed"


def review_file(ui: "Screen", path: str, text: str, found: list[Suggestion], tally: Tally, can_baseline: bool) -> FileOutcome:
    """The reviewer's choices for one file; Ctrl-C keeps the choices made so far."""
    out = FileOutcome()
    try:
        _review(ui, path, text, found, tally, can_baseline, out)
    except KeyboardInterrupt:
        tally.unseen += len(found) - out.seen
        out.quit = out.interrupted = True
    return out


def _review(ui, path: str, text: str, found: list[Suggestion], tally: Tally, can_baseline: bool, out: "FileOutcome") -> None:
    taken: list[Edit] = []
    auto_rules: set[str] = set()

    def accept(s: Suggestion, rep: str, edited: bool = False) -> None:
        out.picks.append((s, rep))
        taken.append(Edit(s.start, s.end, rep))
        tally.accepted += 1
        tally.edited += edited

    for i, s in enumerate(found):
        out.seen = i
        span = Edit(s.start, s.end, "")
        if any(span.overlaps(t) for t in taken):
            tally.overlapping += 1
            continue
        if s.rule in auto_rules and s.fixable:
            accept(s, s.replacements[0])
            continue
        ui.show(path, text, s, i + 1, len(found))
        keys = _keys(s, can_baseline)
        while True:
            key = ui.key(f"Accept? [{','.join(keys)}] ")
            if key in ("y", "a") and s.fixable:
                accept(s, s.replacements[0])
                if key == "a":
                    auto_rules.add(s.rule)
                break
            if key.isdigit() and s.fixable and 1 <= int(key) <= min(9, len(s.replacements)):
                accept(s, s.replacements[int(key) - 1])
                break
            if key == "n":
                tally.rejected += 1
                break
            if key == "e":
                rep = ui.ask_replacement(s)
                if rep is None or rep == s.text:
                    ui.say("  unchanged; rejected")
                    tally.rejected += 1
                else:
                    accept(s, rep, edited=True)
                break
            if key == "b" and can_baseline:
                out.baselined.append(s)
                tally.rejected += 1
                tally.baselined += 1
                break
            if key in ("s", "q"):
                tally.unseen += len(found) - i
                out.quit = key == "q"
                return
            if key == "b":
                ui.say("  no baseline: give --baseline FILE to record findings")
            elif key in ("y", "a") or key.isdigit():
                ui.say("  nothing to accept here: e to type a replacement, n to reject")
            else:
                ui.say(HELP)
    out.seen = len(found)


def _keys(s: Suggestion, can_baseline: bool) -> list[str]:
    keys = []
    if s.fixable:
        n = min(9, len(s.replacements))
        keys.append("y" if n == 1 else f"y,1-{n}")
    keys += ["n", "e"]
    if s.fixable:
        keys.append("a")
    keys += ["s", "q"]
    if can_baseline:
        keys.append("b")
    keys.append("?")
    return keys


# ---------------------------------------------------------------- display
_EOL = re.compile(r"\r\n|\r|\n")


def context(text: str, start: int, end: int, window: int = WINDOW) -> tuple[int, int, str, str]:
    """The lines around [start, end), cut to `window` characters either side on long lines.

    Returns (from, to, lead, tail): the file range shown and the ellipses that
    say it was cut.
    """
    ls = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    m = _EOL.search(text, end)
    le = m.start() if m else len(text)
    if end > start and text[end - 1 : end] in ("\n", "\r") and m and m.start() == end:
        le = end  # the finding is a line break itself: its line is enough
    a, b = ls, le
    if start - ls > window:
        a = start - window
        while a < start and not text[a - 1].isspace():
            a += 1  # start at a word
    if le - end > window:
        b = end + window
        while b > end and not text[b].isspace():
            b -= 1
    return a, b, "…" if a > ls else "", "…" if b < le else ""


class Screen:
    """What the reviewer sees and types: plain text, coloured on request."""

    def __init__(self, color: bool = False):
        self.color = color

    def say(self, msg: str) -> None:
        click.echo(msg)

    def _style(self, chunk: str, op: str) -> str:
        if op == "=":
            return chunk
        if self.color:
            return click.style(chunk, fg="white", bg="red" if op == "-" else "green", bold=True)
        return f"[-{chunk}-]" if op == "-" else f"{{+{chunk}+}}"

    def diff_line(self, before: str, after: str) -> str:
        from copyedit.render.diff import word_diff

        return "".join(self._style(chunk, op) for op, chunk in word_diff(before, after))

    def show(self, path: str, text: str, s: Suggestion, n: int, total: int) -> None:
        tag = {Applicability.SAFE: "safe", Applicability.UNSAFE: "unsafe", Applicability.DISPLAY: "display only"}[s.applicability]
        where = f"{path}:{s.line}:{s.column}"
        head = f"[{n}/{total}] {where} {s.rule}"
        if self.color:
            head = click.style(head, bold=True)
        click.echo("")
        click.echo(f"{head} ({s.severity.value}, {tag}, {'+'.join(s.sources)})")
        click.echo(f"  {s.message}")
        a, b, lead, tail = context(text, s.start, s.end)
        before = text[a:b]
        click.echo(_indent(lead + before + tail))
        if "\n" not in before and "\r" not in before:
            col = len(lead) + s.start - a
            width = max(1, s.end - s.start)
            click.echo("  " + " " * col + "^" * width)
        for k, rep in enumerate(s.replacements[:9], 1):
            after = text[a : s.start] + rep + text[s.end : b]
            shown = _indent(lead + self.diff_line(before, after) + tail, first=f"{k}) ")
            if s.applicability is Applicability.DISPLAY:
                shown += "  (hint)"
            click.echo(shown)
        if len(s.replacements) > 9:
            click.echo(f"  (+{len(s.replacements) - 9} more not shown)")

    def key(self, prompt: str) -> str:
        click.echo(prompt, nl=False)
        try:
            ch = click.getchar()
        except EOFError:
            ch = "q"
        click.echo(ch if ch.isprintable() else "")
        return ch.lower() if len(ch) == 1 else ""

    def ask_replacement(self, s: Suggestion) -> str | None:
        default = s.replacements[0] if s.replacements else s.text
        try:
            value = click.prompt(f"  replace {s.text!r} with", default=default, show_default=True)
        except click.Abort:
            return None
        return value


def _indent(text: str, first: str = "") -> str:
    lines = _EOL.split(text)
    pad = "  " + " " * len(first)
    return "\n".join(("  " + first if i == 0 else pad) + ln for i, ln in enumerate(lines))


__getattr__ = lazy_command(globals(), "review", _build)
