"""Team sync: each member's acknowledged cursor and the team's push activity.

``GET /v1/team/sync`` answers ``{cursor, latest, pending_pulls, members,
branches}``; ``POST /v1/team/sync {"cursor"}`` acknowledges. A push is a
logged intent: ``note_pushes`` runs inside the intent's transaction, once
its events are numbered.
"""

from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import Count, Max, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import Member
from aura_site.api import errors
from aura_site.api.times import rfc3339
from aura_site.db.rows import json_time

from . import sql
from .access import private_q
from .models import Event, EventCounter, Push, SyncState

MAX_BRANCHES = 500


def _ensure_state(team_id, member_id):
    with transaction.atomic():  # a savepoint: a concurrent create must not poison the caller
        try:
            SyncState.objects.get_or_create(member_id=member_id, defaults={"team_id": team_id})
        except IntegrityError:
            pass


def note_pushes(events):
    """``intent.logged`` events of a transaction (numbered, just before its
    commit): each author's last push, and one Push row per repo/branch
    intent (``sql.note_pushes``: one statement on PostgreSQL) — the counter
    row is locked meanwhile."""
    logged = [e for e in events if e.topic == "intent.logged"]
    if not logged:
        return
    latest = {}
    for e in logged:
        if e.actor:
            key = (e.team_id, e.actor)
            latest[key] = max(latest.get(key, e.created_at), e.created_at)
    connection = connections[DEFAULT_DB_ALIAS]
    authors = [{"team_id": team_id, "member_id": member_id, "at": json_time(connection, at)}
               for (team_id, member_id), at in latest.items()]
    pushes = []
    for e in logged:
        data = e.data if isinstance(e.data, dict) else {}
        repo, branch = data.get("repo"), data.get("branch")
        if repo and branch:
            pushes.append({"team_id": e.team_id, "actor": e.actor, "repo": str(repo)[:300],
                           "branch": str(branch)[:300], "seq": e.seq,
                           "created_at": json_time(connection, e.created_at)})
    if authors or pushes:
        sql.note_pushes(connection, authors, pushes)


def head():
    return EventCounter.objects.filter(pk=1).values_list("value", flat=True).first() or 0


_time = rfc3339


def snapshot(team, member, now=None):
    now = now or timezone.now()
    cursor = SyncState.objects.filter(member=member).values_list("cursor", flat=True).first() or 0
    counts = Event.objects.filter(team=team).filter(private_q(member.pk)).aggregate(
        latest=Max("seq"),
        pending=Count("seq", filter=Q(seq__gt=cursor) & ~Q(actor=member.pk)),
    )
    members = (
        Member.objects.filter(team=team)
        .annotate(last_push_at=Max("sync_state__last_push_at"))
        .order_by("name")
    )
    branches = (
        Push.objects.filter(team=team)
        .values("repo", "branch")
        .annotate(last_push_at=Max("created_at"), intents_24h=Count("id", filter=Q(created_at__gte=now - timedelta(hours=24))))
        .order_by("-last_push_at", "repo", "branch")[:MAX_BRANCHES]
    )
    return {
        "team": team.slug,
        "cursor": cursor,
        "latest": counts["latest"] or 0,
        "pending_pulls": counts["pending"],
        "members": [
            {"member": m.as_ref(), "last_seen_at": _time(m.last_seen_at), "last_push_at": _time(m.last_push_at)}
            for m in members
        ],
        "branches": [
            {"repo": b["repo"], "branch": b["branch"], "last_push_at": _time(b["last_push_at"]),
             "intents_24h": b["intents_24h"]}
            for b in branches
        ],
    }


def acknowledge(team, member, cursor):
    """Move the member's cursor forward to ``cursor`` (never back)."""
    latest = head()
    if cursor > latest:
        raise errors.ValidationFailed(
            f"cursor {cursor} is ahead of the event log (latest sequence {latest}).",
            fields={"cursor": f"At most {latest}."},
        )
    _ensure_state(team.pk, member.pk)
    SyncState.objects.filter(member=member).update(
        cursor=Greatest("cursor", Value(cursor)), acknowledged_at=timezone.now()
    )
