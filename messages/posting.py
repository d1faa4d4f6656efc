"""Posting messages and marking them read (the domain logic behind /v1/messages).

Every message posted records ``message.posted`` in the same transaction; a
direct message's event names its sender and recipient as its audience, so the
event stream and the poll show it to those two members only (and webhooks
never carry it). Marking read records no event: it moves the member's read
marker (``messages.reads``)."""

from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from aura_site.api.ids import make_id
from aura_site.api.times import rfc3339
from events.log import record, record_many

from . import reads, sql
from .models import Message, MessageRead
from .serializers import SENTINEL


def _with_reads(message):
    prefetch_related_objects([message], "reads")
    return message


def represent(message):
    from .serializers import MessageSerializer

    return dict(MessageSerializer(_with_reads(message)).data)


def _nobody_read(message):
    """A new message's reads, known without a query: none."""
    message._prefetched_objects_cache = {"reads": MessageRead.objects.none()}


def post(team, sender, body, *, recipient=None, channel="team", subject=None):
    """Post ``body`` from ``sender`` (None: the server) to ``recipient`` (None:
    the whole team). ``subject``: ("impact" | "zone", id) for sentinel messages."""
    subject_type, subject_id = subject or ("", "")
    message = Message.objects.create(
        team=team, channel=channel, sender=sender, sender_name=sender.name if sender else "sentinel",
        recipient=recipient, body=body,
        subject_type=subject_type, subject_id=subject_id or "", created_at=timezone.now(),
    )
    _nobody_read(message)
    audience = None
    if recipient is not None:
        audience = (sender.id if sender is not None else recipient.id, recipient.id)
    record(team, "message.posted", represent(message), actor=sender, audience=audience)
    return message


def post_from_server(team, body, subject=None):
    return post(team, None, body[:10_000], channel="sentinel", subject=subject)


def post_many_from_server(team, items):
    """Broadcast several sentinel messages at once: ``items`` are (body,
    subject); one insert of messages, one of their ``message.posted`` events.
    Returns their ids."""
    now = timezone.now()
    rows = [
        {"id": make_id("msg"), "body": body[:10_000], "subject_type": subject[0], "subject_id": subject[1] or ""}
        for body, subject in items
    ]
    sql.insert_sentinel_broadcasts(team.pk, now, rows)
    record_many(team, "message.posted", [_sentinel_broadcast(team, row, now) for row in rows])
    return [row["id"] for row in rows]


def _sentinel_broadcast(team, row, created_at):
    """A new sentinel broadcast as ``MessageSerializer`` writes it (a test
    holds the two equal), without a serializer per message."""
    return {
        "id": row["id"], "team": team.slug, "channel": "sentinel", "from": dict(SENTINEL),
        "to": {"kind": "broadcast"}, "body": row["body"],
        "subject": {"type": row["subject_type"], "id": row["subject_id"]} if row["subject_type"] else None,
        "created_at": rfc3339(created_at), "read_by": [],
    }


def mark_read(message, member, read=True):
    """Mark ``message`` read (or unread) by ``member``; doing it twice changes nothing."""
    if read:
        try:
            with transaction.atomic():
                MessageRead.objects.get_or_create(
                    message=message, member=member,
                    defaults={"team_id": message.team_id, "read_at": timezone.now()},
                )
        except IntegrityError:
            pass  # a concurrent identical request inserted it first
    else:
        MessageRead.objects.filter(message=message, member=member).delete()
    reads.changed(message.team_id, member.id)
    if hasattr(message, "_prefetched_objects_cache"):
        message._prefetched_objects_cache.pop("reads", None)
    return _with_reads(message)
