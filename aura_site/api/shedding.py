"""Load shedding: a request that waited too long for a worker is answered 503
``service_unavailable`` at once, before authentication or any database work.

The wait is known from ``X-Request-Start``, which the front (nginx,
deploy/nginx.conf.template) sets to when it took the request: ``t=`` and
Unix seconds with milliseconds (``t=1733580000.123``; microseconds or
milliseconds since the epoch, as other proxies send, are read too). Past
``AURA_SHED_AFTER_MS`` (default 1000; 0 turns shedding off) the client has
probably given up, and working on its request only delays the ones behind
it.

The header is believed only from a peer listed in ``AURA_TRUSTED_PROXIES``
(aura_site/api/clientip.py); nginx replaces whatever the client sent under
that name. A client that talks to the server directly can neither have
itself shed nor keep itself from being shed: its header is ignored, and so
is a malformed one. A wait of more than ``MAX_BELIEVABLE_WAIT_SECONDS``
(the front gives up on an upstream long before) is the clocks disagreeing,
not a queue: ignored too, so a skewed proxy clock cannot turn every request
away.

The event stream (``GET /v1/events?subscribe=true``) is a Channels consumer
served before Django (aura_site/routing.py) and is never shed: daphne takes
every connection into its event loop at once, a late stream loses nothing
(it starts from the client's ``Last-Event-ID``), and shedding it would only
turn one late open into a reconnection storm. docs/api.md, "Load shedding".
"""

import math
import time

from django.conf import settings

from . import clientip
from .errors import ServiceUnavailable, error_response

# nginx's proxy_read_timeout for the REST API is 60 s: nothing queues longer.
MAX_BELIEVABLE_WAIT_SECONDS = 300.0


def request_start(value):
    """``X-Request-Start``'s time in Unix seconds, or None when it is not one."""
    if not value:
        return None
    text = value.strip()
    if text.startswith("t="):
        text = text[2:]
    if not text or len(text) > 32:
        return None
    try:
        stamp = float(text)
    except ValueError:
        return None
    if not math.isfinite(stamp) or stamp <= 0:
        return None
    if stamp > 1e14:  # microseconds since the epoch
        return stamp / 1e6
    if stamp > 1e11:  # milliseconds
        return stamp / 1e3
    return stamp


def queue_wait(request, now=None):
    """Seconds this request waited between the trusted front and here, or None."""
    start = request_start(request.META.get("HTTP_X_REQUEST_START"))
    if start is None:
        return None
    if not clientip.peer_is_trusted_proxy(request):
        return None
    waited = (time.time() if now is None else now) - start
    if waited < 0 or waited > MAX_BELIEVABLE_WAIT_SECONDS:
        return None
    return waited


class LoadSheddingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit_ms = settings.AURA_SHED_AFTER_MS
        # No header (the embedded default, a direct call): one dict lookup.
        if limit_ms > 0 and "HTTP_X_REQUEST_START" in request.META:
            waited = queue_wait(request)
            if waited is not None and waited * 1000 > limit_ms:
                err = ServiceUnavailable(
                    f"The server is overloaded: this request waited {round(waited * 1000)} ms for a worker.",
                    hint="Nothing was done. Retry after Retry-After seconds.",
                    # About as long as the queue took: by then it has drained.
                    headers={"Retry-After": str(min(max(math.ceil(waited), 1), 60))},
                )
                return error_response(request, err.code, err.message, err.status_code, err.hint, err.headers)
        return self.get_response(request)
