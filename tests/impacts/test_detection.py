"""Cross-branch impact detection: the pure rules, the scenarios through
POST /v1/intents, atomicity, and the dedupe under concurrency (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from events.models import Event
from impacts import detection
from impacts.models import Impact
from intents.models import Intent, LogicNode
from tests.conftest import ApiClient, in_threads, need_postgres

# --- the rules (pure) ------------------------------------------------------------------


@pytest.mark.parametrize("change, callers, parallel, expected", [
    ("deleted", True, False, "critical"),
    ("deleted", True, True, "critical"),
    ("renamed", True, False, "critical"),
    ("deleted", False, True, "warning"),
    ("renamed", False, True, "warning"),
    ("signature_changed", True, False, "warning"),
    ("signature_changed", False, True, "warning"),
    ("modified", False, True, "warning"),
    ("modified", True, True, "warning"),
    ("modified", True, False, "info"),
    ("modified", False, False, None),
    ("deleted", False, False, None),
    ("signature_changed", False, False, None),
    ("added", True, True, None),
])
def test_severity(change, callers, parallel, expected):
    assert detection.severity(change, callers, parallel) == expected


def test_node_change_snapshots():
    c = detection.node_change("auth::signin", "renamed", "function", "src/a.rs",
                              {"name": "auth::login", "hash": "h1", "calls": ["x"]}, {"hash": "h2"})
    assert c == {
        "function": "auth::login", "change": "renamed",
        "before": {"name": "auth::login", "kind": "function", "path": "src/a.rs", "hash": "h1", "signature": None,
                   "calls": ["x"]},
        "after": {"name": "auth::signin", "kind": "function", "path": "src/a.rs", "hash": "h2", "signature": None,
                  "calls": None},
    }
    gone = detection.node_change("f", "deleted", "method", None, None, None)
    assert gone["function"] == "f" and gone["after"] is None and gone["before"]["name"] == "f"


def test_plan_one_finding_per_branch_and_key():
    changes = [
        detection.node_change("f", "modified", "function", None, None, None),
        detection.node_change("g", "deleted", "function", None, None, None),
        detection.node_change("h", "modified", "function", None, None, None),
    ]
    callers = {("b1", "f"): {"count": 2, "callers": [{"name": "u"}, {"name": "v"}]},
               ("b2", "g"): {"count": 1, "callers": [{"name": "w"}]},
               ("main", "f"): {"count": 1, "callers": [{"name": "self"}]}}
    touched = {("b1", "g"), ("b3", "f")}
    found = {(f.your_branch, f.function): f for f in detection.plan("r", "main", changes, callers, touched)}
    assert {k: f.severity for k, f in found.items()} == {
        ("b1", "f"): "info", ("b3", "f"): "warning", ("b1", "g"): "warning", ("b2", "g"): "critical",
    }
    assert found[("b1", "f")].callers_count == 2 and found[("b3", "f")].callers == []
    assert all(f.other_branch == "main" and f.repo == "r" for f in found.values())


def test_plan_keeps_the_highest_severity_for_a_repeated_key():
    changes = [detection.node_change("a2", "renamed", "function", None, {"name": "a"}, None),
               detection.node_change("a3", "renamed", "function", None, {"name": "a"}, None)]
    found = detection.plan("r", "main", changes, {("b", "a"): {"count": 1, "callers": []}}, set())
    assert len(found) == 1 and found[0].severity == "critical"


def test_plan_reverse_weighs_other_branches_changes_for_this_branch():
    def change(branch, fn, kind, closed=False, name=None, before=None):
        return {"branch": branch, "function": fn, "change": kind, "intent_id": f"itn_{branch}_{fn}", "name": name or fn,
                "kind": "function", "path": None, "before": before, "after": None, "closed": closed}

    changes = [
        change("main", "f", "deleted"),  # called here: critical
        change("main", "g", "modified"),  # touched by the intent: warning
        change("b2", "h", "modified"),  # touched here earlier (touched_here): warning
        change("b3", "k", "modified"),  # neither called nor touched: nothing
        change("b4", "f", "signature_changed", closed=True),  # said and closed: not again
        change("feat", "f", "deleted"),  # this branch's own: never
        change("main", "old", "renamed", name="new", before={"name": "old"}),  # called under its old name
    ]
    callers = {"f": {"count": 2, "callers": [{"name": "u"}, {"name": "v"}]}, "old": {"count": 1, "callers": []}}
    found = {(f.other_branch, f.function, f.change): f
             for f in detection.plan_reverse("r", "feat", {"g"}, changes, callers, {"h"})}
    assert {k: f.severity for k, f in found.items()} == {
        ("main", "f", "deleted"): "critical", ("main", "g", "modified"): "warning",
        ("b2", "h", "modified"): "warning", ("main", "old", "renamed"): "critical",
    }
    assert all(f.your_branch == "feat" and f.repo == "r" for f in found.values())
    assert found[("main", "f", "deleted")].callers_count == 2
    assert found[("main", "f", "deleted")].intent_id == "itn_main_f"
    assert found[("main", "old", "renamed")].after["name"] == "new"


# --- scenarios through the API ------------------------------------------------------------


def node(name, change="modified", kind="function", **kw):
    return {"name": name, "change": change, "kind": kind, "path": f"src/{name.split('::')[-1]}.rs", **kw}


@pytest.fixture
def post(api, world):
    client = api(world.alice_token)

    def post(branch, nodes, repo="shop", summary="Change [ENG-1]"):
        r = client.post("/v1/intents", {"summary": summary, "repo": repo, "branch": branch, "nodes": nodes})
        assert r.status_code == 201, r.content
        return r.json()["id"]

    return post


@pytest.fixture
def caller_on_feature(post):
    """feat/ui has ui::page calling auth::login; main has auth::login."""
    post("main", [node("auth::login", "added", after={"signature": "fn login()", "hash": "l1"})])
    post("feat/ui", [node("ui::page", "added", after={"calls": ["auth::login", "ui::render"]})])


def impacts():
    return list(Impact.objects.order_by("id"))


def test_signature_change_with_a_caller_on_another_branch(post, caller_on_feature, world, api):
    intent = post("main", [node("auth::login", "signature_changed",
                                before={"signature": "fn login()"}, after={"signature": "fn login(ctx)", "hash": "l2"})])
    [imp] = impacts()
    assert (imp.repo, imp.your_branch, imp.other_branch, imp.function, imp.change, imp.severity, imp.status) == (
        "shop", "feat/ui", "main", "auth::login", "signature_changed", "warning", "open")
    assert imp.occurrences == 1 and imp.intent_id == intent and imp.team_id == world.acme.id
    assert imp.callers == [{"name": "ui::page", "path": "src/page.rs", "kind": "function"}]
    assert imp.callers_count == 1
    assert imp.before["signature"] == "fn login()" and imp.after["signature"] == "fn login(ctx)"
    event = Event.objects.get(topic="impact.detected")
    listed = api(world.alice_token).get("/v1/impacts").json()["data"]
    assert event.data == listed[0]
    assert event.actor == world.alice.id
    assert {"id", "repo", "your_branch", "other_branch", "function", "change", "severity", "status", "occurrences",
            "detected_at"} <= set(event.data)


def test_deletion_with_callers_is_critical(post, caller_on_feature):
    post("main", [node("auth::login", "deleted")])
    [imp] = impacts()
    assert (imp.change, imp.severity, imp.after) == ("deleted", "critical", None)


def test_rename_with_callers_is_critical_under_the_old_name(post, caller_on_feature):
    post("main", [node("auth::sign_in", "renamed", before={"name": "auth::login"})])
    [imp] = impacts()
    assert (imp.function, imp.change, imp.severity) == ("auth::login", "renamed", "critical")
    assert imp.after["name"] == "auth::sign_in" and imp.before["name"] == "auth::login"


def test_body_change_with_callers_is_info(post, caller_on_feature):
    post("main", [node("auth::login", after={"hash": "l9"})])
    assert [(i.change, i.severity) for i in impacts()] == [("modified", "info")]


def test_parallel_edit_is_a_warning_both_ways(post):
    post("feat/a", [node("billing::invoice", "added")])
    post("feat/b", [node("billing::invoice", "modified")])
    post("feat/a", [node("billing::invoice", "modified")])
    found = {(i.your_branch, i.other_branch, i.severity) for i in impacts()}
    assert found == {("feat/a", "feat/b", "warning"), ("feat/b", "feat/a", "warning")}
    assert all(i.callers == [] and i.callers_count == 0 for i in impacts())


# --- the other way: the change first, then the branch that calls or touches it ------------


def test_a_new_call_to_a_function_another_branch_changed_raises_its_impact(post, api, world):
    """main changes config::parse's signature while nobody calls it; then
    feat/a starts calling it: feat/a depends on a change made under it."""
    changed = post("main", [node("config::parse", "signature_changed", before={"signature": "fn parse()"},
                                 after={"signature": "fn parse(path)", "hash": "p2"})])
    assert impacts() == []
    post("feat/a", [node("app::boot", "added", after={"calls": ["config::parse"]})])
    [imp] = impacts()
    assert (imp.repo, imp.your_branch, imp.other_branch, imp.function, imp.change, imp.severity) == (
        "shop", "feat/a", "main", "config::parse", "signature_changed", "warning")
    assert imp.intent_id == changed  # the intent of the change, not the one that called it
    assert imp.callers == [{"name": "app::boot", "path": "src/boot.rs", "kind": "function"}]
    assert imp.callers_count == 1 and imp.occurrences == 1
    assert imp.before["signature"] == "fn parse()" and imp.after["signature"] == "fn parse(path)"
    event = Event.objects.get(topic="impact.detected")
    assert event.data == api(world.alice_token).get("/v1/impacts").json()["data"][0]


@pytest.mark.parametrize("change, expected", [("modified", "info"), ("deleted", "critical"),
                                              ("renamed", "critical")])
def test_a_new_call_after_the_change_takes_the_callers_severity(post, change, expected):
    extra = {"before": {"name": "config::parse"}} if change == "renamed" else {}
    post("main", [node("config::load" if change == "renamed" else "config::parse", change, **extra)])
    post("feat/a", [node("app::boot", "added", after={"calls": ["config::parse"]})])
    assert [(i.your_branch, i.other_branch, i.function, i.change, i.severity) for i in impacts()] == [
        ("feat/a", "main", "config::parse", change, expected)]


def test_a_parallel_edit_is_raised_both_ways_whoever_edits_first(post):
    """main edits billing::invoice first, feat/a (which never touched it)
    second: each branch hears of the other's change."""
    post("main", [node("billing::invoice", "modified")])
    assert impacts() == []
    post("feat/a", [node("billing::invoice", "signature_changed")])
    found = {(i.your_branch, i.other_branch, i.change, i.severity) for i in impacts()}
    assert found == {("feat/a", "main", "modified", "warning"), ("main", "feat/a", "signature_changed", "warning")}


def test_an_addition_of_a_function_another_branch_changed_is_a_parallel_edit(post):
    post("main", [node("billing::invoice", "deleted")])
    post("feat/a", [node("billing::invoice", "added")])
    assert [(i.your_branch, i.other_branch, i.change, i.severity) for i in impacts()] == [
        ("feat/a", "main", "deleted", "warning")]


def test_a_rename_away_still_counts_as_a_touch_of_the_old_name(post):
    """feat/a renames m::old away (the graph forgets the name); main then
    edits m::old: a parallel edit both ways."""
    post("feat/a", [node("m::new", "renamed", before={"name": "m::old"})])
    post("main", [node("m::old", "modified")])
    found = {(i.your_branch, i.other_branch, i.function, i.change, i.severity) for i in impacts()}
    assert found == {("feat/a", "main", "m::old", "modified", "warning"),
                     ("main", "feat/a", "m::old", "renamed", "warning")}


def test_a_change_older_than_14_days_is_not_raised_by_a_new_call(post):
    post("main", [node("config::parse", "deleted")])
    Intent.objects.update(created_at=timezone.now() - dt.timedelta(days=15))
    LogicNode.objects.update(touched_at=timezone.now() - dt.timedelta(days=15))
    post("feat/a", [node("app::boot", "added", after={"calls": ["config::parse"]})])
    assert impacts() == []


def test_other_repos_and_the_own_branch_raise_nothing_the_other_way(post):
    post("main", [node("config::parse", "deleted")], repo="elsewhere")
    post("feat/a", [node("config::parse", "deleted")])
    post("feat/a", [node("app::boot", "added", after={"calls": ["config::parse"]})])
    assert impacts() == []


def test_calling_again_refreshes_an_open_impact_and_never_reopens_a_closed_one(post, api, world):
    post("main", [node("config::parse", "deleted")])
    post("feat/a", [node("app::boot", "added", after={"calls": ["config::parse"]})])
    [imp] = impacts()
    post("feat/a", [node("app::boot", "modified", after={"calls": ["config::parse", "x::y"]})])
    [again] = impacts()
    assert (again.pk, again.occurrences, again.status) == (imp.pk, 2, "open")
    assert api(world.alice_token).patch(f"/v1/impacts/{imp.pk}", {"status": "resolved"}).status_code == 200
    post("feat/a", [node("app::main", "added", after={"calls": ["config::parse"]})])
    [closed] = impacts()  # main's deletion was said and resolved: not raised again
    assert (closed.pk, closed.status, closed.occurrences) == (imp.pk, "resolved", 2)
    post("main", [node("config::parse", "deleted")])  # a new change is news again
    old, new = impacts()
    assert (old.pk, new.status, new.severity, new.callers_count) == (imp.pk, "open", "critical", 2)
    assert Event.objects.filter(topic="impact.detected").count() == 2


def test_old_touch_is_not_a_parallel_edit(post):
    post("feat/a", [node("billing::invoice", "added")])
    LogicNode.objects.update(touched_at=timezone.now() - dt.timedelta(days=15))
    post("feat/b", [node("billing::invoice", "modified")])
    assert impacts() == []


def test_same_branch_other_repo_and_additions_raise_nothing(post, caller_on_feature):
    LogicNode.objects.update(touched_at=timezone.now() - dt.timedelta(days=20))  # no parallel edits
    post("feat/ui", [node("auth::login", "deleted")])  # the caller's own branch
    post("main", [node("auth::login", "deleted")], repo="elsewhere")  # another repo
    post("main", [node("ui::render", "added")])  # an addition
    post("main", [node("auth::logout", "deleted")])  # nobody calls or touched it
    assert impacts() == []


def test_intent_without_repo_or_branch_raises_nothing(api, world, caller_on_feature):
    r = api(world.alice_token).post("/v1/intents", {"summary": "x [ENG-1]", "branch": "main",
                                                    "nodes": [node("auth::login", "deleted")]})
    assert r.status_code == 201
    assert impacts() == []


def test_every_affected_branch_gets_its_own_impact(post, caller_on_feature):
    post("feat/two", [node("ui::other", "added", after={"calls": ["auth::login"]})])
    post("main", [node("auth::login", "deleted")])
    assert sorted(i.your_branch for i in impacts()) == ["feat/two", "feat/ui"]
    assert Event.objects.filter(topic="impact.detected").count() == 2


def test_repeat_counts_occurrences_on_one_impact(post, caller_on_feature):
    first = post("main", [node("auth::login", after={"hash": "a"})])
    [imp] = impacts()
    Impact.objects.filter(pk=imp.pk).update(detected_at=timezone.now() - dt.timedelta(hours=1))
    second = post("main", [node("auth::login", after={"hash": "b"})])
    [again] = impacts()
    assert again.pk == imp.pk and again.occurrences == 2
    assert again.detected_at > imp.first_detected_at - dt.timedelta(seconds=1)
    assert again.detected_at > timezone.now() - dt.timedelta(minutes=1)
    assert again.first_detected_at == imp.first_detected_at
    assert (imp.intent_id, again.intent_id) == (first, second)
    assert again.after["hash"] == "b" and again.before == imp.before
    assert Event.objects.filter(topic="impact.detected").count() == 1
    assert not Event.objects.filter(topic="impact.updated").exists()


def test_repeat_while_snoozed_stays_snoozed(post, caller_on_feature, api, world):
    post("main", [node("auth::login")])
    [imp] = impacts()
    r = api(world.alice_token).patch(f"/v1/impacts/{imp.pk}", {"status": "snoozed"})
    assert r.status_code == 200, r.content
    post("main", [node("auth::login")])
    [again] = impacts()
    assert (again.pk, again.status, again.occurrences) == (imp.pk, "snoozed", 2)


@pytest.mark.parametrize("closed", ["resolved", "dismissed"])
def test_a_closed_impact_triggered_again_opens_a_new_one(post, caller_on_feature, api, world, closed):
    post("main", [node("auth::login")])
    [imp] = impacts()
    assert api(world.alice_token).patch(f"/v1/impacts/{imp.pk}", {"status": closed}).status_code == 200
    post("main", [node("auth::login")])
    old, new = impacts()
    assert (old.pk, old.status, old.occurrences) == (imp.pk, closed, 1)
    assert (new.status, new.occurrences, new.function) == ("open", 1, "auth::login")
    assert Event.objects.filter(topic="impact.detected").count() == 2


def test_repeat_with_a_new_severity_is_regraded(post):
    post("feat/a", [node("m::f", "added")])
    post("main", [node("m::f", "deleted")])  # feat/a touched it: a parallel edit
    [imp] = impacts()
    assert imp.severity == "warning"
    # Now it has a caller too: detected from feat/a's side (the deletion is
    # 14 days fresh), the impact is regraded at once.
    post("feat/a", [node("m::g", "added", after={"calls": ["m::f"]})])
    [again] = impacts()
    assert (again.pk, again.severity, again.occurrences, again.callers_count) == (imp.pk, "critical", 2, 1)
    assert [c["name"] for c in again.callers] == ["m::g"] and imp.callers == []
    assert again.before == imp.before and again.after is None  # a deletion has no after
    updated = Event.objects.get(topic="impact.updated")
    assert updated.data["severity"] == "critical" and updated.data["occurrences"] == 2
    post("main", [node("m::f", "deleted")])  # a repeat at the same severity: no new event
    [third] = impacts()
    assert (third.pk, third.severity, third.occurrences, third.callers_count) == (imp.pk, "critical", 3, 1)
    assert Event.objects.filter(topic="impact.updated").count() == 1


def test_callers_are_sampled_but_counted(post):
    post("feat/a", [node(f"ui::c{i:02d}", "added", after={"calls": ["m::f"]}) for i in range(60)])
    post("main", [node("m::f", "deleted")])
    [imp] = impacts()
    assert imp.callers_count == 60 and len(imp.callers) == 50
    assert imp.callers[0]["name"] == "ui::c00"


def test_detection_failure_rolls_back_the_intent(post, caller_on_feature, api, world, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("graph unavailable")

    monkeypatch.setattr(detection.graph, "elsewhere", boom)
    before = Intent.objects.count()
    r = api(world.alice_token).post("/v1/intents", {"summary": "x [ENG-1]", "repo": "shop", "branch": "main",
                                                    "nodes": [node("auth::login", "deleted")]})
    assert r.status_code == 500 and r.json()["error"]["code"] == "internal_error"
    assert Intent.objects.count() == before
    assert not LogicNode.objects.filter(branch="main", deleted=True).exists()
    assert not Event.objects.filter(topic="intent.logged", data__summary="x [ENG-1]").exists()


def test_detection_queries_do_not_grow_with_impacts(post, api, world, django_assert_num_queries):
    """A repeat costs the same statements for one affected branch or five."""
    counts = []
    for k in (1, 5):
        repo = f"repo{k}"
        for b in range(k):
            post(f"feat/{b}", [node(f"ui::c{i}", "added", after={"calls": [f"m::f{i}"]}) for i in range(10)],
                 repo=repo)
        nodes = [node(f"m::f{i}", "signature_changed") for i in range(10)]
        post("main", nodes, repo=repo)
        assert Impact.objects.filter(repo=repo).count() == 10 * k
        client = api(world.alice_token)
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            client.post("/v1/intents", {"summary": "x [ENG-1]", "repo": repo, "branch": "main", "nodes": nodes})
        counts.append(len(ctx))
        assert set(Impact.objects.filter(repo=repo).values_list("occurrences", flat=True)) == {2}
    assert counts[0] == counts[1]
    # PostgreSQL: the token; (the request's savepoint); the intent with its
    # tickets and nodes; the graph's read and upsert (no calls sent, so no
    # edge changes); the event; the team's impact lock and what other
    # branches changed of what the intent touches or calls (one round trip;
    # +1: detection both ways); callers and parallel edits; the refresh;
    # (release); numbering, the author's last push with the push (one
    # statement on PostgreSQL), webhooks. SQLite splits the intent's write
    # and the pushes' and reads severities first.
    assert counts[0] == (13 if connection.vendor == "postgresql" else 18)


# --- concurrency (PostgreSQL) -------------------------------------------------------------------


def _threads(n, fn):
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_intents_raise_one_impact(world):
    need_postgres()
    admin = ApiClient(world.alice_token)
    admin.post("/v1/intents", {"summary": "x [ENG-1]", "repo": "shop", "branch": "feat/ui",
                               "nodes": [node("ui::page", "added", after={"calls": ["auth::login"]})]})
    body = {"summary": "Same change [ENG-2]", "repo": "shop", "branch": "main",
            "nodes": [node("auth::login", "signature_changed")]}
    statuses = _threads(6, lambda i: ApiClient(world.alice_token).post("/v1/intents", body).status_code)
    assert statuses == [201] * 6
    [imp] = Impact.objects.all()
    assert imp.occurrences == 6 and imp.status == "open"
    assert Event.objects.filter(topic="impact.detected").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_reports_raise_one_impact(world):
    need_postgres()
    body = {"repo": "shop", "your_branch": "feat/ui", "other_branch": "main", "function": "auth::login",
            "change": "deleted", "severity": "critical"}
    responses = _threads(6, lambda i: ApiClient(world.alice_token).post("/v1/impacts", body))
    assert sorted(r.status_code for r in responses) == [200] * 5 + [201]
    assert len({r.json()["id"] for r in responses}) == 1
    [imp] = Impact.objects.all()
    assert imp.occurrences == 6


@pytest.mark.django_db(transaction=True)
def test_insert_race_is_retried_inside_a_savepoint(world, monkeypatch):
    """Without the team's impact lock that serialises impact writers (a
    second line of defence: say it were lost), two transactions race on the
    insert itself: the loser's insert waits on the partial unique index,
    fails inside its savepoint when the winner commits, and refreshes the
    winner's row instead. One impact, two occurrences."""
    need_postgres()
    monkeypatch.setattr(detection, "lock_statement", lambda team: None)
    rounds = {}
    real_refresh = detection._refresh

    def counting_refresh(team, findings, intent_id, now, lock=None):
        name = threading.current_thread().name
        rounds[name] = rounds.get(name, 0) + 1
        return real_refresh(team, findings, intent_id, now, lock=lock)

    monkeypatch.setattr(detection, "_refresh", counting_refresh)
    finding = detection.Finding(repo="shop", your_branch="feat/ui", other_branch="main", function="auth::login",
                                change="deleted", severity="critical", callers=[], callers_count=0)
    first_inserted, second_started = threading.Event(), threading.Event()
    created = {}

    def first():
        with transaction.atomic():
            [(impact, was_created)] = detection.raise_impacts(world.acme, [finding])
            created["first"] = was_created
            first_inserted.set()
            second_started.wait(10)
            threading.Event().wait(0.5)  # let the second block on the index

    def second():
        first_inserted.wait(10)
        second_started.set()
        with transaction.atomic():
            [(impact, was_created)] = detection.raise_impacts(world.acme, [finding])
            created["second"] = was_created

    errors = in_threads(first, second)
    assert not errors, errors
    assert created == {"first": True, "second": False}
    assert rounds == {"first": 1, "second": 2}  # the second went round again after the failed insert
    [imp] = Impact.objects.all()
    assert imp.occurrences == 2


@pytest.mark.django_db(transaction=True)
def test_a_status_change_and_detection_on_the_same_impacts_take_turns(world):
    """T1 resolves impact Y and, still in its transaction, impact X (a batch
    in its own order); T2 refreshes X and Y meanwhile (detection, pk order).
    Row locks alone would deadlock (T2 holds X and waits for Y; T1 then wants
    X): the team's impact lock makes T2 wait for T1's whole transaction."""
    need_postgres()
    from impacts.resolution import change_status

    findings = [
        detection.Finding(repo="shop", your_branch="feat/ui", other_branch="main", function=fn,
                          change="modified", severity="info", callers=[], callers_count=0)
        for fn in ("auth::a", "auth::b")
    ]
    with transaction.atomic():
        opened = [impact_id for impact_id, _ in detection.raise_impacts(world.acme, findings)]
    x, y = sorted(opened)
    member = world.alice
    t1_holds_y, done = threading.Event(), {}

    def t1():
        with transaction.atomic():
            change_status(Impact.objects.get(pk=y), member, status="resolved")
            t1_holds_y.set()
            threading.Event().wait(0.5)  # T2 is under way meanwhile
            change_status(Impact.objects.get(pk=x), member, status="resolved")
        done["t1"] = True

    def t2():
        assert t1_holds_y.wait(10)
        with transaction.atomic():
            detection.raise_impacts(world.acme, findings)
        done["t2"] = True

    errors = in_threads(t1, t2)
    assert not errors, errors
    assert done == {"t1": True, "t2": True}
    # T2 came after T1's commit: both impacts were resolved, so it opened new ones.
    assert Impact.objects.filter(status="resolved").count() == 2
    assert Impact.objects.filter(status="open").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_change_and_a_new_call_logged_at_once_raise_the_impact(world):
    """main deletes config::parse while feat/a starts calling it, the two
    intents in flight together: each would miss the other's uncommitted
    write. Detection takes the team's impact lock before it reads, so the
    second waits for the first's commit and sees it: one impact."""
    need_postgres()
    from intents.recorder import log_intent

    changing, done = threading.Event(), {}

    def change():
        with transaction.atomic():
            log_intent(world.acme, world.alice, {"summary": "Drop parse [ENG-1]", "repo": "shop", "branch": "main",
                                                 "nodes": [node("config::parse", "deleted")]})
            changing.set()
            threading.Event().wait(0.5)  # the call is logged meanwhile
        done["change"] = True

    def call():
        assert changing.wait(10)
        r = ApiClient(world.alice_token).post("/v1/intents", {
            "summary": "Boot [ENG-2]", "repo": "shop", "branch": "feat/a",
            "nodes": [node("app::boot", "added", after={"calls": ["config::parse"]})]})
        assert r.status_code == 201, r.content
        done["call"] = True

    errors = in_threads(change, call)
    assert not errors, errors
    assert done == {"change": True, "call": True}
    assert [(i.your_branch, i.other_branch, i.function, i.change, i.severity) for i in Impact.objects.all()] == [
        ("feat/a", "main", "config::parse", "deleted", "critical")]


@pytest.mark.postgres
def test_a_repeat_refreshes_impacts_in_place_on_postgresql(post, caller_on_feature):
    """Nothing indexes what a refresh changes, and the table leaves room in
    its pages (fillfactor 70): PostgreSQL updates the rows in place (HOT),
    writing no index entries."""
    from tests.conftest import need_postgres

    need_postgres()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'impacts_impact'")
        assert cursor.fetchone()[0] == ["fillfactor=70"]
    post("main", [node("auth::login")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_get_xact_tuples_updated('impacts_impact'::regclass), "
                       "pg_stat_get_xact_tuples_hot_updated('impacts_impact'::regclass)")
        updated_before, hot_before = cursor.fetchone()
    post("main", [node("auth::login", after={"hash": "again"})])
    [imp] = impacts()
    assert imp.occurrences == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_get_xact_tuples_updated('impacts_impact'::regclass), "
                       "pg_stat_get_xact_tuples_hot_updated('impacts_impact'::regclass)")
        updated, hot = cursor.fetchone()
    assert updated - updated_before == 1 and hot - hot_before == 1
