"""The MCP reminders' one statement (agents.sql.reminder_numbers) counts
unread messages and finds the first new impact as the ORM queries it
replaced did, over random messages, reads and events of a token of two teams."""

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings, strategies as st

from accounts.authentication import principal_from_header
from agents import reminders, sql
from events.models import Event
from messages.models import Message, MessageRead
from tests.conftest import make_member, make_token

PEOPLE = ("alice", "bob", "gina", "bob@globex")

messages_st = st.lists(st.tuples(
    st.sampled_from(("acme", "globex")), st.sampled_from(PEOPLE + (None,)), st.sampled_from(PEOPLE + (None,)),
    st.sets(st.sampled_from(PEOPLE))), max_size=10)
events_st = st.lists(st.tuples(st.sampled_from(("acme", "globex")),
                               st.sampled_from(("impact.detected", "message.posted"))), max_size=8)
scope_st = st.sampled_from((["read_messages", "read_impacts"], ["read_messages"], ["read_impacts"]))


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(messages=messages_st, events=events_st, seen_at=st.integers(min_value=0, max_value=8), scopes=scope_st)
def test_the_statement_counts_as_the_orm_did(world, messages, events, seen_at, scopes):
    teams = {"acme": world.acme, "globex": world.globex}
    with transaction.atomic():
        bob_globex = make_member(world.globex, "bob")
        people = {"alice": world.alice, "bob": world.bob, "gina": world.gina, "bob@globex": bob_globex}
        principal = principal_from_header(f"Bearer {make_token(world.bob, scopes, teams=[world.acme, world.globex])}")
        now = timezone.now()
        for team, sender, recipient, readers in messages:
            team = teams[team]
            sender, recipient = people.get(sender), people.get(recipient)
            if (sender and sender.team_id != team.id) or (recipient and recipient.team_id != team.id):
                continue
            m = Message.objects.create(team=team, sender=sender, sender_name=getattr(sender, "name", "sentinel"),
                                       recipient=recipient, body="hi", created_at=now)
            MessageRead.objects.bulk_create([MessageRead(team=team, message=m, member=people[r], read_at=now)
                                             for r in readers if people[r].team_id == team.id])
        base = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        for i, (team, topic) in enumerate(events, start=1):
            Event.objects.create(seq=base + i, team=teams[team], topic=topic, data={})
        seen = base + seen_at
        mine = [m.id for m in principal.members.values()]
        impact_teams = principal.teams_with("read_impacts")
        latest, unread, first_new = sql.reminder_numbers(
            principal.team_ids, message_teams=principal.teams_with("read_messages"), impact_teams=impact_teams,
            mine=mine, kept_seq=None, seen=seen)
        assert latest == (Event.objects.filter(team_id__in=principal.team_ids).order_by("-seq")
                          .values_list("seq", flat=True).first() or 0)
        expected_unread = reminders.unread_messages(principal) if principal.teams_with("read_messages") else None
        assert unread == expected_unread
        expected_first = (reminders._detected(impact_teams, seen).order_by("seq").values_list("seq", flat=True)
                          .first()) if impact_teams else None
        assert first_new == expected_first
        # Kept: the statement reads only the latest sequence.
        assert sql.reminder_numbers(
            principal.team_ids, message_teams=principal.teams_with("read_messages"), impact_teams=impact_teams,
            mine=mine, kept_seq=latest, seen=seen) == (latest, None, None)
        transaction.set_rollback(True)
