"""Database backends: Django's PostgreSQL and SQLite backends with a hook
that runs just before a transaction commits (see ``hooks``)."""
