"""Every error the API can send, as an exception class per code.

The server answers every error as ``{"error": {"code", "message", "hint",
"request_id", …}}``; :func:`from_response` turns such an answer into the
class for its code (or, for a code this SDK does not know yet, the class for
its status), so ``except NotFound`` and ``except AuraError`` both work."""

from __future__ import annotations

import json
from typing import Any


class AuraError(Exception):
    """An error answer of the API (or a transport failure: see ``ConnectionFailed``)."""

    status: int | None = None
    code: str = "error"

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None,
                 hint: str | None = None, request_id: str | None = None,
                 body: dict | None = None, headers: dict | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        self.hint = hint
        self.request_id = request_id
        self.body = body or {}
        self.headers = dict(headers or {})

    @property
    def details(self) -> dict[str, Any]:
        """The error object's extra members (``fields``, ``parameter``, ``conflicts``, ``state``, …)."""
        return {k: v for k, v in self.body.items() if k not in ("code", "message", "hint", "request_id")}

    def __str__(self) -> str:
        parts = [f"{self.status} {self.code}: {self.message}" if self.status else f"{self.code}: {self.message}"]
        if self.hint:
            parts.append(f"hint: {self.hint}")
        if self.request_id:
            parts.append(f"request_id: {self.request_id}")
        return " (".join(parts[:1]) + (f" ({'; '.join(parts[1:])})" if len(parts) > 1 else "")


class ConnectionFailed(AuraError):
    """The server could not be reached (after the retries)."""

    code = "connection_failed"


class UnexpectedResponse(AuraError):
    """An answer that is not the API's error shape (a proxy's page, say)."""

    code = "unexpected_response"


# --- 400 ---------------------------------------------------------------------------------------

class BadRequest(AuraError):
    status = 400
    code = "bad_request"


class ValidationError(BadRequest):
    """``validation_failed``: ``.fields`` maps each bad field (``nodes.3.kind``) to its message."""

    code = "validation_failed"

    @property
    def fields(self) -> dict[str, str]:
        return self.body.get("fields") or {}

    @property
    def parameter(self) -> str | None:
        return self.body.get("parameter")


class InvalidParameter(ValidationError):
    """``invalid_parameter``: ``.parameter`` names the query parameter."""

    code = "invalid_parameter"


class InvalidJson(BadRequest):
    code = "invalid_json"


class InvalidCursor(BadRequest):
    code = "invalid_cursor"


class TeamRequired(BadRequest):
    code = "team_required"


# --- 401 / 403 ---------------------------------------------------------------------------------

class Unauthorized(AuraError):
    status = 401
    code = "unauthorized"


class TokenExpired(Unauthorized):
    code = "token_expired"


class TokenRevoked(Unauthorized):
    code = "token_revoked"


class Forbidden(AuraError):
    status = 403
    code = "forbidden"


class ScopeMissing(Forbidden):
    code = "scope_missing"


class CsrfFailed(Forbidden):
    code = "csrf_failed"


class NotZoneOwner(Forbidden):
    code = "not_zone_owner"


class ForbiddenOrigin(Forbidden):
    code = "forbidden_origin"


class SessionRequired(Forbidden):
    """A session-only endpoint (``/v1/me/tokens``) called with a token."""

    code = "session_required"


class InviteLocked(Forbidden):
    code = "invite_locked"


# --- 404 … 415 ---------------------------------------------------------------------------------

class NotFound(AuraError):
    status = 404
    code = "not_found"


class MethodNotAllowed(AuraError):
    status = 405
    code = "method_not_allowed"


class NotAcceptable(AuraError):
    status = 406
    code = "not_acceptable"


class Conflict(AuraError):
    """409: ``.conflicts`` lists the zones in the way of a ``zone_conflict``."""

    status = 409
    code = "conflict"

    @property
    def conflicts(self) -> list[dict]:
        return self.body.get("conflicts") or []

    @property
    def state(self) -> str | None:
        return self.body.get("state")


class IdempotencyInProgress(Conflict):
    code = "idempotency_in_progress"


class ZoneConflict(Conflict):
    code = "zone_conflict"


class LastAdmin(Conflict):
    code = "last_admin"


class TokenInactive(Conflict):
    code = "token_inactive"


class ImpactAlreadyOpen(Conflict):
    code = "impact_already_open"


class LengthRequired(AuraError):
    status = 411
    code = "length_required"


class InviteUnavailable(AuraError):
    """410: the invite is used up, expired or revoked (``.state`` says which)."""

    status = 410
    code = "invite_unavailable"

    @property
    def state(self) -> str | None:
        return self.body.get("state")


class PayloadTooLarge(AuraError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(AuraError):
    status = 415
    code = "unsupported_media_type"


# --- 422 … 429 ---------------------------------------------------------------------------------

class Unprocessable(AuraError):
    status = 422
    code = "unprocessable"


class IdempotencyKeyReused(Unprocessable):
    code = "idempotency_key_reused"


class IntentMissingTicket(Unprocessable):
    code = "intent_missing_ticket"


class GoalNotDecomposable(Unprocessable):
    code = "goal_not_decomposable"


class ZoneBlocked(AuraError):
    """423: a write into another member's ``block`` zone."""

    status = 423
    code = "zone_blocked"

    @property
    def conflicts(self) -> list[dict]:
        return self.body.get("conflicts") or []


class UpgradeRequired(AuraError):
    status = 426
    code = "upgrade_required"


class RateLimited(AuraError):
    """429: ``.retry_after`` is the server's ``Retry-After``, in seconds."""

    status = 429
    code = "rate_limited"

    @property
    def retry_after(self) -> float | None:
        return retry_after_seconds(self.headers)


class TooManyStreams(RateLimited):
    code = "too_many_streams"


# --- 5xx ---------------------------------------------------------------------------------------

class ServerError(AuraError):
    status = 500
    code = "internal_error"


class ServiceUnavailable(ServerError):
    status = 503
    code = "service_unavailable"

    @property
    def retry_after(self) -> float | None:
        return retry_after_seconds(self.headers)


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


BY_CODE: dict[str, type[AuraError]] = {
    cls.code: cls for cls in _all_subclasses(AuraError) if cls.status is not None and cls.code
}
BY_STATUS: dict[int, type[AuraError]] = {
    400: BadRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 405: MethodNotAllowed,
    406: NotAcceptable, 409: Conflict, 410: InviteUnavailable, 413: PayloadTooLarge, 415: UnsupportedMediaType,
    422: Unprocessable, 423: ZoneBlocked, 426: UpgradeRequired, 429: RateLimited, 503: ServiceUnavailable,
}


def retry_after_seconds(headers) -> float | None:
    value = (headers or {}).get("retry-after") or (headers or {}).get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def from_response(status: int, content: bytes, headers) -> AuraError:
    """The exception for an error answer (any status ≥ 400)."""
    headers = {k.lower(): v for k, v in dict(headers).items()}
    try:
        body = json.loads(content or b"null")
        error = body["error"]
        code, message = error["code"], error["message"]
    except (ValueError, TypeError, KeyError):
        text = (content or b"")[:200].decode("utf-8", "replace")
        return UnexpectedResponse(f"HTTP {status}: {text}", status=status, headers=headers)
    cls = BY_CODE.get(code) or BY_STATUS.get(status) or (ServerError if status >= 500 else AuraError)
    return cls(message, status=status, code=code, hint=error.get("hint"),
               request_id=error.get("request_id") or headers.get("x-request-id"), body=error, headers=headers)
