"""Whole-file findings kept between runs: an unchanged article is not checked again.

The paragraph cache (`copyedit.cache`) spares the grammar backends, but the
house rules still run, and building the engine (rule packs, the names index)
costs more than checking an article. A pre-commit hook, CI over a repository
and `fix` after `check` see mostly unchanged files, so, as ruff does, copyedit
keeps each file's findings as the engine gave them (before the run's own
scope: changed lines, baseline, min-level), under a key made of everything
that decides them:

- the file's text, path and format;
- the settings that reach the engine (not those of the run alone: min-level,
  fail-level, baseline, unsafe-fixes, the file size limit), and of those of
  the run, the least severe finding it shows or applies (`least_used`),
  which decides the Harper rules asked;
- copyedit's own code (every module's size and modification time), the
  Python version, and every installed distribution (the names of their
  metadata folders carry their versions: harper-py, wordfreq, the gazetteers);
- every rule pack, data file and word list the engine read when it was
  built, by size and modification time (`copyedit.inputs`). Which files those
  are is kept in the cache once per configuration, so a run can tell whether
  any changed without loading one.

Only local backends qualify (`Backend.local`: Harper's answers depend on
installed code alone); with LanguageTool, whose server can change under the
same settings, every run checks (its paragraphs stay cached). A document
that was not checked in full (a rule stopped by its time limit) is never
kept. The engine is built on the first file the cache does not know, so a
run that knows every file never builds it. Like the paragraph cache, this is
an optimisation, never a source of errors: anything unreadable is a miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path

from copyedit.inputs import seen, stamp
from copyedit.cache import ResultCache, copyedit_version
from copyedit.filters.display import least_used
from copyedit.model import Applicability, Severity, Suggestion

#: Bumped when what is stored, or what the key holds, changes.
FORMAT = 2
#: Settings that decide what a run shows or fails on; the engine sees them only through `least_used`.
RUN_ONLY = frozenset({"min_level", "fail_level", "unsafe_fixes", "baseline", "max_file_size", "source", "accept_file"})


def engine_for(settings, backends: tuple[str, ...] | None = None):
    """The engine a run checks with: behind the file cache where findings may be kept, else built now."""
    from copyedit.backends import registry

    if settings.cache and registry.all_local(backends or settings.backends):
        return RememberingEngine(settings, backends)
    from copyedit.engine import build_engine

    return build_engine(settings, backends)


class RememberingEngine:
    """An engine built on the first miss, in front of which every file's findings are remembered.

    It answers `check_text` as `Engine` does; anything else asked of it
    builds the engine and asks there.
    """

    def __init__(self, settings, backends: tuple[str, ...] | None = None, store: ResultCache | None = None):
        self.settings = settings
        self.backends = backends
        self.store = store if store is not None else ResultCache()
        self._engine = None
        self._base: str | None = None
        self._fingerprint: str | None = None
        #: Files answered from the cache, and files checked, for tests and benchmarks.
        self.hits = 0
        self.misses = 0
        #: Called once, on the first file the cache does not know, before the
        #: engine is built for it (`--jobs` starts its workers then).
        self.on_first_miss = None

    @property
    def built(self) -> bool:
        return self._engine is not None

    @property
    def engine(self):
        if self._engine is None:
            from copyedit.engine import build_engine

            self._engine = build_engine(self.settings, self.backends)
            self._fingerprint = None  # what the engine read is known now
        return self._engine

    @property
    def notes(self) -> list[str]:
        """What building the engine had to say (nothing, when it was not built)."""
        return self._engine.notes if self._engine is not None else []

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.engine, name)

    def check_text(self, path: str, text: str, fmt: str | None = None):
        key = self._key(path, text, fmt)
        if key is not None:
            known = decode(path, text, self.store.get_file(key))
            if known is not None:
                self.hits += 1
                return known
        self.misses += 1
        if self.on_first_miss is not None:
            first, self.on_first_miss = self.on_first_miss, None
            first()
        doc, found = self.engine.check_text(path, text, fmt)
        if not doc.incomplete:
            key = self._key(path, text, fmt, built=True)
            if key is not None:
                self.store.put_file(key, encode(doc, found))
        return doc, found

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
        self.store.close()

    # ------------------------------------------------------------------ key
    def _key(self, path: str, text: str, fmt: str | None, built: bool = False) -> str | None:
        """The key of one file's findings; None while the engine's input files are not known."""
        fingerprint = self._fingerprint or self._engine_fingerprint(built)
        if fingerprint is None:
            return None
        where = path if path == "-" else os.path.abspath(path)
        return _hash(fingerprint, where, fmt or "", text)

    def _engine_fingerprint(self, built: bool) -> str | None:
        """A hash of everything but the file that decides findings, or None (the engine's inputs unknown).

        After a build, the files it read are written down for later runs,
        with the stamps they had when read; before one, they are looked up
        and stamped now.
        """
        if self._base is None:
            self._base = base_fingerprint(self.settings, self.backends or self.settings.backends)
        name = f"filecache-inputs:{self._base}"
        if built and self._engine is not None:
            read = seen()
            self.store.set_meta(name, json.dumps(sorted(read)))
            stamps = [(p, list(read[p])) for p in sorted(read)]
        else:
            listed = _paths(self.store.get_meta(name))
            if listed is None:
                return None
            stamps = [(p, list(stamp(p))) for p in listed]
        self._fingerprint = _hash(self._base, json.dumps(stamps))
        return self._fingerprint


def _paths(raw: str | None) -> list[str] | None:
    try:
        paths = json.loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        return None
    return paths


def _hash(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def base_fingerprint(settings, backends: tuple[str, ...]) -> str:
    """Everything but the file and the engine's input files that decides what the engine finds."""
    fields = {k: v for k, v in dataclasses.asdict(settings).items() if k not in RUN_ONLY}
    return _hash(
        f"filecache {FORMAT}",
        copyedit_version(),
        sys.version,
        code_signature(),
        installed_signature(),
        json.dumps(fields, sort_keys=True, default=str),
        # What the run shows or applies decides what a backend is asked for.
        least_used(settings).value,
        json.dumps(list(backends)),
    )


@cache
def code_signature() -> str:
    """copyedit's modules by size and modification time: an edited checkout must not be served old findings."""
    return tree_signature(Path(__file__).resolve().parent)


def tree_signature(root: Path) -> str:
    """Every Python module under `root`, by relative path, size and modification time."""
    rows = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for n in sorted(names):
            if n.endswith(".py"):
                p = os.path.join(folder, n)
                rows.append(f"{os.path.relpath(p, root)} {stamp(p)}")
    return _hash(*rows)


@cache
def installed_signature() -> str:
    """Every installed distribution on the import path, by metadata folder (its name holds the version) and stamp."""
    rows = []
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as it:
                for e in it:
                    if e.name.endswith((".dist-info", ".egg-info")):
                        try:
                            rows.append(f"{entry} {e.name} {e.stat().st_mtime_ns}")
                        except OSError:
                            rows.append(f"{entry} {e.name}")
        except OSError:
            continue
    return _hash(*sorted(rows))


# ------------------------------------------------------------------ values
def encode(doc, found: list[Suggestion]) -> dict:
    return {
        "format": doc.format,
        "dialect": doc.dialect,
        "mixed": doc.dialect_mixed,
        "source": doc.dialect_source,
        "notes": list(doc.notes),
        "found": [_suggestion(s) for s in found],
    }


def _suggestion(s: Suggestion) -> list:
    return [
        s.start, s.end, s.text, list(s.replacements), s.rule, s.source, s.message,
        s.category, s.severity.value, s.applicability.value, list(s.sources), s.line, s.column,
    ]  # fmt: skip


def decode(path: str, text: str, value):
    """(document, findings) from a stored value, or None when it is not one this version wrote."""
    if not isinstance(value, dict):
        return None
    try:
        from copyedit.document import Document

        found = []
        for row in value["found"]:
            start, end, span, reps, rule, source, message, category, severity, applicability, sources, line, column = row
            if span != text[start:end]:
                return None
            found.append(
                Suggestion(
                    start=start, end=end, text=span, replacements=tuple(reps), rule=rule, source=source,
                    message=message, category=category, severity=Severity(severity),
                    applicability=Applicability(applicability), sources=tuple(sources), line=line, column=column,
                )  # fmt: skip
            )
        doc = Document(path=path, text=text, format=value["format"])
        doc.dialect, doc.dialect_mixed, doc.dialect_source = value["dialect"], bool(value["mixed"]), value["source"]
        doc.notes = [str(n) for n in value["notes"]]
    except (KeyError, TypeError, ValueError):
        return None
    return doc, found
