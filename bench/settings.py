"""Bench-only settings: the product's settings, plus a bare DRF view mounted
at /bench/floor (bench/urls.py) as the floor of the throughput benchmark.

    DJANGO_SETTINGS_MODULE=bench.settings gunicorn aura_site.wsgi:application

Never used by the product or the test suite.
"""

from aura_site.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
