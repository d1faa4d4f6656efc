from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.response import Response

from aura_site.api.views import AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet

from . import runner
from .filters import ProveRunFilter
from .models import ProveRun
from .serializers import ProveCreateSerializer, ProveRunSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Past Prove runs",
        description="Newest first. Filters: branch, repo, goal (exact text), result, author, since; "
        "group_by also branch, goal, result, repo, author; aggregate=fail_rate is (fail + partial) / runs.",
    ),
    retrieve=extend_schema(summary="One Prove run", description="The run as POST /v1/prove answered it."),
)
class ProveRunViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """``POST /v1/prove`` runs a goal against the logic graph;
    ``/v1/prove/history`` lists past runs."""

    queryset = ProveRun.objects.all()
    serializer_class = ProveRunSerializer
    filterset_class = ProveRunFilter
    scope_map = {"create": "run_prove", "list": "read_prove", "retrieve": "read_prove"}
    group_by_fields = {
        "branch": "branch", "goal": "goal", "result": "result", "repo": "repo", "author": "author__name",
    }
    aggregate_fields = {"duration_ms": "duration_ms"}
    fail_rate_q = Q(result__in=["fail", "partial"])
    time_field = "created_at"

    def base_queryset(self):
        return ProveRun.objects.select_related("team", "author")

    @extend_schema(
        summary="Run a Prove goal",
        description="Checks the goal's requirements (given, or derived from the identifiers the goal names) "
        "against the logic graph of one repo and branch, synchronously; stores the run in the history and "
        "records prove.passed (pass) or prove.failed (partial, fail).",
        request=ProveCreateSerializer,
        responses={
            201: ProveRunSerializer,
            422: OpenApiResponse(
                response={"$ref": "#/components/schemas/Error"},
                description="No requirement given and none derivable from the goal (goal_not_decomposable), "
                "or an Idempotency-Key used with another request (idempotency_key_reused)",
            ),
        },
    )
    def create(self, request):
        body = ProveCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        team, member = self.write_team(request.data)
        run = runner.run(
            team, member, goal=v["goal"], repo=v["repo"], branch=v["branch"], requirements=v.get("requirements"),
        )
        return Response(
            runner.represent(run), status=201, headers={"Location": f"/v1/prove/history/{run.id}"},
        )
