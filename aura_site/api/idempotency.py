"""Idempotency-Key: record the first answer, replay it verbatim.

* A key is per caller identity (the user behind a token or session) and lives
  24 hours. The record is claimed in its own committed transaction before
  the work starts, so a concurrent duplicate finds it (unique constraint) and
  gets 409 ``idempotency_in_progress``; a claim older than the 60 s lease is
  taken over (its request died).
* The answer is stored in the same transaction as the work, so a crash never
  leaves work done without its answer. 4xx answers are stored after the
  rollback of the work; 429 and 5xx answers are not stored (the key is freed).
* Same key with another method, path or body → 422 ``idempotency_key_reused``.
"""

import hashlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from . import errors
from .models import IdempotencyRecord

logger = logging.getLogger("aura.api")

UNSAFE_METHODS = ("POST", "PATCH", "PUT", "DELETE")
# Headers that belong to one delivery, not to the stored answer.
_VOLATILE = {
    "x-request-id", "x-aura-version", "x-ratelimit-limit", "x-ratelimit-remaining",
    "x-ratelimit-reset", "vary", "allow", "content-length", "idempotent-replayed",
}


def ttl():
    return timedelta(seconds=settings.AURA_IDEMPOTENCY_TTL_SECONDS)


def lease():
    return timedelta(seconds=settings.AURA_IDEMPOTENCY_LEASE_SECONDS)


def fingerprint(*parts):
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode())
        h.update(b"\0")
    return h.hexdigest()


def claim(owner, key, fp):
    """Claim (owner, key). Returns ("new", record) or ("done", record); raises
    422 on a mismatched request, 409 while another holds a live lease."""
    now = timezone.now()
    maybe_purge(now)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    owner=owner, key=key, fingerprint=fp, state="running", created_at=now, locked_at=now
                )
            return "new", record
        except IntegrityError:
            pass
        record = IdempotencyRecord.objects.select_for_update().get(owner=owner, key=key)
        if record.created_at <= now - ttl():
            # Expired: the key starts a new life.
            record.fingerprint, record.state, record.status_code = fp, "running", None
            record.headers, record.body, record.created_at, record.locked_at = {}, b"", now, now
            record.save()
            return "new", record
        if record.fingerprint != fp:
            raise errors.IdempotencyKeyReused(
                hint="Use a new Idempotency-Key for a different request."
            )
        if record.state == "done":
            return "done", record
        if record.locked_at > now - lease():
            raise errors.IdempotencyInProgress(
                hint="Retry after the first request finishes.", headers={"Retry-After": "1"}
            )
        record.locked_at = now
        record.save(update_fields=["locked_at"])
        return "new", record


def _unrendered(response):
    return isinstance(response, Response) and not response.is_rendered


def render_body(response, redact=()):
    """The bytes the client receives: DRF renders JSON compactly, as here."""
    if _unrendered(response):
        data = response.data
        if data is None:
            return b""
        if redact and isinstance(data, dict):
            data = {k: (None if k in redact else v) for k, v in data.items()}
        return JSONRenderer().render(data)
    return bytes(response.content or b"")


def store(record, response, redact=()):
    """Save the answer (inside the caller's transaction), or free the key.

    ``redact``: top-level fields holding a secret shown once (a new token);
    they are stored as null, so the database never holds the secret and a
    replay does not show it a second time."""
    status = response.status_code
    if status == 429 or status >= 500:
        IdempotencyRecord.objects.filter(pk=record.pk).delete()
        return
    body = render_body(response, redact)
    headers = {k: v for k, v in response.items() if k.lower() not in _VOLATILE}
    headers.pop("Content-Type", None)
    if body:
        # An unrendered DRF Response still carries HttpResponse's text/html
        # default; the JSON renderer will send application/json.
        headers["Content-Type"] = JSONRenderer.media_type if _unrendered(response) else (
            response.get("Content-Type") or JSONRenderer.media_type
        )
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        state="done", status_code=status, headers=headers, body=body
    )


class Replay(Exception):
    """The key's answer is already stored: raised before the handler runs,
    answered by the view's ``handle_exception`` with ``replay(record)``."""

    def __init__(self, record):
        super().__init__(f"idempotent replay of {record.key!r}")
        self.record = record


def replay(record):
    response = HttpResponse(bytes(record.body), status=record.status_code)
    if "Content-Type" not in record.headers:
        del response["Content-Type"]
    for name, value in record.headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


def key_from(request):
    key = request.headers.get("Idempotency-Key")
    if key is None or request.method not in UNSAFE_METHODS:
        return None
    key = key.strip()
    if not key or len(key) > 255:
        raise errors.InvalidParameter(
            "Idempotency-Key must be 1 to 255 characters.", hint="Use a UUID per logical request."
        )
    return key


def request_fingerprint(request, include_body=True):
    django_request = getattr(request, "_request", request)
    body = django_request.body if include_body else request.META.get("CONTENT_LENGTH", "")
    return fingerprint(request.method, django_request.get_full_path(), body)


def item_fingerprint(path, item):
    return fingerprint("batch-item", path, json.dumps(item, sort_keys=True, default=str))


def purge(now=None):
    """Delete expired records; returns how many."""
    now = now or timezone.now()
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lte=now - ttl()).delete()
    return deleted


PURGE_EVERY_SECONDS = 300
_PURGE_MARK = "aura:idempotency:purged"


def maybe_purge(now=None):
    """Lazy purge: at most once per PURGE_EVERY_SECONDS across every process
    sharing the cache (the ``purge_idempotency`` command does it on a timer)."""
    try:
        due = cache.add(_PURGE_MARK, 1, timeout=PURGE_EVERY_SECONDS)
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: purge another time
        logger.warning("idempotency purge skipped: cache unavailable", exc_info=True)
        return 0
    return purge(now) if due else 0
