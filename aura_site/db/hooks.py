"""Work that must run at the very end of a transaction, just before COMMIT.

Django has ``on_commit`` (after the commit) but nothing before it. The event
log needs a moment inside the transaction that comes after everything else
the transaction does: it hands out sequence numbers there, so the lock on
the sequence counter is held only for the commit itself (``events.log``).

    from aura_site.db.hooks import before_commit
    before_commit(fn)   # fn(connection), before every commit of every transaction

The hook runs when the outermost atomic block commits (``commit()``), and —
under Django's test cases, whose own atomic blocks never commit — when the
outermost block that is not the test case's releases its savepoint, which is
the moment that block would have committed. A hook that raises makes the
commit fail and the transaction roll back (whatever it raises reaches the
caller as a ``DatabaseError``, the one kind of error on which Django's atomic
blocks roll back instead of committing). A hook runs inside ``commit()``,
outside any atomic block: it may read and write, but not use ``on_commit``.
"""

from django.db import DatabaseError

_hooks = []


def before_commit(fn):
    if fn not in _hooks:
        _hooks.append(fn)
    return fn


def run_before_commit(connection):
    try:
        for fn in list(_hooks):
            fn(connection)
    except DatabaseError:
        raise
    except Exception as exc:
        raise DatabaseError(f"work before COMMIT failed: {exc!r}") from exc


def only_test_blocks_remain(connection):
    """True when every open atomic block is a test case's: what runs now
    would, outside the tests, be outside any transaction."""
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class BeforeCommitMixin:
    """Mixed into a backend's DatabaseWrapper."""

    # Set when work of this connection was undone (a rollback, a savepoint's
    # rollback, a close): hooks that keep lists of what the transaction wrote
    # must then check which of it is still there (``events.log``).
    aura_undone = False

    def commit(self):
        if not self.get_autocommit():
            run_before_commit(self)
        super().commit()

    def rollback(self):
        self.aura_undone = True
        super().rollback()

    def savepoint_rollback(self, sid):
        self.aura_undone = True
        super().savepoint_rollback(sid)

    def close(self):
        # Closing between transactions (the end of every request) undoes
        # nothing; closing inside one loses it.
        if self.in_atomic_block or not self.autocommit:
            self.aura_undone = True
        super().close()

    def savepoint_commit(self, sid):
        super().savepoint_commit(sid)
        if self.in_atomic_block and self.atomic_blocks and only_test_blocks_remain(self):
            run_before_commit(self)
