"""gunicorn behind deploy/nginx.conf.template (the REST API, the admin, the dashboard).

    gunicorn aura_site.wsgi:application -c deploy/gunicorn.conf.py --workers 2 --bind 127.0.0.1:8000

nginx in front bounds the request line and headers (16 KiB each, 414/431
in the API's error shape); gunicorn's own limits are lifted to that bound so
that its HTML error pages are never reached behind nginx.
"""

worker_class = "sync"
workers = 2  # one or two per core
timeout = 60
graceful_timeout = 30
keepalive = 65  # nginx keeps upstream connections open (upstream keepalive)
limit_request_line = 0  # unlimited here: nginx answers 414 past 16 KiB
limit_request_field_size = 0  # nginx answers 431 past 16 KiB
limit_request_fields = 32768
accesslog = None
errorlog = "-"
loglevel = "warning"
