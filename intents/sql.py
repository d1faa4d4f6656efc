"""The intents' raw SQL: the statements the ORM cannot write, by name.

Each function runs its statement and says why it is not the ORM. Where
PostgreSQL and SQLite differ, both texts stand side by side, picked by
``connection.vendor``. Many rows travel as one JSON parameter
(``aura_site.db.rows``: ``jsonb_to_recordset`` on PostgreSQL, ``json_each``
on SQLite).
"""

from django.db import connection

from aura_site.db.rows import json_rows, rows_param

from .models import Intent, IntentNode, IntentTicket, LogicEdge, LogicNode

# --- an intent's rows (recorder) -----------------------------------------------

TICKET_TYPES = {"system": "text", "id": "text"}
NODE_TYPES = {"position": "integer", "path": "text", "kind": "text", "name": "text", "change": "text",
              "before": "jsonb", "after": "jsonb"}


def insert_intent(intent, tickets, rows):
    """Insert the intent (every concrete field, as ``save()`` would), its
    tickets ({system, id}) and its nodes (dicts of ``NODE_TYPES``): one
    statement on PostgreSQL (the tickets and nodes as data-modifying parts of
    the intent's ``INSERT``; foreign keys are checked at commit), three on
    SQLite.

    Raw: ``INSERT … SELECT`` from one JSON parameter, and on PostgreSQL
    data-modifying ``WITH`` parts — the ORM's ``bulk_create`` takes a
    placeholder per value and builds a model instance per row, and ``save()``
    is a round trip of its own."""
    q = connection.ops.quote_name
    fields = Intent._meta.concrete_fields
    parts = [(
        f"INSERT INTO {q(Intent._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})",
        [f.get_db_prep_save(f.pre_save(intent, add=True), connection) for f in fields],
    )]
    if tickets:
        parts.append((
            f"INSERT INTO {q(IntentTicket._meta.db_table)} ({q('team_id')}, {q('intent_id')}, {q('system')}, "
            f"{q('ticket')}) SELECT %s, %s, r.{q('system')}, r.{q('id')} FROM {json_rows(connection, TICKET_TYPES)}",
            [intent.team_id, intent.pk, rows_param(tickets)],
        ))
    if rows:
        columns = ("team_id", "intent_id", "repo", "branch", *NODE_TYPES)
        parts.append((
            f"INSERT INTO {q(IntentNode._meta.db_table)} ({', '.join(q(c) for c in columns)}) "
            f"SELECT %s, %s, %s, %s, {', '.join(f'r.{q(c)}' for c in NODE_TYPES)} "
            f"FROM {json_rows(connection, NODE_TYPES)}",
            [intent.team_id, intent.pk, intent.repo, intent.branch, rows_param(rows)],
        ))
    (intent_sql, intent_params), *others = parts
    statements = {
        # The tickets and nodes as WITH parts of the intent's INSERT (their
        # parameters come first, as their text does).
        "postgresql": [(
            "WITH " + ", ".join(f"w{i} AS ({part})" for i, (part, _) in enumerate(others)) + " " + intent_sql,
            [p for _, part_params in others for p in part_params] + intent_params,
        )] if others else parts,
        # No data-modifying WITH: one statement each.
        "sqlite": parts,
    }[connection.vendor]
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


# --- the logic graph: writing (graph.apply) -------------------------------------

_ROW_TYPES = {
    "name": "text", "kind": "text", "path": "text", "hash": "text", "signature": "text", "deleted": "boolean",
}
_EDGE_TYPES = {"caller_id": "bigint", "callee": "text"}
NODE_FIELDS = ("kind", "path", "hash", "signature", "deleted")


def upsert_nodes(team_id, repo, branch, intent_id, touched_at, rows):
    """Insert or update the nodes ``rows`` ({name, NODE_FIELDS…}) of one
    branch's graph, touched by the intent at ``touched_at``; returns
    [(name, id)].

    Raw: ``INSERT … SELECT`` from one JSON parameter ``ON CONFLICT DO UPDATE
    … RETURNING`` — the ORM's ``bulk_create(update_conflicts=True)`` takes a
    placeholder per value and builds a model instance per row."""
    q = connection.ops.quote_name
    node = q(LogicNode._meta.db_table)
    touched_at = LogicNode._meta.get_field("touched_at").get_db_prep_value(touched_at, connection)
    columns = ", ".join(q(c) for c in ("team_id", "repo", "branch", "name", *NODE_FIELDS, "intent_id", "touched_at"))
    # One text for both dialects (``WHERE true`` lets SQLite parse INSERT … SELECT … ON CONFLICT).
    sql = (
        f"INSERT INTO {node} ({columns}) SELECT %s, %s, %s, {', '.join(f'r.{q(c)}' for c in ('name', *NODE_FIELDS))}, "
        f"%s, %s FROM {json_rows(connection, _ROW_TYPES)} WHERE true "
        f"ON CONFLICT ({', '.join(q(c) for c in ('team_id', 'repo', 'branch', 'name'))}) DO UPDATE SET "
        f"{', '.join(f'{q(c)} = excluded.{q(c)}' for c in (*NODE_FIELDS, 'intent_id', 'touched_at'))} "
        f"RETURNING {q('name')}, {q('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [team_id, repo, branch, intent_id, touched_at, rows_param(rows)])
        return cursor.fetchall()


def replace_edges(team_id, repo, branch, callers, pairs):
    """Make the edges of ``callers`` ([{caller_id}]) exactly ``pairs``
    ([{caller_id, callee}], in (caller, callee) order): the ones no longer
    wanted are deleted, new ones inserted, the rest left alone. One statement
    on PostgreSQL, two on SQLite.

    Raw: ``DELETE … WHERE (a, b) NOT IN (SELECT …)`` and ``INSERT … SELECT …
    ON CONFLICT DO NOTHING`` from JSON parameters, on PostgreSQL both parts of
    one ``WITH`` — none of which the ORM writes."""
    q = connection.ops.quote_name
    edge = q(LogicEdge._meta.db_table)
    wanted = rows_param(pairs)
    columns = ", ".join(q(c) for c in ("team_id", "repo", "branch", "caller_id", "callee"))
    if connection.vendor == "postgresql":
        # An array, whose length the planner knows: from a JSON set of rows
        # it assumed 100 callers and scanned the whole edge table (7 ms at
        # 20,000 edges, growing with the graph) instead of the index.
        of_callers, replaced = f"{q('caller_id')} = ANY(%s::bigint[])", [c["caller_id"] for c in callers]
    else:
        of_callers = (f"{q('caller_id')} IN (SELECT x.{q('caller_id')} "
                      f"FROM {json_rows(connection, {'caller_id': 'bigint'}, alias='x')})")
        replaced = rows_param(callers)

    def delete(rows):
        return (f"DELETE FROM {edge} WHERE {of_callers} "
                f"AND ({q('caller_id')}, {q('callee')}) NOT IN (SELECT r.{q('caller_id')}, r.{q('callee')} "
                f"FROM {rows})")

    def insert(rows):
        return (f"INSERT INTO {edge} ({columns}) SELECT %s, %s, %s, r.{q('caller_id')}, r.{q('callee')} "
                f"FROM {rows} WHERE true ON CONFLICT DO NOTHING")

    pairs_from = json_rows(connection, _EDGE_TYPES)
    statements = {
        # The pairs read once, for both parts.
        "postgresql": [(f"WITH w AS (SELECT * FROM {pairs_from}), d AS ({delete('w AS r')}) {insert('w AS r')}",
                        [wanted, replaced, team_id, repo, branch])],
        # No data-modifying WITH: the deletion, then the insertion.
        "sqlite": [(delete(pairs_from), [replaced, wanted]), (insert(pairs_from), [team_id, repo, branch, wanted])],
    }[connection.vendor]
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


# --- the logic graph: reading (detection, Prove) --------------------------------


def _callers(team_id, repo, names, branch, sample):
    """The SELECT of callers per (other branch, callee), and its parameters."""
    q = connection.ops.quote_name
    edge, node = q(LogicEdge._meta.db_table), q(LogicNode._meta.db_table)
    # Names in code-point order on both databases (SQLite's is; PostgreSQL's
    # default collation may not be): the same sample, in the same order.
    by_name, gather = {
        # As text: parsed only when wanted.
        "postgresql": ('COLLATE "C"',
                       "(json_agg(json_build_object('name', s.name, 'path', s.path, 'kind', s.kind) "
                       "ORDER BY s.name COLLATE \"C\") FILTER (WHERE s.rank <= %s))::text"),
        # JSON1, unordered: graph puts the order right.
        "sqlite": ("",
                   "json_group_array(json_object('name', s.name, 'path', s.path, 'kind', s.kind)) "
                   "FILTER (WHERE s.rank <= %s)"),
    }[connection.vendor]
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
    return sql, [sample, team_id, repo, branch, *names]


def _touched(team_id, repo, names, branch, since):
    """The SELECT of (other branch, name) touched since ``since``, and its parameters."""
    q = connection.ops.quote_name
    since = LogicNode._meta.get_field("touched_at").get_db_prep_value(since, connection)
    # One text for both dialects.
    sql = f"""
        SELECT {q('branch')}, {q('name')} FROM {q(LogicNode._meta.db_table)}
        WHERE {q('team_id')} = %s AND {q('repo')} = %s AND {q('name')} IN ({", ".join(["%s"] * len(names))})
          AND {q('touched_at')} >= %s AND {q('branch')} <> %s"""
    return sql, [team_id, repo, *names, since, branch]


def _fetchall(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def select_callers(team_id, repo, names, branch, sample):
    """Rows (other branch, callee, count, callers as JSON) for the live nodes
    of ``repo`` on branches other than ``branch`` that call one of ``names``
    (non-empty): the first ``sample`` callers ({name, path, kind}) by name —
    sorted by PostgreSQL (a str), unsorted by SQLite.

    Raw: a window function (``ROW_NUMBER() OVER``) under a JSON aggregate
    with ``FILTER`` and, on PostgreSQL, ``ORDER BY … COLLATE "C"`` inside it —
    beyond the ORM's aggregates."""
    return _fetchall(*_callers(team_id, repo, names, branch, sample))


def select_touched(team_id, repo, names, branch, since):
    """Rows (other branch, name) for ``names`` (non-empty) touched by an intent
    on another branch of ``repo`` at or after ``since``.

    Raw: the same text as the second half of ``select_callers_and_touched``,
    which needs it as SQL; the two cannot drift apart."""
    return _fetchall(*_touched(team_id, repo, names, branch, since))


def select_callers_and_touched(team_id, repo, names, branch, since, sample):
    """``select_callers`` and ``select_touched`` in one statement: rows
    (1, branch, callee, count, callers) and (0, branch, name, None, None).

    Raw: a ``UNION ALL`` of the raw ``select_callers`` and ``select_touched``;
    detection asks both for every logged intent."""
    callers_sql, callers_params = _callers(team_id, repo, names, branch, sample)
    touched_sql, touched_params = _touched(team_id, repo, names, branch, since)
    # One text for both dialects.
    return _fetchall(
        f"SELECT 1, c.* FROM ({callers_sql}) c UNION ALL SELECT 0, t.*, NULL, NULL FROM ({touched_sql}) t",
        callers_params + touched_params,
    )
