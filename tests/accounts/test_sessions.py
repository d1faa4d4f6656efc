"""Same-origin pages: the Django session acts as the member(s) with the
role's scopes; writes need the CSRF token; Authorization never falls back
to the session."""

import pytest
from django.test import Client

from accounts.models import Member
from tests.conftest import ApiClient, assert_error, make_member

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"


def logged_in(member, csrf=False):
    member.user.set_password(PASSWORD)
    member.user.save()
    client = Client(enforce_csrf_checks=csrf)
    assert client.login(username=member.user.username, password=PASSWORD)
    return client


def csrf_token(client):
    """What a same-origin page has: the csrftoken cookie set by a rendered form."""
    r = client.get("/admin/login/")
    assert r.status_code == 200
    return client.cookies["csrftoken"].value


def test_session_acts_as_the_member_with_the_roles_scopes(world):
    alice = ApiClient(client=logged_in(world.alice))
    r = alice.get("/v1/status")
    assert r.status_code == 200 and r.json()["team"]["slug"] == "acme"
    assert r["X-RateLimit-Limit"]
    assert alice.get("/v1/admin/members").status_code == 200
    assert alice.post("/v1/admin/members", {"name": "newbie"}).status_code == 201

    bob = ApiClient(client=logged_in(world.bob))
    assert bob.get("/v1/team/members").status_code == 200
    err = assert_error(bob.get("/v1/admin/members"), 403, "scope_missing")
    assert "admin" in err["hint"]

    rita = ApiClient(client=logged_in(world.rita))
    assert_error(rita.post("/v1/admin/members", {"name": "x"}), 403, "scope_missing")
    assert not Member.objects.filter(name="x").exists()


def test_session_of_a_user_in_two_teams_spans_both(world):
    make_member(world.globex, "alice", role="read-only")
    alice = ApiClient(client=logged_in(world.alice))
    body = alice.get("/v1/status").json()
    assert {t["slug"] for t in body["teams"]} == {"acme", "globex"}
    assert {m["team"] for m in alice.get("/v1/team/members").json()["data"]} == {"acme", "globex"}
    # admin in acme only
    assert {m["team"] for m in alice.get("/v1/admin/members").json()["data"]} == {"acme"}
    assert_error(alice.post("/v1/admin/members", {"name": "x"}), 400, "team_required")
    assert_error(alice.post("/v1/admin/members", {"name": "x", "team": "globex"}), 403, "scope_missing")
    assert alice.post("/v1/admin/members", {"name": "x", "team": "acme"}).status_code == 201


def test_writes_without_csrf_are_refused(world):
    client = logged_in(world.alice, csrf=True)
    alice = ApiClient(client=client)
    assert alice.get("/v1/admin/members").status_code == 200  # reads need no CSRF token
    for method, url, body in [
        ("post", "/v1/admin/members", {"name": "newbie"}),
        ("patch", f"/v1/admin/members/{world.bob.id}", {"role": "read-only"}),
        ("delete", f"/v1/admin/members/{world.bob.id}", None),
    ]:
        err = assert_error(getattr(alice, method)(url, body), 403, "csrf_failed")
        assert "X-CSRFToken" in err["hint"]
    # A wrong token is no better than none.
    csrf_token(client)
    r = alice.post("/v1/admin/members", {"name": "newbie"}, headers={"X-CSRFToken": "x" * 32})
    assert_error(r, 403, "csrf_failed")
    assert not Member.objects.filter(name="newbie").exists()
    world.bob.refresh_from_db()
    assert world.bob.role == "member"


def test_writes_with_the_csrf_token_work(world):
    client = logged_in(world.alice, csrf=True)
    token = csrf_token(client)
    alice = ApiClient(client=client, **{"X-CSRFToken": token})
    r = alice.post("/v1/admin/members", {"name": "newbie"})
    assert r.status_code == 201, r.content
    assert alice.patch(f"/v1/admin/members/{world.bob.id}", {"role": "read-only"}).status_code == 200
    assert alice.delete(f"/v1/admin/members/{r.json()['id']}").status_code == 204


def test_bearer_requests_need_no_csrf_token(world):
    # A bearer request is not a browser's ambient credential: no CSRF check.
    client = Client(enforce_csrf_checks=True)
    r = ApiClient(world.alice_token, client=client).post("/v1/admin/members", {"name": "newbie"})
    assert r.status_code == 201


@pytest.mark.parametrize(
    "header",
    ["Bearer aura_abcdefgh_" + "x" * 43, "Bearer", "Basic YWxpY2U6cGFzcw==", ""],
)
def test_authorization_never_falls_back_to_the_session(world, header):
    client = logged_in(world.alice)
    assert client.get("/v1/status").status_code == 200
    r = client.get("/v1/status", headers={"Authorization": header})
    assert_error(r, 401, "unauthorized")
    r = client.post("/v1/admin/members", {"name": "newbie"}, content_type="application/json",
                    headers={"Authorization": header})
    assert_error(r, 401, "unauthorized")
    assert not Member.objects.filter(name="newbie").exists()


def test_a_valid_bearer_beats_the_session(world):
    client = logged_in(world.alice)  # an admin's session...
    bob = ApiClient(world.bob_token, client=client)  # ...with bob's token on the request
    assert_error(bob.get("/v1/admin/members"), 403, "scope_missing")


def test_logging_out_ends_access(world):
    client = logged_in(world.alice)
    assert client.get("/v1/status").status_code == 200
    client.logout()
    assert_error(client.get("/v1/status"), 401, "unauthorized")


def test_a_deactivated_user_loses_the_session(world):
    client = logged_in(world.alice)
    world.alice.user.is_active = False
    world.alice.user.save()
    assert_error(client.get("/v1/status"), 401, "unauthorized")
