from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "aura_site.api"
    label = "api"
    verbose_name = "API machinery"

    def ready(self):
        from . import checks  # noqa: F401  (registers system checks)
        from . import schema  # noqa: F401  (registers the OpenAPI authentication schemes)

        from django.urls import register_converter

        from .ids import IdConverter

        register_converter(IdConverter, "aura_id")  # <aura_id:pk>: an id's shape, else 404
