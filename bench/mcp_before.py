"""The MCP reminders as they were before the skip (commit 27ed95c's
agents/reminders.py: the latest sequence, the unread count and the first
new impact as ORM scalar subqueries on every call), and a bench-only app
that puts them in place of the current ones in the server it runs in:

    INSTALLED_APPS += ["bench.mcp_before_app.BeforeConfig"]   (bench/settings_mcp_before.py)

so that bench_mcp.py can run a server of each, interleaved. Never used by
the product or the tests.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery, Value
from django.utils import timezone

from accounts.models import Team
from events.models import Event
from impacts.models import Impact, status_q
from intents.models import Intent
from messages.models import Message, MessageRead

logger = logging.getLogger("aura.mcp.before")

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


def _scalars(team_id, parts):
    """Several scalars in one query (subqueries on the caller's team row):
    each part is None (0), ("value", a one-row one-column queryset) or
    ("count", a queryset to count)."""
    annotations = {}
    for index, part in enumerate(parts):
        if part is None:
            annotations[f"s{index}"] = Value(0)
            continue
        kind, queryset = part
        if kind == "count":
            # COUNT as a plain function adds no GROUP BY: one row, one number.
            queryset = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        annotations[f"s{index}"] = Subquery(queryset)
    return Team.objects.filter(pk=team_id).annotate(**annotations).values_list(*annotations).first() or (
        (0,) * len(parts)
    )


def reminders(principal):
    """{"unread_messages", "new_impacts"}, and move the token's high-water
    mark. One query when no impact was detected since the previous call."""
    impact_teams = principal.teams_with("read_impacts")
    key = _key(principal)
    try:
        seen = cache.get(key)
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: no impact reminder this time
        seen, key = None, None
    unread = _unread_queryset(principal)
    latest_q = new_q = None
    if impact_teams:
        latest_q = Event.objects.filter(team_id__in=impact_teams).order_by("-seq").values("seq")[:1]
        if seen is not None:
            new_q = _detected(impact_teams, seen).order_by("seq").values("seq")[:1]
    latest, unread_count, first_new = _scalars(principal.team_ids[0], [
        None if latest_q is None else ("value", latest_q),
        None if unread is None else ("count", unread),
        None if new_q is None else ("value", new_q),
    ])
    latest, unread_count = latest or 0, unread_count or 0
    if key is not None and latest and latest != seen:
        try:
            cache.set(key, latest, HIGH_WATER_TTL)
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
    return {"unread_messages": int(unread_count), "new_impacts": found}

