"""Who is at the other end of the connection.

The client's address is the peer's (``REMOTE_ADDR``), unless the peer is one
of ``AURA_TRUSTED_PROXIES`` (the front, nginx): then the ``X-Real-IP`` it
sets. A header from any other peer is the client's own claim and is ignored.
"""

from django.conf import settings


def client_address(request):
    peer = request.META.get("REMOTE_ADDR", "") or "unknown"
    if peer in settings.AURA_TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return peer
