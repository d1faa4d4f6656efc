"""What every tool result ends with: unread messages, and impacts raised on
the caller's branches since the token's previous call.

"Its branches" are the branches of the member's intents of the last 14 days;
"since its previous call" is a per-token high-water event sequence kept in
the cache (the first call only sets it), with the unread count of that call:
while the token's teams record no event and its members mark no message
read or unread, both stand, and a call costs one short statement."""

import logging
import time
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from events.models import Event
from impacts.models import Impact, status_q
from intents.models import Intent
from messages import reads as read_markers
from messages.models import Message, MessageRead

from . import sql

logger = logging.getLogger("aura.mcp")

BRANCH_WINDOW = timedelta(days=14)
HIGH_WATER_TTL = 7 * 24 * 3600
MAX_LISTED = 20
# A kept unread count is counted again after this long at the latest (what
# changes without an event of the team, e.g. an edit in the Django admin).
MAX_AGE = 600


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


def _unread_queryset(principal):
    team_ids = principal.teams_with("read_messages")
    if not team_ids:
        return None
    mine = _mine(principal)
    read = MessageRead.objects.filter(message=OuterRef("pk"), member_id__in=mine)
    return (
        Message.objects.filter(team_id__in=team_ids)
        .filter(Q(recipient__isnull=True) | Q(recipient_id__in=mine) | Q(sender_id__in=mine))
        .exclude(sender_id__in=mine)
        .filter(~Exists(read))
    )


def unread_messages(principal):
    queryset = _unread_queryset(principal)
    return 0 if queryset is None else queryset.count()


def open_impacts(principal, on_branches):
    team_ids = principal.teams_with("read_impacts")
    if not team_ids or not on_branches:
        return 0
    return Impact.objects.filter(team_id__in=team_ids, your_branch__in=on_branches).filter(status_q("open")).count()


def _key(principal):
    return f"aura:mcp:seen:{principal.rate_key}"


def _detected(team_ids, after):
    return Event.objects.filter(team_id__in=team_ids, topic="impact.detected", seq__gt=after)


def reminders(principal):
    """{"unread_messages", "new_impacts"}, and move the token's high-water
    mark. One statement; when no event of the token's teams was recorded
    since its previous call, none of its members marked a message read or
    unread and that call is at most ``MAX_AGE`` old, the previous unread
    count stands, nothing is new, and the statement reads only the teams'
    latest sequence. One query more when an impact was detected since."""
    impact_teams = principal.teams_with("read_impacts")
    message_teams = principal.teams_with("read_messages")
    key = _key(principal)
    members = list(principal.members.values())
    marker_keys = [read_markers.key(m.team_id, m.id) for m in members]
    try:
        got = cache.get_many([key, *marker_keys])
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: no impact reminder this time
        got, key = {}, None
    kept = got.get(key) if key is not None else None
    markers = [got.get(k) for k in marker_keys]
    scopes = [sorted(impact_teams), sorted(message_teams)]
    now = time.time()
    reusable = (
        isinstance(kept, dict) and kept["markers"] == markers and kept["scopes"] == scopes
        and now - kept["at"] <= MAX_AGE
    )
    # A mark of the previous shape (a bare sequence) is a sequence too.
    seen = kept["seq"] if isinstance(kept, dict) else kept
    latest, unread_count, first_new = sql.reminder_numbers(
        principal.team_ids, message_teams=message_teams, impact_teams=impact_teams, mine=[m.id for m in members],
        kept_seq=seen if reusable else None, seen=seen,
    )
    if reusable and latest == seen:
        return {"unread_messages": kept["unread"], "new_impacts": []}
    unread_count = int(unread_count or 0)
    if key is not None:
        try:
            cache.set(key, {"seq": latest, "unread": unread_count, "markers": markers, "scopes": scopes, "at": now},
                      HIGH_WATER_TTL)
        except Exception:  # the cache (Redis) is down: the next call reminds again
            logger.warning("MCP reminders: high-water mark not saved", exc_info=True)
    found = []
    if first_new:
        on_branches = set(branches(principal))
        if on_branches:
            rows = _detected(impact_teams, seen).filter(seq__lte=latest).order_by("seq").values_list(
                "data", flat=True)[:500]
            found = [
                {"id": d.get("id"), "function": d.get("function"), "your_branch": d.get("your_branch"),
                 "other_branch": d.get("other_branch"), "severity": d.get("severity")}
                for d in rows if d.get("your_branch") in on_branches
            ][:MAX_LISTED]
    return {"unread_messages": unread_count, "new_impacts": found}


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
