"""The messages' raw SQL: the statements the ORM cannot write, by name.

Many rows travel as one JSON parameter (``aura_site.db.rows``)."""

from django.db import connection

from aura_site.db.rows import json_rows, rows_param

from .models import Message

_SENTINEL_ROWS = {"id": "text", "body": "text", "subject_type": "text", "subject_id": "text"}


def insert_sentinel_broadcasts(team_id, created_at, rows):
    """Insert server broadcasts ({id, body, subject_type, subject_id}) of one
    team and time in one statement.

    Raw: ``INSERT … SELECT`` from one JSON parameter — ``bulk_create`` sends
    one array per column, whose every element psycopg quotes in Python, and
    builds a model instance per row."""
    q = connection.ops.quote_name
    shared = {
        "team_id": team_id, "channel": "sentinel", "sender_name": "sentinel",
        "created_at": Message._meta.get_field("created_at").get_db_prep_value(created_at, connection),
    }
    columns = [*shared, *_SENTINEL_ROWS]
    sql = (
        f"INSERT INTO {q(Message._meta.db_table)} ({', '.join(q(c) for c in columns)}) "
        f"SELECT {', '.join(['%s'] * len(shared))}, {', '.join(f'r.{q(c)}' for c in _SENTINEL_ROWS)} "
        f"FROM {json_rows(connection, _SENTINEL_ROWS)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*shared.values(), rows_param(rows)])
