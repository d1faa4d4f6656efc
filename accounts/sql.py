"""The accounts' raw SQL: the statements the ORM cannot write, by name.

Each function runs one statement and says why it is not the ORM. Where
PostgreSQL and SQLite differ, both texts stand side by side, picked by
``connection.vendor``.
"""

from django.db import connection

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


def record_use(token_id, member_ids, now, older_than):
    """Set the token's ``last_used_at`` and the members' ``last_seen_at`` to
    ``now`` where they are empty or not after ``older_than`` (another
    process may have recorded the same minute already: its row is left as
    it is). ``token_id`` None: the members only. One statement on PostgreSQL
    (the token's ``UPDATE`` as a data-modifying ``WITH`` part), one per
    table on SQLite.

    Use times are best effort: on PostgreSQL a row another transaction has
    locked is skipped (``FOR UPDATE SKIP LOCKED``), so recording use never
    waits, and one statement holding a token and its members can never
    deadlock with a transaction that locks them in the other order (a
    user's deletion, say).

    Raw: the ORM writes one ``UPDATE`` per table, a round trip each, on a
    request that records use (about one in three of a busy server's), and
    has no ``SKIP LOCKED`` in an ``UPDATE``."""
    q = connection.ops.quote_name
    pg = connection.vendor == "postgresql"
    db_now = Token._meta.get_field("last_used_at").get_db_prep_value(now, connection)
    db_older = Token._meta.get_field("last_used_at").get_db_prep_value(older_than, connection)

    def update(model, column, ids):
        table, pk, col = q(model._meta.db_table), q("id"), q(column)
        due = f"{pk} IN ({', '.join(['%s'] * len(ids))}) AND ({col} IS NULL OR {col} <= %s)"
        if pg:
            due = f"{pk} IN (SELECT {pk} FROM {table} WHERE {due} FOR UPDATE SKIP LOCKED)"
        return f"UPDATE {table} SET {col} = %s WHERE {due}", [db_now, *ids, db_older]

    parts = []
    if token_id is not None:
        parts.append(update(Token, "last_used_at", [token_id]))
    if member_ids:
        parts.append(update(Member, "last_seen_at", member_ids))
    if pg and len(parts) == 2:
        (token_sql, token_params), (member_sql, member_params) = parts
        parts = [(f"WITH t AS ({token_sql}) {member_sql}", [*token_params, *member_params])]
    with connection.cursor() as cursor:
        for sql, params in parts:
            cursor.execute(sql, params)
