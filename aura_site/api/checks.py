"""System checks for deployment shapes that would silently misbehave."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def redis_required_for_many_processes(app_configs, **kwargs):
    if settings.REDIS_URL:
        return []
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("postgresql"):
        return [
            Warning(
                "PostgreSQL without REDIS_URL: rate limits and event wake-ups stay inside one process.",
                hint="Set REDIS_URL when more than one process serves the API (gunicorn + daphne).",
                id="aura.W001",
            )
        ]
    return []
