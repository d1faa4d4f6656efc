"""Load shedding (aura_site/api/shedding.py; docs/api.md, Load shedding): a
request that waited past AURA_SHED_AFTER_MS for a worker, by the
X-Request-Start a trusted proxy set, is answered 503 service_unavailable
with Retry-After at once — before authentication or any database work —
and anything else about the header is ignored. Through the real front:
tests/deploy/test_shape.py."""

import http.client
import json
import time

import pytest
from django.test import Client

from aura_site.api.shedding import request_start
from events import testing
from events.models import Event
from intents.models import Intent
from tests.conftest import ApiClient, assert_error, make_member, make_team, make_token

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"  # the test client's REMOTE_ADDR


@pytest.fixture
def behind_proxy(settings):
    settings.AURA_TRUSTED_PROXIES = [PROXY]
    settings.AURA_SHED_AFTER_MS = 1000


def stamp(seconds_ago):
    return f"t={time.time() - seconds_ago:.3f}"


def test_a_request_that_waited_too_long_is_shed_before_any_work(world, behind_proxy, django_assert_num_queries):
    client = ApiClient(world.alice_token)
    with django_assert_num_queries(0):  # no token lookup, no rate limit, nothing
        r = client.get("/v1/status", headers={"X-Request-Start": stamp(2.5)})
    err = assert_error(r, 503, "service_unavailable")
    assert "waited" in err["message"] and err["hint"]
    assert r["Retry-After"] == "3"  # about as long as it waited
    assert r["X-Aura-Version"] and r["Content-Type"] == "application/json"
    assert "X-RateLimit-Limit" not in r  # not counted against the token


def test_a_shed_write_writes_nothing_and_can_be_retried_as_it_is(world, behind_proxy):
    client = ApiClient(world.alice_token)
    intents, events = Intent.objects.count(), Event.objects.count()
    body = {"summary": "shed me", "tickets": ["T-1"]}
    r = client.post("/v1/intents", body, headers={"X-Request-Start": stamp(1.5), "Idempotency-Key": "k-shed"})
    assert_error(r, 503, "service_unavailable")
    assert r["Retry-After"] == "2"
    assert (Intent.objects.count(), Event.objects.count()) == (intents, events)
    # The same request again, in time: done once, and not a replay of the 503.
    r = client.post("/v1/intents", body, headers={"X-Request-Start": stamp(0.01), "Idempotency-Key": "k-shed"})
    assert r.status_code == 201, r.content
    assert "Idempotent-Replayed" not in r
    assert Intent.objects.count() == intents + 1


def test_an_unauthenticated_request_is_shed_too(db, behind_proxy):
    r = ApiClient().get("/v1/status", headers={"X-Request-Start": stamp(3)})
    assert_error(r, 503, "service_unavailable")


def test_a_fresh_request_is_served(world, behind_proxy):
    client = ApiClient(world.alice_token)
    r = client.get("/v1/status", headers={"X-Request-Start": stamp(0.2)})
    assert r.status_code == 200 and r.json()["team"]["slug"] == "acme"
    assert "Retry-After" not in r and r["X-RateLimit-Limit"]


@pytest.mark.parametrize("value", [
    "t=", "t=abc", "abc", "t=nan", "t=inf", "t=-5", "t=0", "t=1e400", "t=" + "1" * 40, "t=12 34", "",
])
def test_a_malformed_header_is_ignored(world, behind_proxy, value):
    r = ApiClient(world.alice_token).get("/v1/status", headers={"X-Request-Start": value})
    assert r.status_code == 200, r.content


def test_other_clocks_and_units(world, behind_proxy):
    client = ApiClient(world.alice_token)
    # Milliseconds and microseconds since the epoch, as other proxies send them.
    r = client.get("/v1/status", headers={"X-Request-Start": f"t={int((time.time() - 2) * 1000)}"})
    assert_error(r, 503, "service_unavailable")
    r = client.get("/v1/status", headers={"X-Request-Start": f"{int((time.time() - 2) * 1_000_000)}"})
    assert_error(r, 503, "service_unavailable")
    # A time in the future, or an hour ago (the clocks disagree): not a queue.
    assert client.get("/v1/status", headers={"X-Request-Start": stamp(-30)}).status_code == 200
    assert client.get("/v1/status", headers={"X-Request-Start": stamp(3600)}).status_code == 200


def test_parsing():
    assert request_start("t=1733580000.123") == pytest.approx(1733580000.123)
    assert request_start("t=1733580000123") == pytest.approx(1733580000.123)
    assert request_start("1733580000123456") == pytest.approx(1733580000.123456)
    assert request_start(" t=1733580000 ") == 1733580000
    for bad in (None, "", "t=", "t=x", "t=-1", "t=nan", "t=inf", "t=1,5"):
        assert request_start(bad) is None, bad


def test_only_a_trusted_proxy_sets_the_wait(world, settings):
    client = ApiClient(world.alice_token)
    old = {"X-Request-Start": stamp(5)}
    # No trusted proxy (the embedded default): never shed.
    settings.AURA_TRUSTED_PROXIES = []
    assert client.get("/v1/status", headers=old).status_code == 200
    # A peer that is not a listed proxy cannot have itself shed.
    settings.AURA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client.get("/v1/status", headers=old).status_code == 200
    auth = {"Authorization": f"Bearer {world.alice_token}"}
    assert Client().get("/v1/status", headers={**old, **auth}, REMOTE_ADDR="192.0.2.7").status_code == 200
    # From a listed proxy, the header counts.
    r = Client().get("/v1/status", headers={**old, **auth}, REMOTE_ADDR="10.1.2.3")
    assert_error(r, 503, "service_unavailable")


def test_zero_never_sheds(world, behind_proxy, settings):
    settings.AURA_SHED_AFTER_MS = 0
    r = ApiClient(world.alice_token).get("/v1/status", headers={"X-Request-Start": stamp(30)})
    assert r.status_code == 200


def test_the_threshold_is_the_setting(world, behind_proxy, settings):
    settings.AURA_SHED_AFTER_MS = 100
    client = ApiClient(world.alice_token)
    assert_error(client.get("/v1/status", headers={"X-Request-Start": stamp(0.3)}), 503, "service_unavailable")
    settings.AURA_SHED_AFTER_MS = 5000
    assert client.get("/v1/status", headers={"X-Request-Start": stamp(3)}).status_code == 200


def test_a_browser_can_read_the_refusal(world, behind_proxy, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example"]
    r = ApiClient(world.alice_token).get(
        "/v1/status", headers={"X-Request-Start": stamp(2), "Origin": "https://app.example"})
    assert_error(r, 503, "service_unavailable")
    assert r["Access-Control-Allow-Origin"] == "https://app.example"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_under_daphne_the_stream_opens_late_and_the_poll_is_shed(live_db, tmp_path):
    """The event stream is never shed (a late stream loses nothing); the
    durable poll on the same daphne is."""
    team = make_team("shed-stream", strict_mode=False)
    token = make_token(make_member(team, "ana", role="admin"))
    env = testing.server_env(live_db, REDIS_URL=None, AURA_TRUSTED_PROXIES=PROXY)
    with testing.Server(env, log_path=tmp_path / "daphne.log") as server:
        old = {"X-Request-Start": stamp(5)}
        stream = testing.SSEClient(server.port, token, headers=old)
        try:
            assert stream.status == 200 and stream.headers["content-type"].startswith("text/event-stream")
            assert stream.next(timeout=5, skip_comments=False)["retry"]
        finally:
            stream.close()
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", "/v1/events", headers={"X-Request-Start": stamp(4.5), "Authorization": f"Bearer {token}"})
        r = conn.getresponse()
        body = json.loads(r.read())
        conn.close()
        assert r.status == 503 and body["error"]["code"] == "service_unavailable"
        assert r.getheader("Retry-After") == "5" and body["error"]["request_id"] == r.getheader("X-Request-Id")
