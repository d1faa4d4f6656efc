"""/v1/impacts: the list (open by default), filters, group_by, detail,
PATCH transitions, client reports, batches, scopes and tenancy."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event
from impacts.models import Impact
from tests.conftest import assert_error, make_member, make_token


def make(team, **kw):
    now = timezone.now()
    fields = {"repo": "shop", "your_branch": "feat/ui", "other_branch": "main", "function": "auth::login",
              "change": "modified", "severity": "info", "detected_at": now, "first_detected_at": now, **kw}
    return Impact.objects.create(team=team, **fields)


def ids_of(response):
    assert response.status_code == 200, response.content
    return [i["id"] for i in response.json()["data"]]


# --- the reference's samples ------------------------------------------------------------


def test_impact_from_a_logged_intent_reads_like_the_sample(api, world):
    c = api(world.alice_token)
    for branch, node in [
        ("feat/session-model", {"name": "auth::Session::refresh", "kind": "method", "change": "added",
                                "path": "src/auth/session.rs", "after": {"signature": "fn refresh(&mut self)"}}),
        ("feat/login-refresh", {"name": "auth::login", "kind": "function", "change": "added", "path": "src/auth/login.rs",
                                "after": {"calls": ["auth::Session::refresh"]}}),
        ("feat/session-model", {"name": "auth::Session::refresh", "kind": "method", "change": "signature_changed",
                                "path": "src/auth/session.rs", "before": {"signature": "fn refresh(&mut self)"},
                                "after": {"signature": "fn refresh(&mut self, ctx: &Ctx)", "hash": "9f2"}}),
    ]:
        r = c.post("/v1/intents", {"summary": "Work [ENG-1]", "repo": "naridon-inc/aura", "branch": branch,
                                   "nodes": [node]})
        assert r.status_code == 201, r.content
    [listed] = c.get("/v1/impacts").json()["data"]
    assert {k: listed[k] for k in ("your_branch", "other_branch", "function", "change", "severity", "status")} == {
        "your_branch": "feat/login-refresh", "other_branch": "feat/session-model",
        "function": "auth::Session::refresh", "change": "signature_changed", "severity": "warning", "status": "open",
    }
    assert listed["id"].startswith("imp_") and listed["detected_at"].endswith("Z")
    assert listed["occurrences"] == 1 and listed["team"] == "acme" and listed["repo"] == "naridon-inc/aura"
    detail = c.get(f"/v1/impacts/{listed['id']}").json()
    assert {k: v for k, v in detail.items() if k in listed} == listed
    assert detail["before"] == {"name": "auth::Session::refresh", "kind": "method", "path": "src/auth/session.rs",
                                "hash": None, "signature": "fn refresh(&mut self)", "calls": None}
    assert detail["after"]["signature"] == "fn refresh(&mut self, ctx: &Ctx)" and detail["after"]["hash"] == "9f2"
    assert detail["callers"] == [{"name": "auth::login", "path": "src/auth/login.rs", "kind": "function"}]
    assert detail["callers_count"] == 1 and detail["reported_by"] is None
    assert detail["intent_id"].startswith("itn_")


def test_reference_curl_resolve(api, world):
    imp = make(world.acme)
    r = api(world.alice_token).patch(f"/v1/impacts/{imp.pk}",
                                     {"status": "resolved", "note": "Updated caller to pass ctx"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "resolved" and body["note"] == "Updated caller to pass ctx"
    assert body["status_changed_by"] == world.alice.as_ref()
    assert body["status_changed_at"].endswith("Z")
    imp.refresh_from_db()
    assert (imp.status, imp.status_changed_by_id) == ("resolved", world.alice.id)
    event = Event.objects.get(topic="impact.updated")
    assert event.data["status"] == "resolved" and event.data["id"] == imp.pk and event.actor == world.alice.id


def test_reference_open_impacts_per_team(api, world):
    make(world.acme)
    make(world.acme, function="b", status="resolved")
    r = api(world.alice_token).get("/v1/impacts", params={"status": "open", "group_by": "team"})
    assert r.json()["data"] == [{"team": "acme", "count": 1}]


# --- the list ---------------------------------------------------------------------------------


@pytest.fixture
def spread(world):
    past, future = timezone.now() - dt.timedelta(hours=1), timezone.now() + dt.timedelta(hours=1)
    old = timezone.now() - dt.timedelta(days=10)
    return {
        "open": make(world.acme, severity="critical", change="deleted"),
        "resolved": make(world.acme, function="b", status="resolved"),
        "dismissed": make(world.acme, function="c", status="dismissed", your_branch="feat/x"),
        "snoozed": make(world.acme, function="d", status="snoozed", snooze_until=future, severity="warning"),
        "woke": make(world.acme, function="e", status="snoozed", snooze_until=past, your_branch="feat/x",
                     other_branch="dev", severity="warning"),
        "old": make(world.acme, function="f", repo="api", detected_at=old, first_detected_at=old),
        "theirs": make(world.globex, function="g"),
    }


def names(spread, *keys):
    return [spread[k].pk for k in keys]


def test_list_is_open_by_default_and_an_expired_snooze_is_open(api, world, spread):
    body = api(world.rita_token).get("/v1/impacts").json()
    assert [i["id"] for i in body["data"]] == names(spread, "old", "woke", "open")
    woke = body["data"][1]
    assert woke["status"] == "open" and woke["snooze_until"] is not None
    assert api(world.alice_token).get(f"/v1/impacts/{spread['woke'].pk}").json()["status"] == "open"
    assert api(world.alice_token).get(f"/v1/impacts/{spread['snoozed'].pk}").json()["status"] == "snoozed"


@pytest.mark.parametrize("params, expected", [
    ({"status": "open"}, ["old", "woke", "open"]),
    ({"status": "snoozed"}, ["snoozed"]),
    ({"status": "resolved"}, ["resolved"]),
    ({"status": "dismissed"}, ["dismissed"]),
    ({"status": "all"}, ["old", "woke", "snoozed", "dismissed", "resolved", "open"]),
    ({"branch": "feat/x"}, ["woke"]),
    ({"branch": "feat/x", "status": "all"}, ["woke", "dismissed"]),
    ({"other_branch": "dev"}, ["woke"]),
    ({"severity": "critical"}, ["open"]),
    ({"severity": "warning", "status": "all"}, ["woke", "snoozed"]),
    ({"function": "auth::login"}, ["open"]),
    ({"change": "deleted"}, ["open"]),
    ({"repo": "api"}, ["old"]),
    ({"since": "2d"}, ["woke", "open"]),
    ({"since": "2d", "status": "all", "severity": "warning"}, ["woke", "snoozed"]),
])
def test_filters(api, world, spread, params, expected):
    assert ids_of(api(world.alice_token).get("/v1/impacts", params=params)) == names(spread, *expected)


@pytest.mark.parametrize("params, parameter", [
    ({"status": "closed"}, "status"),
    ({"severity": "fatal"}, "severity"),
    ({"change": "moved"}, "change"),
    ({"since": "soon"}, "since"),
    ({"your_branch": "x"}, "your_branch"),
    ({"group_by": "note"}, "group_by"),
    ({"group_by": "severity", "aggregate": "fail_rate"}, "aggregate"),
])
def test_bad_parameters(api, world, params, parameter):
    err = assert_error(api(world.alice_token).get("/v1/impacts", params=params), 400, "invalid_parameter")
    assert err["parameter"] == parameter


@pytest.mark.parametrize("params, expected", [
    ({"group_by": "severity"}, [{"severity": "critical", "count": 1}, {"severity": "info", "count": 1},
                                {"severity": "warning", "count": 1}]),
    ({"group_by": "status", "status": "all"}, [{"status": "open", "count": 3}, {"status": "dismissed", "count": 1},
                                               {"status": "resolved", "count": 1},
                                               {"status": "snoozed", "count": 1}]),
    ({"group_by": "your_branch", "status": "all"}, [{"your_branch": "feat/ui", "count": 4},
                                                    {"your_branch": "feat/x", "count": 2}]),
    ({"group_by": "other_branch"}, [{"other_branch": "main", "count": 2}, {"other_branch": "dev", "count": 1}]),
    ({"group_by": "severity", "aggregate": "sum:occurrences", "status": "all"},
     [{"severity": "info", "sum": 3}, {"severity": "warning", "sum": 2}, {"severity": "critical", "sum": 1}]),
])
def test_group_by(api, world, spread, params, expected):
    r = api(world.alice_token).get("/v1/impacts", params=params)
    assert r.status_code == 200, r.content
    assert r.json()["data"] == expected


def test_group_by_repo_ties_are_ordered_by_key(api, world, spread):
    data = api(world.alice_token).get("/v1/impacts", params={"group_by": "repo"}).json()["data"]
    assert data == [{"repo": "shop", "count": 2}, {"repo": "api", "count": 1}]


def test_group_by_day(api, world, spread):
    data = api(world.alice_token).get("/v1/impacts", params={"group_by": "day", "status": "all"}).json()["data"]
    assert [d["count"] for d in data] == [1, 5]
    assert data[1]["day"] == timezone.now().date().isoformat()


def test_pagination_walks_every_impact_once(api, world):
    made = [make(world.acme, function=f"f{i}").pk for i in range(8)]
    c = api(world.alice_token)
    seen, cursor, pages = [], None, 0
    while True:
        body = c.get("/v1/impacts", params={"limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        seen += [i["id"] for i in body["data"]]
        pages += 1
        if not body["has_more"]:
            break
        cursor = body["next_cursor"]
    assert pages == 3 and seen == list(reversed(made))
    assert_error(c.get("/v1/impacts", params={"status": "all", "cursor": cursor}), 400, "invalid_cursor")


def test_list_and_detail_query_counts(api, world, django_assert_num_queries):
    for i in range(3):
        make(world.acme, function=f"f{i}", status_changed_by=world.bob, status_changed_at=timezone.now())
    c = api(world.rita_token)
    c.get("/v1/status")
    with django_assert_num_queries(2):  # the token with its members; impacts + team + who changed it
        assert len(c.get("/v1/impacts").json()["data"]) == 3
    for i in range(20):
        make(world.acme, function=f"g{i}", reported_by=world.alice)
    with django_assert_num_queries(2):
        assert len(c.get("/v1/impacts", params={"status": "all", "severity": "info"}).json()["data"]) == 23
    imp = Impact.objects.filter(reported_by__isnull=False).first()
    with django_assert_num_queries(2):
        assert c.get(f"/v1/impacts/{imp.pk}").json()["reported_by"] == world.alice.as_ref()
    with django_assert_num_queries(2):
        c.get("/v1/impacts", params={"group_by": "status"})


# --- PATCH ------------------------------------------------------------------------------------------


def test_snooze_defaults_to_24_hours(api, world):
    imp = make(world.acme)
    body = api(world.alice_token).patch(f"/v1/impacts/{imp.pk}", {"status": "snoozed"}).json()
    until = dt.datetime.fromisoformat(body["snooze_until"].replace("Z", "+00:00"))
    assert body["status"] == "snoozed"
    assert abs((until - timezone.now()) - dt.timedelta(hours=24)) < dt.timedelta(minutes=1)


def test_snooze_until_a_time_then_reopen(api, world):
    imp = make(world.acme)
    c = api(world.bob_token)
    until = (timezone.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = c.patch(f"/v1/impacts/{imp.pk}", {"status": "snoozed", "snooze_until": until, "note": "after release"}).json()
    assert (body["status"], body["snooze_until"], body["note"]) == ("snoozed", until, "after release")
    assert body["status_changed_by"]["name"] == "bob"
    body = c.patch(f"/v1/impacts/{imp.pk}", {"status": "open"}).json()
    assert (body["status"], body["snooze_until"], body["note"]) == ("open", None, "after release")
    assert Event.objects.filter(topic="impact.updated").count() == 2


def test_snooze_until_alone_snoozes(api, world):
    imp = make(world.acme)
    until = (timezone.now() + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = api(world.alice_token).patch(f"/v1/impacts/{imp.pk}", {"snooze_until": until}).json()
    assert body["status"] == "snoozed" and body["snooze_until"] == until


def test_transitions(api, world):
    imp = make(world.acme)
    c = api(world.alice_token)
    for status in ("dismissed", "open", "resolved", "snoozed", "resolved", "open"):
        r = c.patch(f"/v1/impacts/{imp.pk}", {"status": status})
        assert r.status_code == 200 and r.json()["status"] == status
    assert Event.objects.filter(topic="impact.updated").count() == 6


def test_note_alone_keeps_the_status_and_who_changed_it(api, world):
    imp = make(world.acme, status="resolved", status_changed_by=world.bob, status_changed_at=timezone.now())
    body = api(world.alice_token).patch(f"/v1/impacts/{imp.pk}", {"note": "see PR 12"}).json()
    assert body["status"] == "resolved" and body["status_changed_by"]["name"] == "bob"
    assert body["note"] == "see PR 12"


def test_reopen_refused_while_another_is_active(api, world):
    old = make(world.acme, status="resolved")
    new = make(world.acme)
    err = assert_error(api(world.alice_token).patch(f"/v1/impacts/{old.pk}", {"status": "open"}), 409,
                       "impact_already_open")
    assert err["impact_id"] == new.pk and new.pk in err["hint"]
    old.refresh_from_db()
    assert old.status == "resolved"
    assert not Event.objects.filter(topic="impact.updated").exists()


@pytest.mark.parametrize("body, field", [
    ({"status": "fixed"}, "status"),
    ({"status": "snoozed", "snooze_until": "2001-01-01T00:00:00Z"}, "snooze_until"),
    ({"status": "resolved", "snooze_until": "2999-01-01T00:00:00Z"}, "snooze_until"),
    ({"snooze_until": "tomorrow"}, "snooze_until"),
    ({"note": "x" * 2001}, "note"),
    ({}, "non_field_errors"),
])
def test_bad_patch(api, world, body, field):
    imp = make(world.acme)
    err = assert_error(api(world.alice_token).patch(f"/v1/impacts/{imp.pk}", body), 400, "validation_failed")
    assert field in err["fields"], err["fields"]
    imp.refresh_from_db()
    assert (imp.status, imp.note, imp.status_changed_at) == ("open", "", None)
    assert not Event.objects.filter(topic="impact.updated").exists()


def test_patch_scopes_and_tenancy(api, world):
    mine, theirs = make(world.acme), make(world.globex)
    reader = make_token(world.alice, ["read_impacts"])
    assert_error(api(reader).patch(f"/v1/impacts/{mine.pk}", {"status": "resolved"}), 403, "scope_missing")
    assert_error(api(world.rita_token).patch(f"/v1/impacts/{mine.pk}", {"status": "resolved"}), 403,
                 "scope_missing")
    assert_error(api(world.alice_token).patch(f"/v1/impacts/{theirs.pk}", {"status": "resolved"}), 404, "not_found")
    assert_error(api(world.alice_token).patch("/v1/impacts/imp_nope", {"status": "resolved"}), 404, "not_found")
    assert set(Impact.objects.values_list("status", flat=True)) == {"open"}


def test_read_scopes_and_tenancy(api, world):
    mine, theirs = make(world.acme), make(world.globex)
    writer = make_token(world.alice, ["write_impacts"])
    assert_error(api(writer).get("/v1/impacts"), 403, "scope_missing")
    assert_error(api(writer).get(f"/v1/impacts/{mine.pk}"), 403, "scope_missing")
    assert_error(api(world.alice_token).get(f"/v1/impacts/{theirs.pk}"), 404, "not_found")
    assert ids_of(api(world.gina_token).get("/v1/impacts")) == [theirs.pk]
    assert_error(api(world.alice_token).get("/v1/impacts", params={"team": "globex"}), 404, "not_found")
    assert_error(api().get("/v1/impacts"), 401, "unauthorized")


def test_resolved_impact_is_found_by_id(api, world):
    imp = make(world.acme, status="resolved")
    assert api(world.alice_token).get(f"/v1/impacts/{imp.pk}").json()["status"] == "resolved"


# --- POST (a client's own finding) ------------------------------------------------------------------


REPORT = {"repo": "shop", "your_branch": "feat/ui", "other_branch": "main", "function": "auth::login",
          "change": "signature_changed", "severity": "warning",
          "before": {"name": "auth::login", "signature": "fn login()"},
          "after": {"name": "auth::login", "signature": "fn login(ctx)"},
          "callers": ["ui::page", {"name": "ui::nav", "path": "src/nav.rs", "kind": "function"}]}


def test_report_opens_then_repeats(api, world):
    c = api(world.bob_token)
    r = c.post("/v1/impacts", REPORT)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "open" and body["occurrences"] == 1 and body["intent_id"] is None
    assert body["reported_by"] == world.bob.as_ref()
    assert body["callers"] == [{"name": "ui::page", "path": None, "kind": None},
                               {"name": "ui::nav", "path": "src/nav.rs", "kind": "function"}]
    assert body["callers_count"] == 2 and body["after"]["signature"] == "fn login(ctx)"
    detected = Event.objects.get(topic="impact.detected")
    assert detected.data["id"] == body["id"] and detected.actor == world.bob.id
    again = c.post("/v1/impacts", {**REPORT, "severity": "critical", "callers": ["ui::page"]})
    assert again.status_code == 200
    assert again.json()["id"] == body["id"] and again.json()["occurrences"] == 2
    assert again.json()["severity"] == "critical" and again.json()["callers_count"] == 1
    assert Event.objects.filter(topic="impact.detected").count() == 1
    assert Event.objects.filter(topic="impact.updated").count() == 1  # re-graded


def test_report_after_resolution_opens_a_new_one(api, world):
    c = api(world.alice_token)
    first = c.post("/v1/impacts", REPORT).json()
    c.patch(f"/v1/impacts/{first['id']}", {"status": "resolved"})
    second = c.post("/v1/impacts", REPORT)
    assert second.status_code == 201 and second.json()["id"] != first["id"]


@pytest.mark.parametrize("change, field", [
    ({"severity": "fatal"}, "severity"),
    ({"change": "moved"}, "change"),
    ({"other_branch": "feat/ui"}, "other_branch"),
    ({"function": ""}, "function"),
    ({"repo": None}, "repo"),
    ({"before": {"kind": "lambda"}}, "before.kind"),
    ({"callers": [{"path": "x"}]}, "callers.0.name"),
    ({"callers": ["x"] * 1001}, "callers.non_field_errors"),
])
def test_bad_report(api, world, change, field):
    err = assert_error(api(world.alice_token).post("/v1/impacts", {**REPORT, **change}), 400, "validation_failed")
    assert field in err["fields"], err["fields"]
    assert not Impact.objects.exists() and not Event.objects.exists()


def test_report_scopes_and_team(api, world):
    reader = make_token(world.alice, ["read_impacts"])
    assert_error(api(reader).post("/v1/impacts", REPORT), 403, "scope_missing")
    assert_error(api(world.rita_token).post("/v1/impacts", REPORT), 403, "scope_missing")
    make_member(world.globex, "alice")
    both = make_token(world.alice, teams=[world.acme, world.globex])
    assert_error(api(both).post("/v1/impacts", REPORT), 400, "team_required")
    r = api(both).post("/v1/impacts", {**REPORT, "team": "globex"})
    assert r.status_code == 201 and r.json()["team"] == "globex"
    assert Impact.objects.get().team_id == world.globex.id


# --- batch resolutions --------------------------------------------------------------------------------------


def test_batch_partial_failure(api, world):
    a, b, theirs = make(world.acme, function="a"), make(world.acme, function="b"), make(world.globex)
    r = api(world.alice_token).post("/v1/impacts:batch", {"impacts": [
        {"id": a.pk, "status": "resolved", "note": "fixed"},
        {"id": theirs.pk, "status": "resolved"},
        {"id": b.pk, "status": "closed"},
        {"id": "imp_nope", "status": "dismissed"},
        {"status": "resolved"},
        {"id": b.pk, "status": "snoozed"},
    ]})
    assert r.status_code == 200, r.content
    out = r.json()
    assert out[0]["ok"]["status"] == "resolved" and out[0]["ok"]["note"] == "fixed"
    assert out[1]["err"]["code"] == "not_found"
    assert out[2]["err"]["code"] == "validation_failed" and "status" in out[2]["err"]["fields"]
    assert out[3]["err"]["code"] == "not_found"
    assert out[4]["err"]["code"] == "validation_failed" and "id" in out[4]["err"]["fields"]
    assert out[5]["ok"]["status"] == "snoozed"
    assert dict(Impact.objects.values_list("function", "status")) == {"a": "resolved", "b": "snoozed",
                                                                      "auth::login": "open"}
    assert Event.objects.filter(topic="impact.updated").count() == 2


def test_batch_scope_and_size(api, world):
    imp = make(world.acme)
    reader = make_token(world.alice, ["read_impacts"])
    assert_error(api(reader).post("/v1/impacts:batch", {"impacts": [{"id": imp.pk, "status": "resolved"}]}),
                 403, "scope_missing")
    for body in ({}, {"impacts": []}, {"impacts": [{"id": imp.pk, "status": "resolved"}] * 501}):
        assert_error(api(world.alice_token).post("/v1/impacts:batch", body), 400, "validation_failed")
    imp.refresh_from_db()
    assert imp.status == "open"


# --- Django admin ---------------------------------------------------------------------------------------------


@pytest.fixture
def alice_admin(world):
    from django.test import Client

    user = world.alice.user
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_admin_lists_and_filters(alice_admin, world, spread):
    page = alice_admin.get("/admin/impacts/impact/", {"status__exact": "resolved"}).content.decode()
    assert spread["resolved"].pk in page and spread["open"].pk not in page
    page = alice_admin.get("/admin/impacts/impact/", {"q": "feat/x"}).content.decode()
    assert spread["woke"].pk in page and spread["open"].pk not in page
    page = alice_admin.get("/admin/impacts/impact/", {"team__id__exact": world.globex.id}).content.decode()
    assert spread["theirs"].pk in page and spread["open"].pk not in page
    assert alice_admin.get("/admin/impacts/impact/add/").status_code == 403


def test_admin_status_change_goes_through_the_api_path(alice_admin, world):
    imp = make(world.acme)
    r = alice_admin.post(f"/admin/impacts/impact/{imp.pk}/change/",
                         {"status": "resolved", "snooze_until_0": "", "snooze_until_1": "", "note": "fixed by hand"})
    assert r.status_code == 302, r.content.decode()[:2000]
    imp.refresh_from_db()
    assert (imp.status, imp.note, imp.status_changed_by_id) == ("resolved", "fixed by hand", world.alice.id)
    assert Event.objects.get(topic="impact.updated").data["status"] == "resolved"
    past = timezone.now() - dt.timedelta(days=1)
    r = alice_admin.post(f"/admin/impacts/impact/{imp.pk}/change/", {
        "status": "snoozed", "snooze_until_0": past.strftime("%Y-%m-%d"), "snooze_until_1": past.strftime("%H:%M:%S"),
        "note": "fixed by hand"})
    assert r.status_code == 200 and "Must be in the future" in r.content.decode()
    imp.refresh_from_db()
    assert imp.status == "resolved"


def test_events_carry_the_impact_as_the_serializer_writes_it(world):
    """``represent_many`` (the data of a detection's events) equals
    ImpactSerializer for an impact in every state it can be in."""
    from impacts.serializers import ImpactSerializer, represent_many

    now = timezone.now()
    base = dict(team=world.acme, repo="acme/app", your_branch="feat/a", other_branch="main", change="modified",
                severity="warning")
    impacts = [
        Impact.objects.create(function="f.new", **base),
        Impact.objects.create(function="f.snoozed", status="snoozed", snooze_until=now + dt.timedelta(hours=1),
                              note="later", **base),
        Impact.objects.create(function="f.woke", status="snoozed", snooze_until=now - dt.timedelta(seconds=1),
                              **base),
        Impact.objects.create(function="f.done", status="resolved", status_changed_by=world.bob,
                              status_changed_at=now, occurrences=4, **base),
    ]
    fresh = list(Impact.objects.select_related("team", "status_changed_by").filter(pk__in=[i.pk for i in impacts]))
    assert represent_many(fresh, now=now) == [dict(d) for d in ImpactSerializer(fresh, many=True).data]
    assert [d["status"] for d in represent_many(impacts)] == ["open", "snoozed", "open", "resolved"]
