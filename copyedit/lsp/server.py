"""The language server: LSP messages in, copyedit's findings out as diagnostics and actions.

pygls reads and writes the protocol on the event loop; copyedit checks on
one worker thread (`Checks`), so that the loop keeps reading edits while a
long document is checked. An edit after a pause is checked at once (a
writer who changes one word should not wait for a timer); an edit that
follows another within `debounceMs` waits until the edits pause that long.
Edits that arrive while a check runs are folded into one more check of the
latest text, and a result for text that has changed since is dropped rather
than published at the wrong places.
"""

from __future__ import annotations

import asyncio
import logging
import os

from lsprotocol import types
from pygls.capabilities import ServerCapabilitiesBuilder
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from copyedit import __version__
from copyedit.lsp import actions
from copyedit.lsp.accept import add_accepted, target_config
from copyedit.lsp.checks import Checks
from copyedit.lsp.diagnostics import to_diagnostic
from copyedit.lsp.documents import Documents, uri_to_path
from copyedit.lsp.edits import line_edits
from copyedit.lsp.positions import UTF16, normalise_encoding
from copyedit.lsp.protocol import CopyeditProtocol
from copyedit.lsp.settings import config_near, is_config_file, parse_client_settings
from copyedit.lsp.worker import Worker

log = logging.getLogger("copyedit.lsp")

_MESSAGE_TYPE = {"error": types.MessageType.Error, "warning": types.MessageType.Warning, "info": types.MessageType.Info}


class CopyeditServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("copyedit", __version__, protocol_cls=CopyeditProtocol)
        self.docs = Documents()
        self.checks = Checks()
        self.encoding = UTF16
        self.document_changes = False
        self.resolve_edits = False
        self.worker = Worker()
        #: uri -> (text, version, diagnostics) of the last published check.
        self.published: dict[str, tuple[str, int | None, list]] = {}
        #: uri -> (text, fixed text) of the last "fix all", for the resolve that follows.
        self._fixed: dict[str, tuple[str, str]] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._running: dict[str, asyncio.Task] = {}
        self._dirty: set[str] = set()
        self._last_edit: dict[str, float] = {}
        #: What the client sent at start, under what it sends later.
        self.init_options = None

    # ------------------------------------------------------------- messages
    def tell(self, messages) -> None:
        for level, text in messages:
            self.window_show_message(types.ShowMessageParams(type=_MESSAGE_TYPE.get(level, types.MessageType.Info), message=text))

    def report_server_error(self, error, source):
        """Log what went wrong; the writer hears of failures that concern them from `tell`."""
        log.error("%s: %s", getattr(source, "__name__", source), error)

    # ------------------------------------------------------------- checking
    def schedule(self, uri: str, delay: float = 0.0) -> None:
        """Check `uri` after `delay` seconds, unless another edit comes first."""
        loop = asyncio.get_running_loop()
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self._timers[uri] = loop.call_later(max(0.0, delay), self._kick, uri)

    def edited(self, uri: str) -> None:
        """Schedule the check an edit calls for: at once after a pause, else once the edits pause."""
        now = asyncio.get_running_loop().time()
        wait = self.checks.client.debounce_ms / 1000
        quiet = now - self._last_edit.get(uri, float("-inf")) >= wait
        self._last_edit[uri] = now
        idle = uri not in self._timers and uri not in self._running
        self.schedule(uri, 0.0 if quiet and idle else wait)

    def _kick(self, uri: str) -> None:
        self._timers.pop(uri, None)
        if uri in self._running:
            self._dirty.add(uri)
            return
        self._running[uri] = asyncio.get_running_loop().create_task(self._check_loop(uri))

    async def _check_loop(self, uri: str) -> None:
        try:
            while True:
                self._dirty.discard(uri)
                done = await self.check_now(uri)
                if done or uri not in self._dirty:
                    return
        finally:
            self._running.pop(uri, None)

    async def check_now(self, uri: str) -> bool:
        """Check the document's current text and publish, unless it changed meanwhile.

        Returns whether the published result is for the current text.
        """
        doc = self.docs.get(uri)
        if doc is None or doc.fmt is None:
            return True
        text, version, fmt, path = doc.text, doc.version, doc.fmt, doc.path
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(self.worker, self.checks.check, uri, path, text, fmt)
        self.tell(outcome.messages)
        doc = self.docs.get(uri)
        if doc is None:
            return True
        if doc.text != text:
            return False
        index = doc.index
        diagnostics = [to_diagnostic(f, index, self.encoding) for f in outcome.findings]
        self.published[uri] = (text, version, diagnostics)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))
        return True

    def recheck_all(self) -> None:
        for doc in self.docs:
            self.schedule(doc.uri)

    async def fixed_text(self, doc) -> str | None:
        """What `copyedit fix` would write for the document's current text (None on failure)."""
        cached = self._fixed.get(doc.uri)
        if cached is not None and cached[0] == doc.text:
            return cached[1]
        text = doc.text
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(self.worker, self.checks.fix, doc.uri, doc.path, text, doc.fmt)
        self.tell(outcome.messages)
        if not outcome.ok or outcome.fixed is None:
            return None
        self._fixed[doc.uri] = (text, outcome.fixed.text)
        return outcome.fixed.text

    def _has_safe(self, doc) -> bool:
        """Whether the last check of this text found something "fix all" would change."""
        published = self.published.get(doc.uri)
        if published is None or published[0] != doc.text:
            return True  # not known yet: offer it, and let the edit say
        return any(isinstance(d.data, dict) and d.data.get("safe") for d in published[2])

    async def _fix_all_edit(self, doc) -> types.WorkspaceEdit | None:
        text = doc.text
        fixed = await self.fixed_text(doc)
        if fixed is None or doc.text != text:
            return None
        return actions.workspace_edit(doc, line_edits(text, fixed), self.encoding, self.document_changes)

    async def add_word(self, uri: str, word: str):
        """Write the word into the project's vocabulary, then check again so its findings go."""
        from copyedit.config import ConfigError

        doc = self.docs.get(uri)
        path = doc.path if doc is not None else uri_to_path(uri)
        word = str(word).strip()
        if not word:
            raise JsonRpcInvalidParams("no word given")
        try:
            target = target_config(config_near(path, self.checks.root), os.path.dirname(path) if path else None, self.checks.root)
            added = await asyncio.get_running_loop().run_in_executor(self.worker, add_accepted, target, word)
        except ConfigError as e:
            self.tell([("error", f"copyedit: error: {e}")])
            return None
        self._fixed.clear()
        for other in self.docs:
            await self.check_now(other.uri)
        return {"file": str(target), "added": added}


def build() -> CopyeditServer:
    """A server with every feature registered (a fresh one each call, for tests)."""
    ls = CopyeditServer()

    @ls.feature(types.INITIALIZE)
    def initialize(ls: CopyeditServer, params: types.InitializeParams):
        ls.encoding = normalise_encoding(ServerCapabilitiesBuilder.choose_position_encoding(params.capabilities))
        caps = params.capabilities
        ws = caps.workspace
        ls.document_changes = bool(ws and ws.workspace_edit and ws.workspace_edit.document_changes)
        ca = caps.text_document.code_action if caps.text_document else None
        ls.resolve_edits = bool(ca and ca.resolve_support and "edit" in (ca.resolve_support.properties or []))
        root = None
        if params.workspace_folders:
            root = uri_to_path(params.workspace_folders[0].uri)
        elif params.root_uri:
            root = uri_to_path(params.root_uri)
        elif params.root_path:
            root = params.root_path
        ls.checks.root = root
        ls.init_options = params.initialization_options
        client = parse_client_settings(ls.init_options)
        ls.checks.set_client(client)
        ls.tell(("warning", f"copyedit: {e}") for e in client.errors)
        asyncio.get_running_loop().run_in_executor(ls.worker, ls.checks.warm, root)

    @ls.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: CopyeditServer, params: types.DidChangeConfigurationParams):
        client = parse_client_settings(ls.init_options, params.settings)
        ls.tell(("warning", f"copyedit: {e}") for e in client.errors)
        ls.checks.set_client(client)
        ls._fixed.clear()
        ls.recheck_all()

    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CopyeditServer, params: types.DidOpenTextDocumentParams):
        item = params.text_document
        ls.docs.open(item.uri, item.text, item.version, item.language_id)
        ls.schedule(item.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CopyeditServer, params: types.DidChangeTextDocumentParams):
        doc = ls.docs.get(params.text_document.uri)
        if doc is None:
            return
        for change in params.content_changes:
            rng = getattr(change, "range", None)
            if rng is None:
                doc.apply(None, None, change.text)
            else:
                doc.apply((rng.start.line, rng.start.character), (rng.end.line, rng.end.character), change.text, ls.encoding)
        doc.version = params.text_document.version
        ls.edited(doc.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: CopyeditServer, params: types.DidSaveTextDocumentParams):
        if is_config_file(uri_to_path(params.text_document.uri)):
            ls.checks.retry_languagetool()
            ls._fixed.clear()
            ls.recheck_all()
        elif ls.docs.get(params.text_document.uri) is not None:
            ls.schedule(params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CopyeditServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        timer = ls._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        doc = ls.docs.get(uri)
        known = doc is not None and doc.fmt is not None
        ls.docs.close(uri)
        ls._last_edit.pop(uri, None)
        ls.checks.forget(uri)
        ls.published.pop(uri, None)
        ls._fixed.pop(uri, None)
        if known:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @ls.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll], resolve_provider=True),
    )
    async def code_action(ls: CopyeditServer, params: types.CodeActionParams):
        doc = ls.docs.get(params.text_document.uri)
        if doc is None or doc.fmt is None:
            return None
        only = params.context.only
        out: list[types.CodeAction] = []
        if actions.wanted(only, types.CodeActionKind.QuickFix.value):
            mine = [d for d in params.context.diagnostics or () if d.source == "copyedit"]
            if not mine:
                published = ls.published.get(doc.uri)
                if published is not None and published[0] == doc.text:
                    mine = actions.overlapping(published[2], params.range)
            for d in mine:
                out.extend(actions.quick_fixes(doc, d, ls.encoding, ls.document_changes))
        if actions.wanted(only, types.CodeActionKind.SourceFixAll.value) and ls._has_safe(doc):
            if ls.resolve_edits:
                out.append(actions.fix_all_action(doc))
            elif only or params.context.trigger_kind != types.CodeActionTriggerKind.Automatic:
                edit = await ls._fix_all_edit(doc)
                if edit is not None:
                    out.append(actions.fix_all_action(doc, edit))
        return out

    @ls.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: CopyeditServer, action: types.CodeAction):
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        doc = ls.docs.get(uri) if isinstance(uri, str) else None
        if not data.get("fixAll") or doc is None or doc.fmt is None:
            return action
        action.edit = await ls._fix_all_edit(doc)
        return action

    @ls.command(actions.ADD_WORD)
    async def add_word(ls: CopyeditServer, uri: str, word: str):
        return await ls.add_word(uri, word)

    return ls



def serve(stdin=None, stdout=None) -> None:
    """Speak LSP over standard input and output until the client says exit."""
    import sys

    from copyedit.lsp.checks import log_to_stderr

    log_to_stderr()
    out = stdout or sys.stdout.buffer
    # Only the protocol may reach standard output: anything printed by the way
    # (a backend's notice) would corrupt the stream.
    sys.stdout = sys.stderr
    build().start_io(stdin or sys.stdin.buffer, out)
