"""Prove over HTTP: POST /v1/prove against a graph built with POST /v1/intents,
the evidence, 422 and validation, scopes, tenancy, the history (filters,
pagination, group_by / fail_rate, query counts), events and idempotency."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from accounts.models import Member
from events.models import Event
from prove.models import ProveRun
from tests.conftest import assert_error, make_member, make_token

REPO, BRANCH = "acme/app", "main"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def node(name, kind="function", change="added", path="src/app.py", hash="h-1", calls=None):
    after = {"hash": hash, "signature": f"def {name}()"}
    if calls is not None:
        after["calls"] = calls
    return {"path": path, "kind": kind, "name": name, "change": change, "after": after}


def log(client, nodes, repo=REPO, branch=BRANCH, **extra):
    r = client.post("/v1/intents", {"summary": "Graph change [ENG-1]", "repo": repo, "branch": branch,
                                    "nodes": nodes, **extra})
    assert r.status_code == 201, r.content
    return r.json()


def prove(client, goal="Login checks the password", status=201, repo=REPO, branch=BRANCH, **body):
    r = client.post("/v1/prove", {"goal": goal, "repo": repo, "branch": branch, **body})
    assert r.status_code == status, r.content
    return r.json()


@pytest.fixture
def graph(api, world):
    """acme/app@main: auth::login calls auth::check and audit::log; a class and
    a deleted node. The same names on another branch and in globex differ."""
    alice = api(world.alice_token)
    log(alice, [
        node("auth::login", path="src/auth.py", hash="h-login", calls=["auth::check", "audit::log"]),
        node("auth::check", path="src/auth.py", hash="h-check", calls=[]),
        node("RetryPolicy", kind="class", path="src/retry.py", hash="h-retry"),
        node("retry_logic", path="src/retry.py", hash="h-rl", calls=["RetryPolicy"]),
        node("legacy_login", path="src/old.py", hash="h-old"),
    ])
    log(alice, [node("legacy_login", change="deleted", path="src/old.py")])
    log(alice, [node("only_on_dev", hash="h-dev"), node("auth::login", hash="h-dev-login", calls=[])], branch="dev")
    log(api(world.gina_token), [node("globex_secret", hash="h-g"), node("auth::login", hash="h-g-login",
                                                                       calls=["auth::check"])])
    return alice


# --- happy paths --------------------------------------------------------------------------------


def test_proved_answers_201_with_the_evidence(graph, world):
    r = graph.post("/v1/prove", {
        "goal": "Login checks the password before logging",
        "repo": REPO, "branch": BRANCH,
        "requirements": [
            {"node": "auth::login", "kind": "function", "must_call": ["auth::check", "audit::log"]},
            {"node": "RetryPolicy", "kind": "class"},
        ],
    })
    assert r.status_code == 201, r.content
    body = r.json()
    assert set(body) == {"id", "team", "goal", "repo", "branch", "verdict", "result", "derived", "requirements",
                         "duration_ms", "created_at", "author"}
    assert body["id"].startswith("prv_")
    assert r["Location"] == f"/v1/prove/history/{body['id']}"
    assert (body["verdict"], body["result"], body["derived"]) == ("proved", "pass", False)
    assert (body["team"], body["goal"], body["repo"], body["branch"]) == (
        "acme", "Login checks the password before logging", REPO, BRANCH)
    assert body["author"] == {"id": world.alice.id, "name": "alice", "kind": "human"}
    assert RFC3339.match(body["created_at"])
    assert isinstance(body["duration_ms"], (int, float)) and 0 <= body["duration_ms"] < 10_000
    assert body["requirements"] == [
        {"node": "auth::login", "kind": "function", "must_call": ["auth::check", "audit::log"], "satisfied": True,
         "found": {"path": "src/auth.py", "kind": "function", "hash": "h-login"}, "missing_calls": [],
         "reason": None},
        {"node": "RetryPolicy", "kind": "class", "must_call": [], "satisfied": True,
         "found": {"path": "src/retry.py", "kind": "class", "hash": "h-retry"}, "missing_calls": [],
         "reason": None},
    ]
    run = ProveRun.objects.get(pk=body["id"])
    assert (run.team_id, run.author_id, run.result, run.verdict) == (world.acme.id, world.alice.id, "pass", "proved")
    assert run.requirements == body["requirements"]


def test_partial_names_what_is_missing(graph):
    body = prove(graph, requirements=["auth::login", "auth::logout", {"node": "auth::check"}])
    assert (body["verdict"], body["result"]) == ("partial", "partial")
    assert [(r["node"], r["satisfied"], r["reason"]) for r in body["requirements"]] == [
        ("auth::login", True, None), ("auth::logout", False, "not_found"), ("auth::check", True, None),
    ]
    assert body["requirements"][1]["found"] is None


def test_unproved_by_kind_and_missing_calls(graph):
    body = prove(graph, requirements=[
        {"node": "RetryPolicy", "kind": "struct"},
        {"node": "auth::check", "must_call": ["crypto::verify", "audit::log"]},
        {"node": "no_such_node", "must_call": ["x"]},
    ])
    assert (body["verdict"], body["result"]) == ("unproved", "fail")
    kind, calls, missing = body["requirements"]
    assert (kind["satisfied"], kind["reason"], kind["kind"], kind["found"]["kind"]) == (False, "kind_mismatch", "struct", "class")
    assert (calls["satisfied"], calls["reason"], calls["missing_calls"]) == (False, "missing_calls", ["crypto::verify", "audit::log"])
    assert calls["found"] == {"path": "src/auth.py", "kind": "function", "hash": "h-check"}
    assert (missing["found"], missing["missing_calls"], missing["reason"]) == (None, ["x"], "not_found")


def test_requirements_are_derived_from_the_goal(graph):
    body = prove(graph, goal="`retry_logic` wraps RetryPolicy; auth::login stays (and retry_logic, again). See src/x_y.py")
    assert body["derived"] is True
    assert [r["node"] for r in body["requirements"]] == ["retry_logic", "RetryPolicy", "auth::login"]
    assert all(r["kind"] is None and r["must_call"] == [] for r in body["requirements"])
    assert body["result"] == "pass"
    body = prove(graph, goal="RetryPolicy holds, MissingThing too")
    assert (body["result"], [r["satisfied"] for r in body["requirements"]]) == ("partial", [True, False])


def test_null_requirements_mean_derive_from_the_goal(graph):
    body = prove(graph, goal="auth::check exists", requirements=None)
    assert body["derived"] is True and body["result"] == "pass"


def test_explicit_requirements_win_over_the_goal(graph):
    # A goal with no identifier at all is fine when the requirements are given.
    body = prove(graph, goal="Retries respect the Retry-After header", requirements=["retry_logic"])
    assert body["derived"] is False
    assert [r["node"] for r in body["requirements"]] == ["retry_logic"]


def test_a_deleted_node_is_not_found(graph):
    body = prove(graph, requirements=["legacy_login"])
    assert body["result"] == "fail" and body["requirements"][0]["found"] is None
    # Deleting a live node later turns a pass into a fail.
    assert prove(graph, requirements=["auth::check"])["result"] == "pass"
    log(graph, [node("auth::check", change="deleted", path="src/auth.py")])
    assert prove(graph, requirements=["auth::check"])["result"] == "fail"


def test_a_call_removed_by_a_later_intent_goes_missing(graph):
    req = [{"node": "auth::login", "must_call": ["audit::log"]}]
    assert prove(graph, requirements=req)["result"] == "pass"
    log(graph, [node("auth::login", change="modified", path="src/auth.py", hash="h-login-2", calls=["auth::check"])])
    body = prove(graph, requirements=req)
    assert body["result"] == "fail"
    assert body["requirements"][0]["missing_calls"] == ["audit::log"]
    assert body["requirements"][0]["found"]["hash"] == "h-login-2"


def test_only_the_named_repo_and_branch_count(graph):
    on_main = prove(graph, requirements=["only_on_dev", {"node": "auth::login", "must_call": ["audit::log"]}])
    assert [r["satisfied"] for r in on_main["requirements"]] == [False, True]
    on_dev = prove(graph, branch="dev", requirements=["only_on_dev", {"node": "auth::login", "must_call": ["audit::log"]}])
    assert [r["satisfied"] for r in on_dev["requirements"]] == [True, False]
    assert on_dev["requirements"][1]["found"]["hash"] == "h-dev-login"
    assert prove(graph, repo="acme/other", requirements=["auth::login"])["result"] == "fail"


def test_another_teams_graph_is_never_used(graph, api, world):
    body = prove(graph, requirements=["globex_secret"])
    assert body["result"] == "fail" and body["requirements"][0]["found"] is None
    # globex's own auth::login (hash h-g-login) is not what acme sees, and vice versa.
    mine = prove(graph, requirements=["auth::login"])["requirements"][0]["found"]
    assert mine["hash"] == "h-login"
    theirs = prove(api(world.gina_token), requirements=["globex_secret", "auth::login", "auth::check"])
    assert [r["satisfied"] for r in theirs["requirements"]] == [True, True, False]
    assert theirs["requirements"][1]["found"]["hash"] == "h-g-login"
    assert theirs["team"] == "globex"


def test_an_empty_graph_is_a_plain_fail(api, world):
    body = prove(api(world.bob_token), goal="`anything` at all")
    assert (body["verdict"], body["result"]) == ("unproved", "fail")
    assert body["author"]["name"] == "bob"


def test_an_agent_may_run_prove(graph, api, world):
    body = prove(api(world.agent_token), requirements=["auth::login"])
    assert body["author"] == {"id": world.agent.id, "name": "robo", "kind": "agent"}


# --- 422 and validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("goal", [
    "Retries respect the Retry-After header",
    "ship it!",
    "see https://example.com/retry_logic and src/retry_logic.py",
    "`make test` passes",
])
def test_a_goal_without_identifiers_is_not_decomposable(graph, goal):
    before = (ProveRun.objects.count(), Event.objects.count())
    err = assert_error(graph.post("/v1/prove", {"goal": goal, "repo": REPO, "branch": BRANCH}), 422,
                       "goal_not_decomposable")
    assert "names no code" in err["message"]
    assert "requirements" in err["hint"] and "`" in err["hint"]
    assert (ProveRun.objects.count(), Event.objects.count()) == before


@pytest.mark.parametrize(
    "body,field",
    [
        ({"repo": REPO, "branch": BRANCH}, "goal"),
        ({"goal": "", "repo": REPO, "branch": BRANCH}, "goal"),
        ({"goal": "   ", "repo": REPO, "branch": BRANCH}, "goal"),
        ({"goal": "retry_logic " + "x" * 1989, "repo": REPO, "branch": BRANCH}, "goal"),
        ({"goal": 12, "repo": REPO, "branch": BRANCH}, "goal"),
        ({"goal": ["retry_logic"], "repo": REPO, "branch": BRANCH}, "goal"),
        ({"goal": "retry_logic", "branch": BRANCH}, "repo"),
        ({"goal": "retry_logic", "repo": REPO}, "branch"),
        ({"goal": "retry_logic", "repo": "", "branch": BRANCH}, "repo"),
        ({"goal": "retry_logic", "repo": REPO, "branch": "b" * 301}, "branch"),
        ({"goal": "retry_logic", "repo": REPO, "branch": BRANCH, "requirements": []}, "requirements"),
        ({"goal": "retry_logic", "repo": REPO, "branch": BRANCH, "requirements": "retry_logic"}, "requirements"),
        ({"goal": "retry_logic", "repo": REPO, "branch": BRANCH, "requirements": [{"kind": "function"}]},
         "requirements.0.node"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH, "requirements": ["a", {"node": "b", "kind": "lambda"}]},
         "requirements.1.kind"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH, "requirements": [{"node": "a", "must_call": "b"}]},
         "requirements.0.must_call"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH, "requirements": [{"node": "a", "must_call": [""]}]},
         "requirements.0.must_call.0"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH, "requirements": [{"node": "a", "must_call": [3]}]},
         "requirements.0.must_call.0"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH, "requirements": [{"node": "a", "must_calls": ["b"]}]},
         "requirements.0.must_calls"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH, "requirements": [{"node": "x" * 501}]},
         "requirements.0.node"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH, "requirements": ["a", "b", "a"]}, "requirements.2.node"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH, "requirements": [f"n{i}" for i in range(201)]},
         "requirements"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH,
          "requirements": [{"node": "a", "must_call": [f"c{i}" for i in range(101)]}]}, "requirements.0.must_call"),
        ({"goal": "retry_logic", "repo": REPO, "branch": BRANCH, "requirement": ["a"]}, "requirement"),
        ({"goal": "retry_logic\x00", "repo": REPO, "branch": BRANCH}, "goal"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH, "requirements": ["a\x00b"]}, "requirements.0.node"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH, "requirements": [{"node": "a", "kind": 3}]},
         "requirements.0.kind"),
        ({"goal": "g", "repo": REPO, "branch": BRANCH, "requirements": [7]}, "requirements.0"),
        ([{"goal": "retry_logic"}], "non_field_errors"),
    ],
)
def test_bad_bodies_are_refused_with_fields_and_nothing_is_written(graph, body, field):
    before = (ProveRun.objects.count(), Event.objects.count())
    err = assert_error(graph.post("/v1/prove", body), 400, "validation_failed")
    assert field in err["fields"], err
    assert (ProveRun.objects.count(), Event.objects.count()) == before


def test_unknown_kind_lists_the_kinds(graph):
    err = assert_error(graph.post("/v1/prove", {"goal": "g", "repo": REPO, "branch": BRANCH,
                                                "requirements": [{"node": "a", "kind": "lambda"}]}),
                       400, "validation_failed")
    message = err["fields"]["requirements.0.kind"]
    assert "lambda" in message and "function" in message and "trait" in message


def test_a_goal_of_2000_characters_is_accepted(graph):
    goal = "retry_logic " + "x" * 1988
    assert len(goal) == 2000
    assert prove(graph, goal=goal)["goal"] == goal


def test_limits_are_inclusive(graph):
    reqs = [{"node": f"n{i}", "must_call": [f"c{j}" for j in range(100)]} for i in range(200)]
    body = prove(graph, goal="g", requirements=reqs)
    assert len(body["requirements"]) == 200 and body["result"] == "fail"


def test_must_call_duplicates_are_kept_once_and_names_trimmed(graph):
    body = prove(graph, requirements=[{"node": " auth::login ", "must_call": ["audit::log", "audit::log "]}])
    assert body["requirements"][0]["node"] == "auth::login"
    assert body["requirements"][0]["must_call"] == ["audit::log"]
    assert body["result"] == "pass"


def test_not_json_is_refused(graph):
    assert_error(graph.post("/v1/prove", raw=b"{goal", content_type="application/json"), 400, "invalid_json")
    assert_error(graph.post("/v1/prove", raw=b"goal=x", content_type="text/plain"), 415, "unsupported_media_type")
    assert not ProveRun.objects.exists()


def test_prove_is_post_only_and_history_get_only(graph):
    assert_error(graph.get("/v1/prove"), 405, "method_not_allowed")
    assert_error(graph.post("/v1/prove/history", {}), 405, "method_not_allowed")
    body = prove(graph, requirements=["auth::login"])
    assert_error(graph.delete(f"/v1/prove/history/{body['id']}"), 405, "method_not_allowed")
    assert_error(graph.patch(f"/v1/prove/history/{body['id']}", {"result": "pass"}), 405, "method_not_allowed")


# --- scopes and teams -----------------------------------------------------------------------------------


def test_run_prove_is_needed_to_post(graph, api, world):
    reader = api(make_token(world.alice, ["read_prove", "read_intents"]))
    err = assert_error(reader.post("/v1/prove", {"goal": "retry_logic", "repo": REPO, "branch": BRANCH}), 403,
                       "scope_missing")
    assert "run_prove" in err["hint"]
    # A read-only member never gets run_prove, whatever the token says.
    err = assert_error(api(world.rita_token).post("/v1/prove", {"goal": "retry_logic", "repo": REPO,
                                                                "branch": BRANCH}), 403, "scope_missing")
    assert "run_prove" in err["hint"]
    assert not ProveRun.objects.exists()


def test_read_prove_is_needed_to_read(graph, api, world):
    body = prove(graph, requirements=["auth::login"])
    runner = api(make_token(world.alice, ["run_prove"]))
    prove(runner, requirements=["auth::login"])  # run_prove alone may run...
    for path in ("/v1/prove/history", f"/v1/prove/history/{body['id']}"):  # ...but not read
        err = assert_error(runner.get(path), 403, "scope_missing")
        assert "read_prove" in err["hint"]
    # A read-only member reads the history.
    assert len(api(world.rita_token).get("/v1/prove/history").json()["data"]) == 2


def test_without_a_token_it_is_401(graph):
    anonymous = Client()
    r = anonymous.post("/v1/prove", data={"goal": "retry_logic", "repo": REPO, "branch": BRANCH},
                       content_type="application/json")
    assert_error(r, 401, "unauthorized")
    assert_error(anonymous.get("/v1/prove/history"), 401, "unauthorized")


def test_a_member_of_two_teams_names_the_team(graph, api, world):
    make_member(world.globex, "alice")
    both = api(make_token(world.alice, teams=[world.acme, world.globex]))
    body = {"goal": "globex_secret", "repo": REPO, "branch": BRANCH}
    assert_error(both.post("/v1/prove", body), 400, "team_required")
    theirs = prove(both, **{**body, "team": "globex"})
    assert theirs["team"] == "globex" and theirs["result"] == "pass"
    assert theirs["author"]["id"] == Member.objects.get(team=world.globex, name="alice").id
    ours = prove(both, **{**body, "team": "acme"})
    assert ours["team"] == "acme" and ours["result"] == "fail"
    assert_error(both.post("/v1/prove", {**body, "team": "initech"}), 404, "not_found")
    # The history spans both teams unless narrowed.
    assert {r["team"] for r in both.get("/v1/prove/history").json()["data"]} == {"acme", "globex"}
    narrowed = both.get("/v1/prove/history", params={"team": "globex"}).json()["data"]
    assert [r["id"] for r in narrowed] == [theirs["id"]]


def test_another_teams_runs_are_invisible(graph, api, world):
    gina = api(world.gina_token)
    theirs = prove(gina, requirements=["globex_secret"])
    mine = prove(graph, requirements=["auth::login"])
    assert [r["id"] for r in graph.get("/v1/prove/history").json()["data"]] == [mine["id"]]
    assert_error(graph.get(f"/v1/prove/history/{theirs['id']}"), 404, "not_found")
    assert_error(graph.get("/v1/prove/history", params={"team": "globex"}), 404, "not_found")
    assert graph.get("/v1/prove/history", params={"group_by": "branch"}).json()["data"] == [
        {"branch": "main", "count": 1}]
    assert [r["id"] for r in gina.get("/v1/prove/history").json()["data"]] == [theirs["id"]]
    assert_error(gina.get(f"/v1/prove/history/{mine['id']}"), 404, "not_found")


# --- events and idempotency -----------------------------------------------------------------------------


def test_pass_records_prove_passed_with_the_answer(graph, world):
    body = prove(graph, requirements=["auth::login"])
    event = Event.objects.get(topic__startswith="prove.")
    assert event.topic == "prove.passed"
    assert (event.team_id, event.actor) == (world.acme.id, world.alice.id)
    assert event.data == body


@pytest.mark.parametrize("reqs,result", [(["auth::login", "nope"], "partial"), (["nope"], "fail")])
def test_partial_and_fail_record_prove_failed(graph, reqs, result):
    body = prove(graph, requirements=reqs)
    assert body["result"] == result
    event = Event.objects.get(topic__startswith="prove.")
    assert event.topic == "prove.failed" and event.data == body


def test_idempotency_key_replays_the_first_answer(graph):
    body = {"goal": "auth::login holds", "repo": REPO, "branch": BRANCH}
    headers = {"Idempotency-Key": "prove-run-1"}
    first = graph.post("/v1/prove", body, headers=headers)
    assert first.status_code == 201
    second = graph.post("/v1/prove", body, headers=headers)
    assert second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert second["Location"] == first["Location"]
    assert ProveRun.objects.count() == 1
    assert Event.objects.filter(topic__startswith="prove.").count() == 1
    # The same key with another body is refused.
    assert_error(graph.post("/v1/prove", {**body, "branch": "dev"}, headers=headers), 422, "idempotency_key_reused")
    # Without a key, the same request is a new run.
    assert graph.post("/v1/prove", body).json()["id"] != first.json()["id"]
    assert ProveRun.objects.count() == 2


# --- history --------------------------------------------------------------------------------------------


def test_history_lists_newest_first_and_detail_matches_the_answer(graph):
    made = [prove(graph, requirements=[name]) for name in ("auth::login", "nope", "RetryPolicy")]
    listed = graph.get("/v1/prove/history").json()
    assert [r["id"] for r in listed["data"]] == [m["id"] for m in reversed(made)]
    assert listed["data"] == list(reversed(made))
    assert (listed["has_more"], listed["next_cursor"]) == (False, None)
    for m in made:
        r = graph.get(f"/v1/prove/history/{m['id']}")
        assert r.status_code == 200 and r.json() == m
    assert_error(graph.get("/v1/prove/history/prv_01NOTAREALRUN0000000000000"), 404, "not_found")


@pytest.fixture
def runs(graph, api, world):
    """Runs on several repos, branches, goals and results, by alice and bob."""
    bob = api(world.bob_token)
    out = {
        "main_pass": prove(graph, goal="auth::login holds"),
        "main_fail": prove(graph, goal="missing_fn exists"),
        "dev_pass": prove(graph, goal="only_on_dev exists", branch="dev"),
        "main_partial": prove(bob, goal="auth::login calls missing_fn"),
        "other_fail": prove(bob, goal="auth::login holds", repo="acme/other"),
    }
    return out


def ids(response):
    assert response.status_code == 200, response.content
    return [r["id"] for r in response.json()["data"]]


def test_history_filters(graph, runs):
    get = graph.get
    assert ids(get("/v1/prove/history", params={"branch": "dev"})) == [runs["dev_pass"]["id"]]
    assert ids(get("/v1/prove/history", params={"repo": "acme/other"})) == [runs["other_fail"]["id"]]
    assert ids(get("/v1/prove/history", params={"goal": "auth::login holds"})) == [
        runs["other_fail"]["id"], runs["main_pass"]["id"]]
    assert ids(get("/v1/prove/history", params={"goal": "auth::login"})) == []  # exact, not a substring
    assert ids(get("/v1/prove/history", params={"result": "fail"})) == [
        runs["other_fail"]["id"], runs["main_fail"]["id"]]
    assert ids(get("/v1/prove/history", params={"result": "partial"})) == [runs["main_partial"]["id"]]
    assert ids(get("/v1/prove/history", params={"result": "pass", "branch": "main"})) == [runs["main_pass"]["id"]]
    assert ids(get("/v1/prove/history", params={"author": "bob"})) == [
        runs["other_fail"]["id"], runs["main_partial"]["id"]]
    assert len(ids(get("/v1/prove/history", params={"since": "1h"}))) == 5


def test_since_filter_on_created_at(graph, runs):
    old = ProveRun.objects.get(pk=runs["main_pass"]["id"])
    old.created_at = timezone.now() - dt.timedelta(days=10)
    old.save()
    assert runs["main_pass"]["id"] not in ids(graph.get("/v1/prove/history", params={"since": "7d"}))
    assert runs["main_pass"]["id"] in ids(graph.get("/v1/prove/history", params={"since": "30d"}))
    day = (timezone.now() - dt.timedelta(days=1)).date().isoformat()
    assert len(ids(graph.get("/v1/prove/history", params={"since": day}))) == 4


@pytest.mark.parametrize("params,code", [
    ({"result": "passed"}, "invalid_parameter"),
    ({"since": "yesterday"}, "invalid_parameter"),
    ({"verdict": "proved"}, "invalid_parameter"),
    ({"limit": "0"}, "invalid_parameter"),
    ({"limit": "501"}, "invalid_parameter"),
    ({"group_by": "colour"}, "invalid_parameter"),
    ({"aggregate": "sum:goal", "group_by": "branch"}, "invalid_parameter"),
    ({"branch": "ma\x00in"}, "invalid_parameter"),
    ({"goal": "g\x00"}, "invalid_parameter"),
    ({"cursor": "forged"}, "invalid_cursor"),
])
def test_bad_history_parameters(graph, params, code):
    err = assert_error(graph.get("/v1/prove/history", params=params), 400, code)
    if code == "invalid_parameter":
        assert err["parameter"] == next(iter(params))


def test_pagination_walks_every_run_once(graph):
    made = [prove(graph, requirements=[f"n{i}"])["id"] for i in range(8)]
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = graph.get("/v1/prove/history", params=params).json()
        pages += 1
        assert len(body["data"]) <= 3
        seen += [r["id"] for r in body["data"]]
        if not body["has_more"]:
            assert body["next_cursor"] is None
            break
        cursor = body["next_cursor"]
    assert pages == 3
    assert seen == list(reversed(made))


def test_a_cursor_is_bound_to_its_filters(graph):
    for i in range(3):
        prove(graph, requirements=[f"n{i}"])
    cursor = graph.get("/v1/prove/history", params={"limit": 1, "result": "fail"}).json()["next_cursor"]
    assert cursor
    assert len(ids(graph.get("/v1/prove/history", params={"limit": 1, "result": "fail", "cursor": cursor}))) == 1
    assert_error(graph.get("/v1/prove/history", params={"limit": 1, "result": "pass", "cursor": cursor}), 400,
                 "invalid_cursor")


def test_fail_rate_per_branch_by_hand(graph, api, world):
    # main: pass, fail, partial, pass → 2/4; dev: fail → 1; feat: pass, pass → 0
    plan = [("main", ["auth::login"]), ("main", ["nope"]), ("main", ["auth::login", "nope"]),
            ("main", ["auth::check"]), ("dev", ["auth::check"]), ("feat", ["x"]), ("feat", ["y"])]
    log(graph, [node("x"), node("y")], branch="feat")
    results = [prove(graph, branch=b, requirements=r)["result"] for b, r in plan]
    assert results == ["pass", "fail", "partial", "pass", "fail", "pass", "pass"]
    # globex's failures never count in acme's rates.
    prove(api(world.gina_token), branch="feat", requirements=["nope"])
    body = graph.get("/v1/prove/history", params={"group_by": "branch", "aggregate": "fail_rate"}).json()
    assert body == {"data": [{"branch": "dev", "fail_rate": 1.0}, {"branch": "main", "fail_rate": 0.5},
                             {"branch": "feat", "fail_rate": 0.0}],
                    "group_by": "branch", "aggregate": "fail_rate", "truncated": False}
    # Other filters are honoured.
    body = graph.get("/v1/prove/history", params={"group_by": "branch", "aggregate": "fail_rate",
                                                  "result": "pass"}).json()
    assert body["data"] == [{"branch": "feat", "fail_rate": 0.0}, {"branch": "main", "fail_rate": 0.0}]
    counts = graph.get("/v1/prove/history", params={"group_by": "result"}).json()["data"]
    assert counts == [{"result": "pass", "count": 4}, {"result": "fail", "count": 2}, {"result": "partial", "count": 1}]


def test_group_by_goal_repo_author_and_day(graph, runs):
    get = graph.get
    goals = get("/v1/prove/history", params={"group_by": "goal", "aggregate": "fail_rate"}).json()["data"]
    assert goals == [
        {"goal": "auth::login calls missing_fn", "fail_rate": 1.0},
        {"goal": "missing_fn exists", "fail_rate": 1.0},
        {"goal": "auth::login holds", "fail_rate": 0.5},
        {"goal": "only_on_dev exists", "fail_rate": 0.0},
    ]
    assert get("/v1/prove/history", params={"group_by": "repo"}).json()["data"] == [
        {"repo": "acme/app", "count": 4}, {"repo": "acme/other", "count": 1}]
    assert get("/v1/prove/history", params={"group_by": "author"}).json()["data"] == [
        {"author": "alice", "count": 3}, {"author": "bob", "count": 2}]
    today = timezone.now().date().isoformat()
    assert get("/v1/prove/history", params={"group_by": "day"}).json()["data"] == [{"day": today, "count": 5}]
    assert get("/v1/prove/history", params={"group_by": "team"}).json()["data"] == [{"team": "acme", "count": 5}]
    avg = get("/v1/prove/history", params={"group_by": "branch", "aggregate": "avg:duration_ms"}).json()["data"]
    assert {row["branch"] for row in avg} == {"main", "dev"} and all(row["avg"] >= 0 for row in avg)


def test_history_query_count_does_not_grow_with_rows(graph, django_assert_num_queries):
    prove(graph, requirements=["auth::login"])
    # the token with its teams and members; the page (team and author joined)
    with django_assert_num_queries(2):
        assert len(ids(graph.get("/v1/prove/history"))) == 1
    for i in range(15):
        prove(graph, requirements=[f"n{i}"])
    with django_assert_num_queries(2):
        assert len(ids(graph.get("/v1/prove/history"))) == 16
    with django_assert_num_queries(2):
        assert len(ids(graph.get("/v1/prove/history", params={"goal": "Login checks the password",
                                                               "branch": "main", "since": "1d"}))) == 16
    with django_assert_num_queries(2):
        assert graph.get("/v1/prove/history", params={"group_by": "branch", "aggregate": "fail_rate"}).status_code == 200


def _queries_for(client, reqs, capture):
    with capture() as ctx:
        assert client.post("/v1/prove", {"goal": "g", "repo": REPO, "branch": BRANCH,
                                         "requirements": reqs}).status_code == 201
    return [q["sql"] for q in ctx.captured_queries]


def test_a_run_reads_the_graph_in_two_queries_whatever_its_size(graph):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def capture():
        return CaptureQueriesContext(connection)

    small = _queries_for(graph, [{"node": "auth::login", "must_call": ["audit::log"]}], capture)
    large = _queries_for(graph, [{"node": f"n{i}", "must_call": ["a", "b"]} for i in range(50)]
                         + [{"node": "auth::login", "must_call": ["audit::log"]}, "RetryPolicy"], capture)
    assert len(small) == len(large)
    graph_reads = [q for q in large if "intents_logicnode" in q or "intents_logicedge" in q]
    assert len(graph_reads) == 2, graph_reads
    node_reads = [q.replace('"', "") for q in graph_reads if 'FROM "intents_logicnode"' in q]
    assert len(node_reads) == 1 and "intents_logicnode.team_id = " in node_reads[0]  # always the caller's team
    assert len([q for q in large if q.startswith("INSERT INTO \"prove_proverun\"")]) == 1
    # Without must_call there is no call edge to read.
    plain = _queries_for(graph, ["auth::login", "RetryPolicy"], capture)
    assert len([q for q in plain if "intents_logicedge" in q]) == 0
    assert len(plain) == len(small) - 1


# --- admin ----------------------------------------------------------------------------------------------


def test_admin_lists_runs_read_only(graph, world):
    run = prove(graph, requirements=["auth::login"])
    get_user_model().objects.create_superuser("root", "root@example.com", "root-password-1")
    client = Client()
    assert client.login(username="root", password="root-password-1")
    page = client.get("/admin/prove/proverun/", {"result__exact": "pass", "team__id__exact": world.acme.id})
    assert page.status_code == 200 and run["id"] in page.content.decode()
    assert client.get("/admin/prove/proverun/", {"branch": "main"}).status_code == 200
    detail = client.get(f"/admin/prove/proverun/{run['id']}/change/")
    assert detail.status_code == 200 and "h-login" in detail.content.decode()
    assert client.get("/admin/prove/proverun/add/").status_code == 403
    assert client.post(f"/admin/prove/proverun/{run['id']}/delete/", {"post": "yes"}).status_code == 403
    assert ProveRun.objects.filter(pk=run["id"]).exists()


def test_author_filter_takes_an_id_and_a_removed_authors_runs_stay(graph, api, world):
    bobs = prove(api(world.bob_token), requirements=["auth::login"])
    prove(graph, requirements=["auth::login"])
    assert ids(graph.get("/v1/prove/history", params={"author": world.bob.id})) == [bobs["id"]]
    Member.objects.filter(pk=world.bob.pk).delete()
    kept = graph.get(f"/v1/prove/history/{bobs['id']}").json()
    assert kept["author"] is None and kept["result"] == "pass"
    assert len(ids(graph.get("/v1/prove/history"))) == 2
