"""Presence: heartbeats into the cache, who is active, presence.changed
(joined, branch changed, left — lazily, once per absence), what a heartbeat
answers, bad input, tenancy and Member.last_seen_at."""

import pytest

from accounts.models import Member
from events.models import Event
from presence import state
from tests.conftest import assert_error, make_member, make_token


class Clock:
    def __init__(self, monkeypatch):
        self.now = 1_800_000_000.0
        monkeypatch.setattr(state, "clock", lambda: self.now)

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def beat(api_client, status=200, **body):
    r = api_client.post("/v1/presence", body)
    assert r.status_code == status, r.content
    return r.json()


def changes():
    return [(e.data["change"], e.data["member"]["name"]) for e in Event.objects.filter(topic="presence.changed").order_by("seq")]


def test_a_heartbeat_makes_you_active_and_records_joined_once(api, world, clock):
    body = beat(api(world.bob_token), repo="acme/app", branch="feat/x", editing=["src/a.py", "billing::total"],
                client="aura-cli/1.4")
    assert body["active_window_seconds"] == 120
    [mine] = body["presence"]
    assert mine["member"] == {"id": world.bob.id, "name": "bob", "kind": "human"}
    assert (mine["team"], mine["repo"], mine["branch"], mine["client"]) == ("acme", "acme/app", "feat/x", "aura-cli/1.4")
    assert mine["editing"] == ["src/a.py", "billing::total"]
    clock.advance(60)
    beat(api(world.bob_token), repo="acme/app", branch="feat/x", editing=["src/b.py"])
    assert changes() == [("joined", "bob")]
    rows = api(world.alice_token).get("/v1/presence").json()
    assert set(rows) == {"data"}
    [row] = rows["data"]
    assert row["member"]["name"] == "bob" and row["editing"] == ["src/b.py"]
    assert row["active_since"] < row["last_seen_at"]
    assert Member.objects.get(pk=world.bob.pk).last_seen_at is not None


def test_branch_change_is_recorded(api, world, clock):
    client = api(world.bob_token)
    beat(client, repo="acme/app", branch="main")
    clock.advance(30)
    beat(client, repo="acme/app", branch="feat/y")
    clock.advance(30)
    beat(client, repo="acme/app", branch="feat/y")
    assert changes() == [("joined", "bob"), ("branch_changed", "bob")]
    event = Event.objects.filter(topic="presence.changed").order_by("seq").last()
    assert event.data["previous"] == {"repo": "acme/app", "branch": "main"} and event.data["branch"] == "feat/y"


def test_left_is_recorded_lazily_once_per_absence(api, world, clock):
    beat(api(world.bob_token), branch="main")
    beat(api(world.alice_token), branch="main")
    clock.advance(61)
    beat(api(world.alice_token), branch="main")
    clock.advance(60)
    beat(api(world.alice_token), branch="main")  # alice is still here; bob is past the window
    reader = api(world.alice_token)
    assert [r["member"]["name"] for r in reader.get("/v1/presence").json()["data"]] == ["alice"]
    reader.get("/v1/presence")
    assert changes().count(("left", "bob")) == 1
    # bob comes back: joined again, and a later absence is another "left"
    clock.advance(10)
    beat(api(world.bob_token), branch="main")
    clock.advance(500)
    reader.get("/v1/presence")
    reader.get("/v1/presence")
    assert changes() == [("joined", "bob"), ("joined", "alice"), ("left", "bob"), ("joined", "bob"),
                         ("left", "alice"), ("left", "bob")]
    assert reader.get("/v1/presence").json()["data"] == []


def test_a_member_back_after_an_unnoticed_absence_leaves_then_joins(api, world, clock):
    beat(api(world.bob_token), branch="main")
    clock.advance(600)
    beat(api(world.bob_token), branch="main")
    assert changes() == [("joined", "bob"), ("left", "bob"), ("joined", "bob")]


def test_the_window_is_configurable(api, world, clock, settings):
    settings.AURA_PRESENCE_WINDOW_SECONDS = 30
    assert beat(api(world.bob_token))["active_window_seconds"] == 30
    clock.advance(31)
    assert api(world.bob_token).get("/v1/presence").json()["data"] == []


def test_the_answer_says_what_to_act_on(api, world, clock):
    alice = api(world.alice_token)
    impact = alice.post("/v1/impacts", {"repo": "acme/app", "your_branch": "feat/x", "other_branch": "main",
                                         "function": "billing::total", "change": "modified", "severity": "warning"})
    assert impact.status_code == 201, impact.content
    alice.post("/v1/impacts", {"repo": "acme/app", "your_branch": "elsewhere", "other_branch": "main",
                               "function": "billing::tax", "change": "modified", "severity": "warning"})
    alice.post("/v1/messages", {"body": "hello"})
    alice.post("/v1/messages", {"body": "psst", "to": {"kind": "member", "id": world.bob.id}})
    alice.post("/v1/messages", {"body": "not for bob", "to": {"kind": "member", "id": world.agent.id}})
    zone = alice.post("/v1/zones", {"paths": ["src/billing/**"], "mode": "block", "reason": "refactor"}).json()
    body = beat(api(world.bob_token), repo="acme/app", branch="feat/x", editing=["src/billing/a.py", "docs/x.md"])
    [act] = body["act_on"]
    assert act["team"] == "acme"
    assert act["open_impacts"] == {"count": 1, "ids": [impact.json()["id"]]}
    # the same count as bob's unread list: the two from alice and the sentinel's notes of the impacts
    unread = api(world.bob_token).get("/v1/messages", {"unread_only": "true"}).json()["data"]
    assert act["unread_messages"] == len(unread) == 4
    assert {m["body"] for m in unread} >= {"hello", "psst"}
    assert [(z["id"], z["mode"], z["covers"]) for z in act["zones"]] == [(zone["id"], "block", ["src/billing/a.py"])]
    # what the caller may not read is null, not leaked
    narrow = beat(api(make_token(world.bob, ["read_zones"])), editing=["src/billing/a.py"])["act_on"][0]
    assert narrow["open_impacts"] is None and narrow["unread_messages"] is None and len(narrow["zones"]) == 1


@pytest.mark.parametrize(
    "body,field",
    [
        ({"colour": "red"}, "colour"),
        ({"editing": [f"f{i}" for i in range(51)]}, "editing"),
        ({"editing": "src/a.py"}, "editing"),
        ({"editing": ["x" * 1025]}, "editing"),
        ({"branch": 12}, "branch"),
        ({"client": "c" * 101}, "client"),
    ],
)
def test_bad_heartbeats_are_refused_and_nothing_is_written(api, world, clock, body, field):
    err = assert_error(api(world.bob_token).post("/v1/presence", body), 400, "validation_failed")
    assert any(k == field or k.startswith(field + ".") for k in err["fields"]), err
    assert api(world.alice_token).get("/v1/presence").json()["data"] == []
    assert not Event.objects.exists()


@pytest.mark.parametrize("param", ["group_by", "cursor", "limit", "colour"])
def test_the_list_has_no_cursor_nor_groups(api, world, param):
    err = assert_error(api(world.bob_token).get("/v1/presence", {param: "x"}), 400, "invalid_parameter")
    assert err["parameter"] == param


def test_any_valid_token_no_scope(api, world, clock):
    bare = api(make_token(world.bob, ["read_intents"]))
    assert beat(bare)["presence"][0]["member"]["name"] == "bob"
    assert len(bare.get("/v1/presence").json()["data"]) == 1
    assert_error(api().get("/v1/presence"), 401, "unauthorized")
    assert_error(api().post("/v1/presence", {}), 401, "unauthorized")


def test_teams_never_see_each_other(api, world, clock):
    beat(api(world.bob_token), branch="main")
    gina = api(world.gina_token)
    assert gina.get("/v1/presence").json()["data"] == []
    assert_error(gina.get("/v1/presence", {"team": "acme"}), 404, "not_found")
    assert_error(gina.post("/v1/presence", {"team": "acme"}), 404, "not_found")
    assert [e.team_id for e in Event.objects.all()] == [world.acme.id]


def test_a_member_of_two_teams_is_present_in_both_or_one(api, world, clock):
    make_member(world.globex, "alice")
    client = api(make_token(world.alice, teams=[world.acme, world.globex]))
    assert sorted(r["team"] for r in beat(client)["presence"]) == ["acme", "globex"]
    assert [r["team"] for r in client.get("/v1/presence", {"team": "globex"}).json()["data"]] == ["globex"]
    assert [r["team"] for r in beat(client, team="acme")["presence"]] == ["acme"]


def test_presence_changed_reaches_read_events_holders(api, world, clock):
    beat(api(world.bob_token))
    r = api(make_token(world.rita, ["read_events"])).get("/v1/events", {"topics": "presence.changed"})
    assert r.status_code == 200
    assert [e["data"]["change"] for e in r.json()["data"]] == ["joined"]
    assert api(world.gina_token).get("/v1/events").json()["data"] == []


def test_presence_changed_is_recorded_once_the_entry_says_it(api, world, clock, monkeypatch):
    # Whoever the event wakes and then asks who is active finds the new entry.
    from django.core.cache import cache

    from events import log

    seen = []

    def look(event):
        entry = cache.get(state.key(event.team_id, event.data["member"]["id"]))
        seen.append((event.data["change"], entry and entry["branch"], entry and entry["left"]))

    monkeypatch.setitem(log._subscribers, "presence.changed", [*log._subscribers.get("presence.changed", []), look])
    bob = api(world.bob_token)
    beat(bob, repo="acme/app", branch="feat/x")
    beat(bob, repo="acme/app", branch="feat/y")
    clock.advance(state.window() + 1)
    beat(bob, repo="acme/app", branch="feat/z")
    assert seen == [("joined", "feat/x", False), ("branch_changed", "feat/y", False), ("left", "feat/y", False),
                    ("joined", "feat/z", False)]
