"""An event-stream frame written straight to its socket under daphne.

A fan-out writes one frame to every open stream. Through daphne each write
costs Twisted two ``epoll_ctl`` calls besides the ``send`` itself: the
transport buffers the bytes, registers for writability, sends on the next
loop turn and unregisters — half of a 500-stream fan-out's time, measured
(``docs/api/events.md#performance``). When nothing is waiting in the
transport's buffer, ``direct_writer(send)`` sends the chunk-encoded frame on
the socket at once and hands only what the kernel did not take to the
transport, so the bytes on the wire are exactly what Twisted would have
written, in the same order.

It applies to daphne's ``send`` (``partial(server.handle_reply, request)``)
on a plain TCP connection whose response is chunked and started; anything
else (TLS, a closed or closing connection, bytes already pending) answers
False and the caller goes through ``send`` as before. Pinned versions of
daphne and Twisted are what this reads (requirements.txt); the stream tests
run against a real daphne.
"""

from aura_site.backpressure import twisted_request


def direct_writer(send):
    """``write(data, framed=None) -> bool`` for the response behind ``send``,
    or None when ``send`` is not daphne's. ``framed``: ``data`` already
    chunk-encoded (one encoding shared by every stream that gets it)."""
    request = twisted_request(send, "channel", "chunked", "startedWriting", "finished", "sentLength")
    if request is None:
        return None

    def write(data, framed=None):
        channel = request.channel
        if channel is None or request.finished or getattr(request, "_disconnected", True):
            return False
        if not (request.chunked and request.startedWriting):
            return False
        transport = getattr(channel, "transport", None)
        sock = getattr(transport, "socket", None)
        if sock is None or getattr(transport, "TLS", True) or transport.disconnecting or transport.disconnected:
            return False
        if len(transport.dataBuffer) - transport.offset or transport._tempDataLen:
            return False  # bytes already queued go first
        frame = framed if framed is not None else b"%x\r\n%s\r\n" % (len(data), data)
        try:
            sent = sock.send(frame)
        except BlockingIOError:
            sent = 0
        except OSError:
            return False  # let the transport find out and close
        if sent < len(frame):
            transport.write(frame[sent:])
        request.sentLength += len(data)
        return True

    return write


def pending_bytes(send):
    """``pending() -> int``: the bytes of the response behind ``send`` that
    wait in the server's buffers for the client to read them (Twisted's
    transport buffer), or None when ``send`` is not daphne's. What the kernel
    took is not counted: only what a slow reader leaves in this process."""
    request = twisted_request(send, "channel")
    if request is None:
        return None

    def pending():
        transport = getattr(request.channel, "transport", None)
        if transport is None:
            return 0
        try:
            return len(transport.dataBuffer) - transport.offset + transport._tempDataLen
        except AttributeError:  # not a plain TCP transport
            return 0

    return pending
