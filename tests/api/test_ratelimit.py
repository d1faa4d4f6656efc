"""Rate limits: headers counting down, 429 with Retry-After from the window
that refused, team and token overrides, separate budgets, one budget shared
by two processes through Redis, and the deploy check that wants Redis."""

import json
import subprocess
import sys
import time
import zlib
from unittest import mock

import pytest
from django.test import Client, override_settings

from accounts.models import Token
from tests.conftest import (
    ALL, BASE_DIR, ApiClient, assert_error, make_member, make_token, need_redis, run_manage, subprocess_env, token_row,
)

pytestmark = pytest.mark.django_db


class Clock:
    """time.time() for the rate limiter, under the test's control."""

    def __init__(self, now):
        self.now = float(now)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


def start_for(rate_key, seconds_left=30):
    """An epoch second at which ``rate_key``'s minute window has exactly
    ``seconds_left`` to run (django-ratelimit staggers windows per key)."""
    offset = zlib.crc32(rate_key.encode()) % 60
    base = 1_800_000_000 - 1_800_000_000 % 60
    return base + (offset - seconds_left) % 60


@pytest.fixture
def clock():
    c = Clock(0)
    with mock.patch("time.time", c):
        yield c


def limited(settings, per_minute, per_second):
    settings.AURA_RATE_LIMIT_PER_MINUTE = per_minute
    settings.AURA_RATE_LIMIT_PER_SECOND = per_second


def key_of(raw):
    return f"tok:{token_row(raw).pk}"


@pytest.fixture(params=["local memory", "redis"])
def counters(request, settings):
    """The counters in local memory (django-ratelimit's get_usage) or in Redis
    (both windows in one script, aura_site.cache.count_windows): the same answers."""
    if request.param == "redis":
        url = need_redis()
        import redis

        redis.Redis.from_url(url).flushdb()  # the suite's own Redis database: no counts from an earlier run
        settings.CACHES = {"default": {"BACKEND": "aura_site.cache.RedisCache", "LOCATION": url}}
    return request.param


# --- headers and 429 -------------------------------------------------------------------------------


def test_headers_count_down_then_429_from_the_minute_window(api, world, settings, clock, counters):
    limited(settings, 5, 100)
    clock.now = start_for(key_of(world.bob_token), seconds_left=30) + 0.4
    reset = int(clock.now) + 31  # the first second of the next window
    client = api(world.bob_token)
    remaining = []
    for _ in range(5):
        r = client.get("/v1/status")
        assert r.status_code == 200
        assert r["X-RateLimit-Limit"] == "5"
        assert r["X-RateLimit-Reset"] == str(reset)
        remaining.append(r["X-RateLimit-Remaining"])
    assert remaining == ["4", "3", "2", "1", "0"]

    r = client.get("/v1/status")
    err = assert_error(r, 429, "rate_limited")
    assert "minute" in err["message"]
    assert r["Retry-After"] == "31"
    assert (r["X-RateLimit-Limit"], r["X-RateLimit-Remaining"]) == ("5", "0")

    clock.advance(30)
    r = client.get("/v1/team/members")
    assert r.status_code == 429 and r["Retry-After"] == "1"
    clock.now = reset  # exactly Retry-After later: served
    r = client.get("/v1/status")
    assert r.status_code == 200 and r["X-RateLimit-Remaining"] == "4"
    assert r["X-RateLimit-Reset"] == str(reset + 60)


def test_burst_refusal_says_retry_after_one_second(api, world, settings, clock, counters):
    limited(settings, 100, 3)
    clock.now = start_for(key_of(world.bob_token))
    client = api(world.bob_token)
    assert [client.get("/v1/status").status_code for _ in range(3)] == [200, 200, 200]
    r = client.get("/v1/status")
    err = assert_error(r, 429, "rate_limited")
    assert "second" in err["message"]
    assert r["Retry-After"] == "1"
    # The headers still describe the minute window.
    assert (r["X-RateLimit-Limit"], r["X-RateLimit-Remaining"]) == ("100", "96")
    clock.advance(1)
    assert client.get("/v1/status").status_code == 200


def test_writes_and_errors_count_and_carry_headers(api, world, settings, clock):
    limited(settings, 10, 100)
    clock.now = start_for(key_of(world.alice_token))
    client = api(world.alice_token)
    answers = [
        client.post("/v1/admin/members", {"name": "newbie"}),
        client.get("/v1/admin/members/mem_nope"),
        client.delete("/v1/status"),
        client.post("/v1/admin/members", raw="{"),
        api(world.bob_token).get("/v1/admin/members"),
    ]
    assert [r.status_code for r in answers] == [201, 404, 405, 400, 403]
    assert [r["X-RateLimit-Remaining"] for r in answers[:4]] == ["9", "8", "7", "6"]
    assert answers[4]["X-RateLimit-Remaining"] == "9"  # bob's own budget
    unauthenticated = api().get("/v1/status")
    assert unauthenticated.status_code == 401 and not unauthenticated.has_header("X-RateLimit-Limit")


# --- overrides ---------------------------------------------------------------------------------------------


def test_team_override(api, world, settings, clock):
    limited(settings, 60, 10)
    world.acme.rate_limit_per_minute = 3
    world.acme.save()
    clock.now = start_for(key_of(world.bob_token))
    client = api(world.bob_token)
    assert [client.get("/v1/status")["X-RateLimit-Limit"] for _ in range(3)] == ["3"] * 3
    assert client.get("/v1/status").status_code == 429
    # globex keeps the server default.
    assert api(world.gina_token).get("/v1/status")["X-RateLimit-Limit"] == "60"


def test_team_burst_override(api, world, settings, clock):
    limited(settings, 60, 10)
    world.acme.rate_limit_per_second = 2
    world.acme.save()
    clock.now = start_for(key_of(world.bob_token))
    client = api(world.bob_token)
    assert [client.get("/v1/status").status_code for _ in range(3)] == [200, 200, 429]


def test_token_override_beats_the_team(api, world, settings, clock):
    limited(settings, 60, 10)
    world.acme.rate_limit_per_minute = 3
    world.acme.save()
    raw = make_token(world.bob, ["read_intents"], per_minute=7, per_second=2)
    clock.now = start_for(key_of(raw))
    client = api(raw)
    assert client.get("/v1/status")["X-RateLimit-Limit"] == "7"
    r = client.get("/v1/status")
    assert r.status_code == 200
    r = client.get("/v1/status")
    assert_error(r, 429, "rate_limited")
    assert r["Retry-After"] == "1"  # the token's burst of 2 refused


def test_the_strictest_team_of_a_two_team_token(api, world, settings):
    limited(settings, 60, 10)
    make_member(world.globex, "bob")
    world.acme.rate_limit_per_minute = 40
    world.acme.save()
    world.globex.rate_limit_per_minute = 25
    world.globex.save()
    raw = make_token(world.bob, ["read_intents"], teams=[world.acme, world.globex])
    assert api(raw).get("/v1/status")["X-RateLimit-Limit"] == "25"


# --- whose budget ------------------------------------------------------------------------------------------


def test_each_token_has_its_own_budget(api, world, settings, clock):
    limited(settings, 2, 100)
    second_token = make_token(world.alice, ALL)
    clock.now = start_for(key_of(world.alice_token))
    first = api(world.alice_token)
    first.get("/v1/status")
    first.get("/v1/status")
    assert first.get("/v1/status").status_code == 429
    assert api(second_token).get("/v1/status").status_code == 200
    assert api(world.bob_token).get("/v1/status").status_code == 200


def test_a_session_is_limited_per_user(world, settings, clock):
    settings.AURA_SESSION_RATE_LIMIT_PER_MINUTE = 2
    settings.AURA_SESSION_RATE_LIMIT_PER_SECOND = 100
    world.bob.user.set_password("bob-password-1")
    world.bob.user.save()
    clock.now = start_for(f"user:{world.bob.user.pk}")
    browsers = [Client(), Client()]
    for browser in browsers:
        assert browser.login(username="bob", password="bob-password-1")
    a, b = (ApiClient(client=c) for c in browsers)
    assert a.get("/v1/status")["X-RateLimit-Remaining"] == "1"
    assert b.get("/v1/status")["X-RateLimit-Remaining"] == "0"  # the same member's budget
    assert_error(a.get("/v1/status"), 429, "rate_limited")
    # The same user's token is counted apart from the session.
    assert api_status(world.bob_token) == 200


def test_sessions_have_a_budget_of_their_own(world, settings, clock):
    """A page loads several resources at once: the session budget, not the
    tokens' default (nor the team's), decides; the tokens keep theirs."""
    limited(settings, 2, 1)
    world.bob.team.rate_limit_per_minute = 1
    world.bob.team.save()
    settings.AURA_SESSION_RATE_LIMIT_PER_MINUTE = 600
    settings.AURA_SESSION_RATE_LIMIT_PER_SECOND = 30
    world.bob.user.set_password("bob-password-1")
    world.bob.user.save()
    clock.now = start_for(f"user:{world.bob.user.pk}")
    browser = Client()
    assert browser.login(username="bob", password="bob-password-1")
    session = ApiClient(client=browser)
    for n in range(30):
        r = session.get("/v1/status")
        assert r.status_code == 200, (n, r.content)
        assert r["X-RateLimit-Limit"] == "600"
    assert r["X-RateLimit-Remaining"] == "570"
    # The 31st in the same second is past the session burst.
    r = session.get("/v1/status")
    assert_error(r, 429, "rate_limited")
    assert "30 requests in a second" in r.json()["error"]["message"]
    # A token of the same user still has the (team's) token budget.
    r = ApiClient(world.bob_token).get("/v1/status")
    assert r.status_code == 200 and r["X-RateLimit-Limit"] == "1"


def api_status(raw):
    return ApiClient(raw).get("/v1/status").status_code


def test_local_mode_has_no_limits(api, world, settings):
    limited(settings, 1, 1)
    settings.AURA_MODE = "local"
    client = api(world.bob_token)
    for _ in range(3):
        r = client.get("/v1/team/members")
        assert r.status_code == 200 and not r.has_header("X-RateLimit-Limit")


def test_unreachable_counters_fail_open(api, world, settings, caplog):
    limited(settings, 1, 1)
    dead = {"default": {"BACKEND": "aura_site.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=dead):
        client = api(world.bob_token)
        for _ in range(3):
            before = int(time.time())
            r = client.get("/v1/status")
            # Served uncounted; the headers describe the whole budget of a fresh window.
            assert r.status_code == 200
            assert r["X-RateLimit-Limit"] == "1" and r["X-RateLimit-Remaining"] == "1"
            assert before + 60 <= int(r["X-RateLimit-Reset"]) <= int(time.time()) + 60
    assert "rate-limit counters unavailable" in caplog.text


# --- one budget across processes, through Redis -------------------------------------------------------------

CONSUMER = """
import json, django
django.setup()
from types import SimpleNamespace
from django.test import RequestFactory
from aura_site.api import errors, ratelimit
token = SimpleNamespace(pk={pk!r}, rate_limit_per_minute={limit}, rate_limit_per_second=1000)
principal = SimpleNamespace(members={{}}, token=token, local_owner=False, rate_key="tok:" + token.pk)
ok = refused = 0
for _ in range({attempts}):
    try:
        ratelimit.check(RequestFactory().get("/v1/status"), principal)
        ok += 1
    except errors.RateLimited:
        refused += 1
print(json.dumps({{"ok": ok, "refused": refused}}))
"""


def _seconds_left_in_minute_window(rate_key):
    now = int(time.time())
    window = now - now % 60 + zlib.crc32(rate_key.encode()) % 60
    if window < now:
        window += 60
    return window - now


@pytest.mark.redis
def test_two_processes_share_one_budget_through_redis(api, world, settings, tmp_path):
    redis_url = need_redis()
    limit = 10
    # Both processes and the last request must fall in one minute window:
    # take a token whose (per-key staggered) window has 30 s or more to run.
    for _ in range(50):
        raw = make_token(world.bob, ["read_intents"], per_minute=limit)
        pk = token_row(raw).pk
        if _seconds_left_in_minute_window(f"tok:{pk}") >= 30:
            break
    else:
        pytest.fail("no token with a long enough window left")

    env = subprocess_env(tmp_path, REDIS_URL=redis_url)
    code = CONSUMER.format(pk=pk, limit=limit, attempts=8)
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, cwd=BASE_DIR, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    assert sum(o["ok"] for o in outcomes) == limit, outcomes  # 16 tries, one budget of 10
    assert sum(o["refused"] for o in outcomes) == 6

    # This process, on the same Redis, finds the budget spent too.
    settings.CACHES = {"default": {"BACKEND": "aura_site.cache.RedisCache", "LOCATION": redis_url}}
    r = api(raw).get("/v1/status")
    assert_error(r, 429, "rate_limited")
    assert r["X-RateLimit-Remaining"] == "0" and 1 <= int(r["Retry-After"]) <= 60


@pytest.mark.redis
def test_settings_use_redis_for_the_cache_when_redis_url_is_set(tmp_path):
    redis_url = need_redis()
    code = "import django; django.setup(); from django.conf import settings; " \
           "print(settings.CACHES['default']['BACKEND'], settings.CHANNEL_LAYERS['default']['BACKEND'])"
    from tests.conftest import run_python

    done = run_python(code, env=subprocess_env(tmp_path, REDIS_URL=redis_url))
    assert done.stdout.split() == ["aura_site.cache.RedisCache",
                                   "channels_redis.pubsub.RedisPubSubChannelLayer"], done.stderr
    done = run_python(code, env=subprocess_env(tmp_path))
    assert done.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache",
                                   "channels.layers.InMemoryChannelLayer"], done.stderr


# --- the deploy check -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "env, warned",
    [
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/aura"}, True),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/aura", "REDIS_URL": "redis://127.0.0.1:6379/15"}, False),
        ({}, False),  # the embedded default: one process, local memory is right
    ],
)
def test_deploy_check_wants_redis_for_the_production_shape(tmp_path, env, warned):
    done = run_manage("check", "--deploy", env=subprocess_env(tmp_path, **env))
    assert done.returncode == 0, done.stderr
    assert ("aura.W001" in done.stderr) is warned, done.stderr
    if warned:
        assert "REDIS_URL" in done.stderr
        # Not a deploy-time check: plain `check` stays quiet about it.
        assert "aura.W001" not in run_manage("check", env=subprocess_env(tmp_path, **env)).stderr


def test_the_redis_cache_keeps_one_client_per_pool():
    """aura_site.cache: Django's Redis cache made a Redis client (and its
    table of response callbacks) per operation; ours keeps one per pool."""
    from tests.conftest import need_redis

    url = need_redis()
    from aura_site.cache import RedisCache

    cache = RedisCache(url, {})
    key = f"aura-test-{time.time_ns()}"
    cache.set(key, 1, 30)
    assert cache.get(key) == 1 and cache.incr(key) == 2 and cache.get(key) == 2
    client = cache._cache
    assert client.get_client(write=True) is client.get_client(write=True)
    assert client.get_client(key, write=False) is client.get_client(key, write=False)
    cache.delete(key)
    assert cache.get(key) is None


def test_the_redis_cache_increments_in_one_atomic_round_trip():
    """``incr`` is one script: it never resurrects an expired counter without
    an expiry (Django's EXISTS-then-INCRBY could), and a missing key is a
    ValueError as Django's caches have it."""
    from tests.conftest import need_redis

    url = need_redis()
    from aura_site.cache import RedisCache

    cache = RedisCache(url, {})
    key = f"aura-test-{time.time_ns()}"
    with pytest.raises(ValueError):
        cache.incr(key)
    assert cache.get(key) is None  # not created by the failed increment
    assert cache.add(key, 1, 30) and not cache.add(key, 1, 30)
    client = cache._cache.get_client(write=True)
    sent = []
    real = client.execute_command

    def counting(*args, **kwargs):
        sent.append(args[0])
        return real(*args, **kwargs)

    client.execute_command = counting
    try:
        assert cache.incr(key) == 2 and cache.incr(key, 5) == 7
    finally:
        del client.execute_command
    assert sent == ["EVALSHA", "EVALSHA"]  # one round trip each
    full_key = cache.make_and_validate_key(key)
    assert 0 < client.ttl(full_key) <= 30  # the window keeps its expiry
    cache.delete(key)


def test_the_redis_cache_counts_both_windows_in_one_round_trip():
    """``count_windows``: one script for every window; a new counter gets its
    window's expiry, a counting one keeps it."""
    from tests.conftest import need_redis

    url = need_redis()
    from aura_site.cache import RedisCache

    cache = RedisCache(url, {})
    minute, second = f"aura-test-m-{time.time_ns()}", f"aura-test-s-{time.time_ns()}"
    client = cache._cache.get_client(write=True)
    sent = []
    real = client.execute_command

    def counting(*args, **kwargs):
        sent.append(args[0])
        return real(*args, **kwargs)

    client.execute_command = counting
    try:
        assert cache.count_windows([(minute, 65), (second, 6)]) == [1, 1]
        assert cache.count_windows([(minute, 65), (second, 6)]) == [2, 2]
    finally:
        del client.execute_command
    assert sent in (["EVALSHA", "EVALSHA"], ["EVALSHA", "EVAL", "EVALSHA"])  # one round trip each (after loading)
    assert 60 < client.ttl(cache.make_and_validate_key(minute)) <= 65
    assert 0 < client.ttl(cache.make_and_validate_key(second)) <= 6
    assert cache.get(minute) == 2  # Django's cache reads the same counter
    cache.delete_many([minute, second])


def test_the_redis_cache_renews_many_expiries_in_one_round_trip():
    """``touch_many`` (the event streams' slot leases at each heartbeat): one
    script for every key, each key's expiry set, missing keys not created."""
    from tests.conftest import need_redis

    url = need_redis()
    from aura_site.cache import RedisCache

    cache = RedisCache(url, {})
    stamp = time.time_ns()
    keys = [f"aura-test-{stamp}-{i}" for i in range(5)]
    for key in keys[:4]:
        cache.set(key, 1, 10)
    assert cache.touch_many(keys[4:], 300) == 0  # loads the script into Redis once
    client = cache._cache.get_client(write=True)
    sent = []
    real = client.execute_command

    def counting(*args, **kwargs):
        sent.append(args[0])
        return real(*args, **kwargs)

    client.execute_command = counting
    try:
        assert cache.touch_many(keys, 300) == 4
    finally:
        del client.execute_command
    assert sent == ["EVALSHA"]  # one round trip
    for key in keys[:4]:
        assert 10 < client.ttl(cache.make_and_validate_key(key)) <= 300
    assert cache.get(keys[4]) is None
    assert cache.touch_many([], 300) == 0
    cache.delete_many(keys)
