from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from aura_site.api import errors
from aura_site.api.filters import check_params
from aura_site.api.pagination import decode_cursor, encode_cursor, parse_limit
from aura_site.api.schema import NOT_BLANK_PATTERN
from aura_site.api.views import AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet

from . import search, writing
from .filters import EntryFilter
from .models import Entry
from .serializers import KnowledgeEntryCreateSerializer, KnowledgeEntrySerializer, KnowledgeEntryUpdateSerializer

Q_PARAM = OpenApiParameter(
    "q", {"type": "string", "minLength": 1, "maxLength": search.MAX_QUERY_LENGTH, "pattern": NOT_BLANK_PATTERN},
    description="Full-text search: results ordered by relevance, then votes, then id "
    "(no group_by or aggregate with q: 400 invalid_parameter).",
)


class KnowledgeViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """/v1/knowledge — the questions and answers a team accumulates."""

    queryset = Entry.objects.all()
    serializer_class = KnowledgeEntrySerializer
    filterset_class = EntryFilter
    scope_map = {
        "list": "read_knowledge", "retrieve": "read_knowledge",
        "create": "write_knowledge", "partial_update": "write_knowledge", "destroy": "write_knowledge",
        "upvote": "write_knowledge",
    }
    group_by_fields = {"category": "category", "repo": "repo", "source": "source", "author": "author_name"}
    aggregate_fields = {"votes": "votes"}
    extra_params = ("q",)
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def base_queryset(self):
        return Entry.objects.select_related("team", "author").prefetch_related("tag_rows")

    @extend_schema(parameters=[Q_PARAM])
    def list(self, request, *args, **kwargs):
        if "q" not in request.query_params:
            return super().list(request, *args, **kwargs)
        check_params(request, self.allowed_params())
        q = request.query_params["q"]
        for name in ("group_by", "aggregate"):
            if name in request.query_params:
                raise errors.InvalidParameter(
                    f"{name} does not combine with q.", hint="Search, or group the list: not both.", parameter=name
                )
        if not q.strip() or len(q) > search.MAX_QUERY_LENGTH or "\x00" in q:
            raise errors.InvalidParameter(
                f"q must be 1 to {search.MAX_QUERY_LENGTH} characters, not blank, without NUL.",
                hint="?q=retry+backoff",
                parameter="q",
            )
        limit = parse_limit(request)
        rows = search.search(self.filter_queryset(self.get_queryset()), q)
        cursor = request.query_params.get("cursor")
        if cursor:
            rows = search.after(rows, self._search_key(decode_cursor(request, cursor)))
        page = list(search.ordered(rows)[: limit + 1])
        has_more = len(page) > limit
        page = page[:limit]
        next_cursor = None
        if has_more:
            last = page[-1]
            next_cursor = encode_cursor(request, [last.rank, last.votes, last.id])
        data = self.get_serializer(page, many=True).data
        return Response({"data": data, "next_cursor": next_cursor, "has_more": has_more})

    @staticmethod
    def _search_key(key):
        ok = (
            isinstance(key, list) and len(key) == 3 and isinstance(key[0], (int, float))
            and isinstance(key[1], int) and isinstance(key[2], str)
        )
        if not ok:
            raise errors.InvalidCursor(
                "This cursor belongs to another query.",
                hint="Use a cursor with the same endpoint and filters that produced it.",
            )
        return key

    @extend_schema(request=KnowledgeEntryCreateSerializer, responses={201: KnowledgeEntrySerializer})
    def create(self, request):
        data = KnowledgeEntryCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team, member = self.write_team(request.data)
        entry = writing.create(team, member, data.validated_data)
        return Response(KnowledgeEntrySerializer(entry).data, status=201)

    def _own_entry(self):
        """The entry, if the caller wrote it or is an admin of its team (else 403)."""
        entry = self.get_object()
        member = self.principal.member(entry.team_id)
        mine = member is not None and entry.author_id == member.id
        if not mine and not self.principal.has("admin", entry.team_id):
            raise errors.Forbidden(
                "Only the entry's author or a team admin can change or delete it.",
                hint="Add your own entry, or upvote this one.",
            )
        return entry

    @extend_schema(request=KnowledgeEntryUpdateSerializer, responses=KnowledgeEntrySerializer)
    def partial_update(self, request, pk=None):
        entry = self._own_entry()
        data = KnowledgeEntryUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(KnowledgeEntrySerializer(writing.update(entry, data.validated_data)).data)

    def destroy(self, request, pk=None):
        self._own_entry().delete()
        return Response(status=204)

    @extend_schema(request=None, responses=KnowledgeEntrySerializer)
    @action(detail=True, methods=["post"])
    def upvote(self, request, pk=None):
        """Your vote for the entry: one per member; a second changes nothing (200, same count)."""
        entry = self.get_object()
        return Response(KnowledgeEntrySerializer(writing.upvote(entry, self.principal.member(entry.team_id))).data)
