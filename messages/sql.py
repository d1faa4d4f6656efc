"""The messages' raw SQL: the statements the ORM cannot write, by name.

Many rows travel as one JSON parameter (``aura_site.db.rows``)."""

from django.db import connection

from aura_site.db.rows import insert_rows

from .models import Message

_SENTINEL_ROWS = {"id": "text", "body": "text", "subject_type": "text", "subject_id": "text"}


def insert_sentinel_broadcasts(team_id, created_at, rows):
    """Insert server broadcasts ({id, body, subject_type, subject_id}) of one
    team and time in one statement.

    Raw: ``INSERT … SELECT`` from one JSON parameter
    (``aura_site.db.rows.insert_rows``) — ``bulk_create`` sends one array per
    column, whose every element psycopg quotes in Python, and builds a model
    instance per row."""
    shared = {
        "team_id": team_id, "channel": "sentinel", "sender_name": "sentinel",
        "created_at": Message._meta.get_field("created_at").get_db_prep_value(created_at, connection),
    }
    insert_rows(connection, Message, shared, _SENTINEL_ROWS, rows)
