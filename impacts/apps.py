from django.apps import AppConfig


class ImpactsConfig(AppConfig):
    name = "impacts"

    def ready(self):
        from . import detection  # noqa: F401  (subscribes to intent.logged)
