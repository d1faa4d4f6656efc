"""An impact refreshed by a repeat is updated in place on PostgreSQL (a HOT
update, no index writes): no index on what a refresh changes (detected_at,
intent), and room left in each page for the new row version."""

import django.db.models.deletion
from django.db import migrations, models


def leave_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE impacts_impact SET (fillfactor = 70)")


def fill_up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE impacts_impact RESET (fillfactor)")


class Migration(migrations.Migration):

    dependencies = [
        ('impacts', '0002_partial_member_indexes'),
        ('intents', '0002_covering_time_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='impact',
            name='impact_team_detected',
        ),
        migrations.AlterField(
            model_name='impact',
            name='intent',
            field=models.ForeignKey(blank=True, db_index=False, help_text='The intent that raised it last (none when a client reported it).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='intents.intent'),
        ),
        migrations.RunPython(leave_room, fill_up),
    ]
