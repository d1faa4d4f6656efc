"""The accounts' raw SQL: the statements the ORM cannot write, by name.

Each function runs one statement and says why it is not the ORM. Where
PostgreSQL and SQLite differ, both texts stand side by side, picked by
``connection.vendor``.
"""

from django.db import connection

from aura_site.db.rows import json_rows, json_time, rows_param

from .models import Member, Team, Token


def select_token_with_members(candidates):
    """The token whose digest is one of ``candidates``, its user, and the
    user's members in the token's teams with their teams: ``(parts, rows)``,
    ``parts`` the ``(model, concrete fields)`` of the Token, its user, the
    Member and the Team in the order their columns come in each row; one row
    per team of the token (Member and Team columns NULL where the user is
    not a member), by team slug.

    Raw: one statement for what the ORM reads in two — ``select_related``
    does not follow a many-to-many (the token's teams), so the members would
    be a second query, run on every API request. The text and the parts
    are made once per process (per dialect and number of candidates)."""
    parts, sql = _token_with_members_statement(connection.vendor, len(candidates))
    with connection.cursor() as cursor:
        cursor.execute(sql, candidates)
        rows = cursor.fetchall()
    return parts, rows


_STATEMENTS = {}


def _token_with_members_statement(vendor, n):
    if (vendor, n) in _STATEMENTS:
        return _STATEMENTS[vendor, n]
    q = connection.ops.quote_name
    through = Token.teams.through._meta
    user_model = Token._meta.get_field("user").related_model
    aliased = [(model, alias, model._meta.concrete_fields)
               for model, alias in ((Token, "tk"), (user_model, "u"), (Member, "m"), (Team, "tm"))]
    columns = ", ".join(f"{alias}.{q(f.column)}" for _, alias, fields in aliased for f in fields)
    # One text for both dialects.
    sql = (
        f"SELECT {columns} FROM {q(Token._meta.db_table)} tk "
        f"JOIN {q(user_model._meta.db_table)} u ON u.{q(user_model._meta.pk.column)} = tk.{q('user_id')} "
        f"LEFT JOIN {q(through.db_table)} tt ON tt.{q(through.get_field('token').column)} = tk.{q('id')} "
        f"LEFT JOIN {q(Member._meta.db_table)} m ON m.{q('team_id')} = tt.{q(through.get_field('team').column)} "
        f"AND m.{q('user_id')} = tk.{q('user_id')} "
        f"LEFT JOIN {q(Team._meta.db_table)} tm ON tm.{q('id')} = m.{q('team_id')} "
        f"WHERE tk.{q('digest')} IN ({', '.join(['%s'] * n)}) ORDER BY tm.{q('slug')}"
    )
    _STATEMENTS[vendor, n] = [(model, fields) for model, _, fields in aliased], sql
    return _STATEMENTS[vendor, n]


def record_use(token_times, member_times, resolution):
    """Set each token's ``last_used_at`` and each member's ``last_seen_at``
    to its time ({id: aware datetime}) where the row holds none, or one at
    least ``resolution`` older (another process may have recorded the same
    minute already: its row is left as it is). One statement for any number
    of rows on PostgreSQL (the tokens' ``UPDATE`` as a data-modifying
    ``WITH`` part), one per table on SQLite; the rows travel as one JSON
    parameter (``aura_site.db.rows``).

    Use times are best effort: on PostgreSQL a row another transaction has
    locked is skipped (``FOR NO KEY UPDATE SKIP LOCKED``), so recording use
    never waits, and one statement holding tokens and members can never
    deadlock with a transaction that locks them in the other order (a
    user's deletion, say). ``NO KEY``: the lock an ``UPDATE`` of a non-key
    column takes, which a foreign key's check (a push's rows referencing
    the member) does not wait for.

    Raw: the ORM writes one ``UPDATE`` per value, has no ``UPDATE … FROM``
    a set of rows and no ``SKIP LOCKED`` in an ``UPDATE``; the writer
    (``accounts.usetimes``) hands over a few hundred rows at a time."""
    q = connection.ops.quote_name
    pg = connection.vendor == "postgresql"
    columns = {"id": "text", "at": "timestamptz", "older": "timestamptz"}

    def update(model, column, times):
        table, col = q(model._meta.db_table), q(column)
        rows = rows_param([{"id": pk, "at": json_time(connection, at),
                            "older": json_time(connection, at - resolution)} for pk, at in times.items()])
        if pg:  # the due rows, locked (skipping those another transaction holds), then written
            return (f"UPDATE {table} AS x SET {col} = v.at FROM (SELECT y.{q('id')}, r.at "
                    f"FROM {json_rows(connection, columns)} JOIN {table} AS y ON y.{q('id')} = r.{q('id')} "
                    f"WHERE y.{col} IS NULL OR y.{col} <= r.older FOR NO KEY UPDATE OF y SKIP LOCKED) AS v "
                    f"WHERE x.{q('id')} = v.{q('id')}"), [rows]
        return (f"UPDATE {table} SET {col} = r.at FROM {json_rows(connection, columns)} "
                f"WHERE {table}.{q('id')} = r.{q('id')} AND ({table}.{col} IS NULL OR {table}.{col} <= r.older)"), [rows]

    parts = []
    if token_times:
        parts.append(update(Token, "last_used_at", token_times))
    if member_times:
        parts.append(update(Member, "last_seen_at", member_times))
    if pg and len(parts) == 2:
        (token_sql, token_params), (member_sql, member_params) = parts
        parts = [(f"WITH t AS ({token_sql}) {member_sql}", [*token_params, *member_params])]
    with connection.cursor() as cursor:
        for sql, params in parts:
            cursor.execute(sql, params)
