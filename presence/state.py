"""Who is active, kept in the cache (Redis in production).

One cache entry per (team, member): what their last heartbeat said and when.
A member is active for ``AURA_PRESENCE_WINDOW_SECONDS`` after it. Changes
are recorded as ``presence.changed`` events — ``joined`` (the first heartbeat
after an absence), ``branch_changed`` (another repo or branch), ``left`` —
never one per heartbeat. ``left`` is recorded lazily, when a heartbeat or a
read for the team finds a member past the window: once per absence (an
atomic ``cache.add`` claims it), with no background job. The durable record
is ``Member.last_seen_at``, which authentication keeps for every request
(to the minute), a heartbeat's included.
"""

import time
from datetime import datetime, timezone as dt_timezone

from django.conf import settings
from django.core.cache import cache

from accounts.models import Member
from events.log import record

# An entry outlives the window, so that a "left" can still be recorded lazily.
ENTRY_TTL = 24 * 3600
# A team's absent members are looked for at most this often (per team).
SWEEP_EVERY = 10
MISSING = object()


def window():
    return settings.AURA_PRESENCE_WINDOW_SECONDS


def clock():
    """Seconds since the epoch (tests move it)."""
    return time.time()


def key(team_id, member_id):
    return f"aura:presence:{team_id}:{member_id}"


def _iso(epoch):
    return datetime.fromtimestamp(epoch, dt_timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def row(entry):
    """The public form of an entry."""
    return {
        "member": entry["member"], "team": entry["team_slug"], "repo": entry["repo"], "branch": entry["branch"],
        "editing": entry["editing"], "client": entry["client"],
        "active_since": _iso(entry["since"]), "last_seen_at": _iso(entry["last_seen"]),
    }


def _record(team, change, entry, member_id, **extra):
    record(team, "presence.changed", {"change": change, **row(entry), **extra}, actor=member_id)


def _left(team, entry, member_id):
    """Record "left" once for this absence; mark the entry."""
    if cache.add(f"{key(team.id, member_id)}:left:{entry['since']}", 1, ENTRY_TTL):
        _record(team, "left", entry, member_id)
    entry["left"] = True
    cache.set(key(team.id, member_id), entry, ENTRY_TTL)


def is_active(entry, now):
    return now - entry["last_seen"] <= window()


def heartbeat(team, member, *, repo, branch, editing, client, now=None, prev=MISSING, writes=None):
    """Store ``member``'s heartbeat in ``team``; record what changed. Returns the entry.

    ``prev``: the member's entry, when the caller read it already (with
    others, in one ``get_many``); ``writes``: a dict to put the new entry in
    for the caller to store (with others, in one ``set_many``) when it
    records no event, else it is stored here. The caller then calls
    ``sweep``."""
    now = clock() if now is None else now
    k = key(team.id, member.id)
    if prev is MISSING:
        prev = cache.get(k)
    entry = {
        "member": member.as_ref(), "team_slug": team.slug, "repo": repo, "branch": branch,
        "editing": editing, "client": client, "since": now, "last_seen": now, "left": False,
    }
    joined = prev is None or not is_active(prev, now)
    if not joined:
        entry["since"] = prev["since"]
    elif prev is not None and not prev.get("left"):
        _left(team, prev, member.id)
    branch_changed = not joined and (prev["repo"], prev["branch"]) != (repo, branch)
    # An event is recorded only once the entry says what it says: whoever it
    # wakes (the stream, a webhook) and then reads who is active finds it.
    if writes is None or joined or branch_changed:
        cache.set(k, entry, ENTRY_TTL)
    else:
        writes[k] = entry
    if joined:
        _record(team, "joined", entry, member.id)
    elif branch_changed:
        _record(team, "branch_changed", entry, member.id, previous={"repo": prev["repo"], "branch": prev["branch"]})
    if writes is None:
        sweep([team], now)
    return entry


# When this process last tried to claim a team's sweep (time.monotonic()):
# it does not ask the cache again before SWEEP_EVERY has passed (the claim
# would fail), which saves a round trip on almost every heartbeat.
_sweep_tried = {}


def sweep(teams, now=None):
    """Look for absent members of ``teams``, each at most every SWEEP_EVERY
    seconds (a ``cache.add`` claims it among all processes)."""
    mono = time.monotonic()
    for team in teams:
        if mono - _sweep_tried.get(team.id, -SWEEP_EVERY) < SWEEP_EVERY:
            continue
        _sweep_tried[team.id] = mono
        if cache.add(f"aura:presence-sweep:{team.id}", 1, SWEEP_EVERY):
            active_rows([team], now=now)


def active_rows(teams, now=None):
    """The active members' entries of ``teams``, most recently seen first;
    records "left" for members found past the window."""
    now = clock() if now is None else now
    by_id = {t.id: t for t in teams}
    pairs = list(Member.objects.filter(team_id__in=list(by_id)).values_list("team_id", "id"))
    entries = cache.get_many([key(t, m) for t, m in pairs])
    out = []
    for team_id, member_id in pairs:
        entry = entries.get(key(team_id, member_id))
        if entry is None:
            continue
        if is_active(entry, now):
            out.append(entry)
        elif not entry.get("left"):
            _left(by_id[team_id], entry, member_id)
    out.sort(key=lambda e: (-e["last_seen"], e["member"]["name"]))
    return out
