"""Backpressure for streamed responses under daphne.

Daphne's ASGI ``send`` never waits: it hands each body chunk to Twisted,
which buffers whatever the socket cannot take yet. A download from a reader
slower than the disk (a 10 MiB snapshot to a client on a slow link) would
sit in the server's memory whole. Twisted has the remedy built in — a
streaming producer registered on the request is paused when the
transport's buffer is full and resumed when it drains — and ``paced(send)``
uses it: once a response streams (a body chunk with ``more_body``), the
next chunk waits until Twisted says the socket has room.

Only daphne's ``send`` is paced (it is ``partial(server.handle_reply,
request)``); any other server's ``send`` is returned as it is. The event
stream is not paced: the hub writes one frame to every subscriber in turn,
and one slow reader must not hold up the others. Instead its backlog is
bounded: a stream whose reader leaves more than
AURA_EVENT_STREAM_MAX_BACKLOG_BYTES waiting in Twisted's buffer is closed,
and the client resumes with Last-Event-ID (events/stream.py, ``cut_off``).
"""

import asyncio

WAIT_SLICE = 1.0  # seconds between checks that the client is still there
STALL_LIMIT = 120.0  # a client that takes nothing for this long is dropped


class ClientStalled(OSError):
    """The client stopped reading a streamed response."""


class _Producer:
    """Twisted's IPushProducer, as an asyncio event."""

    def __init__(self):
        self.writable = asyncio.Event()
        self.writable.set()

    def pauseProducing(self):  # noqa: N802 - Twisted's interface
        self.writable.clear()

    def resumeProducing(self):  # noqa: N802
        self.writable.set()

    def stopProducing(self):  # noqa: N802 - the connection is going away: stop waiting
        self.writable.set()


def twisted_request(send, *needed):
    """The Twisted request behind daphne's ``send`` (``partial(server.handle_reply,
    request)``) when it has every attribute in ``needed``; else None (another server)."""
    request = (getattr(send, "args", None) or (None,))[0]
    if request is not None and all(hasattr(request, name) for name in needed):
        return request
    return None


def _unregister(request):
    """Take the producer off the request, unless the connection is already
    gone: Twisted's ``connectionLost`` drops the request's channel (and the
    registration with it), after which ``unregisterProducer`` would fail on
    ``None``. A client that closes as soon as it has read the announced
    length (``Connection: close``) is gone before the empty last body message."""
    if getattr(request, "channel", None) is not None:
        request.unregisterProducer()


def paced(send):
    request = twisted_request(send, "registerProducer", "unregisterProducer")
    if request is None:
        return send
    producer = None

    async def send_paced(message):
        nonlocal producer
        if message.get("type") == "http.response.body":
            more = message.get("more_body", False)
            if producer is None and more:
                producer = _Producer()
                request.registerProducer(producer, True)
            if producer is not None:
                waited = 0.0
                while not producer.writable.is_set() and getattr(request, "channel", None) is not None:
                    if waited >= STALL_LIMIT:
                        # Give the response (and its open file) up; the server closes the connection.
                        _unregister(request)
                        raise ClientStalled(f"the client read nothing for {STALL_LIMIT:.0f} s")
                    try:
                        await asyncio.wait_for(producer.writable.wait(), WAIT_SLICE)
                    except asyncio.TimeoutError:
                        waited += WAIT_SLICE
                if not more:
                    _unregister(request)
                    producer = None
        await send(message)

    return send_paced
