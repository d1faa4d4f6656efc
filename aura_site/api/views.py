"""The base classes every endpoint uses.

``AuraViewMixin`` puts the shared request path around a DRF view:
authentication → rate limit → scope check → idempotency → the handler inside
one transaction → rate-limit headers. ``TeamScopedViewSet`` adds tenant
scoping that a subclass cannot forget: its ``get_queryset`` is final (a
subclass that overrides it fails at import unless it says
``dangerously_override_get_queryset = True``), and every row it serves is in
one of the caller's teams that grants the action's scope.
"""

from django.db import transaction
from rest_framework import mixins
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from . import errors, idempotency, ratelimit
from .filters import COMMON_PARAMS, AuraFilterBackend, check_params
from .groupby import grouped_response
from .permissions import narrowed_team_ids, required_scope, scope_missing


class AuraViewMixin:
    scope_map = {}
    public = False
    # Raw-body uploads stream: their fingerprint uses the length, not the bytes.
    idempotency_hashes_body = True
    # Top-level response fields holding a secret shown once (a new token's
    # secret): stored as null with the idempotent answer, never in clear.
    idempotency_secret_fields = ()
    # Write actions that wait on the network (a webhook's test ping): they run
    # outside the request's transaction, each of their writes committing on
    # its own, so no lock (on SQLite, the database's one write lock) is held
    # while they wait.
    non_atomic_actions = ()

    @property
    def principal(self):
        return self.request.auth

    def initial(self, request, *args, **kwargs):
        self.format_kwarg = self.get_format_suffix(**kwargs)
        neg = self.perform_content_negotiation(request)
        request.accepted_renderer, request.accepted_media_type = neg
        version, scheme = self.determine_version(request, *args, **kwargs)
        request.version, request.versioning_scheme = version, scheme
        self.perform_authentication(request)
        ratelimit.check(request, request.auth)
        if request.auth is not None and self._handler_for(request) == self.http_method_not_allowed:
            # A method this endpoint does not have is a 405 for everyone, not
            # a scope error for some callers.
            return
        self.check_permissions(request)
        self.check_throttles(request)

    def dispatch(self, request, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        request = self.initialize_request(request, *args, **kwargs)
        self.request = request
        self.headers = self.default_response_headers
        record = None
        try:
            self.initial(request, *args, **kwargs)
            key = idempotency.key_from(request)
            if key is not None and request.auth is not None and self._handler_for(request) != self.http_method_not_allowed:
                fp = idempotency.request_fingerprint(request, self.idempotency_hashes_body)
                state, record = idempotency.claim(request.auth.identity_key, key, fp)
                if state == "done":
                    response = idempotency.replay(record)
                    record = None
                    self.response = self.finalize_response(request, response, *args, **kwargs)
                    return self.response
            handler = self._handler_for(request)
            atomic = getattr(self, "action", None) not in self.non_atomic_actions
            if request.method in idempotency.UNSAFE_METHODS and atomic:
                with transaction.atomic():
                    response = handler(request, *args, **kwargs)
                    if record is not None and response.status_code < 400:
                        idempotency.store(record, response, self.idempotency_secret_fields)
                        record = None
                    elif response.status_code >= 400:
                        transaction.set_rollback(True)
            else:
                response = handler(request, *args, **kwargs)
        except Exception as exc:
            response = self.handle_exception(exc)
        if record is not None:
            with transaction.atomic():
                idempotency.store(record, response, self.idempotency_secret_fields)
        self.response = self.finalize_response(request, response, *args, **kwargs)
        return self.response

    def _handler_for(self, request):
        if request.method.lower() in self.http_method_names:
            return getattr(self, request.method.lower(), self.http_method_not_allowed)
        return self.http_method_not_allowed

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        ratelimit.apply_headers(request, response)
        return response

    # --- teams -----------------------------------------------------------------
    def required_scope(self):
        return required_scope(self, self.request)

    def narrowed_team_ids(self, scope):
        """The caller's teams granting ``scope``, narrowed by ``?team=<slug>``."""
        return narrowed_team_ids(self.principal, scope, self.request.query_params.get("team"))

    def write_team(self, data=None, scope=None):
        """(team, member) that a write acts in: ``"team"`` in the body or the
        query, else the caller's only team; several teams and none named → 400."""
        scope = scope or self.required_scope()
        slug = None
        if isinstance(data, dict):
            slug = data.get("team")
        slug = slug or self.request.query_params.get("team")
        principal = self.principal
        if slug:
            if not isinstance(slug, str):
                raise errors.ValidationFailed("team must be a team slug.", fields={"team": "Must be a string."})
            team = principal.team_by_slug(slug)
            if team is None:
                raise errors.NotFound(f"No team {slug!r} among yours.", hint="Check the team slug.")
        else:
            teams = principal.teams
            if len(teams) == 1:
                team = teams[0]
            elif not teams:
                raise errors.Forbidden("You are not a member of any team.")
            else:
                raise errors.TeamRequired(
                    hint=f"Add \"team\": one of {', '.join(t.slug for t in teams)}."
                )
        if not principal.has(scope, team.id):
            raise scope_missing(scope)
        return team, principal.member(team.id)


class AuraAPIView(AuraViewMixin, APIView):
    """A single endpoint that is not a resource collection."""


class TeamScopedViewSet(AuraViewMixin, GenericViewSet):
    team_field = "team"
    filter_backends = [AuraFilterBackend]
    group_by_fields = {}
    aggregate_fields = {}
    fail_rate_q = None
    time_field = "created_at"
    extra_params = ()
    lookup_value_regex = "[^/:]+"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__ and not cls.__dict__.get("dangerously_override_get_queryset"):
            raise TypeError(
                f"{cls.__name__} overrides get_queryset, which scopes rows to the caller's teams. "
                "Override base_queryset() or visible_to() instead."
            )
        # DRF's List/RetrieveModelMixin placed before this class in the bases
        # would shadow list()/retrieve() and skip the parameter check and
        # group_by: the shared conventions win unless a subclass writes its own.
        for name, generic in (("list", mixins.ListModelMixin.list),
                              ("retrieve", mixins.RetrieveModelMixin.retrieve)):
            if getattr(cls, name, None) is generic:
                setattr(cls, name, TeamScopedViewSet.__dict__[name])

    def base_queryset(self):
        """The unscoped rows of this resource (add select_related etc. here)."""
        return self.queryset.all()

    def visible_to(self, queryset, principal):
        """Narrow further inside the caller's teams (e.g. private messages)."""
        return queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset.none()
        team_ids = self.narrowed_team_ids(self.required_scope())
        # "<field>__in" works for a foreign key (team_id IN …, no join) and for a
        # many-to-many (a token bound to several teams).
        qs = self.base_queryset().filter(**{f"{self.team_field}__in": team_ids})
        return self.visible_to(qs, self.principal)

    def filter_queryset(self, queryset):
        # Query filters narrow lists only: an object is found by its id
        # whatever filters the query carries.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def allowed_params(self):
        names = set(COMMON_PARAMS) | set(self.extra_params)
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            names |= set(filterset_class.base_filters)
        return names

    def list(self, request, *args, **kwargs):
        check_params(request, self.allowed_params())
        queryset = self.filter_queryset(self.get_queryset())
        if "group_by" in request.query_params or "aggregate" in request.query_params:
            return grouped_response(self, queryset, request)
        page = self.paginate_queryset(self.list_rows(queryset))
        return self.get_paginated_response(self.represent_page(page))

    def list_rows(self, queryset):
        """What a list page is read from: the filtered queryset, or a
        ``.values()`` of it for a list that represents plain rows itself."""
        return queryset

    def represent_page(self, page):
        """The ``data`` of a list page (a resource may write its own, faster
        than a serializer per row; tests hold it equal to the serializer's)."""
        return self.get_serializer(page, many=True).data

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)
