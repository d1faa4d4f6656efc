"""Effective scopes = the token's scopes ∩ the member's role, in the team acted on,
for every endpoint that exists, plus two probe endpoints that declare write
and undeclared scopes."""

import pytest
from django.urls import path
from rest_framework.response import Response

from accounts import scopes
from accounts.models import Member, Token
from aura_site import urls as site_urls
from aura_site.api.views import AuraAPIView
from tests.conftest import ALL, assert_error, make_member, make_token, token_row

pytestmark = pytest.mark.django_db

READS = list(scopes.READ_SCOPES)
WRITES = list(scopes.WRITE_SCOPES)


class IntentsProbe(AuraAPIView):
    scope_map = {"GET": "read_intents", "POST": "write_intents"}

    def get(self, request):
        return Response({"teams": sorted(self.principal.teams_with("read_intents"))})

    def post(self, request):
        team, member = self.write_team(request.data)
        return Response({"team": team.slug, "member": member.name}, status=201)


class UndeclaredProbe(AuraAPIView):
    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("v1/probe/intents", IntentsProbe.as_view()),
    path("v1/probe/undeclared", UndeclaredProbe.as_view()),
    *site_urls.urlpatterns,
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


# --- the role table -------------------------------------------------------------------------


def test_role_table():
    assert scopes.effective(ALL, "admin") == frozenset(ALL)
    assert scopes.effective(ALL, "member") == frozenset(READS + WRITES)
    assert scopes.effective(ALL, "read-only") == frozenset(READS)
    assert scopes.effective(["admin"], "member") == frozenset(READS + WRITES)
    assert scopes.effective(["write_intents", "read_intents"], "read-only") == {"read_intents"}
    assert scopes.effective(["read_intents"], "admin") == {"read_intents"}
    assert scopes.effective(ALL, "unknown-role") == frozenset()


# --- every endpoint that exists, every kind of caller -------------------------------------


def _endpoints(world):
    """(label, method, path, body, success status, scope needed)."""
    robo_token = token_row(world.agent_token)
    return [
        ("status", "get", "/v1/status", None, 200, None),
        ("roster", "get", "/v1/team/members", None, 200, None),
        ("roster item", "get", f"/v1/team/members/{world.bob.id}", None, 200, None),
        ("members", "get", "/v1/admin/members", None, 200, "admin"),
        ("member", "get", f"/v1/admin/members/{world.bob.id}", None, 200, "admin"),
        ("add member", "post", "/v1/admin/members", {"name": "newbie"}, 201, "admin"),
        ("change member", "patch", f"/v1/admin/members/{world.agent.id}", {"role": "read-only"}, 200, "admin"),
        ("remove member", "delete", f"/v1/admin/members/{world.agent.id}", None, 204, "admin"),
        ("tokens", "get", "/v1/admin/tokens", None, 200, "admin"),
        ("token", "get", f"/v1/admin/tokens/{robo_token.id}", None, 200, "admin"),
        ("create token", "post", "/v1/admin/tokens", {"member": "robo", "scopes": ["read_intents"]}, 201, "admin"),
        ("rotate token", "post", f"/v1/admin/tokens/{robo_token.id}/rotate", None, 201, "admin"),
        ("revoke token", "post", f"/v1/admin/tokens/{robo_token.id}/revoke", None, 200, "admin"),
    ]


CALLERS = {
    # name: (member attribute, token scopes, scopes effective in acme)
    "admin, every scope": ("alice", ALL, set(ALL)),
    "admin, no admin scope": ("alice", READS + WRITES, set(READS + WRITES)),
    "admin, one read scope": ("alice", ["read_intents"], {"read_intents"}),
    "member, every scope": ("bob", ALL, set(READS + WRITES)),
    "read-only, every scope": ("rita", ALL, set(READS)),
    "read-only, write scopes only": ("rita", WRITES, set()),
}
ENDPOINT_LABELS = [
    "status", "roster", "roster item", "members", "member", "add member", "change member", "remove member",
    "tokens", "token", "create token", "rotate token", "revoke token",
]


def _snapshot():
    return (
        sorted(Member.objects.values_list("id", "role", "display_name")),
        sorted(Token.objects.values_list("id", "revoked_at")),
    )


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize("label", ENDPOINT_LABELS)
def test_scope_matrix(api, world, caller, label):
    member_name, token_scopes, effective = CALLERS[caller]
    raw = make_token(getattr(world, member_name), token_scopes)
    _, method, url, body, ok, needed = next(e for e in _endpoints(world) if e[0] == label)
    before = _snapshot()
    r = getattr(api(raw), method)(url, body)
    if needed is None or needed in effective:
        assert r.status_code == ok, (caller, label, r.content)
    else:
        err = assert_error(r, 403, "scope_missing")
        assert needed in err["hint"] and needed in err["message"]
        assert _snapshot() == before, "a refused request wrote something"


def test_session_less_anonymous_gets_401_not_403(api, world):
    for _, method, url, body, _, _ in _endpoints(world):
        assert_error(getattr(api(), method)(url, body), 401, "unauthorized")


# --- write scopes and roles, on a probe that needs write_intents ---------------------------------


@pytest.mark.urls("tests.accounts.test_scopes")
@pytest.mark.parametrize(
    "member_name, token_scopes, can_read, can_write",
    [
        ("bob", ["read_intents", "write_intents"], True, True),
        ("bob", ["read_intents"], True, False),
        ("bob", ["write_intents"], False, True),
        ("bob", ["admin"], True, True),  # admin on the token, cut to the member role
        ("rita", ["read_intents", "write_intents"], True, False),  # read-only never writes
        ("rita", ["admin"], True, False),
        ("rita", WRITES, False, False),
        ("alice", ["read_messages"], False, False),
    ],
)
def test_read_only_role_never_gets_write_scopes(api, world, member_name, token_scopes, can_read, can_write):
    client = api(make_token(getattr(world, member_name), token_scopes))
    r = client.get("/v1/probe/intents")
    if can_read:
        assert r.status_code == 200 and r.json()["teams"] == [world.acme.id]
    else:
        assert "read_intents" in assert_error(r, 403, "scope_missing")["hint"]
    r = client.post("/v1/probe/intents", {})
    if can_write:
        assert r.status_code == 201 and r.json() == {"team": "acme", "member": member_name}
    else:
        assert "write_intents" in assert_error(r, 403, "scope_missing")["hint"]


@pytest.mark.urls("tests.accounts.test_scopes")
def test_a_view_without_declared_scopes_is_closed_to_all_but_admins(api, world):
    assert_error(api(world.bob_token).get("/v1/probe/undeclared"), 403, "scope_missing")
    assert api(world.alice_token).get("/v1/probe/undeclared").status_code == 200


@pytest.mark.urls("tests.accounts.test_scopes")
def test_scopes_are_per_team(api, world):
    """bob: member in acme, read-only in globex; one token on both teams."""
    make_member(world.globex, "bob", role="read-only")
    raw = make_token(world.bob, ALL, teams=[world.acme, world.globex])
    client = api(raw)
    assert sorted(client.get("/v1/probe/intents").json()["teams"]) == sorted([world.acme.id, world.globex.id])
    assert client.post("/v1/probe/intents", {"team": "acme"}).status_code == 201
    err = assert_error(client.post("/v1/probe/intents", {"team": "globex"}), 403, "scope_missing")
    assert "write_intents" in err["hint"]


# --- admin never reaches beyond the token's teams --------------------------------------------


def test_admin_scope_stops_at_the_tokens_teams(api, world):
    make_member(world.globex, "alice", role="admin")  # alice administers both teams...
    client = api(world.alice_token)  # ...but this token is bound to acme only
    gina_token = token_row(world.gina_token)

    names = {m["name"] for m in client.get("/v1/admin/members").json()["data"]}
    assert names == {"alice", "bob", "rita", "robo"}
    assert_error(client.get(f"/v1/admin/members/{world.gina.id}"), 404, "not_found")
    assert_error(client.patch(f"/v1/admin/members/{world.gina.id}", {"role": "member"}), 404, "not_found")
    assert_error(client.delete(f"/v1/admin/members/{world.gina.id}"), 404, "not_found")
    assert_error(client.get("/v1/admin/members", {"team": "globex"}), 404, "not_found")
    assert_error(client.post("/v1/admin/members", {"name": "spy", "team": "globex"}), 404, "not_found")
    assert_error(client.get(f"/v1/admin/tokens/{gina_token.id}"), 404, "not_found")
    assert_error(client.post(f"/v1/admin/tokens/{gina_token.id}/revoke"), 404, "not_found")
    assert_error(client.post(f"/v1/admin/tokens/{gina_token.id}/rotate"), 404, "not_found")
    assert_error(
        client.post("/v1/admin/tokens", {"member": "gina", "teams": ["globex"], "scopes": ["admin"]}), 404, "not_found"
    )
    assert {t["id"] for t in client.get("/v1/admin/tokens").json()["data"]}.isdisjoint({gina_token.id})

    world.gina.refresh_from_db()
    assert world.gina.role == "admin"
    assert not Member.objects.filter(name="spy").exists()
    assert api(world.gina_token).get("/v1/status").status_code == 200


def test_admin_in_one_team_is_not_admin_in_the_other(api, world):
    make_member(world.globex, "alice", role="member")
    client = api(make_token(world.alice, ALL, teams=[world.acme, world.globex]))
    names = {(m["team"], m["name"]) for m in client.get("/v1/admin/members").json()["data"]}
    assert {team for team, _ in names} == {"acme"}
    assert_error(client.get("/v1/admin/members", {"team": "globex"}), 403, "scope_missing")
    assert_error(client.post("/v1/admin/members", {"name": "x", "team": "globex"}), 403, "scope_missing")
    assert_error(
        client.post("/v1/admin/tokens", {"member": "alice", "teams": ["acme", "globex"], "scopes": ["read_intents"]}),
        403,
        "scope_missing",
    )
    # The roster needs no scope: both teams.
    teams = {m["team"] for m in client.get("/v1/team/members").json()["data"]}
    assert teams == {"acme", "globex"}
    assert not Member.objects.filter(name="x").exists()


def test_options_describes_an_endpoint_without_a_scope(api, world):
    from tests.conftest import make_token

    narrow = make_token(world.bob, ["read_messages"])
    response = api(narrow).client.options("/v1/admin/tokens", headers={"Authorization": f"Bearer {narrow}"})
    assert response.status_code == 200, response.content
    assert "GET" in response["Allow"]
