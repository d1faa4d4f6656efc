"""/mcp with the official MCP client against a live daphne: every tool, its
effect through the REST API, tenancy, scopes, authentication and refusals."""

import asyncio
import json

import httpx
import pytest
from django.utils import timezone

from accounts.scopes import READ_SCOPES
from events.models import Event
from intents.models import Intent
from messages.models import Message
from snapshots.models import Snapshot
from tests.agents.conftest import mcp_call, rest
from tests.conftest import make_member, make_token, token_row
from zones.models import Zone

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

EXPECTED_TOOLS = {
    "aura_status": (None, True), "aura_log_intent": ("write_intents", False),
    "aura_intent_query": ("read_intents", True), "aura_live_impacts": ("read_impacts", True),
    "aura_live_resolve": ("write_impacts", False), "aura_msg_send": ("write_messages", False),
    "aura_msg_list": ("read_messages", False), "aura_zone_claim": ("write_zones", False),
    "aura_zone_release": ("write_zones", False), "aura_zone_check": ("read_zones", True),
    "aura_prove": ("run_prove", False), "aura_snapshot": ("write_snapshots", False),
    "aura_snapshot_list": ("read_snapshots", True), "aura_team_members": (None, True),
    "aura_heartbeat": (None, False), "aura_team_radar": (None, True),
    "aura_knowledge_search": ("read_knowledge", True), "aura_knowledge_add": ("write_knowledge", False),
}


def call(server, token, name, arguments=None):
    async def calls(client):
        return await client.call_tool(name, arguments or {})

    return mcp_call(server, token, calls)


def ok(result):
    assert not result.is_error, result
    return result.structured_content


def tool_error(result, code):
    assert result.is_error, result
    error = result.structured_content["error"]
    assert error["code"] == code, error
    assert set(error) >= {"code", "message", "hint", "request_id"} and error["request_id"].startswith("req_")
    return error


def raw_post(server, token=None, body=None, headers=None, method="POST"):
    hdrs = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json", **(headers or {})}
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    payload = body or {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    return httpx.request(method, f"{server.url}/mcp", headers=hdrs,
                         content=json.dumps(payload) if method == "POST" else None, timeout=30)


def report_impact(crew, your_branch="feature-b", function="auth::login"):
    with rest(crew.server, crew.admin_token) as api:
        r = api.post("/v1/impacts", json={"repo": "app", "your_branch": your_branch, "other_branch": "main",
                                          "function": function, "change": "signature_changed", "severity": "critical"})
        assert r.status_code in (200, 201), r.text
        return r.json()["id"]


@pytest.fixture
def crew(crew, server):
    crew.server = server
    return crew


# --- listing -------------------------------------------------------------------------------


def test_tools_list_names_schemas_annotations_and_scopes(server, crew):
    async def calls(client):
        return await client.list_tools(), client.protocol_version

    listed, version = mcp_call(server, crew.bob_token, calls)
    assert version == "2026-07-28"
    tools = {t.name: t for t in listed.tools}
    assert set(tools) == set(EXPECTED_TOOLS)
    for name, (scope, read_only) in EXPECTED_TOOLS.items():
        tool = tools[name]
        assert tool.input_schema["type"] == "object"
        assert tool.output_schema["type"] == "object" and "reminders" in tool.output_schema["properties"]
        assert tool.annotations.read_only_hint is read_only, name
        assert (tool.meta or {}).get("aura/scope") == scope, name
    assert tools["aura_log_intent"].input_schema["required"] == ["summary"]
    assert set(tools["aura_zone_claim"].input_schema["required"]) == {"paths"}
    assert tools["aura_zone_release"].annotations.destructive_hint is True
    assert tools["aura_live_resolve"].input_schema["properties"]["status"]["enum"] == ["resolved", "dismissed",
                                                                                      "snoozed"]
    assert {"idempotency_key", "team"} <= set(tools["aura_msg_send"].input_schema["properties"])


def test_mcp_is_not_part_of_the_openapi_schema(server, crew):
    with rest(server, crew.bob_token) as api:
        paths = api.get("/openapi.json").json()["paths"]
    assert "/v1/intents" in paths and not [p for p in paths if p.startswith("/mcp")]


def test_older_protocol_revisions_are_negotiated(server, crew):
    body = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    r = raw_post(server, crew.bob_token, body)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.json()["result"]["protocolVersion"] == "2025-06-18"
    body["params"]["protocolVersion"] = "2024-11-05"
    assert raw_post(server, crew.bob_token, body).json()["result"]["protocolVersion"] == "2024-11-05"


# --- each tool, checked through REST ------------------------------------------------------


def test_log_intent_is_an_ordinary_intent(server, crew):
    out = ok(call(server, crew.bob_token, "aura_log_intent", {
        "summary": "Fix the login null check", "tickets": ["ENG-7"], "repo": "app", "branch": "feature-b",
        "nodes": [{"path": "auth.py", "kind": "function", "name": "auth::login", "change": "modified"}],
    }))
    intent = out["intent"]
    with rest(server, crew.bob_token) as api:
        listed = api.get("/v1/intents", params={"q": "LOGIN NULL"}).json()["data"]
        assert [i["id"] for i in listed] == [intent["id"]]
        detail = api.get(f"/v1/intents/{intent['id']}").json()
    assert detail == intent
    assert detail["tickets"][0]["id"] == "ENG-7" and detail["author"]["name"] == "bob"
    event = Event.objects.get(topic="intent.logged", team=crew.team)
    assert event.data["intent_id"] == intent["id"] and event.actor == crew.bob.id
    assert out["reminders"] == {"unread_messages": 0, "new_impacts": []}


def test_log_intent_raises_the_same_impacts_as_rest(server, crew):
    base = {"repo": "app", "nodes": [{"path": "a.py", "kind": "function", "name": "pay::charge", "change": "added",
                                      "after": {"signature": "def charge(a)", "calls": []}}]}
    caller = {"repo": "app", "nodes": [{"path": "b.py", "kind": "function", "name": "shop::buy", "change": "added",
                                        "after": {"signature": "def buy()", "calls": ["pay::charge"]}}]}
    change = {"repo": "app", "nodes": [{"path": "a.py", "kind": "function", "name": "pay::charge",
                                        "change": "modified", "before": {"signature": "def charge(a)"},
                                        "after": {"signature": "def charge(a, b)", "calls": []}}]}
    with rest(server, crew.cy_token) as api:
        for branch in ("main", "feat-rest", "feat-mcp"):
            assert api.post("/v1/intents", json={"summary": "base", "branch": branch, **base}).status_code == 201
            assert api.post("/v1/intents", json={"summary": "uses", "branch": branch, **caller}).status_code == 201
    with rest(server, crew.bob_token) as api:
        assert api.post("/v1/intents", json={"summary": "change via REST", "branch": "feat-rest",
                                             **change}).status_code == 201
    ok(call(server, crew.bob_token, "aura_log_intent", {"summary": "change via MCP", "branch": "feat-mcp", **change}))
    with rest(server, crew.bob_token) as api:
        impacts = api.get("/v1/impacts", params={"status": "all"}).json()["data"]

    def shape(branch):
        return sorted((i["function"], i["change"], i["your_branch"]) for i in impacts if i["other_branch"] == branch)

    assert shape("feat-mcp") and len(shape("feat-rest")) == len(shape("feat-mcp"))
    assert [s[:2] for s in shape("feat-rest")] == [s[:2] for s in shape("feat-mcp")]


def test_intent_query_filters_and_pages_with_the_api_cursor(server, crew):
    for n in range(3):
        ok(call(server, crew.bob_token, "aura_log_intent", {"summary": f"step {n} [ENG-{n}]", "branch": "b1"}))
    ok(call(server, crew.cy_token, "aura_log_intent", {"summary": "other", "branch": "b2"}))
    first = ok(call(server, crew.bob_token, "aura_intent_query", {"branch": "b1", "limit": 2}))
    assert [i["summary"] for i in first["data"]] == ["step 2 [ENG-2]", "step 1 [ENG-1]"] and first["has_more"]
    second = ok(call(server, crew.bob_token, "aura_intent_query",
                     {"branch": "b1", "limit": 2, "cursor": first["next_cursor"]}))
    assert [i["summary"] for i in second["data"]] == ["step 0 [ENG-0]"] and second["next_cursor"] is None
    assert [i["summary"] for i in ok(call(server, crew.bob_token, "aura_intent_query", {"author": "cy"}))["data"]] == [
        "other"]
    assert len(ok(call(server, crew.bob_token, "aura_intent_query", {"ticket": "ENG-1"}))["data"]) == 1
    assert len(ok(call(server, crew.bob_token, "aura_intent_query", {"q": "STEP"}))["data"]) == 3
    tool_error(call(server, crew.bob_token, "aura_intent_query", {"q": "x" * 201}), "invalid_parameter")
    tool_error(call(server, crew.bob_token, "aura_intent_query", {"cursor": "garbage"}), "invalid_cursor")


def test_live_impacts_and_resolve(server, crew):
    first = report_impact(crew)
    second = report_impact(crew, function="auth::logout")
    listed = ok(call(server, crew.bob_token, "aura_live_impacts", {"branch": "feature-b"}))
    assert {i["id"] for i in listed["data"]} == {first, second}
    out = ok(call(server, crew.bob_token, "aura_live_resolve",
                  {"impact_ids": [first], "status": "resolved", "note": "fixed"}))
    assert out["results"][0]["ok"]["status"] == "resolved"
    snoozed = ok(call(server, crew.bob_token, "aura_live_resolve", {"impact_ids": [second], "status": "snoozed"}))
    assert snoozed["results"][0]["ok"]["status"] == "snoozed"
    with rest(server, crew.bob_token) as api:
        detail = api.get(f"/v1/impacts/{first}").json()
        assert detail["status"] == "resolved" and detail["note"] == "fixed"
        assert detail["status_changed_by"]["name"] == "bob"
        assert api.get("/v1/impacts").json()["data"] == []
    assert Event.objects.filter(topic="impact.updated", team=crew.team).count() == 2
    assert [i["id"] for i in ok(call(server, crew.bob_token, "aura_live_impacts", {"status": "resolved"}))["data"]] == [
        first]


def test_messages_send_list_and_mark_read(server, crew):
    sent = ok(call(server, crew.bob_token, "aura_msg_send", {"message": "standup in 5"}))["message"]
    direct = ok(call(server, crew.bob_token, "aura_msg_send", {"message": "psst", "to": "cy"}))["message"]
    with rest(server, crew.cy_token) as api:
        assert {m["id"] for m in api.get("/v1/messages").json()["data"]} == {sent["id"], direct["id"]}
    with rest(server, crew.admin_token) as api:
        assert [m["id"] for m in api.get("/v1/messages").json()["data"]] == [sent["id"]]
    status = ok(call(server, crew.cy_token, "aura_status"))
    assert status["unread_messages"] == 2 and status["reminders"]["unread_messages"] == 2
    # A read-only token lists without marking read.
    reader = make_token(crew.cy, list(READ_SCOPES))
    assert ok(call(server, reader, "aura_msg_list"))["marked_read"] == []
    listed = ok(call(server, crew.cy_token, "aura_msg_list"))
    assert {m["id"] for m in listed["data"]} == {sent["id"], direct["id"]}
    assert set(listed["marked_read"]) == {sent["id"], direct["id"]}
    assert listed["reminders"]["unread_messages"] == 0
    assert ok(call(server, crew.cy_token, "aura_msg_list"))["data"] == []
    with rest(server, crew.cy_token) as api:
        assert api.get("/v1/messages", params={"unread_only": "true"}).json()["data"] == []
    assert Event.objects.filter(topic="message.posted", team=crew.team).count() == 2
    tool_error(call(server, crew.bob_token, "aura_msg_send", {"message": "x", "to": "olga"}), "validation_failed")


def test_zones_claim_check_release(server, crew):
    zone = ok(call(server, crew.bob_token, "aura_zone_claim",
                   {"paths": ["src/auth/**"], "mode": "block", "reason": "refactor", "ttl_seconds": 600}))["zone"]
    with rest(server, crew.cy_token) as api:
        assert [z["id"] for z in api.get("/v1/zones").json()["data"]] == [zone["id"]]
    check = ok(call(server, crew.cy_token, "aura_zone_check", {"path": "src/auth/login.py"}))
    assert check["blocked"] is True and [z["id"] for z in check["conflicts"]] == [zone["id"]]
    assert ok(call(server, crew.bob_token, "aura_zone_check", {"path": "src/auth/login.py"}))["blocked"] is False
    error = tool_error(call(server, crew.cy_token, "aura_zone_claim", {"paths": ["src/auth/x.py"], "mode": "block"}),
                       "zone_conflict")
    assert error["conflicts"][0]["id"] == zone["id"]
    tool_error(call(server, crew.cy_token, "aura_zone_release", {"zone_id": zone["id"]}), "not_zone_owner")
    assert ok(call(server, crew.bob_token, "aura_zone_release", {"zone_id": zone["id"]}))["released"] == zone["id"]
    with rest(server, crew.cy_token) as api:
        assert api.get("/v1/zones").json()["data"] == []
    assert Event.objects.filter(topic__in=["zone.claimed", "zone.released"], team=crew.team).count() == 2


def test_snapshots_and_snapshot_list(server, crew):
    snap = ok(call(server, crew.bob_token, "aura_snapshot",
                   {"path": "src/app.py", "content": "print('hi')\n", "branch": "main"}))["snapshot"]
    with rest(server, crew.cy_token) as api:
        assert api.get(f"/v1/snapshots/{snap['id']}/content").text == "print('hi')\n"
    listed = ok(call(server, crew.cy_token, "aura_snapshot_list", {"file": "src/*.py"}))
    assert [s["id"] for s in listed["data"]] == [snap["id"]]
    assert Event.objects.filter(topic="snapshot.created", team=crew.team).count() == 1


def test_prove_returns_the_verdict_and_failing_requirements(server, crew):
    out = ok(call(server, crew.bob_token, "aura_prove", {"goal": "`auth::login` calls audit", "repo": "app",
                                                           "branch": "main"}))
    assert out["verdict"] == "unproved" and out["result"] == "fail"
    assert [r["node"] for r in out["failing"]] == ["auth::login"]
    with rest(server, crew.bob_token) as api:
        assert [r["id"] for r in api.get("/v1/prove/history").json()["data"]] == [out["run"]["id"]]
    assert Event.objects.filter(topic="prove.failed", team=crew.team).count() == 1
    tool_error(call(server, crew.bob_token, "aura_prove", {"goal": "make it good", "repo": "app", "branch": "main"}),
               "goal_not_decomposable")


def test_team_members_and_status(server, crew):
    members = ok(call(server, crew.bob_token, "aura_team_members"))
    assert {m["name"] for m in members["data"]} == {"ada", "bob", "cy"}
    status = ok(call(server, crew.bob_token, "aura_status"))
    assert status["member"]["name"] == "bob" and status["team"]["slug"] == crew.team.slug
    assert status["open_impacts"] == 0 and status["branches"] == []


def test_reminders_name_new_impacts_on_my_branches_since_my_last_call(server, crew):
    ok(call(server, crew.bob_token, "aura_log_intent", {"summary": "work", "branch": "feature-b"}))
    impact = report_impact(crew)
    report_impact(crew, your_branch="someone-else", function="x::y")
    out = ok(call(server, crew.bob_token, "aura_team_members"))
    assert [i["id"] for i in out["reminders"]["new_impacts"]] == [impact]
    assert ok(call(server, crew.bob_token, "aura_team_members"))["reminders"]["new_impacts"] == []
    assert ok(call(server, crew.bob_token, "aura_status"))["open_impacts"] == 1


def test_idempotency_key_replays_the_first_answer(server, crew):
    args = {"summary": "once", "idempotency_key": "k-1"}
    first = ok(call(server, crew.bob_token, "aura_log_intent", args))["intent"]
    again = ok(call(server, crew.bob_token, "aura_log_intent", args))["intent"]
    assert again == first and Intent.objects.filter(team=crew.team).count() == 1
    tool_error(call(server, crew.bob_token, "aura_log_intent", {"summary": "other", "idempotency_key": "k-1"}),
               "idempotency_key_reused")


def test_a_token_of_several_teams_must_name_one(server, crew):
    make_member(crew.other, "bob")  # the same user, in both teams
    token = make_token(crew.bob, teams=[crew.team, crew.other])
    tool_error(call(server, token, "aura_log_intent", {"summary": "where?"}), "team_required")
    assert Intent.objects.count() == 0
    out = ok(call(server, token, "aura_log_intent", {"summary": "here", "team": crew.other.slug}))
    assert out["intent"]["team"] == crew.other.slug


# --- tenancy, scopes, authentication --------------------------------------------------------


def test_team_b_sees_nothing_of_team_a(server, crew):
    ok(call(server, crew.bob_token, "aura_log_intent", {"summary": "secret", "branch": "feature-b"}))
    ok(call(server, crew.bob_token, "aura_msg_send", {"message": "secret"}))
    zone = ok(call(server, crew.bob_token, "aura_zone_claim", {"paths": ["src/**"], "mode": "block"}))["zone"]
    ok(call(server, crew.bob_token, "aura_snapshot", {"path": "a.py", "content": "x"}))
    impact = report_impact(crew)
    t = crew.outsider_token
    for name in ("aura_intent_query", "aura_live_impacts", "aura_msg_list", "aura_snapshot_list"):
        assert ok(call(server, t, name))["data"] == [], name
    assert {m["name"] for m in ok(call(server, t, "aura_team_members"))["data"]} == {"olga"}
    assert ok(call(server, t, "aura_zone_check", {"path": "src/a.py"}))["conflicts"] == []
    assert ok(call(server, t, "aura_status"))["team"]["slug"] == crew.other.slug
    tool_error(call(server, t, "aura_zone_release", {"zone_id": zone["id"]}), "not_found")
    tool_error(call(server, t, "aura_live_resolve", {"impact_ids": [impact], "status": "dismissed"}), "not_found")
    tool_error(call(server, t, "aura_intent_query", {"team": crew.team.slug}), "not_found")
    assert Zone.objects.filter(pk=zone["id"]).exists()
    with rest(server, crew.admin_token) as api:
        assert api.get(f"/v1/impacts/{impact}").json()["status"] == "open"


WRITES = [
    ("aura_log_intent", {"summary": "x"}, "write_intents"),
    ("aura_msg_send", {"message": "x"}, "write_messages"),
    ("aura_zone_claim", {"paths": ["a/**"]}, "write_zones"),
    ("aura_snapshot", {"path": "a.py", "content": "x"}, "write_snapshots"),
    ("aura_prove", {"goal": "`a::b`", "repo": "r", "branch": "b"}, "run_prove"),
]


def test_a_read_only_token_cannot_write_through_any_tool(server, crew):
    reader = make_token(crew.bob, list(READ_SCOPES))
    zone = ok(call(server, crew.bob_token, "aura_zone_claim", {"paths": ["z/**"]}))["zone"]
    impact = report_impact(crew)
    before = Event.objects.count(), Message.objects.count()
    for name, args, scope in WRITES + [("aura_zone_release", {"zone_id": zone["id"]}, "write_zones"),
                                       ("aura_live_resolve", {"impact_ids": [impact], "status": "resolved"},
                                        "write_impacts")]:
        error = tool_error(call(server, reader, name, args), "scope_missing")
        assert scope in error["message"] + (error["hint"] or ""), (name, error)
    assert (Event.objects.count(), Message.objects.count()) == before
    assert Intent.objects.count() == Snapshot.objects.count() == 0
    assert Zone.objects.filter(pk=zone["id"]).exists()


def test_no_token_or_a_bad_one_is_a_401_with_www_authenticate(server, crew):
    for token in (None, "aura_aaaaaaaa_" + "b" * 30):
        r = raw_post(server, token)
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
        assert r.json()["error"]["code"] == "unauthorized"
        assert r.json()["error"]["request_id"] == r.headers["x-request-id"]
    assert "aura_aaaaaaaa" not in (server.log_path.read_text() if server.log_path else "")


def test_a_revoked_token_stops_at_the_next_call(server, crew):
    assert raw_post(server, crew.bob_token).status_code == 200
    row = token_row(crew.bob_token)
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at"])
    r = raw_post(server, crew.bob_token)
    assert r.status_code == 401 and r.json()["error"]["code"] == "token_revoked"
    assert r.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_the_token_is_marked_used(server, crew):
    """As a REST call does: written behind the call (accounts/usetimes.py,
    0.2 s after it on this server)."""
    import time

    row = token_row(crew.cy_token)
    assert row.last_used_at is None
    ok(call(server, crew.cy_token, "aura_status"))
    deadline = time.monotonic() + 10
    while row.last_used_at is None and time.monotonic() < deadline:
        time.sleep(0.1)
        row.refresh_from_db()
    assert row.last_used_at is not None


def test_get_and_delete_are_405_with_allow_post(server, crew):
    for method in ("GET", "DELETE"):
        r = raw_post(server, crew.bob_token, method=method)
        assert r.status_code == 405 and r.headers["allow"] == "POST"
        assert r.json()["error"]["code"] == "method_not_allowed"


def test_origin_must_be_ours_or_listed(server, crew):
    assert raw_post(server, crew.bob_token, headers={"Origin": "https://evil.example"}).status_code == 403
    r = raw_post(server, crew.bob_token, headers={"Origin": "https://evil.example"})
    assert r.json()["error"]["code"] == "forbidden_origin"
    assert raw_post(server, crew.bob_token, headers={"Origin": "https://dash.example"}).status_code == 200
    assert raw_post(server, crew.bob_token, headers={"Origin": server.url}).status_code == 200


def test_each_post_counts_once_against_the_rate_limit(server, crew):
    row = token_row(crew.cy_token)
    row.rate_limit_per_minute = 3
    row.save(update_fields=["rate_limit_per_minute"])
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "aura_status", "arguments": {}}}
    answers = [raw_post(server, crew.cy_token, body) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["x-ratelimit-remaining"] == "2"
    assert answers[3].json()["error"]["code"] == "rate_limited" and int(answers[3].headers["retry-after"]) >= 1


# --- bad arguments ------------------------------------------------------------------------


def test_bad_arguments_are_tool_errors_and_write_nothing(server, crew):
    before = Event.objects.count()
    error = tool_error(call(server, crew.bob_token, "aura_log_intent", {}), "validation_failed")
    assert "summary" in error["fields"]
    error = tool_error(call(server, crew.bob_token, "aura_log_intent", {"summary": ["not", "a", "string"]}),
                       "validation_failed")
    assert "summary" in error["fields"]
    error = tool_error(call(server, crew.bob_token, "aura_log_intent", {
        "summary": "x", "nodes": [{"kind": "nonsense", "name": "a", "change": "added"}]}), "validation_failed")
    assert "nodes.0.kind" in error["fields"]
    tool_error(call(server, crew.bob_token, "aura_zone_claim", {"paths": "src/**", "mode": "sometimes"}),
               "validation_failed")
    tool_error(call(server, crew.bob_token, "aura_live_resolve", {"impact_ids": ["imp_nope"], "status": "resolved"}),
               "not_found")
    other_zone = ok(call(server, crew.outsider_token, "aura_zone_claim", {"paths": ["x/**"]}))["zone"]
    before_zone = Event.objects.count()
    tool_error(call(server, crew.bob_token, "aura_zone_release", {"zone_id": other_zone["id"]}), "not_found")
    assert Zone.objects.filter(pk=other_zone["id"]).exists()
    assert Event.objects.count() == before_zone == before + 1
    assert Intent.objects.count() == 0 and Zone.objects.filter(team=crew.team).count() == 0


# --- concurrency --------------------------------------------------------------------------


def test_eight_concurrent_claims_of_one_path_one_wins(server, crew):
    members = [make_member(crew.team, f"dev{i}") for i in range(8)]
    tokens = [make_token(m) for m in members]

    async def claim(token):
        import httpx2
        from mcp import Client
        from mcp.client.streamable_http import streamable_http_client

        async with (
            httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60) as http,
            Client(streamable_http_client(f"{server.url}/mcp", http_client=http), cache=None) as client,
        ):
            return await client.call_tool("aura_zone_claim", {"paths": ["src/core.py"], "mode": "block"})

    async def main():
        return await asyncio.gather(*(claim(t) for t in tokens))

    results = asyncio.run(main())
    winners = [r for r in results if not r.is_error]
    losers = [r.structured_content["error"]["code"] for r in results if r.is_error]
    assert len(winners) == 1 and losers == ["zone_conflict"] * 7
    assert Zone.objects.filter(team=crew.team).count() == 1
