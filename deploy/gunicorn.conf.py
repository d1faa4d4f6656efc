"""gunicorn's settings for the REST API in the production shape:

    gunicorn -c deploy/gunicorn.conf.py --workers 4 --bind 0.0.0.0:8000 aura_site.wsgi:application

gunicorn refuses some requests itself, before Django sees them: a request
line or headers over its limits (414, 431), a malformed request (400). Its
own answers are HTML pages; here they are the API's JSON error shape
(docs/api.md, Errors), with an ``X-Request-Id``. The limits are gunicorn's
largest request line and its default header limits, so anything the API
itself accepts reaches it (docs/security.md, "Outages and the production
front").
"""

import json

import gunicorn.util

from aura_site.api.ids import make_id

# The request line: 8190 bytes is gunicorn's largest bounded limit (its
# default is 4094). Headers: at most 100 fields of at most 8190 bytes each.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

_CODES = {403: "forbidden", 500: "internal_error"}


def _version():
    from django.conf import settings  # the worker has loaded the application, and with it the settings

    try:
        return settings.AURA_VERSION
    except Exception:  # noqa: BLE001 - an answer without the version beats none
        return "unknown"


def json_error(sock, status_int, reason, mesg):
    """gunicorn's ``util.write_error``, answering the API's error shape."""
    request_id = make_id("req")
    code = _CODES.get(status_int, "invalid_parameter")
    hint = {
        414: "The request line exceeds 8190 bytes: send fewer or shorter query parameters.",
        431: "Send at most 100 headers of at most 8190 bytes each.",
    }.get(status_int)
    body = json.dumps({
        "error": {"code": code, "message": f"{reason}: {mesg}" if mesg else reason, "hint": hint,
                  "request_id": request_id},
    }).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"X-Request-Id: {request_id}\r\n"
        f"X-Aura-Version: {_version()}\r\n"
        "\r\n"
    ).encode("latin-1")
    gunicorn.util.write_nonblock(sock, head + body)


# Workers are forked from the master, which reads this file: they answer
# through json_error (gunicorn's workers call util.write_error by name).
gunicorn.util.write_error = json_error

# Behind deploy/nginx.conf.template (deploy/shape.py starts it with --workers 2).
worker_class = "sync"
workers = 2  # one or two per core
timeout = 60
graceful_timeout = 30
keepalive = 65  # nginx keeps its upstream connections open
accesslog = None
errorlog = "-"
loglevel = "warning"
