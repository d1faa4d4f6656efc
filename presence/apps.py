from django.apps import AppConfig


class PresenceConfig(AppConfig):
    name = "presence"
    verbose_name = "Presence"

    def ready(self):
        from messages.posting import read_changed

        from .answer import reads_changed

        def on_read(sender, team_id, member_id, **kwargs):
            reads_changed(team_id, member_id)

        read_changed.connect(on_read, dispatch_uid="presence.reads_changed", weak=False)
