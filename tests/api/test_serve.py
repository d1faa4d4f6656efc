"""Request bodies against real server processes: aura_site.serve (daphne with
the body limit in its HTTP protocol) and gunicorn.

Bodies are sent over raw sockets, so a test sees when the answer comes: a
refusal must arrive while the client is still sending, not after the server
has read (and held) the whole body."""

import json
import re
import socket
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from events import testing
from tests.conftest import make_member, make_team, make_token

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MiB = 1024 * 1024
HUGE = 700 * MiB


# --- raw HTTP ------------------------------------------------------------------------------------


class Answer:
    def __init__(self, raw):
        head, _, self.body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split()[1]) if lines and lines[0] else 0
        self.headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        if self.headers.get("transfer-encoding") == "chunked":
            self.body = dechunk(self.body)

    def json(self):
        return json.loads(self.body)


def dechunk(data):
    out = b""
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out, data = out + data[:size], data[size + 2:]
    return out


def read_answer(sock, timeout=10):
    """Everything the server sends until it closes (a refusal closes)."""
    sock.settimeout(timeout)
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (TimeoutError, ConnectionResetError):
            break
        if not chunk:
            break
        data += chunk
    return Answer(data)


def answered(sock):
    """Has the server sent anything yet (without waiting)?"""
    sock.setblocking(False)
    try:
        return bool(sock.recv(1, socket.MSG_PEEK))
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.setblocking(True)


def send_body_until_answered(sock, total, chunked=False, budget=64 * MiB, piece=MiB):
    """Send up to ``budget`` bytes of a body (announced as ``total`` or
    chunked), stopping as soon as the server answers; the bytes sent."""
    sent = 0
    block = b"x" * piece
    sock.settimeout(5)
    while sent < min(total, budget):
        if answered(sock):
            return sent
        try:
            sock.sendall(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            return sent
        sent += piece
    return sent


def request_head(method, path, headers=(), port=None, token=None):
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    lines += list(headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def oversized(port, method="PUT", path="/v1/intents", chunked=False, headers=(), token=None):
    """An oversized body: the answer, how much of the body went out, and the seconds to the answer."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        framing = ["Transfer-Encoding: chunked"] if chunked else [f"Content-Length: {HUGE}"]
        started = time.monotonic()
        sock.sendall(request_head(method, path, ["Content-Type: application/json", *framing, *headers], port, token))
        sent = send_body_until_answered(sock, HUGE, chunked=chunked)
        answer = read_answer(sock)
        return answer, sent, time.monotonic() - started


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def assert_api_error(answer, status, code):
    assert answer.status == status, (answer.status, answer.headers, answer.body[:300])
    err = answer.json()["error"]
    assert err["code"] == code and err["request_id"] == answer.headers["x-request-id"], err
    assert answer.headers["content-type"] == "application/json"
    return err


# --- servers -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def daphne(live_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("logs") / "serve.log"
    server = testing.Server(testing.server_env(live_db, REDIS_URL=None), log_path=log).start()
    server.log = log
    yield server
    server.stop()


@pytest.fixture(scope="module")
def gunicorn(live_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("logs") / "gunicorn.log"
    server = testing.Server(testing.server_env(live_db, REDIS_URL=None), kind="gunicorn", workers=1, log_path=log)
    yield server.start()
    server.stop()


@pytest.fixture
def admin_token(live_db):
    assert connection.settings_dict["NAME"] in live_db
    team = make_team(f"s-{uuid.uuid4().hex[:8]}")
    return make_token(make_member(team, "ada", role="admin"))


# --- aura_site.serve -------------------------------------------------------------------------------


def test_a_content_length_over_the_limit_is_refused_before_the_body(daphne):
    answer, sent, seconds = oversized(daphne.port)
    err = assert_api_error(answer, 413, "payload_too_large")
    assert str(settings.AURA_MAX_BODY_BYTES) in err["message"]
    assert answer.headers["connection"] == "close"
    # Answered at once: what went out is what the sockets buffered meanwhile, nowhere near 700 MiB.
    assert sent <= 16 * MiB and seconds < 5, (sent, seconds)


def test_a_chunked_body_is_cut_off_at_the_limit(daphne):
    answer, sent, _ = oversized(daphne.port, chunked=True)
    assert_api_error(answer, 413, "payload_too_large")
    limit = settings.AURA_MAX_BODY_BYTES
    assert limit <= sent <= limit + 8 * MiB, sent  # counted as it came, refused just past the limit


def test_a_chunked_body_under_the_limit_reaches_the_view(daphne, admin_token):
    body = json.dumps({"name": "chunky"}).encode()
    with socket.create_connection(("127.0.0.1", daphne.port)) as sock:
        sock.sendall(request_head("POST", "/v1/admin/members", [
            "Content-Type: application/json", "Transfer-Encoding: chunked", "Connection: close",
        ], daphne.port, admin_token))
        sock.sendall(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
        answer = read_answer(sock)
    assert answer.status == 201, answer.body
    assert answer.json()["name"] == "chunky"


def test_a_raw_snapshot_has_the_snapshot_limit(daphne, admin_token):
    limit = settings.AURA_SNAPSHOT_MAX_BYTES
    for chunked in (False, True):
        answer, sent, _ = oversized(daphne.port, method="POST", path="/v1/snapshots?path=big.bin",
                                          chunked=chunked, token=admin_token)
        err = assert_api_error(answer, 413, "payload_too_large")
        assert err["limit"] == limit and str(limit) in err["message"] and "snapshot" in err["message"]
        assert sent <= limit + 8 * MiB
    # A chunked raw snapshot under the limit is stored whole.
    data = bytes(range(256)) * 4096
    with socket.create_connection(("127.0.0.1", daphne.port)) as sock:
        sock.sendall(request_head("POST", "/v1/snapshots?path=chunked.bin", [
            "Content-Type: application/octet-stream", "Transfer-Encoding: chunked", "Connection: close",
        ], daphne.port, admin_token))
        for i in range(0, len(data), 100_000):
            piece = data[i:i + 100_000]
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
        sock.sendall(b"0\r\n\r\n")
        answer = read_answer(sock)
    assert answer.status == 201, answer.body
    assert answer.json()["size"] == len(data)


@pytest.mark.parametrize("method, framing, status, code", [
    ("POST", [], 405, "method_not_allowed"),
    ("POST", [f"Content-Length: {HUGE}"], 405, "method_not_allowed"),
    ("PUT", ["Transfer-Encoding: chunked"], 405, "method_not_allowed"),
    ("GET", ["Content-Length: 10"], 413, "payload_too_large"),
    ("GET", [f"Content-Length: {HUGE}"], 413, "payload_too_large"),
    ("GET", ["Transfer-Encoding: chunked"], 413, "payload_too_large"),
])
def test_the_event_stream_takes_no_body_and_no_post(daphne, method, framing, status, code):
    # Unauthenticated, and answered before any body byte is sent.
    for path in ("/v1/events", "/v1/events?subscribe=true", "/v1/%65vents"):
        with socket.create_connection(("127.0.0.1", daphne.port)) as sock:
            sock.sendall(request_head(method, path, framing, daphne.port))
            answer = read_answer(sock, timeout=5)
        assert_api_error(answer, status, code)
        if status == 405:
            assert answer.headers["allow"] == "GET, HEAD, OPTIONS"


def test_ordinary_requests_still_work(daphne, admin_token):
    with socket.create_connection(("127.0.0.1", daphne.port)) as sock:
        sock.sendall(request_head("GET", "/v1/events", ["Connection: close"], daphne.port, admin_token))
        answer = read_answer(sock)
    assert answer.status == 200 and "data" in answer.json()
    body = json.dumps({"name": "plain"}).encode()
    with socket.create_connection(("127.0.0.1", daphne.port)) as sock:
        sock.sendall(request_head("POST", "/v1/admin/members", [
            "Content-Type: application/json", f"Content-Length: {len(body)}", "Connection: close",
        ], daphne.port, admin_token) + body)
        answer = read_answer(sock)
    assert answer.status == 201, answer.body


def test_memory_returns_after_oversized_requests(daphne):
    pid = daphne.proc.pid
    for _ in range(2):  # warm up: imports, the first request's allocations
        oversized(daphne.port)
        oversized(daphne.port, chunked=True)
    time.sleep(0.5)
    before = rss_bytes(pid)
    for i in range(20):
        answer, _, _ = oversized(daphne.port, chunked=bool(i % 2))
        assert answer.status == 413
    time.sleep(1)
    after = rss_bytes(pid)
    assert after <= before * 1.10, f"RSS {before / MiB:.1f} MiB → {after / MiB:.1f} MiB"


def test_a_download_closed_by_the_client_logs_no_error(daphne, admin_token):
    """The client closes as soon as it has the announced length (Connection:
    close): the empty last body message finds the connection gone."""
    data = "x" * 600_000
    body = json.dumps({"path": f"big-{uuid.uuid4().hex[:6]}.txt", "content": data}).encode()
    with socket.create_connection(("127.0.0.1", daphne.port)) as sock:
        sock.sendall(request_head("POST", "/v1/snapshots", [
            "Content-Type: application/json", f"Content-Length: {len(body)}", "Connection: close",
        ], daphne.port, admin_token) + body)
        created = read_answer(sock)
    assert created.status == 201, created.body
    snapshot_id = created.json()["id"]
    for _ in range(40):
        with socket.create_connection(("127.0.0.1", daphne.port)) as sock:
            sock.sendall(request_head("GET", f"/v1/snapshots/{snapshot_id}/content", ["Connection: close"],
                                      daphne.port, admin_token))
            got = b""
            while b"\r\n\r\n" not in got:
                got += sock.recv(65536)
            head, rest = got.split(b"\r\n\r\n", 1)
            length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
            while len(rest) < length:
                rest += sock.recv(65536)
            assert len(rest) == len(data)
        # closed here, before the server's last (empty) body message
    time.sleep(1.5)
    log = daphne.log.read_text()
    assert "unregisterProducer" not in log and "Exception inside application" not in log, log[-3000:]


# --- gunicorn ----------------------------------------------------------------------------------------


def test_gunicorn_answers_a_chunked_body_411(gunicorn, admin_token):
    body = json.dumps({"name": "chunky"}).encode()
    with socket.create_connection(("127.0.0.1", gunicorn.port)) as sock:
        sock.sendall(request_head("POST", "/v1/admin/members", [
            "Content-Type: application/json", "Transfer-Encoding: chunked", "Connection: close",
        ], gunicorn.port, admin_token))
        sock.sendall(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
        answer = read_answer(sock)
    err = assert_api_error(answer, 411, "length_required")
    assert "Content-Length" in err["message"]
    # With a length, the same body is read.
    with socket.create_connection(("127.0.0.1", gunicorn.port)) as sock:
        sock.sendall(request_head("POST", "/v1/admin/members", [
            "Content-Type: application/json", f"Content-Length: {len(body)}", "Connection: close",
        ], gunicorn.port, admin_token) + body)
        assert read_answer(sock).status == 201


def test_shutdown_with_a_refused_request_still_open_is_clean(live_db, tmp_path):
    """SIGTERM while a refused request's connection lingers: daphne's shutdown
    (which cancels every application) and the disconnection raise nothing."""
    import subprocess
    import sys

    port = testing.free_port()
    log = tmp_path / "serve.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "aura_site.serve", "-v", "2", "-b", "127.0.0.1", "-p", str(port),
             "aura_site.asgi:application"],
            cwd=testing.ROOT, env=testing.server_env(live_db, REDIS_URL=None), stdout=out, stderr=out,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, log.read_text()
                time.sleep(0.2)
        with sock:
            sock.sendall(request_head("PUT", "/v1/intents", [f"Content-Length: {HUGE}"], port))
            assert sock.recv(100).startswith(b"HTTP/1.1 413")
            proc.terminate()  # the connection is still open
            assert proc.wait(20) is not None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    text = log.read_text()
    assert "Traceback" not in text and "KeyError" not in text, text[-3000:]
