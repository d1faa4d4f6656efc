"""A member's read marker: a value in the cache that moves (after the
commit) whenever the member marks a message read or unread.

Marking read records no event, so what keeps an unread count until the
team's event sequence moves (the heartbeat's answer, the MCP reminders) also
keeps the markers it was counted under, and counts again when one moved."""

import time

from django.core.cache import cache
from django.db import transaction

# A marker outlives every answer kept under it (they are kept 10 minutes at most).
TTL = 3600


def key(team_id, member_id):
    return f"aura:messages:reads:{team_id}:{member_id}"


def changed(team_id, member_id):
    """The member's reads changed: move the marker once this transaction commits."""

    def move():
        try:
            cache.set(key(team_id, member_id), time.time_ns(), TTL)
        except Exception:  # noqa: BLE001 - the cache is down: nothing kept in it to go stale either
            pass

    transaction.on_commit(move)
