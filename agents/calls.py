"""One tool call = one in-process call of the REST endpoint it mirrors.

A tool builds the request its REST twin would receive (method, path, query,
JSON body, ``Idempotency-Key``) and runs the very view that answers it, with
the caller already authenticated (the MCP request's bearer token, checked
once per HTTP POST by ``agents.asgi``). So the scope check, the team choice
(``team_required``), the serializers' validation, the transaction, the
idempotency record, the events and webhooks and the answer are those of the
REST API, and one change reaches both. The rate limit is not counted again:
the MCP request counted once.

Runs in a worker thread (``sync_to_async``), one hop per tool call.
"""

import io
import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.urls import resolve

from aura_site.api import errors


class ToolFailed(Exception):
    """An API error answered to a tool: its body's ``error`` object."""

    def __init__(self, error):
        self.error = error
        super().__init__(error.get("message"))


def _request(principal, method, path, query, body, idempotency_key, request_id, host):
    raw = b"" if body is None else json.dumps(body).encode()
    server_name, _, port = (host or "127.0.0.1").partition(":")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": urlencode(
            [(k, v) for k, v in (query or {}).items() if v is not None], doseq=True
        ),
        "SERVER_NAME": server_name,
        "SERVER_PORT": port or "80",
        "HTTP_HOST": host or "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(raw),
        "CONTENT_LENGTH": str(len(raw)),
        "HTTP_ACCEPT": "application/json",
    }
    if body is not None:
        environ["CONTENT_TYPE"] = "application/json"
    if idempotency_key is not None:
        environ["HTTP_IDEMPOTENCY_KEY"] = idempotency_key
    request = WSGIRequest(environ)
    request.request_id = request_id
    # Authenticated already (DRF's forced authentication: no second lookup)
    # and counted against the rate limit once, by the MCP request.
    request._force_auth_user = principal.user
    request._force_auth_token = principal
    request.aura_rate_counted = True
    return request


def _data(response):
    if hasattr(response, "data"):  # a DRF Response, unrendered
        return response.data
    content = bytes(response.content or b"")  # an idempotent replay
    return json.loads(content) if content else None


def call(ctx, method, path, *, query=None, body=None, idempotency_key=None):
    """Answer ``method path`` as the REST API would for ``ctx.principal``:
    the response's data, or ``ToolFailed`` with its error object."""
    match = resolve(path)
    request = _request(ctx.principal, method, path, query, body, idempotency_key, ctx.request_id, ctx.host)
    response = match.func(request, *match.args, **match.kwargs)
    data = _data(response)
    if response.status_code >= 400:
        error = (data or {}).get("error") if isinstance(data, dict) else None
        if not error:
            error = errors.error_body(errors.InternalError.code, errors.InternalError.default_message,
                                      request_id=ctx.request_id)["error"]
        raise ToolFailed(error)
    return data


def api_version():
    return settings.AURA_API_VERSION
