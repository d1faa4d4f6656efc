from django.apps import AppConfig


class MessagesConfig(AppConfig):
    name = "messages"
    label = "aura_messages"
    verbose_name = "Messages"

    def ready(self):
        from . import sentinel  # noqa: F401  (server messages on impact.detected, zone.blocked)
