"""Django's PostgreSQL backend with the before-commit hook (aura_site.db.hooks),
a schema editor that adds no LIKE indexes to id columns (schema.py), and a
pool check that asks the server only when the connection has something to say.

psycopg's ``ConnectionPool.check_connection`` (what ``CONN_HEALTH_CHECKS``
installs) sends an empty statement to the server before every request gets a
connection: a round trip per request, on the worker and on PostgreSQL. An
idle connection whose server went away (a restart, a terminated backend) has
been sent the server's last words or an end of file, so its socket is
readable; one whose socket has nothing to read is as alive as a round trip
would find it. ``check_connection`` below looks at the socket (a poll with no
wait) and runs psycopg's check only when it is readable, or the connection is
not idle and open: a dead connection is still never handed to a request
(docs/security.md, "Outages and the production front")."""

import select

import psycopg
from django.db.backends.postgresql import base
from psycopg import pq
from psycopg_pool import ConnectionPool

from aura_site.db.hooks import BeforeCommitMixin

from .schema import DatabaseSchemaEditor


def check_connection(conn):
    """The pool's check before it hands out ``conn``: raises when it is dead."""
    if not conn.closed and conn.pgconn.transaction_status == pq.TransactionStatus.IDLE:
        try:
            poller = select.poll()
            poller.register(conn.pgconn.socket, select.POLLIN | select.POLLPRI)
            if not poller.poll(0):
                return  # nothing to read: no termination notice, no end of file
        except (OSError, ValueError, psycopg.Error):  # no socket to look at: ask the server
            pass
    ConnectionPool.check_connection(conn)


class DatabaseWrapper(BeforeCommitMixin, base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor

    @property
    def pool(self):
        pool = super().pool
        # Django gives the pool psycopg's own check when CONN_HEALTH_CHECKS is on.
        if pool is not None and pool._check is ConnectionPool.check_connection:
            pool._check = check_connection
        return pool
