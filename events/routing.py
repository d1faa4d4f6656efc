"""ASGI routes served before Django (see aura_site/routing.py)."""

from channels.auth import AuthMiddlewareStack

from .consumers import EventStreamConsumer, is_stream_request

http_routes = [
    (is_stream_request, AuthMiddlewareStack(EventStreamConsumer.as_asgi())),
]
