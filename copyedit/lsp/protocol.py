"""pygls's protocol, made to answer malformed requests and to leave document sync to the server."""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method


class _Rejected:
    """A request whose parameters could not be read: answered with an error, not dropped."""

    jsonrpc = "2.0"

    def __init__(self, msg_id, error: JsonRpcException):
        self.id = msg_id
        self.error = error


class CopyeditProtocol(LanguageServerProtocol):
    """pygls's protocol, less two things that do not suit this server.

    A request with malformed parameters reached pygls's read loop as an
    exception and was never answered, leaving the client waiting: here it is
    answered with InvalidParams. And document sync is the server's own
    (`Documents`), so pygls's copy of every document is not kept up too.
    """

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                return _Rejected(data["id"], exc)
            raise

    def handle_message(self, message):
        if isinstance(message, _Rejected):
            error = message.error
            if not isinstance(error, JsonRpcInvalidParams):
                error = JsonRpcInvalidParams(f"malformed request: {error}")
            self._send_response(message.id, error=error.to_response_error())
            return
        super().handle_message(message)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None
