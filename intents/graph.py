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
intent costs a fixed number of queries whatever its size: one read, the
upsert and one statement of edge changes on PostgreSQL (two on SQLite),
and for renames up to three more (the moved edges, the
renamed-away rows and their edges). Edges that a new ``calls`` keeps are
left alone; only the ones it drops or adds are written.

Reading — for detection, Prove and anyone else::

    find_nodes(team, repo, branch, names)      -> {name: LogicNode} (live nodes)
    calls_of(node)                             -> ["callee", ...] (sorted)
    calls_of_many(nodes)                       -> {node.pk: ["callee", ...]}
    callers_elsewhere(team, repo, names, branch, sample=50)
        -> {(other_branch, name): {"count": n, "callers": [{"name", "path", "kind"}]}}
    touched_elsewhere(team, repo, names, branch, since)
        -> {(other_branch, name), ...}
    elsewhere(team, repo, names, branch, since)
        -> (callers_elsewhere(…), touched_elsewhere(…)), in one statement,
           each callers list as JSONText (str; .value parses it)

``team`` is a Team or its id everywhere.
"""

import json

from django.db import connection

from . import sql
from .models import LogicEdge, LogicNode

_FIELDS = sql.NODE_FIELDS


def _team_id(team):
    return getattr(team, "pk", team)


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
    found, existing = {}, {}  # name -> id, name -> fields
    for pk, name, *values in LogicNode.objects.filter(
        team_id=team_id, repo=repo, branch=branch, name__in=names
    ).values_list("id", "name", *_FIELDS):
        found[name], existing[name] = pk, dict(zip(_FIELDS, values))
    rows, edges = fold(existing, nodes)

    # Edges that move with a renamed node come from the old row.
    sources = {
        spec.source for name, spec in edges.items()
        if isinstance(spec, _Keep) and spec.source != name and spec.source in found and rows.get(name)
    }
    moved = {}
    if sources:
        for caller_name, callee in LogicEdge.objects.filter(
            caller_id__in=[found[s] for s in sources]
        ).values_list("caller__name", "callee"):
            moved.setdefault(caller_name, []).append(callee)

    gone = [found[name] for name, f in rows.items() if f is None and name in found]
    if gone:  # renamed away; their edges go with them
        LogicNode.objects.filter(pk__in=gone).delete()

    # Each live row with its calls: a list replaces its edges, None keeps them.
    live = []
    for name, fields in sorted(rows.items()):
        if fields is None:
            continue
        spec = edges[name]
        if isinstance(spec, _Keep):
            spec = None if spec.source == name else sorted(set(moved.get(spec.source, ())))
        live.append({"name": name, **fields, "calls": spec})
    _write(team_id, repo, branch, intent, live)


def _write(team_id, repo, branch, intent, live):
    """Upsert the ``live`` rows ({name, fields…, calls}) of one branch's graph,
    touched by ``intent``, and replace the edges of those whose ``calls`` is a
    list: edges no longer called are deleted, new ones inserted, the rest left
    alone. Returns {name: id}.

    Two statements on PostgreSQL (SQLite: three), the rows as one JSON
    parameter each: the upsert, then the edge changes. Not one: the upsert
    waits for a concurrent intent's locks on the same nodes, and only a
    statement begun after that wait sees the edges it committed. Rows go in
    name order and edges in (caller, callee) order: two intents writing
    overlapping nodes of a branch wait on each other's rows in the same
    order, so they never deadlock."""
    if not live:
        return {}
    ids = dict(sql.upsert_nodes(
        team_id, repo, branch, intent.pk, intent.created_at,
        [{k: v for k, v in row.items() if k != "calls"} for row in live],
    ))
    replaced = [{"caller_id": ids[row["name"]]} for row in live if row["calls"] is not None]
    if not replaced:
        return ids
    wanted = sorted(
        ({"caller_id": ids[row["name"]], "callee": callee} for row in live for callee in row["calls"] or ()),
        key=lambda pair: (pair["caller_id"], pair["callee"]),
    )
    sql.replace_edges(team_id, repo, branch, replaced, wanted)
    return ids


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


class JSONText(str):
    """JSON text as the database wrote it, left unparsed: detection hands
    most callers lists straight back to the database. ``value`` parses it."""

    __slots__ = ()

    @property
    def value(self):
        return json.loads(self)


def _callers(rows, raw=False):
    """{(branch, callee): {"count", "callers"}}; with ``raw`` the callers as
    JSONText (PostgreSQL's, sorted by the database, untouched)."""
    out = {}
    for other, callee, total, callers in rows:
        if raw and connection.vendor == "postgresql":
            callers = JSONText(callers or "[]")
        else:
            callers = (json.loads(callers) if isinstance(callers, str) else callers) or []
            callers.sort(key=lambda c: c["name"])
            if raw:
                callers = JSONText(json.dumps(callers))
        out[(other, callee)] = {"count": total, "callers": callers}
    return out


def callers_elsewhere(team, repo, names, branch, sample=50):
    """Live nodes on branches of ``repo`` other than ``branch`` that call one
    of ``names``: per (branch, name) their count and the first ``sample``
    (by name).

    One row per (branch, name), its callers aggregated into JSON by the
    database: detection asks this for every logged intent, and a busy
    function has callers on every branch — turning a row per caller into
    Python objects cost more than the query."""
    names = list(names)
    if not names:
        return {}
    return _callers(sql.select_callers(_team_id(team), repo, names, branch, sample))


def touched_elsewhere(team, repo, names, branch, since):
    """{(other_branch, name)} for ``names`` touched by an intent on another
    branch of ``repo`` at or after ``since``."""
    names = list(names)
    if not names:
        return set()
    return set(sql.select_touched(_team_id(team), repo, names, branch, since))


def elsewhere(team, repo, names, branch, since, sample=50):
    """``(callers_elsewhere(…), touched_elsewhere(…))`` in one statement:
    detection asks both for every logged intent. Each callers list comes as
    ``JSONText`` (detection writes most of them back unread)."""
    names = list(names)
    if not names:
        return {}, set()
    rows = sql.select_callers_and_touched(_team_id(team), repo, names, branch, since, sample)
    return _callers((row[1:] for row in rows if row[0]), raw=True), {(row[1], row[2]) for row in rows if not row[0]}
