"""The logic graph: the pure fold, the upserts through the API, and the
reading functions other apps use."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from intents import graph
from intents.models import LogicEdge, LogicNode

# --- fold (pure) -----------------------------------------------------------------


def n(name, change="modified", kind="function", path=None, **kw):
    return {"name": name, "change": change, "kind": kind, "path": path, **kw}


def row(kind="function", path="a.rs", hash="h0", signature="s0", deleted=False):
    return {"kind": kind, "path": path, "hash": hash, "signature": signature, "deleted": deleted}


def test_fold_added_node_takes_after():
    rows, edges = graph.fold({}, [n("f", "added", path="f.rs", after={"hash": "h", "signature": "s", "calls": ["g", "g", "a"]})])
    assert rows == {"f": {"kind": "function", "path": "f.rs", "hash": "h", "signature": "s", "deleted": False}}
    assert edges == {"f": ["a", "g"]}


def test_fold_modified_keeps_what_is_not_sent():
    rows, edges = graph.fold({"f": row()}, [n("f", after={"hash": "h1"})])
    assert rows["f"] == {"kind": "function", "path": "a.rs", "hash": "h1", "signature": "s0", "deleted": False}
    assert isinstance(edges["f"], graph._Keep) and edges["f"].source == "f"


def test_fold_explicit_null_clears_and_empty_calls_replace():
    rows, edges = graph.fold({"f": row()}, [n("f", "signature_changed", after={"signature": None, "calls": []})])
    assert rows["f"]["signature"] is None and rows["f"]["hash"] == "h0"
    assert edges["f"] == []


def test_fold_deleted_is_a_tombstone_without_edges():
    rows, edges = graph.fold({"f": row()}, [n("f", "deleted")])
    assert rows["f"]["deleted"] is True and rows["f"]["hash"] == "h0"
    assert edges["f"] == []


def test_fold_deleted_then_added_again_is_live():
    rows, _ = graph.fold({"f": row(deleted=True)}, [n("f", "added")])
    assert rows["f"]["deleted"] is False


def test_fold_rename_moves_the_node_and_its_edges():
    rows, edges = graph.fold({"old": row(path="o.rs")}, [n("new", "renamed", before={"name": "old"})])
    assert rows["old"] is None and edges["old"] == []
    assert rows["new"] == {"kind": "function", "path": "o.rs", "hash": "h0", "signature": "s0", "deleted": False}
    assert edges["new"].source == "old"


def test_fold_rename_with_new_calls_and_a_new_node_at_the_old_name():
    rows, edges = graph.fold({"old": row()}, [
        n("new", "renamed", before={"name": "old"}, after={"calls": ["x"]}),
        n("old", "added", path="fresh.rs"),
    ])
    assert edges["new"] == ["x"]
    assert rows["old"]["path"] == "fresh.rs" and edges["old"] == []


def test_fold_rename_of_an_unknown_node_creates_it():
    rows, edges = graph.fold({}, [n("new", "renamed", path="n.rs", before={"name": "old"})])
    assert rows == {"old": None, "new": {"kind": "function", "path": "n.rs", "hash": None, "signature": None,
                                         "deleted": False}}


# --- apply, through the API ----------------------------------------------------------------


@pytest.fixture
def post(api, world):
    client = api(world.alice_token)

    def post(nodes, branch="main", repo="shop", summary="Change [ENG-1]"):
        r = client.post("/v1/intents", {"summary": summary, "repo": repo, "branch": branch, "nodes": nodes})
        assert r.status_code == 201, r.content
        return r.json()["id"]

    return post


def node(name, change="modified", kind="function", path=None, **kw):
    return {"name": name, "change": change, "kind": kind, "path": path or f"src/{name.split('::')[-1]}.rs", **kw}


def state(team, branch="main", repo="shop"):
    out = {}
    for ln in LogicNode.objects.filter(team=team, repo=repo, branch=branch):
        out[ln.name] = (ln.kind, ln.hash, ln.signature, ln.deleted, graph.calls_of(ln))
    return out


def test_apply_builds_nodes_and_edges(post, world):
    first = post([
        node("billing::charge", "added", after={"hash": "c1", "signature": "fn charge()", "calls": ["payments::authorize"]}),
        node("cart::total", "added", after={"hash": "t1", "calls": []}),
        node("checkout::pay", "added", after={"calls": ["billing::charge", "cart::total"]}),
    ])
    assert state(world.acme) == {
        "billing::charge": ("function", "c1", "fn charge()", False, ["payments::authorize"]),
        "cart::total": ("function", "t1", None, False, []),
        "checkout::pay": ("function", None, None, False, ["billing::charge", "cart::total"]),
    }
    assert set(LogicNode.objects.values_list("intent_id", flat=True)) == {first}
    second = post([node("billing::charge", "signature_changed", after={"signature": "fn charge(c: Currency)"})])
    charge = LogicNode.objects.get(name="billing::charge")
    assert (charge.hash, charge.signature, charge.intent_id) == ("c1", "fn charge(c: Currency)", second)
    assert graph.calls_of(charge) == ["payments::authorize"]  # no calls sent: edges kept
    post([node("billing::charge", after={"calls": ["payments::capture"]})])
    assert graph.calls_of(LogicNode.objects.get(name="billing::charge")) == ["payments::capture"]


def test_apply_delete_rename_and_branches_stay_apart(post, world):
    post([node("a::f", "added", after={"calls": ["a::g"]}), node("a::old", "added", after={"calls": ["a::f"]})])
    post([node("a::f", "added", after={"calls": ["x::y"]})], branch="dev")
    post([node("a::f", "deleted"), node("a::new", "renamed", before={"name": "a::old"})])
    main = state(world.acme)
    assert main == {
        "a::f": ("function", None, None, True, []),
        "a::new": ("function", None, None, False, ["a::f"]),
    }
    assert state(world.acme, "dev") == {"a::f": ("function", None, None, False, ["x::y"])}
    assert LogicEdge.objects.filter(team=world.acme, branch="main").count() == 1


def test_new_calls_write_only_the_edges_that_change(post, world):
    post([node("m::f", "added", after={"calls": ["m::a", "m::b", "m::c"]}), node("m::g", "added", after={"calls": ["m::a"]})])
    before = dict(LogicEdge.objects.filter(caller__name="m::f").values_list("callee", "id"))
    untouched = LogicEdge.objects.get(caller__name="m::g").pk
    post([node("m::f", after={"calls": ["m::d", "m::c", "m::b", "m::d"]}), node("m::g", after={"hash": "h2"})])
    after = dict(LogicEdge.objects.filter(caller__name="m::f").values_list("callee", "id"))
    assert sorted(after) == ["m::b", "m::c", "m::d"]
    assert (after["m::b"], after["m::c"]) == (before["m::b"], before["m::c"])  # kept rows, not rewritten
    assert LogicEdge.objects.get(caller__name="m::g").pk == untouched  # no calls sent: edges kept as they were
    post([node("m::f", "deleted")])
    assert not LogicEdge.objects.filter(caller__name="m::f").exists()


def test_rename_onto_an_existing_name_replaces_it(post, world):
    post([node("m::a", "added", after={"calls": ["x"]}), node("m::b", "added", after={"calls": ["y"]})])
    post([node("m::b", "renamed", before={"name": "m::a"})])
    assert state(world.acme) == {"m::b": ("function", None, None, False, ["x"])}


def test_intent_without_repo_or_branch_touches_no_graph(api, world):
    c = api(world.alice_token)
    for extra in ({}, {"repo": "shop"}, {"branch": "main"}):
        r = c.post("/v1/intents", {"summary": "x [ENG-1]", "nodes": [node("m::f", "added")], **extra})
        assert r.status_code == 201
    assert LogicNode.objects.count() == 0


def test_graph_is_per_team(post, api, world):
    post([node("m::f", "added")])
    r = api(world.gina_token).post("/v1/intents", {"summary": "x [ENG-1]", "repo": "shop", "branch": "main",
                                                   "nodes": [node("m::f", "added", kind="class")]})
    assert r.status_code == 201
    assert state(world.acme)["m::f"][0] == "function"
    assert state(world.globex)["m::f"][0] == "class"


def test_apply_costs_the_same_number_of_queries_for_any_size(post, world, django_assert_max_num_queries):
    from intents.models import Intent

    def nodes(k, change):
        return [node(f"m::f{i}", change, after={"calls": [f"m::f{i + 1}"]}) for i in range(k)]

    post(nodes(200, "added"))
    intent = Intent.objects.latest("id")
    for k in (5, 60):  # (SQLite splits statements past ~90 rows: its parameter limit)
        fresh = nodes(k, "modified") + [node("m::gone", "renamed", before={"name": f"m::f{k + 10}"}),
                                        node(f"m::f{k + 11}", "deleted")]
        # read, moved edges, delete the renamed-away row (select, its edges,
        # itself), the upsert, the edge changes (one statement on PostgreSQL)
        with django_assert_max_num_queries(7 if connection.vendor == "postgresql" else 8):
            graph.apply(intent, fresh)
    assert LogicEdge.objects.get(caller__name="m::gone").callee == "m::f71"


# --- reading ----------------------------------------------------------------------------------


def test_find_nodes_and_calls(post, world):
    post([node("m::a", "added", after={"calls": ["m::c", "m::b"]}), node("m::b", "added"),
          node("m::z", "added")])
    post([node("m::z", "deleted")])
    found = graph.find_nodes(world.acme, "shop", "main", ["m::a", "m::b", "m::z", "m::nope"])
    assert set(found) == {"m::a", "m::b"}
    assert set(graph.find_nodes(world.acme.id, "shop", "main", ["m::z"], include_deleted=True)) == {"m::z"}
    assert graph.find_nodes(world.globex, "shop", "main", ["m::a"]) == {}
    assert graph.calls_of(found["m::a"]) == ["m::b", "m::c"]
    assert graph.calls_of_many(found.values()) == {found["m::a"].pk: ["m::b", "m::c"], found["m::b"].pk: []}


def test_callers_elsewhere_counts_and_samples(post, world):
    post([node("auth::login", "added")], branch="main")
    for b in ("feat/a", "feat/b"):
        post([node(f"ui::c{i}", "added", after={"calls": ["auth::login"]}) for i in range(4)], branch=b)
    post([node("ui::x", "added", after={"calls": ["auth::login", "auth::logout"]})], branch="feat/b")
    post([node("ui::c0", "deleted")], branch="feat/a")  # a deleted caller calls nothing
    post([node("ui::other", "added", after={"calls": ["auth::login"]})], branch="feat/a", repo="elsewhere")
    found = graph.callers_elsewhere(world.acme, "shop", ["auth::login", "auth::logout"], "main", sample=3)
    assert set(found) == {("feat/a", "auth::login"), ("feat/b", "auth::login"), ("feat/b", "auth::logout")}
    assert found[("feat/a", "auth::login")]["count"] == 3
    assert [c["name"] for c in found[("feat/a", "auth::login")]["callers"]] == ["ui::c1", "ui::c2", "ui::c3"]
    assert found[("feat/b", "auth::login")]["count"] == 5
    assert [c["name"] for c in found[("feat/b", "auth::login")]["callers"]] == ["ui::c0", "ui::c1", "ui::c2"]
    assert found[("feat/b", "auth::logout")]["callers"] == [{"name": "ui::x", "path": "src/x.rs", "kind": "function"}]
    # From feat/b's side, main has no callers, feat/a has three.
    assert set(graph.callers_elsewhere(world.acme, "shop", ["auth::login"], "feat/b")) == {("feat/a", "auth::login")}


def test_touched_elsewhere_honours_the_window(post, world):
    post([node("m::f", "added")], branch="a")
    post([node("m::f", "modified")], branch="b")
    post([node("m::f", "deleted")], branch="c")
    LogicNode.objects.filter(branch="b").update(touched_at=timezone.now() - dt.timedelta(days=15))
    since = timezone.now() - dt.timedelta(days=14)
    assert graph.touched_elsewhere(world.acme, "shop", ["m::f", "m::g"], "a", since) == {("c", "m::f")}
    assert graph.touched_elsewhere(world.acme, "shop", ["m::f"], "c", since) == {("a", "m::f")}
    assert graph.touched_elsewhere(world.acme, "other", ["m::f"], "c", since) == set()


def test_elsewhere_is_both_reads_in_one_statement(post, world, django_assert_num_queries):
    post([node("m::f", "added"), node("m::g", "added")], branch="main")
    for b in ("a", "b"):
        post([node(f"ui::c{i}", "added", after={"calls": ["m::f"]}) for i in range(3)], branch=b)
    # Callers sort by code point on both databases, whatever PostgreSQL's collation.
    post([node(name, "added", after={"calls": ["m::g"]}) for name in ("ui::alpha", "ui::Zeta", "ui::beta")],
         branch="d")
    post([node("m::g", "modified")], branch="b")
    post([node("m::f", "modified")], branch="c")
    since = timezone.now() - dt.timedelta(days=14)
    names = ["m::f", "m::g", "m::none"]
    with django_assert_num_queries(1):
        callers, touched = graph.elsewhere(world.acme, "shop", names, "main", since, sample=2)
    # The callers lists come as the database's JSON text, unparsed.
    assert all(isinstance(hit["callers"], graph.JSONText) for hit in callers.values())
    callers = {key: {**hit, "callers": hit["callers"].value} for key, hit in callers.items()}
    assert callers == graph.callers_elsewhere(world.acme, "shop", names, "main", sample=2)
    assert touched == graph.touched_elsewhere(world.acme, "shop", names, "main", since)
    assert set(callers) == {("a", "m::f"), ("b", "m::f"), ("d", "m::g")} and callers[("a", "m::f")]["count"] == 3
    assert [c["name"] for c in callers[("b", "m::f")]["callers"]] == ["ui::c0", "ui::c1"]
    assert [c["name"] for c in callers[("d", "m::g")]["callers"]] == ["ui::Zeta", "ui::alpha"]  # the first two
    assert touched == {("b", "m::g"), ("c", "m::f")}
    assert graph.elsewhere(world.acme, "shop", [], "main", since) == ({}, set())


@pytest.mark.django_db(transaction=True)
def test_concurrent_calls_of_one_node_leave_the_last_writers_edges(post, world):
    """Two intents replacing the calls of the same node: the second waits on
    the node's row for the first to commit, then replaces the edges the
    first committed (its edge statement begins after that wait). One
    statement for the upsert and the edges would have kept both sets."""
    import threading

    from django.db import transaction

    from intents.models import Intent
    from tests.conftest import in_threads, need_postgres

    need_postgres()
    post([node("m::f", "added", after={"calls": ["m::old"]})])
    intent = Intent.objects.get()
    first_written, second_started = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            graph.apply(intent, [node("m::f", after={"calls": ["m::a", "m::shared"]})])
            first_written.set()
            second_started.wait(10)
            threading.Event().wait(0.5)  # the second is now waiting on m::f's row

    def second():
        first_written.wait(10)
        second_started.set()
        with transaction.atomic():
            graph.apply(intent, [node("m::f", after={"calls": ["m::b", "m::shared"]})])

    errors = in_threads(first, second)
    assert not errors, errors
    assert graph.calls_of(LogicNode.objects.get(name="m::f")) == ["m::b", "m::shared"]


@pytest.mark.postgres
def test_callers_sort_by_code_point_under_any_collation(post, world):
    """PostgreSQL's default collation may sort letters before case (en_US,
    ICU); callers are sampled and listed by code point, as on SQLite."""
    from tests.conftest import need_postgres

    need_postgres()
    post([node(name, "added", after={"calls": ["m::g"]}) for name in ("ui::alpha", "ui::Zeta", "ui::beta")],
         branch="d")
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on the table
        cursor.execute('ALTER TABLE intents_logicnode ALTER COLUMN name TYPE varchar(500) COLLATE "und-x-icu"')
        cursor.execute("SELECT 'ui::alpha' < 'ui::Zeta' COLLATE \"und-x-icu\"")
        assert cursor.fetchone()[0] is True  # this collation would put alpha first
    since = timezone.now() - dt.timedelta(days=14)
    callers, _ = graph.elsewhere(world.acme, "shop", ["m::g"], "main", since, sample=2)
    assert [c["name"] for c in callers[("d", "m::g")]["callers"].value] == ["ui::Zeta", "ui::alpha"]
    listed = graph.callers_elsewhere(world.acme, "shop", ["m::g"], "main", sample=2)
    assert [c["name"] for c in listed[("d", "m::g")]["callers"]] == ["ui::Zeta", "ui::alpha"]
