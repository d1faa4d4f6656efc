"""Sign-in throttling on /accounts/login/ and /admin/login/: failures are
counted per account and per client address; past the limit every attempt,
the right password included, gets the login page's message with 429."""

import logging

import pytest
from django.test import Client

from aura_site.api.clientip import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-1"
LOGIN_PAGES = ["/accounts/login/", "/admin/login/"]


@pytest.fixture
def staff(world):
    user = world.alice.user
    user.set_password(PASSWORD)
    user.is_staff = True
    user.save()
    return user


def attempt(client, page, username, password, addr="203.0.113.7", **headers):
    return client.post(page, {"username": username, "password": password, "next": "/dashboard/"},
                       REMOTE_ADDR=addr, headers=headers)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_forty_wrong_passwords_then_the_right_one_is_refused(staff, page, caplog, settings):
    client = Client()
    statuses = []
    with caplog.at_level(logging.WARNING, logger="aura.accounts"):
        for _ in range(40):
            statuses.append(attempt(client, page, staff.username, "wrong-password").status_code)
        r = attempt(client, page, staff.username, PASSWORD)
    limit = settings.AURA_LOGIN_FAILURES_PER_ACCOUNT
    assert statuses[:limit] == [200] * limit  # the page's ordinary "wrong password" answer
    assert set(statuses[limit:]) == {429}
    assert r.status_code == 429 and not signed_in(client)
    page_html = r.content.decode()
    assert "Too many failed sign-ins for this account" in page_html and "<form" in page_html
    assert int(r["Retry-After"]) > 0
    assert "sign-in locked: account" in caplog.text and staff.username in caplog.text


def test_the_lock_is_per_account_and_lifts_when_the_window_ends(staff, world, settings):
    settings.AURA_LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.AURA_LOGIN_WINDOW_SECONDS = 900
    client = Client()
    for _ in range(3):
        assert attempt(client, "/accounts/login/", staff.username.upper(), "nope").status_code == 200
    assert attempt(client, "/accounts/login/", staff.username, PASSWORD).status_code == 429  # case folded
    # Another account from the same address still signs in.
    bob = world.bob.user
    bob.set_password(PASSWORD)
    bob.save()
    other = Client()
    r = attempt(other, "/accounts/login/", bob.username, PASSWORD)
    assert r.status_code == 302 and signed_in(other)
    # The window is over (the counters are gone): the right password works again.
    from django.core.cache import cache

    cache.clear()
    r = attempt(client, "/accounts/login/", staff.username, PASSWORD)
    assert r.status_code == 302 and signed_in(client)


def test_the_lock_is_per_address_across_accounts(staff, world, settings):
    settings.AURA_LOGIN_FAILURES_PER_ADDRESS = 5
    client = Client()
    for i in range(5):
        assert attempt(client, "/accounts/login/", f"nobody-{i}", "nope").status_code == 200
    r = attempt(client, "/accounts/login/", staff.username, PASSWORD)
    assert r.status_code == 429 and "for this address" in r.content.decode()
    # Another address is not locked.
    r = attempt(client, "/accounts/login/", staff.username, PASSWORD, addr="198.51.100.9")
    assert r.status_code == 302


def test_x_real_ip_counts_only_from_a_trusted_proxy(staff, settings):
    settings.AURA_LOGIN_FAILURES_PER_ADDRESS = 3
    client = Client()
    # A direct client cannot pick a new address per attempt with the header.
    for i in range(3):
        attempt(client, "/accounts/login/", f"x{i}", "nope", addr="203.0.113.50", **{"X-Real-IP": f"10.9.9.{i}"})
    assert attempt(client, "/accounts/login/", staff.username, PASSWORD, addr="203.0.113.50",
                   **{"X-Real-IP": "10.9.9.200"}).status_code == 429
    # Behind a listed proxy, the header is the client.
    settings.AURA_TRUSTED_PROXIES = ["192.0.2.0/24"]
    for i in range(3):
        attempt(client, "/accounts/login/", f"y{i}", "nope", addr="192.0.2.1", **{"X-Real-IP": "198.51.100.1"})
    assert attempt(client, "/accounts/login/", staff.username, PASSWORD, addr="192.0.2.1",
                   **{"X-Real-IP": "198.51.100.1"}).status_code == 429
    r = attempt(client, "/accounts/login/", staff.username, PASSWORD, addr="192.0.2.1", **{"X-Real-IP": "198.51.100.2"})
    assert r.status_code == 302


def test_client_ip(rf, settings):
    settings.AURA_TRUSTED_PROXIES = ["10.0.0.1", "fd00::/8"]
    assert client_ip(rf.get("/", REMOTE_ADDR="203.0.113.1", HTTP_X_REAL_IP="1.2.3.4")) == "203.0.113.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="1.2.3.4")) == "1.2.3.4"
    assert client_ip(rf.get("/", REMOTE_ADDR="fd00::5", HTTP_X_REAL_IP="2001:db8::1")) == "2001:db8::1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="not an ip")) == "10.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="1.2.3.4")) == "10.0.0.2"


def test_successful_sign_ins_are_not_counted(staff, settings):
    settings.AURA_LOGIN_FAILURES_PER_ACCOUNT = 2
    for _ in range(5):
        client = Client()
        assert attempt(client, "/accounts/login/", staff.username, PASSWORD).status_code == 302


def test_local_mode_does_not_throttle(staff, settings):
    settings.AURA_MODE = "local"
    settings.AURA_LOGIN_FAILURES_PER_ACCOUNT = 1
    client = Client()
    for _ in range(3):
        assert attempt(client, "/accounts/login/", staff.username, "nope").status_code == 200
    assert attempt(client, "/accounts/login/", staff.username, PASSWORD).status_code == 302
