"""Django's PostgreSQL schema editor, without the ``varchar_pattern_ops``
twin it adds to every indexed string column for ``LIKE`` queries — for the
columns that hold ids (primary keys, foreign keys, our prefixed ids). Ids
are only ever matched whole; the twin index was one more write on every
insert and on every update of a row (an impact is updated each time an
intent raises it again)."""

from django.db.backends.postgresql import schema

from aura_site.api.ids import PrefixedId


def holds_ids(field):
    return field.primary_key or field.is_relation or isinstance(field.default, PrefixedId)


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def _create_like_index_sql(self, model, field):
        if holds_ids(field):
            return None
        return super()._create_like_index_sql(model, field)
