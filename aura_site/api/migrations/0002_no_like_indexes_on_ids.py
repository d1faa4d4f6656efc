"""Drop the ``varchar_pattern_ops`` twin indexes that Django's PostgreSQL
schema editor added to id columns (primary keys, foreign keys, prefixed
ids) before the mothership's own editor stopped adding them
(``aura_site/db/postgresql/schema.py``). Ids are only matched whole; each
twin was one more index write per row. Nothing to do on SQLite."""

from django.db import migrations

from aura_site.db.postgresql.schema import holds_ids

APPS = ("api", "accounts", "events", "intents", "impacts", "aura_messages", "snapshots", "zones", "prove")


def drop_like_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    for label in APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            for field in model._meta.local_fields:
                if not (holds_ids(field) and (field.db_index or field.unique)):
                    continue
                if not (field.db_type(connection) or "").startswith("varchar"):
                    continue
                name = schema_editor._create_index_name(model._meta.db_table, [field.column], suffix="_like")
                schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("accounts", "0001_initial"),
        ("events", "0003_team_indexes_covered"),
        ("intents", "0002_covering_time_indexes"),
        ("impacts", "0003_refresh_in_place"),
        ("aura_messages", "0003_team_index_covered"),
        ("snapshots", "0002_blob_team_index_covered"),
        ("zones", "0001_initial"),
        ("prove", "0001_initial"),
    ]

    operations = [migrations.RunPython(drop_like_indexes, migrations.RunPython.noop)]
