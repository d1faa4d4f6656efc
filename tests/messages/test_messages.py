"""Messages: the team channel, direct messages and their privacy, read state
per member, the sentinel, filters, scopes, tenancy, pagination, query counts."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from events.log import record
from events.models import Event
from messages.models import Message, MessageRead
from tests.conftest import assert_error, make_member, make_token

SENTINEL = {"id": None, "name": "sentinel", "kind": "sentinel"}


def post(client, body="hello", status=201, **extra):
    r = client.post("/v1/messages", {"body": body, **extra})
    assert r.status_code == status, r.content
    return r.json()


def ids(client, **params):
    r = client.get("/v1/messages", params=params)
    assert r.status_code == 200, r.content
    return [m["id"] for m in r.json()["data"]]


def impact(**overrides):
    data = {
        "id": "imp_01HW3P4K", "repo": "acme/app", "your_branch": "feat/login", "other_branch": "feat/session",
        "function": "auth::Session::refresh", "change": "signature_changed", "severity": "warning",
        "status": "open", "occurrences": 1, "detected_at": "2026-04-21T13:10:02Z",
    }
    data.update(overrides)
    return data


# --- posting ---------------------------------------------------------------------


def test_broadcast(api, world):
    body = post(api(world.alice_token), "Heads up: refactoring billing::invoice for the next hour.")
    assert body["id"].startswith("msg_")
    assert body["team"] == "acme" and body["channel"] == "team"
    assert body["from"] == {"id": world.alice.id, "name": "alice", "kind": "human"}
    assert body["to"] == {"kind": "broadcast"}
    assert body["body"] == "Heads up: refactoring billing::invoice for the next hour."
    assert body["read_by"] == [] and body["subject"] is None
    assert body["created_at"].endswith("Z")
    message = Message.objects.get(pk=body["id"])
    assert message.team_id == world.acme.id and message.recipient_id is None
    event = Event.objects.get(topic="message.posted")
    assert event.data == body and event.actor == world.alice.id
    assert not event.is_private


def test_body_keeps_its_whitespace_and_may_be_10000_chars(api, world):
    assert post(api(world.bob_token), "  indented\n")["body"] == "  indented\n"
    assert len(post(api(world.bob_token), "x" * 10_000)["body"]) == 10_000


def test_agent_messages_say_so(api, world):
    assert post(api(world.agent_token))["from"]["kind"] == "agent"


@pytest.mark.parametrize(
    "body,field",
    [
        ({}, "body"),
        ({"body": ""}, "body"),
        ({"body": "   \n"}, "body"),
        ({"body": "x" * 10_001}, "body"),
        ({"body": 5}, "body"),
        ({"body": "hi", "channel": "random"}, "channel"),
        ({"body": "hi", "channel": "sentinel"}, "channel"),
        ({"body": "hi", "to": {"kind": "everyone"}}, "to.kind"),
        ({"body": "hi", "to": {"kind": "member"}}, "to.id"),
        ({"body": "hi", "to": {"kind": "broadcast", "id": "bob"}}, "to.id"),
        ({"body": "hi", "to": "bob"}, "to"),
        ({"body": "hi", "to": {"kind": "member", "id": "nobody"}}, "to.id"),
    ],
)
def test_bad_messages_are_refused_and_nothing_is_written(api, world, body, field):
    err = assert_error(api(world.alice_token).post("/v1/messages", body), 400, "validation_failed")
    assert any(k == field or k.startswith(field + ".") for k in err["fields"]), err
    assert not Message.objects.exists() and not Event.objects.exists()


def test_recipient_from_another_team_is_refused(api, world):
    client = api(world.alice_token)
    for ref in (world.gina.id, "gina"):
        err = assert_error(client.post("/v1/messages", {"body": "hi", "to": {"kind": "member", "id": ref}}),
                           400, "validation_failed")
        assert "to.id" in err["fields"]
    assert not Message.objects.exists() and not Event.objects.exists()


def test_not_json_is_refused(api, world):
    client = api(world.alice_token)
    assert_error(client.post("/v1/messages", raw=b'{"body": ', content_type="application/json"), 400, "invalid_json")
    assert_error(client.post("/v1/messages", raw=b"body=hi", content_type="application/x-www-form-urlencoded"),
                 415, "unsupported_media_type")
    assert_error(client.post("/v1/messages", raw=b"", content_type="application/json"), 400, "validation_failed")
    assert not Message.objects.exists()


# --- direct messages -------------------------------------------------------------------


def test_direct_message_is_private_in_lists_and_detail(api, world):
    alice, bob, rita, robo = (api(t) for t in (world.alice_token, world.bob_token, world.rita_token, world.agent_token))
    public = post(alice, "to all")
    by_id = post(alice, "psst", to={"kind": "member", "id": world.bob.id})
    by_name = post(robo, "hey rita", to={"kind": "member", "id": "rita"})
    assert by_id["to"] == {"kind": "member", "id": world.bob.id, "name": "bob"}
    assert by_name["to"]["id"] == world.rita.id

    assert ids(alice) == [by_id["id"], public["id"]]
    assert ids(bob) == [by_id["id"], public["id"]]
    assert ids(rita) == [by_name["id"], public["id"]]
    assert ids(robo) == [by_name["id"], public["id"]]
    # an admin does not read other people's direct messages either
    assert_error(alice.get(f"/v1/messages/{by_name['id']}"), 404, "not_found")
    assert_error(alice.patch(f"/v1/messages/{by_name['id']}", {"read": True}), 404, "not_found")
    assert rita.get(f"/v1/messages/{by_name['id']}").json()["body"] == "hey rita"
    # groups count only what the caller may see
    assert api(world.alice_token).get("/v1/messages", params={"group_by": "from"}).json()["data"] == [
        {"from": "alice", "count": 2},
    ]
    assert not MessageRead.objects.exists()


def test_direct_message_event_is_private(api, world):
    dm = post(api(world.alice_token), "psst", to={"kind": "member", "id": "bob"})
    event = Event.objects.get(topic="message.posted")
    assert event.is_private
    assert {event.audience_a, event.audience_b} == {world.alice.id, world.bob.id}
    assert event.data["id"] == dm["id"]

    def polled(token):
        r = api(token).get("/v1/events", params={"topics": "message.posted"})
        assert r.status_code == 200, r.content
        return [e["data"]["id"] for e in r.json()["data"]]

    assert polled(world.alice_token) == [dm["id"]]
    assert polled(world.bob_token) == [dm["id"]]
    assert polled(world.rita_token) == []
    assert polled(world.agent_token) == []


def test_message_to_yourself(api, world):
    note = post(api(world.bob_token), "note to self", to={"kind": "member", "id": "bob"})
    assert ids(api(world.bob_token)) == [note["id"]]
    assert ids(api(world.alice_token)) == []


# --- read state ----------------------------------------------------------------------


def test_read_state_is_per_member(api, world):
    alice, bob, robo = api(world.alice_token), api(world.bob_token), api(world.agent_token)
    first = post(alice, "one")
    second = post(alice, "two")

    r = bob.patch(f"/v1/messages/{first['id']}", {"read": True})
    assert r.status_code == 200, r.content
    assert r.json()["read_by"] == [world.bob.id]
    assert ids(bob, unread_only="true") == [second["id"]]
    assert ids(robo, unread_only="true") == [second["id"], first["id"]]
    assert ids(robo, unread_only="false") == [second["id"], first["id"]]
    assert ids(alice, unread_only="true") == []  # your own messages are read by you

    robo.patch(f"/v1/messages/{first['id']}", {"read": True})
    body = alice.get(f"/v1/messages/{first['id']}").json()
    assert body["read_by"] == [world.bob.id, world.agent.id]


def test_marking_read_is_idempotent_and_reversible(api, world):
    msg = post(api(world.alice_token))
    bob = api(world.bob_token)
    for _ in range(2):
        r = bob.patch(f"/v1/messages/{msg['id']}", {"read": True})
        assert r.status_code == 200 and r.json()["read_by"] == [world.bob.id]
    assert MessageRead.objects.filter(message_id=msg["id"]).count() == 1
    assert MessageRead.objects.get().team_id == world.acme.id
    r = bob.patch(f"/v1/messages/{msg['id']}", {"read": False})
    assert r.status_code == 200 and r.json()["read_by"] == []
    assert ids(bob, unread_only="true") == [msg["id"]]
    assert bob.patch(f"/v1/messages/{msg['id']}", {"read": False}).json()["read_by"] == []


@pytest.mark.parametrize("body", [{}, {"read": "maybe"}, {"read": None}])
def test_bad_patch(api, world, body):
    msg = post(api(world.alice_token))
    err = assert_error(api(world.bob_token).patch(f"/v1/messages/{msg['id']}", body), 400, "validation_failed")
    assert "read" in err["fields"]
    assert not MessageRead.objects.exists()


def test_patch_unknown_message(api, world):
    assert_error(api(world.bob_token).patch("/v1/messages/msg_nope", {"read": True}), 404, "not_found")


# --- list ---------------------------------------------------------------------------


def test_filters(api, world):
    alice, bob = api(world.alice_token), api(world.bob_token)
    old = post(alice, "old")
    Message.objects.filter(pk=old["id"]).update(created_at=timezone.now() - dt.timedelta(days=3))
    from_bob = post(bob, "from bob")
    record(world.acme, "impact.detected", impact())
    sentinel = Message.objects.get(channel="sentinel").id

    assert ids(alice) == [sentinel, from_bob["id"], old["id"]]
    assert ids(alice, channel="sentinel") == [sentinel]
    assert ids(alice, channel="team") == [from_bob["id"], old["id"]]
    assert ids(alice, since="1d") == [sentinel, from_bob["id"]]
    assert ids(alice, since=(timezone.now() - dt.timedelta(days=5)).date().isoformat()) == [
        sentinel, from_bob["id"], old["id"],
    ]
    assert ids(alice, **{"from": "bob"}) == [from_bob["id"]]
    assert ids(alice, **{"from": world.alice.id}) == [old["id"]]
    assert ids(alice, **{"from": "sentinel"}) == [sentinel]
    assert ids(alice, **{"from": "nobody"}) == []


@pytest.mark.parametrize(
    "params,code",
    [
        ({"colour": "red"}, "invalid_parameter"),
        ({"channel": "random"}, "invalid_parameter"),
        ({"unread_only": "perhaps"}, "invalid_parameter"),
        ({"since": "last tuesday"}, "invalid_parameter"),
        ({"group_by": "body"}, "invalid_parameter"),
        ({"limit": 501}, "invalid_parameter"),
        ({"cursor": "forged"}, "invalid_cursor"),
    ],
)
def test_bad_list_parameters(api, world, params, code):
    assert_error(api(world.alice_token).get("/v1/messages", params=params), 400, code)


def test_group_by_channel_and_from(api, world):
    alice, bob = api(world.alice_token), api(world.bob_token)
    post(alice)
    post(alice)
    post(bob)
    record(world.acme, "impact.detected", impact())
    assert alice.get("/v1/messages", params={"group_by": "from"}).json()["data"] == [
        {"from": "alice", "count": 2}, {"from": "bob", "count": 1}, {"from": "sentinel", "count": 1},
    ]
    assert alice.get("/v1/messages", params={"group_by": "channel"}).json()["data"] == [
        {"channel": "team", "count": 3}, {"channel": "sentinel", "count": 1},
    ]
    body = alice.get("/v1/messages", params={"group_by": "from", "unread_only": "true"}).json()
    assert body["data"] == [{"from": "bob", "count": 1}, {"from": "sentinel", "count": 1}]


def test_pagination_walks_every_message_once(api, world):
    client = api(world.alice_token)
    made = [post(client, f"m{i}")["id"] for i in range(7)]
    post(api(world.bob_token), "private", to={"kind": "member", "id": "robo"})
    seen, cursor = [], None
    while True:
        body = client.get("/v1/messages", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [m["id"] for m in body["data"]]
        if not body["has_more"]:
            break
        cursor = body["next_cursor"]
    assert seen == list(reversed(made))
    # the cursor is bound to the query that made it
    first = client.get("/v1/messages", params={"limit": 2}).json()
    assert_error(client.get("/v1/messages", params={"limit": 2, "channel": "team", "cursor": first["next_cursor"]}),
                 400, "invalid_cursor")


def test_list_query_count_does_not_grow_with_rows(api, world, django_assert_num_queries):
    alice, bob = api(world.alice_token), api(world.bob_token)
    first = post(alice)
    bob.patch(f"/v1/messages/{first['id']}", {"read": True})
    # the token with its teams and members; messages (with team, sender, recipient); readers
    with django_assert_num_queries(3):
        assert len(alice.get("/v1/messages").json()["data"]) == 1
    robo = api(world.agent_token)
    for i in range(10):
        direct = i % 3 == 0
        msg = post(bob if i % 2 else alice, f"m{i}", **({"to": {"kind": "member", "id": "alice"}} if direct else {}))
        if not direct:
            robo.patch(f"/v1/messages/{msg['id']}", {"read": True})
    record(world.acme, "impact.detected", impact())
    with django_assert_num_queries(3):
        assert len(alice.get("/v1/messages").json()["data"]) == 12
    with django_assert_num_queries(3):
        assert len(alice.get("/v1/messages", params={"unread_only": "true", "from": "bob"}).json()["data"]) > 0


# --- the sentinel -----------------------------------------------------------------------


def test_impact_detected_posts_a_sentinel_message(api, world):
    record(world.acme, "impact.detected", impact())
    message = Message.objects.get()
    assert message.channel == "sentinel" and message.sender_id is None and message.recipient_id is None
    body = api(world.bob_token).get(f"/v1/messages/{message.id}").json()
    assert body["from"] == SENTINEL
    assert body["to"] == {"kind": "broadcast"}
    assert body["subject"] == {"type": "impact", "id": "imp_01HW3P4K"}
    assert "auth::Session::refresh" in body["body"] and "feat/session" in body["body"]
    assert "feat/login" in body["body"] and "WARNING" in body["body"]
    posted = Event.objects.get(topic="message.posted")
    assert posted.data["from"] == SENTINEL and posted.actor is None and not posted.is_private
    # it is unread for everyone
    assert ids(api(world.alice_token), unread_only="true") == [message.id]


def test_several_impacts_at_once_post_one_message_each_in_two_inserts(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.log import record_many

    datas = [impact(id=f"imp_{i}", function=f"m::f{i}") for i in range(5)] + [impact(id="imp_old", occurrences=3)]
    with CaptureQueriesContext(connection) as ctx:
        record_many(world.acme, "impact.detected", datas)
    # The impacts' events, the messages, the messages' events: one insert each.
    inserts = [q["sql"].split("(")[0].strip() for q in ctx.captured_queries
               if q["sql"].startswith("INSERT") and "eventcounter" not in q["sql"]]  # (the first event makes the counter)
    assert inserts == ['INSERT INTO "events_event"', 'INSERT INTO "aura_messages_message"',
                       'INSERT INTO "events_event"']
    messages = list(Message.objects.order_by("subject_id"))
    assert [(m.subject_type, m.subject_id) for m in messages] == [("impact", f"imp_{i}") for i in range(5)]
    assert all(m.channel == "sentinel" and m.sender_id is None for m in messages)
    assert [f"m::f{i}" in m.body for i, m in enumerate(messages)] == [True] * 5
    posted = Event.objects.filter(topic="message.posted").order_by("seq")
    assert sorted(e.data["id"] for e in posted) == sorted(m.id for m in messages)
    assert all(e.data["read_by"] == [] and e.data["from"] == SENTINEL for e in posted)
    # Each event's message is the message as the API shows it (built without a serializer).
    from messages.serializers import MessageSerializer

    stored = {m.id: m for m in Message.objects.prefetch_related("reads").select_related("team")}
    for event in posted:
        assert event.data == dict(MessageSerializer(stored[event.data["id"]]).data)
        assert event.created_at == posted[0].created_at and event.team_id == world.acme.pk


def test_a_repeat_of_an_open_impact_posts_nothing(world):
    record(world.acme, "impact.detected", impact(occurrences=2))
    assert not Message.objects.exists()


def test_sentinel_message_commits_with_the_impact_or_not_at_all(world):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            record(world.acme, "impact.detected", impact())
            assert Message.objects.count() == 1
            raise RuntimeError("the intent failed")
    assert not Message.objects.exists()
    assert not Event.objects.exists()


def test_zone_blocked_posts_a_sentinel_message(api, world):
    data = {
        "zone": {"id": "zon_1", "reason": "invoice refactor", "owner": {"name": "alice"},
                 "expires_at": "2026-04-21T15:00:00Z"},
        "zones": ["zon_1"], "path": "src/billing/invoice.py", "repo": None, "branch": "main",
        "member": {"id": world.bob.id, "name": "bob", "kind": "human"}, "operation": "snapshot.create",
    }
    record(world.acme, "zone.blocked", data)
    body = api(world.alice_token).get("/v1/messages", params={"channel": "sentinel"}).json()["data"][0]
    assert body["from"] == SENTINEL and body["subject"] == {"type": "zone", "id": "zon_1"}
    for part in ("bob", "src/billing/invoice.py", "alice", "zon_1", "invoice refactor", "2026-04-21T15:00:00Z"):
        assert part in body["body"]


def test_sentinel_messages_stay_in_their_team(api, world):
    record(world.globex, "impact.detected", impact())
    assert ids(api(world.alice_token)) == []
    assert len(ids(api(world.gina_token))) == 1


# --- scopes and tenancy -------------------------------------------------------------------


def test_scopes(api, world):
    msg = post(api(world.alice_token))
    reader = api(make_token(world.bob, ["read_messages"]))
    assert ids(reader) == [msg["id"]]
    assert reader.get(f"/v1/messages/{msg['id']}").status_code == 200
    err = assert_error(reader.post("/v1/messages", {"body": "x"}), 403, "scope_missing")
    assert "write_messages" in err["hint"]
    assert_error(reader.patch(f"/v1/messages/{msg['id']}", {"read": True}), 403, "scope_missing")
    writer = api(make_token(world.bob, ["write_messages"]))
    assert_error(writer.get("/v1/messages"), 403, "scope_missing")
    assert_error(writer.get(f"/v1/messages/{msg['id']}"), 403, "scope_missing")
    assert_error(api(world.rita_token).post("/v1/messages", {"body": "x"}), 403, "scope_missing")
    assert_error(api().get("/v1/messages"), 401, "unauthorized")
    assert Message.objects.count() == 1 and not MessageRead.objects.exists()


def test_another_teams_message_is_a_404(api, world):
    msg = post(api(world.alice_token))
    gina = api(world.gina_token)
    assert ids(gina) == []
    assert_error(gina.get(f"/v1/messages/{msg['id']}"), 404, "not_found")
    assert_error(gina.patch(f"/v1/messages/{msg['id']}", {"read": True}), 404, "not_found")
    assert_error(gina.get("/v1/messages", params={"team": "acme"}), 404, "not_found")
    assert not MessageRead.objects.exists()


def test_member_of_two_teams_names_the_team(api, world):
    make_member(world.globex, "alice")
    client = api(make_token(world.alice, teams=[world.acme, world.globex]))
    assert_error(client.post("/v1/messages", {"body": "x"}), 400, "team_required")
    assert post(client, "hi globex", team="globex")["team"] == "globex"
    # a recipient must be in the team the message is posted in
    err = assert_error(client.post("/v1/messages", {"body": "x", "team": "globex", "to": {"kind": "member", "id": "bob"}}),
                       400, "validation_failed")
    assert "to.id" in err["fields"]
    assert post(client, "hi bob", team="acme", to={"kind": "member", "id": "bob"})["team"] == "acme"
    assert Message.objects.count() == 2


def test_direct_messages_are_never_sent_to_webhooks(api, world):
    from events.models import Delivery, Webhook

    Webhook.objects.create(team=world.acme, url="https://hooks.example.com/aura", topics=["message.posted"],
                           secret="whsec_test")
    broadcast = post(api(world.alice_token), "to all")
    post(api(world.alice_token), "psst", to={"kind": "member", "id": "bob"})
    assert [d.event.data["id"] for d in Delivery.objects.select_related("event")] == [broadcast["id"]]


def test_admin_pages(client, api, world):
    from django.contrib.auth import get_user_model

    alice = api(world.alice_token)
    post(alice, "hello")
    post(alice, "psst", to={"kind": "member", "id": "bob"})
    message = Message.objects.filter(recipient__isnull=False).get()
    api(world.bob_token).patch(f"/v1/messages/{message.id}", {"read": True})
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(admin)
    r = client.get("/admin/aura_messages/message/")
    assert r.status_code == 200 and b"psst" in r.content and b"everyone" in r.content
    r = client.get(f"/admin/aura_messages/message/{message.id}/change/")
    assert r.status_code == 200 and b"psst" in r.content
    assert client.get("/admin/aura_messages/message/add/").status_code == 403


def test_messages_of_a_removed_member(api, world):
    from accounts import provisioning

    alice = api(world.alice_token)
    said = post(api(world.bob_token), "bye all")
    post(api(world.bob_token), "psst alice", to={"kind": "member", "id": "alice"})
    to_bob = post(alice, "psst bob", to={"kind": "member", "id": "bob"})
    provisioning.remove_member(world.bob)
    body = alice.get(f"/v1/messages/{said['id']}").json()
    assert body["from"] == {"id": None, "name": "bob", "kind": "removed"}  # not the sentinel
    assert alice.get("/v1/messages", params={"group_by": "from"}).json()["data"] == [{"from": "bob", "count": 2}]
    # a direct message to the removed member goes with them (it never becomes a broadcast)
    assert_error(alice.get(f"/v1/messages/{to_bob['id']}"), 404, "not_found")
    assert ids(api(world.rita_token)) == [said["id"]]
    assert ids(alice, **{"from": "sentinel"}) == []


def test_oversized_request_body_is_a_413(api, world, settings):
    settings.AURA_MAX_BODY_BYTES = 1000
    assert_error(api(world.alice_token).post("/v1/messages", {"body": "x" * 2000}), 413, "payload_too_large")
    assert not Message.objects.exists() and not Event.objects.exists()


def test_idempotency_key_posts_once(api, world):
    client = api(world.alice_token)
    first = client.post("/v1/messages", {"body": "once"}, headers={"Idempotency-Key": "k-1"})
    again = client.post("/v1/messages", {"body": "once"}, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert Message.objects.count() == 1 and Event.objects.filter(topic="message.posted").count() == 1
    assert_error(client.post("/v1/messages", {"body": "other"}, headers={"Idempotency-Key": "k-1"}),
                 422, "idempotency_key_reused")
