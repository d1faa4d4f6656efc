"""The ASGI server: daphne, refusing oversized request bodies as they arrive.

    python -m aura_site.serve -b 127.0.0.1 -p 7420 aura_site.asgi:application

Takes daphne's command line unchanged (``-b``, ``-p``, ``-u``, ``--fd``,
``-e``, the application path…). The difference is in the HTTP protocol:
daphne (on Twisted) reads a whole request body — to memory or a temporary
file, then onto the application's queue — before the application sees the
request, so no Django middleware can refuse a large body in time. Here the
request refuses it itself, from its headers or while it arrives:

- ``Content-Length`` over ``AURA_MAX_BODY_BYTES`` (over
  ``AURA_SNAPSHOT_MAX_BYTES`` for a raw snapshot upload, ``POST
  /v1/snapshots?path=…``) → 413 ``payload_too_large`` at once, before a byte
  of the body is read;
- a chunked body is counted as it arrives and cut off with the same 413 when
  it passes the limit; one that stays under it reaches the application with
  its ``Content-Length`` set (Django reads a body by its length);
- ``/v1/events`` takes no body: a POST (or any method but GET, HEAD and
  OPTIONS) → 405 ``method_not_allowed``, any body (a length over 0, or
  chunked) → 413, both before reading.

A refusal is the API's JSON error (with ``X-Request-Id``) and
``Connection: close``; the server then stops sending, throws away whatever
the client still sends (so the client gets to read the answer), and closes
the connection once the client does, or after ``LINGER_SECONDS``.
"""

import daphne.server  # noqa: I001 - first: it installs Twisted's asyncio reactor
import io
import json
import logging
import sys
from http import HTTPStatus
from urllib.parse import unquote

from daphne.cli import CommandLineInterface
from daphne.http_protocol import HTTPFactory, WebRequest
from twisted.internet import reactor

logger = logging.getLogger("aura.serve")

LINGER_SECONDS = 10.0
NO_BODY_PATH = "/v1/events"
NO_BODY_METHODS = {b"GET", b"HEAD", b"OPTIONS"}


def _limit():
    from aura_site.api.middleware import max_body_bytes

    return max_body_bytes()


def _snapshot_limit():
    from django.conf import settings

    return min(settings.AURA_SNAPSHOT_MAX_BYTES, _limit())


def is_raw_snapshot(method, path, query):
    """A raw snapshot upload (``POST /v1/snapshots?path=…``): its body is the
    content, limited by AURA_SNAPSHOT_MAX_BYTES (docs/api/snapshots.md)."""
    from urllib.parse import parse_qs

    return method == b"POST" and path == "/v1/snapshots" and "path" in parse_qs(query, keep_blank_values=True)


def _discard(data):
    """The channel's ``dataReceived`` once a request is refused."""


class BodyLimitedRequest(WebRequest):
    """daphne's request, with the body limit enforced while it is received."""

    refused = False
    received = 0
    snapshot = False
    body_chunked = False  # (Twisted's own "chunked" is the response's encoding)

    # --- Twisted's callbacks, in the order they come ---------------------------------------------
    def gotLength(self, length):
        """The headers are in; ``length`` is None for a chunked body."""
        self.body_chunked = length is None
        method = getattr(self.channel, "_command", b"")
        target = getattr(self.channel, "_path", b"") or b""
        raw_path, _, query = target.decode("latin-1").partition("?")
        path = unquote(raw_path)
        self.snapshot = is_raw_snapshot(method, path, query)
        if path == NO_BODY_PATH and method not in NO_BODY_METHODS:
            self.refuse(405, "method_not_allowed", f"{NO_BODY_PATH} does not accept {method.decode('latin-1')}.",
                        hint="Poll with GET /v1/events, or subscribe with GET /v1/events?subscribe=true.",
                        headers={"Allow": "GET, HEAD, OPTIONS"})
        elif path == NO_BODY_PATH and (self.body_chunked or length):
            self.refuse(413, "payload_too_large", f"{NO_BODY_PATH} takes no request body.",
                        hint="Send the request without a body.")
        elif length is not None and length > self.limit():
            self.too_large()
        else:
            super().gotLength(length)  # the body's spool: memory when small, else a temporary file

    def handleContentChunk(self, data):
        if self.refused:
            return
        self.received += len(data)
        if self.received > self.limit():
            self.too_large()
            return
        super().handleContentChunk(data)

    def requestReceived(self, command, path, version):
        if self.refused:
            return  # answered already; the application never runs
        if self.body_chunked:
            # The whole body is in, under the limit: pass it on with its length.
            self.requestHeaders.removeHeader(b"transfer-encoding")
            self.requestHeaders.setRawHeaders(b"content-length", [str(self.received).encode()])
        super().requestReceived(command, path, version)

    # --- the refusal ---------------------------------------------------------------------------------
    def limit(self):
        return _snapshot_limit() if self.snapshot else _limit()

    def too_large(self):
        if self.snapshot:  # the snapshot view's own answer (snapshots/storage.py)
            limit = _snapshot_limit()
            self.refuse(413, "payload_too_large", f"The snapshot content exceeds {limit} bytes.",
                        hint="Snapshots are limited by AURA_SNAPSHOT_MAX_BYTES (10 MiB by default).",
                        extra={"limit": limit})
            return
        limit = _limit()
        self.refuse(413, "payload_too_large", f"The request body exceeds {limit} bytes.",
                    hint="Split the upload or raise AURA_MAX_BODY_BYTES.")

    def refuse(self, status, code, message, hint=None, headers=None, extra=None):
        from django.conf import settings

        from aura_site.api.errors import error_body
        from aura_site.api.ids import make_id

        self.refused = True
        channel, transport = self.channel, self.channel.transport
        channel.dataReceived = _discard  # the rest of the body is read and dropped, never kept
        request_id = make_id("req")
        body = json.dumps(error_body(code, message, hint, request_id, **(extra or {}))).encode()
        lines = [
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}",
            "Content-Type: application/json",
            f"Content-Length: {len(body)}",
            "Connection: close",
            f"X-Request-Id: {request_id}",
            f"X-Aura-Version: {settings.AURA_VERSION}",
            *(f"{name}: {value}" for name, value in (headers or {}).items()),
        ]
        transport.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        # Half-close: the answer is flushed and followed by FIN while the
        # client's bytes are still read (and dropped), so that a client still
        # sending sees the answer rather than a reset.
        transport.loseWriteConnection()
        reactor.callLater(LINGER_SECONDS, self._abort, transport)
        if getattr(self, "content", None) is not None:
            self.content.close()  # what a chunked body had spooled so far
        self.content = io.BytesIO()  # nothing more is kept
        logger.info("refused %s %s: %s", status, code, message)
        try:
            uri = (getattr(channel, "_path", b"") or b"").decode("latin-1")
            method = (getattr(channel, "_command", b"") or b"").decode("latin-1")
            self.server.log_action("http", "complete", {
                "path": uri, "status": status, "method": method,
                "client": "%s:%s" % (self.client.host, self.client.port) if hasattr(self.client, "host") else None,
                "time_taken": 0, "size": len(body),
            })
        except Exception:  # noqa: BLE001 - the access log is best effort
            logger.debug("access log failed", exc_info=True)

    @staticmethod
    def _abort(transport):
        if transport.connected and not transport.disconnected:
            transport.abortConnection()


class BodyLimitedHTTPFactory(HTTPFactory):
    def buildProtocol(self, addr):
        protocol = super().buildProtocol(addr)
        protocol.requestFactory = BodyLimitedRequest
        return protocol


class Server(daphne.server.Server):
    """daphne's server with ``BodyLimitedHTTPFactory`` (``Server.run`` builds
    its factory as ``self.http_factory = HTTPFactory(self)``: the assignment
    is taken over here instead of copying ``run``)."""

    @property
    def http_factory(self):
        return self._http_factory

    @http_factory.setter
    def http_factory(self, factory):
        self._http_factory = BodyLimitedHTTPFactory(self)

    def kill_all_applications(self):
        # daphne's shutdown reads every connection's "application_instance";
        # a request refused before its application started has none.
        # They are left out of its loop, and kept for their disconnection.
        pending = {p: d for p, d in self.connections.items() if "application_instance" not in d}
        for protocol in pending:
            del self.connections[protocol]
        try:
            return super().kill_all_applications()
        finally:
            self.connections.update(pending)


class CommandLine(CommandLineInterface):
    description = "The Aura Mothership's ASGI server (daphne with request body limits)"
    server_class = Server


def main(argv=None):
    CommandLine().run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
