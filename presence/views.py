from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from aura_site.api import errors
from aura_site.api.filters import check_params
from aura_site.api.views import AuraAPIView
from impacts.models import Impact, status_q
from messages.models import Message, MessageRead
from zones import claims, overlap
from zones.models import Zone

from . import state
from .serializers import HeartbeatAnswerSerializer, HeartbeatSerializer, PresenceListSerializer

MAX_IMPACT_IDS = 20


class PresenceView(AuraAPIView):
    """/v1/presence — heartbeats in, who is active out. A valid caller, no scope."""

    scope_map = {"GET": None, "POST": None}

    def _teams(self, slug):
        if slug:
            if not isinstance(slug, str):
                raise errors.ValidationFailed("team must be a team slug.", fields={"team": "Must be a string."})
            team = self.principal.team_by_slug(slug)
            if team is None:
                raise errors.NotFound(f"No team {slug!r} among yours.", hint="Check the team slug.")
            return [team]
        teams = self.principal.teams
        if not teams:
            raise errors.Forbidden("You are not a member of any team.")
        return teams

    @extend_schema(responses=PresenceListSerializer)
    def get(self, request):
        """One row per active member of your teams (``team=`` narrows), no cursor."""
        check_params(request, {"team"})
        rows = state.active_rows(self._teams(request.query_params.get("team")))
        return Response({"data": [state.row(e) for e in rows]})

    @extend_schema(request=HeartbeatSerializer, responses=HeartbeatAnswerSerializer)
    def post(self, request):
        """A heartbeat (about one a minute): you are active, here, editing this.
        The answer says what to act on, per team."""
        check_params(request, {"team"})
        data = HeartbeatSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        teams = self._teams(v.get("team") or request.query_params.get("team"))
        mine, act_on = [], []
        for team in teams:
            member = self.principal.member(team.id)
            entry = state.heartbeat(team, member, repo=v["repo"], branch=v["branch"], editing=v["editing"],
                                    client=v["client"])
            mine.append(state.row(entry))
            act_on.append(self._act_on(team, member, v))
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
