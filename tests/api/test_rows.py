"""Many rows as one JSON parameter (aura_site/db/rows.py): every type reads
back as the ORM wrote it, on PostgreSQL and on SQLite."""

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aura_site.db.rows import json_rows, json_time, rows_param

COLUMNS = {"t": "text", "i": "bigint", "b": "boolean", "j": "jsonb", "at": "timestamptz"}

# Text as JSON holds it: no lone surrogate; and PostgreSQL's jsonb holds no
# NUL character (\u0000), in any JSONField there too.
chars = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
text = st.text(chars, max_size=20)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53, 2**53) | text
    # Below 2**53: PostgreSQL's jsonb keeps a number as numeric, so a float
    # past it comes back as the integer its shortest decimal names (as in
    # any JSONField there), not as the float sent.
    | st.floats(min_value=-2.0**40, max_value=2.0**40, allow_nan=False, width=32),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(chars, max_size=5), inner, max_size=3),
    max_leaves=8,
)


def read(rows):
    """The rows as the database reads them out of ``json_rows``, each JSON
    value parsed as a JSONField would parse it."""
    import json

    names = ", ".join(f"r.{connection.ops.quote_name(c)}" for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {json_rows(connection, COLUMNS)}", [rows_param(rows)])
        out = []
        for t, i, b, j, at in cursor.fetchall():
            if isinstance(j, str):  # text on SQLite (and psycopg's jsonb when asked as text)
                j = json.loads(j)
            out.append({"t": t, "i": i, "b": bool(b) if b is not None else None, "j": j, "at": at})
        return out


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values)
def test_a_jsonb_member_reads_back_as_the_same_json(value):
    (row,) = read([{"t": "x", "i": 1, "b": True, "j": value, "at": None}])
    if value is None:
        assert row["j"] is None  # a JSON null is SQL NULL, as Django stores None
    else:
        assert row["j"] == value


@pytest.mark.django_db
def test_scalars_and_missing_members():
    now = timezone.now()
    rows = [
        {"t": "a 'quoted' \"text\"", "i": 2**40, "b": False, "j": "a string", "at": json_time(connection, now)},
        {"t": None, "i": None, "b": None, "j": True, "at": None},
        {"j": False},  # the rest missing: NULL
    ]
    got = read(rows)
    assert got[0]["t"] == "a 'quoted' \"text\"" and got[0]["i"] == 2**40 and got[0]["b"] is False
    assert got[0]["j"] == "a string"
    assert got[1] == {"t": None, "i": None, "b": None, "j": True, "at": None}
    assert got[2]["j"] is False and got[2]["t"] is None and got[2]["i"] is None
