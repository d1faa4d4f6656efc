"""Query parameters: unknown ones are refused by name, declared filters
validate their values, and every ``since`` form."""

import datetime as dt
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Token
from aura_site.api.filters import parse_since
from tests.conftest import assert_error, make_token, token_row

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 4, 21, 14, 23, 9, tzinfo=UTC)

LISTS = ["/v1/team/members", "/v1/admin/members", "/v1/admin/tokens"]


# --- unknown parameters ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", LISTS + ["/v1/status"])
@pytest.mark.parametrize("name", ["bogus", "Limit", "team_id", "format", "offset", "page", "ordering", "search"])
def test_unknown_parameters_are_named(api, world, url, name):
    r = api(world.alice_token).get(url, {name: "1"})
    err = assert_error(r, 400, "invalid_parameter")
    assert err["parameter"] == name
    assert name in err["message"]
    assert "team" in err["hint"]  # the hint lists what is allowed


@pytest.mark.django_db
def test_the_first_unknown_parameter_is_named(api, world):
    err = assert_error(api(world.alice_token).get("/v1/team/members", {"zeta": "1", "alpha": "2", "role": "admin"}),
                       400, "invalid_parameter")
    assert err["parameter"] == "alpha"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, params",
    [
        ("/v1/team/members", {"limit": "10", "team": "acme", "role": "admin", "kind": "human", "name": "alice"}),
        ("/v1/team/members", {"group_by": "role", "aggregate": "count"}),
        ("/v1/admin/members", {"role": "member", "kind": "agent"}),
        ("/v1/admin/tokens", {"user": "bob", "state": "active", "since": "30d", "team": "acme", "limit": "5"}),
        ("/v1/status", {"team": "acme"}),
    ],
)
def test_declared_parameters_are_accepted(api, world, url, params):
    assert api(world.alice_token).get(url, params).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, name, value",
    [
        ("/v1/team/members", "role", "boss"),
        ("/v1/team/members", "kind", "robot"),
        ("/v1/admin/members", "role", ""),
        ("/v1/admin/tokens", "state", "zombie"),
        ("/v1/admin/tokens", "since", "yesterday"),
        ("/v1/admin/tokens", "since", "2026-02-30"),
        ("/v1/admin/tokens", "since", "99999999999d"),
    ],
)
def test_bad_filter_values_are_named(api, world, url, name, value):
    r = api(world.alice_token).get(url, {name: value})
    if value == "":
        assert r.status_code == 200  # an empty filter is no filter
        return
    err = assert_error(r, 400, "invalid_parameter")
    assert err["parameter"] == name and name in err["message"]


@pytest.mark.django_db
def test_filters_filter(api, world):
    alice = api(world.alice_token)
    assert [m["name"] for m in alice.get("/v1/team/members", {"kind": "agent"}).json()["data"]] == ["robo"]
    assert {m["name"] for m in alice.get("/v1/team/members", {"role": "member"}).json()["data"]} == {"bob", "robo"}
    assert [m["name"] for m in alice.get("/v1/team/members", {"name": "rita"}).json()["data"]] == ["rita"]
    assert [t["user"] for t in alice.get("/v1/admin/tokens", {"user": "bob"}).json()["data"]] == ["bob"]


@pytest.mark.django_db
def test_since_filters_tokens_by_creation(api, world):
    old = token_row(world.bob_token)
    Token.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    fresh = token_row(make_token(world.bob, ["read_intents"]))
    alice = api(world.alice_token)

    def ids(since):
        r = alice.get("/v1/admin/tokens", {"since": since, "user": "bob"})
        assert r.status_code == 200, r.content
        return {t["id"] for t in r.json()["data"]}

    three_days_ago = timezone.now() - timedelta(days=3)
    assert ids("2d") == ids("47h") == ids("2879m") == ids("172000s") == {fresh.id}
    assert ids("4d") == {old.id, fresh.id}
    assert ids((three_days_ago - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")) == {old.id, fresh.id}
    assert ids((three_days_ago + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")) == {fresh.id}
    assert ids((three_days_ago - timedelta(days=1)).date().isoformat()) == {old.id, fresh.id}
    assert ids((timezone.now() + timedelta(days=1)).date().isoformat()) == set()


# --- parse_since --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("30d", NOW - timedelta(days=30)),
        ("12h", NOW - timedelta(hours=12)),
        ("15m", NOW - timedelta(minutes=15)),
        ("90s", NOW - timedelta(seconds=90)),
        ("0s", NOW),
        (" 7d ", NOW - timedelta(days=7)),
        ("2026-04-21", dt.datetime(2026, 4, 21, tzinfo=UTC)),
        ("2024-02-29", dt.datetime(2024, 2, 29, tzinfo=UTC)),
        ("2026-04-21T14:23:09Z", dt.datetime(2026, 4, 21, 14, 23, 9, tzinfo=UTC)),
        ("2026-04-21t14:23:09z", dt.datetime(2026, 4, 21, 14, 23, 9, tzinfo=UTC)),
        ("2026-04-21T14:23:09.250Z", dt.datetime(2026, 4, 21, 14, 23, 9, 250000, tzinfo=UTC)),
        ("2026-04-21T16:23:09+02:00", dt.datetime(2026, 4, 21, 14, 23, 9, tzinfo=UTC)),
        ("2026-04-21T09:23:09-05:00", dt.datetime(2026, 4, 21, 14, 23, 9, tzinfo=UTC)),
        ("2026-04-21 14:23:09Z", dt.datetime(2026, 4, 21, 14, 23, 9, tzinfo=UTC)),
        ("2026-04-21T14:23Z", dt.datetime(2026, 4, 21, 14, 23, tzinfo=UTC)),
    ],
)
def test_parse_since_forms(text, expected):
    value = parse_since(text, now=NOW)
    assert value == expected
    assert value.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "text",
    ["", "yesterday", "30", "d", "30x", "30 d", "-5d", "1.5h", "30D", "2026-13-01", "2026-02-30", "2025-02-29",
     "21/04/2026", "2026-04-21T25:00:00Z", "2026-04-21T14:23:09+25:00", "99999999999d", "now", "1w2d"],
)
def test_parse_since_refuses_everything_else(text):
    with pytest.raises(ValueError) as info:
        parse_since(text, now=NOW)
    assert "RFC 3339" in str(info.value) or "year" in str(info.value)


def test_parse_since_defaults_to_now():
    before = timezone.now()
    value = parse_since("1h")
    assert before - timedelta(hours=1) <= value <= timezone.now() - timedelta(hours=1)
