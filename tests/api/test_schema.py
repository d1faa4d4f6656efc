"""The database schema on PostgreSQL: id columns carry no LIKE twin index
(aura_site/db/postgresql/schema.py), and the migration that drops the twins
an older schema editor made finds and removes them."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from aura_site.db.postgresql.schema import holds_ids
from tests.conftest import need_postgres

migration = importlib.import_module("aura_site.api.migrations.0002_no_like_indexes_on_ids")


def _like_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND indexdef LIKE %s", ["%pattern_ops%"]
        )
        return cursor.fetchall()


def _id_columns():
    out = set()
    for label in migration.APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            for field in model._meta.local_fields:
                if holds_ids(field):
                    out.add((model._meta.db_table, field.column))
    return out


@pytest.mark.django_db
def test_id_columns_have_no_like_index_and_other_strings_keep_theirs():
    need_postgres()
    ids = _id_columns()
    assert ("impacts_impact", "id") in ids and ("intents_intent", "author_id") in ids
    found = _like_indexes()
    on_ids = [(table, d) for table, _, d in found if any(t == table and f"({c} " in d for t, c in ids)]
    assert on_ids == []
    # Only id columns lose the twin: Django's own unique strings keep theirs.
    assert any(table == "auth_user" for table, _, _ in found)


@pytest.mark.django_db
def test_the_migration_drops_twins_made_by_an_older_editor():
    need_postgres()
    from django.db.backends.postgresql.schema import DatabaseSchemaEditor

    model = apps.get_model("intents", "Intent")
    with DatabaseSchemaEditor(connection) as editor:  # Django's own editor adds them
        for name in ("id", "author"):
            editor.execute(editor._create_like_index_sql(model, model._meta.get_field(name)))
    assert len([name for table, name, _ in _like_indexes() if table == "intents_intent"]) == 2
    with connection.schema_editor() as editor:
        migration.drop_like_indexes(apps, editor)
    assert [name for table, name, _ in _like_indexes() if table == "intents_intent"] == []
