"""After each commit that recorded events: a wake-up on the Channels layer.

Every process's stream hub (and every webhook sender) listens on one group;
in-memory by default (one process), channels-redis when REDIS_URL is set.

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

logger = logging.getLogger("aura.events")

GROUP = "aura.events"
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
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "events.wake", "seq": seq}
    if isinstance(layer, InMemoryChannelLayer):
        async_to_sync(layer.group_send)(GROUP, message)
        return
    future = asyncio.run_coroutine_threadsafe(layer.group_send(GROUP, message), _publisher_loop())
    future.result(PUBLISH_TIMEOUT)
