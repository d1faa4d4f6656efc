from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from accounts.models import Member
from aura_site.api import errors
from aura_site.api.filters import member_lookup
from aura_site.api.views import AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet

from . import posting
from .filters import MessageFilter
from .models import Message
from .serializers import MessageCreateSerializer, MessageSerializer, MessageUpdateSerializer


class MessageViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """/v1/messages — the team channel, direct messages and the sentinel."""

    queryset = Message.objects.all()
    serializer_class = MessageSerializer
    filterset_class = MessageFilter
    scope_map = {
        "list": "read_messages", "retrieve": "read_messages",
        "create": "write_messages", "partial_update": "write_messages",
    }
    group_by_fields = {"channel": "channel", "from": "sender_name"}  # "sentinel" for the server
    http_method_names = ["get", "post", "patch", "head", "options"]

    def base_queryset(self):
        return Message.objects.select_related("team", "sender", "recipient").prefetch_related("reads")

    def visible_to(self, queryset, principal):
        """A direct message is visible to its sender and its recipient only."""
        mine = [m.id for m in principal.members.values()]
        return queryset.filter(Q(recipient__isnull=True) | Q(recipient_id__in=mine) | Q(sender_id__in=mine))

    @extend_schema(request=MessageCreateSerializer, responses={201: MessageSerializer})
    def create(self, request):
        data = MessageCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        team, member = self.write_team(request.data)
        recipient = None
        to = v.get("to") or {"kind": "broadcast"}
        if to["kind"] == "member":
            ref = to["id"]
            recipient = Member.objects.filter(team=team, **member_lookup(ref)).first()
            if recipient is None:
                raise errors.ValidationFailed(
                    f"No member {ref!r} in team {team.slug}.",
                    fields={"to.id": f"Not a member of {team.slug}."},
                    hint="Direct messages go to members of the same team: see GET /v1/team/members.",
                )
        message = posting.post(team, member, v["body"], recipient=recipient, channel=v["channel"])
        return Response(MessageSerializer(message).data, status=201)

    @extend_schema(request=MessageUpdateSerializer, responses=MessageSerializer)
    def partial_update(self, request, pk=None):
        message = self.get_object()
        data = MessageUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = posting.mark_read(message, self.principal.member(message.team_id), data.validated_data["read"])
        return Response(MessageSerializer(message).data)
