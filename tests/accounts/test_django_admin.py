"""The Django admin: teams, members, tokens; rotate and revoke actions
through the admin's own views; a secret shown once, never stored."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Member, Token
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


# --- a team keeps an admin, in the admin too ----------------------------------------------------------------------


def _member_form(member, **changes):
    data = {
        "team": member.team_id, "user": member.user_id, "name": member.name, "display_name": member.display_name,
        "kind": member.kind, "role": member.role, "last_seen_at_0": "", "last_seen_at_1": "",
        "created_at_0": member.created_at.strftime("%Y-%m-%d"), "created_at_1": member.created_at.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data


def test_the_admin_will_not_demote_the_last_admin(admin_client, world):
    url = f"/admin/accounts/member/{world.alice.pk}/change/"
    r = admin_client.post(url, _member_form(world.alice, role="member"))
    assert r.status_code == 200 and "must keep at least one admin" in r.content.decode()
    world.alice.refresh_from_db()
    assert world.alice.role == "admin"
    # Nor move them to another team.
    r = admin_client.post(url, _member_form(world.alice, team=world.globex.pk))
    assert r.status_code == 200 and "must keep at least one admin" in r.content.decode()
    # With a second admin, it may.
    Member.objects.filter(pk=world.bob.pk).update(role="admin")
    r = admin_client.post(url, _member_form(world.alice, role="member"))
    assert r.status_code == 302
    world.alice.refresh_from_db()
    assert world.alice.role == "member"


def test_the_admin_will_not_delete_the_last_admin(admin_client, world):
    r = admin_client.post(f"/admin/accounts/member/{world.alice.pk}/delete/", {"post": "yes"})
    assert r.status_code == 200 and "last admin of team acme" in r.content.decode()
    assert Member.objects.filter(pk=world.alice.pk).exists()
    r = admin_client.post("/admin/accounts/member/", {"action": "delete_selected", "post": "yes",
                                                     "_selected_action": [world.alice.pk, world.gina.pk, world.bob.pk]})
    assert r.status_code == 200 and "last admin of team acme" in r.content.decode()
    assert Member.objects.filter(pk__in=[world.alice.pk, world.gina.pk, world.bob.pk]).count() == 3
    # A member who is not the last admin goes.
    r = admin_client.post(f"/admin/accounts/member/{world.bob.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and not Member.objects.filter(pk=world.bob.pk).exists()


def test_the_team_page_will_not_demote_its_last_admin(admin_client, world):
    team = world.acme
    members = list(Member.objects.filter(team=team).order_by("name"))
    data = {
        "slug": team.slug, "name": team.name, "strict_mode": "on", "ticket_pattern": team.ticket_pattern,
        "default_ticket_system": team.default_ticket_system, "rate_limit_per_minute": "", "rate_limit_per_second": "",
        "created_at_0": team.created_at.strftime("%Y-%m-%d"), "created_at_1": team.created_at.strftime("%H:%M:%S"),
        "members-TOTAL_FORMS": str(len(members)), "members-INITIAL_FORMS": str(len(members)),
        "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "1000",
    }
    for n, m in enumerate(members):
        data.update({f"members-{n}-id": m.pk, f"members-{n}-team": team.pk, f"members-{n}-name": m.name,
                     f"members-{n}-user": m.user_id, f"members-{n}-kind": m.kind,
                     f"members-{n}-role": "member" if m.name == "alice" else m.role,
                     f"members-{n}-display_name": m.display_name})
    r = admin_client.post(f"/admin/accounts/team/{team.pk}/change/", data)
    assert r.status_code == 200 and "must keep at least one admin" in r.content.decode()
    world.alice.refresh_from_db()
    assert world.alice.role == "admin"
    # Promoting bob in the same save makes it fine.
    bob_row = next(n for n, m in enumerate(members) if m.name == "bob")
    data[f"members-{bob_row}-role"] = "admin"
    assert admin_client.post(f"/admin/accounts/team/{team.pk}/change/", data).status_code == 302
    assert dict(Member.objects.filter(team=team).values_list("name", "role"))["bob"] == "admin"
    world.alice.refresh_from_db()
    assert world.alice.role == "member"


def test_revoke_action_revokes_predecessors_in_grace(admin_client, world):
    from datetime import timedelta

    from accounts import tokens

    old = token_row(world.bob_token)
    new, new_raw = tokens.rotate(old, grace=timedelta(days=30))
    r = run_action(admin_client, "revoke_tokens", new)
    messages = messages_of(r)
    assert "Revoked 2 token(s)." in messages
    assert any(new.pk in m and old.pk in m for m in messages)
    for raw in (world.bob_token, new_raw):
        assert_error(ApiClient(raw).get("/v1/status"), 401, "token_revoked")
    assert Event.objects.filter(topic="token.revoked", data__reason="revoked").count() == 2

    # Both selected, or a revoked one again: nothing more is written.
    r = run_action(admin_client, "revoke_tokens", new, old)
    assert any("Not revoked" in m and "already revoked" in m for m in messages_of(r))
    assert Event.objects.filter(topic="token.revoked", data__reason="revoked").count() == 2
