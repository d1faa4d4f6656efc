"""The one error shape: ``{"error": {"code", "message", "hint", "request_id"}}``.

One class per error code, below, grouped by status: each carries its code,
status, default message and any header the code always has. A raise site
picks the class and may pass a message, a hint, headers that vary (such as
``Retry-After``) and extra body fields (``fields``, ``parameter``,
``conflicts``, …). docs/api.md lists the same codes
(tests/api/test_error_codes.py keeps the two in step). The DRF exception
handler and the middleware both render through ``error_body``.
"""

import logging

from django.http import JsonResponse
from rest_framework import exceptions as drf_exceptions
from rest_framework.exceptions import APIException

logger = logging.getLogger("aura.api")


class ApiError(APIException):
    """The base of the error classes; raise one of them, never this."""

    status_code = 500
    code = None
    default_message = "The request failed."
    default_headers = {}
    # The class picks these; extra body fields may not replace them.
    _RESERVED = frozenset({"code", "status", "status_code", "message", "request_id"})

    def __init__(self, message=None, *, hint=None, headers=None, **extra):
        if self.code is None:
            raise TypeError(f"{type(self).__name__} has no code: raise one of the classes in aura_site.api.errors")
        if self._RESERVED & extra.keys():
            raise TypeError(f"{sorted(self._RESERVED & extra.keys())}: the error class sets these, not the raiser")
        self.message = message or self.default_message
        self.hint = hint
        self.headers = {**self.default_headers, **(headers or {})}
        self.extra = extra
        super().__init__(self.message)


# 400: the request itself is wrong.


class ValidationFailed(ApiError):
    status_code = 400
    code = "validation_failed"
    default_message = "The request body is invalid."


class InvalidParameter(ApiError):
    status_code = 400
    code = "invalid_parameter"
    default_message = "A query parameter is invalid."


class InvalidJson(ApiError):
    status_code = 400
    code = "invalid_json"
    default_message = "The request body is not valid JSON."


class InvalidCursor(ApiError):
    status_code = 400
    code = "invalid_cursor"
    default_message = "The cursor is invalid for this query."


class TeamRequired(ApiError):
    status_code = 400
    code = "team_required"
    default_message = "You belong to several teams: name one with \"team\"."


# 401: no usable credentials.


class Unauthorized(ApiError):
    status_code = 401
    code = "unauthorized"
    default_message = "A valid bearer token is required."


class TokenExpired(ApiError):
    status_code = 401
    code = "token_expired"
    default_message = "The token has expired."
    default_headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


class TokenRevoked(ApiError):
    status_code = 401
    code = "token_revoked"
    default_message = "The token has been revoked."
    default_headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


# 403: known caller, not allowed.


class ScopeMissing(ApiError):
    status_code = 403
    code = "scope_missing"
    default_message = "The token lacks the required scope."


class CsrfFailed(ApiError):
    status_code = 403
    code = "csrf_failed"
    default_message = "CSRF verification failed."


class NotZoneOwner(ApiError):
    status_code = 403
    code = "not_zone_owner"
    default_message = "Only the zone's owner or a team admin can release it."


class Forbidden(ApiError):
    status_code = 403
    code = "forbidden"
    default_message = "You may not do this."


class ForbiddenOrigin(ApiError):
    status_code = 403
    code = "forbidden_origin"
    default_message = "Requests from this Origin are not accepted."


class SessionRequired(ApiError):
    status_code = 403
    code = "session_required"
    default_message = "This endpoint answers a signed-in browser session only, not a token."


class InviteLocked(ApiError):
    status_code = 403
    code = "invite_locked"
    default_message = "This invite is for another handle."


# 404, 405, 406: no such resource, method or representation.


class NotFound(ApiError):
    status_code = 404
    code = "not_found"
    default_message = "Not found."


class MethodNotAllowed(ApiError):
    status_code = 405
    code = "method_not_allowed"
    default_message = "Method not allowed."


class NotAcceptable(ApiError):
    status_code = 406
    code = "not_acceptable"
    default_message = "No acceptable representation."


# 409: the request conflicts with the current state.


class IdempotencyInProgress(ApiError):
    status_code = 409
    code = "idempotency_in_progress"
    default_message = "A request with this Idempotency-Key is still being processed."


class ZoneConflict(ApiError):
    status_code = 409
    code = "zone_conflict"
    default_message = "Another member holds a block zone over these paths."


class Conflict(ApiError):
    status_code = 409
    code = "conflict"
    default_message = "The request conflicts with the current state."


class LastAdmin(ApiError):
    status_code = 409
    code = "last_admin"
    default_message = "A team must keep at least one admin."


class TokenInactive(ApiError):
    status_code = 409
    code = "token_inactive"
    default_message = "The token is revoked, expired or already rotated."


class ImpactAlreadyOpen(ApiError):
    status_code = 409
    code = "impact_already_open"
    default_message = "Another impact is already open for this function and change."


# 410: it existed, and can no longer be used.


class InviteUnavailable(ApiError):
    status_code = 410
    code = "invite_unavailable"
    default_message = "This invite is used up, expired or revoked."


# 413, 415: the body is too large or not JSON.


class PayloadTooLarge(ApiError):
    status_code = 413
    code = "payload_too_large"
    default_message = "The request body is too large."


class UnsupportedMediaType(ApiError):
    status_code = 415
    code = "unsupported_media_type"
    default_message = "The request body must be application/json."


# 422: well-formed, but cannot be carried out.


class IdempotencyKeyReused(ApiError):
    status_code = 422
    code = "idempotency_key_reused"
    default_message = "This Idempotency-Key was used with a different request."


class IntentMissingTicket(ApiError):
    status_code = 422
    code = "intent_missing_ticket"
    default_message = "This team's strict mode needs a ticket on every intent."


class GoalNotDecomposable(ApiError):
    status_code = 422
    code = "goal_not_decomposable"
    default_message = "The goal names no code to check."


# 423: a write into another member's block zone (zones.claims.ZoneBlocked
# carries the zones, for the zone.blocked event).


class ZoneBlocked(ApiError):
    status_code = 423
    code = "zone_blocked"
    default_message = "The path is in another member's block zone."


# 426: Aura-API-Version is not satisfied.


class UpgradeRequired(ApiError):
    status_code = 426
    code = "upgrade_required"
    default_message = "This server does not satisfy Aura-API-Version."


# 429: too much at once; the raiser sets Retry-After.


class RateLimited(ApiError):
    status_code = 429
    code = "rate_limited"
    default_message = "Rate limit exceeded."


class TooManyStreams(ApiError):
    status_code = 429
    code = "too_many_streams"
    default_message = "Too many open event streams."


# 500


class InternalError(ApiError):
    status_code = 500
    code = "internal_error"
    default_message = "Internal server error."


class _DrfError(ApiError):
    """A DRF APIException that none of the classes above maps (DRF's bare
    APIException, a third-party subclass), passed on with its own status and
    code. Nothing in this project raises one."""

    def __init__(self, exc):
        self.status_code = exc.status_code
        self.code = str(exc.default_code)
        super().__init__(str(exc.detail))


def error_body(code, message, hint=None, request_id=None, **extra):
    body = {"code": code, "message": message, "hint": hint, "request_id": request_id}
    body.update(extra)
    return {"error": body}


def error_response(request, code, message, status, hint=None, headers=None, **extra):
    request_id = getattr(request, "request_id", None)
    response = JsonResponse(error_body(code, message, hint, request_id, **extra), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _flatten_fields(detail):
    """DRF's nested ValidationError detail → {"field": "message", "nodes.3.kind": "..."}."""
    out = {}

    def walk(value, path):
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(sub, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            if value and all(not isinstance(v, (dict, list)) for v in value):
                out[path or "non_field_errors"] = " ".join(str(v) for v in value)
            else:
                for index, sub in enumerate(value):
                    if sub:
                        walk(sub, f"{path}.{index}" if path else str(index))
        else:
            out[path or "non_field_errors"] = str(value)

    walk(detail, "")
    return out


def as_api_error(exc):
    """Map any DRF/Django exception to an ApiError (None for unknown exceptions)."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from django.core.exceptions import RequestDataTooBig

    if isinstance(exc, ApiError):
        return exc
    unavailable = database_unavailable(exc)
    if unavailable is not None:
        return unavailable
    if isinstance(exc, RequestDataTooBig):
        # Django's own upload limit, wherever it trips: the contract's 413.
        return PayloadTooLarge(hint="Split the upload or raise AURA_MAX_BODY_BYTES.")
    if isinstance(exc, Http404):
        return NotFound()
    if isinstance(exc, PermissionDenied):
        return Forbidden()
    if isinstance(exc, drf_exceptions.ValidationError):
        fields = _flatten_fields(exc.detail)
        first = next(iter(fields.items()), ("", "invalid"))
        return ValidationFailed(f"{first[0]}: {first[1]}" if first[0] else first[1], fields=fields)
    if isinstance(exc, drf_exceptions.ParseError):
        return InvalidJson(hint="Send a JSON document; check quotes and commas.")
    if isinstance(exc, drf_exceptions.UnsupportedMediaType):
        return UnsupportedMediaType(hint="Set Content-Type: application/json.")
    if isinstance(exc, drf_exceptions.NotAuthenticated):
        return Unauthorized(hint="Send Authorization: Bearer <token>.")
    if isinstance(exc, drf_exceptions.AuthenticationFailed):
        return Unauthorized()
    if isinstance(exc, drf_exceptions.PermissionDenied):
        detail = str(exc.detail)
        if "CSRF" in detail:
            return CsrfFailed(detail)
        return Forbidden(detail)
    if isinstance(exc, drf_exceptions.NotFound):
        return NotFound()
    if isinstance(exc, drf_exceptions.MethodNotAllowed):
        return MethodNotAllowed(str(exc.detail))
    if isinstance(exc, drf_exceptions.NotAcceptable):
        return NotAcceptable()
    if isinstance(exc, drf_exceptions.Throttled):
        return RateLimited(headers={"Retry-After": str(int(exc.wait or 1))})
    if isinstance(exc, drf_exceptions.APIException):
        return _DrfError(exc)
    return None


def exception_handler(exc, context):
    from rest_framework.response import Response

    request = context.get("request")
    err = as_api_error(exc)
    if err is None:
        logger.exception("Unhandled error", exc_info=exc)
        err = InternalError()
    body = error_body(
        err.code,
        err.message,
        err.hint,
        getattr(request, "request_id", None) if request is not None else None,
        **err.extra,
    )
    response = Response(body, status=err.status_code, headers=err.headers)
    if err.status_code >= 500:
        # The base view runs writes in their own atomic block, which the
        # exception has already rolled back. Only a request-wide transaction
        # (ATOMIC_REQUESTS) is still open here; marking any other enclosing
        # block would poison a transaction this request does not own.
        from rest_framework.views import set_rollback

        set_rollback()
    return response


class ServiceUnavailable(ApiError):
    status_code = 503
    code = "service_unavailable"
    default_message = "The database did not answer in time."


def database_unavailable(exc):
    """A 503 ``service_unavailable`` (with Retry-After) for a PostgreSQL that
    is down or did not answer within AURA_DB_TIMEOUT_SECONDS — no pooled
    connection could be had, or the server closed the one in use — else None."""
    from django.conf import settings
    from django.db import OperationalError

    if not isinstance(exc, OperationalError):
        return None
    cause = exc.__cause__
    if not (type(cause).__module__ or "").startswith("psycopg"):
        return None  # SQLite's "database is locked" and the like stay 500s
    sqlstate = getattr(cause, "sqlstate", None)
    # No SQLSTATE: the client's own failure (connecting, a closed socket, the
    # pool's timeout); class 08: connection exceptions; 57P0x: the server is
    # shutting down or starting. A deadlock or a cancelled query is no outage.
    if sqlstate is not None and not (sqlstate.startswith("08") or sqlstate in {"57P01", "57P02", "57P03"}):
        return None
    logger.warning("database unavailable: %s", exc)
    seconds = getattr(settings, "AURA_DB_TIMEOUT_SECONDS", 5)
    return ServiceUnavailable(
        hint="The server could not reach its database; retry after Retry-After seconds.",
        headers={"Retry-After": str(seconds)},
    )


class LengthRequired(ApiError):
    status_code = 411
    code = "length_required"
    default_message = "The request body needs a Content-Length."
