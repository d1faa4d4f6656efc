from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from aura_site.api import errors
from aura_site.api.batch import run_batch
from aura_site.api.views import AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet

from . import detection, resolution
from .filters import ImpactFilter
from .models import Impact, effective_status_expression
from .serializers import (
    ImpactBatchItemSerializer,
    ImpactDetailSerializer,
    ImpactReportSerializer,
    ImpactSerializer,
    ImpactUpdateSerializer,
)


class ImpactViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """/v1/impacts — what another branch changed that affects yours."""

    queryset = Impact.objects.all()
    filterset_class = ImpactFilter
    scope_map = {
        "list": "read_impacts", "retrieve": "read_impacts",
        "partial_update": "write_impacts", "create": "write_impacts", "batch": "write_impacts",
    }
    aggregate_fields = {"occurrences": "occurrences"}
    time_field = "detected_at"
    http_method_names = ["get", "post", "patch", "head", "options"]

    @property
    def group_by_fields(self):
        return {
            "severity": "severity",
            "status": effective_status_expression(),
            "your_branch": "your_branch",
            "other_branch": "other_branch",
            "repo": "repo",
            "function": "function",
        }

    def base_queryset(self):
        qs = Impact.objects.select_related("team", "status_changed_by")
        return qs if self.action == "list" else qs.select_related("reported_by")

    def get_serializer_class(self):
        return ImpactSerializer if self.action == "list" else ImpactDetailSerializer

    def _change(self, impact, data):
        resolution.change_status(impact, self.principal.member(impact.team_id), **data)

    @extend_schema(request=ImpactUpdateSerializer, responses=ImpactDetailSerializer)
    def partial_update(self, request, pk=None):
        impact = self.get_object()
        body = ImpactUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        self._change(impact, body.validated_data)
        return Response(ImpactDetailSerializer(impact).data)

    @extend_schema(request=ImpactReportSerializer, responses={201: ImpactDetailSerializer, 200: ImpactDetailSerializer})
    def create(self, request):
        team, member = self.write_team(request.data)
        body = ImpactReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        finding = detection.Finding(
            repo=v["repo"], your_branch=v["your_branch"], other_branch=v["other_branch"],
            function=v["function"], change=v["change"], severity=v["severity"],
            before=v.get("before"), after=v.get("after"),
            callers=v.get("callers"), callers_count=len(v.get("callers") or ()),
        )
        [(impact_id, created)] = detection.raise_impacts(team, [finding], reported_by=member)
        impact = self.base_queryset().get(pk=impact_id)
        return Response(ImpactDetailSerializer(impact).data, status=201 if created else 200)

    @extend_schema(
        request=inline_serializer("ImpactBatch", {"impacts": ImpactBatchItemSerializer(many=True)}),
        responses={200: inline_serializer("ImpactBatchResult", {"ok": ImpactSerializer(required=False),
                                                               "err": serializers.DictField(required=False)},
                                          many=True)},
    )
    def batch(self, request):
        queryset = self.get_queryset()

        def handle(item):
            body = ImpactBatchItemSerializer(data=item)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
            impact_id = data.pop("id")
            impact = queryset.filter(pk=impact_id).first()
            if impact is None:
                raise errors.NotFound(f"No impact {impact_id!r} in your teams.", hint="Check the impact id.")
            self._change(impact, data)
            return ImpactSerializer(impact).data

        return run_batch(self, request, "impacts", handle)
