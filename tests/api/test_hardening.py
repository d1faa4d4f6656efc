"""Hardening against hostile input: JSON nested without end, non-JSON
session writes, non-ASCII digits and repeated parameters, blank paths."""

import json

import pytest
from django.test import Client

from aura_site.api.parsers import MAX_JSON_DEPTH, nesting_depth
from tests.conftest import ApiClient, assert_error

pytestmark = pytest.mark.django_db


# --- JSON nesting depth ----------------------------------------------------------------------------


def nested(depth, inner="1"):
    return "[" * depth + inner + "]" * depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 900, 1_000, 10_000, 100_000])
def test_json_nested_past_the_cap_is_invalid_json_at_any_depth(world, depth):
    alice = ApiClient(world.alice_token)
    for body in (nested(depth), '{"name": "x", "meta": ' + nested(depth) + "}",
                 '{"a":' * depth + "1" + "}" * depth, nested(depth)[:-1]):
        err = assert_error(alice.post("/v1/admin/members", raw=body), 400, "invalid_json")
        assert str(MAX_JSON_DEPTH) in err["message"] or "JSON parse error" in err["message"]


def test_json_at_the_cap_still_parses(world):
    alice = ApiClient(world.alice_token)
    # Parsed (then refused by validation for the unknown nesting), not a JSON error.
    r = alice.post("/v1/admin/members", raw='{"name": ' + nested(MAX_JSON_DEPTH - 1, '"x"') + "}")
    assert_error(r, 400, "validation_failed")
    # Brackets inside strings are not nesting.
    r = alice.post("/v1/admin/members", raw=json.dumps({"name": "[" * 5000 + '\\"{' * 5000}))
    assert r.status_code != 500 and r.json()["error"]["code"] != "invalid_json"


def test_nesting_depth_skips_strings_and_escapes():
    assert nesting_depth("[]") == 1
    assert nesting_depth('[["a]]]]", {"b": "\\"[[["}]]') == 3
    deep = "[" * 200 + '"' + "[" * 1000 + '\\""' + "]" * 200
    assert nesting_depth(deep) == 200


# --- session writes with a body that is not JSON ---------------------------------------------------


def session_client(member):
    member.user.set_password("a-long-password-1")
    member.user.save()
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=member.user.username, password="a-long-password-1")
    client.get("/admin/login/")
    return client, client.cookies["csrftoken"].value


@pytest.mark.parametrize("content_type, body, status, code", [
    ("text/plain", "name=newbie", 415, "unsupported_media_type"),
    ("application/x-www-form-urlencoded", "name=newbie", 415, "unsupported_media_type"),
    ("application/json", "{not json", 400, "invalid_json"),
])
def test_a_session_write_that_is_not_json_is_not_a_csrf_failure(world, content_type, body, status, code):
    client, token = session_client(world.alice)
    r = client.post("/v1/admin/members", data=body, content_type=content_type, headers={"X-CSRFToken": token})
    assert_error(r, status, code)
    # Without the token it stays a CSRF refusal when the body is readable JSON.
    r = client.post("/v1/admin/members", data='{"name": "x"}', content_type="application/json")
    assert_error(r, 403, "csrf_failed")


# --- parameters --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["５", "１０", "٣", "５0", " 5", "+5"])
def test_limit_takes_ascii_digits_only(world, value):
    err = assert_error(ApiClient(world.alice_token).get("/v1/team/members", {"limit": value}), 400, "invalid_parameter")
    assert err["parameter"] == "limit"


def test_a_plain_limit_still_works(world):
    r = ApiClient(world.alice_token).get("/v1/team/members", {"limit": "2"})
    assert r.status_code == 200 and len(r.json()["data"]) == 2


@pytest.mark.parametrize("query", ["group_by=team&group_by=day", "group_by=day&group_by=day",
                                   "group_by=team&aggregate=count&aggregate=count"])
def test_a_repeated_group_by_or_aggregate_is_refused(world, query):
    r = ApiClient(world.alice_token).client.get(
        f"/v1/intents?{query}", headers={"Authorization": f"Bearer {world.alice_token}"}
    )
    err = assert_error(r, 400, "invalid_parameter")
    assert err["parameter"] in ("group_by", "aggregate")
    r = ApiClient(world.alice_token).get("/v1/intents", {"group_by": "team"})
    assert r.status_code == 200


@pytest.mark.parametrize("path", [" ", "   ", "\u3000", " \u00a0 "])
def test_a_blank_snapshot_path_is_refused(world, path):
    alice = ApiClient(world.alice_token)
    err = assert_error(alice.post("/v1/snapshots", {"path": path, "content": "x"}), 400, "validation_failed")
    assert "path" in err["fields"]
    err = assert_error(alice.post("/v1/snapshots", raw=b"x", content_type="text/plain", params={"path": path}),
                       400, "validation_failed")
    assert "path" in err["fields"]
