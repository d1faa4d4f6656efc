"""The client's address, for every per-address limit (login throttling,
django-ratelimit's ``ip`` key through ``RATELIMIT_IP_META_KEY``).

``REMOTE_ADDR`` — the peer of the socket — unless that peer is a proxy listed
in ``AURA_TRUSTED_PROXIES`` (comma-separated addresses or networks): then
the ``X-Real-IP`` header it set. A client that talks to the server directly
cannot choose its address by sending the header.
"""

import functools
import ipaddress

from django.conf import settings


@functools.lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        # settings.py refused an entry that is not an address or a network.
        networks.append(ipaddress.ip_network(entry.strip().strip("[]"), strict=False))
    return tuple(networks)


def trusted_proxies():
    return _networks(tuple(getattr(settings, "AURA_TRUSTED_PROXIES", ()) or ()))


def _address(text):
    try:
        return ipaddress.ip_address((text or "").strip().strip("[]").split("%")[0])
    except ValueError:
        return None


def peer_is_trusted_proxy(request):
    """Whether the socket's peer is listed in AURA_TRUSTED_PROXIES (whose headers are believed)."""
    peer_ip = _address(request.META.get("REMOTE_ADDR"))
    return peer_ip is not None and any(peer_ip in net for net in trusted_proxies())


def client_ip(request):
    """The client's address as a string ("" when the peer has none, e.g. a Unix socket)."""
    peer = request.META.get("REMOTE_ADDR") or ""
    peer_ip = _address(peer)
    if peer_ip is not None and any(peer_ip in net for net in trusted_proxies()):
        real = _address(request.META.get("HTTP_X_REAL_IP"))
        if real is not None:
            return str(real)
    return str(peer_ip) if peer_ip is not None else peer
