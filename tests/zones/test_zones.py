"""Zones: claims, warn vs block, expiry on a controlled clock, check, release,
scopes, tenancy, pagination, query counts and the PostgreSQL race."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Event
from tests.conftest import assert_error, make_member, make_token, need_postgres
from zones import claims
from zones.models import Zone, ZonePath


class Clock:
    """zones.claims.now, under the test's control."""

    def __init__(self, monkeypatch):
        self.now = timezone.now().replace(microsecond=0)
        monkeypatch.setattr(claims, "now", lambda: self.now)

    def advance(self, seconds):
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def claim(client, paths, status=201, **body):
    r = client.post("/v1/zones", {"paths": paths, **body})
    assert r.status_code == status, r.content
    return r.json()


# --- claiming --------------------------------------------------------------------


def test_claim_returns_the_zone_and_records_zone_claimed(api, world, clock):
    body = claim(api(world.alice_token), ["src/billing/**", "billing::invoice"], mode="block",
                 reason="invoice refactor", repo="acme/app", branch="main", ttl_seconds=600)
    assert body["id"].startswith("zon_")
    assert body["team"] == "acme"
    assert body["paths"] == ["src/billing/**", "billing::invoice"]
    assert (body["mode"], body["reason"], body["repo"], body["branch"]) == ("block", "invoice refactor", "acme/app", "main")
    assert body["owner"] == {"id": world.alice.id, "name": "alice", "kind": "human"}
    assert body["conflicts"] == []
    assert body["created_at"] == clock.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["expires_at"] == (clock.now + dt.timedelta(seconds=600)).strftime("%Y-%m-%dT%H:%M:%SZ")
    zone = Zone.objects.get(pk=body["id"])
    assert zone.team_id == world.acme.id and zone.owner_id == world.alice.id
    assert list(ZonePath.objects.filter(zone=zone).values_list("pattern", "prefix")) == [
        ("src/billing/**", "src/billing/"), ("billing::invoice", "billing::invoice"),
    ]
    event = Event.objects.get(topic="zone.claimed")
    assert event.team_id == world.acme.id and event.actor == world.alice.id
    assert event.data == {k: v for k, v in body.items() if k != "conflicts"}


def test_claim_defaults_warn_one_hour_every_repo_and_branch(api, world, clock):
    body = claim(api(world.bob_token), ["docs/"])
    assert body["mode"] == "warn" and body["reason"] == ""
    assert body["repo"] is None and body["branch"] is None
    assert body["paths"] == ["docs/**"]  # a trailing / claims the directory
    assert body["expires_at"] == (clock.now + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_duplicate_entries_are_kept_once(api, world):
    assert claim(api(world.bob_token), ["a.py", "a.py", "b.py"])["paths"] == ["a.py", "b.py"]


@pytest.mark.parametrize(
    "body,field",
    [
        ({}, "paths"),
        ({"paths": []}, "paths"),
        ({"paths": "src/**"}, "paths"),
        ({"paths": [""]}, "paths.0"),
        ({"paths": ["ok.py", "../etc/passwd"]}, "paths.1"),
        ({"paths": ["/abs/path"]}, "paths.0"),
        ({"paths": ["a\x00b"]}, "paths.0"),
        ({"paths": ["a" * 1025]}, "paths.0"),
        ({"paths": [f"f{i}" for i in range(101)]}, "paths"),
        ({"paths": ["a"], "ttl_seconds": 0}, "ttl_seconds"),
        ({"paths": ["a"], "ttl_seconds": 86401}, "ttl_seconds"),
        ({"paths": ["a"], "ttl_seconds": "soon"}, "ttl_seconds"),
        ({"paths": ["a"], "mode": "lock"}, "mode"),
        ({"paths": ["a"], "repo": ""}, "repo"),
        ({"paths": ["a"], "reason": "x" * 501}, "reason"),
    ],
)
def test_bad_claims_are_refused_and_nothing_is_written(api, world, body, field):
    err = assert_error(api(world.alice_token).post("/v1/zones", body), 400, "validation_failed")
    assert field in err["fields"], err
    assert not Zone.objects.exists() and not ZonePath.objects.exists()
    assert not Event.objects.exists()


def test_not_json_is_refused(api, world):
    client = api(world.alice_token)
    assert_error(client.post("/v1/zones", raw=b"{nope", content_type="application/json"), 400, "invalid_json")
    assert_error(client.post("/v1/zones", raw=b"paths=a", content_type="text/plain"), 415, "unsupported_media_type")
    assert not Zone.objects.exists()


def test_ttl_bounds_are_inclusive(api, world):
    client = api(world.alice_token)
    claim(client, ["a"], ttl_seconds=1)
    claim(client, ["b"], ttl_seconds=86400)


# --- warn vs block ---------------------------------------------------------------


def test_overlapping_warn_zone_is_reported_but_allowed(api, world):
    bobs = claim(api(world.bob_token), ["src/**"], mode="warn")
    mine = claim(api(world.alice_token), ["src/app.py"], mode="block")
    assert [c["id"] for c in mine["conflicts"]] == [bobs["id"]]
    assert mine["conflicts"][0]["owner"]["name"] == "bob"
    assert Zone.objects.count() == 2


def test_overlapping_block_zone_is_a_409_with_conflicts(api, world):
    bobs = claim(api(world.bob_token), ["src/**"], mode="block", reason="big move")
    err = assert_error(api(world.alice_token).post("/v1/zones", {"paths": ["src/app.py"], "mode": "warn"}),
                       409, "zone_conflict")
    assert [c["id"] for c in err["conflicts"]] == [bobs["id"]]
    assert err["conflicts"][0]["reason"] == "big move"
    assert "bob" in err["hint"]
    assert Zone.objects.count() == 1
    assert Event.objects.filter(topic="zone.claimed").count() == 1


def test_block_and_warn_conflicts_together_is_a_409(api, world):
    claim(api(world.bob_token), ["src/a.py"], mode="warn")
    blocking = claim(api(world.agent_token), ["src/**"], mode="block")
    err = assert_error(api(world.alice_token).post("/v1/zones", {"paths": ["src/*.py"]}), 409, "zone_conflict")
    assert [c["id"] for c in err["conflicts"]] == [blocking["id"]]


def test_own_zones_never_conflict(api, world):
    client = api(world.bob_token)
    claim(client, ["src/**"], mode="block")
    assert claim(client, ["src/app.py"], mode="block")["conflicts"] == []


def test_non_overlapping_claims_do_not_conflict(api, world):
    claim(api(world.bob_token), ["src/billing/**"], mode="block")
    claim(api(world.bob_token), ["src/**"], mode="block", repo="acme/other")
    claim(api(world.bob_token), ["src/**"], mode="block", branch="dev")
    body = claim(api(world.alice_token), ["src/auth/**"], mode="block", repo="acme/app", branch="main")
    assert body["conflicts"] == []
    assert claim(api(world.alice_token), ["billing::invoice"], mode="block")["conflicts"] == []


def test_block_zones_of_another_team_never_conflict(api, world):
    claim(api(world.gina_token), ["src/**"], mode="block")
    assert claim(api(world.alice_token), ["src/**"], mode="block")["conflicts"] == []


# --- expiry ----------------------------------------------------------------------


def test_expired_claims_vanish_from_every_answer(api, world, clock):
    bob, alice = api(world.bob_token), api(world.alice_token)
    zone = claim(bob, ["src/**"], mode="block", ttl_seconds=60)
    clock.advance(59)
    assert [z["id"] for z in alice.get("/v1/zones").json()["data"]] == [zone["id"]]
    assert alice.get("/v1/zones/check", params={"path": "src/a.py"}).json()["blocked"] is True
    assert_error(alice.post("/v1/zones", {"paths": ["src/a.py"]}), 409, "zone_conflict")

    clock.advance(1)  # expires_at is exclusive
    assert alice.get("/v1/zones").json()["data"] == []
    assert alice.get("/v1/zones", params={"group_by": "member"}).json()["data"] == []
    assert_error(alice.get(f"/v1/zones/{zone['id']}"), 404, "not_found")
    assert alice.get("/v1/zones/check", params={"path": "src/a.py"}).json() == {
        "path": "src/a.py", "conflicts": [], "blocked": False,
    }
    assert_error(bob.delete(f"/v1/zones/{zone['id']}"), 404, "not_found")
    mine = claim(alice, ["src/a.py"], mode="block")
    assert mine["conflicts"] == []
    # The team's next claim swept the expired row.
    assert list(Zone.objects.values_list("id", flat=True)) == [mine["id"]]


# --- list ------------------------------------------------------------------------


def test_list_filters(api, world):
    alice, bob, robo = api(world.alice_token), api(world.bob_token), api(world.agent_token)
    a = claim(alice, ["src/auth/**"], mode="warn", repo="acme/app")
    b = claim(bob, ["src/*.py", "docs/**"], mode="warn", branch="dev")
    r = claim(robo, ["billing::invoice"], mode="block")

    def ids(**params):
        resp = alice.get("/v1/zones", params=params)
        assert resp.status_code == 200, resp.content
        return [z["id"] for z in resp.json()["data"]]

    assert ids() == [r["id"], b["id"], a["id"]]
    assert ids(path="src/auth/login.py") == [a["id"]]
    assert ids(path="src/main.py") == [b["id"]]
    assert ids(path="docs/x/y.md") == [b["id"]]
    assert ids(path="billing::invoice") == [r["id"]]
    assert ids(path="lib/x.py") == []
    assert ids(member="bob") == [b["id"]]
    assert ids(member=world.agent.id) == [r["id"]]
    assert ids(mode="warn") == [b["id"], a["id"]]
    assert ids(mode="block") == [r["id"]]
    assert ids(repo="acme/app") == [r["id"], b["id"], a["id"]]  # null repo means every repo
    assert ids(repo="acme/other") == [r["id"], b["id"]]
    assert ids(branch="main") == [r["id"], a["id"]]
    assert ids(path="src/main.py", branch="main") == []


@pytest.mark.parametrize(
    "params,code",
    [
        ({"colour": "red"}, "invalid_parameter"),
        ({"path": "../x"}, "invalid_parameter"),
        ({"path": "/x"}, "invalid_parameter"),
        ({"mode": "lock"}, "invalid_parameter"),
        ({"group_by": "colour"}, "invalid_parameter"),
        ({"limit": 0}, "invalid_parameter"),
        ({"cursor": "forged"}, "invalid_cursor"),
    ],
)
def test_list_bad_parameters(api, world, params, code):
    assert_error(api(world.alice_token).get("/v1/zones", params=params), 400, code)


def test_group_by_member_and_mode(api, world):
    claim(api(world.alice_token), ["a"], mode="block")
    claim(api(world.alice_token), ["b"], mode="warn")
    claim(api(world.bob_token), ["c"], mode="warn")
    body = api(world.alice_token).get("/v1/zones", params={"group_by": "member"}).json()
    assert body["data"] == [{"member": "alice", "count": 2}, {"member": "bob", "count": 1}]
    body = api(world.alice_token).get("/v1/zones", params={"group_by": "mode"}).json()
    assert body["data"] == [{"mode": "warn", "count": 2}, {"mode": "block", "count": 1}]


def test_pagination_walks_every_zone_once(api, world):
    client = api(world.alice_token)
    made = [claim(client, [f"f{i}.py"])["id"] for i in range(7)]
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = client.get("/v1/zones", params=params).json()
        seen += [z["id"] for z in body["data"]]
        assert len(body["data"]) <= 3
        if not body["has_more"]:
            assert body["next_cursor"] is None
            break
        cursor = body["next_cursor"]
    assert seen == list(reversed(made))


def test_list_query_count_does_not_grow_with_rows(api, world, django_assert_num_queries):
    client = api(world.alice_token)
    claim(client, ["a.py", "b.py"])
    # the token with its teams and members; zones; their paths (prefetch)
    with django_assert_num_queries(3):
        assert len(client.get("/v1/zones").json()["data"]) == 1
    for i in range(12):
        claim(api(world.bob_token) if i % 2 else client, [f"x{i}/**", f"y{i}.py"])
    with django_assert_num_queries(3):
        assert len(client.get("/v1/zones").json()["data"]) == 13
    # path filter: one more query, for the candidate entries
    with django_assert_num_queries(4):
        assert len(client.get("/v1/zones", params={"path": "x3/a.py"}).json()["data"]) == 1


# --- check -----------------------------------------------------------------------


def test_check_from_the_callers_point_of_view(api, world):
    alice, bob = api(world.alice_token), api(world.bob_token)
    warn = claim(bob, ["src/**"], mode="warn")
    block = claim(api(world.agent_token), ["src/billing/*.py"], mode="block", branch="main")
    mine = claim(alice, ["src/auth/**"], mode="block")

    body = alice.get("/v1/zones/check", params={"path": "src/billing/invoice.py"}).json()
    assert {z["id"] for z in body["conflicts"]} == {warn["id"], block["id"]}
    assert body["blocked"] is True and body["path"] == "src/billing/invoice.py"
    body = alice.get("/v1/zones/check", params={"path": "src/billing/invoice.py", "branch": "dev"}).json()
    assert [z["id"] for z in body["conflicts"]] == [warn["id"]] and body["blocked"] is False
    # Your own zones are not in your way...
    body = alice.get("/v1/zones/check", params={"path": "src/auth/login.py"}).json()
    assert [z["id"] for z in body["conflicts"]] == [warn["id"]] and body["blocked"] is False
    # ...but they are in someone else's.
    body = bob.get("/v1/zones/check", params={"path": "src/auth/login.py"}).json()
    assert [z["id"] for z in body["conflicts"]] == [mine["id"]] and body["blocked"] is True
    assert alice.get("/v1/zones/check", params={"path": "README.md"}).json()["conflicts"] == []


@pytest.mark.parametrize(
    "params", [{}, {"path": ""}, {"path": "../x"}, {"path": "/etc"}, {"path": "a", "colour": "red"}]
)
def test_check_bad_parameters(api, world, params):
    assert_error(api(world.alice_token).get("/v1/zones/check", params=params), 400, "invalid_parameter")


# --- release ---------------------------------------------------------------------


def test_owner_releases(api, world):
    zone = claim(api(world.bob_token), ["src/**"], mode="block")
    r = api(world.bob_token).delete(f"/v1/zones/{zone['id']}")
    assert r.status_code == 204 and r.content == b""
    assert not Zone.objects.exists() and not ZonePath.objects.exists()
    event = Event.objects.get(topic="zone.released")
    assert event.data["id"] == zone["id"] and event.data["paths"] == ["src/**"]
    assert event.data["released_by"]["name"] == "bob" and event.actor == world.bob.id
    claim(api(world.alice_token), ["src/a.py"], mode="block")


def test_admin_releases_anyones_zone(api, world):
    zone = claim(api(world.bob_token), ["src/**"])
    assert api(world.alice_token).delete(f"/v1/zones/{zone['id']}").status_code == 204
    assert Event.objects.get(topic="zone.released").data["released_by"]["name"] == "alice"


def test_others_cannot_release(api, world):
    zone = claim(api(world.alice_token), ["src/**"])
    assert_error(api(world.bob_token).delete(f"/v1/zones/{zone['id']}"), 403, "not_zone_owner")
    assert Zone.objects.filter(pk=zone["id"]).exists()
    assert not Event.objects.filter(topic="zone.released").exists()


def test_release_unknown_zone(api, world):
    assert_error(api(world.alice_token).delete("/v1/zones/zon_nope"), 404, "not_found")


# --- scopes and tenancy --------------------------------------------------------------


def test_scopes(api, world):
    zone = claim(api(world.bob_token), ["src/**"])
    reader = api(make_token(world.bob, ["read_zones"]))
    assert reader.get("/v1/zones").status_code == 200
    assert reader.get("/v1/zones/check", params={"path": "a"}).status_code == 200
    err = assert_error(reader.post("/v1/zones", {"paths": ["a"]}), 403, "scope_missing")
    assert "write_zones" in err["hint"]
    assert_error(reader.delete(f"/v1/zones/{zone['id']}"), 403, "scope_missing")
    writer = api(make_token(world.bob, ["write_zones"]))
    assert_error(writer.get("/v1/zones"), 403, "scope_missing")
    assert_error(writer.get("/v1/zones/check", params={"path": "a"}), 403, "scope_missing")
    assert_error(writer.get(f"/v1/zones/{zone['id']}"), 403, "scope_missing")
    # read-only members cannot claim, whatever their token says
    assert_error(api(world.rita_token).post("/v1/zones", {"paths": ["a"]}), 403, "scope_missing")
    assert Zone.objects.count() == 1
    assert_error(api().get("/v1/zones"), 401, "unauthorized")


def test_another_teams_zone_is_a_404(api, world):
    zone = claim(api(world.alice_token), ["src/**"], mode="block")
    gina = api(world.gina_token)
    assert gina.get("/v1/zones").json()["data"] == []
    assert_error(gina.get(f"/v1/zones/{zone['id']}"), 404, "not_found")
    assert_error(gina.delete(f"/v1/zones/{zone['id']}"), 404, "not_found")
    assert gina.get("/v1/zones/check", params={"path": "src/a.py"}).json()["conflicts"] == []
    assert_error(gina.get("/v1/zones", params={"team": "acme"}), 404, "not_found")
    assert Zone.objects.filter(pk=zone["id"]).exists()


def test_member_of_two_teams_names_the_team(api, world):
    make_member(world.globex, "alice")  # the same user, now in both teams
    client = api(make_token(world.alice, teams=[world.acme, world.globex]))
    assert_error(client.post("/v1/zones", {"paths": ["a"]}), 400, "team_required")
    assert not Zone.objects.exists()
    assert claim(client, ["a"], team="globex")["team"] == "globex"
    assert_error(client.post("/v1/zones", {"paths": ["a"], "team": "initech"}), 404, "not_found")
    assert [z["team"] for z in client.get("/v1/zones").json()["data"]] == ["globex"]
    assert client.get("/v1/zones", params={"team": "acme"}).json()["data"] == []


# --- the race ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_racing_block_claims_exactly_one_wins(api, world, monkeypatch):
    need_postgres()
    real_now = claims.now

    def slow_now():
        # Widen the window between the conflict check and the insert: without
        # the team lock both claims would see no conflict and both would win.
        time.sleep(0.3)
        return real_now()

    monkeypatch.setattr(claims, "now", slow_now)
    barrier = threading.Barrier(2)
    results = {}

    def race(name, token):
        try:
            barrier.wait()
            r = api(token).post("/v1/zones", {"paths": ["src/billing/**"], "mode": "block"})
            results[name] = (r.status_code, r.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(n, t)) for n, t in (("alice", world.alice_token), ("bob", world.bob_token))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(status for status, _ in results.values())
    assert statuses == [201, 409], results
    winner = next(body for status, body in results.values() if status == 201)
    loser = next(body for status, body in results.values() if status == 409)
    assert loser["error"]["code"] == "zone_conflict"
    assert [c["id"] for c in loser["error"]["conflicts"]] == [winner["id"]]
    assert list(Zone.objects.values_list("id", flat=True)) == [winner["id"]]


def test_admin_pages_and_release(client, api, world):
    from django.contrib.auth import get_user_model

    zone = claim(api(world.bob_token), ["src/billing/**"], mode="block", reason="invoice refactor")
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(admin)
    r = client.get("/admin/zones/zone/")
    assert r.status_code == 200 and b"src/billing/**" in r.content
    r = client.get(f"/admin/zones/zone/{zone['id']}/change/")
    assert r.status_code == 200 and b"invoice refactor" in r.content
    assert client.get("/admin/zones/zone/add/").status_code == 403
    r = client.post("/admin/zones/zone/", {"action": "release_zones", "_selected_action": [zone["id"]]})
    assert r.status_code == 302
    assert not Zone.objects.exists()
    event = Event.objects.get(topic="zone.released")
    assert event.data["id"] == zone["id"] and event.data["released_by"] is None  # root is not a member


def test_deleting_a_team_with_zones(world, api):
    claim(api(world.gina_token), ["a"])
    world.globex.delete()
    assert not Zone.objects.exists() and not ZonePath.objects.exists()
