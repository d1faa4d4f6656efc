"""The per-process hub, in process: one read per wake, fanned out in memory."""

import asyncio
import datetime as dt

import pytest
from channels.db import database_sync_to_async

from events import access
from events.log import record
from events.models import EventCounter
from events.stream import Hub, Subscriber
from tests.conftest import make_member, make_team

pytestmark = pytest.mark.django_db(transaction=True)


def grants_for(member, scopes):
    from accounts.principal import Principal

    principal = Principal(user=member.user, members={member.team_id: member}, scopes={member.team_id: frozenset(scopes)})
    return access.grant_map(principal, [member.team_id])


def test_one_read_per_wake_reaches_every_stream(settings):
    settings.AURA_EVENT_REREAD_SECONDS = 30
    settings.AURA_EVENT_HEARTBEAT_SECONDS = 30
    team = make_team("hub")
    bob, cy = make_member(team, "bob"), make_member(team, "cy")
    everything = {"read_events", "read_intents", "read_messages"}
    head = EventCounter.objects.get_or_create(pk=1)[0].value

    async def scenario():
        hub = Hub()
        received = {}

        def sender(name):
            async def send(data, more_body):
                received.setdefault(name, []).append(data)
            return send

        subs = []
        for i in range(40):
            member = bob if i % 2 else cy
            subs.append(Subscriber(send=sender(i), grants=grants_for(member, everything), after=head,
                                   slugs={team.pk: team.slug}))
        intents_only = Subscriber(send=sender("intents"), grants=grants_for(bob, {"read_events", "read_intents"}),
                                  after=head, slugs={team.pk: team.slug})
        for sub in subs + [intents_only]:
            hub.register(sub)
        await asyncio.sleep(0.5)  # the first read (nothing new)
        reads = hub.reads
        try:
            # The commit's wake-up comes over the (in-memory) Channels layer.
            event = await database_sync_to_async(record)(team, "message.posted", {"body": "dm"}, audience=(bob.pk, team.pk))
            await asyncio.sleep(0.5)
            assert hub.reads == reads + 1  # one read for all 41 streams
            bobs = [i for i in range(40) if i % 2]
            assert sorted(k for k in received if isinstance(k, int)) == bobs  # the DM reached bob's streams only
            assert all(received[i] == [received[bobs[0]][0]] for i in bobs)
            assert f"id: {event.seq}\nevent: message.posted\n".encode() in received[bobs[0]][0]
            assert "intents" not in received
            assert all(hub.cursor(s) == event.seq for s in subs + [intents_only])  # everyone moved past it
            hub.wake(event.seq)  # a repeated wake-up for what every stream has passed costs nothing
            await asyncio.sleep(0.3)
            assert hub.reads == reads + 1
        finally:
            await hub.close()

    asyncio.run(scenario())


# --- delivery rules: encoded once, one write, token ends, replay without loss -------------
class Recorder:
    """A stream's transport that counts its writes: ``direct`` is the
    straight-to-socket path (the bytes and their chunked framing), ``send``
    the server's path (used for the last frame of an ended stream)."""

    def __init__(self):
        self.writes = []  # (data, chunked) per direct write
        self.sent = []  # (data, more_body) per send

    def direct(self, data, chunked):
        self.writes.append((data, chunked))
        return True

    async def send(self, data, more_body):
        self.sent.append((data, more_body))

    def ids(self):
        return [int(line[4:]) for data, _ in self.writes for line in data.decode().split("\n") if line.startswith("id: ")]

    def ended(self):
        return [json_end(data) for data, more in self.sent if not more]


def json_end(data):
    import json

    text = data.decode()
    assert text.startswith("event: end\ndata: "), text
    return json.loads(text.split("data: ", 1)[1])["error"]["code"]


def stream_of(member, after, recorder, scopes=("read_events", "read_intents", "read_messages"), **kwargs):
    return Subscriber(send=recorder.send, direct=recorder.direct, grants=grants_for(member, set(scopes)), after=after,
                      slugs={member.team_id: member.team.slug}, **kwargs)


def head():
    return EventCounter.objects.get_or_create(pk=1)[0].value


async def until(check, timeout=5.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)


def test_the_same_bytes_reach_every_stream_in_one_write(settings):
    settings.AURA_EVENT_REREAD_SECONDS = 30
    settings.AURA_EVENT_HEARTBEAT_SECONDS = 30
    team, other = make_team("bytes"), make_team("elsewhere")
    bob, cy, dee = make_member(team, "bob"), make_member(team, "cy"), make_member(other, "dee")
    start = head()

    async def scenario():
        hub = Hub()
        recorders = [Recorder() for _ in range(6)]
        outsider = Recorder()
        for i, rec in enumerate(recorders):
            hub.register(stream_of(bob if i % 2 else cy, start, rec))
        hub.register(stream_of(dee, start, outsider))
        await asyncio.sleep(0.3)
        reads = hub.reads
        try:
            # Three events in one transaction: one wake-up, one read, and one
            # write per stream carrying all three.
            def commit_three():
                from django.db import transaction

                with transaction.atomic():
                    events = [record(team, "intent.logged", {"summary": f"s{i}"}) for i in range(3)]
                return [e.seq for e in events]  # numbered at the commit

            seqs = await database_sync_to_async(commit_three)()
            await until(lambda: all(rec.writes for rec in recorders))
            await asyncio.sleep(0.2)
            assert hub.reads == reads + 1
            for rec in recorders:
                assert len(rec.writes) == 1  # several events, one write
                assert rec.ids() == seqs
            first_data, first_chunk = recorders[0].writes[0]
            assert all(rec.writes[0][0] is first_data for rec in recorders)  # encoded once: the same object
            assert all(rec.writes[0][1] is first_chunk for rec in recorders)
            assert first_chunk == b"%x\r\n%s\r\n" % (len(first_data), first_data)
            assert outsider.writes == []  # another team's stream was not written to
            # One event each: still the one frame object per event for all of them.
            event = await database_sync_to_async(record)(team, "intent.logged", {"summary": "one"})
            await until(lambda: all(len(rec.writes) == 2 for rec in recorders))
            assert len({id(rec.writes[1][0]) for rec in recorders}) == 1
            assert all(rec.ids() == seqs + [event.seq] for rec in recorders)
        finally:
            await hub.close()

    asyncio.run(scenario())


def test_a_revoked_tokens_streams_end_at_once_and_an_expired_one_at_the_next_tick(settings):
    settings.AURA_EVENT_REREAD_SECONDS = 0.2
    settings.AURA_EVENT_HEARTBEAT_SECONDS = 60  # no heartbeat in this test: the log and the clock end them
    from django.utils import timezone

    from aura_site.api.times import rfc3339

    team = make_team("ends")
    bob, cy = make_member(team, "bob"), make_member(team, "cy")
    start = head()

    async def scenario():
        hub = Hub()
        revoked = [Recorder() for _ in range(3)]
        kept, expiring = Recorder(), Recorder()
        for rec in revoked:
            hub.register(stream_of(bob, start, rec, token_id="tok_revoked"))
        hub.register(stream_of(cy, start, kept, token_id="tok_kept"))
        soon = timezone.now() + dt.timedelta(seconds=0.6)
        hub.register(stream_of(cy, start, expiring, token_id="tok_expiring", expires_at=soon))
        await asyncio.sleep(0.3)
        try:
            await database_sync_to_async(record)(
                team, "token.revoked", {"token_id": "tok_revoked", "effective_at": rfc3339(timezone.now())}
            )
            await until(lambda: all(rec.sent for rec in revoked), timeout=0.9)  # at the wake, not at a heartbeat
            assert all(rec.ended() == ["token_revoked"] for rec in revoked)
            assert all(rec.writes == [] for rec in revoked)  # the revocation itself was not shown to them
            assert kept.sent == [] and expiring.sent == []
            # No event says the token expired: the next tick after its time ends it.
            await until(lambda: expiring.sent, timeout=2)
            assert timezone.now() >= soon
            assert expiring.ended() == ["token_expired"]
            assert kept.sent == []
            assert len(hub.subs) == 1
        finally:
            await hub.close()

    asyncio.run(scenario())


def test_the_heartbeat_checks_every_token_in_one_query_and_ends_a_deleted_ones_streams(settings, monkeypatch):
    settings.AURA_EVENT_REREAD_SECONDS = 0.2
    settings.AURA_EVENT_HEARTBEAT_SECONDS = 0.5
    from accounts.models import Token
    from events import stream
    from tests.conftest import make_token

    team = make_team("beats")
    members = [make_member(team, f"m{i}") for i in range(4)]
    from accounts.tokens import lookup

    raw = [make_token(m) for m in members]
    tokens = [lookup(r) for r in raw]
    start = head()
    calls = []
    real = stream.token_states

    def counted(token_ids, user_ids, member_ids=()):
        calls.append((sorted(token_ids), sorted(member_ids)))
        return real(token_ids, user_ids, member_ids)

    monkeypatch.setattr(stream, "token_states", counted)

    async def scenario():
        hub = Hub()
        recs = []
        for i in range(20):  # five streams per token
            rec = Recorder()
            recs.append(rec)
            tok = tokens[i % 4]
            hub.register(stream_of(members[i % 4], start, rec, token_id=tok.pk, expires_at=tok.expires_at))
        try:
            await until(lambda: hub.checks >= 1, timeout=3)
            assert len(calls) == hub.checks  # one check per tick for all 20 streams
            assert calls[0] == (sorted(t.pk for t in tokens), sorted(m.pk for m in members))
            assert all(rec.writes and rec.writes[-1][0] == b": keep-alive\n\n" for rec in recs)
            await database_sync_to_async(Token.objects.filter(pk=tokens[0].pk).delete)()  # no event
            checks = hub.checks
            await until(lambda: hub.checks > checks, timeout=3)
            await asyncio.sleep(0.1)
            gone = [rec for i, rec in enumerate(recs) if i % 4 == 0]
            assert all(rec.ended() == ["unauthorized"] for rec in gone)
            assert all(rec.sent == [] for i, rec in enumerate(recs) if i % 4)
            assert len(hub.subs) == 15
        finally:
            await hub.close()

    asyncio.run(scenario())


def test_token_states_is_one_query(django_assert_num_queries):
    from events.stream import token_states
    from tests.conftest import make_token

    team = make_team("states")
    bob, cy = make_member(team, "bob"), make_member(team, "cy")
    from accounts.tokens import lookup

    tok = lookup(make_token(bob, expires_in=dt.timedelta(days=1)))
    with django_assert_num_queries(1):
        tokens, users, members = token_states([tok.pk, "tok_gone"], [cy.user.pk], [bob.pk, cy.pk, "mem_gone"])
    assert tokens == {tok.pk: (None, tok.expires_at)}
    assert tokens[tok.pk][1].tzinfo is not None  # a datetime through the union, on either database
    assert users == {cy.user.pk}
    assert members == {bob.pk, cy.pk}


def record_retrying(*args, **kwargs):
    """record(); on the in-memory SQLite of the tests, a write that meets the
    hub's read in another thread finds the table locked (nothing committed):
    it tries again. PostgreSQL never needs to."""
    import time

    from django.db import OperationalError

    for attempt in range(50):
        try:
            return record(*args, **kwargs)
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == 49:
                raise
            time.sleep(0.02)


def test_replays_with_last_event_id_lose_and_repeat_nothing(settings, monkeypatch):
    settings.AURA_EVENT_REREAD_SECONDS = 0.3
    settings.AURA_EVENT_HEARTBEAT_SECONDS = 60
    from events import stream

    monkeypatch.setattr(stream, "BATCH", 4)  # replays span several reads
    team, other = make_team("replay"), make_team("replay-other")
    bob, dee = make_member(team, "bob"), make_member(other, "dee")
    start = head()

    async def scenario():
        hub = Hub()
        live, live_other = Recorder(), Recorder()
        hub.register(stream_of(bob, start, live))
        hub.register(stream_of(dee, start, live_other))
        seqs, other_seqs = [], []
        late = []
        try:
            for i in range(30):
                teams = (team, other) if i % 3 else (team,)
                for t in teams:
                    event = await database_sync_to_async(record_retrying)(t, "intent.logged", {"i": i})
                    (seqs if t is team else other_seqs).append(event.seq)
                if i == 10:
                    # The hub has read everything so far: the reconnects below start behind it.
                    await until(lambda: live.ids()[-1:] == seqs[-1:] and live_other.ids()[-1:] == other_seqs[-1:])
                    assert hub.position == max(seqs[-1], other_seqs[-1])
                if i in (10, 12, 20):
                    # A reconnect with Last-Event-ID: an older cursor, while events keep coming.
                    rec = Recorder()
                    late.append((rec, seqs[1] if i == 10 else seqs[i // 2], "bob"))
                    hub.register(stream_of(bob, late[-1][1], rec))
                    rec2 = Recorder()
                    late.append((rec2, other_seqs[0], "dee"))
                    hub.register(stream_of(dee, other_seqs[0], rec2))
                    assert hub.behind
                if i % 4 == 0:
                    await asyncio.sleep(0.05)
            await until(lambda: live.ids()[-1:] == seqs[-1:] and all(
                r.ids()[-1:] == (seqs if who == "bob" else other_seqs)[-1:] for r, _, who in late), timeout=10)
            await asyncio.sleep(0.4)
            assert live.ids() == seqs
            assert live_other.ids() == other_seqs
            for rec, after, who in late:
                mine = seqs if who == "bob" else other_seqs
                assert rec.ids() == [s for s in mine if s > after]  # in order, none lost, none twice
        finally:
            await hub.close()

    asyncio.run(scenario())


def test_closed_streams_do_not_pile_up_in_the_deadline_heap(settings):
    from django.utils import timezone

    team = make_team("heap")
    bob = make_member(team, "bob")
    later = timezone.now() + dt.timedelta(days=30)

    async def scenario():
        hub = Hub()
        try:
            for _ in range(1000):  # reconnects of a token that expires in 30 days
                sub = stream_of(bob, 0, Recorder(), token_id="tok_x", expires_at=later)
                hub.register(sub)
                hub.unregister(sub)
            kept = stream_of(bob, 0, Recorder(), token_id="tok_y", expires_at=later)
            hub.register(kept)
            assert len(hub._deadlines) <= 2 * len(hub.subs) + 65
            assert any(entry[2] is kept for entry in hub._deadlines)
        finally:
            await hub.close()

    asyncio.run(scenario())


def test_a_stream_registered_during_a_fan_out_loses_nothing(settings):
    """A stream that opens while the hub writes a read's frames (the fan-out
    awaits each stream's send) with a cursor inside that read gets the rest of
    it: the hub's position moves past the read only for the streams it served."""
    settings.AURA_EVENT_REREAD_SECONDS = 0.3
    settings.AURA_EVENT_HEARTBEAT_SECONDS = 60
    from django.db import transaction

    team = make_team("midway")
    bob = make_member(team, "bob")
    start = head()

    def two_events():
        with transaction.atomic():
            first = record(team, "intent.logged", {"i": 1})
            second = record(team, "intent.logged", {"i": 2})
        return first.seq, second.seq

    async def scenario():
        hub = Hub()
        late = Recorder()

        class Opener(Recorder):
            def direct(self, data, chunked):
                return False  # through the server's send: the fan-out awaits it

            async def send(self, data, more_body):
                await super().send(data, more_body)
                ids = [int(line[4:]) for line in data.decode().split("\n") if line.startswith("id: ")]
                if ids and not late_registered:
                    # A reconnect whose Last-Event-ID is the read's first event.
                    late_registered.append(ids[0])
                    hub.register(stream_of(bob, ids[0], late))

        late_registered = []
        opener = Opener()
        hub.register(stream_of(bob, start, opener))
        try:
            await asyncio.sleep(0.4)
            first, second = await database_sync_to_async(two_events)()
            await until(lambda: late_registered, timeout=3)
            assert late_registered == [first]
            await until(lambda: late.ids(), timeout=3)
            await asyncio.sleep(0.4)
            assert late.ids() == [second]
        finally:
            await hub.close()

    asyncio.run(scenario())


def test_a_rotating_tokens_streams_add_no_deadline_at_each_heartbeat(settings):
    """A rotation's token.revoked says when the old token ends to the second;
    the token's row says it to the microsecond. The heartbeat finds the row's
    time unchanged: it must not push another deadline for each of the token's
    streams at every beat (the heap would grow for the whole grace period)."""
    settings.AURA_EVENT_REREAD_SECONDS = 0.1
    settings.AURA_EVENT_HEARTBEAT_SECONDS = 0.1
    from accounts.tokens import lookup, rotate
    from tests.conftest import make_token

    team = make_team("rotating")
    bob = make_member(team, "bob")
    token = lookup(make_token(bob))
    start = head()

    async def scenario():
        hub = Hub()
        recs = [Recorder() for _ in range(3)]
        subs = [stream_of(bob, start, rec, token_id=token.pk) for rec in recs]
        for sub in subs:
            hub.register(sub)
        try:
            await asyncio.sleep(0.3)
            await database_sync_to_async(rotate)(token, grace=dt.timedelta(hours=1))
            await until(lambda: all(sub.revoked_at is not None for sub in subs))
            checks = hub.checks
            await until(lambda: hub.checks >= checks + 2)
            size = len(hub._deadlines)
            await until(lambda: hub.checks >= checks + 8)
            assert len(hub._deadlines) == size  # nothing changed: nothing pushed
            assert all(rec.ended() == [] for rec in recs)
            assert len(hub.subs) == 3
        finally:
            await hub.close()

    asyncio.run(scenario())


def test_a_deactivated_users_token_streams_end_at_the_heartbeat(settings):
    """The REST API refuses a deactivated user's tokens; their open streams
    end at the next heartbeat too (no event says so)."""
    settings.AURA_EVENT_REREAD_SECONDS = 0.2
    settings.AURA_EVENT_HEARTBEAT_SECONDS = 0.3
    from django.contrib.auth import get_user_model

    from accounts.tokens import lookup
    from tests.conftest import make_token

    team = make_team("deactivated")
    bob, cy = make_member(team, "bob"), make_member(team, "cy")
    bobs, cys = lookup(make_token(bob)), lookup(make_token(cy))
    start = head()

    async def scenario():
        hub = Hub()
        gone, kept = Recorder(), Recorder()
        hub.register(stream_of(bob, start, gone, token_id=bobs.pk))
        hub.register(stream_of(cy, start, kept, token_id=cys.pk))
        try:
            await until(lambda: hub.checks >= 1)
            await database_sync_to_async(get_user_model().objects.filter(pk=bob.user_id).update)(is_active=False)
            checks = hub.checks
            await until(lambda: hub.checks >= checks + 2)
            assert gone.ended() == ["unauthorized"]
            assert kept.ended() == []
            assert len(hub.subs) == 1
        finally:
            await hub.close()

    asyncio.run(scenario())
