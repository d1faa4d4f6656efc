"""The durable event log: ``record()`` inside the writer's transaction, and
a registry of subscribers that run in that same transaction.

    from events.log import on, record

    @on("intent.logged")
    def detect(event): ...

Sequence numbers come from a counter row locked until the writer commits,
so they are handed out in commit order: a reader that has seen N never later
finds a committed event at or below N that it did not see.
"""

import logging
from collections import defaultdict

from django.db import connection, transaction

from .models import TOPICS, Event, EventCounter

logger = logging.getLogger("aura.events")

_subscribers = defaultdict(list)


def on(topic):
    """Register ``fn(event)`` to run inside the transaction that records ``topic``
    (``"*"`` for every topic)."""
    if topic != "*" and topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")

    def register(fn):
        if fn not in _subscribers[topic]:
            _subscribers[topic].append(fn)
        return fn

    return register


def hold_order():
    """Take the sequence lock now; it is held until the transaction ends.

    A writer that will record an event after locking other rows takes this
    first, so every writer locks in the same order (sequence, then rows) and
    two of them never deadlock."""
    EventCounter.objects.select_for_update().get_or_create(pk=1)


def next_seq():
    """The next sequence number, locking the counter row until commit: one
    ``UPDATE … RETURNING`` statement (PostgreSQL, SQLite ≥ 3.35)."""
    table = connection.ops.quote_name(EventCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET value = value + 1 WHERE id = 1 RETURNING value")
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    EventCounter.objects.get_or_create(pk=1)
    return next_seq()


def record(team, topic, data, *, actor=None, audience=None):
    """Append an event (in the caller's transaction) and run its subscribers.

    ``audience``: two member ids for a private event (a direct message)."""
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")
    # Atomic on its own when called outside a transaction; no savepoint inside one
    # (the caller's transaction or savepoint decides for the event and its subscribers).
    with transaction.atomic(savepoint=False):
        audience_a, audience_b = (audience or (None, None))
        event = Event.objects.create(
            seq=next_seq(),
            team=team,
            topic=topic,
            data=data,
            actor=getattr(actor, "pk", actor),
            audience_a=audience_a,
            audience_b=audience_b,
        )
        for fn in _subscribers.get(topic, []) + _subscribers.get("*", []):
            fn(event)
    _wake_on_commit(event.seq)
    return event


def _wake_on_commit(seq):
    # Several events in one transaction cost several wake-ups; the stream
    # coalesces them (it reads everything after its last sequence).
    transaction.on_commit(lambda: wake(seq))


_wakers = []


def add_waker(fn):
    """Called with the newest sequence after each commit that recorded events
    (the stream registers a Channels-layer wake-up here)."""
    if fn not in _wakers:
        _wakers.append(fn)


def wake(seq):
    for fn in list(_wakers):
        try:
            fn(seq)
        except Exception:  # a lost wake-up costs at most the stream's 1 s re-read
            logger.exception("event wake-up failed")
