"""``/mcp``: the ASGI app in front of the SDK's Streamable HTTP transport.

Per HTTP request, before the SDK sees it: only POST (GET and DELETE → 405
with ``Allow: POST``); ``Origin`` absent or our own or listed in
``AURA_CORS_ORIGINS`` (else 403 ``forbidden_origin``); the bearer token
checked by the REST API's own code (``principal_from_header``: 401 with
``WWW-Authenticate: Bearer``, revoked or expired tokens stop at once); one
count against the token's rate limit (429 with ``Retry-After``). Refusals use
the API's error shape and carry ``X-Request-Id``.

The SDK runs stateless with JSON answers, so any process answers any request.
Its session manager starts once per process, on the first request (daphne
sends no ASGI lifespan events), and lives as long as the process.
"""

import asyncio
import json
import logging
from urllib.parse import urlsplit

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core import signals
from django.http import HttpRequest
from mcp.server.transport_security import TransportSecuritySettings

from accounts.authentication import principal_from_header
from aura_site.api import errors, ratelimit
from aura_site.api.ids import make_id

from .server import CURRENT, Caller, mcp

logger = logging.getLogger("aura.mcp")

PATH = "/mcp"

_app = mcp.streamable_http_app(
    streamable_http_path=PATH,
    stateless_http=True,
    json_response=True,
    # Origin is checked below (our own origin or AURA_CORS_ORIGINS); Host by
    # Django's ALLOWED_HOSTS rule, also below.
    transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
)
_manager = mcp.session_manager
_started = None  # an asyncio.Event once the manager's task runs


async def _run_manager(ready):
    async with _manager.run():
        ready.set()
        await asyncio.Event().wait()  # for the life of the process


async def ensure_started():
    """Start the SDK's session manager on this process's event loop, once."""
    global _started
    if _started is None:
        _started = asyncio.Event()
        asyncio.get_running_loop().create_task(_run_manager(_started))
    await _started.wait()


def _headers(scope):
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def origin_allowed(origin, host):
    if origin is None:
        return True
    if origin.rstrip("/") in {o.rstrip("/") for o in settings.CORS_ALLOWED_ORIGINS}:
        return True
    parts = urlsplit(origin)
    return bool(parts.netloc) and parts.netloc.lower() == (host or "").lower()


def _host_allowed(host):
    request = HttpRequest()
    request.META = {"HTTP_HOST": host or "", "SERVER_NAME": "", "SERVER_PORT": ""}
    try:
        request.get_host()
    except Exception:  # noqa: BLE001 - DisallowedHost
        return False
    return True


async def _send_error(send, exc, request_id, extra_headers=None):
    body = json.dumps(errors.error_body(exc.code, exc.message, exc.hint, request_id, **exc.extra)).encode()
    headers = {"content-type": "application/json", "x-request-id": request_id,
               "x-aura-version": settings.AURA_VERSION, **{k.lower(): v for k, v in exc.headers.items()},
               **{k.lower(): v for k, v in (extra_headers or {}).items()}}
    await send({"type": "http.response.start", "status": exc.status_code,
                "headers": [(k.encode(), str(v).encode()) for k, v in headers.items()] +
                           [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def authenticate(authorization):
    """(principal, rate-limit headers) for this POST, or raise its ApiError.
    Runs in the request's worker thread, between Django's request signals."""
    signals.request_started.send(sender=None)
    if authorization is None:
        raise errors.Unauthorized(
            "A bearer token is required.", hint="Send Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    counted = HttpRequest()
    counted.method = "POST"
    principal = principal_from_header(authorization, counted)
    ratelimit.check(counted, principal)
    return principal, getattr(counted, "aura_rate_headers", {})


def finish():
    signals.request_finished.send(sender=None)


async def application(scope, receive, send):
    if scope["type"] != "http":
        return
    request_id = make_id("req")
    headers = _headers(scope)
    if scope["method"] != "POST":
        return await _send_error(send, errors.MethodNotAllowed(
            f"{scope['method']} is not served at /mcp: this endpoint is stateless, POST only.",
            hint="POST JSON-RPC messages; there is no SSE stream or session to delete.",
        ), request_id, {"Allow": "POST"})
    if not _host_allowed(headers.get("host")):
        return await _send_error(send, errors.InvalidParameter(
            "The Host header is not one of this server's names.", hint="Set AURA_ALLOWED_HOSTS.",
        ), request_id)
    if not origin_allowed(headers.get("origin"), headers.get("host")):
        return await _send_error(send, errors.ForbiddenOrigin(
            hint="Call from this server's own origin or one listed in AURA_CORS_ORIGINS.",
        ), request_id)
    async with ThreadSensitiveContext():
        try:
            try:
                principal, rate_headers = await sync_to_async(authenticate)(headers.get("authorization"))
            except errors.ApiError as exc:
                if exc.status_code == 401 and "WWW-Authenticate" not in exc.headers:
                    exc.headers["WWW-Authenticate"] = "Bearer"
                return await _send_error(send, exc, request_id)
            await ensure_started()
            caller = Caller(principal=principal, request_id=request_id, host=headers.get("host") or "")
            scope = {**scope, "aura.caller": caller}
            CURRENT.set(caller)
            extra = [(b"x-request-id", request_id.encode()), (b"x-aura-version", settings.AURA_VERSION.encode())]
            extra += [(k.lower().encode(), str(v).encode()) for k, v in rate_headers.items()]

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    message = {**message, "headers": [*message.get("headers", []), *extra]}
                await send(message)

            await _manager.handle_request(scope, receive, send_with_headers)
        finally:
            await sync_to_async(finish)()
