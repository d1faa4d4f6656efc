"""CORS: off by default; AURA_CORS_ORIGINS lists exact origins; never with
credentials; error answers readable by an allowed origin too."""

import json

import pytest
from django.test import Client

from tests.conftest import ApiClient, run_python, subprocess_env

pytestmark = pytest.mark.django_db

DASH = "https://dash.example"


@pytest.fixture
def allowed(settings):
    settings.CORS_ALLOWED_ORIGINS = [DASH, "http://localhost:3000"]
    return settings


def get(origin, path="/v1/status", token=None, **headers):
    return ApiClient(token).get(path, headers={"Origin": origin, **headers})


def preflight(origin, method="POST", request_headers="authorization,content-type,idempotency-key,aura-api-version"):
    return Client().options(
        "/v1/admin/members",
        headers={"Origin": origin, "Access-Control-Request-Method": method,
                 "Access-Control-Request-Headers": request_headers},
    )


def test_off_by_default(world, settings):
    settings.CORS_ALLOWED_ORIGINS = []
    for origin in (DASH, "http://localhost:3000", "null"):
        r = get(origin, token=world.alice_token)
        assert r.status_code == 200 and not r.has_header("Access-Control-Allow-Origin")
        assert not preflight(origin).has_header("Access-Control-Allow-Origin")


def test_an_allowed_origin(world, allowed):
    r = get(DASH, token=world.alice_token)
    assert r.status_code == 200
    assert r["Access-Control-Allow-Origin"] == DASH
    assert "origin" in r["Vary"].lower()
    assert not r.has_header("Access-Control-Allow-Credentials")
    exposed = {h.strip().lower() for h in r["Access-Control-Expose-Headers"].split(",")}
    assert {"x-request-id", "x-aura-version", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset",
            "retry-after", "idempotent-replayed"} <= exposed
    assert get("http://localhost:3000", token=world.alice_token)["Access-Control-Allow-Origin"] == "http://localhost:3000"


@pytest.mark.parametrize(
    "origin",
    ["https://evil.example", "https://dash.example.evil.com", "https://evil-dash.example", "http://dash.example",
     "https://dash.example:8443", "https://DASH.example.", "null", "https://dash.exampl", "*"],
)
def test_refused_origins(world, allowed, origin):
    r = get(origin, token=world.alice_token)
    assert r.status_code == 200  # the server answers; the browser will not hand it over
    assert not r.has_header("Access-Control-Allow-Origin")
    assert not r.has_header("Access-Control-Allow-Credentials")
    assert not preflight(origin).has_header("Access-Control-Allow-Origin")


def test_preflight(world, allowed):
    r = preflight(DASH, method="PATCH")
    assert r.status_code == 200 and r.content == b""
    assert r["Access-Control-Allow-Origin"] == DASH
    methods = {m.strip() for m in r["Access-Control-Allow-Methods"].split(",")}
    assert {"GET", "POST", "PATCH", "DELETE"} <= methods
    allowed_headers = {h.strip().lower() for h in r["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "idempotency-key", "aura-api-version", "last-event-id"} <= allowed_headers
    assert not r.has_header("Access-Control-Allow-Credentials")
    assert r["X-Request-Id"].startswith("req_")


def test_error_answers_are_readable_by_an_allowed_origin(world, allowed, settings):
    settings.AURA_MAX_BODY_BYTES = 100
    answers = [
        get(DASH),  # 401
        get(DASH, token=world.bob_token, path="/v1/admin/members"),  # 403
        get(DASH, token=world.alice_token, path="/v1/nope"),  # 404
        get(DASH, token=world.alice_token, **{"Aura-API-Version": ">=9"}),  # 426
        ApiClient(world.alice_token).post("/v1/admin/members", {"name": "x" * 200}, headers={"Origin": DASH}),  # 413
    ]
    assert [r.status_code for r in answers] == [401, 403, 404, 426, 413]
    for r in answers:
        assert r["Access-Control-Allow-Origin"] == DASH, r.status_code
        assert not r.has_header("Access-Control-Allow-Credentials")


def test_only_the_api_and_its_schema(world, allowed):
    assert Client().get("/openapi.json", headers={"Origin": DASH})["Access-Control-Allow-Origin"] == DASH
    for page in ("/admin/login/", "/docs/"):
        assert not Client().get(page, headers={"Origin": DASH}).has_header("Access-Control-Allow-Origin")


def test_cookies_never_authorise_a_cross_origin_write(world, allowed):
    # Even an allowed origin gets no credentials: a logged-in browser's
    # cross-origin fetch is refused its answer, and without the CSRF token
    # the write itself is refused.
    world.alice.user.set_password("alice-password-2")
    world.alice.user.save()
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="alice", password="alice-password-2")
    r = client.post("/v1/admin/members", json.dumps({"name": "x"}), content_type="application/json",
                    headers={"Origin": DASH})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    assert not r.has_header("Access-Control-Allow-Credentials")


def test_aura_cors_origins_is_read_from_the_environment(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings; import json; "
            "print(json.dumps([settings.CORS_ALLOWED_ORIGINS, settings.CORS_ALLOW_CREDENTIALS]))")
    done = run_python(code, env=subprocess_env(tmp_path, AURA_CORS_ORIGINS=" https://a.example, http://localhost:3000 ,"))
    assert json.loads(done.stdout) == [["https://a.example", "http://localhost:3000"], False], done.stderr
    done = run_python(code, env=subprocess_env(tmp_path))
    assert json.loads(done.stdout) == [[], False], done.stderr
