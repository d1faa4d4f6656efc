"""GET/POST /v1/team/sync — the acknowledged cursor, pending pulls, pushes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.log import record
from events.models import Event, Push
from tests.conftest import assert_error, make_member, make_token


def intent(world, member, repo="acme/app", branch="main"):
    """Log an intent through the API as ``member``; returns its intent.logged event."""
    from tests.conftest import ApiClient

    token = {world.alice: world.alice_token, world.bob: world.bob_token, world.agent: world.agent_token}[member]
    body = {"summary": "Work [ENG-1]", **({"repo": repo, "branch": branch} if repo else {})}
    r = ApiClient(token).post("/v1/intents", body)
    assert r.status_code == 201, r.content
    return Event.objects.get(topic="intent.logged", data__intent_id=r.json()["id"])


def test_shape_for_a_fresh_member(api, world):
    r = api(world.bob_token).get("/v1/team/sync")
    assert r.status_code == 200, r.content
    body = r.json()
    assert set(body) == {"team", "cursor", "latest", "pending_pulls", "members", "branches"}
    assert body["team"] == "acme" and body["cursor"] == 0 and body["latest"] == 0 and body["pending_pulls"] == 0
    assert [m["member"]["name"] for m in body["members"]] == ["alice", "bob", "rita", "robo"]
    assert body["members"][0] == {"member": world.alice.as_ref(), "last_seen_at": None, "last_push_at": None}
    assert body["branches"] == []


def test_pending_pulls_count_what_others_wrote_after_the_cursor(api, world):
    mine = intent(world, world.bob)
    theirs = [intent(world, world.alice, branch="feat/x") for _ in range(2)]
    record(world.acme, "message.posted", {"body": "dm"}, actor=world.alice, audience=(world.alice.pk, world.agent.pk))
    record(world.globex, "intent.logged", {"summary": "elsewhere"}, actor=world.gina)
    body = api(world.bob_token).get("/v1/team/sync").json()
    assert body["pending_pulls"] == 2  # not his own, not a DM between others, not globex
    assert body["latest"] == theirs[-1].seq
    r = api(world.bob_token).post("/v1/team/sync", {"cursor": theirs[0].seq})
    assert r.status_code == 200, r.content
    assert r.json()["cursor"] == theirs[0].seq and r.json()["pending_pulls"] == 1
    # Acknowledging never moves back.
    back = api(world.bob_token).post("/v1/team/sync", {"cursor": mine.seq}).json()
    assert back["cursor"] == theirs[0].seq
    assert api(world.bob_token).get("/v1/team/sync").json()["cursor"] == theirs[0].seq
    # The agent sees the DM it received as a pending pull.
    assert api(world.agent_token).get("/v1/team/sync").json()["pending_pulls"] == 4


def test_members_and_branches_from_pushes(api, world):
    for _ in range(2):
        intent(world, world.alice, branch="main")
    intent(world, world.bob, branch="feat/login")
    old = intent(world, world.bob, branch="old")
    Push.objects.filter(seq=old.seq).update(created_at=timezone.now() - timedelta(days=3))
    intent(world, world.agent, repo=None)
    body = api(world.alice_token).get("/v1/team/sync").json()
    pushes = {m["member"]["name"]: m["last_push_at"] for m in body["members"]}
    assert pushes["alice"] and pushes["bob"] and pushes["robo"] and pushes["rita"] is None
    assert pushes["alice"].endswith("Z")
    branches = {(b["repo"], b["branch"]): b["intents_24h"] for b in body["branches"]}
    assert branches == {("acme/app", "main"): 2, ("acme/app", "feat/login"): 1, ("acme/app", "old"): 0}
    assert body["branches"][-1]["branch"] == "old"  # most recent push first


def test_pushes_and_last_push_rows(world):
    """What each push writes, in one transaction: the author's sync state
    (made on the first push, moved on the next, the latest time of the
    transaction's pushes), one Push per repo/branch intent naming its author
    — and nothing for an actor who is not in the team."""
    from django.db import transaction

    from events.models import SyncState

    assert not SyncState.objects.filter(member=world.alice).exists()
    with transaction.atomic():
        first = record(world.acme, "intent.logged", {"intent_id": "itn_1", "repo": "acme/app", "branch": "main"}, actor=world.alice)
        second = record(world.acme, "intent.logged", {"intent_id": "itn_2", "repo": "acme/app", "branch": "feat/x"}, actor=world.alice)
        record(world.acme, "intent.logged", {"summary": "no branch"}, actor=world.bob)
        stranger = record(world.acme, "intent.logged", {"intent_id": "itn_3", "repo": "acme/app", "branch": "main"}, actor=world.gina)
    state = SyncState.objects.get(member=world.alice)
    assert state.team_id == world.acme.pk and state.cursor == 0
    assert state.last_push_at == max(first.created_at, second.created_at)
    assert SyncState.objects.get(member=world.bob).last_push_at == Event.objects.get(
        topic="intent.logged", actor=world.bob.pk).created_at
    assert not SyncState.objects.filter(member=world.gina).exists()  # gina is in globex, not acme
    rows = sorted(Push.objects.values_list("team_id", "member", "repo", "branch", "seq", "created_at"),
                  key=lambda r: r[4])
    first.refresh_from_db(), second.refresh_from_db(), stranger.refresh_from_db()
    assert rows == [
        (world.acme.pk, world.alice.pk, "acme/app", "main", first.seq, first.created_at),
        (world.acme.pk, world.alice.pk, "acme/app", "feat/x", second.seq, second.created_at),
        (world.acme.pk, None, "acme/app", "main", stranger.seq, stranger.created_at),
    ]
    later = record(world.acme, "intent.logged", {"intent_id": "itn_1", "repo": "acme/app", "branch": "main"}, actor=world.alice)
    assert SyncState.objects.get(member=world.alice).last_push_at == later.created_at
    assert SyncState.objects.filter(member=world.alice).count() == 1


def test_bad_input(api, world):
    client = api(world.bob_token)
    for payload in ({}, {"cursor": -1}, {"cursor": "abc"}):
        assert_error(client.post("/v1/team/sync", payload), 400, "validation_failed")
    err = assert_error(client.post("/v1/team/sync", {"cursor": 999}), 400, "validation_failed")
    assert "cursor" in err["fields"]
    assert_error(client.post("/v1/team/sync", raw="nope", content_type="application/json"), 400, "invalid_json")
    assert_error(client.get("/v1/team/sync", {"colour": "red"}), 400, "invalid_parameter")


def test_needs_a_token_but_no_scope(api, world):
    assert_error(api().get("/v1/team/sync"), 401, "unauthorized")
    bare = make_token(world.rita, ["read_zones"])
    assert api(bare).get("/v1/team/sync").status_code == 200
    e = intent(world, world.alice)
    assert api(bare).post("/v1/team/sync", {"cursor": e.seq}).json()["cursor"] == e.seq


def test_team_selection(api, world):
    from accounts import provisioning
    from accounts.models import Member

    dual = make_member(world.globex, "dual")
    Member.objects.create(team=world.acme, user=dual.user, name="dual")
    _, two = provisioning.create_token(dual.user, [world.acme, world.globex], ["read_events"])
    assert_error(api(two).get("/v1/team/sync"), 400, "team_required")
    assert_error(api(two).post("/v1/team/sync", {"cursor": 0}), 400, "team_required")
    assert api(two).get("/v1/team/sync", {"team": "globex"}).json()["team"] == "globex"
    assert api(two).post("/v1/team/sync", {"cursor": 0, "team": "acme"}).json()["team"] == "acme"
    assert_error(api(two).get("/v1/team/sync", {"team": "nope"}), 404, "not_found")
    assert_error(api(world.bob_token).get("/v1/team/sync", {"team": "globex"}), 404, "not_found")


@pytest.mark.parametrize("n", [2, 12])
def test_query_count_is_pinned(api, world, django_assert_num_queries, n):
    for i in range(n):
        intent(world, world.alice, branch=f"b{i}")
    client = api(world.bob_token)
    client.get("/v1/team/sync")
    with django_assert_num_queries(5):  # the token with its members; cursor, counts, roster, branches
        client.get("/v1/team/sync")
