"""The presence and knowledge tools over /mcp (aura_heartbeat, aura_team_radar,
aura_knowledge_search, aura_knowledge_add) with the official MCP client
against a live daphne: schemas, effects through the REST API, events,
scopes, tenancy and refusals."""

import pytest

from accounts.scopes import READ_SCOPES
from events.models import Event
from knowledge.models import Entry
from tests.agents.conftest import mcp_call, rest
from tests.agents.test_mcp import call, ok, tool_error
from tests.conftest import make_member, make_token

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TOOLS = {
    # name: (scope, read-only, required arguments, output properties besides reminders)
    "aura_heartbeat": (None, False, set(), {"active_window_seconds", "presence", "act_on"}),
    "aura_team_radar": (None, True, set(), {"data"}),
    "aura_knowledge_search": ("read_knowledge", True, set(), {"data", "next_cursor", "has_more"}),
    "aura_knowledge_add": ("write_knowledge", False, {"question", "answer"}, {"entry"}),
}


@pytest.fixture
def crew(crew, server):
    crew.server = server
    return crew


def add(crew, token, **args):
    return ok(call(crew.server, token, "aura_knowledge_add", {"question": "How do we retry?",
                                                               "answer": "Exponential backoff, 3 tries.", **args}))


def test_the_tools_are_listed_with_their_schemas(server, crew):
    async def calls(client):
        return await client.list_tools()

    tools = {t.name: t for t in mcp_call(server, crew.bob_token, calls).tools}
    for name, (scope, read_only, required, outputs) in TOOLS.items():
        tool = tools[name]
        assert tool.input_schema["type"] == "object", name
        assert set(tool.input_schema.get("required", [])) == required, name
        assert set(tool.output_schema["properties"]) == outputs | {"reminders"}, name
        assert tool.annotations.read_only_hint is read_only, name
        assert (tool.meta or {}).get("aura/scope") == scope, name
    assert {"repo", "branch", "editing", "client", "team", "idempotency_key"} <= set(
        tools["aura_heartbeat"].input_schema["properties"])
    assert {"team", "idempotency_key"} <= set(tools["aura_knowledge_add"].input_schema["properties"])
    assert {"q", "category", "tag", "repo", "limit", "cursor", "team"} <= set(
        tools["aura_knowledge_search"].input_schema["properties"])


# --- presence ----------------------------------------------------------------------------


def test_a_heartbeat_shows_in_the_rest_presence_list_and_answers_what_to_act_on(server, crew):
    with rest(server, crew.admin_token) as api:
        zone = api.post("/v1/zones", json={"paths": ["src/billing/**"], "mode": "block"}).json()
        api.post("/v1/messages", json={"body": "hello"})
    out = ok(call(server, crew.bob_token, "aura_heartbeat", {
        "repo": "app", "branch": "feat/x", "editing": ["src/billing/a.py", "docs/x.md"], "client": "agent/1"}))
    assert out["active_window_seconds"] == 120
    [mine] = out["presence"]
    assert (mine["member"]["name"], mine["team"], mine["branch"], mine["client"]) == (
        "bob", crew.team.slug, "feat/x", "agent/1")
    [act] = out["act_on"]
    assert act["unread_messages"] == 1 and act["open_impacts"] == {"count": 0, "ids": []}
    assert [(z["id"], z["covers"]) for z in act["zones"]] == [(zone["id"], ["src/billing/a.py"])]
    with rest(server, crew.cy_token) as api:
        rows = api.get("/v1/presence").json()["data"]
    assert [(r["member"]["name"], r["branch"], r["editing"]) for r in rows] == [
        ("bob", "feat/x", ["src/billing/a.py", "docs/x.md"])]
    [event] = Event.objects.filter(topic="presence.changed", team=crew.team)
    assert event.data["change"] == "joined" and event.actor == crew.bob.id
    # a second heartbeat is the steady state: no event
    ok(call(server, crew.bob_token, "aura_heartbeat", {"repo": "app", "branch": "feat/x"}))
    assert Event.objects.filter(topic="presence.changed", team=crew.team).count() == 1


def test_team_radar_is_get_presence(server, crew):
    assert ok(call(server, crew.cy_token, "aura_team_radar"))["data"] == []
    with rest(server, crew.bob_token) as api:
        assert api.post("/v1/presence", json={"branch": "main", "editing": ["a.py"]}).status_code == 200
    radar = ok(call(server, crew.cy_token, "aura_team_radar", {"team": crew.team.slug}))
    with rest(server, crew.cy_token) as api:
        assert radar["data"] == api.get("/v1/presence").json()["data"]
    assert [(r["member"]["name"], r["editing"]) for r in radar["data"]] == [("bob", ["a.py"])]


def test_presence_needs_no_scope(server, crew):
    bare = make_token(crew.bob, ["read_intents"])
    out = ok(call(server, bare, "aura_heartbeat", {"branch": "main"}))
    assert out["act_on"][0]["unread_messages"] is None and out["act_on"][0]["zones"] is None
    assert [r["member"]["name"] for r in ok(call(server, bare, "aura_team_radar"))["data"]] == ["bob"]


def test_a_heartbeat_idempotency_key_replays_and_team_narrows(server, crew):
    make_member(crew.other, "bob")  # the same user, in both teams
    token = make_token(crew.bob, teams=[crew.team, crew.other])
    both = ok(call(server, token, "aura_heartbeat", {"branch": "main"}))
    assert sorted(r["team"] for r in both["presence"]) == sorted([crew.team.slug, crew.other.slug])
    one = ok(call(server, token, "aura_heartbeat", {"branch": "dev", "team": crew.other.slug,
                                                    "idempotency_key": "hb-1"}))
    assert [r["team"] for r in one["presence"]] == [crew.other.slug]
    again = ok(call(server, token, "aura_heartbeat", {"branch": "dev", "team": crew.other.slug,
                                                      "idempotency_key": "hb-1"}))
    assert again["presence"] == one["presence"]
    tool_error(call(server, token, "aura_heartbeat", {"branch": "other", "team": crew.other.slug,
                                                      "idempotency_key": "hb-1"}), "idempotency_key_reused")


# --- knowledge ---------------------------------------------------------------------------


def test_knowledge_add_is_an_ordinary_entry_with_its_event(server, crew):
    out = add(crew, crew.bob_token, category="ops", tags=["retry", "http"], repo="app")
    entry = out["entry"]
    assert entry["author"]["name"] == "bob" and entry["tags"] == ["retry", "http"] and entry["source"] == "human"
    with rest(server, crew.cy_token) as api:
        listed = api.get("/v1/knowledge").json()["data"]
        assert [e["id"] for e in listed] == [entry["id"]]
        assert api.get(f"/v1/knowledge/{entry['id']}").json() == entry
    [event] = Event.objects.filter(topic="knowledge.created", team=crew.team)
    assert event.data["id"] == entry["id"] and event.actor == crew.bob.id


def test_knowledge_search_ranks_filters_and_pages(server, crew):
    first = add(crew, crew.bob_token, question="How do we retry HTTP calls?", category="ops")["entry"]
    add(crew, crew.cy_token, question="Where is the billing code?", answer="In src/billing.", category="code")
    third = add(crew, crew.cy_token, question="Why retry payments?", answer="Because providers flake; retry.",
                category="ops")["entry"]
    found = ok(call(server, crew.bob_token, "aura_knowledge_search", {"q": "retry"}))
    with rest(server, crew.bob_token) as api:
        assert found["data"] == api.get("/v1/knowledge", params={"q": "retry"}).json()["data"]
    assert {e["id"] for e in found["data"]} == {first["id"], third["id"]}
    page = ok(call(server, crew.bob_token, "aura_knowledge_search", {"q": "retry", "limit": 1}))
    assert page["has_more"] and len(page["data"]) == 1
    rest_page = ok(call(server, crew.bob_token, "aura_knowledge_search",
                        {"q": "retry", "limit": 1, "cursor": page["next_cursor"]}))
    assert {page["data"][0]["id"], rest_page["data"][0]["id"]} == {first["id"], third["id"]}
    assert rest_page["has_more"] is False
    by_category = ok(call(server, crew.bob_token, "aura_knowledge_search", {"category": "code"}))
    assert [e["category"] for e in by_category["data"]] == ["code"]
    tool_error(call(server, crew.bob_token, "aura_knowledge_search", {"q": "x" * 501}), "invalid_parameter")
    tool_error(call(server, crew.bob_token, "aura_knowledge_search", {"q": "retry", "cursor": "garbage"}),
               "invalid_cursor")


def test_knowledge_add_idempotency_key_and_team_required(server, crew):
    args = {"question": "Once?", "answer": "Once.", "idempotency_key": "kb-1"}
    first = ok(call(server, crew.bob_token, "aura_knowledge_add", args))["entry"]
    assert ok(call(server, crew.bob_token, "aura_knowledge_add", args))["entry"] == first
    assert Entry.objects.filter(team=crew.team).count() == 1
    make_member(crew.other, "bob")
    token = make_token(crew.bob, teams=[crew.team, crew.other])
    tool_error(call(server, token, "aura_knowledge_add", {"question": "Where?", "answer": "?"}), "team_required")
    assert Entry.objects.count() == 1
    out = add(crew, token, team=crew.other.slug)
    assert out["entry"]["team"] == crew.other.slug


# --- scopes, tenancy, bad arguments --------------------------------------------------------


def test_missing_scope_is_a_tool_error_naming_it_and_nothing_is_written(server, crew):
    reader = make_token(crew.bob, list(READ_SCOPES))
    before = Event.objects.count()
    error = tool_error(call(server, reader, "aura_knowledge_add", {"question": "q?", "answer": "a"}), "scope_missing")
    assert "write_knowledge" in error["message"] + (error["hint"] or "")
    no_read = make_token(crew.bob, ["read_intents"])
    error = tool_error(call(server, no_read, "aura_knowledge_search", {"q": "retry"}), "scope_missing")
    assert "read_knowledge" in error["message"] + (error["hint"] or "")
    assert Entry.objects.count() == 0 and Event.objects.count() == before


def test_team_b_sees_nothing_of_team_a(server, crew):
    entry = add(crew, crew.bob_token)["entry"]
    ok(call(server, crew.bob_token, "aura_heartbeat", {"branch": "secret-branch", "editing": ["src/secret.py"]}))
    t = crew.outsider_token
    assert ok(call(server, t, "aura_knowledge_search"))["data"] == []
    assert ok(call(server, t, "aura_knowledge_search", {"q": "retry"}))["data"] == []
    assert ok(call(server, t, "aura_team_radar"))["data"] == []
    tool_error(call(server, t, "aura_team_radar", {"team": crew.team.slug}), "not_found")
    tool_error(call(server, t, "aura_knowledge_search", {"team": crew.team.slug}), "not_found")
    tool_error(call(server, t, "aura_heartbeat", {"team": crew.team.slug}), "not_found")
    beat = ok(call(server, t, "aura_heartbeat", {"editing": ["src/secret.py"]}))
    assert [r["team"] for r in beat["presence"]] == [crew.other.slug] and beat["act_on"][0]["zones"] == []
    assert [r["member"]["name"] for r in ok(call(server, t, "aura_team_radar"))["data"]] == ["olga"]
    assert not Event.objects.filter(team=crew.other, topic="knowledge.created").exists()
    assert Entry.objects.get(pk=entry["id"]).team_id == crew.team.id


def test_bad_arguments_are_validation_failed_and_write_nothing(server, crew):
    before = Event.objects.count()
    error = tool_error(call(server, crew.bob_token, "aura_knowledge_add", {"question": "no answer"}),
                       "validation_failed")
    assert "answer" in error["fields"]
    error = tool_error(call(server, crew.bob_token, "aura_knowledge_add", {"question": "q", "answer": "a",
                                                                          "source": "robot"}), "validation_failed")
    assert "source" in error["fields"]
    error = tool_error(call(server, crew.bob_token, "aura_knowledge_add", {"question": "  ", "answer": "a"}),
                       "validation_failed")
    assert "question" in error["fields"]
    error = tool_error(call(server, crew.bob_token, "aura_heartbeat", {"editing": "src/a.py"}), "validation_failed")
    assert "editing" in error["fields"]
    error = tool_error(call(server, crew.bob_token, "aura_heartbeat", {"editing": [f"f{i}" for i in range(51)]}),
                       "validation_failed")
    assert "editing" in error["fields"]
    error = tool_error(call(server, crew.bob_token, "aura_heartbeat", {"client": "c" * 101}), "validation_failed")
    assert "client" in error["fields"]
    assert Event.objects.count() == before and Entry.objects.count() == 0
    with rest(server, crew.cy_token) as api:
        assert api.get("/v1/presence").json()["data"] == []
