from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Event log"

    def ready(self):
        from . import receivers  # noqa: F401  (token.revoked from accounts; team sync pushes)
        from .log import add_waker, on_sequenced
        from .wakeup import notify
        from .webhooks import queue_deliveries

        on_sequenced(queue_deliveries)
        add_waker(notify)
