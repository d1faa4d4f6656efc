"""A team's roster marker: a value in the cache that moves (after the
commit) whenever a member is removed from the team.

Removing a member records no event, yet what goes with the member (its
zones) can be part of an answer kept until the team's event sequence moves
(the heartbeat's): such an answer also keeps the marker it was computed
under, and is computed again when the marker moved."""

import time

from django.core.cache import cache
from django.db import transaction

# A marker outlives every answer kept under it (they are kept 10 minutes at most).
TTL = 3600


def key(team_id):
    return f"aura:accounts:roster:{team_id}"


def changed(team_id):
    """The team's roster changed: move the marker once this transaction commits."""

    def move():
        try:
            cache.set(key(team_id), time.time_ns(), TTL)
        except Exception:  # noqa: BLE001 - the cache is down: nothing kept in it to go stale either
            pass

    transaction.on_commit(move)
