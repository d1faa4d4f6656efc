"""ASGI routing: the event stream is a Channels consumer, ``/mcp`` the MCP
endpoint (agents.asgi); everything else is Django."""

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application

from aura_site.backpressure import paced

# /static/ (the /docs/ pages' scripts, the admin's styles) is served from the
# installed apps' static files, so daphne alone serves a complete site.
django_application = ASGIStaticFilesHandler(get_asgi_application())


def _stream_routes():
    try:
        from events.routing import http_routes
    except ImportError:
        return []
    return http_routes


def _mcp_routes():
    from agents.asgi import PATH
    from agents.asgi import application as mcp_application

    return [(lambda scope: scope["path"] in (PATH, PATH + "/"), mcp_application)]


async def application(scope, receive, send):
    if scope["type"] == "http":
        for matches, consumer in _routes:
            if matches(scope):
                return await consumer(scope, receive, send)
        # Downloads wait for the socket under daphne (aura_site/backpressure.py).
        return await django_application(scope, receive, paced(send))
    return await django_application(scope, receive, send)


_routes = _stream_routes() + _mcp_routes()
