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
import heapq
import json
import logging
from concurrent.futures import ThreadPoolExecutor

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections
from django.utils import timezone

from aura_site.api.errors import database_unavailable, error_body
from aura_site.api.times import rfc3339

from . import sql
from . import topics as topic_rules

logger = logging.getLogger("aura.events")

from .wakeup import GROUP  # noqa: E402
BATCH = 500
RETRY_MS = 3000
STREAMS_PER_TOKEN = 5
GROUP_REFRESH_SECONDS = 600
FLUSH_EVERY = 25
HEARTBEAT_YIELD_EVERY = 200
BACKLOG_END = b": backlog exceeded, reconnect with Last-Event-ID\n\n"


def slot_lease_seconds():
    return max(int(settings.AURA_EVENT_HEARTBEAT_SECONDS * 3), 30)


def frame(seq, topic, data):
    return f"id: {seq}\nevent: {topic}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


def chunk(data):
    """``data`` as one chunk of a chunked HTTP/1.1 body (what the server would write)."""
    return b"%x\r\n%s\r\n" % (len(data), data)


KEEP_ALIVE = b": keep-alive\n\n"
KEEP_ALIVE_CHUNK = chunk(KEEP_ALIVE)


class Subscriber:
    """One open stream: what it may see, where it is, how to write to it."""

    def __init__(self, *, send, grants, after, slugs=None, token_id=None, expires_at=None, revoked_at=None,
                 user_id=None, slot_key=None, stream_id=None, request_id=None, pending=None, direct=None):
        self.send = send  # async (bytes, more_body) → None
        self.direct = direct  # (bytes, the same chunked) → written? (None: always through send)
        self.pending = pending  # () → bytes written but not yet taken by the client (None: unknown)
        self.grants = grants  # {team_id: (topics, member_id)}
        self.after = after  # the stream's cursor when it opened, or while it is behind (Hub.cursor)
        self.slugs = slugs or {}  # {team_id: slug} of the granted teams
        self.token_id = token_id
        self.expires_at = expires_at
        self.revoked_at = revoked_at  # a rotated token's future end
        self.user_id = user_id
        self.slot_key = slot_key
        self.stream_id = stream_id
        self.request_id = request_id
        self.closed = False
        self.deadline = None  # the token's end by the clock last put in the hub's heap

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


def read_after(low, slugs, limit=None):
    """(rows, more): events after ``low`` in the teams of ``slugs`` ({team id:
    slug}), oldest first, each frame encoded once for every stream that gets it."""
    from django.db import connection

    limit = limit or BATCH
    rows = sql.events_after(connection, low, slugs, limit + 1)
    more = len(rows) > limit
    out = []
    for seq, eid, team_id, topic, created_at, data, aud_a, aud_b in rows[:limit]:
        body = {"event_id": eid, "topic": topic, "team": slugs[team_id], "created_at": rfc3339(created_at), "data": data}
        out.append((seq, team_id, topic, aud_a, aud_b, frame(seq, topic, body), data))
    return out, more


def token_states(token_ids, user_ids, member_ids=()):
    """{token_id: (revoked_at, expires_at)} for tokens that still exist and
    whose user is still active (the REST API refuses a deactivated user's
    tokens), the ids of users that are still active, and of the members still
    in place: one query for all of a process's streams (a union of the three)."""
    from django.contrib.auth import get_user_model
    from django.db.models import DateTimeField, IntegerField, TextField, Value
    from django.db.models.functions import Cast

    from accounts.models import Member, Token

    never = Value(None, output_field=DateTimeField())
    key = Cast("pk", output_field=TextField())  # the three kinds of id in one column
    parts = []
    if token_ids:
        parts.append(Token.objects.filter(pk__in=list(token_ids), user__is_active=True).order_by().values_list(
            Value(0, output_field=IntegerField()), key, "revoked_at", "expires_at"))
    if user_ids:
        parts.append(get_user_model().objects.filter(pk__in=list(user_ids), is_active=True).order_by().values_list(
            Value(1, output_field=IntegerField()), key, never, never))
    if member_ids:
        parts.append(Member.objects.filter(pk__in=list(member_ids)).order_by().values_list(
            Value(2, output_field=IntegerField()), key, never, never))
    tokens, active, members = {}, set(), set()
    if not parts:
        return tokens, active, members
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    user_key = {str(pk): pk for pk in user_ids or ()}
    token_key = {str(pk): pk for pk in token_ids or ()}
    for kind, pk, revoked_at, expires_at in query:
        if kind == 0:
            tokens[token_key.get(pk, pk)] = (revoked_at, expires_at)
        elif kind == 1:
            active.add(user_key.get(pk, pk))
        else:
            members.add(pk)
    return tokens, active, members


def refresh_slots(keys):
    """Renew the leases of the streams' slots: one round trip for all of them
    on Redis (a script), else one touch each."""
    lease = slot_lease_seconds()
    keys = [k for k in keys if k]
    if not keys:
        return
    try:
        if hasattr(cache, "touch_many"):  # aura_site.cache.RedisCache: one round trip
            cache.touch_many(keys, lease)
        else:
            for key in keys:
                cache.touch(key, lease)
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: the streams go on
        logger.warning("could not renew the event streams' slots", exc_info=True)


_DB_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aura-event-hub")


def _with_connection(fn, args):
    close_old_connections()
    try:
        return fn(*args)
    finally:
        close_old_connections()  # back to the pool: an idle hub holds no connection


async def in_db_thread(fn, *args):
    """``fn(*args)`` on the hubs' database thread, the connection returned
    after it. A plain executor: a quarter of the CPU of Channels'
    ``database_sync_to_async`` per call (whose context copying and thread
    hand-offs cost more than the hub's read itself)."""
    return await asyncio.get_running_loop().run_in_executor(_DB_THREAD, _with_connection, fn, args)


class Hub:
    """The streams of one process (one per event loop).

    Where each stream is: the hub's ``position`` is the last sequence it has
    read and delivered to every stream that is live; a stream registered
    with an older cursor (``Last-Event-ID``) is ``behind`` until a read has
    caught it up, and only then do reads start below the position. A stream
    opened at a newer head skips what is not after its own cursor. So a
    read, a wake-up and a fan-out touch only the streams of the teams whose
    events were read, never every open stream.

    What a stream gets is encoded once: each event's frame once per read,
    the bytes of a set of frames once for all the streams that get that set,
    and its chunked framing once too (``Subscriber.direct``); several events
    for one stream go out in one write. Token ends by the clock (expiry, a
    rotated token's grace) wait in a heap, looked at on each wake."""

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
        self.checks = 0  # heartbeat token checks so far (one query each)
        self.position = None  # the last sequence read and delivered to the live streams
        self.behind = set()  # streams whose own cursor is below the position (a replay)
        self._by_team = {}  # team_id → {streams granted that team}
        self._slugs = {}  # team_id → slug
        self._by_token = {}  # token_id → {streams of that token}
        self._deadlines = []  # heap of (when, n, stream): a token's end by the clock
        self._pushed = 0
        self._wake = asyncio.Event()
        self._reader = None
        self._listener = None
        self._channel = None
        self._revocations = {}  # token_id → effective time, learned from token.revoked
        self._wanted = 0  # the highest sequence a wake-up announced
        self._force = False  # a read is needed whatever the sequences say (a new stream)
        self._reading = False

    # --- streams ---------------------------------------------------------------------
    def register(self, sub):
        self.subs.add(sub)
        for team_id in sub.grants:
            self._by_team.setdefault(team_id, set()).add(sub)
            self._slugs[team_id] = sub.slugs.get(team_id)
        if sub.token_id:
            self._by_token.setdefault(sub.token_id, set()).add(sub)
        self._watch_deadline(sub)
        if self._reading:
            # The read in flight may not cover this stream's teams or cursor:
            # the next one does.
            self.behind.add(sub)
        elif self.position is None:
            self.position = sub.after
        elif sub.after < self.position:
            self.behind.add(sub)
        self._start()
        self._force = True
        self._wake.set()

    def unregister(self, sub):
        sub.closed = True
        if sub not in self.subs:
            return
        self.subs.discard(sub)
        self.behind.discard(sub)
        for team_id in sub.grants:
            streams = self._by_team.get(team_id)
            if streams is not None:
                streams.discard(sub)
                if not streams:
                    del self._by_team[team_id]
                    self._slugs.pop(team_id, None)
        if sub.token_id:
            streams = self._by_token.get(sub.token_id)
            if streams is not None:
                streams.discard(sub)
                if not streams:
                    del self._by_token[sub.token_id]
                    self._revocations.pop(sub.token_id, None)
        if not self.subs:
            self.position = None

    def cursor(self, sub):
        """The last sequence ``sub`` has passed."""
        if sub in self.behind or self.position is None:
            return sub.after
        return max(sub.after, self.position)

    def wake(self, seq=None):
        """A commit recorded events up to ``seq`` (None: read anyway)."""
        if seq is None:
            self._force = True
            self._wake.set()
        elif self.subs and (self.behind or seq > self.position):
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
        await self._end_due(timezone.now())
        if not self.subs:
            return
        if self.position is None:  # every stream came in during a read
            self.position = min(s.after for s in self.subs)
        position = self.position
        behind = set(self.behind)  # the streams this read catches up
        low = min([position] + [s.after for s in behind])
        self._force = False
        # Until the position has moved past this read, a stream that opens
        # (the read and the fan-out's writes both await) is behind: its cursor
        # may lie inside what was read, and the next read serves it from there.
        self._reading = True
        try:
            rows, more = await in_db_thread(read_after, low, dict(self._slugs))
            self.reads += 1
            if rows and not more and not self._force and self._wanted <= rows[-1][0]:
                # Wake-ups that arrived during the read announced what it found.
                self._wanted = 0
                self._wake.clear()
            last = rows[-1][0] if rows else None
            if rows:
                await self._fan_out(rows, position, behind)
                if self.position is not None and last > self.position:
                    self.position = last
        finally:
            self._reading = False
        # The streams that were behind have passed everything read: live once
        # they reach the position (with no more to read, they have).
        for sub in behind & self.behind:
            if last is not None and last > sub.after:
                sub.after = last
            if not more or self.position is None or sub.after >= self.position:
                self.behind.discard(sub)
        if more:
            self._wake.set()

    async def _fan_out(self, rows, position, caught_up):
        """Each stream's frames of ``rows``, joined and chunked once per set of
        frames, one write per stream. ``position``: where the live streams
        were; ``caught_up``: the streams behind that this read covers."""
        if any(row[2] == "token.revoked" for row in rows):
            await self._learn_revocations(rows)
        wanted = {}  # stream → [row index]
        behind = self.behind
        by_team = self._by_team
        visible = topic_rules.visible
        for index, (seq, team_id, topic, aud_a, aud_b, _f, _d) in enumerate(rows):
            for sub in by_team.get(team_id, ()):
                if sub in behind:
                    if sub not in caught_up:
                        continue  # came in during the read: the next read serves it
                    after = sub.after
                else:
                    after = sub.after if sub.after > position else position
                if seq > after and visible(sub.grants, team_id, topic, aud_a, aud_b):
                    got = wanted.get(sub)
                    if got is None:
                        wanted[sub] = [index]
                    else:
                        got.append(index)
        encoded = {}  # (row indexes) → (bytes, chunked bytes)
        for count, (sub, indexes) in enumerate(wanted.items()):
            if count % FLUSH_EVERY == FLUSH_EVERY - 1:
                # Let the server flush what is written so far: the first
                # streams need not wait for the last to be served.
                await asyncio.sleep(0)
            if sub.closed:
                continue
            key = tuple(indexes)
            pair = encoded.get(key)
            if pair is None:
                data = rows[indexes[0]][5] if len(indexes) == 1 else b"".join(rows[i][5] for i in indexes)
                pair = encoded[key] = (data, chunk(data))
            await self._send(sub, *pair)

    async def _learn_revocations(self, rows):
        """A ``token.revoked`` read ends its token's streams here at once (or
        at its effective time, for a rotation's grace)."""
        now = timezone.now()
        for _seq, _team, topic, _a, _b, _f, data in rows:
            if topic != "token.revoked" or not isinstance(data, dict):
                continue
            token_id = data.get("token_id")
            streams = self._by_token.get(token_id)
            if not streams:
                continue
            try:
                at = dt.datetime.fromisoformat(str(data.get("effective_at")).replace("Z", "+00:00"))
            except ValueError:
                at = now
            self._revocations[token_id] = at
            for sub in list(streams):
                ended = self._token_end(sub, now)
                if ended:
                    await self.end(sub, ended)
                else:
                    self._watch_deadline(sub)

    def _watch_deadline(self, sub):
        when = min((t for t in (sub.revoked_at, sub.expires_at) if t is not None), default=None)
        if when is not None and when != sub.deadline:
            # One entry per end the stream has had: an unchanged end adds none.
            sub.deadline = when
            self._pushed += 1
            heapq.heappush(self._deadlines, (when, self._pushed, sub))
            if len(self._deadlines) > 2 * len(self.subs) + 64:
                # Closed streams' entries would wait for their time (days, for
                # an expiring token) holding the stream: drop them now and then.
                self._deadlines = [entry for entry in self._deadlines if not entry[2].closed]
                heapq.heapify(self._deadlines)

    async def _end_due(self, now):
        """End the streams whose token has reached its end by the clock."""
        while self._deadlines and self._deadlines[0][0] <= now:
            _when, _n, sub = heapq.heappop(self._deadlines)
            if sub.closed:
                continue
            ended = self._token_end(sub, now)
            if ended:
                await self.end(sub, ended)

    def _merge_revocation(self, sub):
        revoked = self._revocations.get(sub.token_id)
        if revoked is not None and (sub.revoked_at is None or revoked < sub.revoked_at):
            sub.revoked_at = revoked

    def _token_end(self, sub, now):
        self._merge_revocation(sub)
        return sub.ended_by_token(now)

    async def _heartbeat(self):
        subs = [s for s in self.subs if not s.closed]
        token_ids = sorted(self._by_token)
        user_ids = sorted({s.user_id for s in subs if s.user_id and not s.token_id})
        member_ids = sorted({m for s in subs for m in _members_of(s)})
        slots = [s.slot_key for s in subs if s.slot_key]
        tokens, active_users, members = await in_db_thread(_heartbeat_checks, token_ids, user_ids, member_ids, slots)
        self.checks += 1
        now = timezone.now()
        for index, sub in enumerate(subs):
            if index % HEARTBEAT_YIELD_EVERY == HEARTBEAT_YIELD_EVERY - 1:
                await asyncio.sleep(0)
            if sub.closed:
                continue
            if sub.token_id:
                state = tokens.get(sub.token_id)
                if state is None:
                    await self.end(sub, "unauthorized")
                    continue
                if state != (sub.revoked_at, sub.expires_at):
                    sub.revoked_at, sub.expires_at = state
                    # A revocation read from the log (its time to the second)
                    # still applies where it is earlier than the row's.
                    self._merge_revocation(sub)
                    self._watch_deadline(sub)
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
                await self._send(sub, KEEP_ALIVE, KEEP_ALIVE_CHUNK)

    async def _send(self, sub, data, chunked=None):
        limit = settings.AURA_EVENT_STREAM_MAX_BACKLOG_BYTES
        if sub.pending is not None and limit:
            backlog = sub.pending()
            if backlog and backlog + len(data) > limit:
                await self.cut_off(sub, backlog)
                return
        try:
            if sub.direct is not None and chunked is not None and sub.direct(data, chunked):
                return
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
