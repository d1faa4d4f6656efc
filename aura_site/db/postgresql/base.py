"""Django's PostgreSQL backend with the before-commit hook (aura_site.db.hooks)
and a schema editor that adds no LIKE indexes to id columns (schema.py)."""

from django.db.backends.postgresql import base

from aura_site.db.hooks import BeforeCommitMixin

from .schema import DatabaseSchemaEditor


class DatabaseWrapper(BeforeCommitMixin, base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
