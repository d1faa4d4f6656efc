"""The per-process hub, in process: one read per wake, fanned out in memory."""

import asyncio

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
