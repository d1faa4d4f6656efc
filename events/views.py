from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from aura_site.api import errors
from aura_site.api.filters import check_params
from aura_site.api.pagination import KeysetPagination, encode_cursor
from aura_site.api.views import AuraAPIView, AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet

from . import access, sync, webhooks
from . import topics as topic_rules
from .consumers import TRUE_VALUES
from .filters import DeliveryFilter, EventFilter, WebhookFilter
from .models import Delivery, Event, Webhook
from .serializers import (
    DeliverySerializer,
    EventSerializer,
    SyncAckSerializer,
    WebhookCreatedSerializer,
    WebhookSerializer,
    WebhookWriteSerializer,
)


class EventPollPagination(KeysetPagination):
    """Oldest first from the cursor; unlike other lists, ``next_cursor`` is
    never null once there is a position (the last event seen, or the cursor
    given), so a poller always has somewhere to continue from."""

    def paginate_queryset(self, queryset, request, view=None):
        rows = super().paginate_queryset(queryset, request, view)
        if self.next_cursor is None:
            if rows:
                self.next_cursor = encode_cursor(request, rows[-1].seq)
            elif request.query_params.get("cursor"):
                self.next_cursor = request.query_params["cursor"]
            elif getattr(view, "cursor_start", None) is not None:
                self.next_cursor = encode_cursor(request, view.cursor_start)
        return rows


class EventViewSet(AuraListMixin, TeamScopedViewSet):
    """GET /v1/events — the durable poll (the stream is ?subscribe=true, on the ASGI server)."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilter
    pagination_class = EventPollPagination
    scope_map = {"list": "read_events"}
    extra_params = ("topics", "after", "subscribe")
    group_by_fields = {"topic": "topic"}
    cursor_field = "seq"
    cursor_ascending = True

    def base_queryset(self):
        return Event.objects.select_related("team")

    def visible_to(self, queryset, principal):
        team_ids = sorted({row for row in self.narrowed_team_ids("read_events")})
        grants = access.grant_map(principal, team_ids, access.parse_wanted(self.request.query_params.get("topics")))
        return queryset.filter(access.visible_q(grants))

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "topics", {"type": "array", "items": {"type": "string", "enum": topic_rules.PARAMETER_VALUES}},
                style="form", explode=False,
                description="Comma-separated topics, families (zone.*) or * for all.",
            ),
            OpenApiParameter("after", {"type": "integer", "minimum": 0},
                             description="Start after this sequence (an SSE id)."),
            OpenApiParameter("since", OpenApiTypes.STR, description="RFC 3339, a date, or a span (30d)."),
            OpenApiParameter("subscribe", bool, description="true: the SSE stream, served by the ASGI server."),
        ]
    )
    def list(self, request, *args, **kwargs):
        subscribe = request.query_params.get("subscribe")
        if subscribe is not None:
            if subscribe.lower() in TRUE_VALUES:
                raise errors.InvalidParameter(
                    "This server process speaks WSGI and cannot hold an event stream open.",
                    hint="Connect to the ASGI server (daphne) that serves GET /v1/events?subscribe=true, "
                    "or poll GET /v1/events without subscribe.",
                    parameter="subscribe",
                )
            if subscribe.lower() not in {"false", "0", "no", ""}:
                raise errors.InvalidParameter("subscribe must be true or false.", parameter="subscribe")
        after = request.query_params.get("after")
        if after is not None:
            if not after.isdigit():
                raise errors.InvalidParameter("after must be an event sequence (an integer).", parameter="after")
            self.cursor_start = int(after)
        return super().list(request, *args, **kwargs)


class WebhookViewSet(mixins.DestroyModelMixin, AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """/v1/admin/webhooks — where the team's events are POSTed."""

    queryset = Webhook.objects.all()
    # The generated secret is shown once: a replayed create answers it as null.
    idempotency_secret_fields = ("secret",)
    non_atomic_actions = ("test",)  # waits on the receiver, up to the send timeout
    serializer_class = WebhookSerializer
    filterset_class = WebhookFilter
    scope_map = {"GET": "admin", "POST": "admin", "PATCH": "admin", "DELETE": "admin"}
    group_by_fields = {"format": "format", "active": "active"}
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def base_queryset(self):
        return Webhook.objects.select_related("team")

    @extend_schema(request=WebhookWriteSerializer, responses={201: WebhookCreatedSerializer})
    def create(self, request):
        data = WebhookWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team, member = self.write_team(request.data)
        values = data.validated_data
        values.pop("team", None)
        secret = values.pop("secret", None)
        generated = secret is None
        webhook = Webhook.objects.create(
            team=team, created_by=member, secret=secret or webhooks.new_secret(), **values
        )
        body = WebhookSerializer(webhook).data
        if generated:
            body["secret"] = webhook.secret  # shown once; sign-checking needs it
        return Response(body, status=201)

    @extend_schema(request=WebhookWriteSerializer, responses=WebhookSerializer)
    def partial_update(self, request, pk=None):
        webhook = self.get_object()
        data = WebhookWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "team" in values:
            raise errors.ValidationFailed("A webhook cannot move to another team.", fields={"team": "Read-only."})
        for name, value in values.items():
            setattr(webhook, name, value)
        from django.utils import timezone

        webhook.updated_at = timezone.now()
        webhook.save()
        return Response(WebhookSerializer(webhook).data)

    @extend_schema(request=None, responses=DeliverySerializer)
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        """Send a ``ping`` now and answer with the delivery's outcome."""
        delivery = webhooks.test_delivery(self.get_object())
        return Response(DeliverySerializer(delivery).data)

    @extend_schema(
        responses=DeliverySerializer(many=True), filters=False,
        parameters=[
            OpenApiParameter("status", {"type": "string", "enum": [s for s, _ in Delivery.STATUS_CHOICES]}),
            OpenApiParameter("topic", str),
            OpenApiParameter("since", str),
        ],
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        """The webhook's delivery log, newest first."""
        webhook = self.get_object()
        check_params(request, {"limit", "cursor", "team", "status", "topic", "since"})
        qs = Delivery.objects.filter(team_id=webhook.team_id, webhook=webhook).select_related("event")
        qs = DeliveryFilter(request.query_params, queryset=qs)
        if not qs.is_valid():
            field, messages = next(iter(qs.errors.items()))
            raise errors.InvalidParameter(f"{field}: {' '.join(messages)}", parameter=field)
        page = self.paginate_queryset(qs.qs)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)


# The team-sync state, as GET answers it and POST (an acknowledgement) answers it after.
TEAM_SYNC = inline_serializer(
    "TeamSync",
    {
        "team": serializers.CharField(),
        "cursor": serializers.IntegerField(),
        "latest": serializers.IntegerField(),
        "pending_pulls": serializers.IntegerField(),
        "members": serializers.ListField(child=serializers.DictField()),
        "branches": serializers.ListField(child=serializers.DictField()),
    },
)


class TeamSyncView(AuraAPIView):
    """GET /v1/team/sync — where you are in the log, and who pushed what;
    POST {"cursor"} acknowledges."""

    scope_map = {"GET": None, "POST": None}

    @extend_schema(responses=TEAM_SYNC)
    def get(self, request):
        check_params(request, {"team"})
        team, member = self.write_team(None, scope=None)
        return Response(sync.snapshot(team, member))

    @extend_schema(request=SyncAckSerializer, responses={200: TEAM_SYNC})
    def post(self, request):
        data = SyncAckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team, member = self.write_team(request.data, scope=None)
        sync.acknowledge(team, member, data.validated_data["cursor"])
        return Response(sync.snapshot(team, member))
