"""After each commit that recorded events: a wake-up on the Channels layer.

Every process's stream hub (and every webhook sender) listens on one group;
in-memory by default (one process), channels-redis when REDIS_URL is set."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger("aura.events")

GROUP = "aura.events"


def notify(seq):
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(GROUP, {"type": "events.wake", "seq": seq})
