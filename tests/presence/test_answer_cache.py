"""The heartbeat's answer is computed in one statement, and reused while it
cannot have changed (presence.answer): same question, same team event
sequence, no message marked read, nothing of it expiring or waking, younger
than MAX_AGE. Each rule is checked both ways: reused, then recomputed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from impacts.models import Impact
from presence import answer
from tests.conftest import make_token

BODY = {"repo": "acme/app", "branch": "feat/x", "editing": ["src/billing/a.py"]}


def beat(client, **body):
    """(the act_on of the only team, whether the answer statement ran)."""
    with CaptureQueriesContext(connection) as queries:
        r = client.post("/v1/presence", {**BODY, **body})
    assert r.status_code == 200, r.content
    ran = [q["sql"] for q in queries.captured_queries if q["sql"].endswith("ORDER BY 1, 2 DESC, 12")]
    assert len(ran) <= 1, ran
    [act] = r.json()["act_on"]
    return act, bool(ran)


def impact(client, branch="feat/x", function="billing::total"):
    r = client.post("/v1/impacts", {"repo": "acme/app", "your_branch": branch, "other_branch": "main",
                                    "function": function, "change": "modified", "severity": "warning"})
    assert r.status_code == 201, r.content
    return r.json()["id"]


@pytest.fixture
def bob(api, world):
    return api(world.bob_token)


def test_the_answer_is_reused_until_the_team_records_an_event(api, world, bob):
    alice = api(world.alice_token)
    first, ran = beat(bob)
    assert ran and first["open_impacts"] == {"count": 0, "ids": []} and first["unread_messages"] == 0
    again, ran = beat(bob)
    assert not ran and again == first
    assert alice.post("/v1/messages", {"body": "hello"}).status_code == 201  # message.posted
    after, ran = beat(bob)
    assert ran and after["unread_messages"] == 1
    found = impact(alice)  # impact.detected
    after, ran = beat(bob)
    assert ran and after["open_impacts"]["ids"] == [found]
    assert alice.patch(f"/v1/impacts/{found}", {"status": "resolved"}).status_code == 200  # impact.updated
    after, ran = beat(bob)
    assert ran and after["open_impacts"] == {"count": 0, "ids": []}
    zone = alice.post("/v1/zones", {"paths": ["src/billing/**"], "mode": "block"}).json()  # zone.claimed
    after, ran = beat(bob)
    assert ran and [z["id"] for z in after["zones"]] == [zone["id"]]
    assert not beat(bob)[1]
    assert alice.delete(f"/v1/zones/{zone['id']}").status_code == 204  # zone.released
    after, ran = beat(bob)
    assert ran and after["zones"] == []


def test_another_team_s_events_do_not_recompute(api, world, bob):
    beat(bob)
    assert api(world.gina_token).post("/v1/messages", {"body": "globex only"}).status_code == 201
    assert not beat(bob)[1]


def test_marking_a_message_read_or_unread_recomputes(api, world, bob, django_capture_on_commit_callbacks):
    sent = api(world.alice_token).post("/v1/messages", {"body": "hello"}).json()
    assert beat(bob)[0]["unread_messages"] == 1

    def mark(client, read):
        with django_capture_on_commit_callbacks(execute=True):  # the marker moves after the commit
            assert client.patch(f"/v1/messages/{sent['id']}", {"read": read}).status_code == 200  # no event

    mark(bob, True)
    act, ran = beat(bob)
    assert ran and act["unread_messages"] == 0
    assert not beat(bob)[1]
    mark(bob, False)
    act, ran = beat(bob)
    assert ran and act["unread_messages"] == 1
    # another member's reading changes nothing of bob's answer
    mark(api(world.alice_token), True)
    assert not beat(bob)[1]


def test_another_question_or_other_scopes_recompute(api, world, bob):
    found = impact(api(world.alice_token))
    assert beat(bob)[0]["open_impacts"]["ids"] == [found]
    act, ran = beat(bob, branch="elsewhere")
    assert ran and act["open_impacts"]["ids"] == []
    act, ran = beat(bob, branch="elsewhere", editing=["src/other.py"])
    assert ran
    assert not beat(bob, branch="elsewhere", editing=["src/other.py"])[1]
    act, ran = beat(api(make_token(world.bob, ["read_zones"])), branch="elsewhere", editing=["src/other.py"])
    assert ran and act["open_impacts"] is None and act["unread_messages"] is None and act["zones"] == []


def test_a_covering_zone_expiring_recomputes(api, world, bob, monkeypatch):
    zone = api(world.alice_token).post("/v1/zones", {"paths": ["src/billing/**"], "ttl_seconds": 60}).json()
    assert [z["id"] for z in beat(bob)[0]["zones"]] == [zone["id"]]
    assert not beat(bob)[1]
    real = answer.clock
    monkeypatch.setattr(answer, "clock", lambda: real() + 61)
    act, ran = beat(bob)
    assert ran and act["zones"] == []


def test_a_snoozed_impact_waking_recomputes(api, world, bob, monkeypatch):
    alice = api(world.alice_token)
    found = impact(alice)
    until = (timezone.now() + timedelta(seconds=60)).isoformat()
    assert alice.patch(f"/v1/impacts/{found}", {"status": "snoozed", "snooze_until": until}).status_code == 200
    assert beat(bob)[0]["open_impacts"]["ids"] == []
    assert not beat(bob)[1]
    real = answer.clock
    monkeypatch.setattr(answer, "clock", lambda: real() + 61)
    act, ran = beat(bob)
    assert ran and act["open_impacts"]["ids"] == [found]


def test_a_write_without_an_event_shows_within_max_age(api, world, bob, monkeypatch):
    beat(bob)
    found = impact(api(world.alice_token))
    beat(bob)
    Impact.objects.filter(pk=found).update(status="resolved")  # as the Django admin would: no event
    act, ran = beat(bob)
    assert not ran and act["open_impacts"]["ids"] == [found]
    real = answer.clock
    monkeypatch.setattr(answer, "clock", lambda: real() + answer.MAX_AGE + 1)
    act, ran = beat(bob)
    assert ran and act["open_impacts"]["ids"] == []


def test_without_read_scopes_nothing_is_queried(api, world):
    act, ran = beat(api(make_token(world.bob, ["read_intents"])))
    assert not ran and act == {"team": "acme", "open_impacts": None, "unread_messages": None, "zones": None}


def test_removing_a_member_recomputes(api, world, bob, django_capture_on_commit_callbacks):
    # A removed member's zones go with it, and removal records no event.
    zone = api(world.agent_token).post("/v1/zones", {"paths": ["src/billing/**"], "mode": "block"}).json()
    assert [z["id"] for z in beat(bob)[0]["zones"]] == [zone["id"]]
    assert not beat(bob)[1]
    with django_capture_on_commit_callbacks(execute=True):
        assert api(world.alice_token).delete(f"/v1/admin/members/{world.agent.id}").status_code == 204
    act, ran = beat(bob)
    assert ran and act["zones"] == []
