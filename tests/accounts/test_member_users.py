"""A member's name is a handle unique within its team only (CONTRACT §1):
every new member gets a new user, whose login name (handle@team) is unique
on the server. A team admin can therefore never pull another team's user
into their team by naming its handle; only the operator joins an existing
user to another team (``team add-member --existing-user``)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts import provisioning
from accounts.models import Member, Token
from tests.conftest import ALL, ApiClient, assert_error, make_member

pytestmark = pytest.mark.django_db

ZED_PASSWORD = "zeds-own-password-1"


def test_a_team_admin_cannot_pull_another_teams_user_in_by_handle(api, world):
    # zed is globex's admin; acme's admin adds a member called "zed".
    zed = make_member(world.globex, "zed", role="admin", password=ZED_PASSWORD)
    alice = api(world.alice_token)
    r = alice.post("/v1/admin/members", {"name": "zed", "role": "admin"})
    assert r.status_code == 201, r.content  # whether or not the handle exists elsewhere
    added = Member.objects.select_related("user").get(pk=r.json()["id"])
    assert added.team == world.acme and added.user != zed.user
    assert r.json()["login"] == added.user.username == "zed@acme"
    assert list(Member.objects.filter(user=zed.user).values_list("team__slug", flat=True)) == ["globex"]

    # zed logs in with their own password and sees globex only.
    client = Client()
    assert client.login(username=zed.user.username, password=ZED_PASSWORD)
    status = ApiClient(client=client).get("/v1/status").json()
    assert status["team"]["slug"] == "globex" and "teams" not in status
    assert_error(ApiClient(client=client).get("/v1/intents", params={"team": "acme"}), 404, "not_found")

    # A token minted in acme for "zed" belongs to acme's zed, not to globex's.
    r = alice.post("/v1/admin/tokens", {"member": "zed", "scopes": ["read_intents"]})
    assert r.status_code == 201, r.content
    assert r.json()["user"] == "zed@acme"
    assert Token.objects.get(pk=r.json()["id"]).user == added.user
    assert not Token.objects.filter(user=zed.user).exists()
    with pytest.raises(provisioning.ProvisioningError, match="not a member of acme"):
        provisioning.create_token(zed.user, [world.acme], ALL)


def test_only_a_handle_of_this_team_conflicts(api, world):
    alice = api(world.alice_token)
    assert alice.post("/v1/admin/members", {"name": "gina"}).status_code == 201  # globex's admin's handle
    err = assert_error(alice.post("/v1/admin/members", {"name": "gina"}), 409, "conflict")
    assert "gina" in err["message"]
    assert Member.objects.filter(name="gina").count() == 2
    assert Member.objects.get(team=world.acme, name="gina").user != world.gina.user


def test_login_names_depend_on_the_handle_and_the_team_alone(world):
    User = get_user_model()
    # A user made before the rule, named like a new member's login would be, keeps its name.
    legacy = User.objects.create_user("dana@acme")
    dana = provisioning.add_member(world.acme, "dana")
    assert dana.user != legacy and dana.user.username == "dana@acme.2"
    # A handle with an "@" cannot collide either: team slugs hold none.
    odd = provisioning.add_member(world.globex, "dana@acme")
    assert odd.user.username == "dana@acme@globex"
    # A long handle is cut to fit the login name's column; the handle itself is kept.
    long = provisioning.add_member(world.globex, "x" * 150)
    assert long.name == "x" * 150 and long.user.username == "x" * 143 + "@globex"
    again = provisioning.add_member(world.acme, "x" * 150)
    assert again.user.username == "x" * 145 + "@acme"
    assert len({m.user_id for m in (dana, odd, long, again)}) == 4


def test_existing_users_keep_their_login(world):
    before = world.bob.user.username
    provisioning.add_member(world.globex, "bob")
    world.bob.user.refresh_from_db()
    assert world.bob.user.username == before
