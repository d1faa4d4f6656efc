"""What a heartbeat answers, per team: open impacts on its branch, unread
messages, others' zones covering what it edits — each null when the token
may not read it.

Computed in one statement (``presence.sql.answer_rows``), and not at all
when it cannot have changed: the answer is kept in the cache per (team,
member) with what it depended on, and reused while all of these hold:

- the team's latest event sequence has not moved (every API write that can
  change an answer — an impact detected or updated, a message posted, a zone
  claimed or released — records an event of the team);
- the member has not marked a message read or unread since (no event: a
  per-member marker in the cache, ``messages.reads``, moved after the
  commit);
- no member was removed from the team since (no event either, and its
  zones go with it: a per-team marker, ``accounts.roster``);
- the same question: scopes, repo, branch and editing list;
- no snoozed impact of the answer wakes and no zone of it expires in between;
- it is younger than ``MAX_AGE`` (what reaches the database without the API,
  e.g. an edit in the Django admin, shows within that).

The sequence and the read marker are read before the answer is computed, so
a write that commits meanwhile is seen by the next heartbeat at the latest.
"""

import time
from datetime import datetime, timezone as dt_timezone

from accounts import roster as roster_marker
from events import sql as events_sql
from messages import reads as read_markers
from zones import overlap

from . import sql

MAX_IMPACT_IDS = 20
MAX_AGE = 600


def clock():
    """Seconds since the epoch: the database's time, as zones expire and
    snoozes wake by it (tests move it)."""
    return time.time()


def key(team_id, member_id):
    return f"aura:presence:answer:{team_id}:{member_id}"


def reads_key(team_id, member_id):
    return read_markers.key(team_id, member_id)


def roster_key(team_id):
    return roster_marker.key(team_id)


def reads_any(principal, team):
    """Does the token read any part of the answer in ``team``?"""
    return any(principal.has(scope, team.id) for scope in ("read_impacts", "read_messages", "read_zones"))


def act_on(principal, team, member, v, *, cached, reads, roster, writes):
    """The answer for ``team``; ``cached``, ``reads`` and ``roster`` are the
    cache's entries (``key``, ``reads_key``, ``roster_key``); a fresh answer
    to keep goes into ``writes`` (key → value) for the caller to store."""
    flags = (principal.has("read_impacts", team.id), principal.has("read_messages", team.id),
             principal.has("read_zones", team.id))
    out = {"team": team.slug, "open_impacts": None, "unread_messages": None, "zones": None}
    if not any(flags):
        return out
    question = [list(flags), v["repo"], v["branch"], list(v["editing"])]
    now = clock()
    seq = events_sql.latest_seq([team.id])
    if (
        cached is not None and cached["seq"] == seq and cached["reads"] == reads and cached.get("roster") == roster
        and cached["question"] == question
        and now < cached["until"]
    ):
        return cached["answer"]
    answer, until = _compute(team, member, v, flags, now)
    writes[key(team.id, member.id)] = {"seq": seq, "reads": reads, "roster": roster, "question": question,
                                       "until": until, "answer": answer}
    return answer


def _compute(team, member, v, flags, now):
    """(the answer, until when it holds at most: epoch seconds)."""
    read_impacts, read_messages, read_zones = flags
    rows = sql.answer_rows(
        team.id, member.id, impacts=read_impacts, messages=read_messages, zones=read_zones and bool(v["editing"]),
        repo=v["repo"], branch=v["branch"], now=datetime.fromtimestamp(now, dt_timezone.utc),
        max_ids=MAX_IMPACT_IDS,
    )
    until = now + MAX_AGE
    ids, count, unread, zones = [], 0, 0, {}
    for kind, ident, number, mode, owner_id, owner_name, owner_kind, reason, repo, branch, pattern, _ in rows:
        if kind == "i":
            ids.append(ident)
        elif kind == "c":
            count = int(number)
        elif kind == "u":
            unread = int(number)
        elif kind == "w" and number is not None:
            until = min(until, float(number))
        elif kind == "z":
            zone = zones.setdefault(ident, {
                "id": ident, "mode": mode, "owner": {"id": owner_id, "name": owner_name, "kind": owner_kind},
                "reason": reason, "claim": {"paths": [], "repo": repo, "branch": branch}, "expires": float(number),
            })
            zone["claim"]["paths"].append(pattern)
    out = {"team": team.slug, "open_impacts": None, "unread_messages": None, "zones": None}
    if read_impacts:
        out["open_impacts"] = {"count": count, "ids": ids[:MAX_IMPACT_IDS]}
    if read_messages:
        out["unread_messages"] = unread
    if read_zones:
        out["zones"] = []
        for zone in zones.values():
            covered = [p for p in v["editing"] if overlap.covers(zone["claim"], p, v["repo"], v["branch"])]
            if covered:
                out["zones"].append({"id": zone["id"], "mode": zone["mode"], "owner": zone["owner"],
                                     "reason": zone["reason"], "covers": covered})
                until = min(until, zone["expires"])
    return out, until
