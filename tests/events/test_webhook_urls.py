"""A webhook URL is refused at creation (and on PATCH) when it carries a
control character or credentials, or spells out an internal address that
deliveries would refuse anyway (AURA_WEBHOOK_ALLOWED_HOSTS still lifts it)."""

import pytest

from events.models import Webhook
from tests.conftest import ApiClient, assert_error

pytestmark = pytest.mark.django_db


def create(world, url, token=None):
    return ApiClient(token or world.alice_token).post("/v1/admin/webhooks", {"url": url})


@pytest.mark.parametrize("url", [
    "https://hooks.example.com/a\r\nX-Injected: 1",
    "https://hooks.example.com/a\nb",
    "https://hooks.example.com/a\tb",
    "https://hooks.exa\x00mple.com/a",
    "https://hooks.example.com/a b",
    "https://user:password@hooks.example.com/aura",
    "https://token@hooks.example.com/aura",
    "https://:pw@hooks.example.com/aura",
    "https://hooks.example.com:99999/aura",
])
def test_control_characters_and_credentials_are_refused(world, settings, url):
    settings.AURA_WEBHOOK_ALLOWED_HOSTS = []
    err = assert_error(create(world, url), 400, "validation_failed")
    assert set(err["fields"]) == {"url"} and err["message"].startswith("url:")
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("host, reason", [
    ("169.254.169.254", "metadata"), ("127.0.0.1", "loopback"), ("10.1.2.3", "private"),
    ("192.168.0.10", "private"), ("172.16.5.5", "private"), ("169.254.3.3", "link-local"),
    ("0.0.0.0", "unspecified"), ("100.64.0.1", "carrier-grade NAT"), ("[::1]", "loopback"),
    ("[fe80::1]", "link-local"), ("[::ffff:169.254.169.254]", "metadata"), ("[fd00:ec2::254]", "metadata"),
    ("2130706433", "loopback"), ("0x7f.1", "loopback"), ("0177.0.0.1", "loopback"), ("127.1", "loopback"),
])
def test_internal_ip_literals_are_refused_at_creation(world, settings, host, reason):
    settings.AURA_WEBHOOK_ALLOWED_HOSTS = []
    err = assert_error(create(world, f"http://{host}:8080/hook"), 400, "validation_failed")
    assert set(err["fields"]) == {"url"} and reason in err["fields"]["url"], err
    assert "AURA_WEBHOOK_ALLOWED_HOSTS" in err["fields"]["url"]
    assert not Webhook.objects.exists()


def test_a_patch_to_an_internal_literal_is_refused(world, settings):
    settings.AURA_WEBHOOK_ALLOWED_HOSTS = []
    r = create(world, "https://hooks.example.com/aura")
    assert r.status_code == 201, r.content
    hook_id = r.json()["id"]
    r = ApiClient(world.alice_token).patch(f"/v1/admin/webhooks/{hook_id}", {"url": "http://169.254.169.254/x"})
    assert_error(r, 400, "validation_failed")
    assert Webhook.objects.get().url == "https://hooks.example.com/aura"


@pytest.mark.parametrize("allowed, url", [
    (["127.0.0.1"], "http://127.0.0.1:9000/hook"),
    (["10.20.0.0/16"], "http://10.20.3.4/hook"),
    (["::1"], "http://[::1]:9000/hook"),
])
def test_the_allow_list_lifts_the_refusal(world, settings, allowed, url):
    settings.AURA_WEBHOOK_ALLOWED_HOSTS = allowed
    assert create(world, url).status_code == 201


@pytest.mark.parametrize("url", [
    "https://hooks.example.com/aura", "http://8.8.8.8/hook", "https://[2606:4700::1111]/x",
    "https://internal.example/x",  # a name: checked on what it resolves to, at delivery
    "https://hooks.example.com/path@with-at",
])
def test_public_and_named_targets_are_accepted(world, settings, url):
    settings.AURA_WEBHOOK_ALLOWED_HOSTS = []
    r = create(world, url)
    assert r.status_code == 201, r.content
