import posixpath

from django.core.handlers.asgi import ASGIRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response

from aura_site.api import errors
from aura_site.api.batch import run_batch
from aura_site.api.filters import check_params
from aura_site.api.views import AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet
from zones import claims, overlap

from . import capture, content, receive, storage
from .filters import SnapshotFilter
from .models import Snapshot
from .serializers import MEDIA_TYPE_RE, SnapshotCreateSerializer, SnapshotMetaSerializer, SnapshotSerializer

RAW_PARAMS = {"path", "repo", "branch", "commit_sha", "content_type", "team"}
RAW_PARAM_SCHEMAS = {
    "path": overlap.FILE_PATH_SCHEMA,
    "repo": {"type": "string", "maxLength": 300},
    "branch": {"type": "string", "maxLength": 300},
    "commit_sha": {"type": "string", "pattern": "^[0-9a-fA-F]{4,64}$"},
    "content_type": {"type": "string", "maxLength": 200, "pattern": MEDIA_TYPE_RE.pattern},
}


class ErrorsAsJson(BaseContentNegotiation):
    """The content endpoint negotiates ``Accept`` itself; DRF's renderer (used
    for errors only) is always JSON, whatever the client accepts."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


class SnapshotViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """/v1/snapshots — file content, content-addressed and stored once per team."""

    queryset = Snapshot.objects.all()
    serializer_class = SnapshotSerializer
    filterset_class = SnapshotFilter
    scope_map = {
        "list": "read_snapshots", "retrieve": "read_snapshots", "content": "read_snapshots",
        "create": "write_snapshots", "batch": "write_snapshots",
    }
    group_by_fields = {"branch": "branch", "author": "author__name", "repo": "repo"}
    aggregate_fields = {"size": "blob__size"}
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self):
        return Snapshot.objects.select_related("team", "blob", "author")

    def is_raw_upload(self):
        return self.action == "create" and "path" in self.request.query_params

    @property
    def idempotency_hashes_body(self):
        # A raw upload is streamed: its Idempotency-Key fingerprint uses the length.
        return not self.is_raw_upload()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.received = None
        if self.is_raw_upload():
            # Before the request's transaction opens: a slow upload never
            # holds a database write lock (SQLite) or an open transaction.
            self.received = self._receive_raw(request)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            if getattr(self, "received", None):
                self.received[3].close()  # the temporary file, unless storage took it

    def handle_exception(self, exc):
        # Runs after the request's transaction rolled back: the zone.blocked
        # event and its sentinel message commit on their own.
        if isinstance(exc, claims.ZoneBlocked):
            claims.record_blocked(exc, "snapshot.create")
        return super().handle_exception(exc)

    @extend_schema(
        request={"application/json": SnapshotCreateSerializer, "application/octet-stream": OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter(name, RAW_PARAM_SCHEMAS.get(name, str),
                             description="Raw upload: the body is the content; metadata here.")
            for name in sorted(RAW_PARAMS)
        ],
        responses={201: SnapshotSerializer},
    )
    def create(self, request):
        """JSON ``{path, content | content_base64, …}``, or a raw body with ``?path=``."""
        if self.received is not None:
            team, author, meta, spool = self.received
            snapshot = capture.take(team, author, meta, spool)
            return Response(SnapshotSerializer(snapshot).data, status=201)
        check_params(request, {"team"})
        team, author = self.write_team(request.data)
        snapshot = self._take_json(team, author, request.data)
        return Response(SnapshotSerializer(snapshot).data, status=201)

    def _take_json(self, team, author, item):
        data = SnapshotCreateSerializer(data=item)
        data.is_valid(raise_exception=True)
        meta = data.validated_data
        capture.check_zones(team, author, meta)
        with storage.spool_bytes(meta["data"]) as spool:
            return capture.take(team, author, meta, spool)

    def _receive_raw(self, request):
        """Check a raw upload and stream its body to a temporary file:
        (team, author, meta, spool)."""
        check_params(request, RAW_PARAMS)
        meta = SnapshotMetaSerializer(data=request.query_params.dict())
        meta.is_valid(raise_exception=True)
        meta = dict(meta.validated_data)
        if meta.get("content_type") is None and not content.is_generic(request.content_type):
            # The body's Content-Type, unless it is a transport default (curl -T
            # or a form post says nothing about the file).
            meta["content_type"] = request.content_type
        team, author = self.write_team()
        limit = storage.max_bytes()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            raise storage.too_large(limit)
        if length <= 0:
            raise errors.ValidationFailed(
                "The request body is empty.",
                fields={"content": "Send the file's bytes as the body, with a Content-Length."},
                hint='For an empty file, POST JSON {"path": …, "content": ""}.',
            )
        capture.check_zones(team, author, meta)
        return team, author, meta, receive.spool_body(request, length, limit)

    @extend_schema(
        request=inline_serializer("SnapshotBatch", {
            "team": serializers.CharField(required=False, help_text="The default team of every item."),
            "snapshots": SnapshotCreateSerializer(many=True),
        }),
        responses={200: inline_serializer("SnapshotBatchResult", {"ok": SnapshotSerializer(required=False),
                                                                 "err": serializers.DictField(required=False)},
                                          many=True)},
    )
    def batch(self, request):
        """``{"snapshots": [{path, content | content_base64, …}, …]}`` (1 to 500)."""
        check_params(request, {"team"})
        blocked = []

        def take_one(item):
            team, author = self.write_team(item)
            try:
                return SnapshotSerializer(self._take_json(team, author, item)).data
            except claims.ZoneBlocked as exc:
                blocked.append(exc)
                raise

        response = run_batch(self, request, "snapshots", take_one)
        for exc in blocked:  # each item's savepoint rolled back; record after it
            claims.record_blocked(exc, "snapshot.create")
        return response

    @extend_schema(
        responses={
            (200, "text/plain"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The content, as an attachment, in the snapshot's own content_type when Accept allows "
                "it; else application/octet-stream, or text/plain (UTF-8) for text.",
            ),
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            304: OpenApiResponse(description="Not modified (If-None-Match)."),
            406: OpenApiResponse(description="not_acceptable"),
        },
        parameters=[OpenApiParameter("team", str)],
    )
    @action(detail=True, methods=["get"], content_negotiation_class=ErrorsAsJson)
    def content(self, request, pk=None):
        """The bytes, streamed, honouring Accept and If-None-Match."""
        check_params(request, {"team"})
        snapshot = self.get_object()
        blob = snapshot.blob
        chosen = content.negotiate(request.headers.get("Accept"), snapshot.content_type, blob.is_text)
        if chosen is None:
            available = content.offers(snapshot.content_type, blob.is_text)
            raise errors.NotAcceptable(
                f"This snapshot can be sent as {', '.join(available)}; your Accept allows none of them.",
                hint="Send Accept: */* (or one of the listed types).",
                available=available,
            )
        etag = content.etag_for(blob.sha256)
        if content.etag_matches(request.headers.get("If-None-Match"), etag):
            return content.not_modified(etag)
        return content.file_response(
            storage.open_blob(blob), filename=posixpath.basename(snapshot.path), content_type=chosen,
            etag=etag, size=blob.size, asgi=isinstance(request._request, ASGIRequest),
        )
