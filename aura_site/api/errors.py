"""The one error shape: ``{"error": {"code", "message", "hint", "request_id"}}``.

Typed error classes carry their code, status and headers; the DRF exception
handler and the middleware both render through ``error_response``.
"""

import logging

from django.http import JsonResponse
from rest_framework import exceptions as drf_exceptions
from rest_framework.exceptions import APIException

logger = logging.getLogger("aura.api")


class ApiError(APIException):
    status_code = 400
    code = "invalid_parameter"
    default_message = "The request is invalid."

    def __init__(self, message=None, *, hint=None, headers=None, status=None, code=None, **extra):
        self.message = message or self.default_message
        self.hint = hint
        self.headers = headers or {}
        if status is not None:
            self.status_code = status
        if code is not None:
            self.code = code
        self.extra = extra
        super().__init__(self.message)


def _error(name, status, code, message):
    return type(name, (ApiError,), {"status_code": status, "code": code, "default_message": message})


Unauthorized = _error("Unauthorized", 401, "unauthorized", "A valid bearer token is required.")
TokenExpired = _error("TokenExpired", 401, "token_expired", "The token has expired.")
TokenRevoked = _error("TokenRevoked", 401, "token_revoked", "The token has been revoked.")
ScopeMissing = _error("ScopeMissing", 403, "scope_missing", "The token lacks the required scope.")
CsrfFailed = _error("CsrfFailed", 403, "csrf_failed", "CSRF verification failed.")
Forbidden = _error("Forbidden", 403, "forbidden", "You may not do this.")
NotFound = _error("NotFound", 404, "not_found", "Not found.")
MethodNotAllowed = _error("MethodNotAllowed", 405, "method_not_allowed", "Method not allowed.")
NotAcceptable = _error("NotAcceptable", 406, "not_acceptable", "No acceptable representation.")
InvalidJson = _error("InvalidJson", 400, "invalid_json", "The request body is not valid JSON.")
UnsupportedMediaType = _error(
    "UnsupportedMediaType", 415, "unsupported_media_type", "The request body must be application/json."
)
ValidationFailed = _error("ValidationFailed", 400, "validation_failed", "The request body is invalid.")
InvalidParameter = _error("InvalidParameter", 400, "invalid_parameter", "A query parameter is invalid.")
InvalidCursor = _error("InvalidCursor", 400, "invalid_cursor", "The cursor is invalid for this query.")
TeamRequired = _error(
    "TeamRequired", 400, "team_required", "You belong to several teams: name one with \"team\"."
)
RateLimited = _error("RateLimited", 429, "rate_limited", "Rate limit exceeded.")
TooManyStreams = _error("TooManyStreams", 429, "too_many_streams", "Too many open event streams.")
IdempotencyKeyReused = _error(
    "IdempotencyKeyReused",
    422,
    "idempotency_key_reused",
    "This Idempotency-Key was used with a different request.",
)
IdempotencyInProgress = _error(
    "IdempotencyInProgress",
    409,
    "idempotency_in_progress",
    "A request with this Idempotency-Key is still being processed.",
)
PayloadTooLarge = _error("PayloadTooLarge", 413, "payload_too_large", "The request body is too large.")
UpgradeRequired = _error(
    "UpgradeRequired", 426, "upgrade_required", "This server does not satisfy Aura-API-Version."
)
Conflict = _error("Conflict", 409, "conflict", "The request conflicts with the current state.")
Unprocessable = _error("Unprocessable", 422, "unprocessable", "The request cannot be processed.")
InternalError = _error("InternalError", 500, "internal_error", "Internal server error.")


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
        return ApiError(str(exc.detail), status=exc.status_code, code=str(exc.default_code))
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


class LengthRequired(ApiError):
    status_code = 411
    code = "length_required"
    default_message = "The request body needs a Content-Length."
