from django.core.cache import cache
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from aura_site.api import errors
from aura_site.api.filters import check_params
from aura_site.api.views import AuraAPIView

from . import answer, state
from .serializers import HeartbeatAnswerSerializer, HeartbeatSerializer, PresenceListSerializer


class PresenceView(AuraAPIView):
    """/v1/presence — heartbeats in, who is active out. A valid caller, no scope."""

    scope_map = {"GET": None, "POST": None}

    def write_is_atomic(self):
        # A heartbeat writes the cache and, on a change, one presence.changed
        # event (committed on its own): no request transaction to pay for.
        return False

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
        members = [self.principal.member(team.id) for team in teams]
        # One cache round trip to read (each team's entry, and its answer,
        # read marker and roster marker when the token reads any of the
        # answer), one to write.
        keys = [(state.key(t.id, m.id), *((answer.key(t.id, m.id), answer.reads_key(t.id, m.id),
                                           answer.roster_key(t.id))
                                          if answer.reads_any(self.principal, t) else (None, None, None)))
                for t, m in zip(teams, members)]
        cached = cache.get_many([k for four in keys for k in four if k is not None])
        now = state.clock()
        writes, mine, act_on = {}, [], []
        for team, member, (entry_key, answer_key, reads_key, roster_key) in zip(teams, members, keys):
            entry = state.heartbeat(team, member, repo=v["repo"], branch=v["branch"], editing=v["editing"],
                                    client=v["client"], now=now, prev=cached.get(entry_key), writes=writes)
            mine.append(state.row(entry))
            act_on.append(answer.act_on(self.principal, team, member, v, cached=cached.get(answer_key),
                                        reads=cached.get(reads_key), roster=cached.get(roster_key),
                                        writes=writes))
        if len(writes) == 1:  # a plain SET: less work than a pipeline of one
            cache.set(*writes.popitem(), state.ENTRY_TTL)
        else:
            cache.set_many(writes, state.ENTRY_TTL)
        state.sweep(teams, now)
        return Response({"active_window_seconds": state.window(), "presence": mine, "act_on": act_on})
