"""/v1/admin/members and /v1/admin/tokens for admin callers in their own teams."""

import json

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Member, Token
from tests.conftest import ALL, assert_error, make_member, make_token, token_row

pytestmark = pytest.mark.django_db


# --- members -------------------------------------------------------------------------------------


def test_list_members(api, world):
    r = api(world.alice_token).get("/v1/admin/members")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"data", "next_cursor", "has_more"}
    by_name = {m["name"]: m for m in body["data"]}
    assert set(by_name) == {"alice", "bob", "rita", "robo"}
    assert by_name["robo"]["kind"] == "agent" and by_name["rita"]["role"] == "read-only"
    assert set(by_name["bob"]) == {
        "id", "name", "display_name", "kind", "role", "team", "last_seen_at", "created_at", "login"
    }
    assert by_name["bob"]["login"] == world.bob.user.username
    assert by_name["bob"]["id"].startswith("mem_")


def test_add_a_human_and_an_agent(api, world):
    alice = api(world.alice_token)
    r = alice.post("/v1/admin/members", {"name": "dana", "display_name": "Dana S.", "role": "read-only"})
    assert r.status_code == 201, r.content
    dana = r.json()
    assert (dana["name"], dana["display_name"], dana["kind"], dana["role"], dana["team"]) == (
        "dana", "Dana S.", "human", "read-only", "acme"
    )
    assert Member.objects.get(pk=dana["id"]).user.username == dana["login"] == "dana@acme"

    r = alice.post("/v1/admin/members", {"name": "ci-bot", "kind": "agent"})
    assert r.status_code == 201 and r.json()["kind"] == "agent" and r.json()["role"] == "member"
    assert not get_user_model().objects.get(username="ci-bot@acme").has_usable_password()

    assert alice.get(f"/v1/admin/members/{dana['id']}").json()["name"] == "dana"


def test_adding_an_existing_member_is_a_conflict(api, world):
    r = api(world.alice_token).post("/v1/admin/members", {"name": "bob"})
    err = assert_error(r, 409, "conflict")
    assert "bob" in err["message"]


@pytest.mark.parametrize(
    "body, field",
    [({}, "name"), ({"name": ""}, "name"), ({"name": "a b"}, "name"), ({"name": "x" * 151}, "name"),
     ({"name": "ok", "kind": "robot"}, "kind"), ({"name": "ok", "role": "owner"}, "role")],
)
def test_adding_with_bad_fields_is_400(api, world, body, field):
    err = assert_error(api(world.alice_token).post("/v1/admin/members", body), 400, "validation_failed")
    assert field in err["fields"]
    assert not Member.objects.filter(name="ok").exists()


def test_change_role_and_display_name(api, world):
    alice = api(world.alice_token)
    r = alice.patch(f"/v1/admin/members/{world.bob.id}", {"role": "admin", "display_name": "Bob B."})
    assert r.status_code == 200 and (r.json()["role"], r.json()["display_name"]) == ("admin", "Bob B.")
    # The change of role shows in what bob's own token may now do.
    assert api(world.bob_token).get("/v1/admin/members").status_code == 200
    r = alice.patch(f"/v1/admin/members/{world.bob.id}", {"role": "read-only"})
    assert r.status_code == 200
    assert_error(api(world.bob_token).get("/v1/admin/members"), 403, "scope_missing")
    assert_error(alice.patch(f"/v1/admin/members/{world.bob.id}", {"role": "owner"}), 400, "validation_failed")


def test_remove_a_member(api, world):
    alice = api(world.alice_token)
    r = alice.delete(f"/v1/admin/members/{world.rita.id}")
    assert r.status_code == 204 and r.content == b""
    assert_error(alice.get(f"/v1/admin/members/{world.rita.id}"), 404, "not_found")
    assert_error(alice.delete(f"/v1/admin/members/{world.rita.id}"), 404, "not_found")
    assert "rita" not in {m["name"] for m in alice.get("/v1/team/members").json()["data"]}


def test_the_last_admin_can_be_neither_demoted_nor_removed(api, world):
    alice = api(world.alice_token)
    err = assert_error(alice.patch(f"/v1/admin/members/{world.alice.id}", {"role": "member"}), 409, "last_admin")
    assert err["hint"]
    assert_error(alice.delete(f"/v1/admin/members/{world.alice.id}"), 409, "last_admin")
    world.alice.refresh_from_db()
    assert world.alice.role == "admin"
    # With a second admin, the first may step down; then the second is the last.
    assert alice.patch(f"/v1/admin/members/{world.bob.id}", {"role": "admin"}).status_code == 200
    assert alice.patch(f"/v1/admin/members/{world.alice.id}", {"role": "member"}).status_code == 200
    bob = api(world.bob_token)
    assert_error(bob.delete(f"/v1/admin/members/{world.bob.id}"), 409, "last_admin")
    assert bob.delete(f"/v1/admin/members/{world.alice.id}").status_code == 204
    # Another team's admins do not count.
    assert_error(api(world.gina_token).patch(f"/v1/admin/members/{world.gina.id}", {"role": "member"}), 409, "last_admin")


# --- tokens ------------------------------------------------------------------------------------------


def test_create_returns_the_secret_once_and_it_works(api, world):
    alice = api(world.alice_token)
    r = alice.post("/v1/admin/tokens", {"member": "bob", "scopes": ["read_intents", "admin"], "name": "laptop",
                                        "rate_limit_per_minute": 120, "rate_limit_per_second": 5})
    assert r.status_code == 201, r.content
    created = r.json()
    raw = created["token"]
    assert created["name"] == "laptop" and created["scopes"] == ["admin", "read_intents"]
    assert (created["rate_limit_per_minute"], created["rate_limit_per_second"]) == (120, 5)
    assert created["display"] == f"aura_{created['prefix']}_…"

    # It acts as bob, cut to his role: no admin.
    assert api(raw).get("/v1/status").status_code == 200
    assert_error(api(raw).get("/v1/admin/tokens"), 403, "scope_missing")

    # Never shown again.
    secret = raw.split("_", 2)[2]
    for response in (alice.get("/v1/admin/tokens"), alice.get(f"/v1/admin/tokens/{created['id']}"),
                     alice.get("/v1/admin/tokens", {"user": "bob"})):
        assert response.status_code == 200
        assert secret.encode() not in response.content
        assert b'"token"' not in response.content
        assert b"digest" not in response.content


def test_create_by_member_id_and_for_several_teams(api, world):
    make_member(world.globex, "alice", role="admin")
    make_member(world.globex, "bob")
    client = api(make_token(world.alice, ALL, teams=[world.acme, world.globex]))
    r = client.post("/v1/admin/tokens", {"member": world.bob.id, "teams": ["acme", "globex"], "scopes": ["read_intents"]})
    assert r.status_code == 201, r.content
    assert r.json()["teams"] == ["acme", "globex"] and r.json()["user"] == "bob"
    status = api(r.json()["token"]).get("/v1/status").json()
    assert {t["slug"] for t in status["teams"]} == {"acme", "globex"}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"scopes": ["read_intents"]}, "member"),
        ({"member": "bob"}, "scopes"),
        ({"member": "bob", "scopes": []}, "scopes"),
        ({"member": "bob", "scopes": ["read_everything"]}, "scopes"),
        ({"member": "nobody", "scopes": ["read_intents"]}, "member"),
        ({"member": "bob", "scopes": ["read_intents"], "expires_in": "1 week"}, "expires_in"),
        ({"member": "bob", "scopes": ["read_intents"], "expires_in": "99999999999d"}, "expires_in"),
        ({"member": "bob", "scopes": ["read_intents"], "expires_in": "0s"}, "expires_in"),
        ({"member": "bob", "scopes": ["read_intents"], "rate_limit_per_minute": 0}, "rate_limit_per_minute"),
        ({"member": "bob", "scopes": ["read_intents"], "rate_limit_per_second": 10**12}, "rate_limit_per_second"),
        ({"member": "bob", "scopes": ["read_intents"], "name": "n" * 201}, "name"),
        ({"member": "bob", "scopes": ["read_intents"], "teams": []}, "teams"),
    ],
)
def test_create_with_bad_fields_is_400(api, world, body, field):
    before = Token.objects.count()
    err = assert_error(api(world.alice_token).post("/v1/admin/tokens", body), 400, "validation_failed")
    assert field in {key.split(".")[0] for key in err["fields"]}, err  # "scopes.0" names the item
    assert Token.objects.count() == before


def test_rotate_and_revoke(api, world):
    alice = api(world.alice_token)
    robo = token_row(world.agent_token)
    r = alice.post(f"/v1/admin/tokens/{robo.id}/rotate")
    assert r.status_code == 201
    new = r.json()
    assert new["rotated_from"] == robo.id and new["user"] == "robo" and new["scopes"] == robo.scopes
    assert_error(api(world.agent_token).get("/v1/status"), 401, "token_revoked")
    assert api(new["token"]).get("/v1/status").status_code == 200

    r = alice.post(f"/v1/admin/tokens/{new['id']}/revoke")
    assert r.status_code == 200 and r.json()["state"] == "revoked" and r.json()["revoked_at"]
    assert_error(api(new["token"]).get("/v1/status"), 401, "token_revoked")
    # Revoking twice is a conflict that says the token's state.
    err = assert_error(alice.post(f"/v1/admin/tokens/{new['id']}/revoke"), 409, "token_inactive")
    assert err["state"] == "revoked"

    states = {t["id"]: t["state"] for t in alice.get("/v1/admin/tokens").json()["data"]}
    assert states[robo.id] == "revoked" and states[new["id"]] == "revoked"
    revoked = {t["id"] for t in alice.get("/v1/admin/tokens", {"state": "revoked"}).json()["data"]}
    active = {t["id"] for t in alice.get("/v1/admin/tokens", {"state": "active"}).json()["data"]}
    assert {robo.id, new["id"]} <= revoked and not ({robo.id, new["id"]} & active)


def test_rotate_with_a_bad_grace_is_400(api, world):
    robo = token_row(world.agent_token)
    err = assert_error(api(world.alice_token).post(f"/v1/admin/tokens/{robo.id}/rotate", {"grace": "soon"}),
                       400, "validation_failed")
    assert "grace" in err["fields"]
    assert api(world.agent_token).get("/v1/status").status_code == 200


def test_rotating_a_token_that_also_acts_where_you_are_not_admin_is_403(api, world):
    make_member(world.globex, "bob")  # bob is a member in globex, where alice is nobody
    bobs_both = make_token(world.bob, ["read_intents"], teams=[world.acme, world.globex])
    row = token_row(bobs_both)
    alice = api(world.alice_token)
    assert row.id in {t["id"] for t in alice.get("/v1/admin/tokens").json()["data"]}
    err = assert_error(alice.post(f"/v1/admin/tokens/{row.id}/rotate"), 403, "scope_missing")
    assert "admin" in err["hint"]
    assert api(bobs_both).get("/v1/status").status_code == 200
    assert not Token.objects.filter(rotated_from=row).exists()
    # An admin of both teams may.
    make_member(world.globex, "alice", role="admin")
    both_admin = api(make_token(world.alice, ALL, teams=[world.acme, world.globex]))
    assert both_admin.post(f"/v1/admin/tokens/{row.id}/rotate").status_code == 201


def test_token_listing_shape(api, world):
    data = api(world.alice_token).get("/v1/admin/tokens").json()["data"]
    assert len(data) == 4  # alice, bob, rita, robo
    for token in data:
        assert set(token) == {
            "id", "name", "prefix", "display", "user", "teams", "scopes", "state", "created_at", "expires_at",
            "last_used_at", "revoked_at", "rotated_from", "rate_limit_per_minute", "rate_limit_per_second",
        }
        assert token["teams"] == ["acme"]
    assert json.dumps(data).count("aura_") == len(data)  # only the "aura_xxxxxxxx_…" displays


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_adds_of_one_member_are_201_and_409(api, world):
    import threading
    import time
    from unittest import mock

    from django.db import close_old_connections

    from tests.conftest import need_postgres

    need_postgres()
    real = get_user_model
    barrier, results, failures = threading.Barrier(2), [], []

    def slow_user_model():
        time.sleep(0.5)  # both requests are past the "already a member?" check
        return real()

    def adder():
        try:
            client = api(world.alice_token)
            barrier.wait(10)
            results.append(client.post("/v1/admin/members", {"name": "twin"}))
        except Exception as exc:  # noqa: BLE001
            failures.append(exc)
        finally:
            close_old_connections()

    with mock.patch("accounts.provisioning.get_user_model", side_effect=slow_user_model):
        threads = [threading.Thread(target=adder) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert not failures, failures
    assert sorted(r.status_code for r in results) == [201, 409], [r.content for r in results]
    assert Member.objects.filter(name="twin").count() == 1
