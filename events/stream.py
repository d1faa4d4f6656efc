"""The live event stream's per-process hub.

Every stream in a process registers a ``Subscriber`` with the process's one
``Hub``. A single reader task wakes on a Channels-layer message (sent after
each commit that recorded events, see ``wakeup.py``) or at least once every
``AURA_EVENT_REREAD_SECONDS``, reads the events after the lowest cursor any
stream needs in ONE query, and fans them out in memory: each stream gets the
events after its own cursor that its grants allow. A lost wake-up costs at
most the re-read interval. The database connection is returned after each
read, so an idle hub holds none.

Tokens are re-checked at every wake (revocations arrive in the log itself as
``token.revoked``; expiry is a clock comparison) and at every heartbeat (one
query for all the hub's tokens, which also catches a deleted token or a
deactivated user).
"""

import asyncio
import datetime as dt
import json
import logging

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from aura_site.api.errors import database_unavailable, error_body
from aura_site.api.times import rfc3339

from . import topics as topic_rules
from .models import Event

logger = logging.getLogger("aura.events")

from .wakeup import GROUP  # noqa: E402
BATCH = 500
RETRY_MS = 3000
STREAMS_PER_TOKEN = 5
GROUP_REFRESH_SECONDS = 600
FLUSH_EVERY = 25
BACKLOG_END = b": backlog exceeded, reconnect with Last-Event-ID\n\n"


def slot_lease_seconds():
    return max(int(settings.AURA_EVENT_HEARTBEAT_SECONDS * 3), 30)


def frame(seq, topic, data):
    return f"id: {seq}\nevent: {topic}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


class Subscriber:
    """One open stream: what it may see, where it is, how to write to it."""

    def __init__(self, *, send, grants, after, slugs=None, token_id=None, expires_at=None, revoked_at=None,
                 user_id=None, slot_key=None, stream_id=None, request_id=None, pending=None):
        self.send = send  # async (bytes, more_body) → None
        self.pending = pending  # () → bytes written but not yet taken by the client (None: unknown)
        self.grants = grants  # {team_id: (topics, member_id)}
        self.after = after  # the last sequence this stream has passed
        self.slugs = slugs or {}  # {team_id: slug} of the granted teams
        self.token_id = token_id
        self.expires_at = expires_at
        self.revoked_at = revoked_at  # a rotated token's future end
        self.user_id = user_id
        self.slot_key = slot_key
        self.stream_id = stream_id
        self.request_id = request_id
        self.closed = False

    def ended_by_token(self, now):
        if self.revoked_at is not None and self.revoked_at <= now:
            return "token_revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "token_expired"
        return None


_END_MESSAGES = {
    "token_revoked": ("The token was revoked; the stream has ended.", "Use a new token to reconnect."),
    "token_expired": ("The token has expired; the stream has ended.", "Create a new token to reconnect."),
    "unauthorized": ("The credentials of this stream are no longer valid.", "Reconnect with a valid token."),
}


def read_after(low, slugs, limit=BATCH):
    """(rows, more): events after ``low`` in the teams of ``slugs`` ({team id:
    slug}), oldest first, each frame encoded once for every stream that gets it."""
    rows = list(
        Event.objects.filter(seq__gt=low, team_id__in=list(slugs))
        .order_by("seq")
        .values_list("seq", "id", "team_id", "topic", "created_at", "data", "audience_a", "audience_b")[: limit + 1]
    )
    more = len(rows) > limit
    out = []
    for seq, eid, team_id, topic, created_at, data, aud_a, aud_b in rows[:limit]:
        body = {"event_id": eid, "topic": topic, "team": slugs[team_id], "created_at": rfc3339(created_at), "data": data}
        out.append((seq, team_id, topic, aud_a, aud_b, frame(seq, topic, body), data))
    return out, more


def token_states(token_ids, user_ids, member_ids=()):
    """{token_id: (revoked_at, expires_at)} for tokens that still exist, the
    ids of users that are still active, and of the members still in place."""
    from django.contrib.auth import get_user_model

    from accounts.models import Member, Token

    tokens = {
        pk: (revoked_at, expires_at)
        for pk, revoked_at, expires_at in Token.objects.filter(pk__in=token_ids).values_list(
            "pk", "revoked_at", "expires_at"
        )
    } if token_ids else {}
    active = set(
        get_user_model().objects.filter(pk__in=user_ids, is_active=True).values_list("pk", flat=True)
    ) if user_ids else set()
    members = set(Member.objects.filter(pk__in=list(member_ids)).values_list("pk", flat=True)) if member_ids else set()
    return tokens, active, members


def refresh_slots(keys):
    lease = slot_lease_seconds()
    try:
        for key in keys:
            cache.touch(key, lease)
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: the streams go on
        logger.warning("could not renew the event streams' slots", exc_info=True)


class Hub:
    _by_loop = {}

    @classmethod
    def get(cls):
        loop = asyncio.get_running_loop()
        hub = cls._by_loop.get(loop)
        if hub is None:
            hub = cls._by_loop[loop] = cls()
        return hub

    def __init__(self):
        self.subs = set()
        self.reads = 0  # database reads so far (for tests and benchmarks)
        self._wake = asyncio.Event()
        self._reader = None
        self._listener = None
        self._channel = None
        self._revocations = {}  # token_id → effective time, learned from token.revoked
        self._wanted = 0  # the highest sequence a wake-up announced
        self._force = False  # a read is needed whatever the sequences say (a new stream)

    # --- streams ---------------------------------------------------------------------
    def register(self, sub):
        self.subs.add(sub)
        self._start()
        self._force = True
        self._wake.set()

    def unregister(self, sub):
        sub.closed = True
        self.subs.discard(sub)

    def wake(self, seq=None):
        """A commit recorded events up to ``seq`` (None: read anyway)."""
        if seq is None:
            self._force = True
            self._wake.set()
        elif any(s.after < seq for s in self.subs):
            self._wanted = max(self._wanted, seq)
            self._wake.set()

    async def close(self):
        """Stop the reader and the listener (tests; a server's hub lives as long as its loop)."""
        for task in (self._reader, self._listener):
            if task is not None and not task.done():
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    pass
        self._reader = self._listener = None

    def _start(self):
        if self._reader is None or self._reader.done():
            self._reader = asyncio.ensure_future(self._run())
        if self._listener is None or self._listener.done():
            self._listener = asyncio.ensure_future(self._listen())

    # --- the Channels-layer wake-up -----------------------------------------------------
    async def _listen(self):
        layer = get_channel_layer()
        if layer is None:
            return
        while True:
            try:
                self._channel = await layer.new_channel()
                await layer.group_add(GROUP, self._channel)
                while True:
                    message = await layer.receive(self._channel)
                    self.wake(message.get("seq"))
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("event wake-up listener failed; retrying (the re-read still runs)", exc_info=True)
                self._channel = None
                await asyncio.sleep(1)

    async def _refresh_group(self):
        layer = get_channel_layer()
        if layer is not None and self._channel is not None:
            try:
                await layer.group_add(GROUP, self._channel)
            except Exception:
                logger.warning("could not refresh the wake-up group", exc_info=True)

    # --- the reader ----------------------------------------------------------------------
    async def _run(self):
        loop = asyncio.get_running_loop()
        heartbeat = settings.AURA_EVENT_HEARTBEAT_SECONDS
        next_heartbeat = loop.time() + heartbeat
        next_group_refresh = loop.time() + GROUP_REFRESH_SECONDS
        while True:
            timeout = max(min(settings.AURA_EVENT_REREAD_SECONDS, next_heartbeat - loop.time()), 0)
            try:
                await asyncio.wait_for(self._wake.wait(), timeout)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()
            try:
                if self.subs:
                    await self._read_and_fan_out()
                    now = loop.time()
                    if now >= next_heartbeat:
                        next_heartbeat = now + heartbeat
                        await self._heartbeat()
                    if now >= next_group_refresh:
                        next_group_refresh = now + GROUP_REFRESH_SECONDS
                        await self._refresh_group()
                else:
                    next_heartbeat = loop.time() + heartbeat
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if database_unavailable(exc) is None:  # a database outage is logged once per try, briefly
                    logger.exception("event stream read failed; retrying")
                await asyncio.sleep(0.5)

    async def _read_and_fan_out(self):
        subs = [s for s in self.subs if not s.closed]
        if not subs:
            return
        low = min(s.after for s in subs)
        slugs = {}
        for s in subs:
            slugs.update(s.slugs)
        self._force = False
        rows, more = await database_sync_to_async(read_after, thread_sensitive=False)(low, slugs)
        self.reads += 1
        if rows and not more and not self._force and self._wanted <= rows[-1][0]:
            # Wake-ups that arrived during the read announced what it found.
            self._wanted = 0
            self._wake.clear()
        now = timezone.now()
        if rows:
            self._learn_revocations(rows, subs)
            last = rows[-1][0]
            for index, sub in enumerate(subs):
                if index % FLUSH_EVERY == FLUSH_EVERY - 1:
                    # Let the server flush what is written so far: the first
                    # streams need not wait for the last to be served.
                    await asyncio.sleep(0)
                if sub.closed:
                    continue
                ended = self._token_end(sub, now)
                if ended:
                    await self.end(sub, ended)
                    continue
                parts = [
                    f for seq, team_id, topic, aud_a, aud_b, f, _ in rows
                    if seq > sub.after and topic_rules.visible(sub.grants, team_id, topic, aud_a, aud_b)
                ]
                if last > sub.after:
                    sub.after = last
                if parts:
                    await self._send(sub, b"".join(parts))
        else:
            for sub in subs:
                ended = self._token_end(sub, now)
                if ended and not sub.closed:
                    await self.end(sub, ended)
        if more:
            self._wake.set()

    def _learn_revocations(self, rows, subs):
        watched = {s.token_id for s in subs if s.token_id}
        for _seq, _team, topic, _a, _b, _f, data in rows:
            if topic != "token.revoked" or not isinstance(data, dict):
                continue
            token_id = data.get("token_id")
            if token_id not in watched:
                continue
            try:
                at = dt.datetime.fromisoformat(str(data.get("effective_at")).replace("Z", "+00:00"))
            except ValueError:
                at = timezone.now()
            self._revocations[token_id] = at
        # Forget revocations of tokens that no longer have a stream here.
        for token_id in list(self._revocations):
            if token_id not in watched:
                del self._revocations[token_id]

    def _token_end(self, sub, now):
        revoked = self._revocations.get(sub.token_id)
        if revoked is not None and (sub.revoked_at is None or revoked < sub.revoked_at):
            sub.revoked_at = revoked
        return sub.ended_by_token(now)

    async def _heartbeat(self):
        subs = [s for s in self.subs if not s.closed]
        token_ids = sorted({s.token_id for s in subs if s.token_id})
        user_ids = sorted({s.user_id for s in subs if s.user_id and not s.token_id})
        member_ids = sorted({m for s in subs for m in _members_of(s)})
        slots = [s.slot_key for s in subs if s.slot_key]
        tokens, active_users, members = await database_sync_to_async(_heartbeat_checks, thread_sensitive=False)(
            token_ids, user_ids, member_ids, slots
        )
        now = timezone.now()
        for sub in subs:
            if sub.closed:
                continue
            if sub.token_id:
                state = tokens.get(sub.token_id)
                if state is None:
                    await self.end(sub, "unauthorized")
                    continue
                sub.revoked_at, sub.expires_at = state
            elif sub.user_id and sub.user_id not in active_users:
                await self.end(sub, "unauthorized")
                continue
            if not _members_of(sub) <= members:
                # Removed from a team the stream reads: it ends; a reconnect
                # sees only the teams the caller is still in.
                await self.end(sub, "unauthorized")
                continue
            ended = self._token_end(sub, now)
            if ended:
                await self.end(sub, ended)
            else:
                await self._send(sub, b": keep-alive\n\n")

    async def _send(self, sub, data):
        limit = settings.AURA_EVENT_STREAM_MAX_BACKLOG_BYTES
        if sub.pending is not None and limit:
            backlog = sub.pending()
            if backlog and backlog + len(data) > limit:
                await self.cut_off(sub, backlog)
                return
        try:
            await sub.send(data, True)
        except Exception:
            logger.info("dropping a stream that could not be written to", exc_info=True)
            self.unregister(sub)

    async def cut_off(self, sub, backlog):
        """A reader too slow for its stream: what it has not taken yet would
        pile up in this process without end. The frames already written stay
        queued, then a last comment, then the stream closes; the client
        reconnects with the last id it got (``Last-Event-ID``) and misses
        nothing."""
        if sub.closed:
            return
        self.unregister(sub)
        logger.info("closing a stream whose reader is %d bytes behind (request %s)", backlog, sub.request_id)
        try:
            await sub.send(BACKLOG_END, False)
        except Exception:
            logger.info("could not close a stream cleanly", exc_info=True)
        # Its slot is free at once: the client reconnects right away, perhaps
        # on the same connection (which would otherwise hold it until it closes).
        await database_sync_to_async(release_slot, thread_sensitive=False)(sub.slot_key, sub.stream_id)

    async def end(self, sub, code):
        """Tell the stream why it ends, then close it."""
        if sub.closed:
            return
        self.unregister(sub)
        message, hint = _END_MESSAGES.get(code, ("The stream has ended.", None))
        body = error_body(code, message, hint, sub.request_id)
        try:
            await sub.send(f"event: end\ndata: {json.dumps(body)}\n\n".encode(), False)
        except Exception:
            logger.info("could not close a stream cleanly", exc_info=True)


def _heartbeat_checks(token_ids, user_ids, member_ids, slots):
    refresh_slots(slots)
    return token_states(token_ids, user_ids, member_ids)


def _members_of(sub):
    return {member_id for _topics, member_id in sub.grants.values() if member_id}


# --- the per-token stream cap (shared by every process through the cache) -------------
def claim_slot(owner_key, stream_id):
    """A slot key for a new stream of ``owner_key``, or None when all are taken.

    Each of the STREAMS_PER_TOKEN slots is a cache key added atomically and
    leased; an open stream renews its lease at each heartbeat, so a slot of a
    process that died frees itself.

    The cache unreachable (Redis down), the stream opens uncounted (logged):
    the cap fails open like the rate limits, and UNCOUNTED is returned."""
    lease = slot_lease_seconds()
    try:
        for index in range(STREAMS_PER_TOKEN):
            key = f"aura:stream:{owner_key}:{index}"
            if cache.add(key, stream_id, lease):
                return key
    except Exception:  # noqa: BLE001 - the cache (Redis) is down
        logger.warning("stream slots unavailable; a stream of %s opens uncounted", owner_key, exc_info=True)
        return UNCOUNTED
    return None


UNCOUNTED = ""  # the slot of a stream opened while the cache was unreachable


def release_slot(key, stream_id):
    try:
        if key and cache.get(key) == stream_id:
            cache.delete(key)
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: the lease frees it
        logger.warning("could not release an event stream's slot", exc_info=True)
