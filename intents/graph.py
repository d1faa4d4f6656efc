"""The team's logic graph: one node per (repo, branch, name), and call edges.

Writing — ``apply(intent, nodes)`` folds an intent's nodes into the graph of
its repo and branch, in the order given:

* ``added`` / ``modified`` / ``signature_changed``: upsert the node with the
  node's kind and path and ``after``'s hash and signature (a value that is not
  sent keeps the graph's); ``after.calls``, when sent, replaces its edges.
* ``deleted``: the node stays as a tombstone (``deleted=True``) without edges,
  so "who touched N lately" still sees it.
* ``renamed``: the node at ``before.name`` moves to ``name`` with its edges
  (unless ``after.calls`` replaces them).

Every touched node records the intent and its time (``touched_at``). An
intent costs a fixed number of queries whatever its size: one read, one
upsert, one insert of edges, and — only when edges are replaced or nodes
renamed — up to five more (SQLite splits a statement past its parameter
limit; PostgreSQL does not).

Reading — for detection, Prove and anyone else::

    find_nodes(team, repo, branch, names)      -> {name: LogicNode} (live nodes)
    calls_of(node)                             -> ["callee", ...] (sorted)
    calls_of_many(nodes)                       -> {node.pk: ["callee", ...]}
    callers_elsewhere(team, repo, names, branch, sample=50)
        -> {(other_branch, name): {"count": n, "callers": [{"name", "path", "kind"}]}}
    touched_elsewhere(team, repo, names, branch, since)
        -> {(other_branch, name), ...}

``team`` is a Team or its id everywhere.
"""

from django.db import connection
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from .models import LogicEdge, LogicNode

_FIELDS = ("kind", "path", "hash", "signature", "deleted")


def _team_id(team):
    return getattr(team, "pk", team)


def _fields(row):
    return None if row is None else {f: getattr(row, f) for f in _FIELDS}


class _Keep:
    """Edge spec: keep the edges the graph has for ``source`` (a name)."""

    __slots__ = ("source",)

    def __init__(self, source):
        self.source = source


def fold(existing, nodes):
    """Pure: the graph rows after ``nodes``, from the rows before.

    ``existing``: {name: {kind, path, hash, signature, deleted}} of the rows
    the nodes mention. Returns ``(rows, edges)``: rows {name: fields, or None
    for a name that is gone}; edges {name: [callee, ...] (replace) or
    _Keep(name the edges come from)}."""
    rows, edges = {}, {}

    def current(name):
        return rows[name] if name in rows else existing.get(name)

    for node in nodes:
        name, change = node["name"], node["change"]
        after = node.get("after") or {}
        if change == "renamed":
            old = node["before"]["name"]
            base = current(old) or current(name) or {}
            edge_spec = edges.get(old, _Keep(old))
            rows[old], edges[old] = None, []
        else:
            base = current(name) or {}
            edge_spec = edges.get(name, _Keep(name))
        fields = {
            "kind": node["kind"],
            "path": node.get("path") or base.get("path"),
            "hash": after["hash"] if "hash" in after else base.get("hash"),
            "signature": after["signature"] if "signature" in after else base.get("signature"),
            "deleted": change == "deleted",
        }
        if change == "deleted":
            edge_spec = []
        elif "calls" in after:
            edge_spec = sorted(set(after["calls"]))
        rows[name], edges[name] = fields, edge_spec
    return rows, edges


def apply(intent, nodes):
    """Fold ``nodes`` (validated dicts) into the graph of the intent's repo and
    branch. An intent without both touches no graph."""
    if not (intent.repo and intent.branch and nodes):
        return
    team_id, repo, branch = intent.team_id, intent.repo, intent.branch
    names = {n["name"] for n in nodes} | {n["before"]["name"] for n in nodes if n["change"] == "renamed"}
    found = {
        row.name: row
        for row in LogicNode.objects.filter(team_id=team_id, repo=repo, branch=branch, name__in=names)
        .only("id", "name", *_FIELDS)
    }
    rows, edges = fold({name: _fields(row) for name, row in found.items()}, nodes)

    # Edges that move with a renamed node come from the old row.
    sources = {
        spec.source for name, spec in edges.items()
        if isinstance(spec, _Keep) and spec.source != name and spec.source in found and rows.get(name)
    }
    moved = {}
    if sources:
        for caller_name, callee in LogicEdge.objects.filter(
            caller_id__in=[found[s].pk for s in sources]
        ).values_list("caller__name", "callee"):
            moved.setdefault(caller_name, []).append(callee)

    gone = [found[name].pk for name, f in rows.items() if f is None and name in found]
    replaced = [
        found[name].pk for name, spec in edges.items()
        if name in found and rows.get(name) is not None and not (isinstance(spec, _Keep) and spec.source == name)
    ]
    if replaced:
        LogicEdge.objects.filter(caller_id__in=replaced).delete()
    if gone:  # renamed away; their edges go with them
        LogicNode.objects.filter(pk__in=gone).delete()

    # In name order (and edges below in caller, callee order): two intents
    # upserting overlapping nodes of a branch wait on each other's rows in
    # the same order, so they never deadlock.
    live = [
        LogicNode(team_id=team_id, repo=repo, branch=branch, name=name, intent_id=intent.pk,
                  touched_at=intent.created_at, **f)
        for name, f in sorted(rows.items()) if f is not None
    ]
    LogicNode.objects.bulk_create(
        live, update_conflicts=True, unique_fields=["team", "repo", "branch", "name"],
        update_fields=[*_FIELDS, "intent", "touched_at"],
    )
    new_edges = []
    for node in live:
        spec = edges[node.name]
        if isinstance(spec, _Keep):
            if spec.source == node.name:
                continue
            spec = sorted(set(moved.get(spec.source, ())))
        new_edges.extend((team_id, repo, branch, node.pk, callee) for callee in spec)
    _insert_edges(sorted(new_edges, key=lambda edge: (edge[3], edge[4])))


def _insert_edges(rows, chunk=200):
    """Insert (team_id, repo, branch, caller_id, callee) rows, skipping ones
    that exist: one multi-row INSERT per ``chunk`` rows. Written in SQL
    because ``bulk_create`` spent longer preparing model instances than the
    database spent inserting them (an intent's calls are its largest write)."""
    if not rows:
        return
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in ("team_id", "repo", "branch", "caller_id", "callee"))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start:start + chunk]
            cursor.execute(
                f"INSERT INTO {q(LogicEdge._meta.db_table)} ({columns}) VALUES "
                f"{', '.join(['(%s, %s, %s, %s, %s)'] * len(part))} ON CONFLICT DO NOTHING",
                [value for row in part for value in row],
            )


# --- reading -----------------------------------------------------------------


def find_nodes(team, repo, branch, names, include_deleted=False):
    """{name: LogicNode} for those of ``names`` that exist on (repo, branch)."""
    qs = LogicNode.objects.filter(team_id=_team_id(team), repo=repo, branch=branch, name__in=list(names))
    if not include_deleted:
        qs = qs.filter(deleted=False)
    return {node.name: node for node in qs}


def calls_of(node):
    """The names ``node`` calls, sorted."""
    return sorted(LogicEdge.objects.filter(caller_id=node.pk).values_list("callee", flat=True))


def calls_of_many(nodes):
    """{node.pk: [callee, ...]} for several nodes in one query."""
    out = {node.pk: [] for node in nodes}
    for caller_id, callee in LogicEdge.objects.filter(caller_id__in=list(out)).values_list("caller_id", "callee"):
        out[caller_id].append(callee)
    for calls in out.values():
        calls.sort()
    return out


def callers_elsewhere(team, repo, names, branch, sample=50):
    """Live nodes on branches of ``repo`` other than ``branch`` that call one
    of ``names``: per (branch, name) their count and the first ``sample``."""
    partition = [F("branch"), F("callee")]
    rows = (
        LogicEdge.objects.filter(team_id=_team_id(team), repo=repo, callee__in=list(names))
        .exclude(branch=branch)
        .annotate(
            rank=Window(RowNumber(), partition_by=partition, order_by=F("caller__name").asc()),
            total=Window(Count("id"), partition_by=partition),
        )
        .filter(rank__lte=sample)
        .values_list("branch", "callee", "total", "caller__name", "caller__path", "caller__kind")
    )
    out = {}
    for other, callee, total, name, path, kind in rows:
        entry = out.setdefault((other, callee), {"count": total, "callers": []})
        entry["callers"].append({"name": name, "path": path, "kind": kind})
    for entry in out.values():
        entry["callers"].sort(key=lambda c: c["name"])
    return out


def touched_elsewhere(team, repo, names, branch, since):
    """{(other_branch, name)} for ``names`` touched by an intent on another
    branch of ``repo`` at or after ``since``."""
    return set(
        LogicNode.objects.filter(team_id=_team_id(team), repo=repo, name__in=list(names), touched_at__gte=since)
        .exclude(branch=branch)
        .values_list("branch", "name")
    )
