"""WSGI entry point: gunicorn workers serve the REST API in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aura_site.settings")

from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402

# /static/ (the /docs/ pages' scripts, the admin's styles) is served from the
# installed apps' static files: no collectstatic or CDN needed.
application = StaticFilesHandler(get_wsgi_application())
