"""Request bodies over AURA_MAX_BODY_BYTES → 413 payload_too_large before
anything parses them, with Django's own upload limits aligned so that no
other error surfaces."""

import json
from unittest import mock

import pytest
from django.conf import settings as django_settings
from rest_framework.parsers import JSONParser

from accounts.models import Member
from tests.conftest import assert_error, run_python, subprocess_env

pytestmark = pytest.mark.django_db


def body_of_size(size, name="newbie"):
    """A valid member-creation body of exactly ``size`` bytes (JSON padded with spaces)."""
    skeleton = json.dumps({"name": name, "display_name": "Newbie"})
    pad = size - len(skeleton.encode())
    assert pad >= 0
    body = skeleton[:-1] + " " * pad + "}"
    assert len(body.encode()) == size
    return body


@pytest.fixture
def small(settings):
    settings.AURA_MAX_BODY_BYTES = 1000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # aligned, as settings.py does
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000
    return settings


def test_defaults_are_16_mib_and_aligned():
    assert django_settings.AURA_MAX_BODY_BYTES == 16 * 1024 * 1024
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == django_settings.AURA_MAX_BODY_BYTES
    # Bodies spool to disk past Django's default, so a large upload never sits in memory.
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    # Enough for a snapshot at its own limit, in base64.
    assert django_settings.AURA_MAX_BODY_BYTES >= django_settings.AURA_SNAPSHOT_MAX_BYTES * 4 / 3


def test_the_environment_moves_both_limits(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.AURA_MAX_BODY_BYTES, s.DATA_UPLOAD_MAX_MEMORY_SIZE)")
    done = run_python(code, env=subprocess_env(tmp_path, AURA_MAX_BODY_BYTES="1234"))
    assert done.stdout.split() == ["1234", "1234"], done.stderr


def test_over_the_limit_is_413_before_parsing(api, world, small):
    with mock.patch.object(JSONParser, "parse", side_effect=AssertionError("parsed")) as parse:
        r = api(world.alice_token).post("/v1/admin/members", raw=body_of_size(1001))
        err = assert_error(r, 413, "payload_too_large")
        assert "1000" in err["message"] and "AURA_MAX_BODY_BYTES" in err["hint"]
        # The same for anyone, before authentication, and for any method.
        assert_error(api().post("/v1/admin/members", raw=body_of_size(1001)), 413, "payload_too_large")
        assert_error(api(world.alice_token).patch(f"/v1/admin/members/{world.bob.id}", raw=body_of_size(5000)),
                     413, "payload_too_large")
        assert parse.call_count == 0
    assert not Member.objects.filter(name="newbie").exists()
    world.bob.refresh_from_db()
    assert world.bob.display_name == ""  # the PATCH did not happen either


def test_at_the_limit_is_served(api, world, small):
    r = api(world.alice_token).post("/v1/admin/members", raw=body_of_size(1000), headers={"Idempotency-Key": "k"})
    assert r.status_code == 201, r.content
    assert r.json()["display_name"] == "Newbie"


def test_a_lower_django_limit_still_answers_413(api, world, settings):
    """Misaligned by hand: Django's limit below ours refuses up front in the
    contract's shape, never as Django's own 400 or a 500."""
    settings.AURA_MAX_BODY_BYTES = 1000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 500
    r = api(world.alice_token).post("/v1/admin/members", raw=body_of_size(700), headers={"Idempotency-Key": "k"})
    err = assert_error(r, 413, "payload_too_large")
    assert "500" in err["message"]
    assert not Member.objects.filter(name="newbie").exists()


def test_djangos_own_refusal_is_a_413_wherever_it_trips(api, world, settings):
    # With the up-front check out of the way, reading the body for the
    # Idempotency-Key fingerprint trips Django's RequestDataTooBig.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 500
    with mock.patch("aura_site.api.middleware.max_body_bytes", return_value=10**9):
        r = api(world.alice_token).post("/v1/admin/members", raw=body_of_size(700), headers={"Idempotency-Key": "k"})
    assert_error(r, 413, "payload_too_large")
    assert not Member.objects.filter(name="newbie").exists()


def test_the_real_default_limit(api, world):
    limit = django_settings.AURA_MAX_BODY_BYTES
    with mock.patch.object(JSONParser, "parse", side_effect=AssertionError("parsed")):
        r = api(world.alice_token).post("/v1/admin/members", raw=b"{" + b" " * limit + b"}")
    assert_error(r, 413, "payload_too_large")


def test_an_unparseable_content_length_is_not_a_crash(world, small):
    from django.test import Client

    r = Client().generic("POST", "/v1/admin/members", b"{}", content_type="application/json",
                         headers={"Authorization": f"Bearer {world.alice_token}"}, CONTENT_LENGTH="lots")
    assert r.status_code in (400, 413) and r.json()["error"]["request_id"] == r["X-Request-Id"]
