"""Running a Prove goal against the team's logic graph (the domain logic
behind ``POST /v1/prove``).

Two reads whatever the number of requirements — the live nodes named, then
the calls of those that have ``must_call`` — the pure evaluator, one insert,
and ``prove.passed`` (pass) or ``prove.failed`` (partial, fail) recorded in
the same transaction.
"""

import time

from django.utils import timezone

from aura_site.api import errors
from events.log import record
from intents import graph

from . import evaluator
from .models import ProveRun

NOT_DECOMPOSABLE_HINT = (
    "Name the code to check in the goal — a `backticked` name, an a::b path, a snake_case or a "
    "CamelCase identifier — or send \"requirements\": [{\"node\": \"auth::login\"}]."
)


def requirements_for(goal, requirements=None):
    """(requirements, derived): the ones given, or those the goal names.
    None derivable → 422 goal_not_decomposable."""
    if requirements is not None:
        return [evaluator.requirement(r["node"], r.get("kind"), r.get("must_call")) for r in requirements], False
    names = evaluator.derive_requirements(goal)
    if not names:
        raise errors.GoalNotDecomposable(
            "The goal names no code to check: no backticked name, a::b path, snake_case or CamelCase "
            "identifier was found in it.",
            hint=NOT_DECOMPOSABLE_HINT,
        )
    return [evaluator.requirement(name) for name in names], True


def graph_facts(team, repo, branch, requirements):
    """{name: {path, kind, hash, calls}} for the live nodes the requirements name."""
    names = {r["node"] for r in requirements}
    nodes = graph.find_nodes(team, repo, branch, names)
    wanted = {r["node"] for r in requirements if r["must_call"]}
    checked = [node for name, node in nodes.items() if name in wanted]
    calls = graph.calls_of_many(checked) if checked else {}
    return {
        name: {"path": node.path, "kind": node.kind, "hash": node.hash, "calls": calls.get(node.pk, [])}
        for name, node in nodes.items()
    }


def represent(run):
    from .serializers import ProveRunSerializer

    return dict(ProveRunSerializer(run).data)


def run(team, author, *, goal, repo, branch, requirements=None):
    """Evaluate ``goal`` on (repo, branch) of ``team``'s graph, store the run
    and record its event. Returns the ProveRun."""
    reqs, derived = requirements_for(goal, requirements)
    started = time.perf_counter()
    facts = graph_facts(team, repo, branch, reqs)
    outcome = evaluator.evaluate(reqs, facts)
    duration_ms = round((time.perf_counter() - started) * 1000, 3)
    prove_run = ProveRun.objects.create(
        team=team, author=author, repo=repo, branch=branch, goal=goal, derived=derived,
        verdict=outcome["verdict"], result=outcome["result"], requirements=outcome["requirements"],
        duration_ms=duration_ms, created_at=timezone.now(),
    )
    topic = "prove.passed" if prove_run.result == "pass" else "prove.failed"
    record(team, topic, represent(prove_run), actor=author)
    return prove_run
