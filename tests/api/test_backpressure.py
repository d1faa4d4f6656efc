"""aura_site.backpressure: streamed responses wait for Twisted's transport."""

import asyncio
import functools

from aura_site.backpressure import paced


class FakeRequest:
    """What paced() needs of daphne's WebRequest (a Twisted Request)."""

    def __init__(self):
        self.channel = object()
        self.producer = None
        self.unregistered = 0
        self.sent = []

    def registerProducer(self, producer, streaming):  # noqa: N802
        assert streaming and self.producer is None
        self.producer = producer

    def unregisterProducer(self):  # noqa: N802
        self.producer = None
        self.unregistered += 1


async def handle_reply(request, message):  # the shape of daphne's Server.handle_reply
    request.sent.append(message)


def test_a_paused_transport_holds_the_next_chunk_until_it_drains():
    async def scenario():
        request = FakeRequest()
        send = paced(functools.partial(handle_reply, request))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"a" * 10, "more_body": True})
        producer = request.producer
        assert producer is not None
        producer.pauseProducing()  # Twisted: the buffer is full
        second = asyncio.ensure_future(send({"type": "http.response.body", "body": b"b", "more_body": True}))
        await asyncio.sleep(0.05)
        assert not second.done() and len(request.sent) == 2
        producer.resumeProducing()  # drained
        await asyncio.wait_for(second, 1)
        assert len(request.sent) == 3
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        assert request.producer is None and request.unregistered == 1
        assert [m.get("body") for m in request.sent[1:]] == [b"a" * 10, b"b", b""]

    asyncio.run(scenario())


def test_a_gone_client_stops_the_wait():
    async def scenario():
        request = FakeRequest()
        send = paced(functools.partial(handle_reply, request))
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        request.producer.pauseProducing()
        request.channel = None  # connection lost
        await asyncio.wait_for(send({"type": "http.response.body", "body": b"b", "more_body": True}), 3)

    asyncio.run(scenario())


def test_whole_responses_and_other_servers_are_left_alone():
    async def scenario():
        request = FakeRequest()
        send = paced(functools.partial(handle_reply, request))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})
        assert request.producer is None and request.unregistered == 0 and len(request.sent) == 2

    asyncio.run(scenario())

    async def other_send(message):
        pass

    assert paced(other_send) is other_send


def test_a_client_that_stops_reading_is_given_up(monkeypatch):
    from aura_site import backpressure

    monkeypatch.setattr(backpressure, "WAIT_SLICE", 0.01)
    monkeypatch.setattr(backpressure, "STALL_LIMIT", 0.05)

    async def scenario():
        request = FakeRequest()
        send = paced(functools.partial(handle_reply, request))
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        request.producer.pauseProducing()  # and never resumed
        try:
            await asyncio.wait_for(send({"type": "http.response.body", "body": b"b", "more_body": True}), 2)
        except backpressure.ClientStalled:
            return request
        raise AssertionError("kept waiting")

    request = asyncio.run(scenario())
    assert request.producer is None and len(request.sent) == 1


def test_the_last_message_after_the_client_left_is_no_error():
    """A client that closes once it has the announced length is gone before
    the empty last body message: Twisted has dropped the request's channel."""

    class TwistedLikeRequest(FakeRequest):
        def unregisterProducer(self):  # noqa: N802 - as Twisted's: through the channel
            self.channel.unregisterProducer()

    async def scenario():
        request = TwistedLikeRequest()
        send = paced(functools.partial(handle_reply, request))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"a" * 10, "more_body": True})
        request.channel = None  # connectionLost
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        assert request.sent[-1] == {"type": "http.response.body", "body": b"", "more_body": False}

    asyncio.run(scenario())
