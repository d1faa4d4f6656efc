"""The reminders every MCP tool result carries (agents.reminders), in
process: one statement; while the token's teams record no event, its
members mark no message read or unread and the previous call is at most
MAX_AGE old, that statement reads only the latest sequence and the previous
unread count stands. Each rule is checked both ways."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.authentication import principal_from_header
from agents import reminders, sql
from messages.models import Message
from tests.conftest import make_member, make_token


def remind(token):
    """(the reminders, whether the statement counted unread messages)."""
    principal = principal_from_header(f"Bearer {token}")
    answers = []
    numbers = sql.reminder_numbers

    def spy(*args, **kwargs):
        answers.append(numbers(*args, **kwargs))
        return answers[-1]

    sql.reminder_numbers = spy
    try:
        with CaptureQueriesContext(connection) as queries:
            out = reminders.reminders(principal)
    finally:
        sql.reminder_numbers = numbers
    [(_, unread, _)] = answers
    # one statement, and one more to list new impacts
    assert len(queries.captured_queries) <= (2 + 1 if out["new_impacts"] else 1), queries.captured_queries
    return out, unread is not None


@pytest.fixture
def bob(world):
    return make_token(world.bob)


def post(api, token, body, to=None):
    payload = {"body": body, **({"to": {"kind": "member", "id": to}} if to else {})}
    r = api(token).post("/v1/messages", payload)
    assert r.status_code == 201, r.content
    return r.json()["id"]


def impact(api, world, branch="feat/x"):
    r = api(world.alice_token).post("/v1/impacts", {"repo": "acme/app", "your_branch": branch, "other_branch": "main",
                                                    "function": "billing::total", "change": "modified",
                                                    "severity": "warning"})
    assert r.status_code == 201, r.content
    return r.json()["id"]


def test_the_unread_count_stands_until_the_team_records_an_event(api, world, bob):
    assert remind(bob)[0] == {"unread_messages": 0, "new_impacts": []}
    out, counted = remind(bob)
    assert out["unread_messages"] == 0 and not counted
    post(api, world.alice_token, "hello")
    out, counted = remind(bob)
    assert out["unread_messages"] == 1 and counted
    assert remind(bob) == ({"unread_messages": 1, "new_impacts": []}, False)
    # another team's event changes nothing
    post(api, world.gina_token, "globex only")
    assert remind(bob) == ({"unread_messages": 1, "new_impacts": []}, False)


def test_new_impacts_on_my_branches_since_my_previous_call(api, world, bob):
    assert api(bob).post("/v1/intents", {"summary": "work [ENG-1]", "tickets": ["ENG-1"], "branch": "feat/x"}).status_code == 201
    remind(bob)
    found = impact(api, world)
    impact(api, world, branch="someone-else")
    out, _ = remind(bob)
    assert [i["id"] for i in out["new_impacts"]] == [found]
    # the sentinel's notes of the two impacts are unread messages
    assert out["unread_messages"] == Message.objects.filter(team=world.acme, channel="sentinel").count() == 2
    assert remind(bob) == ({"unread_messages": 2, "new_impacts": []}, False)


def test_marking_read_or_unread_counts_again(api, world, bob, django_capture_on_commit_callbacks):
    sent = post(api, world.alice_token, "hello")
    assert remind(bob)[0]["unread_messages"] == 1

    def mark(token, read):
        with django_capture_on_commit_callbacks(execute=True):  # the marker moves after the commit
            assert api(token).patch(f"/v1/messages/{sent}", {"read": read}).status_code == 200  # no event

    mark(bob, True)
    assert remind(bob) == ({"unread_messages": 0, "new_impacts": []}, True)
    assert not remind(bob)[1]
    mark(bob, False)
    assert remind(bob) == ({"unread_messages": 1, "new_impacts": []}, True)
    mark(world.alice_token, True)  # another member's reads: nothing of bob's
    assert not remind(bob)[1]


def test_each_token_keeps_its_own(api, world, bob):
    remind(bob)
    other = make_token(world.bob)
    post(api, world.alice_token, "hello")
    assert remind(other) == ({"unread_messages": 1, "new_impacts": []}, True)
    assert remind(bob) == ({"unread_messages": 1, "new_impacts": []}, True)


def test_a_write_without_an_event_shows_within_max_age(api, world, bob, monkeypatch):
    post(api, world.alice_token, "hello")
    remind(bob)
    Message.objects.filter(team=world.acme).delete()  # as the Django admin would: no event
    assert remind(bob) == ({"unread_messages": 1, "new_impacts": []}, False)
    real = reminders.time.time
    monkeypatch.setattr(reminders.time, "time", lambda: real() + reminders.MAX_AGE + 1)
    assert remind(bob) == ({"unread_messages": 0, "new_impacts": []}, True)


def test_a_token_of_two_teams_counts_both(api, world):
    make_member(world.globex, "bob")
    token = make_token(world.bob, teams=[world.acme, world.globex])
    remind(token)
    post(api, world.gina_token, "globex hello")
    assert remind(token) == ({"unread_messages": 1, "new_impacts": []}, True)
    post(api, world.alice_token, "acme hello")
    assert remind(token) == ({"unread_messages": 2, "new_impacts": []}, True)
    assert not remind(token)[1]


def test_without_read_messages_nothing_is_counted(api, world):
    token = make_token(world.bob, ["read_intents"])
    post(api, world.alice_token, "hello")
    assert remind(token) == ({"unread_messages": 0, "new_impacts": []}, False)
