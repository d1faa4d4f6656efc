from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from aura_site.api import errors
from aura_site.api.filters import member_lookup
from aura_site.api.permissions import scope_missing
from aura_site.api.views import AuraAPIView, AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet

from . import invites, local, provisioning, tokens
from . import scopes as scope_rules
from .filters import AdminMemberFilter, InviteFilter, MemberFilter, TokenFilter
from .models import Invite, Member, Team, Token
from .serializers import (
    AdminMemberSerializer,
    InviteCreatedSerializer,
    InviteCreateSerializer,
    InviteRedeemedSerializer,
    InviteRedeemSerializer,
    InviteSerializer,
    MemberCreateSerializer,
    MemberSerializer,
    MemberUpdateSerializer,
    MeTokenCreateSerializer,
    TokenCreateSerializer,
    TokenRotateSerializer,
    TokenSerializer,
    TokenWithSecretSerializer,
)


def team_ref(team):
    return {"id": team.id, "slug": team.slug, "name": team.name}


class StatusView(AuraAPIView):
    scope_map = {"GET": None}

    @extend_schema(
        responses=inline_serializer(
            "Status",
            {
                "version": serializers.CharField(),
                "api_version": serializers.CharField(),
                "repo": serializers.CharField(allow_null=True),
                "branch": serializers.CharField(allow_null=True),
                "session": serializers.CharField(allow_null=True),
                "strict_mode": serializers.BooleanField(),
                "team": serializers.DictField(),
                "teams": serializers.ListField(child=serializers.DictField(), required=False),
            },
        )
    )
    def get(self, request):
        from aura_site.api.filters import check_params

        check_params(request, {"team"})
        teams = self.principal.teams
        slug = request.query_params.get("team")
        if slug:
            team = self.principal.team_by_slug(slug)
            if team is None:
                raise errors.NotFound(f"No team {slug!r} among yours.")
        else:
            team = teams[0] if teams else None
        if local.is_local_mode():
            return Response(self.local_status(team))
        body = {
            "version": settings.AURA_VERSION,
            "api_version": settings.AURA_API_VERSION,
            "repo": None,
            "branch": None,
            "session": None,
            "strict_mode": team.strict_mode if team else True,
            "team": {"connected": True, **team_ref(team)} if team else {"connected": False},
        }
        if len(teams) > 1:
            body["teams"] = [team_ref(t) for t in teams]
        return Response(body)

    def local_status(self, team):
        repo, branch = local.checkout_state()
        return {
            "version": settings.AURA_VERSION,
            "api_version": settings.AURA_API_VERSION,
            "repo": repo,
            "branch": branch,
            "session": local.session_id(),
            "strict_mode": team.strict_mode if team else False,
            "team": {"connected": False},
        }


class TeamMemberViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """GET /v1/team/members[/{id}] — the roster of the caller's teams."""

    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    scope_map = {"GET": None}
    group_by_fields = {"role": "role", "kind": "kind"}

    def base_queryset(self):
        return Member.objects.select_related("team")


class AdminMemberViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """/v1/admin/members — add, change role, remove, within your admin teams."""

    queryset = Member.objects.all()
    serializer_class = AdminMemberSerializer
    filterset_class = AdminMemberFilter
    scope_map = {"GET": "admin", "POST": "admin", "PATCH": "admin", "DELETE": "admin"}
    group_by_fields = {"role": "role", "kind": "kind"}
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def base_queryset(self):
        return Member.objects.select_related("team", "user")

    @extend_schema(request=MemberCreateSerializer, responses={201: AdminMemberSerializer})
    def create(self, request):
        data = MemberCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team, _ = self.write_team(request.data)
        try:
            member = provisioning.add_member(
                team, data.validated_data["name"], kind=data.validated_data["kind"],
                role=data.validated_data["role"], display_name=data.validated_data["display_name"],
            )
        except provisioning.ProvisioningError as exc:
            if exc.code == "validation_failed":
                raise errors.ValidationFailed(str(exc), fields={"name": str(exc)}) from exc
            raise errors.Conflict(str(exc)) from exc  # the handle is taken
        return Response(AdminMemberSerializer(member).data, status=201)

    @extend_schema(request=MemberUpdateSerializer, responses=AdminMemberSerializer)
    def partial_update(self, request, pk=None):
        member = self.get_object()
        data = MemberUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            if "role" in data.validated_data:
                provisioning.change_role(member, data.validated_data["role"])
        except provisioning.ProvisioningError as exc:
            raise errors.LastAdmin(str(exc), hint="Promote another admin first.") from exc
        if "display_name" in data.validated_data:
            member.display_name = data.validated_data["display_name"]
            member.save(update_fields=["display_name"])
        return Response(AdminMemberSerializer(member).data)

    def destroy(self, request, pk=None):
        member = self.get_object()
        try:
            provisioning.remove_member(member)
        except provisioning.ProvisioningError as exc:
            raise errors.LastAdmin(str(exc), hint="Promote another admin first.") from exc
        return Response(status=204)


def rotate_as_asked(token, request):
    """Rotate ``token`` with the grace the request's body asks for (the
    admin's and the member's rotate alike): (the new token, its secret)."""
    data = TokenRotateSerializer(data=request.data if isinstance(request.data, dict) else {})
    data.is_valid(raise_exception=True)
    grace = None
    if data.validated_data.get("grace"):
        try:
            grace = tokens.parse_span(data.validated_data["grace"])
        except ValueError as exc:
            raise errors.ValidationFailed(str(exc), fields={"grace": str(exc)}) from exc
    try:
        return tokens.rotate(token, grace=grace)
    except tokens.TokenStateError as exc:
        raise errors.TokenInactive(f"{str(exc)[0].upper()}{str(exc)[1:]}.") from exc


def revoke_as_asked(token):
    """Revoke ``token`` (and its predecessors still in grace); a token no
    longer active is 409 ``token_inactive`` with its state, nothing written."""
    try:
        tokens.revoke(token)
    except tokens.TokenStateError as exc:
        raise errors.TokenInactive(
            f"Token {token.pk} is already {exc.state}.",
            hint="A revoked token stays revoked; create a new one if needed.",
            state=exc.state,
        ) from exc


class AdminTokenViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """/v1/admin/tokens — list, create, rotate, revoke, within your admin teams."""

    queryset = Token.objects.all()
    idempotency_secret_fields = ("token",)
    serializer_class = TokenSerializer
    filterset_class = TokenFilter
    team_field = "teams"
    scope_map = {"GET": "admin", "POST": "admin"}
    group_by_fields = {"user": "user__username"}
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self):
        return Token.objects.select_related("user").prefetch_related(
            Prefetch("teams", queryset=Team.objects.only("id", "slug"))
        ).distinct()

    def get_serializer_context(self):
        # A token's other teams are none of this caller's business: show only theirs.
        return {**super().get_serializer_context(), "visible_team_ids": set(self.principal.team_ids)}

    def _token_body(self, token):
        return TokenSerializer(token, context=self.get_serializer_context()).data

    def _require_admin_everywhere(self, token):
        """Rotation hands out a secret: only an admin of every team it reaches may."""
        missing = [t for t in token.teams.all() if not self.principal.has("admin", t.id)]
        if missing:
            # Name the caller's own teams only; another tenant's slug is not theirs to learn.
            named = [t.slug for t in missing if self.principal.member(t.id) is not None]
            others = len(missing) - len(named)
            where = ", ".join(named + ([f"{others} other team(s)"] if others else []))
            raise errors.ScopeMissing(
                "This token also acts in teams where you are not an admin.",
                hint=f"Missing scope: admin in {where}.",
            )

    @extend_schema(request=TokenCreateSerializer, responses={201: TokenWithSecretSerializer})
    def create(self, request):
        data = TokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        slugs = v.get("teams") or ([v["team"]] if v.get("team") else None)
        if slugs is None:
            teams = [self.write_team()[0]]
        else:
            teams = []
            for slug in slugs:
                team = self.principal.team_by_slug(slug)
                if team is None:
                    raise errors.NotFound(f"No team {slug!r} among yours.")
                if not self.principal.has("admin", team.id):
                    raise scope_missing("admin")
                teams.append(team)
        ref = v["member"]
        member = Member.objects.filter(team__in=teams, **member_lookup(ref)).select_related("user").first()
        if member is None:
            raise errors.ValidationFailed(
                f"No member {ref!r} in {', '.join(t.slug for t in teams)}.", fields={"member": "Unknown member."}
            )
        expires_in = None
        if v.get("expires_in"):
            try:
                expires_in = tokens.parse_span(v["expires_in"])
                if not expires_in:
                    raise ValueError(f"{v['expires_in']!r} is not in the future")
            except ValueError as exc:
                raise errors.ValidationFailed(str(exc), fields={"expires_in": str(exc)}) from exc
        try:
            token, raw = provisioning.create_token(
                member.user, teams, v["scopes"], name=v["name"], expires_in=expires_in,
                per_minute=v.get("rate_limit_per_minute"), per_second=v.get("rate_limit_per_second"),
            )
        except provisioning.ProvisioningError as exc:
            raise errors.ValidationFailed(str(exc), fields={"member": str(exc)}) from exc
        body = self._token_body(token)
        body["token"] = raw
        return Response(body, status=201)

    @extend_schema(request=TokenRotateSerializer, responses={201: TokenWithSecretSerializer})
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None):
        token = self.get_object()
        self._require_admin_everywhere(token)
        new, raw = rotate_as_asked(token, request)
        body = self._token_body(new)
        body["token"] = raw
        return Response(body, status=201)

    @extend_schema(request=None, responses=TokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = self.get_object()
        revoke_as_asked(token)
        return Response(self._token_body(token))



MIN_SELF_TOKEN_SPAN = timedelta(days=1)
MAX_SELF_TOKEN_SPAN = timedelta(days=365)


class MeTokenViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """/v1/me/tokens — a signed-in user's own tokens: list, create, rotate,
    revoke (the way personal access tokens work; the secret is shown once).
    Session only: a token cannot mint or see tokens through this endpoint."""

    queryset = Token.objects.all()
    idempotency_secret_fields = ("token",)
    serializer_class = TokenSerializer
    filterset_class = TokenFilter
    team_field = "teams"
    scope_map = {"GET": None, "POST": None}
    http_method_names = ["get", "post", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.auth is not None and getattr(request.auth, "token", None) is not None:
            raise errors.SessionRequired(
                hint="Sign in to the dashboard to manage your tokens, or ask an admin (/v1/admin/tokens)."
            )

    def base_queryset(self):
        return Token.objects.filter(user=self.request.user).prefetch_related(
            Prefetch("teams", queryset=Team.objects.only("id", "slug"))
        ).distinct()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "visible_team_ids": set(self.principal.team_ids)}

    def _token_body(self, token, raw=None):
        body = TokenSerializer(token, context=self.get_serializer_context()).data
        if raw is not None:
            body["token"] = raw
        return body

    @extend_schema(
        summary="Create a token for yourself",
        description="Scopes must lie within your role in each team named; `expires_in` (1d to 365d) is "
        "required. The answer's `token` is the secret, shown this once. Session only.",
        request=MeTokenCreateSerializer,
        responses={201: TokenWithSecretSerializer},
    )
    def create(self, request):
        data = MeTokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        slugs = v.get("teams") or ([v["team"]] if v.get("team") else None)
        if slugs is None:
            teams = [self.write_team(scope=None)[0]]
        else:
            teams = []
            for slug in dict.fromkeys(slugs):
                team = self.principal.team_by_slug(slug)
                if team is None:
                    raise errors.NotFound(f"No team {slug!r} among yours.", hint="Check the team slug.")
                teams.append(team)
        requested = scope_rules.expand(v["scopes"])
        for team in teams:
            role = self.principal.member(team.id).role
            beyond = sorted(requested - scope_rules.ROLE_SCOPES.get(role, frozenset()))
            if beyond:
                raise errors.InvalidParameter(
                    f"Your role in {team.slug} ({role}) does not grant {', '.join(beyond)}.",
                    hint="Ask only for scopes your role has in every team the token names.",
                    parameter="scopes",
                )
        try:
            expires_in = tokens.parse_span(v["expires_in"])
        except ValueError as exc:
            raise errors.ValidationFailed(str(exc), fields={"expires_in": str(exc)}) from exc
        if not MIN_SELF_TOKEN_SPAN <= expires_in <= MAX_SELF_TOKEN_SPAN:
            message = f"{v['expires_in']!r} is outside 1d to 365d."
            raise errors.ValidationFailed(message, fields={"expires_in": message})
        try:
            token, raw = provisioning.create_token(
                request.user, teams, sorted(set(v["scopes"])), name=v["name"], expires_in=expires_in
            )
        except provisioning.ProvisioningError as exc:
            raise errors.ValidationFailed(str(exc), fields={"name": str(exc)}) from exc
        return Response(self._token_body(token, raw), status=201)

    @extend_schema(
        summary="Rotate one of your tokens",
        request=TokenRotateSerializer,
        responses={201: TokenWithSecretSerializer},
    )
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None):
        token = self.get_object()
        new, raw = rotate_as_asked(token, request)
        return Response(self._token_body(new, raw), status=201)

    @extend_schema(summary="Revoke one of your tokens", request=None, responses=TokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = self.get_object()
        revoke_as_asked(token)
        return Response(self._token_body(token))


class AdminInviteViewSet(AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet):
    """/v1/admin/invites — create, list and revoke invites, within your admin teams."""

    queryset = Invite.objects.all()
    idempotency_secret_fields = ("code",)
    serializer_class = InviteSerializer
    filterset_class = InviteFilter
    scope_map = {"GET": "admin", "POST": "admin"}
    group_by_fields = {"role": "role"}
    aggregate_fields = {"uses": "uses"}
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self):
        return Invite.objects.select_related("team", "created_by")

    @extend_schema(request=InviteCreateSerializer, responses={201: InviteCreatedSerializer})
    def create(self, request):
        data = InviteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        team, member = self.write_team(request.data)
        try:
            expires_in = tokens.parse_span(v["expires_in"])
            if not expires_in:
                raise ValueError(f"{v['expires_in']!r} is not in the future")
        except ValueError as exc:
            raise errors.ValidationFailed(str(exc), fields={"expires_in": str(exc)}) from exc
        invite, code = invites.issue(
            team, role=v["role"], scopes=v["scopes"], expires_in=expires_in, max_uses=v["max_uses"],
            handle=v.get("handle", ""), created_by=member,
        )
        invite = Invite.objects.select_related("team", "created_by").get(pk=invite.pk)
        body = InviteSerializer(invite).data
        body["code"] = code
        return Response(body, status=201)

    @extend_schema(request=None, responses=InviteSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Stop the invite: redeeming it answers 410 invite_unavailable from now on."""
        invite = self.get_object()
        if invite.revoked_at is None:
            invites.revoke(invite)
        return Response(InviteSerializer(invite).data)


class InviteRedeemView(AuraAPIView):
    """POST /v1/invites/redeem — public: join a team with an invite's code."""

    public = True
    idempotency_secret_fields = ("token",)

    def _count_attempt(self, request):
        from django_ratelimit.core import get_usage

        from aura_site.api.clientip import client_ip

        per_minute = settings.AURA_INVITE_REDEEM_PER_MINUTE
        address = client_ip(request) or "unknown"
        usage = get_usage(request, group="aura:invite-redeem", key=lambda g, r: f"ip:{address}",
                          rate=(per_minute, 60), increment=True)
        if usage is not None and usage["should_limit"]:
            raise errors.RateLimited(
                f"More than {per_minute} invite redemptions a minute from your address.",
                hint="Wait for Retry-After seconds.",
                headers={"Retry-After": str(max(usage["time_left"], 0) + 1)},
            )

    @extend_schema(request=InviteRedeemSerializer, responses={
        201: InviteRedeemedSerializer,
        410: OpenApiResponse(description="The invite is used up, expired or revoked (invite_unavailable; "
                             "error.state says which)."),
    })
    def post(self, request):
        self._count_attempt(request)
        data = InviteRedeemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        invite = invites.lookup(v["code"])
        if invite is None:
            raise errors.NotFound("No such invite.", hint="Check the code: it is shown once, when the invite is made.")
        user = self.principal.user if self.principal is not None else None
        try:
            member, token, raw = invites.redeem(
                invite, name=v["name"], display_name=v["display_name"], kind=v["kind"],
                password=v.get("password"), user=user,
            )
        except invites.Unavailable as exc:
            raise errors.InviteUnavailable(
                f"This invite is {exc.state}.", hint="Ask a team admin for a new invite.", state=exc.state,
            ) from exc
        except invites.Locked as exc:
            raise errors.InviteLocked(
                "This invite is for another handle.", hint="Redeem it under the handle it was made for.",
            ) from exc
        except provisioning.ProvisioningError as exc:
            if exc.code == "conflict":
                raise errors.Conflict(str(exc), hint="Choose another handle.") from exc
            raise errors.ValidationFailed(str(exc), fields={"name": str(exc)}) from exc
        body = {"member": MemberSerializer(member).data,
                "token": {**TokenSerializer(token).data, "token": raw}}
        return Response(body, status=201)
