"""ASGI entry point: daphne serves everything in the embedded default, and the
event stream (/v1/events?subscribe=true) in the production shape."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aura_site.settings")

django_application = get_asgi_application()

from aura_site.routing import application  # noqa: E402,F401
