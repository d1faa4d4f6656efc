"""The heartbeat as it was before its answer became one statement reused
while nothing changed (commit 27ed95c's presence/views.py and state.py),
kept for bench_presence.py to run side by side with the current one:
``install(PresenceView)`` swaps the view's POST to this version (in a
request transaction, as it ran), ``uninstall`` swaps it back.

Bench only; never imported by the product or the tests.
"""

from django.core.cache import cache
from rest_framework.response import Response

from aura_site.api.filters import check_params
from impacts.models import Impact, status_q
from messages.models import Message, MessageRead
from presence import state
from presence.serializers import HeartbeatSerializer
from zones import claims, overlap
from zones.models import Zone

MAX_IMPACT_IDS = 20


def heartbeat(team, member, *, repo, branch, editing, client, now=None):
    now = state.clock() if now is None else now
    k = state.key(team.id, member.id)
    prev = cache.get(k)
    entry = {
        "member": member.as_ref(), "team_slug": team.slug, "repo": repo, "branch": branch,
        "editing": editing, "client": client, "since": now, "last_seen": now, "left": False,
    }
    if prev is not None and state.is_active(prev, now):
        entry["since"] = prev["since"]
        cache.set(k, entry, state.ENTRY_TTL)
        if (prev["repo"], prev["branch"]) != (repo, branch):
            state._record(team, "branch_changed", entry, member.id,
                          previous={"repo": prev["repo"], "branch": prev["branch"]})
    else:
        if prev is not None and not prev.get("left"):
            state._left(team, prev, member.id)
        cache.set(k, entry, state.ENTRY_TTL)
        state._record(team, "joined", entry, member.id)
    if cache.add(f"aura:presence-sweep:{team.id}", 1, state.SWEEP_EVERY):
        state.active_rows([team], now=now)
    return entry


def post(self, request):
    check_params(request, {"team"})
    data = HeartbeatSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    v = data.validated_data
    teams = self._teams(v.get("team") or request.query_params.get("team"))
    mine, act_on = [], []
    for team in teams:
        member = self.principal.member(team.id)
        entry = heartbeat(team, member, repo=v["repo"], branch=v["branch"], editing=v["editing"], client=v["client"])
        mine.append(state.row(entry))
        act_on.append(_act_on(self, team, member, v))
    return Response({"active_window_seconds": state.window(), "presence": mine, "act_on": act_on})


def _act_on(self, team, member, v):
    has = self.principal.has
    out = {"team": team.slug, "open_impacts": None, "unread_messages": None, "zones": None}
    if has("read_impacts", team.id):
        impacts = Impact.objects.filter(team=team).filter(status_q("open"))
        if v["branch"]:
            impacts = impacts.filter(your_branch=v["branch"])
        if v["repo"]:
            impacts = impacts.filter(repo=v["repo"])
        ids = list(impacts.order_by("-id").values_list("id", flat=True)[: MAX_IMPACT_IDS + 1])
        count = len(ids) if len(ids) <= MAX_IMPACT_IDS else impacts.count()
        out["open_impacts"] = {"count": count, "ids": ids[:MAX_IMPACT_IDS]}
    if has("read_messages", team.id):
        read = MessageRead.objects.filter(member=member).values("message_id")
        out["unread_messages"] = (
            Message.objects.filter(team=team).filter(recipient__isnull=True) | Message.objects.filter(
                team=team, recipient=member)
        ).exclude(sender=member).exclude(id__in=read).count()
    if has("read_zones", team.id):
        zones = []
        if v["editing"]:
            others = claims.active(Zone.objects.filter(team=team)).exclude(owner=member).prefetch_related(
                "entries").select_related("owner")
            for zone in others:
                claim = zone.as_claim()
                covered = [p for p in v["editing"] if overlap.covers(claim, p, v["repo"], v["branch"])]
                if covered:
                    zones.append({"id": zone.id, "mode": zone.mode, "owner": zone.owner.as_ref() if zone.owner_id
                                  else None, "reason": zone.reason, "covers": covered})
        out["zones"] = zones
    return out


_current = {}


def install(view):
    _current.setdefault("post", view.post)
    _current.setdefault("write_is_atomic", view.write_is_atomic)
    view.post = post
    view.write_is_atomic = lambda self: True


def uninstall(view):
    view.post = _current["post"]
    view.write_is_atomic = _current["write_is_atomic"]
