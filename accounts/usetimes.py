"""Use times — a token's ``last_used_at``, a member's ``last_seen_at`` —
written behind the requests that make them.

A request whose token or members are due (at most once a minute each, as
this process knows them: ``authentication.touch_members``) notes the time
here. The first note starts a timer; ``AURA_USE_WRITE_SECONDS`` later a
thread of this process writes every note taken meanwhile in one statement
(``sql.record_use``) on its own connection. A request never waits for it,
and a busy server writes its use times a few hundred at a time instead of
one statement per request — about one request in three, and all of them
at once a minute after a fleet of clients started together.

What a note costs: a use time is in the database up to
``AURA_USE_WRITE_SECONDS`` after the request (10 by default), or never if
the process is killed before its timer fires (a process that exits
normally writes its notes first). Use times are best effort anyway (a row
another transaction holds is skipped: ``sql.record_use``). With
``AURA_USE_WRITE_SECONDS=0`` each request writes its own, as it happens.
"""

import atexit
import logging
import os
import threading

from django.conf import settings
from django.db import connections

from . import sql
from .tokens import LAST_USED_RESOLUTION as RESOLUTION

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_tokens = {}   # token id -> the newest time it was used
_members = {}  # member id -> the newest time it was seen
_timer = None


def note(token_id, member_ids, now):
    """The token ``token_id`` (or None) was used and the members seen
    ``now``; each row is written unless it holds a time within a minute
    of ``now`` already (``RESOLUTION``)."""
    delay = settings.AURA_USE_WRITE_SECONDS
    if delay <= 0:
        sql.record_use({token_id: now} if token_id else {}, dict.fromkeys(member_ids, now), RESOLUTION)
        return
    global _timer
    with _lock:
        if token_id:
            _tokens[token_id] = now
        for pk in member_ids:
            _members[pk] = now
        if _timer is None:
            _timer = threading.Timer(delay, _write_behind)
            _timer.daemon = True
            _timer.start()


def pending():
    """``(tokens, members)``: the notes not written yet ({id: time})."""
    with _lock:
        return dict(_tokens), dict(_members)


def _take():
    global _timer
    with _lock:
        tokens, members = dict(_tokens), dict(_members)
        _tokens.clear()
        _members.clear()
        _timer = None  # the next note starts the next timer
    return tokens, members


def write_now():
    """Write every note now, on this thread's connection."""
    global _timer
    with _lock:
        if _timer is not None:
            _timer.cancel()
    tokens, members = _take()
    if tokens or members:
        sql.record_use(tokens, members, RESOLUTION)


def _write_behind():
    tokens, members = _take()
    try:
        if tokens or members:
            sql.record_use(tokens, members, RESOLUTION)
    except Exception:  # noqa: BLE001 - best effort: a lost minute of use times, not a failed request
        logger.warning("use times of %d token(s) and %d member(s) not written", len(tokens), len(members),
                       exc_info=True)
    finally:
        connections.close_all()  # this thread's connection back to the pool


def _at_exit():
    try:
        write_now()
    except Exception:  # noqa: BLE001 - exiting: nothing left to tell
        logger.warning("use times not written at exit", exc_info=True)


def _forget_in_child():
    """A forked child starts with no notes and no timer of its parent's."""
    global _lock, _timer
    _lock = threading.Lock()
    _tokens.clear()
    _members.clear()
    _timer = None


atexit.register(_at_exit)
os.register_at_fork(after_in_child=_forget_in_child)
