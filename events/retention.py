"""Retention: events (and their team-sync push rows and finished webhook
deliveries) older than AURA_EVENT_RETENTION_DAYS are deleted."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Delivery, Event, Push

CHUNK = 5000


def cutoff(now=None, days=None):
    days = settings.AURA_EVENT_RETENTION_DAYS if days is None else days
    return (now or timezone.now()) - timedelta(days=days)


def purge(now=None, days=None):
    """Delete what is older than the retention window, in chunks (short locks).
    Returns {"events": n, "pushes": n, "deliveries": n}."""
    before = cutoff(now, days)
    counts = {"events": 0, "pushes": 0, "deliveries": 0}
    done_deliveries = Delivery.objects.filter(created_at__lt=before).exclude(status=Delivery.PENDING)
    for key, qs, pk in (
        ("deliveries", done_deliveries, "id"),
        ("pushes", Push.objects.filter(created_at__lt=before), "id"),
        ("events", Event.objects.filter(created_at__lt=before), "seq"),
    ):
        while True:
            ids = list(qs.order_by(pk).values_list(pk, flat=True)[:CHUNK])
            if not ids:
                break
            deleted, _ = qs.model.objects.filter(**{f"{pk}__in": ids}).delete()
            counts[key] += len(ids)
    return counts
