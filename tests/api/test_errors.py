"""The error shape on every error class, the headers on every response,
Aura-API-Version negotiation, and nothing written on any error."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import path
from rest_framework.response import Response

from accounts import provisioning
from accounts.models import Member, Team, Token
from aura_site import urls as site_urls
from aura_site.api.views import AuraAPIView
from events.models import Event
from tests.conftest import ApiClient, assert_error, error_of

pytestmark = pytest.mark.django_db

REQUEST_ID = re.compile(r"^req_[0-9A-HJKMNP-TV-Z]{26}$")


class Boom(AuraAPIView):
    """A DRF view that fails: after writing, on POST."""

    scope_map = {"GET": None, "POST": None}

    def get(self, request):
        raise RuntimeError("boom")

    def post(self, request):
        team = self.principal.teams[0]
        provisioning.add_member(team, "half-written")
        raise RuntimeError("boom after a write")


def plain_boom(request):
    raise RuntimeError("a plain Django view under /v1/ fails")


def page_boom(request):
    raise RuntimeError("a page outside /v1/ fails")


urlpatterns = [
    path("v1/boom", Boom.as_view()),
    path("v1/plain-boom", plain_boom),
    path("page-boom", page_boom),
    *site_urls.urlpatterns,
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def assert_json_error(response, status, code):
    assert response["Content-Type"] == "application/json", response["Content-Type"]
    assert b"<html" not in response.content.lower()
    return assert_error(response, status, code)


# --- every class of error --------------------------------------------------------------------


def test_401(api, world):
    r = api().get("/v1/status")
    err = assert_json_error(r, 401, "unauthorized")
    assert err["hint"] and "Bearer" in err["hint"]
    assert r["WWW-Authenticate"] == "Bearer"


def test_403(api, world):
    err = assert_json_error(api(world.bob_token).get("/v1/admin/members"), 403, "scope_missing")
    assert "admin" in err["hint"]


@pytest.mark.parametrize("url", ["/v1/nope", "/v1", "/v1/", "/v1/status/", "/v1/admin", "/v1/admin/members/x/y"])
def test_404_unknown_url_under_v1(api, world, url):
    for client in (api(world.alice_token), api()):
        err = assert_json_error(client.get(url), 404, "not_found")
        assert "/openapi.json" in err["hint"]
    assert_json_error(api(world.alice_token).post(url, {}), 404, "not_found")


@pytest.mark.django_db
def test_400_unknown_host_answers_in_the_error_shape_on_the_api_and_html_elsewhere(world):
    client = Client(HTTP_HOST="evil.example")
    r = client.get("/v1/status", HTTP_AUTHORIZATION=f"Bearer {world.alice_token}")
    assert r.status_code == 400 and r["Content-Type"].startswith("application/json")
    err = r.json()["error"]
    assert err["code"] == "invalid_parameter" and "AURA_ALLOWED_HOSTS" in err["hint"]
    page = client.get("/admin/login/")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


def test_404_unknown_object(api, world):
    client = api(world.alice_token)
    assert_json_error(client.get("/v1/admin/members/mem_01ZZZZZZZZZZZZZZZZZZZZZZZZ"), 404, "not_found")
    assert_json_error(client.get("/v1/admin/tokens/tok_nope"), 404, "not_found")
    assert_json_error(client.post("/v1/admin/tokens/tok_nope/revoke"), 404, "not_found")
    assert_json_error(client.get("/v1/team/members/mem_nope"), 404, "not_found")


def test_405_with_allow(api, world):
    r = api(world.alice_token).delete("/v1/status")
    assert_json_error(r, 405, "method_not_allowed")
    assert "GET" in r["Allow"] and "DELETE" not in r["Allow"]
    r = api(world.alice_token).put(f"/v1/admin/members/{world.bob.id}", {"role": "admin"})
    assert_json_error(r, 405, "method_not_allowed")
    assert "PATCH" in r["Allow"]


def test_405_is_the_same_for_callers_without_the_scope(api, world):
    # A method the endpoint lacks is a 405, not a 403 that depends on the caller.
    for raw in (world.alice_token, world.bob_token, world.rita_token):
        assert_json_error(api(raw).post("/v1/status", {}), 405, "method_not_allowed")
        assert_json_error(api(raw).post("/v1/team/members", {"name": "x"}), 405, "method_not_allowed")
    assert_json_error(api().post("/v1/status", {}), 401, "unauthorized")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xx", "application/xml"])
def test_415_wrong_content_type(api, world, content_type):
    r = api(world.alice_token).post("/v1/admin/members", raw="name=newbie", content_type=content_type)
    err = assert_json_error(r, 415, "unsupported_media_type")
    assert "application/json" in err["hint"]
    assert not Member.objects.filter(name="newbie").exists()


@pytest.mark.parametrize("body", ['{"name": "newbie",', "{name: newbie}", "nope", '{"name": "newbie"} trailing', "\xff"])
def test_400_invalid_json(api, world, body):
    r = api(world.alice_token).post("/v1/admin/members", raw=body)
    assert_json_error(r, 400, "invalid_json")
    assert not Member.objects.filter(name="newbie").exists()


def test_400_validation_failed_names_the_fields(api, world):
    r = api(world.alice_token).post("/v1/admin/members", {"name": "no spaces allowed", "role": "boss"})
    err = assert_json_error(r, 400, "validation_failed")
    assert set(err["fields"]) == {"name", "role"}


@pytest.mark.urls("tests.api.test_errors")
def test_500_from_a_drf_view_is_json(api, world):
    err = assert_json_error(api(world.alice_token).get("/v1/boom"), 500, "internal_error")
    assert "boom" not in err["message"]  # no internals leak


@pytest.mark.urls("tests.api.test_errors")
def test_500_rolls_back_what_the_view_wrote(api, world):
    assert_json_error(api(world.alice_token).post("/v1/boom", {}), 500, "internal_error")
    assert not Member.objects.filter(name="half-written").exists()
    assert not get_user_model().objects.filter(username__startswith="half-written").exists()


@pytest.mark.urls("tests.api.test_errors")
def test_500_from_a_plain_view_under_v1_is_json(api, world):
    assert_json_error(api(world.alice_token).get("/v1/plain-boom"), 500, "internal_error")


@pytest.mark.urls("tests.api.test_errors")
def test_500_outside_v1_is_json_too(world):
    r = Client(raise_request_exception=False).get("/page-boom")
    assert_json_error(r, 500, "internal_error")


@pytest.mark.urls("tests.api.test_errors")
def test_errors_stay_json_with_debug_on(api, world, settings):
    settings.DEBUG = True
    client = api(world.alice_token)
    assert_json_error(client.get("/v1/boom"), 500, "internal_error")
    assert_json_error(client.post("/v1/boom", {}), 500, "internal_error")
    assert_json_error(client.get("/v1/plain-boom"), 500, "internal_error")
    assert_json_error(client.get("/v1/nope"), 404, "not_found")
    assert_json_error(client.get("/v1/admin/members/mem_nope"), 404, "not_found")
    assert_json_error(client.delete("/v1/status"), 405, "method_not_allowed")
    assert_json_error(api().get("/v1/status"), 401, "unauthorized")
    assert_json_error(client.post("/v1/admin/members", raw="{"), 400, "invalid_json")
    assert not Member.objects.filter(name="half-written").exists()


# --- headers on every response --------------------------------------------------------------


def _responses(api, world):
    alice = api(world.alice_token)
    yield alice.get("/v1/status")
    yield alice.get("/v1/team/members")
    yield alice.post("/v1/admin/members", {"name": "newbie"})
    yield alice.delete(f"/v1/admin/members/{Member.objects.get(name='newbie').id}")
    yield api().get("/v1/status")
    yield api(world.bob_token).get("/v1/admin/members")
    yield alice.get("/v1/nope")
    yield alice.delete("/v1/status")
    yield alice.post("/v1/admin/members", raw="x", content_type="text/plain")
    yield alice.post("/v1/admin/members", raw="{")
    yield alice.get("/v1/status", headers={"Aura-API-Version": ">=9"})
    yield alice.get("/v1/status", headers={"Aura-API-Version": "garbage"})
    yield alice.get("/openapi.json")
    yield alice.get("/docs/")
    yield alice.get("/admin/login/")
    yield alice.get("/no-such-page")
    yield Client().options("/v1/status", headers={"Origin": "https://x.example", "Access-Control-Request-Method": "GET"})


def test_every_response_has_request_id_and_version(api, world, settings):
    seen = set()
    for r in _responses(api, world):
        assert REQUEST_ID.match(r["X-Request-Id"]), r["X-Request-Id"]
        assert r["X-Aura-Version"] == settings.AURA_VERSION == "0.1.0"
        if r.status_code >= 400 and r["Content-Type"] == "application/json":
            assert error_of(r)["request_id"] == r["X-Request-Id"]
        seen.add(r["X-Request-Id"])
    assert len(seen) == 17  # one fresh id per request


def test_status_reports_the_api_version(api, world, settings):
    body = api(world.alice_token).get("/v1/status").json()
    assert body["api_version"] == settings.AURA_API_VERSION == "1.0"
    assert body["version"] == settings.AURA_VERSION


# --- Aura-API-Version -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "wanted",
    [">=1.0", "<2", "==1.0", "1.0", "1", "=1.0", ">=0.9", "<=1.0", ">0.9", " >= 1.0 ", ">=1.0,<2", ">=1.0, <2.0", "1.0.0"],
)
def test_satisfiable_versions_pass(api, world, wanted):
    r = api(world.alice_token).get("/v1/status", headers={"Aura-API-Version": wanted})
    assert r.status_code == 200, (wanted, r.content)


@pytest.mark.parametrize("wanted", [">=1.3", "1.3", ">1.0", "<1.0", "==1.1", "2.0", "2", ">=2", "<=0.9", ">=1.0,<1.0"])
def test_unsatisfiable_versions_get_426(api, world, wanted):
    r = api(world.alice_token).get("/v1/status", headers={"Aura-API-Version": wanted})
    err = assert_json_error(r, 426, "upgrade_required")
    assert "1.0" in err["message"]


@pytest.mark.parametrize("wanted", [
    "garbage", "", "latest", ">=", "1.x", "~1.0", "^1.0", "1.0.0.0", ">=1.0,", "v1.0", "=>1.0",
    # malformed after a part the server fails: still malformed
    "4,garbage", ">=2, x",
])
def test_unparseable_versions_get_400(api, world, wanted):
    r = api(world.alice_token).get("/v1/status", headers={"Aura-API-Version": wanted})
    err = assert_json_error(r, 400, "invalid_parameter")
    assert "Aura-API-Version" in err["message"]


def test_version_is_checked_before_authentication_and_only_under_v1(api, world):
    assert_json_error(api().get("/v1/status", headers={"Aura-API-Version": ">=1.3"}), 426, "upgrade_required")
    assert api().get("/openapi.json", headers={"Aura-API-Version": ">=9"}).status_code == 200


# --- nothing written on any error --------------------------------------------------------------


def _state():
    return (
        sorted(Team.objects.values_list("id", "slug", "name")),
        sorted(Member.objects.values_list("id", "name", "role", "display_name")),
        sorted(Token.objects.values_list("id", "revoked_at", "scopes")),
        sorted(get_user_model().objects.values_list("id", "username", "password", "is_active")),
        Event.objects.count(),
    )


@pytest.mark.urls("tests.api.test_errors")
def test_nothing_is_written_on_any_error(api, world):
    alice = api(world.alice_token)
    bob_id = world.bob.id
    revocable = Token.objects.first().id
    before = _state()
    attempts = [
        (api().post("/v1/admin/members", {"name": "x1"}), 401),
        (api(world.bob_token).post("/v1/admin/members", {"name": "x2"}), 403),
        (api(world.bob_token).post(f"/v1/admin/tokens/{revocable}/revoke"), 403),
        (alice.patch("/v1/admin/members/mem_nope", {"role": "admin"}), 404),
        (alice.post("/v1/nope", {"name": "x3"}), 404),
        (alice.put(f"/v1/admin/members/{bob_id}", {"role": "admin"}), 405),
        (alice.post("/v1/admin/members", raw='{"name": "x4"}', content_type="text/plain"), 415),
        (alice.post("/v1/admin/members", raw='{"name": "x5",'), 400),
        (alice.post("/v1/admin/members", {"name": "x 6"}), 400),
        (alice.patch(f"/v1/admin/members/{bob_id}", {"role": "boss"}), 400),
        (alice.post("/v1/admin/members", {"name": "x7"}, headers={"Aura-API-Version": ">=9"}), 426),
        (alice.post("/v1/admin/members", {"name": "x8"}, headers={"Aura-API-Version": "?"}), 400),
        (alice.post("/v1/admin/tokens", {"member": "bob", "scopes": ["nope"]}), 400),
        (alice.post("/v1/admin/tokens", {"member": "bob", "scopes": ["admin"], "expires_in": "forever"}), 400),
        (alice.post("/v1/boom", {}), 500),
    ]
    for response, status in attempts:
        assert response.status_code == status, (status, response.content)
        error_of(response)
    assert _state() == before
    assert not Member.objects.filter(name__startswith="x").exists()
    assert not Member.objects.filter(name="half-written").exists()


def test_error_bodies_have_exactly_the_contract_keys(api, world):
    for r in (api().get("/v1/status"), api(world.alice_token).get("/v1/nope")):
        body = r.json()
        assert list(body) == ["error"]
        assert set(body["error"]) == {"code", "message", "hint", "request_id"}


def test_head_answers_without_a_body(api, world):
    r = ApiClient(world.alice_token).head("/v1/status")
    assert r.status_code == 200 and r.content == b""
