"""The Django admin: teams, members, tokens; rotate and revoke actions
through the admin's own views; a secret shown once, never stored."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Token
from events.models import Event
from tests.conftest import ApiClient, assert_error, token_row

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/token/"
SECRET_IN_MESSAGE = re.compile(r"aura_[a-z0-9]{8}_[A-Za-z0-9_-]{43}")


@pytest.fixture
def admin_client(world):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "root-password-1")
    client = Client()
    client.force_login(user)
    return client


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def run_action(client, action, *tokens):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [t.pk for t in tokens]}, follow=True
    )


def test_changelist_shows_tokens_without_secrets(admin_client, world):
    r = admin_client.get(CHANGELIST)
    assert r.status_code == 200
    html = r.content.decode()
    for raw in (world.alice_token, world.bob_token, world.gina_token):
        row = token_row(raw)
        assert row.pk in html and f"aura_{row.prefix}_…" in html
        assert raw.split("_", 2)[2] not in html
        assert row.digest not in html
    for label in ("teams", "scopes", "state", "Last used at", "Expires at"):
        assert label.lower() in html.lower()


def test_change_page_shows_no_stored_secret(admin_client, world):
    row = token_row(world.bob_token)
    r = admin_client.get(f"/admin/accounts/token/{row.pk}/change/")
    assert r.status_code == 200
    html = r.content.decode()
    assert f"aura_{row.prefix}_…" in html and "active" in html
    assert world.bob_token.split("_", 2)[2] not in html
    assert row.digest not in html
    assert 'name="digest"' not in html and 'name="scopes"' not in html  # grants change by rotation


def test_rotate_action_shows_the_new_secret_once(admin_client, world):
    old = token_row(world.bob_token)
    r = run_action(admin_client, "rotate_tokens", old)
    assert r.status_code == 200
    shown = [m for m in messages_of(r) if old.pk in m]
    assert len(shown) == 1
    secret = SECRET_IN_MESSAGE.search(shown[0]).group(0)
    new = Token.objects.get(rotated_from=old)
    assert new.pk in shown[0] and secret.split("_")[1] == new.prefix

    assert_error(ApiClient(world.bob_token).get("/v1/status"), 401, "token_revoked")
    assert ApiClient(secret).get("/v1/status").status_code == 200
    assert Event.objects.filter(topic="token.revoked", data__token_id=old.pk, data__reason="rotated").exists()

    # Shown once: the next page has no secret in it.
    again = admin_client.get(CHANGELIST)
    assert secret not in again.content.decode() and not messages_of(again)
    assert secret.split("_", 2)[2] not in admin_client.get(f"/admin/accounts/token/{new.pk}/change/").content.decode()


def test_rotate_action_refuses_dead_tokens_without_failing(admin_client, world):
    bob, alice = token_row(world.bob_token), token_row(world.alice_token)
    run_action(admin_client, "revoke_tokens", bob)
    r = run_action(admin_client, "rotate_tokens", bob, alice)
    assert r.status_code == 200
    messages = messages_of(r)
    assert any("Not rotated" in m and bob.pk in m for m in messages)
    assert any(alice.pk in m and SECRET_IN_MESSAGE.search(m) for m in messages)
    assert not Token.objects.filter(rotated_from=bob).exists()
    assert Token.objects.filter(rotated_from=alice).count() == 1


def test_revoke_action(admin_client, world):
    bob, rita = token_row(world.bob_token), token_row(world.rita_token)
    r = run_action(admin_client, "revoke_tokens", bob, rita)
    assert r.status_code == 200
    assert "Revoked 2 token(s)." in messages_of(r)
    for raw in (world.bob_token, world.rita_token):
        assert_error(ApiClient(raw).get("/v1/status"), 401, "token_revoked")
    assert ApiClient(world.alice_token).get("/v1/status").status_code == 200
    assert "revoked" in admin_client.get(f"/admin/accounts/token/{bob.pk}/change/").content.decode()


def test_adding_a_token_in_the_admin_shows_its_secret_once(admin_client, world):
    r = admin_client.post(
        "/admin/accounts/token/add/",
        {
            "user": world.bob.user.pk,
            "teams": [world.acme.pk],
            "name": "from the admin",
            "scopes": ["read_intents", "admin"],
            "expires_at_0": "",
            "expires_at_1": "",
            "rate_limit_per_minute": "",
            "rate_limit_per_second": "",
        },
        follow=True,
    )
    assert r.status_code == 200
    shown = [m for m in messages_of(r) if SECRET_IN_MESSAGE.search(m)]
    assert len(shown) == 1, messages_of(r)
    secret = SECRET_IN_MESSAGE.search(shown[0]).group(0)
    row = Token.objects.get(name="from the admin")
    assert row.prefix == secret.split("_")[1] and row.scopes == ["admin", "read_intents"]
    assert ApiClient(secret).get("/v1/status").json()["team"]["slug"] == "acme"


def test_the_admin_refuses_a_token_for_a_team_the_user_is_not_in(admin_client, world):
    before = Token.objects.count()
    r = admin_client.post(
        "/admin/accounts/token/add/",
        {"user": world.bob.user.pk, "teams": [world.globex.pk], "scopes": ["read_intents"],
         "expires_at_0": "", "expires_at_1": ""},
    )
    assert r.status_code == 200 and "not a member of globex" in r.content.decode()
    assert Token.objects.count() == before


@pytest.mark.parametrize("url", ["/admin/accounts/team/", "/admin/accounts/member/", "/admin/accounts/team/add/"])
def test_team_and_member_pages(admin_client, world, url):
    r = admin_client.get(url)
    assert r.status_code == 200


def test_team_page_lists_its_members(admin_client, world):
    html = admin_client.get(f"/admin/accounts/team/{world.acme.pk}/change/").content.decode()
    for name in ("alice", "bob", "rita", "robo"):
        assert f'value="{name}"' in html
    assert 'value="gina"' not in html


def test_the_admin_needs_staff(world):
    client = Client()
    client.force_login(world.alice.user)  # a team admin, not Django staff
    r = client.get(CHANGELIST)
    assert r.status_code == 302 and "/admin/login/" in r["Location"]
