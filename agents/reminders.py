"""What every tool result ends with: unread messages, and impacts raised on
the caller's branches since the token's previous call.

"Its branches" are the branches of the member's intents of the last 14 days;
"since its previous call" is a per-token high-water event sequence kept in
the cache (the first call only sets it)."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from events.models import Event
from impacts.models import Impact, status_q
from intents.models import Intent
from messages.models import Message, MessageRead

BRANCH_WINDOW = timedelta(days=14)
HIGH_WATER_TTL = 7 * 24 * 3600
MAX_LISTED = 20


def _mine(principal):
    return [m.id for m in principal.members.values()]


def branches(principal):
    """The branches of the caller's intents of the last 14 days."""
    since = timezone.now() - BRANCH_WINDOW
    rows = (
        Intent.objects.filter(author_id__in=_mine(principal), created_at__gte=since, branch__isnull=False)
        .values_list("branch", flat=True).distinct()
    )
    return sorted(set(rows))


def unread_messages(principal):
    team_ids = principal.teams_with("read_messages")
    if not team_ids:
        return 0
    mine = _mine(principal)
    read = MessageRead.objects.filter(message=OuterRef("pk"), member_id__in=mine)
    return (
        Message.objects.filter(team_id__in=team_ids)
        .filter(Q(recipient__isnull=True) | Q(recipient_id__in=mine) | Q(sender_id__in=mine))
        .exclude(sender_id__in=mine)
        .filter(~Exists(read))
        .count()
    )


def open_impacts(principal, on_branches):
    team_ids = principal.teams_with("read_impacts")
    if not team_ids or not on_branches:
        return 0
    return Impact.objects.filter(team_id__in=team_ids, your_branch__in=on_branches).filter(status_q("open")).count()


def _key(principal):
    return f"aura:mcp:seen:{principal.rate_key}"


def new_impacts(principal, on_branches):
    """Impacts detected on ``on_branches`` since this token's previous call
    (``[]`` on its first), and move its high-water mark."""
    team_ids = principal.teams_with("read_impacts")
    if not team_ids:
        return []
    latest = (
        Event.objects.filter(team_id__in=team_ids).order_by("-seq").values_list("seq", flat=True).first() or 0
    )
    key = _key(principal)
    try:
        seen = cache.get(key)
        cache.set(key, latest, HIGH_WATER_TTL)
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: no reminder this time
        return []
    if seen is None or latest <= seen or not on_branches:
        return []
    rows = Event.objects.filter(
        team_id__in=team_ids, topic="impact.detected", seq__gt=seen, seq__lte=latest,
    ).order_by("seq").values_list("data", flat=True)[:500]
    wanted = set(on_branches)
    found = [
        {"id": d.get("id"), "function": d.get("function"), "your_branch": d.get("your_branch"),
         "other_branch": d.get("other_branch"), "severity": d.get("severity")}
        for d in rows if d.get("your_branch") in wanted
    ]
    return found[:MAX_LISTED]


def reminders(principal):
    on_branches = branches(principal)
    return {"unread_messages": unread_messages(principal), "new_impacts": new_impacts(principal, on_branches)}


def as_text(reminder):
    lines = []
    if reminder["unread_messages"]:
        lines.append(f"Reminder: {reminder['unread_messages']} unread message(s) — aura_msg_list.")
    for impact in reminder["new_impacts"]:
        lines.append(
            f"Reminder: new impact {impact['id']} on {impact['your_branch']}: {impact['function']} "
            f"changed on {impact['other_branch']} ({impact['severity']}) — aura_live_impacts."
        )
    return lines
