"""The snapshots' raw SQL: the statements the ORM cannot write, by name.

Each function runs one statement and says why it is not the ORM. Where
PostgreSQL and SQLite differ, both texts stand side by side, picked by
``connection.vendor``.
"""

from django.db import connection

from .models import Blob


def insert_blob(team_id, sha256, size, is_text, created_at):
    """Insert the team's Blob row for the content unless the team has it; the
    new row's id, or None when it was there (or a concurrent upload of the
    same bytes inserted it: the statement waits on the unique index).

    Raw: ``INSERT … ON CONFLICT DO NOTHING RETURNING`` — the ORM's
    ``bulk_create(ignore_conflicts=True)`` does not return the id, and
    ``get_or_create`` costs a read, a savepoint and the insert."""
    q = connection.ops.quote_name
    created_at = Blob._meta.get_field("created_at").get_db_prep_value(created_at, connection)
    # One text for both: PostgreSQL and SQLite (≥ 3.35) both have ON CONFLICT … RETURNING.
    sql = (
        f"INSERT INTO {q(Blob._meta.db_table)} ({q('team_id')}, {q('sha256')}, {q('size')}, {q('is_text')}, "
        f"{q('created_at')}) VALUES (%s, %s, %s, %s, %s) "
        f"ON CONFLICT ({q('team_id')}, {q('sha256')}) DO NOTHING RETURNING {q('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [team_id, sha256, size, is_text, created_at])
        row = cursor.fetchone()
    return None if row is None else row[0]
