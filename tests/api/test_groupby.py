"""group_by / aggregate against hand-computed answers, in one SQL query."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext
from django.urls import path

from accounts.models import Member, Token
from accounts.serializers import MemberSerializer, TokenSerializer
from aura_site import urls as site_urls
from aura_site.api.views import TeamScopedViewSet
from tests.conftest import ALL, assert_error, make_member, make_token, token_row

pytestmark = pytest.mark.django_db
UTC = dt.timezone.utc


class MemberStats(TeamScopedViewSet):
    """A list with sum/avg fields and a fail_rate, over a plain team foreign key."""

    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    scope_map = {"GET": None}
    group_by_fields = {"kind": "kind", "role": "role"}
    aggregate_fields = {"name_length": Length("name")}
    fail_rate_q = Q(role="read-only")


class TokenStats(TeamScopedViewSet):
    """The same over a many-to-many team field."""

    queryset = Token.objects.all()
    serializer_class = TokenSerializer
    team_field = "teams"
    scope_map = {"GET": "admin"}
    group_by_fields = {"user": "user__username"}
    aggregate_fields = {"per_minute": "rate_limit_per_minute"}
    fail_rate_q = Q(revoked_at__isnull=False)


urlpatterns = [
    path("v1/probe/member-stats", MemberStats.as_view({"get": "list"})),
    path("v1/probe/token-stats", TokenStats.as_view({"get": "list"})),
    *site_urls.urlpatterns,
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def grouped(client, url, **params):
    r = client.get(url, params)
    assert r.status_code == 200, r.content
    body = r.json()
    assert set(body) == {"data", "group_by", "aggregate", "truncated"}
    assert body["group_by"] == params["group_by"]
    assert body["aggregate"] == params.get("aggregate", "count")
    return body


# acme: alice (admin, human), bob (member, human), rita (read-only, human), robo (member, agent)


def test_count_by_role_and_kind(api, world):
    client = api(world.alice_token)
    body = grouped(client, "/v1/team/members", group_by="role")
    # By count descending, then key.
    assert body["data"] == [{"role": "member", "count": 2}, {"role": "admin", "count": 1}, {"role": "read-only", "count": 1}]
    assert body["truncated"] is False
    assert grouped(client, "/v1/team/members", group_by="kind", aggregate="count")["data"] == [
        {"kind": "human", "count": 3}, {"kind": "agent", "count": 1}
    ]


def test_grouping_honours_every_other_filter(api, world):
    client = api(world.alice_token)
    assert grouped(client, "/v1/team/members", group_by="role", kind="human")["data"] == [
        {"role": "admin", "count": 1}, {"role": "member", "count": 1}, {"role": "read-only", "count": 1}
    ]
    assert grouped(client, "/v1/team/members", group_by="kind", role="member")["data"] == [
        {"kind": "agent", "count": 1}, {"kind": "human", "count": 1}
    ]
    assert grouped(client, "/v1/team/members", group_by="kind", name="nobody")["data"] == []


def test_group_by_team(api, world):
    make_member(world.globex, "alice", role="member")
    make_member(world.globex, "zoe")
    client = api(make_token(world.alice, ALL, teams=[world.acme, world.globex]))
    assert grouped(client, "/v1/team/members", group_by="team")["data"] == [
        {"team": "acme", "count": 4}, {"team": "globex", "count": 3}
    ]
    assert grouped(client, "/v1/team/members", group_by="team", team="globex")["data"] == [{"team": "globex", "count": 3}]
    assert grouped(client, "/v1/team/members", group_by="role", team="globex")["data"] == [
        {"role": "member", "count": 2}, {"role": "admin", "count": 1}
    ]
    # admin scope only in acme: the admin list groups acme alone.
    assert grouped(client, "/v1/admin/members", group_by="team")["data"] == [{"team": "acme", "count": 4}]
    # A single-team caller never sees another team's bucket.
    assert grouped(api(world.bob_token), "/v1/team/members", group_by="team")["data"] == [{"team": "acme", "count": 4}]


def test_group_by_day_and_week_in_utc_buckets(api, world):
    times = {
        "alice": dt.datetime(2026, 4, 19, 23, 59, 59, tzinfo=UTC),  # a Sunday
        "bob": dt.datetime(2026, 4, 20, 0, 0, 0, tzinfo=UTC),  # the Monday after
        "rita": dt.datetime(2026, 4, 21, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-2))),  # 04-22 01:30Z
        "robo": dt.datetime(2026, 4, 26, 12, 0, tzinfo=UTC),  # Sunday, same ISO week as bob
    }
    for name, when in times.items():
        Member.objects.filter(team=world.acme, name=name).update(created_at=when)
    client = api(world.alice_token)
    assert grouped(client, "/v1/team/members", group_by="day")["data"] == [
        {"day": "2026-04-19", "count": 1}, {"day": "2026-04-20", "count": 1},
        {"day": "2026-04-22", "count": 1}, {"day": "2026-04-26", "count": 1},
    ]
    # Weeks are the Monday (ISO), in time order, not by count.
    assert grouped(client, "/v1/team/members", group_by="week")["data"] == [
        {"week": "2026-04-13", "count": 1}, {"week": "2026-04-20", "count": 3}
    ]
    assert grouped(client, "/v1/team/members", group_by="week", kind="agent")["data"] == [{"week": "2026-04-20", "count": 1}]


@pytest.mark.urls("tests.api.test_groupby")
def test_sum_avg_and_fail_rate(api, world):
    client = api(world.alice_token)
    url = "/v1/probe/member-stats"
    # name lengths: alice 5, bob 3, rita 4 (humans); robo 4 (agent)
    assert grouped(client, url, group_by="kind", aggregate="sum:name_length")["data"] == [
        {"kind": "human", "sum": 12}, {"kind": "agent", "sum": 4}
    ]
    # A tie on the value: by key.
    assert grouped(client, url, group_by="kind", aggregate="avg:name_length")["data"] == [
        {"kind": "agent", "avg": 4.0}, {"kind": "human", "avg": 4.0}
    ]
    assert grouped(client, url, group_by="role", aggregate="avg:name_length")["data"] == [
        {"role": "admin", "avg": 5.0}, {"role": "read-only", "avg": 4.0}, {"role": "member", "avg": 3.5}
    ]
    # fail_rate here: the share of read-only members.
    assert grouped(client, url, group_by="kind", aggregate="fail_rate")["data"] == [
        {"kind": "human", "fail_rate": 0.333333}, {"kind": "agent", "fail_rate": 0.0}
    ]
    assert grouped(client, url, group_by="team", aggregate="fail_rate")["data"] == [{"team": "acme", "fail_rate": 0.25}]


@pytest.mark.urls("tests.api.test_groupby")
def test_aggregates_over_a_many_to_many_team_count_each_object_once(api, world):
    make_member(world.globex, "alice", role="admin")
    make_member(world.globex, "bob")
    client = api(make_token(world.alice, ALL, teams=[world.acme, world.globex]))  # alice: 2 tokens
    bob_both = token_row(make_token(world.bob, ["read_intents"], teams=[world.acme, world.globex]))  # bob: 2 tokens
    Token.objects.filter(pk=bob_both.pk).update(rate_limit_per_minute=100)
    Token.objects.filter(pk=token_row(world.bob_token).pk).update(rate_limit_per_minute=20)
    Token.objects.filter(pk=token_row(world.rita_token).pk).update(rate_limit_per_minute=7)
    api(world.alice_token).post(f"/v1/admin/tokens/{bob_both.pk}/revoke")

    for url in ("/v1/admin/tokens", "/v1/probe/token-stats"):
        assert grouped(client, url, group_by="user")["data"] == [
            {"user": "alice", "count": 2}, {"user": "bob", "count": 2},
            {"user": "gina", "count": 1}, {"user": "rita", "count": 1}, {"user": "robo", "count": 1},
        ]
        # Each token once in each of the caller's teams it is bound to.
        assert grouped(client, url, group_by="team")["data"] == [{"team": "acme", "count": 6}, {"team": "globex", "count": 3}]
    url = "/v1/probe/token-stats"
    assert grouped(client, url, group_by="user", aggregate="sum:per_minute")["data"] == [
        {"user": "bob", "sum": 120}, {"user": "rita", "sum": 7},
        {"user": "alice", "sum": 0}, {"user": "gina", "sum": 0}, {"user": "robo", "sum": 0},
    ]
    assert grouped(client, url, group_by="team", aggregate="sum:per_minute")["data"] == [
        {"team": "acme", "sum": 127}, {"team": "globex", "sum": 100}
    ]
    assert grouped(client, url, group_by="user", aggregate="fail_rate")["data"][0] == {"user": "bob", "fail_rate": 0.5}
    # An acme-only admin never sees a globex bucket, even for two-team tokens.
    assert grouped(api(world.alice_token), url, group_by="team")["data"] == [{"team": "acme", "count": 6}]


def test_grouping_is_one_query_after_authentication(api, world):
    client = api(world.alice_token)
    client.get("/v1/status")  # last_used_at and last_seen_at written: later calls only read

    def queries(url, params=None):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params or {}).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    authentication = queries("/v1/status")  # status reads nothing beyond the caller
    for params in ({"group_by": "role"}, {"group_by": "week", "kind": "human"}, {"group_by": "team"}):
        grouped_sql = queries("/v1/team/members", params)
        assert len(grouped_sql) == len(authentication) + 1, grouped_sql
        assert "GROUP BY" in grouped_sql[-1].upper()
    tokens_sql = queries("/v1/admin/tokens", {"group_by": "user", "state": "active"})
    assert len(tokens_sql) == len(authentication) + 1 and "GROUP BY" in tokens_sql[-1].upper()


def test_at_most_1000_groups(api, world):
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"bulk{n:04d}") for n in range(1001)])
    start = dt.datetime(2020, 1, 1, 12, tzinfo=UTC)
    Member.objects.bulk_create(
        [Member(team=world.acme, user=u, name=u.username, created_at=start + dt.timedelta(days=n)) for n, u in enumerate(users)]
    )
    Member.objects.filter(name__in=["alice", "bob", "rita", "robo"]).update(created_at=start - dt.timedelta(days=1))
    body = grouped(api(world.alice_token), "/v1/team/members", group_by="day")
    assert body["truncated"] is True and len(body["data"]) == 1000
    assert body["data"][0] == {"day": "2019-12-31", "count": 4}
    assert body["data"][1] == {"day": "2020-01-01", "count": 1}
    days = [row["day"] for row in body["data"]]
    assert days == sorted(days)
    assert not grouped(api(world.alice_token), "/v1/team/members", group_by="role")["truncated"]


@pytest.mark.parametrize(
    "params, parameter, allowed",
    [
        ({"group_by": "author"}, "group_by", "role"),
        ({"group_by": "created_at"}, "group_by", "week"),
        ({"group_by": ""}, "aggregate", None),
        ({"aggregate": "count"}, "aggregate", None),
        ({"group_by": "role", "aggregate": "sum:name"}, "aggregate", "count"),
        ({"group_by": "role", "aggregate": "avg"}, "aggregate", "count"),
        ({"group_by": "role", "aggregate": "fail_rate"}, "aggregate", None),
        ({"group_by": "role", "aggregate": "median"}, "aggregate", "count"),
    ],
)
def test_unknown_groups_and_aggregates_are_400(api, world, params, parameter, allowed):
    err = assert_error(api(world.alice_token).get("/v1/team/members", params), 400, "invalid_parameter")
    assert err["parameter"] == parameter
    if allowed:
        assert allowed in err["hint"]
