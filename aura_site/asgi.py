"""ASGI entry point: daphne serves everything in the embedded default, and the
event stream (/v1/events?subscribe=true) in the production shape."""

import os
from http import HTTPStatus

from django.core.asgi import get_asgi_application


def add_reason_phrases():
    """daphne writes its status lines with twisted's reason table, which
    lacks 422, 423, 426, 429 and others ("423 Unknown Status"): add the
    standard phrase of every status it misses, once, before serving."""
    try:
        from twisted.web import http
    except ImportError:  # not under daphne
        return
    for status in HTTPStatus:
        http.RESPONSES.setdefault(status.value, status.phrase.encode("ascii"))


add_reason_phrases()

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aura_site.settings")

django_application = get_asgi_application()

from aura_site.routing import application  # noqa: E402,F401
