"""The base classes every endpoint uses.

``AuraViewMixin`` hooks the shared request path into DRF's own
``APIView.dispatch`` (not copied, only extended at the steps it calls):
authentication, then the rate limit (``perform_authentication``) → scope
check (``check_permissions``; a method the endpoint lacks skips it and is a
405 for everyone) → ``run_handler``: the Idempotency-Key claim, the handler
inside one transaction, its answer stored with the work → errors and
idempotent replays (``handle_exception``) → rate-limit headers
(``finalize_response``).

``TeamScopedViewSet`` adds tenant scoping that a subclass cannot skip: its
``get_queryset``, ``get_object``, ``get_permissions`` and
``get_authenticators`` are final (a subclass, or a mixin before it, that
overrides one fails at import unless it says
``dangerously_override_<name> = True``), and every row it serves is in one
of the caller's teams that grants the action's scope. Its list and detail
actions come from ``AuraListMixin`` and ``AuraRetrieveMixin``, named in
each viewset's bases.
"""

from functools import partial

from django.db import transaction
from rest_framework import mixins
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from . import errors, idempotency, ratelimit
from .filters import COMMON_PARAMS, AuraFilterBackend, check_params
from .groupby import grouped_response
from .ids import ID_REGEX
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
    # The Idempotency-Key claim whose answer is not stored yet.
    _idempotency_record = None

    @property
    def principal(self):
        return self.request.auth

    # --- DRF's dispatch, step by step (rest_framework.views.APIView) -----------
    def perform_authentication(self, request):
        super().perform_authentication(request)
        # Every authenticated request counts, before its scopes are checked.
        # (A tool call of /mcp runs its REST twin in-process: the MCP request
        # was counted once already.)
        if not getattr(request._request, "aura_rate_counted", False):
            ratelimit.check(request, request.auth)

    def check_permissions(self, request):
        if request.auth is not None and not self.has_handler(request):
            # A method this endpoint does not have is a 405 for everyone
            # (DRF's http_method_not_allowed), not a scope error for some callers.
            return
        super().check_permissions(request)

    def has_handler(self, request):
        method = request.method.lower()
        return method in self.http_method_names and hasattr(self, method)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # DRF's dispatch next looks the handler up on this view by the
        # method's name (http_method_not_allowed when there is none) and
        # calls it: both go through run_handler.
        names = {"http_method_not_allowed"}
        if request.method.lower() in self.http_method_names:
            names.add(request.method.lower())
        for name in names:
            handler = getattr(self, name, None)
            if handler is not None:
                setattr(self, name, partial(self.run_handler, handler))

    def run_handler(self, handler, request, *args, **kwargs):
        """The handler, as DRF's dispatch calls it, with what a write needs.

        An Idempotency-Key is claimed first (in its own committed
        transaction), after all of ``initial`` (a raw upload's body is
        already received then); a key already answered raises
        ``idempotency.Replay``, which ``handle_exception`` answers. A write
        runs inside one transaction (not the ``non_atomic_actions``): an
        answer of 400 or more rolls it back; a success stores the key's
        answer inside it, with the work. Any other answer (an error, a
        non-atomic action's) is stored on its own, after the rollback."""
        key = idempotency.key_from(request)
        # A method the endpoint lacks is a 405 whatever its key: nothing to claim.
        if key is not None and request.auth is not None and self.has_handler(request):
            fp = idempotency.request_fingerprint(request, self.idempotency_hashes_body)
            state, record = idempotency.claim(request.auth.identity_key, key, fp)
            if state == "done":
                raise idempotency.Replay(record)
            self._idempotency_record = record
        if request.method in idempotency.UNSAFE_METHODS and self.write_is_atomic():
            with transaction.atomic():
                response = handler(request, *args, **kwargs)
                if response.status_code >= 400:
                    transaction.set_rollback(True)
                else:
                    self.store_idempotent_answer(response)
        else:
            response = handler(request, *args, **kwargs)
        self.store_idempotent_answer(response, own_transaction=True)
        return response

    def write_is_atomic(self):
        """Does this write run in one transaction (see ``non_atomic_actions``)?"""
        return getattr(self, "action", None) not in self.non_atomic_actions

    def store_idempotent_answer(self, response, own_transaction=False):
        """Store the claimed key's answer, once (nothing when no key is pending)."""
        record = self._idempotency_record
        if record is None:
            return
        if own_transaction:
            with transaction.atomic():
                idempotency.store(record, response, self.idempotency_secret_fields)
        else:
            idempotency.store(record, response, self.idempotency_secret_fields)
        self._idempotency_record = None

    def handle_exception(self, exc):
        if isinstance(exc, idempotency.Replay):
            return idempotency.replay(exc.record)
        response = super().handle_exception(exc)
        # The handler's transaction has rolled back: the error answer of a
        # claimed key is stored on its own.
        self.store_idempotent_answer(response, own_transaction=True)
        return response

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


# What a TeamScopedViewSet may not replace, and what to override instead.
FINAL_METHODS = {
    "get_queryset": "it scopes rows to the caller's teams. Override base_queryset() or visible_to() instead.",
    "get_object": "it finds an object only among get_queryset()'s rows (another team's is a 404). "
    "Set lookup_field or override base_queryset() instead.",
    "get_permissions": "it checks the action's scope in the caller's teams. Declare scope_map (or public) instead.",
    "get_authenticators": "every endpoint authenticates with REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES.",
}


class TeamScopedViewSet(AuraViewMixin, GenericViewSet):
    team_field = "team"
    filter_backends = [AuraFilterBackend]
    group_by_fields = {}
    aggregate_fields = {}
    fail_rate_q = None
    time_field = "created_at"
    extra_params = ()
    lookup_value_regex = ID_REGEX  # a malformed id is a 404 before any query (ids.py)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        final = set(TeamScopedViewSet.__mro__)
        for name, why in FINAL_METHODS.items():
            # The class that gives this viewset the method: the subclass itself
            # or any mixin listed before TeamScopedViewSet counts.
            owner = next(klass for klass in cls.__mro__ if name in klass.__dict__)
            if owner not in final and not owner.__dict__.get(f"dangerously_override_{name}"):
                raise TypeError(
                    f"{cls.__name__} overrides {name} (in {owner.__name__}), which is final: {why} "
                    f"(The escape hatch, for a reviewer to see: dangerously_override_{name} = True.)"
                )
        for name, generic, ours in (("list", mixins.ListModelMixin.list, "AuraListMixin"),
                                    ("retrieve", mixins.RetrieveModelMixin.retrieve, "AuraRetrieveMixin")):
            if getattr(cls, name, None) is generic:
                raise TypeError(
                    f"{cls.__name__}.{name} is DRF's {generic.__qualname__}, which skips the shared "
                    f"conventions (the parameter check, group_by, the list fast paths). List {ours} in "
                    f"its bases instead (before any DRF mixin)."
                )

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


class AuraListMixin:
    """``list`` of a TeamScopedViewSet: the unknown-parameter check, the
    filters, ``group_by``/``aggregate``, keyset pages; ``list_rows`` and
    ``represent_page`` are a resource's fast paths."""

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


class AuraRetrieveMixin:
    """``retrieve`` of a TeamScopedViewSet: one object among the caller's rows."""

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)
