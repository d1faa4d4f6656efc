"""Webhooks: queue a delivery per matching webhook in the event's
transaction, then send it — signed, with a timeout, without redirects or an
environment proxy, to an address that passed the SSRF guard — and record
what happened with exponential back-off.

``python manage.py deliver_webhooks`` drives ``run_pass()``; several senders
may run: a row is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` and moved
past its lease, so no two senders hold it at once.
"""

import base64
import hashlib
import hmac
import http.client
import logging
import secrets
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from aura_site.api.times import rfc3339

from . import formats, netguard, wakeup
from .models import Delivery, Webhook

logger = logging.getLogger("aura.webhooks")

TIMEOUT_SECONDS = 10
LEASE = timedelta(seconds=60)  # > the send timeout, with room to record the result
MAX_BACKOFF_SECONDS = 6 * 3600
RESPONSE_READ_LIMIT = 64 * 1024
EXCERPT_LIMIT = 1000
USER_AGENT = f"Aura-Mothership/{settings.AURA_VERSION} (webhooks)"


def new_secret():
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# --- queueing (in the writer's transaction, once its events are numbered) ----------
def queue_deliveries(events):
    """One pending Delivery per (event, active webhook of its team that wants
    the topic): one read of the teams' webhooks and one insert for all the
    events of a transaction. Private events (direct messages) are never sent
    to webhooks."""
    events = [e for e in events if not e.is_private]
    if not events:
        return
    hooks = defaultdict(list)
    for hook in Webhook.objects.filter(team_id__in={e.team_id for e in events}, active=True).only(
        "id", "team_id", "topics"
    ):
        hooks[hook.team_id].append(hook)
    rows = [
        Delivery(team_id=e.team_id, webhook_id=h.id, event=e, topic=e.topic)
        for e in events
        for h in hooks.get(e.team_id, ())
        if h.wants(e.topic)
    ]
    if rows:
        Delivery.objects.bulk_create(rows)
        wakeup.deliveries_queued()


# --- sending ---------------------------------------------------------------------
@dataclass
class Attempt:
    ok: bool
    status: int | None = None
    excerpt: str = ""
    error: str = ""
    duration_ms: int = 0
    retry_after: float | None = None
    permanent: bool = False


class _GuardedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, timeout, allowed):
        super().__init__(host, port, timeout=timeout)
        self._allowed = allowed

    def connect(self):
        self.sock = netguard.connect(self.host, self.port, self.timeout, self._allowed)


class _GuardedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, timeout, allowed):
        super().__init__(host, port, timeout=timeout)
        self._allowed = allowed

    def connect(self):
        sock = netguard.connect(self.host, self.port, self.timeout, self._allowed)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def allowed_hosts():
    return netguard.parse_allowed(settings.AURA_WEBHOOK_ALLOWED_HOSTS)


def post(url, body, headers, timeout=None):
    """POST ``body`` to ``url`` once. Never follows a redirect and never uses a
    proxy (http.client reads no environment); a 3xx is a failed attempt."""
    parts = urlsplit(url)
    scheme, host = parts.scheme, parts.hostname
    timeout = timeout or TIMEOUT_SECONDS
    started = time.monotonic()
    deadline = started + timeout

    def took():
        return int((time.monotonic() - started) * 1000)

    if scheme not in ("http", "https") or not host:
        return Attempt(False, error="the URL is not http(s)", permanent=True)
    port = parts.port or (443 if scheme == "https" else 80)
    headers = dict(headers)
    if parts.username:
        creds = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(creds).decode()
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    cls = _GuardedHTTPS if scheme == "https" else _GuardedHTTP
    conn = cls(host, port, timeout, allowed_hosts())
    try:
        conn.request("POST", target, body=body, headers=headers)
        sock = conn.sock  # the response keeps reading from it after conn lets go
        sock.settimeout(max(deadline - time.monotonic(), 0.001))
        response = conn.getresponse()
        chunks, size = [], 0
        while size < RESPONSE_READ_LIMIT:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("timed out reading the response")
            sock.settimeout(remaining)
            chunk = response.read1(RESPONSE_READ_LIMIT - size) if hasattr(response, "read1") else response.read(4096)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        excerpt = b"".join(chunks)[:EXCERPT_LIMIT].decode("utf-8", "replace")
        status = response.status
        retry_after = _retry_after(response.getheader("Retry-After"))
    except netguard.Refused as exc:
        return Attempt(False, error=f"refused: {exc}"[:500], duration_ms=took(), permanent=True)
    except (OSError, http.client.HTTPException) as exc:
        return Attempt(False, error=(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)[:500],
                       duration_ms=took())
    finally:
        conn.close()
    if 200 <= status < 300:
        return Attempt(True, status=status, excerpt=excerpt, duration_ms=took())
    if 300 <= status < 400:
        where = response.getheader("Location") or "?"
        return Attempt(False, status=status, excerpt=excerpt, duration_ms=took(),
                       error=f"redirect to {where} not followed"[:500])
    return Attempt(False, status=status, excerpt=excerpt, duration_ms=took(), retry_after=retry_after,
                   error=f"HTTP {status}")


def _retry_after(value):
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


def event_document(delivery, webhook):
    """The event as receivers see it (what the raw body and chat bodies describe)."""
    if delivery.topic == "ping" or delivery.event_id is None:
        return {
            "seq": None,
            "event_id": None,
            "topic": "ping",
            "team": webhook.team.slug,
            "created_at": rfc3339(delivery.created_at),
            "data": {"webhook_id": webhook.id, "message": "A test delivery from Aura."},
        }
    return {"seq": delivery.event.seq, **delivery.event.as_frame_data()}


def attempt(delivery, webhook):
    """Build, sign and send one delivery of ``webhook``; returns an Attempt."""
    sent_at = rfc3339(timezone.now())
    body = formats.render(webhook.format, event_document(delivery, webhook), delivery.id, sent_at)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Aura-Event": delivery.topic,
        "X-Aura-Delivery": delivery.id,
        "X-Aura-Signature": sign(webhook.secret, body),
        "X-Aura-Attempt": str(delivery.attempts or 1),
    }
    return post(webhook.url, body, headers)


def backoff_seconds(attempts, retry_after=None):
    """Seconds before the next try after ``attempts`` failed ones: base × 2^(n-1),
    at least what the receiver's Retry-After asked for, at most 6 h."""
    delay = settings.AURA_WEBHOOK_BACKOFF_SECONDS * (2 ** max(attempts - 1, 0))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return min(delay, MAX_BACKOFF_SECONDS)


def record_result(delivery, result, now=None):
    """Store the outcome of the claimed attempt number ``delivery.attempts``."""
    now = now or timezone.now()
    fields = {
        "last_attempt_at": now,
        "response_status": result.status,
        "response_excerpt": result.excerpt,
        "error": result.error,
        "duration_ms": result.duration_ms,
    }
    if result.ok:
        fields.update(status=Delivery.SUCCEEDED, delivered_at=now, next_attempt_at=None)
    elif result.permanent or delivery.attempts >= settings.AURA_WEBHOOK_MAX_ATTEMPTS:
        fields.update(status=Delivery.FAILED, next_attempt_at=None)
    else:
        fields.update(next_attempt_at=now + timedelta(seconds=backoff_seconds(delivery.attempts, result.retry_after)))
    # Only while the claim is still ours (same attempt number, still pending).
    Delivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts, status=Delivery.PENDING).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)


def claim(limit, due_before):
    """Claim up to ``limit`` due rows: lock them (skipping rows another sender
    holds), count the attempt and move them past the lease, then commit."""
    now = timezone.now()
    with transaction.atomic():
        qs = Delivery.objects.filter(status=Delivery.PENDING, next_attempt_at__lte=due_before).order_by(
            "next_attempt_at", "id"
        )
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids).update(
            attempts=F("attempts") + 1, next_attempt_at=now + LEASE, last_attempt_at=now
        )
    return list(Delivery.objects.filter(pk__in=ids).select_related("webhook__team", "event__team").order_by("id"))


def deliver(delivery):
    """Send one claimed delivery and record the result."""
    webhook = delivery.webhook
    if not webhook.active:
        result = Attempt(False, error="the webhook was deactivated", permanent=True)
    elif delivery.event_id is None and delivery.topic != "ping":
        result = Attempt(False, error="the event was purged before it could be sent", permanent=True)
    else:
        result = attempt(delivery, webhook)
    record_result(delivery, result)
    if not result.ok:
        logger.info("delivery %s to %s failed: %s", delivery.pk, webhook.display_url, result.error)
    return result


def run_pass(batch=10, executor=None):
    """Send every delivery due when the pass starts; returns how many were tried."""
    started = timezone.now()
    total = 0
    while True:
        rows = claim(batch, started)
        if not rows:
            return total
        total += len(rows)
        if executor is None:
            for row in rows:
                deliver(row)
        else:
            list(executor.map(_deliver_in_thread, rows))


def _deliver_in_thread(delivery):
    from django.db import close_old_connections

    try:
        return deliver(delivery)
    finally:
        close_old_connections()


def test_delivery(webhook):
    """POST …/{id}/test: send a ``ping`` now, once, and keep it in the log."""
    delivery = Delivery.objects.create(
        team_id=webhook.team_id, webhook=webhook, topic="ping", attempts=1,
        next_attempt_at=None, last_attempt_at=timezone.now(),
    )
    delivery.webhook = webhook
    result = attempt(delivery, webhook)
    fields = {
        "status": Delivery.SUCCEEDED if result.ok else Delivery.FAILED,
        "response_status": result.status,
        "response_excerpt": result.excerpt,
        "error": result.error,
        "duration_ms": result.duration_ms,
        "delivered_at": timezone.now() if result.ok else None,
    }
    for name, value in fields.items():
        setattr(delivery, name, value)
    delivery.save(update_fields=list(fields))
    return delivery
