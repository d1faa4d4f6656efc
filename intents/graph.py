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

from aura_site.db.rows import json_rows, rows_param

from .models import LogicEdge, LogicNode

_FIELDS = ("kind", "path", "hash", "signature", "deleted")


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


_ROW_TYPES = {
    "name": "text", "kind": "text", "path": "text", "hash": "text", "signature": "text", "deleted": "boolean",
}
_EDGE_TYPES = {"caller_id": "bigint", "callee": "text"}


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
    q = connection.ops.quote_name
    node, edge = q(LogicNode._meta.db_table), q(LogicEdge._meta.db_table)
    touched_at = LogicNode._meta.get_field("touched_at").get_db_prep_value(intent.created_at, connection)
    columns = ", ".join(q(c) for c in ("team_id", "repo", "branch", "name", *_FIELDS, "intent_id", "touched_at"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {node} ({columns}) SELECT %s, %s, %s, {', '.join(f'r.{q(c)}' for c in ('name', *_FIELDS))}, "
            f"%s, %s FROM {json_rows(connection, _ROW_TYPES)} WHERE true "
            f"ON CONFLICT ({', '.join(q(c) for c in ('team_id', 'repo', 'branch', 'name'))}) DO UPDATE SET "
            f"{', '.join(f'{q(c)} = excluded.{q(c)}' for c in (*_FIELDS, 'intent_id', 'touched_at'))} "
            f"RETURNING {q('name')}, {q('id')}",
            [team_id, repo, branch, intent.pk, touched_at,
             rows_param([{k: v for k, v in row.items() if k != "calls"} for row in live])],
        )
        ids = dict(cursor.fetchall())
        replaced = [{"caller_id": ids[row["name"]]} for row in live if row["calls"] is not None]
        if not replaced:
            return ids
        wanted = rows_param(sorted(
            ({"caller_id": ids[row["name"]], "callee": callee} for row in live for callee in row["calls"] or ()),
            key=lambda pair: (pair["caller_id"], pair["callee"]),
        ))
        callers = json_rows(connection, {"caller_id": "bigint"}, alias="x")
        columns = ", ".join(q(c) for c in ("team_id", "repo", "branch", "caller_id", "callee"))

        def delete(pairs):
            return (f"DELETE FROM {edge} WHERE {q('caller_id')} IN (SELECT x.{q('caller_id')} FROM {callers}) "
                    f"AND ({q('caller_id')}, {q('callee')}) NOT IN (SELECT r.{q('caller_id')}, r.{q('callee')} "
                    f"FROM {pairs})")

        def insert(pairs):
            return (f"INSERT INTO {edge} ({columns}) SELECT %s, %s, %s, r.{q('caller_id')}, r.{q('callee')} "
                    f"FROM {pairs} WHERE true ON CONFLICT DO NOTHING")

        if connection.vendor == "postgresql":  # the pairs read once, for both parts
            cursor.execute(
                f"WITH w AS (SELECT * FROM {json_rows(connection, _EDGE_TYPES)}), d AS ({delete('w AS r')}) "
                f"{insert('w AS r')}",
                [wanted, rows_param(replaced), team_id, repo, branch],
            )
        else:
            pairs = json_rows(connection, _EDGE_TYPES)
            cursor.execute(delete(pairs), [rows_param(replaced), wanted])
            cursor.execute(insert(pairs), [team_id, repo, branch, wanted])
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


def _callers_sql(team, repo, names, branch, sample):
    q = connection.ops.quote_name
    edge, node = q(LogicEdge._meta.db_table), q(LogicNode._meta.db_table)
    # Names in code-point order on both databases (SQLite's is; PostgreSQL's
    # default collation may not be): the same sample, in the same order.
    if connection.vendor == "postgresql":  # as text: parsed only when wanted
        by_name = 'COLLATE "C"'
        gather = (f"(json_agg(json_build_object('name', s.name, 'path', s.path, 'kind', s.kind) "
                  f"ORDER BY s.name {by_name}) FILTER (WHERE s.rank <= %s))::text")
    else:  # SQLite's JSON1 (the order is put right in _callers)
        by_name = ""
        gather = "json_group_array(json_object('name', s.name, 'path', s.path, 'kind', s.kind)) " \
                 "FILTER (WHERE s.rank <= %s)"
    sql = f"""
        SELECT s.branch, s.callee, COUNT(*), {gather}
        FROM (
            SELECT e.{q('branch')} AS branch, e.{q('callee')} AS callee, n.{q('name')} AS name,
                   n.{q('path')} AS path, n.{q('kind')} AS kind,
                   ROW_NUMBER() OVER (PARTITION BY e.{q('branch')}, e.{q('callee')}
                                      ORDER BY n.{q('name')} {by_name}) AS rank
            FROM {edge} e JOIN {node} n ON n.{q('id')} = e.{q('caller_id')}
            WHERE e.{q('team_id')} = %s AND e.{q('repo')} = %s AND e.{q('branch')} <> %s
              AND e.{q('callee')} IN ({", ".join(["%s"] * len(names))})
        ) s
        GROUP BY s.branch, s.callee"""
    return sql, [sample, _team_id(team), repo, branch, *names]


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


def _touched_sql(team, repo, names, branch, since):
    q = connection.ops.quote_name
    since = LogicNode._meta.get_field("touched_at").get_db_prep_value(since, connection)
    sql = f"""
        SELECT {q('branch')}, {q('name')} FROM {q(LogicNode._meta.db_table)}
        WHERE {q('team_id')} = %s AND {q('repo')} = %s AND {q('name')} IN ({", ".join(["%s"] * len(names))})
          AND {q('touched_at')} >= %s AND {q('branch')} <> %s"""
    return sql, [_team_id(team), repo, *names, since, branch]


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
    sql, params = _callers_sql(team, repo, names, branch, sample)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _callers(cursor.fetchall())


def touched_elsewhere(team, repo, names, branch, since):
    """{(other_branch, name)} for ``names`` touched by an intent on another
    branch of ``repo`` at or after ``since``."""
    names = list(names)
    if not names:
        return set()
    sql, params = _touched_sql(team, repo, names, branch, since)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return set(cursor.fetchall())


def elsewhere(team, repo, names, branch, since, sample=50):
    """``(callers_elsewhere(…), touched_elsewhere(…))`` in one statement:
    detection asks both for every logged intent. Each callers list comes as
    ``JSONText`` (detection writes most of them back unread)."""
    names = list(names)
    if not names:
        return {}, set()
    callers_sql, callers_params = _callers_sql(team, repo, names, branch, sample)
    touched_sql, touched_params = _touched_sql(team, repo, names, branch, since)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1, c.* FROM ({callers_sql}) c UNION ALL SELECT 0, t.*, NULL, NULL FROM ({touched_sql}) t",
            callers_params + touched_params,
        )
        rows = cursor.fetchall()
    return _callers((row[1:] for row in rows if row[0]), raw=True), {(row[1], row[2]) for row in rows if not row[0]}
