"""Running a rule's own examples as tests (`copyedit rules test`).

Every `bad` example must be reported by its rule and, when it gives `fixed`,
corrected to exactly that by `fix` with only that rule on; every `good`
example must draw nothing from it. Grammar backends are off, so a rule is
judged on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from copyedit.checkers import Context
from copyedit.checkers.registry import build_checkers
from copyedit.config import Settings
from copyedit.engine import Engine
from copyedit.fixer import fix_text
from copyedit.packs import Pack, RuleSpec


@dataclass
class Failure:
    rule: RuleSpec
    example: str
    problem: str

    def __str__(self) -> str:
        return f"{self.rule.file}: rule {self.rule.id!r}: {self.problem}: {self.example!r}"


def _engine_for(spec: RuleSpec, settings: Settings) -> Engine:
    dialect = spec.dialects[0] if spec.dialects else settings.dialect
    ctx = Context(dialect=dialect, regex_timeout=settings.regex_timeout)
    s = settings.replace(dialect=dialect, backends=("none",))
    return Engine(settings=s, packs=[], checkers=build_checkers([spec], ctx), rule_pack={spec.id: spec.pack})


def _path(fmt: str) -> str:
    return "example.md" if fmt == "markdown" else "example.txt"


def run_rule_examples(spec: RuleSpec, settings: Settings | None = None) -> list[Failure]:
    settings = settings or Settings()
    engine = _engine_for(spec, settings)
    failures = []
    for ex in spec.bad:
        _, found = engine.check_text(_path(ex.format), ex.text, ex.format)
        mine = [s for s in found if s.rule == spec.id]
        if not mine:
            failures.append(Failure(spec, ex.text, "bad example not reported"))
            continue
        if ex.fixed is not None:
            got = fix_text(engine, _path(ex.format), ex.text, ex.format, unsafe=True).text
            if got != ex.fixed:
                failures.append(Failure(spec, ex.text, f"fixed to {got!r}, expected {ex.fixed!r}"))
    for ex in spec.good:
        _, found = engine.check_text(_path(ex.format), ex.text, ex.format)
        mine = [s for s in found if s.rule == spec.id]
        if mine:
            s = mine[0]
            failures.append(Failure(spec, ex.text, f"good example reported at {s.start}..{s.end} ({s.text!r})"))
    return failures


def run_pack_examples(pack: Pack, settings: Settings | None = None) -> tuple[int, list[Failure]]:
    failures: list[Failure] = []
    n = 0
    for spec in pack.rules:
        n += len(spec.bad) + len(spec.good)
        failures.extend(run_rule_examples(spec, settings))
    return n, failures
