"""/v1/intents: logging, tickets and strict mode, validation, filters,
group_by, nodes, batches, scopes and tenancy."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from events.models import Event
from intents.models import Intent, IntentNode, IntentTicket, LogicNode
from tests.conftest import assert_error, make_member, make_team, make_token

SAMPLE = {
    "repo": "naridon-inc/aura",
    "branch": "feat/login-refresh",
    "summary": "Refactor retry_logic to use exponential backoff",
    "commit_sha": "abc1234",
    "tickets": [{"system": "linear", "id": "ENG-1421"}],
    "prove_goals": [{"goal": "Retries respect Retry-After header", "result": "pass"}],
    "nodes": [
        {"path": "src/net/retry.rs", "kind": "function", "name": "net::retry_logic", "change": "modified",
         "before": {"hash": "h1", "signature": "fn retry_logic(n: u32)", "calls": ["net::sleep"]},
         "after": {"hash": "h2", "signature": "fn retry_logic(n: u32)", "calls": ["net::sleep", "net::backoff"]}},
        {"path": "src/net/retry.rs", "kind": "function", "name": "net::backoff", "change": "added",
         "after": {"hash": "h3", "signature": "fn backoff(attempt: u32) -> Duration", "calls": []}},
        {"path": "src/net/http.rs", "kind": "method", "name": "net::Client::send", "change": "signature_changed",
         "before": {"signature": "fn send(&self, r: Req)"}, "after": {"signature": "fn send(&self, r: Req, t: u32)"}},
        {"path": "src/net/old.rs", "kind": "function", "name": "net::retry_v1", "change": "renamed",
         "before": {"name": "net::retry_old"}},
    ],
}


def log(client, **fields):
    body = {"summary": "Change things [ENG-1]", **fields}
    r = client.post("/v1/intents", body)
    assert r.status_code == 201, r.content
    return r.json()


def nothing_written():
    assert Intent.objects.count() == 0
    assert IntentNode.objects.count() == 0
    assert IntentTicket.objects.count() == 0
    assert LogicNode.objects.count() == 0
    assert not Event.objects.filter(topic="intent.logged").exists()


# --- the reference's samples -----------------------------------------------------


def test_sample_intent_round_trip(api, world):
    c = api(world.alice_token)
    created = log(c, **SAMPLE)
    assert set(created) == {
        "id", "team", "repo", "branch", "author", "summary", "created_at", "commit_sha", "nodes_changed",
        "nodes_added", "nodes_deleted", "tickets", "prove_goals", "nodes",
    }
    assert created["id"].startswith("itn_")
    assert created["team"] == "acme"
    assert created["author"] == {"id": world.alice.id, "name": "alice", "kind": "human"}
    assert created["summary"] == SAMPLE["summary"]
    assert created["commit_sha"] == "abc1234"
    assert (created["nodes_changed"], created["nodes_added"], created["nodes_deleted"]) == (3, 1, 0)
    assert created["tickets"] == [{"system": "linear", "id": "ENG-1421"}]
    assert created["prove_goals"] == SAMPLE["prove_goals"]
    assert created["created_at"].endswith("Z")
    assert [n["name"] for n in created["nodes"]] == [n["name"] for n in SAMPLE["nodes"]]
    assert created["nodes"][0]["before"] == SAMPLE["nodes"][0]["before"]
    assert created["nodes"][3]["before"] == {"name": "net::retry_old"}

    detail = c.get(f"/v1/intents/{created['id']}")
    assert detail.status_code == 200
    assert detail.json() == created

    listed = c.get("/v1/intents").json()["data"]
    assert listed == [{k: v for k, v in created.items() if k != "nodes"}]


def test_reference_curl_post_with_explicit_ticket(api, world):
    r = api(world.alice_token).post(
        "/v1/intents",
        {"summary": "Port auth config loader to new schema", "tickets": [{"system": "linear", "id": "ENG-1500"}]},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["tickets"] == [{"system": "linear", "id": "ENG-1500"}]
    assert body["repo"] is None and body["branch"] is None and body["nodes"] == []
    assert LogicNode.objects.count() == 0  # no repo and branch: no graph


def test_reference_curl_list_branch_limit(api, world):
    c = api(world.alice_token)
    for i in range(12):
        log(c, branch="feat/login", summary=f"Step {i} [ENG-{i + 1}]", nodes=[
            {"kind": "function", "name": f"f{i}", "change": "modified"}])
    log(c, branch="main")
    r = c.get("/v1/intents", params={"branch": "feat/login", "limit": 10})
    assert r.status_code == 200
    body = r.json()
    assert len(body["data"]) == 10 and body["has_more"] is True
    assert all(i["branch"] == "feat/login" and i["nodes_changed"] == 1 for i in body["data"])
    assert body["data"][0]["summary"] == "Step 11 [ENG-12]"


def test_reference_batch_example(api, world):
    r = api(world.alice_token).post("/v1/intents:batch", {"intents": [
        {"summary": "Fix null check in auth::login [ENG-1]"},
        {"summary": "Update user docs [ENG-2]"},
    ]})
    assert r.status_code == 200, r.content
    out = r.json()
    assert [set(item) for item in out] == [{"ok"}, {"ok"}]
    assert [item["ok"]["tickets"] for item in out] == [
        [{"system": "linear", "id": "ENG-1"}], [{"system": "linear", "id": "ENG-2"}]]
    assert Intent.objects.count() == 2


def test_intent_logged_event(api, world):
    created = log(api(world.alice_token), **SAMPLE)
    event = Event.objects.get(topic="intent.logged")
    assert event.team_id == world.acme.id and event.actor == world.alice.id
    assert event.data == {
        "intent_id": created["id"], "repo": SAMPLE["repo"], "branch": SAMPLE["branch"],
        "author": {"id": world.alice.id, "name": "alice", "kind": "human"},
        "summary": SAMPLE["summary"], "commit_sha": "abc1234",
        "tickets": [{"system": "linear", "id": "ENG-1421"}],
        "nodes_changed": 3, "nodes_added": 1, "nodes_deleted": 0,
    }


# --- tickets and strict mode --------------------------------------------------------


def test_strict_mode_refuses_an_intent_without_ticket(api, world):
    r = api(world.alice_token).post("/v1/intents", {"summary": "Tidy up", "repo": "r", "branch": "b", "nodes": [
        {"kind": "function", "name": "f", "change": "added"}]})
    err = assert_error(r, 422, "intent_missing_ticket")
    assert err["message"] == r"Intent must reference a ticket (pattern: [A-Z]{2,6}-\d+)"
    assert err["hint"] == "Add [ENG-123] to the summary."
    nothing_written()


def test_strict_message_names_the_team_pattern(api, world):
    world.acme.ticket_pattern = r"PROJ-\d{3}"
    world.acme.save()
    err = assert_error(api(world.alice_token).post("/v1/intents", {"summary": "No ticket [ENG-1]"}), 422,
                       "intent_missing_ticket")
    assert err["message"] == r"Intent must reference a ticket (pattern: PROJ-\d{3})"


def test_non_strict_team_accepts_an_intent_without_ticket(api, db):
    team = make_team("loose", strict_mode=False)
    token = make_token(make_member(team, "lee"))
    r = api(token).post("/v1/intents", {"summary": "Tidy up"})
    assert r.status_code == 201, r.content
    assert r.json()["tickets"] == []


def test_tickets_are_read_from_the_summary(api, world):
    body = log(api(world.alice_token),
               summary="Fix [ENG-12] and [OPS-7], not [eng-3], ENG-4, [TOOLONGX-5] or [A-1]; again [ENG-12]")
    assert body["tickets"] == [{"system": "linear", "id": "ENG-12"}, {"system": "linear", "id": "OPS-7"}]
    assert set(IntentTicket.objects.values_list("ticket", flat=True)) == {"ENG-12", "OPS-7"}


def test_summary_tickets_use_the_team_pattern_and_default_system(api, world):
    world.acme.ticket_pattern = r"#\d+"
    world.acme.default_ticket_system = "github"
    world.acme.save()
    body = log(api(world.alice_token), summary="Fix login [#42] (see [ENG-1])")
    assert body["tickets"] == [{"system": "github", "id": "#42"}]


def test_given_and_summary_tickets_merge_without_duplicates(api, world):
    body = log(api(world.alice_token), summary="Fix [ENG-1] [ENG-2]",
               tickets=[{"system": "linear", "id": "ENG-1"}, {"system": "jira", "id": "ENG-1"}, "OPS-9"])
    assert body["tickets"] == [
        {"system": "linear", "id": "ENG-1"}, {"system": "jira", "id": "ENG-1"},
        {"system": "linear", "id": "OPS-9"}, {"system": "linear", "id": "ENG-2"},
    ]


@pytest.mark.parametrize("tickets, field", [
    ([{"system": "linear"}], "tickets.0.id"),
    ([{"id": "ENG 1"}], "tickets.0.id"),
    ([{"id": ""}], "tickets.0.id"),
    (["ENG-1", {"system": "Linear!", "id": "ENG-1"}], "tickets.1.system"),
    ([42], "tickets.0.non_field_errors"),
    ("ENG-1", "tickets.non_field_errors"),
    ([{"id": "X" * 101}], "tickets.0.id"),
])
def test_malformed_tickets(api, world, tickets, field):
    r = api(world.alice_token).post("/v1/intents", {"summary": "Fix [ENG-1]", "tickets": tickets})
    err = assert_error(r, 400, "validation_failed")
    assert field in err["fields"], err
    nothing_written()


# --- validation ------------------------------------------------------------------------


def node(i=0, **kw):
    return {"path": f"src/f{i}.rs", "kind": "function", "name": f"m::f{i}", "change": "modified", **kw}


@pytest.mark.parametrize("body, field", [
    ({"summary": ""}, "summary"),
    ({"summary": "   "}, "summary"),
    ({"summary": "x" * 501}, "summary"),
    ({}, "summary"),
    ({"summary": ["x [ENG-1]"]}, "summary"),
    ({"nodes": [node(0), node(1), node(2), node(3, kind="lambda")]}, "nodes.3.kind"),
    ({"nodes": [node(0, change="moved")]}, "nodes.0.change"),
    ({"nodes": [node(0, name="")]}, "nodes.0.name"),
    ({"nodes": [node(0, change="renamed")]}, "nodes.0.before.name"),
    ({"nodes": [node(0, change="renamed", before={"hash": "h"})]}, "nodes.0.before.name"),
    ({"nodes": [node(0, change="renamed", before={"name": "m::f0"})]}, "nodes.0.before.name"),
    ({"nodes": [node(0), node(1), node(0)]}, "nodes.2.name"),
    ({"nodes": [node(0, after={"calls": "m::g"})]}, "nodes.0.after.calls"),
    ({"nodes": [node(0, after={"hash": "h" * 129})]}, "nodes.0.after.hash"),
    ({"nodes": {"name": "x"}}, "nodes.non_field_errors"),
    ({"commit_sha": "not-a-sha"}, "commit_sha"),
    ({"prove_goals": [{"goal": "works", "result": "maybe"}]}, "prove_goals.0.result"),
    ({"prove_goals": [{"result": "pass"}]}, "prove_goals.0.goal"),
    ({"repo": "x" * 301}, "repo"),
])
def test_bad_input_is_refused_and_nothing_written(api, world, body, field):
    data = {"summary": "Fix [ENG-1]", "repo": "r", "branch": "b", **body}
    if body == {}:
        data.pop("summary")
    err = assert_error(api(world.alice_token).post("/v1/intents", data), 400, "validation_failed")
    if field:
        assert field in err["fields"], err["fields"]
    nothing_written()


def test_more_than_10000_nodes_is_refused(api, world):
    nodes = [{"kind": "function", "name": f"f{i}", "change": "added"} for i in range(10_001)]
    err = assert_error(api(world.alice_token).post("/v1/intents", {"summary": "Big [ENG-1]", "repo": "r",
                                                                   "branch": "b", "nodes": nodes}),
                       400, "validation_failed")
    assert err["fields"] == {"nodes.non_field_errors": "Ensure this field has no more than 10000 elements."}
    nothing_written()


def test_non_json_body_is_refused(api, world):
    c = api(world.alice_token)
    assert_error(c.post("/v1/intents", raw="{nope"), 400, "invalid_json")
    assert_error(c.post("/v1/intents", raw="summary=x", content_type="application/x-www-form-urlencoded"),
                 415, "unsupported_media_type")
    nothing_written()


# --- author ---------------------------------------------------------------------------------


def test_admin_may_log_for_another_member(api, world):
    c = api(world.alice_token)
    assert log(c, author="bob")["author"]["name"] == "bob"
    assert log(c, author=world.agent.id)["author"] == world.agent.as_ref()
    assert log(c, author="alice")["author"]["name"] == "alice"


def test_member_may_not_log_for_another(api, world):
    c = api(world.bob_token)
    assert_error(c.post("/v1/intents", {"summary": "x [ENG-1]", "author": "alice"}), 403, "scope_missing")
    assert log(c, author="bob")["author"]["name"] == "bob"
    assert Intent.objects.count() == 1


def test_unknown_or_foreign_author(api, world):
    c = api(world.alice_token)
    err = assert_error(c.post("/v1/intents", {"summary": "x [ENG-1]", "author": "nobody"}), 400, "validation_failed")
    assert "author" in err["fields"]
    assert_error(c.post("/v1/intents", {"summary": "x [ENG-1]", "author": world.gina.id}), 400, "validation_failed")
    nothing_written()


# --- teams, scopes, tenancy -----------------------------------------------------------------------


def test_scopes(api, world):
    reader = make_token(world.alice, ["read_intents"])
    writer = make_token(world.alice, ["write_intents"])
    created = log(api(world.alice_token))
    assert_error(api(reader).post("/v1/intents", {"summary": "x [ENG-1]"}), 403, "scope_missing")
    assert_error(api(reader).post("/v1/intents:batch", {"intents": [{"summary": "x [ENG-1]"}]}), 403,
                 "scope_missing")
    for path in ("/v1/intents", f"/v1/intents/{created['id']}", f"/v1/intents/{created['id']}/nodes"):
        err = assert_error(api(writer).get(path), 403, "scope_missing")
        assert "read_intents" in err["hint"]
        assert api(reader).get(path).status_code == 200
    assert api(writer).post("/v1/intents", {"summary": "x [ENG-1]"}).status_code == 201
    # A read-only member never writes, whatever the token says.
    assert_error(api(world.rita_token).post("/v1/intents", {"summary": "x [ENG-1]"}), 403, "scope_missing")
    assert Intent.objects.count() == 2


def test_unauthenticated(api, world):
    assert_error(api().get("/v1/intents"), 401, "unauthorized")
    assert_error(api().post("/v1/intents", {"summary": "x [ENG-1]"}), 401, "unauthorized")


def test_another_teams_intent_is_not_found(api, world):
    mine = log(api(world.alice_token), repo="r", branch="b", nodes=[node(0)])
    g = api(world.gina_token)
    assert_error(g.get(f"/v1/intents/{mine['id']}"), 404, "not_found")
    assert_error(g.get(f"/v1/intents/{mine['id']}/nodes"), 404, "not_found")
    assert_error(g.get("/v1/intents/itn_nope"), 404, "not_found")
    assert g.get("/v1/intents").json()["data"] == []
    assert g.get("/v1/intents", params={"ticket": "ENG-1"}).json()["data"] == []
    assert_error(api(world.alice_token).get("/v1/intents", params={"team": "globex"}), 404, "not_found")


def test_multi_team_member_names_the_team(api, world):
    make_member(world.globex, "alice")  # the same user joins globex
    from accounts.models import Member

    token = make_token(world.alice, teams=[world.acme, world.globex])
    c = api(token)
    assert_error(c.post("/v1/intents", {"summary": "x [ENG-1]"}), 400, "team_required")
    r = c.post("/v1/intents", {"summary": "x [ENG-1]", "team": "globex"})
    assert r.status_code == 201 and r.json()["team"] == "globex"
    assert r.json()["author"]["id"] == Member.objects.get(team=world.globex, name="alice").id
    assert_error(c.post("/v1/intents", {"summary": "x [ENG-1]", "team": "initech"}), 404, "not_found")
    # Lists span both teams unless narrowed.
    log(c, team="acme")
    assert len(c.get("/v1/intents").json()["data"]) == 2
    assert [i["team"] for i in c.get("/v1/intents", params={"team": "globex"}).json()["data"]] == ["globex"]


# --- filters ------------------------------------------------------------------------------------------


@pytest.fixture
def spread(api, world):
    """Intents by alice and bob on two repos and branches, some old."""
    a, b = api(world.alice_token), api(world.bob_token)
    ids = {
        "a1": log(a, repo="web", branch="main", summary="One [ENG-1]")["id"],
        "a2": log(a, repo="web", branch="feat/x", summary="Two [ENG-2] [OPS-1]")["id"],
        "b1": log(b, repo="api", branch="main", summary="Three [ENG-2]", nodes=[node(0), node(1, change="added")])["id"],
        "b2": log(b, repo="api", branch="feat/x", summary="Four", tickets=["OPS-1"],
                  nodes=[node(0, change="deleted"), node(1, change="added"), node(2, change="added")])["id"],
    }
    old = timezone.now() - dt.timedelta(days=40)
    Intent.objects.filter(pk__in=[ids["a1"], ids["b1"]]).update(created_at=old)
    return ids


def ids_of(response):
    assert response.status_code == 200, response.content
    return {i["id"] for i in response.json()["data"]}


@pytest.mark.parametrize("params, expected", [
    ({"branch": "main"}, {"a1", "b1"}),
    ({"branch": "feat/x"}, {"a2", "b2"}),
    ({"repo": "api"}, {"b1", "b2"}),
    ({"author": "bob"}, {"b1", "b2"}),
    ({"ticket": "ENG-2"}, {"a2", "b1"}),
    ({"ticket": "OPS-1"}, {"a2", "b2"}),
    ({"ticket": "ENG-404"}, set()),
    ({"since": "30d"}, {"a2", "b2"}),
    ({"repo": "api", "branch": "main", "author": "bob", "ticket": "ENG-2"}, {"b1"}),
    ({"q": "t"}, {"a2", "b1"}),  # a case-insensitive substring of the summary
    ({"q": "THREE"}, {"b1"}),
    ({"q": "[eng-2]"}, {"a2", "b1"}),
    ({"q": "%"}, set()),  # LIKE's wildcards are plain characters
    ({"q": "o", "author": "alice"}, {"a1", "a2"}),
])
def test_filters(api, world, spread, params, expected):
    got = ids_of(api(world.rita_token).get("/v1/intents", params=params))
    assert got == {spread[k] for k in expected}


def test_author_filter_takes_an_id(api, world, spread):
    got = ids_of(api(world.alice_token).get("/v1/intents", params={"author": world.alice.id}))
    assert got == {spread["a1"], spread["a2"]}


def test_since_accepts_a_date_and_a_time(api, world, spread):
    c = api(world.alice_token)
    day = (timezone.now() - dt.timedelta(days=2)).strftime("%Y-%m-%d")
    assert ids_of(c.get("/v1/intents", params={"since": day})) == {spread["a2"], spread["b2"]}
    stamp = (timezone.now() - dt.timedelta(days=50)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert len(ids_of(c.get("/v1/intents", params={"since": stamp}))) == 4


@pytest.mark.parametrize("params, parameter", [
    ({"since": "yesterday"}, "since"),
    ({"colour": "red"}, "colour"),
    ({"limit": "0"}, "limit"),
    ({"limit": "501"}, "limit"),
    ({"cursor": "garbage"}, None),
    ({"group_by": "summary"}, "group_by"),
    ({"group_by": "author", "aggregate": "sum:summary"}, "aggregate"),
    ({"group_by": "author", "aggregate": "fail_rate"}, "aggregate"),
    ({"q": "x" * 201}, "q"),
])
def test_bad_parameters(api, world, spread, params, parameter):
    r = api(world.alice_token).get("/v1/intents", params=params)
    if parameter is None:
        assert_error(r, 400, "invalid_cursor")
    else:
        assert assert_error(r, 400, "invalid_parameter")["parameter"] == parameter


# --- group_by / aggregate ---------------------------------------------------------------------------------


@pytest.mark.parametrize("params, expected", [
    ({"group_by": "author"}, [{"author": "alice", "count": 2}, {"author": "bob", "count": 2}]),
    ({"group_by": "branch"}, [{"branch": "feat/x", "count": 2}, {"branch": "main", "count": 2}]),
    ({"group_by": "repo", "branch": "main"}, [{"repo": "api", "count": 1}, {"repo": "web", "count": 1}]),
    ({"group_by": "team"}, [{"team": "acme", "count": 4}]),
    ({"group_by": "author", "aggregate": "sum:nodes_added"}, [{"author": "bob", "sum": 3},
                                                              {"author": "alice", "sum": 0}]),
    ({"group_by": "author", "aggregate": "sum:nodes_changed"}, [{"author": "bob", "sum": 1},
                                                                {"author": "alice", "sum": 0}]),
    ({"group_by": "repo", "aggregate": "avg:nodes_deleted"}, [{"repo": "api", "avg": 0.5}, {"repo": "web", "avg": 0.0}]),
    ({"group_by": "author", "ticket": "OPS-1"}, [{"author": "alice", "count": 1}, {"author": "bob", "count": 1}]),
])
def test_group_by(api, world, spread, params, expected):
    r = api(world.alice_token).get("/v1/intents", params=params)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["data"] == expected
    assert body["group_by"] == params["group_by"]
    assert body["truncated"] is False


def test_group_by_day_and_week(api, world, spread):
    c = api(world.alice_token)
    days = c.get("/v1/intents", params={"group_by": "day"}).json()["data"]
    assert [d["count"] for d in days] == [2, 2]
    assert days[0]["day"] < days[1]["day"]
    assert days[1]["day"] == timezone.now().date().isoformat()
    weeks = c.get("/v1/intents", params={"group_by": "week"}).json()["data"]
    assert sum(w["count"] for w in weeks) == 4
    assert all(dt.date.fromisoformat(w["week"]).weekday() == 0 for w in weeks)


# --- pagination -------------------------------------------------------------------------------------------------


def test_pagination_walks_every_intent_once(api, world):
    c = api(world.alice_token)
    made = [log(c, branch="b", summary=f"n{i} [ENG-{i + 1}]")["id"] for i in range(7)]
    log(c, branch="other")
    seen, cursor, pages = [], None, 0
    while True:
        params = {"branch": "b", "limit": 3, **({"cursor": cursor} if cursor else {})}
        body = c.get("/v1/intents", params=params).json()
        seen += [i["id"] for i in body["data"]]
        pages += 1
        if not body["has_more"]:
            assert body["next_cursor"] is None
            break
        cursor = body["next_cursor"]
    assert pages == 3
    assert seen == list(reversed(made))  # newest first, each once
    # A cursor is bound to its query.
    first = c.get("/v1/intents", params={"branch": "b", "limit": 3}).json()["next_cursor"]
    assert_error(c.get("/v1/intents", params={"branch": "other", "cursor": first}), 400, "invalid_cursor")


# --- nodes --------------------------------------------------------------------------------------------------------


def test_nodes_endpoint_pages_in_logged_order(api, world):
    c = api(world.alice_token)
    nodes = [node(i, change=("added" if i % 3 == 0 else "modified"), kind=("class" if i == 4 else "function"))
             for i in range(7)]
    created = log(c, repo="r", branch="b", nodes=nodes)
    url = f"/v1/intents/{created['id']}/nodes"
    seen, cursor = [], None
    while True:
        body = c.get(url, params={"limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        seen += body["data"]
        if not body["has_more"]:
            break
        cursor = body["next_cursor"]
    assert [n["name"] for n in seen] == [n["name"] for n in nodes]
    assert [n["position"] for n in seen] == list(range(7))
    assert seen == created["nodes"]
    assert [n["name"] for n in c.get(url, params={"change": "added"}).json()["data"]] == ["m::f0", "m::f3", "m::f6"]
    assert [n["name"] for n in c.get(url, params={"kind": "class"}).json()["data"]] == ["m::f4"]
    grouped = c.get(url, params={"group_by": "change"}).json()["data"]
    assert grouped == [{"change": "modified", "count": 4}, {"change": "added", "count": 3}]
    assert_error(c.get(url, params={"kind": "lambda"}), 400, "invalid_parameter")
    assert_error(c.get(url, params={"branch": "b"}), 400, "invalid_parameter")


def test_nodes_of_an_unknown_intent(api, world):
    assert_error(api(world.alice_token).get("/v1/intents/itn_01NOPE/nodes"), 404, "not_found")


# --- batch -----------------------------------------------------------------------------------------------------------


def test_batch_partial_failure(api, world):
    r = api(world.alice_token).post("/v1/intents:batch", {"intents": [
        {"summary": "Good [ENG-1]", "repo": "r", "branch": "b", "nodes": [node(0)]},
        {"summary": "Bad kind [ENG-2]", "nodes": [node(0, kind="lambda")]},
        {"summary": "No ticket"},
        "not an object",
        {"summary": "Also good", "tickets": ["ENG-3"]},
    ]})
    assert r.status_code == 200, r.content
    out = r.json()
    assert len(out) == 5
    assert out[0]["ok"]["summary"] == "Good [ENG-1]" and out[0]["ok"]["nodes"][0]["name"] == "m::f0"
    assert out[1]["err"]["code"] == "validation_failed" and "nodes.0.kind" in out[1]["err"]["fields"]
    assert out[2]["err"] == {"code": "intent_missing_ticket",
                             "message": r"Intent must reference a ticket (pattern: [A-Z]{2,6}-\d+)"}
    assert out[3]["err"]["code"] == "validation_failed"
    assert out[4]["ok"]["tickets"] == [{"system": "linear", "id": "ENG-3"}]
    assert set(Intent.objects.values_list("summary", flat=True)) == {"Good [ENG-1]", "Also good"}
    assert Event.objects.filter(topic="intent.logged").count() == 2


@pytest.mark.parametrize("body", [{}, {"intents": []}, {"intents": "x"},
                                  {"intents": [{"summary": "x [ENG-1]"}] * 501}])
def test_batch_size(api, world, body):
    assert_error(api(world.alice_token).post("/v1/intents:batch", body), 400, "validation_failed")
    assert Intent.objects.count() == 0


def test_batch_team_for_a_multi_team_member(api, world):
    make_member(world.globex, "alice")
    token = make_token(world.alice, teams=[world.acme, world.globex])
    out = api(token).post("/v1/intents:batch", {"team": "globex", "intents": [
        {"summary": "x [ENG-1]"}, {"summary": "y [ENG-2]", "team": "acme"}, {"summary": "z [ENG-3]", "team": "nope"},
    ]}).json()
    assert [o["ok"]["team"] for o in out[:2]] == ["globex", "acme"]
    assert out[2]["err"]["code"] == "not_found"


def test_batch_items_replay_their_idempotency_key(api, world):
    c = api(world.alice_token)
    body = {"intents": [{"summary": "once [ENG-1]", "idempotency_key": "k-1"}]}
    first = c.post("/v1/intents:batch", body).json()
    second = c.post("/v1/intents:batch", body).json()
    assert first == second
    assert Intent.objects.count() == 1


def test_idempotent_post(api, world):
    c = api(world.alice_token)
    headers = {"Idempotency-Key": "intent-1"}
    one = c.post("/v1/intents", {"summary": "x [ENG-1]"}, headers=headers)
    two = c.post("/v1/intents", {"summary": "x [ENG-1]"}, headers=headers)
    assert one.status_code == two.status_code == 201
    assert one.json() == two.json() and two["Idempotent-Replayed"] == "true"
    assert Intent.objects.count() == 1


# --- query counts -----------------------------------------------------------------------------------------------------


def test_list_query_count_does_not_grow_with_rows(api, world, django_assert_num_queries):
    a, b = api(world.alice_token), api(world.bob_token)
    for i in range(3):
        log(a, summary=f"a{i} [ENG-{i + 1}] [OPS-{i + 1}]")
    api(world.rita_token).get("/v1/status")  # settle last_seen_at writes
    # the token with its teams and members; intents; tickets (prefetch)
    with django_assert_num_queries(3):
        assert len(api(world.rita_token).get("/v1/intents").json()["data"]) == 3
    for i in range(20):
        log(b, summary=f"b{i} [ENG-{i + 1}]", repo="r", branch=f"b{i % 4}")
    with django_assert_num_queries(3):
        assert len(api(world.rita_token).get("/v1/intents").json()["data"]) == 23
    with django_assert_num_queries(3):
        r = api(world.rita_token).get("/v1/intents", params={"ticket": "ENG-1", "author": "bob", "since": "1d"})
        assert len(r.json()["data"]) == 1
    with django_assert_num_queries(2):
        api(world.rita_token).get("/v1/intents", params={"group_by": "author"})


def test_list_representation_is_the_serializers(api, world):
    # The list writes its rows without a serializer per row: it must say
    # exactly what IntentSerializer (the detail's fields, the schema) says.
    from intents.serializers import IntentSerializer
    from intents.views import IntentViewSet

    a = api(world.alice_token)
    log(a, **{k: v for k, v in SAMPLE.items() if k != "nodes"})
    log(a, summary="two tickets [ENG-7] [OPS-8]", commit_sha=None, repo=None, branch=None)
    log(a, summary="explicit ticket only", tickets=[{"system": "jira", "id": "OPS-4"}])
    log(a, summary="nodes [ENG-9]", nodes=SAMPLE["nodes"][:2])
    gone = make_member(world.acme, "temp", role="admin")
    log(a, summary="by someone who left [ENG-3]", author=gone.id)
    gone.delete()  # their intents stay, authorless
    listed = a.get("/v1/intents").json()["data"]
    expected = IntentSerializer(
        IntentViewSet(action="list").base_queryset().filter(team=world.acme).order_by("-id"), many=True
    ).data
    assert len(listed) == 5
    assert listed == [dict(row) for row in expected]
    assert listed[0]["author"] is None and listed[-1]["tickets"] == [{"system": "linear", "id": "ENG-1421"}]


def test_post_answer_is_the_detail_serializers(api, world):
    # POST /v1/intents answers from what it wrote, without a serializer: it
    # must say exactly what IntentDetailSerializer says of the stored intent.
    from intents.serializers import IntentDetailSerializer

    a = api(world.alice_token)
    other = make_member(world.acme, "pat", role="member")
    nodes = [*SAMPLE["nodes"],
             {"kind": "class", "name": "net::Old", "change": "deleted", "before": {"hash": None}},
             {"path": None, "kind": "method", "name": "net::New", "change": "renamed",
              "before": {"name": "net::Older", "calls": []}, "after": None},
             {"kind": "module", "name": "net", "change": "signature_changed",
              "after": {"signature": "  spaced  ", "calls": ["b", "a"]}}]
    answers = [
        log(a, **SAMPLE),
        log(a, summary="no repo [ENG-2] [OPS-3]", nodes=nodes, tickets=["ENG-2", {"system": "jira", "id": "X-1"}]),
        log(a, summary="for another [ENG-4]", author=other.id, repo="r", branch="b", nodes=nodes[:1],
            commit_sha=None, prove_goals=[{"goal": "g", "result": "partial"}]),
        log(a, summary="bare [ENG-5]"),
    ]
    for answer in answers:
        stored = IntentDetailSerializer(Intent.objects.get(pk=answer["id"])).data
        assert answer == json.loads(json.dumps(stored))
    assert answers[2]["author"] == {"id": other.id, "name": "pat", "kind": other.kind}
    assert [n["position"] for n in answers[1]["nodes"]] == list(range(len(nodes)))


def test_detail_query_count(api, world, django_assert_num_queries):
    small = log(api(world.alice_token), repo="r", branch="b", nodes=[node(0)])
    big = log(api(world.alice_token), repo="r", branch="b", summary="[ENG-1] [ENG-2] [ENG-3]",
              nodes=[node(i) for i in range(40)])
    api(world.rita_token).get("/v1/status")
    for created in (small, big):
        # the token with its teams and members; intent + author + team; tickets; nodes
        with django_assert_num_queries(4):
            assert api(world.rita_token).get(f"/v1/intents/{created['id']}").json() == created
    with django_assert_num_queries(3):  # + the intent's existence; nodes
        assert len(api(world.rita_token).get(f"/v1/intents/{big['id']}/nodes").json()["data"]) == 40


# --- Django admin ---------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(world):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "root-password-1"))
    return client


def test_admin_lists_searches_and_filters_intents_read_only(admin_client, api, world):
    mine = log(api(world.alice_token), repo="shop", branch="main", summary="Admin view [ENG-77]",
               nodes=[node(0, after={"calls": ["m::g"]})])
    other = log(api(world.gina_token), summary="Elsewhere [OPS-1]")
    page = admin_client.get("/admin/intents/intent/", {"q": "ENG-77"}).content.decode()
    assert mine["id"] in page and other["id"] not in page
    page = admin_client.get("/admin/intents/intent/", {"team__id__exact": world.globex.id}).content.decode()
    assert other["id"] in page and mine["id"] not in page
    dev = log(api(world.alice_token), repo="shop", branch="dev")
    page = admin_client.get("/admin/intents/intent/", {"branch__exact": "main"}).content.decode()
    assert mine["id"] in page and dev["id"] not in page and other["id"] not in page
    detail = admin_client.get(f"/admin/intents/intent/{mine['id']}/change/")
    assert detail.status_code == 200 and "ENG-77" in detail.content.decode()
    assert admin_client.get("/admin/intents/intent/add/").status_code == 403
    r = admin_client.post(f"/admin/intents/intent/{mine['id']}/change/", {"summary": "rewritten"})
    assert r.status_code == 403
    assert Intent.objects.get(pk=mine["id"]).summary == "Admin view [ENG-77]"
    graph_page = admin_client.get("/admin/intents/logicnode/", {"q": "m::f0", "branch": "main"}).content.decode()
    assert "m::f0" in graph_page
    logic = LogicNode.objects.get(name="m::f0")
    assert "m::g" in admin_client.get(f"/admin/intents/logicnode/{logic.pk}/change/").content.decode()
    assert admin_client.get("/admin/intents/intentnode/", {"q": mine["id"]}).status_code == 200


def test_exactly_10000_nodes_are_accepted(api, world):
    nodes = [{"kind": "function", "name": f"m::f{i}", "change": "modified" if i % 2 else "added",
              "after": {"calls": [f"m::f{i + 1}"]}} for i in range(10_000)]
    r = api(world.alice_token).post("/v1/intents", {"summary": "Big [ENG-1]", "repo": "r", "branch": "b",
                                                    "nodes": nodes})
    assert r.status_code == 201, r.content[:300]
    body = r.json()
    assert (body["nodes_added"], body["nodes_changed"], len(body["nodes"])) == (5_000, 5_000, 10_000)
    assert IntentNode.objects.count() == LogicNode.objects.count() == 10_000


def test_plain_nodes_fast_path_is_what_drf_makes():
    """``plain_nodes`` validates plainly valid nodes without DRF's nested
    serializers: over generated nodes, whenever it answers, DRF's own
    ListSerializer accepts the same nodes and makes exactly the same data
    (keys in the same order); when DRF refuses or converts, it stands aside."""
    import random

    from rest_framework import serializers as drf

    from intents.serializers import NodeSerializer, plain_nodes

    rng = random.Random(1421)
    texts = ["m::f", "src/a.rs", "fn f(x: u32)", "  spaced  ", "", "   ", None, 7, 2.5, True, [], {}, "a\x00b",
             "x" * 501, "y" * 129, "z" * 2001, "\u00a0nbsp", "tab\t", "\ud800", "ünïcode", "v" * 1001]
    sides = [None, {}, [], "h", {"hash": "h1"}, {"hash": "h1", "signature": "fn f()", "calls": ["a", "b"]},
             {"calls": []}, {"calls": "a"}, {"calls": ["a", 3]}, {"calls": ["ok"] * 1001}, {"unknown": 1}]

    def side():
        base = dict(rng.choice([s for s in sides if isinstance(s, dict)]))
        for key in ("hash", "signature", "name"):
            if rng.random() < 0.4:
                base[key] = rng.choice(texts)
        if rng.random() < 0.3:
            base["calls"] = [rng.choice(texts) for _ in range(rng.randrange(3))]
        return base if rng.random() < 0.7 else rng.choice(sides)

    def node(i):
        n = {"kind": "function", "name": f"m::f{i}", "change": rng.choice(["modified", "renamed", "deleted"]),
             "path": "src/f.rs"}
        if rng.random() < 0.4:  # a clean node, as clients send them
            n["before"] = {"name": f"m::old{i}", "hash": "h0", "calls": ["a"]}
            n["after"] = {"hash": "h1", "signature": None, "calls": ["b", "a"]}
            return n
        if rng.random() < 0.8:
            n["before"] = side() if rng.random() < 0.7 else {"name": f"m::old{i}"}
        if rng.random() < 0.8:
            n["after"] = side()
        for key in ("kind", "name", "change", "path"):
            roll = rng.random()
            if roll < 0.08:
                n.pop(key)
            elif roll < 0.25:
                n[key] = rng.choice([*texts, "class", "added", "lambda"])
        if rng.random() < 0.1:
            n["extra"] = "ignored"
        return n if rng.random() < 0.97 else rng.choice(["node", 1, None, []])

    fast = 0
    for _ in range(3000):
        nodes = [node(i) for i in range(rng.randrange(1, 4))]
        drf_list = drf.ListSerializer(child=NodeSerializer(), data=nodes)
        ok = drf_list.is_valid()
        answer = plain_nodes(nodes)
        if answer is not None:
            fast += 1
            assert ok, (nodes, drf_list.errors)
            assert json.dumps(answer) == json.dumps(drf_list.validated_data), nodes
    assert fast > 300  # the fast path is taken, not only stood aside
    assert plain_nodes(SAMPLE["nodes"]) is not None  # the reference's sample intent takes it
