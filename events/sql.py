"""The event log's raw SQL: the statements the ORM cannot write, by name.

Each function runs one statement (or one per chunk) on the connection it is
given — the before-commit hook hands over its own — and says why it is not
the ORM. Where PostgreSQL and SQLite differ, both texts stand side by side,
picked by ``connection.vendor``; ``None`` marks what a dialect cannot do.
"""

from accounts.models import Member
from aura_site.db.rows import insert_rows, json_rows, rows_param

from .models import Event, EventCounter, Push, SyncState

_EVENT_ROWS = {"seq": "bigint", "id": "text", "data": "jsonb", "actor": "text"}


def insert_events(connection, events):
    """Insert ``events`` (unsaved, of one team, topic, time and audience) in
    one statement.

    Raw: ``INSERT … SELECT`` from one JSON parameter
    (``aura_site.db.rows.insert_rows``) — ``bulk_create`` sends one array per
    column, whose every element psycopg quotes in Python, and builds each
    row's values through every field; what differs between the rows here is
    four values."""
    first = events[0]
    shared = {
        "team_id": first.team_id, "topic": first.topic,
        "created_at": Event._meta.get_field("created_at").get_db_prep_value(first.created_at, connection),
        "audience_a": first.audience_a, "audience_b": first.audience_b,
    }
    rows = [{"seq": e.seq, "id": e.id, "data": e.data, "actor": e.actor} for e in events]
    insert_rows(connection, Event, shared, _EVENT_ROWS, rows)


def _renumber(q, part, numbers):
    """The ``SET`` expression and ``WHERE`` clause that give each of the
    events in ``part`` (by provisional number) its number in ``numbers``:
    (the CASE, its parameters, the WHERE, its parameters)."""
    cases = " ".join(["WHEN %s THEN %s"] * len(part))
    return (
        f"CASE {q('seq')} {cases} END", [v for e, number in zip(part, numbers) for v in (e.seq, number)],
        f"{q('seq')} IN ({', '.join(['%s'] * len(part))})", [e.seq for e in part],
    )


def advance_counter(connection, n):
    """Add ``n`` to the counter row; its new value, or None when there is no
    row yet. The row stays locked until the transaction ends.

    Raw: ``UPDATE … RETURNING`` — the ORM's ``update()`` returns a row count,
    so the new value would cost a second round trip."""
    counter = connection.ops.quote_name(EventCounter._meta.db_table)
    # One text for both: PostgreSQL and SQLite (≥ 3.35) both have UPDATE … RETURNING.
    sql = f"UPDATE {counter} SET value = value + %s WHERE id = 1 RETURNING value"
    with connection.cursor() as cursor:
        cursor.execute(sql, [n])
        row = cursor.fetchone()
    return None if row is None else row[0]


def advance_counter_and_number(connection, events):
    """Reserve ``len(events)`` numbers and give them to ``events`` (their rows,
    by provisional number) in order, in one statement; the counter's new
    value, or None when there is no counter row yet (nothing is numbered).

    Raw: the counter's ``UPDATE … RETURNING`` feeds the events' ``UPDATE`` in
    a ``WITH`` — data-modifying parts of one statement, which the ORM does not
    write. PostgreSQL only: SQLite has no data-modifying ``WITH``."""
    q = connection.ops.quote_name
    table, counter = q(Event._meta.db_table), q(EventCounter._meta.db_table)
    n = len(events)
    case, case_params, where, where_params = _renumber(q, events, range(1, n + 1))
    sql = {
        "postgresql": (
            f"WITH c AS (UPDATE {counter} SET value = value + %s WHERE id = 1 RETURNING value), "
            f"e AS (UPDATE {table} SET {q('seq')} = c.value - %s + {case} FROM c WHERE {where}) "
            f"SELECT value FROM c"
        ),
        "sqlite": None,  # no data-modifying WITH: the counter, then number()
    }[connection.vendor]
    if sql is None:
        raise NotImplementedError(f"advance_counter_and_number on {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [n, n, *case_params, *where_params])
        row = cursor.fetchone()
    return None if row is None else row[0]


def number(connection, events, first, chunk):
    """Give ``events`` (their rows, by provisional number) the numbers from
    ``first`` on, in order: one ``UPDATE`` per ``chunk`` events.

    Raw: a ``CASE`` of ``WHEN %s THEN %s`` pairs built as text — this runs
    while the counter row is locked, and the ORM's ``Case`` builds an
    expression object per event."""
    q = connection.ops.quote_name
    table = q(Event._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(events), chunk):
            part = events[start:start + chunk]
            case, case_params, where, where_params = _renumber(
                q, part, range(first + start, first + start + len(part))
            )
            # One text for both dialects.
            cursor.execute(f"UPDATE {table} SET {q('seq')} = {case} WHERE {where}", case_params + where_params)


def latest_seq(team_ids):
    """The latest committed event sequence of these teams (0 for none).

    Raw: read on every heartbeat and MCP tool call, so kept to one short
    statement — per team a backward read of the (team, seq) index (a
    ``MAX`` over ``team_id IN (…)`` would read every event of the teams) —
    that the ORM would cost several times over in Python."""
    from django.db import connection

    if not team_ids:
        return 0
    q = connection.ops.quote_name
    one = f"SELECT MAX({q('seq')}) AS m FROM {q(Event._meta.db_table)} WHERE {q('team_id')} = %s"
    sql = f"SELECT MAX(m) FROM ({' UNION ALL '.join([one] * len(team_ids))}) AS latest"
    with connection.cursor() as cursor:
        cursor.execute(sql, list(team_ids))
        row = cursor.fetchone()
    return (row and row[0]) or 0


def events_after(connection, low, team_ids, limit):
    """[(seq, id, team_id, topic, created_at, data, audience_a, audience_b)]:
    the events after ``low`` in ``team_ids``, oldest first, at most ``limit``;
    ``created_at`` an aware datetime, ``data`` decoded.

    Raw: the stream hub runs this on every wake; the ORM spends most of a
    millisecond of CPU building the same statement each time (a filter per
    team id), several times what the database takes to answer it."""
    import datetime as dt
    import json

    from django.utils.dateparse import parse_datetime

    q = connection.ops.quote_name
    table = q(Event._meta.db_table)
    columns = ", ".join(q(c) for c in ("seq", "id", "team_id", "topic", "created_at", "data", "audience_a", "audience_b"))
    team_ids = list(team_ids)
    if not team_ids:
        return []
    sql, params = {
        "postgresql": (
            (f"SELECT {columns} FROM {table} WHERE {q('seq')} > %s AND {q('team_id')} = ANY(%s) "
             f"ORDER BY {q('seq')} LIMIT %s"),
            [low, team_ids, limit],
        ),
        "sqlite": (
            (f"SELECT {columns} FROM {table} WHERE {q('seq')} > %s "
             f"AND {q('team_id')} IN ({', '.join(['%s'] * len(team_ids))}) ORDER BY {q('seq')} LIMIT %s"),
            [low, *team_ids, limit],
        ),
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = []
    for seq, eid, team_id, topic, created_at, data, aud_a, aud_b in rows:
        if isinstance(created_at, str):
            created_at = parse_datetime(created_at)
        if created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=dt.UTC)
        if isinstance(data, (str, bytes)):
            data = json.loads(data)
        out.append((seq, eid, team_id, topic, created_at, data, aud_a, aud_b))
    return out


_AUTHOR_ROWS = {"team_id": "text", "member_id": "text", "at": "timestamptz"}
_PUSH_ROWS = {"team_id": "text", "actor": "text", "repo": "text", "branch": "text", "seq": "bigint",
              "created_at": "timestamptz"}


def note_pushes(connection, authors, pushes):
    """Record each author's last push ({team_id, member_id, at}: the member's
    sync state, made if it has none, for members still in the team) and
    insert the pushes ({team_id, actor, repo, branch, seq, created_at}; a
    push names its actor when the actor is such a member). One statement on
    PostgreSQL (the sync states as a data-modifying ``WITH`` part of the
    pushes' ``INSERT``), two on SQLite. Times as ``rows.json_time`` writes them.

    Raw: an upsert that joins the member (``INSERT … SELECT … ON CONFLICT DO
    UPDATE … RETURNING``) and ``INSERT … SELECT`` from JSON parameters — the
    ORM needs an ``UPDATE``, and for a member's first push an ``EXISTS``, a
    savepoint and a ``get_or_create``, then a statement for the pushes."""
    q = connection.ops.quote_name
    state, member, push = (q(m._meta.db_table) for m in (SyncState, Member, Push))
    upsert = (
        f"INSERT INTO {state} ({q('team_id')}, {q('member_id')}, {q('cursor')}, {q('last_push_at')}) "
        f"SELECT m.{q('team_id')}, m.{q('id')}, 0, a.{q('at')} FROM {json_rows(connection, _AUTHOR_ROWS, alias='a')} "
        f"JOIN {member} m ON m.{q('id')} = a.{q('member_id')} AND m.{q('team_id')} = a.{q('team_id')} WHERE true "
        f"ON CONFLICT ({q('member_id')}) DO UPDATE SET {q('last_push_at')} = excluded.{q('last_push_at')} "
        f"RETURNING {q('member_id')}"
    )

    def insert(found):
        columns = ", ".join(q(c) for c in ("team_id", "member", "repo", "branch", "seq", "created_at"))
        return (
            f"INSERT INTO {push} ({columns}) SELECT r.{q('team_id')}, "
            f"CASE WHEN r.{q('actor')} IN ({found}) THEN r.{q('actor')} END, "
            f"r.{q('repo')}, r.{q('branch')}, r.{q('seq')}, r.{q('created_at')} FROM {json_rows(connection, _PUSH_ROWS)}"
        )

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if pushes:
                found = f"SELECT s.{q('member_id')} FROM s"
                cursor.execute(f"WITH s AS ({upsert}) {insert(found)}",
                               [rows_param(authors), rows_param(pushes)])
            else:
                cursor.execute(upsert, [rows_param(authors)])
            return
        cursor.execute(upsert, [rows_param(authors)])
        found = [row[0] for row in cursor.fetchall()]
        if pushes:
            cursor.execute(insert(", ".join(["%s"] * len(found)) or "NULL"), [*found, rows_param(pushes)])
