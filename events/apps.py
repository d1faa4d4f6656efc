from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Event log"

    def ready(self):
        from . import receivers  # noqa: F401  (token.revoked from accounts)
