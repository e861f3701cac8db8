"""Checking and fixing one document with the project's editor, whatever goes wrong.

This is the only part of the server that runs copyedit itself. It picks the
editor for a document (see `settings`), and turns every failure into a
one-line message for the writer instead of a dead server: a broken config
or an unknown pack is reported and the document shows no findings; a
LanguageTool server that fails is reported once and Harper checks every
document from then on, until the settings or a config file change. Everything here runs on the server's single
worker thread, so the engines are never used by two threads at once.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from copyedit.lsp.settings import ClientSettings, editor_for, without_languagetool

if TYPE_CHECKING:
    from copyedit.api import Fixed

log = logging.getLogger("copyedit.lsp")


@dataclass
class Outcome:
    """What one check or fix produced, and what the writer should be told."""

    findings: list = field(default_factory=list)
    fixed: Fixed | None = None
    #: (level, message): level is "error", "warning" or "info".
    messages: list[tuple[str, str]] = field(default_factory=list)
    ok: bool = True


class Checks:
    def __init__(self) -> None:
        self.client = ClientSettings()
        self.root: str | None = None
        self._lock = threading.Lock()
        #: Why LanguageTool failed, once it has: Harper stands in for it from then on.
        self._lt_failed: str | None = None
        #: uri -> the settings repr its last check used, to release engines no one uses.
        self._used: dict[str, str] = {}
        self._editors: dict[str, object] = {}
        #: uri -> the last error told for it, so that a failure is said once, not per keystroke.
        self._told: dict[str, str] = {}

    def set_client(self, client: ClientSettings) -> None:
        with self._lock:
            self.client = client
            self._lt_failed = None
            self._told.clear()

    def retry_languagetool(self) -> None:
        """Give LanguageTool another chance (a config file changed: it may name another server)."""
        with self._lock:
            self._lt_failed = None

    # ----------------------------------------------------------------- editor
    def editor(self, path: str | None):
        editor = editor_for(path, self.root, self.client)
        if self._lt_failed is not None:
            editor = without_languagetool(editor) or editor
        return editor, repr(editor.settings)

    def _remember(self, uri: str, key: str, editor) -> None:
        """Note which settings checked `uri`, and release an engine no open document uses now."""
        with self._lock:
            old = self._used.get(uri)
            self._used[uri] = key
            self._editors[key] = editor
            if old is not None and old != key:
                self._release_unused(old)

    def _release_unused(self, key: str) -> None:
        """Drop the engine for `key` if no open document is checked with it (lock held)."""
        if key in self._used.values():
            return
        gone = self._editors.pop(key, None)
        release = getattr(gone, "release", None)
        if release is not None:
            release()

    def forget(self, uri: str) -> None:
        with self._lock:
            old = self._used.pop(uri, None)
            self._told.pop(uri, None)
            if old is not None:
                self._release_unused(old)

    # ------------------------------------------------------------------ runs
    def check(self, uri: str, path: str | None, text: str, fmt: str) -> Outcome:
        return self._run(uri, path, lambda ed: Outcome(findings=ed.check(text, fmt, path=path)))

    def fix(self, uri: str, path: str | None, text: str, fmt: str) -> Outcome:
        return self._run(uri, path, lambda ed: Outcome(fixed=ed.fix(text, fmt, path=path)))

    def warm(self, path: str | None) -> None:
        """Build the engine a first document will need, before it is opened."""
        try:
            editor, _ = self.editor(path)
            editor.check("Warm up.\n", "markdown")
        except Exception as e:  # noqa: BLE001 - reported when a document is checked
            log.info("warm-up failed: %s", e)

    def _run(self, uri: str, path: str | None, work) -> Outcome:
        from copyedit.backends import BackendError

        messages: list[tuple[str, str]] = []
        try:
            editor, key = self.editor(path)
        except Exception as e:  # noqa: BLE001 - a broken config must not stop the server
            return self._failed(uri, e)
        try:
            out = work(editor)
        except BackendError as e:
            fallback = without_languagetool(editor)
            if fallback is None:
                return self._failed(uri, e)
            with self._lock:
                first = self._lt_failed is None
                self._lt_failed = str(e)
            if first:
                messages.append(("warning", f"copyedit: {e}; checking with Harper instead"))
            editor, key = fallback, repr(fallback.settings)
            try:
                out = work(editor)
            except Exception as e2:  # noqa: BLE001
                return self._failed(uri, e2)
        except Exception as e:  # noqa: BLE001
            return self._failed(uri, e)
        self._remember(uri, key, editor)
        with self._lock:
            self._told.pop(uri, None)
        out.messages[:0] = messages
        return out

    def _failed(self, uri: str, error: Exception) -> Outcome:
        from copyedit.config import ConfigError

        if not isinstance(error, ConfigError) and type(error).__name__ not in ("PackError", "BackendError", "HarperError"):
            log.exception("check failed")
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        message = f"copyedit: error: {text}"
        with self._lock:
            if self._told.get(uri) == message:
                return Outcome(ok=False)
            self._told[uri] = message
        return Outcome(messages=[("error", message)], ok=False)


def log_to_stderr(level: str = "WARNING") -> None:
    """Log to standard error: standard output carries the protocol."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("copyedit lsp: %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(os.environ.get("COPYEDIT_LSP_LOG", level).upper())
