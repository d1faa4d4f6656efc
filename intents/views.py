from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from accounts import local
from aura_site.api import errors
from aura_site.api.batch import run_batch
from aura_site.api.views import AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet

from . import recorder
from .filters import IntentFilter, IntentNodeFilter
from .models import Intent, IntentNode, IntentTicket
from .serializers import (
    IntentCreateSerializer, IntentDetailSerializer, IntentNodeSerializer, IntentSerializer, list_rows, represent_list,
    represent_logged,
)

COUNTS = {"nodes_changed": "nodes_changed", "nodes_added": "nodes_added", "nodes_deleted": "nodes_deleted"}


class IntentViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """/v1/intents — what was changed, by whom, for which ticket."""

    queryset = Intent.objects.all()
    serializer_class = IntentSerializer
    filterset_class = IntentFilter
    scope_map = {
        "list": "read_intents", "retrieve": "read_intents", "create": "write_intents", "batch": "write_intents",
    }
    group_by_fields = {"author": "author__name", "branch": "branch", "repo": "repo"}
    aggregate_fields = COUNTS
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self):
        qs = Intent.objects.select_related("team", "author").prefetch_related(
            Prefetch("tickets", queryset=IntentTicket.objects.order_by("id"))
        )
        if self.action != "list":
            qs = qs.prefetch_related(Prefetch("nodes", queryset=IntentNode.objects.order_by("position")))
        return qs

    def list_rows(self, queryset):
        return list_rows(queryset)

    def represent_page(self, page):
        return represent_list(page)

    def get_serializer_class(self):
        return IntentSerializer if self.action == "list" else IntentDetailSerializer

    def _log(self, data):
        if local.is_local_mode() and isinstance(data, dict) and data.get("repo") is None and data.get("branch") is None:
            # The daemon knows the checkout: an intent that names neither is about it, as it is now.
            if not hasattr(self, "_checkout"):
                self._checkout = local.intent_checkout()
            repo, branch = self._checkout
            data = {**data, "repo": repo, "branch": branch}
        team, member = self.write_team(data)
        body = IntentCreateSerializer(data=data)
        body.is_valid(raise_exception=True)
        author = recorder.resolve_author(
            team, member, body.validated_data.get("author"), self.principal.has("admin", team.id)
        )
        intent = recorder.log_intent(team, author, body.validated_data)
        return represent_logged(intent)

    @extend_schema(request=IntentCreateSerializer, responses={201: IntentDetailSerializer})
    def create(self, request):
        return Response(self._log(request.data), status=201)

    @extend_schema(
        request=inline_serializer("IntentBatch", {"team": serializers.CharField(required=False),
                                                  "intents": IntentCreateSerializer(many=True)}),
        responses={200: inline_serializer("IntentBatchResult", {"ok": IntentDetailSerializer(required=False),
                                                               "err": serializers.DictField(required=False)},
                                          many=True)},
    )
    def batch(self, request):
        return run_batch(self, request, "intents", self._log)


class IntentNodeViewSet(AuraListMixin, TeamScopedViewSet):
    """/v1/intents/{id}/nodes — the nodes an intent touched, in its order."""

    queryset = IntentNode.objects.all()
    serializer_class = IntentNodeSerializer
    filterset_class = IntentNodeFilter
    scope_map = {"list": "read_intents"}
    group_by_fields = {"kind": "kind", "change": "change"}
    time_field = "intent__created_at"
    cursor_field = "position"
    cursor_ascending = True

    def base_queryset(self):
        return IntentNode.objects.filter(intent_id=self.kwargs["id"])

    def list(self, request, *args, **kwargs):
        intent_id = self.kwargs["id"]
        team_ids = self.narrowed_team_ids(self.required_scope())
        if not Intent.objects.filter(pk=intent_id, team_id__in=team_ids).exists():
            raise errors.NotFound(f"No intent {intent_id!r} in your teams.", hint="Check the intent id.")
        return super().list(request, *args, **kwargs)
