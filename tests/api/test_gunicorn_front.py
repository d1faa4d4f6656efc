"""gunicorn with deploy/gunicorn.conf.py (the REST API's production server):
a request line up to 8190 bytes reaches Django, and what gunicorn refuses
itself (414, 431, 400) is answered in the API's JSON error shape, never as
gunicorn's HTML page."""

import json
import socket
import subprocess
import time

import pytest

from events.testing import BIN, ROOT, free_port
from tests.conftest import subprocess_env

pytestmark = pytest.mark.slow

CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    port = free_port()
    env = subprocess_env(tmp_path_factory.mktemp("gunicorn"))
    log = open(tmp_path_factory.mktemp("logs") / "gunicorn.log", "ab")
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(CONFIG), "-b", f"127.0.0.1:{port}", "-w", "1", "aura_site.wsgi:application"],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            assert proc.poll() is None, "gunicorn exited"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not listen"
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


def exchange(port, raw):
    """Send raw bytes; the answer's status, headers (lower-cased) and body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def request(path, extra_headers=()):
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *extra_headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def assert_json_error(status, headers, body, expected_status, code):
    assert status == expected_status, (status, body[:300])
    assert headers["content-type"] == "application/json", body[:300]
    err = json.loads(body)["error"]
    assert err["code"] == code and err["message"]
    assert err["request_id"] == headers["x-request-id"] and err["request_id"].startswith("req_")
    assert headers["x-aura-version"] == "0.1.0"
    return err


def test_a_long_request_line_within_the_limit_reaches_django(gunicorn):
    # 6000 bytes: over gunicorn's default of 4094, under the configured 8190.
    status, headers, body = exchange(gunicorn, request("/v1/status?x=" + "a" * 6000))
    err = assert_json_error(status, headers, body, 401, "unauthorized")  # Django's answer
    assert err["request_id"] == headers["x-request-id"]


def test_a_request_line_over_the_limit_is_414_json(gunicorn):
    err = assert_json_error(*exchange(gunicorn, request("/v1/status?x=" + "a" * 9000)), 414, "invalid_parameter")
    assert "8190" in err["hint"]


def test_headers_over_the_limits_are_431_json(gunicorn):
    big = request("/v1/status", ["X-Big: " + "a" * 9000])
    assert_json_error(*exchange(gunicorn, big), 431, "invalid_parameter")
    many = request("/v1/status", [f"X-H{n}: v" for n in range(120)])
    assert_json_error(*exchange(gunicorn, many), 431, "invalid_parameter")


def test_a_malformed_request_is_400_json(gunicorn):
    assert_json_error(*exchange(gunicorn, b"NOT A REQUEST LINE\r\n\r\n"), 400, "invalid_parameter")
