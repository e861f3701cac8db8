"""`copyedit review`: go through the findings one at a time, like `git add -p`.

Every finding is shown, unsafe and display-only ones included: review is where
a person decides what `fix` may not. Each file's accepted changes are written
when the file is done (atomically, encoding and line endings kept), so quitting
halfway keeps the work done so far. Findings are computed once per file on the
text as read (the same check, filters and all, as `copyedit check`); a
finding that overlaps a change already accepted is not asked about, because
its offsets no longer mean anything.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field

import click

from copyedit.commands.common import (
    EXIT_ERROR,
    EXIT_OK,
    UsageFailure,
    build_settings,
    common_options,
    expand_args,
    follow_symlinks_option,
    one_line_errors,
    run_options,
    say_notes,
    use_color,
    write_scope,
)
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


@click.command(name="review")
@common_options
@follow_symlinks_option
@one_line_errors
def review(paths, **o):
    """Go through the findings one by one: accept, choose, edit, reject or baseline each.

    Accepted changes are written when a file is done. Keys: y accept, 1-9 choose a
    replacement, n reject, e edit, a accept all of this rule, s skip file, q quit,
    b reject and add to --baseline FILE, ? help.
    """
    sys.exit(run_review(paths, o))


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
    from copyedit.baseline import Baseline
    from copyedit.engine import build_engine
    from copyedit.sigterm import unwind_on_sigterm

    if sys.stdin is None or not sys.stdin.isatty():
        raise UsageFailure("review is interactive and needs a terminal; in scripts use check, diff or fix")
    settings = build_settings(paths, o)
    targets = expand_args(paths)
    if "-" in targets:
        raise UsageFailure("review edits files in place; standard input (-) cannot be reviewed")
    engine = build_engine(settings)
    say_notes(engine.notes)
    base_path = settings.baseline
    base = Baseline.load(base_path) if base_path and os.path.exists(base_path) else (Baseline() if base_path else None)
    opts = run_options(o, targets, "check", settings, baseline=base, write_scope=write_scope(paths, o))
    ui = Screen(color=use_color(o))
    tally = Tally()
    try:
        with unwind_on_sigterm():
            for path in targets:
                if _review_path(ui, engine, path, opts, tally, base, base_path):
                    break
    finally:
        engine.close()
    ui.say(_summary(tally, base_path))
    return EXIT_ERROR if tally.errors or tally.incomplete else EXIT_OK


def _review_path(ui, engine, path: str, opts, tally: Tally, base, base_path) -> bool:
    """Review one file and write what was accepted; True when the reviewer quit."""
    from copyedit import files as io

    try:
        src = io.read(path, opts.encoding, opts.max_file_size)
    except io.BinaryFile as e:
        say_notes([str(e)])
        return False
    except io.InputError as e:
        say_notes([], str(e))
        tally.errors += 1
        return False
    found = _findings(engine, path, src.text, opts, tally)
    if not found:
        return False
    tally.files += 1
    outcome = review_file(ui, path, src.text, found, tally, can_baseline=base is not None)
    text, written = _write(ui, src, outcome, tally, opts.write_scope)
    if outcome.baselined:
        applied = [Edit(s.start, s.end, rep) for s, rep in outcome.picks] if written else []
        for s in outcome.baselined:
            base.add(path, text, _shift(s, applied))
        base.save(base_path, opts.write_scope)
    if outcome.interrupted:
        ui.say(_summary(tally, base_path))
        raise KeyboardInterrupt
    return outcome.quit


def _findings(engine, path: str, text: str, opts, tally: Tally) -> list[Suggestion]:
    """What `check` would report for the file, with the same filters."""
    from copyedit.filters.display import MinLevel
    from copyedit.fixer import fix_text
    from copyedit.run import scope_filters

    result = fix_text(engine, path, text, opts.fmt_in, filters=scope_filters(path, opts), passes=0)
    say_notes(result.notes)
    tally.incomplete = tally.incomplete or result.incomplete
    return MinLevel.of(opts).apply(result.remaining, None)


def _write(ui, src, outcome: "FileOutcome", tally: Tally, scope=None) -> tuple[str, bool]:
    """The file's text after the accepted changes, and whether they were written."""
    from copyedit import files as io
    from copyedit.fixer import apply_choices

    if not outcome.picks:
        return src.text, False
    new = apply_choices(src.text, outcome.picks)
    if new == src.text:
        return src.text, False
    try:
        io.write_atomic(src, new, scope)
    except io.InputError as e:
        say_notes([], str(e))
        tally.errors += 1
        return src.text, False
    tally.files_changed += 1
    ui.say(f"wrote {src.path}")
    return new, True


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


class _Choices:
    """What the reviewer accepted so far in one file, and which rules they accept wholesale."""

    def __init__(self, out: "FileOutcome", tally: Tally):
        self.out = out
        self.tally = tally
        self.taken: list[Edit] = []
        self.auto_rules: set[str] = set()

    def accept(self, s: Suggestion, rep: str, edited: bool = False) -> None:
        self.out.picks.append((s, rep))
        self.taken.append(Edit(s.start, s.end, rep))
        self.tally.accepted += 1
        self.tally.edited += edited

    def overlaps_accepted(self, s: Suggestion) -> bool:
        span = Edit(s.start, s.end, "")
        return any(span.overlaps(t) for t in self.taken)

    def reject(self) -> None:
        self.tally.rejected += 1


def _review(ui, path: str, text: str, found: list[Suggestion], tally: Tally, can_baseline: bool, out: "FileOutcome") -> None:
    choices = _Choices(out, tally)
    for i, s in enumerate(found):
        out.seen = i
        if choices.overlaps_accepted(s):
            tally.overlapping += 1
            continue
        if s.rule in choices.auto_rules and s.fixable:
            choices.accept(s, s.replacements[0])
            continue
        ui.show(path, text, s, i + 1, len(found))
        leave = _ask(ui, s, choices, can_baseline)
        if leave:
            tally.unseen += len(found) - i
            out.quit = leave == "q"
            return
    out.seen = len(found)


def _ask(ui, s: Suggestion, choices: _Choices, can_baseline: bool) -> str | None:
    """Read keys until the reviewer decides about `s`; "s" or "q" when they leave the file."""
    keys = _keys(s, can_baseline)
    while True:
        key = ui.key(f"Accept? [{','.join(keys)}] ")
        if key in ("s", "q"):
            return key
        if _decide(ui, s, key, choices, can_baseline):
            return None
        if key == "b":
            ui.say("  no baseline: give --baseline FILE to record findings")
        elif key in ("y", "a") or key.isdigit():
            ui.say("  nothing to accept here: e to type a replacement, n to reject")
        else:
            ui.say(HELP)


def _decide(ui, s: Suggestion, key: str, choices: _Choices, can_baseline: bool) -> bool:
    """Act on one key; False when the key decides nothing about this finding."""
    if key in ("y", "a") and s.fixable:
        choices.accept(s, s.replacements[0])
        if key == "a":
            choices.auto_rules.add(s.rule)
    elif key.isdigit() and s.fixable and 1 <= int(key) <= min(9, len(s.replacements)):
        choices.accept(s, s.replacements[int(key) - 1])
    elif key == "n":
        choices.reject()
    elif key == "e":
        rep = ui.ask_replacement(s)
        if rep is None or rep == s.text:
            ui.say("  unchanged; rejected")
            choices.reject()
        else:
            choices.accept(s, rep, edited=True)
    elif key == "b" and can_baseline:
        choices.out.baselined.append(s)
        choices.reject()
        choices.tally.baselined += 1
    else:
        return False
    return True


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
