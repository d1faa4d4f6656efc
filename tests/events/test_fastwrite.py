"""events.fastwrite: an SSE frame straight to daphne's socket, or not at all."""

import functools
import socket

import pytest

from events.fastwrite import direct_writer


class FakeTransport:
    """The parts of Twisted's TCP transport that direct_writer reads."""

    TLS = False

    def __init__(self, sock):
        self.socket = sock
        self.dataBuffer, self.offset, self._tempDataLen = b"", 0, 0
        self.disconnecting = self.disconnected = False
        self.queued = []

    def write(self, data):
        self.queued.append(data)
        self._tempDataLen += len(data)


class FakeRequest:
    def __init__(self, transport):
        self.channel = type("Channel", (), {"transport": transport})()
        self.chunked, self.startedWriting, self.finished, self._disconnected = 1, 1, 0, False
        self.sentLength = 0


async def handle_reply(request, message):  # the shape of daphne's Server.handle_reply
    raise AssertionError("not used")


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    a.setblocking(False)
    yield a, b
    a.close()
    b.close()


def read_all(sock, n):
    data = b""
    while len(data) < n:
        data += sock.recv(n - len(data))
    return data


def test_a_frame_goes_to_the_socket_chunk_encoded(pair):
    a, b = pair
    transport = FakeTransport(a)
    request = FakeRequest(transport)
    write = direct_writer(functools.partial(handle_reply, request))
    frame = b"id: 7\nevent: intent.logged\ndata: {}\n\n"
    assert write(frame) is True
    expected = b"%x\r\n" % len(frame) + frame + b"\r\n"
    assert read_all(b, len(expected)) == expected
    assert transport.queued == [] and request.sentLength == len(frame)


def test_what_the_kernel_does_not_take_is_queued_on_the_transport(pair):
    a, b = pair
    transport = FakeTransport(a)
    write = direct_writer(functools.partial(handle_reply, FakeRequest(transport)))
    big = b"x" * (8 << 20)  # more than a socket buffer holds
    assert write(big) is True
    assert transport.queued, "the remainder went to the transport"
    sent = (len(big) + len(b"%x\r\n" % len(big)) + 2) - len(transport.queued[0])
    assert 0 < sent < len(big)
    # Now bytes are pending: the next frame must queue behind them, not jump ahead.
    assert write(b"next") is False


@pytest.mark.parametrize("change", [
    lambda r, t: setattr(r, "finished", 1),
    lambda r, t: setattr(r, "_disconnected", True),
    lambda r, t: setattr(r, "chunked", 0),
    lambda r, t: setattr(t, "TLS", True),
    lambda r, t: setattr(t, "disconnecting", True),
    lambda r, t: setattr(t, "dataBuffer", b"pending"),
])
def test_anything_unusual_falls_back_to_send(pair, change):
    a, b = pair
    transport = FakeTransport(a)
    request = FakeRequest(transport)
    write = direct_writer(functools.partial(handle_reply, request))
    change(request, transport)
    assert write(b"frame") is False
    b.setblocking(False)
    with pytest.raises(BlockingIOError):
        b.recv(10)


def test_other_servers_get_no_writer():
    async def send(message):
        pass

    assert direct_writer(send) is None
