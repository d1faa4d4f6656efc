"""GET /v1/events?subscribe=true against real daphne servers on free ports.

The servers share this process's database: the PostgreSQL test database when
the suite runs on PostgreSQL, else a migrated SQLite file."""

import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection

from accounts import tokens
from accounts.models import Token
from events import testing
from events.log import record, record_many
from events.models import Event
from tests.conftest import make_member, make_team, make_token, need_redis

# Every test commits (the servers must see the data) and is flushed afterwards.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def live(live_db):
    """The URL of the database this test writes to and the servers read."""
    assert connection.settings_dict["NAME"] in live_db
    return live_db


def start(live_db, tmp_path_factory, **env):
    log = tmp_path_factory.mktemp("logs") / "daphne.log"
    return testing.Server(testing.server_env(live_db, **env), log_path=log).start()


@pytest.fixture(scope="module")
def server(live_db, tmp_path_factory):
    """In-memory channel layer: writes from this process cannot wake it, so
    what arrives comes from the hub's re-read."""
    s = start(live_db, tmp_path_factory, AURA_EVENT_HEARTBEAT_SECONDS=1, AURA_EVENT_REREAD_SECONDS=1, REDIS_URL=None,
              AURA_CORS_ORIGINS="https://dash.example")
    yield s
    s.stop()


class Crew:
    def __init__(self):
        suffix = uuid.uuid4().hex[:8]
        self.team = make_team(f"t-{suffix}")
        self.other = make_team(f"o-{suffix}")
        self.admin = make_member(self.team, "ada", role="admin")
        self.bob = make_member(self.team, "bob")
        self.cy = make_member(self.team, "cy")
        self.outsider = make_member(self.other, "olga", role="admin")
        self.admin_token = make_token(self.admin)
        self.bob_token = make_token(self.bob)
        self.cy_token = make_token(self.cy)
        self.outsider_token = make_token(self.outsider)


@pytest.fixture
def crew(live):
    return Crew()


@pytest.fixture
def streams():
    opened = []

    def open_(*args, **kwargs):
        client = testing.SSEClient(*args, **kwargs)
        opened.append(client)
        return client

    yield open_
    for client in opened:
        client.close()


def emit(team, topic="intent.logged", data=None, **kw):
    return record(team, topic, data or {"summary": "x"}, **kw)


# --- opening -------------------------------------------------------------------------------
def test_live_delivery_through_the_one_second_re_read(server, crew, streams):
    s = streams(server.port, crew.bob_token)
    assert s.status == 200
    assert s.headers["content-type"].startswith("text/event-stream")
    assert s.headers["cache-control"] == "no-cache"
    assert s.headers["x-accel-buffering"] == "no"
    assert s.headers["x-request-id"].startswith("req_") and s.headers["x-aura-version"] == "0.1.0"
    assert s.next(3, skip_comments=False) == {"retry": "3000", "at": pytest.approx(time.time(), abs=5)}
    committed = time.time()
    event = emit(crew.team, data={"summary": "hello"}, actor=crew.admin)
    frame = s.next(3)
    # No wake-up can cross from this process to the server: the re-read found it.
    assert frame["at"] - committed < 1.6
    assert frame["id"] == str(event.seq) and frame["event"] == "intent.logged"
    assert frame["json"] == {
        "event_id": event.id, "topic": "intent.logged", "team": crew.team.slug,
        "created_at": event.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "data": {"summary": "hello"},
    }


def test_refusals_come_as_json_before_the_stream(server, crew, streams):
    cases = [
        (dict(token=None), 401, "unauthorized"),
        (dict(token="aura_aaaaaaaa_" + "b" * 30), 401, "unauthorized"),
        (dict(token=make_token(crew.bob, ["read_intents"])), 403, "scope_missing"),
        # The views' permission classes run first, as for the poll: no read_events → 403 whatever the query.
        (dict(token=make_token(crew.bob, ["read_intents"]), params={"colour": "red"}), 403, "scope_missing"),
        (dict(token=crew.bob_token, params={"topics": "token.revoked"}), 403, "scope_missing"),
        (dict(token=crew.bob_token, params={"topics": "nope"}), 400, "invalid_parameter"),
        (dict(token=crew.bob_token, params={"colour": "red"}), 400, "invalid_parameter"),
        (dict(token=crew.bob_token, params={"cursor": "garbage"}), 400, "invalid_cursor"),
        (dict(token=crew.bob_token, headers={"Last-Event-ID": "x1"}), 400, "invalid_cursor"),
        (dict(token=crew.bob_token, params={"team": crew.other.slug}), 404, "not_found"),
        (dict(token=crew.bob_token, headers={"Aura-API-Version": ">=9"}), 426, "upgrade_required"),
    ]
    for kwargs, status, code in cases:
        s = streams(server.port, **kwargs)
        assert (s.status, s.json["error"]["code"]) == (status, code), (kwargs, s.json)
        assert s.json["error"]["request_id"] == s.headers["x-request-id"]
        assert s.headers["x-aura-version"] == "0.1.0"
    revoked = make_token(crew.cy)
    tokens.revoke(tokens.lookup(revoked))
    s = streams(server.port, revoked)
    assert (s.status, s.json["error"]["code"]) == (401, "token_revoked")


def test_topics_scopes_and_direct_messages(server, crew, streams):
    bob = streams(server.port, crew.bob_token)
    cy = streams(server.port, crew.cy_token)
    admin = streams(server.port, crew.admin_token, params={"topics": "message.posted,token.revoked"})
    zones_only = streams(server.port, make_token(crew.cy, ["read_events", "read_zones", "read_intents"]),
                         params={"topics": "zone.*"})
    outsider = streams(server.port, crew.outsider_token)
    dm = emit(crew.team, "message.posted", {"body": "psst"}, actor=crew.admin, audience=(crew.admin.pk, crew.bob.pk))
    broadcast = emit(crew.team, "message.posted", {"body": "all"}, actor=crew.admin)
    zone = emit(crew.team, "zone.claimed", {"paths": ["a/**"]})
    intent = emit(crew.team, "intent.logged")
    revoked = emit(crew.team, "token.revoked", {"token_id": "tok_unrelated", "effective_at": "2020-01-01T00:00:00Z"})
    ids = lambda frames: [int(f["id"]) for f in frames]  # noqa: E731
    assert ids(bob.events(4, 4)) == [dm.seq, broadcast.seq, zone.seq, intent.seq]
    assert ids(cy.events(3, 4)) == [broadcast.seq, zone.seq, intent.seq]
    assert ids(admin.events(3, 4)) == [dm.seq, broadcast.seq, revoked.seq]
    assert ids(zones_only.events(1, 4)) == [zone.seq]
    for s in (bob, cy, admin, zones_only):
        assert s.quiet(1.3) == []
    assert outsider.quiet(1.3) == []


def test_cors_for_listed_origins_only(server, crew, streams):
    listed = streams(server.port, crew.bob_token, headers={"Origin": "https://dash.example"})
    assert listed.headers["access-control-allow-origin"] == "https://dash.example"
    assert "x-request-id" in listed.headers["access-control-expose-headers"]
    assert "access-control-allow-credentials" not in listed.headers
    other = streams(server.port, crew.bob_token, headers={"Origin": "https://evil.example"})
    assert other.status == 200 and "access-control-allow-origin" not in other.headers
    refused = streams(server.port, None, headers={"Origin": "https://dash.example"})
    assert refused.status == 401 and refused.headers["access-control-allow-origin"] == "https://dash.example"


def test_open_streams_hold_no_database_connection(server, crew, streams):
    from tests.conftest import need_postgres

    need_postgres()

    def sessions():
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
            return cur.fetchone()[0]

    before = sessions()
    opened = [streams(server.port, make_token(crew.cy)) for _ in range(20)]
    assert all(s.status == 200 for s in opened)
    time.sleep(2.5)  # a few re-reads and heartbeats
    assert sessions() - before <= 2  # the server's pool, not one per stream
    emit(crew.team)
    assert all(len(s.events(1, 3)) == 1 for s in opened)


def test_heartbeat_comment(server, crew, streams):
    s = streams(server.port, crew.bob_token)
    frame = s.next(3, skip_comments=False)
    assert "retry" in frame
    beats = [s.next(3, skip_comments=False) for _ in range(2)]
    assert all(f.get("comment") == "keep-alive" for f in beats)


# --- replay ---------------------------------------------------------------------------------
WRITER = """
import os, sys, time, django
django.setup()
from accounts.models import Team
from events.log import record, record_many
team = Team.objects.get(slug=sys.argv[1])
for i in range(int(sys.argv[2])):
    record(team, "intent.logged", {"i": i})
    print(time.time(), flush=True)  # committed (and the wake-up sent)
    time.sleep(float(sys.argv[3]))
"""


def writer(live_db, slug, count, pause, **env):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, slug, str(count), str(pause)], cwd=testing.ROOT, stdout=subprocess.PIPE,
        env=testing.server_env(live_db, DJANGO_SETTINGS_MODULE="aura_site.settings", **env),
    )


def test_replay_by_last_event_id_while_another_process_writes(server, crew, streams, live):
    proc = writer(live, crew.team.slug, 150, 0.01)
    try:
        first = streams(server.port, crew.bob_token, params={"after": 0})
        got = [int(f["id"]) for f in first.events(40, 15)]
        first.close()
        time.sleep(0.3)  # events keep coming while nobody listens
        second = streams(server.port, crew.bob_token, headers={"Last-Event-ID": str(got[-1])},
                         params={"cursor": "0"})  # Last-Event-ID wins over the URL's cursor
        assert proc.wait(60) == 0
        expected = list(Event.objects.filter(team=crew.team).order_by("seq").values_list("seq", flat=True))
        assert len(expected) == 150
        rest = [int(f["id"]) for f in second.events(len(expected) - len(got), 20)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert got + rest == expected  # no gap, no duplicate, in order
    assert second.quiet(1.2) == []


def test_cursor_from_the_poll_and_a_bare_sequence(server, crew, streams):
    from tests.conftest import ApiClient

    events = [emit(crew.team) for _ in range(3)]
    page = ApiClient(crew.bob_token).get("/v1/events", {"limit": 1, "team": crew.team.slug}).json()
    assert [r["seq"] for r in page["data"]] == [events[0].seq]
    s = streams(server.port, crew.bob_token, params={"cursor": page["next_cursor"], "team": crew.team.slug})
    assert [int(f["id"]) for f in s.events(2, 4)] == [events[1].seq, events[2].seq]
    foreign = streams(server.port, crew.bob_token, params={"cursor": page["next_cursor"], "topics": "zone.*"})
    assert foreign.json["error"]["code"] == "invalid_cursor"
    bare = streams(server.port, crew.bob_token, params={"cursor": str(events[1].seq)})
    assert [int(f["id"]) for f in bare.events(1, 4)] == [events[2].seq]


def test_a_cursor_older_than_retention_gets_a_reset_then_live_events(server, crew, streams):
    old = [emit(crew.team) for _ in range(3)]
    kept = emit(crew.team)
    Event.objects.filter(seq__lte=old[-1].seq).delete()  # what purge_events does to old rows
    s = streams(server.port, crew.bob_token, headers={"Last-Event-ID": str(old[0].seq)})
    reset = s.next(3)
    assert reset["event"] == "reset" and int(reset["id"]) >= kept.seq
    assert reset["json"]["reason"] == "cursor_expired" and reset["json"]["cursor"] == old[0].seq
    live_event = emit(crew.team)
    assert [int(f["id"]) for f in s.events(1, 3)] == [live_event.seq]
    ahead = streams(server.port, crew.bob_token, params={"after": live_event.seq + 1000})
    assert ahead.next(3)["json"]["reason"] == "cursor_ahead"


# --- ending -----------------------------------------------------------------------------------
def test_revocation_ends_the_stream(server, crew, streams):
    raw = make_token(crew.cy)
    s = streams(server.port, raw)
    assert s.next(3, skip_comments=False)["retry"]
    tokens.revoke(tokens.lookup(raw))
    end = s.next(3)
    assert end["event"] == "end" and end["json"]["error"]["code"] == "token_revoked"
    assert s.next(3) is None  # the server closed the response


def test_revoking_a_rotated_token_ends_its_predecessors_stream(server, crew, streams):
    raw = make_token(crew.cy)
    old = tokens.lookup(raw)
    new, new_raw = tokens.rotate(old, grace=timedelta(days=36500))
    before, after = streams(server.port, raw), streams(server.port, new_raw)
    for s in (before, after):
        assert s.next(3, skip_comments=False)["retry"]
    tokens.revoke(new)
    for s in (before, after):
        end = s.next(3)
        assert end["event"] == "end" and end["json"]["error"]["code"] == "token_revoked"
        assert s.next(3) is None


def test_expiry_and_a_deleted_token_end_the_stream(server, crew, streams):
    expiring = make_token(crew.cy, expires_in=timedelta(seconds=2))
    s = streams(server.port, expiring)
    end = s.next(5)
    assert end["json"]["error"]["code"] == "token_expired"
    assert s.next(3) is None
    doomed = make_token(crew.cy)
    s = streams(server.port, doomed)
    assert s.next(3, skip_comments=False)["retry"]
    Token.objects.filter(pk=tokens.lookup(doomed).pk).delete()  # no event: the heartbeat's check
    end = s.next(4)
    assert end["json"]["error"]["code"] == "unauthorized"
    assert s.next(3) is None


def test_removing_the_member_ends_the_stream(server, crew, streams):
    from accounts import provisioning

    raw = make_token(crew.cy)
    s = streams(server.port, raw)
    assert s.next(3, skip_comments=False)["retry"]
    provisioning.remove_member(crew.cy)  # no event: the heartbeat's check
    end = s.next(4)
    assert end["event"] == "end" and end["json"]["error"]["code"] == "unauthorized"
    assert s.next(3) is None
    again = streams(server.port, raw)
    assert again.status == 401 and again.json["error"]["code"] == "unauthorized"


def test_stream_cap_and_disconnect_cleanup(server, crew, streams):
    raw = make_token(crew.cy)
    open_ = [streams(server.port, raw) for _ in range(5)]
    assert all(s.status == 200 for s in open_)
    sixth = streams(server.port, raw)
    assert sixth.status == 429 and sixth.json["error"]["code"] == "too_many_streams"
    assert int(sixth.headers["retry-after"]) > 0
    assert streams(server.port, crew.bob_token).status == 200  # the cap is per token
    open_[0].close()
    deadline = time.monotonic() + 5
    while True:
        again = streams(server.port, raw)
        if again.status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert again.status == 200, again.json


def test_session_user_streams_like_their_member(server, crew, streams):
    from django.test import Client

    client = Client()
    client.force_login(crew.bob.user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    s = streams(server.port, headers={"Cookie": cookie})
    assert s.status == 200
    dm = emit(crew.team, "message.posted", {"body": "hi"}, audience=(crew.admin.pk, crew.bob.pk))
    assert [int(f["id"]) for f in s.events(1, 3)] == [dm.seq]
    bogus = streams(server.port, headers={"Cookie": "sessionid=not-a-session"})
    assert bogus.status == 401 and bogus.json["error"]["code"] == "unauthorized"
    crew.bob.user.is_active = False
    crew.bob.user.save()
    end = s.next(4)  # the heartbeat's check ends a deactivated user's stream
    assert end["event"] == "end" and end["json"]["error"]["code"] == "unauthorized"


# --- wake-ups and restarts -------------------------------------------------------------------
def test_a_write_through_the_same_server_wakes_the_stream_at_once(live, crew, streams, tmp_path_factory):
    from accounts.models import Token as TokenModel

    with start(live, tmp_path_factory, AURA_EVENT_REREAD_SECONDS=30, AURA_EVENT_HEARTBEAT_SECONDS=30,
               REDIS_URL=None) as s:
        admin = streams(s.port, crew.admin_token, params={"topics": "token.revoked"})
        assert admin.next(3, skip_comments=False)["retry"]
        time.sleep(0.5)  # let the hub finish its first read
        victim = TokenModel.objects.get(pk=tokens.lookup(make_token(crew.cy)).pk)
        import http.client
        import json

        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
        sent = time.time()
        conn.request("POST", f"/v1/admin/tokens/{victim.pk}/revoke", body=b"",
                     headers={"Authorization": f"Bearer {crew.admin_token}", "Content-Type": "application/json"})
        assert conn.getresponse().status == 200
        frame = admin.next(5)
        assert frame["json"]["data"]["token_id"] == victim.pk
        assert frame["at"] - sent < 1.0, "woken by the in-memory channel layer, not the 30 s re-read"
        json.dumps(frame)


@pytest.mark.redis
def test_two_servers_share_wakeups_and_the_stream_cap_through_redis(live, crew, streams, tmp_path_factory):
    need_redis(REDIS_URL)  # keys here are per token and every test makes its own tokens: no flush needed
    env = dict(REDIS_URL=REDIS_URL, AURA_EVENT_REREAD_SECONDS=30, AURA_EVENT_HEARTBEAT_SECONDS=30)
    with start(live, tmp_path_factory, **env) as a, start(live, tmp_path_factory, **env) as b:
        raw = make_token(crew.bob)
        on_a = [streams(a.port, raw) for _ in range(3)]
        on_b = [streams(b.port, raw) for _ in range(2)]
        assert all(s.status == 200 for s in on_a + on_b)
        for port in (a.port, b.port):
            refused = streams(port, raw)
            assert refused.status == 429 and refused.json["error"]["code"] == "too_many_streams"
        for s in on_a + on_b:
            assert s.next(3, skip_comments=False)["retry"]
        time.sleep(0.5)
        proc = writer(live, crew.team.slug, 1, 0, REDIS_URL=REDIS_URL)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0
        committed = float(out.split()[-1])
        frames = [s.next(5) for s in on_a + on_b]
        assert len({f["id"] for f in frames}) == 1
        # Both processes were woken over Redis, far sooner than their 30 s re-read.
        assert max(f["at"] for f in frames) - committed < 1.0


def test_events_survive_a_server_restart(live, crew, streams, tmp_path_factory):
    server = start(live, tmp_path_factory, AURA_EVENT_HEARTBEAT_SECONDS=1, REDIS_URL=None)
    try:
        s = streams(server.port, crew.bob_token)
        before = emit(crew.team)
        last = int(s.events(1, 3)[0]["id"])
        assert last == before.seq
        server.stop()
        assert s.next(5) is None
        missed = [emit(crew.team) for _ in range(3)]  # written while the server is down
        server = start(live, tmp_path_factory, AURA_EVENT_HEARTBEAT_SECONDS=1, REDIS_URL=None)
        again = streams(server.port, crew.bob_token, headers={"Last-Event-ID": str(last)})
        assert [int(f["id"]) for f in again.events(3, 4)] == [e.seq for e in missed]
    finally:
        server.stop()


# --- a reader that stops reading -------------------------------------------------------------
def stalled_stream(port, token, rcvbuf=4096):
    """A stream whose client reads the head, then nothing (a small receive
    buffer, so the kernel takes little of what the server writes)."""
    import http.client
    import socket

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(20)
    sock.connect(("127.0.0.1", port))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.sock = sock
    conn.request("GET", "/v1/events?subscribe=true", headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    assert response.status == 200
    return conn, response


def sse_ids_and_comments(text):
    ids, comments = [], []
    for block in text.split("\n\n"):
        for line in block.splitlines():
            if line.startswith("id: "):
                ids.append(int(line[4:]))
            elif line.startswith(":"):
                comments.append(line[1:].strip())
    return ids, comments


def test_a_reader_that_stops_reading_is_cut_off_then_resumes_without_loss(live, crew, streams, tmp_path_factory):
    limit = 64 * 1024
    with start(live, tmp_path_factory, AURA_EVENT_STREAM_MAX_BACKLOG_BYTES=limit, AURA_EVENT_REREAD_SECONDS=0.2,
               AURA_EVENT_HEARTBEAT_SECONDS=30, REDIS_URL=None) as s:
        conn, response = stalled_stream(s.port, crew.bob_token)
        time.sleep(0.5)  # the hub's first read
        # ~12 MB of frames: far more than the kernel's socket buffers take (4 MiB at most here).
        pad = "x" * 4000
        written = record_many(crew.team, "intent.logged", [{"i": i, "pad": pad} for i in range(3000)])
        total = len(written) * (len(pad) + 200)
        time.sleep(3)  # the server writes what it will; the reader takes nothing
        body = response.read().decode()  # the stream ended: read() returns instead of waiting forever
        # Its slot was freed with the cut, though the connection is still open.
        others = [streams(s.port, crew.bob_token) for _ in range(5)]
        assert [o.status for o in others] == [200] * 5
        for other in others:
            other.close()
        conn.close()
        time.sleep(0.5)  # their slots are released as the server sees them go
        ids, comments = sse_ids_and_comments(body)
        assert comments[-1] == "backlog exceeded, reconnect with Last-Event-ID"
        assert body.endswith(": backlog exceeded, reconnect with Last-Event-ID\n\n")
        assert ids == [e.seq for e in written[: len(ids)]]
        # What was sent before the cut: what the kernel took plus the bound and
        # one write (a batch of 500 frames), not the whole backlog.
        assert 0 < len(ids) < len(written) and len(body) < 4 * 2**20 + limit + 500 * (len(pad) + 200) < total

        # The client resumes from the last id it got, as often as needed: nothing lost, nothing twice.
        got = list(ids)
        for _ in range(20):
            if len(got) == len(written):
                break
            again = streams(s.port, crew.bob_token, headers={"Last-Event-ID": str(got[-1])})
            assert again.status == 200
            while len(got) < len(written):
                frame = again.next(5, skip_comments=False)
                if frame is None:
                    break
                if "id" in frame:
                    got.append(int(frame["id"]))
                elif "comment" in frame:
                    assert frame["comment"] == "backlog exceeded, reconnect with Last-Event-ID"
            again.close()
        assert got == [e.seq for e in written]


def test_a_reader_that_keeps_up_is_never_cut_off(live, crew, streams, tmp_path_factory):
    with start(live, tmp_path_factory, AURA_EVENT_STREAM_MAX_BACKLOG_BYTES=64 * 1024, AURA_EVENT_REREAD_SECONDS=0.2,
               AURA_EVENT_HEARTBEAT_SECONDS=30, REDIS_URL=None) as s:
        reader = streams(s.port, crew.bob_token)
        assert reader.next(3, skip_comments=False)["retry"]
        time.sleep(0.5)
        written = []
        for _ in range(20):
            written += record_many(crew.team, "intent.logged", [{"i": i, "pad": "x" * 500} for i in range(50)])
            time.sleep(0.05)
        frames = reader.events(len(written), 15)
        assert [int(f["id"]) for f in frames] == [e.seq for e in written]
