from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from aura_site.api import errors
from aura_site.api.filters import check_params
from aura_site.api.views import AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet

from . import claims, overlap
from .filters import ZoneFilter
from .models import Zone
from .serializers import ZoneCheckSerializer, ZoneClaimedSerializer, ZoneCreateSerializer, ZoneSerializer


class ZoneViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """/v1/zones — active claims on paths and node names."""

    queryset = Zone.objects.all()
    serializer_class = ZoneSerializer
    filterset_class = ZoneFilter
    scope_map = {
        "list": "read_zones", "retrieve": "read_zones", "check": "read_zones",
        "create": "write_zones", "destroy": "write_zones",
    }
    group_by_fields = {"member": "owner__name", "mode": "mode"}
    http_method_names = ["get", "post", "delete", "head", "options"]

    def base_queryset(self):
        return claims.active(Zone.objects.select_related("team", "owner").prefetch_related("entries"))

    @extend_schema(parameters=[
        OpenApiParameter("path", overlap.FILE_PATH_SCHEMA, description="Zones covering this file path or node name."),
    ])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ZoneCreateSerializer, responses={201: ZoneClaimedSerializer})
    def create(self, request):
        data = ZoneCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        team, member = self.write_team(request.data)
        zone, conflicts = claims.claim(
            team, member, paths=v["paths"], mode=v["mode"], reason=v["reason"], repo=v["repo"],
            branch=v["branch"], ttl_seconds=v["ttl_seconds"],
        )
        zone.conflicts = conflicts
        return Response(ZoneClaimedSerializer(zone).data, status=201)

    def destroy(self, request, pk=None):
        zone = self.get_object()
        member = self.principal.member(zone.team_id)
        claims.release(zone, member, is_admin=self.principal.has("admin", zone.team_id))
        return Response(status=204)

    @extend_schema(
        parameters=[
            OpenApiParameter("path", overlap.FILE_PATH_SCHEMA, required=True, description="A file path or node name."),
            OpenApiParameter("repo", str), OpenApiParameter("branch", str), OpenApiParameter("team", str),
        ],
        responses=ZoneCheckSerializer,
    )
    @action(detail=False, methods=["get"])
    def check(self, request):
        """Would a write of ``path`` run into someone else's zone? ``blocked`` is
        true when one of the conflicts is a ``block`` zone."""
        params = request.query_params
        check_params(request, {"path", "repo", "branch", "team"})
        path = params.get("path")
        problem = overlap.path_error(path) if path else "is required"
        if problem:
            raise errors.InvalidParameter(f"path {problem}.", hint="?path=src/app.py", parameter="path")
        mine = list(self.principal.members.values())
        others = self.get_queryset().exclude(owner__in=mine)
        zones = claims.covering(others, path, params.get("repo") or None, params.get("branch") or None)
        return Response({
            "path": path,
            "conflicts": ZoneSerializer(zones, many=True).data,
            "blocked": any(z.mode == "block" for z in zones),
        })
