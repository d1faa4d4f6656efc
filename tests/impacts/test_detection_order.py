"""Detection runs both ways: whichever of two branches' intents is logged
first, the same impacts are open afterwards (generated call graphs, every
posting order), and they are the ones the rule names:

* caller rule — branch X changes N (modified, signature_changed, renamed,
  deleted) and branch Y's graph has a live node calling N: an impact
  your_branch=Y, other_branch=X, change=X's;
* parallel edit — Y touched N too (any change, in the 14 days): warning, or
  critical for a deletion or rename that Y calls.

Each example posts, for two or three branches of a fresh team, a baseline
(additions: the call graph each branch starts from) and then one intent per
branch, in a generated order; it does so twice, in two orders, each in a
team of its own, and compares the open impacts read through
``GET /v1/impacts``. Calls only grow on a branch (an impact raised while a
call existed is not withdrawn when the call goes: detection raises, it does
not close), so the generated intents never drop one.
"""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impacts.detection import RANK, severity
from intents.models import DETECTING, LogicEdge
from tests.conftest import ApiClient, make_member, make_team, make_token

NAMES = ("m::a", "m::b", "m::c", "m::d")
CHANGES = ("added", "modified", "signature_changed", "renamed", "deleted")
_teams = itertools.count()


@st.composite
def scenarios(draw):
    """{branch: (baseline nodes, intent nodes)} and two posting orders of the intents."""
    branches = [f"feat/{b}" for b in range(draw(st.integers(2, 3)))]
    plan = {}
    for branch in branches:
        calls = {}  # the branch's graph after the baseline: name -> calls
        baseline = []
        for name in draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3)):
            callees = sorted(draw(st.sets(st.sampled_from(NAMES), max_size=2)))
            calls[name] = callees
            baseline.append({"name": name, "change": "added", "after": {"calls": callees}})
        nodes, used = [], set()
        for _ in range(draw(st.integers(1, 3))):
            change = draw(st.sampled_from(CHANGES))
            free = [n for n in NAMES if n not in used]
            if change == "renamed":
                # to a name the branch does not hold (a rename over a node would drop its calls)
                targets = [n for n in free if n not in calls]
                if len(free) < 2 or not targets:
                    continue
                new = draw(st.sampled_from(targets))
                old = draw(st.sampled_from([n for n in free if n != new]))
                node = {"name": new, "change": "renamed", "before": {"name": old}}
                used |= {old, new}
                kept = calls.get(old, [])
            else:
                if change == "deleted":  # only what calls nothing: a deletion drops the node's calls
                    free = [n for n in free if not calls.get(n)]
                if not free:
                    continue
                name = draw(st.sampled_from(free))
                node = {"name": name, "change": change}
                used.add(name)
                kept = calls.get(name, [])
            if change != "deleted" and draw(st.booleans()):  # calls, when sent, keep the ones it has
                node["after"] = {"calls": sorted(set(kept) | draw(st.sets(st.sampled_from(NAMES), max_size=2)))}
            nodes.append(node)
        if not nodes:
            nodes = [{"name": NAMES[0], "change": "modified"}]
        plan[branch] = (baseline, nodes)
    first = draw(st.permutations(branches))
    second = draw(st.permutations(branches))
    return plan, list(first), list(second)


def _node(n):
    return {"kind": "function", "path": "src/m.rs", **n}


def run(plan, order):
    """Post the baselines, then the intents in ``order``, in a fresh team;
    the open impacts and the team's final graph (callers per branch)."""
    team = make_team(f"order{next(_teams)}", strict_mode=False)
    client = ApiClient(make_token(make_member(team, "dev", role="admin")))
    repo = "shop"

    def post(branch, nodes):
        r = client.post("/v1/intents", {"summary": "change", "repo": repo, "branch": branch,
                                        "nodes": [_node(n) for n in nodes]})
        assert r.status_code == 201, r.content

    for branch in sorted(plan):
        if plan[branch][0]:
            post(branch, plan[branch][0])
    for branch in order:
        post(branch, plan[branch][1])
    r = client.get("/v1/impacts", {"status": "open", "limit": 500})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body.get("next_cursor") is None
    opened = {(i["repo"], i["your_branch"], i["other_branch"], i["function"], i["change"], i["severity"])
              for i in body["data"]}
    assert len(opened) == len(body["data"])  # one open impact per key
    called = {(branch, callee) for branch, callee in LogicEdge.objects.filter(
        team=team, repo=repo, caller__deleted=False).values_list("branch", "callee")}
    return opened, called


def expected(plan, called):
    """The rule, from the intents and the final graph's calls."""
    touched = {}
    for branch, (baseline, nodes) in plan.items():
        names = {n["name"] for n in baseline + nodes} | {n["before"]["name"] for n in nodes
                                                         if n["change"] == "renamed"}
        touched[branch] = names
    found = {}
    for other, (_, nodes) in plan.items():
        for n in nodes:
            if n["change"] not in DETECTING:
                continue
            fn = n["before"]["name"] if n["change"] == "renamed" else n["name"]
            for yours in plan:
                if yours == other:
                    continue
                level = severity(n["change"], (yours, fn) in called, fn in touched[yours])
                if level is None:
                    continue
                key = ("shop", yours, other, fn, n["change"])
                if key not in found or RANK[level] > RANK[found[key]]:
                    found[key] = level
    return {(*key, level) for key, level in found.items()}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=scenarios())
def test_open_impacts_do_not_depend_on_the_posting_order(db, case):
    plan, first, second = case
    opened_first, called = run(plan, first)
    opened_second, called_again = run(plan, second)
    assert called == called_again  # the same graph either way
    assert opened_first == opened_second
    assert opened_first == expected(plan, called)
