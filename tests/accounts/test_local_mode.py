"""Local mode: a real daemon on a temporary Unix socket and loopback port."""

import http.client
import json
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable

pytestmark = pytest.mark.slow


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=10)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(self.path)


def request(conn, method, path, headers=None, body=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, (json.loads(data) if data and data[:1] in b"{[" else data)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(args, env, cwd, check=True):
    result = subprocess.run(
        [PY, str(ROOT / "manage.py"), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed: {result.stderr}")
    return result


@pytest.fixture
def checkout(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "feat/login"], cwd=repo, check=True)
    return repo


@pytest.fixture
def env(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    e = {k: v for k, v in os.environ.items() if not k.startswith(("AURA_", "DATABASE_URL", "REDIS_URL"))}
    e.update(AURA_VAR_DIR=str(var), PYTHONPATH=str(ROOT))
    return e


@pytest.fixture
def daemon(env, checkout, tmp_path):
    started = []

    def start(*extra, sock=None):
        sock = sock or str(tmp_path / "var" / "d.sock")
        port = free_port()
        args = ["daemon", "start", "--socket", sock, "--http", f"127.0.0.1:{port}", "--detach", *extra]
        manage(args, env, checkout)
        started.append(True)
        return sock, port

    yield start
    if started:
        manage(["daemon", "stop"], env, checkout, check=False)


def test_socket_is_the_owner_and_status_reads_the_checkout(daemon, env, checkout):
    sock, port = daemon()
    assert stat.S_IMODE(os.stat(sock).st_mode) == 0o600
    response, body = request(UnixConnection(sock), "GET", "/v1/status")
    assert response.status == 200, body
    assert body["repo"] == str(checkout)
    assert body["branch"] == "feat/login"
    assert body["session"].startswith("ses_")
    assert body["team"] == {"connected": False}
    # It's your machine: no rate limits, no rate-limit headers.
    assert response.getheader("X-RateLimit-Limit") is None
    # A header cannot make a loopback request look like a socket request.
    response, body = request(
        http.client.HTTPConnection("127.0.0.1", port, timeout=10), "GET", "/v1/status",
        headers={"X-Forwarded-For": "unix", "Host": "localhost"},
    )
    assert response.status == 401
    assert body["error"]["code"] == "unauthorized"


def test_loopback_needs_a_daemon_token(daemon, env, checkout):
    sock, port = daemon()
    token = manage(["daemon", "token"], env, checkout).stdout.strip().splitlines()[-1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    response, body = request(conn, "GET", "/v1/status", headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200, body
    assert response.getheader("X-RateLimit-Limit") is None
    # A token sent over the socket acts with that token's scopes.
    response, body = request(UnixConnection(sock), "GET", "/v1/team/members", headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200, body
    assert [m["name"] for m in body["data"]] == ["owner"]
    # DNS rebinding: a foreign Host header is refused.
    response, _ = request(conn, "GET", "/v1/status", headers={"Authorization": f"Bearer {token}", "Host": "evil.example"})
    assert response.status == 400


def test_the_event_stream_and_poll_over_the_socket_need_no_token(daemon, env, checkout):
    from events.testing import SSEClient

    sock, port = daemon()
    # The durable poll: the socket's owner, like every other endpoint.
    response, body = request(UnixConnection(sock), "GET", "/v1/events")
    assert response.status == 200, body
    assert body["data"] == []
    # The stream: the same authenticators answer it (the owner, every topic).
    stream = SSEClient(None, conn=UnixConnection(sock))
    try:
        assert stream.status == 200, stream.json
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers.get("x-ratelimit-limit") is None
        assert stream.next(5, skip_comments=False)["retry"] == "3000"
        response, body = request(
            UnixConnection(sock), "POST", "/v1/messages", headers={"Content-Type": "application/json"},
            body=json.dumps({"body": "over the socket"}),
        )
        assert response.status == 201, body
        frame = stream.next(10)
        assert frame["event"] == "message.posted"
        assert frame["json"]["team"] == "local" and frame["json"]["data"]["id"] == body["id"]
    finally:
        stream.close()
    response, polled = request(UnixConnection(sock), "GET", "/v1/events")
    assert [e["topic"] for e in polled["data"]] == ["message.posted"]
    # Over loopback HTTP a token is still needed, for the stream as for the poll.
    refused = SSEClient(port)
    assert (refused.status, refused.json["error"]["code"]) == (401, "unauthorized")
    assert refused.headers["www-authenticate"] == "Bearer"
    response, body = request(http.client.HTTPConnection("127.0.0.1", port, timeout=10), "GET", "/v1/events")
    assert (response.status, body["error"]["code"]) == (401, "unauthorized")
    token = manage(["daemon", "token"], env, checkout).stdout.strip().splitlines()[-1]
    allowed = SSEClient(port, token)
    try:
        assert allowed.status == 200, allowed.json
    finally:
        allowed.close()


def test_expired_daemon_token(daemon, env, checkout):
    _, port = daemon()
    token = manage(["daemon", "token", "--ttl", "1s"], env, checkout).stdout.strip().splitlines()[-1]
    time.sleep(1.5)
    response, body = request(
        http.client.HTTPConnection("127.0.0.1", port, timeout=10), "GET", "/v1/status",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status == 401
    assert body["error"]["code"] == "token_expired"


def test_cors_only_with_the_named_origin(daemon, env, checkout):
    _, port = daemon("--cors", "http://localhost:3000")
    token = manage(["daemon", "token"], env, checkout).stdout.strip().splitlines()[-1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    auth = {"Authorization": f"Bearer {token}"}
    response, _ = request(conn, "GET", "/v1/status", headers={**auth, "Origin": "http://localhost:3000"})
    assert response.getheader("Access-Control-Allow-Origin") == "http://localhost:3000"
    assert response.getheader("Access-Control-Allow-Credentials") is None
    response, _ = request(conn, "GET", "/v1/status", headers={**auth, "Origin": "http://evil.example"})
    assert response.getheader("Access-Control-Allow-Origin") is None


def test_no_cors_by_default(daemon, env, checkout):
    _, port = daemon()
    token = manage(["daemon", "token"], env, checkout).stdout.strip().splitlines()[-1]
    response, _ = request(
        http.client.HTTPConnection("127.0.0.1", port, timeout=10), "GET", "/v1/status",
        headers={"Authorization": f"Bearer {token}", "Origin": "http://localhost:3000"},
    )
    assert response.status == 200
    assert response.getheader("Access-Control-Allow-Origin") is None


def test_socket_in_use_and_stale_socket(daemon, env, checkout, tmp_path):
    sock, _ = daemon()
    other = dict(env)
    other["AURA_VAR_DIR"] = str(tmp_path / "var2")
    Path(other["AURA_VAR_DIR"]).mkdir()
    result = manage(["daemon", "start", "--socket", sock, "--detach"], other, checkout, check=False)
    assert result.returncode != 0
    assert "in use" in result.stderr
    # A stale socket file left by a dead daemon is replaced.
    stale = tmp_path / "stale.sock"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(stale))
    s.close()
    assert stale.exists()
    result = manage(["daemon", "start", "--socket", str(stale), "--detach"], other, checkout, check=False)
    try:
        assert result.returncode == 0, result.stderr
        response, body = request(UnixConnection(str(stale)), "GET", "/v1/status")
        assert response.status == 200, body
    finally:
        manage(["daemon", "stop"], other, checkout, check=False)


def test_bad_arguments(env, checkout, tmp_path):
    result = manage(["daemon", "start", "--http", "0.0.0.0:7420"], env, checkout, check=False)
    assert result.returncode != 0
    assert "non-loopback" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    if os.geteuid() == 0:
        # root may write anywhere: a missing directory is the unwritable case then.
        target = tmp_path / "missing" / "d.sock"
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "d.sock"
    result = manage(["daemon", "start", "--socket", str(target)], env, checkout, check=False)
    assert result.returncode != 0
    assert "writable" in result.stderr
    result = manage(["daemon", "stop"], env, checkout, check=False)
    assert result.returncode != 0 and "no daemon" in result.stderr


def test_intents_without_repo_or_branch_get_the_checkout(daemon, env, checkout):
    sock, port = daemon()
    subprocess.run(["git", "remote", "add", "origin", "git@github.com:acme/widgets.git"], cwd=checkout, check=True)

    def post(body):
        response, data = request(
            UnixConnection(sock), "POST", "/v1/intents",
            headers={"Content-Type": "application/json"}, body=json.dumps(body),
        )
        assert response.status == 201, data
        return data

    first = post({"summary": "Port the loader"})
    assert (first["repo"], first["branch"]) == ("acme/widgets", "feat/login")
    # The branch checked out when the intent arrives, not when the daemon started.
    subprocess.run(["git", "checkout", "-q", "-b", "fix/typo"], cwd=checkout, check=True)
    assert (post({"summary": "Fix a typo"})["repo"], post({"summary": "again"})["branch"]) == ("acme/widgets", "fix/typo")
    # An intent that names either keeps what it says.
    named = post({"summary": "Elsewhere", "repo": "other/repo"})
    assert (named["repo"], named["branch"]) == ("other/repo", None)
    named = post({"summary": "Elsewhere", "branch": "main"})
    assert (named["repo"], named["branch"]) == (None, "main")
    # No origin remote: the checkout's top-level path.
    subprocess.run(["git", "remote", "remove", "origin"], cwd=checkout, check=True)
    assert (post({"summary": "No remote"})["repo"]) == str(checkout)
    # The same over loopback with a daemon token.
    token = manage(["daemon", "token"], env, checkout).stdout.strip().splitlines()[-1]
    response, data = request(
        http.client.HTTPConnection("127.0.0.1", port, timeout=10), "POST", "/v1/intents",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        body=json.dumps({"summary": "Over loopback"}),
    )
    assert response.status == 201, data
    assert (data["repo"], data["branch"]) == (str(checkout), "fix/typo")


@pytest.mark.parametrize("url, expected", [
    ("git@github.com:acme/widgets.git", "acme/widgets"),
    ("https://github.com/acme/widgets", "acme/widgets"),
    ("https://github.com/acme/widgets.git/", "acme/widgets"),
    ("ssh://git@git.example:2222/acme/widgets.git", "acme/widgets"),
    ("https://gitlab.example/group/sub/widgets.git", "sub/widgets"),
    ("/srv/git/widgets.git", "git/widgets"),
    ("", None),
])
def test_origin_name(url, expected):
    from accounts.local import origin_name

    assert origin_name(url) == expected


@pytest.mark.django_db
def test_team_mode_leaves_repo_and_branch_empty(world, tmp_path, monkeypatch):
    from tests.conftest import ApiClient

    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "feat/login"], cwd=repo, check=True)
    monkeypatch.setenv("AURA_LOCAL_REPO_DIR", str(repo))
    r = ApiClient(world.alice_token).post("/v1/intents", {"summary": "Port the loader [ENG-123]"})
    assert r.status_code == 201, r.content
    assert (r.json()["repo"], r.json()["branch"]) == (None, None)
