"""Django's SQLite backend with the before-commit hook (aura_site.db.hooks)."""

from django.db.backends.sqlite3 import base

from aura_site.db.hooks import BeforeCommitMixin


class DatabaseWrapper(BeforeCommitMixin, base.DatabaseWrapper):
    pass
