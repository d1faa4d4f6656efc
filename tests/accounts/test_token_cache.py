"""The per-process token cache (accounts/tokencache.py): a token read once is
not read again while the authentication generation stands; every change a
lookup would read moves the generation when it commits, so the next request
in any process reads it again; a lost generation, an unreachable Redis, an
old entry or the embedded default's local memory mean reading the database.

The rows commit here (transactional tests): the generation moves only after
a commit, as in production."""

import uuid
from datetime import timedelta
from unittest import mock

import pytest
import redis
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from accounts import tokencache, tokens
from accounts.authentication import principal_from_header
from accounts.models import Member, Team, Token
from aura_site.api import errors
from tests.api.test_ratelimit import _seconds_left_in_minute_window
from tests.conftest import ALL, assert_error, make_member, make_team, make_token, need_redis, token_row

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared(settings):
    """The cache on Redis (the suite's own database, emptied), as with REDIS_URL."""
    url = need_redis()
    client = redis.Redis.from_url(url)
    client.flushdb()
    settings.CACHES = {"default": {"BACKEND": "aura_site.cache.RedisCache", "LOCATION": url}}
    settings.AURA_TOKEN_CACHE_SECONDS = 30
    # As any earlier request of the process would have: a generation read.
    tokencache.observe(caches["default"].generation(tokencache.GENERATION_KEY))
    yield client
    client.flushdb()


def token_reads(queries):
    """The token lookups among captured statements (the only statement that names a digest)."""
    return [q for q in queries if "digest" in q["sql"]]


def status(api, raw):
    with CaptureQueriesContext(connection) as ctx:
        response = api(raw).get("/v1/status")
    return response, token_reads(ctx.captured_queries)


def generation_now():
    return caches["default"].generation(tokencache.GENERATION_KEY)


def test_a_token_read_once_is_not_read_again(api, world, shared):
    first, reads = status(api, world.bob_token)
    assert first.status_code == 200 and len(reads) == 1
    for _ in range(3):
        again, reads = status(api, world.bob_token)
        assert again.status_code == 200 and reads == []
        assert again.json() == first.json()
        assert again["X-RateLimit-Limit"] == first["X-RateLimit-Limit"]
    # Every request was counted, the cached ones too.
    assert int(first["X-RateLimit-Remaining"]) - int(again["X-RateLimit-Remaining"]) == 3


def counting_redis():
    """The Redis commands sent while the block runs."""
    sent = []
    real = redis.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(args[0])
        return real(self, *args, **options)

    return sent, mock.patch.object(redis.Redis, "execute_command", counting)


def test_a_cached_request_costs_one_redis_round_trip_and_no_statement(api, world, shared):
    sent, counting = counting_redis()
    with counting:
        response, reads = status(api, world.bob_token)  # read and kept
    assert response.status_code == 200 and len(reads) == 1
    assert sent == ["EVALSHA"]  # a miss costs no more round trips than before the cache
    status(api, world.bob_token)  # use recorded (authentication.touch_members: once a minute)
    sent.clear()
    with counting, CaptureQueriesContext(connection) as ctx:
        response = api(world.bob_token).get("/v1/status")
    assert response.status_code == 200
    assert sent == ["EVALSHA"]  # the rate limit's count and the generation, together
    assert ctx.captured_queries == []


def test_the_first_request_of_a_process_is_not_kept(api, world, shared):
    # No generation read yet: nothing to stamp an entry with.
    tokencache.clear()
    assert [len(status(api, world.bob_token)[1]) for _ in range(3)] == [1, 1, 0]


def test_revoking_stops_the_next_request(api, world, shared):
    assert status(api, world.bob_token)[0].status_code == 200
    before = generation_now()
    pk = token_row(world.bob_token).pk
    r = api(world.alice_token).post(f"/v1/admin/tokens/{pk}/revoke")
    assert r.status_code == 200, r.content
    assert generation_now() != before
    response, reads = status(api, world.bob_token)
    assert_error(response, 401, "token_revoked")
    assert len(reads) == 1


def test_revoking_in_code_moves_the_generation_at_commit(api, world, shared):
    assert status(api, world.bob_token)[0].status_code == 200
    tokens.revoke(token_row(world.bob_token))  # as manage.py token revoke does
    assert_error(status(api, world.bob_token)[0], 401, "token_revoked")


def test_a_rotated_token_stops_after_its_grace(api, world, shared):
    assert status(api, world.bob_token)[0].status_code == 200
    new, raw = tokens.rotate(token_row(world.bob_token), grace=timedelta(seconds=60))
    assert status(api, world.bob_token)[0].status_code == 200  # in its grace
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(seconds=61)):
        assert_error(status(api, world.bob_token)[0], 401, "token_revoked")
    assert status(api, raw)[0].status_code == 200


def test_an_expiry_passing_needs_no_change(api, world, shared):
    _, raw = tokens.issue(world.bob.user, [world.acme], ALL, expires_at=timezone.now() + timedelta(seconds=30))
    for _ in range(2):  # the second is kept: the first read the generation the issue moved
        assert status(api, raw)[0].status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(seconds=31)):
        response, reads = status(api, raw)
    assert_error(response, 401, "token_expired")
    assert reads == []  # decided from the kept values: the clock moved, not the row


def test_a_role_change_is_seen_at_the_next_request(api, world, shared):
    assert api(world.bob_token).post("/v1/messages", {"body": "hi"}).status_code == 201
    member = Member.objects.get(team=world.acme, name="bob")
    r = api(world.alice_token).patch(f"/v1/admin/members/{member.pk}", {"role": "read-only"})
    assert r.status_code == 200, r.content
    assert_error(api(world.bob_token).post("/v1/messages", {"body": "hi"}), 403, "scope_missing")


def test_removal_from_the_team_is_seen_at_the_next_request(api, world, shared):
    assert status(api, world.bob_token)[0].status_code == 200
    Member.objects.filter(team=world.acme, name="bob").delete()
    assert_error(status(api, world.bob_token)[0], 401, "unauthorized")


def test_deactivating_the_user_is_seen_at_the_next_request(api, world, shared):
    assert status(api, world.bob_token)[0].status_code == 200
    user = world.bob.user
    user.is_active = False
    user.save()
    assert_error(status(api, world.bob_token)[0], 401, "token_revoked")


def test_a_team_limit_change_is_seen_at_the_next_request(api, world, shared):
    assert status(api, world.bob_token)[0]["X-RateLimit-Limit"] == "100000"
    team = Team.objects.get(pk=world.acme.pk)
    team.rate_limit_per_minute = 77
    team.save()
    assert status(api, world.bob_token)[0]["X-RateLimit-Limit"] == "77"


def test_a_use_only_save_moves_nothing(world, shared):
    before = generation_now()
    token = token_row(world.bob_token)
    token.last_used_at = timezone.now()
    token.save(update_fields=["last_used_at"])
    user = world.bob.user
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert generation_now() == before


def test_another_process_moving_the_generation_makes_this_one_read_again(api, world, shared):
    assert status(api, world.bob_token)[0].status_code == 200
    # Another process changed the row and moved the generation; this one heard nothing.
    Token.objects.filter(pk=token_row(world.bob_token).pk).update(revoked_at=timezone.now())
    assert status(api, world.bob_token)[1] == []  # not moved yet: still the kept values
    caches["default"].bump_generation(tokencache.GENERATION_KEY)
    response, reads = status(api, world.bob_token)
    assert_error(response, 401, "token_revoked")
    assert len(reads) == 1


def test_a_lost_generation_never_comes_back_to_an_old_value(api, world, shared):
    assert status(api, world.bob_token)[0].status_code == 200
    kept = generation_now()
    shared.flushdb()  # Redis restarted with nothing kept
    response, reads = status(api, world.bob_token)
    assert response.status_code == 200 and len(reads) == 1
    assert generation_now() != kept
    bumped = caches["default"].bump_generation(tokencache.GENERATION_KEY)
    assert int(bumped) == int(generation_now()) and int(bumped) > int(kept)


def test_unreachable_redis_empties_the_cache_and_reads_every_token(api, world, shared):
    assert status(api, world.bob_token)[0].status_code == 200
    assert tokencache._entries
    dead = {"default": {"BACKEND": "aura_site.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=dead):
        for _ in range(2):
            response, reads = status(api, world.bob_token)
            assert response.status_code == 200 and len(reads) == 1
        assert tokencache._entries == {} and tokencache.last_seen() is None


def test_an_old_entry_is_read_again(api, world, shared):
    assert status(api, world.bob_token)[0].status_code == 200
    later = tokencache.time.monotonic() + 31
    with mock.patch.object(tokencache.time, "monotonic", return_value=later):
        assert len(status(api, world.bob_token)[1]) == 1


def test_zero_seconds_turns_the_cache_off(api, world, shared, settings):
    settings.AURA_TOKEN_CACHE_SECONDS = 0
    for _ in range(2):
        assert len(status(api, world.bob_token)[1]) == 1


def test_local_memory_never_caches(api, world):
    # The embedded default: no shared generation, so no cache.
    assert not tokencache.enabled()
    for _ in range(2):
        assert len(status(api, world.bob_token)[1]) == 1


def test_each_request_gets_its_own_instances(world, shared):
    token, members = tokens.lookup_with_members(world.bob_token)
    entry = tokencache.Entry("1", token, members)
    (a, a_members), (b, b_members) = entry.build(), entry.build()
    assert a is not b and a.user is not b.user and a_members[0] is not b_members[0]
    a.scopes.append("everything")
    a.user.is_active = False
    a_members[0].role = "admin"
    assert "everything" not in b.scopes and b.user.is_active and b_members[0].role == members[0].role
    assert "everything" not in entry.build()[0].scopes


def test_a_malformed_or_unknown_token_is_never_kept(api, world, shared):
    for raw in ("not-a-token", "aura_abcdefgh_" + "x" * 40):
        assert_error(api(raw).get("/v1/status"), 401, "unauthorized")
    assert tokencache._entries == {}


# --- any order of changes: the cached answer is the database's ------------------------------------

OPS = st.lists(st.tuples(
    st.sampled_from(["request", "role", "remove", "readd", "deactivate", "activate", "revoke", "scopes",
                     "limit", "unbind"]),
    st.integers(min_value=0, max_value=2),
), min_size=1, max_size=12)


def _answer(header, request=None):
    """What authenticating says: the 401's code, or who and what they may do."""
    try:
        p = principal_from_header(header, request)
    except errors.ApiError as exc:
        return exc.code
    return (p.user.pk, p.token.pk, sorted((t, sorted(s)) for t, s in p.scopes.items()),
            sorted((m.pk, m.role, m.team.slug, m.team.rate_limit_per_minute) for m in p.members.values()),
            p.user.is_active, p.token.scopes)


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_order_of_changes_gives_the_databases_answer(shared, ops):
    tokencache.clear()
    suffix = uuid.uuid4().hex[:8]  # no user or team of an earlier example is reused
    team = make_team(f"prop-{suffix}")
    users, raws, names = [], [], [f"p{i}-{suffix}" for i in range(3)]
    for i in range(3):
        member = make_member(team, names[i], role="member")
        users.append(member.user)
        raws.append(make_token(member, ["read_intents", "write_messages"]))
    for op, i in ops:
        user, raw = users[i], raws[i]
        if op == "role":
            member = Member.objects.filter(user=user, team=team).first()
            if member is not None:
                member.role = "read-only" if member.role != "read-only" else "member"
                member.save()
        elif op == "remove":
            Member.objects.filter(user=user, team=team).delete()
        elif op == "readd" and not Member.objects.filter(user=user, team=team).exists():
            Member.objects.create(user=user, team=team, name=names[i], role="admin")
        elif op in ("deactivate", "activate"):
            u = get_user_model().objects.get(pk=user.pk)
            u.is_active = op == "activate"
            u.save()
        elif op == "revoke":
            token = token_row(raw)
            if token.revoked_at is None:
                tokens.revoke(token)
        elif op == "scopes":
            token = token_row(raw)
            token.scopes = ["read_intents"] if "write_messages" in token.scopes else ["read_intents", "write_messages"]
            token.save()
        elif op == "limit":
            t = Team.objects.get(pk=team.pk)
            t.rate_limit_per_minute = (t.rate_limit_per_minute or 0) + 1
            t.save()
        elif op == "unbind":
            token_row(raw).teams.clear()
        for r in raws:
            header = f"Bearer {r}"
            cached = _answer(header, HttpRequest())
            assert cached == _answer(header), (op, i)


# --- across processes: a live server on the same Redis --------------------------------------------


@pytest.fixture(scope="module")
def redis_server(live_db, tmp_path_factory):
    """daphne (REST and /mcp) with REDIS_URL: its token cache is on."""
    from events import testing

    url = need_redis()
    server = testing.Server(
        testing.server_env(live_db, REDIS_URL=url), log_path=tmp_path_factory.mktemp("logs") / "daphne.log",
    ).start()
    yield server, url
    server.stop()


@pytest.mark.slow
def test_a_server_process_keeps_tokens_until_another_process_revokes(live_db, redis_server, settings):
    import httpx

    server, url = redis_server
    settings.CACHES = {"default": {"BACKEND": "aura_site.cache.RedisCache", "LOCATION": url}}
    team = make_team(f"live-{Team.objects.count()}")
    member = make_member(team, "lee")
    for _ in range(50):  # the four counts must fall in one minute window
        raw = make_token(member, ALL)
        if _seconds_left_in_minute_window(f"tok:{token_row(raw).pk}") >= 20:
            break
    else:
        pytest.fail("no token with a long enough window left")
    auth = {"Authorization": f"Bearer {raw}"}
    mcp = {**auth, "Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    ping = '{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "aura_status", "arguments": {}}}'

    remaining = []
    for _ in range(2):
        r = httpx.get(f"{server.url}/v1/status", headers=auth, timeout=30)
        assert r.status_code == 200
        remaining.append(int(r.headers["x-ratelimit-remaining"]))
        r = httpx.post(f"{server.url}/mcp", headers=mcp, content=ping, timeout=30)
        assert r.status_code == 200, r.text
        remaining.append(int(r.headers["x-ratelimit-remaining"]))
    # One count per request, the kept token's and an /mcp tool's (its REST twin is not counted again).
    assert remaining == list(range(remaining[0], remaining[0] - 4, -1))

    tokens.revoke(token_row(raw))  # this process, as manage.py token revoke: commits, moves the generation
    r = httpx.get(f"{server.url}/v1/status", headers=auth, timeout=30)
    assert r.status_code == 401 and r.json()["error"]["code"] == "token_revoked"
    r = httpx.post(f"{server.url}/mcp", headers=mcp, content=ping, timeout=30)
    assert r.status_code == 401 and r.json()["error"]["code"] == "token_revoked"

