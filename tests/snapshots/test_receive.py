"""Raw snapshot bodies read straight from gunicorn's socket
(snapshots/receive.py): over gunicorn's own body classes on a socket pair,
and through a real gunicorn worker sharing the test database."""

import hashlib
import json
import os
import socket
import threading
import urllib.request
import uuid
from types import SimpleNamespace

import pytest
from django.db import connection
from gunicorn.http.body import Body, LengthReader
from gunicorn.http.unreader import SocketUnreader

from aura_site.api import errors
from events import testing
from snapshots import receive, storage
from snapshots.models import Blob, Snapshot
from tests.conftest import make_member, make_team, make_token


def gunicorn_request(body_bytes, length=None, ahead=b"", after=b"", close=True):
    """A request whose wsgi.input is gunicorn's Body over one end of a socket
    pair; the other end sends ``body_bytes`` (whatever ``ahead`` does not
    already hold) and ``after`` (a next request's bytes)."""
    ours, theirs = socket.socketpair()
    length = len(ahead) + len(body_bytes) if length is None else length
    unreader = SocketUnreader(ours)
    if ahead:
        unreader.unread(ahead)
    body = Body(LengthReader(unreader, length))

    def send():
        theirs.sendall(body_bytes + after)
        if close:
            theirs.shutdown(socket.SHUT_WR)

    sender = threading.Thread(target=send)
    sender.start()
    request = SimpleNamespace(META={"wsgi.input": body}, _request=SimpleNamespace(_read_started=False), stream=body)
    return request, body, unreader, sender, (ours, theirs)


def test_reads_what_gunicorn_read_ahead_then_the_socket_and_leaves_the_next_request():
    data = os.urandom(3 * storage.CHUNK_SIZE + 123)
    request, body, unreader, sender, socks = gunicorn_request(data[5000:], ahead=data[:5000], after=b"GET /next")
    try:
        chunks = [bytes(c) for c in receive.body_chunks(request)]
        sender.join(5)
        assert b"".join(chunks) == data
        assert max(len(c) for c in chunks) <= storage.CHUNK_SIZE
        assert body.reader.length == 0 and body.read() == b""  # gunicorn sees the body consumed
        rest = unreader.take_buffered() + socks[0].recv(100)
        assert rest == b"GET /next"
    finally:
        for s in socks:
            s.close()


def test_read_ahead_past_the_body_stays_with_gunicorn():
    request, body, unreader, sender, socks = gunicorn_request(b"", length=4, ahead=b"abcdGET /next", close=False)
    try:
        assert b"".join(bytes(c) for c in receive.body_chunks(request)) == b"abcd"
        assert body.reader.length == 0 and unreader.take_buffered() == b"GET /next"
    finally:
        sender.join(5)
        for s in socks:
            s.close()


def test_a_body_cut_short_is_refused_and_nothing_kept(spool_paths):
    request, body, unreader, sender, socks = gunicorn_request(b"x" * 1000, length=10_000)
    try:
        with pytest.raises(errors.ApiError) as caught:
            receive.spool_body(request, 10_000, limit=10_000)
        assert caught.value.code == "validation_failed" and caught.value.status_code == 400
        assert "1000 of the 10000 bytes" in caught.value.message
        assert spool_paths and not os.path.exists(spool_paths[0])
    finally:
        sender.join(5)
        for s in socks:
            s.close()


def test_a_socket_error_marks_gunicorns_body_failed():
    """gunicorn must not reuse a connection whose body broke off mid-read."""
    request, body, unreader, sender, socks = gunicorn_request(b"x" * 10, length=100, close=False)
    sender.join(5)
    socks[0].settimeout(0.2)  # the rest never comes: the receive times out (an OSError)
    with pytest.raises(OSError):
        for _ in receive.body_chunks(request):
            pass
    assert body.failed is True and body.reader.length == 90  # the 10 bytes received are counted
    for s in socks:
        s.close()


def test_spool_files_a_day_old_are_swept(settings, tmp_path, monkeypatch):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "incoming"
    assert receive.storage.incoming_dir(now=1_000_000.0) == settings.FILE_UPLOAD_TEMP_DIR  # made
    old, fresh, other = (settings.FILE_UPLOAD_TEMP_DIR / name for name in ("a.upload", "b.upload", "keep.txt"))
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    day = storage.STALE_SPOOL_SECONDS
    os.utime(old, (1_000_000.0 - day - 10,) * 2)
    os.utime(other, (1_000_000.0 - day - 10,) * 2)
    os.utime(fresh, (1_000_000.0 - 60,) * 2)
    storage.incoming_dir(now=1_000_000.0 + 10)  # within the hour: nothing looked at
    assert old.exists()
    storage.incoming_dir(now=1_000_000.0 + storage.SWEEP_EVERY_SECONDS)
    assert not old.exists() and fresh.exists() and other.exists()


def test_other_servers_and_started_bodies_read_through_the_stream():
    class Stream:
        def __init__(self, data):
            self.data, self.reads = data, 0

        def read(self, n):
            self.reads += 1
            out, self.data = self.data[:n], self.data[n:]
            return out

    plain = SimpleNamespace(META={"wsgi.input": object()}, _request=SimpleNamespace(), stream=Stream(b"abc" * 1000))
    assert b"".join(receive.body_chunks(plain)) == b"abc" * 1000 and plain.stream.reads == 2

    request, body, unreader, sender, socks = gunicorn_request(b"0123456789")
    try:
        request._request._read_started = True  # someone began reading it through Django
        request.stream = Stream(b"from the stream")
        assert b"".join(receive.body_chunks(request)) == b"from the stream"
        assert body.reader.length == 10  # the socket was left alone
    finally:
        sender.join(5)
        for s in socks:
            s.close()


# --- through a real gunicorn worker ----------------------------------------------------------------


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("blobs")


@pytest.fixture(scope="module")
def gunicorn(live_db, media, tmp_path_factory):
    env = testing.server_env(live_db, AURA_MEDIA_ROOT=media, REDIS_URL=None)
    server = testing.Server(env, kind="gunicorn", workers=1, log_path=tmp_path_factory.mktemp("logs") / "g.log")
    server.start()
    yield server
    server.stop()


def _call(server, method, path, token, data=None, headers=None):
    req = urllib.request.Request(server.url + path, data=data, method=method,
                                 headers={"Authorization": f"Bearer {token}", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_uploads_through_gunicorn_are_byte_exact(gunicorn, live_db, media):
    assert connection.settings_dict["NAME"] in live_db
    team = make_team(f"r-{uuid.uuid4().hex[:8]}")
    token = make_token(make_member(team, "ada", role="admin"))
    for data, mime in ((os.urandom(3 * storage.CHUNK_SIZE + 1), "application/octet-stream"),
                       (("héllo ☕\n" * 200_000).encode(), "text/plain")):
        status, body = _call(gunicorn, "POST", f"/v1/snapshots?path=up/{len(data)}.bin", token, data,
                             {"Content-Type": mime})
        assert status == 201, body
        snap = json.loads(body)
        assert snap["size"] == len(data) and snap["sha256"] == hashlib.sha256(data).hexdigest()
        status, content = _call(gunicorn, "GET", f"/v1/snapshots/{snap['id']}/content", token)
        assert status == 200 and content == data
    # Each body spooled beside the blobs and was renamed into place: nothing is left behind.
    assert (media / ".incoming").is_dir() and list((media / ".incoming").iterdir()) == []


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_upload_cut_short_through_gunicorn_stores_nothing(gunicorn, live_db, media):
    team = make_team(f"c-{uuid.uuid4().hex[:8]}")
    token = make_token(make_member(team, "ada", role="admin"))
    files_before = sorted(p for p in media.rglob("*") if p.is_file())
    with socket.create_connection(("127.0.0.1", gunicorn.port), timeout=30) as s:
        s.sendall(
            b"POST /v1/snapshots?path=cut.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"Authorization: Bearer {token}\r\n".encode()
            + b"Content-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n"
            + b"z" * 70_000
        )
        s.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    head, _, payload = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), head
    error = json.loads(payload)["error"]
    assert error["code"] == "validation_failed" and "70000 of the 1048576 bytes" in error["message"]
    assert not Snapshot.objects.filter(team=team).exists() and not Blob.objects.filter(team=team).exists()
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files_before
