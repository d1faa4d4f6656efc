"""Idempotency-Key on POST/PATCH/DELETE: verbatim replay, reuse with another
request, in flight, lease takeover, what is not stored, expiry and purging,
and the concurrent race on PostgreSQL."""

import io
import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import close_old_connections
from django.utils import timezone

from accounts import provisioning
from accounts.models import Member
from aura_site.api import errors
from aura_site.api.models import IdempotencyRecord
from tests.conftest import ALL, assert_error, make_member, make_token, need_postgres

pytestmark = pytest.mark.django_db

_real_add_member = provisioning.add_member


def add(client, name="newbie", key="key-1", **extra):
    return client.post("/v1/admin/members", {"name": name, **extra}, headers={"Idempotency-Key": key})


class Died(BaseException):
    """Stands for a worker killed mid-request: nothing in the request path catches it."""


# --- replay -------------------------------------------------------------------------------------------------


def test_replay_is_byte_for_byte(api, world):
    client = api(world.alice_token)
    first = add(client, display_name="Newbie ünïcode")
    assert first.status_code == 201 and not first.has_header("Idempotent-Replayed")
    second = add(client, display_name="Newbie ünïcode")
    assert second.status_code == 201
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    assert second["Idempotent-Replayed"] == "true"
    assert second["X-Request-Id"] != first["X-Request-Id"]
    assert second["X-RateLimit-Limit"]
    assert Member.objects.filter(name="newbie").count() == 1


def test_replay_of_patch_and_of_an_empty_204(api, world):
    client = api(world.alice_token)
    patch = lambda: client.patch(f"/v1/admin/members/{world.bob.id}", {"role": "read-only"}, headers={"Idempotency-Key": "p"})  # noqa: E731
    first = patch()
    Member.objects.filter(pk=world.bob.pk).update(role="member")  # changed behind its back
    second = patch()
    assert (second.status_code, second.content, second["Idempotent-Replayed"]) == (200, first.content, "true")
    world.bob.refresh_from_db()
    assert world.bob.role == "member"  # the replay did not run the change again

    delete = lambda: client.delete(f"/v1/admin/members/{world.rita.id}", headers={"Idempotency-Key": "d"})  # noqa: E731
    first = delete()
    assert first.status_code == 204 and first.content == b"" and not first.has_header("Content-Type")
    second = delete()  # not a 404: the same answer as the first time
    assert second.status_code == 204 and second.content == b"" and second["Idempotent-Replayed"] == "true"
    assert not second.has_header("Content-Type")


def test_4xx_answers_are_stored_and_replayed(api, world):
    client = api(world.alice_token)
    first = add(client, name="not valid!")
    assert first.status_code == 400
    second = add(client, name="not valid!")
    assert (second.status_code, second.content, second["Idempotent-Replayed"]) == (400, first.content, "true")


def test_one_key_space_per_member_not_per_token(api, world):
    client = api(world.alice_token)
    first = add(client)
    other_token_same_member = api(make_token(world.alice, ALL))
    replay = add(other_token_same_member)
    assert replay["Idempotent-Replayed"] == "true" and replay.content == first.content
    # Another admin's identical key is their own.
    ann = make_member(world.acme, "ann", role="admin")
    r = add(api(make_token(ann, ALL)), name="other")
    assert r.status_code == 201 and not r.has_header("Idempotent-Replayed")
    assert Member.objects.filter(name__in=["newbie", "other"]).count() == 2


def test_reuse_with_another_request_is_422(api, world):
    client = api(world.alice_token)
    add(client)
    for r in (
        add(client, name="different"),
        add(client, display_name="a body change"),
        client.post("/v1/admin/members?team=acme", {"name": "newbie"}, headers={"Idempotency-Key": "key-1"}),
        client.patch(f"/v1/admin/members/{world.bob.id}", {"name": "newbie"}, headers={"Idempotency-Key": "key-1"}),
        client.post("/v1/admin/tokens", {"name": "newbie"}, headers={"Idempotency-Key": "key-1"}),
    ):
        err = assert_error(r, 422, "idempotency_key_reused")
        assert err["hint"]
    assert not Member.objects.filter(name="different").exists()
    world.bob.refresh_from_db()
    assert world.bob.name == "bob"


@pytest.mark.parametrize("key, status", [("x" * 255, 201), ("x" * 256, 400), ("   ", 400)])
def test_key_length(api, world, key, status):
    r = add(api(world.alice_token), key=key)
    assert r.status_code == status
    if status == 400:
        assert assert_error(r, 400, "invalid_parameter")["message"].startswith("Idempotency-Key")


def test_safe_methods_ignore_the_key(api, world):
    client = api(world.alice_token)
    r = client.get("/v1/team/members", headers={"Idempotency-Key": "g"})
    assert r.status_code == 200 and not r.has_header("Idempotent-Replayed")
    assert not IdempotencyRecord.objects.exists()


# --- in flight, lease takeover ---------------------------------------------------------------------------------


def _die_midway(*args, **kwargs):
    raise Died()


def test_in_flight_then_lease_takeover(api, world):
    client = api(world.alice_token)
    with mock.patch("accounts.provisioning.add_member", side_effect=_die_midway), pytest.raises(Died):
        add(client)
    record = IdempotencyRecord.objects.get(key="key-1")
    assert record.state == "running"

    # The first request still holds its 60 s lease.
    r = add(client)
    assert_error(r, 409, "idempotency_in_progress")
    assert r["Retry-After"] == "1"
    later = timezone.now() + timedelta(seconds=59)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert_error(add(client), 409, "idempotency_in_progress")
    assert not Member.objects.filter(name="newbie").exists()

    # Past the lease, the key is taken over: the work runs once.
    later = record.locked_at + timedelta(seconds=61)
    with mock.patch("django.utils.timezone.now", return_value=later):
        taken = add(client)
        assert taken.status_code == 201 and not taken.has_header("Idempotent-Replayed")
        replay = add(client)
    assert replay.content == taken.content and replay["Idempotent-Replayed"] == "true"
    assert Member.objects.filter(name="newbie").count() == 1


# --- not stored: 5xx and 429 -----------------------------------------------------------------------------------


def test_5xx_is_not_stored(api, world):
    client = api(world.alice_token)

    def half_then_fail(*args, **kwargs):
        _real_add_member(*args, **kwargs)
        raise RuntimeError("disk full")

    with mock.patch("accounts.provisioning.add_member", side_effect=half_then_fail):
        assert_error(add(client), 500, "internal_error")
    assert not IdempotencyRecord.objects.exists()
    assert not Member.objects.filter(name="newbie").exists()
    r = add(client)
    assert r.status_code == 201 and not r.has_header("Idempotent-Replayed")


def test_429_from_the_handler_is_not_stored(api, world):
    client = api(world.alice_token)
    with mock.patch("accounts.provisioning.add_member", side_effect=errors.RateLimited(headers={"Retry-After": "3"})):
        r = add(client)
    assert_error(r, 429, "rate_limited")
    assert not IdempotencyRecord.objects.exists()
    assert add(client).status_code == 201


def test_429_from_the_rate_limit_is_not_stored(api, world, settings):
    settings.AURA_RATE_LIMIT_PER_MINUTE = 1
    client = api(world.alice_token)
    assert client.get("/v1/status").status_code == 200  # the minute's budget is spent
    assert_error(add(client), 429, "rate_limited")
    settings.AURA_RATE_LIMIT_PER_MINUTE = 100
    r = add(client)
    assert r.status_code == 201 and not r.has_header("Idempotent-Replayed")


# --- expiry and purging -----------------------------------------------------------------------------------------


def _aged(key, hours, owner=None):
    return IdempotencyRecord.objects.create(
        owner=owner or "user:0", key=key, fingerprint="f" * 64, state="done", status_code=201,
        headers={"Content-Type": "application/json"}, body=b'{"old": true}',
        created_at=timezone.now() - timedelta(hours=hours), locked_at=timezone.now() - timedelta(hours=hours),
    )


def test_an_expired_key_starts_a_new_life(api, world):
    client = api(world.alice_token)
    add(client)
    IdempotencyRecord.objects.filter(key="key-1").update(created_at=timezone.now() - timedelta(hours=24, seconds=1))
    r = add(client, name="second-life")  # another body: no 422, the old answer is gone
    assert r.status_code == 201 and not r.has_header("Idempotent-Replayed")
    assert r.json()["name"] == "second-life"


def test_purge_command(db):
    _aged("old-1", 25)
    _aged("old-2", 24.01)
    _aged("fresh", 23)
    out = io.StringIO()
    call_command("purge_idempotency", stdout=out)
    assert out.getvalue().strip() == "purged 2 expired idempotency record(s)"
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["fresh"]


def test_expired_records_are_purged_lazily(api, world):
    _aged("old", 30)
    _aged("fresh", 1)
    add(api(world.alice_token), key="new")
    assert set(IdempotencyRecord.objects.values_list("key", flat=True)) == {"fresh", "new"}
    # At most once per period: a second expired record waits for the next one.
    _aged("old-again", 30)
    add(api(world.alice_token), name="another", key="newer")
    assert IdempotencyRecord.objects.filter(key="old-again").exists()


# --- the concurrent race ------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_create_exactly_one_member(api, world):
    need_postgres()
    barrier = threading.Barrier(2)
    results, failures = [], []

    def slow_add_member(*args, **kwargs):
        time.sleep(0.5)  # the first request is still running when the second arrives
        return _real_add_member(*args, **kwargs)

    def racer():
        try:
            client = api(world.alice_token)
            barrier.wait(10)
            results.append(add(client, name="racer", key="race"))
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            close_old_connections()

    with mock.patch("accounts.provisioning.add_member", side_effect=slow_add_member):
        threads = [threading.Thread(target=racer) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert not failures, failures
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201, 409], [r.content for r in results]
    assert Member.objects.filter(name="racer").count() == 1
    winner = next(r for r in results if r.status_code == 201)
    replay = add(api(world.alice_token), name="racer", key="race")
    assert replay.content == winner.content and replay["Idempotent-Replayed"] == "true"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_concurrent_duplicates_without_delay(api, world):
    """No artificial delay: however the eight interleave, one member, and
    every answer is the 201, its replay, or a 409 while it ran."""
    need_postgres()
    barrier = threading.Barrier(8)
    results, failures = [], []

    def racer():
        try:
            client = api(world.alice_token)
            barrier.wait(10)
            results.append(add(client, name="crowd", key="crowd"))
        except Exception as exc:  # noqa: BLE001
            failures.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=racer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not failures, failures
    assert Member.objects.filter(name="crowd").count() == 1
    created = [r for r in results if r.status_code == 201]
    assert len([r for r in created if not r.has_header("Idempotent-Replayed")]) == 1
    assert {r.content for r in created} == {created[0].content}
    assert all(r.status_code in (201, 409) for r in results)


def test_an_unreachable_cache_does_not_break_idempotent_writes(api, world, settings):
    from django.test import override_settings

    settings.AURA_RATE_LIMIT_PER_MINUTE = 100
    dead = {"default": {"BACKEND": "aura_site.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=dead):
        client = api(world.alice_token)
        first = add(client)
        assert first.status_code == 201
        replay = add(client)
        assert replay["Idempotent-Replayed"] == "true" and replay.content == first.content


def test_a_method_the_endpoint_lacks_is_405_even_with_a_used_key(api, world):
    """The key is for the endpoint's own writes: an unsupported method is 405
    before any key is looked at (not 422 for a key used with another request)."""
    client = api(world.alice_token)
    assert add(client, key="used").status_code == 201
    for method in ("put", "delete"):
        r = getattr(client, method)("/v1/admin/members", {}, headers={"Idempotency-Key": "used"})
        assert r.status_code == 405, (method, r.content)
        assert r.json()["error"]["code"] == "method_not_allowed"
        assert "POST" in r["Allow"]
