"""OpenAPI: the authentication schemes, and the error shape, Idempotency-Key
and Aura-API-Version documented on every operation (a post-processing hook)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A team token, shown once: aura_<8-char prefix>_<secret>.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.SessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "Same-origin pages only; writes also need the X-CSRFToken header.",
        }


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "request_id"],
            "properties": {
                "code": {"type": "string", "example": "scope_missing"},
                "message": {"type": "string"},
                "hint": {"type": "string", "nullable": True},
                "request_id": {"type": "string", "example": "req_01J..."},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}

_COMMON = {
    "400": "Bad request (validation_failed, invalid_parameter, invalid_json, invalid_cursor, team_required)",
    "401": "Unauthorized (unauthorized, token_expired, token_revoked)",
    "403": "Forbidden (scope_missing, csrf_failed)",
    "404": "Not found (not_found) — also another team's object",
    "426": "Upgrade required (upgrade_required): Aura-API-Version is not satisfied",
    "429": "Rate limited (rate_limited); see Retry-After",
    "500": "Internal error (internal_error)",
    "503": "The database did not answer in time (service_unavailable); see Retry-After",
}
_WITH_BODY = {
    "413": "Payload too large (payload_too_large)",
    "415": "Unsupported media type (unsupported_media_type): send application/json",
}
_IDEMPOTENT = {
    "409": "A request with this Idempotency-Key is still running (idempotency_in_progress)",
    "422": "This Idempotency-Key was used with another request (idempotency_key_reused)",
}
_UNSAFE = {"post", "patch", "put", "delete"}

VERSION_PARAMETER = {
    "name": "Aura-API-Version",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "example": ">=1.0"},
    "description": "A requirement on the API version (>=, >, <=, <, ==, or a bare version); "
    "426 when not satisfied.",
}
IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Replays the first answer for 24 h (Idempotent-Replayed: true).",
}


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}

    def document(operation, table):
        for status, description in table.items():
            operation["responses"].setdefault(
                status, {"description": description, "content": {"application/json": {"schema": ref}}}
            )

    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            document(operation, _COMMON)
            parameters = operation.setdefault("parameters", [])
            if path.startswith("/v1/"):
                parameters.append(dict(VERSION_PARAMETER))
            if method in _UNSAFE:
                document(operation, _IDEMPOTENT)
                parameters.append(dict(IDEMPOTENCY_PARAMETER))
            if "requestBody" in operation:
                document(operation, _WITH_BODY)
    return result
