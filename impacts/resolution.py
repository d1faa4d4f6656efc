"""Changing an impact's status: resolve, snooze, dismiss, reopen.

    change_status(impact, member, status="snoozed", note="after the release")

Who and when are recorded (``status_changed_by``, ``status_changed_at``);
``impact.updated`` carries the new list representation. Snoozing without
``snooze_until`` snoozes for 24 hours. Reopening is refused (409
``impact_already_open``) while another active impact holds the same key.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from aura_site.api import errors
from events.log import record

from .detection import lock_team_impacts
from .models import ACTIVE, Impact
from .serializers import ImpactSerializer

DEFAULT_SNOOZE = timedelta(hours=24)


def _already_open(impact, other_id):
    return errors.ImpactAlreadyOpen(
        f"Impact {other_id} is already open for {impact.function} ({impact.change}) on {impact.your_branch}.",
        hint=f"Work on {other_id}, or resolve it before reopening this one.",
        impact_id=other_id,
    )


def _other_active(impact):
    return (
        Impact.objects.filter(
            team_id=impact.team_id, repo=impact.repo, function=impact.function,
            other_branch=impact.other_branch, your_branch=impact.your_branch, change=impact.change,
            status__in=ACTIVE,
        ).exclude(pk=impact.pk).values_list("pk", flat=True).first()
    )


def change_status(impact, member, *, status=None, note=None, snooze_until=None, now=None):
    now = now or timezone.now()
    # The team's impact writers take turns (detection counts repeats under the
    # same lock); then read everything detection may have changed since this
    # impact was read, so the answer and impact.updated are current.
    lock_team_impacts(impact.team_id)
    impact.refresh_from_db()
    fields = []
    if status is not None:
        if status in ACTIVE and impact.status not in ACTIVE:
            other = _other_active(impact)
            if other is not None:
                raise _already_open(impact, other)
        impact.status = status
        impact.snooze_until = (snooze_until or now + DEFAULT_SNOOZE) if status == "snoozed" else None
        impact.status_changed_by = member
        impact.status_changed_at = now
        fields += ["status", "snooze_until", "status_changed_by", "status_changed_at"]
    if note is not None:
        impact.note = note
        fields.append("note")
    try:
        with transaction.atomic():
            impact.save(update_fields=fields)
    except IntegrityError:
        # Reopened by someone else between our check and our write.
        raise _already_open(impact, _other_active(impact)) from None
    record(impact.team, "impact.updated", dict(ImpactSerializer(impact).data), actor=member)
    return impact
