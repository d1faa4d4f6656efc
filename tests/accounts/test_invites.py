"""Invites: made, listed and revoked by admins; redeemed publicly (a new
user, or the caller's own), with the codes stored hashed, the failure codes
of docs/api.md, a per-address rate limit and member.joined."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from accounts.models import Invite, Member, Token
from events.models import Event
from tests.conftest import ApiClient, assert_error, make_token

User = get_user_model()


def invite(client, status=201, **body):
    body.setdefault("scopes", ["read_intents", "write_intents", "read_events"])
    r = client.post("/v1/admin/invites", body)
    assert r.status_code == status, r.content
    return r.json()


def redeem(status=201, client=None, **body):
    r = (client or ApiClient()).post("/v1/invites/redeem", body)
    assert r.status_code == status, r.content
    return r


def counts():
    return Member.objects.count(), User.objects.count(), Token.objects.count()


# --- making, listing, revoking ------------------------------------------------------


def test_an_admin_makes_an_invite_the_code_is_shown_once_and_stored_hashed(api, world):
    body = invite(api(world.alice_token), role="member", max_uses=3, expires_in="2d", handle="jamie")
    assert body["id"].startswith("inv_") and body["team"] == "acme"
    code = body["code"]
    assert code.startswith(f"aurainv_{body['prefix']}_") and body["display"] == f"aurainv_{body['prefix']}_…"
    assert (body["role"], body["max_uses"], body["uses"], body["state"], body["handle"]) == ("member", 3, 0, "active", "jamie")
    assert body["scopes"] == ["read_events", "read_intents", "write_intents"]
    assert body["created_by"] == {"id": world.alice.id, "name": "alice", "kind": "human"}
    row = Invite.objects.get(pk=body["id"])
    assert code not in (row.digest, row.prefix) and len(row.digest) == 64
    assert abs((row.expires_at - timezone.now()) - dt.timedelta(days=2)) < dt.timedelta(minutes=1)
    # never again
    listed = api(world.alice_token).get("/v1/admin/invites").json()["data"]
    assert [i["id"] for i in listed] == [body["id"]] and "code" not in listed[0]
    assert "code" not in api(world.alice_token).get(f"/v1/admin/invites/{body['id']}").json()


def test_defaults_one_use_a_week_any_handle(api, world):
    body = invite(api(world.alice_token))
    assert (body["max_uses"], body["role"], body["handle"]) == (1, "member", None)
    row = Invite.objects.get(pk=body["id"])
    assert abs((row.expires_at - timezone.now()) - dt.timedelta(days=7)) < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    "body,field",
    [
        ({"scopes": []}, "scopes"),
        ({"scopes": ["fly"]}, "scopes"),
        ({"role": "owner"}, "role"),
        ({"max_uses": 0}, "max_uses"),
        ({"max_uses": "2"}, "max_uses"),
        ({"expires_in": 7}, "expires_in"),
        ({"expires_in": "soon"}, "expires_in"),
        ({"expires_in": "0s"}, "expires_in"),
        ({"handle": "no spaces"}, "handle"),
    ],
)
def test_bad_invites_are_refused_and_nothing_is_written(api, world, body, field):
    err = assert_error(api(world.alice_token).post("/v1/admin/invites", {"scopes": ["read_intents"], **body}),
                       400, "validation_failed")
    assert any(k == field or k.startswith(field + ".") for k in err["fields"]), err
    assert not Invite.objects.exists()


def test_invites_need_admin(api, world):
    made = invite(api(world.alice_token))
    for token in (world.bob_token, world.rita_token, make_token(world.alice, ["read_intents", "write_intents"])):
        client = api(token)
        assert_error(client.get("/v1/admin/invites"), 403, "scope_missing")
        assert_error(client.post("/v1/admin/invites", {"scopes": ["read_intents"]}), 403, "scope_missing")
        assert_error(client.post(f"/v1/admin/invites/{made['id']}/revoke"), 403, "scope_missing")
    assert Invite.objects.count() == 1 and Invite.objects.get().revoked_at is None


def test_another_teams_invite_is_a_404(api, world):
    made = invite(api(world.alice_token))
    gina = api(world.gina_token)
    assert gina.get("/v1/admin/invites").json()["data"] == []
    assert_error(gina.get(f"/v1/admin/invites/{made['id']}"), 404, "not_found")
    assert_error(gina.post(f"/v1/admin/invites/{made['id']}/revoke"), 404, "not_found")
    assert Invite.objects.get().revoked_at is None


def test_list_pages_and_state_filter(api, world):
    client = api(world.alice_token)
    made = [invite(client)["id"] for _ in range(5)]
    client.post(f"/v1/admin/invites/{made[0]}/revoke")
    seen, cursor = [], None
    while True:
        body = client.get("/v1/admin/invites", {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [i["id"] for i in body["data"]]
        if not body["has_more"]:
            break
        cursor = body["next_cursor"]
    assert seen == made[::-1]
    assert [i["id"] for i in client.get("/v1/admin/invites", {"state": "revoked"}).json()["data"]] == [made[0]]
    assert len(client.get("/v1/admin/invites", {"state": "active"}).json()["data"]) == 4
    assert_error(client.get("/v1/admin/invites", {"state": "lost"}), 400, "invalid_parameter")


def test_revoking_stops_redeeming(api, world):
    made = invite(api(world.alice_token))
    r = api(world.alice_token).post(f"/v1/admin/invites/{made['id']}/revoke")
    assert r.status_code == 200 and r.json()["state"] == "revoked"
    before = counts()
    err = assert_error(ApiClient().post("/v1/invites/redeem", {"code": made["code"], "name": "jamie"}), 410,
                       "invite_unavailable")
    assert err["state"] == "revoked"
    assert counts() == before


# --- redeeming ----------------------------------------------------------------------


def test_redeeming_without_credentials_makes_a_new_user_member_and_token(api, world):
    made = invite(api(world.alice_token), role="member", scopes=["read_intents", "read_events"])
    body = redeem(code=made["code"], name="jamie", display_name="Jamie D", password="jamie-password-1").json()
    member = body["member"]
    assert (member["name"], member["display_name"], member["role"], member["kind"], member["team"]) == (
        "jamie", "Jamie D", "member", "human", "acme")
    secret = body["token"]["token"]
    assert secret.startswith("aura_")
    assert body["token"]["scopes"] == ["read_events", "read_intents"] and body["token"]["teams"] == ["acme"]
    row = Member.objects.get(pk=member["id"])
    assert row.user.username == "jamie" and row.user.check_password("jamie-password-1")
    # the token works, with its scopes
    status = api(secret).get("/v1/status")
    assert status.status_code == 200 and status.json()["team"]["slug"] == "acme"
    assert api(secret).get("/v1/intents").status_code == 200
    assert_error(api(secret).get("/v1/messages"), 403, "scope_missing")
    assert Invite.objects.get(pk=made["id"]).uses == 1
    # single use
    before = counts()
    err = assert_error(ApiClient().post("/v1/invites/redeem", {"code": made["code"], "name": "kim"}), 410,
                       "invite_unavailable")
    assert err["state"] == "used" and counts() == before


def test_redeeming_with_a_token_joins_the_callers_own_user(api, world):
    made = invite(api(world.gina_token), role="read-only", scopes=["read_intents"])
    body = redeem(client=api(world.bob_token), code=made["code"], name="bobby").json()
    joined = Member.objects.get(pk=body["member"]["id"])
    assert joined.user_id == world.bob.user_id and joined.team_id == world.globex.id and joined.role == "read-only"
    assert body["member"]["name"] == "bobby"
    # joining the same team twice is a conflict
    again = invite(api(world.gina_token), scopes=["read_intents"])
    before = counts()
    assert_error(api(world.bob_token).post("/v1/invites/redeem", {"code": again["code"], "name": "bob2"}), 409, "conflict")
    assert counts() == before and Invite.objects.get(pk=again["id"]).uses == 0


def test_redeeming_with_a_session_joins_the_logged_in_user(api, world, client):
    made = invite(api(world.gina_token), scopes=["read_intents"])
    client.force_login(world.alice.user)
    r = ApiClient(client=client).post("/v1/invites/redeem", {"code": made["code"], "name": "alice"})
    assert r.status_code == 201, r.content
    assert Member.objects.get(pk=r.json()["member"]["id"]).user_id == world.alice.user_id


def test_n_use_invite(api, world):
    made = invite(api(world.alice_token), max_uses=2)
    redeem(code=made["code"], name="one", kind="agent")
    redeem(code=made["code"], name="two")
    assert_error(ApiClient().post("/v1/invites/redeem", {"code": made["code"], "name": "three"}), 410, "invite_unavailable")
    assert Member.objects.get(name="one").kind == "agent"
    assert not User.objects.get(username="one").has_usable_password()
    assert api(world.alice_token).get(f"/v1/admin/invites/{made['id']}").json()["state"] == "used"


def test_unknown_code_is_a_404(world):
    before = counts()
    for code in ("aurainv_abcdefgh_" + "x" * 32, "nonsense"):
        assert_error(ApiClient().post("/v1/invites/redeem", {"code": code, "name": "jamie"}), 404, "not_found")
    assert counts() == before


def test_expired_invite_is_a_410(api, world):
    made = invite(api(world.alice_token))
    Invite.objects.filter(pk=made["id"]).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    err = assert_error(ApiClient().post("/v1/invites/redeem", {"code": made["code"], "name": "jamie"}), 410,
                       "invite_unavailable")
    assert err["state"] == "expired" and not User.objects.filter(username="jamie").exists()


def test_locked_invite_only_for_its_handle(api, world):
    made = invite(api(world.alice_token), handle="jamie")
    before = counts()
    assert_error(ApiClient().post("/v1/invites/redeem", {"code": made["code"], "name": "kim"}), 403, "invite_locked")
    assert counts() == before
    redeem(code=made["code"], name="jamie")


def test_handle_taken_is_a_409_and_nothing_is_written(api, world):
    made = invite(api(world.alice_token), max_uses=5)
    before = counts()
    # taken in the team
    assert_error(ApiClient().post("/v1/invites/redeem", {"code": made["code"], "name": "bob"}), 409, "conflict")
    # an existing user's username (gina, of globex): a new member always gets a new user
    assert_error(ApiClient().post("/v1/invites/redeem", {"code": made["code"], "name": "gina"}), 409, "conflict")
    assert counts() == before and Invite.objects.get().uses == 0
    assert not Event.objects.filter(topic="member.joined").exists()


@pytest.mark.parametrize(
    "body,field",
    [
        ({"name": "jamie"}, "code"),
        ({"code": "x"}, "name"),
        ({"code": "x", "name": "no spaces"}, "name"),
        ({"code": "x", "name": "jamie", "kind": "robot"}, "kind"),
        ({"code": "x", "name": "jamie", "password": "short"}, "password"),
        ({"code": "x", "name": "jamie", "role": "admin"}, "role"),
        ({"code": 12345678, "name": "jamie"}, "code"),
        ({"code": "x", "name": 12345}, "name"),
    ],
)
def test_bad_redeems_are_refused(world, body, field):
    before = counts()
    err = assert_error(ApiClient().post("/v1/invites/redeem", body), 400, "validation_failed")
    assert field in err["fields"], err
    assert counts() == before


def test_redeeming_is_rate_limited_per_client_address(api, world, settings):
    settings.AURA_INVITE_REDEEM_PER_MINUTE = 3
    settings.AURA_TRUSTED_PROXIES = ["10.0.0.1"]
    bad = {"code": "aurainv_abcdefgh_" + "x" * 32, "name": "jamie"}

    def attempt(body=bad, **meta):
        return ApiClient(client=Client(**meta)).post("/v1/invites/redeem", body)

    for _ in range(3):
        assert_error(attempt(REMOTE_ADDR="192.0.2.7"), 404, "not_found")
    r = attempt(REMOTE_ADDR="192.0.2.7")
    assert_error(r, 429, "rate_limited")
    assert int(r["Retry-After"]) >= 1
    # a client's own X-Real-IP is ignored: it is still 192.0.2.7
    assert_error(attempt(REMOTE_ADDR="192.0.2.7", HTTP_X_REAL_IP="198.51.100.1"), 429, "rate_limited")
    # another address has its own budget
    assert_error(attempt(REMOTE_ADDR="192.0.2.8"), 404, "not_found")
    # behind the trusted front, X-Real-IP is the client
    for _ in range(3):
        assert_error(attempt(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.5"), 404, "not_found")
    assert_error(attempt(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.5"), 429, "rate_limited")
    assert_error(attempt(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.6"), 404, "not_found")
    # a valid code from a limited address is refused too
    made = invite(api(world.alice_token))
    assert_error(attempt({"code": made["code"], "name": "jamie"}, REMOTE_ADDR="192.0.2.7"), 429, "rate_limited")
    assert not Member.objects.filter(name="jamie").exists()


# --- events and admin -------------------------------------------------------------------


def test_member_joined_reaches_read_events_holders(api, world):
    made = invite(api(world.alice_token))
    body = redeem(code=made["code"], name="jamie").json()
    event = Event.objects.get(topic="member.joined")
    assert event.team_id == world.acme.id and event.actor == body["member"]["id"]
    assert event.data["member"]["name"] == "jamie" and event.data["invite_id"] == made["id"]
    only_events = api(make_token(world.bob, ["read_events"]))
    assert [e["topic"] for e in only_events.get("/v1/events").json()["data"]] == ["member.joined"]
    assert only_events.get("/v1/events", {"topics": "member.joined"}).status_code == 200
    assert_error(api(make_token(world.bob, ["read_intents"])).get("/v1/events", {"topics": "member.joined"}),
                 403, "scope_missing")
    assert api(world.gina_token).get("/v1/events").json()["data"] == []


def test_admin_pages_make_and_revoke(client, world):
    admin = User.objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(admin)
    expires = (timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    r = client.post("/admin/accounts/invite/add/", {
        "team": world.acme.id, "role": "member", "scopes": ["read_intents"], "handle": "", "max_uses": 2,
        "expires_at_0": expires[:10], "expires_at_1": expires[11:], "expires_at": expires,
    }, follow=True)
    assert r.status_code == 200
    row = Invite.objects.get()
    shown = [str(m) for m in r.context["messages"]]
    code = next(m.split(": ")[-1] for m in shown if "aurainv_" in m)
    assert code.startswith(f"aurainv_{row.prefix}_")
    assert redeem(code=code, name="viaadmin").status_code == 201
    assert client.get("/admin/accounts/invite/").status_code == 200
    assert client.get(f"/admin/accounts/invite/{row.id}/change/").status_code == 200
    client.post("/admin/accounts/invite/", {"action": "revoke_invites", "_selected_action": [row.id]})
    assert Invite.objects.get().revoked_at is not None
