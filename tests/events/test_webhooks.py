"""Webhooks: the admin API, queueing in the event's transaction, delivery to a
local receiver (signature, retries, formats), the SSRF guard, and senders
racing on PostgreSQL."""

import hashlib
import hmac
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asgiref.sync import async_to_sync
from django.utils import timezone

from events import testing, webhooks
from events.log import record
from events.models import Delivery, Webhook
from tests.conftest import assert_error, make_team, need_postgres, need_redis


class Receiver:
    """An HTTP server on a free loopback port that records every request and
    answers from a script of (status, headers, delay) replies (the last repeats)."""

    def __init__(self, replies=((200, {}, 0),), host="127.0.0.1"):
        self.requests = []
        self.replies = list(replies)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status, headers, delay = receiver.replies.pop(0) if len(receiver.replies) > 1 else receiver.replies[0]
                time.sleep(delay)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://{host}:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers():
    made = []

    def make(*args, **kwargs):
        r = Receiver(*args, **kwargs)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


@pytest.fixture
def allow_loopback(settings):
    settings.AURA_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.AURA_WEBHOOK_BACKOFF_SECONDS = 0.01


def make_hook(world, url, **kw):
    kw.setdefault("secret", "s3cret-s3cret-s3cret")
    kw.setdefault("topics", ["*"])
    return Webhook.objects.create(team=kw.pop("team", world.acme), url=url, **kw)


def verify(request, secret):
    expected = "sha256=" + hmac.new(secret.encode(), request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(request["headers"]["X-Aura-Signature"], expected)


# --- the admin API -----------------------------------------------------------------------------
def test_create_generates_a_secret_shown_once(api, world):
    r = api(world.alice_token).post("/v1/admin/webhooks", {"url": "https://hooks.example.com/aura",
                                                            "topics": ["intent.logged", "zone.claimed"]})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["id"].startswith("whk_") and body["team"] == "acme"
    assert body["secret"].startswith("whsec_") and body["format"] == "raw" and body["active"] is True
    assert body["topics"] == ["intent.logged", "zone.claimed"]
    again = api(world.alice_token).get(f"/v1/admin/webhooks/{body['id']}").json()
    assert "secret" not in again and again["url"] == "https://hooks.example.com/aura"
    own = api(world.alice_token).post("/v1/admin/webhooks", {"url": "http://a.example/x", "secret": "x" * 20})
    assert own.status_code == 201 and "secret" not in own.json()
    assert own.json()["topics"] == ["*"]


def test_a_replayed_create_does_not_show_the_generated_secret_again(api, world):
    from aura_site.api.models import IdempotencyRecord

    alice = api(world.alice_token)
    create = lambda: alice.post("/v1/admin/webhooks", {"url": "https://hooks.example.com/aura"},  # noqa: E731
                                headers={"Idempotency-Key": "hook-1"})
    first = create()
    assert first.status_code == 201 and first.json()["secret"].startswith("whsec_")
    secret = first.json()["secret"]
    again = create()
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["secret"] is None and again.json()["id"] == first.json()["id"]
    assert secret.encode() not in bytes(IdempotencyRecord.objects.get(key="hook-1").body)
    assert Webhook.objects.get().secret == secret


@pytest.mark.parametrize("payload,field", [
    ({"url": "ftp://files.example.com/x"}, "url"),
    ({"url": "javascript:alert(1)"}, "url"),
    ({"url": "https://"}, "url"),
    ({"url": "https://a.example", "topics": ["intent.deleted"]}, "topics"),
    ({"url": "https://a.example", "topics": []}, "topics"),
    ({"url": "https://a.example", "format": "teams"}, "format"),
    ({"url": "https://a.example", "secret": "short"}, "secret"),
    ({"url": "https://a.example", "colour": "red"}, "colour"),
    ({}, "url"),
])
def test_create_refuses_bad_input(api, world, payload, field):
    err = assert_error(api(world.alice_token).post("/v1/admin/webhooks", payload), 400, "validation_failed")
    assert field in err["fields"], err


def test_admin_scope_and_team_isolation(api, world):
    hook = make_hook(world, "https://a.example/x")
    other = make_hook(world, "https://b.example/x", team=world.globex)
    for method, path, data in [
        ("get", "/v1/admin/webhooks", None), ("post", "/v1/admin/webhooks", {"url": "https://c.example"}),
        ("patch", f"/v1/admin/webhooks/{hook.id}", {"active": False}), ("delete", f"/v1/admin/webhooks/{hook.id}", None),
        ("post", f"/v1/admin/webhooks/{hook.id}/test", None),
    ]:
        err = assert_error(getattr(api(world.bob_token), method)(path, data) if data is not None
                           else getattr(api(world.bob_token), method)(path), 403, "scope_missing")
        assert "admin" in err["hint"]
    for method in ("get", "patch", "delete"):
        r = getattr(api(world.alice_token), method)(f"/v1/admin/webhooks/{other.id}", *([{"active": False}] if method == "patch" else []))
        assert_error(r, 404, "not_found")
    assert_error(api(world.alice_token).post(f"/v1/admin/webhooks/{other.id}/test"), 404, "not_found")
    assert [h["id"] for h in api(world.gina_token).get("/v1/admin/webhooks").json()["data"]] == [other.id]


def test_patch_and_delete(api, world):
    hook = make_hook(world, "https://a.example/x")
    r = api(world.alice_token).patch(f"/v1/admin/webhooks/{hook.id}", {"topics": ["zone.*"]})
    assert_error(r, 400, "validation_failed")
    r = api(world.alice_token).patch(f"/v1/admin/webhooks/{hook.id}",
                                     {"topics": ["zone.claimed"], "active": False, "secret": "n" * 20, "format": "slack"})
    assert r.status_code == 200, r.content
    assert r.json()["active"] is False and r.json()["format"] == "slack" and "secret" not in r.json()
    hook.refresh_from_db()
    assert hook.secret == "n" * 20 and hook.topics == ["zone.claimed"]
    assert_error(api(world.alice_token).patch(f"/v1/admin/webhooks/{hook.id}", {"url": "gopher://x"}), 400, "validation_failed")
    assert api(world.alice_token).delete(f"/v1/admin/webhooks/{hook.id}").status_code == 204
    assert_error(api(world.alice_token).get(f"/v1/admin/webhooks/{hook.id}"), 404, "not_found")


def test_list_paginates_and_filters_with_pinned_queries(api, world, django_assert_num_queries):
    hooks = [make_hook(world, f"https://h{i}.example/x", active=i % 2 == 0) for i in range(5)]
    client = api(world.alice_token)
    client.get("/v1/admin/webhooks")
    with django_assert_num_queries(2):  # the token with its members, the page (team joined)
        r = client.get("/v1/admin/webhooks", {"limit": 2})
    page = r.json()
    assert [h["id"] for h in page["data"]] == [hooks[4].id, hooks[3].id] and page["has_more"]
    rest = client.get("/v1/admin/webhooks", {"limit": 2, "cursor": page["next_cursor"]}).json()
    assert [h["id"] for h in rest["data"]] == [hooks[2].id, hooks[1].id]
    active = client.get("/v1/admin/webhooks", {"active": "true"}).json()["data"]
    assert {h["id"] for h in active} == {hooks[0].id, hooks[2].id, hooks[4].id}
    assert_error(client.get("/v1/admin/webhooks", {"active": "perhaps"}), 400, "invalid_parameter")
    grouped = client.get("/v1/admin/webhooks", {"group_by": "active"}).json()["data"]
    assert {g["active"]: g["count"] for g in grouped} == {True: 3, False: 2}


# --- queueing ----------------------------------------------------------------------------------
def test_deliveries_are_queued_in_the_events_transaction(world):
    everything = make_hook(world, "https://a.example/x")
    zones = make_hook(world, "https://b.example/x", topics=["zone.claimed"])
    make_hook(world, "https://c.example/x", active=False)
    make_hook(world, "https://d.example/x", team=world.globex)
    intent = record(world.acme, "intent.logged", {"summary": "x"})
    zone = record(world.acme, "zone.claimed", {"paths": ["a"]})
    record(world.acme, "message.posted", {"body": "dm"}, audience=(world.alice.pk, world.bob.pk))
    rows = sorted(Delivery.objects.values_list("webhook_id", "event_id", "status"))
    assert rows == sorted([
        (everything.id, intent.seq, "pending"), (everything.id, zone.seq, "pending"), (zones.id, zone.seq, "pending"),
    ])
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        record(world.acme, "intent.logged", {"summary": "rolled back"})
        raise RuntimeError
    assert Delivery.objects.count() == 3  # rolled back with the event


# --- delivery ------------------------------------------------------------------------------------
def test_delivery_is_signed_and_carries_delivery_id_and_sent_at(world, receivers, allow_loopback):
    rx = receivers()
    hook = make_hook(world, rx.url)
    event = record(world.acme, "intent.logged", {"summary": "Ship it [ENG-1]"}, actor=world.alice)
    assert webhooks.run_pass() == 1
    (req,) = rx.requests
    assert verify(req, hook.secret)
    assert not verify(req, "another-secret-entirely")
    delivery = Delivery.objects.get()
    assert req["headers"]["X-Aura-Event"] == "intent.logged"
    assert req["headers"]["X-Aura-Delivery"] == delivery.id
    assert req["headers"]["Content-Type"] == "application/json"
    body = json.loads(req["body"])
    assert body["delivery_id"] == delivery.id and body["sent_at"].endswith("Z")
    assert body["event_id"] == event.id and body["seq"] == event.seq and body["data"]["summary"] == "Ship it [ENG-1]"
    assert delivery.status == "succeeded" and delivery.response_status == 200 and delivery.attempts == 1
    assert delivery.delivered_at is not None and delivery.duration_ms is not None
    assert webhooks.run_pass() == 0  # nothing is sent twice


def test_retries_on_500_with_backoff_then_success(world, receivers, allow_loopback, settings):
    settings.AURA_WEBHOOK_BACKOFF_SECONDS = 0.2
    rx = receivers([(500, {}, 0), (503, {}, 0), (200, {}, 0)])
    make_hook(world, rx.url)
    record(world.acme, "intent.logged", {"summary": "x"})
    assert webhooks.run_pass() == 1
    d = Delivery.objects.get()
    assert (d.status, d.attempts, d.response_status, d.error) == ("pending", 1, 500, "HTTP 500")
    assert 0.1 < (d.next_attempt_at - d.last_attempt_at).total_seconds() <= 0.25
    assert webhooks.run_pass() == 0  # not due yet
    time.sleep(0.25)
    assert webhooks.run_pass() == 1
    d.refresh_from_db()
    assert (d.status, d.attempts, d.response_status) == ("pending", 2, 503)
    assert 0.35 < (d.next_attempt_at - d.last_attempt_at).total_seconds() <= 0.45  # doubled
    time.sleep(0.45)
    assert webhooks.run_pass() == 1
    d.refresh_from_db()
    assert (d.status, d.attempts, d.response_status) == ("succeeded", 3, 200)
    ids = {r["headers"]["X-Aura-Delivery"] for r in rx.requests}
    assert ids == {d.id} and [r["headers"]["X-Aura-Attempt"] for r in rx.requests] == ["1", "2", "3"]


def test_gives_up_after_the_last_attempt(world, receivers, allow_loopback, settings):
    settings.AURA_WEBHOOK_MAX_ATTEMPTS = 5
    settings.AURA_WEBHOOK_BACKOFF_SECONDS = 0.001
    rx = receivers([(500, {}, 0)])
    make_hook(world, rx.url)
    record(world.acme, "intent.logged", {"summary": "x"})
    for _ in range(10):
        webhooks.run_pass()
        time.sleep(0.02)
    d = Delivery.objects.get()
    assert (d.status, d.attempts, d.next_attempt_at) == ("failed", 5, None)
    assert len(rx.requests) == 5


def test_backoff_is_exponential_and_honours_retry_after(settings):
    settings.AURA_WEBHOOK_BACKOFF_SECONDS = 30
    assert [webhooks.backoff_seconds(n) for n in range(1, 6)] == [30, 60, 120, 240, 480]
    assert webhooks.backoff_seconds(2, retry_after=600) == 600
    assert webhooks.backoff_seconds(30) == webhooks.MAX_BACKOFF_SECONDS


def test_a_slow_receiver_times_out(world, receivers, allow_loopback, monkeypatch):
    monkeypatch.setattr(webhooks, "TIMEOUT_SECONDS", 0.3)
    rx = receivers([(200, {}, 1.0)])
    make_hook(world, rx.url)
    record(world.acme, "intent.logged", {"summary": "x"})
    started = time.monotonic()
    webhooks.run_pass()
    assert time.monotonic() - started < 0.9
    d = Delivery.objects.get()
    assert d.status == "pending" and "timed out" in d.error.lower()


@pytest.mark.parametrize("fmt", ["slack", "discord"])
def test_chat_formats(world, receivers, allow_loopback, fmt):
    rx = receivers()
    make_hook(world, rx.url, format=fmt, topics=["impact.detected"])
    record(world.acme, "impact.detected", {"function": "auth::login", "severity": "critical", "your_branch": "main"})
    webhooks.run_pass()
    body = json.loads(rx.requests[0]["body"])
    if fmt == "slack":
        assert set(body) == {"text", "blocks"} and body["text"] == "Impact detected in acme"
        assert "function: auth::login" in body["blocks"][0]["text"]["text"]
    else:
        assert set(body) == {"content", "embeds", "allowed_mentions"}
        assert body["embeds"][0]["title"] == "impact.detected" and "severity: critical" in body["embeds"][0]["description"]
    assert "delivery_id" not in body  # only what those services accept
    assert rx.requests[0]["headers"]["X-Aura-Signature"].startswith("sha256=")


def test_credentials_in_the_url_stay_out_of_the_log(world, receivers, allow_loopback, caplog):
    rx = receivers([(500, {}, 0)])
    hook = make_hook(world, rx.url.replace("http://", "http://ci:hunter2-pass@"))
    record(world.acme, "intent.logged", {"summary": "x"})
    with caplog.at_level("INFO", logger="aura.webhooks"):
        assert webhooks.run_pass() == 1
    assert rx.requests[0]["headers"]["Authorization"].startswith("Basic ")  # still sent
    assert "failed" in caplog.text and "hunter2" not in caplog.text and "***@127.0.0.1" in caplog.text
    assert "hunter2" not in str(hook) and "hunter2" not in str(Delivery.objects.get().webhook)


def test_no_proxy_from_the_environment(world, receivers, allow_loopback, monkeypatch):
    rx, proxy = receivers(), receivers()
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    make_hook(world, rx.url)
    record(world.acme, "intent.logged", {"summary": "x"})
    webhooks.run_pass()
    assert len(rx.requests) == 1 and proxy.requests == []


# --- the SSRF guard ------------------------------------------------------------------------------
@pytest.mark.parametrize("host,reason", [
    ("127.0.0.1", "loopback"), ("localhost", "loopback"), ("[::1]", "loopback"),
    ("[::ffff:127.0.0.1]", "loopback"), ("10.0.0.7", "private"), ("192.168.1.1", "private"),
    ("169.254.169.254", "metadata"), ("169.254.3.3", "link-local"), ("100.64.1.1", "carrier-grade NAT"),
    ("0.0.0.0", "unspecified"), ("[::ffff:10.0.0.1]", "private"),
])
def test_internal_targets_are_refused_without_a_request(world, receivers, settings, host, reason):
    settings.AURA_WEBHOOK_ALLOWED_HOSTS = []
    rx = receivers()
    port = rx.port if host in ("127.0.0.1", "localhost") else 80
    make_hook(world, f"http://{host}:{port}/hook")
    record(world.acme, "intent.logged", {"summary": "x"})
    webhooks.run_pass()
    d = Delivery.objects.get()
    assert d.status == "failed" and d.error.startswith("refused:") and reason in d.error, d.error
    assert d.response_status is None and rx.requests == []


def test_the_check_is_on_the_resolved_address_not_the_name(world, receivers, settings, monkeypatch):
    import socket

    rx = receivers()
    settings.AURA_WEBHOOK_ALLOWED_HOSTS = []
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "hooks.example.com":
            host = "127.0.0.1"  # a public-looking name that resolves inward
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    make_hook(world, f"http://hooks.example.com:{rx.port}/hook")
    record(world.acme, "intent.logged", {"summary": "x"})
    webhooks.run_pass()
    d = Delivery.objects.get()
    assert d.status == "failed" and "127.0.0.1" in d.error and rx.requests == []
    settings.AURA_WEBHOOK_ALLOWED_HOSTS = ["hooks.example.com"]  # naming the host allows it
    d.status, d.next_attempt_at = "pending", timezone.now()
    d.save()
    webhooks.run_pass()
    assert len(rx.requests) == 1 and rx.requests[0]["headers"]["Host"] == f"hooks.example.com:{rx.port}"


def test_redirects_are_not_followed(world, receivers, allow_loopback):
    elsewhere = receivers()
    rx = receivers([(302, {"Location": f"http://127.0.0.1:{elsewhere.port}/stolen"}, 0)])
    make_hook(world, rx.url)
    record(world.acme, "intent.logged", {"summary": "x"})
    webhooks.run_pass()
    d = Delivery.objects.get()
    assert d.response_status == 302 and "not followed" in d.error and d.status == "pending"
    assert len(rx.requests) == 1 and elsewhere.requests == []


def test_allow_list_by_network(world, receivers, settings):
    settings.AURA_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.0/8"]
    rx = receivers()
    make_hook(world, rx.url)
    record(world.acme, "intent.logged", {"summary": "x"})
    webhooks.run_pass()
    assert Delivery.objects.get().status == "succeeded"


# --- test pings and the delivery log ----------------------------------------------------------------
def test_test_endpoint_sends_a_signed_ping_now(api, world, receivers, allow_loopback):
    rx = receivers()
    hook = make_hook(world, rx.url)
    r = api(world.alice_token).post(f"/v1/admin/webhooks/{hook.id}/test")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "succeeded" and body["response_status"] == 200 and body["topic"] == "ping"
    (req,) = rx.requests
    assert verify(req, hook.secret) and req["headers"]["X-Aura-Event"] == "ping"
    assert json.loads(req["body"])["data"]["webhook_id"] == hook.id


@pytest.mark.django_db(transaction=True)
def test_test_endpoint_waits_on_the_receiver_outside_any_transaction(api, world, monkeypatch):
    # The send may take the whole timeout: no transaction (on SQLite, the
    # database's one write lock) may be held meanwhile.
    from django.db import connection

    seen = []

    def send(url, body, headers, timeout=None):
        seen.append(connection.in_atomic_block)
        return webhooks.Attempt(True, status=200)

    monkeypatch.setattr(webhooks, "post", send)
    hook = make_hook(world, "https://hooks.example.com/aura")
    r = api(world.alice_token).post(f"/v1/admin/webhooks/{hook.id}/test", headers={"Idempotency-Key": "ping-1"})
    assert r.status_code == 200 and r.json()["status"] == "succeeded", r.content
    assert seen == [False]
    assert Delivery.objects.get(topic="ping").status == "succeeded"
    # Still idempotent: the replay sends nothing.
    again = api(world.alice_token).post(f"/v1/admin/webhooks/{hook.id}/test", headers={"Idempotency-Key": "ping-1"})
    assert again["Idempotent-Replayed"] == "true" and again.content == r.content and seen == [False]


def test_test_endpoint_reports_a_refusal(api, world, settings):
    settings.AURA_WEBHOOK_ALLOWED_HOSTS = []
    hook = make_hook(world, "http://169.254.169.254/latest/meta-data")
    body = api(world.alice_token).post(f"/v1/admin/webhooks/{hook.id}/test").json()
    assert body["status"] == "failed" and "metadata" in body["error"]


def test_delivery_log_endpoint(api, world, receivers, allow_loopback):
    rx = receivers([(500, {}, 0), (200, {}, 0)])
    hook = make_hook(world, rx.url)
    for i in range(3):
        record(world.acme, "intent.logged", {"i": i})
    webhooks.run_pass()
    client = api(world.alice_token)
    page = client.get(f"/v1/admin/webhooks/{hook.id}/deliveries", {"limit": 2}).json()
    assert len(page["data"]) == 2 and page["has_more"]
    assert set(page["data"][0]) >= {"id", "webhook", "event_id", "status", "attempts", "response_status", "error"}
    failed = client.get(f"/v1/admin/webhooks/{hook.id}/deliveries", {"status": "pending"}).json()["data"]
    assert [d["response_status"] for d in failed] == [500]
    assert_error(client.get(f"/v1/admin/webhooks/{hook.id}/deliveries", {"status": "odd"}), 400, "invalid_parameter")
    assert_error(client.get(f"/v1/admin/webhooks/{hook.id}/deliveries", {"x": "1"}), 400, "invalid_parameter")
    other = make_hook(world, rx.url, team=world.globex)
    assert_error(client.get(f"/v1/admin/webhooks/{other.id}/deliveries"), 404, "not_found")


def test_admin_pages_show_the_delivery_log_and_never_the_secret(world, receivers, allow_loopback, client):
    from django.contrib.auth import get_user_model

    rx = receivers()
    hook = make_hook(world, rx.url, secret="super-secret-value-123")
    record(world.acme, "intent.logged", {"summary": "x"})
    webhooks.run_pass()
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-pw-pw-pw")
    client.force_login(admin)
    page = client.get(f"/admin/events/webhook/{hook.id}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert Delivery.objects.get().id in html and "super-secret-value-123" not in html
    assert "The whole delivery log" in html
    log = client.get(f"/admin/events/delivery/?webhook__id__exact={hook.id}")
    assert log.status_code == 200 and Delivery.objects.get().id in log.content.decode()
    assert client.get("/admin/events/webhook/").status_code == 200
    r = client.post("/admin/events/webhook/add/", {
        "team": world.acme.pk, "url": "https://new.example/x", "topics": ["zone.claimed"], "format": "raw",
        "secret": "", "active": "on", "description": "",
        "deliveries-TOTAL_FORMS": "0", "deliveries-INITIAL_FORMS": "0",
        "deliveries-MIN_NUM_FORMS": "0", "deliveries-MAX_NUM_FORMS": "0",
    })
    assert r.status_code == 302, r.content[:2000]
    created = Webhook.objects.get(url="https://new.example/x")
    assert created.secret.startswith("whsec_") and created.topics == ["zone.claimed"]


def test_admin_retry_now_requeues_failed_deliveries(world, receivers, allow_loopback, client, settings):
    from django.contrib.auth import get_user_model

    settings.AURA_WEBHOOK_MAX_ATTEMPTS = 1
    rx = receivers([(500, {}, 0), (200, {}, 0)])
    make_hook(world, rx.url)
    record(world.acme, "intent.logged", {"summary": "x"})
    webhooks.run_pass()
    d = Delivery.objects.get()
    assert d.status == "failed"
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.com", "pw-pw-pw-pw"))
    r = client.post("/admin/events/delivery/", {"action": "retry_now", "_selected_action": [d.pk]})
    assert r.status_code == 302
    d.refresh_from_db()
    assert (d.status, d.attempts) == ("pending", 0)
    webhooks.run_pass()
    d.refresh_from_db()
    assert d.status == "succeeded" and len(rx.requests) == 2


# --- several senders (PostgreSQL) ----------------------------------------------------------------------
SENDER = [sys.executable, "manage.py", "deliver_webhooks", "--once", "--concurrency", "4"]


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_sender_processes_never_send_one_row_twice(receivers):
    need_postgres()
    team = make_team("race")
    rx = receivers([(200, {}, 0.01)])
    Webhook.objects.create(team=team, url=rx.url, secret="r" * 20, topics=["*"])
    Webhook.objects.create(team=team, url=rx.url + "2", secret="r" * 20, topics=["*"])
    for i in range(100):
        record(team, "intent.logged", {"i": i})
    assert Delivery.objects.count() == 200
    env = testing.server_env(testing.database_url(), AURA_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
                             DJANGO_SETTINGS_MODULE="aura_site.settings")
    procs = [subprocess.Popen(SENDER, cwd=testing.ROOT, env=env, stdout=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=120)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    tried = [int(o.split()[1]) for o in outs]
    assert sum(tried) == 200 and min(tried) > 0, tried  # both worked, together exactly once each
    ids = [r["headers"]["X-Aura-Delivery"] for r in rx.requests]
    assert len(ids) == 200 and len(set(ids)) == 200
    assert set(Delivery.objects.values_list("status", "attempts")) == {("succeeded", 1)}


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_long_running_sender_is_woken_by_commits_and_stops_on_sigterm(receivers):
    need_postgres()
    import signal

    team = make_team("wake")
    rx = receivers()
    Webhook.objects.create(team=team, url=rx.url, secret="w" * 20, topics=["*"])
    redis_url = need_redis("redis://127.0.0.1:6379/14")
    env = testing.server_env(testing.database_url(), AURA_WEBHOOK_ALLOWED_HOSTS="127.0.0.1", REDIS_URL=redis_url,
                             DJANGO_SETTINGS_MODULE="aura_site.settings")
    proc = subprocess.Popen([sys.executable, "manage.py", "deliver_webhooks", "--interval", "30"],
                            cwd=testing.ROOT, env=env)
    try:
        time.sleep(3)  # started and listening
        from django.test import override_settings

        layers = {"default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                              "CONFIG": {"hosts": [redis_url]}}}
        with override_settings(CHANNEL_LAYERS=layers):
            sent = time.monotonic()
            record(team, "intent.logged", {"summary": "x"})
            deadline = time.monotonic() + 10
            while not rx.requests and time.monotonic() < deadline:
                time.sleep(0.02)
        assert rx.requests, "the sender never delivered"
        assert time.monotonic() - sent < 3, "woken by the commit, not its 30 s interval"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)


@pytest.mark.django_db(transaction=True)
def test_only_a_commit_that_queued_deliveries_wakes_the_senders(settings, receivers):
    """The senders' group hears a commit with deliveries, not every commit with
    events: a sender woken by each write would run an empty claim for each."""
    import asyncio

    from channels.layers import channel_layers, get_channel_layer

    from events.wakeup import GROUP, WEBHOOK_GROUP

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()
    layer = get_channel_layer()
    quiet, hooked = make_team("quiet"), make_team("hooked")
    Webhook.objects.create(team=hooked, url=receivers().url, secret="w" * 20, topics=["*"])

    async def subscribe():
        senders, streams = await layer.new_channel(), await layer.new_channel()
        await layer.group_add(WEBHOOK_GROUP, senders)
        await layer.group_add(GROUP, streams)
        return senders, streams

    async def heard(channel):
        try:
            return await asyncio.wait_for(layer.receive(channel), 0.3)
        except asyncio.TimeoutError:
            return None

    senders, streams = async_to_sync(subscribe)()
    record(quiet, "intent.logged", {"summary": "no webhook"})
    assert async_to_sync(heard)(streams)["type"] == "events.wake"
    assert async_to_sync(heard)(senders) is None
    record(hooked, "intent.logged", {"summary": "one webhook"})
    assert async_to_sync(heard)(streams)["type"] == "events.wake"
    assert async_to_sync(heard)(senders) == {"type": "webhooks.wake"}
    channel_layers.backends.clear()
