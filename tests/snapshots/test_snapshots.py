"""Snapshots: JSON and raw uploads, content-addressed storage (dedupe, no
orphans), streamed content with Accept / ETag / 304 and the safety headers,
413, 423 with its event and sentinel message, batch, filters, scopes, tenancy,
pagination and query counts."""

import base64
import datetime as dt
import hashlib
import io
import os

import pytest
from django.http.request import HttpRequest
from django.utils import timezone

from aura_site.api import errors
from events.models import Event
from messages.models import Message
from snapshots import content, storage
from snapshots.models import Blob, Snapshot
from tests.conftest import assert_error, make_member, make_token
from zones import claims

TEXT = "def refresh(session):\r\n    return session  # café ☕\n\n"
BINARY = bytes(range(256)) * 3


@pytest.fixture(autouse=True)
def blobs(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "blobs")
    return tmp_path / "blobs"


def stored_files(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root) for f in files)


def nothing_stored(root):
    assert not Snapshot.objects.exists()
    assert not Blob.objects.exists()
    assert stored_files(root) == []
    assert not Event.objects.filter(topic="snapshot.created").exists()
    return True


def take(client, status=201, **body):
    r = client.post("/v1/snapshots", body)
    assert r.status_code == status, r.content
    return r.json()


def upload(client, data, status=201, mime="application/octet-stream", **params):
    r = client.post("/v1/snapshots", raw=data, content_type=mime, params=params)
    assert r.status_code == status, r.content
    return r.json()


def download(client, snapshot_id, **headers):
    return client.get(f"/v1/snapshots/{snapshot_id}/content", headers=headers)


def body_of(response):
    assert response.streaming
    return b"".join(response.streaming_content)


# --- round trips ---------------------------------------------------------------------


def test_text_round_trip_is_byte_exact(api, world, blobs):
    client = api(world.alice_token)
    snap = take(client, path="src/auth/session.py", content=TEXT, branch="feat/login", repo="acme/app",
                commit_sha="abc1234")
    raw = TEXT.encode("utf-8")
    assert snap["id"].startswith("snp_")
    assert snap["sha256"] == hashlib.sha256(raw).hexdigest() and snap["size"] == len(raw)
    assert (snap["path"], snap["branch"], snap["repo"], snap["commit_sha"]) == (
        "src/auth/session.py", "feat/login", "acme/app", "abc1234")
    assert snap["content_type"] == "text/plain; charset=utf-8"  # what the bytes are; no guess from ".py"
    assert snap["author"] == {"id": world.alice.id, "name": "alice", "kind": "human"}
    assert snap["team"] == "acme" and snap["content_url"] == f"/v1/snapshots/{snap['id']}/content"
    assert client.get(f"/v1/snapshots/{snap['id']}").json() == snap
    r = download(client, snap["id"])
    assert r.status_code == 200
    assert body_of(r) == raw
    assert r["Content-Type"] == "text/plain; charset=utf-8"
    assert r["Content-Length"] == str(len(raw))
    event = Event.objects.get(topic="snapshot.created")
    assert event.data == snap and event.actor == world.alice.id


def test_binary_round_trip_by_base64_is_byte_exact(api, world):
    client = api(world.bob_token)
    encoded = base64.b64encode(BINARY).decode()
    wrapped = "\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))  # MIME line breaks are fine
    snap = take(client, path="assets/blob.bin", content_base64=wrapped)
    assert snap["content_type"] == "application/octet-stream" and snap["size"] == len(BINARY)
    assert body_of(download(client, snap["id"])) == BINARY


def test_raw_upload_round_trip(api, world):
    client = api(world.bob_token)
    snap = upload(client, BINARY, mime="image/png", path="img/logo.png", branch="main", commit_sha="DEADBEEF")
    assert snap["content_type"] == "image/png" and snap["branch"] == "main" and snap["commit_sha"] == "DEADBEEF"
    assert snap["sha256"] == hashlib.sha256(BINARY).hexdigest()
    r = download(client, snap["id"])
    assert body_of(r) == BINARY and r["Content-Type"] == "application/octet-stream"
    r = download(client, snap["id"], Accept="image/png")
    assert body_of(r) == BINARY and r["Content-Type"] == "image/png"


def test_raw_upload_content_type(api, world):
    client = api(world.bob_token)
    # the request's Content-Type, unless generic; the content_type parameter wins
    assert upload(client, b"fn main() {}\n", mime="text/x-rust", path="src/main.rs")["content_type"] == "text/x-rust"
    assert upload(client, b"{}", path="notes", content_type="application/json")["content_type"] == "application/json"
    assert upload(client, b"{}", mime="text/plain", path="n", content_type="application/json")["content_type"] == "application/json"
    assert upload(client, b"a=b", mime="application/x-www-form-urlencoded", path="a.txt")["content_type"] == "text/plain; charset=utf-8"
    assert upload(client, b"plain words", path="README")["content_type"] == "text/plain; charset=utf-8"
    assert upload(client, b"\xff\xfe\x00", path="data.txt")["content_type"] == "application/octet-stream"
    # A declared type is recorded as given; without one, no guess from the name.
    assert upload(client, b"x", mime="Text/X-Rust; charset=utf-8", path="a.rs")["content_type"] == "Text/X-Rust; charset=utf-8"
    assert upload(client, BINARY, path="img/logo.png")["content_type"] == "application/octet-stream"
    assert take(client, path="a.json", content="{}")["content_type"] == "text/plain; charset=utf-8"
    assert take(client, path="a.bin", content="{}", content_type="application/octet-stream")["content_type"] == (
        "application/octet-stream")


@pytest.mark.parametrize("path", ["src/main.rs", "index.html", "data.json", "notes.md", "x.ts", "Makefile"])
def test_no_media_type_is_guessed_from_the_file_name(api, world, path):
    """A .rs file came back as application/rls-services+xml (the host's
    mimetypes tables): the type comes from what was declared or the bytes."""
    client = api(world.alice_token)
    for snap in (take(client, path=path, content="fn main() {}\n"), upload(client, b"fn main() {}\n", path=path)):
        assert snap["content_type"] == "text/plain; charset=utf-8"
        for accept in (None, "*/*"):
            r = download(client, snap["id"], **({"Accept": accept} if accept else {}))
            assert r["Content-Type"] == "text/plain; charset=utf-8"
            assert r["X-Content-Type-Options"] == "nosniff" and r["Content-Security-Policy"] == "sandbox"
    for snap in (take(client, path=path, content_base64=base64.b64encode(BINARY).decode()), upload(client, BINARY, path=path)):
        assert snap["content_type"] == "application/octet-stream"
        assert download(client, snap["id"], Accept="*/*")["Content-Type"] == "application/octet-stream"


def test_empty_file_by_json(api, world):
    snap = take(api(world.bob_token), path="pkg/__init__.py", content="")
    assert snap["size"] == 0 and snap["sha256"] == hashlib.sha256(b"").hexdigest()
    assert body_of(download(api(world.bob_token), snap["id"])) == b""


def test_raw_upload_never_reads_the_body_whole(api, world, monkeypatch):
    """A raw upload is streamed to storage in chunks: HttpRequest.body (the
    whole body in memory) is never touched, even with an Idempotency-Key."""

    def whole_body(self):
        raise AssertionError("the raw upload read the whole body into memory")

    monkeypatch.setattr(HttpRequest, "body", property(whole_body))
    data = os.urandom(3 * storage.CHUNK_SIZE + 123)
    client = api(world.bob_token)
    r = client.post("/v1/snapshots", raw=data, content_type="application/octet-stream",
                    params={"path": "big.bin"}, headers={"Idempotency-Key": "upload-1"})
    assert r.status_code == 201, r.content
    snap = r.json()
    assert snap["size"] == len(data) and snap["sha256"] == hashlib.sha256(data).hexdigest()
    again = client.post("/v1/snapshots", raw=data, content_type="application/octet-stream",
                        params={"path": "big.bin"}, headers={"Idempotency-Key": "upload-1"})
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == snap["id"]
    assert Snapshot.objects.count() == 1


def test_spool_reads_in_chunks_and_refuses_past_the_limit(spool_paths):
    class Recording(io.BytesIO):
        sizes = []

        def read(self, n=-1):
            self.sizes.append(n)
            return super().read(n)

    data = os.urandom(5 * storage.CHUNK_SIZE)
    stream = Recording(data)
    with storage.spool_stream(stream, limit=len(data)) as spool:
        assert spool.size == len(data) and spool.sha256 == hashlib.sha256(data).hexdigest()
        assert spool.file.read() == data
        path = spool.file.temporary_file_path()
    assert set(Recording.sizes) == {storage.CHUNK_SIZE}
    assert not os.path.exists(path)

    with pytest.raises(errors.ApiError) as exc:
        storage.spool_stream(io.BytesIO(data), limit=len(data) - 1)
    assert exc.value.code == "payload_too_large" and exc.value.status_code == 413
    assert len(spool_paths) == 2 and not os.path.exists(spool_paths[1])  # the partial temporary file is gone


@pytest.mark.parametrize(
    "data,is_text",
    [(b"", True), (b"plain", True), ("héllo ☕".encode(), True), (b"a\x00b", False), (b"\xff", False),
     ("☕".encode()[:2], False)],
)
def test_text_detection(data, is_text):
    with storage.spool_bytes(data) as spool:
        assert spool.is_text is is_text


@pytest.mark.parametrize(
    "data,is_text",
    [
        (("é" * storage.CHUNK_SIZE).encode(), True),  # two-byte characters split across chunks
        (b"a" * (storage.CHUNK_SIZE - 1) + "é".encode() + b"a" * 10, True),
        (b"a" * (storage.CHUNK_SIZE - 1) + b"\xc3" + b"a" * 10, False),  # a cut sequence, then ASCII
        (b"a" * storage.CHUNK_SIZE + b"\x00", False),
    ],
)
def test_text_detection_across_chunk_boundaries(data, is_text):
    with storage.spool_stream(io.BytesIO(data), limit=len(data)) as spool:
        assert spool.is_text is is_text


# --- dedupe --------------------------------------------------------------------------


def test_same_content_is_stored_once_per_team(api, world, blobs):
    alice, bob, gina = api(world.alice_token), api(world.bob_token), api(world.gina_token)
    first = take(alice, path="a.txt", content="same bytes")
    second = upload(bob, b"same bytes", path="b/c.txt", branch="dev")
    assert first["sha256"] == second["sha256"] and first["id"] != second["id"]
    assert Blob.objects.filter(team=world.acme).count() == 1
    assert Snapshot.objects.count() == 2
    assert len(stored_files(blobs)) == 1
    take(gina, path="a.txt", content="same bytes")
    assert Blob.objects.count() == 2 and len(stored_files(blobs)) == 2  # other team, own copy
    assert body_of(download(bob, first["id"])) == b"same bytes"


def test_a_leftover_file_is_reused_not_duplicated(api, world, blobs):
    """A file whose row was lost (e.g. a crash after the write) is reused by
    the next upload of the same bytes."""
    snap = take(api(world.alice_token), path="a.txt", content="abc")
    Snapshot.objects.all().delete()
    Blob.objects.all().delete()
    assert len(stored_files(blobs)) == 1
    again = take(api(world.alice_token), path="a.txt", content="abc")
    assert again["sha256"] == snap["sha256"]
    assert len(stored_files(blobs)) == 1
    assert body_of(download(api(world.alice_token), again["id"])) == b"abc"


def test_deleting_a_team_deletes_its_blob_files(api, world, blobs, django_capture_on_commit_callbacks):
    take(api(world.gina_token), path="a.txt", content="globex data")
    take(api(world.alice_token), path="a.txt", content="acme data")
    with django_capture_on_commit_callbacks(execute=True):
        world.globex.delete()
    assert Blob.objects.count() == 1
    assert len(stored_files(blobs)) == 1 and world.acme.id in stored_files(blobs)[0]


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body,field",
    [
        ({}, "path"),
        ({"content": "x"}, "path"),
        ({"path": "", "content": "x"}, "path"),
        ({"path": "../etc/passwd", "content": "x"}, "path"),
        ({"path": "src/../../x", "content": "x"}, "path"),
        ({"path": "/etc/passwd", "content": "x"}, "path"),
        ({"path": "a\x00b", "content": "x"}, "path"),
        ({"path": "src/*.py", "content": "x"}, "path"),
        ({"path": "a.txt"}, "content"),
        ({"path": "a.txt", "content": "x", "content_base64": "eA=="}, "content"),
        ({"path": "a.txt", "content_base64": "not base64!"}, "content_base64"),
        ({"path": "a.txt", "content_base64": "eA="}, "content_base64"),
        ({"path": "a.txt", "content": 42}, "content"),
        ({"path": "a.txt", "content": "x", "commit_sha": "not-a-sha"}, "commit_sha"),
        ({"path": "a.txt", "content": "x", "content_type": "text"}, "content_type"),
        ({"path": "a.txt", "content": "x", "content_type": "text/html\r\nX-Evil: 1"}, "content_type"),
        ({"path": "a.txt", "content": "x", "branch": ""}, "branch"),
    ],
)
def test_bad_json_snapshots_store_nothing(api, world, blobs, body, field):
    err = assert_error(api(world.alice_token).post("/v1/snapshots", body), 400, "validation_failed")
    assert field in err["fields"], err
    assert nothing_stored(blobs)


@pytest.mark.parametrize(
    "params,data,code,status",
    [
        ({"path": "../x"}, b"data", "validation_failed", 400),
        ({"path": "/abs"}, b"data", "validation_failed", 400),
        ({"path": ""}, b"data", "validation_failed", 400),
        ({"path": "a.bin", "commit_sha": "zz"}, b"data", "validation_failed", 400),
        ({"path": "a.bin"}, b"", "validation_failed", 400),
        ({"path": "a.bin", "colour": "red"}, b"data", "invalid_parameter", 400),
    ],
)
def test_bad_raw_uploads_store_nothing(api, world, blobs, params, data, code, status):
    client = api(world.alice_token)
    assert_error(client.post("/v1/snapshots", raw=data, content_type="application/octet-stream", params=params),
                 status, code)
    assert nothing_stored(blobs)


def test_body_that_is_not_json_without_a_path(api, world, blobs):
    client = api(world.alice_token)
    assert_error(client.post("/v1/snapshots", raw=b"bytes", content_type="application/octet-stream"),
                 415, "unsupported_media_type")
    assert_error(client.post("/v1/snapshots", raw=b'{"path": ', content_type="application/json"), 400, "invalid_json")
    assert_error(client.post("/v1/snapshots", {"path": "a", "content": "x"}, params={"branch": "x"}),
                 400, "invalid_parameter")
    assert nothing_stored(blobs)


def test_content_over_the_limit_is_a_413_and_stores_nothing(api, world, blobs, settings):
    settings.AURA_SNAPSHOT_MAX_BYTES = 1000
    client = api(world.alice_token)
    assert_error(client.post("/v1/snapshots", {"path": "a.txt", "content": "x" * 1001}), 413, "payload_too_large")
    assert_error(client.post("/v1/snapshots", {"path": "a.bin", "content_base64": base64.b64encode(b"\0" * 1001).decode()}),
                 413, "payload_too_large")
    assert_error(client.post("/v1/snapshots", raw=b"x" * 1001, content_type="application/octet-stream",
                             params={"path": "a.bin"}), 413, "payload_too_large")
    r = client.post("/v1/snapshots:batch", {"snapshots": [{"path": "a", "content": "x" * 1001}]})
    assert r.status_code == 200 and r.json()[0]["err"]["code"] == "payload_too_large"
    assert nothing_stored(blobs)
    # exactly at the limit is fine
    assert take(client, path="a.txt", content="x" * 1000)["size"] == 1000
    assert upload(client, b"y" * 1000, path="b.bin")["size"] == 1000


def test_default_limit_is_10_mib(api, world, blobs):
    client = api(world.alice_token)
    ten_mib = 10 * 1024 * 1024
    assert_error(client.post("/v1/snapshots", raw=b"\0" * (ten_mib + 1), content_type="application/octet-stream",
                             params={"path": "huge.bin"}), 413, "payload_too_large")
    assert nothing_stored(blobs)
    assert upload(client, b"\0" * ten_mib, path="max.bin")["size"] == ten_mib


# --- content negotiation ---------------------------------------------------------------


@pytest.fixture
def text_and_binary(api, world):
    client = api(world.alice_token)
    text = take(client, path="src/app.py", content="print('hi')\n", content_type="text/x-python")
    binary = upload(client, BINARY, mime="image/png", path="img/logo.png")
    return client, text, binary


@pytest.mark.parametrize(
    "accept,which,expected",
    [
        (None, "text", "text/plain; charset=utf-8"),
        ("*/*", "text", "text/plain; charset=utf-8"),
        ("text/x-python", "text", "text/x-python"),
        ("text/x-python;q=0.5, */*", "text", "text/plain; charset=utf-8"),
        ("text/x-python, */*", "text", "text/x-python"),
        ("text/*", "text", "text/plain; charset=utf-8"),
        ("text/plain", "text", "text/plain; charset=utf-8"),
        ("application/octet-stream", "text", "application/octet-stream"),
        ("application/json, text/plain;q=0.5", "text", "text/plain; charset=utf-8"),
        ("text/plain;q=0.9, application/octet-stream", "text", "application/octet-stream"),
        ("*/*;q=0.1, text/plain", "text", "text/plain; charset=utf-8"),
        ("image/png", "binary", "image/png"),
        (None, "binary", "application/octet-stream"),
        ("application/*", "binary", "application/octet-stream"),
        ("*/*", "binary", "application/octet-stream"),
        ("nonsense, */*", "binary", "application/octet-stream"),
    ],
)
def test_accept_picks_the_representation(text_and_binary, accept, which, expected):
    client, text, binary = text_and_binary
    snap = text if which == "text" else binary
    r = download(client, snap["id"], **({"Accept": accept} if accept else {}))
    assert r.status_code == 200, r.content
    assert r["Content-Type"] == expected
    assert body_of(r) == (b"print('hi')\n" if which == "text" else BINARY)


@pytest.mark.parametrize(
    "accept,which",
    [
        ("image/png", "text"),
        ("application/json", "text"),
        ("text/plain", "binary"),
        ("text/*", "binary"),
        ("image/*", "binary"),
        ("*/*;q=0", "text"),
        ("text/plain;q=0, text/x-python;q=0, application/octet-stream;q=0", "text"),
    ],
)
def test_accept_nobody_can_satisfy_is_a_406(text_and_binary, accept, which):
    client, text, binary = text_and_binary
    snap = text if which == "text" else binary
    err = assert_error(download(client, snap["id"], Accept=accept), 406, "not_acceptable")
    assert "application/octet-stream" in err["available"]


def test_etag_and_if_none_match(text_and_binary):
    client, text, _ = text_and_binary
    r = download(client, text["id"])
    etag = r["ETag"]
    assert etag == f'"{text["sha256"]}"'
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        r = download(client, text["id"], **{"If-None-Match": header})
        assert r.status_code == 304, header
        assert r["ETag"] == etag and r.content == b""
        assert r["X-Content-Type-Options"] == "nosniff" and r["Content-Security-Policy"] == "sandbox"
    r = download(client, text["id"], **{"If-None-Match": '"something-else"'})
    assert r.status_code == 200 and body_of(r) == b"print('hi')\n"


def test_safety_headers(text_and_binary):
    client, text, binary = text_and_binary
    for snap, filename in ((text, "app.py"), (binary, "logo.png")):
        r = download(client, snap["id"])
        assert r["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert r["X-Content-Type-Options"] == "nosniff"
        assert r["Content-Security-Policy"] == "sandbox"
        assert "Accept" in r["Vary"]


def test_html_is_never_served_inline(api, world):
    client = api(world.alice_token)
    snap = take(client, path="evil.html", content="<script>alert(1)</script>", content_type="text/html")
    assert download(client, snap["id"])["Content-Type"] == "text/plain; charset=utf-8"
    r = download(client, snap["id"], Accept="text/html")
    assert r["Content-Type"] == "text/html"
    assert r["Content-Disposition"].startswith("attachment")
    assert r["Content-Security-Policy"] == "sandbox" and r["X-Content-Type-Options"] == "nosniff"


def test_unicode_file_names_are_encoded(api, world):
    client = api(world.alice_token)
    snap = take(client, path="docs/résumé \"final\".txt", content="x")
    disposition = download(client, snap["id"])["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''r%C3%A9sum%C3%A9" in disposition


def test_head_sends_headers_without_the_body(text_and_binary):
    client, text, _ = text_and_binary
    r = client.head(f"/v1/snapshots/{text['id']}/content")
    assert r.status_code == 200 and r["ETag"] == f'"{text["sha256"]}"'
    assert body_of(r) == b""


def test_content_is_streamed_in_blocks(api, world):
    data = os.urandom(2 * 1024 * 1024 + 7)
    client = api(world.alice_token)
    snap = upload(client, data, path="big.bin")
    r = download(client, snap["id"])
    chunks = list(r.streaming_content)
    assert len(chunks) > 1 and max(len(c) for c in chunks) <= 512 * 1024
    assert b"".join(chunks) == data


@pytest.mark.parametrize(
    "accept,stored,is_text,expected",
    [
        ("", "text/x-python", True, "text/plain; charset=utf-8"),
        ("", "image/png", False, "application/octet-stream"),
        ("TEXT/X-PYTHON", "text/x-python", True, "text/x-python"),
        ("TEXT/PLAIN", "text/x-python", True, "text/plain; charset=utf-8"),
        ("text/plain; charset=utf-8; q=0.8, */*; q=0.1", "image/png", False, "application/octet-stream"),
        ("text/plain; charset=utf-8; q=0.8, image/png; q=0.1", "image/png", False, "image/png"),
        ("application/octet-stream;q=1, image/png;q=1", "image/png", False, "image/png"),
        ("image/*", "image/png", False, None),
        ("image/*;q=0, */*", "image/png", False, "application/octet-stream"),
        ("text/plain;q=0", "text/plain; charset=utf-8", True, None),
        ("text/plain;q=0, */*;q=0.5", "text/plain; charset=utf-8", True, "application/octet-stream"),
        ("text/plain;q=abc", "text/x-c", True, "text/plain; charset=utf-8"),  # malformed ranges are ignored
        ("*/html", "text/html", True, "text/plain; charset=utf-8"),  # malformed: as if absent
        ("text/html", "text/html", True, "text/html"),
        ("*/*", "application/rls-services+xml", True, "text/plain; charset=utf-8"),
    ],
)
def test_negotiate_unit(accept, stored, is_text, expected):
    assert content.negotiate(accept, stored, is_text) == expected


# --- zones: 423 -------------------------------------------------------------------------


def block(client, paths, **extra):
    r = client.post("/v1/zones", {"paths": paths, "mode": extra.pop("mode", "block"), **extra})
    assert r.status_code == 201, r.content
    return r.json()


@pytest.mark.django_db(transaction=True)
def test_write_into_another_members_block_zone_is_a_423(api, world, blobs):
    zone = block(api(world.bob_token), ["src/billing/**"], reason="invoice refactor")
    alice = api(world.alice_token)
    err = assert_error(alice.post("/v1/snapshots", {"path": "src/billing/invoice.py", "content": "x"}), 423, "zone_blocked")
    assert [z["id"] for z in err["conflicts"]] == [zone["id"]]
    assert "bob" in err["message"] and zone["id"] in err["hint"]
    err = assert_error(alice.post("/v1/snapshots", raw=b"raw bytes", content_type="application/octet-stream",
                                  params={"path": "src/billing/tax.py"}), 423, "zone_blocked")
    assert nothing_stored(blobs)
    # The request rolled back, yet the block was recorded and announced.
    events = list(Event.objects.filter(topic="zone.blocked").order_by("seq"))
    assert [e.data["path"] for e in events] == ["src/billing/invoice.py", "src/billing/tax.py"]
    assert events[0].data["zone"]["id"] == zone["id"] and events[0].data["member"]["name"] == "alice"
    assert events[0].actor == world.alice.id and events[0].data["operation"] == "snapshot.create"
    sentinel = Message.objects.filter(channel="sentinel").order_by("id")
    assert sentinel.count() == 2 and "src/billing/invoice.py" in sentinel[0].body
    assert sentinel[0].subject_type == "zone" and sentinel[0].subject_id == zone["id"]
    assert Event.objects.filter(topic="message.posted").count() == 2


def test_zones_that_do_not_block(api, world, monkeypatch):
    bob, alice = api(world.bob_token), api(world.alice_token)
    block(bob, ["src/**"], branch="main")
    block(bob, ["docs/**"], mode="warn")
    block(alice, ["lib/**"])
    take(alice, path="src/a.py", content="x", branch="dev")  # another branch
    take(alice, path="docs/a.md", content="x")  # a warn zone
    take(alice, path="lib/a.py", content="x")  # her own zone
    take(bob, path="src/a.py", content="x", branch="main")  # his own zone
    assert_error(alice.post("/v1/snapshots", {"path": "src/a.py", "content": "x", "branch": "main"}), 423, "zone_blocked")
    assert_error(alice.post("/v1/snapshots", {"path": "src/a.py", "content": "x"}), 423, "zone_blocked")  # unknown branch
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(claims, "now", lambda: later)  # the zone expired
    take(alice, path="src/a.py", content="x", branch="main")
    assert Snapshot.objects.count() == 5


def test_batch_records_blocks_and_keeps_the_rest(api, world, blobs):
    zone = block(api(world.bob_token), ["src/**"])
    r = api(world.alice_token).post("/v1/snapshots:batch", {"snapshots": [
        {"path": "docs/a.md", "content": "a"},
        {"path": "src/b.py", "content": "b"},
        {"path": "docs/c.md", "content_base64": "Yw=="},
    ]})
    assert r.status_code == 200, r.content
    results = r.json()
    assert [list(x) for x in results] == [["ok"], ["err"], ["ok"]]
    assert results[1]["err"]["code"] == "zone_blocked"
    assert sorted(Snapshot.objects.values_list("path", flat=True)) == ["docs/a.md", "docs/c.md"]
    assert len(stored_files(blobs)) == 2
    event = Event.objects.get(topic="zone.blocked")
    assert event.data["path"] == "src/b.py" and event.data["zone"]["id"] == zone["id"]
    assert Message.objects.filter(channel="sentinel", subject_id=zone["id"]).count() == 1


# --- batch -------------------------------------------------------------------------------


def test_batch(api, world):
    client = api(world.alice_token)
    r = client.post("/v1/snapshots:batch", {"snapshots": [
        {"path": "a.txt", "content": "a", "idempotency_key": "k1"},
        {"path": "../b", "content": "b"},
        "not an object",
        {"path": "c.bin", "content_base64": "AAE="},
    ]})
    assert r.status_code == 200, r.content
    results = r.json()
    assert results[0]["ok"]["path"] == "a.txt"
    assert results[1]["err"]["code"] == "validation_failed" and "path" in results[1]["err"]["fields"]
    assert results[2]["err"]["code"] == "validation_failed"
    assert results[3]["ok"]["size"] == 2
    assert Snapshot.objects.count() == 2
    assert Event.objects.filter(topic="snapshot.created").count() == 2
    again = client.post("/v1/snapshots:batch", {"snapshots": [{"path": "a.txt", "content": "a", "idempotency_key": "k1"}]})
    assert again.json()[0]["ok"]["id"] == results[0]["ok"]["id"]
    assert Snapshot.objects.count() == 2


def test_batch_top_level_team_is_the_items_default(api, world):
    # As in intents:batch: a caller of several teams names the team once.
    make_member(world.globex, "alice", role="admin")
    client = api(make_token(world.alice, teams=[world.acme, world.globex]))
    r = client.post("/v1/snapshots:batch", {"team": "globex", "snapshots": [
        {"path": "a.txt", "content": "a"}, {"path": "b.txt", "content": "b", "team": "acme"},
    ]})
    assert r.status_code == 200, r.content
    assert [item["ok"]["team"] for item in r.json()] == ["globex", "acme"]
    r = client.post("/v1/snapshots:batch", {"snapshots": [{"path": "c.txt", "content": "c"}]})
    assert r.json()[0]["err"]["code"] == "team_required"


@pytest.mark.parametrize("body", [{}, {"snapshots": []}, {"snapshots": "x"}, {"snapshots": [{"path": "a", "content": "x"}] * 501}])
def test_bad_batches(api, world, blobs, body):
    assert_error(api(world.alice_token).post("/v1/snapshots:batch", body), 400, "validation_failed")
    assert nothing_stored(blobs)


# --- list -------------------------------------------------------------------------------


def test_filters(api, world):
    alice, bob = api(world.alice_token), api(world.bob_token)
    a = take(alice, path="src/app.py", content="1", branch="main", repo="acme/app")
    b = take(bob, path="src/auth/login.py", content="2", branch="dev")
    c = take(bob, path="docs/index.md", content="3", branch="main")
    Snapshot.objects.filter(pk=a["id"]).update(created_at=timezone.now() - dt.timedelta(days=10))

    def ids(**params):
        r = alice.get("/v1/snapshots", params=params)
        assert r.status_code == 200, r.content
        return [s["id"] for s in r.json()["data"]]

    assert ids() == [c["id"], b["id"], a["id"]]
    assert ids(file="src/app.py") == [a["id"]]
    assert ids(file="src/*.py") == [a["id"]]
    assert ids(file="src/**") == [b["id"], a["id"]]
    assert ids(file="**/*.md") == [c["id"]]
    assert ids(file="src/?pp.py") == [a["id"]]
    assert ids(file="src/[ab]*/*.py") == [b["id"]]
    assert ids(file="src/app.p") == []
    assert ids(branch="main") == [c["id"], a["id"]]
    assert ids(repo="acme/app") == [a["id"]]
    assert ids(author="bob") == [c["id"], b["id"]]
    assert ids(author=world.alice.id) == [a["id"]]
    assert ids(since="7d") == [c["id"], b["id"]]


@pytest.mark.parametrize(
    "params,code",
    [
        ({"colour": "red"}, "invalid_parameter"),
        ({"since": "yesterday-ish"}, "invalid_parameter"),
        ({"group_by": "path"}, "invalid_parameter"),
        ({"aggregate": "sum:bytes", "group_by": "branch"}, "invalid_parameter"),
        ({"limit": "many"}, "invalid_parameter"),
        ({"cursor": "forged"}, "invalid_cursor"),
    ],
)
def test_bad_list_parameters(api, world, params, code):
    assert_error(api(world.alice_token).get("/v1/snapshots", params=params), 400, code)


def test_group_by_branch_and_author(api, world):
    alice, bob = api(world.alice_token), api(world.bob_token)
    take(alice, path="a", content="12", branch="main")
    take(alice, path="b", content="123", branch="dev")
    take(bob, path="c", content="1", branch="main")
    assert alice.get("/v1/snapshots", params={"group_by": "branch"}).json()["data"] == [
        {"branch": "main", "count": 2}, {"branch": "dev", "count": 1},
    ]
    assert alice.get("/v1/snapshots", params={"group_by": "author"}).json()["data"] == [
        {"author": "alice", "count": 2}, {"author": "bob", "count": 1},
    ]
    assert alice.get("/v1/snapshots", params={"group_by": "author", "aggregate": "sum:size"}).json()["data"] == [
        {"author": "alice", "sum": 5}, {"author": "bob", "sum": 1},
    ]


def test_pagination_walks_every_snapshot_once(api, world):
    client = api(world.alice_token)
    made = [take(client, path=f"f{i}.txt", content=str(i))["id"] for i in range(7)]
    seen, cursor = [], None
    while True:
        body = client.get("/v1/snapshots", params={"limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        seen += [s["id"] for s in body["data"]]
        if not body["has_more"]:
            break
        cursor = body["next_cursor"]
    assert seen == list(reversed(made))


def test_list_query_count_does_not_grow_with_rows(api, world, django_assert_num_queries):
    client = api(world.alice_token)
    take(client, path="a.txt", content="a")
    # the token with its teams and members; snapshots with team, blob and author joined
    with django_assert_num_queries(2):
        assert len(client.get("/v1/snapshots").json()["data"]) == 1
    for i in range(15):
        take(api(world.bob_token) if i % 2 else client, path=f"src/f{i}.py", content=f"{i}", branch=f"b{i % 3}")
    with django_assert_num_queries(2):
        assert len(client.get("/v1/snapshots").json()["data"]) == 16
    with django_assert_num_queries(2):
        assert len(client.get("/v1/snapshots", params={"file": "src/*.py", "branch": "b1"}).json()["data"]) == 5


# --- scopes and tenancy ---------------------------------------------------------------------


def test_scopes(api, world, blobs):
    snap = take(api(world.bob_token), path="a.txt", content="a")
    reader = api(make_token(world.bob, ["read_snapshots"]))
    assert reader.get("/v1/snapshots").status_code == 200
    assert reader.get(f"/v1/snapshots/{snap['id']}").status_code == 200
    assert body_of(download(reader, snap["id"])) == b"a"
    err = assert_error(reader.post("/v1/snapshots", {"path": "b", "content": "b"}), 403, "scope_missing")
    assert "write_snapshots" in err["hint"]
    assert_error(reader.post("/v1/snapshots", raw=b"b", content_type="application/octet-stream", params={"path": "b"}),
                 403, "scope_missing")
    assert_error(reader.post("/v1/snapshots:batch", {"snapshots": [{"path": "b", "content": "b"}]}), 403, "scope_missing")
    writer = api(make_token(world.bob, ["write_snapshots"]))
    assert_error(writer.get("/v1/snapshots"), 403, "scope_missing")
    assert_error(writer.get(f"/v1/snapshots/{snap['id']}"), 403, "scope_missing")
    assert_error(download(writer, snap["id"]), 403, "scope_missing")
    assert_error(api(world.rita_token).post("/v1/snapshots", {"path": "b", "content": "b"}), 403, "scope_missing")
    assert_error(api().get(f"/v1/snapshots/{snap['id']}/content"), 401, "unauthorized")
    assert Snapshot.objects.count() == 1 and len(stored_files(blobs)) == 1


def test_another_teams_snapshot_is_a_404(api, world):
    snap = take(api(world.alice_token), path="secret.txt", content="acme only")
    gina = api(world.gina_token)
    assert gina.get("/v1/snapshots").json()["data"] == []
    assert_error(gina.get(f"/v1/snapshots/{snap['id']}"), 404, "not_found")
    assert_error(download(gina, snap["id"]), 404, "not_found")
    assert_error(download(gina, snap["id"], Accept="image/png"), 404, "not_found")
    assert_error(gina.get("/v1/snapshots", params={"team": "acme"}), 404, "not_found")
    assert_error(download(api(world.alice_token), "snp_nope"), 404, "not_found")


def test_member_of_two_teams_names_the_team(api, world):
    make_member(world.globex, "alice")
    client = api(make_token(world.alice, teams=[world.acme, world.globex]))
    assert_error(client.post("/v1/snapshots", {"path": "a", "content": "x"}), 400, "team_required")
    assert_error(client.post("/v1/snapshots", raw=b"x", content_type="application/octet-stream", params={"path": "a"}),
                 400, "team_required")
    assert take(client, path="a", content="x", team="globex")["team"] == "globex"
    assert upload(client, b"x", path="a", team="acme")["team"] == "acme"
    assert Blob.objects.count() == 2


def test_content_streams_under_asgi_too(api, world):
    """Under ASGI (daphne) the content goes out through an async iterator, a
    block at a time, instead of being read whole by Django's sync fallback."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    data = os.urandom(1024 * 1024 + 5)
    snap = upload(api(world.alice_token), data, path="big.bin")

    async def fetch():
        response = await AsyncClient().get(
            f"/v1/snapshots/{snap['id']}/content", headers={"Authorization": f"Bearer {world.alice_token}"}
        )
        assert response.is_async
        return response, [chunk async for chunk in response.streaming_content]

    response, chunks = async_to_sync(fetch)()
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox" and response["ETag"] == f'"{snap["sha256"]}"'
    assert len(chunks) == 3 and b"".join(chunks) == data


def test_admin_pages(client, api, world):
    from django.contrib.auth import get_user_model

    snap = take(api(world.alice_token), path="src/app.py", content="print(1)\n", branch="main")
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(admin)
    r = client.get("/admin/snapshots/snapshot/")
    assert r.status_code == 200 and b"src/app.py" in r.content
    assert client.get(f"/admin/snapshots/snapshot/{snap['id']}/change/").status_code == 200
    r = client.get("/admin/snapshots/blob/")
    assert r.status_code == 200 and snap["sha256"].encode() in r.content
    assert client.get("/admin/snapshots/snapshot/add/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_raw_upload_streams_before_the_transaction_opens(api, world, monkeypatch):
    """A slow upload must not hold SQLite's write lock (or an open PostgreSQL
    transaction) while its body arrives: it is spooled before the request's
    transaction begins."""
    from django.db import connection

    seen = []
    real = storage.spool_chunks

    def spy(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(storage, "spool_chunks", spy)
    snap = upload(api(world.alice_token), b"payload", path="a.bin")
    assert seen == [False]
    assert body_of(download(api(world.alice_token), snap["id"])) == b"payload"
