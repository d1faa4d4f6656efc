"""Use times written behind the requests (accounts/usetimes.py): a request
notes its token's and members' use; one statement writes every note,
a timer's delay after the first."""

import os
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import sql, usetimes
from accounts.models import Member, Token
from tests.conftest import ApiClient, make_member, make_team, make_token, token_row

MINUTE = timedelta(minutes=1)


@pytest.fixture
def behind(settings):
    """Use times written behind, by a timer that does not fire during the test."""
    settings.AURA_USE_WRITE_SECONDS = 600
    yield
    _forget()


def _forget():
    timer = usetimes._timer
    usetimes._take()  # no note or timer left for another test
    if timer is not None:
        timer.cancel()


def _writes(ctx):
    return [q["sql"] for q in ctx.captured_queries
            if 'UPDATE "accounts_token"' in q["sql"] or 'UPDATE "accounts_member"' in q["sql"]]


def test_a_request_notes_its_use_and_writes_nothing(api, world, behind):
    with CaptureQueriesContext(connection) as ctx:
        r = ApiClient(world.bob_token).get("/v1/status")
    assert r.status_code == 200
    assert _writes(ctx) == []
    tokens, members = usetimes.pending()
    token = token_row(world.bob_token)
    assert set(tokens) == {token.pk} and set(members) == {world.bob.pk}
    assert token.last_used_at is None and Member.objects.get(pk=world.bob.pk).last_seen_at is None

    with CaptureQueriesContext(connection) as ctx:
        usetimes.write_now()
    assert len(_writes(ctx)) == (1 if connection.vendor == "postgresql" else 2)
    assert token_row(world.bob_token).last_used_at == tokens[token.pk]
    assert Member.objects.get(pk=world.bob.pk).last_seen_at == members[world.bob.pk]
    assert usetimes.pending() == ({}, {})


def test_a_second_request_within_the_minute_notes_nothing(api, world, behind):
    client = ApiClient(world.bob_token)
    assert client.get("/v1/status").status_code == 200
    usetimes.write_now()
    assert client.get("/v1/status").status_code == 200
    assert usetimes.pending() == ({}, {})


def test_many_uses_are_one_statement_and_a_recent_row_is_left(db):
    team = make_team("many")
    members = [make_member(team, f"m{i}") for i in range(40)]
    raws = [make_token(m) for m in members]
    ids = [token_row(raw).pk for raw in raws]
    now = timezone.now()
    recent, old = now - timedelta(seconds=10), now - timedelta(minutes=5)
    Token.objects.filter(pk=ids[0]).update(last_used_at=recent)  # another process wrote this minute
    Token.objects.filter(pk=ids[1]).update(last_used_at=old)
    Member.objects.filter(pk=members[0].pk).update(last_seen_at=recent)
    with CaptureQueriesContext(connection) as ctx:
        sql.record_use(dict.fromkeys(ids, now), {m.pk: now for m in members}, MINUTE)
    assert len(ctx.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
    used = dict(Token.objects.filter(pk__in=ids).values_list("pk", "last_used_at"))
    assert used[ids[0]] == recent
    assert all(used[pk] == now for pk in ids[1:])
    seen = dict(Member.objects.filter(pk__in=[m.pk for m in members]).values_list("pk", "last_seen_at"))
    assert seen[members[0].pk] == recent
    assert all(seen[m.pk] == now for m in members[1:])


def test_each_row_gets_its_own_time(db):
    team = make_team("times")
    a, b = make_member(team, "a"), make_member(team, "b")
    now = timezone.now()
    earlier = now - timedelta(seconds=7)
    sql.record_use({}, {a.pk: earlier, b.pk: now}, MINUTE)
    assert Member.objects.get(pk=a.pk).last_seen_at == earlier
    assert Member.objects.get(pk=b.pk).last_seen_at == now


@pytest.mark.django_db(transaction=True)
def test_the_timer_writes_them_behind_the_request(settings):
    settings.AURA_USE_WRITE_SECONDS = 0.2
    try:
        team = make_team("behind")
        member = make_member(team, "bob")
        raw = make_token(member)
        with CaptureQueriesContext(connection) as ctx:
            assert ApiClient(raw).get("/v1/status").status_code == 200
        assert _writes(ctx) == []  # not on the request's connection
        deadline = time.monotonic() + 10
        while token_row(raw).last_used_at is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert token_row(raw).last_used_at is not None
        assert Member.objects.get(pk=member.pk).last_seen_at is not None
        assert usetimes.pending() == ({}, {})
    finally:
        _forget()


def test_a_forked_child_starts_with_no_notes(world, behind):
    assert ApiClient(world.bob_token).get("/v1/status").status_code == 200
    assert usetimes.pending() != ({}, {})
    pid = os.fork()
    if pid == 0:  # the child: its parent's notes are the parent's to write
        os._exit(0 if usetimes.pending() == ({}, {}) and usetimes._timer is None else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert usetimes.pending() != ({}, {})  # the parent's are still its own
