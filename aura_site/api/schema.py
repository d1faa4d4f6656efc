"""OpenAPI: the authentication schemes, and one post-processing hook that
makes the generated document tell the whole truth about the wire.

drf-spectacular describes what the serializers say; the shared request path
(``AuraViewMixin``, the middleware) adds answers it cannot see. The hook adds
them to every operation:

* the error answers each operation can give, in the one ``Error`` shape;
* the response headers (request id, version, rate limit, ``Retry-After``,
  ``Idempotent-Replayed``) as ``components/headers``;
* ``Aura-API-Version`` and ``Idempotency-Key`` request headers;
* a list's ``group_by`` answer beside its page (``oneOf``), batch answers as
  the arrays they are, parameters typed as the server parses them;
* readable operation ids (``listIntents``) and one tag per resource;
* ``links`` from each create to the calls that take the id it answered.
"""

import copy
import re

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension

from . import groupby


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


class AuraFilterScheme(DjangoFilterExtension):
    """A list's filters, and its ``group_by`` and ``aggregate`` (the values it accepts)."""

    target_class = "aura_site.api.filters.AuraFilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        params = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        view = auto_schema.view
        if getattr(view, "action", None) != "list":
            return params  # a detail route's own list (a webhook's deliveries) does not group
        return params + groupby.schema_parameters(view)


# What Python's str.strip() (DRF's trim_whitespace) removes.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# A string with something left after str.strip(), and no NUL.
NOT_BLANK_PATTERN = f"^[^\\x00]*[^\\x00{_SPACE}][^\\x00]*$"


class StrictCharFieldScheme(OpenApiSerializerFieldExtension):
    """A request string as DRF's CharField checks it: no NUL, and unless blank
    is allowed, something left after trimming (or at least one character)."""

    target_class = "aura_site.api.validation.StrictCharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        field = self.target
        if direction != "request" or "pattern" in schema or "enum" in schema:
            return schema
        if field.allow_blank:
            schema["pattern"] = r"^[^\x00]*$"
        elif field.trim_whitespace:
            schema["pattern"] = NOT_BLANK_PATTERN
        else:
            schema["pattern"] = r"^[^\x00]+$"
        return schema


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


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
                "request_id": {"type": "string", "nullable": True, "example": "req_01J..."},
                "fields": {
                    "type": "object", "additionalProperties": {"type": "string"},
                    "description": "validation_failed: the message for each invalid field (dotted paths).",
                },
                "parameter": {
                    "type": "string",
                    "description": "invalid_parameter: the query parameter that was refused.",
                },
                "conflicts": {
                    "type": "array", "items": _ref("Zone"),
                    "description": "zone_conflict (409), zone_blocked (423): the zones in the way.",
                },
                "available": {
                    "type": "array", "items": {"type": "string"},
                    "description": "not_acceptable (406): the media types this content can be sent as.",
                },
                "limit": {
                    "type": "integer",
                    "description": "payload_too_large (413): the limit in bytes, when one is known.",
                },
                "state": {
                    "type": "string",
                    "description": "token_inactive (409), invite_unavailable (410): the token's or the invite's state "
                    "(revoked, expired, rotating; revoked, used, expired).",
                },
            },
        }
    },
}

BATCH_ITEM_ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "example": "validation_failed"},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}

GROUPED_SCHEMA = {
    "type": "object",
    "description": "The answer of a list asked for group_by (and aggregate): one row per group.",
    "required": ["data", "group_by", "aggregate", "truncated"],
    "properties": {
        "data": {
            "type": "array",
            "items": {
                "type": "object",
                "description": "{<group_by>: the group's key, <aggregate label>: its value}; "
                "the label is count, sum, avg or fail_rate.",
                "additionalProperties": {},
            },
        },
        "group_by": {"type": "string"},
        "aggregate": {"type": "string", "example": "count"},
        "truncated": {"type": "boolean", "description": "More than 1,000 groups: the rest were left out."},
    },
}

# --- response headers --------------------------------------------------------------------------

HEADERS = {
    "X-Request-Id": {
        "description": "This request's id (also error.request_id).",
        "required": True,
        "schema": {"type": "string", "pattern": "^req_"},
    },
    "X-Aura-Version": {
        "description": "The server's version.",
        "required": True,
        "schema": {"type": "string"},
    },
    "X-RateLimit-Limit": {
        "description": "Requests allowed per minute to this token (absent without a token, "
        "or when rate limiting is off).",
        "schema": {"type": "integer", "minimum": 1},
    },
    "X-RateLimit-Remaining": {
        "description": "Requests left in the current minute.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "X-RateLimit-Reset": {
        "description": "When the minute window resets (Unix seconds).",
        "schema": {"type": "integer", "minimum": 0},
    },
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "Idempotent-Replayed": {
        "description": "true: this is the stored answer to an earlier request with the same Idempotency-Key.",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "ETag": {
        "description": "The content's entity tag (its SHA-256); send it back in If-None-Match.",
        "schema": {"type": "string"},
    },
    "Location": {
        "description": "The created resource.",
        "schema": {"type": "string"},
    },
}


def _header(name, required=None):
    ref = {"$ref": f"#/components/headers/{name}"}
    if required is None or required == HEADERS[name].get("required", False):
        return ref
    # A $ref cannot be narrowed in OpenAPI 3.0: inline the header instead.
    return {**copy.deepcopy(HEADERS[name]), "required": required}


# --- error answers -----------------------------------------------------------------------------

_COMMON = {
    "400": "Bad request (validation_failed, invalid_parameter, invalid_json, invalid_cursor, team_required)",
    "401": "Unauthorized (unauthorized, token_expired, token_revoked)",
    "403": "Forbidden (scope_missing, csrf_failed, forbidden)",
    "404": "Not found (not_found) — also another team's object, or a team slug that is not yours",
    "406": "Not acceptable (not_acceptable): the Accept header allows no representation this answer has",
    "426": "Upgrade required (upgrade_required): Aura-API-Version is not satisfied",
    "429": "Rate limited (rate_limited); see Retry-After",
    "500": "Internal error (internal_error)",
    "503": "Service unavailable (service_unavailable): the database did not answer in time, or the server is "
    "overloaded and the request waited longer than AURA_SHED_AFTER_MS for a worker (shed untouched); see Retry-After",
}
_WITH_BODY = {
    "413": "Payload too large (payload_too_large)",
    "415": "Unsupported media type (unsupported_media_type): send application/json",
}
_IDEMPOTENT = {
    "409": "Conflict: a request with this Idempotency-Key is still running (idempotency_in_progress; "
    "see Retry-After), or the change conflicts with the current state (conflict, zone_conflict, "
    "last_admin, token_inactive, …)",
    "422": "Unprocessable: this Idempotency-Key was used with another request (idempotency_key_reused), "
    "or the request cannot be carried out (intent_missing_ticket, goal_not_decomposable, …)",
}
# Operations refused when a write lands in another member's block zone.
_LOCKED = {("post", "/v1/snapshots")}
_LOCKED_DESCRIPTION = "Locked (zone_blocked): the path is in another member's block zone; error.conflicts"
_UNSAFE = {"post", "patch", "put", "delete"}

_REQUIREMENT = r"\s*(>=|<=|==|>|<|=)?\s*[0-9]+(\.[0-9]+)?(\.[0-9]+)?\s*"
VERSION_PATTERN = f"^{_REQUIREMENT}(,{_REQUIREMENT})*$"
VERSION_PARAMETER = {
    "name": "Aura-API-Version",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "example": ">=1.0", "pattern": VERSION_PATTERN},
    "description": "A requirement on the API version (>=, >, <=, <, ==, or a bare version; several joined "
    "by commas); 426 when not satisfied, 400 when it is not a requirement.",
}
IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Replays the first answer for 24 h (Idempotent-Replayed: true).",
}

# ``since``: RFC 3339, a date (midnight UTC), or a span back from now.
SINCE_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date-time"},
        {"type": "string", "format": "date"},
        {"type": "string", "pattern": r"^[0-9]{1,6}[dhms]$"},
    ],
}
SINCE_DESCRIPTION = "RFC 3339 time (2026-04-21T14:23:09Z), a date (2026-04-21, midnight UTC), " \
    "or a span back from now (30d, 12h, 15m, 90s)."

# --- operation ids and tags --------------------------------------------------------------------

OPERATIONS = {
    ("get", "/v1/status"): ("getStatus", "Status"),
    ("get", "/v1/team/members"): ("listTeamMembers", "Team"),
    ("get", "/v1/team/members/{id}"): ("getTeamMember", "Team"),
    ("get", "/v1/team/sync"): ("getTeamSync", "Team"),
    ("post", "/v1/team/sync"): ("acknowledgeTeamSync", "Team"),
    ("get", "/v1/admin/members"): ("listMembers", "Members"),
    ("post", "/v1/admin/members"): ("createMember", "Members"),
    ("get", "/v1/admin/members/{id}"): ("getMember", "Members"),
    ("patch", "/v1/admin/members/{id}"): ("updateMember", "Members"),
    ("delete", "/v1/admin/members/{id}"): ("deleteMember", "Members"),
    ("get", "/v1/admin/tokens"): ("listTokens", "Tokens"),
    ("post", "/v1/admin/tokens"): ("createToken", "Tokens"),
    ("get", "/v1/admin/tokens/{id}"): ("getToken", "Tokens"),
    ("post", "/v1/admin/tokens/{id}/rotate"): ("rotateToken", "Tokens"),
    ("post", "/v1/admin/tokens/{id}/revoke"): ("revokeToken", "Tokens"),
    ("get", "/v1/admin/invites"): ("listInvites", "Invites"),
    ("post", "/v1/admin/invites"): ("createInvite", "Invites"),
    ("get", "/v1/admin/invites/{id}"): ("getInvite", "Invites"),
    ("post", "/v1/admin/invites/{id}/revoke"): ("revokeInvite", "Invites"),
    ("post", "/v1/invites/redeem"): ("redeemInvite", "Invites"),
    ("get", "/v1/knowledge"): ("listKnowledge", "Knowledge"),
    ("post", "/v1/knowledge"): ("createKnowledgeEntry", "Knowledge"),
    ("get", "/v1/knowledge/{id}"): ("getKnowledgeEntry", "Knowledge"),
    ("patch", "/v1/knowledge/{id}"): ("updateKnowledgeEntry", "Knowledge"),
    ("delete", "/v1/knowledge/{id}"): ("deleteKnowledgeEntry", "Knowledge"),
    ("post", "/v1/knowledge/{id}/upvote"): ("upvoteKnowledgeEntry", "Knowledge"),
    ("get", "/v1/presence"): ("listPresence", "Presence"),
    ("post", "/v1/presence"): ("sendHeartbeat", "Presence"),
    ("get", "/v1/me/tokens"): ("listMyTokens", "Tokens"),
    ("post", "/v1/me/tokens"): ("createMyToken", "Tokens"),
    ("get", "/v1/me/tokens/{id}"): ("getMyToken", "Tokens"),
    ("post", "/v1/me/tokens/{id}/rotate"): ("rotateMyToken", "Tokens"),
    ("post", "/v1/me/tokens/{id}/revoke"): ("revokeMyToken", "Tokens"),
    ("get", "/v1/admin/webhooks"): ("listWebhooks", "Webhooks"),
    ("post", "/v1/admin/webhooks"): ("createWebhook", "Webhooks"),
    ("get", "/v1/admin/webhooks/{id}"): ("getWebhook", "Webhooks"),
    ("patch", "/v1/admin/webhooks/{id}"): ("updateWebhook", "Webhooks"),
    ("delete", "/v1/admin/webhooks/{id}"): ("deleteWebhook", "Webhooks"),
    ("get", "/v1/admin/webhooks/{id}/deliveries"): ("listWebhookDeliveries", "Webhooks"),
    ("post", "/v1/admin/webhooks/{id}/test"): ("testWebhook", "Webhooks"),
    ("get", "/v1/events"): ("listEvents", "Events"),
    ("get", "/v1/intents"): ("listIntents", "Intents"),
    ("post", "/v1/intents"): ("createIntent", "Intents"),
    ("get", "/v1/intents/{id}"): ("getIntent", "Intents"),
    ("get", "/v1/intents/{id}/nodes"): ("listIntentNodes", "Intents"),
    ("post", "/v1/intents:batch"): ("createIntents", "Intents"),
    ("get", "/v1/impacts"): ("listImpacts", "Impacts"),
    ("post", "/v1/impacts"): ("reportImpact", "Impacts"),
    ("get", "/v1/impacts/{id}"): ("getImpact", "Impacts"),
    ("patch", "/v1/impacts/{id}"): ("updateImpact", "Impacts"),
    ("post", "/v1/impacts:batch"): ("resolveImpacts", "Impacts"),
    ("get", "/v1/messages"): ("listMessages", "Messages"),
    ("post", "/v1/messages"): ("postMessage", "Messages"),
    ("get", "/v1/messages/{id}"): ("getMessage", "Messages"),
    ("patch", "/v1/messages/{id}"): ("updateMessage", "Messages"),
    ("get", "/v1/snapshots"): ("listSnapshots", "Snapshots"),
    ("post", "/v1/snapshots"): ("createSnapshot", "Snapshots"),
    ("get", "/v1/snapshots/{id}"): ("getSnapshot", "Snapshots"),
    ("get", "/v1/snapshots/{id}/content"): ("getSnapshotContent", "Snapshots"),
    ("post", "/v1/snapshots:batch"): ("createSnapshots", "Snapshots"),
    ("get", "/v1/zones"): ("listZones", "Zones"),
    ("post", "/v1/zones"): ("claimZone", "Zones"),
    ("get", "/v1/zones/{id}"): ("getZone", "Zones"),
    ("delete", "/v1/zones/{id}"): ("releaseZone", "Zones"),
    ("get", "/v1/zones/check"): ("checkZone", "Zones"),
    ("post", "/v1/prove"): ("runProve", "Prove"),
    ("get", "/v1/prove/history"): ("listProveRuns", "Prove"),
    ("get", "/v1/prove/history/{id}"): ("getProveRun", "Prove"),
}

# OpenAPI links: what a client (and the fuzzer's stateful phase) can do next with the id a
# create answered. Not linked: testWebhook (it sends a real ping to the webhook's address)
# and redeemInvite (the code is shown once, to a person who is not yet a member).
LINKS = {
    "createIntent": ("getIntent", "listIntentNodes"),
    "reportImpact": ("getImpact", "updateImpact"),
    "postMessage": ("getMessage", "updateMessage"),
    "createSnapshot": ("getSnapshot", "getSnapshotContent"),
    "claimZone": ("getZone", "releaseZone"),
    "runProve": ("getProveRun",),
    "createKnowledgeEntry": ("getKnowledgeEntry", "updateKnowledgeEntry", "upvoteKnowledgeEntry",
                             "deleteKnowledgeEntry"),
    "createWebhook": ("getWebhook", "updateWebhook", "listWebhookDeliveries", "deleteWebhook"),
    "createMember": ("getMember", "getTeamMember", "updateMember", "deleteMember"),
    "createToken": ("getToken", "rotateToken", "revokeToken"),
    "createMyToken": ("getMyToken", "rotateMyToken", "revokeMyToken"),
    "createInvite": ("getInvite", "revokeInvite"),
}

# The batch endpoints: the list key of the request, and the component of one item's answer.
BATCHES = {
    "/v1/intents:batch": ("intents", "IntentBatchResult"),
    "/v1/impacts:batch": ("impacts", "ImpactBatchResult"),
    "/v1/snapshots:batch": ("snapshots", "SnapshotBatchResult"),
}
BATCH_MAX_ITEMS = 500


def _camel(operation_id):
    head, *rest = re.split(r"[^A-Za-z0-9]+", operation_id)
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _responses_with_errors(path, method, operation, ref):
    responses = operation["responses"]

    def add(table):
        for status, description in table.items():
            responses.setdefault(
                status, {"description": description, "content": {"application/json": {"schema": ref}}}
            )

    add(_COMMON)
    if method in _UNSAFE:
        add(_IDEMPOTENT)
    if "requestBody" in operation:
        add(_WITH_BODY)
    if (method, path) in _LOCKED:
        add({"423": _LOCKED_DESCRIPTION})
    # drf-spectacular's own 406/422 entries (from a decorator) may lack a body: give them the Error.
    for status, response in responses.items():
        if status[0] in "45" and "content" not in response:
            response["content"] = {"application/json": {"schema": ref}}


def _headers_of(path, method, status):
    headers = {"X-Request-Id": _header("X-Request-Id"), "X-Aura-Version": _header("X-Aura-Version")}
    for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
        headers[name] = _header(name)
    if status in ("429", "503"):
        headers["Retry-After"] = _header("Retry-After", required=True)
    elif status == "409" and method in _UNSAFE:
        headers["Retry-After"] = _header("Retry-After")
    if method in _UNSAFE and status not in ("429", "500"):
        headers["Idempotent-Replayed"] = _header("Idempotent-Replayed")
    if path == "/v1/snapshots/{id}/content" and status in ("200", "304"):
        headers["ETag"] = _header("ETag", required=True)
    if (method, path) == ("post", "/v1/prove") and status == "201":
        headers["Location"] = _header("Location", required=True)
    return headers


def _fix_parameters(path, method, operation):
    parameters = operation.setdefault("parameters", [])
    for parameter in parameters:
        if parameter.get("in") == "query" and parameter["name"] == "since":
            parameter["schema"] = copy.deepcopy(SINCE_SCHEMA)
            parameter["description"] = SINCE_DESCRIPTION
    if path.startswith("/v1/"):
        parameters.append(dict(VERSION_PARAMETER))
    if method in _UNSAFE:
        parameters.append(dict(IDEMPOTENCY_PARAMETER))


def _fix_batch(path, operation, schemas):
    key, item = BATCHES[path]
    operation["parameters"] = [
        p for p in operation.get("parameters", []) if p.get("in") != "query" or p["name"] == "team"
    ]
    ok = operation["responses"].get("200", {})
    ok["description"] = "One answer per item, in order: {ok: <the item's result>} or {err: <its error>}."
    ok["content"] = {"application/json": {"schema": {"type": "array", "items": _ref(item)}}}
    if item in schemas:
        schemas[item]["properties"]["err"] = _ref("BatchItemError")
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    name = body.get("$ref", "").rsplit("/", 1)[-1]
    if name in schemas:
        items = schemas[name]["properties"][key]
        items.update(minItems=1, maxItems=BATCH_MAX_ITEMS)


def _fix_events(operation):
    """The poll pages by ``limit`` (50 when absent); the stream (subscribe=true)
    refuses it, so a client must not send a default."""
    for parameter in operation["parameters"]:
        if parameter["name"] == "limit":
            parameter["schema"].pop("default", None)
            parameter["description"] = "The poll's page size (50 when absent); not with subscribe=true."
    ok = operation["responses"]["200"]
    ok["description"] = "A page of events (the poll), or with subscribe=true on the ASGI server the SSE stream."
    ok["content"]["text/event-stream"] = {
        "schema": {"type": "string", "description": "id: <seq>, event: <topic>, data: <the event as JSON>."}
    }


# Query parameters an empty value is an error for (elsewhere ``name=`` means "not given").
_EMPTY_REFUSED = {"group_by", "after"}
# Raw snapshot uploads take their metadata from the query, where "" is not a value.
_EMPTY_REFUSED_ON = {
    ("post", "/v1/snapshots", name) for name in ("path", "repo", "branch", "commit_sha", "content_type")
} | {("get", "/v1/zones/check", "path"), ("get", "/v1/knowledge", "q")}


def _fix_empty_values(path, method, operation):
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        if parameter["name"] in _EMPTY_REFUSED or (method, path, parameter["name"]) in _EMPTY_REFUSED_ON:
            schema = parameter.setdefault("schema", {})
            if schema.get("type") == "string":
                schema.setdefault("minLength", 1)
        else:
            parameter["allowEmptyValue"] = True
        _no_nul(parameter.get("schema"))


_NOT_BLANK = r"\S"
_BASE64 = r"^\s*(?:[A-Za-z0-9+/]\s*[A-Za-z0-9+/]\s*[A-Za-z0-9+/]\s*[A-Za-z0-9+/]\s*)*" \
    r"(?:[A-Za-z0-9+/]\s*[A-Za-z0-9+/]\s*(?:=\s*=|[A-Za-z0-9+/]\s*=)\s*)?$"
_H = "[0-9A-Fa-f]{1,4}"
# An IPv6 address as urllib checks a bracketed host (its textual forms, no embedded IPv4).
_IPV6 = "(?:" + "|".join([
    f"(?:{_H}:){{7}}{_H}", f"(?:{_H}:){{1,7}}:", f"(?:{_H}:){{1,6}}:{_H}",
    f"(?:{_H}:){{1,5}}(?::{_H}){{1,2}}", f"(?:{_H}:){{1,4}}(?::{_H}){{1,3}}",
    f"(?:{_H}:){{1,3}}(?::{_H}){{1,4}}", f"(?:{_H}:){{1,2}}(?::{_H}){{1,5}}",
    f"{_H}:(?::{_H}){{1,6}}", f":(?:(?::{_H}){{1,7}}|:)",
]) + ")"
# events.serializers.validate_url: printable ASCII, http(s), a host (a name, IPv4 or [IPv6]).
_URL = (
    r'^[hH][tT][tT][pP][sS]?://(?:[!-"$-.0->@-Z\\^-~]*@)?(?:[!-"$-.0-9;->A-Z\\^-~]+|\[' + _IPV6 + r'\])'
    r'(?::[!-"$-.0->A-Z\\^-~]*)?(?:[/?#][!-~]*)?$'
)
# A span (accounts.tokens.parse_span), kept well inside its century.
_SPAN = r"^\s*(?:[0-9]{1,9}s|[0-9]{1,7}m|[0-9]{1,5}h|[0-9]{1,4}d|[0-9]{1,3}w)\s*$"
_SPAN_AHEAD = r"^\s*0*(?:[1-9][0-9]{0,8}s|[1-9][0-9]{0,6}m|[1-9][0-9]{0,4}h|[1-9][0-9]{0,3}d|[1-9][0-9]{0,2}w)\s*$"
# DRF's and Django's string fields refuse NUL, in a body and in the query alike.
_NO_NUL = r"^[^\x00]*$"


def _fix_request_bodies(schemas):
    """What the request serializers check beyond their field types."""

    def props(name):
        return schemas.get(name, {}).get("properties", {})

    snapshot = schemas.get("SnapshotCreateRequest")
    if snapshot and "properties" in snapshot:
        # Exactly one of content (text) and content_base64 (binary): two named
        # objects, so a generated client gets a model for each (a oneOf of bare
        # ``required`` lists is a body generators cannot type).
        snapshot["properties"]["content_base64"]["pattern"] = _BASE64
        for name, kept, dropped in (("SnapshotTextRequest", "content", "content_base64"),
                                    ("SnapshotBinaryRequest", "content_base64", "content")):
            variant = copy.deepcopy(snapshot)
            variant["properties"].pop(dropped)
            variant["required"] = [*variant.get("required", []), kept]
            schemas[name] = variant
        schemas["SnapshotCreateRequest"] = {
            "description": snapshot.get("description", ""),
            "oneOf": [_ref("SnapshotTextRequest"), _ref("SnapshotBinaryRequest")],
        }
    recipient = schemas.get("RecipientInputRequest")
    if recipient:
        recipient["oneOf"] = [
            {"properties": {"kind": {"enum": ["broadcast"]}, "id": {"maxLength": 0}}},
            {"properties": {"kind": {"enum": ["member"]}, "id": {"pattern": _NOT_BLANK}}, "required": ["id"]},
        ]
    message = props("MessageCreateRequest")
    if message:
        message["channel"] = {"type": "string", "enum": ["team"], "default": "team",
                              "description": "Only the server posts on the sentinel channel."}
        message["body"]["pattern"] = _NOT_BLANK
    read = schemas.get("PatchedMessageUpdateRequest")
    if read:
        read["required"] = ["read"]
    impact = schemas.get("PatchedImpactUpdateRequest")
    if impact:
        impact["allOf"] = [
            {"anyOf": [{"required": [name]} for name in ("status", "note", "snooze_until")]},
            # snooze_until only with status snoozed, or with no status (which then means snoozed)
            {"anyOf": [{"not": {"required": ["snooze_until"]}},
                       {"not": {"required": ["status"]}},
                       {"properties": {"status": {"enum": ["snoozed"]}}}]},
        ]
    props("PatchedWebhookWriteRequest").pop("team", None)  # a webhook stays in its team
    for name in ("WebhookWriteRequest", "PatchedWebhookWriteRequest"):
        webhook = props(name)
        if webhook:
            webhook["url"]["pattern"] = _URL
            schemas[name]["additionalProperties"] = False
    for name in ("TokenCreateRequest", "InviteCreateRequest"):
        if "expires_in" in props(name):
            props(name)["expires_in"]["pattern"] = _SPAN_AHEAD
    # Bodies whose serializers name every unknown field in a 400.
    for name in ("InviteRedeemRequest", "KnowledgeEntryCreateRequest", "PatchedKnowledgeEntryUpdateRequest",
                 "HeartbeatRequest"):
        if name in schemas:
            schemas[name]["additionalProperties"] = False
    if "PatchedKnowledgeEntryUpdateRequest" in schemas:
        schemas["PatchedKnowledgeEntryUpdateRequest"]["minProperties"] = 1  # at least one field to change
    if "grace" in props("TokenRotateRequest"):
        props("TokenRotateRequest")["grace"]["pattern"] = _SPAN
    for name in ("ProveCreateRequest", "RequirementRequest"):
        if name in schemas:
            schemas[name]["additionalProperties"] = False
    prove = props("ProveCreateRequest")
    if prove and "items" in prove.get("requirements", {}):
        requirement = prove["requirements"]["items"]
        prove["requirements"]["items"] = {"oneOf": [
            {"type": "string", "pattern": _NOT_BLANK, "maxLength": 500, "description": "The node's name alone."},
            requirement,
        ]}


def _no_nul(schema):
    """Every plain string of a request refuses NUL (a pattern of its own says more)."""
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not ({"pattern", "enum", "format"} & set(schema)):
        schema["pattern"] = _NO_NUL
    for key in ("properties",):
        for sub in schema.get(key, {}).values():
            _no_nul(sub)
    for key in ("items", "additionalProperties", "not"):
        _no_nul(schema.get(key))
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in schema.get(key, []):
            _no_nul(sub)


# Public operations: a caller may send a token or a session (it changes what they do), or neither.
_PUBLIC = {("post", "/v1/invites/redeem")}

# Operations whose body is not optional (their serializer has a required field).
_BODY_REQUIRED = {("patch", "/v1/messages/{id}"), ("post", "/v1/snapshots")}


def _has_required(schemas, schema):
    if "$ref" in schema:
        schema = schemas.get(schema["$ref"].rsplit("/", 1)[1], {})
    return bool(schema.get("required") or schema.get("anyOf") or schema.get("allOf") or schema.get("oneOf")
                or schema.get("minProperties"))


def _fix_body(path, method, operation, schemas):
    body = operation.get("requestBody")
    if body is None:
        return
    json_body = body.get("content", {}).get("application/json", {}).get("schema", {})
    if (method, path) in _BODY_REQUIRED or _has_required(schemas, json_body):
        body["required"] = True
    raw = body.get("content", {}).get("application/octet-stream")
    if raw is not None:
        raw["schema"] = {"type": "string", "format": "binary", "minLength": 1,
                         "description": "The file's bytes (not empty: send an empty file as JSON)."}


def _group_answers(operation):
    names = {p["name"] for p in operation.get("parameters", [])}
    if "group_by" not in names:
        return
    content = operation["responses"]["200"]["content"]["application/json"]
    content["schema"] = {"oneOf": [content["schema"], _ref("GroupedAnswer")]}


def _add_links(paths):
    """``links`` on each create's 2xx answers: its ``id`` is the ``id`` of the next calls."""
    by_id = {op["operationId"]: op for ops in paths.values() for op in ops.values()
             if isinstance(op, dict) and "operationId" in op}
    for source, targets in LINKS.items():
        operation = by_id.get(source)
        if operation is None:
            continue
        links = {
            target: {
                "operationId": target,
                "parameters": {"id": "$response.body#/id"},
                "description": f"{target} on the object this call created.",
            }
            for target in targets if target in by_id
        }
        for status, response in operation["responses"].items():
            if status.startswith("2") and links:
                response["links"] = copy.deepcopy(links)


def postprocess(result, generator, request, public):
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["BatchItemError"] = BATCH_ITEM_ERROR_SCHEMA
    schemas["GroupedAnswer"] = GROUPED_SCHEMA
    components["headers"] = copy.deepcopy(HEADERS)
    ref = _ref("Error")
    _fix_request_bodies(schemas)

    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            operation_id, tag = OPERATIONS.get((method, path), (_camel(operation["operationId"]), None))
            operation["operationId"] = operation_id
            if tag is not None:
                operation["tags"] = [tag]
            # One entry per scheme (the global SECURITY and the view's both name bearerAuth).
            seen, security = set(), []
            for requirement in operation.get("security", []):
                key = tuple(sorted(requirement))
                if key not in seen:
                    seen.add(key)
                    security.append(requirement)
            if (method, path) in _PUBLIC:
                security.append({})  # a token or a session is optional
            if security:
                operation["security"] = security
            _fix_parameters(path, method, operation)
            if path in BATCHES:
                _fix_batch(path, operation, schemas)
            if path == "/v1/events":
                _fix_events(operation)
            _group_answers(operation)
            _fix_empty_values(path, method, operation)
            _fix_body(path, method, operation, schemas)
            _responses_with_errors(path, method, operation, ref)
            for status, response in operation["responses"].items():
                response["headers"] = {**_headers_of(path, method, status), **response.get("headers", {})}
            operation["responses"] = dict(sorted(operation["responses"].items()))
    _add_links(result.get("paths", {}))
    for name, schema in schemas.items():
        if name.endswith("Request"):
            _no_nul(schema)
    for name in ("Webhook", "WebhookCreated"):
        schemas.get(name, {}).get("properties", {}).get("url", {}).pop("format", None)
    created = schemas.get("WebhookCreated", {})
    if "secret" in created.get("required", []):
        created["required"].remove("secret")  # only when the server generated it
    # Components only the replaced batch answers referred to.
    for name in [n for n in schemas if n.startswith("Paginated") and n.endswith("BatchResultList")]:
        del schemas[name]
    return result

