"""The pool's check (aura_site/db/postgresql/base.py): a healthy idle
connection is handed out without a round trip; one whose backend was
terminated (or with anything else to read) is asked, and a dead one refused."""

import time

import psycopg
import pytest
from psycopg_pool import ConnectionPool

from aura_site.db.postgresql.base import check_connection
from tests.conftest import need_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture
def conninfo():
    need_postgres()
    from django.db import connection

    s = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=s["NAME"], host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432, user=s["USER"], password=s["PASSWORD"] or None,
    )


@pytest.fixture
def asked(monkeypatch):
    calls = []
    real = ConnectionPool.check_connection

    def counting(conn):
        calls.append(conn)
        return real(conn)

    monkeypatch.setattr(ConnectionPool, "check_connection", counting)
    return calls


def test_a_healthy_idle_connection_is_not_asked(conninfo, asked):
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SELECT 1").fetchall()
        check_connection(conn)
        assert asked == []


def test_a_terminated_connection_is_asked_and_refused(conninfo, asked):
    with psycopg.connect(conninfo, autocommit=True) as conn, psycopg.connect(conninfo, autocommit=True) as admin:
        pid = conn.info.backend_pid
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 5
        while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            assert time.monotonic() < deadline
            time.sleep(0.05)
        with pytest.raises(psycopg.OperationalError):
            check_connection(conn)
        assert asked == [conn]


def test_a_connection_with_something_to_read_is_asked_and_kept(conninfo, asked):
    with psycopg.connect(conninfo, autocommit=True) as conn, psycopg.connect(conninfo, autocommit=True) as admin:
        conn.execute("LISTEN aura_pool_check")
        admin.execute("NOTIFY aura_pool_check")
        time.sleep(0.2)
        check_connection(conn)  # readable: asked, and alive
        assert asked == [conn]


def test_the_pool_uses_it(db):
    need_postgres()
    from django.db import connection

    assert connection.pool._check is check_connection
