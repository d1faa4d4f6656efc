"""Reading a raw upload's body into a Spool, with as few copies as the
server allows.

Under gunicorn, ``wsgi.input`` is gunicorn's ``Body``: each read gathers the
bytes in a buffer of its reader and another of its own, slices them twice
and allocates a fresh object per ``recv``. For a 10 MiB snapshot that
copying cost more than hashing it. ``body_chunks`` instead takes what
gunicorn has read ahead, then receives straight from gunicorn's socket into
two reused buffers in turn, counting down the reader's remaining length as
it goes — gunicorn then sees the body consumed, as if it had read it. Any
other server (daphne, the test client), or a body someone began reading,
goes through ``request.stream``.

This reads gunicorn's internals (``Body.reader``, a ``LengthReader`` whose
``unreader`` is a ``SocketUnreader``), checked at each request; the version
is pinned in requirements.txt and tests/snapshots/test_receive.py drives both
paths.
"""

import socket

from aura_site.api import errors

from . import storage


def _gunicorn_source(request):
    """(gunicorn's LengthReader, its socket) for an unread gunicorn body, else None."""
    body = request.META.get("wsgi.input")
    reader = getattr(body, "reader", None)
    unreader = getattr(reader, "unreader", None)
    sock = getattr(unreader, "sock", None)
    if type(reader).__name__ != "LengthReader" or not isinstance(sock, socket.socket):
        return None
    if not hasattr(unreader, "take_buffered") or not isinstance(getattr(reader, "length", None), int):
        return None
    if getattr(request._request, "_read_started", False) or body.buf.tell():
        return None
    return reader, sock


def body_chunks(request, size=storage.CHUNK_SIZE):
    """The request body in chunks of up to ``size`` bytes. A chunk may be a
    view of a buffer that is reused two chunks later."""
    source = _gunicorn_source(request)
    if source is None:
        stream = request.stream
        while chunk := stream.read(size):
            yield chunk
        return
    reader, sock = source
    ahead = reader.unreader.take_buffered()
    if len(ahead) > reader.length:  # bytes of a next request stay with gunicorn
        reader.unreader.unread(ahead[reader.length:])
        ahead = ahead[: reader.length]
    if ahead:
        reader.length -= len(ahead)
        yield ahead
    # Two buffers in turn: a chunk may still be hashed while the next one
    # is received (storage.spool_chunks).
    views = [memoryview(bytearray(size)), memoryview(bytearray(size))]
    turn = 0
    try:
        while reader.length > 0:
            view, turn = views[turn], 1 - turn
            want, filled = min(size, reader.length), 0
            while filled < want:
                received = sock.recv_into(view[filled:want])
                if not received:
                    break
                filled += received
                reader.length -= received
            if filled:
                yield view[:filled]
            if filled < want:
                return  # the client stopped sending; the caller checks the length
    except OSError:
        # Where the next request would start on this connection is unknown now.
        request.META["wsgi.input"].failed = True
        raise


def spool_body(request, length, limit):
    """Spool a raw body of ``length`` bytes (its Content-Length); a body that
    ends early is refused and nothing is kept."""
    spool = storage.spool_chunks(body_chunks(request), limit)
    if spool.size != length:
        spool.close()
        raise errors.ValidationFailed(
            f"The request body ended after {spool.size} of the {length} bytes its Content-Length announced.",
            fields={"content": "The upload was cut short."},
            hint="Send the whole file again.",
        )
    return spool
