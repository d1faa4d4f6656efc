"""AURA_EVENT_RETENTION_DAYS and python manage.py purge_events."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from events.log import record
from events.models import Delivery, Event, Push, Webhook


def test_purge_removes_what_is_older_than_retention(world, settings):
    settings.AURA_EVENT_RETENTION_DAYS = 30
    hook = Webhook.objects.create(team=world.acme, url="https://a.example/x", secret="s" * 20, topics=["*"])
    old = [record(world.acme, "zone.claimed", {"i": i}) for i in range(3)]
    new = record(world.acme, "zone.claimed", {"i": 9})
    long_ago = timezone.now() - timedelta(days=31)
    Event.objects.filter(seq__in=[e.seq for e in old]).update(created_at=long_ago)
    Delivery.objects.filter(event__in=old[:2]).update(created_at=long_ago, status="succeeded")
    Delivery.objects.filter(event=old[2]).update(created_at=long_ago)  # still pending: kept
    Push.objects.create(team=world.acme, repo="r", branch="b", seq=old[0].seq, created_at=long_ago)
    Push.objects.create(team=world.acme, repo="r", branch="b", seq=new.seq)
    out = StringIO()
    call_command("purge_events", stdout=out)
    assert out.getvalue().strip() == "purged 3 events, 1 pushes, 2 deliveries"
    assert list(Event.objects.values_list("seq", flat=True)) == [new.seq]
    assert Push.objects.count() == 1
    assert Delivery.objects.filter(webhook=hook).count() == 2  # the pending one (event gone) and the new one
    call_command("purge_events", stdout=StringIO())
    assert Event.objects.count() == 1


def test_days_option(world):
    e = record(world.acme, "zone.claimed", {})
    Event.objects.filter(seq=e.seq).update(created_at=timezone.now() - timedelta(days=3))
    call_command("purge_events", "--days", "5", stdout=StringIO())
    assert Event.objects.count() == 1
    call_command("purge_events", "--days", "2", stdout=StringIO())
    assert Event.objects.count() == 0
    with pytest.raises(CommandError):
        call_command("purge_events", "--days", "0")


def test_a_pending_delivery_whose_event_was_purged_fails_cleanly(world, settings):
    from events import webhooks

    Webhook.objects.create(team=world.acme, url="https://a.example/x", secret="s" * 20, topics=["*"])
    e = record(world.acme, "zone.claimed", {})
    Event.objects.filter(seq=e.seq).delete()
    webhooks.run_pass()
    d = Delivery.objects.get()
    assert d.status == "failed" and "purged" in d.error
