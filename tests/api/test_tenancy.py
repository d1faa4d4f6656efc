"""Isolation: another team's objects are 404, ``?team=`` narrows to one of
the caller's teams, and a caller of several teams names its team on writes."""

import pytest

from accounts.models import Member, Token
from tests.conftest import ALL, assert_error, make_member, make_team, make_token, token_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_team(world):
    """alice: admin of acme and of globex, with one token on both teams."""
    alice_globex = make_member(world.globex, "alice", role="admin")
    world.alice_globex = alice_globex
    world.alice_both = make_token(world.alice, ALL, teams=[world.acme, world.globex])
    return world


def test_another_teams_member_is_404(api, world):
    alice = api(world.alice_token)
    for method, body in (("get", None), ("patch", {"role": "member"}), ("delete", None)):
        err = assert_error(getattr(alice, method)(f"/v1/admin/members/{world.gina.id}", body), 404, "not_found")
        assert world.gina.id not in (err["hint"] or "")
    assert_error(alice.get(f"/v1/team/members/{world.gina.id}"), 404, "not_found")
    world.gina.refresh_from_db()
    assert world.gina.role == "admin"


def test_another_teams_object_looks_like_no_object(api, world):
    alice = api(world.alice_token)
    foreign = alice.get(f"/v1/admin/members/{world.gina.id}").json()["error"]
    missing = alice.get("/v1/admin/members/mem_01ZZZZZZZZZZZZZZZZZZZZZZZZ").json()["error"]
    assert (foreign["code"], foreign["message"], foreign["hint"]) == (missing["code"], missing["message"], missing["hint"])


def test_another_teams_token_is_404(api, world):
    gina_token = token_row(world.gina_token)
    alice = api(world.alice_token)
    assert_error(alice.get(f"/v1/admin/tokens/{gina_token.id}"), 404, "not_found")
    assert_error(alice.post(f"/v1/admin/tokens/{gina_token.id}/rotate"), 404, "not_found")
    assert_error(alice.post(f"/v1/admin/tokens/{gina_token.id}/revoke"), 404, "not_found")
    assert gina_token.id not in {t["id"] for t in alice.get("/v1/admin/tokens").json()["data"]}
    assert api(world.gina_token).get("/v1/status").status_code == 200
    gina_token.refresh_from_db()
    assert gina_token.revoked_at is None and not Token.objects.filter(rotated_from=gina_token).exists()


@pytest.mark.parametrize("url", ["/v1/status", "/v1/team/members", "/v1/admin/members", "/v1/admin/tokens"])
@pytest.mark.parametrize("slug", ["globex", "no-such-team"])
def test_team_param_naming_another_team_is_404(api, world, url, slug):
    err = assert_error(api(world.alice_token).get(url, {"team": slug}), 404, "not_found")
    # An existing team and a missing one answer alike.
    assert err["message"] == f"No team {slug!r} among yours."


def test_team_param_narrows_a_two_team_caller(api, two_team):
    client = api(two_team.alice_both)
    everyone = client.get("/v1/team/members").json()["data"]
    assert {m["team"] for m in everyone} == {"acme", "globex"}
    assert {(m["team"], m["name"]) for m in everyone} == {
        ("acme", "alice"), ("acme", "bob"), ("acme", "rita"), ("acme", "robo"), ("globex", "gina"), ("globex", "alice")
    }
    only_globex = client.get("/v1/team/members", {"team": "globex"}).json()["data"]
    assert {m["name"] for m in only_globex} == {"gina", "alice"}
    assert {m["team"] for m in client.get("/v1/admin/members", {"team": "acme"}).json()["data"]} == {"acme"}

    status = client.get("/v1/status").json()
    assert status["team"]["slug"] == "acme"  # the first by slug
    assert [t["slug"] for t in status["teams"]] == ["acme", "globex"]
    assert client.get("/v1/status", {"team": "globex"}).json()["team"]["slug"] == "globex"


def test_lists_span_both_teams_for_a_two_team_token(api, two_team):
    client = api(two_team.alice_both)
    token_ids = {t["id"] for t in client.get("/v1/admin/tokens").json()["data"]}
    expected = set(Token.objects.filter(teams__in=[two_team.acme, two_team.globex]).values_list("id", flat=True))
    assert token_ids == expected
    assert token_row(two_team.gina_token).id in token_ids
    # The two-team token is listed once, not once per team.
    listed = [t["id"] for t in client.get("/v1/admin/tokens").json()["data"]]
    assert len(listed) == len(set(listed))
    both = next(t for t in client.get("/v1/admin/tokens").json()["data"] if t["id"] == token_row(two_team.alice_both).id)
    assert both["teams"] == ["acme", "globex"]


def test_a_two_team_caller_must_name_its_team_on_writes(api, two_team):
    client = api(two_team.alice_both)
    err = assert_error(client.post("/v1/admin/members", {"name": "newbie"}), 400, "team_required")
    assert "acme" in err["hint"] and "globex" in err["hint"]
    assert_error(client.post("/v1/admin/tokens", {"member": "alice", "scopes": ["read_intents"]}), 400, "team_required")
    assert not Member.objects.filter(name="newbie").exists()

    r = client.post("/v1/admin/members", {"name": "newbie", "team": "globex"})
    assert r.status_code == 201 and r.json()["team"] == "globex"
    r = client.post("/v1/admin/members?team=acme", {"name": "newbie"})
    assert r.status_code == 201 and r.json()["team"] == "acme"
    assert_error(client.post("/v1/admin/members", {"name": "x", "team": "initech"}), 404, "not_found")
    err = assert_error(client.post("/v1/admin/members", {"name": "x", "team": ["acme"]}), 400, "validation_failed")
    assert "team" in err["fields"]


def test_a_single_team_token_of_a_two_team_user_needs_no_team(api, two_team):
    # alice's original token is bound to acme only: its writes go there.
    r = api(two_team.alice_token).post("/v1/admin/members", {"name": "newbie"})
    assert r.status_code == 201 and r.json()["team"] == "acme"


def test_same_handle_in_two_teams_is_two_members(api, world):
    make_member(world.globex, "bob")
    acme_bob = api(world.alice_token).get("/v1/admin/members", {"name": "bob"}).json()["data"]
    globex_bob = api(world.gina_token).get("/v1/admin/members", {"name": "bob"}).json()["data"]
    assert len(acme_bob) == len(globex_bob) == 1
    assert acme_bob[0]["id"] != globex_bob[0]["id"]
    assert (acme_bob[0]["team"], globex_bob[0]["team"]) == ("acme", "globex")


def test_an_admin_cannot_mint_tokens_for_another_teams_member(api, world):
    make_team("initech")
    alice = api(world.alice_token)
    err = assert_error(alice.post("/v1/admin/tokens", {"member": "gina", "scopes": ["admin"]}), 400, "validation_failed")
    assert "member" in err["fields"]
    assert_error(alice.post("/v1/admin/tokens", {"member": world.gina.id, "scopes": ["admin"]}), 400, "validation_failed")
    assert_error(
        alice.post("/v1/admin/tokens", {"member": "gina", "teams": ["acme", "globex"], "scopes": ["admin"]}), 404, "not_found"
    )
    assert not Token.objects.filter(user=world.gina.user).exclude(pk=token_row(world.gina_token).pk).exists()


def test_a_removed_member_loses_the_team(api, world):
    bob = api(world.bob_token)
    assert {m["team"] for m in bob.get("/v1/team/members").json()["data"]} == {"acme"}
    assert api(world.alice_token).delete(f"/v1/admin/members/{world.bob.id}").status_code == 204
    # The token was bound to acme alone: it reaches nothing, and says so.
    for path in ("/v1/team/members", "/v1/status", "/v1/intents"):
        err = assert_error(bob.get(path), 401, "unauthorized")
        assert "no longer a member" in err["message"]


def test_a_token_of_two_teams_keeps_the_team_its_user_is_still_in(api, world):
    make_member(world.globex, "bob")
    both = api(make_token(world.bob, teams=[world.acme, world.globex]))
    assert api(world.alice_token).delete(f"/v1/admin/members/{world.bob.id}").status_code == 204
    assert {m["team"] for m in both.get("/v1/team/members").json()["data"]} == {"globex"}
    assert_error(both.get("/v1/team/members", {"team": "acme"}), 404, "not_found")


def test_a_tokens_other_teams_stay_hidden(api, world):
    make_member(world.globex, "bob")
    both = token_row(make_token(world.bob, ["read_intents"], teams=[world.acme, world.globex]))
    alice = api(world.alice_token)  # acme only
    listed = next(t for t in alice.get("/v1/admin/tokens").json()["data"] if t["id"] == both.id)
    assert listed["teams"] == ["acme"]
    assert alice.get(f"/v1/admin/tokens/{both.id}").json()["teams"] == ["acme"]
    r = alice.post(f"/v1/admin/tokens/{both.id}/rotate")
    err = assert_error(r, 403, "scope_missing")
    assert "globex" not in r.content.decode() and "1 other team" in err["hint"]
    assert "globex" not in alice.post(f"/v1/admin/tokens/{both.id}/revoke").content.decode()
    # Its holder's own view, and an admin of both teams, see both.
    make_member(world.globex, "alice", role="admin")
    both_admin = api(make_token(world.alice, ALL, teams=[world.acme, world.globex]))
    assert both_admin.get(f"/v1/admin/tokens/{both.id}").json()["teams"] == ["acme", "globex"]
