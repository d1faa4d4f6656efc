"""OpenAPI post-processing: document the error shape on every operation."""

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
    "429": "Rate limited (rate_limited); see Retry-After",
}


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, description in _COMMON.items():
                operation["responses"].setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": ref}}}
                )
    return result
