"""/v1/me/tokens: a signed-in user's own tokens (create, list, rotate,
revoke), session only, scopes within the caller's role, expiry required."""

import pytest
from django.test import Client

from accounts.models import Token
from tests.conftest import ApiClient, assert_error, make_member, make_token

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"


def session(member):
    member.user.set_password(PASSWORD)
    member.user.save()
    client = Client()
    assert client.login(username=member.user.username, password=PASSWORD)
    return ApiClient(client=client)


def test_create_list_rotate_revoke_own_token(world):
    bob = session(world.bob)
    r = bob.post("/v1/me/tokens", {"name": "laptop", "scopes": ["read_intents", "write_intents"],
                                   "expires_in": "30d"})
    assert r.status_code == 201, r.content
    body = r.json()
    secret = body["token"]
    assert secret.startswith("aura_") and body["user"] == "bob" and body["teams"] == ["acme"]
    assert body["scopes"] == ["read_intents", "write_intents"] and body["expires_at"]
    assert body["state"] == "active" and body["name"] == "laptop"
    # The secret works as a bearer token, with those scopes.
    assert ApiClient(secret).get("/v1/intents").status_code == 200
    assert_error(ApiClient(secret).get("/v1/zones"), 403, "scope_missing")

    listed = bob.get("/v1/me/tokens").json()["data"]
    mine = [t for t in listed if t["id"] == body["id"]]
    assert mine and "token" not in mine[0] and mine[0]["last_used_at"] is not None
    assert {t["user"] for t in listed} == {"bob"}
    assert bob.get(f"/v1/me/tokens/{body['id']}").json()["name"] == "laptop"

    r = bob.post(f"/v1/me/tokens/{body['id']}/rotate", {})
    assert r.status_code == 201, r.content
    rotated = r.json()
    assert rotated["rotated_from"] == body["id"] and rotated["token"] != secret
    assert_error(ApiClient(secret).get("/v1/intents"), 401, "token_revoked")
    assert ApiClient(rotated["token"]).get("/v1/intents").status_code == 200

    r = bob.post(f"/v1/me/tokens/{rotated['id']}/revoke", {})
    assert r.status_code == 200 and r.json()["state"] == "revoked" and "token" not in r.json()
    assert_error(ApiClient(rotated["token"]).get("/v1/intents"), 401, "token_revoked")
    # Revoking it again: 409 with its state, nothing written (as /v1/admin/tokens answers).
    revoked_at = Token.objects.get(pk=rotated["id"]).revoked_at
    err = assert_error(bob.post(f"/v1/me/tokens/{rotated['id']}/revoke", {}), 409, "token_inactive")
    assert err["state"] == "revoked"
    assert Token.objects.get(pk=rotated["id"]).revoked_at == revoked_at


def test_a_bearer_caller_gets_session_required(world):
    client = ApiClient(world.bob_token)
    for method, path in (("get", "/v1/me/tokens"), ("post", "/v1/me/tokens")):
        r = getattr(client, method)(path, {"scopes": ["read_intents"], "expires_in": "1d"} if method == "post" else None)
        err = assert_error(r, 403, "session_required")
        assert err["hint"]
    assert Token.objects.filter(user=world.bob.user).count() == 1  # only the fixture's


def test_scopes_beyond_the_role_are_refused_naming_scopes(world):
    rita = session(world.rita)  # read-only
    r = rita.post("/v1/me/tokens", {"scopes": ["read_intents", "write_intents"], "expires_in": "7d"})
    err = assert_error(r, 400, "invalid_parameter")
    assert err["parameter"] == "scopes" and "write_intents" in err["message"]
    bob = session(world.bob)  # member: no admin
    err = assert_error(bob.post("/v1/me/tokens", {"scopes": ["admin"], "expires_in": "7d"}), 400, "invalid_parameter")
    assert err["parameter"] == "scopes"
    assert rita.post("/v1/me/tokens", {"scopes": ["read_intents"], "expires_in": "7d"}).status_code == 201
    # An admin may ask for admin.
    alice = session(world.alice)
    assert alice.post("/v1/me/tokens", {"scopes": ["admin"], "expires_in": "7d"}).status_code == 201


def test_scopes_are_checked_in_every_team_named(world):
    make_member(world.globex, "bob", role="read-only")
    bob = session(world.bob)
    body = {"teams": ["acme", "globex"], "scopes": ["write_intents"], "expires_in": "7d"}
    err = assert_error(bob.post("/v1/me/tokens", body), 400, "invalid_parameter")
    assert err["parameter"] == "scopes" and "globex" in err["message"]
    r = bob.post("/v1/me/tokens", {**body, "scopes": ["read_intents"]})
    assert r.status_code == 201 and r.json()["teams"] == ["acme", "globex"]
    # Several teams and none named: which one?
    assert_error(bob.post("/v1/me/tokens", {"scopes": ["read_intents"], "expires_in": "7d"}), 400, "team_required")
    assert_error(bob.post("/v1/me/tokens", {"team": "initech", "scopes": ["read_intents"], "expires_in": "7d"}),
                 404, "not_found")


@pytest.mark.parametrize("expires_in", [None, "", "12h", "366d", "forever", "0d"])
def test_expires_in_is_required_from_1d_to_365d(world, expires_in):
    bob = session(world.bob)
    body = {"scopes": ["read_intents"]}
    if expires_in is not None:
        body["expires_in"] = expires_in
    err = assert_error(bob.post("/v1/me/tokens", body), 400, "validation_failed")
    assert "expires_in" in err["fields"]
    assert Token.objects.filter(user=world.bob.user).count() == 1


@pytest.mark.parametrize("span", ["1d", "24h", "365d", "52w"])
def test_expires_in_bounds_are_inclusive(world, span):
    assert session(world.bob).post("/v1/me/tokens", {"scopes": ["read_intents"], "expires_in": span}).status_code == 201


def test_another_users_token_is_404(world):
    alice_tokens = list(Token.objects.filter(user=world.alice.user))
    assert alice_tokens
    bob = session(world.bob)
    for token in alice_tokens:
        assert_error(bob.get(f"/v1/me/tokens/{token.id}"), 404, "not_found")
        assert_error(bob.post(f"/v1/me/tokens/{token.id}/rotate", {}), 404, "not_found")
        assert_error(bob.post(f"/v1/me/tokens/{token.id}/revoke", {}), 404, "not_found")
        token.refresh_from_db()
        assert token.revoked_at is None
    assert all(t["user"] == "bob" for t in bob.get("/v1/me/tokens").json()["data"])


def test_the_list_paginates_with_cursors(world):
    for i in range(5):
        make_token(world.bob, ["read_intents"], name=f"t{i}")
    bob = session(world.bob)
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = bob.get("/v1/me/tokens", params).json()
        assert len(page["data"]) <= 2
        seen += [t["id"] for t in page["data"]]
        if not page["has_more"]:
            break
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == Token.objects.filter(user=world.bob.user).count() == 6
    active = bob.get("/v1/me/tokens", {"state": "active"}).json()["data"]
    assert len(active) == 6


def test_writes_need_the_csrf_header(world):
    world.bob.user.set_password(PASSWORD)
    world.bob.user.save()
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="bob", password=PASSWORD)
    r = ApiClient(client=client).post("/v1/me/tokens", {"scopes": ["read_intents"], "expires_in": "1d"})
    assert_error(r, 403, "csrf_failed")
