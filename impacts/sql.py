"""The raw SQL of impact detection: each statement one function, its
PostgreSQL and SQLite dialects side by side (picked by ``connection.vendor``),
with a line on why it is not the ORM.

    lock_statement(team)                        -> (sql, params) | None
    take_team_lock(team)
    refresh(team, rows, rows_json, intent_id, now, lock)
        -> {key: (pk, severity before)}
    changes_elsewhere(team, repo, branch, names, since, lock=…)
        -> (changes, callers, touched_here)
    function_sql(alias)                         -> the SQL of a change's function

``team`` is a Team or its id everywhere. The graph and intent tables are read
directly (``intents.models`` names them); nothing here writes them.
"""

import json

from django.db import connection

from aura_site.api.ids import id_at
from aura_site.db.rows import json_rows
from intents.graph import JSONText
from intents.models import DETECTING, Intent, IntentNode, LogicEdge, LogicNode

from .models import ACTIVE, Impact

LOCK_NAMESPACE = 0x41757261  # "Aura": the first key of this module's advisory locks

KEY = ("repo", "function", "other_branch", "your_branch", "change")
# Literals, not parameters: the planner matches them to the partial indexes' predicates.
_ACTIVE_LITERALS = ", ".join(f"'{status}'" for status in ACTIVE)
_DETECTING_LITERALS = ", ".join(f"'{change}'" for change in DETECTING)
_REFRESH_TYPES = {
    **{k: "text" for k in KEY}, "severity": "text", "after": "jsonb", "before": "jsonb", "callers": "jsonb",
    "callers_count": "integer", "intent_id": "text",
}


def _team_id(team):
    return getattr(team, "pk", team)


def _q(name):
    return connection.ops.quote_name(name)


# --- the team's impact lock --------------------------------------------------------------


def lock_statement(team):
    """``(sql, params)`` taking the team's impact lock, or None (SQLite has one
    writer anyway). Raw: an advisory lock has no ORM form."""
    if connection.vendor != "postgresql":
        return None
    return "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [LOCK_NAMESPACE, str(_team_id(team))]


def take_team_lock(team):
    """Take the team's impact lock until the transaction ends (PostgreSQL;
    nothing on SQLite). Raw: see ``lock_statement``."""
    statement = lock_statement(team)
    if statement is not None:
        with connection.cursor() as cursor:
            cursor.execute(*statement)


# --- the refresh of active impacts -------------------------------------------------------


def _active(team, rows):
    """{key: (pk, severity)} of the active impacts matching ``rows`` (SQLite
    reads them before its ``UPDATE``, which cannot return the old values)."""
    keys = {tuple(row[k] for k in KEY) for row in rows}
    found = {}
    for pk, *key, level in Impact.objects.filter(
        team_id=_team_id(team), status__in=ACTIVE, repo__in={k[0] for k in keys},
        function__in={k[1] for k in keys}, other_branch__in={k[2] for k in keys},
        your_branch__in={k[3] for k in keys},
    ).values_list("pk", *KEY, "severity"):
        if tuple(key) in keys:
            found[tuple(key)] = (pk, level)
    return found


def refresh(team, rows, rows_json, intent_id, now, lock=None):
    """Count a repeat on each active impact a row matches, in one statement;
    returns {key: (pk, severity before)} of those.

    ``rows``: dicts of the key, ``severity``, ``after``, ``before`` and, when
    known, ``callers_count`` and ``intent_id``; ``rows_json`` the same as one
    JSON array (with the callers). A repeat adds 1 to occurrences and takes
    ``detected_at``, the row's intent (else ``intent_id``, else the one it
    has), severity, ``after`` and callers; ``before`` only where the impact
    has none.

    Raw: the ORM would need a model instance per impact (and its JSON
    decoded) and a CASE of one WHEN per impact; here the rows travel as one
    JSON parameter matched on the active-impact key (the partial unique
    index). PostgreSQL: the ``UPDATE`` returns each row's severity from
    before it (a self-join reads the row as the statement found it — right
    only because every writer of impact rows takes the team's lock first);
    ``lock``, that lock's statement, goes in the same round trip, ahead of
    the ``UPDATE``. SQLite reads the rows first."""
    q = _q
    table = q(Impact._meta.db_table)
    c = {name: q(name) for name in ("id", "team_id", "status", "occurrences", "detected_at", "intent_id",
                                    "severity", "after", "before", "callers", "callers_count", *KEY)}
    if connection.vendor == "postgresql":
        # Setting callers to an equal value would write it to TOAST again.
        callers = (f"CASE WHEN v.{c['callers']} IS DISTINCT FROM i.{c['callers']} "
                   f"THEN COALESCE(v.{c['callers']}, i.{c['callers']}) ELSE i.{c['callers']} END")
    else:
        callers = f"COALESCE(v.{c['callers']}, i.{c['callers']})"
    update = f"""UPDATE {table} AS i SET {c['occurrences']} = i.{c['occurrences']} + 1,
        {c['detected_at']} = %s, {c['intent_id']} = COALESCE(v.{c['intent_id']}, %s, i.{c['intent_id']}),
        {c['severity']} = v.{c['severity']}, {c['after']} = COALESCE(v.{c['after']}, i.{c['after']}),
        {c['before']} = COALESCE(i.{c['before']}, v.{c['before']}), {c['callers']} = {callers},
        {c['callers_count']} = COALESCE(v.{c['callers_count']}, i.{c['callers_count']})
        FROM {json_rows(connection, _REFRESH_TYPES, alias="v")}{{old}}
        WHERE i.{c['team_id']} = %s AND i.{c['status']} IN ({_ACTIVE_LITERALS})
          AND {" AND ".join(f"i.{c[k]} = v.{c[k]}" for k in KEY)}{{returning}}"""
    params = [Impact._meta.get_field("detected_at").get_db_prep_value(now, connection), intent_id, rows_json,
              _team_id(team)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = update.format(
                old=f", {table} AS old",
                returning=(f" AND old.{c['id']} = i.{c['id']} RETURNING i.{c['id']}, "
                           f"{', '.join(f'i.{c[k]}' for k in KEY)}, old.{c['severity']}"),
            )
            if lock is not None:  # two statements, one round trip: the lock's result comes first
                sql, params = f"{lock[0]}; {sql}", [*lock[1], *params]
            cursor.execute(sql, params)
            if lock is not None:
                cursor.nextset()
            return {tuple(key): (pk, level) for pk, *key, level in cursor.fetchall()}
        found = _active(team, rows)
        if found:
            cursor.execute(update.format(old="", returning=""), params)
        return found


# --- what other branches changed, for the branch that now calls or touches it --------------


def function_sql(alias):
    """The function an intent node's change is about — its name, or for a
    rename the old name — spelled as the index ``intent_node_function``
    spells it (``intents.models.FUNCTION``), so the planner uses it."""
    q = _q
    if connection.vendor == "postgresql":
        old = f"({alias}.{q('before')} ->> 'name')"
    else:
        kind = f"JSON_TYPE({alias}.{q('before')}, '$.\"name\"')"
        old = f"(CASE WHEN {kind} IN ('true','false','null') THEN {kind} " \
              f"ELSE JSON_EXTRACT({alias}.{q('before')}, '$.\"name\"') END)"
    return f"(CASE WHEN {alias}.{q('change')} = 'renamed' THEN {old} ELSE {alias}.{q('name')} END)"


def changes_elsewhere(team, repo, branch, names, since, sample=50, lock=None):
    """What branches of ``repo`` other than ``branch`` changed lately among
    ``names`` (the names an intent on ``branch`` touches or calls), and what
    ``branch`` holds of those functions — in one statement:

    * ``changes``: per (other branch, function, change) the latest intent
      node since ``since`` (``modified``, ``signature_changed``, ``renamed``
      — under its old name — or ``deleted``), as dicts {branch, function,
      change, intent_id, name, kind, path, before, after, closed}; ``closed``:
      an impact of that change on ``branch`` was detected since the change
      and is no longer active (resolved or dismissed: it was said);
    * ``callers``: {function: {"count", "callers"}} — the live nodes of
      ``branch`` that call each changed function (the first ``sample`` by
      name, as ``JSONText``);
    * ``touched_here``: the changed functions an intent on ``branch``
      touched since ``since`` (its graph's nodes, and the old names of its
      renames, which the graph no longer holds).

    ``lock``: the team's lock statement (``lock_statement``), sent ahead in
    the same round trip on PostgreSQL.

    Raw: one round trip for the three parts (a ``WITH`` feeding a
    ``UNION ALL``), the callers aggregated into JSON by the database as
    ``intents.graph`` does, and the function of a change matched through
    the expression index ``intent_node_function``."""
    names = sorted(set(names))
    if not names:
        return [], {}, set()
    q = _q
    pg = connection.vendor == "postgresql"
    node, intent = q(IntentNode._meta.db_table), q(Intent._meta.db_table)
    lnode, edge, impact = q(LogicNode._meta.db_table), q(LogicEdge._meta.db_table), q(Impact._meta.db_table)
    team_id = _team_id(team)
    floor = id_at("itn", since)  # ids are time-ordered: "since" is an id range
    since_db = Intent._meta.get_field("created_at").get_db_prep_value(since, connection)
    fn = function_sql("n")
    if pg:
        names_param = names
        snapshot = (f"json_build_object('name', w.{q('name')}, 'kind', w.{q('kind')}, 'path', w.{q('path')}, "
                    f"'before', w.{q('before')}, 'after', w.{q('after')})::text")
        by_name = 'COLLATE "C"'
        gather = (f"(json_agg(json_build_object('name', s.name, 'path', s.path, 'kind', s.kind) "
                  f"ORDER BY s.name {by_name}) FILTER (WHERE s.rank <= %s))::text")
        typed = "::text"
    else:
        names_param = json.dumps(names)
        snapshot = (f"json_object('name', w.{q('name')}, 'kind', w.{q('kind')}, 'path', w.{q('path')}, "
                    f"'before', json(w.{q('before')}), 'after', json(w.{q('after')}))")
        by_name = ""
        gather = ("json_group_array(json_object('name', s.name, 'path', s.path, 'kind', s.kind)) "
                  "FILTER (WHERE s.rank <= %s)")  # ordered in Python
        typed = ""
    # The window's changes are found through the index and ranked on narrow
    # columns; only the latest per (branch, function, change) is then joined
    # to its intent (its time) and read in full (its snapshot). Joining the
    # intents before that drew the planner to walking every intent of the
    # window in id order.
    def created(alias):
        return f"(SELECT i.{q('created_at')} FROM {intent} i WHERE i.{q('id')} = {alias}.{q('intent_id')})"

    recent = (f"n.{q('team_id')} = %s AND n.{q('repo')} = %s AND n.{q('change')} IN ({_DETECTING_LITERALS}) "
              f"AND n.{q('intent_id')} >= %s")
    narrow = (f"n.{q('branch')} AS branch, {fn} AS fname, n.{q('change')} AS change, "
              f"n.{q('intent_id')} AS intent_id, n.{q('position')} AS position")
    touched = (f"SELECT 1 FROM {node} n WHERE {recent} AND {fn} = f.fname AND n.{q('branch')} = %s "
               f"AND {created('n')} >= %s")
    # PostgreSQL: per name through the index, as a lateral subquery; as an
    # EXISTS the planner, short of statistics, joined the names to a scan of
    # every node of the window (a cost that grew with the team's history).
    touched_part = f"CROSS JOIN LATERAL ({touched} LIMIT 1) hit" if pg else f"WHERE EXISTS ({touched})"
    if pg:
        # Per name, through the index (a lateral subquery, kept one by
        # OFFSET 0): given the set of names to join, the planner priced a
        # scan of all the window's nodes lower, misjudging the cost of the
        # function's expression on every row.
        nodes_of_names = (f"unnest(%s::text[]) AS q(name) CROSS JOIN LATERAL (SELECT {narrow} FROM {node} n "
                          f"WHERE {recent} AND {fn} = q.name AND n.{q('branch')} <> %s OFFSET 0) n")
    else:
        nodes_of_names = (f"(SELECT {narrow} FROM {node} n WHERE {recent} "
                          f"AND {fn} IN (SELECT value FROM json_each(%s)) AND n.{q('branch')} <> %s) n")
    sql = f"""
        WITH h AS (
            SELECT n.branch, n.fname, n.change, n.intent_id, n.position,
                   ROW_NUMBER() OVER (PARTITION BY n.branch, n.fname, n.change
                                      ORDER BY n.intent_id DESC, n.position DESC) AS latest
            FROM {nodes_of_names}
        ), c AS (
            SELECT h.branch, h.fname, h.change, h.intent_id, h.position, i.{q('created_at')} AS created_at
            FROM h JOIN {intent} i ON i.{q('id')} = h.intent_id
            WHERE h.latest = 1 AND i.{q('created_at')} >= %s
        ), f AS (SELECT DISTINCT fname FROM c)
        SELECT 'c' AS part, c.branch, c.fname, c.change, c.intent_id, NULL AS total,
               (SELECT {snapshot} FROM {node} w WHERE w.{q('team_id')} = %s AND w.{q('intent_id')} = c.intent_id
                  AND w.{q('position')} = c.position) AS data,
               EXISTS (SELECT 1 FROM {impact} x
                       WHERE x.{q('team_id')} = %s AND x.{q('repo')} = %s AND x.{q('your_branch')} = %s
                         AND x.{q('function')} = c.fname AND x.{q('other_branch')} = c.branch
                         AND x.{q('change')} = c.change AND x.{q('status')} NOT IN ({_ACTIVE_LITERALS})
                         AND x.{q('detected_at')} >= c.created_at) AS closed
        FROM c
        UNION ALL
        SELECT 'k', NULL, s.callee, NULL, NULL, COUNT(*), {gather}, NULL
        FROM (
            SELECT e.{q('callee')} AS callee, m.{q('name')} AS name, m.{q('path')} AS path, m.{q('kind')} AS kind,
                   ROW_NUMBER() OVER (PARTITION BY e.{q('callee')} ORDER BY m.{q('name')} {by_name}) AS rank
            FROM {edge} e JOIN {lnode} m ON m.{q('id')} = e.{q('caller_id')}
            WHERE e.{q('team_id')} = %s AND e.{q('repo')} = %s AND e.{q('branch')} = %s
              AND e.{q('callee')} IN (SELECT fname FROM f)
        ) s
        GROUP BY s.callee
        UNION ALL
        SELECT 't', NULL, g.{q('name')}{typed}, NULL, NULL, NULL, NULL, NULL FROM {lnode} g
        WHERE g.{q('team_id')} = %s AND g.{q('repo')} = %s AND g.{q('branch')} = %s
          AND g.{q('name')} IN (SELECT fname FROM f) AND g.{q('touched_at')} >= %s
        UNION ALL
        SELECT 't', NULL, f.fname, NULL, NULL, NULL, NULL, NULL FROM f {touched_part}"""
    params = [
        *((names_param, team_id, repo, floor) if pg else (team_id, repo, floor, names_param)), branch,  # h
        since_db,  # c
        team_id,  # the snapshot
        team_id, repo, branch,  # closed
        sample, team_id, repo, branch,  # callers
        team_id, repo, branch, LogicNode._meta.get_field("touched_at").get_db_prep_value(since, connection),
        team_id, repo, floor, branch, since_db,  # touches in the log
    ]
    if pg and lock is not None:  # two statements, one round trip: the lock's result comes first
        sql, params = f"{lock[0]}; {sql}", [*lock[1], *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if pg and lock is not None:
            cursor.nextset()
        rows = cursor.fetchall()
    changes, callers, touched_here = [], {}, set()
    for part, other, function, change, intent_id, total, data, closed in rows:
        if part == "c":
            snap = json.loads(data)
            changes.append({"branch": other, "function": function, "change": change, "intent_id": intent_id,
                            "closed": bool(closed), **snap})
        elif part == "k":
            if pg:
                found = JSONText(data or "[]")
            else:
                found = sorted(json.loads(data) if data else [], key=lambda c: c["name"])
                found = JSONText(json.dumps(found))
            callers[function] = {"count": total, "callers": found}
        else:
            touched_here.add(function)
    changes.sort(key=lambda c: (c["branch"], c["function"], c["change"]))
    return changes, callers, touched_here
