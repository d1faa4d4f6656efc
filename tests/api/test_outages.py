"""Outages of the production shape's services: gunicorn (REST) and daphne
(/v1/events) against a throwaway PostgreSQL that is stopped and restarted,
and a throwaway Redis that goes away.

- The database down: 503 ``service_unavailable`` with Retry-After within the
  pool's timeout (5 s), never a 500 nor a request hanging longer.
- The database back: no request sees a connection that died with it (the
  pool checks each one), and event streams reopen at once.
- Redis down: REST is served (with the fail-open rate-limit headers), open
  streams keep flowing, and a new stream opens (its slot uncounted).
"""

import http.client
import json
import time

import pytest

from events import testing
from tests.conftest import run_manage, run_python
from tests.services import Postgres, Redis

pytestmark = pytest.mark.slow

SEED = """
import django
django.setup()
from accounts import provisioning, scopes
team = provisioning.create_team("ops")
member = provisioning.add_member(team, "ada", role="admin")
token, raw = provisioning.create_token(member.user, [team], list(scopes.ALL_SCOPES))
print(raw)
"""


def seeded(database_url, tmp_path):
    env = testing.server_env(database_url, AURA_VAR_DIR=tmp_path, REDIS_URL=None)
    done = run_manage("migrate", "-v0", env=env)
    assert done.returncode == 0, done.stderr
    done = run_python(SEED, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    server = Postgres().start()
    try:
        url = server.createdb("aura")
        server.token = seeded(url, tmp_path_factory.mktemp("seed"))
        server.aura_url = url
        yield server
    finally:
        server.remove()


@pytest.fixture
def pg_up(pg):
    """The throwaway PostgreSQL, running (and running again after the test)."""
    if not _answers(pg):
        pg.start()
    yield pg
    if not _answers(pg):
        pg.start()


def _answers(pg):
    import socket

    try:
        with socket.create_connection(("127.0.0.1", pg.port), timeout=0.2):
            return True
    except OSError:
        return False


def get(server, path, token, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def post_message(server, token, text):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(
            "POST", "/v1/messages", body=json.dumps({"body": text}),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        response = conn.getresponse()
        assert response.status == 201, response.read()[:300]
        response.read()
    finally:
        conn.close()


def assert_unavailable(status, headers, body):
    assert status == 503, (status, body[:300])
    assert headers["content-type"].startswith("application/json")
    err = json.loads(body)["error"]
    assert err["code"] == "service_unavailable" and err["request_id"] == headers["x-request-id"]
    assert err["message"] and err["hint"]
    assert headers["retry-after"] == "5"


def server_for(pg, tmp_path, kind, **env):
    log = tmp_path / f"{kind}.log"
    env = {"AURA_VAR_DIR": tmp_path, "REDIS_URL": None, **env}
    return testing.Server(testing.server_env(pg.aura_url, **env), kind=kind, workers=1, log_path=log)


def test_rest_answers_503_while_the_database_is_down_and_recovers_at_once(pg_up, tmp_path):
    pg = pg_up
    with server_for(pg, tmp_path, "gunicorn") as server:
        assert get(server, "/v1/status", pg.token)[0] == 200
        pg.stop()
        started = time.monotonic()
        assert_unavailable(*get(server, "/v1/status", pg.token))
        assert time.monotonic() - started < 8  # the pool's 5 s, not longer
        pg.start()
        for _ in range(3):
            status, _, body = get(server, "/v1/status", pg.token)
            assert status == 200, body[:300]
        # Restarted between two requests: the worker's pooled connection died
        # with the old server; the pool's check throws it away unseen.
        pg.stop()
        pg.start()
        for _ in range(3):
            status, _, body = get(server, "/v1/status", pg.token)
            assert status == 200, body[:300]


def test_streams_answer_503_while_the_database_is_down_and_reopen_as_soon_as_it_answers(pg_up, tmp_path):
    pg = pg_up
    with server_for(pg, tmp_path, "daphne", AURA_EVENT_HEARTBEAT_SECONDS=1) as server:
        first = testing.SSEClient(server.port, pg.token)
        assert first.status == 200
        first.close()
        held = testing.SSEClient(server.port, pg.token, timeout=60)  # open across the outage
        assert held.status == 200
        pg.stop()
        outage_ends = time.monotonic() + 12
        while time.monotonic() < outage_ends:
            refused = testing.SSEClient(server.port, pg.token, timeout=30)
            assert refused.status == 503, refused.json
            assert refused.json["error"]["code"] == "service_unavailable"
            assert refused.headers["retry-after"] == "5"
        pg.start()
        back = time.monotonic()
        while True:
            again = testing.SSEClient(server.port, pg.token, timeout=30)
            if again.status == 200:
                break
            assert again.status == 503, again.json
            assert time.monotonic() - back < 4, "streams did not reopen within 4 s of the database's return"
            time.sleep(0.2)
        assert time.monotonic() - back < 4
        again.close()
        # The stream held open through the outage delivers what is written now.
        post_message(server, pg.token, "the database is back")
        frame = held.next(timeout=10)
        assert frame["event"] == "message.posted" and frame["json"]["data"]["body"] == "the database is back"
        held.close()


# --- Redis ------------------------------------------------------------------------------------------------

@pytest.fixture
def redis_server():
    server = Redis().start()
    yield server
    server.stop()


def test_redis_down_rest_and_streams_go_on(pg_up, redis_server, tmp_path):
    pg = pg_up
    env = dict(REDIS_URL=redis_server.url, AURA_EVENT_HEARTBEAT_SECONDS=1, AURA_EVENT_REREAD_SECONDS=0.2)
    rest = server_for(pg, tmp_path, "gunicorn", **env)
    events = server_for(pg, tmp_path, "daphne", **env)
    with rest, events:
        status, headers, _ = get(rest, "/v1/status", pg.token)
        assert status == 200 and "x-ratelimit-limit" in headers
        open_stream = testing.SSEClient(events.port, pg.token)
        assert open_stream.status == 200
        redis_server.stop()
        try:
            # REST: served, the rate-limit headers still there (the fail-open budget).
            status, headers, body = get(rest, "/v1/status", pg.token)
            assert status == 200, body[:300]
            assert headers["x-ratelimit-limit"] == headers["x-ratelimit-remaining"]
            assert int(headers["x-ratelimit-reset"]) >= int(time.time()) + 55
            # A write through REST reaches the open stream (the hub's re-read).
            post_message(rest, pg.token, "Redis is down; still here.")
            frame = open_stream.next(timeout=10)
            assert frame["event"] == "message.posted", frame
            # A new stream opens too (its slot uncounted, logged) and gets the next write.
            fresh = testing.SSEClient(events.port, pg.token)
            assert fresh.status == 200, fresh.json
            assert fresh.headers["x-ratelimit-limit"] == fresh.headers["x-ratelimit-remaining"]
            # Heartbeats go on.
            deadline = time.monotonic() + 5
            frame = {}
            while frame is not None and "comment" not in frame:
                frame = fresh.next(timeout=max(deadline - time.monotonic(), 0.01), skip_comments=False)
            assert frame is not None and frame["comment"] == "keep-alive"
            fresh.close()
        finally:
            open_stream.close()
