"""The knowledge base: writing, editing (author or admin), upvotes, search
(full-text on PostgreSQL, words on SQLite), filters, pages, scopes, tenancy,
events and the admin pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from knowledge.models import Entry, Tag, Vote
from tests.conftest import assert_error, is_postgres, make_member, make_token


def add(client, status=201, **body):
    body.setdefault("question", "How do we retry the payment webhook?")
    body.setdefault("answer", "Use the exponential backoff in billing/retry.py.")
    r = client.post("/v1/knowledge", body)
    assert r.status_code == status, r.content
    return r.json()


def nothing_written():
    return not Entry.objects.exists() and not Tag.objects.exists() and not Event.objects.exists()


# --- writing ---------------------------------------------------------------------


def test_add_returns_the_entry_and_records_knowledge_created(api, world):
    body = add(api(world.alice_token), category="billing", tags=["payments", "retry", "payments"],
               repo="acme/app")
    assert body["id"].startswith("kno_")
    assert body["team"] == "acme"
    assert body["question"] == "How do we retry the payment webhook?"
    assert body["answer"] == "Use the exponential backoff in billing/retry.py."
    assert (body["category"], body["repo"], body["source"]) == ("billing", "acme/app", "human")
    assert body["tags"] == ["payments", "retry"]
    assert body["author"] == {"id": world.alice.id, "name": "alice", "kind": "human"}
    assert body["votes"] == 0
    assert body["created_at"] == body["updated_at"]
    entry = Entry.objects.get(pk=body["id"])
    assert entry.team_id == world.acme.id and entry.author_id == world.alice.id
    assert sorted(Tag.objects.filter(entry=entry).values_list("name", flat=True)) == ["payments", "retry"]
    event = Event.objects.get(topic="knowledge.created")
    assert event.team_id == world.acme.id and event.actor == world.alice.id
    assert event.data == body


def test_an_agents_entry_is_source_agent_by_default(api, world):
    assert add(api(world.agent_token))["source"] == "agent"
    assert add(api(world.agent_token), source="human")["source"] == "human"
    assert add(api(world.bob_token), source="agent")["source"] == "agent"


def test_defaults(api, world):
    body = add(api(world.bob_token))
    assert (body["category"], body["repo"], body["tags"]) == ("", "", [])


@pytest.mark.parametrize(
    "body,field",
    [
        ({"question": None}, "question"),
        ({"question": ""}, "question"),
        ({"question": "   "}, "question"),
        ({"question": 12}, "question"),
        ({"question": "x" * 2001}, "question"),
        ({"answer": ""}, "answer"),
        ({"answer": "x" * 20_001}, "answer"),
        ({"tags": "retry"}, "tags"),
        ({"tags": [""]}, "tags"),
        ({"tags": ["  "]}, "tags"),
        ({"tags": [f"t{i}" for i in range(21)]}, "tags"),
        ({"tags": ["x" * 51]}, "tags"),
        ({"source": "robot"}, "source"),
        ({"category": "x" * 101}, "category"),
        ({"votes": 10}, "votes"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(api, world, body, field):
    payload = {"question": "q?", "answer": "a.", **body}
    payload = {k: v for k, v in payload.items() if v is not None}
    err = assert_error(api(world.alice_token).post("/v1/knowledge", payload), 400, "validation_failed")
    assert any(key == field or key.startswith(field + ".") for key in err["fields"]), err
    assert nothing_written()


def test_not_json_is_refused(api, world):
    client = api(world.alice_token)
    assert_error(client.post("/v1/knowledge", raw=b"{nope", content_type="application/json"), 400, "invalid_json")
    assert nothing_written()


# --- editing and deleting -----------------------------------------------------------


def test_the_author_edits_their_entry(api, world):
    entry = add(api(world.bob_token), tags=["a"])
    r = api(world.bob_token).patch(f"/v1/knowledge/{entry['id']}", {"answer": "Better answer.", "tags": ["b", "c"]})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["answer"] == "Better answer." and body["question"] == entry["question"]
    assert body["tags"] == ["b", "c"]
    assert body["updated_at"] >= entry["updated_at"]
    assert Entry.objects.get(pk=entry["id"]).answer == "Better answer."
    assert Event.objects.filter(topic="knowledge.created").count() == 1


def test_an_admin_edits_and_deletes_anyones_entry_another_member_may_not(api, world):
    entry = add(api(world.bob_token))
    other = api(world.agent_token)
    assert_error(other.patch(f"/v1/knowledge/{entry['id']}", {"answer": "mine now"}), 403, "forbidden")
    assert_error(other.delete(f"/v1/knowledge/{entry['id']}"), 403, "forbidden")
    assert Entry.objects.get(pk=entry["id"]).answer == entry["answer"]
    admin = api(world.alice_token)
    assert admin.patch(f"/v1/knowledge/{entry['id']}", {"category": "ops"}).json()["category"] == "ops"
    assert admin.delete(f"/v1/knowledge/{entry['id']}").status_code == 204
    assert not Entry.objects.exists() and not Tag.objects.exists()


def test_the_author_deletes_their_entry(api, world):
    entry = add(api(world.bob_token), tags=["x"])
    assert api(world.bob_token).delete(f"/v1/knowledge/{entry['id']}").status_code == 204
    assert not Entry.objects.exists() and not Tag.objects.exists()


@pytest.mark.parametrize(
    "body,field",
    [({}, "question"), ({"question": ""}, "question"), ({"tags": [""]}, "tags"), ({"team": "acme"}, "team"),
     ({"colour": "red"}, "colour")],
)
def test_bad_edits_are_refused_and_nothing_is_written(api, world, body, field):
    entry = add(api(world.bob_token), tags=["keep"])
    err = assert_error(api(world.bob_token).patch(f"/v1/knowledge/{entry['id']}", body), 400, "validation_failed")
    assert any(key == field or key.startswith(field + ".") for key in err["fields"]), err
    row = Entry.objects.get(pk=entry["id"])
    assert row.question == entry["question"] and row.updated_at.isoformat().startswith(entry["updated_at"][:19])
    assert list(Tag.objects.values_list("name", flat=True)) == ["keep"]


def test_a_removed_authors_entry_keeps_their_name(api, world):
    entry = add(api(world.bob_token))
    world.bob.delete()
    body = api(world.alice_token).get(f"/v1/knowledge/{entry['id']}").json()
    assert body["author"] == {"id": None, "name": "bob", "kind": "removed"}


# --- upvotes ---------------------------------------------------------------------


def test_upvotes_are_one_per_member_and_idempotent(api, world):
    entry = add(api(world.bob_token))
    url = f"/v1/knowledge/{entry['id']}/upvote"
    r = api(world.alice_token).post(url)
    assert r.status_code == 200 and r.json()["votes"] == 1
    again = api(world.alice_token).post(url)
    assert again.status_code == 200 and again.json()["votes"] == 1
    # another token of the same member is the same voter
    assert api(make_token(world.alice, ["write_knowledge"])).post(url).json()["votes"] == 1
    assert api(world.agent_token).post(url).json()["votes"] == 2
    assert Vote.objects.count() == 2 and Entry.objects.get(pk=entry["id"]).votes == 2
    assert_error(api(world.rita_token).post(url), 403, "scope_missing")
    assert_error(api(world.alice_token).post("/v1/knowledge/kno_nope/upvote"), 404, "not_found")


# --- lists and filters -------------------------------------------------------------


def test_list_newest_first_with_filters(api, world):
    client = api(world.alice_token)
    a = add(client, category="billing", tags=["payments"], repo="acme/app")
    b = add(client, category="ops", tags=["deploy", "payments"])
    c = add(api(world.agent_token), category="ops", repo="acme/app")
    ids = lambda params: [e["id"] for e in client.get("/v1/knowledge", params).json()["data"]]  # noqa: E731
    assert ids({}) == [c["id"], b["id"], a["id"]]
    assert ids({"category": "ops"}) == [c["id"], b["id"]]
    assert ids({"tag": "payments"}) == [b["id"], a["id"]]
    assert ids({"tag": "deploy"}) == [b["id"]]
    assert ids({"repo": "acme/app"}) == [c["id"], a["id"]]
    assert ids({"source": "agent"}) == [c["id"]]
    assert ids({"author": "robo"}) == [c["id"]]
    assert ids({"author": world.alice.id, "category": "billing"}) == [a["id"]]
    assert ids({"since": "1d"}) == [c["id"], b["id"], a["id"]]
    # filters narrow lists only
    assert client.get(f"/v1/knowledge/{a['id']}", {"category": "ops"}).json()["id"] == a["id"]


def test_list_group_by(api, world):
    client = api(world.alice_token)
    add(client, category="ops")
    add(client, category="ops")
    add(client, category="billing")
    body = client.get("/v1/knowledge", {"group_by": "category"}).json()
    assert body["data"] == [{"category": "ops", "count": 2}, {"category": "billing", "count": 1}]


@pytest.mark.parametrize(
    "params,code,parameter",
    [
        ({"colour": "red"}, "invalid_parameter", "colour"),
        ({"source": "robot"}, "invalid_parameter", "source"),
        ({"limit": 0}, "invalid_parameter", "limit"),
        ({"cursor": "forged"}, "invalid_cursor", None),
        ({"q": "retry", "group_by": "category"}, "invalid_parameter", "group_by"),
        ({"q": "retry", "aggregate": "count"}, "invalid_parameter", "aggregate"),
        ({"q": " "}, "invalid_parameter", "q"),
        ({"q": "retry\x00"}, "invalid_parameter", "q"),
        ({"q": "x" * 501}, "invalid_parameter", "q"),
        ({"q": "retry", "cursor": "forged"}, "invalid_cursor", None),
        ({"q": "retry", "colour": "red"}, "invalid_parameter", "colour"),
    ],
)
def test_bad_list_parameters(api, world, params, code, parameter):
    add(api(world.alice_token))
    err = assert_error(api(world.alice_token).get("/v1/knowledge", params), 400, code)
    if parameter:
        assert err["parameter"] == parameter


def test_pages_walk_every_entry_once(api, world):
    client = api(world.bob_token)
    made = [add(client, question=f"question {i}?")["id"] for i in range(7)]
    seen, cursor = [], None
    while True:
        body = client.get("/v1/knowledge", {"limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        seen += [e["id"] for e in body["data"]]
        if not body["has_more"]:
            assert body["next_cursor"] is None
            break
        cursor = body["next_cursor"]
    assert seen == made[::-1]
    # the cursor is bound to the filters
    first = client.get("/v1/knowledge", {"limit": 3}).json()
    assert_error(client.get("/v1/knowledge", {"limit": 3, "category": "x", "cursor": first["next_cursor"]}),
                 400, "invalid_cursor")


def test_list_queries_do_not_grow_with_the_page(api, world):
    client = api(world.bob_token)
    add(client, tags=["a", "b"])
    with CaptureQueriesContext(connection) as one:
        client.get("/v1/knowledge")
    for i in range(5):
        add(client, tags=[f"t{i}", "x"])
    with CaptureQueriesContext(connection) as six:
        assert len(client.get("/v1/knowledge").json()["data"]) == 6
    assert len(six) == len(one)
    with CaptureQueriesContext(connection) as searched:
        client.get("/v1/knowledge", {"q": "retry"})
    assert len(searched) == len(one)


# --- search -----------------------------------------------------------------------


def test_search_ranks_by_relevance_then_votes_then_id(api, world):
    client = api(world.alice_token)
    strong = add(client, question="Why does the deploy fail on staging?",
                 answer="The deploy needs the staging deploy key; deploy again after adding it.")
    weak = add(client, question="Where are the logs?", answer="In Loki; one deploy keeps 30 days.")
    add(client, question="Who owns billing?", answer="The payments team.")
    tie_a = add(client, question="Cache size?", answer="A deploy sets it.")
    tie_b = add(client, question="Cache size?", answer="A deploy sets it.")
    # equal text, so equal relevance: the one with more votes first
    api(world.bob_token).post(f"/v1/knowledge/{tie_a['id']}/upvote")
    body = client.get("/v1/knowledge", {"q": "deploy"}).json()
    ids = [e["id"] for e in body["data"]]
    assert ids[0] == strong["id"]
    assert set(ids) == {strong["id"], weak["id"], tie_a["id"], tie_b["id"]}
    assert ids.index(tie_a["id"]) < ids.index(tie_b["id"])
    assert body["has_more"] is False and body["next_cursor"] is None
    # words must all match
    assert [e["id"] for e in client.get("/v1/knowledge", {"q": "staging key"}).json()["data"]] == [strong["id"]]
    assert client.get("/v1/knowledge", {"q": "kubernetes"}).json()["data"] == []


def test_search_matches_word_forms_on_postgres(api, world):
    if not is_postgres():
        pytest.skip("stemming is PostgreSQL's full-text search")
    entry = add(api(world.alice_token), question="Deploying to staging", answer="Run make deploy.")
    assert [e["id"] for e in api(world.alice_token).get("/v1/knowledge", {"q": "deploys"}).json()["data"]] == [entry["id"]]


def test_search_pages_walk_every_match_once_in_order(api, world):
    client = api(world.alice_token)
    made = []
    for i in range(8):
        # relevance in three tiers, votes within them
        answer = "retry " * (1 + i % 3) + f"entry {i}"
        made.append(add(client, question=f"Question {i}", answer=answer)["id"])
    for voter in (world.bob_token, world.agent_token):
        api(voter).post(f"/v1/knowledge/{made[3]}/upvote")
    api(world.bob_token).post(f"/v1/knowledge/{made[0]}/upvote")
    add(client, question="unrelated", answer="nothing here")
    full = client.get("/v1/knowledge", {"q": "retry", "limit": 500}).json()["data"]
    assert sorted(e["id"] for e in full) == sorted(made)
    seen, cursor = [], None
    while True:
        body = client.get("/v1/knowledge", {"q": "retry", "limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        assert len(body["data"]) <= 3
        seen += [e["id"] for e in body["data"]]
        if not body["has_more"]:
            break
        cursor = body["next_cursor"]
    assert seen == [e["id"] for e in full]
    # votes break ties of equal relevance
    votes = {e["id"]: e["votes"] for e in full}
    assert votes[made[3]] == 2 and votes[made[0]] == 1
    # a search cursor is bound to q
    first = client.get("/v1/knowledge", {"q": "retry", "limit": 3}).json()
    assert_error(client.get("/v1/knowledge", {"q": "entry", "limit": 3, "cursor": first["next_cursor"]}),
                 400, "invalid_cursor")


def test_search_honours_filters_and_teams(api, world):
    client = api(world.alice_token)
    billing = add(client, question="retry billing", category="billing")
    add(client, question="retry ops", category="ops")
    add(api(world.gina_token), question="retry globex")
    assert [e["id"] for e in client.get("/v1/knowledge", {"q": "retry", "category": "billing"}).json()["data"]] == [billing["id"]]
    assert len(client.get("/v1/knowledge", {"q": "retry"}).json()["data"]) == 2
    assert len(api(world.gina_token).get("/v1/knowledge", {"q": "retry"}).json()["data"]) == 1


def test_search_uses_the_gin_index_on_postgres(api, world):
    if not is_postgres():
        pytest.skip("the GIN index exists on PostgreSQL only")
    from knowledge import search

    with connection.cursor() as cur:
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'knowledge_entry_search'")
        (indexdef,) = cur.fetchone()
    assert "gin" in indexdef.lower() and "to_tsvector" in indexdef
    qs = search.search(Entry.objects.all(), "deploy")
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert "knowledge_entry_search" in plan, plan


# --- scopes and tenancy --------------------------------------------------------------


def test_scopes(api, world):
    entry = add(api(world.bob_token))
    reader = api(make_token(world.bob, ["read_knowledge"]))
    assert reader.get("/v1/knowledge").status_code == 200
    assert reader.get("/v1/knowledge", {"q": "retry"}).status_code == 200
    assert reader.get(f"/v1/knowledge/{entry['id']}").status_code == 200
    err = assert_error(reader.post("/v1/knowledge", {"question": "q", "answer": "a"}), 403, "scope_missing")
    assert "write_knowledge" in err["hint"]
    assert_error(reader.patch(f"/v1/knowledge/{entry['id']}", {"answer": "b"}), 403, "scope_missing")
    assert_error(reader.delete(f"/v1/knowledge/{entry['id']}"), 403, "scope_missing")
    assert_error(reader.post(f"/v1/knowledge/{entry['id']}/upvote"), 403, "scope_missing")
    writer = api(make_token(world.bob, ["write_knowledge"]))
    assert_error(writer.get("/v1/knowledge"), 403, "scope_missing")
    assert_error(writer.get(f"/v1/knowledge/{entry['id']}"), 403, "scope_missing")
    # the read-only role reads, never writes, whatever its token says
    rita = api(world.rita_token)
    assert rita.get("/v1/knowledge").status_code == 200
    assert_error(rita.post("/v1/knowledge", {"question": "q", "answer": "a"}), 403, "scope_missing")
    # a token made before these scopes existed is not widened
    old = api(make_token(world.bob, ["read_intents", "read_messages"]))
    assert_error(old.get("/v1/knowledge"), 403, "scope_missing")
    assert Entry.objects.count() == 1 and Vote.objects.count() == 0
    assert_error(api().get("/v1/knowledge"), 401, "unauthorized")


def test_another_teams_entry_is_a_404(api, world):
    entry = add(api(world.alice_token))
    gina = api(world.gina_token)
    assert gina.get("/v1/knowledge").json()["data"] == []
    assert gina.get("/v1/knowledge", {"q": "retry"}).json()["data"] == []
    assert_error(gina.get(f"/v1/knowledge/{entry['id']}"), 404, "not_found")
    assert_error(gina.patch(f"/v1/knowledge/{entry['id']}", {"answer": "globex"}), 404, "not_found")
    assert_error(gina.delete(f"/v1/knowledge/{entry['id']}"), 404, "not_found")
    assert_error(gina.post(f"/v1/knowledge/{entry['id']}/upvote"), 404, "not_found")
    assert_error(gina.get("/v1/knowledge", {"team": "acme"}), 404, "not_found")
    row = Entry.objects.get(pk=entry["id"])
    assert row.answer == entry["answer"] and row.votes == 0


def test_member_of_two_teams_names_the_team(api, world):
    make_member(world.globex, "alice")
    client = api(make_token(world.alice, teams=[world.acme, world.globex]))
    assert_error(client.post("/v1/knowledge", {"question": "q", "answer": "a"}), 400, "team_required")
    assert nothing_written()
    assert add(client, team="globex")["team"] == "globex"


# --- events ----------------------------------------------------------------------


def test_knowledge_created_reaches_read_knowledge_holders_only(api, world):
    entry = add(api(world.bob_token))
    r = api(make_token(world.bob, ["read_events", "read_knowledge"])).get("/v1/events", {"topics": "knowledge.created"})
    assert r.status_code == 200, r.content
    assert [e["data"]["id"] for e in r.json()["data"]] == [entry["id"]]
    blind = api(make_token(world.bob, ["read_events", "read_intents"]))
    assert_error(blind.get("/v1/events", {"topics": "knowledge.created"}), 403, "scope_missing")
    assert all(e["topic"] != "knowledge.created" for e in blind.get("/v1/events").json()["data"])
    assert api(world.gina_token).get("/v1/events").json()["data"] == []


# --- admin -----------------------------------------------------------------------


def test_admin_pages(client, api, world):
    from django.contrib.auth import get_user_model

    entry = add(api(world.bob_token), tags=["deploy"], category="ops")
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(admin)
    r = client.get("/admin/knowledge/entry/")
    assert r.status_code == 200 and b"How do we retry" in r.content
    r = client.get(f"/admin/knowledge/entry/{entry['id']}/change/")
    assert r.status_code == 200 and b"deploy" in r.content
    assert client.get("/admin/knowledge/entry/add/").status_code == 403
    assert client.get("/admin/knowledge/entry/", {"q": "backoff"}).status_code == 200
