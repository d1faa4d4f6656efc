"""``GET /v1/events?subscribe=true``: the Server-Sent Events stream.

The consumer checks the request like the REST views do (version; auth and
scopes by the views' own authenticators and permission classes; rate limit,
parameters, cursor, the stream cap) and answers any refusal in the contract's JSON error shape before the stream starts. Then it
sends the headers and a ``retry:`` hint, registers with the process's hub
(``stream.py``) and stays open until the client leaves or the hub ends it.
"""

import io
import logging
import uuid
from types import SimpleNamespace

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.http import AsyncHttpConsumer
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.handlers.asgi import ASGIRequest
from django.http import QueryDict
from rest_framework.views import APIView

from accounts import scopes as scope_rules
from aura_site.api import errors, ratelimit
from aura_site.api.errors import error_body
from aura_site.api.ids import make_id
from aura_site.api.middleware import check_api_version
from aura_site.api.pagination import decode_cursor
from aura_site.api.permissions import narrowed_team_ids

from . import access, fastwrite, stream
from .models import Event, EventCounter

logger = logging.getLogger("aura.events")

STREAM_PARAMS = {"subscribe", "topics", "cursor", "after", "team"}
TRUE_VALUES = {"true", "1", "yes"}


def is_stream_request(scope):
    """The ASGI matcher: GET /v1/events with a true ``subscribe``."""
    if scope.get("type") != "http" or scope.get("method") != "GET" or scope.get("path") != "/v1/events":
        return False
    query = QueryDict(scope.get("query_string", b"").decode("latin-1"))
    return query.get("subscribe", "").lower() in TRUE_VALUES


class StreamChecks(APIView):
    """What every view checks, for GET /v1/events?subscribe=true: the
    authenticators of REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES, in
    order (bearer token, the local owner on the daemon's Unix socket, the
    session), and its permission classes (``HasScope``: read_events; no
    credentials → 401). It never answers: the consumer streams."""

    scope_map = {"GET": "read_events"}


def _no_response(request):
    return None


def _authenticate(request):
    """(the checks' view, the DRF request, authenticated): the session and
    user set as Django's middleware sets them for a view, then the
    configured authenticators; once per stream open, on the database thread."""
    SessionMiddleware(_no_response).process_request(request)
    AuthenticationMiddleware(_no_response).process_request(request)
    view = StreamChecks()
    drf_request = view.initialize_request(request)
    view.request = drf_request
    view.perform_authentication(drf_request)
    return view, drf_request


def _position(request, query, text, source):
    """A bare sequence (an SSE id) or a poll's next_cursor for the same filters."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if source == "cursor":
        binding = query.copy()
        binding.pop("subscribe", None)
        value = decode_cursor(SimpleNamespace(path=request.path, query_params=binding), text)
        if isinstance(value, int) and value >= 0:
            return value
    raise errors.InvalidCursor(
        f"{source} must be an event sequence (an SSE id) or a next_cursor of GET /v1/events.",
        hint="Pass the id of the last event you received.",
    )


def prepare(scope, request_id):
    """Everything before the first byte, in one trip to the database thread.

    Returns the subscriber's settings and first frames; raises ApiError."""
    request = ASGIRequest(scope, io.BytesIO())
    request.request_id = request_id
    if request.headers.get("Aura-API-Version") is not None:
        check_api_version(request.headers["Aura-API-Version"])
    # The head is read before the token is checked: a revocation committed
    # after this read has a higher sequence, so the hub sees it in the log.
    head = EventCounter.objects.filter(pk=1).values_list("value", flat=True).first() or 0
    view, drf_request = _authenticate(request)
    principal = drf_request.auth
    # As a view: the rate limit counts the caller, then the scopes are checked.
    ratelimit.check(request, principal)
    rate_headers = getattr(request, "aura_rate_headers", {})
    view.check_permissions(drf_request)
    query = request.GET
    unknown = sorted(set(query) - STREAM_PARAMS)
    if unknown:
        raise errors.InvalidParameter(
            f"Unknown query parameter: {unknown[0]}.", hint=f"Allowed here: {', '.join(sorted(STREAM_PARAMS))}.",
            parameter=unknown[0],
        )
    team_ids = narrowed_team_ids(principal, "read_events", query.get("team"))
    wanted = access.parse_wanted(query.get("topics"))
    grants = access.grant_map(principal, team_ids, wanted)
    if not grants:
        raise errors.ScopeMissing(
            "read_events shows only the topics whose read scope you also hold, and you hold none.",
            hint="Missing scope: one of " + ", ".join(sorted(s for s in scope_rules.READ_SCOPES if s != "read_events")) + ".",
        )
    source = None
    if request.headers.get("Last-Event-ID", "").strip():
        source, text = "Last-Event-ID", request.headers["Last-Event-ID"]
    elif query.get("cursor"):
        source, text = "cursor", query["cursor"]
    elif query.get("after"):
        source, text = "after", query["after"]
    first = [f"retry: {stream.RETRY_MS}\n\n".encode()]
    after = head
    if source is not None:
        position = _position(request, query, text, source)
        oldest = Event.objects.order_by("seq").values_list("seq", flat=True).first()
        reason = None
        if position > head:
            reason = "cursor_ahead"
        elif position < head and (oldest is None or position + 1 < oldest):
            reason = "cursor_expired"
        if reason is None:
            after = position
        else:
            message = (
                "Events after this cursor were purged (retention "
                f"{settings.AURA_EVENT_RETENTION_DAYS} days); the stream continues from now."
                if reason == "cursor_expired"
                else "This cursor is ahead of the event log; the stream continues from now."
            )
            first.append(stream.frame(head, "reset", {
                "reason": reason, "message": message, "cursor": position, "oldest": oldest, "resume_after": head,
            }))
    token = principal.token
    owner = principal.rate_key
    stream_id = uuid.uuid4().hex
    slot = stream.claim_slot(owner, stream_id)
    if slot is None:
        raise errors.TooManyStreams(
            f"This token already has {stream.STREAMS_PER_TOKEN} open event streams.",
            hint="Close one, or share one stream between consumers. The slot of a stream that vanished "
            f"without closing frees itself within {stream.slot_lease_seconds()} s.",
            headers={"Retry-After": str(stream.slot_lease_seconds())},
        )
    return {
        "grants": grants,
        "slugs": {tid: principal.member(tid).team.slug for tid in grants},
        "after": after,
        "first": b"".join(first),
        "token_id": token.pk if token else None,
        "expires_at": token.expires_at if token else None,
        "revoked_at": token.revoked_at if token else None,
        "user_id": principal.user.pk if token is None else None,
        "slot": slot,
        "stream_id": stream_id,
        "rate_headers": rate_headers,
    }


class EventStreamConsumer(AsyncHttpConsumer):
    # The hub listens on the Channels layer for the whole process; a stream
    # needs no channel of its own (an alias with no layer configured).
    channel_layer_alias = "aura.streams.no-layer"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sub = None
        self._direct = None

    def _base_headers(self):
        headers = [
            (b"X-Request-Id", self.request_id.encode()),
            (b"X-Aura-Version", settings.AURA_VERSION.encode()),
        ]
        # CORS as django-cors-headers answers the REST API: exact origins, no credentials.
        origin = dict(self.scope.get("headers") or []).get(b"origin", b"").decode("latin-1")
        if origin and origin in settings.CORS_ALLOWED_ORIGINS:
            headers += [
                (b"Access-Control-Allow-Origin", origin.encode()),
                (b"Access-Control-Expose-Headers", ", ".join(settings.CORS_EXPOSE_HEADERS).encode()),
                (b"Vary", b"Origin"),
            ]
        return headers

    async def http_request(self, message):
        if message.get("more_body"):
            return  # a GET has no body worth reading
        self.request_id = make_id("req")
        try:
            opened = await database_sync_to_async(prepare)(self.scope, self.request_id)
        except errors.ApiError as err:
            await self._send_error(err)
            raise StopConsumer() from None
        except Exception as exc:
            unavailable = errors.database_unavailable(exc)  # 503, reopened as soon as the database answers
            if unavailable is None:
                logger.exception("could not open an event stream")
            await self._send_error(unavailable or errors.InternalError())
            raise StopConsumer() from None
        headers = self._base_headers() + [
            (b"Content-Type", b"text/event-stream; charset=utf-8"),
            (b"Cache-Control", b"no-cache"),
            (b"X-Accel-Buffering", b"no"),
        ] + [(k.encode(), v.encode()) for k, v in opened["rate_headers"].items()]
        self.sub = stream.Subscriber(
            send=self._write, grants=opened["grants"], after=opened["after"], slugs=opened["slugs"], token_id=opened["token_id"],
            expires_at=opened["expires_at"], revoked_at=opened["revoked_at"], user_id=opened["user_id"],
            slot_key=opened["slot"], stream_id=opened["stream_id"], request_id=self.request_id,
            pending=fastwrite.pending_bytes(self.base_send),
        )
        try:
            await self.send_headers(status=200, headers=headers)
            await self.send_body(opened["first"], more_body=True)
            self._direct = fastwrite.direct_writer(self.base_send)
            self.sub.direct = self._direct
        except Exception:
            await self.disconnect()
            raise
        stream.Hub.get().register(self.sub)

    async def _write(self, data, more_body):
        # A frame goes straight to the socket where it can (events/fastwrite.py),
        # else to the server's send (not send_body: two awaits fewer per frame).
        if more_body and self._direct is not None and self._direct(data):
            return
        await self.base_send({"type": "http.response.body", "body": data, "more_body": more_body})

    async def _send_error(self, err):
        import json

        body = json.dumps(error_body(err.code, err.message, err.hint, self.request_id, **err.extra)).encode()
        headers = self._base_headers() + [(b"Content-Type", b"application/json")]
        headers += [(str(k).encode(), str(v).encode()) for k, v in (err.headers or {}).items()]
        await self.send_response(err.status_code, body, headers=headers)

    async def disconnect(self):
        sub, self.sub = self.sub, None
        if sub is not None:
            stream.Hub.get().unregister(sub)
            await database_sync_to_async(stream.release_slot)(sub.slot_key, sub.stream_id)
