"""Keyset pagination: ``{"data", "next_cursor", "has_more"}``.

Rows come newest first (or oldest first for the event poll) by a unique,
monotonic key; a page is ``WHERE key < :cursor ORDER BY key DESC LIMIT n+1``
through an index that starts with the team — never OFFSET, O(limit) at any
depth. The cursor is signed and bound to the endpoint and its filters.
"""

import hashlib

from django.core import signing
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from . import errors

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
_SALT = "aura.cursor.v1"


def parse_limit(request):
    raw = request.query_params.get("limit")
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    # ASCII digits only: int() would also read "５" (fullwidth) or " 5 ".
    value = int(raw) if raw.isascii() and raw.isdigit() else 0
    if not 1 <= value <= MAX_LIMIT:
        raise errors.InvalidParameter(
            f"limit must be an integer from 1 to {MAX_LIMIT}.", hint="The default is 50.", parameter="limit"
        )
    return value


def query_binding(request):
    """A digest of the endpoint and every parameter but cursor and limit."""
    params = sorted(
        (k, v) for k in request.query_params if k not in ("cursor", "limit")
        for v in request.query_params.getlist(k)
    )
    raw = request.path + "?" + "&".join(f"{k}={v}" for k, v in params)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def encode_cursor(request, value):
    return signing.dumps({"k": value, "q": query_binding(request)}, salt=_SALT, compress=False)


def decode_cursor(request, text):
    try:
        payload = signing.loads(text, salt=_SALT)
    except signing.BadSignature:
        raise errors.InvalidCursor(
            "The cursor is malformed or was tampered with.",
            hint="Pass next_cursor exactly as a previous page returned it.",
        ) from None
    if not isinstance(payload, dict) or payload.get("q") != query_binding(request):
        raise errors.InvalidCursor(
            "This cursor belongs to another query.",
            hint="Use a cursor with the same endpoint and filters that produced it.",
        )
    return payload.get("k")


class KeysetPagination(BasePagination):
    def paginate_queryset(self, queryset, request, view=None):
        field = getattr(view, "cursor_field", "id")
        ascending = getattr(view, "cursor_ascending", False)
        limit = parse_limit(request)
        self.request = request
        cursor = request.query_params.get("cursor")
        after = getattr(view, "cursor_start", None)
        if cursor:
            after = decode_cursor(request, cursor)
        if after is not None:
            queryset = queryset.filter(**{f"{field}__{'gt' if ascending else 'lt'}": after})
        queryset = queryset.order_by(field if ascending else f"-{field}")
        rows = list(queryset[: limit + 1])
        self.has_more = len(rows) > limit
        rows = rows[:limit]
        if self.has_more:
            last = rows[-1]
            self.next_cursor = encode_cursor(request, last[field] if isinstance(last, dict) else getattr(last, field))
        else:
            self.next_cursor = None
        return rows

    def get_paginated_response(self, data):
        return Response({"data": data, "next_cursor": self.next_cursor, "has_more": self.has_more})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["data", "next_cursor", "has_more"],
            "properties": {
                "data": schema,
                "next_cursor": {"type": "string", "nullable": True},
                "has_more": {"type": "boolean"},
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "limit", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
            {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"},
             "description": "next_cursor from the previous page (signed, bound to this query)."},
            {"name": "team", "in": "query", "required": False, "schema": {"type": "string"},
             "description": "Narrow to one of your teams (slug)."},
        ]
