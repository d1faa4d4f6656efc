"""WSGI entry point: gunicorn workers serve the REST API in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aura_site.settings")

application = get_wsgi_application()
