"""The heartbeat's one-statement answer (presence.answer, presence.sql) says
what the ORM queries it replaced said, over random impacts, messages, reads
and zones; and the time it holds until is never past the first snooze that
wakes or covering zone that expires."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings, strategies as st

from impacts.models import Impact, status_q
from messages.models import Message, MessageRead
from presence import answer
from zones import overlap
from zones.models import Zone, ZonePath

MEMBERS = ("alice", "bob", "rita")
BRANCHES = ("feat/x", "main", None)
REPOS = ("acme/app", "acme/lib", None)
PATTERNS = ("src/billing/**", "src/billing/a.py", "src/*.py", "docs/**", "billing::total")


def reference(team, member, v, flags, now):
    """The answer as the ORM computed it before (presence/views.py of 27ed95c)."""
    read_impacts, read_messages, read_zones = flags
    out = {"team": team.slug, "open_impacts": None, "unread_messages": None, "zones": None}
    if read_impacts:
        impacts = Impact.objects.filter(team=team).filter(status_q("open", now))
        if v["branch"]:
            impacts = impacts.filter(your_branch=v["branch"])
        if v["repo"]:
            impacts = impacts.filter(repo=v["repo"])
        ids = list(impacts.order_by("-id").values_list("id", flat=True)[: answer.MAX_IMPACT_IDS + 1])
        count = len(ids) if len(ids) <= answer.MAX_IMPACT_IDS else impacts.count()
        out["open_impacts"] = {"count": count, "ids": ids[: answer.MAX_IMPACT_IDS]}
    if read_messages:
        read = MessageRead.objects.filter(member=member).values("message_id")
        out["unread_messages"] = (
            Message.objects.filter(team=team).filter(recipient__isnull=True)
            | Message.objects.filter(team=team, recipient=member)
        ).exclude(sender=member).exclude(id__in=read).count()
    if read_zones:
        zones = []
        if v["editing"]:
            others = Zone.objects.filter(team=team, expires_at__gt=now).exclude(owner=member).prefetch_related(
                "entries").select_related("owner")
            for zone in others:
                covered = [p for p in v["editing"] if overlap.covers(zone.as_claim(), p, v["repo"], v["branch"])]
                if covered:
                    zones.append({"id": zone.id, "mode": zone.mode, "owner": zone.owner.as_ref(),
                                  "reason": zone.reason, "covers": covered})
        out["zones"] = zones
    return out


seconds = st.floats(min_value=-3600, max_value=3600, allow_nan=False).map(lambda s: round(s, 6))
impacts_st = st.lists(st.tuples(
    st.sampled_from(("open", "snoozed", "resolved", "dismissed")), st.sampled_from(BRANCHES[:2]),
    st.sampled_from(REPOS[:2]), seconds), max_size=25)
messages_st = st.lists(st.tuples(
    st.sampled_from(MEMBERS + (None,)), st.sampled_from(MEMBERS + (None,)), st.sets(st.sampled_from(MEMBERS))),
    max_size=8)
zones_st = st.lists(st.tuples(
    st.sampled_from(MEMBERS), st.sampled_from(("warn", "block")), st.sampled_from(REPOS),
    st.sampled_from(BRANCHES), st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=3, unique=True), seconds),
    max_size=6)
question_st = st.fixed_dictionaries({
    "repo": st.sampled_from(REPOS), "branch": st.sampled_from(BRANCHES),
    "editing": st.lists(st.sampled_from(("src/billing/a.py", "src/x.py", "docs/a.md", "billing::total")),
                        max_size=3, unique=True),
})


@pytest.mark.django_db(transaction=False)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(impacts=impacts_st, messages=messages_st, zones=zones_st, v=question_st,
       flags=st.tuples(st.booleans(), st.booleans(), st.booleans()))
def test_the_statement_answers_as_the_orm_did(world, impacts, messages, zones, v, flags):
    team = world.acme
    members = {name: getattr(world, name) for name in MEMBERS}
    now = timezone.now().replace(microsecond=123456)
    with transaction.atomic():
        for i, (status, branch, repo, offset) in enumerate(impacts):
            Impact.objects.create(
                team=team, repo=repo, your_branch=branch, other_branch=f"other{i}", function=f"f{i}",
                change="modified", severity="warning", status=status,
                snooze_until=now + timedelta(seconds=offset) if status == "snoozed" else None)
        for sender, recipient, readers in messages:
            m = Message.objects.create(team=team, sender=members.get(sender), sender_name=sender or "sentinel",
                                       recipient=members.get(recipient), body="hi", created_at=now)
            MessageRead.objects.bulk_create(
                [MessageRead(team=team, message=m, member=members[r], read_at=now) for r in readers])
        for owner, mode, repo, branch, patterns, offset in zones:
            z = Zone.objects.create(team=team, owner=members[owner], mode=mode, repo=repo, branch=branch,
                                    created_at=now, expires_at=now + timedelta(seconds=offset))
            ZonePath.objects.bulk_create([ZonePath(team=team, zone=z, position=i, pattern=p, prefix=p.split("*")[0])
                                          for i, p in enumerate(patterns)])
        bob = world.bob
        got, until = answer._compute(team, bob, v, flags, now.timestamp())
        assert got == reference(team, bob, v, flags, now)
        # The answer holds no longer than its first change: a snoozed impact
        # of the question waking, a covering zone expiring.
        changes = []
        if flags[0]:
            asleep = Impact.objects.filter(team=team, status="snoozed", snooze_until__gt=now)
            asleep = asleep.filter(your_branch=v["branch"]) if v["branch"] else asleep
            asleep = asleep.filter(repo=v["repo"]) if v["repo"] else asleep
            changes += [i.snooze_until.timestamp() for i in asleep]
        if flags[2]:
            covering = {z["id"] for z in got["zones"]}
            changes += [z.expires_at.timestamp() for z in Zone.objects.filter(id__in=covering)]
        assert until <= min(changes, default=now.timestamp() + answer.MAX_AGE)
        transaction.set_rollback(True)
