"""``POST /v1/<resource>:batch``: many items, one answer per item.

A resource passes the list and a function that handles one item (it raises
an ApiError or a DRF ValidationError to refuse it). Each item runs in its own
savepoint, so one failure never aborts the rest, and may carry its own
``idempotency_key``, replayed like a request's. A top-level ``"team"`` is
the default of every item that names none.
"""

import json
import logging

from django.db import DatabaseError, transaction
from rest_framework import exceptions as drf_exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from . import errors, idempotency

MAX_ITEMS = 500
logger = logging.getLogger("aura.api")
DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE for deadlock_detected


def run_batch(view, request, items_key, handle_item):
    data = request.data
    items = data.get(items_key) if isinstance(data, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS:
        raise errors.ValidationFailed(
            f"{items_key} must be a list of 1 to {MAX_ITEMS} items.",
            fields={items_key: f"A list of 1 to {MAX_ITEMS} items."},
        )
    default_team = data.get("team")

    def handle(item):
        if default_team is not None and "team" not in item:
            item = {**item, "team": default_team}
        return handle_item(item)

    owner = request.auth.identity_key
    results = []
    for item in items:
        key = item.pop("idempotency_key", None) if isinstance(item, dict) else None
        results.append(_run_item(view, request, owner, key, item, handle))
    return Response(results, status=200)


def _run_item(view, request, owner, key, item, handle_item):
    record = None
    if key is not None:
        if not isinstance(key, str) or not 1 <= len(key) <= 255:
            return {"err": {"code": "validation_failed", "message": "idempotency_key must be 1 to 255 characters."}}
        try:
            state, record = idempotency.claim(owner, f"item:{key}", idempotency.item_fingerprint(request.path, item))
        except errors.ApiError as exc:
            return {"err": {"code": exc.code, "message": exc.message}}
        if state == "done":
            return json.loads(bytes(record.body))
    try:
        return _attempt(item, record, handle_item)
    except (errors.ApiError, drf_exceptions.APIException) as exc:
        err = errors.as_api_error(exc)
        body = {"code": err.code, "message": err.message}
        if err.extra.get("fields"):
            body["fields"] = err.extra["fields"]
        result = {"err": body}
        if record is not None:
            _store(record, result)
        return result
    except Exception:  # noqa: BLE001 - one item's failure never aborts the others
        # Its savepoint is rolled back; like a 5xx, the answer is not stored,
        # so a retry with the same idempotency_key runs the item again.
        logger.exception("batch item failed on %s", request.path)
        if record is not None:
            idempotency.IdempotencyRecord.objects.filter(pk=record.pk).delete()
        return {"err": {"code": "internal_error", "message": "Internal server error."}}


def _attempt(item, record, handle_item, tries=2):
    """The item in its own savepoint. Rows are locked in a fixed order within
    one item, but two batches can lock overlapping rows (impacts) in opposite
    orders across their items; PostgreSQL then aborts one of them as a
    deadlock. Rolling back to the savepoint releases that item's locks, so
    it is run once more before it counts as failed."""
    for left in range(tries - 1, -1, -1):
        try:
            with transaction.atomic():
                if not isinstance(item, dict):
                    raise errors.ValidationFailed("Each item must be a JSON object.")
                result = {"ok": handle_item(item)}
                if record is not None:
                    _store(record, result)
                return result
        except DatabaseError as exc:
            if not left or getattr(exc.__cause__, "sqlstate", None) != DEADLOCK:
                raise
            logger.info("batch item deadlocked; running it again")


def _store(record, result):
    idempotency.IdempotencyRecord.objects.filter(pk=record.pk).update(
        state="done", status_code=200, body=JSONRenderer().render(result)
    )
