"""ASGI routes served before Django (see aura_site/routing.py)."""

from .consumers import EventStreamConsumer, is_stream_request

http_routes = [
    (is_stream_request, EventStreamConsumer.as_asgi()),
]
