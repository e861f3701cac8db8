"""`copyedit lsp` end to end: a real LSP client (pytest-lsp) drives the server over stdio.

What an editor would see: diagnostics at exact ranges (after emoji and CJK
text too, in each position encoding), edits that make the text `copyedit fix`
writes, incremental edits kept in step, the vocabulary action that writes the
config and clears the finding, settings from the client, a failing
LanguageTool, malformed requests and a random storm of edits survived.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
from pathlib import Path
from typing import Union

import pytest

pytest.importorskip("pytest_lsp")

import pytest_asyncio  # noqa: E402
from lsprotocol import types  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pytest_lsp import LanguageClient, client_capabilities  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

from conftest import copyedit_cmd  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

SERVER = [sys.executable, "-m", "copyedit", "lsp", "--stdio"]


def _env(cache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "COPYEDIT_LT_URL"}
    env.update(COPYEDIT_CACHE_DIR=str(cache), NO_COLOR="1", COPYEDIT_LT_RETRIES="0", COPYEDIT_LT_TIMEOUT="5")
    return env


def _client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics in order (with its version)."""
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    register_lsp_features(client, features)
    client.published = []
    # lsprotocol reads any code action with a "command" key as a bare Command,
    # though a CodeAction's command is an object and a Command's a string.
    converter = client.protocol._converter

    def command_or_action(obj, _):
        bare = isinstance(obj.get("command"), str)
        return converter.structure(obj, types.Command if bare else types.CodeAction)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], command_or_action)  # noqa: UP007 - spelled as lsprotocol spells its own unions
    return client


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


async def _published(client, uri: str, version: int, timeout: float = 60.0) -> list[types.Diagnostic]:
    """The diagnostics the server publishes for this version of the document."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for p in reversed(client.published):
            if p.uri == uri and p.version == version:
                return list(p.diagnostics)
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no diagnostics for {uri} version {version} within {timeout}s")
        await asyncio.sleep(0.01)


def _open(client, uri: str, text: str, version: int = 1, language: str = "markdown") -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))


def _change(client, uri: str, version: int, changes) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=changes)
    )


def _pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def _range(l1: int, c1: int, l2: int, c2: int) -> types.Range:
    return types.Range(start=_pos(l1, c1), end=_pos(l2, c2))


# An editor's side of the arithmetic, written apart from the server's: UTF-16 columns.
def _offset(text: str, pos: types.Position) -> int:
    lines = text.splitlines(keepends=True) if "\u2028" not in text else None
    assert lines is not None  # the texts here break lines only at \n
    start = sum(len(ln) for ln in lines[: pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= pos.character:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(line.rstrip("\n"))


def _apply(text: str, edits) -> str:
    """A workspace edit's TextEdits, all counted in the text before any of them."""
    spans = sorted(((_offset(text, e.range.start), _offset(text, e.range.end), e.new_text) for e in edits), reverse=True)
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def _changed(text: str, changes) -> str:
    """didChange content changes, each counted in the text the one before left."""
    for c in changes:
        text = _apply(text, [types.TextEdit(range=c.range, new_text=c.text)])
    return text


def _edits_of(edit: types.WorkspaceEdit, uri: str):
    if edit.document_changes:
        return [e for dc in edit.document_changes if dc.text_document.uri == uri for e in dc.edits]
    return list((edit.changes or {}).get(uri, []))


def _by_code(diags, code: str) -> list[types.Diagnostic]:
    return [d for d in diags if d.code == code]


async def _start(cache: Path, capabilities: types.ClientCapabilities, root: Path, options=None) -> LanguageClient:
    client = _client()
    await client.start_io(*SERVER, env=_env(cache))
    client.init_result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=_uri(root),
            workspace_folders=[types.WorkspaceFolder(uri=_uri(root), name=root.name)],
            initialization_options=options,
        )
    )
    return client


async def _stop(client: LanguageClient) -> None:
    await client.shutdown_session()
    await client.stop()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ws")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def vscode(tmp_path_factory, workspace):
    """One server for the module, started as VS Code would (UTF-16, resolvable code actions)."""
    client = await _start(tmp_path_factory.mktemp("cache"), client_capabilities("visual-studio-code"), workspace)
    yield client
    await _stop(client)


async def _actions(client, uri: str, rng: types.Range, diagnostics=(), only=None) -> list[types.CodeAction]:
    context = types.CodeActionContext(diagnostics=list(diagnostics), only=only, trigger_kind=types.CodeActionTriggerKind.Invoked)
    result = await client.text_document_code_action_async(types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=rng, context=context))
    return [a for a in result or () if isinstance(a, types.CodeAction)]


# ----------------------------------------------------------------- diagnostics
LINE = "Emoji 😀 and 中文 then sat,on the the mat."
DOC = f"# Café 😀\n\n{LINE}\n\nThe flanker tackld him.\n"  # the spelling advice is info
# comma-space and doubled-word on line 2, as (start, end) columns per encoding:
# the emoji is 1 code point, 2 UTF-16 units, 4 UTF-8 bytes; each CJK character 1, 1, 3.
COLUMNS = {
    "utf-32": {"comma-space": (23, 24), "doubled-word": (30, 34)},
    "utf-16": {"comma-space": (24, 25), "doubled-word": (31, 35)},
    "utf-8": {"comma-space": (30, 31), "doubled-word": (37, 41)},
}


async def test_diagnostics_have_exact_ranges_after_emoji_and_cjk(vscode, workspace):
    assert vscode.init_result.capabilities.position_encoding == "utf-16"  # VS Code offers no other
    assert vscode.init_result.server_info.name == "copyedit"
    uri = _uri(workspace / "ranges.md")
    _open(vscode, uri, DOC)
    diags = await _published(vscode, uri, 1)
    for code, (a, b) in COLUMNS["utf-16"].items():
        (d,) = _by_code(diags, code)
        assert d.range == _range(2, a, 2, b), code
        assert d.source == "copyedit" and d.severity == types.DiagnosticSeverity.Error
    (comma,) = _by_code(diags, "comma-space")
    assert not _by_code(diags, "harper:SpellCheck")  # info is below the default min-level
    assert comma.message == "Missing space after a comma. -> ', '"
    assert comma.data == {"text": ",", "replacements": [", "], "safe": True}


@pytest.mark.parametrize("caps", ["neovim@v0.11.0", "utf-32"])
async def test_positions_in_the_encoding_the_client_offers(caps, tmp_path):
    if caps == "utf-32":
        capabilities = types.ClientCapabilities(general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf32]))
        encoding = "utf-32"
    else:
        capabilities = client_capabilities(caps)  # Neovim offers utf-8 first
        encoding = "utf-8"
    # settings at start, bare or under a section, apply (and Neovim's empty settings after do not undo them)
    options = {"copyedit": {"minLevel": "info"}} if encoding == "utf-8" else {"min-level": "info"}
    client = await _start(tmp_path / "cache", capabilities, tmp_path, options)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={}))
    try:
        assert client.init_result.capabilities.position_encoding == encoding
        assert client.init_result.capabilities.text_document_sync.change == types.TextDocumentSyncKind.Incremental
        uri = _uri(tmp_path / "enc.md")
        _open(client, uri, DOC)
        diags = await _published(client, uri, 1)
        for code, (a, b) in COLUMNS[encoding].items():
            (d,) = _by_code(diags, code)
            assert d.range == _range(2, a, 2, b), (encoding, code)
        (spelling,) = _by_code(diags, "harper:SpellCheck")
        assert spelling.range == _range(4, 12, 4, 18) and spelling.severity == types.DiagnosticSeverity.Information
        # and an incremental edit counted in the same units lands where it should
        a, _ = COLUMNS[encoding]["comma-space"]
        _change(client, uri, 2, [types.TextDocumentContentChangePartial(range=_range(2, a + 1, 2, a + 1), text=" ")])
        diags = await _published(client, uri, 2)
        assert not _by_code(diags, "comma-space") and len(_by_code(diags, "doubled-word")) == 1
    finally:
        await _stop(client)


# ----------------------------------------------------------------- code actions
FIX_DOC = "# Notes 😀\n\nThe cat sat,on the the mat.\n\nIt was a important day for russia.\n\n- one item\n- two,items here\n"


def _cli_fix(path: Path) -> str:
    r = subprocess.run([*copyedit_cmd(), "fix", "--exit-zero", "--no-show-remaining", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return path.read_bytes().decode("utf-8")


async def test_fix_all_makes_exactly_what_copyedit_fix_writes(vscode, workspace, tmp_path):
    path = workspace / "fixall.md"
    uri = _uri(path)
    _open(vscode, uri, FIX_DOC)
    await _published(vscode, uri, 1)
    found = await _actions(vscode, uri, _range(0, 0, 0, 0), only=[types.CodeActionKind.SourceFixAll])
    (action,) = [a for a in found if a.kind == types.CodeActionKind.SourceFixAll]
    assert action.edit is None  # VS Code resolves it when chosen
    resolved = await vscode.code_action_resolve_async(action)
    fixed = _apply(FIX_DOC, _edits_of(resolved.edit, uri))
    copy = tmp_path / "fixall.md"
    copy.write_bytes(FIX_DOC.encode("utf-8"))
    assert fixed == _cli_fix(copy) != FIX_DOC
    assert "sat, on the mat" in fixed and "an important" in fixed


async def test_quick_fix_replaces_just_its_span_and_is_preferred_when_safe(vscode, workspace):
    uri = _uri(workspace / "quick.md")
    _open(vscode, uri, FIX_DOC)
    diags = await _published(vscode, uri, 1)
    (comma,) = [d for d in _by_code(diags, "comma-space") if d.range.start.line == 2]
    found = await _actions(vscode, uri, comma.range, [comma])
    preferred = [a for a in found if a.is_preferred]
    assert [a.title for a in preferred] == ["Replace ',' with ', '"]
    assert _apply(FIX_DOC, _edits_of(preferred[0].edit, uri)) == FIX_DOC.replace("sat,on", "sat, on")
    assert any(a.title == "Disable comma-space on this line" for a in found)
    # a diagnostic whose text has changed since offers nothing rather than a misplaced edit
    _change(vscode, uri, 2, [types.TextDocumentContentChangePartial(range=_range(2, 4, 2, 7), text="dog!")])  # the comma moves on
    assert [a for a in await _actions(vscode, uri, comma.range, [comma]) if a.kind == types.CodeActionKind.QuickFix] == []


async def test_disable_line_action_silences_only_that_rule_on_that_line(vscode, workspace):
    uri = _uri(workspace / "disable.md")
    _open(vscode, uri, FIX_DOC)
    diags = await _published(vscode, uri, 1)
    (doubled,) = _by_code(diags, "doubled-word")
    found = await _actions(vscode, uri, doubled.range, [doubled])
    (action,) = [a for a in found if a.title == "Disable doubled-word on this line"]
    edits = _edits_of(action.edit, uri)
    text = _apply(FIX_DOC, edits)
    assert "<!-- copyedit-disable-next-line doubled-word -->\nThe cat sat,on the the mat." in text
    _change(vscode, uri, 2, [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits])
    after = await _published(vscode, uri, 2)
    assert not _by_code(after, "doubled-word")
    assert [d.range.start.line for d in _by_code(after, "comma-space")] == [3, 8]  # the rest shifted a line down


async def test_add_word_writes_the_config_and_the_finding_goes(vscode, workspace):
    folder = workspace / "team"
    folder.mkdir()
    cfg = folder / ".copyedit.toml"
    before = '# house settings\nmin-level = "info"   # show advice too\n\n[languagetool]\npicky = false\n'
    cfg.write_text(before, encoding="utf-8")
    uri = _uri(folder / "match.md")
    text = "The loosehead prop ran well.\n\nThe loosehead's boots.\n"
    _open(vscode, uri, text)
    diags = await _published(vscode, uri, 1)
    spelled = [d for d in diags if d.code == "harper:SpellCheck"]
    assert spelled and spelled[0].data["word"] == "loosehead"
    found = await _actions(vscode, uri, spelled[0].range, spelled[:1])
    (action,) = [a for a in found if a.command is not None]
    assert action.title == "Add 'loosehead' to the vocabulary"
    seen = len(vscode.published)
    result = await vscode.workspace_execute_command_async(types.ExecuteCommandParams(command=action.command.command, arguments=action.command.arguments))
    assert result == {"file": str(cfg.resolve()), "added": True}
    after = cfg.read_text(encoding="utf-8")
    assert after.startswith(before) and after.endswith('[vocabulary]\naccept = ["loosehead"]\n')
    fresh = [p for p in vscode.published[seen:] if p.uri == uri]
    assert fresh and not [d for d in fresh[-1].diagnostics if d.code == "harper:SpellCheck"]


# ----------------------------------------------------------------- incremental edits
async def test_incremental_edits_move_diagnostics_with_the_text(vscode, workspace):
    uri = _uri(workspace / "incremental.md")
    text = "# Title\n\nThe cat sat,on the mat.\n"
    _open(vscode, uri, text)
    (comma,) = _by_code(await _published(vscode, uri, 1), "comma-space")
    assert comma.range == _range(2, 11, 2, 12)
    steps = [
        [types.TextDocumentContentChangePartial(range=_range(2, 0, 2, 0), text="😀 ")],  # emoji before the slip
        [types.TextDocumentContentChangePartial(range=_range(2, 18, 2, 21), text="the the")],  # a new doubled word
        [types.TextDocumentContentChangePartial(range=_range(2, 15, 2, 15), text=" ")],  # the comma slip fixed
        [types.TextDocumentContentChangePartial(range=_range(3, 0, 3, 0), text="\nIt was a important day.\n")],  # a new paragraph
    ]
    expected_text = text
    for version, changes in enumerate(steps, start=2):
        _change(vscode, uri, version, changes)
        expected_text = _changed(expected_text, changes)
    diags = await _published(vscode, uri, len(steps) + 1)
    assert expected_text == "# Title\n\n😀 The cat sat, on the the mat.\n\nIt was a important day.\n"
    assert not _by_code(diags, "comma-space")
    (doubled,) = _by_code(diags, "doubled-word")
    assert doubled.range == _range(2, 22, 2, 26)
    assert [d.range for d in _by_code(diags, "harper:AnA")] == [_range(4, 7, 4, 8)]
    # the same text opened whole gives the same diagnostics
    other = _uri(workspace / "incremental-whole.md")
    _open(vscode, other, expected_text)
    assert await _published(vscode, other, 1) == diags


async def test_a_storm_of_random_edits_leaves_the_server_in_step(vscode, workspace):
    """Seeded random edits, sent without waiting: the server's text must end as the client's."""
    rng = random.Random(15)
    pieces = ["a", "the the ", "sat,on ", "😀", "中文", "é", "\n", "\n\n", " ", ",", "It was a important day. ", ""]
    uri = _uri(workspace / "storm.md")
    text = "# Storm\n\nThe cat sat on the mat.\n"
    _open(vscode, uri, text)
    version = 1
    for _ in range(150):
        lines = text.split("\n")
        l1 = rng.randrange(len(lines))
        l2 = min(len(lines) - 1, l1 + rng.choice([0, 0, 0, 1]))
        units = lambda s: sum(2 if ord(c) > 0xFFFF else 1 for c in s)  # noqa: E731
        c1 = rng.randint(0, units(lines[l1]))
        c2 = rng.randint(0, units(lines[l2])) if l2 > l1 else rng.randint(c1, units(lines[l1]))
        # never split a surrogate pair: an editor's positions fall between characters
        c1 = units(_prefix(lines[l1], c1))
        c2 = units(_prefix(lines[l2], c2))
        change = types.TextDocumentContentChangePartial(range=_range(l1, c1, l2, c2), text=rng.choice(pieces))
        version += 1
        _change(vscode, uri, version, [change])
        text = _changed(text, [change])
        if rng.random() < 0.1:
            await asyncio.sleep(0.05)  # let some checks start mid-storm
    diags = await _published(vscode, uri, version)
    other = _uri(workspace / "storm-whole.md")
    _open(vscode, other, text)
    assert await _published(vscode, other, 1) == diags
    # and it still answers requests
    assert isinstance(await _actions(vscode, uri, _range(0, 0, 0, 0)), list)


def _prefix(line: str, units: int) -> str:
    out, n = [], 0
    for ch in line:
        w = 2 if ord(ch) > 0xFFFF else 1
        if n + w > units:
            break
        out.append(ch)
        n += w
    return "".join(out)


# ----------------------------------------------------------------- settings and failures
async def test_settings_from_the_client_apply_and_bad_ones_are_reported(vscode, workspace):
    uri = _uri(workspace / "settings.md")
    text = "The flanker tackld him.\n"
    _open(vscode, uri, text)
    assert not await _published(vscode, uri, 1)  # the spelling advice is info: not shown by default
    try:
        seen = len(vscode.published)
        vscode.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"copyedit": {"minLevel": "info"}}))
        diags = await _until(vscode, uri, seen, lambda ds: bool(ds))
        assert [d.code for d in diags] == ["harper:SpellCheck"] and diags[0].severity == types.DiagnosticSeverity.Information
        told = len(vscode.messages)
        vscode.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"copyedit": {"minLevel": "info", "dialect": "martian"}}))
        await _wait(lambda: len(vscode.messages) > told)
        assert "unknown dialect 'martian'" in vscode.messages[told].message
        assert vscode.messages[told].type == types.MessageType.Warning
    finally:
        vscode.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"copyedit": {}}))


async def test_a_failing_languagetool_falls_back_to_harper_with_one_message(vscode, workspace):
    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    uri = _uri(workspace / "lt.md")
    _open(vscode, uri, "It was a important day.\n")
    await _published(vscode, uri, 1)
    told = len(vscode.messages)
    seen = len(vscode.published)
    try:
        vscode.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"copyedit": {"backends": ["harper", "languagetool"], "languagetoolUrl": f"http://127.0.0.1:{port}"}})
        )
        diags = await _until(vscode, uri, seen, lambda ds: bool(ds))
        assert [d.code for d in diags] == ["harper:AnA"]  # Harper still checks
        _change(vscode, uri, 2, [types.TextDocumentContentChangePartial(range=_range(0, 0, 0, 0), text="So ")])
        await _published(vscode, uri, 2)
        said = [m for m in vscode.messages[told:] if "LanguageTool" in m.message]
        assert len(said) == 1 and "Harper" in said[0].message and said[0].type == types.MessageType.Warning
    finally:
        vscode.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"copyedit": {}}))


def _raw(client: LanguageClient, body: bytes) -> None:
    """Bytes straight onto the server's input, as a broken client would send them."""
    client.protocol.writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)


async def _raw_request(client: LanguageClient, method: str, params):
    """A request whose parameters no typed client would build; the server's answer (or error)."""
    import concurrent.futures
    import json
    import uuid

    msg_id = f"raw-{uuid.uuid4()}"
    answer: concurrent.futures.Future = concurrent.futures.Future()
    client.protocol._request_futures[msg_id] = answer
    _raw(client, json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}).encode())
    return await asyncio.wait_for(asyncio.wrap_future(answer), 30)


async def test_malformed_requests_get_errors_and_the_server_keeps_serving(vscode, workspace):
    from pygls.exceptions import JsonRpcException

    uri = _uri(workspace / "robust.md")
    _open(vscode, uri, "The cat sat,on the mat.\n")
    await _published(vscode, uri, 1)
    bad = [
        ("textDocument/codeAction", {"textDocument": 5, "range": "nowhere"}, -32602),  # invalid params
        ("workspace/executeCommand", {"command": "copyedit.addToVocabulary", "arguments": []}, -32602),
        ("workspace/executeCommand", {"command": "copyedit.addToVocabulary", "arguments": [uri, ""]}, -32602),
        ("copyedit/noSuchMethod", {}, -32601),  # method not found
    ]
    for method, params, code in bad:
        with pytest.raises(JsonRpcException) as err:
            await _raw_request(vscode, method, params)
        assert err.value.code == code, (method, err.value)
    _raw(vscode, b"{not json")  # no answer is possible without an id; it must not stop the server
    # a change to a document never opened, and one with a range past the end, break nothing
    _change(vscode, _uri(workspace / "never-opened.md"), 2, [types.TextDocumentContentChangePartial(range=_range(0, 0, 0, 0), text="x")])
    _change(vscode, uri, 2, [types.TextDocumentContentChangePartial(range=_range(40, 0, 99, 99), text=" The the end.")])
    diags = await _published(vscode, uri, 2)
    assert {d.code for d in diags} == {"comma-space", "doubled-word"}
    assert await _actions(vscode, uri, diags[0].range, diags[:1])


async def _wait(condition, timeout: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.01)


async def _until(client, uri: str, seen: int, ok, timeout: float = 60.0) -> list:
    """The first diagnostics for `uri` published after the `seen`-th that satisfy `ok`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for p in client.published[seen:]:
            if p.uri == uri and ok(p.diagnostics):
                return list(p.diagnostics)
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no matching diagnostics for {uri}")
        await asyncio.sleep(0.01)
