"""Status lines under daphne: every status the API sends carries its
standard reason phrase (twisted's table lacks 422, 423, 426, 429…)."""

import http.client
import json
from http import HTTPStatus

import pytest
from django.db import connection

from events import testing
from tests.conftest import make_member, make_team, make_token

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def server(live_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("logs") / "daphne.log"
    env = testing.server_env(live_db, AURA_RATE_LIMIT_PER_SECOND=3, REDIS_URL=None)
    s = testing.Server(env, log_path=log).start()
    yield s
    s.stop()


def call(port, method, path, token=None, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    hdrs = dict(headers or {})
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    if body is not None:
        hdrs["Content-Type"] = "application/json"
        body = json.dumps(body)
    conn.request(method, path, body=body, headers=hdrs)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response.reason, data


def test_every_status_has_its_reason_phrase_under_daphne(server, live_db):
    from zones.claims import claim

    assert connection.settings_dict["NAME"] in live_db
    team = make_team("phrases")
    alice, bob = make_member(team, "alice", role="admin"), make_member(team, "bob")
    alice_token, bob_token = make_token(alice), make_token(bob)
    claim(team, alice, paths=["src/billing/**"], mode="block", reason="refactoring", ttl_seconds=3600)

    seen = {}
    cases = [
        ("GET", "/v1/status", alice_token, None, {}),  # 200
        ("GET", "/v1/status", None, None, {}),  # 401
        ("GET", "/v1/intents/itn_nope", alice_token, None, {}),  # 404
        ("POST", "/v1/intents", alice_token, {"summary": "no ticket here"}, {}),  # 422
        ("POST", "/v1/snapshots", bob_token, {"path": "src/billing/a.rs", "content": "x"}, {}),  # 423
        ("GET", "/v1/status", alice_token, None, {"Aura-API-Version": ">=9"}),  # 426
    ]
    for method, path, token, body, headers in cases:
        status, reason, data = call(server.port, method, path, token, body, headers)
        seen[status] = reason
    # 429: over the per-second burst of 3.
    for _ in range(8):
        status, reason, _ = call(server.port, "GET", "/v1/status", bob_token)
        seen[status] = reason
    assert {200, 401, 404, 422, 423, 426, 429} <= set(seen), seen
    for status, reason in seen.items():
        assert reason == HTTPStatus(status).phrase, (status, reason)


def test_twisted_knows_every_standard_status_once_the_app_is_loaded():
    from twisted.web import http as twisted_http

    import aura_site.asgi  # noqa: F401  (what daphne loads)

    missing = {s.value: twisted_http.RESPONSES.get(s.value) for s in HTTPStatus if s.value not in twisted_http.RESPONSES}
    assert not missing
    for status in (422, 423, 426, 429):
        assert twisted_http.RESPONSES[status] == HTTPStatus(status).phrase.encode()
