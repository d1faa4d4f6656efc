"""After each commit that recorded events: a wake-up on the Channels layer.

Every process's stream hub listens on one group (``GROUP``); the webhook
senders on another (``WEBHOOK_GROUP``), woken only by a commit that queued
deliveries (most commits queue none: a sender woken by each would run an
empty claim per write). In-memory by default (one process), channels-redis
when REDIS_URL is set.

With a layer that spans processes, the message is published from one
long-lived event loop per process (its Redis connection stays open), so a
commit pays about a millisecond for it. The in-memory layer belongs to the
ASGI server's own loop, which ``async_to_sync`` reaches from a view's thread.
"""

import asyncio
import logging
import threading

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import connection

logger = logging.getLogger("aura.events")

GROUP = "aura.events"
WEBHOOK_GROUP = "aura.webhooks"
PUBLISH_TIMEOUT = 1.0

_loop = None
_loop_lock = threading.Lock()


def _publisher_loop():
    global _loop
    with _loop_lock:
        if _loop is None or _loop.is_closed():
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="aura-wakeup", daemon=True).start()
        return _loop


def notify(seq):
    """The waker of events.log: the streams, and the senders when this
    connection's transaction queued deliveries (``deliveries_queued``)."""
    layer = get_channel_layer()
    if layer is None:
        return
    _publish(layer, GROUP, {"type": "events.wake", "seq": seq})
    if getattr(connection, "aura_deliveries_queued", False):
        connection.aura_deliveries_queued = False
        _publish(layer, WEBHOOK_GROUP, {"type": "webhooks.wake"})


def deliveries_queued():
    """Called in a transaction that queued webhook deliveries: its commit's
    wake-up reaches the senders too."""
    connection.aura_deliveries_queued = True


def _publish(layer, group, message):
    if isinstance(layer, InMemoryChannelLayer):
        async_to_sync(layer.group_send)(group, message)
        return
    future = asyncio.run_coroutine_threadsafe(layer.group_send(group, message), _publisher_loop())
    future.result(PUBLISH_TIMEOUT)
