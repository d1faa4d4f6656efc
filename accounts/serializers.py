from rest_framework import serializers

from aura_site.api.validation import StrictCharField, StrictIntegerField, StrictRegexField, refuse_unknown

from . import scopes as scope_rules
from .models import Invite, Member, Token


class MemberRefSerializer(serializers.Serializer):
    """How a member appears inside other objects: author, from, owner, to."""

    id = StrictCharField()
    name = StrictCharField()
    kind = StrictCharField()

    def to_representation(self, member):
        if member is None:
            return None
        return {"id": member.id, "name": member.name, "kind": member.kind}


class MemberSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "name", "display_name", "kind", "role", "team", "last_seen_at", "created_at"]
        read_only_fields = fields


class AdminMemberSerializer(MemberSerializer):
    """A member as its team's admins see it: with its user's login name."""

    login = serializers.CharField(source="user.username", read_only=True, help_text="The user's login name.")

    class Meta(MemberSerializer.Meta):
        fields = MemberSerializer.Meta.fields + ["login"]
        read_only_fields = fields


class MemberCreateSerializer(serializers.Serializer):
    name = StrictRegexField(
        r"^[A-Za-z0-9_.@+-]{1,150}$",
        help_text="The handle, unique within the team. The member gets a new user, whose login name is handle@team.",
    )
    display_name = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=["human", "agent"], default="human")
    role = serializers.ChoiceField(choices=["admin", "member", "read-only"], default="member")
    team = StrictCharField(required=False)


class MemberUpdateSerializer(serializers.Serializer):
    display_name = StrictCharField(max_length=200, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=["admin", "member", "read-only"], required=False)


class TokenSerializer(serializers.ModelSerializer):
    teams = serializers.SerializerMethodField()
    user = serializers.CharField(source="user.username", read_only=True)
    display = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()

    class Meta:
        model = Token
        fields = [
            "id", "name", "prefix", "display", "user", "teams", "scopes", "state", "created_at",
            "expires_at", "last_used_at", "revoked_at", "rotated_from", "rate_limit_per_minute",
            "rate_limit_per_second",
        ]
        read_only_fields = fields

    def get_teams(self, token) -> list[str]:
        visible = self.context.get("visible_team_ids")
        return sorted(t.slug for t in token.teams.all() if visible is None or t.id in visible)

    def get_display(self, token) -> str:
        return f"aura_{token.prefix}_…"

    def get_state(self, token) -> str:
        return token.state()


class TokenWithSecretSerializer(TokenSerializer):
    """The answer to a create or a rotation: the token, and its secret once."""

    token = StrictCharField(
        read_only=True, allow_null=True,
        help_text="The secret, shown once (aura_<prefix>_<secret>); null in an Idempotency-Key replay.",
    )

    class Meta(TokenSerializer.Meta):
        fields = TokenSerializer.Meta.fields + ["token"]
        read_only_fields = fields


class TokenCreateSerializer(serializers.Serializer):
    member = StrictCharField(help_text="Handle or id of the member the token acts as.")
    teams = serializers.ListField(child=StrictCharField(), required=False, allow_empty=False, min_length=1)
    team = StrictCharField(required=False)
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=scope_rules.ALL_SCOPES), allow_empty=False, min_length=1
    )
    name = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    expires_in = StrictCharField(required=False, help_text="A span: 30d, 12h, 15m, 90s.")
    rate_limit_per_minute = StrictIntegerField(min_value=1, max_value=2_147_483_647, required=False)
    rate_limit_per_second = StrictIntegerField(min_value=1, max_value=2_147_483_647, required=False)


class TokenRotateSerializer(serializers.Serializer):
    grace = StrictCharField(required=False, help_text="Keep the old secret working this long: 10m.")


class MeTokenCreateSerializer(serializers.Serializer):
    """A token for yourself: the admin body without ``member`` (always the
    caller) and without rate-limit overrides (the team's budget applies)."""

    teams = serializers.ListField(child=StrictCharField(), required=False, allow_empty=False)
    team = StrictCharField(required=False)
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=scope_rules.ALL_SCOPES), allow_empty=False)
    name = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    expires_in = StrictCharField(help_text="A span from 1d to 365d: 30d, 12w, 48h.")


HANDLE_PATTERN = r"^[A-Za-z0-9_.@+-]{1,150}$"


class InviteSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    display = serializers.SerializerMethodField()
    handle = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    created_by = MemberRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Invite
        fields = [
            "id", "team", "prefix", "display", "role", "scopes", "handle", "max_uses", "uses", "state",
            "expires_at", "revoked_at", "created_by", "created_at",
        ]
        read_only_fields = fields

    def get_display(self, invite) -> str:
        return f"aurainv_{invite.prefix}_…"

    def get_handle(self, invite) -> str | None:
        return invite.handle or None

    def get_state(self, invite) -> str:
        return invite.state()


class InviteCreatedSerializer(InviteSerializer):
    code = serializers.CharField(read_only=True, help_text="The code, shown this once.")

    class Meta(InviteSerializer.Meta):
        fields = InviteSerializer.Meta.fields + ["code"]
        read_only_fields = fields


class InviteCreateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=["admin", "member", "read-only"], default="member")
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=scope_rules.ALL_SCOPES), allow_empty=False, min_length=1,
        help_text="The scopes of the token the new member gets (cut down by the role, as always).",
    )
    expires_in = StrictCharField(default="7d", help_text="A span: 30d, 12h, 15m, 90s (default 7d).")
    max_uses = StrictIntegerField(min_value=1, max_value=10_000, default=1)
    handle = StrictRegexField(HANDLE_PATTERN, required=False, help_text="Only this handle may redeem it.")
    team = StrictCharField(required=False)


class InviteRedeemSerializer(serializers.Serializer):
    FIELDS = ("code", "name", "display_name", "kind", "password")

    code = StrictCharField(max_length=200)
    name = StrictRegexField(HANDLE_PATTERN, help_text="Your handle in the team.")
    display_name = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=["human", "agent"], default="human")
    password = StrictCharField(
        min_length=8, max_length=200, required=False, trim_whitespace=False,
        help_text="For a new human user: the password of the dashboard login.",
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            refuse_unknown(data, self.FIELDS)
        return super().to_internal_value(data)


class RedeemedTokenSerializer(TokenSerializer):
    token = serializers.CharField(read_only=True, help_text="The secret, shown this once.")

    class Meta(TokenSerializer.Meta):
        fields = TokenSerializer.Meta.fields + ["token"]
        read_only_fields = fields


class InviteRedeemedSerializer(serializers.Serializer):
    member = MemberSerializer()
    token = RedeemedTokenSerializer()
