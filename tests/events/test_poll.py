"""GET /v1/events — the durable, oldest-first poll."""

import pytest

from events.log import record
from tests.conftest import assert_error, make_token


def emit(team, topic="intent.logged", n=1, **kw):
    return [record(team, topic, {"n": i}, **kw) for i in range(n)]


@pytest.fixture
def log(world):
    """acme: 3 intents, 1 zone, a DM alice→bob, a broadcast message, a token.revoked;
    globex: 2 intents."""
    acme, globex = world.acme, world.globex
    events = {
        "intents": emit(acme, n=3, actor=world.alice),
        "zone": emit(acme, "zone.claimed"),
        "dm": emit(acme, "message.posted", audience=(world.alice.pk, world.bob.pk)),
        "broadcast": emit(acme, "message.posted"),
        "revoked": emit(acme, "token.revoked"),
        "globex": emit(globex, n=2),
    }
    return events


def seqs(response):
    return [row["seq"] for row in response.json()["data"]]


def test_oldest_first_with_the_frame_fields(api, world, log):
    r = api(world.alice_token).get("/v1/events")
    assert r.status_code == 200, r.content
    body = r.json()
    assert seqs(r) == sorted(seqs(r))
    first = body["data"][0]
    assert set(first) == {"seq", "event_id", "topic", "team", "created_at", "data"}
    assert first["event_id"].startswith("evt_") and first["team"] == "acme"
    assert first["created_at"].endswith("Z")
    # alice (admin) sees all of acme: 3 intents, zone, her DM, broadcast, token.revoked
    assert len(body["data"]) == 7
    assert body["has_more"] is False and body["next_cursor"]


def test_topic_scopes_and_direct_messages(api, world, log):
    everything = {e.seq for group in log.values() for e in group}
    acme = everything - {e.seq for e in log["globex"]}
    # bob (member): no token.revoked (admin topic); sees the DM he received.
    assert set(seqs(api(world.bob_token).get("/v1/events"))) == acme - {log["revoked"][0].seq}
    # the agent: neither token.revoked nor the alice→bob DM.
    assert set(seqs(api(world.agent_token).get("/v1/events"))) == acme - {
        log["revoked"][0].seq, log["dm"][0].seq
    }
    # a token with read_events and read_zones only sees zones.
    narrow = make_token(world.bob, ["read_events", "read_zones"])
    assert seqs(api(narrow).get("/v1/events")) == [log["zone"][0].seq]
    # globex never sees acme.
    assert seqs(api(world.gina_token).get("/v1/events")) == [e.seq for e in log["globex"]]


def test_topics_filter_and_families(api, world, log):
    r = api(world.alice_token).get("/v1/events", {"topics": "zone.*,message.posted"})
    assert seqs(r) == [log["zone"][0].seq, log["dm"][0].seq, log["broadcast"][0].seq]
    err = assert_error(api(world.alice_token).get("/v1/events", {"topics": "intent.deleted"}), 400, "invalid_parameter")
    assert err["parameter"] == "topics"


def test_a_topic_without_its_scope_is_403(api, world, log):
    err = assert_error(api(world.bob_token).get("/v1/events", {"topics": "token.revoked"}), 403, "scope_missing")
    assert "admin" in err["hint"]


def test_missing_read_events_is_403(api, world, log):
    token = make_token(world.bob, ["read_intents"])
    err = assert_error(api(token).get("/v1/events"), 403, "scope_missing")
    assert "read_events" in err["hint"]


def test_team_parameter(api, world, log):
    assert_error(api(world.alice_token).get("/v1/events", {"team": "globex"}), 404, "not_found")
    r = api(world.alice_token).get("/v1/events", {"team": "acme"})
    assert r.status_code == 200 and len(r.json()["data"]) == 7


def test_pages_then_a_cursor_that_never_runs_dry(api, world):
    emit(world.acme, n=7)
    client = api(world.bob_token)
    seen, cursor = [], None
    for _ in range(5):
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        r = client.get("/v1/events", params)
        assert r.status_code == 200, r.content
        seen += seqs(r)
        cursor = r.json()["next_cursor"]
        assert cursor, "the poll always hands back a position"
        if not r.json()["has_more"]:
            break
    assert len(seen) == 7 and seen == sorted(seen)
    # Nothing new: same cursor back, empty page.
    r = client.get("/v1/events", {"limit": 3, "cursor": cursor})
    assert r.json() == {"data": [], "next_cursor": cursor, "has_more": False}
    # New events appear after the saved cursor, and only they.
    new = emit(world.acme, n=2)
    r = client.get("/v1/events", {"limit": 3, "cursor": cursor})
    assert seqs(r) == [e.seq for e in new]


def test_after_takes_a_bare_sequence(api, world):
    events = emit(world.acme, n=4)
    r = api(world.bob_token).get("/v1/events", {"after": events[1].seq})
    assert seqs(r) == [events[2].seq, events[3].seq]
    assert_error(api(world.bob_token).get("/v1/events", {"after": "x1"}), 400, "invalid_parameter")


def test_bad_and_foreign_cursors(api, world, log):
    client = api(world.alice_token)
    assert_error(client.get("/v1/events", {"cursor": "garbage"}), 400, "invalid_cursor")
    cursor = client.get("/v1/events", {"limit": 1}).json()["next_cursor"]
    assert_error(client.get("/v1/events", {"cursor": cursor, "topics": "zone.claimed"}), 400, "invalid_cursor")
    assert_error(client.get("/v1/events", {"cursor": cursor[:-2] + "xx"}), 400, "invalid_cursor")


def test_unknown_parameter_and_limit(api, world):
    err = assert_error(api(world.alice_token).get("/v1/events", {"colour": "red"}), 400, "invalid_parameter")
    assert err["parameter"] == "colour"
    assert_error(api(world.alice_token).get("/v1/events", {"limit": 501}), 400, "invalid_parameter")


def test_subscribe_under_wsgi_explains_where_the_stream_is(api, world):
    err = assert_error(api(world.alice_token).get("/v1/events", {"subscribe": "true"}), 400, "invalid_parameter")
    assert "ASGI" in err["hint"] and err["parameter"] == "subscribe"
    r = api(world.alice_token).get("/v1/events", {"subscribe": "false"})
    assert r.status_code == 200
    assert_error(api(world.alice_token).get("/v1/events", {"subscribe": "maybe"}), 400, "invalid_parameter")


def test_unauthenticated(api, world):
    assert_error(api().get("/v1/events"), 401, "unauthorized")


def test_no_event_detail_route(api, world, log):
    # The poll is the only WSGI endpoint: no /v1/events/{seq} (it would have
    # answered admins only, by the fallback scope).
    seq = log["intents"][0].seq
    assert_error(api(world.alice_token).get(f"/v1/events/{seq}"), 404, "not_found")
    assert_error(api(world.alice_token).get(f"/v1/events/{log['intents'][0].id}"), 404, "not_found")


def test_group_by_topic(api, world, log):
    r = api(world.alice_token).get("/v1/events", {"group_by": "topic"})
    assert r.status_code == 200, r.content
    counts = {row["topic"]: row["count"] for row in r.json()["data"]}
    assert counts == {"intent.logged": 3, "message.posted": 2, "zone.claimed": 1, "token.revoked": 1}
    counts = {row["topic"]: row["count"] for row in api(world.agent_token).get("/v1/events", {"group_by": "topic"}).json()["data"]}
    assert counts["message.posted"] == 1  # the DM stays hidden in aggregates too


def test_since(api, world):
    from datetime import timedelta

    from django.utils import timezone

    from events.models import Event

    old = emit(world.acme, n=2)
    Event.objects.filter(seq__in=[e.seq for e in old]).update(created_at=timezone.now() - timedelta(days=2))
    new = emit(world.acme)
    assert seqs(api(world.bob_token).get("/v1/events", {"since": "1d"})) == [new[0].seq]
    assert_error(api(world.bob_token).get("/v1/events", {"since": "yesterday"}), 400, "invalid_parameter")


@pytest.mark.parametrize("n", [3, 30])
def test_query_count_is_pinned(api, world, django_assert_num_queries, n):
    emit(world.acme, n=n)
    client = api(world.bob_token)
    client.get("/v1/events")  # warm last_used/last_seen so touches do not count
    with django_assert_num_queries(2):  # the token with its members, the page (team joined)
        r = client.get("/v1/events")
    assert len(r.json()["data"]) == n
