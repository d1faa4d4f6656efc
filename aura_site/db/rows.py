"""Many rows as one JSON parameter.

    source = json_rows(connection, {"name": "text", "deleted": "boolean", "after": "jsonb"})
    cursor.execute(f"INSERT INTO t (name, deleted, after) SELECT r.name, r.deleted, r.after FROM {source} WHERE true",
                   [rows_param([{"name": ..., "deleted": ..., "after": ...}, ...])])

``json_rows`` is a FROM item, aliased ``r``, with one ``%s`` for the rows:
``jsonb_to_recordset`` on PostgreSQL, ``json_each`` on SQLite. A JSON null
reads as SQL NULL in any column, as Django stores ``None`` in a JSONField.

Why: a multi-row ``VALUES`` list takes one placeholder per value, and
psycopg quotes each in Python and parses a long statement anew every time
(it caches only short ones); ``bulk_create`` builds a model instance per row
on top. One JSON parameter is one placeholder for any number of rows, and
the statement's text does not change with their number.

(``WHERE true`` lets SQLite parse ``INSERT … SELECT … ON CONFLICT``.)
"""

import json

TYPES = {"text", "integer", "bigint", "boolean", "jsonb", "timestamptz"}


def json_rows(connection, columns, alias="r"):
    """The FROM item reading ``columns`` ({name: PostgreSQL type}) out of a
    JSON array of objects passed as one parameter."""
    q = connection.ops.quote_name
    for name, kind in columns.items():
        if kind not in TYPES or not name.isidentifier():
            raise ValueError(f"json_rows: {name!r} {kind!r}")
    if connection.vendor == "postgresql":
        spec = ", ".join(f"{q(name)} {kind}" for name, kind in columns.items())
        return f"jsonb_to_recordset(%s::jsonb) AS {alias}({spec})"
    picks = ", ".join(f"{_sqlite_pick(name, kind)} AS {q(name)}" for name, kind in columns.items())
    return f"(SELECT {picks} FROM json_each(%s)) AS {alias}"


def _sqlite_pick(name, kind):
    """SQLite's value of one member of a row. ``json_extract`` gives SQL
    values: right for every type but ``jsonb``, where a string must stay
    quoted and ``true``/``false`` must not become 1/0 (an object or an array
    comes back as its JSON text already)."""
    path = f"'$.{name}'"
    if kind != "jsonb":
        return f"json_extract(value, {path})"
    return (f"(CASE json_type(value, {path}) WHEN 'null' THEN NULL "
            f"WHEN 'text' THEN json_quote(json_extract(value, {path})) "
            f"WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE json_extract(value, {path}) END)")


def rows_param(rows):
    """The parameter for ``json_rows``: the rows (dicts) as compact JSON."""
    return json.dumps(rows, separators=(",", ":"))


def insert_rows(connection, model, shared, columns, rows):
    """Insert ``rows`` (dicts of ``columns``, {name: PostgreSQL type}) into
    ``model``'s table, each with the ``shared`` values ({column: value
    prepared for the database}): one ``INSERT … SELECT`` from one JSON
    parameter, whatever the number of rows."""
    q = connection.ops.quote_name
    names = ", ".join(q(c) for c in (*shared, *columns))
    sql = (
        f"INSERT INTO {q(model._meta.db_table)} ({names}) "
        f"SELECT {', '.join(['%s'] * len(shared))}, {', '.join(f'r.{q(c)}' for c in columns)} "
        f"FROM {json_rows(connection, columns)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*shared.values(), rows_param(rows)])


def json_time(connection, value):
    """An aware datetime as a JSON row's ``timestamptz`` (ISO 8601 on
    PostgreSQL; on SQLite the text Django stores)."""
    prepared = connection.ops.adapt_datetimefield_value(value)
    return prepared.isoformat() if hasattr(prepared, "isoformat") else prepared
