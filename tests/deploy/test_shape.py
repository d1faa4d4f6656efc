"""The production shape behind one origin (deploy/shape.py): nginx routing
/v1/events to daphne, /mcp to a daphne of its own and everything else to gunicorn, static files from
nginx, the webhook sender beside them. REST calls, an event stream, a
dashboard login and a webhook all go through the one port, and nginx's own
refusals answer in the API's error shape."""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from events import testing
from tests.conftest import ON_CI, make_member, make_team, make_token
from tests.events.test_webhooks import Receiver

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
from shape import Shape, render  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def shape(live_db, tmp_path_factory):
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        if ON_CI:
            pytest.fail("the production shape needs nginx (apt-get install nginx)")
        pytest.skip("needs nginx (apt-get install nginx)")
    env = testing.server_env(live_db, REDIS_URL=None, AURA_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
                             AURA_WEBHOOK_BACKOFF_SECONDS="1", AURA_EVENT_REREAD_SECONDS="1")
    s = Shape(tmp_path_factory.mktemp("run"), env=env, workers=2)
    s.start()
    yield s
    s.stop()


def call(shape, method, path, token=None, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", shape.port, timeout=15)
    hdrs = dict(headers or {})
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=hdrs)
    r = conn.getresponse()
    raw = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, raw


def raw_request(shape, data: bytes):
    with socket.create_connection(("127.0.0.1", shape.port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:] if b": " in line)
    return status, {k.decode().lower(): v.decode() for k, v in headers.items()}, body


def assert_json_error(status, headers, body, expected_status, code):
    assert status == expected_status, body[:300]
    assert headers["content-type"].startswith("application/json"), headers
    error = json.loads(body)["error"]
    assert error["code"] == code and error["message"]
    assert error["request_id"].startswith("req_") and headers["x-request-id"] == error["request_id"]


def test_rest_stream_and_webhook_through_one_port(shape):
    team = make_team(f"shape-{uuid.uuid4().hex[:8]}", strict_mode=False)
    token = make_token(make_member(team, "ana", role="admin"))

    status, headers, body = call(shape, "GET", "/v1/status", token)
    assert status == 200 and json.loads(body)["team"]["slug"] == team.slug
    assert headers["x-request-id"].startswith("req_") and "x-ratelimit-limit" in headers

    receiver = Receiver()
    try:
        status, _, body = call(shape, "POST", "/v1/admin/webhooks", token,
                               {"url": receiver.url, "topics": ["intent.logged"], "format": "raw"})
        assert status == 201, body

        stream = testing.SSEClient(shape.port, token, params={"topics": "intent.logged"})
        assert stream.status == 200 and stream.headers["content-type"].startswith("text/event-stream")
        assert stream.next(timeout=5, skip_comments=False)["retry"]  # at once: nothing buffers the stream
        status, _, body = call(shape, "POST", "/v1/intents", token, {"summary": "through the front"})
        assert status == 201, body
        intent_id = json.loads(body)["id"]
        frame = stream.next(timeout=10)
        assert frame["event"] == "intent.logged" and json.loads(frame["data"])["data"]["intent_id"] == intent_id
        stream.close()

        deadline = time.monotonic() + 20
        while not receiver.requests and time.monotonic() < deadline:
            time.sleep(0.2)
        assert receiver.requests, shape.log("sender")
        assert json.loads(receiver.requests[0]["body"])["topic"] == "intent.logged"
    finally:
        receiver.close()


def test_mcp_goes_to_a_daphne_of_its_own(shape):
    team = make_team(f"mcp-{uuid.uuid4().hex[:8]}", strict_mode=False)
    token = make_token(make_member(team, "ana", role="admin"))
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "aura_log_intent", "arguments": {"summary": "over MCP, through the front"}}}
    status, headers, raw = call(shape, "POST", "/mcp", token, body,
                                {"Accept": "application/json, text/event-stream"})
    assert status == 200 and headers["content-type"].startswith("application/json"), raw[:300]
    result = json.loads(raw)["result"]
    assert result["isError"] is False
    intent_id = result["structuredContent"]["intent"]["id"]
    status, _, raw = call(shape, "GET", "/v1/intents", token)
    assert [i["id"] for i in json.loads(raw)["data"]] == [intent_id]
    assert "/mcp" in shape.log("mcp") and "/mcp" not in shape.log("daphne")
    status, headers, raw = call(shape, "GET", "/mcp", token)
    assert status == 405 and headers["allow"] == "POST"


def test_dashboard_login_and_static_files(shape, settings):
    # A hasher the server knows (the suite's own fast one is for this process only).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    team = make_team(f"dash-{uuid.uuid4().hex[:8]}")
    make_member(team, "dana", role="admin", password="dana-password-1")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    page = opener.open(f"{shape.url}/accounts/login/?next=/dashboard/", timeout=10).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": "dana", "password": "dana-password-1",
                                   "csrfmiddlewaretoken": csrf, "next": "/dashboard/"}).encode()
    request = urllib.request.Request(f"{shape.url}/accounts/login/", data=form, headers={"Referer": shape.url})
    with opener.open(request, timeout=10) as r:
        # The dashboard puts the current team in the URL.
        assert r.status == 200 and r.url.endswith(f"/dashboard/?team={team.slug}")
        html = r.read().decode()
    static = re.search(r'(?:src|href)="(/static/[^"]+)"', html).group(1)
    status, headers, body = call(shape, "GET", static)
    assert status == 200 and body
    # Served by nginx from the collected files, not by Django.
    assert (Path(shape.static_root) / static.removeprefix("/static/")).read_bytes() == body
    assert "x-request-id" not in headers


def test_the_front_answers_its_own_refusals_in_the_error_shape(shape):
    too_long = b"GET /v1/status?x=" + b"a" * 20000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    assert_json_error(*raw_request(shape, too_long), 414, "uri_too_long")

    big_header = b"GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"b" * 20000 + b"\r\nConnection: close\r\n\r\n"
    status, headers, body = raw_request(shape, big_header)
    assert_json_error(status, headers, body, 431, "header_too_large") if status == 431 else \
        assert_json_error(status, headers, body, 400, "header_too_large")

    assert_json_error(*raw_request(shape, b"NOT A REQUEST\r\n\r\n"), 400, "invalid_request")

    # An application error passes through untouched (the application's own shape).
    status, headers, body = call(shape, "GET", "/v1/nothing-here")
    assert_json_error(status, headers, body, 404, "not_found")


def test_a_dead_upstream_is_a_json_502_with_retry_after(live_db, tmp_path_factory):
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        pytest.skip("needs nginx")
    env = testing.server_env(live_db, REDIS_URL=None)
    with Shape(tmp_path_factory.mktemp("down"), env=env, workers=1, sender=False) as s:
        os.killpg(s.procs["gunicorn"].pid, signal.SIGKILL)
        s.procs["gunicorn"].wait(5)
        status, headers, body = call(s, "GET", "/v1/status")
        assert_json_error(status, headers, body, 502, "bad_gateway")
        assert headers["retry-after"] == "5"


def test_use_times_noted_behind_are_written_when_the_processes_stop(live_db, tmp_path_factory):
    """Use times are written behind the request (accounts/usetimes.py); a
    gunicorn worker and a daphne that stop normally write what they noted
    before they exit, though their timer (10 minutes here) never fired."""
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        pytest.skip("needs nginx")
    from accounts.models import Member
    from tests.conftest import token_row

    team = make_team(f"use-{uuid.uuid4().hex[:8]}", strict_mode=False)
    ana, ben = make_member(team, "ana"), make_member(team, "ben")
    rest_token, stream_token = make_token(ana), make_token(ben)
    env = testing.server_env(live_db, REDIS_URL=None, AURA_USE_WRITE_SECONDS="600")
    with Shape(tmp_path_factory.mktemp("use"), env=env, workers=1, sender=False) as s:
        status, _, body = call(s, "GET", "/v1/status", rest_token)
        assert status == 200, body
        stream = testing.SSEClient(s.port, stream_token)
        assert stream.status == 200
        stream.next(timeout=5, skip_comments=False)
        stream.close()
        time.sleep(0.5)
        assert token_row(rest_token).last_used_at is None  # noted, not written yet
        assert token_row(stream_token).last_used_at is None
    assert token_row(rest_token).last_used_at is not None, s.log("gunicorn")
    assert Member.objects.get(pk=ana.pk).last_seen_at is not None
    assert token_row(stream_token).last_used_at is not None, s.log("daphne")
    assert Member.objects.get(pk=ben.pk).last_seen_at is not None


def test_render_fills_placeholders_and_leaves_nginx_variables():
    assert render("a ${PORT} $msec ${PORT}", {"PORT": 80}) == "a 80 $msec 80"
    with pytest.raises(KeyError):
        render("${MISSING}", {})


def test_the_documented_front_answers_are_the_configured_ones():
    """docs/api.md's "Errors answered by the front" lists exactly what
    deploy/nginx.conf.template answers (status and code)."""
    text = (ROOT / "docs" / "api.md").read_text()
    section = re.search(r"^## Errors answered by the front\n(.*?)^## ", text, re.S | re.M).group(1)
    documented = {(int(s), c) for s, c in re.findall(r"^\|\s*(\d{3})\s*\|\s*`([a-z_]+)`", section, re.M)}
    template = (ROOT / "deploy" / "nginx.conf.template").read_text()
    configured = {(int(s), c) for s, c in re.findall(r"return (\d{3}) '\{\"error\": \{\"code\": \"([a-z_]+)\"", template)}
    assert documented and documented == configured


def test_a_request_that_waited_for_a_busy_worker_is_shed(shape):
    """nginx stamps X-Request-Start; with both gunicorn workers held (each
    reading a request body that trickles in), a request queued behind them
    for longer than AURA_SHED_AFTER_MS (1 s) is answered 503 at once when a
    worker takes it. A client's own X-Request-Start is replaced by nginx's."""
    team = make_team(f"shed-{uuid.uuid4().hex[:8]}", strict_mode=False)
    token = make_token(make_member(team, "ana", role="admin"))

    # Through the front, a client cannot have itself shed.
    status, _, body = call(shape, "GET", "/v1/status", token, headers={"X-Request-Start": "t=1000000000.000"})
    assert status == 200, body

    body = json.dumps({"summary": "slow body"}).encode()
    holders = []
    for _ in range(shape.workers):
        s = socket.create_connection(("127.0.0.1", shape.port), timeout=15)
        s.sendall(b"POST /v1/intents HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  b"Authorization: Bearer " + token.encode() + b"\r\nContent-Type: application/json\r\n"
                  b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:5])
        holders.append(s)
    time.sleep(0.3)  # both workers have taken their request and wait for its body

    started = time.monotonic()
    result = {}

    def queued():
        result["answer"] = call(shape, "GET", "/v1/status", token)
        result["at"] = time.monotonic() - started

    thread = threading.Thread(target=queued)
    thread.start()
    time.sleep(1.6)
    for s in holders:  # the workers finish their slow writes and take the queued request
        s.sendall(body[5:])
    thread.join(15)
    answers = [raw_response(s) for s in holders]
    assert [a[0] for a in answers] == [201] * shape.workers, answers

    status, headers, raw = result["answer"]
    assert_json_error(status, headers, raw, 503, "service_unavailable")
    assert int(headers["retry-after"]) >= 2 and "waited" in json.loads(raw)["error"]["message"]
    assert result["at"] >= 1.5
    # And the next request, with the workers free again, is served.
    status, _, raw = call(shape, "GET", "/v1/status", token)
    assert status == 200, raw


def raw_response(s):
    chunks = []
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
    s.close()
    head = b"".join(chunks).partition(b"\r\n\r\n")[0]
    return int(head.split(b" ", 2)[1]), head
