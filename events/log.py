"""The durable event log: ``record()`` inside the writer's transaction, and
a registry of subscribers that run in that same transaction.

    from events.log import on, on_sequenced, record, record_many

    @on("intent.logged")
    def detect(event): ...            # in the transaction, as the event is recorded

    @on("impact.detected", many=True)
    def announce(events): ...         # the same, once for all events of a record_many

    @on_sequenced
    def queue(events): ...            # once per transaction, just before COMMIT,
                                      # with its events in sequence order

Sequence numbers are handed out in commit order: a reader that has seen N
never later finds a committed event at or below N that it did not see. An
event is written at once with a provisional (negative, never visible to
readers) sequence; just before the transaction commits, the log locks the
counter row, numbers the transaction's surviving events (ones rolled back
with a savepoint are gone) and commits. So the counter is locked for the
commit alone, not for the whole of a writer's transaction: writers of
different teams (and of the same team) run side by side, and only their
commits take turns. The moment before COMMIT comes from the database
backend (``aura_site.db.hooks``).
"""

import itertools
import logging
import secrets
from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from aura_site.db.hooks import before_commit, only_test_blocks_remain

from . import sql
from .models import TOPICS, Event, EventCounter

logger = logging.getLogger("aura.events")

_subscribers = defaultdict(list)
_sequenced = []
CHUNK = 400  # sequence numbers rewritten per statement


def on(topic, *, many=False):
    """Register ``fn(event)`` to run inside the transaction that records ``topic``
    (``"*"`` for every topic). With ``many=True``, ``fn(events)`` instead: a
    list, all the events of one ``record_many`` (one, for ``record``)."""
    if topic != "*" and topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")

    def register(fn):
        if many:
            fn.aura_takes_many = True
        if fn not in _subscribers[topic]:
            _subscribers[topic].append(fn)
        return fn

    return register


def _notify(topic, events):
    for fn in _subscribers.get(topic, []) + _subscribers.get("*", []):
        if getattr(fn, "aura_takes_many", False):
            fn(events)
        else:
            for event in events:
                fn(event)


def on_sequenced(fn):
    """Register ``fn(events)``: called in the transaction just before it
    commits, with the events it recorded (final sequence numbers, in order).
    It runs while the counter row is locked, outside any atomic block: keep
    it to a few set-wise statements, and never record() from it."""
    if fn not in _sequenced:
        _sequenced.append(fn)
    return fn


# --- provisional numbers --------------------------------------------------------------
_local = itertools.count(1)


def _provisional_seq():
    """Negative and unique among uncommitted transactions of every process (a
    random 40-bit part and a per-process counter); never committed."""
    return -((secrets.randbits(40) << 22) | (next(_local) & 0x3FFFFF)) - 1


def _pending(connection):
    pending = getattr(connection, "aura_pending_events", None)
    if pending is None:
        pending = connection.aura_pending_events = []
    return pending


def advance_counter(connection, n):
    """Reserve ``n`` sequence numbers; returns the last. One ``UPDATE …
    RETURNING`` (PostgreSQL, SQLite ≥ 3.35), which locks the counter row
    until the transaction ends."""
    last = sql.advance_counter(connection, n)
    if last is not None:
        return last
    EventCounter.objects.using(connection.alias).get_or_create(pk=1)
    return advance_counter(connection, n)


def number_events(connection, events):
    """Reserve ``len(events)`` numbers and give them to ``events`` (their rows,
    by provisional number) in order; returns the first. On PostgreSQL one
    statement does both when the events fit in one (the counter's ``UPDATE``
    in a ``WITH``); otherwise ``advance_counter`` and one ``UPDATE`` per chunk."""
    n = len(events)
    if connection.vendor == "postgresql" and n <= CHUNK:
        last = sql.advance_counter_and_number(connection, events)
        if last is not None:
            return last - n + 1
        # No counter row yet (a new database): the path below creates it.
    first = advance_counter(connection, n) - n + 1
    sql.number(connection, events, first, CHUNK)
    return first


@before_commit
def sequence_pending(connection):
    """Number this transaction's events (the before-commit hook)."""
    pending = getattr(connection, "aura_pending_events", None)
    if not pending:
        return
    connection.aura_pending_events = []
    events = pending
    if getattr(connection, "aura_undone", True):
        # Something was rolled back since the last numbering: keep only the
        # events still there (the rest went with a savepoint or an earlier
        # transaction).
        alive = set()
        for start in range(0, len(pending), CHUNK):
            part = [e.seq for e in pending[start:start + CHUNK]]
            alive.update(
                Event.objects.using(connection.alias).filter(seq__in=part).order_by().values_list("seq", flat=True)
            )
        events = [e for e in pending if e.seq in alive]
    connection.aura_undone = False
    if not events:
        return
    first = number_events(connection, events)
    for i, event in enumerate(events):
        event.seq = first + i
    connection.aura_sequencing = True
    try:
        for fn in list(_sequenced):
            fn(events)
    finally:
        connection.aura_sequencing = False


# --- recording ---------------------------------------------------------------------------
def record(team, topic, data, *, actor=None, audience=None, context=None):
    """Append an event (in the caller's transaction) and run its subscribers.
    Its ``seq`` is final once the transaction commits.

    ``audience``: two member ids for a private event (a direct message).
    ``context``: what the recorder has in hand for the subscribers of this
    process (``event.context``; never stored), so they need not read back
    what was just written."""
    [event] = _record(team, topic, [data], actor=actor, audience=audience, context=context)
    return event


def record_many(team, topic, datas, *, actor=None):
    """``record`` for several events of one topic at once: one insert, and
    subscribers registered with ``many=True`` run once for all of them.
    Returns the events, in order."""
    datas = list(datas)
    return _record(team, topic, datas, actor=actor) if datas else []


def _record(team, topic, datas, *, actor=None, audience=None, context=None):
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")
    connection = connections[DEFAULT_DB_ALIAS]
    if getattr(connection, "aura_sequencing", False):
        raise RuntimeError("record() from work that runs while events are numbered (on_sequenced)")
    audience_a, audience_b = (audience or (None, None))
    now = timezone.now()
    events = [
        Event(seq=_provisional_seq(), team=team, topic=topic, data=data, actor=getattr(actor, "pk", actor),
              audience_a=audience_a, audience_b=audience_b, created_at=now)
        for data in datas
    ]
    # Atomic on its own when called outside a transaction; no savepoint inside one
    # (the caller's transaction or savepoint decides for the events and their subscribers).
    with transaction.atomic(savepoint=False):
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            sql.insert_events(connection, events)
        for event in events:
            event.context = context or {}
        _pending(connection).extend(events)
        _notify(topic, events)
    if connection.in_atomic_block and only_test_blocks_remain(connection):
        # Under a test case the block above committed nothing: it stood for a
        # transaction of its own, so it is numbered now.
        sequence_pending(connection)
    # Several events in one transaction cost several wake-ups; the stream
    # coalesces them (it reads everything after its last sequence).
    last = events[-1]
    transaction.on_commit(lambda: wake(last.seq))
    return events


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
